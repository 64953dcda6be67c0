//! Every jam the composer writes, in every style and in keys full of sharps and flats, and each
//! of its transpositions is drawn from the engraver's embedded outlines: never SVG text and
//! never the `?` the engraver once drew for a chord symbol it had no glyph for (`C?7`).
//! Render's own tests check every chord symbol and every font character; this is the
//! composer's output, which only a crate above both can write and draw.

use jamsesh_core::Overrides;
use jamsesh_render::{engrave, SvgOptions};

/// The outline the engraver draws for a title of `?`.
fn question_mark_outline() -> String {
    let (tunes, _) = jamsesh_abc::parse_tunes("X:1\nT:?\nK:C\nC|\n");
    let svg = engrave(&tunes[0], &SvgOptions::default()).svg;
    let title = &svg[svg.find("class=\"title\"").expect("a title")..];
    let d = &title[title.find(" d=\"").expect("an outline") + 4..];
    d[..d.find('"').unwrap()].to_string()
}

#[test]
fn every_jam_and_transposition_is_drawn_from_outlines() {
    let question = format!("d=\"{}\"", question_mark_outline());
    for s in jamsesh_core::STYLES {
        for (seed, key) in [(1, "F#"), (2, "Db"), (3, "C# minor"), (4, "Eb minor")] {
            let prompt = format!("{} in {key}", s.name);
            let j = jamsesh_core::generate(
                &jamsesh_core::parse_intent(&prompt, &Overrides::default()).unwrap(),
                seed,
            );
            for semitones in [0, 1, 3, 6, -5] {
                let moved = jamsesh_core::transpose_jam(&j, semitones).unwrap();
                let (tunes, _) = jamsesh_abc::parse_tunes(&moved.example);
                let e = engrave(&tunes[0], &SvgOptions::default());
                let what = format!("{prompt} {semitones:+}");
                assert_eq!(e.text_fallbacks, 0, "{what}: characters without outlines");
                assert!(!e.svg.contains("<text"), "{what}: SVG text written");
                assert!(!e.svg.contains(&question), "{what}: a `?` was drawn");
            }
        }
    }
}
