//! Rendering for JamSesh. So far: `Tune` → Standard MIDI File, with an optional backing of
//! comped chords and a bass line drawn from the chord symbols. Pure and wasm-clean.

#![warn(missing_docs)]

pub mod midi;

pub use midi::{tune_to_midi, Feel, MidiError, MidiOptions};
