//! The harmony button's bass, judged by a bass player's rules written before the code: the
//! root (or slash bass) on every chord change; every note in the chord's scale or a chromatic
//! approach a semitone from the root it leads to; bars as long as the meter; in swing styles a
//! walk in quarter notes whose note before each change is a step (1 or 2 semitones) from the
//! new root; elsewhere roots and fifths, with passing tones leading by step into the changes.

mod common;
use common::awkward_note;
use jamsesh_abc::{EventKind, Frac};
use jamsesh_core::{harmony, HarmonyKind, Jam, Overrides};
use jamsesh_theory::chord::Chord;
use jamsesh_theory::note::Note;

const WALKING: &[&str] = &[
    "jazz standard in Bb",
    "bebop in F",
    "jazz blues in F",
    "gypsy jazz in A minor",
    "rhythm changes in Bb",
    "cool jazz in Eb",
    "jazz ballad in Db",
];

const ROOT_FIFTH: &[&str] = &[
    "country in G",
    "folk song in D",
    "rock in A",
    "reggae in B minor",
    "celtic jig in D",
    "waltz in F",
    "pop in E",
    "bossa nova in F",
    "funk in E dorian",
];

fn jam_for(prompt: &str, seed: u64) -> Jam {
    jamsesh_core::generate(
        &jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap(),
        seed,
    )
}

/// Where the chords of a bar change, in whole notes from its start, as a musician counts it:
/// one chord holds the bar; two split it at the half bar (beat 3 of 4/4 and of 3/4, the second
/// dotted quarter of 6/8); four take a beat each.
fn changes_in_bar(meter: (i64, i64), count: usize) -> Vec<Frac> {
    let bar = Frac::new(meter.0, meter.1);
    match (meter, count) {
        (_, 1) => vec![Frac::from(0)],
        ((3, 4), 2) => vec![Frac::from(0), Frac::new(1, 2)],
        (_, 2) => vec![Frac::from(0), bar / 2],
        ((4, 4), 4) => (0..4).map(|b| Frac::new(b, 4)).collect(),
        _ => panic!("no hand rule for {count} chords in {meter:?}"),
    }
}

/// A bass note: onset and length in whole notes from the start, MIDI key and pitch class.
#[derive(Clone, Debug)]
struct Played {
    name: String,
    onset: Frac,
    len: Frac,
    midi: i32,
}

/// The scale a player reads a chord by: the line the jam lists for it, else the key's own
/// scale with the chord's alterations (C♯ over A7 in C) and its tones.
fn scale_pcs(j: &Jam, chord: &Chord) -> Vec<u8> {
    let listed = j.chord_scales.iter().find_map(|line| {
        let (name, rest) = line.split_once(':')?;
        let chord_there: Chord = name.trim().parse().ok()?;
        let notes = rest.split_once('(')?.1.trim_end_matches(')');
        (chord_there == *chord).then(|| {
            notes
                .split_whitespace()
                .filter_map(|n| n.parse::<Note>().ok())
                .map(|n| n.pitch_class())
                .collect::<Vec<u8>>()
        })
    });
    if let Some(pcs) = listed {
        return pcs;
    }
    let key = j.intent().unwrap().key.scale();
    let tones = chord.tones();
    key.notes()
        .into_iter()
        .map(|n| {
            tones
                .iter()
                .find(|t| t.letter == n.letter)
                .copied()
                .unwrap_or(n)
        })
        .chain(tones.iter().copied())
        .map(|n| n.pitch_class())
        .collect()
}

struct Checked {
    changes: usize,
    approached_by_step: usize,
}

/// Checks every rule shared by both kinds of bass; returns how the changes were approached.
fn check(prompt: &str, seed: u64, walking: bool) -> Checked {
    let j = jam_for(prompt, seed);
    let h = harmony(&j, HarmonyKind::Bass).unwrap();
    let review = jamsesh_core::review(&h);
    assert!(review.valid, "{prompt} s{seed}: {:?}", review.errors);
    let (tunes, _) = jamsesh_abc::parse_tunes(&h.example);
    let (num, den) = j.meter.split_once('/').unwrap();
    let meter: (i64, i64) = (num.parse().unwrap(), den.parse().unwrap());
    let bar_len = Frac::new(meter.0, meter.1);
    let progression = j.progression().unwrap();
    let bass = &tunes[0].voices[1];
    assert_eq!(bass.bars.len(), progression.bars.len(), "{prompt} s{seed}");
    let signature = tunes[0].key.signature;
    let mut notes: Vec<Played> = Vec::new();
    for (b, bar) in bass.bars.iter().enumerate() {
        let total: Frac = bar.events.iter().map(|e| e.duration).sum();
        assert_eq!(
            total,
            bar_len,
            "{prompt} s{seed} bar {}: {}",
            b + 1,
            h.example
        );
        for e in &bar.events {
            let EventKind::Notes(n) = &e.kind else {
                panic!("{prompt} s{seed} bar {}: the bass rests", b + 1);
            };
            let accidental = match n[0].alter {
                -2 => "bb",
                -1 => "b",
                1 => "#",
                2 => "##",
                _ => "",
            };
            let name = format!("{}{accidental}", n[0].letter.to_ascii_uppercase());
            notes.push(Played {
                name,
                onset: e.onset,
                len: e.duration,
                midi: n[0].midi,
            });
        }
    }
    // Every chord change, as (time, chord); a chord held over a bar line is no change.
    let mut changes: Vec<(Frac, &Chord)> = Vec::new();
    for (b, chords) in progression.bars.iter().enumerate() {
        let start = bar_len * Frac::from(b as i64);
        for (at, chord) in changes_in_bar(meter, chords.len()).into_iter().zip(chords) {
            if changes.last().is_none_or(|(_, c)| *c != chord) {
                changes.push((start + at, chord));
            }
        }
    }
    let chord_at = |t: Frac| changes.iter().rev().find(|(at, _)| *at <= t).unwrap().1;
    let mut checked = Checked {
        changes: 0,
        approached_by_step: 0,
    };
    for (k, n) in notes.iter().enumerate() {
        let chord = chord_at(n.onset);
        let pc = n.midi.rem_euclid(12) as u8;
        let next = notes.get(k + 1);
        let next_is_change = next.is_some_and(|m| changes.iter().any(|(at, _)| *at == m.onset));
        let chromatic_approach =
            next_is_change && next.is_some_and(|m| (m.midi - n.midi).abs() == 1);
        assert!(
            scale_pcs(&j, chord).contains(&pc) || chromatic_approach,
            "{prompt} s{seed}: {} at {} over {chord} is neither in its scale nor a chromatic approach\n{}",
            n.midi,
            n.onset,
            h.example
        );
        let at_change = changes.iter().any(|(at, _)| *at == n.onset);
        if !walking && !at_change {
            // Root, fifth, or a passing tone a step from the next note.
            let root = chord.bass.unwrap_or(chord.root).pitch_class();
            let fifth = (chord.root.pitch_class() + 7) % 12;
            let passing = next.is_some_and(|m| (1..=2).contains(&(m.midi - n.midi).abs()));
            assert!(
                pc == root || pc == fifth || passing,
                "{prompt} s{seed}: {} at {} over {chord} is no root, fifth or passing tone\n{}",
                n.midi,
                n.onset,
                h.example
            );
        }
        if !scale_pcs(&j, chord).contains(&pc) {
            // A chromatic approach is spelled as a bassist writes it: no double accidental,
            // no E♯, B♯, F♭ or C♭ the key lacks (E♮ above E♭, not F♭).
            assert!(
                !awkward_note(&n.name, &signature),
                "{prompt} s{seed}: {} at {} in the bass\n{}",
                n.name,
                n.onset,
                h.example
            );
        }
        if walking && changes.last().is_some_and(|(at, _)| n.onset < *at) {
            assert_eq!(
                n.len,
                Frac::new(1, 4),
                "{prompt} s{seed}: walking in quarters\n{}",
                h.example
            );
        }
    }
    for (i, (at, chord)) in changes.iter().enumerate() {
        let Some(k) = notes.iter().position(|n| n.onset == *at) else {
            panic!(
                "{prompt} s{seed}: no bass note on the change to {chord} at {at}\n{}",
                h.example
            );
        };
        let root = chord.bass.unwrap_or(chord.root).pitch_class();
        assert_eq!(
            notes[k].midi.rem_euclid(12) as u8,
            root,
            "{prompt} s{seed}: the change to {chord} at {at} is not met by its root\n{}",
            h.example
        );
        if i > 0 && k > 0 {
            let before = &notes[k - 1];
            let held = before.onset == changes[i - 1].0;
            checked.changes += usize::from(!held);
            let step = (1..=2).contains(&(before.midi - notes[k].midi).abs());
            checked.approached_by_step += usize::from(!held && step);
        }
    }
    checked
}

#[test]
fn swing_basses_walk_into_every_root() {
    for prompt in WALKING {
        for seed in 1..=5 {
            let c = check(prompt, seed, true);
            // Every change the line has time to approach is approached by a step.
            assert_eq!(c.approached_by_step, c.changes, "{prompt} s{seed}");
        }
    }
}

#[test]
fn other_basses_play_roots_and_fifths_with_passing_tones() {
    let (mut changes, mut by_step) = (0, 0);
    for prompt in ROOT_FIFTH {
        for seed in 1..=5 {
            let c = check(prompt, seed, false);
            changes += c.changes;
            by_step += c.approached_by_step;
        }
    }
    // Passing tones lead into most changes (the rest: a root repeated, or a change the
    // line has no room to approach).
    assert!(
        by_step * 10 >= changes * 7,
        "{by_step} of {changes} changes approached by step"
    );
}
