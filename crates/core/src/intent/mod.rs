//! Prompt → [`Intent`]: what a musician asked for, in words they actually type.
//!
//! Unknown words never fail; what is not said takes the style's defaults. Common words
//! survive typos ("bluse", "funcky", "minr"). The intent is part of every jam so a user sees
//! what was understood.
//!
//! The rooms, lowest first: `lists` (moods, instruments) and `vocabulary` (word tables, the
//! set of known words) and `filler`; `fuzzy` (typos); `words` (the prompt as words and
//! tokens); `phrases` (phrases found among them); one finder per field (`style`, `key`,
//! `tempo`, `meter`, `bars`) and `unknown` (words not understood); `reader`, which runs them
//! and assembles the [`Intent`] described in `model`. Each room uses only rooms before it.

mod bars;
mod filler;
mod fuzzy;
mod key;
mod lists;
mod meter;
mod model;
mod phrases;
mod reader;
mod style;
mod tempo;
#[cfg(test)]
mod tests;
mod unknown;
mod vocabulary;
mod words;

pub use key::parse_key;
pub use lists::Mood;
pub use model::{Intent, IntentError, Overrides, Reading, Understood, BARS, METERS, TEMPO};
pub use reader::{from_fields, parse, parse_with, Hints, HINT_WORDS};
pub use style::{colours, style_option};
