//! Helpers the core's integration tests share (each test uses some of them).
#![allow(dead_code)]

pub mod musician;
pub mod readme;

use jamsesh_abc::Frac;
use jamsesh_core::Jam;

/// (onset, duration, midi) of every melody note of a jam's example, in whole notes, as the
/// ABC parser reads it.
pub fn notes(j: &Jam) -> Vec<(Frac, Frac, i32)> {
    let (tunes, _) = jamsesh_abc::parse_tunes(&j.example);
    tunes[0].voices[0]
        .bars
        .iter()
        .flat_map(|b| &b.events)
        .filter_map(|e| match &e.kind {
            jamsesh_abc::EventKind::Notes(n) => Some((e.onset, e.duration, n[0].midi)),
            _ => None,
        })
        .collect()
}

/// Semitones from the melody to the second voice at every melody note's onset.
pub fn voice_intervals(j: &Jam) -> Vec<i32> {
    let (tunes, _) = jamsesh_abc::parse_tunes(&j.example);
    let perf = tunes[0].performance();
    let (melody, second) = (&perf[0].notes, &perf[1].notes);
    melody
        .iter()
        .filter_map(|m| {
            let s = second.iter().find(|s| s.onset == m.onset)?;
            Some(s.midi - m.midi)
        })
        .collect()
}

/// A spelled root or bass a musician would not write in a key: a double accidental, or E♯,
/// B♯, F♭, C♭ when the key signature does not hold it.
pub fn awkward_note(name: &str, signature: &[i8; 7]) -> bool {
    let letter = name.chars().next().unwrap_or('C');
    let alter: i8 = name[1..]
        .chars()
        .map(|c| match c {
            '#' => 1,
            'b' => -1,
            _ => 0,
        })
        .sum();
    let index = "CDEFGAB".find(letter).unwrap_or(0);
    alter.abs() >= 2
        || (signature[index] != alter
            && matches!((letter, alter), ('E' | 'B', 1) | ('F' | 'C', -1)))
}

/// Share of notes that start off the beat and sound through the next one.
pub fn syncopated_share(ns: &[(Frac, Frac, i32)]) -> (usize, usize) {
    let quarter = Frac::new(1, 4);
    let pushed = ns
        .iter()
        .filter(|(onset, duration, _)| {
            let next_beat = (*onset / quarter).floor() * quarter + quarter;
            !(*onset / quarter).is_integer() && *onset + *duration > next_beat
        })
        .count();
    (pushed, ns.len())
}
