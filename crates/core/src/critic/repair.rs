//! Safe repairs: a wrong `K:` or `M:`, missing or wrong chord symbols, bars too short or long.

use super::review::{jam_key, review, Report};
use crate::jam::{Jam, Source};
use crate::progression::Progression;
use crate::theory::key::Key;
use crate::theory::time::{chord_starts, parse_meter, UNITS_PER_WHOLE};
use jamsesh_abc::{Element, ElementKind, Frac, Line, Section};

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
    fix_header(&mut tune.header, key, meter);
    let (tunes, _) = jamsesh_abc::parse_tunes(&jamsesh_abc::write_file(&file));
    let mut fitter = BarFitter {
        progression,
        meter,
        bar_len: Frac::new(i64::from(meter.0), i64::from(meter.1)),
        unit: tunes.first().map_or(Frac::new(1, 8), |t| t.unit),
        bar: 0,
        t_in_bar: Frac::new(0, 1),
        at_bar_start: true,
    };
    for line in &mut tune_mut(&mut file).body {
        if let Line::Music(m) = line {
            m.elements = fitter.line(std::mem::take(&mut m.elements));
        }
    }
    jamsesh_abc::write_file(&file)
}

/// Sets the header's `K:` to the jam's key and its `M:` to the jam's meter (adding an `M:`
/// before `K:` when there is none).
fn fix_header(header: &mut Vec<Line>, key: &Key, meter: (u32, u32)) {
    let new_key = key_field(key);
    let meter_value = jamsesh_abc::FieldValue::Meter(jamsesh_abc::MeterSpec::Fraction {
        numerators: vec![meter.0],
        denominator: meter.1,
    });
    let mut has_meter = false;
    for line in header.iter_mut() {
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
        let at = header
            .iter()
            .position(|l| matches!(l, Line::Field(f) if f.tag == 'K'))
            .unwrap_or(header.len());
        header.insert(
            at,
            Line::Field(jamsesh_abc::Field {
                tag: 'M',
                value: meter_value,
                comment: None,
                span: jamsesh_abc::Span::default(),
            }),
        );
    }
}

/// The `K:` line for a key, as the ABC parser reads it.
fn key_field(key: &Key) -> Option<Line> {
    let text_key = jamsesh_abc::parse(&format!("X:1\nK:{}\n", key.abc_key())).0;
    text_key.sections.into_iter().find_map(|s| match s {
        Section::Tune(t) => t
            .header
            .into_iter()
            .find(|l| matches!(l, Line::Field(f) if f.tag == 'K')),
        _ => None,
    })
}

/// Walks the music bar by bar: drops the chord symbols and writes the progression's where
/// its chords start, pads short bars with a rest and cuts what runs over the bar line.
struct BarFitter<'a> {
    progression: &'a Progression,
    meter: (u32, u32),
    bar_len: Frac,
    /// The tune's unit note length.
    unit: Frac,
    /// Index of the bar being written.
    bar: usize,
    /// Time written so far in it.
    t_in_bar: Frac,
    /// No note written since the bar line (or the start of the music line).
    at_bar_start: bool,
}

impl BarFitter<'_> {
    /// One music line's elements, fitted.
    fn line(&mut self, elements: Vec<Element>) -> Vec<Element> {
        let mut out = Vec::with_capacity(elements.len());
        self.at_bar_start = true;
        for e in elements {
            let keep = match &e.kind {
                ElementKind::ChordSymbol(_) => false,
                ElementKind::BarLine(_) => {
                    self.bar_line(e.span, &mut out);
                    true
                }
                ElementKind::Note(_) | ElementKind::Chord(_) | ElementKind::Rest(_) => {
                    self.timed(&e, &mut out)
                }
                _ => true,
            };
            if keep {
                out.push(e);
            }
        }
        out
    }

    /// Pads a short bar with a rest and starts the next.
    fn bar_line(&mut self, span: jamsesh_abc::Span, out: &mut Vec<Element>) {
        let zero = Frac::new(0, 1);
        if self.t_in_bar > zero && self.t_in_bar < self.bar_len {
            let missing = (self.bar_len - self.t_in_bar) / self.unit;
            out.push(rest(missing, span));
        }
        if self.t_in_bar > zero {
            self.bar += 1;
        }
        self.t_in_bar = zero;
        self.at_bar_start = true;
    }

    /// A note, chord or rest: whether it is kept (a note too long for the bar is cut to a
    /// rest that fills it, or dropped), with the chord symbols due where it starts.
    fn timed(&mut self, e: &Element, out: &mut Vec<Element>) -> bool {
        let len = match &e.kind {
            ElementKind::Note(n) => n.length,
            ElementKind::Chord(c) => {
                c.length * c.notes.first().map_or(Frac::new(1, 1), |n| n.length)
            }
            ElementKind::Rest(r) => r.length,
            _ => Frac::new(0, 1),
        } * self.unit;
        if self.t_in_bar + len > self.bar_len {
            let room = self.bar_len - self.t_in_bar;
            if room > Frac::new(0, 1) {
                out.push(rest(room / self.unit, e.span));
                self.t_in_bar = self.bar_len;
            }
            return false;
        }
        self.chord_symbols(e.span, out);
        self.t_in_bar += len;
        true
    }

    /// The progression's chord symbols due at the current time: the bar's first chord at its
    /// first note, the others where the composer changes chords (on beat groups).
    fn chord_symbols(&mut self, span: jamsesh_abc::Span, out: &mut Vec<Element>) {
        let Some(chords) = self.progression.bars.get(self.bar) else {
            self.at_bar_start = false;
            return;
        };
        let symbol = |c: &crate::theory::chord::Chord| Element {
            kind: ElementKind::ChordSymbol(c.to_string()),
            span,
        };
        if self.at_bar_start {
            out.push(symbol(&chords[0]));
            self.at_bar_start = false;
            return;
        }
        let starts = chord_starts(self.meter, chords.len());
        for (k, c) in chords.iter().enumerate().skip(1) {
            let at = Frac::new(i64::from(starts[k]), i64::from(UNITS_PER_WHOLE));
            if self.t_in_bar == at {
                out.push(symbol(c));
            }
        }
    }
}

fn tune_mut(file: &mut jamsesh_abc::AbcFile) -> &mut jamsesh_abc::TuneSyntax {
    file.sections
        .iter_mut()
        .find_map(|s| match s {
            Section::Tune(t) => Some(t),
            _ => None,
        })
        .expect("checked by the caller")
}

fn rest(length: Frac, span: jamsesh_abc::Span) -> jamsesh_abc::Element {
    jamsesh_abc::Element {
        kind: ElementKind::Rest(jamsesh_abc::Rest {
            kind: jamsesh_abc::RestKind::Visible,
            length,
        }),
        span,
    }
}
