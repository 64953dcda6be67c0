//! The heart of JamSesh: music theory, prompt understanding, the embedded composer and the
//! critic. Pure and deterministic: the same prompt and seed give the same jam everywhere.

#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

pub mod bass;
pub mod critic;
pub mod harmony;
pub mod intent;
pub mod jam;
pub mod melody;
pub mod progression;
pub mod rng;
pub mod score;
pub mod style;
pub mod theory;

pub use critic::{repair, review, Report};
pub use intent::{Intent, Overrides, Understood};
pub use jam::{generate, Jam, Source};
