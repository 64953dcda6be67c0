//! The example melody: it must parse and agree with the jam's meter, key and chords.

use super::findings::Review;
use super::metrics::{metrics, Heard, Metrics};
use crate::jam::Jam;
use crate::progression::Progression;
use crate::theory::chord::Chord;
use crate::theory::key::Key;
use jamsesh_abc::{Bar, Diagnostics, Frac, Tune, Voice};

/// Parses the example and measures it against the progression, key and scales.
pub(super) fn check_example(jam: &Jam, heard: &Heard, r: &mut Review) -> Metrics {
    let (tunes, diags) = jamsesh_abc::parse_tunes(&jam.example);
    report_abc_errors(&jam.example, &diags, r);
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
    let expected = Frac::new(i64::from(heard.meter.0), i64::from(heard.meter.1));
    check_header(tune, jam, heard.key, expected, r);
    let Some(voice) = tune.voices.first() else {
        r.error("abc", "the example has no music");
        return Metrics::default();
    };
    let bars: Vec<_> = voice.bars.iter().filter(|b| !b.events.is_empty()).collect();
    check_bars(&bars, heard.progression, &jam.meter, expected, r);
    check_chord_symbols(voice, &bars, heard.progression, r);
    let m = metrics(&bars, heard);
    warn_about_the_melody(&m, r);
    m
}

/// The parser's first five errors, each with its line and column in the example.
fn report_abc_errors(example: &str, diags: &Diagnostics, r: &mut Review) {
    for d in diags
        .iter()
        .filter(|d| d.severity == jamsesh_abc::Severity::Error)
        .take(5)
    {
        let at = jamsesh_abc::LineIndex::new(example).line_col(d.span.start);
        r.error(
            "abc",
            format!("line {}, column {}: {}", at.line, at.column, d.message),
        );
    }
}

/// The example's `M:` and `K:` against the jam's meter (as a bar length) and key.
fn check_header(tune: &Tune, jam: &Jam, key: Option<&Key>, expected: Frac, r: &mut Review) {
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
}

/// As many bars as `chords`, each lasting what the meter (`meter`, as written) asks.
fn check_bars(bars: &[&Bar], p: &Progression, meter: &str, expected: Frac, r: &mut Review) {
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
                    meter,
                    expected
                ),
            );
        }
    }
}

/// Chord symbols bar by bar: the example must name the chords `chords` names.
fn check_chord_symbols(voice: &Voice, bars: &[&Bar], p: &Progression, r: &mut Review) {
    for (i, expected_chords) in p.bars.iter().enumerate() {
        let written: Vec<String> = voice
            .chord_symbols
            .iter()
            .filter(|c| bar_index(bars, c.onset) == Some(i))
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
}

/// Warnings a musician would give about the line: clashes, unresolved tones, the ending.
fn warn_about_the_melody(m: &Metrics, r: &mut Review) {
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
}

/// Index (among the non-empty bars) of the bar holding time `t`.
fn bar_index(bars: &[&Bar], t: Frac) -> Option<usize> {
    bars.iter()
        .position(|b| t >= b.onset && t < b.onset + b.duration)
}

/// The written symbols name the expected chords: same root and same pitch classes, in order.
fn same_chords(written: &[String], expected: &[Chord]) -> bool {
    written.len() == expected.len()
        && written.iter().zip(expected).all(|(w, e)| {
            w.parse::<Chord>().is_ok_and(|c| {
                c.pitch_classes() == e.pitch_classes()
                    && c.root.pitch_class() == e.root.pitch_class()
            })
        })
}
