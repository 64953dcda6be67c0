//! From syntax to music: voices, bars and events at exact times with absolute pitches.
//!
//! The interpreter walks each tune's lines once, keeping per-voice state (key, meter, unit
//! length, bar accidentals, tuplets, broken rhythm, ties) and emits [`Bar`]s of [`Event`]s.
//! [`Tune::performance`] then expands repeats and merges ties into the notes a player plays.
//!
//! The rooms: `spelling` (letters, fifths, signatures), `key` (the key in effect),
//! `model` (the timed `Tune` the interpreter builds), `header` (file-header settings),
//! `voice_state` (what the interpreter tracks per voice), `interpreter` (the walk over the
//! syntax tree), `bar_lengths` (the meter check) and `performance` (repeats, endings and
//! parts expanded into the order a player plays).

mod bar_lengths;
mod header;
mod interpreter;
mod key;
mod model;
mod performance;
mod spelling;
mod voice_state;

pub use interpreter::interpret;
pub use key::Key;
pub use model::{
    meter_text, Bar, Event, EventKind, GraceNotes, PlayedNote, Sounding, Tempo, Tune, Voice,
};
pub(crate) use spelling::natural_semitone;
pub use spelling::{index_letter, letter_index, signature_for_fifths};
