//! The meter finder: fractions, counted beats and dances with their meters.

use super::model::METERS;
use super::phrases::phrase_hits;
use super::vocabulary::NUMBER_WORDS;
use super::words::{number, said_at, Span, Token, Word};

/// `6/8`, `3/4ths`, `12/8time`: a meter the composer writes.
pub(super) fn parse_meter(text: &str) -> Option<(u32, u32)> {
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
pub(super) fn per_bar_at(ws: &[Word], i: usize) -> bool {
    let at = |k: usize| ws.get(i + k).map(|w| w.lower.as_str());
    let bar = |w: Option<&str>| matches!(w, Some("bar" | "measure"));
    matches!(at(0), Some("per" | "a" | "each" | "every")) && bar(at(1))
        || matches!(at(0), Some("to" | "in" | "per"))
            && matches!(at(1), Some("the" | "a" | "each"))
            && bar(at(2))
}

/// A written meter (`6/8`, `cut time`, `in 3`, `five beats per bar`) or the meter a dance is
/// in (`jig`, `polka`, `waltz`).
pub(super) fn find_meter(ws: &[Word], toks: &[Token]) -> Option<((u32, u32), Span)> {
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
