//! The music vocabulary every JamSesh crate speaks: spelled notes, intervals, chords, scales,
//! keys and modes, how a meter groups its beats, and how a feel places swung eighths.
//!
//! It sits below the ABC reader, the composer and the renderer, so each of them means the
//! same thing by a mode, a meter or swing. Pure and small: no I/O, wasm-clean.

#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

pub mod chord;
pub mod feel;
pub mod interval;
pub mod key;
pub mod note;
pub mod scale;
pub mod time;
