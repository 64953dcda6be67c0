//! Prompt → [`Intent`]: what a musician asked for, in words they actually type.
//!
//! Unknown words never fail; what is not said takes the style's defaults. Common words
//! survive typos ("bluse", "funcky", "minr"). The intent is part of every jam so a user sees
//! what was understood.

use crate::style::{Family, Style, STYLES};
use crate::theory::key::{Key, Mode};
use crate::theory::note::{Letter, Note};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::OnceLock;

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

/// A melody instrument and the range its example should stay in (MIDI numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    /// Name as shown.
    pub name: &'static str,
    /// Lowest comfortable note.
    pub low: i32,
    /// Highest comfortable note.
    pub high: i32,
    /// Written in bass clef.
    pub bass_clef: bool,
    /// General MIDI program (0-based).
    pub program: u8,
}

const fn ins(name: &'static str, low: i32, high: i32, bass_clef: bool, program: u8) -> Instrument {
    Instrument {
        name,
        low,
        high,
        bass_clef,
        program,
    }
}

/// Instruments by the words that name them.
const INSTRUMENTS: &[(&[&str], Instrument)] = &[
    (
        &["bass", "upright", "double bass", "bassist"],
        ins("bass", 31, 55, true, 32),
    ),
    (&["cello"], ins("cello", 36, 64, true, 42)),
    (&["trombone"], ins("trombone", 40, 67, true, 57)),
    (&["tuba"], ins("tuba", 29, 53, true, 58)),
    (&["flute"], ins("flute", 62, 91, false, 73)),
    (&["piccolo"], ins("piccolo", 74, 96, false, 72)),
    (
        &["trumpet", "horn", "horns", "brass"],
        ins("trumpet", 55, 79, false, 56),
    ),
    (&["tenor sax", "tenor"], ins("tenor sax", 44, 72, false, 66)),
    (
        &["sax", "saxophone", "alto sax", "alto"],
        ins("alto sax", 49, 77, false, 65),
    ),
    (&["clarinet"], ins("clarinet", 52, 84, false, 71)),
    (&["violin", "fiddle"], ins("violin", 55, 88, false, 40)),
    (&["viola"], ins("viola", 48, 76, false, 41)),
    (
        &["guitar", "guitars", "strat", "telecaster"],
        ins("guitar", 52, 81, false, 26),
    ),
    (&["ukulele", "uke"], ins("ukulele", 60, 81, false, 24)),
    (&["mandolin"], ins("mandolin", 55, 84, false, 24)),
    (&["banjo"], ins("banjo", 50, 79, false, 105)),
    (&["harmonica", "harp"], ins("harmonica", 60, 84, false, 22)),
    (
        &["voice", "vocal", "vocals", "singer", "sing", "choir"],
        ins("voice", 57, 76, false, 52),
    ),
    (
        &["piano", "keys", "keyboard", "rhodes", "organ"],
        ins("piano", 55, 84, false, 0),
    ),
    (&["synth", "lead"], ins("synth", 55, 84, false, 80)),
];

/// Used when no instrument is named: a comfortable treble range.
pub const DEFAULT_INSTRUMENT: Instrument = ins("any", 57, 81, false, 0);

/// A mood and what it does to the music.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mood {
    /// Bright, major.
    Happy,
    /// Minor, slower.
    Sad,
    /// Minor, low.
    Dark,
    /// Lydian colour, floating.
    Dreamy,
    /// Relaxed, sparse.
    Chill,
    /// Busy, fast.
    Energetic,
    /// Aggressive.
    Angry,
    /// Warm, slow.
    Romantic,
    /// Modal, minor.
    Mysterious,
}

const MOODS: &[(&[&str], Mood)] = &[
    (
        &[
            "happy",
            "bright",
            "cheerful",
            "upbeat",
            "joyful",
            "sunny",
            "uplifting",
            "fun",
        ],
        Mood::Happy,
    ),
    (
        &[
            "sad",
            "melancholic",
            "melancholy",
            "sorrowful",
            "mournful",
            "lonely",
            "wistful",
        ],
        Mood::Sad,
    ),
    (
        &["dark", "evil", "sinister", "gloomy", "ominous", "heavy"],
        Mood::Dark,
    ),
    (
        &[
            "dreamy", "ethereal", "floating", "spacey", "spacy", "ambient", "hazy",
        ],
        Mood::Dreamy,
    ),
    (
        &[
            "chill",
            "relaxed",
            "mellow",
            "laid-back",
            "laidback",
            "lazy",
            "calm",
            "smooth",
            "easy",
        ],
        Mood::Chill,
    ),
    (
        &["energetic", "driving", "intense", "hype", "wild", "party"],
        Mood::Energetic,
    ),
    (&["angry", "aggressive", "furious", "raging"], Mood::Angry),
    (&["romantic", "love", "tender", "sweet"], Mood::Romantic),
    (
        &["mysterious", "eerie", "spooky", "haunting", "suspense"],
        Mood::Mysterious,
    ),
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

/// A word of the prompt, lowercased and folded (`Ré` → `re`), with its original spelling
/// (case matters for `A` the note vs `a` the article).
#[derive(Clone, Debug)]
struct Word {
    lower: String,
    original: String,
    /// Punctuation or the end of the prompt follows it (`in a, fast`).
    ends_clause: bool,
    /// Vocabulary or a common word: never read as a typo of another word.
    known: bool,
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';' | '!' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '"' | ':' | '=' | '@'
        )
}

/// Lowercase, with the accents of Romance and German spellings dropped (`dièse` → `diese`).
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            '’' => '\'',
            c => c,
        })
        .collect()
}

fn words(prompt: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut rest = prompt;
    while let Some(start) = rest.find(|c: char| !is_separator(c)) {
        if !rest[..start].trim().is_empty() {
            if let Some(last) = out.last_mut() {
                last.ends_clause = true;
            }
        }
        rest = &rest[start..];
        let end = rest.find(is_separator).unwrap_or(rest.len());
        let raw = &rest[..end];
        rest = &rest[end..];
        let w = raw.trim_matches(|c: char| matches!(c, '.' | '\'' | '’'));
        if w.is_empty() {
            if let Some(last) = out.last_mut() {
                last.ends_clause = true;
            }
            continue;
        }
        let lower = fold(w);
        out.push(Word {
            // Small words of asking are no typos either (`something` is not `soothing`).
            known: is_known_word(&lower) || is_filler(&lower),
            lower,
            original: w.to_string(),
            ends_clause: raw.ends_with('.'),
        });
    }
    if let Some(last) = out.last_mut() {
        last.ends_clause = true;
    }
    out
}

/// Levenshtein distance, bounded: stops early once above `max`.
fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut before: Vec<usize> = prev.clone();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            // A swap of two neighbours ("bluse") is one slip, not two.
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                cur[j + 1] = cur[j + 1].min(before[j - 1] + 1);
            }
        }
        if cur.iter().min().is_some_and(|&m| m > max) {
            return max + 1;
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

/// The letters of a word with runs of one letter read once (`bluesss` → `blues`).
fn squeezed(word: &str) -> impl Iterator<Item = char> + '_ {
    let mut last = None;
    word.chars().filter(move |&c| last.replace(c) != Some(c))
}

/// True if the words are the same with runs of one letter read once (`skaa` is `ska`).
fn same_squeezed(a: &str, b: &str) -> bool {
    squeezed(a).eq(squeezed(b))
}

/// True if `word` is `target` or a likely typo of it: a held-down key (`jazzz`, `jaz`) or,
/// for long enough words, one slip in four to six letters and two beyond.
fn sounds_like(word: &str, target: &str) -> bool {
    if word == target {
        return true;
    }
    // Every reading below keeps the first letter: the cheap test goes first.
    if word.chars().next() != target.chars().next() {
        return false;
    }
    if word.chars().any(|c| c.is_ascii_alphabetic()) && same_squeezed(word, target) {
        return true;
    }
    let n = target.chars().count();
    let allowed = match n {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    };
    allowed > 0 && edit_distance(word, target, allowed) <= allowed
}

/// Words of prompts that are not music vocabulary but one letter away from some
/// (`bars`/`bass`, `real`/`reel`, `electric`/`electronic`): never read as typos.
const COMMON: &[&str] = &[
    "bars", "bar", "beats", "beat", "fast", "slow", "minor", "major", "sharp", "flat", "tune",
    "song", "jam", "time", "for", "with", "and", "the", "lead", "feel", "loop", "line", "riff",
    "solo", "band", "some", "more", "real", "blue", "live", "vibe", "vibes", "electric", "style",
    "type", "like", "sound", "deep", "soft", "slap", "son", "bass", "base", "sad", "jams", "fun",
    "hard", "hand", "dark", "dork", "folks", "punch", "rocket", "sole", "soil", "salt",
];

/// Words that introduce a key: `in A`, `key of A`, `en la`, `em Lá`, `on E`.
const KEY_INTRO: &[&str] = &["in", "of", "key", "en", "em", "on", "tonart", "tonalidad"];

/// Words that may follow a key name in a sentence (`in a for a beginner`, `en sol pour guitare`).
const AFTER_KEY: &[&str] = &[
    "for", "at", "with", "and", "or", "on", "to", "over", "please", "pls", "plz", "using", "then",
    "pour", "para", "pra", "per", "con", "avec", "mit", "fur", "a", "y", "e", "et", "und", "bitte",
    "por", "in", "bpm",
];

/// Solfège names of the naturals, as Romance languages name keys (`en mi menor`).
const SOLFEGE: &[(&str, Letter)] = &[
    ("do", Letter::C),
    ("ut", Letter::C),
    ("re", Letter::D),
    ("mi", Letter::E),
    ("fa", Letter::F),
    ("sol", Letter::G),
    ("la", Letter::A),
    ("si", Letter::B),
];

/// Sharps and flats written as a word (`F sharp`, `si bemol`, `fa dièse`).
const ACCIDENTAL_WORDS: &[(&str, i8)] = &[
    ("sharp", 1),
    ("#", 1),
    ("♯", 1),
    ("sostenido", 1),
    ("sostenida", 1),
    ("sustenido", 1),
    ("diese", 1),
    ("diesis", 1),
    ("flat", -1),
    ("♭", -1),
    ("bemol", -1),
    ("bemolle", -1),
    ("bemole", -1),
];

/// Mode names in the other languages prompts arrive in.
const FOREIGN_MODES: &[(&str, Mode)] = &[
    ("menor", Mode::Minor),
    ("minore", Mode::Minor),
    ("mineur", Mode::Minor),
    ("moll", Mode::Minor),
    ("mayor", Mode::Major),
    ("maior", Mode::Major),
    ("maggiore", Mode::Major),
    ("majeur", Mode::Major),
    ("dur", Mode::Major),
    ("dorico", Mode::Dorian),
    ("dorio", Mode::Dorian),
    ("dorisch", Mode::Dorian),
    ("dorien", Mode::Dorian),
    ("frigio", Mode::Phrygian),
    ("phrygisch", Mode::Phrygian),
    ("phrygien", Mode::Phrygian),
    ("lidio", Mode::Lydian),
    ("lydisch", Mode::Lydian),
    ("lydien", Mode::Lydian),
    ("mixolidio", Mode::Mixolydian),
    ("mixolydisch", Mode::Mixolydian),
    ("mixolydien", Mode::Mixolydian),
    ("eolio", Mode::Aeolian),
    ("aolisch", Mode::Aeolian),
    ("eolien", Mode::Aeolian),
    ("locrio", Mode::Locrian),
    ("lokrisch", Mode::Locrian),
    ("locrien", Mode::Locrian),
];

/// English mode names, read with typos (`minr`, `dorain`).
const MODE_NAMES: &[&str] = &[
    "major",
    "minor",
    "dorian",
    "phrygian",
    "lydian",
    "mixolydian",
    "aeolian",
    "locrian",
    "ionian",
];

/// Style words that describe a feel, a place, a scene or a form rather than name a genre:
/// they pick a style only when no genre is named (`reggae groove` is reggae, `funky groove` funk).
const MODIFIERS: &[&str] = &[
    "groove",
    "groovy",
    "funky",
    "bluesy",
    "jazzy",
    "soulful",
    "session",
    "breakdown",
    "acoustic",
    "campfire",
    "ballad",
    "ballade",
    "standard",
    "chicago",
    "delta",
    "texas",
    "seattle",
    "nashville",
    "western",
    "roots",
    "trad",
    "gypsy",
    "manouche",
    "django",
    "dance",
    "club",
    "film",
    "movie",
    "trailer",
    "soundtrack",
    "score",
    "epic",
    "orchestral",
    "60s",
    "sixties",
    "church",
    "praise",
    "radio",
    "chart",
    "catchy",
    "spanish",
    "brazilian",
    "cuban",
    "banjo",
    "synth",
    "trippy",
    "arena",
    "cocktail",
    "shuffle",
    "boogie",
];

/// Tempo words that slow the style down within its range.
const SLOWER: &[&str] = &[
    "laid-back",
    "laidback",
    "laid back",
    "mellow",
    "soothing",
    "relaxed",
    "relaxing",
    "chill",
    "chilled",
    "lazy",
    "calm",
    "gentle",
    "tranquil",
    "tranquilo",
    "tranquila",
    "tranquillo",
    "tranquilla",
    "ruhig",
    "ruhige",
    "ruhiger",
    "ruhigen",
    "relajado",
    "relajada",
    "rilassato",
    "rilassata",
    "gemutlich",
    "dragging",
    "rubato",
    "leisurely",
    "sleepy",
    "peaceful",
    "serene",
    "meditative",
    "unhurried",
    "half-time",
    "half time",
    "tranquille",
    "calme",
    "calmo",
    "calma",
    "despacio",
    "devagar",
    "gemachlich",
];

/// Tempo words that push the style up within its range.
const FASTER: &[&str] = &[
    "upbeat",
    "up-beat",
    "energetic",
    "driving",
    "fast-paced",
    "high-energy",
    "lively",
    "hype",
    "pumping",
    "brisk",
    "frantic",
    "breakneck",
    "double-time",
    "double time",
    "veloz",
    "zugig",
];

/// The reader's vocabulary, indexed once: looking a word up is a hash probe, not a scan of
/// every table.
struct Vocabulary {
    /// Every word the reader knows.
    known: HashSet<&'static str>,
    /// Every word of a style phrase.
    style_tokens: HashSet<&'static str>,
    /// Every style phrase, its words joined by single spaces.
    style_phrases: HashSet<String>,
    /// Every style phrase with its words, in catalogue order.
    phrases: Vec<StylePhrase>,
}

/// One phrase naming a style (`latin jazz`), split into words as prompts are.
struct StylePhrase {
    style: &'static Style,
    text: &'static str,
    words: Vec<&'static str>,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let phrases: Vec<StylePhrase> = STYLES
            .iter()
            .flat_map(|style| {
                style.words.iter().map(move |&text| StylePhrase {
                    style,
                    text,
                    words: phrase_tokens(text).collect(),
                })
            })
            .collect();
        let style_tokens: HashSet<&'static str> = phrases
            .iter()
            .flat_map(|p| p.words.iter().copied())
            .collect();
        let known = COMMON
            .iter()
            .chain(KEY_INTRO)
            .chain(AFTER_KEY)
            .chain(MODE_NAMES)
            .chain(SLOWER)
            .chain(FASTER)
            .copied()
            .chain(SOLFEGE.iter().map(|(s, _)| *s))
            .chain(ACCIDENTAL_WORDS.iter().map(|(s, _)| *s))
            .chain(FOREIGN_MODES.iter().map(|(s, _)| *s))
            .chain(MOODS.iter().flat_map(|(w, _)| w.iter().copied()))
            .chain(INSTRUMENTS.iter().flat_map(|(w, _)| w.iter().copied()))
            .chain(style_tokens.iter().copied())
            .collect();
        Vocabulary {
            known,
            style_phrases: phrases.iter().map(|p| p.words.join(" ")).collect(),
            style_tokens,
            phrases,
        }
    })
}

/// Every word the reader knows: never a typo of another.
fn is_known_word(word: &str) -> bool {
    vocabulary().known.contains(word)
}

/// The words of a style phrase, split as prompts are for reading genres.
fn phrase_tokens(phrase: &str) -> impl Iterator<Item = &str> {
    phrase.split([' ', '-', '/']).filter(|t| !t.is_empty())
}

/// True if `word` is one of the words of a style phrase.
fn is_style_token(word: &str) -> bool {
    vocabulary().style_tokens.contains(word)
}

/// True if `text` (words split by single spaces) is a style phrase.
fn is_style_phrase(text: &str) -> bool {
    vocabulary().style_phrases.contains(text)
}

/// Finds a phrase (one or more words) in the prompt, tolerating typos in single words.
fn find_phrase(ws: &[Word], phrase: &str) -> Option<usize> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    if parts.len() == 1 {
        if let Some(i) = ws.iter().position(|w| w.lower == phrase) {
            return Some(i);
        }
        return ws
            .iter()
            .position(|w| !w.known && sounds_like(&w.lower, phrase));
    }
    (0..ws.len().saturating_sub(parts.len() - 1))
        .find(|&i| parts.iter().enumerate().all(|(k, p)| ws[i + k].lower == *p))
}

/// A word as read for genres: hyphenated words apart (`jazz-funk`), possessives dropped.
#[derive(Clone, Debug)]
struct Token {
    text: String,
    known: bool,
    /// The prompt word it is part of.
    word: usize,
    /// Punctuation follows: adjacent genre words do not join across it.
    ends_clause: bool,
}

/// Two known words run together (`bluesrock`, `hardbop`, `darksynth`), split.
fn split_glued(word: &str) -> Option<(String, String)> {
    if word.chars().count() < 6 || is_known_word(word) || !word.is_ascii() {
        return None;
    }
    (3..=word.len() - 3).find_map(|k| {
        let (a, b) = word.split_at(k);
        let phrase = is_style_phrase(&format!("{a} {b}"));
        let words =
            is_known_word(a) && is_known_word(b) && (is_style_token(a) || is_style_token(b));
        (phrase || words).then(|| (a.to_string(), b.to_string()))
    })
}

fn genre_tokens(ws: &[Word]) -> Vec<Token> {
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let parts: Vec<&str> = w
            .lower
            .split(['-', '/'])
            .filter(|p| !p.is_empty())
            .collect();
        for (k, part) in parts.iter().enumerate() {
            let part = part.strip_suffix("'s").unwrap_or(part);
            let last = k + 1 == parts.len();
            match split_glued(part) {
                Some((a, b)) => {
                    out.push(token(a, false, i));
                    out.push(token(b, last && w.ends_clause, i));
                }
                None => out.push(token(part.to_string(), last && w.ends_clause, i)),
            }
        }
    }
    out
}

fn token(text: String, ends_clause: bool, word: usize) -> Token {
    Token {
        known: is_known_word(&text),
        text,
        ends_clause,
        word,
    }
}

/// `Some(exact)` if a prompt token reads as the phrase word `target`.
fn token_matches(token: &Token, target: &str) -> Option<bool> {
    if token.text == target {
        Some(true)
    } else if !token.known && sounds_like(&token.text, target) {
        Some(false)
    } else {
        None
    }
}

/// Where `phrase` occurs in the tokens (start indices), and whether each occurrence is exact.
fn phrase_hits(toks: &[Token], phrase: &str) -> Vec<(usize, usize, bool)> {
    let parts: Vec<&str> = phrase_tokens(phrase).collect();
    word_hits(toks, &parts)
}

/// Where the words `parts` occur in a row in the tokens, and whether each occurrence is exact.
fn word_hits(toks: &[Token], parts: &[&str]) -> Vec<(usize, usize, bool)> {
    if parts.is_empty() || toks.len() < parts.len() {
        return Vec::new();
    }
    (0..=toks.len() - parts.len())
        .filter_map(|i| {
            let mut exact = true;
            for (k, p) in parts.iter().enumerate() {
                exact &= token_matches(&toks[i + k], p)?;
                // A phrase does not run across punctuation.
                if k + 1 < parts.len() && toks[i + k].ends_clause {
                    return None;
                }
            }
            Some((i, i + parts.len(), exact))
        })
        .collect()
}

/// A style phrase found in the prompt.
#[derive(Clone, Copy, Debug)]
struct StyleHit {
    start: usize,
    end: usize,
    style: &'static Style,
    /// 4: a progression form; 3: a genre; 2: a genre with a typo; 1: a modifier; 0: a
    /// modifier with a typo.
    rank: u8,
}

/// The style the prompt names. A named progression form (`rhythm changes`) first, then genre
/// words before feel and scene words, exact before typos; a longer phrase hides the words
/// inside it (`latin jazz`, `minor blues`); of several genres the first named wins, except
/// that of genre words written together the last one names the music (`psychedelic cumbia`,
/// `country waltz`, `blues rock`).
fn find_style(ws: &[Word]) -> Option<&'static Style> {
    find_style_words(&genre_tokens(ws)).map(|f| f.style)
}

/// The style the prompt names, with the words naming it.
struct StyleFound {
    style: &'static Style,
    /// The words of the chosen phrase, with feel words written next to it (`reggae groove`).
    words: std::ops::Range<usize>,
    /// Every word some style phrase was read in.
    covered: Vec<std::ops::Range<usize>>,
    /// A second genre named beside the first (`reggae with a bit of funk`) and its words.
    colour: Option<(&'static Style, std::ops::Range<usize>)>,
}

/// True if a style can colour another one's melody with a trait of its own: blue notes
/// (blues), a sixteenth-note cell (funk and soul), anticipations (latin), the dropped beat
/// one (reggae).
pub fn colours(style: &Style) -> bool {
    matches!(
        style.family,
        Family::Blues | Family::Soul | Family::Latin | Family::Reggae
    )
}

/// [`find_style`], saying from which words.
fn find_style_words(toks: &[Token]) -> Option<StyleFound> {
    let vocabulary = vocabulary();
    // The style words some token reads as: only phrases starting with one can occur.
    let mut heard: HashSet<&str> = toks.iter().map(|t| t.text.as_str()).collect();
    for t in toks.iter().filter(|t| !t.known) {
        heard.extend(
            vocabulary
                .style_tokens
                .iter()
                .filter(|w| sounds_like(&t.text, w)),
        );
    }
    let mut hits = Vec::new();
    for p in &vocabulary.phrases {
        if !p.words.first().is_some_and(|w| heard.contains(w)) {
            continue;
        }
        let (s, phrase) = (p.style, p.text);
        for (start, end, exact) in word_hits(toks, &p.words) {
            let single = !phrase.contains([' ', '-', '/']);
            // `manouche-style waltz`, `chicago style blues`: a modifier of what follows.
            let modifier = single && MODIFIERS.contains(&phrase)
                || toks.get(end).is_some_and(|t| {
                    matches!(t.text.as_str(), "style" | "type" | "ish" | "inspired")
                });
            // A short modifier only as written: `trap` is no `trad`.
            if modifier && !exact && phrase.len() < 5 {
                continue;
            }
            let rank = if matches!(s.id, "rhythm-changes" | "andalusian") {
                4
            } else {
                u8::from(!modifier) * 2 + u8::from(exact)
            };
            hits.push(StyleHit {
                start,
                end,
                style: s,
                rank,
            });
        }
    }
    let inside = |h: &StyleHit| {
        hits.iter()
            .any(|g| g.start <= h.start && h.end <= g.end && g.end - g.start > h.end - h.start)
    };
    let kept: Vec<StyleHit> = hits.iter().copied().filter(|h| !inside(h)).collect();
    let best = kept.iter().map(|h| h.rank).max()?;
    let top: Vec<StyleHit> = kept.iter().copied().filter(|h| h.rank == best).collect();
    let mut cur = *top
        .iter()
        .min_by_key(|h| (h.start, std::cmp::Reverse(h.end)))?;
    let first = cur.start;
    while !toks[cur.end - 1].ends_clause {
        match top
            .iter()
            .filter(|h| h.start == cur.end)
            .max_by_key(|h| h.end)
        {
            Some(next) => cur = *next,
            None => break,
        }
    }
    // Feel and scene words written against the phrase belong to it (`reggae groove`).
    let (mut start, mut end) = (first, cur.end);
    loop {
        let after = kept
            .iter()
            .filter(|h| h.start == end && !toks[end - 1].ends_clause)
            .map(|h| h.end)
            .max();
        let before = kept
            .iter()
            .filter(|h| h.end == start && !toks[start - 1].ends_clause)
            .map(|h| h.start)
            .min();
        if after.is_none() && before.is_none() {
            break;
        }
        end = after.unwrap_or(end);
        start = before.unwrap_or(start);
    }
    // The first other genre (or a `funky`, `bluesy`) outside the head's words colours it.
    let colour = kept
        .iter()
        .filter(|h| h.end <= first || h.start >= cur.end)
        .filter(|h| h.style.family != cur.style.family && colours(h.style))
        .filter(|h| h.rank >= 2 || matches!(toks[h.start].text.as_str(), "funky" | "bluesy"))
        .min_by_key(|h| h.start)
        .map(|h| (h.style, toks[h.start].word..toks[h.end - 1].word + 1));
    Some(StyleFound {
        style: cur.style,
        words: toks[start].word..toks[end - 1].word + 1,
        colour,
        covered: hits
            .iter()
            .map(|h| toks[h.start].word..toks[h.end - 1].word + 1)
            .collect(),
    })
}

const NUMBER_WORDS: &[(&str, u32)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("twelve", 12),
    ("sixteen", 16),
    ("twenty", 20),
    ("twenty-four", 24),
    ("thirty-two", 32),
    ("thirtytwo", 32),
];

fn number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '-');
    if let Ok(n) = digits.parse::<u32>() {
        return Some(n);
    }
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, n)| *n)
}

/// `12-bar`, `12 bars`, `16 measures`, `eight bar`.
fn find_bars(ws: &[Word]) -> Option<(u32, Span)> {
    for (i, w) in ws.iter().enumerate() {
        for suffix in ["-bars", "-bar", "bars", "bar", "-measures", "measures"] {
            if let Some(n) = w.lower.strip_suffix(suffix).and_then(number) {
                return Some((n, i..i + 1));
            }
        }
        let next = ws.get(i + 1).map(|n| n.lower.as_str());
        if matches!(next, Some("bar" | "bars" | "measure" | "measures")) {
            if let Some(n) = number(&w.lower) {
                return Some((n, i..i + 2));
            }
        }
    }
    None
}

/// Word positions in a prompt.
type Span = std::ops::Range<usize>;

/// Where `word` is said in the prompt and not denied (`not too fast`).
fn said_at(ws: &[Word], word: &str) -> Option<Span> {
    let parts: Vec<&str> = word.split(' ').collect();
    (0..ws.len())
        .find(|&i| {
            // Typos only in long words: `left` is no `lent`, `child` no `chill`.
            let hit = if parts.len() == 1 {
                let w = &ws[i];
                w.lower == word
                    || !w.known
                        && (same_squeezed(&w.lower, word)
                            || word.len() >= 7 && sounds_like(&w.lower, word))
            } else {
                parts
                    .iter()
                    .enumerate()
                    .all(|(k, p)| ws.get(i + k).is_some_and(|w| w.lower == *p))
            };
            let before = |k: usize| i.checked_sub(k).map(|p| ws[p].lower.as_str());
            hit && before(1) != Some("not")
                && !(before(1) == Some("too") && before(2) == Some("not"))
        })
        .map(|i| i..i + parts.len())
}

/// Tempo marks and words: a tempo, or the style's slow, usual or fast one.
const TEMPO_NAMES: &[(&[&str], u32)] = &[
    (&["largo", "grave"], 50),
    (&["adagio"], 70),
    (&["andante"], 90),
    (&["moderato"], 110),
    (&["allegro"], 132),
    (&["vivace"], 160),
    (&["presto"], 180),
    (
        &[
            "slow",
            "slowly",
            "slower",
            "slowish",
            "slow-ish",
            "ballad-tempo",
            "ballad tempo",
            "downtempo",
            "down tempo",
            "lentement",
            "sluggish",
            "lento",
            "lenta",
            "lent",
            "lente",
            "langsam",
            "langsame",
            "langsamer",
            "langsames",
        ],
        SLOW,
    ),
    (
        &["medium", "mid-tempo", "midtempo", "moderate", "moderately"],
        USUAL,
    ),
    (
        &[
            "fast",
            "faster",
            "fastish",
            "fast-ish",
            "quick",
            "up-tempo",
            "up tempo",
            "uptempo",
            "speedy",
            "rapid",
            "burning",
            "blazing",
            "blistering",
            "rapido",
            "rapida",
            "rapide",
            "veloce",
            "schnell",
            "schnelle",
            "schneller",
            "schnelles",
            "vite",
        ],
        FAST,
    ),
];
const SLOW: u32 = 0;
const USUAL: u32 = 1;
const FAST: u32 = 2;

/// Words before a number that make it a name, not a tempo (`studio 54`, `top 40`, `route 66`).
const NAMED_BY_NUMBER: &[&str] = &[
    "studio", "top", "sum", "route", "highway", "apollo", "number", "no", "track", "opus", "op",
    "bwv", "room", "channel", "area", "catch", "class", "level", "psalm", "hymn",
];

/// Words after a number that make it a count of something else (`50 years`, `100 people`).
const COUNTED_THINGS: &[&str] = &[
    "years",
    "year",
    "people",
    "guests",
    "minutes",
    "minute",
    "seconds",
    "dollars",
    "times",
    "percent",
    "%",
    "students",
    "kids",
    "players",
    "musicians",
    "songs",
    "tunes",
    "takes",
    "notes",
    "chords",
    "keys",
    "voices",
    "octaves",
    "cents",
    "hz",
];

/// Tempo numbers and words: `120 bpm`, `at 96`, `q=132`, `slow`, `allegro`, `schnell`.
fn find_tempo(ws: &[Word], style: &Style) -> Option<(u32, Span)> {
    for (i, w) in ws.iter().enumerate() {
        if let Some(n) = w.lower.strip_suffix("bpm").and_then(bare_number) {
            return Some((n, i..i + 1));
        }
        let next = ws.get(i + 1).map(|n| n.lower.as_str());
        if let Some(n) = bare_number(&w.lower) {
            // Not `12 bars`, not `251 progression` (a ii-V-I), not `studio 54`, `top 40` or
            // `50 years`: a number that names or counts something else.
            let before = i.checked_sub(1).map(|p| ws[p].lower.as_str());
            let counts = !matches!(
                next,
                Some("bar" | "bars" | "measures" | "progression" | "progressions" | "changes")
            ) && !before.is_some_and(|b| NAMED_BY_NUMBER.contains(&b))
                && !next.is_some_and(|n| COUNTED_THINGS.contains(&n));
            let per_bar = per_bar_at(ws, i + 2);
            if matches!(next, Some("bpm")) || matches!(next, Some("beats")) && !per_bar {
                return Some((n, i..i + 2));
            }
            if (40..=300).contains(&n) && counts {
                return Some((n, i..i + 1));
            }
        }
    }
    let (slow, usual, fast) = style.tempo;
    TEMPO_NAMES.iter().find_map(|(names, t)| {
        let t = match *t {
            SLOW => slow,
            USUAL => usual,
            FAST => fast,
            t => t,
        };
        names
            .iter()
            .find_map(|n| said_at(ws, n))
            .map(|span| (t, span))
    })
}

/// `96`, `90ish`, `~90`, `90-100` (the middle): a number of beats per minute.
fn bare_number(text: &str) -> Option<u32> {
    let t = text.trim_start_matches('~').trim_end_matches("ish");
    let t = t.strip_suffix('-').unwrap_or(t);
    match t.split_once('-') {
        Some((a, b)) => Some((a.parse::<u32>().ok()? + b.parse::<u32>().ok()?) / 2),
        None => t.parse().ok(),
    }
}

/// Words that move the tempo within the style's range without naming one.
fn feel_tempo(ws: &[Word], style: &Style) -> Option<(u32, Span)> {
    let (slow, usual, fast) = style.tempo;
    let slower = SLOWER.iter().find_map(|w| said_at(ws, w));
    let faster = FASTER.iter().find_map(|w| said_at(ws, w));
    match (slower, faster) {
        (Some(span), None) => Some(((slow + usual) / 2, span)),
        (None, Some(span)) => Some(((usual + fast) / 2, span)),
        _ => None,
    }
}

/// `6/8`, `3/4ths`, `12/8time`: a meter the composer writes.
fn parse_meter(text: &str) -> Option<(u32, u32)> {
    let written = text.trim_end_matches(|c: char| c.is_alphabetic());
    crate::theory::time::parse_meter(written).filter(|m| METERS.contains(m))
}

/// Words saying that the numbers before them are a meter (`3 4 time`, `six eight feel`).
const METER_WORDS: &[&str] = &["time", "meter", "metre", "feel", "signature", "takt"];

/// Words counted after `in N` that make it no meter (`in 3 flats`, `in 2 keys`).
const COUNTED: &[&str] = &[
    "bar", "bars", "measure", "measures", "key", "keys", "flat", "flats", "sharp", "sharps",
    "minute", "minutes", "part", "parts", "voice", "voices", "chord", "chords", "note", "notes",
    "octave", "octaves", "take", "takes", "version", "versions", "chorus", "choruses", "verse",
    "verses", "section", "sections", "step", "steps", "hour", "hours", "second", "seconds",
];

/// A meter by its name: `triple time`, `odd meter`, `Dreivierteltakt`, `à trois temps`.
const METER_NAMES: &[(&str, (u32, u32))] = &[
    ("compound duple", (6, 8)),
    ("compound triple", (9, 8)),
    ("compound quadruple", (12, 8)),
    ("compound time", (6, 8)),
    ("compound meter", (6, 8)),
    ("triple time", (3, 4)),
    ("triple meter", (3, 4)),
    ("triple metre", (3, 4)),
    ("duple time", (2, 4)),
    ("duple meter", (2, 4)),
    ("duple metre", (2, 4)),
    ("quadruple time", (4, 4)),
    ("quadruple meter", (4, 4)),
    ("odd meter", (7, 8)),
    ("odd metre", (7, 8)),
    ("odd time", (7, 8)),
    ("odd-time", (7, 8)),
    ("odd-meter", (7, 8)),
    ("cut time", (2, 2)),
    ("cut-time", (2, 2)),
    ("alla breve", (2, 2)),
    ("common time", (4, 4)),
    ("trois temps", (3, 4)),
    ("deux temps", (2, 4)),
    ("quatre temps", (4, 4)),
    ("ternario", (3, 4)),
    ("zweivierteltakt", (2, 4)),
    ("dreivierteltakt", (3, 4)),
    ("viervierteltakt", (4, 4)),
    ("funfvierteltakt", (5, 4)),
    ("sechsachteltakt", (6, 8)),
    ("siebenachteltakt", (7, 8)),
    ("neunachteltakt", (9, 8)),
    ("zwolfachteltakt", (12, 8)),
];

/// Dances and the meter they are in.
const DANCE_METERS: &[(&[&str], (u32, u32))] = &[
    (&["slip jig"], (9, 8)),
    (
        &[
            "jig",
            "gigue",
            "giga",
            "tarantella",
            "tarantela",
            "barcarolle",
            "barcarola",
            "siciliana",
            "siciliano",
            "chacarera",
        ],
        (6, 8),
    ),
    (&["reel", "hornpipe", "horn pipe", "strathspey"], (4, 4)),
    (&["polka"], (2, 4)),
    (
        &[
            "waltz",
            "valse",
            "vals",
            "valsa",
            "walzer",
            "valzer",
            "minuet",
            "menuet",
            "mazurka",
            "landler",
            "laendler",
            "sarabande",
            "polonaise",
        ],
        (3, 4),
    ),
];

/// The meter of `in 3`, `in six`, `in 7`: counted in beats, as players say it.
fn meter_in(count: u32) -> Option<(u32, u32)> {
    Some(match count {
        2 => (2, 2),
        3 => (3, 4),
        4 => (4, 4),
        5 => (5, 4),
        6 => (6, 8),
        7 => (7, 8),
        9 => (9, 8),
        12 => (12, 8),
        _ => return None,
    })
}

/// The meter of `N beats per bar`: quarter beats, or eighths when N is a compound count.
fn meter_of_beats(count: u32) -> Option<(u32, u32)> {
    match count {
        6 | 9 | 12 => meter_in(count),
        2..=7 => Some((count, 4)),
        _ => None,
    }
}

/// True if the words from `i` say "per bar" (`per bar`, `to the bar`, `a measure`, `in a bar`).
fn per_bar_at(ws: &[Word], i: usize) -> bool {
    let at = |k: usize| ws.get(i + k).map(|w| w.lower.as_str());
    let bar = |w: Option<&str>| matches!(w, Some("bar" | "measure"));
    matches!(at(0), Some("per" | "a" | "each" | "every")) && bar(at(1))
        || matches!(at(0), Some("to" | "in" | "per"))
            && matches!(at(1), Some("the" | "a" | "each"))
            && bar(at(2))
}

/// A written meter (`6/8`, `cut time`, `in 3`, `five beats per bar`) or the meter a dance is
/// in (`jig`, `polka`, `waltz`).
fn find_meter(ws: &[Word], toks: &[Token]) -> Option<((u32, u32), Span)> {
    // `6/8`, `3/4-time`, `¾`.
    if let Some(m) = ws.iter().enumerate().find_map(|(i, w)| {
        let fraction = w.lower.split('-').find_map(parse_meter);
        fraction
            .or_else(|| (w.lower == "¾").then_some((3, 4)))
            .map(|m| (m, i..i + 1))
    }) {
        return Some(m);
    }
    let said_as_numbers = |a: &str, b: &str| {
        let (a, b) = (number(a)?, number(b)?);
        parse_meter(&format!("{a}/{b}"))
    };
    let is_meter_word =
        |w: Option<&Word>| w.is_some_and(|w| METER_WORDS.contains(&w.lower.as_str()));
    let is_counted = |w: Option<&Word>| w.is_some_and(|w| COUNTED.contains(&w.lower.as_str()));
    let spelled = |w: &str| w.chars().all(char::is_alphabetic);
    for (i, w) in ws.iter().enumerate() {
        // `six-eight`, `3-4 time` (not `90-100`, a tempo).
        if let Some((a, b)) = w.lower.split_once('-') {
            if spelled(a) || is_meter_word(ws.get(i + 1)) {
                if let Some(m) = said_as_numbers(a, b) {
                    return Some((m, i..i + 1));
                }
            }
        }
        if let Some(next) = ws.get(i + 1) {
            // `three four time`, `3 4 time`; `twelve eight` needs no time word.
            let said = said_as_numbers(&w.lower, &next.lower);
            let words_only = spelled(&w.lower) && spelled(&next.lower) && !w.ends_clause;
            if let Some(m) = said {
                if is_meter_word(ws.get(i + 2)) {
                    return Some((m, i..i + 3));
                }
                if words_only && m.1 == 8 && !is_counted(ws.get(i + 2)) {
                    return Some((m, i..i + 2));
                }
            }
            // `in 3`, `in seven`, `in 6 time`.
            if w.lower == "in" && !is_counted(ws.get(i + 2)) {
                let after = ws.get(i + 2);
                let ends =
                    next.ends_clause || is_meter_word(after) || after.is_some_and(|a| a.known);
                let count = next.lower.parse::<u32>().ok().or_else(|| {
                    let named = NUMBER_WORDS.iter().find(|(n, _)| *n == next.lower);
                    named.map(|(_, n)| *n)
                });
                if let Some(m) = count.filter(|_| ends).and_then(meter_in) {
                    let end = if is_meter_word(after) { i + 3 } else { i + 2 };
                    return Some((m, i..end));
                }
            }
            // `five beats per bar`, `3 beats to the bar`.
            if matches!(next.lower.as_str(), "beats" | "beat" | "counts") && per_bar_at(ws, i + 2) {
                if let Some(m) = number(&w.lower).and_then(meter_of_beats) {
                    return Some((m, i..i + 4));
                }
            }
        }
    }
    for (words, m) in METER_NAMES {
        if let Some(span) = said_at(ws, words) {
            return Some((*m, span));
        }
    }
    DANCE_METERS.iter().find_map(|(names, m)| {
        names.iter().find_map(|n| {
            phrase_hits(toks, n)
                .first()
                .map(|&(a, b, _)| (*m, toks[a].word..toks[b - 1].word + 1))
        })
    })
}

/// How a key name was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Spelling {
    /// `A`, `F#m`, `Bb`, `E flat`.
    Letter,
    /// `la`, `mi bémol`, `fa dièse`.
    Solfege,
    /// `Es-Dur`, `fis-Moll`, `H-Moll`.
    German,
    /// `Fis`, `Cis` with no `Dur`/`Moll`.
    GermanAlone,
}

/// A key name found at a word: its tonic, the mode written with it, and the word after it.
#[derive(Clone, Copy, Debug)]
struct Tonic {
    note: Note,
    mode: Option<Mode>,
    next: usize,
    spelling: Spelling,
    /// A lowercase single letter or a lowercase `am`/`em`: often an ordinary word.
    ambiguous: bool,
}

fn accidental_word(word: &str) -> Option<i8> {
    ACCIDENTAL_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, a)| *a)
}

/// A mode written at `ws[j]`: `minor`, `min`, `dorian`, `harmonic minor`, `menor`, `Moll`.
fn mode_at(ws: &[Word], j: usize) -> Option<(Mode, usize)> {
    let w = ws.get(j)?.lower.as_str();
    let next = ws.get(j + 1).map(|n| n.lower.as_str());
    let minor_next = next.is_some_and(|n| sounds_like(n, "minor"));
    match w {
        "harmonic-minor" => return Some((Mode::HarmonicMinor, 1)),
        "melodic-minor" => return Some((Mode::MelodicMinor, 1)),
        "harmonic" if minor_next => return Some((Mode::HarmonicMinor, 2)),
        "melodic" if minor_next => return Some((Mode::MelodicMinor, 2)),
        _ => {}
    }
    if let Some((_, m)) = FOREIGN_MODES.iter().find(|(n, _)| *n == w) {
        return Some((*m, 1));
    }
    if w == "m" || w.chars().count() < 3 {
        return None;
    }
    if let Ok(m) = w.parse::<Mode>() {
        return Some((m, 1));
    }
    MODE_NAMES
        .iter()
        .find(|m| sounds_like(w, m))
        .and_then(|m| m.parse().ok())
        .map(|m| (m, 1))
}

/// `A`, `a`, `F#`, `Bb`, `F#m`, `Ebmin`, `Dbmaj`, `A-`: tonic and any mode glued to it.
fn letter_name(word: &Word) -> Option<(Note, Option<Mode>, usize)> {
    let mut chars = word.lower.chars();
    let letter = Letter::from_char(chars.next().filter(|c| c.is_ascii_alphabetic())?)?;
    let rest = chars.as_str();
    let original: Vec<char> = word.original.chars().collect();
    let (mut alter, mut accidental) = match rest.chars().next() {
        Some('#' | '♯') => (1, 1),
        // `Bb` but not `BB` (B.B. King).
        Some('b' | '♭') if original.get(1) != Some(&'B') => (-1, 1),
        _ => (0, 0),
    };
    let mut suffix: String = rest.chars().skip(accidental).collect();
    // Hyphenated: `E-flat`, `F-sharp-minor`, `D-major`.
    if accidental == 0 {
        for (name, a) in [("-flat", -1), ("-sharp", 1)] {
            if let Some(r) = suffix.strip_prefix(name) {
                (alter, accidental, suffix) = (a, 1, r.to_string());
                break;
            }
        }
    }
    if suffix.len() > 1 {
        if let Some(r) = suffix.strip_prefix('-') {
            suffix = r.to_string();
        }
    }
    let mode = match suffix.as_str() {
        "" => None,
        "-" => Some(Mode::Minor),
        // `Am`, not `AM` or `FM` (radio).
        "m" if original.last() == Some(&'m') => Some(Mode::Minor),
        "m" => return None,
        s => Some(s.parse::<Mode>().ok()?),
    };
    Some((Note { letter, alter }, mode, accidental))
}

fn german_name(name: &str) -> Option<Note> {
    let (letter, alter) = match name {
        "h" => (Letter::B, 0),
        "b" => (Letter::B, -1),
        "es" => (Letter::E, -1),
        "as" => (Letter::A, -1),
        n if n.len() == 1 => (Letter::from_char(n.chars().next()?)?, 0),
        n => {
            let letter = Letter::from_char(n.chars().next()?)?;
            match &n[1..] {
                "is" => (letter, 1),
                "es" => (letter, -1),
                _ => return None,
            }
        }
    };
    Some(Note { letter, alter })
}

/// A key name at `ws[i]` in any spelling, with the mode written after it.
fn tonic_at(ws: &[Word], i: usize) -> Option<Tonic> {
    let w = &ws[i];
    let mode_after = |j: usize| match mode_at(ws, j) {
        Some((m, used)) => (Some(m), j + used),
        None => (None, j),
    };
    // German: `Es-Dur`, `fis-Moll`, `B Dur`.
    if let Some((name, m)) = w.lower.split_once('-') {
        if let (Some(note), Some(mode)) = (german_name(name), german_mode(m)) {
            return Some(german(note, Some(mode), i + 1, Spelling::German));
        }
    }
    if let Some(note) = german_name(&w.lower) {
        if let Some(mode) = ws.get(i + 1).and_then(|n| german_mode(&n.lower)) {
            return Some(german(note, Some(mode), i + 2, Spelling::German));
        }
    }
    if let Some((note, glued, accidental)) = letter_name(w) {
        let mut note = note;
        let mut next = i + 1;
        if accidental == 0 && glued.is_none() {
            if let Some(a) = ws.get(next).and_then(|n| accidental_word(&n.lower)) {
                note.alter = a;
                next += 1;
            }
        }
        let (mode, next) = match glued {
            Some(m) => (Some(m), next),
            None => mode_after(next),
        };
        let lowercase = w.original.starts_with(|c: char| c.is_lowercase());
        let ambiguous =
            lowercase && (w.lower.len() == 1 || accidental == 0 && glued == Some(Mode::Minor));
        return Some(Tonic {
            note,
            mode,
            next,
            spelling: Spelling::Letter,
            ambiguous,
        });
    }
    // Solfège: `la`, `mi bémol`, `fa#`, `ré`.
    let (name, alter) = match w.lower.strip_suffix(['#', '♯']) {
        Some(n) => (n, 1),
        None => match w.lower.strip_suffix('♭') {
            Some(n) => (n, -1),
            None => (w.lower.as_str(), 0),
        },
    };
    if let Some((_, letter)) = SOLFEGE.iter().find(|(s, _)| *s == name) {
        let mut note = Note {
            letter: *letter,
            alter,
        };
        let mut next = i + 1;
        if alter == 0 {
            if let Some(a) = ws.get(next).and_then(|n| accidental_word(&n.lower)) {
                note.alter = a;
                next += 1;
            }
        }
        let (mode, next) = mode_after(next);
        return Some(Tonic {
            note,
            mode,
            next,
            spelling: Spelling::Solfege,
            ambiguous: true,
        });
    }
    // `in Fis`: German names that are no other word.
    if matches!(
        w.lower.as_str(),
        "cis" | "dis" | "fis" | "gis" | "ais" | "ges" | "des"
    ) {
        let note = german_name(&w.lower)?;
        let (mode, next) = mode_after(i + 1);
        return Some(german(note, mode, next, Spelling::GermanAlone));
    }
    None
}

fn german_mode(word: &str) -> Option<Mode> {
    match word {
        "dur" => Some(Mode::Major),
        "moll" => Some(Mode::Minor),
        _ => None,
    }
}

fn german(note: Note, mode: Option<Mode>, next: usize, spelling: Spelling) -> Tonic {
    Tonic {
        note,
        mode,
        next,
        spelling,
        ambiguous: false,
    }
}

/// Finds the key: `in X`, `key of X`, `X minor`, a capital note name such as `Bb` or `F#m`,
/// solfège after `en`/`in` or before a mode (`en mi menor`), German `B-Dur`. Returns the tonic,
/// its mode if one was written with it, and the words it took.
fn find_key(ws: &[Word]) -> Option<(Note, Option<Mode>, std::ops::Range<usize>)> {
    let mut best: Option<(usize, Tonic, usize)> = None;
    for i in 0..ws.len() {
        let Some(t) = tonic_at(ws, i) else {
            continue;
        };
        let prev = i.checked_sub(1).map(|p| ws[p].lower.as_str());
        let introduced = prev.is_some_and(|p| KEY_INTRO.contains(&p));
        // What follows a bare name shows it is one: `in a, fast`, `en sol pour guitare`.
        let settled = t.next >= ws.len()
            || ws[t.next - 1].ends_clause
            || AFTER_KEY.contains(&ws[t.next].lower.as_str())
            || ws[t.next].lower.starts_with(|c: char| c.is_ascii_digit());
        let plausible = match t.spelling {
            Spelling::German => true,
            Spelling::GermanAlone => introduced,
            Spelling::Solfege => t.mode.is_some() || introduced && settled,
            Spelling::Letter if t.ambiguous => {
                introduced && (t.mode.is_some() || settled)
                    || t.mode.is_some() && ws[i].lower.len() == 1 && ws[i].lower != "a"
            }
            // A sentence-opening `A` is an article unless a mode follows.
            Spelling::Letter => {
                !(ws[i].original == "A" && i == 0 && ws.len() > 1 && t.mode.is_none())
            }
        };
        if !plausible {
            continue;
        }
        let strength = usize::from(introduced) * 2 + usize::from(t.mode.is_some());
        if best.is_none_or(|(s, _, _)| strength > s) {
            best = Some((strength, t, i));
        }
    }
    best.map(|(_, t, i)| (t.note, t.mode, i..t.next))
}

/// A mode named apart from the tonic (`minor blues in C`, `blues menor em Lá`).
fn detached_mode(ws: &[Word], taken: &std::ops::Range<usize>) -> Option<(Mode, usize)> {
    (0..ws.len()).filter(|i| !taken.contains(i)).find_map(|i| {
        let w = ws[i].lower.as_str();
        let full = MODE_NAMES.contains(&w)
            || FOREIGN_MODES.iter().any(|(n, _)| *n == w)
            || matches!(
                w,
                "harmonic" | "melodic" | "harmonic-minor" | "melodic-minor"
            );
        // `minor` of `harmonic minor` is read with it.
        let after_qualifier = i > 0 && matches!(ws[i - 1].lower.as_str(), "harmonic" | "melodic");
        (full && !after_qualifier)
            .then(|| mode_at(ws, i).map(|(m, _)| (m, i)))
            .flatten()
    })
}

fn find_word_list<T: Copy>(ws: &[Word], table: &[(&[&str], T)]) -> Option<(T, Span)> {
    // Multi-word names first (`tenor sax` before `sax`).
    let words_at = |name: &str| {
        let parts: Vec<&str> = name.split(' ').collect();
        (0..ws.len().saturating_sub(parts.len() - 1))
            .find(|&i| {
                parts.iter().enumerate().all(|(k, p)| {
                    // The last word as a prefix: `tenor sax` in `tenor saxophone`.
                    ws[i + k].lower == *p || k + 1 == parts.len() && ws[i + k].lower.starts_with(p)
                })
            })
            .map(|i| i..i + parts.len())
    };
    table
        .iter()
        .find_map(|(names, v)| {
            names
                .iter()
                .filter(|n| n.contains(' '))
                .find_map(|n| words_at(n))
                .map(|span| (*v, span))
        })
        .or_else(|| {
            table.iter().find_map(|(names, v)| {
                names
                    .iter()
                    .filter(|n| !n.contains(' '))
                    .find_map(|n| find_phrase(ws, n))
                    .map(|i| (*v, i..i + 1))
            })
        })
}

/// Reads a key option such as `Bb`, `F#m`, `D dorian`, `a minor`, `Es-Dur`. Strict: a key
/// that is not one is an error naming the word at fault, where it is and why (`E#####` has
/// five sharps, `locrian####` is not a mode), never rounded to a nearby key.
pub fn parse_key(text: &str) -> Result<Key, IntentError> {
    let ws = words(text);
    let bad = |i: usize, why: &str| {
        let at = word_positions(text, &ws).get(i).copied().unwrap_or(1);
        let word = ws.get(i).map_or("", |w| w.original.as_str());
        IntentError::BadKey {
            key: text.trim().to_string(),
            why: format!("`{word}` at character {at} {why}"),
        }
    };
    if ws.is_empty() {
        return Err(IntentError::BadKey {
            key: text.trim().to_string(),
            why: "there is no note name".into(),
        });
    }
    let Some(t) = tonic_at(&ws, 0) else {
        return Err(match accidentals_after_letter(&ws[0].original) {
            Some(n) if n > 1 => bad(
                0,
                &format!("has {n} sharps or flats; a key's tonic has at most one"),
            ),
            Some(_) => bad(0, "is not a note name with a mode (Am, F#m, Ebmaj)"),
            None => bad(0, "is not a note name (A to G, do re mi, Es-Dur)"),
        });
    };
    if t.spelling == Spelling::GermanAlone {
        return Err(bad(0, "is a German note name without Dur or Moll"));
    }
    if t.next != ws.len() {
        let why = if t.mode.is_none() {
            "is not a mode (major, minor, dorian, …)"
        } else {
            "is one word too many"
        };
        return Err(bad(t.next, why));
    }
    // A mode is read through typos (`dorain`), but not through signs and digits (`dorian7`).
    if let Some(i) = (1..ws.len()).find(|&i| {
        !ws[i]
            .original
            .chars()
            .all(|c| c.is_alphabetic() || c == '-')
    }) {
        return Err(bad(i, "is not a mode (major, minor, dorian, …)"));
    }
    Ok(playable_key(t.note, t.mode.unwrap_or(Mode::Major)))
}

/// Where each word starts in `text`, in characters from 1.
fn word_positions(text: &str, ws: &[Word]) -> Vec<usize> {
    let mut from = 0;
    ws.iter()
        .map(|w| {
            let start = text[from..].find(&w.original).map_or(from, |i| from + i);
            from = start + w.original.len();
            text[..start].chars().count() + 1
        })
        .collect()
}

/// The sharps and flats written after a word's note letter (`E#####` → 5), if it starts
/// with one (A–G, either case).
fn accidentals_after_letter(word: &str) -> Option<usize> {
    let mut chars = word.chars();
    chars
        .next()
        .filter(|c| matches!(c.to_ascii_uppercase(), 'A'..='G'))?;
    Some(
        chars
            .take_while(|c| matches!(c, '#' | 'b' | '♯' | '♭'))
            .count(),
    )
}

/// Reads a style option: a catalogue id (`bossa`) or name (`Bossa nova`), in any case.
pub fn style_option(text: &str) -> Result<&'static Style, IntentError> {
    let t = text.trim();
    STYLES
        .iter()
        .find(|s| s.id.eq_ignore_ascii_case(t) || s.name.eq_ignore_ascii_case(t))
        .ok_or_else(|| IntentError::BadStyle(t.to_string()))
}

/// Keeps the spelling a musician asked for unless it needs double sharps or flats.
fn playable_key(tonic: Note, mode: Mode) -> Key {
    let key = Key { tonic, mode };
    if key.fifths().abs() > 7 {
        Key::best_spelling(tonic.pitch_class(), mode)
    } else {
        key
    }
}

/// What another reader (a language model) made of a prompt, each value already checked
/// against the catalogue. [`parse_with`] takes a hint where the prompt's words say nothing
/// (or, when `first`, before the words); options given beside the prompt win over both.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Hints {
    /// A catalogue style.
    pub style: Option<&'static Style>,
    /// The key's tonic.
    pub tonic: Option<Note>,
    /// The key's mode (with the tonic; alone it sets the mode of the style's usual tonic).
    pub mode: Option<Mode>,
    /// Quarter notes per minute, within [`TEMPO`].
    pub tempo: Option<u32>,
    /// One of [`METERS`].
    pub meter: Option<(u32, u32)>,
    /// Bars, within [`BARS`].
    pub bars: Option<u32>,
    /// The mood.
    pub mood: Option<Mood>,
    /// The instrument.
    pub instrument: Option<Instrument>,
    /// The hints win over the prompt's words (else they only fill what the words leave open).
    pub first: bool,
}

/// Words shown in `understood` for a value a hint gave.
pub const HINT_WORDS: &str = "read by the model";

impl Hints {
    /// The hint for a field when it is to be used: there is one, and it comes first or the
    /// words said nothing.
    fn over<T: Copy, U>(&self, hint: Option<T>, words: &Option<U>) -> Option<T> {
        hint.filter(|_| self.first || words.is_none())
    }
}

/// Understands a prompt. Never fails on words it does not know; fails only on an empty
/// prompt or on options out of range.
pub fn parse(prompt: &str, overrides: &Overrides) -> Result<Intent, IntentError> {
    parse_with(prompt, overrides, &Hints::default())
}

/// [`parse`], with another reader's [`Hints`] for what the words leave open.
pub fn parse_with(
    prompt: &str,
    overrides: &Overrides,
    hints: &Hints,
) -> Result<Intent, IntentError> {
    // Its length is the front door's to limit (`jamsesh_ops::MAX_PROMPT_CHARS`), not cut here.
    let prompt: String = prompt.trim().to_string();
    // Only a blank prompt is refused: one of signs alone (`{`, `🎸`) still gets a jam.
    if prompt.is_empty() {
        return Err(IntentError::EmptyPrompt);
    }
    let ws = words(&prompt);
    let toks = genre_tokens(&ws);
    let mut understood = Understood::default();
    let text = |span: &Span| {
        ws[span.clone()]
            .iter()
            .map(|w| w.original.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let read = |value: String, span: &Span| {
        Some(Reading {
            value,
            words: text(span),
        })
    };
    let set = |value: String| {
        Some(Reading {
            value,
            words: "option".to_string(),
        })
    };
    let hinted = |value: String| {
        Some(Reading {
            value,
            words: HINT_WORDS.to_string(),
        })
    };
    let mood = find_word_list(&ws, MOODS);
    let mood_span = mood.as_ref().map(|(_, s)| s.clone());
    if let Some((m, span)) = &mood {
        understood.mood = read(format!("{m:?}").to_ascii_lowercase(), span);
    }
    let hint_mood = hints.over(hints.mood, &mood);
    if let Some(m) = hint_mood {
        understood.mood = hinted(format!("{m:?}").to_ascii_lowercase());
    }
    let found = find_style_words(&toks);
    let mood = hint_mood.or(mood.map(|(m, _)| m));
    let hint_style = hints.over(hints.style, &found);
    let chosen = overrides.style.as_deref().map(style_option).transpose()?;
    let style = match (chosen, &found, hint_style) {
        (Some(s), _, _) => {
            understood.style = set(s.id.to_string());
            s
        }
        (None, _, Some(s)) => {
            understood.style = hinted(s.id.to_string());
            s
        }
        (None, Some(f), None) => {
            understood.style = read(f.style.id.to_string(), &f.words);
            f.style
        }
        (None, None, None) => default_style_for(mood),
    };
    // A chosen style leads, and a genre the prompt names beside it colours its melody, as a
    // second genre in the prompt does; otherwise a colour goes with the style the words named.
    let colour = match (chosen, &found) {
        (Some(s), Some(f)) if f.style.id != s.id && colours(f.style) => {
            Some((f.style, f.words.clone()))
        }
        _ => found
            .as_ref()
            .filter(|_| hint_style.is_none())
            .and_then(|f| f.colour.clone()),
    };
    if let Some((c, span)) = &colour {
        understood.colour = read(c.id.to_string(), span);
    }

    let mut explicit = Explicit::default();
    let found_key = find_key(&ws);
    let hint_tonic = hints.over(hints.tonic, &found_key);
    let key = match (&overrides.key, hint_tonic) {
        (Some(k), _) => {
            explicit.key = true;
            explicit.mode = true;
            let key = parse_key(k)?;
            understood.key = set(key_name(&key));
            key
        }
        (None, Some(tonic)) => {
            explicit.key = true;
            explicit.mode = hints.mode.is_some();
            let key = playable_key(tonic, hints.mode.unwrap_or(style.mode));
            understood.key = hinted(key_name(&key));
            key
        }
        (None, None) => match found_key.clone() {
            // A named key is played as named. A bare tonic takes the mode named elsewhere
            // (`minor blues in C`), else the style's own: "metal in E" is E phrygian, "funk in
            // Bb" a B-flat dorian vamp, "jazz in F" F major.
            Some((tonic, mode, taken)) => {
                explicit.key = true;
                let detached = mode.is_none().then(|| detached_mode(&ws, &taken)).flatten();
                let mode = mode.or(detached.map(|(m, _)| m));
                explicit.mode = mode.is_some();
                let key = playable_key(tonic, mode.unwrap_or(style.mode));
                // `in the key of A minor`: the words introducing the key are part of it.
                let mut start = taken.start;
                while start > 0
                    && !ws[start - 1].ends_clause
                    && (KEY_INTRO.contains(&ws[start - 1].lower.as_str())
                        || ws[start - 1].lower == "the")
                {
                    start -= 1;
                }
                let mut words = text(&(start..taken.end));
                if let Some((_, at)) = detached {
                    words = if at < start {
                        format!("{} … {words}", ws[at].original)
                    } else {
                        format!("{words} … {}", ws[at].original)
                    };
                }
                understood.key = Some(Reading {
                    value: key_name(&key),
                    words,
                });
                key
            }
            None => {
                let detached = detached_mode(&ws, &(0..0));
                let hint_mode = hints.over(hints.mode, &detached);
                let mode = hint_mode
                    .or(detached.map(|(m, _)| m))
                    .or_else(|| mood_mode(mood))
                    .unwrap_or(style.mode);
                let key = playable_key(default_tonic(style, mode), mode);
                if hint_mode.is_some() {
                    understood.key = hinted(key_name(&key));
                } else if let Some((_, at)) = detached {
                    understood.key = read(key_name(&key), &(at..at + 1));
                } else if mood_mode(mood).is_some() {
                    // `sad`: the mood chose the mode.
                    understood.key = mood_span.as_ref().and_then(|s| read(key_name(&key), s));
                }
                key
            }
        },
    };
    let found_meter = find_meter(&ws, &toks);
    let hint_meter = hints.over(hints.meter, &found_meter);
    let meter = match (&overrides.meter, hint_meter) {
        (Some(m), _) => {
            let meter = parse_meter(m).ok_or_else(|| IntentError::BadMeter(m.clone()))?;
            understood.meter = set(format!("{}/{}", meter.0, meter.1));
            meter
        }
        (None, Some((a, b))) => {
            understood.meter = hinted(format!("{a}/{b}"));
            (a, b)
        }
        (None, None) => match &found_meter {
            Some(((a, b), span)) => {
                understood.meter = read(format!("{a}/{b}"), span);
                (*a, *b)
            }
            None => style.meter,
        },
    };
    explicit.meter = overrides.meter.is_some() || found_meter.is_some() || hint_meter.is_some();
    let found_tempo = find_tempo(&ws, style);
    let feel = feel_tempo(&ws, style);
    // A tempo word (`slow`) is a reading of the words too.
    let said_tempo = found_tempo.as_ref().or(feel.as_ref());
    let hint_tempo = hints
        .over(hints.tempo, &said_tempo)
        .filter(|t| TEMPO.contains(t));
    let tempo = match (overrides.tempo, hint_tempo) {
        (Some(t), _) if TEMPO.contains(&t) => {
            understood.tempo = set(t.to_string());
            t
        }
        (Some(t), _) => return Err(IntentError::BadTempo(t)),
        (None, Some(t)) => {
            understood.tempo = hinted(t.to_string());
            t
        }
        (None, None) => {
            let said = found_tempo
                .clone()
                .map(|(t, span)| (t.clamp(*TEMPO.start(), *TEMPO.end()), span))
                .or_else(|| feel.clone());
            match said {
                Some((t, span)) => {
                    understood.tempo = read(t.to_string(), &span);
                    t
                }
                None => {
                    let t = mood_tempo(mood, style);
                    if t != style.tempo.1 {
                        if let Some(m) = &understood.mood {
                            understood.tempo = Some(Reading {
                                value: t.to_string(),
                                words: m.words.clone(),
                            });
                        }
                    }
                    t
                }
            }
        }
    };
    explicit.tempo = overrides.tempo.is_some() || found_tempo.is_some() || hint_tempo.is_some();
    let found_bars = find_bars(&ws);
    let hint_bars = hints
        .over(hints.bars, &found_bars)
        .filter(|b| BARS.contains(b));
    let bars = match (overrides.bars, hint_bars) {
        (Some(b), _) if BARS.contains(&b) => {
            understood.bars = set(b.to_string());
            b
        }
        (Some(b), _) => return Err(IntentError::BadBars(b)),
        (None, Some(b)) => {
            understood.bars = hinted(b.to_string());
            b
        }
        (None, None) => match &found_bars {
            Some((b, span)) => {
                let b = (*b).clamp(*BARS.start(), *BARS.end());
                understood.bars = read(b.to_string(), span);
                b
            }
            None => default_bars(style),
        },
    };
    explicit.bars = overrides.bars.is_some() || found_bars.is_some() || hint_bars.is_some();
    let found_instrument = find_word_list(&ws, INSTRUMENTS);
    let hint_instrument = hints.over(hints.instrument, &found_instrument);
    let instrument = match (hint_instrument, found_instrument.clone()) {
        (Some(i), _) => {
            understood.instrument = hinted(i.name.to_string());
            i
        }
        (None, Some((i, span))) => {
            // `for flute`, `on guitar`: the word naming what it is for goes with it.
            let start = match span.start.checked_sub(1) {
                Some(p) if FOR_WORDS.contains(&ws[p].lower.as_str()) && !ws[p].ends_clause => p,
                _ => span.start,
            };
            understood.instrument = read(i.name.to_string(), &(start..span.end));
            i
        }
        (None, None) => DEFAULT_INSTRUMENT,
    };
    // Words read as something are understood, whatever their spelling.
    let mut used = vec![false; ws.len()];
    let mut mark = |span: Span| used[span].iter_mut().for_each(|u| *u = true);
    if let Some(f) = &found {
        f.covered.iter().cloned().for_each(&mut mark);
    }
    for span in [
        found_key.map(|(_, _, s)| s),
        found_meter.map(|(_, s)| s),
        found_tempo.map(|(_, s)| s),
        feel.map(|(_, s)| s),
        found_bars.map(|(_, s)| s),
        found_instrument.map(|(_, s)| s),
        mood_span,
    ]
    .into_iter()
    .flatten()
    {
        mark(span);
    }
    let unknown = unknown_words(&ws, &used);
    let genres: Vec<&str> = unknown
        .iter()
        .filter(|(_, g)| *g)
        .map(|(w, _)| w.as_str())
        .collect();
    understood.note = if !genres.is_empty() {
        Some(format!(
            "not a style I know yet: {} — played as {}",
            genres.join(", "),
            style.name
        ))
    } else if !unknown.is_empty() {
        let words: Vec<&str> = unknown.iter().map(|(w, _)| w.as_str()).collect();
        Some(format!("not understood: {}", words.join(", ")))
    } else {
        None
    };
    understood.unknown = unknown.into_iter().map(|(w, _)| w).collect();
    Ok(Intent {
        prompt,
        overrides: overrides.clone(),
        key,
        tempo,
        meter,
        bars,
        style,
        colour: colour.map(|(c, _)| c),
        mood,
        instrument,
        explicit,
        understood,
    })
}

/// Endings that make a word a genre name (`vaporwave`, `nightcore`, `k-pop`).
const GENRE_ENDINGS: &[&str] = &[
    "core", "wave", "pop", "step", "hop", "punk", "gaze", "tronica", "metal", "rock", "house",
    "grass",
];

/// Words naming what kind of music the word before them is (`gamelan music`, `trap beat`).
const GENRE_CUES: &[&str] = &[
    "style", "styled", "music", "musik", "musica", "musique", "genre", "beat", "beats", "vibe",
    "vibes", "sound", "sounds",
];

/// Words before a genre cue that say nothing of the genre (`some music`, `a nice beat`).
const CUE_STOP: &[&str] = &[
    "a",
    "an",
    "any",
    "background",
    "cool",
    "different",
    "dope",
    "easy",
    "good",
    "great",
    "her",
    "his",
    "its",
    "little",
    "my",
    "new",
    "nice",
    "of",
    "old",
    "our",
    "own",
    "same",
    "short",
    "similar",
    "simple",
    "some",
    "that",
    "the",
    "their",
    "this",
    "your",
];

/// Words of prompts that ask for nothing musical: articles, pronouns, verbs of asking, small
/// words of the languages prompts arrive in. Sorted, for a binary search.
const FILLER: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "afternoon",
    "again",
    "against",
    "all",
    "almost",
    "also",
    "always",
    "am",
    "an",
    "another",
    "any",
    "anything",
    "are",
    "argentine",
    "around",
    "as",
    "ask",
    "at",
    "audience",
    "autumn",
    "avec",
    "away",
    "back",
    "background",
    "backing",
    "be",
    "beach",
    "because",
    "been",
    "before",
    "beginner",
    "beginners",
    "being",
    "below",
    "bem",
    "berlin",
    "best",
    "better",
    "between",
    "bien",
    "big",
    "birthday",
    "bit",
    "bitte",
    "black",
    "blowing",
    "bot",
    "both",
    "brother",
    "build",
    "building",
    "but",
    "by",
    "can",
    "can't",
    "chaotic",
    "chord",
    "chords",
    "chose",
    "classic",
    "coast",
    "coffee",
    "colombian",
    "con",
    "concert",
    "contemporary",
    "could",
    "crowd",
    "da",
    "dad",
    "dancing",
    "das",
    "day",
    "days",
    "de",
    "del",
    "der",
    "descending",
    "di",
    "die",
    "dinner",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "dramatic",
    "drive",
    "driving",
    "du",
    "dusty",
    "e",
    "each",
    "east",
    "eastern",
    "ein",
    "eine",
    "einem",
    "einen",
    "el",
    "else",
    "emotional",
    "english",
    "enough",
    "es",
    "et",
    "even",
    "evening",
    "ever",
    "every",
    "everyone",
    "everything",
    "exercise",
    "faire",
    "fais",
    "fais-moi",
    "family",
    "fancy",
    "favor",
    "festival",
    "few",
    "first",
    "floor",
    "for",
    "french",
    "friday",
    "friend",
    "friends",
    "from",
    "full",
    "game",
    "games",
    "get",
    "gets",
    "getting",
    "gig",
    "gimme",
    "girl",
    "give",
    "gli",
    "go",
    "going",
    "gone",
    "gonna",
    "good",
    "got",
    "grandma",
    "grandpa",
    "grandpa's",
    "greasy",
    "great",
    "gym",
    "hacer",
    "had",
    "has",
    "have",
    "having",
    "haz",
    "he",
    "head",
    "hello",
    "help",
    "her",
    "here",
    "heroic",
    "hey",
    "hi",
    "him",
    "his",
    "home",
    "hotel",
    "hour",
    "house",
    "how",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "ich",
    "if",
    "il",
    "improve",
    "improving",
    "instrumental",
    "into",
    "is",
    "ish",
    "ist",
    "it",
    "it's",
    "its",
    "just",
    "keep",
    "kid",
    "kids",
    "kind",
    "kinda",
    "know",
    "la",
    "las",
    "last",
    "late",
    "le",
    "learn",
    "learner",
    "learning",
    "left",
    "les",
    "lesson",
    "lessons",
    "let",
    "let's",
    "like",
    "line",
    "lines",
    "listening",
    "little",
    "lo",
    "london",
    "long",
    "los",
    "lot",
    "lots",
    "loud",
    "lovers",
    "make",
    "makes",
    "making",
    "many",
    "may",
    "maybe",
    "me",
    "mellowed",
    "men",
    "mic",
    "mich",
    "mind",
    "mine",
    "minute",
    "minutes",
    "mir",
    "mit",
    "modern",
    "moi",
    "mom",
    "more",
    "morning",
    "most",
    "much",
    "music",
    "musica",
    "musik",
    "musique",
    "must",
    "my",
    "need",
    "needs",
    "new",
    "next",
    "nice",
    "nigerian",
    "night",
    "nights",
    "no",
    "north",
    "northern",
    "not",
    "note",
    "notes",
    "nothing",
    "now",
    "o",
    "oder",
    "of",
    "off",
    "ohne",
    "ok",
    "okay",
    "old",
    "old-school",
    "on",
    "once",
    "one",
    "only",
    "open",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "para",
    "paris",
    "party",
    "people",
    "per",
    "peruvian",
    "piece",
    "play",
    "playing",
    "please",
    "pls",
    "plz",
    "polish",
    "por",
    "possible",
    "pour",
    "pra",
    "practice",
    "practicing",
    "practise",
    "pretty",
    "puede",
    "puedes",
    "put",
    "quelque",
    "quiero",
    "quiet",
    "quite",
    "rain",
    "rainy",
    "rather",
    "ready",
    "real",
    "really",
    "restaurant",
    "right",
    "road",
    "roller",
    "room",
    "same",
    "sans",
    "saturday",
    "say",
    "scale",
    "scales",
    "school",
    "see",
    "set",
    "sexy",
    "shop",
    "short",
    "should",
    "show",
    "sie",
    "simple",
    "sister",
    "skate",
    "skating",
    "sleep",
    "sleeping",
    "so",
    "some",
    "someone",
    "something",
    "song",
    "songs",
    "sort",
    "south",
    "southern",
    "speed",
    "spring",
    "still",
    "stream",
    "student",
    "students",
    "study",
    "studying",
    "such",
    "summer",
    "sunday",
    "super",
    "sure",
    "surprise",
    "swampy",
    "take",
    "teach",
    "teaching",
    "tempo",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "this",
    "those",
    "through",
    "thx",
    "tight",
    "time",
    "to",
    "today",
    "together",
    "tokyo",
    "tonight",
    "too",
    "track",
    "trip",
    "try",
    "trying",
    "tune",
    "tuned",
    "tunes",
    "twin",
    "um",
    "uma",
    "un",
    "una",
    "und",
    "une",
    "uno",
    "up",
    "us",
    "use",
    "version",
    "very",
    "video",
    "voce",
    "você",
    "wanna",
    "want",
    "warm",
    "warm-up",
    "warmup",
    "was",
    "way",
    "we",
    "wedding",
    "weekend",
    "well",
    "were",
    "west",
    "western",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "winter",
    "wir",
    "with",
    "workout",
    "would",
    "write",
    "y",
    "yeah",
    "year",
    "years",
    "yes",
    "yet",
    "york",
    "you",
    "you're",
    "your",
    "yours",
];

/// True if `word` is a small word of asking, not a music word.
fn is_filler(word: &str) -> bool {
    let word = word.strip_suffix("'s").unwrap_or(word);
    FILLER.binary_search(&word).is_ok()
}

/// True if every character is a letter (or an inner hyphen or apostrophe).
fn is_wordlike(word: &str) -> bool {
    word.chars().count() >= 2
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '/'))
}

/// A genre written as a compound the catalogue does not have: `k-pop`, `polka-metal`,
/// `vaporwave`.
fn unknown_compound(word: &str, known: bool) -> bool {
    let hyphenated = word.contains(['-', '/']);
    // Cheap tests first: most words are neither.
    if known
        || word.is_empty()
        || !word.is_ascii()
        || !hyphenated && !GENRE_ENDINGS.iter().any(|e| word.ends_with(e))
    {
        return false;
    }
    let parts: Vec<&str> = word.split(['-', '/']).filter(|p| !p.is_empty()).collect();
    if parts.len() > 1 {
        if is_style_phrase(&parts.join(" ")) {
            return false;
        }
        let genres: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| is_style_token(p))
            .collect();
        let unknown_part =
            |p: &str| !is_known_word(p) && !is_filler(p) && p.chars().all(char::is_alphabetic);
        if genres.is_empty() || !parts.iter().all(|p| is_style_token(p) || unknown_part(p)) {
            return false;
        }
        // `dub-reggae` is reggae twice; `polka-metal` is no style we have.
        let one_style = STYLES.iter().any(|s| {
            genres
                .iter()
                .all(|g| s.words.iter().any(|w| phrase_tokens(w).any(|t| t == *g)))
        });
        return genres.len() < parts.len() || !one_style;
    }
    // `bluesrock` is read as blues and rock; `chillwave` is no style of ours.
    split_glued(word).is_none_or(|(a, b)| !(is_style_token(&a) && is_style_token(&b)))
        && GENRE_ENDINGS.iter().any(|e| {
            word.len() > e.len() + 1
                && word.ends_with(e)
                && !is_style_phrase(&format!("{} {e}", &word[..word.len() - e.len()]))
        })
}

/// Words of the prompt that look like a genre or a music request but are not in the
/// vocabulary; neighbours are joined (`BB King`). True for those written as a genre
/// (`vaporwave`, `k-pop`, `gamelan music`).
fn unknown_words(ws: &[Word], used: &[bool]) -> Vec<(String, bool)> {
    let cue = |i: usize| {
        ws.get(i)
            .is_some_and(|w| GENRE_CUES.contains(&w.lower.as_str()) || w.lower.ends_with("-style"))
    };
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut run_end = usize::MAX;
    for (i, w) in ws.iter().enumerate() {
        let lower = w.lower.as_str();
        let (unknown, genre) = if unknown_compound(lower, w.known) {
            (true, true)
        } else if used[i]
            || w.known
            || !is_wordlike(lower)
            || number(lower).is_some()
            || TEMPO_NAMES.iter().any(|(n, _)| n.contains(&lower))
        {
            (false, false)
        } else if (cue(i + 1) && !w.ends_clause)
            || i > 0 && matches!(ws[i - 1].lower.as_str(), "genre" | "style")
        {
            (!CUE_STOP.contains(&lower) && !is_filler(lower), true)
        } else {
            // Next to a genre word (`math rock`, `flamenco rumba`) or after `style of`, `like`:
            // a genre or an artist.
            let genre_next = |j: usize| {
                ws.get(j)
                    .is_some_and(|n| n.known && is_style_token(&n.lower))
                    && !ws[i.min(j)].ends_clause
            };
            let prev = |k: usize| i.checked_sub(k).map(|p| ws[p].lower.as_str());
            let genre = genre_next(i + 1)
                || i > 0 && genre_next(i - 1)
                || prev(1) == Some("like")
                || prev(1) == Some("of") && matches!(prev(2), Some("style" | "sound" | "vein"));
            (!is_filler(lower), genre)
        };
        if !unknown {
            continue;
        }
        match out.last_mut() {
            Some((last, g)) if run_end == i => {
                last.push(' ');
                last.push_str(&w.original);
                *g |= genre;
            }
            _ => out.push((w.original.clone(), genre)),
        }
        run_end = if w.ends_clause { usize::MAX } else { i + 1 };
    }
    out
}

/// A key as shown: `A minor`, `D dorian`.
fn key_name(key: &Key) -> String {
    format!("{} {}", key.tonic, key.mode.name())
}

/// Words before an instrument saying the melody is for it.
const FOR_WORDS: &[&str] = &["for", "on", "pour", "para", "pra", "per", "fur", "fuer"];

fn default_style_for(mood: Option<Mood>) -> &'static Style {
    let id = match mood {
        Some(Mood::Chill) => "lofi",
        Some(Mood::Dark | Mood::Mysterious) => "cinematic",
        Some(Mood::Angry) => "punk",
        Some(Mood::Romantic) => "jazz-ballad",
        Some(Mood::Dreamy) => "indie",
        _ => "pop",
    };
    crate::style::by_id(id).unwrap_or(&STYLES[0])
}

fn mood_mode(mood: Option<Mood>) -> Option<Mode> {
    match mood? {
        Mood::Sad | Mood::Dark | Mood::Angry => Some(Mode::Minor),
        Mood::Mysterious => Some(Mode::Dorian),
        Mood::Happy => Some(Mode::Major),
        Mood::Dreamy => Some(Mode::Lydian),
        _ => None,
    }
}

fn mood_tempo(mood: Option<Mood>, style: &Style) -> u32 {
    let (slow, usual, fast) = style.tempo;
    match mood {
        Some(Mood::Sad | Mood::Chill | Mood::Romantic | Mood::Dreamy) => (slow + usual) / 2,
        Some(Mood::Energetic | Mood::Angry | Mood::Happy) => (usual + fast) / 2,
        _ => usual,
    }
}

/// The key a style is most often played in (guitar and horn friendly).
fn default_tonic(style: &Style, mode: Mode) -> Note {
    let name = match (style.family, style.id, mode) {
        (Family::Blues, ..) | (_, "hard-rock" | "grunge" | "metal", _) => "E",
        (Family::Jazz, _, Mode::Major) => "Bb",
        (_, "funk" | "afrobeat" | "modal-jazz" | "neo-soul", _) => "D",
        (Family::Celtic | Family::Country, ..) => "G",
        (Family::Flamenco, ..) => "A",
        (.., Mode::Minor | Mode::Dorian | Mode::Phrygian | Mode::Aeolian | Mode::HarmonicMinor) => {
            "A"
        }
        _ => "C",
    };
    name.parse().unwrap_or(Note {
        letter: crate::theory::note::Letter::C,
        alter: 0,
    })
}

/// A style's usual length: its first progression, at least eight bars.
fn default_bars(style: &Style) -> u32 {
    let first = style.progressions[0].split('|').count() as u32;
    let mut bars = first;
    while bars < 8 {
        bars += first;
    }
    bars
}

/// Rebuilds an intent from a jam's own fields (for operations on an existing jam).
#[allow(clippy::too_many_arguments)]
pub fn from_fields(
    prompt: &str,
    key: &str,
    mode: &str,
    meter: &str,
    tempo: u32,
    bars: u32,
    style_id: &str,
    instrument: &str,
) -> Result<Intent, IntentError> {
    let key = parse_key(&format!("{key} {mode}"))?;
    let meter = parse_meter(meter).ok_or_else(|| IntentError::BadMeter(meter.to_string()))?;
    if !TEMPO.contains(&tempo) {
        return Err(IntentError::BadTempo(tempo));
    }
    if !BARS.contains(&bars) {
        return Err(IntentError::BadBars(bars));
    }
    let style = crate::style::by_id(style_id)
        .or_else(|| find_style(&words(prompt)))
        .unwrap_or(&STYLES[0]);
    let instrument = INSTRUMENTS
        .iter()
        .map(|(_, i)| *i)
        .find(|i| i.name == instrument)
        .unwrap_or(DEFAULT_INSTRUMENT);
    Ok(Intent {
        prompt: prompt.to_string(),
        overrides: Overrides::default(),
        key,
        tempo,
        meter,
        bars,
        style,
        colour: None,
        mood: None,
        instrument,
        understood: Understood::default(),
        explicit: Explicit {
            key: true,
            mode: true,
            tempo: true,
            meter: true,
            bars: true,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(prompt: &str) -> Intent {
        parse(prompt, &Overrides::default()).unwrap()
    }

    fn key_of(i: &Intent) -> String {
        format!("{} {}", i.key.tonic, i.key.mode.name())
    }

    #[test]
    fn key_options_are_strict_and_say_where_and_why() {
        // Keys as musicians write them, and the key each names (hand-labelled).
        for (text, key) in [
            ("Bb", "Bb major"),
            ("F#m", "F# minor"),
            ("D dorian", "D dorian"),
            ("a minor", "A minor"),
            ("Es-Dur", "Eb major"),
            ("fis-Moll", "F# minor"),
            ("E flat", "Eb major"),
            ("C♯ minor", "C# minor"),
            ("la bémol", "Ab major"),
            ("Ebmaj", "Eb major"),
            ("G mixolydian", "G mixolydian"),
            ("  A  ", "A major"),
        ] {
            let k = parse_key(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(format!("{} {}", k.tonic, k.mode.name()), key, "{text}");
        }
        // Keys that are not keys: the word at fault, where it starts and why (hand-written).
        for (text, why) in [
            (
                "E##### locrian####",
                "`E#####` at character 1 has 5 sharps or flats",
            ),
            ("Cbbbb", "`Cbbbb` at character 1 has 4 sharps or flats"),
            (
                "E locrian####",
                "`locrian####` at character 3 is not a mode",
            ),
            ("D dorian7", "`dorian7` at character 3 is not a mode"),
            (
                "  G  major  minor",
                "`minor` at character 13 is one word too many",
            ),
            ("H#", "`H#` at character 1 is not a note name"),
            (
                "F#mx",
                "`F#mx` at character 1 is not a note name with a mode",
            ),
            (
                "Fis",
                "`Fis` at character 1 is a German note name without Dur or Moll",
            ),
            ("   ", "there is no note name"),
        ] {
            let e = parse_key(text).expect_err(text).to_string();
            assert!(
                e.starts_with(&format!("key `{}`: {why}", text.trim())),
                "{e}"
            );
        }
        // Through the options of a prompt, too.
        let bad_key = Overrides {
            key: Some("Cbbbb".into()),
            ..Default::default()
        };
        assert!(matches!(
            parse("blues", &bad_key),
            Err(IntentError::BadKey { .. })
        ));
    }

    #[test]
    fn keys_as_musicians_write_them() {
        assert_eq!(key_of(&p("slow blues in E")), "E major");
        assert_eq!(key_of(&p("funky groove in Bb minor")), "Bb minor");
        assert_eq!(key_of(&p("jazz in the key of F sharp")), "F# major");
        assert_eq!(key_of(&p("something in D dorian")), "D dorian");
        // A# major would need double sharps: Bb major is the same sound.
        assert_eq!(key_of(&p("rock jam in A#")), "Bb major");
        assert_eq!(key_of(&p("rock jam in A# minor")), "A# minor");
        assert_eq!(key_of(&p("a sad song in C#m")), "C# minor");
        assert_eq!(key_of(&p("E flat minor ballad")), "Eb minor");
        assert_eq!(
            key_of(&p("a funky groove")).split(' ').nth(1),
            Some("dorian")
        );
        assert_eq!(
            key_of(&p("flamenco in A harmonic minor")),
            "A harmonic minor"
        );
        // D# major would need double sharps: Eb it is.
        assert_eq!(key_of(&p("pop in D#")), "Eb major");
    }

    #[test]
    fn tempo_meter_bars_style_mood_instrument() {
        let i = p("punk in Db, 180 bpm");
        assert_eq!((i.tempo, i.style.id), (180, "punk"));
        assert_eq!(p("slow blues in E").tempo, 60);
        assert_eq!(p("allegro folk tune").tempo, 132);
        assert_eq!(p("a waltz").meter, (3, 4));
        assert_eq!(p("12/8 shuffle blues").meter, (12, 8));
        assert_eq!(p("16 bars of funk").bars, 16);
        assert_eq!(p("12-bar blues").bars, 12);
        assert_eq!(p("twelve bar blues").style.id, "blues");
        assert_eq!(p("bossa nova for flute").instrument.name, "flute");
        assert_eq!(p("dark cinematic theme").mood, Some(Mood::Dark));
        assert_eq!(p("reggae bass line").instrument.name, "bass");
        assert_eq!(p("tenor sax ballad").instrument.name, "tenor sax");
        assert_eq!(p("minor blues in G").style.id, "minor-blues");
        assert_eq!(p("jazz blues in F").style.id, "jazz-blues");
    }

    #[test]
    fn a_stated_key_in_any_phrasing() {
        for (prompt, want) in [
            ("funk in Am", "A minor"),
            ("funk, A minor", "A minor"),
            ("jazz in the key of A minor", "A minor"),
            ("blues in A min", "A minor"),
            ("Amin groove", "A minor"),
            ("minor blues, A-, slow", "A minor"),
            ("reggae in F sharp minor", "F# minor"),
            ("lofi in f#m", "F# minor"),
            ("jam in Bb dorian", "Bb dorian"),
            ("fusion in B flat mixolydian", "Bb mixolydian"),
            ("Blues. Key: E.", "E major"),
            ("ballad, key of Eb", "Eb major"),
            ("Swing in B-Dur", "Bb major"),
            ("Jazz in H-Moll", "B minor"),
            ("Techno in f-Moll", "F minor"),
            ("Pop in Cis-Dur", "C# major"),
            ("Polka in Es-Dur", "Eb major"),
            ("Walzer in Fis", "F# major"),
            ("blues lento en mi menor", "E minor"),
            ("reel irlandais en ré majeur", "D major"),
            ("ambient in la minore", "A minor"),
            ("une valse en fa dièse mineur", "F# minor"),
            ("smooth jazz en Re bemol", "Db major"),
            ("bebop rapide en fa", "F major"),
            ("jazz modal em Ré dórico", "D dorian"),
            ("a blues in a for a beginner", "A major"),
            ("minor blues in C", "C minor"),
            // A named tonic is played as named: no mood overrules it, and a bare tonic takes
            // the style's own mode (a funk vamp on E is E dorian).
            ("sad blues in the key of B", "B major"),
            ("funk vamp on E", "E dorian"),
            ("metal in D# minor", "D# minor"),
            ("blues in E-flat", "Eb major"),
            ("ballad in F-sharp minor", "F# minor"),
            ("rock, key=G", "G major"),
        ] {
            assert_eq!(key_of(&p(prompt)), want, "{prompt}");
        }
        // Articles, possessives and conjunctions are not keys.
        for prompt in [
            "un blues para mi hermano",
            "a blues for a friend",
            "bossa nova em casa e na praia",
            "jazz in a dark club",
            "a tune like BB King",
            "I am in the mood for funk",
        ] {
            assert!(!p(prompt).explicit.key, "{prompt}");
        }
    }

    #[test]
    fn genres_outrank_feel_words() {
        for (prompt, want) in [
            ("reggae groove", "reggae"),
            ("jazz jam session", "jazz"),
            ("bluegrass breakdown in G", "bluegrass"),
            ("electric blues jam", "blues"),
            ("funky reggae", "reggae"),
            ("bluesy rock in A", "rock"),
            ("country rock in G", "rock"),
            ("psychedelic cumbia", "cumbia"),
            ("country waltz", "waltz"),
            ("latin jazz montuno", "salsa"),
            ("jazz-funk for horns", "jazz-funk"),
            ("a manouche-style waltz", "waltz"),
            ("rock ballad", "rock-ballad"),
            ("jazz ballad", "jazz-ballad"),
            ("reggae with a bit of funk", "reggae"),
            (
                "i'm learning bebop, can u do rhythm changes in Bb",
                "rhythm-changes",
            ),
            ("bluesrock in A", "blues-rock"),
            ("hardbop groove", "hard-bop"),
            ("funky groove", "funk"),
        ] {
            assert_eq!(p(prompt).style.id, want, "{prompt}");
        }
    }

    #[test]
    fn numbers_naming_or_counting_things_are_no_tempo() {
        for prompt in [
            "disco like studio 54",
            "top 40 pop hit",
            "route 66 style blues",
            "folk tune for 50 people",
            "jazz for my 60 years",
        ] {
            let i = p(prompt);
            assert_eq!(i.tempo, i.style.tempo.1, "{prompt}");
        }
        assert_eq!(p("blues at 66").tempo, 66);
        assert_eq!(p("rock 140").tempo, 140);
    }

    #[test]
    fn tempo_words_move_within_the_style() {
        let usual = |prompt: &str| p(prompt).style.tempo.1;
        for prompt in [
            "reggae, laid-back",
            "mellow funk",
            "soothing bossa nova",
            "relaxed samba",
            "chill house",
        ] {
            assert!(p(prompt).tempo < usual(prompt), "{prompt}");
        }
        for prompt in [
            "upbeat bossa",
            "energetic rock",
            "driving techno",
            "fast-paced bluegrass",
            "high-energy funk",
        ] {
            assert!(p(prompt).tempo > usual(prompt), "{prompt}");
        }
        assert_eq!(p("chill bossa nova, 110 bpm").tempo, 110);
        assert_eq!(p("jazz standard q=132").tempo, 132);
        assert_eq!(p("funk, 90-100 bpm").tempo, 95);
        assert!(p("not too fast funk").tempo <= usual("funk"));
        assert_eq!(p("reel in D").meter, (4, 4));
        assert_eq!(p("slip jig in G").meter, (9, 8));
        assert_eq!(p("polka for accordion").meter, (2, 4));
        assert_eq!(p("reel in cut time").meter, (2, 2));
        assert_eq!(p("folk song in six-eight").meter, (6, 8));
        assert_eq!(p("blues in three four time").meter, (3, 4));
        assert_eq!(p("a 12/8-feel ballad").meter, (12, 8));
        assert_eq!(p("two-step shuffle").meter, (4, 4));
    }

    #[test]
    fn typos_and_unknown_words_do_not_fail() {
        assert_eq!(p("bluse in A").style.id, "blues");
        assert_eq!(p("funcky grove").style.id, "funk");
        assert_eq!(p("raggae").style.id, "reggae");
        assert_eq!(key_of(&p("something in C minr")), "C minor");
        let i = p("zzqx wibble 🎸 ☕");
        assert_eq!(i.style.id, "pop");
        assert!(parse("   ", &Overrides::default()).is_err());
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(FILLER.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn overrides_win_and_are_checked() {
        let o = Overrides {
            key: Some("F#m".into()),
            tempo: Some(77),
            bars: Some(24),
            meter: Some("6/8".into()),
            style: Some("Bossa nova".into()),
        };
        let i = parse("blues in E at 120", &o).unwrap();
        assert_eq!(
            (key_of(&i).as_str(), i.tempo, i.bars, i.meter),
            ("F# minor", 77, 24, (6, 8))
        );
        // The chosen style leads; the blues the prompt names colours it (blue notes).
        assert_eq!(i.style.id, "bossa");
        assert_eq!(i.colour.map(|c| c.id), Some("blues"));
        assert_eq!(
            i.understood.style.as_ref().map(|r| r.words.as_str()),
            Some("option")
        );
        // A style the prompt does not name: no colour; by id, in any case.
        let chosen = |id: &str| Overrides {
            style: Some(id.into()),
            ..Default::default()
        };
        let i = parse("slow in D", &chosen("FUNK")).unwrap();
        assert_eq!((i.style.id, i.colour.map(|c| c.id)), ("funk", None));
        // Its tempo is the chosen style's own, not the prompt's default style's.
        let funk = crate::style::by_id("funk").unwrap();
        assert_eq!(parse("in D", &chosen("funk")).unwrap().tempo, funk.tempo.1);
        let bad = |o: Overrides| parse("blues", &o).unwrap_err();
        assert!(matches!(
            bad(Overrides {
                key: Some("H".into()),
                ..Default::default()
            }),
            IntentError::BadKey { .. }
        ));
        assert!(matches!(
            bad(Overrides {
                tempo: Some(5),
                ..Default::default()
            }),
            IntentError::BadTempo(5)
        ));
        assert!(matches!(
            bad(Overrides {
                bars: Some(500),
                ..Default::default()
            }),
            IntentError::BadBars(500)
        ));
        assert!(matches!(
            bad(Overrides {
                meter: Some("13/16".into()),
                ..Default::default()
            }),
            IntentError::BadMeter(_)
        ));
        assert!(matches!(
            bad(Overrides {
                style: Some("vaporwave".into()),
                ..Default::default()
            }),
            IntentError::BadStyle(_)
        ));
    }
}
