//! MIDI from real jams and tunes, read back with midly and checked as music. The jams are the
//! composer's examples kept as files in `tests/data/jams/` (see its README).

mod common;

use common::jam_file;
use jamsesh_render::{tune_to_midi, Feel, MidiOptions};
use midly::{MetaMessage, MidiMessage, Smf, TrackEventKind};

/// (track index, start tick, length, key) of every note.
fn notes(smf: &Smf) -> Vec<(usize, u64, u64, u8)> {
    let mut out = Vec::new();
    for (i, track) in smf.tracks.iter().enumerate() {
        let mut now = 0u64;
        let mut open: Vec<(u8, u64)> = Vec::new();
        for ev in track {
            now += u64::from(u32::from(ev.delta));
            if let TrackEventKind::Midi { message, .. } = ev.kind {
                match message {
                    MidiMessage::NoteOn { key, vel } if vel > 0 => open.push((u8::from(key), now)),
                    MidiMessage::NoteOff { key, .. } | MidiMessage::NoteOn { key, .. } => {
                        if let Some(p) = open.iter().position(|(k, _)| *k == u8::from(key)) {
                            let (k, start) = open.remove(p);
                            out.push((i, start, now - start, k));
                        }
                    }
                    _ => {}
                }
            }
        }
        assert!(open.is_empty(), "track {i} leaves notes hanging");
    }
    out
}

fn tune(abc: &str) -> jamsesh_abc::Tune {
    let (mut tunes, diags) = jamsesh_abc::parse_tunes(abc);
    assert!(diags.is_clean());
    tunes.remove(0)
}

#[test]
fn melody_tempo_and_repeats() {
    let t = tune("X:1\nT:Test\nM:3/4\nL:1/8\nQ:3/8=60\nK:G\n|:G2 A2 B2:|d6|]\n");
    let bytes = tune_to_midi(
        &t,
        &MidiOptions {
            accompaniment: false,
            ..MidiOptions::default()
        },
    )
    .unwrap();
    let smf = Smf::parse(&bytes).unwrap();
    // Q:3/8=60 is 90 quarter notes a minute: 666,666 µs per quarter.
    let tempo = smf.tracks[0].iter().find_map(|e| match e.kind {
        TrackEventKind::Meta(MetaMessage::Tempo(t)) => Some(u32::from(t)),
        _ => None,
    });
    assert_eq!(tempo, Some(666_666));
    let n = notes(&smf);
    // Repeats expanded: G A B G A B d.
    let keys: Vec<u8> = n.iter().map(|x| x.3).collect();
    assert_eq!(keys, [67, 69, 71, 67, 69, 71, 74]);
    assert_eq!(n[6].1, 6 * 480);
    assert_eq!(n[6].2, 3 * 480);
}

#[test]
fn a_jam_with_its_backing() {
    // A twelve-bar blues in E: E7 A7 E7 E7 | A7 A7 E7 E7 | B7 A7 E7 B7.
    let t = tune(&jam_file("slow-blues-in-e-17"));
    let bytes = tune_to_midi(
        &t,
        &MidiOptions {
            accompaniment: true,
            feel: Feel::Swing,
            program: 65,
        },
    )
    .unwrap();
    let smf = Smf::parse(&bytes).unwrap();
    assert_eq!(smf.tracks.len(), 4, "tempo, melody, chords, bass");
    let n = notes(&smf);
    let melody: Vec<_> = n.iter().filter(|x| x.0 == 1).collect();
    assert_eq!(melody.len(), t.performance()[0].notes.len());
    // Twelve bars of 4/4: everything ends by 12 × 1920 ticks.
    assert!(
        n.iter().all(|x| x.1 + x.2 <= 12 * 1920),
        "{:?}",
        n.iter().map(|x| x.1 + x.2).max()
    );
    // The bass plays chord roots and fifths: E, A, B and their fifths only.
    let allowed = [4u8, 11, 9, 4, 11, 6];
    assert!(n
        .iter()
        .filter(|x| x.0 == 3)
        .all(|x| allowed.contains(&(x.3 % 12))));
    // Comping chords hold E7/A7/B7 tones.
    let chord_tones = [4u8, 8, 11, 2, 9, 1, 7, 6, 3];
    assert!(n
        .iter()
        .filter(|x| x.0 == 2)
        .all(|x| chord_tones.contains(&(x.3 % 12))));
    // Swing: a note on the beat stays there; one on the second eighth of a beat starts two
    // thirds into it (tick 320 of 480).
    let written: Vec<jamsesh_abc::Frac> =
        t.performance()[0].notes.iter().map(|n| n.onset).collect();
    let mut starts: Vec<u64> = melody.iter().map(|x| x.1).collect();
    starts.sort_unstable();
    let eighth = jamsesh_abc::Frac::new(1, 8);
    let mut checked = 0;
    for (onset, tick) in written.iter().zip(&starts) {
        let in_beat = *onset % (eighth * 2);
        if in_beat == jamsesh_abc::Frac::new(0, 1) {
            assert_eq!(tick % 480, 0, "on the beat at {onset}");
            checked += 1;
        } else if in_beat == eighth {
            assert_eq!(tick % 480, 320, "swung eighth at {onset}");
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} onsets on the eighth grid");
}

#[test]
fn empty_tunes_are_an_error() {
    let t = tune("X:1\nK:C\nz4|\n");
    assert!(tune_to_midi(&t, &MidiOptions::default()).is_err());
}

/// Our melody track against Debian's abc2midi on the same tunes (chord symbols off there, no
/// backing here): same keys, same times within abc2midi's one-tick delay.
#[test]
fn melody_tracks_agree_with_abc2midi() {
    let dir = std::env::temp_dir().join(format!("jamsesh-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jams = [
        "celtic-jig-in-d-1",
        "pop-in-g-2",
        "slow-blues-in-e-3",
        "waltz-in-f-4",
        "jazz-ballad-in-eb-5",
    ];
    for p in jams {
        let abc = jam_file(p);
        let abc_path = dir.join(format!("{p}.abc"));
        let mid_path = dir.join(format!("{p}.mid"));
        std::fs::write(&abc_path, &abc).unwrap();
        let status = std::process::Command::new("abc2midi")
            .arg(&abc_path)
            .arg("-o")
            .arg(&mid_path)
            .args(["-NGUI", "-silent"])
            .status()
            .expect("abc2midi is installed by scripts/setup");
        assert!(status.success());
        let theirs_bytes = std::fs::read(&mid_path).unwrap();
        let theirs_smf = Smf::parse(&theirs_bytes).unwrap();
        let mut theirs: Vec<(u64, u64, u8)> = notes(&theirs_smf)
            .into_iter()
            .map(|n| (n.1, n.2, n.3))
            .collect();
        let t = tune(&abc);
        let ours_bytes = tune_to_midi(
            &t,
            &MidiOptions {
                accompaniment: false,
                ..MidiOptions::default()
            },
        )
        .unwrap();
        let mut ours: Vec<(u64, u64, u8)> = notes(&Smf::parse(&ours_bytes).unwrap())
            .into_iter()
            .map(|n| (n.1, n.2, n.3))
            .collect();
        theirs.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours.len(), theirs.len(), "{p}");
        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!(a.2, b.2, "{p}: keys");
            assert!(
                a.0.abs_diff(b.0) <= 1 && (a.0 + a.1).abs_diff(b.0 + b.1) <= 1,
                "{p}: {a:?} vs {b:?}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compound_meters_comp_on_the_dotted_quarter_and_keep_their_signature() {
    // Two bars of 6/8: eighths are 240 ticks, a bar 1440.
    let t = tune("X:1\nM:6/8\nL:1/8\nQ:3/8=80\nK:D\n\"D\"d2c BAF|\"G\"G3 \"A\"A3|]\n");
    for feel in [Feel::Straight, Feel::Swing] {
        let bytes = tune_to_midi(
            &t,
            &MidiOptions {
                accompaniment: true,
                feel,
                program: 40,
            },
        )
        .unwrap();
        let smf = Smf::parse(&bytes).unwrap();
        let signature = smf.tracks[0].iter().find_map(|e| match e.kind {
            TrackEventKind::Meta(MetaMessage::TimeSignature(n, d, ..)) => Some((n, d)),
            _ => None,
        });
        assert_eq!(signature, Some((6, 3)), "6/8, not 3/4");
        let mut strikes: Vec<u64> = notes(&smf)
            .iter()
            .filter(|x| x.0 == 2)
            .map(|x| x.1)
            .collect();
        strikes.dedup();
        // Beats 1 and 4 of each bar (eighths 0 and 3), whatever the feel.
        assert_eq!(strikes, [0, 720, 1440, 2160], "{feel:?}");
        // The bass: D then its fifth on beat 4; G on 1 and A on 4 of the second bar.
        let bass: Vec<(u64, u8)> = notes(&smf)
            .iter()
            .filter(|x| x.0 == 3)
            .map(|x| (x.1, x.3 % 12))
            .collect();
        assert_eq!(bass, [(0, 2), (720, 9), (1440, 7), (2160, 9)], "{feel:?}");
    }
}

#[test]
fn swing_moves_off_beat_eighths_and_leaves_triplets_alone() {
    // A triplet, a quarter, two eighths: at 2:1 the second eighth of beat 3 starts two thirds
    // into it (960 + 320), and the triplet keeps its even thirds (0, 160, 320).
    let t = tune("X:1\nM:4/4\nL:1/8\nK:C\n(3ABc d2 ef z2|]\n");
    for (feel, expected) in [
        (Feel::Straight, [0, 160, 320, 480, 960, 1200]),
        (Feel::Swing, [0, 160, 320, 480, 960, 1280]),
        (Feel::Shuffle, [0, 160, 320, 480, 960, 1280]),
    ] {
        let bytes = tune_to_midi(
            &t,
            &MidiOptions {
                accompaniment: false,
                feel,
                program: 0,
            },
        )
        .unwrap();
        let starts: Vec<u64> = notes(&Smf::parse(&bytes).unwrap())
            .iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(starts, expected, "{feel:?}");
    }
}
