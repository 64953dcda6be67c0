//! What the reader returns: the [`Intent`], what was understood and from which words, the options given beside the prompt, and the limits every jam keeps.

use super::lists::{Instrument, Mood};
use crate::style::Style;
use crate::theory::key::Key;
use serde::{Deserialize, Serialize};

/// Bars a jam may have.
pub const BARS: std::ops::RangeInclusive<u32> = 2..=64;

/// Tempi a jam may have, in quarter notes per minute.
pub const TEMPO: std::ops::RangeInclusive<u32> = 30..=320;

/// Meters the composer writes (numerator, denominator).
pub const METERS: &[(u32, u32)] = &[
    (4, 4),
    (3, 4),
    (2, 4),
    (2, 2),
    (6, 8),
    (9, 8),
    (12, 8),
    (5, 4),
    (7, 8),
    (7, 4),
    (6, 4),
    (5, 8),
    (3, 8),
    (3, 2),
];

/// What the prompt asked for, with every gap filled.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Intent {
    /// The prompt as given (trimmed, capped).
    pub prompt: String,
    /// What was set outside the prompt; it won over the prompt.
    #[serde(skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
    /// Key (tonic and mode).
    pub key: Key,
    /// Quarter notes per minute.
    pub tempo: u32,
    /// Meter (numerator, denominator).
    pub meter: (u32, u32),
    /// Length in bars.
    pub bars: u32,
    /// The style.
    #[serde(serialize_with = "style_id")]
    pub style: &'static Style,
    /// A second genre that colours the first (`funky reggae`: reggae with a funk cell).
    #[serde(serialize_with = "colour_id", skip_serializing_if = "Option::is_none")]
    pub colour: Option<&'static Style>,
    /// The mood, if one was named.
    pub mood: Option<Mood>,
    /// The instrument whose range the example uses.
    pub instrument: Instrument,
    /// Which values the prompt (or an option) gave explicitly.
    pub explicit: Explicit,
    /// What was read from the prompt and from which words; words not understood.
    #[serde(skip_serializing_if = "Understood::is_empty")]
    pub understood: Understood,
}

/// A value read from the prompt and the words it was read from; in JSON a pair
/// `["A minor", "in the key of A minor"]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(String, String)", into = "(String, String)")]
pub struct Reading {
    /// The value chosen, as shown (`reggae`, `A minor`, `70`, `6/8`, `flute`).
    pub value: String,
    /// The prompt's words it came from, as typed (or `option` for a value set beside it).
    pub words: String,
}

impl From<(String, String)> for Reading {
    fn from((value, words): (String, String)) -> Self {
        Reading { value, words }
    }
}

impl From<Reading> for (String, String) {
    fn from(r: Reading) -> Self {
        (r.value, r.words)
    }
}

/// What was understood from a prompt: for each value, what was chosen and from which words.
/// An absent value is the style's default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Understood {
    /// The style (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<Reading>,
    /// A second genre colouring the style (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<Reading>,
    /// Key: tonic and mode (`A minor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Reading>,
    /// Tempo in quarter notes per minute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tempo: Option<Reading>,
    /// Meter (`6/8`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter: Option<Reading>,
    /// Length in bars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bars: Option<Reading>,
    /// The instrument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<Reading>,
    /// The mood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<Reading>,
    /// Words that look like a genre or a music request but are not in the vocabulary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
    /// A sentence on what was not understood and what was played instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How the last new melody was steered (`higher, bluesy`) and by which text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steer: Option<Reading>,
    /// Words of that steering text that steer nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steer_unknown: Vec<String>,
}

impl Understood {
    /// Nothing read (a jam from before this field, or an intent rebuilt from fields).
    pub fn is_empty(&self) -> bool {
        *self == Understood::default()
    }

    /// The values alone, for small spaces: `reggae · A minor · 70 bpm · not a style I know
    /// yet: vaporwave — played as EDM`. Empty if nothing was read.
    pub fn short(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for r in [&self.style].into_iter().flatten() {
            parts.push(r.value.clone());
        }
        if let Some(c) = &self.colour {
            parts.push(format!("+ {}", c.value));
        }
        for r in [&self.key, &self.meter].into_iter().flatten() {
            parts.push(r.value.clone());
        }
        if let Some(t) = &self.tempo {
            parts.push(format!("{} bpm", t.value));
        }
        if let Some(b) = &self.bars {
            parts.push(format!("{} bars", b.value));
        }
        for r in [&self.instrument, &self.mood].into_iter().flatten() {
            parts.push(r.value.clone());
        }
        if let Some(note) = &self.note {
            parts.push(note.clone());
        }
        parts.extend(self.steer_line());
        parts.join(" · ")
    }

    /// `steered: higher, bluesy (not understood: wobbly)`, if a melody was steered.
    fn steer_line(&self) -> Option<String> {
        let steer = self.steer.as_ref()?;
        let mut line = format!("steered: {}", steer.value);
        if !self.steer_unknown.is_empty() {
            line.push_str(&format!(
                " (not understood: {})",
                self.steer_unknown.join(", ")
            ));
        }
        Some(line)
    }

    /// One line for people: `reggae (from "reggae groove") · A minor (from "in A minor") ·
    /// slow 70 bpm · not a style I know yet: vaporwave — played as EDM`. Empty if nothing
    /// was read.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let from = |r: &Reading| {
            if r.words.eq_ignore_ascii_case(&r.value) {
                r.value.clone()
            } else {
                format!("{} (from \"{}\")", r.value, r.words)
            }
        };
        for r in [&self.style].into_iter().flatten() {
            parts.push(from(r));
        }
        if let Some(c) = &self.colour {
            parts.push(format!("coloured by {}", from(c)));
        }
        for r in [&self.key, &self.meter].into_iter().flatten() {
            parts.push(from(r));
        }
        if let Some(t) = &self.tempo {
            parts.push(if t.words.contains(&t.value) || t.words == "option" {
                format!("{} bpm", t.value)
            } else {
                format!("{} {} bpm", t.words, t.value)
            });
        }
        if let Some(b) = &self.bars {
            parts.push(format!("{} bars", b.value));
        }
        for r in [&self.instrument, &self.mood].into_iter().flatten() {
            parts.push(from(r));
        }
        if let Some(note) = &self.note {
            parts.push(note.clone());
        }
        parts.extend(self.steer_line());
        parts.join(" · ")
    }
}

/// Which values were asked for, not defaulted: the critic holds a jam to these.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Explicit {
    /// A key was named.
    pub key: bool,
    /// The key's mode was named too (`in A minor`, `D dorian`), not only its tonic.
    pub mode: bool,
    /// A tempo was named.
    pub tempo: bool,
    /// A meter was named.
    pub meter: bool,
    /// A length was named.
    pub bars: bool,
}

fn colour_id<S: serde::Serializer>(s: &Option<&'static Style>, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.map_or("", |s| s.id))
}

fn style_id<S: serde::Serializer>(s: &&'static Style, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.id)
}

/// Values given outside the prompt (flags, slash-command options); they win over the prompt.
/// A jam keeps them, so the critic can tell a chosen tempo from one the prompt asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overrides {
    /// Key such as `Bb`, `F#m`, `D dorian`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Quarter notes per minute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tempo: Option<u32>,
    /// Bars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bars: Option<u32>,
    /// Meter such as `6/8`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter: Option<String>,
    /// Style, by id or name (`bossa`, `Bossa nova`); it leads, a genre the prompt names
    /// colours it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
}

impl Overrides {
    /// No value given outside the prompt.
    pub fn is_empty(&self) -> bool {
        *self == Overrides::default()
    }
}

/// Why a prompt or option could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IntentError {
    /// Nothing to go on.
    #[error("the prompt is empty: say what you want to jam, e.g. \"slow blues in E\"")]
    EmptyPrompt,
    /// A key option that is not a key: the key as written, and which word is wrong and why.
    #[error("key `{key}`: {why}; try C, F#, Bb minor or D dorian")]
    BadKey {
        /// The key as written.
        key: String,
        /// The word at fault, its position (in characters, from 1) and what is wrong with it.
        why: String,
    },
    /// A meter option outside what the composer writes.
    #[error("meter `{0}` is not one of 4/4, 3/4, 2/4, 2/2, 6/8, 9/8, 12/8, 5/4, 7/8")]
    BadMeter(String),
    /// Tempo out of range.
    #[error("tempo {0} is outside 30–320 bpm")]
    BadTempo(u32),
    /// Bars out of range.
    #[error("{0} bars is outside 2–64")]
    BadBars(u32),
    /// A style option that names no style of the catalogue.
    #[error("`{0}` is not a style I know; try blues, bossa nova, funk or jig")]
    BadStyle(String),
}
