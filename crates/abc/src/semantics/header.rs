//! Settings from the file header that every tune starts with.

use crate::syntax::{Field, FieldValue, Line, MeterSpec};
use crate::Frac;

/// How far a written accidental carries within its bar (`%%propagate-accidentals`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Propagation {
    /// Only the note itself.
    Not,
    /// Same letter and octave.
    Octave,
    /// Same letter in every octave (the standard's default).
    Pitch,
}

/// Settings from the file header that every tune starts with.
#[derive(Clone, Debug)]
pub(super) struct Globals {
    pub(super) meter: Option<MeterSpec>,
    pub(super) unit: Option<Frac>,
    pub(super) propagation: Propagation,
}

impl Default for Globals {
    fn default() -> Self {
        Globals {
            meter: None,
            unit: None,
            propagation: Propagation::Pitch,
        }
    }
}

impl Globals {
    pub(super) fn apply(&mut self, line: &Line) {
        match line {
            Line::Field(Field {
                value: FieldValue::Meter(m),
                ..
            }) => self.meter = Some(m.clone()),
            Line::Field(Field {
                value: FieldValue::UnitLength(u),
                ..
            }) => self.unit = Some(*u),
            Line::Directive(d) => {
                let mut words = d.text.split_whitespace();
                if words.next() == Some("propagate-accidentals") {
                    self.propagation = match words.next() {
                        Some("not") => Propagation::Not,
                        Some("octave") => Propagation::Octave,
                        _ => Propagation::Pitch,
                    };
                }
            }
            _ => {}
        }
    }
}

/// Default unit note length for a meter: 1/16 below 3/4, else 1/8.
pub fn default_unit(meter: &MeterSpec) -> Frac {
    match meter.bar_length() {
        Some(len) if len < Frac::new(3, 4) => Frac::new(1, 16),
        _ => Frac::new(1, 8),
    }
}
