//! The syntax tree: ABC text as written, every node with its source span.
//!
//! The tree keeps what the author wrote (spelling of notes, shorthand decorations, line
//! structure, comments) so it can be printed back; [`crate::semantics`] turns it into timed music.

use crate::span::Span;
use crate::Frac;
use jamsesh_theory::key::Key;
use serde::Serialize;

/// A whole ABC file: tunes, the file header and free text between them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AbcFile {
    /// Sections in source order.
    pub sections: Vec<Section>,
}

/// One block of the file, separated from the next by blank lines.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Section {
    /// Fields and directives before the first tune; they apply to every tune.
    FileHeader(Vec<Line>),
    /// A tune, starting at its `X:` field.
    Tune(TuneSyntax),
    /// Text between tunes (or `%%begintext` blocks); kept, not interpreted.
    FreeText(Text),
}

/// A tune as written: header lines up to and including the first `K:`, then body lines.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TuneSyntax {
    /// `X:` … first `K:`.
    pub header: Vec<Line>,
    /// Music, body fields, lyrics, comments.
    pub body: Vec<Line>,
    /// The whole tune.
    pub span: Span,
}

/// Plain text with its span.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Text {
    /// The text, without line endings at its ends.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// One line of a tune or header.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Line {
    /// An information field on a line of its own, such as `T:Title` or `w:lyrics`.
    Field(Field),
    /// A line of music.
    Music(MusicLine),
    /// `% comment` on a line of its own.
    Comment(Text),
    /// `%%name args` stylesheet or playback directive.
    Directive(Text),
}

/// An information field, `T:` … or inline `[K:…]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    /// The field letter (`+` for a continuation `+:`).
    pub tag: char,
    /// The interpreted value.
    pub value: FieldValue,
    /// A trailing `% comment`, without the `%`.
    pub comment: Option<String>,
    /// The whole field.
    pub span: Span,
}

/// The value of a field: typed for the fields that change how music is read, text otherwise.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum FieldValue {
    /// `K:`
    Key(KeySpec),
    /// `M:`
    Meter(MeterSpec),
    /// `L:` as a fraction of a whole note.
    UnitLength(Frac),
    /// `Q:`
    Tempo(TempoSpec),
    /// `V:`
    Voice(VoiceSpec),
    /// Every other field, trimmed.
    Text(String),
}

/// The modes a `K:` field can name (and harmonic and melodic minor, written as minor): the
/// one mode type of the workspace.
pub use jamsesh_theory::key::Mode;

/// What a `K:` field says.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum KeyTonic {
    /// A tonic and mode, such as `K:F#m`: the workspace's one key type (a spelled tonic, its
    /// accidental −2 … 2, and a mode).
    Tonic(Key),
    /// `K:HP` (no signature printed) or `K:Hp` (signature printed): Highland pipes.
    HighlandPipes {
        /// True for `Hp`.
        show_signature: bool,
    },
    /// `K:none`: no key signature.
    None,
    /// Only modifiers (`K:clef=bass`): the key stays as it was.
    Unchanged,
}

/// A `K:` field: key, extra accidentals, clef and other modifiers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeySpec {
    /// The tonic, or none.
    pub tonic: KeyTonic,
    /// `exp`: the listed accidentals replace the signature instead of modifying it.
    pub explicit: bool,
    /// Extra accidentals such as `^c` or `=f`: (alter, lowercase letter). `=` is alter 0.
    pub accidentals: Vec<(i8, char)>,
    /// Clef and modifiers, in order.
    pub modifiers: Modifiers,
}

/// Clef, octave and transposition modifiers shared by `K:` and `V:`, plus any others kept as text.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Modifiers {
    /// `name=value` pairs (a bare clef name is stored as `clef=name`), in source order.
    pub pairs: Vec<(String, String)>,
}

impl Modifiers {
    /// The value of the last modifier called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An `M:` field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum MeterSpec {
    /// `M:none`: free meter.
    Free,
    /// `M:C`, four-four.
    Common,
    /// `M:C|`, cut time.
    Cut,
    /// `M:6/8` or additive `M:2+2+3/8`.
    Fraction {
        /// Numerator terms, e.g. `[2, 2, 3]`.
        numerators: Vec<u32>,
        /// Denominator.
        denominator: u32,
    },
}

impl MeterSpec {
    /// Length of a full bar in whole notes, or `None` for free meter.
    pub fn bar_length(&self) -> Option<Frac> {
        match self {
            MeterSpec::Free => None,
            MeterSpec::Common => Some(Frac::new(1, 1)),
            MeterSpec::Cut => Some(Frac::new(1, 1)),
            MeterSpec::Fraction {
                numerators,
                denominator,
            } => {
                let top: i64 = numerators.iter().map(|&n| i64::from(n)).sum();
                Some(Frac::new(top, i64::from(*denominator)))
            }
        }
    }

    /// True for compound meters (6/8, 9/8, 12/8 …), where tuplets of 5/7/9 take three beats.
    pub fn is_compound(&self) -> bool {
        match self {
            MeterSpec::Fraction {
                numerators,
                denominator,
            } => jamsesh_theory::time::is_compound(numerators, *denominator),
            _ => false,
        }
    }

    /// The beat groups a bar divides into, in order (empty for free meter): the meter model's
    /// [`jamsesh_theory::time::beat_groups`] as lengths (7/8 is 2+2+3 eighths), and halves in
    /// cut time.
    pub fn beat_groups(&self) -> Vec<Frac> {
        let (numerators, denominator) = match self {
            MeterSpec::Free => return Vec::new(),
            MeterSpec::Common => return vec![Frac::new(1, 4); 4],
            MeterSpec::Cut => return vec![Frac::new(1, 2); 2],
            MeterSpec::Fraction {
                numerators,
                denominator,
            } => (numerators, (*denominator).max(1)),
        };
        jamsesh_theory::time::beat_groups(numerators, denominator)
            .into_iter()
            .map(|g| Frac::new(i64::from(g), i64::from(denominator)))
            .collect()
    }
}

/// A `Q:` field: optional text, beat lengths, beats per minute.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TempoSpec {
    /// Text before the beat, e.g. `"Allegro"`.
    pub text_before: Option<String>,
    /// Beat note lengths, summed (`1/4 3/8=40`). Empty for the old `Q:120` form.
    pub beats: Vec<Frac>,
    /// Beats per minute, if given.
    pub bpm: Option<u32>,
    /// Text after the beat.
    pub text_after: Option<String>,
}

/// A `V:` field: voice id and properties.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VoiceSpec {
    /// The voice id, e.g. `1` or `Tenor`.
    pub id: String,
    /// `name=`, `clef=`, `octave=`, … in source order.
    pub modifiers: Modifiers,
}

/// A line of music.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MusicLine {
    /// The symbols, in order.
    pub elements: Vec<Element>,
    /// The line ends in `\`: the next line continues the same staff line.
    pub continued: bool,
    /// A trailing `% comment`, without the `%`.
    pub comment: Option<String>,
    /// The whole line.
    pub span: Span,
}

/// One symbol of a music line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Element {
    /// What it is.
    pub kind: ElementKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of symbols in a music line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ElementKind {
    /// A note.
    Note(Note),
    /// A rest or invisible rest.
    Rest(Rest),
    /// Notes sounding together, `[CEG]2`.
    Chord(Chord),
    /// A bar line, possibly with a repeat and an ending number.
    BarLine(BarLine),
    /// A variant ending that does not follow a bar line directly, `[2`.
    Ending(String),
    /// A chord symbol `"Am7/G"`.
    ChordSymbol(String),
    /// An annotation `"^text"`; the char is the placement (`^ _ < > @`).
    Annotation(char, String),
    /// A decoration applying to the next note, chord or bar line.
    Decoration(Decoration),
    /// `(3`, `(3:2:3`.
    Tuplet(Tuplet),
    /// `(`
    SlurStart,
    /// `)`
    SlurEnd,
    /// `{g}` or `{/g}` before a note.
    Grace(Grace),
    /// `>`, `<`, `>>` … between two notes.
    BrokenRhythm(BrokenRhythm),
    /// Whitespace: breaks beams.
    Space,
    /// `y` (with optional width): extra space, no time.
    Spacer,
    /// `&`: the rest of the bar is another voice over the same time.
    Overlay,
    /// `[K:G]` and friends.
    InlineField(Field),
}

/// A written pitch: accidental, letter and octave marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Pitch {
    /// Written accidental: `Some(0)` for `=`, `Some(1)` for `^`, `Some(-2)` for `__`.
    pub accidental: Option<i8>,
    /// Uppercase letter `A`–`G`.
    pub letter: char,
    /// Octave relative to the one starting at middle C (`C`–`B` is 0, `c`–`b` is 1, `C,` is -1).
    pub octave: i8,
}

/// A note.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Note {
    /// Its pitch as written.
    pub pitch: Pitch,
    /// Its length as a multiple of the unit note length.
    pub length: Frac,
    /// Followed by `-`: tied to the next note of the same pitch.
    pub tie: bool,
}

/// The kinds of rests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RestKind {
    /// `z`
    Visible,
    /// `x`
    Invisible,
    /// `Z`, length counts bars.
    MultiBar,
    /// `X`, invisible, length counts bars.
    InvisibleMultiBar,
}

/// A rest.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rest {
    /// Which rest.
    pub kind: RestKind,
    /// Length as a multiple of the unit note length (bars for `Z`/`X`).
    pub length: Frac,
}

/// Notes struck together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chord {
    /// The notes (each may carry its own length and tie).
    pub notes: Vec<Note>,
    /// Decorations written inside the brackets, before their note (index into `notes`).
    pub inner_decorations: Vec<(usize, Decoration)>,
    /// Length multiplier after `]`.
    pub length: Frac,
    /// Followed by `-`: every note is tied.
    pub tie: bool,
}

/// A bar line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BarLine {
    /// The symbol as written in canonical form: `|`, `||`, `[|`, `|]`, `:|`, `|:`, `::`, `.|`, `[|]` …
    pub symbol: String,
    /// A variant ending that follows directly, `|1` or `:|2` or `|[1,3`.
    pub ending: Option<String>,
}

impl BarLine {
    /// 1 when the section before this bar line is repeated (`:|`, `::`, `:|:`), else 0.
    pub fn repeat_end(&self) -> usize {
        usize::from(self.symbol.starts_with(':'))
    }

    /// True when a repeated section starts here (`|:`, `::`, `:|:`).
    pub fn repeat_start(&self) -> bool {
        self.symbol.ends_with(':') && (self.symbol.contains('|') || self.symbol.len() >= 2)
    }
}

/// How a decoration was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decoration {
    /// Standard name: `trill`, `staccato`, `fermata` …
    pub name: String,
    /// The one-character shorthand it was written with, if any (`.~HLMOPSTuv`).
    pub shorthand: Option<char>,
}

/// `(p:q:r`: p notes in the time of q, for the next r notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Tuplet {
    /// Notes put in.
    pub p: u32,
    /// In the time of, if written.
    pub q: Option<u32>,
    /// Affecting the next r notes, if written.
    pub r: Option<u32>,
}

/// Grace notes before a note.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grace {
    /// `{/…}`: acciaccatura (slashed).
    pub acciaccatura: bool,
    /// The grace notes and chords.
    pub elements: Vec<Element>,
}

/// Broken rhythm between two notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BrokenRhythm {
    /// `>` (first note longer) or `<` (first note shorter).
    pub first_longer: bool,
    /// Number of `>` or `<` (1–3).
    pub count: u8,
}
