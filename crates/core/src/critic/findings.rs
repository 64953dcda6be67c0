//! Findings: what a check found, in words, gathered while the critic listens.

use serde::Serialize;

/// One finding: which check, and what it found, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check's name (`abc`, `meter`, `chords`, `key`, `scales`, `schema`, `prompt`).
    pub check: &'static str,
    /// What is wrong and where.
    pub message: String,
}

pub(super) struct Review {
    pub(super) errors: Vec<Finding>,
    pub(super) warnings: Vec<Finding>,
}

impl Review {
    pub(super) fn error(&mut self, check: &'static str, message: impl Into<String>) {
        self.errors.push(Finding {
            check,
            message: message.into(),
        });
    }
    pub(super) fn warning(&mut self, check: &'static str, message: impl Into<String>) {
        self.warnings.push(Finding {
            check,
            message: message.into(),
        });
    }
}
