//! The engraver's glyph tables (`src/glyphs.rs`, with the outline bytes in `src/glyphs.bin`)
//! are exactly the outlines of the OFL fonts they come from. `scripts/setup-fonts` fetches the
//! fonts; `JAMSESH_WRITE_GLYPHS=1` rewrites both files.

use jamsesh_render::outline::{self, SvgPath};
use std::fmt::Write as _;
use std::path::Path;

/// SMuFL glyphs the engraver draws: (name, code point).
const MUSIC: &[(&str, u32)] = &[
    ("gClef", 0xE050),
    ("cClef", 0xE05C),
    ("fClef", 0xE062),
    ("timeSig0", 0xE080),
    ("timeSig1", 0xE081),
    ("timeSig2", 0xE082),
    ("timeSig3", 0xE083),
    ("timeSig4", 0xE084),
    ("timeSig5", 0xE085),
    ("timeSig6", 0xE086),
    ("timeSig7", 0xE087),
    ("timeSig8", 0xE088),
    ("timeSig9", 0xE089),
    ("timeSigCommon", 0xE08A),
    ("timeSigCutCommon", 0xE08B),
    ("noteheadWhole", 0xE0A2),
    ("noteheadHalf", 0xE0A3),
    ("noteheadBlack", 0xE0A4),
    ("augmentationDot", 0xE1E7),
    ("flag8thUp", 0xE240),
    ("flag8thDown", 0xE241),
    ("flag16thUp", 0xE242),
    ("flag16thDown", 0xE243),
    ("accidentalFlat", 0xE260),
    ("accidentalNatural", 0xE261),
    ("accidentalSharp", 0xE262),
    ("accidentalDoubleSharp", 0xE263),
    ("accidentalDoubleFlat", 0xE264),
    ("restWhole", 0xE4E3),
    ("restHalf", 0xE4E4),
    ("restQuarter", 0xE4E5),
    ("rest8th", 0xE4E6),
    ("rest16th", 0xE4E7),
    ("tuplet0", 0xE880),
    ("tuplet1", 0xE881),
    ("tuplet2", 0xE882),
    ("tuplet3", 0xE883),
    ("tuplet4", 0xE884),
    ("tuplet5", 0xE885),
    ("tuplet6", 0xE886),
    ("tuplet7", 0xE887),
    ("tuplet8", 0xE888),
    ("tuplet9", 0xE889),
    ("brace", 0xE000),
    ("segno", 0xE047),
    ("coda", 0xE048),
    ("noteheadDoubleWhole", 0xE0A0),
    ("flag32ndUp", 0xE244),
    ("flag32ndDown", 0xE245),
    ("rest32nd", 0xE4E8),
    ("restDoubleWhole", 0xE4E2),
    ("articAccentAbove", 0xE4A0),
    ("articAccentBelow", 0xE4A1),
    ("articStaccatoAbove", 0xE4A2),
    ("articStaccatoBelow", 0xE4A3),
    ("articTenutoAbove", 0xE4A4),
    ("articTenutoBelow", 0xE4A5),
    ("articMarcatoAbove", 0xE4AC),
    ("articMarcatoBelow", 0xE4AD),
    ("fermataAbove", 0xE4C0),
    ("fermataBelow", 0xE4C1),
    ("dynamicPiano", 0xE520),
    ("dynamicMezzo", 0xE521),
    ("dynamicForte", 0xE522),
    ("dynamicRinforzando", 0xE523),
    ("dynamicSforzando", 0xE524),
    ("dynamicZ", 0xE525),
    ("ornamentTrill", 0xE566),
    ("ornamentTurn", 0xE567),
    ("ornamentShortTrill", 0xE56C),
    ("ornamentMordent", 0xE56D),
    ("stringsDownBow", 0xE610),
    ("stringsUpBow", 0xE612),
    ("keyboardPedalPed", 0xE650),
    ("keyboardPedalUp", 0xE655),
    ("breathMarkComma", 0xE4CE),
    ("articStaccatissimoAbove", 0xE4A8),
    ("articStaccatissimoBelow", 0xE4A9),
    ("metNoteWhole", 0xE1D2),
    ("metNoteHalfUp", 0xE1D3),
    ("metNoteQuarterUp", 0xE1D5),
    ("metNote8thUp", 0xE1D7),
    ("fingering0", 0xED10),
    ("fingering1", 0xED11),
    ("fingering2", 0xED12),
    ("fingering3", 0xED13),
    ("fingering4", 0xED14),
    ("fingering5", 0xED15),
];

/// Characters the text font lacks that are drawn with a SMuFL chord-symbol glyph instead:
/// the major-seventh triangle (as `Δ` and `△`) and the minus sign some charts write for minor.
const TEXT_FROM_MUSIC: &[(char, u32)] = &[('Δ', 0xE873), ('△', 0xE873), ('−', 0xE874)];

/// Text characters drawn, in code point order (the engraver looks them up by binary search):
/// every character of the text font, the double sharp and double flat of the music font, and
/// the chord-symbol substitutes. Characters outside this set are written as SVG text.
fn text_chars(text: &ttf_parser::Face) -> Vec<char> {
    let mut chars: Vec<char> = Vec::new();
    if let Some(cmap) = text.tables().cmap {
        for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            sub.codepoints(|c| chars.extend(char::from_u32(c)));
        }
    }
    chars.retain(|c| !c.is_control());
    chars.extend(['\u{1D12A}', '\u{1D12B}']);
    chars.extend(TEXT_FROM_MUSIC.iter().map(|(c, _)| *c));
    chars.sort_unstable();
    chars.dedup();
    chars
}

struct PathWriter(String);

impl ttf_parser::OutlineBuilder for PathWriter {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "M{x} {y}");
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "L{x} {y}");
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let _ = write!(self.0, "Q{x1} {y1} {x} {y}");
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let _ = write!(self.0, "C{x1} {y1} {x2} {y2} {x} {y}");
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

fn glyph(face: &ttf_parser::Face, c: char) -> Option<(u16, String)> {
    let id = face.glyph_index(c)?;
    let mut w = PathWriter(String::new());
    let _ = face.outline_glyph(id, &mut w);
    Some((face.glyph_hor_advance(id).unwrap_or(0), w.0))
}

/// The generated table source and the outline bytes it points into.
struct Tables {
    source: String,
    outlines: Vec<u8>,
}

impl Tables {
    /// Appends a glyph's outline and returns its table entry.
    fn entry(&mut self, advance: u16, path: &str) -> String {
        let bytes = outline::encode(path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(SvgPath(&bytes).to_string(), path, "outline round trip");
        let start = self.outlines.len();
        self.outlines.extend_from_slice(&bytes);
        format!(
            "Glyph {{ advance: {advance}, outline: outline({start}, {}) }}",
            self.outlines.len()
        )
    }
}

fn generate(fonts: &Path) -> Tables {
    let music = std::fs::read(fonts.join("bravura.otf")).unwrap();
    let text = std::fs::read(fonts.join("academico.otf")).unwrap();
    let music = ttf_parser::Face::parse(&music, 0).unwrap();
    let text = ttf_parser::Face::parse(&text, 0).unwrap();
    let mut tables = Tables {
        source: String::from(
            "//! Glyph outlines for the engraver, in font units (1000 per em, y up), encoded by\n\
             //! `crate::outline` into `glyphs.bin`. Generated by\n\
             //! `JAMSESH_WRITE_GLYPHS=1 cargo test -p jamsesh-render --test glyphs` from Bravura 1.0.2\n\
             //! (SMuFL music font) and Academico 1.0.1 (text), both under the SIL Open Font License 1.1\n\
             //! (see `crates/render/fonts/`). Do not edit by hand.\n\n\
             /// A glyph outline in font units.\n\
             #[derive(Clone, Copy, Debug)]\n\
             pub(crate) struct Glyph {\n\
             \x20   /// Horizontal advance.\n\
             \x20   pub advance: u16,\n\
             \x20   /// Outline, y up, encoded by [`crate::outline`].\n\
             \x20   pub outline: &'static [u8],\n\
             }\n\n\
             static OUTLINES: &[u8] = include_bytes!(\"glyphs.bin\");\n\n\
             /// The outline bytes from `start` to `end`.\n\
             const fn outline(start: usize, end: usize) -> &'static [u8] {\n\
             \x20   OUTLINES.split_at(end).0.split_at(start).1\n\
             }\n\n\
             /// Music glyphs by SMuFL name, sorted by name.\n\
             #[rustfmt::skip]\n\
             pub(crate) const MUSIC: &[(&str, Glyph)] = &[\n",
        ),
        outlines: Vec::new(),
    };
    let mut music_names: Vec<&(&str, u32)> = MUSIC.iter().collect();
    music_names.sort_by_key(|(name, _)| *name);
    for (name, code) in music_names {
        let (advance, path) = glyph(&music, char::from_u32(*code).unwrap())
            .unwrap_or_else(|| panic!("Bravura has no glyph for U+{code:04X}"));
        let entry = tables.entry(advance, &path);
        let _ = writeln!(tables.source, "    (\"{name}\", {entry}),");
    }
    tables.source.push_str("];\n\n/// Text glyphs by character, sorted by code point: every character of Academico (Latin\n/// scripts, punctuation), and signs for chord symbols from Bravura.\n#[rustfmt::skip]\npub(crate) const TEXT: &[(char, Glyph)] = &[\n");
    for c in text_chars(&text) {
        let from_music = TEXT_FROM_MUSIC
            .iter()
            .find(|(t, _)| *t == c)
            .and_then(|(_, code)| char::from_u32(*code));
        let Some((advance, path)) =
            glyph(&text, c).or_else(|| glyph(&music, from_music.unwrap_or(c)))
        else {
            panic!("no font has U+{:04X}", u32::from(c));
        };
        let shown = match c {
            '\'' => "\\'".to_string(),
            '\\' => "\\\\".to_string(),
            c if c.is_ascii_graphic() || c == ' ' || (!c.is_ascii() && c.is_alphanumeric()) => {
                c.to_string()
            }
            c => format!("\\u{{{:04X}}}", u32::from(c)),
        };
        let entry = tables.entry(advance, &path);
        let _ = writeln!(tables.source, "    ('{shown}', {entry}),");
    }
    tables.source.push_str("];\n");
    tables
}

#[test]
fn glyph_tables_match_the_fonts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fonts = root.join("../../target/fonts");
    assert!(
        fonts.join("bravura.otf").exists(),
        "run scripts/setup (scripts/setup-fonts) first"
    );
    let generated = generate(&fonts);
    let source = root.join("src/glyphs.rs");
    let outlines = root.join("src/glyphs.bin");
    if std::env::var_os("JAMSESH_WRITE_GLYPHS").is_some() {
        std::fs::write(&source, &generated.source).unwrap();
        std::fs::write(&outlines, &generated.outlines).unwrap();
    }
    let stale = "src/glyphs.rs and src/glyphs.bin are stale: rerun with JAMSESH_WRITE_GLYPHS=1";
    let committed = std::fs::read_to_string(&source).unwrap_or_default();
    assert!(committed == generated.source, "{stale}");
    assert!(
        std::fs::read(&outlines).unwrap_or_default() == generated.outlines,
        "{stale}"
    );
}
