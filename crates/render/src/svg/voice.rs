//! A voice prepared for engraving: in its written form (lengths no single note shows split
//! into tied notes), with its lyrics placed on the notes, the accidentals it needs beyond the
//! written ones found, and its events indexed by onset and layer.

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
    /// Accidentals shown though not written, needed or courtesy: (bar, event, note) → alteration.
    unwritten: HashMap<(usize, usize, usize), i8>,
    /// Each bar's event indices sorted by onset (stable), so the events of a piece of a long
    /// bar are found by binary search instead of a scan of the whole bar per piece.
    pub by_onset: Vec<Vec<usize>>,
    /// Each bar's layers (0 = the voice, 1+ = `&` overlays), sorted.
    pub layers: Vec<Vec<u8>>,
}

/// The accidentals a staff must show that the source did not write: (bar, event, note) →
/// alteration. A staff holds an accidental on its own line or space to the bar line, so a note
/// shows one when it sounds other than the staff has said there (the key signature, or a sign
/// earlier in the bar): ABC's `_d D` plays D♭ twice, and the lower D needs its own flat. A note
/// the previous bar altered differently at the same place shows its alteration again as a
/// courtesy. A tie carries its note's alteration over the bar line.
fn unwritten_accidentals(voice: &Voice) -> HashMap<(usize, usize, usize), i8> {
    let mut out = HashMap::new();
    let mut tied_from: Vec<(char, i8)> = Vec::new();
    let mut previous: Vec<((char, i8), i8)> = Vec::new();
    for (b, bar) in voice.bars.iter().enumerate() {
        // (letter, octave) → the alteration the staff has shown there in this bar.
        let mut shown: Vec<((char, i8), i8)> = Vec::new();
        let said = |shown: &[((char, i8), i8)], at| {
            shown.iter().rev().find(|(p, _)| *p == at).map(|&(_, a)| a)
        };
        for (i, e) in bar.events.iter().enumerate() {
            let EventKind::Notes(notes) = &e.kind else {
                continue;
            };
            for (n, s) in notes.iter().enumerate() {
                let at = (s.letter.to_ascii_uppercase(), s.octave);
                if let Some(written) = s.written_accidental {
                    shown.push((at, written));
                    continue;
                }
                if tied_from.contains(&at) {
                    continue;
                }
                let here = said(&shown, at);
                let expected = here.unwrap_or_else(|| bar.key.alter_of(s.letter));
                let courtesy = here.is_none() && said(&previous, at).is_some_and(|a| a != s.alter);
                if s.alter != expected || courtesy {
                    out.insert((b, i, n), s.alter);
                    shown.push((at, s.alter));
                }
            }
            if e.overlay == 0 {
                tied_from = notes
                    .iter()
                    .filter(|s| s.tie)
                    .map(|s| (s.letter.to_ascii_uppercase(), s.octave))
                    .collect();
            }
        }
        previous = shown;
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
            unwritten: unwritten_accidentals(&voice),
            by_onset,
            layers,
            voice,
        }
    }

    /// The accidental shown on each note of an event: as written, or one the staff needs.
    pub fn accidentals(&self, bar: usize, event: usize) -> Vec<Option<i8>> {
        match &self.voice.bars[bar].events[event].kind {
            EventKind::Notes(notes) => notes
                .iter()
                .enumerate()
                .map(|(n, s)| {
                    s.written_accidental
                        .or_else(|| self.unwritten.get(&(bar, event, n)).copied())
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
