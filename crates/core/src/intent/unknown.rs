//! Words not understood: filler words skipped, genre-like words reported.

use super::filler::is_filler;
use super::tempo::TEMPO_NAMES;
use super::vocabulary::{is_known_word, is_style_phrase, is_style_token, phrase_tokens};
use super::words::{number, split_glued, Word};
use crate::style::STYLES;

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
pub(super) fn unknown_words(ws: &[Word], used: &[bool]) -> Vec<(String, bool)> {
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
