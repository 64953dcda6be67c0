//! The example melody measured against the chords and scales, and the score from it.

use super::Heard;
use crate::theory::chord::Chord;
use crate::theory::time::{chord_slot, is_strong, UNITS_PER_WHOLE};
use jamsesh_abc::semantics::EventKind;
use jamsesh_abc::Frac;
use serde::Serialize;

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

pub(super) fn metrics(bars: &[&jamsesh_abc::semantics::Bar], heard: &Heard) -> Metrics {
    let (p, meter) = (heard.progression, heard.meter);
    let scale_pcs: Vec<u8> = heard
        .scales
        .iter()
        .flat_map(|s| s.notes())
        .map(|n| n.pitch_class())
        .collect();
    // Blue notes (♭3, ♭5, ♭7 of the key, spelled as such) are meant where a blues-family
    // scale is offered.
    let blue_notes: Vec<(char, i8)> = match heard.key {
        Some(k) if heard.scales.iter().any(|s| s.kind.is_blues_family()) => {
            crate::theory::scale::blue_notes(k.tonic)
                .iter()
                .map(|n| (n.letter.to_char(), n.alter))
                .collect()
        }
        _ => Vec::new(),
    };
    let (mut clashes, mut last_on_chord) = (0, false);
    // The previous note, if it leaned a semitone off its chord: its pitch.
    let mut leaning: Option<i32> = None;
    let mut m = Metrics {
        bars: bars.len(),
        ..Metrics::default()
    };
    let (mut in_scale, mut strong, mut strong_tones, mut steps, mut big, mut intervals) =
        (0, 0, 0, 0, 0, 0);
    let mut lengths: Vec<Frac> = Vec::new();
    let mut last: Option<i32> = None;
    let (mut lo, mut hi) = (i32::MAX, i32::MIN);
    for (i, bar) in bars.iter().enumerate() {
        for e in &bar.events {
            let EventKind::Notes(notes) = &e.kind else {
                continue;
            };
            let Some(top) = notes.iter().map(|n| n.midi).max() else {
                continue;
            };
            m.notes += 1;
            if !lengths.contains(&e.duration) {
                lengths.push(e.duration);
            }
            let pc = top.rem_euclid(12) as u8;
            // Position in the composer's units (None off the grid, e.g. inside a quintuplet).
            let pos = (e.onset - bar.onset) * i64::from(UNITS_PER_WHOLE);
            let units = pos
                .is_integer()
                .then(|| pos.to_integer())
                .and_then(|u| u32::try_from(u).ok());
            let chord = p.bars.get(i).map(|chords| {
                &chords[chord_slot(meter, chords.len(), units.unwrap_or(0)).min(chords.len() - 1)]
            });
            let own_scale = |c: &Chord| {
                heard
                    .chord_scales
                    .iter()
                    .any(|(k, s)| k == c && s.contains_pitch_class(pc))
            };
            in_scale += usize::from(
                scale_pcs.contains(&pc)
                    || chord.is_some_and(|c| c.contains_pitch_class(pc) || own_scale(c)),
            );
            if let Some(c) = chord {
                let tone = c.contains_pitch_class(pc);
                let sounding = notes.iter().max_by_key(|n| n.midi);
                let spelled = sounding.map(|n| (n.letter.to_ascii_uppercase(), n.alter));
                let off_letter = spelled.is_some_and(|(letter, alter)| {
                    c.tones()
                        .iter()
                        .any(|t| t.letter.to_char() == letter && t.alter != alter)
                });
                let blue = spelled.is_some_and(|n| blue_notes.contains(&n));
                clashes += usize::from(!tone && off_letter && !blue);
                last_on_chord = tone;
                if let Some(from) = leaning.take() {
                    m.unresolved_tones += usize::from((top - from).abs() > 2);
                }
                let leans = !c.leaned_on(pc).is_empty() && !off_letter && !blue;
                leaning = leans.then_some(top);
            }
            if let (Some(u), Some(chord)) = (units, chord) {
                if is_strong(u, meter) {
                    strong += 1;
                    strong_tones += usize::from(chord.contains_pitch_class(pc));
                }
            }
            if let Some(prev) = last {
                let d = (top - prev).abs();
                intervals += 1;
                steps += usize::from((1..=2).contains(&d));
                big += usize::from(d > 12);
            }
            last = Some(top);
            lo = lo.min(top);
            hi = hi.max(top);
        }
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    m.in_scale = share(in_scale, m.notes);
    m.clashing_notes = share(clashes, m.notes);
    m.ends_on_chord = last_on_chord;
    m.chord_tones_on_strong_beats = share(strong_tones, strong);
    m.steps = share(steps, intervals);
    m.leaps_over_octave = share(big, intervals);
    m.distinct_lengths = lengths.len();
    m.range = if m.notes > 0 { hi - lo } else { 0 };
    // Repeated bars: same notes at the same places as an earlier bar.
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
    let repeated = (1..shapes.len())
        .filter(|&i| shapes[..i].contains(&shapes[i]))
        .count();
    m.repeated_bars = share(repeated, shapes.len());
    m
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
