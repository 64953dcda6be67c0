//! Diagnostics: what is wrong with an ABC text, where, and how it was recovered.

use crate::span::{LineIndex, Span};
use serde::Serialize;
use std::fmt::Write as _;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Suspicious but meaningful input; the result is as the author most likely meant.
    Warning,
    /// Input that breaks the standard; the parser skipped or guessed.
    Error,
}

/// One problem found in the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Where it is.
    pub span: Span,
    /// What is wrong, in words a musician can act on.
    pub message: String,
}

/// The diagnostics of one parse, in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records an error at `span`.
    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.push(Severity::Error, span, message);
    }

    /// Records a warning at `span`.
    pub fn warning(&mut self, span: Span, message: impl Into<String>) {
        self.push(Severity::Warning, span, message);
    }

    fn push(&mut self, severity: Severity, span: Span, message: impl Into<String>) {
        // Bound memory on hostile input: after this many, one summary is enough.
        const MAX: usize = 1000;
        if self.0.len() < MAX {
            self.0.push(Diagnostic {
                severity,
                span,
                message: message.into(),
            });
        }
    }

    /// True when there are no errors (warnings allowed).
    pub fn is_clean(&self) -> bool {
        !self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when there are no diagnostics at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Iterates in source order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Appends all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Sorts by position so reports read top to bottom.
    pub fn sort(&mut self) {
        crate::order::sort_by_key(&mut self.0, |d| (d.span.start, d.span.end));
    }

    /// Renders as `FILE:LINE:COL: severity: message` followed by the line and a caret.
    /// Control characters of the source and of messages are shown escaped (`\u{1b}`), so a
    /// file cannot drive the terminal the report is read on.
    pub fn render(&self, file_name: &str, source: &str) -> String {
        self.render_indexed(file_name, &LineIndex::new(source))
    }

    /// [`Diagnostics::render`] with the source's line index built once by the caller (a file
    /// read tune by tune renders each tune's diagnostics against the same index).
    pub fn render_indexed(&self, file_name: &str, index: &LineIndex) -> String {
        let mut out = String::new();
        for d in &self.0 {
            let at = index.line_col(d.span.start);
            let level = match d.severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            let _ = writeln!(
                out,
                "{}:{}:{}: {level}: {}",
                printable(file_name),
                at.line,
                at.column,
                printable(&d.message)
            );
            let line: String = index.line_text(at.line).chars().take(200).collect();
            // The caret goes under the escaped text: count the width of what precedes it.
            let before: String = line
                .chars()
                .take(at.column.saturating_sub(1).min(200))
                .collect();
            let text = printable(&line);
            let pad = printable(&before).chars().count();
            let width = d.span.end.saturating_sub(d.span.start).clamp(1, 40);
            let end = index.line_col(d.span.end.max(d.span.start + 1) - 1);
            let carets = if end.line == at.line {
                (end.column + 1).saturating_sub(at.column).clamp(1, width)
            } else {
                1
            };
            let _ = writeln!(out, "  {text}");
            let _ = writeln!(out, "  {}{}", " ".repeat(pad), "^".repeat(carets));
        }
        out
    }
}

/// `text` with control characters escaped: a tab as one space (so columns stay aligned), a
/// line end dropped, any other control character as `\u{…}`.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            '\n' | '\r' => {}
            c if c.is_control() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_and_caret() {
        let src = "X:1\nK:C\nab !trll! c|\n";
        let mut d = Diagnostics::default();
        let start = src.find("!trll!").unwrap();
        d.error(Span::new(start, start + 6), "unknown decoration !trll!");
        let text = d.render("t.abc", src);
        assert_eq!(
            text,
            "t.abc:3:4: error: unknown decoration !trll!\n  ab !trll! c|\n     ^^^^^^\n"
        );
        assert!(!d.is_clean());
    }

    #[test]
    fn control_characters_are_escaped_and_the_caret_follows() {
        let src = "X:1\nK:C\n\u{1b}[2J!trll! c|\n";
        let mut d = Diagnostics::default();
        let start = src.find("!trll!").unwrap();
        d.error(Span::new(start, start + 6), "unknown decoration !\u{7}!");
        let text = d.render("t.abc", src);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert_eq!(
            text,
            "t.abc:3:5: error: unknown decoration !\\u{7}!\n  \\u{1b}[2J!trll! c|\n           ^^^^^^\n"
        );
    }
}
