//! Music theory: spelled notes, intervals, scales, chords, keys and modes, musical time and
//! feel. They live in `jamsesh-theory`, below the ABC reader and the renderer; the paths
//! here (`crate::theory::key::Mode`) stay as they were.

pub use jamsesh_theory::{chord, feel, interval, key, note, scale, time};
