//! Stems, flags and beams: notes are beamed by the meter's beat groups, a group's stems all
//! point one way (the note furthest from the middle line decides), and the beam slopes with
//! the notes, gently, reaching at least the middle line.

use super::mark::Marks;
use super::metrics::{base_and_dots, step_y, written};
use crate::font::{music_width, SP};
use jamsesh_abc::{Bar, Event, EventKind, Frac, MeterSpec};

/// Stem length of an unbeamed note.
pub(super) const STEM: f32 = 3.5 * SP;
/// Gap between beam levels.
const BEAM_GAP: f32 = 0.75 * SP;
/// Beam thickness.
const BEAM: f32 = 0.5 * SP;

/// A stem waiting for its beam.
#[derive(Clone, Copy, Debug)]
pub(super) struct Stem {
    /// Index into the layer's events.
    pub k: usize,
    pub x: f32,
    /// y of the head the stem starts from (the far end from the beam).
    pub root: f32,
    /// y of the head nearest the beam.
    pub near: f32,
    pub up: bool,
    pub levels: usize,
}

/// A stem of standard length (reaching at least the middle line) with its flags.
pub(super) fn draw_stem_and_flag(c: &mut Marks, s: &Stem) {
    let tip = if s.up {
        (s.near - STEM).min(step_y(4))
    } else {
        (s.near + STEM).max(step_y(4))
    };
    c.line(s.x, s.root, s.x, tip, 0.12 * SP);
    let flag = match (s.levels, s.up) {
        (0, _) => return,
        (1, true) => "flag8thUp",
        (1, false) => "flag8thDown",
        (2, true) => "flag16thUp",
        (2, false) => "flag16thDown",
        (_, true) => "flag32ndUp",
        (_, false) => "flag32ndDown",
    };
    c.glyph(flag, s.x - 0.06 * SP, tip);
}

/// Where beams break: the ends of the meter's beat groups from the bar's start (a quarter
/// in 4/4, a dotted quarter in 6/8, 2+2+3 eighths in 7/8, a half in cut time), the same
/// groups the composer counts strong beats by. None in free meter.
fn beam_breaks(meter: &MeterSpec) -> Option<Vec<Frac>> {
    let groups = meter.beat_groups();
    if groups.is_empty() {
        return None;
    }
    let ends = groups.iter().scan(Frac::new(0, 1), |end, g| {
        *end += *g;
        Some(*end)
    });
    Some(std::iter::once(Frac::new(0, 1)).chain(ends).collect())
}

/// True if `offset` into a bar falls on one of the `breaks`, the last being the bar's
/// length; a bar written longer than its meter repeats the groups.
fn on_break(breaks: &[Frac], offset: Frac) -> bool {
    let Some(&bar) = breaks.last() else {
        return false;
    };
    if bar <= Frac::new(0, 1) {
        return false;
    }
    let within = offset - (offset / bar).floor() * bar;
    breaks.contains(&within)
}

/// Runs of beamable notes in one beam group of the source and one beat of the meter (two or
/// more notes).
pub(super) fn beam_groups(events: &[(usize, &Event)], bar: &Bar) -> Vec<Vec<usize>> {
    let breaks = beam_breaks(&bar.meter);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut open = false;
    for (k, (_, e)) in events.iter().enumerate() {
        let beamable = matches!(e.kind, EventKind::Notes(_))
            && base_and_dots(written(e)).0 <= Frac::new(1, 8)
            && !e.decorations.iter().any(|d| d == "beambreak");
        let on_beat = breaks
            .as_deref()
            .is_some_and(|b| on_break(b, e.onset - bar.onset));
        if beamable && open && !e.beam_break && !on_beat {
            if let Some(g) = groups.last_mut() {
                g.push(k);
            }
        } else if beamable {
            groups.push(vec![k]);
        }
        open = beamable;
    }
    groups.retain(|g| g.len() > 1);
    groups
}

/// Draws a beam over stems (one direction for the group) and returns each stem's tip.
pub(super) fn draw_beam(
    c: &mut Marks,
    members: &[Stem],
    forced_up: Option<bool>,
) -> Vec<(usize, f32, f32)> {
    if members.len() < 2 {
        members.iter().for_each(|s| draw_stem_and_flag(c, s));
        return Vec::new();
    }
    let line = BeamLine::new(members, forced_up);
    let mut tips = Vec::new();
    for s in members {
        let sx = line.x_of(s);
        c.line(sx, line.ends(s).1, sx, line.y(sx), 0.12 * SP);
        tips.push((s.k, sx, line.y(sx)));
    }
    let (x1, x2) = (
        line.x_of(&members[0]),
        line.x_of(&members[members.len() - 1]),
    );
    line.draw(c, x1, x2, 0);
    draw_deeper_beams(c, &line, members);
    tips
}

/// The line a beam group's beam follows: its direction, start and slope.
struct BeamLine {
    up: bool,
    /// Where the first stem's tip is, and the slope.
    x1: f32,
    y1: f32,
    slope: f32,
    /// The stems' lengths from the head nearest the beam.
    length: f32,
    deepest: usize,
}

impl BeamLine {
    fn new(members: &[Stem], forced_up: Option<bool>) -> BeamLine {
        let up = forced_up.unwrap_or_else(|| {
            // The note furthest from the middle line decides.
            let (far_up, far_down) = members.iter().fold((0.0f32, 0.0f32), |(u, d), s| {
                let hi = s.near.min(s.root);
                let lo = s.near.max(s.root);
                (u.max(step_y(4) - hi), d.max(lo - step_y(4)))
            });
            far_down >= far_up
        });
        let deepest = members.iter().map(|s| s.levels).max().unwrap_or(1);
        let mut line = BeamLine {
            up,
            x1: 0.0,
            y1: 0.0,
            slope: 0.0,
            length: STEM + (deepest.saturating_sub(2)) as f32 * BEAM_GAP,
            deepest,
        };
        let (first, last) = (&members[0], &members[members.len() - 1]);
        let (x1, x2) = (line.x_of(first), line.x_of(last));
        let slope = ((line.tip(last) - line.tip(first)) / (x2 - x1).max(1.0)).clamp(-0.12, 0.12);
        line.x1 = x1;
        line.slope = slope;
        line.y1 = line.tip(first) + line.offset(members, first);
        line
    }

    /// How far the beam moves from the first stem's natural tip so that every stem keeps its
    /// length and the beam reaches at least the middle line.
    fn offset(&self, members: &[Stem], first: &Stem) -> f32 {
        let (up, x1, slope) = (self.up, self.x1, self.slope);
        let mut offset = 0.0f32;
        for s in members {
            let needed = self.tip(s) - (self.tip(first) + slope * (self.x_of(s) - x1));
            offset = if up {
                offset.min(needed)
            } else {
                offset.max(needed)
            };
        }
        let mid_needed = members
            .iter()
            .map(|s| step_y(4) - (self.tip(first) + offset + slope * (self.x_of(s) - x1)))
            .fold(0.0f32, |a, d| if up { a.min(d) } else { a.max(d) });
        if (up && mid_needed < 0.0) || (!up && mid_needed > 0.0) {
            offset += mid_needed;
        }
        offset
    }

    /// Where a stem goes: moved to the other side of its head if it points the other way.
    fn x_of(&self, s: &Stem) -> f32 {
        let head_w = music_width("noteheadBlack");
        match (s.up, self.up) {
            (a, b) if a == b => s.x,
            (_, true) => s.x + head_w - 0.12 * SP,
            (_, false) => s.x - head_w + 0.12 * SP,
        }
    }

    /// The head nearest the beam and the one the stem starts from, in the group's direction.
    fn ends(&self, s: &Stem) -> (f32, f32) {
        let (hi, lo) = (s.near.min(s.root), s.near.max(s.root));
        if self.up {
            (hi, lo)
        } else {
            (lo, hi)
        }
    }

    /// Where a stem of full length would end.
    fn tip(&self, s: &Stem) -> f32 {
        if self.up {
            self.ends(s).0 - self.length
        } else {
            self.ends(s).0 + self.length
        }
    }

    /// The beam's y at x.
    fn y(&self, x: f32) -> f32 {
        self.y1 + self.slope * (x - self.x1)
    }

    /// One beam from `xa` to `xb`, `level` beams in from the stems' tips.
    fn draw(&self, c: &mut Marks, xa: f32, xb: f32, level: usize) {
        let dir = if self.up { 1.0 } else { -1.0 };
        let shift = dir * level as f32 * BEAM_GAP;
        let (ya, yb) = (self.y(xa) + shift, self.y(xb) + shift);
        c.beam(
            [
                (xa, ya),
                (xb, yb),
                (xb, yb + dir * BEAM),
                (xa, ya + dir * BEAM),
            ],
            ya.min(yb) - BEAM,
            ya.max(yb) + BEAM,
        );
    }
}

/// Deeper beams between neighbours that share them; a lone short note gets a stub.
fn draw_deeper_beams(c: &mut Marks, line: &BeamLine, members: &[Stem]) {
    for level in 1..line.deepest {
        let mut k = 0;
        while k < members.len() {
            if members[k].levels <= level {
                k += 1;
                continue;
            }
            let start = k;
            while k + 1 < members.len() && members[k + 1].levels > level {
                k += 1;
            }
            let (xa, xb) = (line.x_of(&members[start]), line.x_of(&members[k]));
            if start == k {
                let stub = 1.2 * SP;
                if start + 1 < members.len() {
                    line.draw(c, xa, xa + stub, level);
                } else {
                    line.draw(c, xa - stub, xa, level);
                }
            } else {
                line.draw(c, xa, xb, level);
            }
            k += 1;
        }
    }
}
