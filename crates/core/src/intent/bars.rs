//! The bars finder: how many bars the prompt asks for.

use super::words::{number, Span, Word};
use crate::style::Style;

/// `12-bar`, `12 bars`, `16 measures`, `eight bar`.
pub(super) fn find_bars(ws: &[Word]) -> Option<(u32, Span)> {
    for (i, w) in ws.iter().enumerate() {
        for suffix in ["-bars", "-bar", "bars", "bar", "-measures", "measures"] {
            if let Some(n) = w.lower.strip_suffix(suffix).and_then(number) {
                return Some((n, i..i + 1));
            }
        }
        let next = ws.get(i + 1).map(|n| n.lower.as_str());
        if matches!(next, Some("bar" | "bars" | "measure" | "measures")) {
            if let Some(n) = number(&w.lower) {
                return Some((n, i..i + 2));
            }
        }
    }
    None
}

/// A style's usual length: its first progression, at least eight bars.
pub(super) fn default_bars(style: &Style) -> u32 {
    let first = style.progressions[0].split('|').count() as u32;
    let mut bars = first;
    while bars < 8 {
        bars += first;
    }
    bars
}
