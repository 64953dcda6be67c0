//! The critic: judges any jam (from the engine or an LLM) as a musician would, reports what
//! is wrong and how good it is, and repairs what can be repaired safely.
//!
//! Rooms, lowest first: `findings` (what a check found), `metrics` (the melody measured, and
//! the score), `example` (the ABC example against meter, key and chords), `harmony` (chords
//! and scales against the key), `prompt` (what the prompt asked for), `review` (every check,
//! and the report) and `repair` (the safe fixes). Each uses only rooms before it.

mod example;
mod findings;
mod harmony;
mod metrics;
mod prompt;
mod repair;
mod review;

pub use crate::theory::scale::parse_scales;
pub use findings::Finding;
pub use repair::repair;
pub use review::{jam_key, read_chord_scale, review, Report};
