//! Operations on a jam and the critic's judgement of broken jams, tested as music.

mod common;

use common::awkward_note;
use jamsesh_core::{chord_voicing, harmony, HarmonyKind, Jam, Overrides, Source};

fn blues() -> Jam {
    jamsesh_core::generate(
        &jamsesh_core::parse_intent("slow blues in E", &Overrides::default()).unwrap(),
        17,
    )
}

#[test]
fn new_melody_keeps_the_chords_and_changes_the_tune() {
    let j = blues();
    let again = jamsesh_core::new_melody(&j, 18, "").unwrap();
    assert_eq!(again.chords, j.chords);
    assert_ne!(again.example, j.example);
    assert!(jamsesh_core::review(&again).valid);
    // Steering: "higher" raises the melody; "sparser" plays fewer notes.
    let avg = |jam: &Jam| {
        let (t, _) = jamsesh_abc::parse_tunes(&jam.example);
        let notes = &t[0].performance()[0].notes;
        (
            notes.iter().map(|n| n.midi).sum::<i32>() as f64 / notes.len() as f64,
            notes.len(),
        )
    };
    let base = jamsesh_core::new_melody(&j, 5, "").unwrap();
    let high = jamsesh_core::new_melody(&j, 5, "higher").unwrap();
    let sparse = jamsesh_core::new_melody(&j, 5, "sparser please").unwrap();
    assert!(
        avg(&high).0 > avg(&base).0 + 2.0,
        "{} vs {}",
        avg(&high).0,
        avg(&base).0
    );
    assert!(
        avg(&sparse).1 < avg(&base).1,
        "{} vs {}",
        avg(&sparse).1,
        avg(&base).1
    );
    let bluesy = jamsesh_core::new_melody(
        &jamsesh_core::generate(
            &jamsesh_core::parse_intent("pop in C", &Overrides::default()).unwrap(),
            3,
        ),
        3,
        "bluesy",
    )
    .unwrap();
    assert!(bluesy.scales.starts_with("C blues"), "{}", bluesy.scales);
    assert!(
        jamsesh_core::review(&bluesy).valid,
        "{:?}",
        jamsesh_core::review(&bluesy).errors
    );
}

#[test]
fn new_progression_keeps_style_key_and_length() {
    let j = jamsesh_core::generate(
        &jamsesh_core::parse_intent("jazz standard in F, 16 bars", &Overrides::default()).unwrap(),
        1,
    );
    let other = (2..10)
        .map(|s| jamsesh_core::new_progression(&j, s).unwrap())
        .find(|o| o.chords != j.chords)
        .expect("some seed changes the chords");
    assert_eq!(
        (other.key.as_str(), other.bars, other.style_id.as_str()),
        ("F", 16, "jazz")
    );
    assert!(jamsesh_core::review(&other).valid);
}

#[test]
fn transpose_moves_everything_and_stays_valid() {
    let j = blues();
    let up = jamsesh_core::transpose_jam(&j, 1).unwrap();
    assert_eq!(up.key, "F");
    assert!(up.chords.starts_with("F7"), "{}", up.chords);
    assert!(
        up.scales.starts_with("F blues (F Ab Bb Cb C Eb)"),
        "{}",
        up.scales
    );
    let report = jamsesh_core::review(&up);
    assert!(report.valid, "{:?}", report.errors);
    let (a, _) = jamsesh_abc::parse_tunes(&j.example);
    let (b, _) = jamsesh_abc::parse_tunes(&up.example);
    let pa: Vec<i32> = a[0].performance()[0]
        .notes
        .iter()
        .map(|n| n.midi + 1)
        .collect();
    let pb: Vec<i32> = b[0].performance()[0].notes.iter().map(|n| n.midi).collect();
    assert_eq!(pa, pb);
    let down = jamsesh_core::transpose_jam(&j, -2).unwrap();
    assert_eq!(down.key, "D");
}

#[test]
fn harmony_voices_fit_the_chords() {
    let j = jamsesh_core::generate(
        &jamsesh_core::parse_intent("folk song in G", &Overrides::default()).unwrap(),
        4,
    );
    for kind in [
        HarmonyKind::ThirdAbove,
        HarmonyKind::SixthAbove,
        HarmonyKind::Bass,
    ] {
        let h = harmony(&j, kind).unwrap();
        let report = jamsesh_core::review(&h);
        assert!(report.valid, "{kind:?}: {:?}\n{}", report.errors, h.example);
        let (t, diags) = jamsesh_abc::parse_tunes(&h.example);
        assert!(diags.is_clean());
        let tune = &t[0];
        assert_eq!(tune.voices.len(), 2, "{}", h.example);
        let (melody, second) = (&tune.voices[0], &tune.voices[1]);
        assert_eq!(melody.bars.len(), second.bars.len());
        for (m, s) in melody.bars.iter().zip(&second.bars) {
            assert_eq!(m.duration, s.duration, "bars line up");
        }
        if kind == HarmonyKind::Bass {
            assert_eq!(second.key.clef, "bass");
            let perf = tune.performance();
            assert!(perf[1].notes.iter().all(|n| n.midi < 60), "bass stays low");
        }
    }
}

#[test]
fn chord_voicing_is_abc() {
    let abc = chord_voicing("Bbmaj9").unwrap();
    assert!(abc.contains("\"Bbmaj9\"["), "{abc}");
}

fn broken(mutate: impl Fn(&mut Jam)) -> Jam {
    let mut j = jamsesh_core::generate(
        &jamsesh_core::parse_intent("pop in G, 8 bars", &Overrides::default()).unwrap(),
        9,
    );
    j.source = Source::Llm;
    mutate(&mut j);
    j
}

#[test]
fn the_critic_catches_what_llms_get_wrong() {
    let checks = |j: &Jam| {
        jamsesh_core::review(j)
            .errors
            .iter()
            .map(|f| f.check)
            .collect::<Vec<_>>()
    };
    // Scale in another key (the original web app's A-major-with-A-minor-pentatonic mistake is
    // allowed for blues scales, but a major scale in the wrong key is not).
    assert!(
        checks(&broken(|j| j.scales = "Ab major (Ab Bb C Db Eb F G)".into())).contains(&"scales")
    );
    // Scale notes listed wrong.
    assert!(checks(&broken(|j| j.scales = "G major (G A B C D E F)".into())).contains(&"scales"));
    // A bar too long.
    assert!(checks(&broken(|j| j.example = j.example.replacen('|', "G2|", 1))).contains(&"meter"));
    // Chords disagreeing with the ABC.
    assert!(checks(&broken(|j| j.chords = j.chords.replacen('G', "E", 1))).contains(&"chords"));
    // Wrong K:.
    assert!(checks(&broken(|j| j.example = j.example.replace("K:G", "K:F"))).contains(&"key"));
    // Not ABC at all.
    assert!(checks(&broken(
        |j| j.example = "here is your melody: do re mi".into()
    ))
    .contains(&"abc"));
    // The prompt asked for 8 bars.
    assert!(checks(&broken(|j| {
        j.bars = 4;
        j.chords = j
            .chords
            .split(" | ")
            .take(4)
            .collect::<Vec<_>>()
            .join(" | ");
    }))
    .contains(&"prompt"));
}

#[test]
fn repair_fixes_keys_chord_symbols_and_bar_lengths() {
    for (what, j) in [
        (
            "wrong key",
            broken(|j| j.example = j.example.replace("K:G", "K:D")),
        ),
        (
            "no chord symbols",
            broken(|j| {
                let mut out = String::new();
                let mut in_quote = false;
                for c in j.example.chars() {
                    if c == '"' {
                        in_quote = !in_quote;
                        continue;
                    }
                    if !in_quote {
                        out.push(c);
                    }
                }
                j.example = out;
            }),
        ),
        (
            "a bar too long",
            broken(|j| j.example = j.example.replacen('|', "B2|", 1)),
        ),
    ] {
        assert!(!jamsesh_core::review(&j).valid, "{what} should be caught");
        let (fixed, report) = jamsesh_core::repair(&j);
        assert!(
            report.valid,
            "{what}: {:?}\n{}",
            report.errors, fixed.example
        );
        assert_eq!(fixed.source, Source::LlmRepair, "{what}");
    }
}

#[test]
fn repair_adds_a_forgotten_meter() {
    let j = broken(|j| {
        j.example = j
            .example
            .lines()
            .filter(|l| !l.starts_with("M:"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    assert!(!jamsesh_core::review(&j).valid);
    let (fixed, report) = jamsesh_core::repair(&j);
    assert!(report.valid, "{:?}\n{}", report.errors, fixed.example);
    assert!(fixed.example.contains("M:4/4\nK:G"), "{}", fixed.example);
}

/// Options chosen beside the prompt (a `--tempo` flag, a form field) win over the prompt's
/// words, and the critic judges the jam by them: `fast` at a chosen 30 bpm is no error, but a
/// jam that drifts from the chosen values is.
#[test]
fn chosen_options_win_over_the_prompt_and_the_critic_knows_it() {
    let chosen = Overrides {
        key: Some("F".into()),
        tempo: Some(30),
        bars: Some(16),
        meter: Some("3/4".into()),
        style: None,
    };
    let j = jamsesh_core::generate(
        &jamsesh_core::parse_intent("fast blues in Bb, 12 bars", &chosen).unwrap(),
        3,
    );
    assert_eq!(
        (j.key.as_str(), j.tempo, j.bars, j.meter.as_str()),
        ("F", 30, 16, "3/4")
    );
    let report = jamsesh_core::review(&j);
    assert!(report.valid, "{:?}", report.errors);
    // They travel with the jam through JSON and its operations.
    let back: Jam = serde_json::from_str(&serde_json::to_string(&j).unwrap()).unwrap();
    assert_eq!(back.overrides, chosen);
    let moved = jamsesh_core::new_melody(&back, 4, "").unwrap();
    assert!(jamsesh_core::review(&moved).valid);
    let up = jamsesh_core::transpose_jam(&back, 2).unwrap();
    assert!(jamsesh_core::review(&up).valid);
    // Without them, the same jam no longer answers its prompt.
    let forgot = Jam {
        overrides: Overrides::default(),
        ..j
    };
    assert!(jamsesh_core::review(&forgot)
        .errors
        .iter()
        .any(|f| f.check == "prompt"));
}

/// The staff's title (`T:`) of a jam's example.
fn staff_title(jam: &Jam) -> String {
    let (tunes, _) = jamsesh_abc::parse_tunes(&jam.example);
    tunes[0].title.clone()
}

#[test]
fn a_new_take_keeps_the_jams_title_on_the_staff() {
    let j = blues();
    assert_eq!(staff_title(&j), j.title);
    for seed in 1..8 {
        let take = jamsesh_core::new_melody(&j, seed, "more syncopated").unwrap();
        assert_eq!(
            (take.title.as_str(), staff_title(&take)),
            (j.title.as_str(), j.title.clone())
        );
        let changes = jamsesh_core::new_progression(&j, seed).unwrap();
        assert_eq!(
            (changes.title.as_str(), staff_title(&changes)),
            (j.title.as_str(), j.title.clone())
        );
    }
}

#[test]
fn compound_meters_write_the_dotted_quarter_musicians_count() {
    let jig = jamsesh_core::generate(
        &jamsesh_core::parse_intent("celtic jig in D at 116 bpm", &Overrides::default()).unwrap(),
        3,
    );
    assert_eq!((jig.meter.as_str(), jig.tempo), ("6/8", 116));
    // 116 quarter notes a minute are 77⅓ dotted quarters.
    assert!(jig.example.contains("\nQ:3/8=77\n"), "{}", jig.example);
    let waltz = jamsesh_core::generate(
        &jamsesh_core::parse_intent("waltz in G at 150 bpm", &Overrides::default()).unwrap(),
        3,
    );
    assert!(waltz.example.contains("\nQ:1/4=150\n"), "{}", waltz.example);
}

#[test]
fn transposed_chord_names_are_spelled_for_the_new_key() {
    use jamsesh_theory::chord::Chord;
    let prompts = [
        "jazz standard in F",
        "gospel in Ab",
        "bossa nova in A minor",
        "slow blues in E",
        "jazz ballad in Db",
        "minor blues in F# minor",
        "rhythm changes in Bb",
        "flamenco in E phrygian",
    ];
    for prompt in prompts {
        for seed in 1..4 {
            let j = jamsesh_core::generate(
                &jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap(),
                seed,
            );
            for semitones in 1..12 {
                let moved = jamsesh_core::transpose_jam(&j, semitones).unwrap();
                let key = moved.intent().unwrap().key;
                let signature = jamsesh_abc::signature_for_fifths(key.fifths());
                for symbol in moved.chords.split(['|', ' ']).filter(|s| !s.is_empty()) {
                    let chord: Chord = symbol.parse().unwrap();
                    let notes = std::iter::once(chord.root).chain(chord.bass);
                    for note in notes {
                        assert!(
                            !awkward_note(&note.to_string(), &signature),
                            "{prompt} s{seed} {semitones:+}: {symbol} in {}",
                            moved.key
                        );
                    }
                }
                let review = jamsesh_core::review(&moved);
                assert!(review.valid, "{prompt} {semitones:+}: {:?}", review.errors);
            }
        }
    }
}

#[test]
fn without_a_named_key_the_seed_picks_one_the_style_is_played_in() {
    let keys = |prompt: &str| -> std::collections::BTreeSet<String> {
        (1..13)
            .map(|seed| {
                let j = jamsesh_core::generate(
                    &jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap(),
                    seed,
                );
                assert!(jamsesh_core::review(&j).valid, "{prompt} s{seed}");
                format!("{} {}", j.key, j.mode)
            })
            .collect()
    };
    // Written from what players call the usual keys, not read from the code.
    let jazz = keys("swinging jazz tune");
    assert!(jazz.len() >= 4, "{jazz:?}");
    for k in &jazz {
        let tonic = k.split(' ').next().unwrap();
        assert!(["F", "Bb", "Eb", "C", "G", "Ab"].contains(&tonic), "{k}");
    }
    let rock = keys("rock song");
    assert!(
        rock.iter()
            .all(|k| ["E", "A", "D", "G"].contains(&k.split(' ').next().unwrap())),
        "{rock:?}"
    );
    // A named key is never moved.
    assert_eq!(
        keys("jazz in Db").into_iter().collect::<Vec<_>>(),
        ["Db major"]
    );
}
