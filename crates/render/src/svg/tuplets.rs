//! Tuplet numbers: over the beam when the tuplet is one beam group, else with a bracket.

use super::beams::{Stem, STEM};
use super::layout::Columns;
use super::mark::Marks;
use crate::font::{music_width, SP};
use jamsesh_abc::Event;

/// The tuplet digits' glyphs.
const DIGITS: [&str; 10] = [
    "tuplet0", "tuplet1", "tuplet2", "tuplet3", "tuplet4", "tuplet5", "tuplet6", "tuplet7",
    "tuplet8", "tuplet9",
];

/// One bar's layer as placed: its events, stems, beam groups and beamed stems' tips.
pub(super) struct Placed<'a, 'e> {
    pub events: &'a [(usize, &'e Event)],
    pub stems: &'a [Stem],
    pub groups: &'a [Vec<usize>],
    /// (event, x, tip y) of each beamed stem.
    pub tips: &'a [(usize, f32, f32)],
}

/// Draws the tuplet numbers of a layer of a bar placed at `x0`.
pub(super) fn draw_tuplets(c: &mut Marks, placed: &Placed, x0: f32, cols: &Columns, stretch: f32) {
    let events = placed.events;
    let mut k = 0;
    while k < events.len() {
        let Some((p, _)) = events[k].1.tuplet else {
            k += 1;
            continue;
        };
        let start = k;
        while k + 1 < events.len()
            && events[k + 1].1.tuplet == events[start].1.tuplet
            && k + 1 - start < p as usize
        {
            k += 1;
        }
        let span: Vec<usize> = (start..=k).collect();
        k += 1;
        let xs: Vec<f32> = span
            .iter()
            .map(|&j| x0 + cols.x(events[j].1.onset, stretch))
            .collect();
        let (xa, xb) = (xs[0], xs[xs.len() - 1] + music_width("noteheadBlack"));
        draw_tuplet(c, placed, &span, (xa, xb), p);
    }
}

/// One tuplet over the events `span`, from `xa` to `xb`, numbered `p`.
fn draw_tuplet(c: &mut Marks, placed: &Placed, span: &[usize], (xa, xb): (f32, f32), p: u32) {
    let stems: Vec<&Stem> = placed
        .stems
        .iter()
        .filter(|s| span.contains(&s.k))
        .collect();
    let up = stems.iter().filter(|s| s.up).count() * 2 >= stems.len();
    let mid = (xa + xb) / 2.0;
    let one_beam = placed
        .groups
        .iter()
        .any(|g| span.iter().all(|j| g.contains(j)));
    let digits = p.to_string();
    let digit_w = digits.len() as f32 * 0.9 * SP;
    let y = if one_beam {
        let beam_y = placed
            .tips
            .iter()
            .filter(|t| span.contains(&t.0))
            .map(|t| t.2)
            .fold(if up { f32::MAX } else { f32::MIN }, |a, y| {
                if up {
                    a.min(y)
                } else {
                    a.max(y)
                }
            });
        if up {
            beam_y - 0.9 * SP
        } else {
            beam_y + 2.3 * SP
        }
    } else {
        let y = bracket_y(&stems, up);
        let hook = if up { 0.6 * SP } else { -0.6 * SP };
        c.line(xa, y + hook, xa, y, 0.1 * SP);
        c.line(xa, y, mid - digit_w / 2.0 - 0.3 * SP, y, 0.1 * SP);
        c.line(mid + digit_w / 2.0 + 0.3 * SP, y, xb, y, 0.1 * SP);
        c.line(xb, y, xb, y + hook, 0.1 * SP);
        y + 0.7 * SP
    };
    for (n, d) in digits.bytes().enumerate() {
        c.glyph(
            DIGITS[usize::from(d - b'0')],
            mid - digit_w / 2.0 + n as f32 * 0.9 * SP,
            y,
        );
    }
}

/// Where a tuplet's bracket goes: clear of the staff and of its stems' tips.
fn bracket_y(stems: &[&Stem], up: bool) -> f32 {
    if up {
        (-1.5 * SP).min(
            stems
                .iter()
                .map(|s| s.near - STEM - 0.8 * SP)
                .fold(f32::MAX, f32::min),
        )
    } else {
        (5.5 * SP).max(
            stems
                .iter()
                .map(|s| s.near + STEM + 0.8 * SP)
                .fold(f32::MIN, f32::max),
        )
    }
}
