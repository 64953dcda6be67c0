//! The heart of JamSesh: music theory, prompt understanding, the embedded composer and the
//! critic. Pure and deterministic: the same prompt and seed give the same jam everywhere.

#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

mod bass;
mod critic;
mod harmony;
mod intent;
mod jam;
mod melody;
mod progression;
mod rng;
mod score;
mod style;
mod theory;

// The public surface: what the other crates (their tests, benches and examples too) use.
pub use critic::{jam_key, parse_scales, repair, review, Finding, Report};
pub use harmony::{chord_voicing, harmony, has_second_voice, scale_example, HarmonyKind};
pub use intent::{
    parse as parse_intent, parse_key, parse_with as parse_intent_with, style_option, Hints, Intent,
    IntentError, Mood, Overrides, Reading, Understood, BARS, HINT_WORDS, METERS, TEMPO,
};
pub use jam::{
    generate, new_melody, new_progression, transpose as transpose_jam, Jam, JamError, Source,
};
pub use melody::Steer;
pub use progression::{fits_mode, Progression};
pub use score::signature as key_signature;
pub use style::{by_id as style_by_id, Family, Feel, Style, STYLES};
