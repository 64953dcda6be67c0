//! Snapshot tests of the engraver on tunes written to exercise it (`tests/data/*.abc`).
//! The snapshot is a readable inventory of the picture — size, systems, noteheads, bars, and
//! how many of each glyph and mark were drawn — so a change in what is drawn shows up in review
//! without diffing path data. Each tune also has its structure asserted against the music.

use jamsesh_abc::Tune;
use jamsesh_render::{engrave, svg_to_png, SvgOptions};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn load(name: &str) -> Tune {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let src = std::fs::read_to_string(&path).unwrap();
    let (mut tunes, diags) = jamsesh_abc::parse_tunes(&src);
    assert!(
        diags
            .iter()
            .all(|d| d.severity != jamsesh_abc::Severity::Error),
        "{name}: {diags:?}"
    );
    tunes.remove(0)
}

/// What a musician counts in a tune's ABC, by hand: what the picture must show.
struct Expected {
    systems: usize,
    /// Noteheads: every note of every chord, grace notes included.
    noteheads: usize,
    /// Rests drawn as rest glyphs.
    rests: usize,
    /// Bars of the tune (each drawn once per staff).
    bars: usize,
    staves: usize,
    chord_symbols: usize,
}

fn count(events: impl Iterator<Item = usize>) -> usize {
    events.sum()
}

/// The inventory of a drawn SVG, its counts read from the SVG text and checked against the
/// hand counts.
fn inventory(name: &str, t: &Tune, expected: &Expected) -> String {
    let e = engrave(t, &SvgOptions::default());
    let doc = roxmltree::Document::parse(&e.svg).unwrap_or_else(|err| panic!("{name}: {err}"));
    let mut glyphs: BTreeMap<String, usize> = BTreeMap::new();
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        if let Some(href) = node.attribute("href") {
            *glyphs
                .entry(href.trim_start_matches('#').to_string())
                .or_default() += 1;
        }
        if let Some(class) = node.attribute("class") {
            *classes.entry(class.to_string()).or_default() += 1;
        }
    }
    let drawn = |prefix: &str| -> usize {
        glyphs
            .iter()
            .filter(|(g, _)| g.starts_with(prefix))
            .map(|(_, n)| n)
            .sum()
    };
    // Each system marks its bars with bands of its own height: one `y` per system.
    let areas: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("bar-area"))
        .collect();
    let mut system_tops: Vec<&str> = areas.iter().filter_map(|n| n.attribute("y")).collect();
    system_tops.dedup();
    let mut bars: Vec<&str> = areas
        .iter()
        .filter_map(|n| n.attribute("data-bar"))
        .collect();
    bars.dedup();
    let root = doc.root_element();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "size: {} x {}\nsystems: {}\nnoteheads: {}\nbars: {}",
        root.attribute("width").unwrap_or("?"),
        root.attribute("height").unwrap_or("?"),
        system_tops.len(),
        drawn("notehead"),
        e.bars
    );
    let _ = writeln!(out, "glyphs:");
    for (g, n) in &glyphs {
        let _ = writeln!(out, "  {g}: {n}");
    }
    let _ = writeln!(out, "marks:");
    for (c, n) in &classes {
        let _ = writeln!(out, "  {c}: {n}");
    }
    // What the SVG shows, against the hand counts.
    assert_eq!(system_tops.len(), expected.systems, "{name}: systems");
    assert_eq!(drawn("notehead"), expected.noteheads, "{name}: noteheads");
    assert_eq!(drawn("rest"), expected.rests, "{name}: rests");
    assert_eq!(bars.len(), expected.bars, "{name}: bars");
    assert_eq!(
        classes.get("chord").copied().unwrap_or(0),
        expected.chord_symbols,
        "{name}: chord symbols"
    );
    // The engraving's own counts agree with its picture.
    assert_eq!(
        (e.systems, e.noteheads, e.bars),
        (
            expected.systems,
            expected.noteheads,
            expected.bars * expected.staves
        ),
        "{name}: the engraving's counts"
    );
    let slurs = count(
        t.voices
            .iter()
            .flat_map(|v| &v.bars)
            .flat_map(|b| &b.events)
            .map(|e| usize::from(e.slurs_start)),
    );
    assert_eq!(
        classes.get("slur").copied().unwrap_or(0),
        slurs,
        "{name}: slurs"
    );
    let syllables: usize = t
        .voices
        .iter()
        .map(|v| jamsesh_abc::align_lyrics(v).len())
        .sum();
    assert_eq!(
        classes.get("lyrics").copied().unwrap_or(0),
        syllables,
        "{name}: syllables"
    );
    let png = svg_to_png(&e.svg, 1.0).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name}");
    out
}

macro_rules! snapshot {
    ($test:ident, $file:literal, $expected:expr) => {
        #[test]
        fn $test() {
            let t = load($file);
            let inv = inventory($file, &t, &$expected);
            insta::assert_snapshot!(stringify!($test), inv);
        }
    };
}

// Counted by hand from each file's ABC (see tests/data).
snapshot!(
    parade,
    "parade.abc",
    Expected {
        // (3DEF {g}A B c d | three triads | E A B c d e f | d | d z | B D F B | e f g a |
        // eight sixteenths and c | B
        noteheads: 8 + 9 + 7 + 1 + 1 + 4 + 4 + 9 + 1,
        rests: 1,
        bars: 9,
        staves: 1,
        chord_symbols: 9,
        systems: 3,
    }
);
snapshot!(
    two_voices,
    "two-voices.abc",
    Expected {
        // d B | c e | d c B | G over G D | C G | D F | G.
        noteheads: 8 + 7,
        rests: 0,
        bars: 4,
        staves: 2,
        chord_symbols: 4,
        systems: 1,
    }
);
snapshot!(
    ornaments,
    "ornaments.abc",
    Expected {
        // {/A}G B {AG}F A (three graces) | G B d d | e f g a | b g | gfe dcB |
        // [GBd] c B A | G A B | G | G z
        noteheads: 7 + 4 + 4 + 2 + 6 + 6 + 3 + 1 + 1,
        rests: 1,
        bars: 9,
        staves: 1,
        chord_symbols: 0,
        systems: 2,
    }
);
snapshot!(
    song,
    "song.abc",
    Expected {
        // A A | G F E | F | F z z | B d | c A F | G | F
        noteheads: 2 + 3 + 1 + 1 + 2 + 3 + 1 + 1,
        rests: 2,
        bars: 8,
        staves: 1,
        chord_symbols: 7,
        systems: 2,
    }
);
snapshot!(
    changes,
    "changes.abc",
    Expected {
        // C D E F | Z2 | G A B | c d e | E G B | C; Z2 is a multi-bar rest (a thick bar and
        // a 2), not a rest glyph.
        noteheads: 4 + 3 + 3 + 3 + 1,
        rests: 0,
        bars: 6,
        staves: 1,
        chord_symbols: 0,
        systems: 2,
    }
);
snapshot!(
    chords,
    "chords.abc",
    Expected {
        // Chords of 3, 3, 3 and 4 | 3 and 2 | two triplets | twelve notes | an octave.
        noteheads: 13 + 5 + 6 + 12 + 2,
        rests: 0,
        bars: 5,
        staves: 1,
        chord_symbols: 2,
        systems: 2,
    }
);
snapshot!(
    overlay,
    "overlay.abc",
    Expected {
        // d f a f over D A | e g b g over C A | d over D.
        noteheads: 6 + 6 + 2,
        rests: 0,
        bars: 3,
        staves: 1,
        chord_symbols: 0,
        systems: 1,
    }
);

#[test]
fn ties_join_only_notes_that_continue() {
    // Three tied notes of which only E goes on: one tie, not three.
    let t = jamsesh_abc::parse_tunes("X:1\nL:1/4\nK:C\n[A,CE]4-|E4|]\n")
        .0
        .remove(0);
    let e = engrave(&t, &SvgOptions::default());
    assert_eq!(e.svg.matches("class=\"tie\"").count(), 1);
}

#[test]
fn beams_do_not_cross_the_beat() {
    // Eight eighths written as one group: beamed by the quarter-note beat of 4/4, in pairs.
    let t = jamsesh_abc::parse_tunes("X:1\nM:4/4\nL:1/8\nK:C\ncdefgabc'|]\n")
        .0
        .remove(0);
    let e = engrave(&t, &SvgOptions::default());
    assert_eq!(e.svg.matches("class=\"beam\"").count(), 4);
    let t = jamsesh_abc::parse_tunes("X:1\nM:6/8\nL:1/8\nK:C\ncdefga|]\n")
        .0
        .remove(0);
    let e = engrave(&t, &SvgOptions::default());
    assert_eq!(e.svg.matches("class=\"beam\"").count(), 2);
}

#[test]
fn beams_follow_the_meters_beat_groups() {
    // (meter, notes, beams, flags) as a musician beams them: 7/8 in 2+2+3, 5/8 in 2+3, 3/8 in
    // one, cut time by the half bar; no eighth left with a flag.
    for (meter, notes, beams, flags) in [
        ("7/8", "cdefgab", 3, 0),
        ("5/8", "cdefg", 2, 0),
        ("3/8", "cde", 1, 0),
        ("C|", "cdefgabc'", 2, 0),
        ("2+3/8", "cdefg", 2, 0),
    ] {
        let abc = format!("X:1\nM:{meter}\nL:1/8\nK:C\n{notes}|]\n");
        let t = jamsesh_abc::parse_tunes(&abc).0.remove(0);
        let svg = engrave(&t, &SvgOptions::default()).svg;
        assert_eq!(
            svg.matches("class=\"beam\"").count(),
            beams,
            "{meter} beams"
        );
        assert_eq!(
            svg.matches("href=\"#flag8th").count(),
            flags,
            "{meter} flags"
        );
    }
}

#[test]
fn courtesy_accidentals_remind_after_a_bar_line_but_not_across_a_tie() {
    let count = |abc: &str, glyph: &str| {
        let t = jamsesh_abc::parse_tunes(abc).0.remove(0);
        engrave(&t, &SvgOptions::default())
            .svg
            .matches(&format!("href=\"#{glyph}\" "))
            .count()
    };
    // F# then F in the next bar: a natural reminds the player.
    assert_eq!(
        count("X:1\nL:1/4\nK:C\n^F G A B|F G A B|]\n", "accidentalNatural"),
        1
    );
    // Tied over the bar line, the F stays sharp and shows nothing.
    assert_eq!(
        count("X:1\nL:1/4\nK:C\n^F4-|F4|]\n", "accidentalNatural"),
        0
    );
    // Bb in F major, then B natural written, then B in the next bar: a flat again.
    assert_eq!(
        count("X:1\nL:1/4\nK:F\n=B A G F|B A G F|]\n", "accidentalFlat"),
        2
    );
}

/// The accidentals a staff shows, left to right: what a musician reads.
fn shown_accidentals(abc: &str) -> Vec<&'static str> {
    let t = jamsesh_abc::parse_tunes(abc).0.remove(0);
    let svg = engrave(&t, &SvgOptions::default()).svg;
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let mut found: Vec<(f32, &'static str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("use"))
        .filter_map(|n| {
            let href = n.attribute("href")?;
            let glyph = [
                ("#accidentalFlat", "flat"),
                ("#accidentalNatural", "natural"),
                ("#accidentalSharp", "sharp"),
            ]
            .into_iter()
            .find(|(id, _)| href == *id)?
            .1;
            Some((n.attribute("x")?.parse().ok()?, glyph))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found.into_iter().map(|(_, g)| g).collect()
}

#[test]
fn a_note_an_accidental_in_another_octave_altered_shows_its_own() {
    // ABC carries `_d`'s flat to the D below (abc2midi plays D♭4); a staff does not, so the
    // engraver must write it. The signs a musician needs to play what sounds: c ♭d G ♭D ♮D.
    assert_eq!(
        shown_accidentals("X:1\nL:1/8\nK:C\nc2_d2 G2D2 =D2|]\n"),
        ["flat", "flat", "natural"]
    );
    // `%%propagate-accidentals not`: `^F F` sounds F♯ F; the staff needs the natural.
    assert_eq!(
        shown_accidentals("X:1\n%%propagate-accidentals not\nL:1/4\nK:C\n^F F G A|]\n"),
        ["sharp", "natural"]
    );
    // Staff-position readings need nothing more.
    assert_eq!(
        shown_accidentals("X:1\n%%propagate-accidentals octave\nL:1/8\nK:C\nc2_d2 G2D2 D2|]\n"),
        ["flat"]
    );
}

#[test]
fn a_bar_wider_than_the_page_is_cut_between_notes() {
    // Sixty quarter notes and no bar line: one bar that cannot fit on one line.
    let notes = "CDEFGABc".repeat(8);
    let t = jamsesh_abc::parse_tunes(&format!("X:1\nM:none\nL:1/4\nK:C\n{notes}|]\n"))
        .0
        .remove(0);
    let e = engrave(&t, &SvgOptions::default());
    assert!(e.systems >= 3, "{} systems", e.systems);
    assert_eq!(e.bars, 1);
    assert_eq!(e.svg.matches("href=\"#notehead").count(), 64);
    // Everything stays on the page.
    let doc = roxmltree::Document::parse(&e.svg).unwrap();
    for node in doc.descendants().filter(|n| n.has_tag_name("use")) {
        let x: f32 = node.attribute("x").map_or(0.0, |v| v.parse().unwrap());
        assert!(x < 1000.0, "a glyph at x = {x}");
    }
}

/// Every bar gets one invisible `bar-area` per system it sits on, in order, spanning all the
/// system's staves, so players can show the bar being played.
#[test]
fn bar_areas_mark_every_bar_in_order() {
    for name in ["parade.abc", "two-voices.abc"] {
        let t = load(name);
        let e = engrave(&t, &SvgOptions::default());
        let doc = roxmltree::Document::parse(&e.svg).unwrap();
        let areas: Vec<roxmltree::Node> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("bar-area"))
            .collect();
        let bars: Vec<usize> = areas
            .iter()
            .map(|n| n.attribute("data-bar").unwrap().parse().unwrap())
            .collect();
        let voice_bars = t.voices.iter().map(|v| v.bars.len()).max().unwrap();
        assert_eq!(bars, (0..voice_bars).collect::<Vec<_>>(), "{name}");
        for n in &areas {
            assert_eq!(
                (n.attribute("fill"), n.attribute("stroke")),
                (Some("none"), Some("none"))
            );
            let height: f32 = n.attribute("height").unwrap().parse().unwrap();
            // At least the staves of a system: 40 units a staff.
            assert!(height >= 40.0 * t.voices.len() as f32, "{name}: {height}");
        }
    }
}
