//! The example melody measured against the chords and scales, and the score from it.

use crate::progression::Progression;
use crate::theory::chord::Chord;
use crate::theory::key::Key;
use crate::theory::scale::Scale;
use crate::theory::time::{chord_slot, is_strong, UNITS_PER_WHOLE};
use jamsesh_abc::{Bar, Event, EventKind, Frac, Sounding};
use serde::Serialize;

/// What the critic listens with: the key, the chords, where they change, the scales offered.
pub(super) struct Heard<'a> {
    pub(super) key: Option<&'a Key>,
    pub(super) progression: &'a Progression,
    pub(super) meter: (u32, u32),
    pub(super) scales: &'a [Scale],
    pub(super) chord_scales: &'a [(Chord, Scale)],
}

/// Measurements of the example melody.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Notes in the melody.
    pub notes: usize,
    /// Bars in the melody.
    pub bars: usize,
    /// Share of notes in the suggested scales (blue notes count for blues scales).
    pub in_scale: f64,
    /// Share of notes on strong beats that are tones of the chord sounding.
    pub chord_tones_on_strong_beats: f64,
    /// Share of bars that repeat an earlier bar exactly.
    pub repeated_bars: f64,
    /// Share of melodic intervals that are steps (1–2 semitones).
    pub steps: f64,
    /// Share of melodic intervals larger than an octave.
    pub leaps_over_octave: f64,
    /// Distinct note lengths used.
    pub distinct_lengths: usize,
    /// Lowest to highest note, in semitones.
    pub range: i32,
    /// Share of notes a semitone off a tone of the chord sounding, spelled on that tone's
    /// letter (C♯ over C): clashes a musician hears (blue notes of a listed blues scale are
    /// meant). Each costs 12 points of the score.
    pub clashing_notes: f64,
    /// Chords with two or more tones outside every scale the jam lists (its own line in
    /// `chord_scales` included).
    pub clashing_chords: usize,
    /// The tonic chord written in the other quality than the mode's (a major template
    /// relabelled in a minor key, or the reverse).
    pub tonic_against_mode: usize,
    /// The last note is a tone of the chord it ends on.
    pub ends_on_chord: bool,
    /// Notes a semitone off a chord tone that leap away instead of moving on by step.
    pub unresolved_tones: usize,
}

/// Measures the melody in `bars` (the example's non-empty bars) against what the critic hears.
pub(super) fn metrics(bars: &[&Bar], heard: &Heard) -> Metrics {
    let ear = Ear::new(heard);
    let mut tally = Tally::new();
    for (i, bar) in bars.iter().enumerate() {
        for e in &bar.events {
            if let EventKind::Notes(notes) = &e.kind {
                tally.hear(&ear, i, bar, e, notes);
            }
        }
    }
    let mut m = tally.into_metrics(bars.len());
    m.repeated_bars = share(repeated_bars(bars), bars.len());
    m
}

/// `a` out of `b`, 0 when there is nothing to count.
fn share(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// What the notes are heard against: the chords, the scales offered and the blue notes meant.
struct Ear<'a> {
    heard: &'a Heard<'a>,
    /// Pitch classes of every scale offered.
    scale_pcs: Vec<u8>,
    /// Blue notes (♭3, ♭5, ♭7 of the key, spelled as such) are meant where a blues-family
    /// scale is offered: (letter, alteration).
    blue_notes: Vec<(char, i8)>,
}

impl<'a> Ear<'a> {
    fn new(heard: &'a Heard<'a>) -> Self {
        let scale_pcs = heard
            .scales
            .iter()
            .flat_map(|s| s.notes())
            .map(|n| n.pitch_class())
            .collect();
        let blue_notes = match heard.key {
            Some(k) if heard.scales.iter().any(|s| s.kind.is_blues_family()) => {
                crate::theory::scale::blue_notes(k.tonic)
                    .iter()
                    .map(|n| (n.letter.to_char(), n.alter))
                    .collect()
            }
            _ => Vec::new(),
        };
        Ear {
            heard,
            scale_pcs,
            blue_notes,
        }
    }

    /// The chord sounding in bar `bar` at `units` from its start (the first chord when the
    /// note is off the grid).
    fn chord_at(&self, bar: usize, units: Option<u32>) -> Option<&'a Chord> {
        let meter = self.heard.meter;
        self.heard.progression.bars.get(bar).map(|chords| {
            &chords[chord_slot(meter, chords.len(), units.unwrap_or(0)).min(chords.len() - 1)]
        })
    }

    /// The pitch class belongs to a scale offered, the chord, or the chord's own scale.
    fn in_scale(&self, pc: u8, chord: Option<&Chord>) -> bool {
        let own_scale = |c: &Chord| {
            self.heard
                .chord_scales
                .iter()
                .any(|(k, s)| k == c && s.contains_pitch_class(pc))
        };
        self.scale_pcs.contains(&pc)
            || chord.is_some_and(|c| c.contains_pitch_class(pc) || own_scale(c))
    }
}

/// Position in the composer's units of an offset into a bar (`None` off the grid, e.g. inside
/// a quintuplet).
fn grid_units(offset: Frac) -> Option<u32> {
    let pos = offset * i64::from(UNITS_PER_WHOLE);
    pos.is_integer()
        .then(|| pos.to_integer())
        .and_then(|u| u32::try_from(u).ok())
}

/// Counts gathered note by note (the top note of each chord is the melody).
struct Tally {
    notes: usize,
    in_scale: usize,
    clashes: usize,
    strong: usize,
    strong_tones: usize,
    steps: usize,
    big: usize,
    intervals: usize,
    unresolved: usize,
    last_on_chord: bool,
    /// The previous note, if it leaned a semitone off its chord: its pitch.
    leaning: Option<i32>,
    lengths: Vec<Frac>,
    last: Option<i32>,
    lo: i32,
    hi: i32,
}

impl Tally {
    fn new() -> Self {
        Tally {
            notes: 0,
            in_scale: 0,
            clashes: 0,
            strong: 0,
            strong_tones: 0,
            steps: 0,
            big: 0,
            intervals: 0,
            unresolved: 0,
            last_on_chord: false,
            leaning: None,
            lengths: Vec::new(),
            last: None,
            lo: i32::MAX,
            hi: i32::MIN,
        }
    }

    /// One note or chord `e` of bar `i`.
    fn hear(&mut self, ear: &Ear, i: usize, bar: &Bar, e: &Event, notes: &[Sounding]) {
        let Some(top) = notes.iter().map(|n| n.midi).max() else {
            return;
        };
        self.notes += 1;
        if !self.lengths.contains(&e.duration) {
            self.lengths.push(e.duration);
        }
        let pc = top.rem_euclid(12) as u8;
        let units = grid_units(e.onset - bar.onset);
        let chord = ear.chord_at(i, units);
        self.in_scale += usize::from(ear.in_scale(pc, chord));
        if let Some(c) = chord {
            self.against_chord(ear, c, notes, top);
        }
        if let (Some(u), Some(chord)) = (units, chord) {
            if is_strong(u, ear.heard.meter) {
                self.strong += 1;
                self.strong_tones += usize::from(chord.contains_pitch_class(pc));
            }
        }
        self.motion(top);
    }

    /// The note against the chord sounding: a clash, a tone, a lean that must resolve.
    fn against_chord(&mut self, ear: &Ear, c: &Chord, notes: &[Sounding], top: i32) {
        let pc = top.rem_euclid(12) as u8;
        let tone = c.contains_pitch_class(pc);
        let sounding = notes.iter().max_by_key(|n| n.midi);
        let spelled = sounding.map(|n| (n.letter.to_ascii_uppercase(), n.alter));
        let off_letter = spelled.is_some_and(|(letter, alter)| {
            c.tones()
                .iter()
                .any(|t| t.letter.to_char() == letter && t.alter != alter)
        });
        let blue = spelled.is_some_and(|n| ear.blue_notes.contains(&n));
        self.clashes += usize::from(!tone && off_letter && !blue);
        self.last_on_chord = tone;
        if let Some(from) = self.leaning.take() {
            self.unresolved += usize::from((top - from).abs() > 2);
        }
        let leans = !c.leaned_on(pc).is_empty() && !off_letter && !blue;
        self.leaning = leans.then_some(top);
    }

    /// The interval from the previous note, and the range.
    fn motion(&mut self, top: i32) {
        if let Some(prev) = self.last {
            let d = (top - prev).abs();
            self.intervals += 1;
            self.steps += usize::from((1..=2).contains(&d));
            self.big += usize::from(d > 12);
        }
        self.last = Some(top);
        self.lo = self.lo.min(top);
        self.hi = self.hi.max(top);
    }

    fn into_metrics(self, bars: usize) -> Metrics {
        Metrics {
            notes: self.notes,
            bars,
            in_scale: share(self.in_scale, self.notes),
            chord_tones_on_strong_beats: share(self.strong_tones, self.strong),
            steps: share(self.steps, self.intervals),
            leaps_over_octave: share(self.big, self.intervals),
            distinct_lengths: self.lengths.len(),
            range: if self.notes > 0 { self.hi - self.lo } else { 0 },
            clashing_notes: share(self.clashes, self.notes),
            ends_on_chord: self.last_on_chord,
            unresolved_tones: self.unresolved,
            ..Metrics::default()
        }
    }
}

/// Bars with the same notes at the same places as an earlier bar.
fn repeated_bars(bars: &[&Bar]) -> usize {
    let shapes: Vec<Vec<(Frac, Frac, Vec<i32>)>> = bars
        .iter()
        .map(|b| {
            b.events
                .iter()
                .map(|e| {
                    let pitches = match &e.kind {
                        EventKind::Notes(n) => n.iter().map(|s| s.midi).collect(),
                        _ => Vec::new(),
                    };
                    (e.onset - b.onset, e.duration, pitches)
                })
                .collect()
        })
        .collect();
    (1..shapes.len())
        .filter(|&i| shapes[..i].contains(&shapes[i]))
        .count()
}

/// 0–100 from the metrics: scale fit, chord tones on strong beats, variety, stepwise motion.
pub fn score(m: &Metrics) -> u32 {
    if m.notes == 0 {
        return 0;
    }
    // Human folk melodies move by step about half the time.
    let step_fit = 1.0 - ((m.steps - 0.5).abs() * 2.0).min(1.0);
    let s = 30.0 * m.in_scale
        + 30.0 * m.chord_tones_on_strong_beats
        + 20.0 * (1.0 - m.repeated_bars)
        + 10.0 * step_fit
        + 10.0 * (1.0 - (m.leaps_over_octave * 10.0).min(1.0));
    // What a musician hears at once costs the most: a tonic chord in the wrong mode, chords
    // against every scale offered, notes a semitone off the chord, a line that stops off the
    // harmony.
    let heard = 40.0 * (m.tonic_against_mode.min(1) as f64)
        + 30.0 * (m.clashing_chords.min(3) as f64)
        + (m.clashing_notes * m.notes as f64 * 12.0).min(60.0)
        + if m.ends_on_chord { 0.0 } else { 35.0 }
        + (m.unresolved_tones as f64 * 8.0).min(32.0);
    (s - heard).round().clamp(0.0, 100.0) as u32
}
