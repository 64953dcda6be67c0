//! The prompt as words: folded, split, with their positions; tokens for genre names; number words.

use super::filler::is_filler;
use super::fuzzy::{same_squeezed, sounds_like};
use super::vocabulary::{is_known_word, is_style_phrase, is_style_token, NUMBER_WORDS};

/// Word positions in a prompt.
pub(super) type Span = std::ops::Range<usize>;

/// A word of the prompt, lowercased and folded (`Ré` → `re`), with its original spelling
/// (case matters for `A` the note vs `a` the article).
#[derive(Clone, Debug)]
pub(super) struct Word {
    pub(super) lower: String,
    pub(super) original: String,
    /// Punctuation or the end of the prompt follows it (`in a, fast`).
    pub(super) ends_clause: bool,
    /// Vocabulary or a common word: never read as a typo of another word.
    pub(super) known: bool,
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

pub(super) fn words(prompt: &str) -> Vec<Word> {
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

/// A word as read for genres: hyphenated words apart (`jazz-funk`), possessives dropped.
#[derive(Clone, Debug)]
pub(super) struct Token {
    pub(super) text: String,
    pub(super) known: bool,
    /// The prompt word it is part of.
    pub(super) word: usize,
    /// Punctuation follows: adjacent genre words do not join across it.
    pub(super) ends_clause: bool,
}

/// Two known words run together (`bluesrock`, `hardbop`, `darksynth`), split.
pub(super) fn split_glued(word: &str) -> Option<(String, String)> {
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

pub(super) fn genre_tokens(ws: &[Word]) -> Vec<Token> {
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

pub(super) fn token(text: String, ends_clause: bool, word: usize) -> Token {
    Token {
        known: is_known_word(&text),
        text,
        ends_clause,
        word,
    }
}

/// Where `word` is said in the prompt and not denied (`not too fast`).
pub(super) fn said_at(ws: &[Word], word: &str) -> Option<Span> {
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

/// Where each word starts in `text`, in characters from 1.
pub(super) fn word_positions(text: &str, ws: &[Word]) -> Vec<usize> {
    let mut from = 0;
    ws.iter()
        .map(|w| {
            let start = text[from..].find(&w.original).map_or(from, |i| from + i);
            from = start + w.original.len();
            text[..start].chars().count() + 1
        })
        .collect()
}

pub(super) fn number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '-');
    if let Ok(n) = digits.parse::<u32>() {
        return Some(n);
    }
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, n)| *n)
}
