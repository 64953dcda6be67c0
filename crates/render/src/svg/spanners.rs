//! Curves and wedges that join notes: ties (to the next note of the same pitch, across bar
//! lines and into the next system), slurs (clearing the notes under them) and hairpins.

use super::heads::NoteMark;
use super::mark::{Mark, Marks};
use super::metrics::step_y;
use super::voice::Staff;
use crate::font::SP;

/// Spanners still open at the end of a system, continued on the next.
#[derive(Clone, Debug, Default)]
pub(super) struct Open {
    /// Staff steps of ties crossing the line break, with their side (above).
    ties: Vec<(i32, bool)>,
    /// Slurs crossing the line break, with their side.
    slurs: Vec<bool>,
}

/// A curve from (x1, y1) to (x2, y2) bulging by `bulge` (negative: upwards), drawn as a
/// filled crescent thicker in the middle.
fn curve(c: &mut Marks, class: &'static str, from: (f32, f32), to: (f32, f32), bulge: f32) {
    let ((x1, y1), (x2, y2)) = (from, to);
    let thick = 0.22 * SP * bulge.signum();
    let (dx, dy) = ((x2 - x1) / 4.0, (y2 - y1) / 4.0);
    let controls = [
        (x1 + dx, y1 + dy + bulge * 1.33),
        (x2 - dx, y2 - dy + bulge * 1.33),
        (x2 - dx, y2 - dy + (bulge + thick) * 1.33),
        (x1 + dx, y1 + dy + (bulge + thick) * 1.33),
    ];
    let reach = y1.min(y2) + bulge.min(0.0) + thick.min(0.0);
    let low = y1.max(y2) + bulge.max(0.0) + thick.max(0.0);
    let mark = Mark::Curve {
        class,
        from,
        to,
        controls,
    };
    c.curve(mark, reach, low);
}

/// Which side a tie on this head goes: above for stems down, and for the upper half of a chord.
fn tie_above(m: &NoteMark, step: i32) -> bool {
    if m.heads.len() > 1 {
        let mid = (m.heads[0].0 + m.heads[m.heads.len() - 1].0) as f32 / 2.0;
        (step as f32) > mid || (step as f32 == mid && !m.up)
    } else {
        !m.up
    }
}

fn draw_tie(c: &mut Marks, x1: f32, x2: f32, step: i32, above: bool) {
    let y = step_y(step) + if above { -0.6 * SP } else { 0.6 * SP };
    let bulge = if above { -0.8 * SP } else { 0.8 * SP };
    let (x1, x2) = (x1, x2.max(x1 + 1.0 * SP));
    curve(c, "tie", (x1, y), (x2, y), bulge);
}

/// The ties of a system's notes, with those carried in from the line before ending on its
/// first notes; returns the ties going on to the next line.
fn draw_ties(
    c: &mut Marks,
    main: &[&NoteMark],
    carried: &[(i32, bool)],
    start: f32,
    end: f32,
) -> Vec<(i32, bool)> {
    let mut going_on = Vec::new();
    // Ties carried in from the line before end on the first notes.
    if let Some(first) = main.first() {
        for &(step, above) in carried {
            if first.heads.iter().any(|h| h.0 == step) {
                draw_tie(c, start, first.x - 0.2 * SP, step, above);
            }
        }
    }
    for (k, m) in main.iter().enumerate() {
        for &(step, tied) in &m.heads {
            if !tied {
                continue;
            }
            let above = tie_above(m, step);
            match main.get(k + 1) {
                Some(next) if next.heads.iter().any(|h| h.0 == step) => {
                    draw_tie(c, m.right + 0.1 * SP, next.x - 0.1 * SP, step, above)
                }
                // A tie to a note that is not there: nothing to join.
                Some(_) => {}
                None => {
                    draw_tie(c, m.right + 0.1 * SP, end, step, above);
                    going_on.push((step, above));
                }
            }
        }
    }
    going_on
}

/// Draws the ties, slurs and hairpins of one staff in one system, from `start` to `end` (x),
/// continuing what `open` carries from the previous system and returning what goes on.
pub(super) fn draw(
    c: &mut Marks,
    staff: &Staff,
    marks: &[NoteMark],
    start: f32,
    end: f32,
    open: Open,
) -> Open {
    let mut next_open = Open::default();
    let main: Vec<&NoteMark> = marks.iter().filter(|m| staff.layer(m) == 0).collect();
    if main.is_empty() {
        // A line without notes (rests only): what is open goes on to the next line.
        return open;
    }
    next_open.ties = draw_ties(c, &main, &open.ties, start, end);
    // Slurs: a stack of open starts (index into `main`, or None when carried in).
    let mut stack: Vec<(Option<usize>, bool)> = open.slurs.iter().map(|&a| (None, a)).collect();
    for (k, m) in main.iter().enumerate() {
        let e = staff.event(m);
        for _ in 0..e.slurs_start {
            stack.push((Some(k), !m.up));
        }
        for _ in 0..e.slurs_end {
            match stack.pop() {
                Some((from, above)) => draw_slur(c, &main, from, Some(k), above, start, end),
                None => break,
            }
        }
    }
    for (from, above) in stack {
        draw_slur(c, &main, from, None, above, start, end);
        next_open.slurs.push(above);
    }
    draw_hairpins(c, staff, &main);
    next_open
}

/// A slur from note `from` to note `to` (None: the system's edge), clearing the notes between.
fn draw_slur(
    c: &mut Marks,
    main: &[&NoteMark],
    from: Option<usize>,
    to: Option<usize>,
    above: bool,
    start: f32,
    end: f32,
) {
    let edge = |m: &NoteMark| {
        if above {
            m.top - 0.4 * SP
        } else {
            m.bottom + 0.4 * SP
        }
    };
    let (x1, y1) = from.map_or((start, edge(main[0])), |k| {
        let m = main[k];
        (m.centre(), edge(m))
    });
    let last = main.len().saturating_sub(1);
    let (x2, y2) = to.map_or((end, edge(main[last])), |k| {
        let m = main[k];
        (m.centre(), edge(m))
    });
    if x2 - x1 < 0.5 * SP {
        return;
    }
    let (lo, hi) = (from.unwrap_or(0), to.unwrap_or(last));
    let mut bulge = if above { -SP } else { SP };
    for m in main.iter().take(hi).skip(lo + 1) {
        let mx = m.centre();
        let line = y1 + (y2 - y1) * (mx - x1) / (x2 - x1);
        let needed = edge(m) - line;
        // The curve reaches about three quarters of its bulge away from the ends.
        bulge = if above {
            bulge.min(needed / 0.75 - 0.3 * SP)
        } else {
            bulge.max(needed / 0.75 + 0.3 * SP)
        };
    }
    let bulge = bulge.clamp(-5.0 * SP, 5.0 * SP);
    curve(c, "slur", (x1, y1), (x2, y2), bulge);
}

/// Crescendo and diminuendo wedges below the staff, from their start note to their end note.
fn draw_hairpins(c: &mut Marks, staff: &Staff, main: &[&NoteMark]) {
    let mut open: Vec<(usize, bool)> = Vec::new(); // (note, crescendo)
    for (k, m) in main.iter().enumerate() {
        for d in &staff.event(m).decorations {
            match d.as_str() {
                "crescendo(" | "<(" => open.push((k, true)),
                "diminuendo(" | ">(" => open.push((k, false)),
                "crescendo)" | "<)" | "diminuendo)" | ">)" => {
                    if let Some((from, crescendo)) = open.pop() {
                        let y = main[from..=k]
                            .iter()
                            .map(|m| m.bottom)
                            .fold(step_y(0), f32::max)
                            + 2.0 * SP;
                        let (x1, x2) = (main[from].x, main[k].right.max(main[from].x + 2.0 * SP));
                        let (narrow, wide) = if crescendo { (x1, x2) } else { (x2, x1) };
                        c.line(narrow, y, wide, y - 0.6 * SP, 0.12 * SP);
                        c.line(narrow, y, wide, y + 0.6 * SP, 0.12 * SP);
                    }
                }
                _ => {}
            }
        }
    }
}
