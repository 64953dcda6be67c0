//! The style finder: catalogue genres and their colours, named in the prompt.

use super::fuzzy::sounds_like;
use super::lists::Mood;
use super::model::IntentError;
use super::phrases::word_hits;
use super::vocabulary::{vocabulary, MODIFIERS};
use super::words::{genre_tokens, Token, Word};
use crate::style::{Family, Style, STYLES};
use std::collections::HashSet;

/// A style phrase found in the prompt.
#[derive(Clone, Copy, Debug)]
pub(super) struct StyleHit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) style: &'static Style,
    /// 4: a progression form; 3: a genre; 2: a genre with a typo; 1: a modifier; 0: a
    /// modifier with a typo.
    pub(super) rank: u8,
}

/// The style the prompt names. A named progression form (`rhythm changes`) first, then genre
/// words before feel and scene words, exact before typos; a longer phrase hides the words
/// inside it (`latin jazz`, `minor blues`); of several genres the first named wins, except
/// that of genre words written together the last one names the music (`psychedelic cumbia`,
/// `country waltz`, `blues rock`).
pub(super) fn find_style(ws: &[Word]) -> Option<&'static Style> {
    find_style_words(&genre_tokens(ws)).map(|f| f.style)
}

/// The style the prompt names, with the words naming it.
pub(super) struct StyleFound {
    pub(super) style: &'static Style,
    /// The words of the chosen phrase, with feel words written next to it (`reggae groove`).
    pub(super) words: std::ops::Range<usize>,
    /// Every word some style phrase was read in.
    pub(super) covered: Vec<std::ops::Range<usize>>,
    /// A second genre named beside the first (`reggae with a bit of funk`) and its words.
    pub(super) colour: Option<(&'static Style, std::ops::Range<usize>)>,
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
pub(super) fn find_style_words(toks: &[Token]) -> Option<StyleFound> {
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

/// Reads a style option: a catalogue id (`bossa`) or name (`Bossa nova`), in any case.
pub fn style_option(text: &str) -> Result<&'static Style, IntentError> {
    let t = text.trim();
    STYLES
        .iter()
        .find(|s| s.id.eq_ignore_ascii_case(t) || s.name.eq_ignore_ascii_case(t))
        .ok_or_else(|| IntentError::BadStyle(t.to_string()))
}

pub(super) fn default_style_for(mood: Option<Mood>) -> &'static Style {
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
