//! The reader: runs every finder over the prompt and assembles the [`Intent`].

use super::bars::{default_bars, find_bars};
use super::key::{
    default_tonic, detached_mode, find_key, key_name, mood_mode, parse_key, playable_key,
};
use super::lists::{Instrument, Mood, DEFAULT_INSTRUMENT, INSTRUMENTS, MOODS};
use super::meter::{find_meter, parse_meter};
use super::model::{Explicit, Intent, IntentError, Overrides, Reading, Understood, BARS, TEMPO};
use super::phrases::find_word_list;
use super::style::{colours, default_style_for, find_style, find_style_words, style_option};
use super::tempo::{feel_tempo, find_tempo, mood_tempo};
use super::unknown::unknown_words;
use super::vocabulary::{FOR_WORDS, KEY_INTRO};
use super::words::{genre_tokens, words, Span};
use crate::style::{Style, STYLES};
use crate::theory::key::Mode;
use crate::theory::note::Note;

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
