//! What the prompt reader says it understood (issue 14, item 6): each value with the words it
//! came from, and the words it did not understand.

use jamsesh_core::{Jam, Overrides, Reading, Understood};

fn understood(prompt: &str) -> Understood {
    jamsesh_core::parse_intent(prompt, &Overrides::default())
        .unwrap()
        .understood
}

fn r(value: &str, words: &str) -> Option<Reading> {
    Some(Reading {
        value: value.into(),
        words: words.into(),
    })
}

#[test]
fn a_dozen_prompts_read_as_a_musician_meant_them() {
    let cases: Vec<(&str, Understood)> = vec![
        (
            "reggae groove in the key of A minor, slow",
            Understood {
                style: r("reggae", "reggae groove"),
                key: r("A minor", "in the key of A minor"),
                // Reggae's slow tempo.
                tempo: r("66", "slow"),
                ..Default::default()
            },
        ),
        (
            "slow blues in E",
            Understood {
                style: r("blues", "blues"),
                key: r("E major", "in E"),
                tempo: r("60", "slow"),
                ..Default::default()
            },
        ),
        (
            "celtic jig in D for flute",
            Understood {
                style: r("celtic", "celtic jig"),
                key: r("D major", "in D"),
                meter: r("6/8", "jig"),
                instrument: r("flute", "for flute"),
                ..Default::default()
            },
        ),
        (
            "punk in Db, 180 bpm",
            Understood {
                style: r("punk", "punk"),
                key: r("Db major", "in Db"),
                tempo: r("180", "180 bpm"),
                ..Default::default()
            },
        ),
        (
            "12 bar blues for piano",
            Understood {
                style: r("blues", "12 bar blues"),
                bars: r("12", "12 bar"),
                instrument: r("piano", "for piano"),
                ..Default::default()
            },
        ),
        (
            "sad waltz for cello",
            Understood {
                style: r("waltz", "waltz"),
                // The mood chose minor and a tempo between the waltz's slow and usual.
                key: r("A minor", "sad"),
                tempo: r("102", "sad"),
                meter: r("3/4", "waltz"),
                instrument: r("cello", "for cello"),
                mood: r("sad", "sad"),
                ..Default::default()
            },
        ),
        (
            "bossa nova for flute, 110 bpm",
            Understood {
                style: r("bossa", "bossa nova"),
                tempo: r("110", "110 bpm"),
                instrument: r("flute", "for flute"),
                ..Default::default()
            },
        ),
        (
            "funky slow groove in Bb for bass, 16 bars",
            Understood {
                style: r("funk", "funky"),
                // Funk's own mode on a bare tonic.
                key: r("Bb dorian", "in Bb"),
                tempo: r("88", "slow"),
                bars: r("16", "16 bars"),
                instrument: r("bass", "for bass"),
                ..Default::default()
            },
        ),
        (
            "un blues lento en mi menor",
            Understood {
                style: r("blues", "blues"),
                key: r("E minor", "en mi menor"),
                tempo: r("60", "lento"),
                ..Default::default()
            },
        ),
        (
            "bluse in A please",
            Understood {
                style: r("blues", "bluse"),
                key: r("A major", "in A"),
                ..Default::default()
            },
        ),
        (
            // `something` is no typo of `soothing`: no tempo was asked for.
            "jazz ballad in Eb for tenor sax, please play something for my band",
            Understood {
                style: r("jazz-ballad", "jazz ballad"),
                key: r("Eb major", "in Eb"),
                instrument: r("tenor sax", "for tenor sax"),
                ..Default::default()
            },
        ),
        (
            "minor blues in C",
            Understood {
                style: r("minor-blues", "minor blues"),
                key: r("C minor", "minor … in C"),
                ..Default::default()
            },
        ),
        (
            "k-pop in C",
            Understood {
                style: r("pop", "k-pop"),
                key: r("C major", "in C"),
                unknown: vec!["k-pop".into()],
                note: Some("not a style I know yet: k-pop — played as Pop".into()),
                ..Default::default()
            },
        ),
    ];
    for (prompt, want) in cases {
        assert_eq!(understood(prompt), want, "{prompt}");
    }
}

#[test]
fn the_line_for_people() {
    assert_eq!(
        understood("reggae groove in the key of A minor, slow").summary(),
        "reggae (from \"reggae groove\") · A minor (from \"in the key of A minor\") · slow 66 bpm"
    );
    assert_eq!(
        understood("vaporwave jam").summary(),
        "not a style I know yet: vaporwave — played as Pop"
    );
}

#[test]
fn genres_we_do_not_have_are_named() {
    for (prompt, want) in [
        ("vaporwave jam", "vaporwave"),
        ("k-pop in C", "k-pop"),
        ("some polka-metal", "polka-metal"),
        ("hyperpop, fast", "hyperpop"),
        ("gamelan music in D", "gamelan"),
        ("a trap beat at 140", "trap"),
        ("chillwave for guitar", "chillwave"),
        ("some kraut rock in 7/8", "kraut"),
        ("jazz in the style of Radiohead", "Radiohead"),
    ] {
        let u = understood(prompt);
        assert_eq!(u.unknown, vec![want.to_string()], "{prompt}");
        let note = u.note.unwrap_or_default();
        assert!(
            note.starts_with(&format!("not a style I know yet: {want} — played as ")),
            "{prompt}: {note}"
        );
    }
    // Words that are no music request are not reported.
    for prompt in [
        "please play something for my band",
        "can you give me a slow blues in E",
        "a blues for a friend",
        "bluesrock in A",
        "jazz-funk for horns",
        "a manouche-style waltz",
    ] {
        let u = understood(prompt);
        assert!(u.unknown.is_empty(), "{prompt}: {:?}", u.unknown);
        assert_eq!(u.note, None, "{prompt}");
    }
    // A word we do not know that is no genre is still named, but not as a style.
    let u = understood("blues with an accordion");
    assert_eq!(u.unknown, vec!["accordion".to_string()]);
    assert_eq!(u.note.as_deref(), Some("not understood: accordion"));
}

/// Vocabulary words: every word of a style phrase, the instruments and moods named here.
fn vocabulary() -> Vec<String> {
    let mut out: Vec<String> = jamsesh_core::STYLES
        .iter()
        .flat_map(|s| s.words.iter())
        .flat_map(|p| p.split([' ', '-', '/']))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    for w in [
        "flute",
        "guitar",
        "piano",
        "bass",
        "sax",
        "violin",
        "fiddle",
        "trumpet",
        "voice",
        "sad",
        "happy",
        "dark",
        "chill",
        "slow",
        "fast",
        "minor",
        "major",
        "dorian",
        "bars",
        "bar",
        "please",
        "something",
        "for",
        "my",
        "band",
        "in",
        "the",
        "key",
        "of",
        "a",
        "with",
        "and",
    ] {
        out.push(w.to_string());
    }
    out
}

#[test]
fn known_words_are_never_reported_as_unknown_on_the_tuning_prompts() {
    let vocabulary = vocabulary();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/prompts/tuning.tsv"
    ))
    .unwrap();
    let mut prompts = 0;
    for line in text.lines().skip(1) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let prompt = line.split('\t').next().unwrap();
        prompts += 1;
        for entry in understood(prompt).unknown {
            // A compound such as `k-pop` is reported whole; a single known word never.
            for word in entry.split(' ') {
                let lower = word.to_lowercase();
                assert!(
                    !vocabulary.contains(&lower),
                    "{prompt}: `{word}` reported as unknown"
                );
            }
        }
    }
    assert!(prompts > 500, "{prompts}");
}

#[test]
fn jams_carry_it_and_old_jams_still_parse() {
    let i =
        jamsesh_core::parse_intent("reggae groove in the key of A minor", &Overrides::default())
            .unwrap();
    let j = jamsesh_core::generate(&i, 3);
    assert_eq!(j.understood.style, r("reggae", "reggae groove"));
    let json = serde_json::to_value(&j).unwrap();
    assert_eq!(
        json["understood"]["key"],
        serde_json::json!(["A minor", "in the key of A minor"])
    );
    let back: Jam = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, j);
    // Operations keep what the prompt said (a steered take adds its steering).
    let steered = jamsesh_core::new_melody(&j, 9, "higher").unwrap();
    assert_eq!(
        steered.understood.steer.as_ref().map(|r| r.value.as_str()),
        Some("higher")
    );
    for op in [
        jamsesh_core::new_melody(&j, 9, "").unwrap(),
        jamsesh_core::new_progression(&steered, 9).unwrap(),
        jamsesh_core::transpose_jam(&j, 2).unwrap(),
        jamsesh_core::harmony(&j, jamsesh_core::HarmonyKind::ThirdAbove).unwrap(),
    ] {
        assert_eq!(op.understood, j.understood);
    }
    // A jam from before the field: none, and none written back.
    let mut old = json;
    old.as_object_mut().unwrap().remove("understood");
    let old: Jam = serde_json::from_value(old).unwrap();
    assert!(old.understood.is_empty());
    assert!(serde_json::to_value(&old)
        .unwrap()
        .get("understood")
        .is_none());
}
