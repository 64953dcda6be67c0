//! Rendering for JamSesh: `Tune` → self-contained SVG staff (embedded font outlines), SVG →
//! PNG (resvg, the `png` feature), and `Tune` → Standard MIDI File with an optional backing of
//! comped chords and a bass line, and the same performance as a WAV file played by a small
//! built-in synthesizer, as WAV or (the `ogg` feature) as compressed Ogg Opus. Pure;
//! wasm-clean without the `png` feature.

#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

pub mod audio;
mod font;
mod glyphs;
pub mod midi;
#[cfg(feature = "ogg")]
pub mod ogg;
// Public only for this crate's glyph-table generator and codec tests (`tests/glyphs.rs`,
// `tests/outline.rs`); not part of the API.
#[doc(hidden)]
pub mod outline;
pub mod playback;
#[cfg(feature = "png")]
mod png;
#[cfg(feature = "soundfont")]
pub mod soundfont;
mod svg;

pub use audio::{arrangement_to_wav, samples_to_wav, tune_to_wav};
pub use midi::{
    arrangement_to_midi, tune_to_midi, Arrangement, Feel, MidiError, MidiOptions, Part, Role,
    TickNote,
};
#[cfg(feature = "ogg")]
pub use ogg::{tune_to_samples, Samples};
pub use playback::{arrangement_playback, playback, PartKind, PlayNote, Playback};
#[cfg(feature = "png")]
pub use png::{svg_to_png, PngError};
pub use svg::{engrave, engrave_until, Engraving, SvgOptions, Theme};
