//! The data model of an interpreted tune: voices, bars, events, chord symbols and changes.

use super::key::Key;
use crate::span::Span;
use crate::syntax::{MeterSpec, TempoSpec};
use crate::Frac;
use serde::Serialize;

/// A tempo in effect: so many beats of a given length per minute.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tempo {
    /// Beat length in whole notes.
    pub beat: Frac,
    /// Beats per minute.
    pub bpm: u32,
    /// Words such as `Allegro`, if any.
    pub text: Option<String>,
}

impl Tempo {
    pub(super) fn from_spec(spec: &TempoSpec, unit: Frac) -> Option<Tempo> {
        let bpm = spec.bpm?;
        let beat = if spec.beats.is_empty() {
            unit
        } else {
            spec.beats
                .iter()
                .copied()
                .fold(Frac::new(0, 1), |a, b| a + b)
        };
        Some(Tempo {
            beat,
            bpm,
            text: spec.text_before.clone().or_else(|| spec.text_after.clone()),
        })
    }
}

/// One sounding pitch of a note or chord.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sounding {
    /// MIDI key number as played (middle C = 60), after accidentals and transposition.
    pub midi: i32,
    /// Letter `A`–`G` as written.
    pub letter: char,
    /// Octave as written (0 = the octave from middle C).
    pub octave: i8,
    /// Alteration in effect (from the note, the bar or the key signature).
    pub alter: i8,
    /// The accidental written on this note, if any.
    pub written_accidental: Option<i8>,
    /// Tied to the next note of the same pitch.
    pub tie: bool,
}

/// What an event is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum EventKind {
    /// One note or a chord.
    Notes(Vec<Sounding>),
    /// A rest (`visible` false for `x`).
    Rest {
        /// `z` rather than `x`.
        visible: bool,
    },
    /// `Z` or `X`: rest for whole bars.
    MultiBarRest {
        /// How many bars.
        bars: u32,
        /// `Z` rather than `X`.
        visible: bool,
    },
}

/// Grace notes sounding before an event, taking no time in the score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraceNotes {
    /// Slashed (`{/g}`).
    pub acciaccatura: bool,
    /// Each grace note or chord.
    pub notes: Vec<Vec<Sounding>>,
}

/// A note, chord or rest at an exact time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Start, in whole notes from the start of the voice in score order.
    pub onset: Frac,
    /// Length in whole notes, with tuplets and broken rhythm applied.
    pub duration: Frac,
    /// Note, chord or rest.
    pub kind: EventKind,
    /// Decorations written before it (`trill`, `staccato` …).
    pub decorations: Vec<String>,
    /// Annotations written before it, with their placement char.
    pub annotations: Vec<(char, String)>,
    /// Grace notes before it.
    pub grace: Option<GraceNotes>,
    /// The tuplet it belongs to, as (p, q).
    pub tuplet: Option<(u32, u32)>,
    /// 0 for the voice itself, 1 and up for `&` overlays.
    pub overlay: u8,
    /// Whitespace or a bar line came before it: its beam group starts here.
    pub beam_break: bool,
    /// Slurs that start on it (`(` written before it).
    #[serde(skip_serializing_if = "is_zero_u8")]
    pub slurs_start: u8,
    /// Slurs that end on it (`)` written after it).
    #[serde(skip_serializing_if = "is_zero_u8")]
    pub slurs_end: u8,
    /// Where it was written.
    pub span: Span,
}

fn is_zero_u8(n: &u8) -> bool {
    *n == 0
}

/// A bar of one voice.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bar {
    /// Start, in whole notes in score order.
    pub onset: Frac,
    /// How long it lasts as written (the main layer, not overlays).
    pub duration: Frac,
    /// Length the meter asks for, if the meter is not free (times bars for multi-bar rests).
    pub expected: Option<Frac>,
    /// The events, main layer first, then overlays.
    pub events: Vec<Event>,
    /// A repeated section starts at this bar.
    pub repeat_start: bool,
    /// Times the section ending with this bar is repeated (`:|` is 1).
    pub repeat_end: usize,
    /// The variant-ending label that starts at this bar (`1`, `2`, `1,3`).
    pub ending: Option<String>,
    /// The bar line that closes it, if any.
    pub bar_line: Option<String>,
    /// The part (`P:A`) it belongs to, if the tune has parts.
    pub part: Option<char>,
    /// Index of the music line (staff line) it starts on.
    pub line: usize,
    /// The key in effect at its start.
    pub key: Key,
    /// The meter in effect at its start.
    pub meter: MeterSpec,
}

/// A chord symbol at a time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChordSymbolAt {
    /// Time in whole notes, score order.
    pub onset: Frac,
    /// Index of the bar it is in.
    pub bar: usize,
    /// The symbol as written, such as `Am7/G`.
    pub symbol: String,
    /// Where it was written.
    pub span: Span,
}

/// A change of key, meter, unit length or tempo inside the music.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ChangeKind {
    /// New key.
    Key(Key),
    /// New meter.
    Meter(MeterSpec),
    /// New unit note length.
    UnitLength(Frac),
    /// New tempo.
    Tempo(Tempo),
}

/// A change at a time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Time in whole notes, score order.
    pub onset: Frac,
    /// Index of the bar it is in.
    pub bar: usize,
    /// What changed.
    pub kind: ChangeKind,
}

/// One voice of a tune.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Voice {
    /// Its id (`1` when the tune has no `V:` fields).
    pub id: String,
    /// Its `name=`, if any.
    pub name: Option<String>,
    /// The key at its start (clef included).
    pub key: Key,
    /// Its bars in score order.
    pub bars: Vec<Bar>,
    /// Chord symbols in score order.
    pub chord_symbols: Vec<ChordSymbolAt>,
    /// Key, meter, unit and tempo changes inside the music.
    pub changes: Vec<Change>,
    /// Lyrics lines (`w:`), each with the index of the bar where its music line started.
    pub lyrics: Vec<(usize, String)>,
}

impl Voice {
    /// The chord symbols written in bar `bar`, found by binary search (they are kept in score
    /// order, so bar by bar), so walking every bar's symbols is linear, not bars × symbols.
    pub fn chord_symbols_in(&self, bar: usize) -> &[ChordSymbolAt] {
        let from = self.chord_symbols.partition_point(|c| c.bar < bar);
        let to = from + self.chord_symbols[from..].partition_point(|c| c.bar == bar);
        &self.chord_symbols[from..to]
    }
}

/// A tune: header information and timed voices.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tune {
    /// `X:` reference number.
    pub x: Option<u32>,
    /// First `T:` title, empty if none.
    pub title: String,
    /// Text header fields (`T`, `C`, `O`, `R`, `N` …) in order.
    pub fields: Vec<(char, String)>,
    /// Key at the start.
    pub key: Key,
    /// Meter at the start.
    pub meter: MeterSpec,
    /// Unit note length at the start.
    pub unit: Frac,
    /// Tempo at the start, if given.
    pub tempo: Option<Tempo>,
    /// Part order from the header's `P:` field (e.g. `AABB`), expanded.
    pub part_order: Option<String>,
    /// The voices, in order of first appearance.
    pub voices: Vec<Voice>,
    /// The whole tune in the source.
    pub span: Span,
}

/// A note as played: time in performance order, with ties merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PlayedNote {
    /// Start in whole notes from the start of the performance.
    pub onset: Frac,
    /// Length in whole notes.
    pub duration: Frac,
    /// MIDI key number (middle C = 60).
    pub midi: i32,
}

/// The notes one voice plays, in order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayedVoice {
    /// The voice id.
    pub id: String,
    /// Notes sorted by onset, then pitch.
    pub notes: Vec<PlayedNote>,
}

impl Tune {
    /// The meter as written (`6/8`, `C`, `none`).
    pub fn meter_text(&self) -> String {
        meter_text(&self.meter)
    }
}

/// The meter as ABC writes it.
pub fn meter_text(m: &MeterSpec) -> String {
    match m {
        MeterSpec::Free => "none".into(),
        MeterSpec::Common => "C".into(),
        MeterSpec::Cut => "C|".into(),
        MeterSpec::Fraction {
            numerators,
            denominator,
        } => {
            let top: Vec<String> = numerators.iter().map(u32::to_string).collect();
            format!("{}/{denominator}", top.join("+"))
        }
    }
}
