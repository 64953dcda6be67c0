//! The example melody: it must parse and agree with the jam's meter, key and chords.

use super::metrics::{metrics, Metrics};
use super::{Heard, Review};
use crate::jam::Jam;
use crate::theory::chord::Chord;
use jamsesh_abc::Frac;

/// Parses the example and measures it against the progression, key and scales.
pub(super) fn check_example(jam: &Jam, heard: &Heard, r: &mut Review) -> Metrics {
    let (key, p, meter) = (heard.key, heard.progression, heard.meter);
    let (tunes, diags) = jamsesh_abc::parse_tunes(&jam.example);
    for d in diags
        .iter()
        .filter(|d| d.severity == jamsesh_abc::Severity::Error)
        .take(5)
    {
        let at = jamsesh_abc::span::LineIndex::new(&jam.example).line_col(d.span.start);
        r.error(
            "abc",
            format!("line {}, column {}: {}", at.line, at.column, d.message),
        );
    }
    let Some(tune) = tunes.first() else {
        r.error(
            "abc",
            "the example holds no tune (it needs X:, K: and music)",
        );
        return Metrics::default();
    };
    if tunes.len() > 1 {
        r.warning(
            "abc",
            "the example holds several tunes; only the first is used",
        );
    }
    let expected = Frac::new(i64::from(meter.0), i64::from(meter.1));
    if tune.meter.bar_length() != Some(expected) {
        r.error(
            "meter",
            format!(
                "the example's M:{} disagrees with the jam's {}",
                tune.meter_text(),
                jam.meter
            ),
        );
    }
    if let Some(k) = key {
        let written = &tune.key;
        let sig = crate::score::signature(k);
        if written.signature != sig {
            r.error(
                "key",
                format!(
                    "the example's K:{} disagrees with the jam's key {k}",
                    written.name()
                ),
            );
        }
    }
    let Some(voice) = tune.voices.first() else {
        r.error("abc", "the example has no music");
        return Metrics::default();
    };
    let bars: Vec<_> = voice.bars.iter().filter(|b| !b.events.is_empty()).collect();
    if bars.len() != p.bars.len() {
        r.error(
            "meter",
            format!(
                "the example has {} bars but `chords` has {}",
                bars.len(),
                p.bars.len()
            ),
        );
    }
    for (i, b) in bars.iter().enumerate() {
        if b.duration != expected {
            r.error(
                "meter",
                format!(
                    "bar {} lasts {} of a whole note; {} needs {}",
                    i + 1,
                    b.duration,
                    jam.meter,
                    expected
                ),
            );
        }
    }
    // Chord symbols bar by bar.
    for (i, expected_chords) in p.bars.iter().enumerate() {
        let written: Vec<String> = voice
            .chord_symbols
            .iter()
            .filter(|c| bar_index(&bars, c.onset) == Some(i))
            .map(|c| c.symbol.clone())
            .collect();
        if !same_chords(&written, expected_chords) {
            let want: Vec<String> = expected_chords.iter().map(Chord::to_string).collect();
            r.error(
                "chords",
                format!(
                    "bar {}: the example says {} but `chords` says {}",
                    i + 1,
                    if written.is_empty() {
                        "nothing".into()
                    } else {
                        written.join(" ")
                    },
                    want.join(" ")
                ),
            );
        }
    }
    let m = metrics(&bars, heard);
    if m.clashing_notes > 0.0 {
        r.warning(
            "melody",
            format!(
                "{:.0}% of the notes clash with the chord sounding (a semitone off its tone)",
                m.clashing_notes * 100.0
            ),
        );
    }
    if m.unresolved_tones > 0 {
        r.warning(
            "melody",
            format!(
                "{} notes a semitone off the chord leap away instead of resolving by step",
                m.unresolved_tones
            ),
        );
    }
    if m.notes > 0 && !m.ends_on_chord {
        r.warning("melody", "the last note is not a tone of the last chord");
    }
    m
}

/// Index (among the non-empty bars) of the bar holding time `t`.
fn bar_index(bars: &[&jamsesh_abc::semantics::Bar], t: Frac) -> Option<usize> {
    bars.iter()
        .position(|b| t >= b.onset && t < b.onset + b.duration)
}

fn same_chords(written: &[String], expected: &[Chord]) -> bool {
    written.len() == expected.len()
        && written.iter().zip(expected).all(|(w, e)| {
            w.parse::<Chord>().is_ok_and(|c| {
                c.pitch_classes() == e.pitch_classes()
                    && c.root.pitch_class() == e.root.pitch_class()
            })
        })
}
