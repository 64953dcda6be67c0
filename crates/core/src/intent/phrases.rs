//! Phrases found in the prompt's words and tokens, typos tolerated.

use super::fuzzy::sounds_like;
use super::vocabulary::phrase_tokens;
use super::words::{Span, Token, Word};

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
pub(super) fn phrase_hits(toks: &[Token], phrase: &str) -> Vec<(usize, usize, bool)> {
    let parts: Vec<&str> = phrase_tokens(phrase).collect();
    word_hits(toks, &parts)
}

/// Where the words `parts` occur in a row in the tokens, and whether each occurrence is exact.
pub(super) fn word_hits(toks: &[Token], parts: &[&str]) -> Vec<(usize, usize, bool)> {
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

pub(super) fn find_word_list<T: Copy>(ws: &[Word], table: &[(&[&str], T)]) -> Option<(T, Span)> {
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
