//! Prompt → [`Intent`]: what a musician asked for, in words they actually type.
//!
//! Unknown words never fail; what is not said takes the style's defaults. Common words
//! survive typos ("bluse", "funcky", "minr"). The intent is part of every jam so a user sees
//! what was understood.

use crate::style::{Style, STYLES};
use crate::theory::key::{Key, Mode};
use crate::theory::note::Note;
use serde::{Deserialize, Serialize};

/// Longest prompt read, in characters; the rest is ignored.
pub const MAX_PROMPT_CHARS: usize = 500;
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
    /// The mood, if one was named.
    pub mood: Option<Mood>,
    /// The instrument whose range the example uses.
    pub instrument: Instrument,
    /// Which values the prompt (or an option) gave explicitly.
    pub explicit: Explicit,
}

/// Which values were asked for, not defaulted: the critic holds a jam to these.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Explicit {
    /// A key was named.
    pub key: bool,
    /// A tempo was named.
    pub tempo: bool,
    /// A meter was named.
    pub meter: bool,
    /// A length was named.
    pub bars: bool,
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
    /// A key option that is not a key.
    #[error("`{0}` is not a key; try C, F#, Bb minor or D dorian")]
    BadKey(String),
    /// A meter option outside what the composer writes.
    #[error("meter `{0}` is not one of 4/4, 3/4, 2/4, 2/2, 6/8, 9/8, 12/8, 5/4, 7/8")]
    BadMeter(String),
    /// Tempo out of range.
    #[error("tempo {0} is outside 30–320 bpm")]
    BadTempo(u32),
    /// Bars out of range.
    #[error("{0} bars is outside 2–64")]
    BadBars(u32),
}

/// A word of the prompt with its original spelling (case matters for `A` the note vs `a`).
#[derive(Clone, Debug)]
struct Word {
    lower: String,
    original: String,
}

fn words(prompt: &str) -> Vec<Word> {
    prompt
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | '!' | '?' | '(' | ')' | '"' | ':')
        })
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| Word {
            lower: w.to_ascii_lowercase(),
            original: w.to_string(),
        })
        .collect()
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

/// True if `word` is `target` or a likely typo of it (long enough words only).
fn sounds_like(word: &str, target: &str) -> bool {
    if word == target {
        return true;
    }
    let n = target.chars().count();
    let allowed = match n {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    };
    allowed > 0
        && word.chars().next() == target.chars().next()
        && edit_distance(word, target, allowed) <= allowed
}

/// Real words of prompts that are one letter away from other vocabulary (`bars`/`bass`,
/// `rock`/`reck`): never read as typos.
fn is_known_word(word: &str) -> bool {
    const COMMON: &[&str] = &[
        "bars", "bar", "beats", "fast", "slow", "minor", "major", "sharp", "flat", "tune", "song",
        "jam", "time", "for", "with", "and", "the", "lead", "feel", "loop", "line", "riff", "solo",
        "band", "some", "more",
    ];
    COMMON.contains(&word)
        || STYLES.iter().any(|s| s.words.contains(&word))
        || MOODS.iter().any(|(w, _)| w.contains(&word))
        || INSTRUMENTS.iter().any(|(w, _)| w.contains(&word))
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
            .position(|w| !is_known_word(&w.lower) && sounds_like(&w.lower, phrase));
    }
    (0..ws.len().saturating_sub(parts.len() - 1))
        .find(|&i| parts.iter().enumerate().all(|(k, p)| ws[i + k].lower == *p))
}

/// The style the prompt names: the longest matching phrase wins, exact before typo.
fn find_style(ws: &[Word], joined: &str) -> Option<&'static Style> {
    let mut best: Option<(usize, &'static Style)> = None;
    for s in STYLES {
        for w in s.words {
            let hit = if w.contains(' ') || w.contains('-') || w.contains('&') || w.contains('/') {
                joined.contains(w)
            } else {
                find_phrase(ws, w).is_some()
            };
            if hit && best.is_none_or(|(len, _)| w.len() > len) {
                best = Some((w.len(), s));
            }
        }
    }
    best.map(|(_, s)| s)
}

const NUMBER_WORDS: &[(&str, u32)] = &[
    ("two", 2),
    ("four", 4),
    ("six", 6),
    ("eight", 8),
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
fn find_bars(ws: &[Word]) -> Option<u32> {
    for (i, w) in ws.iter().enumerate() {
        for suffix in ["-bars", "-bar", "bars", "bar", "-measures", "measures"] {
            if let Some(n) = w.lower.strip_suffix(suffix).and_then(number) {
                return Some(n);
            }
        }
        let next = ws.get(i + 1).map(|n| n.lower.as_str());
        if matches!(next, Some("bar" | "bars" | "measure" | "measures")) {
            if let Some(n) = number(&w.lower) {
                return Some(n);
            }
        }
    }
    None
}

/// Tempo words and numbers: `120 bpm`, `at 96`, `slow`, `allegro`.
fn find_tempo(ws: &[Word], style: &Style) -> Option<u32> {
    for (i, w) in ws.iter().enumerate() {
        if let Some(n) = w.lower.strip_suffix("bpm").and_then(|d| d.parse().ok()) {
            return Some(n);
        }
        let next = ws.get(i + 1).map(|n| n.lower.as_str());
        if let Ok(n) = w.lower.parse::<u32>() {
            if matches!(next, Some("bpm" | "beats"))
                || (40..=300).contains(&n) && !matches!(next, Some("bar" | "bars" | "measures"))
            {
                return Some(n);
            }
        }
    }
    let (slow, usual, fast) = style.tempo;
    let named: &[(&[&str], u32)] = &[
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
                "ballad-tempo",
                "downtempo",
                "sluggish",
            ],
            slow,
        ),
        (&["medium", "mid-tempo", "midtempo"], usual),
        (
            &[
                "fast", "faster", "quick", "up-tempo", "uptempo", "speedy", "rapid", "burning",
            ],
            fast,
        ),
    ];
    named
        .iter()
        .find(|(names, _)| names.iter().any(|n| find_phrase(ws, n).is_some()))
        .map(|(_, t)| *t)
}

fn parse_meter(text: &str) -> Option<(u32, u32)> {
    let (a, b) = text.split_once('/')?;
    let m = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    METERS.contains(&m).then_some(m)
}

fn find_meter(ws: &[Word]) -> Option<(u32, u32)> {
    if let Some(m) = ws.iter().find_map(|w| parse_meter(&w.lower)) {
        return Some(m);
    }
    if find_phrase(ws, "waltz").is_some() {
        return Some((3, 4));
    }
    if ws
        .windows(2)
        .any(|p| p[0].lower == "cut" && p[1].lower == "time")
    {
        return Some((2, 2));
    }
    None
}

/// A note name at `ws[i]`, possibly spelled over two words (`F sharp`, `E flat`).
fn note_at(ws: &[Word], i: usize) -> Option<(Note, usize)> {
    let w = &ws[i].lower;
    let next = ws.get(i + 1).map(|n| n.lower.as_str());
    if w.len() == 1 {
        let base: Note = w.parse().ok()?;
        return match next {
            Some("sharp" | "#") => Some((format!("{w}#").parse().ok()?, 2)),
            Some("flat") => Some((format!("{w}b").parse().ok()?, 2)),
            _ => Some((base, 1)),
        };
    }
    // `F#`, `Bb`, `C#m`, `Ebmin`: strip a mode suffix and try the rest.
    let head: String = w.chars().take(2).collect();
    if head
        .chars()
        .nth(1)
        .is_some_and(|c| matches!(c, '#' | 'b' | '♯' | '♭'))
    {
        return head.parse().ok().map(|n| (n, 1));
    }
    None
}

/// A mode written right after a tonic: `m`, `min`, `minor`, `major`, `dorian`, `harmonic minor`.
fn mode_after(ws: &[Word], i: usize, joined_tail: &str) -> Option<Mode> {
    let w = &ws[i].lower;
    // A suffix glued to the tonic: `Am`, `F#m`, `Ebmin`, `Ddor`.
    let tonic_len = if w
        .chars()
        .nth(1)
        .is_some_and(|c| matches!(c, '#' | 'b' | '♯' | '♭'))
    {
        2
    } else {
        1
    };
    let suffix: String = w.chars().skip(tonic_len).collect();
    if !suffix.is_empty() {
        return if suffix == "m" {
            Some(Mode::Minor)
        } else {
            suffix.parse().ok()
        };
    }
    if joined_tail.starts_with("harmonic minor") {
        return Some(Mode::HarmonicMinor);
    }
    if joined_tail.starts_with("melodic minor") {
        return Some(Mode::MelodicMinor);
    }
    let next = ws.get(i + 1)?.lower.as_str();
    if next == "m" || next.len() < 3 {
        return None;
    }
    [
        "major",
        "minor",
        "dorian",
        "phrygian",
        "lydian",
        "mixolydian",
        "aeolian",
        "locrian",
        "ionian",
    ]
    .iter()
    .find(|m| sounds_like(next, m))
    .and_then(|m| m.parse().ok())
}

/// Finds the key: `in X`, `key of X`, `X minor`, or a capital note name such as `Bb` or `F#m`.
fn find_key(ws: &[Word]) -> Option<(Note, Option<Mode>)> {
    let tail_after = |i: usize| {
        ws[i..]
            .iter()
            .map(|w| w.lower.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut candidates = Vec::new();
    for i in 0..ws.len() {
        let Some((note, used)) = note_at(ws, i) else {
            continue;
        };
        let after = i + used;
        let mode = if after <= ws.len() {
            mode_after(
                ws,
                i,
                &if after < ws.len() {
                    tail_after(after)
                } else {
                    String::new()
                },
            )
            .or_else(|| {
                (used == 2)
                    .then(|| ws.get(after).and_then(|w| w.lower.parse::<Mode>().ok()))
                    .flatten()
            })
        } else {
            None
        };
        let prev = i.checked_sub(1).map(|p| ws[p].lower.as_str());
        let introduced = matches!(prev, Some("in" | "of" | "key"));
        let capital = ws[i]
            .original
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase());
        // A lone lowercase `a` is an article unless something marks it as a note.
        let plausible = introduced
            || mode.is_some()
            || capital
                && !(ws[i].original == "A"
                    && i == 0
                    && ws.len() > 1
                    && mode.is_none()
                    && !introduced);
        if plausible {
            let strength = usize::from(introduced) * 2 + usize::from(mode.is_some());
            candidates.push((strength, note, mode));
        }
    }
    candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
    candidates.first().map(|&(_, n, m)| (n, m))
}

fn find_word_list<T: Copy>(ws: &[Word], table: &[(&[&str], T)]) -> Option<T> {
    // Multi-word names first (`tenor sax` before `sax`).
    let joined: String = ws
        .iter()
        .map(|w| w.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    table
        .iter()
        .find(|(names, _)| names.iter().any(|n| n.contains(' ') && joined.contains(n)))
        .or_else(|| {
            table.iter().find(|(names, _)| {
                names
                    .iter()
                    .any(|n| !n.contains(' ') && find_phrase(ws, n).is_some())
            })
        })
        .map(|(_, v)| *v)
}

/// Reads a key option such as `Bb`, `F#m`, `D dorian`, `a minor`.
pub fn parse_key(text: &str) -> Result<Key, IntentError> {
    let ws = words(text.trim());
    let bad = || IntentError::BadKey(text.trim().to_string());
    if ws.is_empty() {
        return Err(bad());
    }
    let (tonic, used) = note_at(&ws, 0).ok_or_else(bad)?;
    let tail = ws[used.min(ws.len())..]
        .iter()
        .map(|w| w.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mode = mode_after(&ws, 0, &tail).unwrap_or(Mode::Major);
    if ws.len() > used + usize::from(!tail.is_empty()) + usize::from(tail.contains(' ')) {
        return Err(bad());
    }
    Ok(playable_key(tonic, mode))
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

/// Understands a prompt. Never fails on words it does not know; fails only on an empty
/// prompt or on options out of range.
pub fn parse(prompt: &str, overrides: &Overrides) -> Result<Intent, IntentError> {
    let prompt: String = prompt.trim().chars().take(MAX_PROMPT_CHARS).collect();
    let ws = words(&prompt);
    if ws.is_empty() {
        return Err(IntentError::EmptyPrompt);
    }
    let joined: String = ws
        .iter()
        .map(|w| w.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mood = find_word_list(&ws, MOODS);
    let style = find_style(&ws, &joined).unwrap_or_else(|| default_style_for(mood));

    let mut explicit = Explicit::default();
    let key = match &overrides.key {
        Some(k) => {
            explicit.key = true;
            parse_key(k)?
        }
        None => {
            let found = find_key(&ws);
            explicit.key = found.is_some();
            let mode = found
                .and_then(|(_, m)| m)
                .unwrap_or_else(|| mood_mode(mood).unwrap_or(style.mode));
            let tonic = found.map_or_else(|| default_tonic(style, mode), |(n, _)| n);
            playable_key(tonic, mode)
        }
    };
    let meter = match &overrides.meter {
        Some(m) => parse_meter(m).ok_or_else(|| IntentError::BadMeter(m.clone()))?,
        None => find_meter(&ws).unwrap_or(style.meter),
    };
    explicit.meter = overrides.meter.is_some() || find_meter(&ws).is_some();
    let tempo = match overrides.tempo {
        Some(t) if TEMPO.contains(&t) => t,
        Some(t) => return Err(IntentError::BadTempo(t)),
        None => find_tempo(&ws, style)
            .map(|t| t.clamp(*TEMPO.start(), *TEMPO.end()))
            .unwrap_or_else(|| mood_tempo(mood, style)),
    };
    explicit.tempo = overrides.tempo.is_some() || find_tempo(&ws, style).is_some();
    let bars = match overrides.bars {
        Some(b) if BARS.contains(&b) => b,
        Some(b) => return Err(IntentError::BadBars(b)),
        None => find_bars(&ws)
            .map(|b| b.clamp(*BARS.start(), *BARS.end()))
            .unwrap_or_else(|| default_bars(style)),
    };
    explicit.bars = overrides.bars.is_some() || find_bars(&ws).is_some();
    let instrument = find_word_list(&ws, INSTRUMENTS).unwrap_or(DEFAULT_INSTRUMENT);
    Ok(Intent {
        prompt,
        overrides: overrides.clone(),
        key,
        tempo,
        meter,
        bars,
        style,
        mood,
        instrument,
        explicit,
    })
}

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
    let name = match (style.id, mode) {
        ("blues" | "minor-blues" | "hard-rock" | "grunge" | "metal", _) => "E",
        ("jazz" | "jazz-blues" | "bebop" | "rhythm-changes" | "jazz-ballad", _) => "Bb",
        ("funk" | "afrobeat" | "modal-jazz" | "neo-soul", _) => "D",
        ("celtic" | "bluegrass" | "country", _) => "G",
        ("flamenco" | "andalusian", _) => "A",
        (_, Mode::Minor | Mode::Dorian | Mode::Phrygian | Mode::Aeolian | Mode::HarmonicMinor) => {
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
        .or_else(|| {
            let ws = words(prompt);
            let joined: String = ws
                .iter()
                .map(|w| w.lower.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            find_style(&ws, &joined)
        })
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
        mood: None,
        instrument,
        explicit: Explicit {
            key: true,
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
    fn overrides_win_and_are_checked() {
        let o = Overrides {
            key: Some("F#m".into()),
            tempo: Some(77),
            bars: Some(24),
            meter: Some("6/8".into()),
        };
        let i = parse("blues in E at 120", &o).unwrap();
        assert_eq!(
            (key_of(&i).as_str(), i.tempo, i.bars, i.meter),
            ("F# minor", 77, 24, (6, 8))
        );
        let bad = |o: Overrides| parse("blues", &o).unwrap_err();
        assert!(matches!(
            bad(Overrides {
                key: Some("H".into()),
                ..Default::default()
            }),
            IntentError::BadKey(_)
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
    }
}
