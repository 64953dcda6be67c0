//! The verdict: every check run over a jam, and the report they add up to.

use super::example::check_example;
use super::findings::{Finding, Review};
use super::harmony::{check_scales_fit_key, hear_the_harmony};
use super::metrics::{score, Heard, Metrics};
use super::prompt::check_prompt;
use crate::intent;
use crate::jam::Jam;
use crate::progression::Progression;
use crate::theory::chord::Chord;
use crate::theory::key::Key;
use crate::theory::scale::{parse_scales, Scale};
use crate::theory::time::parse_meter;
use serde::Serialize;

/// The critic's verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// No errors: the jam may be shown.
    pub valid: bool,
    /// 0–100: how musical it is (0 when invalid).
    pub score: u32,
    /// What makes it invalid.
    pub errors: Vec<Finding>,
    /// What is questionable but playable.
    pub warnings: Vec<Finding>,
    /// The measurements behind the score.
    pub metrics: Metrics,
}

/// The key a jam says it is in.
pub fn jam_key(jam: &Jam) -> Result<Key, String> {
    let key = intent::parse_key(&format!("{} {}", jam.key, jam.mode)).map_err(|e| e.to_string())?;
    // The reader forgives `E#` for F; a jam's own key field must be spelled as its key is.
    let mut written = jam.key.trim().replace('♭', "b").replace('♯', "#");
    if let Some(letter) = written.get_mut(..1) {
        letter.make_ascii_uppercase();
    }
    match written == key.tonic.to_string() {
        true => Ok(key),
        false => Err(format!(
            "`{}` is spelled {} in this key",
            jam.key, key.tonic
        )),
    }
}

/// Judges a jam.
pub fn review(jam: &Jam) -> Report {
    let mut r = Review {
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    for (name, value) in [
        ("title", &jam.title),
        ("style", &jam.style),
        ("chords", &jam.chords),
        ("scales", &jam.scales),
        ("example", &jam.example),
    ] {
        if value.trim().is_empty() {
            r.error("schema", format!("`{name}` is empty"));
        }
    }
    let key = jam_key(jam).map_err(|e| r.error("key", e)).ok();
    let progression = Progression::parse(&jam.chords)
        .map_err(|e| r.error("chords", e.to_string()))
        .ok();
    let scales = parse_scales(&jam.scales)
        .map_err(|e| r.error("scales", e))
        .ok();
    let meter = parse_meter(&jam.meter);
    if meter.is_none() {
        r.error(
            "meter",
            format!("`{}` is not a meter such as 4/4", jam.meter),
        );
    }
    if let (Some(p), true) = (&progression, jam.bars > 0) {
        if p.bars.len() != jam.bars as usize {
            r.error(
                "chords",
                format!(
                    "`chords` has {} bars but the jam says {}",
                    p.bars.len(),
                    jam.bars
                ),
            );
        }
    }
    if let (Some(key), Some(scales)) = (&key, &scales) {
        check_scales_fit_key(key, scales, &mut r);
    }
    check_prompt(jam, key.as_ref(), meter, &mut r);
    let chord_scales = parse_chord_scales(&jam.chord_scales, &mut r);
    let mut metrics = match (&progression, meter) {
        (Some(p), Some(m)) => check_example(
            jam,
            &Heard {
                key: key.as_ref(),
                progression: p,
                meter: m,
                scales: scales.as_deref().unwrap_or(&[]),
                chord_scales: &chord_scales,
            },
            &mut r,
        ),
        _ => Metrics::default(),
    };
    if let (Some(p), Some(key), Some(scales)) = (&progression, &key, &scales) {
        hear_the_harmony(p, key, scales, &chord_scales, &mut metrics, &mut r);
    }
    let valid = r.errors.is_empty();
    let score = if valid { score(&metrics) } else { 0 };
    Report {
        valid,
        score,
        errors: r.errors,
        warnings: r.warnings,
        metrics,
    }
}

/// One `chord_scales` line (`"E7: E phrygian dominant (E F G# A B C D)"`) as its chord and
/// scale; `None` when it does not read.
pub fn read_chord_scale(line: &str) -> Option<(Chord, Scale)> {
    let (chord, scale) = line.split_once(':')?;
    let chord: Chord = chord.trim().parse().ok()?;
    let scale = parse_scales(scale).ok()?.into_iter().next()?;
    Some((chord, scale))
}

/// Reads `chord_scales` lines (`"E7: E phrygian dominant (E F G# A B C D)"`); a line that
/// does not read is a warning and is left out.
fn parse_chord_scales(lines: &[String], r: &mut Review) -> Vec<(Chord, Scale)> {
    let mut out = Vec::new();
    for line in lines {
        match read_chord_scale(line) {
            Some(pair) => out.push(pair),
            None => r.warning(
                "scales",
                format!("`{line}` is not a chord's scale such as `E7: E mixolydian (…)`"),
            ),
        }
    }
    out
}
