//! Sizes and positions on a staff: where a pitch sits, what note value and dots a length is
//! written as, how many flags or beams it takes, and the sizes of the text around the notes.

use crate::font::SP;
use jamsesh_abc::{Event, Frac, Sounding};

/// Size of chord-symbol text.
pub(crate) const CHORD_SIZE: f32 = 1.6 * SP;
/// Size of lyrics text.
pub(crate) const LYRIC_SIZE: f32 = 1.3 * SP;

/// Diatonic number of a written pitch (C4 = 28), for staff positions.
pub(super) fn diatonic(s: &Sounding) -> i32 {
    let letter = "CDEFGAB".find(s.letter).unwrap_or(0) as i32;
    (i32::from(s.octave) + 4) * 7 + letter
}

/// y of a staff step (0 = bottom line, 8 = top line) with the top line at y = 0.
pub(super) fn step_y(step: i32) -> f32 {
    4.0 * SP - step as f32 * SP / 2.0
}

/// Written (not sounding) length of an event, undoing its tuplet.
pub(super) fn written(e: &Event) -> Frac {
    match e.tuplet {
        Some((p, q)) if q > 0 => e.duration * i64::from(p) / i64::from(q),
        _ => e.duration,
    }
}

/// The plain note value under a (possibly dotted) length, and its dots.
pub(super) fn base_and_dots(len: Frac) -> (Frac, usize) {
    let mut base = Frac::new(4, 1);
    while base > len && base > Frac::new(1, 64) {
        base /= 2;
    }
    let mut dots = 0;
    let mut total = base;
    let mut add = base / 2;
    while total + add <= len && dots < 2 {
        total += add;
        add /= 2;
        dots += 1;
    }
    (base, dots)
}

/// Beam levels (flags) of a note value: 1 for eighths, 2 for sixteenths …
pub(super) fn beam_levels(base: Frac) -> usize {
    let mut levels = 0;
    let mut v = Frac::new(1, 8);
    while base <= v && levels < 4 {
        levels += 1;
        v /= 2;
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_values_and_dots() {
        assert_eq!(base_and_dots(Frac::new(3, 8)), (Frac::new(1, 4), 1));
        assert_eq!(base_and_dots(Frac::new(7, 16)), (Frac::new(1, 4), 2));
        assert_eq!(beam_levels(Frac::new(1, 16)), 2);
        assert_eq!(beam_levels(Frac::new(1, 4)), 0);
    }
}
