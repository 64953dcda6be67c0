//! The play-along band as a musician checks it: each groove's defining hits where the style
//! puts them, a count-in of drums alone, the length the options ask for, the bass on the
//! chord's root at every change, and `--with-melody` adding the melody and nothing else.

use jamsesh_band::{arrange, PlayAlong};
use jamsesh_core::{Jam, Overrides};
use jamsesh_render::{Arrangement, Role, TickNote};

const KICK: u8 = 36;
const STICK: u8 = 37;
const SNARE: u8 = 38;
const CLOSED_HAT: u8 = 42;
const PEDAL_HAT: u8 = 44;
const RIDE: u8 = 51;
const QUARTER: u64 = 480;

fn jam_for(prompt: &str) -> Jam {
    jamsesh_core::generate(
        &jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap(),
        3,
    )
}

fn part(a: &Arrangement, role: Role) -> &[TickNote] {
    &a.parts.iter().find(|p| p.role == role).unwrap().notes
}

/// Positions in the bar (ticks) where `key` is struck, over the form's bars only (not the
/// count-in, not the fill beat, not the ending), with how many bars strike there.
fn hits_in_bar(a: &Arrangement, key: u8, bar: u64, from: u64, to: u64) -> Vec<(u64, usize)> {
    let mut at: Vec<(u64, usize)> = Vec::new();
    for n in part(a, Role::Drums)
        .iter()
        .filter(|n| n.key == key && n.start >= from && n.start < to)
    {
        let offset = (n.start - from) % bar;
        match at.iter_mut().find(|(o, _)| *o == offset) {
            Some(e) => e.1 += 1,
            None => at.push((offset, 1)),
        }
    }
    at.sort();
    at
}

/// The jam's meter and its bar in ticks.
fn meter_and_bar(j: &Jam) -> ((u32, u32), u64) {
    let meter = j.intent().unwrap().meter;
    (meter, 4 * QUARTER * u64::from(meter.0) / u64::from(meter.1))
}

/// One chorus after a bar of count-in, with its bar length and the ticks of the form's bars
/// without the last (which ends in the fill): (arrangement, bar, from, to, bars).
fn form(j: &Jam) -> (Arrangement, u64, u64, u64, usize) {
    let (_, bar) = meter_and_bar(j);
    let (from, to) = (bar, bar * u64::from(j.bars));
    (one_chorus(j), bar, from, to, ((to - from) / bar) as usize)
}

fn one_chorus(j: &Jam) -> Arrangement {
    arrange(
        j,
        &PlayAlong {
            choruses: 1,
            count_in: 1,
            ..PlayAlong::default()
        },
    )
    .unwrap()
}

#[test]
fn rock_has_the_snare_on_two_and_four() {
    let j = jam_for("rock in E");
    let (a, bar, from, to, bars) = form(&j);
    let snare = hits_in_bar(&a, SNARE, bar, from, to);
    assert_eq!(
        snare,
        vec![(QUARTER, bars), (3 * QUARTER, bars)],
        "{snare:?}"
    );
    assert!(hits_in_bar(&a, KICK, bar, from, to).contains(&(0, bars)));
}

#[test]
fn reggae_drops_the_kick_on_three_and_leaves_one_empty() {
    let j = jam_for("reggae in A");
    let (a, bar, from, to, bars) = form(&j);
    assert_eq!(
        hits_in_bar(&a, KICK, bar, from, to),
        vec![(2 * QUARTER, bars)]
    );
    assert!(hits_in_bar(&a, STICK, bar, from, to).contains(&(2 * QUARTER, bars)));
}

#[test]
fn swing_rides_every_beat_with_the_hi_hat_on_two_and_four() {
    let j = jam_for("jazz standard in F");
    let (a, bar, from, to, bars) = form(&j);
    let ride = hits_in_bar(&a, RIDE, bar, from, to);
    for beat in 0..4 {
        assert!(
            ride.contains(&(beat * QUARTER, bars)),
            "ride on beat {}: {ride:?}",
            beat + 1
        );
    }
    // The skip note: the last triplet of beats two and four.
    assert!(
        ride.contains(&(QUARTER + QUARTER * 2 / 3, bars)),
        "{ride:?}"
    );
    assert_eq!(
        hits_in_bar(&a, PEDAL_HAT, bar, from, to),
        vec![(QUARTER, bars), (3 * QUARTER, bars)]
    );
}

#[test]
fn disco_is_four_on_the_floor_and_a_waltz_is_one_two_three() {
    let j = jam_for("disco in A minor");
    let (a, bar, from, to, bars) = form(&j);
    let kick = hits_in_bar(&a, KICK, bar, from, to);
    assert_eq!(
        kick,
        (0..4).map(|b| (b * QUARTER, bars)).collect::<Vec<_>>()
    );
    let j = jam_for("waltz in G");
    let (a, bar, from, to, bars) = form(&j);
    assert_eq!(hits_in_bar(&a, KICK, bar, from, to), vec![(0, bars)]);
    // Oom-pah-pah: the comping on beats two and three, never on one.
    let comp: Vec<u64> = part(&a, Role::Chords)
        .iter()
        .filter(|n| n.start >= from && n.start < to)
        .map(|n| (n.start - from) % bar)
        .collect();
    assert!(
        comp.iter().all(|&o| o == QUARTER || o == 2 * QUARTER),
        "{comp:?}"
    );
    // Pah-pah: both afterbeats of every bar; oom: the bass on one alone.
    let strokes: Vec<u64> = part(&a, Role::Chords).iter().map(|n| n.start).collect();
    for b in 0..bars as u64 {
        for beat in [QUARTER, 2 * QUARTER] {
            let at = from + b * bar + beat;
            assert!(strokes.contains(&at), "no chord at tick {at}");
        }
    }
    let bass: Vec<u64> = part(&a, Role::Bass)
        .iter()
        .filter(|n| n.start >= from && n.start < to)
        .map(|n| (n.start - from) % bar)
        .collect();
    assert!(bass.iter().all(|&o| o == 0), "{bass:?}");
}

#[test]
fn the_count_in_is_drums_alone_and_the_length_is_what_was_asked() {
    for prompt in ["slow blues in E", "celtic jig in D", "bossa nova in C"] {
        let j = jam_for(prompt);
        let (_, bar) = meter_and_bar(&j);
        for (choruses, count_in) in [(1, 1), (3, 2), (2, 0)] {
            let a = arrange(
                &j,
                &PlayAlong {
                    choruses,
                    count_in,
                    ..PlayAlong::default()
                },
            )
            .unwrap();
            let intro = bar * u64::from(count_in);
            for p in a.parts.iter().filter(|p| p.role != Role::Drums) {
                assert!(
                    p.notes.iter().all(|n| n.start >= intro),
                    "{prompt}: {} in the count-in",
                    p.name
                );
            }
            let drums_in_intro = part(&a, Role::Drums)
                .iter()
                .filter(|n| n.start < intro)
                .count();
            assert_eq!(drums_in_intro > 0, count_in > 0, "{prompt}");
            // Count-in, the choruses, and one bar of ending.
            let bars = u64::from(count_in) + u64::from(choruses) * u64::from(j.bars) + 1;
            let end = a
                .parts
                .iter()
                .flat_map(|p| p.notes.iter().map(|n| n.start + n.len))
                .max()
                .unwrap();
            assert_eq!(end, bars * bar, "{prompt} {choruses}×{count_in}");
            let seconds = end as f64 * f64::from(a.micros_per_quarter) / 1e6 / QUARTER as f64;
            let expected = bars as f64 * (bar as f64 / QUARTER as f64) * 60.0 / f64::from(j.tempo);
            assert!(
                (seconds - expected).abs() < 0.01,
                "{prompt}: {seconds} s, expected {expected}"
            );
        }
    }
}

#[test]
fn the_bass_plays_the_root_at_every_change() {
    for prompt in [
        "jazz standard in Bb",
        "salsa in C minor",
        "funk in E dorian",
        "reggae in G",
        "bossa nova in D minor",
        "country in A",
        "celtic jig in D",
        "slow blues in E",
        "rock ballad in G",
    ] {
        let j = jam_for(prompt);
        let progression = j.progression().unwrap();
        let a = one_chorus(&j);
        let bass = part(&a, Role::Bass);
        let (meter, bar) = meter_and_bar(&j);
        for (b, chords) in progression.bars.iter().enumerate() {
            let starts = jamsesh_theory::time::chord_starts(meter, chords.len());
            for (k, chord) in chords.iter().enumerate() {
                let at = bar + b as u64 * bar + u64::from(starts[k]) * 40;
                let root = chord.bass.unwrap_or(chord.root).pitch_class();
                let sounding: Vec<u8> = bass
                    .iter()
                    .filter(|n| n.start <= at && at < n.start + n.len)
                    .map(|n| n.key % 12)
                    .collect();
                assert!(
                    sounding.contains(&root),
                    "{prompt}: bar {} {chord}: bass {sounding:?}",
                    b + 1
                );
            }
        }
    }
}

#[test]
fn with_melody_adds_the_melody_and_nothing_else() {
    let j = jam_for("jazz standard in F");
    let minus_one = arrange(&j, &PlayAlong::default()).unwrap();
    let with = arrange(
        &j,
        &PlayAlong {
            with_melody: true,
            ..PlayAlong::default()
        },
    )
    .unwrap();
    assert_eq!(with.parts.len(), minus_one.parts.len() + 1);
    for (a, b) in minus_one.parts.iter().zip(&with.parts) {
        assert_eq!(a.notes, b.notes, "{}", a.name);
    }
    let melody = part(&with, Role::Melody);
    // The jam's own notes (from its ABC, as the MIDI file plays them), once per chorus.
    let (tunes, _) = jamsesh_abc::parse_tunes(&j.example);
    let once: usize = tunes[0].performance().iter().map(|v| v.notes.len()).sum();
    assert_eq!(melody.len(), once * 4);
    assert!(melody.iter().all(|n| n.start >= 4 * QUARTER));
}

#[test]
fn the_midi_file_puts_the_drums_on_channel_ten() {
    let j = jam_for("rock in A");
    let bytes = jamsesh_render::arrangement_to_midi(&one_chorus(&j)).unwrap();
    let smf = midly::Smf::parse(&bytes).unwrap();
    let mut drum_notes = 0;
    for track in &smf.tracks {
        for e in track {
            if let midly::TrackEventKind::Midi {
                channel,
                message: midly::MidiMessage::NoteOn { key, vel },
            } = e.kind
            {
                if channel.as_int() == 9 && vel.as_int() > 0 {
                    drum_notes += 1;
                    assert!((35..=81).contains(&key.as_int()), "GM percussion key {key}");
                }
            }
        }
    }
    assert!(drum_notes > 100, "{drum_notes} drum notes");
}

#[test]
fn out_of_range_options_are_refused_with_the_reason() {
    let j = jam_for("pop in C");
    let bad = |o: PlayAlong| arrange(&j, &o).unwrap_err().to_string();
    assert!(bad(PlayAlong {
        choruses: 0,
        ..PlayAlong::default()
    })
    .contains("choruses"));
    assert!(bad(PlayAlong {
        choruses: 17,
        ..PlayAlong::default()
    })
    .contains("choruses"));
    assert!(bad(PlayAlong {
        count_in: 3,
        ..PlayAlong::default()
    })
    .contains("count-in"));
    assert!(bad(PlayAlong {
        tempo: Some(10),
        ..PlayAlong::default()
    })
    .contains("tempo"));
    assert!(bad(PlayAlong {
        swing: Some(49),
        ..PlayAlong::default()
    })
    .contains("swing"));
    assert!(bad(PlayAlong {
        swing: Some(76),
        ..PlayAlong::default()
    })
    .contains("swing"));
}

/// Mean movement per voice (semitones) between successive distinct comping chords.
fn voice_movement(voicings: &[Vec<u8>]) -> f64 {
    let (mut moved, mut voices) = (0i64, 0i64);
    for w in voicings.windows(2) {
        if w[0].len() == w[1].len() && w[0] != w[1] {
            moved += w[0]
                .iter()
                .zip(&w[1])
                .map(|(&a, &b)| (i64::from(a) - i64::from(b)).abs())
                .sum::<i64>();
            voices += w[0].len() as i64;
        }
    }
    moved as f64 / voices.max(1) as f64
}

#[test]
fn comping_voices_move_as_little_as_they_can() {
    for prompt in [
        "jazz standard in F",
        "soul in Eb",
        "bossa nova in D minor",
        "pop in G",
    ] {
        let j = jam_for(prompt);
        let a = one_chorus(&j);
        let mut by_start: Vec<(u64, Vec<u8>)> = Vec::new();
        for n in part(&a, Role::Chords) {
            match by_start.iter_mut().find(|(s, _)| *s == n.start) {
                Some((_, keys)) => keys.push(n.key),
                None => by_start.push((n.start, vec![n.key])),
            }
        }
        by_start.sort();
        let mut led: Vec<Vec<u8>> = by_start
            .into_iter()
            .map(|(_, mut k)| {
                k.sort();
                k
            })
            .collect();
        led.dedup();
        // The same chords in root position from the C below middle C, as blocks.
        let blocks: Vec<Vec<u8>> = j
            .progression()
            .unwrap()
            .bars
            .iter()
            .flatten()
            .map(|c| {
                let mut key = 48 + c.root.pitch_class();
                let mut out = vec![key];
                for t in c.tones().iter().skip(1).take(3) {
                    let step = (t.pitch_class() + 12 - key % 12) % 12;
                    key += if step == 0 { 12 } else { step };
                    out.push(key);
                }
                out
            })
            .collect();
        let (ours, theirs) = (voice_movement(&led), voice_movement(&blocks));
        assert!(
            ours <= 2.5,
            "{prompt}: voices move {ours:.2} semitones on average"
        );
        assert!(
            ours < theirs,
            "{prompt}: led {ours:.2} vs root-position blocks {theirs:.2}"
        );
    }
}

/// Where the ride's skip note (the off-beat of beat two) falls with a given swing.
fn skip_note(j: &Jam, swing: Option<u32>) -> Vec<u64> {
    let a = arrange(
        j,
        &PlayAlong {
            choruses: 1,
            count_in: 1,
            swing,
            ..PlayAlong::default()
        },
    )
    .unwrap();
    let (_, bar) = meter_and_bar(j);
    let (from, to) = (bar, bar * u64::from(j.bars));
    hits_in_bar(&a, RIDE, bar, from, to)
        .into_iter()
        .map(|(at, _)| at)
        .filter(|&at| at > QUARTER && at < 2 * QUARTER)
        .collect()
}

#[test]
fn the_swing_amount_moves_the_off_beats_and_nothing_else() {
    // A musician's numbers: straight eighths split the beat in half, triplet swing plays the
    // off-beat at two thirds of the beat, a hard (dotted) swing at three quarters.
    let j = jam_for("jazz standard in F");
    assert_eq!(skip_note(&j, None), vec![QUARTER + QUARTER * 2 / 3]);
    assert_eq!(skip_note(&j, Some(50)), vec![QUARTER + QUARTER / 2]);
    assert_eq!(skip_note(&j, Some(75)), vec![QUARTER + QUARTER * 3 / 4]);
    // The beats themselves stay put.
    let (a, bar, from, to, bars) = form(&j);
    let on_beats = |a: &Arrangement| {
        hits_in_bar(a, RIDE, bar, from, to)
            .into_iter()
            .filter(|(at, _)| at % QUARTER == 0)
            .collect::<Vec<_>>()
    };
    let straight = arrange(
        &j,
        &PlayAlong {
            choruses: 1,
            swing: Some(50),
            ..PlayAlong::default()
        },
    )
    .unwrap();
    assert_eq!(on_beats(&a), on_beats(&straight));
    assert_eq!(on_beats(&a).len(), 4, "{bars} bars");
    // A straight style swings only when asked; 6/8 never (its beat already divides in three).
    let rock = jam_for("rock in E");
    let hats = |swing| {
        let a = arrange(
            &rock,
            &PlayAlong {
                choruses: 1,
                swing,
                ..PlayAlong::default()
            },
        )
        .unwrap();
        let (_, bar) = meter_and_bar(&rock);
        hits_in_bar(&a, CLOSED_HAT, bar, bar, bar * u64::from(rock.bars))
            .into_iter()
            .map(|(at, _)| at)
            .collect::<Vec<_>>()
    };
    assert!(hats(None).contains(&(QUARTER / 2)), "{:?}", hats(None));
    // A steer's feel marking leads when no amount is asked: "straighter" jazz rides straight.
    let mut straighter = j.clone();
    straighter.example = straighter.example.replacen("Q:", "Q:\"Straight\" ", 1);
    assert_eq!(skip_note(&straighter, None), vec![QUARTER + QUARTER / 2]);
    assert!(hats(Some(67)).contains(&(QUARTER * 67 / 100)));
    let jig = jam_for("celtic jig in D");
    let notes = |swing| {
        arrange(
            &jig,
            &PlayAlong {
                choruses: 1,
                swing,
                ..PlayAlong::default()
            },
        )
        .unwrap()
        .parts
    };
    assert_eq!(
        format!("{:?}", notes(None)),
        format!("{:?}", notes(Some(75)))
    );
}
