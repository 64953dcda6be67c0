//! The tempo finder: numbers, tempo names and feel words.

use super::lists::Mood;
use super::meter::per_bar_at;
use super::vocabulary::{FASTER, SLOWER};
use super::words::{said_at, Span, Word};
use crate::style::Style;

/// Tempo marks and words: a tempo, or the style's slow, usual or fast one.
pub(super) const TEMPO_NAMES: &[(&[&str], u32)] = &[
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
pub(super) fn find_tempo(ws: &[Word], style: &Style) -> Option<(u32, Span)> {
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
pub(super) fn feel_tempo(ws: &[Word], style: &Style) -> Option<(u32, Span)> {
    let (slow, usual, fast) = style.tempo;
    let slower = SLOWER.iter().find_map(|w| said_at(ws, w));
    let faster = FASTER.iter().find_map(|w| said_at(ws, w));
    match (slower, faster) {
        (Some(span), None) => Some(((slow + usual) / 2, span)),
        (None, Some(span)) => Some(((usual + fast) / 2, span)),
        _ => None,
    }
}

pub(super) fn mood_tempo(mood: Option<Mood>, style: &Style) -> u32 {
    let (slow, usual, fast) = style.tempo;
    match mood {
        Some(Mood::Sad | Mood::Chill | Mood::Romantic | Mood::Dreamy) => (slow + usual) / 2,
        Some(Mood::Energetic | Mood::Angry | Mood::Happy) => (usual + fast) / 2,
        _ => usual,
    }
}
