//! A voice prepared for engraving: in its written form (lengths no single note shows split
//! into tied notes), with its lyrics placed on the notes, its courtesy accidentals found, and
//! its events indexed by onset and layer.

use super::heads::NoteMark;
use super::metrics::LYRIC_SIZE;
use super::notation;
use crate::font::text_width;
use jamsesh_abc::{Event, EventKind, Syllable, Voice};
use std::borrow::Cow;
use std::collections::HashMap;

/// A voice being engraved in its written form, with its lyrics placed.
pub(crate) struct Staff<'a> {
    pub voice: Cow<'a, Voice>,
    /// Syllables sorted by bar.
    pub syllables: Vec<Syllable>,
    /// Widest syllable under each (bar, event).
    syllable_widths: HashMap<(usize, usize), f32>,
    /// Courtesy accidentals: (bar, event, note) → alteration to show.
    courtesy: HashMap<(usize, usize, usize), i8>,
    /// Each bar's event indices sorted by onset (stable), so the events of a piece of a long
    /// bar are found by binary search instead of a scan of the whole bar per piece.
    pub by_onset: Vec<Vec<usize>>,
    /// Each bar's layers (0 = the voice, 1+ = `&` overlays), sorted.
    pub layers: Vec<Vec<u8>>,
}

/// Courtesy accidentals: a note the previous bar altered differently, at the same letter and
/// octave, shows its alteration again (unless a tie carries it over or this bar showed it).
fn courtesy_accidentals(voice: &Voice) -> HashMap<(usize, usize, usize), i8> {
    let mut out = HashMap::new();
    let mut tied_from: Vec<(char, i8)> = Vec::new();
    for (b, bar) in voice.bars.iter().enumerate() {
        let previous: Vec<(char, i8, i8)> = b
            .checked_sub(1)
            .and_then(|p| voice.bars.get(p))
            .map(|p| {
                p.events
                    .iter()
                    .filter_map(|e| match &e.kind {
                        EventKind::Notes(n) => Some(n),
                        _ => None,
                    })
                    .flatten()
                    .filter(|s| s.written_accidental.is_some())
                    .map(|s| (s.letter, s.octave, s.alter))
                    .collect()
            })
            .unwrap_or_default();
        let mut shown: Vec<(char, i8)> = Vec::new();
        for (i, e) in bar.events.iter().enumerate() {
            let EventKind::Notes(notes) = &e.kind else {
                continue;
            };
            for (n, s) in notes.iter().enumerate() {
                let at = (s.letter, s.octave);
                if s.written_accidental.is_some() {
                    shown.push(at);
                    continue;
                }
                if shown.contains(&at) || tied_from.contains(&at) {
                    continue;
                }
                let earlier = previous.iter().rev().find(|p| (p.0, p.1) == at);
                if earlier.is_some_and(|p| p.2 != s.alter) {
                    out.insert((b, i, n), s.alter);
                    shown.push(at);
                }
            }
            if e.overlay == 0 {
                tied_from = notes
                    .iter()
                    .filter(|s| s.tie)
                    .map(|s| (s.letter, s.octave))
                    .collect();
            }
        }
    }
    out
}

impl<'a> Staff<'a> {
    pub fn new(voice: &'a Voice) -> Staff<'a> {
        // Lyrics are placed on the notes as the source wrote them, then follow each note to
        // the first piece of its written form.
        let mut syllables = jamsesh_abc::align_lyrics(voice);
        let voice = match notation::written_voice(voice) {
            Some((written, moved)) => {
                for s in &mut syllables {
                    s.event = moved[s.bar][s.event];
                }
                Cow::Owned(written)
            }
            None => Cow::Borrowed(voice),
        };
        // Sorted by bar (stable, so each verse keeps its order) for finding a system's lyrics.
        jamsesh_abc::stable_sort_by_key(&mut syllables, |s| s.bar);
        let mut syllable_widths = HashMap::new();
        for s in &syllables {
            let w = text_width(&s.text, LYRIC_SIZE);
            let e = syllable_widths.entry((s.bar, s.event)).or_insert(0.0f32);
            *e = e.max(w);
        }
        let by_onset = voice
            .bars
            .iter()
            .map(|bar| {
                let mut order: Vec<usize> = (0..bar.events.len()).collect();
                jamsesh_abc::stable_sort_by_key(&mut order, |&i| bar.events[i].onset);
                order
            })
            .collect();
        let layers = voice
            .bars
            .iter()
            .map(|bar| {
                let mut l: Vec<u8> = bar.events.iter().map(|e| e.overlay).collect();
                jamsesh_abc::stable_sort(&mut l);
                l.dedup();
                l
            })
            .collect();
        Staff {
            syllables,
            syllable_widths,
            courtesy: courtesy_accidentals(&voice),
            by_onset,
            layers,
            voice,
        }
    }

    /// The accidental shown on each note of an event: as written, or a courtesy one.
    pub fn accidentals(&self, bar: usize, event: usize) -> Vec<Option<i8>> {
        match &self.voice.bars[bar].events[event].kind {
            EventKind::Notes(notes) => notes
                .iter()
                .enumerate()
                .map(|(n, s)| {
                    s.written_accidental
                        .or_else(|| self.courtesy.get(&(bar, event, n)).copied())
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn syllable_width(&self, bar: usize, event: usize) -> Option<f32> {
        self.syllable_widths.get(&(bar, event)).copied()
    }

    /// The event a drawn note stands for.
    pub fn event(&self, m: &NoteMark) -> &Event {
        &self.voice.bars[m.bar].events[m.event]
    }

    /// The layer (0 = the voice, 1+ = `&` overlays) of a drawn note.
    pub fn layer(&self, m: &NoteMark) -> u8 {
        self.event(m).overlay
    }
}
