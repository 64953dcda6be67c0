//! Music theory: spelled notes, intervals, scales, chords, keys and modes, musical time.

pub mod chord;
pub mod interval;
pub mod key;
pub mod note;
pub mod scale;
pub mod time;
