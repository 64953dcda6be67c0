//! Safe repairs: a wrong `K:` or `M:`, missing or wrong chord symbols, bars too short or long.

use super::{jam_key, review, Report};
use crate::jam::{Jam, Source};
use crate::progression::Progression;
use crate::theory::key::Key;
use crate::theory::time::parse_meter;
use crate::theory::time::{chord_starts, UNITS_PER_WHOLE};
use jamsesh_abc::syntax::{ElementKind, Line, Section};
use jamsesh_abc::Frac;

/// Repairs what can be fixed safely — a wrong `K:`, missing or wrong chord symbols, bars that
/// are too short or too long — and reviews the result. The jam's `source` says if it changed.
pub fn repair(jam: &Jam) -> (Jam, Report) {
    let first = review(jam);
    if first.valid {
        return (jam.clone(), first);
    }
    let (Ok(key), Ok(progression), Some(meter)) = (
        jam_key(jam),
        Progression::parse(&jam.chords),
        parse_meter(&jam.meter),
    ) else {
        return (jam.clone(), first);
    };
    let mut fixed = jam.clone();
    fixed.example = repair_example(&jam.example, &key, &progression, meter);
    fixed.bars = progression.bars.len() as u32;
    let report = review(&fixed);
    if report.valid && fixed != *jam {
        if fixed.source == Source::Llm {
            fixed.source = Source::LlmRepair;
        }
        (fixed, report)
    } else {
        (jam.clone(), first)
    }
}

/// Rewrites the example's key, chord symbols and bar lengths to agree with the jam.
fn repair_example(
    example: &str,
    key: &Key,
    progression: &Progression,
    meter: (u32, u32),
) -> String {
    let (mut file, _) = jamsesh_abc::parse(example);
    let Some(Section::Tune(tune)) = file
        .sections
        .iter_mut()
        .find(|s| matches!(s, Section::Tune(_)))
    else {
        return example.to_string();
    };
    let text_key = jamsesh_abc::parse(&format!("X:1\nK:{}\n", key.abc_key())).0;
    let new_key = text_key.sections.into_iter().find_map(|s| match s {
        Section::Tune(t) => t
            .header
            .into_iter()
            .find(|l| matches!(l, Line::Field(f) if f.tag == 'K')),
        _ => None,
    });
    let meter_value =
        jamsesh_abc::syntax::FieldValue::Meter(jamsesh_abc::syntax::MeterSpec::Fraction {
            numerators: vec![meter.0],
            denominator: meter.1,
        });
    let mut has_meter = false;
    for line in &mut tune.header {
        if let Line::Field(f) = line {
            if f.tag == 'K' {
                if let Some(Line::Field(k)) = &new_key {
                    f.value = k.value.clone();
                }
            }
            if f.tag == 'M' {
                f.value = meter_value.clone();
                has_meter = true;
            }
        }
    }
    if !has_meter {
        // No M: at all (LLMs forget it): one goes right before K:.
        let at = tune
            .header
            .iter()
            .position(|l| matches!(l, Line::Field(f) if f.tag == 'K'))
            .unwrap_or(tune.header.len());
        tune.header.insert(
            at,
            Line::Field(jamsesh_abc::syntax::Field {
                tag: 'M',
                value: meter_value,
                comment: None,
                span: jamsesh_abc::Span::default(),
            }),
        );
    }
    // Chord symbols: drop them all, then write the progression's at each bar start.
    let bar_len = Frac::new(i64::from(meter.0), i64::from(meter.1));
    let (tunes, _) = jamsesh_abc::parse_tunes(&jamsesh_abc::write::write_file(&file));
    let unit = tunes.first().map_or(Frac::new(1, 8), |t| t.unit);
    let mut bar = 0usize;
    let mut t_in_bar = Frac::new(0, 1);
    for line in &mut tune_mut(&mut file).body {
        let Line::Music(m) = line else { continue };
        let mut out = Vec::with_capacity(m.elements.len());
        let mut at_bar_start = true;
        for e in m.elements.drain(..) {
            match &e.kind {
                ElementKind::ChordSymbol(_) => continue,
                ElementKind::BarLine(_) => {
                    // Pad a short bar with a rest.
                    if t_in_bar > Frac::new(0, 1) && t_in_bar < bar_len {
                        let missing = (bar_len - t_in_bar) / unit;
                        out.push(rest(missing, e.span));
                    }
                    if t_in_bar > Frac::new(0, 1) {
                        bar += 1;
                    }
                    t_in_bar = Frac::new(0, 1);
                    at_bar_start = true;
                    out.push(e);
                    continue;
                }
                ElementKind::Note(_) | ElementKind::Chord(_) | ElementKind::Rest(_) => {
                    let len = match &e.kind {
                        ElementKind::Note(n) => n.length,
                        ElementKind::Chord(c) => {
                            c.length * c.notes.first().map_or(Frac::new(1, 1), |n| n.length)
                        }
                        ElementKind::Rest(r) => r.length,
                        _ => Frac::new(0, 1),
                    } * unit;
                    if t_in_bar + len > bar_len {
                        // Too long for the bar: cut the note to fit, or drop it.
                        let room = bar_len - t_in_bar;
                        if room > Frac::new(0, 1) {
                            out.push(rest(room / unit, e.span));
                            t_in_bar = bar_len;
                        }
                        continue;
                    }
                    if at_bar_start {
                        if let Some(chords) = progression.bars.get(bar) {
                            out.push(jamsesh_abc::syntax::Element {
                                kind: ElementKind::ChordSymbol(chords[0].to_string()),
                                span: e.span,
                            });
                        }
                        at_bar_start = false;
                    } else if let Some(chords) = progression.bars.get(bar) {
                        // Where the composer changes chords (on beat groups), not an even split.
                        let starts = chord_starts(meter, chords.len());
                        for (k, c) in chords.iter().enumerate().skip(1) {
                            let at = Frac::new(i64::from(starts[k]), i64::from(UNITS_PER_WHOLE));
                            if t_in_bar == at {
                                out.push(jamsesh_abc::syntax::Element {
                                    kind: ElementKind::ChordSymbol(c.to_string()),
                                    span: e.span,
                                });
                            }
                        }
                    }
                    t_in_bar += len;
                }
                _ => {}
            }
            out.push(e);
        }
        m.elements = out;
    }
    jamsesh_abc::write::write_file(&file)
}

fn tune_mut(file: &mut jamsesh_abc::AbcFile) -> &mut jamsesh_abc::syntax::TuneSyntax {
    file.sections
        .iter_mut()
        .find_map(|s| match s {
            Section::Tune(t) => Some(t),
            _ => None,
        })
        .expect("checked by the caller")
}

fn rest(length: Frac, span: jamsesh_abc::Span) -> jamsesh_abc::syntax::Element {
    jamsesh_abc::syntax::Element {
        kind: ElementKind::Rest(jamsesh_abc::syntax::Rest {
            kind: jamsesh_abc::syntax::RestKind::Visible,
            length,
        }),
        span,
    }
}
