//! The composer on 300+ prompts written for JamSesh: every jam valid, every value read from
//! the prompt kept by the composer, and per-style music metrics above thresholds (see the
//! README for why these). Whether the prompt was read right is measured against hand labels
//! in `prompt_labels.rs`.

use jamsesh_core::{critic, intent, jam, Overrides};
use std::collections::BTreeMap;

fn prompts() -> Vec<&'static str> {
    include_str!("data/prompts.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
}

#[derive(Default)]
struct Totals {
    jams: usize,
    in_scale: f64,
    chord_tones: f64,
    repeated: f64,
    steps: f64,
    leaps: f64,
    lengths: f64,
    score: f64,
}

impl Totals {
    fn add(&mut self, report: &critic::Report) {
        let m = &report.metrics;
        self.jams += 1;
        self.in_scale += m.in_scale;
        self.chord_tones += m.chord_tones_on_strong_beats;
        self.repeated += m.repeated_bars;
        self.steps += m.steps;
        self.leaps += m.leaps_over_octave;
        self.lengths += m.distinct_lengths as f64;
        self.score += f64::from(report.score);
    }
}

#[test]
fn every_prompt_gives_a_valid_jam_that_honours_the_request() {
    let prompts = prompts();
    assert!(prompts.len() >= 300, "{} prompts", prompts.len());
    let mut per_style: BTreeMap<&str, Totals> = BTreeMap::new();
    let mut failures = Vec::new();
    for (i, p) in prompts.iter().enumerate() {
        let intent = intent::parse(p, &Overrides::default()).unwrap_or_else(|e| panic!("{p}: {e}"));
        let jam = jam::generate(&intent, i as u64 + 1);
        let report = critic::review(&jam);
        if !report.valid {
            failures.push(format!(
                "{p} (seed {}): {:?}\n{}",
                i + 1,
                report.errors,
                jam.example
            ));
            continue;
        }
        // The composer keeps what the reader took from the prompt (the reading itself is
        // checked against hand labels in prompt_labels.rs, not against itself).
        assert_eq!(jam.bars, intent.bars, "{p}");
        assert_eq!(jam.tempo, intent.tempo, "{p}");
        assert_eq!(
            jam.meter,
            format!("{}/{}", intent.meter.0, intent.meter.1),
            "{p}"
        );
        // A named key is kept; without one the seed picks a key the style is played in.
        if intent.explicit.key {
            assert_eq!(jam.key, intent.key.tonic.to_string(), "{p}");
        }
        assert_eq!(jam.mode, intent.key.mode.name(), "{p}");
        for key in [intent.style.id, "(all)"] {
            per_style.entry(key).or_default().add(&report);
        }
    }
    assert!(
        failures.is_empty(),
        "{} invalid jams:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "{:<16} {:>4} {:>8} {:>11} {:>9} {:>6} {:>6} {:>7} {:>6}",
        "style",
        "jams",
        "in scale",
        "chord tones",
        "repeated",
        "steps",
        "leaps",
        "lengths",
        "score"
    );
    for (style, t) in &per_style {
        let n = t.jams as f64;
        let (in_scale, chord_tones, repeated) = (t.in_scale / n, t.chord_tones / n, t.repeated / n);
        eprintln!(
            "{style:<16} {:>4} {:>8.2} {:>11.2} {:>9.3} {:>6.2} {:>6.3} {:>7.1} {:>6.1}",
            t.jams,
            in_scale,
            chord_tones,
            repeated,
            t.steps / n,
            t.leaps / n,
            t.lengths / n,
            t.score / n
        );
        assert!(
            in_scale >= 0.95,
            "{style}: only {in_scale:.2} of notes in the suggested scales"
        );
        assert!(
            chord_tones >= 0.80,
            "{style}: only {chord_tones:.2} chord tones on strong beats"
        );
        assert!(
            repeated <= 0.10,
            "{style}: {repeated:.2} of bars repeat an earlier bar"
        );
        assert!(
            t.leaps / n <= 0.02,
            "{style}: too many leaps over an octave"
        );
    }
}

#[test]
fn one_seed_one_jam_and_seeds_differ() {
    let intent = intent::parse("funky slow groove in Bb", &Overrides::default()).unwrap();
    let a = jam::generate(&intent, 42);
    assert_eq!(a, jam::generate(&intent, 42));
    let others: Vec<_> = (43..48)
        .map(|s| jam::generate(&intent, s).example)
        .collect();
    assert!(others.iter().all(|o| *o != a.example));
}
