//! The reader: runs every finder over the prompt and assembles the [`Intent`].

use super::bars::{default_bars, find_bars};
use super::key::{
    default_tonic, detached_mode, find_key, key_name, mood_mode, parse_key, playable_key,
};
use super::lists::{Instrument, Mood, DEFAULT_INSTRUMENT, INSTRUMENTS, MOODS};
use super::meter::{find_meter, parse_meter};
use super::model::{Explicit, Intent, IntentError, Overrides, Reading, Understood, BARS, TEMPO};
use super::phrases::find_word_list;
use super::style::{
    colours, default_style_for, find_style, find_style_words, style_option, StyleFound,
};
use super::tempo::{feel_tempo, find_tempo, mood_tempo};
use super::unknown::unknown_words;
use super::vocabulary::{FOR_WORDS, KEY_INTRO};
use super::words::{genre_tokens, words, Span, Word};
use crate::style::{Style, STYLES};
use crate::theory::key::{Key, Mode};
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
    /// One of [`METERS`](super::METERS).
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
    let mut r = Reader {
        ws: &ws,
        overrides,
        hints,
        understood: Understood::default(),
        explicit: Explicit::default(),
    };
    let found_mood = find_word_list(&ws, MOODS);
    let mood_span = found_mood.as_ref().map(|(_, s)| s.clone());
    let mood = r.mood(found_mood);
    let found_style = find_style_words(&toks);
    let (style, colour) = r.style(found_style.as_ref(), mood)?;
    let found_key = find_key(&ws);
    let key = r.key(found_key.clone(), style, mood, mood_span.as_ref())?;
    let found_meter = find_meter(&ws, &toks);
    let meter = r.meter(found_meter.as_ref(), style)?;
    let found_tempo = find_tempo(&ws, style);
    let feel = feel_tempo(&ws, style);
    let tempo = r.tempo(found_tempo.as_ref(), feel.as_ref(), style, mood)?;
    let found_bars = find_bars(&ws);
    let bars = r.bars(found_bars.as_ref(), style)?;
    let found_instrument = find_word_list(&ws, INSTRUMENTS);
    let instrument = r.instrument(found_instrument.clone());
    // Words read as something are understood, whatever their spelling.
    let mut used = vec![false; ws.len()];
    let mut mark = |span: Span| used[span].iter_mut().for_each(|u| *u = true);
    if let Some(f) = &found_style {
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
    r.note_unknown(&used, style);
    Ok(Intent {
        prompt,
        overrides: overrides.clone(),
        key,
        tempo,
        meter,
        bars,
        style,
        colour,
        mood,
        instrument,
        explicit: r.explicit,
        understood: r.understood,
    })
}

/// What the reader has made of the prompt's words so far, field by field: for each, an
/// option given beside the prompt wins, then a hint that comes first, then the words, then a
/// hint, then the style's default.
struct Reader<'a> {
    ws: &'a [Word],
    overrides: &'a Overrides,
    hints: &'a Hints,
    understood: Understood,
    explicit: Explicit,
}

impl Reader<'_> {
    /// The prompt's words at `span`, as written.
    fn text(&self, span: &Span) -> String {
        self.ws[span.clone()]
            .iter()
            .map(|w| w.original.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A value read from the words at `span`.
    fn read(&self, value: String, span: &Span) -> Option<Reading> {
        Some(Reading {
            value,
            words: self.text(span),
        })
    }

    /// The mood: a hint, or the words naming one.
    fn mood(&mut self, found: Option<(Mood, Span)>) -> Option<Mood> {
        if let Some((m, span)) = &found {
            self.understood.mood = self.read(format!("{m:?}").to_ascii_lowercase(), span);
        }
        let hint = self.hints.over(self.hints.mood, &found);
        if let Some(m) = hint {
            self.understood.mood = hinted(format!("{m:?}").to_ascii_lowercase());
        }
        hint.or(found.map(|(m, _)| m))
    }

    /// The style and the genre colouring its melody, if any.
    fn style(
        &mut self,
        found: Option<&StyleFound>,
        mood: Option<Mood>,
    ) -> Result<(&'static Style, Option<&'static Style>), IntentError> {
        let hint = self.hints.over(self.hints.style, &found);
        let chosen = self
            .overrides
            .style
            .as_deref()
            .map(style_option)
            .transpose()?;
        let style = match (chosen, found, hint) {
            (Some(s), _, _) => {
                self.understood.style = set(s.id.to_string());
                s
            }
            (None, _, Some(s)) => {
                self.understood.style = hinted(s.id.to_string());
                s
            }
            (None, Some(f), None) => {
                self.understood.style = self.read(f.style.id.to_string(), &f.words);
                f.style
            }
            (None, None, None) => default_style_for(mood),
        };
        // A chosen style leads, and a genre the prompt names beside it colours its melody, as
        // a second genre in the prompt does; otherwise a colour goes with the style the words
        // named.
        let colour = match (chosen, found) {
            (Some(s), Some(f)) if f.style.id != s.id && colours(f.style) => {
                Some((f.style, f.words.clone()))
            }
            _ => found
                .filter(|_| hint.is_none())
                .and_then(|f| f.colour.clone()),
        };
        if let Some((c, span)) = &colour {
            self.understood.colour = self.read(c.id.to_string(), span);
        }
        Ok((style, colour.map(|(c, _)| c)))
    }

    /// The key: an option, a hinted tonic, the key the words name, or a mode named alone (or
    /// the mood's, or the style's) on the style's usual tonic.
    fn key(
        &mut self,
        found: Option<(Note, Option<Mode>, Span)>,
        style: &'static Style,
        mood: Option<Mood>,
        mood_span: Option<&Span>,
    ) -> Result<Key, IntentError> {
        let hint_tonic = self.hints.over(self.hints.tonic, &found);
        match (&self.overrides.key, hint_tonic) {
            (Some(k), _) => {
                self.explicit.key = true;
                self.explicit.mode = true;
                let key = parse_key(k)?;
                self.understood.key = set(key_name(&key));
                Ok(key)
            }
            (None, Some(tonic)) => {
                self.explicit.key = true;
                self.explicit.mode = self.hints.mode.is_some();
                let key = playable_key(tonic, self.hints.mode.unwrap_or(style.mode));
                self.understood.key = hinted(key_name(&key));
                Ok(key)
            }
            (None, None) => Ok(match found {
                Some((tonic, mode, taken)) => self.named_key(tonic, mode, &taken, style),
                None => self.unnamed_key(style, mood, mood_span),
            }),
        }
    }

    /// A named key is played as named. A bare tonic takes the mode named elsewhere (`minor
    /// blues in C`), else the style's own: "metal in E" is E phrygian, "funk in Bb" a B-flat
    /// dorian vamp, "jazz in F" F major.
    fn named_key(&mut self, tonic: Note, mode: Option<Mode>, taken: &Span, style: &Style) -> Key {
        let ws = self.ws;
        self.explicit.key = true;
        let detached = mode.is_none().then(|| detached_mode(ws, taken)).flatten();
        let mode = mode.or(detached.map(|(m, _)| m));
        self.explicit.mode = mode.is_some();
        let key = playable_key(tonic, mode.unwrap_or(style.mode));
        // `in the key of A minor`: the words introducing the key are part of it.
        let mut start = taken.start;
        while start > 0
            && !ws[start - 1].ends_clause
            && (KEY_INTRO.contains(&ws[start - 1].lower.as_str()) || ws[start - 1].lower == "the")
        {
            start -= 1;
        }
        let mut words = self.text(&(start..taken.end));
        if let Some((_, at)) = detached {
            words = if at < start {
                format!("{} … {words}", ws[at].original)
            } else {
                format!("{words} … {}", ws[at].original)
            };
        }
        self.understood.key = Some(Reading {
            value: key_name(&key),
            words,
        });
        key
    }

    /// No key named: a mode named alone, hinted, or the mood's, else the style's, on the
    /// style's usual tonic for it.
    fn unnamed_key(&mut self, style: &Style, mood: Option<Mood>, mood_span: Option<&Span>) -> Key {
        let detached = detached_mode(self.ws, &(0..0));
        let hint_mode = self.hints.over(self.hints.mode, &detached);
        let mode = hint_mode
            .or(detached.map(|(m, _)| m))
            .or_else(|| mood_mode(mood))
            .unwrap_or(style.mode);
        let key = playable_key(default_tonic(style, mode), mode);
        if hint_mode.is_some() {
            self.understood.key = hinted(key_name(&key));
        } else if let Some((_, at)) = detached {
            self.understood.key = self.read(key_name(&key), &(at..at + 1));
        } else if mood_mode(mood).is_some() {
            // `sad`: the mood chose the mode.
            self.understood.key = mood_span.and_then(|s| self.read(key_name(&key), s));
        }
        key
    }

    /// The meter: an option, a hint, the words, else the style's.
    fn meter(
        &mut self,
        found: Option<&((u32, u32), Span)>,
        style: &Style,
    ) -> Result<(u32, u32), IntentError> {
        let hint = self.hints.over(self.hints.meter, &found);
        let meter = match (&self.overrides.meter, hint) {
            (Some(m), _) => {
                let meter = parse_meter(m).ok_or_else(|| IntentError::BadMeter(m.clone()))?;
                self.understood.meter = set(format!("{}/{}", meter.0, meter.1));
                meter
            }
            (None, Some((a, b))) => {
                self.understood.meter = hinted(format!("{a}/{b}"));
                (a, b)
            }
            (None, None) => match found {
                Some(((a, b), span)) => {
                    self.understood.meter = self.read(format!("{a}/{b}"), span);
                    (*a, *b)
                }
                None => style.meter,
            },
        };
        self.explicit.meter = self.overrides.meter.is_some() || found.is_some() || hint.is_some();
        Ok(meter)
    }

    /// The tempo: an option (checked), a hint, a number or tempo word, else the mood's
    /// tempo in the style.
    fn tempo(
        &mut self,
        found: Option<&(u32, Span)>,
        feel: Option<&(u32, Span)>,
        style: &Style,
        mood: Option<Mood>,
    ) -> Result<u32, IntentError> {
        // A tempo word (`slow`) is a reading of the words too.
        let said_tempo = found.or(feel);
        let hint = self
            .hints
            .over(self.hints.tempo, &said_tempo)
            .filter(|t| TEMPO.contains(t));
        let tempo = match (self.overrides.tempo, hint) {
            (Some(t), _) if TEMPO.contains(&t) => {
                self.understood.tempo = set(t.to_string());
                t
            }
            (Some(t), _) => return Err(IntentError::BadTempo(t)),
            (None, Some(t)) => {
                self.understood.tempo = hinted(t.to_string());
                t
            }
            (None, None) => {
                let said = found
                    .cloned()
                    .map(|(t, span)| (t.clamp(*TEMPO.start(), *TEMPO.end()), span))
                    .or_else(|| feel.cloned());
                match said {
                    Some((t, span)) => {
                        self.understood.tempo = self.read(t.to_string(), &span);
                        t
                    }
                    None => self.mood_tempo(mood, style),
                }
            }
        };
        self.explicit.tempo = self.overrides.tempo.is_some() || found.is_some() || hint.is_some();
        Ok(tempo)
    }

    /// No tempo said: the mood's tempo in the style, read from the mood's words when it
    /// moved the style's usual tempo.
    fn mood_tempo(&mut self, mood: Option<Mood>, style: &Style) -> u32 {
        let t = mood_tempo(mood, style);
        if t != style.tempo.1 {
            if let Some(m) = &self.understood.mood {
                self.understood.tempo = Some(Reading {
                    value: t.to_string(),
                    words: m.words.clone(),
                });
            }
        }
        t
    }

    /// The length in bars: an option (checked), a hint, the words, else the style's.
    fn bars(&mut self, found: Option<&(u32, Span)>, style: &Style) -> Result<u32, IntentError> {
        let hint = self
            .hints
            .over(self.hints.bars, &found)
            .filter(|b| BARS.contains(b));
        let bars = match (self.overrides.bars, hint) {
            (Some(b), _) if BARS.contains(&b) => {
                self.understood.bars = set(b.to_string());
                b
            }
            (Some(b), _) => return Err(IntentError::BadBars(b)),
            (None, Some(b)) => {
                self.understood.bars = hinted(b.to_string());
                b
            }
            (None, None) => match found {
                Some((b, span)) => {
                    let b = (*b).clamp(*BARS.start(), *BARS.end());
                    self.understood.bars = self.read(b.to_string(), span);
                    b
                }
                None => default_bars(style),
            },
        };
        self.explicit.bars = self.overrides.bars.is_some() || found.is_some() || hint.is_some();
        Ok(bars)
    }

    /// The instrument: a hint, the words (with `for`/`on` before them), else any.
    fn instrument(&mut self, found: Option<(Instrument, Span)>) -> Instrument {
        let hint = self.hints.over(self.hints.instrument, &found);
        match (hint, found) {
            (Some(i), _) => {
                self.understood.instrument = hinted(i.name.to_string());
                i
            }
            (None, Some((i, span))) => {
                // `for flute`, `on guitar`: the word naming what it is for goes with it.
                let ws = self.ws;
                let start = match span.start.checked_sub(1) {
                    Some(p) if FOR_WORDS.contains(&ws[p].lower.as_str()) && !ws[p].ends_clause => p,
                    _ => span.start,
                };
                self.understood.instrument = self.read(i.name.to_string(), &(start..span.end));
                i
            }
            (None, None) => DEFAULT_INSTRUMENT,
        }
    }

    /// The words no finder used: genre-like ones get a note of the style played instead.
    fn note_unknown(&mut self, used: &[bool], style: &Style) {
        let unknown = unknown_words(self.ws, used);
        let genres: Vec<&str> = unknown
            .iter()
            .filter(|(_, g)| *g)
            .map(|(w, _)| w.as_str())
            .collect();
        self.understood.note = if !genres.is_empty() {
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
        self.understood.unknown = unknown.into_iter().map(|(w, _)| w).collect();
    }
}

/// A value given as an option beside the prompt.
fn set(value: String) -> Option<Reading> {
    Some(Reading {
        value,
        words: "option".to_string(),
    })
}

/// A value a hint gave.
fn hinted(value: String) -> Option<Reading> {
    Some(Reading {
        value,
        words: HINT_WORDS.to_string(),
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
