//! The prompt reader against hand-labelled prompts (issue 14): a stated key and mode, meter,
//! tempo class and style family must be read as a musician meant them.
//!
//! `data/prompts/tuning.tsv` may be read while working on the reader; its misses are printed.
//! `data/prompts/holdout.tsv` is for measuring only: this test prints its accuracy numbers and
//! nothing of its rows (no prompt, no label), also not when an assertion fails.

mod labelled;

use jamsesh_core::Overrides;
use labelled::{family, report, score};

/// The rule-based reader.
fn rules(prompt: &str) -> jamsesh_core::Intent {
    jamsesh_core::parse_intent(prompt, &Overrides::default())
        .unwrap_or_else(|_| panic!("a labelled prompt could not be read"))
}

#[test]
fn every_catalogue_style_has_a_family() {
    for s in jamsesh_core::STYLES {
        assert!(family(s.id).is_some(), "{} has no family", s.id);
    }
}

#[test]
fn tuning_prompts_are_read_as_labelled() {
    let s = score(include_str!("data/prompts/tuning.tsv"), rules);
    eprintln!("misses on tuning.tsv:");
    for m in &s.misses {
        eprintln!("  {m}");
    }
    report("tuning", &s);
    assert_eq!(s.unmapped, 0, "every tuning label has a family");
    assert!(s.key.scored >= 300, "{} keys", s.key.scored);
    assert_eq!(s.key.right, s.key.scored, "every stated key is honoured");
    // Floors a little under today's reading (misses: a 7/4 the composer does not write yet,
    // ii-V-I drills with no practice style in the catalogue yet).
    assert!(s.no_key.rate() >= 0.99, "keys read where none was stated");
    assert!(s.meter.rate() >= 0.97, "meter");
    assert!(s.tempo.rate() >= 0.98, "tempo");
    assert!(s.style.rate() >= 0.96, "style family");
}

#[test]
fn holdout_accuracy_is_reported() {
    // Numbers only: the rows and the misses of the holdout are never printed.
    let s = score(include_str!("data/prompts/holdout.tsv"), rules);
    report("holdout", &s);
    assert!(s.key.scored > 0);
    assert!(
        s.key.rate() >= 0.95,
        "holdout key accuracy {:.1}%",
        s.key.rate() * 100.0
    );
}
