//! The critic on damaged jams, the way LLM answers are damaged: cut, garbled, shuffled. It
//! never panics, and a repair it calls valid is one a player accepts (the tests' own musician,
//! `common/musician.rs`, reads it: bars fill the meter, chord symbols agree with `chords`, the
//! key signature is the key's).

mod common;
use common::musician;
use jamsesh_core::{Overrides, Source};
use proptest::prelude::*;

fn base(seed: u64) -> jamsesh_core::Jam {
    let prompts = [
        "slow blues in E",
        "celtic jig in D",
        "jazz standard in Bb",
        "waltz in F",
        "funk in E minor",
    ];
    let p = prompts[(seed % prompts.len() as u64) as usize];
    let mut j = jamsesh_core::generate(
        &jamsesh_core::parse_intent(p, &Overrides::default()).unwrap(),
        seed,
    );
    j.source = Source::Llm;
    j
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn damaged_examples(seed in 0u64..50, cut_at in 0usize..2000, cut_len in 0usize..40, insert in "[A-Ga-gz|:\\[\\]\"0-9/ ]{0,6}") {
        let mut j = base(seed);
        let mut text: Vec<char> = j.example.chars().collect();
        let at = cut_at.min(text.len());
        let end = (at + cut_len).min(text.len());
        text.splice(at..end, insert.chars());
        j.example = text.into_iter().collect();
        let report = jamsesh_core::review(&j);
        let (fixed, after) = jamsesh_core::repair(&j);
        if after.valid {
            let faults = musician::faults(&fixed);
            prop_assert!(faults.is_empty(), "repair called valid what a player refuses: {:?}", faults);
        }
        if report.valid {
            prop_assert_eq!(fixed, j);
        }
    }

    #[test]
    fn damaged_fields(seed in 0u64..50, chords in "\\PC{0,30}", scales in "\\PC{0,30}", key in "[A-Ha-h#b]{0,3}", meter in "[0-9/]{0,4}") {
        let mut j = base(seed);
        match seed % 4 {
            0 => j.chords = chords,
            1 => j.scales = scales,
            2 => j.key = key,
            _ => j.meter = meter,
        }
        let _ = jamsesh_core::review(&j);
        let (fixed, after) = jamsesh_core::repair(&j);
        if after.valid {
            let faults = musician::faults(&fixed);
            prop_assert!(faults.is_empty(), "repair called valid what a player refuses: {:?}", faults);
        }
    }
}

/// Found by `damaged_fields`: a jam in F whose key field says `E#` was called valid, because
/// the key reader forgives `E#` for F. A player reading `E#` expects eleven sharps.
#[test]
fn a_key_field_spelled_otherwise_than_the_key_is_refused() {
    let mut j = base(3); // waltz in F
    assert_eq!(j.key, "F");
    j.key = "E#".into();
    let report = jamsesh_core::review(&j);
    assert!(!report.valid);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.check == "key" && e.message.contains("E#")),
        "{:?}",
        report.errors
    );
    j.key = "f".into();
    assert!(
        jamsesh_core::review(&j).valid,
        "a lower-case letter is the same spelling"
    );
}
