//! A note or chord's heads as placed: which heads are set off the stem (seconds), which
//! column each accidental takes, and the drawn note that ties, slurs, lyrics and marks are
//! placed against.

use super::metrics::diatonic;
use jamsesh_abc::Sounding;

/// Accidental columns for a chord's notes (None where no accidental is shown): from the top
/// note down, each accidental takes the first column (0 nearest the heads) where it clears
/// the accidentals already there.
pub(super) fn accidental_columns(notes: &[Sounding], shown: &[Option<i8>]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..notes.len())
        .filter(|&i| shown.get(i).is_some_and(Option::is_some))
        .collect();
    jamsesh_abc::stable_sort_by_key(&mut order, |&i| std::cmp::Reverse(diatonic(&notes[i])));
    let mut columns: Vec<Vec<i32>> = Vec::new();
    let mut out = vec![None; notes.len()];
    for i in order {
        let step = diatonic(&notes[i]);
        let k = columns
            .iter()
            .position(|col| col.iter().all(|&s| (s - step).abs() >= 6))
            .unwrap_or(columns.len());
        if k == columns.len() {
            columns.push(Vec::new());
        }
        columns[k].push(step);
        out[i] = Some(k);
    }
    out
}

/// Which heads of a chord sit on the "wrong" side of the stem: a second above (stem up) or
/// below (stem down) a head in place is set off.
pub(super) fn displaced(steps_sorted: &[i32], up: bool) -> Vec<bool> {
    let n = steps_sorted.len();
    let mut out = vec![false; n];
    let order: Vec<usize> = if up {
        (0..n).collect()
    } else {
        (0..n).rev().collect()
    };
    for w in order.windows(2) {
        let (prev, this) = (w[0], w[1]);
        if (steps_sorted[this] - steps_sorted[prev]).abs() == 1 && !out[prev] {
            out[this] = true;
        }
    }
    out
}

/// A note or chord as drawn, for ties, slurs, tuplets, lyrics and marks placed later.
#[derive(Clone, Debug)]
pub(super) struct NoteMark {
    /// Bar and event index in the voice.
    pub bar: usize,
    pub event: usize,
    /// Left and right edge of the heads.
    pub x: f32,
    pub right: f32,
    /// Staff steps of the heads, with their tie flags.
    pub heads: Vec<(i32, bool)>,
    /// Stem up.
    pub up: bool,
    /// Highest and lowest y of heads and stem.
    pub top: f32,
    pub bottom: f32,
}

impl NoteMark {
    /// Highest step of the heads.
    pub fn top_step(&self) -> i32 {
        self.heads.iter().map(|h| h.0).max().unwrap_or(0)
    }

    /// The middle of the heads across.
    pub fn centre(&self) -> f32 {
        (self.x + self.right) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_set_off_the_stem() {
        assert_eq!(displaced(&[0, 1], true), vec![false, true]);
        assert_eq!(displaced(&[0, 1], false), vec![true, false]);
        assert_eq!(displaced(&[0, 1, 2], true), vec![false, true, false]);
        assert_eq!(displaced(&[0, 2, 4], true), vec![false; 3]);
    }
}
