//! Autocomplete candidates for the options whose choices are too many to list: the style (the
//! catalogue), the key (every tonic in every mode), the chord and the scale. Each answers what
//! was typed so far with at most [`MAX_CHOICES`] suggestions, drawn from what `jamsesh-core`
//! knows and reads back (nothing is suggested that the operations would refuse). Suggestions
//! only: a user may still send any text, which the operation checks as before.

use jamsesh_core::STYLES;
use jamsesh_theory::chord::Chord;
use jamsesh_theory::key::{Key, Mode};
use jamsesh_theory::note::{Letter, Note};
use jamsesh_theory::scale::{Scale, ScaleKind};

/// Most suggestions in one answer (Discord's limit on an autocomplete list).
pub const MAX_CHOICES: usize = 25;
/// Longest name and value of a suggestion, in characters (Discord's limit on a choice).
pub const MAX_TEXT: usize = 100;
/// Longest typed text suggestions are looked for, in characters: no suggestion is longer than
/// [`MAX_TEXT`], so longer text gets none and costs no search.
pub const MAX_TYPED_CHARS: usize = 2 * MAX_TEXT;

/// True when `typed` is short enough to look for suggestions ([`MAX_TYPED_CHARS`]).
fn searchable(typed: &str) -> bool {
    typed.chars().count() <= MAX_TYPED_CHARS
}

/// A suggestion: what the user sees, and what the option is set to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Shown in the list.
    pub name: String,
    /// Sent as the option's value.
    pub value: String,
}

impl Choice {
    fn same(text: String) -> Choice {
        Choice {
            name: text.clone(),
            value: text,
        }
    }
}

/// Tonics offered when none is typed, spelled as musicians usually spell them.
const TONICS: [&str; 12] = [
    "C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B",
];

/// The modes a key may be in, most asked for first.
const MODES: [Mode; 9] = [
    Mode::Major,
    Mode::Minor,
    Mode::Dorian,
    Mode::Mixolydian,
    Mode::Phrygian,
    Mode::Lydian,
    Mode::Locrian,
    Mode::HarmonicMinor,
    Mode::MelodicMinor,
];

/// Chord suffixes suggested after a root, most played first (each checked by the parser).
const CHORD_SUFFIXES: [&str; 25] = [
    "", "m", "7", "maj7", "m7", "m7b5", "dim7", "6", "m6", "9", "maj9", "m9", "13", "sus4",
    "7sus4", "sus2", "add9", "dim", "aug", "7b9", "7#9", "7#11", "7b13", "m(maj7)", "11",
];

/// True when every word typed is the start of some word of `candidate` (case ignored), so
/// `d dor` finds "D dorian" and `nova` finds "Bossa nova".
fn matches(typed: &str, candidate: &str) -> bool {
    let candidate = candidate.to_lowercase();
    let words: Vec<&str> = candidate
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .collect();
    typed
        .to_lowercase()
        .split_whitespace()
        .all(|t| words.iter().any(|w| w.starts_with(t)))
}

/// The tonic typed as the first word, and the rest: `Eb dor` → (E♭, "dor").
fn typed_tonic(typed: &str) -> Option<(Note, &str)> {
    let typed = typed.trim_start();
    let end = typed.find(char::is_whitespace).unwrap_or(typed.len());
    let tonic = typed[..end].parse::<Note>().ok()?;
    Some((tonic, typed[end..].trim()))
}

/// Keys in every mode: the typed tonic in each mode, or every key whose name matches.
/// With nothing typed, the twelve major and twelve minor keys.
pub fn keys(typed: &str) -> Vec<Choice> {
    if !searchable(typed) {
        return Vec::new();
    }
    let all: Vec<Key> = match typed_tonic(typed) {
        Some((tonic, rest)) => MODES
            .iter()
            .map(|&mode| Key { tonic, mode })
            .filter(|k| rest.is_empty() || matches(rest, k.mode.name()))
            .collect(),
        None => MODES
            .iter()
            // Nothing typed yet: the keys most asked for.
            .filter(|&&mode| !typed.trim().is_empty() || matches!(mode, Mode::Major | Mode::Minor))
            .flat_map(|&mode| (0..12).map(move |pc| Key::best_spelling(pc, mode)))
            .filter(|k| matches(typed, &k.to_string()))
            .collect(),
    };
    all.into_iter()
        .map(|k| Choice::same(k.to_string()))
        .take(MAX_CHOICES)
        .collect()
}

/// Styles of the catalogue whose name, id or words match; names starting with the text first.
pub fn styles(typed: &str) -> Vec<Choice> {
    if !searchable(typed) {
        return Vec::new();
    }
    let t = typed.trim().to_lowercase();
    let mut found: Vec<(bool, &jamsesh_core::Style)> = STYLES
        .iter()
        .filter(|s| {
            t.is_empty()
                || matches(&t, s.name)
                || matches(&t, s.id)
                || s.words.iter().any(|w| matches(&t, w))
        })
        .map(|s| (!s.name.to_lowercase().starts_with(&t), s))
        .collect();
    // Stable: the catalogue's order within each group.
    found.sort_by_key(|(later, _)| *later);
    found
        .into_iter()
        .map(|(_, s)| Choice {
            name: s.name.chars().take(MAX_TEXT).collect(),
            value: s.id.to_string(),
        })
        .take(MAX_CHOICES)
        .collect()
}

/// Chords on the typed root (C when none is typed) whose symbol starts with the text; the
/// text itself first when it is a chord already.
pub fn chords(typed: &str) -> Vec<Choice> {
    if !searchable(typed) {
        return Vec::new();
    }
    let typed = typed.trim();
    let root = typed_root(typed).unwrap_or("C");
    let mut out: Vec<String> = Vec::new();
    if let Ok(c) = typed.parse::<Chord>() {
        out.push(c.to_string());
    }
    for suffix in CHORD_SUFFIXES {
        let symbol = format!("{root}{suffix}");
        if symbol.starts_with(typed) && !out.contains(&symbol) && symbol.parse::<Chord>().is_ok() {
            out.push(symbol);
        }
    }
    out.into_iter()
        .take(MAX_CHOICES)
        .map(Choice::same)
        .collect()
}

/// The root a chord symbol starts with (`F#` of `F#m7`), as typed.
fn typed_root(typed: &str) -> Option<&str> {
    let mut end = typed
        .chars()
        .next()
        .filter(|c| c.is_ascii_alphabetic())?
        .len_utf8();
    if let Some(c) = typed[end..]
        .chars()
        .next()
        .filter(|c| matches!(c, '#' | 'b'))
    {
        end += c.len_utf8();
    }
    typed[..end]
        .parse::<Note>()
        .is_ok()
        .then_some(&typed[..end])
}

/// Scales on the typed tonic (C when none is typed), or every scale whose name matches.
pub fn scales(typed: &str) -> Vec<Choice> {
    if !searchable(typed) {
        return Vec::new();
    }
    let on = |tonic: Note, rest: &str| -> Vec<Scale> {
        ScaleKind::ALL
            .iter()
            .map(|&kind| Scale { tonic, kind })
            .filter(|s| rest.is_empty() || matches(rest, s.kind.name()))
            .collect()
    };
    let found = match typed_tonic(typed) {
        Some((tonic, rest)) => on(tonic, rest),
        None if typed.trim().is_empty() => on(
            Note {
                letter: Letter::C,
                alter: 0,
            },
            "",
        ),
        None => TONICS
            .iter()
            .filter_map(|t| t.parse::<Note>().ok())
            .flat_map(|tonic| on(tonic, typed.trim()))
            .collect(),
    };
    found
        .into_iter()
        .map(|s| Choice::same(s.name()))
        .take(MAX_CHOICES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(choices: &[Choice]) -> Vec<&str> {
        choices.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn every_answer_holds_at_most_25_choices_that_the_commands_accept() {
        for typed in [
            "", "a", "b", "e", "Eb", "d dor", "minor", "xyz", "F#m7", "C#", "7",
        ] {
            for (kind, list) in [
                ("key", keys(typed)),
                ("style", styles(typed)),
                ("chord", chords(typed)),
                ("scale", scales(typed)),
            ] {
                assert!(list.len() <= MAX_CHOICES, "{kind} {typed}: {}", list.len());
                for c in &list {
                    assert!((1..=MAX_TEXT).contains(&c.name.chars().count()), "{c:?}");
                    assert!((1..=MAX_TEXT).contains(&c.value.chars().count()), "{c:?}");
                    let accepted = match kind {
                        "key" => jamsesh_core::parse_key(&c.value).is_ok(),
                        "style" => jamsesh_core::style_option(&c.value).is_ok(),
                        "chord" => c.value.parse::<Chord>().is_ok(),
                        _ => c.value.parse::<Scale>().is_ok(),
                    };
                    assert!(accepted, "{kind} {typed}: {c:?} would be refused");
                }
            }
        }
        // More styles than Discord's 25 choices: only autocomplete can offer them all.
        assert!(STYLES.len() > MAX_CHOICES);
    }

    #[test]
    fn text_longer_than_any_suggestion_gets_none() {
        let spaced = format!("d{}dor", " ".repeat(MAX_TYPED_CHARS));
        assert!(keys(&spaced).is_empty());
        assert!(styles(&"blues ".repeat(100)).is_empty());
        assert!(chords(&"C".repeat(5000)).is_empty());
        assert!(scales(&format!("D{}", " ".repeat(MAX_TYPED_CHARS))).is_empty());
        // At the bound, still looked up.
        let at = format!("d{}dor", " ".repeat(MAX_TYPED_CHARS - 4));
        assert_eq!(names(&keys(&at)), ["D dorian"]);
    }

    #[test]
    fn keys_include_the_modes() {
        assert_eq!(keys("").len(), 24);
        assert_eq!(keys("")[0].name, "C major");
        assert!(names(&keys("")).contains(&"F# minor") || names(&keys("")).contains(&"Gb minor"));
        assert_eq!(
            names(&keys("Eb")),
            [
                "Eb major",
                "Eb minor",
                "Eb dorian",
                "Eb mixolydian",
                "Eb phrygian",
                "Eb lydian",
                "Eb locrian",
                "Eb harmonic minor",
                "Eb melodic minor"
            ]
        );
        assert_eq!(names(&keys("d dor")), ["D dorian"]);
        assert_eq!(names(&keys("F# mix")), ["F# mixolydian"]);
        let dorian = keys("dorian");
        assert_eq!(dorian.len(), 12);
        assert!(dorian.iter().all(|c| c.name.ends_with(" dorian")));
    }

    #[test]
    fn styles_are_found_by_name_id_and_words() {
        assert_eq!(styles("").len(), MAX_CHOICES);
        let bossa = styles("bossa");
        assert_eq!(bossa[0].value, "bossa");
        assert_eq!(styles("nova")[0].value, "bossa");
        // Names starting with the text come first.
        let blues = styles("blues");
        assert!(
            blues[0].name.to_lowercase().starts_with("blues"),
            "{blues:?}"
        );
        assert!(blues.iter().any(|c| c.value == "minor-blues"));
        assert!(styles("xyzzy").is_empty());
    }

    #[test]
    fn chords_follow_the_typed_root() {
        let c = chords("F#m");
        assert_eq!(c[0].name, "F#m");
        assert!(names(&c).contains(&"F#m7b5"));
        assert!(c.iter().all(|c| c.name.starts_with("F#m")));
        assert_eq!(chords("Bb13")[0].name, "Bb13");
        assert_eq!(chords("")[0].name, "C");
        assert!(chords("Hmaj").is_empty());
    }

    #[test]
    fn scales_follow_the_typed_tonic_or_name() {
        let d = scales("D");
        assert_eq!(d.len(), ScaleKind::ALL.len());
        assert!(d.iter().all(|c| c.name.starts_with("D ")));
        assert_eq!(names(&scales("Bb blu")), ["Bb blues", "Bb major blues"]);
        // `B blues` is B, not B-flat.
        assert_eq!(names(&scales("B blues"))[0], "B blues");
        let pent = scales("minor pent");
        assert_eq!(pent.len(), 12);
        assert!(pent.iter().all(|c| c.name.ends_with("minor pentatonic")));
    }
}
