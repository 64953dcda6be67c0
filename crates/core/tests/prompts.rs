//! The composer on 300+ prompts written for JamSesh: every jam fully correct as a player reads
//! it (the tests' own musician, `common/musician.rs`, not the critic), every value read from the
//! prompt kept, per-style figures above a musician's floor, and the README's quality table
//! equal to what is measured here. Whether the prompt was read right is measured against hand labels
//! in `prompt_labels.rs`.

mod common;
use common::musician::{self, Figures};
use jamsesh_core::Overrides;
use std::collections::BTreeMap;

fn prompts() -> Vec<&'static str> {
    include_str!("data/prompts.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
}

/// Sums of the musician's figures over a group of jams, and the critic's scores.
#[derive(Default)]
struct Totals {
    jams: usize,
    correct: usize,
    sum: Figures,
    score: f64,
    lowest_score: u32,
}

impl Totals {
    fn add(&mut self, f: &Figures, correct: bool, score: u32) {
        if self.jams == 0 {
            self.lowest_score = score;
        }
        self.jams += 1;
        self.correct += usize::from(correct);
        self.sum.steps += f.steps;
        self.sum.leaps_over_octave += f.leaps_over_octave;
        self.sum.repeated_bars += f.repeated_bars;
        self.sum.lengths += f.lengths;
        self.sum.in_scale += f.in_scale;
        self.sum.chord_tones_on_strong_beats += f.chord_tones_on_strong_beats;
        self.score += f64::from(score);
        self.lowest_score = self.lowest_score.min(score);
    }

    /// The mean of each figure over the jams.
    fn mean(&self) -> Figures {
        let n = self.jams.max(1) as f64;
        Figures {
            steps: self.sum.steps / n,
            leaps_over_octave: self.sum.leaps_over_octave / n,
            repeated_bars: self.sum.repeated_bars / n,
            lengths: self.sum.lengths / n,
            in_scale: self.sum.in_scale / n,
            chord_tones_on_strong_beats: self.sum.chord_tones_on_strong_beats / n,
        }
    }
}

/// A share as the README writes it: whole percent from 10%, one decimal from 1%, two below.
fn percent(x: f64) -> String {
    match x * 100.0 {
        p if p >= 10.0 || p == 0.0 => format!("{p:.0}%"),
        p if p >= 1.0 => format!("{p:.1}%"),
        p => format!("{p:.2}%"),
    }
}

#[test]
fn every_prompt_gives_a_valid_jam_that_honours_the_request() {
    let prompts = prompts();
    assert!(prompts.len() >= 300, "{} prompts", prompts.len());
    let mut per_style: BTreeMap<&str, Totals> = BTreeMap::new();
    let mut all = Totals::default();
    let mut failures = Vec::new();
    for (i, p) in prompts.iter().enumerate() {
        let intent = jamsesh_core::parse_intent(p, &Overrides::default())
            .unwrap_or_else(|e| panic!("{p}: {e}"));
        let jam = jamsesh_core::generate(&intent, i as u64 + 1);
        let report = jamsesh_core::review(&jam);
        // Fully correct as a player reads it, and as the critic judges it.
        let faults = musician::faults(&jam);
        if !report.valid || !faults.is_empty() {
            failures.push(format!(
                "{p} (seed {}): critic {:?}, player {faults:?}\n{}",
                i + 1,
                report.errors,
                jam.example
            ));
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
        let figures = musician::figures(&jam);
        let correct = report.valid && faults.is_empty();
        per_style
            .entry(intent.style.id)
            .or_default()
            .add(&figures, correct, report.score);
        all.add(&figures, correct, report.score);
    }
    assert!(
        failures.is_empty(),
        "{} jams not fully correct:\n{}",
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
        let m = t.mean();
        eprintln!(
            "{style:<16} {:>4} {:>8.2} {:>11.2} {:>9.3} {:>6.2} {:>6.3} {:>7.1} {:>6.1}",
            t.jams,
            m.in_scale,
            m.chord_tones_on_strong_beats,
            m.repeated_bars,
            m.steps,
            m.leaps_over_octave,
            m.lengths,
            t.score / t.jams as f64
        );
        // A musician's floor for every style (README "Quality, measured").
        assert!(
            m.in_scale >= 0.95,
            "{style}: only {:.2} of notes in the scales offered",
            m.in_scale
        );
        assert!(
            m.chord_tones_on_strong_beats >= 0.80,
            "{style}: only {:.2} chord tones on strong beats",
            m.chord_tones_on_strong_beats
        );
        assert!(
            m.repeated_bars <= 0.10,
            "{style}: {:.2} of bars repeat an earlier bar",
            m.repeated_bars
        );
        assert!(
            m.leaps_over_octave <= 0.02,
            "{style}: too many leaps over an octave"
        );
    }
    // The README quotes these figures; they must be what this test measures.
    let m = all.mean();
    let (lowest_style, lowest) = per_style
        .iter()
        .map(|(s, t)| (*s, t.mean().chord_tones_on_strong_beats))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    let lowest_score = per_style.values().map(|t| t.lowest_score).min().unwrap();
    let quoted = [
        format!(
            "| jams fully correct (format, melody, bars fill the meter, chords agree, keys consistent) | about 50% | — | **{}** ({}/{}) |",
            percent(all.correct as f64 / all.jams as f64),
            all.correct,
            all.jams
        ),
        format!("| melodic intervals that are steps (1–2 semitones) | 16% | 54% | **{}** |", percent(m.steps)),
        format!("| leaps beyond an octave | 4% | 0.2% | **{}** |", percent(m.leaps_over_octave)),
        format!("| bars repeating an earlier bar | about 1 in 6 | — | **{}** |", percent(m.repeated_bars)),
        format!("| different note lengths per tune | — | about 4 | **{:.1}** |", m.lengths),
        format!("| notes in the suggested scales, the chord's own scale or the chord | — | — | **{}** |", percent(m.in_scale)),
        format!(
            "| chord tones on strong beats (the downbeat, and the half bar in 4/4, 2/2, 6/8, 12/8) | — | — | **{}** |",
            percent(m.chord_tones_on_strong_beats)
        ),
        format!(
            "the lowest chord-tone share is {lowest_style}'s {}",
            percent(lowest)
        ),
        format!(
            "every jam scores ≥ {lowest_score}/100 (mean {:.1})",
            all.score / all.jams as f64
        ),
    ];
    common::readme::assert_quotes(&quoted);
}

#[test]
fn one_seed_one_jam_and_seeds_differ() {
    let intent =
        jamsesh_core::parse_intent("funky slow groove in Bb", &Overrides::default()).unwrap();
    let a = jamsesh_core::generate(&intent, 42);
    assert_eq!(a, jamsesh_core::generate(&intent, 42));
    let others: Vec<_> = (43..48)
        .map(|s| jamsesh_core::generate(&intent, s).example)
        .collect();
    assert!(others.iter().all(|o| *o != a.example));
}
