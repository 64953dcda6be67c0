//! What the interpreter tracks for each voice while it reads the body.

use super::header::Propagation;
use super::key::Key;
use super::model::{Bar, Change, ChangeKind, GraceNotes, Sounding, Voice};
use super::spelling::{letter_index, natural_semitone};
use crate::syntax::{MeterSpec, Pitch};
use crate::Frac;

/// Accidentals written so far in the bar, by letter index and octave (0 for every octave).
#[derive(Default)]
pub(super) struct BarAccidentals(Vec<((usize, i8), i8)>);

impl BarAccidentals {
    pub(super) fn get(&self, letter: usize, octave: i8) -> Option<i8> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| *k == (letter, octave))
            .map(|(_, a)| *a)
    }

    pub(super) fn set(&mut self, letter: usize, octave: i8, alter: i8) {
        self.0.retain(|(k, _)| *k != (letter, octave));
        self.0.push(((letter, octave), alter));
    }

    pub(super) fn clear(&mut self) {
        self.0.clear();
    }
}

/// Per-voice state while reading the body.
pub(super) struct VoiceState {
    pub(super) voice: Voice,
    pub(super) meter: MeterSpec,
    pub(super) unit: Frac,
    pub(super) key: Key,
    /// Time where the next event starts.
    pub(super) cursor: Frac,
    /// End of the main layer when inside an overlay.
    pub(super) main_end: Option<Frac>,
    pub(super) overlay: u8,
    pub(super) bar: Bar,
    /// Accidentals written in this bar: (letter index, octave or 0 for all octaves) → alter.
    pub(super) bar_accidentals: BarAccidentals,
    /// Notes tied from the previous event: (letter index, octave, alter).
    pub(super) open_ties: Vec<(usize, i8, i8)>,
    pub(super) tuplet: Option<(u32, u32, u32)>,
    /// Duration factor for the next event after `>` or `<`.
    pub(super) broken_next: Option<Frac>,
    pub(super) decorations: Vec<String>,
    pub(super) annotations: Vec<(char, String)>,
    pub(super) grace: Option<GraceNotes>,
    /// Slurs opened since the last event.
    pub(super) slurs_pending: u8,
    pub(super) line: usize,
    pub(super) part: Option<char>,
    /// The next event starts a beam group (after whitespace or a bar line).
    pub(super) beam_break: bool,
    /// The last body field for this voice was `w:` (so `+:` continues it).
    pub(super) last_field_was_lyrics: bool,
    /// Index of the first bar of the current music line, and of the line before.
    pub(super) line_first_bar: usize,
    pub(super) previous_line_first_bar: usize,
}

impl VoiceState {
    pub(super) fn new(
        id: String,
        key: Key,
        meter: MeterSpec,
        unit: Frac,
        part: Option<char>,
    ) -> Self {
        let zero = Frac::new(0, 1);
        VoiceState {
            voice: Voice {
                id,
                name: None,
                key: key.clone(),
                bars: Vec::new(),
                chord_symbols: Vec::new(),
                changes: Vec::new(),
                lyrics: Vec::new(),
            },
            bar: new_bar(zero, &key, &meter, 0, part),
            meter,
            unit,
            key,
            cursor: zero,
            main_end: None,
            overlay: 0,
            bar_accidentals: BarAccidentals::default(),
            open_ties: Vec::new(),
            tuplet: None,
            broken_next: None,
            decorations: Vec::new(),
            annotations: Vec::new(),
            grace: None,
            slurs_pending: 0,
            line: 0,
            part,
            beam_break: true,
            last_field_was_lyrics: false,
            line_first_bar: 0,
            previous_line_first_bar: 0,
        }
    }

    pub(super) fn change(&mut self, kind: ChangeKind) {
        let bar = self.voice.bars.len();
        self.voice.changes.push(Change {
            onset: self.cursor,
            bar,
            kind,
        });
    }
}

pub(super) fn new_bar(
    onset: Frac,
    key: &Key,
    meter: &MeterSpec,
    line: usize,
    part: Option<char>,
) -> Bar {
    Bar {
        onset,
        duration: Frac::new(0, 1),
        expected: meter.bar_length(),
        events: Vec::new(),
        repeat_start: false,
        repeat_end: 0,
        ending: None,
        bar_line: None,
        part,
        line,
        key: key.clone(),
        meter: meter.clone(),
    }
}

pub(super) fn placeholder_state() -> VoiceState {
    VoiceState::new(
        String::new(),
        Key::default(),
        MeterSpec::Free,
        Frac::new(1, 8),
        None,
    )
}

/// The sounding pitch of a written pitch in the voice's key and bar, recording its accidental.
pub(super) fn resolve_pitch(
    v: &mut VoiceState,
    p: Pitch,
    tie: bool,
    propagation: Propagation,
) -> Sounding {
    let li = letter_index(p.letter);
    let scope = match propagation {
        Propagation::Octave => p.octave,
        _ => 0,
    };
    let alter = match p.accidental {
        Some(a) => {
            if propagation != Propagation::Not {
                v.bar_accidentals.set(li, scope, a);
            }
            a
        }
        None => v
            .bar_accidentals
            .get(li, scope)
            .unwrap_or(v.key.signature[li]),
    };
    let midi = 60
        + 12 * i32::from(p.octave)
        + natural_semitone(li)
        + i32::from(alter)
        + v.key.transpose
        + v.key.clef_transpose;
    Sounding {
        midi,
        letter: p.letter,
        octave: p.octave,
        alter,
        written_accidental: p.accidental,
        tie,
    }
}
