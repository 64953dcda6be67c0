//! Every chord symbol the theory crate writes, and every character the text font has, is drawn
//! from the embedded outlines: never as a substitute sign (the engraver once drew `C?7` for
//! C#7 because a glyph table was not sorted). The composer's jams are checked the same way in
//! `crates/ops/tests/drawn.rs`.

use jamsesh_render::{engrave, Engraving, SvgOptions};
use jamsesh_theory::chord::Chord;
use std::path::Path;

fn engrave_abc(abc: &str) -> Engraving {
    let (tunes, _) = jamsesh_abc::parse_tunes(abc);
    engrave(&tunes[0], &SvgOptions::default())
}

/// The outline the engraver draws for `?`, to prove it is never drawn unasked.
fn question_mark_outline() -> String {
    let svg = engrave_abc("X:1\nT:?\nK:C\nC|\n").svg;
    let title = &svg[svg.find("class=\"title\"").expect("a title")..];
    let d = &title[title.find(" d=\"").expect("an outline") + 4..];
    d[..d.find('"').unwrap()].to_string()
}

/// Asserts that a tune drew all its text from outlines and never the `?` outline.
fn assert_all_outlined(what: &str, e: &Engraving, question: &str) {
    assert_eq!(e.text_fallbacks, 0, "{what}: characters without outlines");
    assert!(!e.svg.contains("<text"), "{what}: SVG text written");
    assert!(
        !e.svg.contains(&format!("d=\"{question}\"")),
        "{what}: a `?` was drawn"
    );
}

/// Every chord symbol the theory crate reads, printed canonically, on every root spelling.
fn every_chord_symbol() -> Vec<String> {
    let qualities = [
        "", "m", "maj", "mmaj", "m7b5", "dim", "dim7", "+", "aug", "-", "Δ", "ø",
    ];
    let numbers = ["", "5", "6", "6/9", "7", "9", "11", "13"];
    let suspensions = ["", "sus2", "sus4"];
    let alterations = [
        "", "b5", "#5", "b9", "#9", "#11", "b13", "alt", "add9", "add11", "(#11)", "b9#11",
        "#9b13", "(b9,#9)",
    ];
    let mut suffixes = std::collections::BTreeSet::new();
    for q in qualities {
        for n in numbers {
            for s in suspensions {
                for a in alterations {
                    if let Ok(chord) = format!("C{q}{n}{s}{a}").parse::<Chord>() {
                        suffixes.insert(chord.suffix);
                    }
                }
            }
        }
    }
    assert!(suffixes.len() > 100, "only {} qualities", suffixes.len());
    let mut out = Vec::new();
    for letter in ['C', 'D', 'E', 'F', 'G', 'A', 'B'] {
        for acc in ["bb", "b", "", "#", "##"] {
            for suffix in &suffixes {
                out.push(format!("{letter}{acc}{suffix}"));
            }
            out.push(format!("{letter}{acc}7/{letter}{acc}"));
            out.push(format!("{letter}{acc}/F#"));
            out.push(format!("{letter}{acc}m7/Bb"));
        }
    }
    out
}

#[test]
fn every_chord_symbol_is_drawn_from_outlines() {
    let question = question_mark_outline();
    let symbols = every_chord_symbol();
    for chunk in symbols.chunks(200) {
        let mut abc = String::from("X:1\nT:Chords\nM:4/4\nL:1/4\nK:C\n");
        for bar in chunk.chunks(4) {
            for symbol in bar {
                abc.push_str(&format!("\"{symbol}\"C"));
            }
            for _ in bar.len()..4 {
                abc.push('z');
            }
            abc.push_str("|\n");
        }
        let e = engrave_abc(&abc);
        assert_all_outlined(&chunk[0], &e, &question);
        assert!(e.svg.matches("class=\"chord\"").count() >= chunk.len() / 2);
    }
}

#[test]
fn every_character_of_the_text_font_is_drawn_from_outlines() {
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fonts");
    let font = std::fs::read(fonts.join("academico.otf")).expect("run scripts/setup (fonts)");
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    let mut chars = Vec::new();
    for sub in face.tables().cmap.unwrap().subtables {
        if sub.is_unicode() {
            sub.codepoints(|c| chars.extend(char::from_u32(c).filter(|c| !c.is_control())));
        }
    }
    // Quotes, backslashes and `%` mean something in ABC; `?` is the sign being looked for.
    chars.retain(|&c| !matches!(c, '"' | '\\' | '%' | '?'));
    assert!(chars.len() > 300, "{} characters", chars.len());
    let question = question_mark_outline();
    for chunk in chars.chunks(40) {
        let text: String = chunk.iter().collect();
        // As a title, a lyric line and an annotation.
        let abc = format!("X:1\nT:{text}\nK:C\n\"^{text}\"CDEF|\nw:{text}\n");
        let e = engrave_abc(&abc);
        assert_all_outlined(&text, &e, &question);
    }
}

#[test]
fn scripts_the_fonts_lack_are_written_as_text_and_rasterised() {
    let e = engrave_abc("X:1\nT:Ночной блюз 夜\nK:C\nCDEF|\n");
    assert_eq!(e.text_fallbacks, 11);
    assert!(e.svg.contains(">Ночной</text>") && e.svg.contains(">блюз</text>"));
    // resvg draws it with the system's fonts: the title area is not blank.
    let png = jamsesh_render::svg_to_png(&e.svg, 1.0).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let row = info.line_size;
    let inked = pixels[..row * 40]
        .chunks(info.color_type.samples())
        .filter(|px| px[0] < 128)
        .count();
    assert!(inked > 50, "title drew {inked} dark pixels");
}
