//! The written form of a voice: a note or rest whose length no single note value shows (five
//! eighths, say) is written as tied notes (or rests side by side), split where the meter's
//! beat groups fall, as musicians write it — five eighths at the start of a 7/8 bar is a half
//! tied to an eighth, not a half note.

use super::metrics::{base_and_dots, written};
use jamsesh_abc::{Bar, Event, EventKind, Frac, Voice};

/// Most pieces one event is split into (lengths below a 64th are left as they are).
const MAX_PIECES: usize = 8;

/// The longest single note value (with up to two dots) not longer than `len`.
fn single_value_within(len: Frac) -> Frac {
    let (base, dots) = base_and_dots(len);
    (0..dots)
        .fold((base, base / 2), |(total, add), _| (total + add, add / 2))
        .0
}

/// Whether one note value (with up to two dots) shows `len`.
fn is_single_value(len: Frac) -> bool {
    single_value_within(len) == len
}

/// The written lengths an event of `len` starting `start` into its bar is split into:
/// at the last beat-group boundary that leaves a single value before it, else at the first
/// boundary, else at the longest single value that fits.
pub(super) fn split(start: Frac, len: Frac, boundaries: &[Frac]) -> Vec<Frac> {
    let mut out = Vec::new();
    let (mut at, mut left) = (start, len);
    while !is_single_value(left) && out.len() < MAX_PIECES {
        let end = at + left;
        let inside: Vec<Frac> = boundaries
            .iter()
            .filter(|&&b| b > at && b < end)
            .map(|&b| b - at)
            .collect();
        let cut = inside
            .iter()
            .rev()
            .copied()
            .find(|&d| is_single_value(d))
            .unwrap_or_else(|| single_value_within(inside.first().copied().unwrap_or(left)));
        if cut <= Frac::new(0, 1) || cut >= left {
            break;
        }
        out.push(cut);
        at += cut;
        left -= cut;
    }
    out.push(left);
    out
}

/// Where the bar's beat groups end, from its start.
fn boundaries(bar: &Bar) -> Vec<Frac> {
    bar.meter
        .beat_groups()
        .iter()
        .scan(Frac::new(0, 1), |end, g| {
            *end += *g;
            Some(*end)
        })
        .collect()
}

/// The pieces of one event: the first keeps what is written before it (decorations, grace
/// notes, an opening slur, the accidental), the last what comes after (a closing slur, its own
/// tie); every piece but the last is tied to the next.
fn pieces(e: &Event, lengths: &[Frac]) -> Vec<Event> {
    let last = lengths.len() - 1;
    let mut onset = e.onset;
    lengths
        .iter()
        .enumerate()
        .map(|(i, &len)| {
            let mut piece = e.clone();
            piece.onset = onset;
            piece.duration = len;
            onset += len;
            if i > 0 {
                piece.decorations.clear();
                piece.annotations.clear();
                piece.grace = None;
                piece.slurs_start = 0;
            }
            if i < last {
                piece.slurs_end = 0;
            }
            if let EventKind::Notes(notes) = &mut piece.kind {
                for n in notes.iter_mut() {
                    if i > 0 {
                        n.written_accidental = None;
                    }
                    if i < last {
                        n.tie = true;
                    }
                }
            }
            piece
        })
        .collect()
}

/// A voice with its irregular lengths split, and for each bar where each original event went
/// (the index of its first piece); `None` when every length is already a single value.
pub(super) fn written_voice(voice: &Voice) -> Option<(Voice, Vec<Vec<usize>>)> {
    let irregular = |e: &Event| {
        e.tuplet.is_none()
            && !matches!(e.kind, EventKind::MultiBarRest { .. })
            && !is_single_value(written(e))
    };
    if !voice.bars.iter().flat_map(|b| &b.events).any(irregular) {
        return None;
    }
    let mut out = voice.clone();
    let mut moved = Vec::with_capacity(voice.bars.len());
    for bar in &mut out.bars {
        let ends = boundaries(bar);
        let mut events = Vec::with_capacity(bar.events.len() + 2);
        let mut index = Vec::with_capacity(bar.events.len());
        for e in &bar.events {
            index.push(events.len());
            if irregular(e) {
                let lengths = split(e.onset - bar.onset, e.duration, &ends);
                events.extend(pieces(e, &lengths));
            } else {
                events.push(e.clone());
            }
        }
        bar.events = events;
        moved.push(index);
    }
    Some((out, moved))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(n: i64, d: i64) -> Frac {
        Frac::new(n, d)
    }

    /// Beat-group ends of 7/8 (2+2+3) and 6/8 (3+3), written out by hand.
    const SEVEN_EIGHT: [(i64, i64); 3] = [(2, 8), (4, 8), (7, 8)];

    fn ends(list: &[(i64, i64)]) -> Vec<Frac> {
        list.iter().map(|&(n, d)| f(n, d)).collect()
    }

    #[test]
    fn five_eighths_in_seven_eight_is_a_half_tied_to_an_eighth() {
        let seven = ends(&SEVEN_EIGHT);
        assert_eq!(split(f(0, 1), f(5, 8), &seven), vec![f(1, 2), f(1, 8)]);
        // From the second group: a quarter, then the dotted quarter of the last group.
        assert_eq!(split(f(2, 8), f(5, 8), &seven), vec![f(1, 4), f(3, 8)]);
    }

    #[test]
    fn single_values_are_left_alone() {
        let seven = ends(&SEVEN_EIGHT);
        for len in [f(1, 8), f(1, 4), f(3, 8), f(1, 2), f(7, 8), f(7, 16)] {
            assert_eq!(split(f(0, 1), len, &seven), vec![len]);
        }
    }

    #[test]
    fn without_a_boundary_the_longest_value_comes_first() {
        // Five sixteenths inside one beat of 4/4.
        assert_eq!(
            split(f(0, 1), f(5, 16), &[f(1, 1)]),
            vec![f(1, 4), f(1, 16)]
        );
        // Five quarters cannot fit one 4/4 bar's value: a whole, then a quarter.
        assert_eq!(
            split(f(0, 1), f(5, 4), &ends(&[(1, 4), (2, 4), (3, 4), (4, 4)])),
            vec![f(1, 1), f(1, 4)]
        );
    }
}
