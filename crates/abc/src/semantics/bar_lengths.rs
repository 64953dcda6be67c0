//! The meter check: bars whose written length disagrees with the meter.

use super::model::{meter_text, Voice};
use crate::diag::Diagnostics;

/// Warns about bars whose length disagrees with the meter, except pickups and partial bars
/// at repeats, endings and section ends, which are normal.
pub(super) fn check_bar_lengths(v: &Voice, diags: &mut Diagnostics) {
    let n = v.bars.len();
    for (i, bar) in v.bars.iter().enumerate() {
        let Some(expected) = bar.expected else {
            continue;
        };
        if bar.events.is_empty() || bar.duration == expected {
            continue;
        }
        let Some(first) = bar.events.first() else {
            continue;
        };
        let span = first
            .span
            .to(bar.events.last().map_or(first.span, |e| e.span));
        let wrong_length = format!(
            "bar {} of voice {} lasts {} but the meter {} asks for {}",
            i + 1,
            v.id,
            bar.duration,
            meter_text(&bar.meter),
            expected
        );
        if bar.duration > expected {
            diags.warning(span, wrong_length);
            continue;
        }
        let next = v.bars.get(i + 1);
        let boundary = i == 0
            || i + 1 == n
            || bar.repeat_end > 0
            || bar.repeat_start
            || bar.ending.is_some()
            || next.is_some_and(|b| b.repeat_start || b.ending.is_some() || b.part != bar.part)
            || bar.bar_line.as_deref().is_some_and(|s| s != "|")
            || v.bars[i - 1].bar_line.as_deref().is_some_and(|s| s != "|");
        if !boundary {
            diags.warning(span, wrong_length);
        }
    }
}
