//! Engraving real jams and corpus tunes: structure checked, SVG read back by resvg's parser.
//! The jams are the composer's examples kept as files in `tests/data/jams/` (see its README).

mod common;

use common::jam_file;
use jamsesh_render::{engrave, svg_to_png, SvgOptions, Theme};

fn tune(abc: &str) -> jamsesh_abc::Tune {
    let (mut tunes, _) = jamsesh_abc::parse_tunes(abc);
    tunes.remove(0)
}

fn note_events(t: &jamsesh_abc::Tune) -> usize {
    t.voices
        .iter()
        .flat_map(|v| &v.bars)
        .flat_map(|b| &b.events)
        .filter(|e| e.overlay == 0)
        .map(|e| match &e.kind {
            jamsesh_abc::EventKind::Notes(n) => n.len(),
            _ => 0,
        })
        .sum()
}

#[test]
fn jams_engrave_with_every_note_and_bar() {
    for p in [
        "slow-blues-in-e-17",
        "celtic-jig-in-d-5",
        "funky-slow-groove-in-bb-8",
        "jazz-ballad-in-eb-for-tenor-sax-2",
        "walking-bass-blues-in-a-for-bass-4",
    ] {
        let t = tune(&jam_file(p));
        let e = engrave(&t, &SvgOptions::default());
        assert_eq!(
            e.svg.matches("href=\"#notehead").count(),
            note_events(&t),
            "{p}"
        );
        assert_eq!(e.bars, t.voices[0].bars.len(), "{p}");
        assert!(
            e.systems >= 2 && e.systems <= 4,
            "{p}: {} systems",
            e.systems
        );
        let png = svg_to_png(&e.svg, 1.0).unwrap_or_else(|err| panic!("{p}: {err}"));
        assert!(png.starts_with(b"\x89PNG"));
    }
}

#[test]
fn themes_and_widths() {
    let t = tune(&jam_file("pop-in-g-16-bars-1"));
    let narrow = engrave(
        &t,
        &SvgOptions {
            width: 500.0,
            theme: Theme::Dark,
        },
    );
    let wide = engrave(
        &t,
        &SvgOptions {
            width: 1600.0,
            theme: Theme::Light,
        },
    );
    assert!(narrow.systems > wide.systems);
    assert!(narrow.svg.contains("#2b2d31"));
    assert!(wide.svg.contains("#ffffff"));
}

/// How many times the SVG draws `what` (a glyph by SMuFL name, or a path class).
fn drawn(svg: &str, what: &str) -> usize {
    svg.matches(&format!("href=\"#{what}\"")).count()
        + svg.matches(&format!("class=\"{what}\"")).count()
}

#[test]
fn lengths_no_single_note_shows_are_written_as_tied_notes() {
    // Five eighths then two in 7/8 (2+2+3): a half tied to an eighth, then a quarter; the
    // syllable stays on the first head.
    let t = tune("X:1\nM:7/8\nL:1/8\nK:C\nc5 d2|e2 f5|z5 g2|]\nw:one two three four five\n");
    let e = engrave(&t, &SvgOptions::default());
    let svg = &e.svg;
    // Heads: c half + c eighth + d quarter; e quarter + f quarter + f dotted quarter; g.
    assert_eq!(svg.matches("href=\"#notehead").count(), 7, "{svg}");
    assert_eq!(drawn(svg, "noteheadHalf"), 1, "{svg}");
    assert_eq!(drawn(svg, "noteheadBlack"), 6, "{svg}");
    assert_eq!(drawn(svg, "tie"), 2, "{svg}");
    // The rest of five eighths is a half rest and an eighth rest.
    assert_eq!(
        (drawn(svg, "restHalf"), drawn(svg, "rest8th")),
        (1, 1),
        "{svg}"
    );
    assert_eq!(drawn(svg, "lyrics"), 5, "{svg}");
}

/// Engraving is linear in the notes of one bar: 80,000 notes in one bar (cut into pieces over
/// hundreds of systems) used to take a scan of the whole bar per piece and per column, about
/// 20 s; now a fraction of a second (`cargo bench -p jamsesh-render`, README "Budgets").
#[test]
fn a_bar_of_eighty_thousand_notes_is_engraved_in_linear_time() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let abc = format!("X:1\nL:1/8\nK:C\n\"C\"{}|", "CDEF".repeat(20_000));
        let tune = jamsesh_abc::parse_tunes(&abc).0.remove(0);
        let _ = tx.send(jamsesh_render::engrave(
            &tune,
            &jamsesh_render::SvgOptions::default(),
        ));
    });
    let e = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("engraved within 10 s");
    assert_eq!(e.svg.matches("href=\"#notehead").count(), 80_000);
    assert!(e.systems > 100, "{} systems", e.systems);
}
