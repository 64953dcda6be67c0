//! One bar of one staff: noteheads (chords with seconds set off the stem), accidentals stacked
//! in columns, ledger lines, dots, stems, flags, beams, tuplets, grace notes and rests, with a
//! second layer (`&` overlays) stemmed down under the first.

use super::canvas::{music_width, Canvas};
use super::layout::{Columns, Piece};
use super::marks;
use super::{Staff, SP};
use jamsesh_abc::semantics::{Bar, Event, EventKind, GraceNotes, Sounding};
use jamsesh_abc::syntax::MeterSpec;
use jamsesh_abc::Frac;

/// Stem length of an unbeamed note.
const STEM: f32 = 3.5 * SP;
/// Gap between beam levels.
const BEAM_GAP: f32 = 0.75 * SP;
/// Beam thickness.
const BEAM: f32 = 0.5 * SP;

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
fn beam_levels(base: Frac) -> usize {
    let mut levels = 0;
    let mut v = Frac::new(1, 8);
    while base <= v && levels < 4 {
        levels += 1;
        v /= 2;
    }
    levels
}

/// Accidental columns for a chord's notes (None where no accidental is shown): from the top
/// note down, each accidental takes the first column (0 nearest the heads) where it clears
/// the accidentals already there.
pub(super) fn accidental_columns(notes: &[Sounding], shown: &[Option<i8>]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..notes.len())
        .filter(|&i| shown.get(i).is_some_and(Option::is_some))
        .collect();
    order.sort_by_key(|&i| std::cmp::Reverse(diatonic(&notes[i])));
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
fn displaced(steps_sorted: &[i32], up: bool) -> Vec<bool> {
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

fn accidental_glyph(a: i8) -> &'static str {
    match a {
        2.. => "accidentalDoubleSharp",
        1 => "accidentalSharp",
        0 => "accidentalNatural",
        -1 => "accidentalFlat",
        _ => "accidentalDoubleFlat",
    }
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

/// A stem waiting for its beam.
#[derive(Clone, Copy, Debug)]
struct Stem {
    /// Index into the layer's events.
    k: usize,
    x: f32,
    /// y of the head the stem starts from (the far end from the beam).
    root: f32,
    /// y of the head nearest the beam.
    near: f32,
    up: bool,
    levels: usize,
}

/// Draws a piece of a bar (usually the whole bar) of a staff at `x0`.
pub(super) fn draw_bar(
    c: &mut Canvas,
    staff: &Staff,
    piece: &Piece,
    x0: f32,
    stretch: f32,
    marks_out: &mut Vec<NoteMark>,
) {
    let (b, cols) = (piece.bar, &piece.columns);
    let bar = &staff.voice.bars[b];
    let base_line = super::staff::bottom_line(&bar.key.clef);
    let layers = &staff.layers[b];
    let width = cols.stretched(stretch);
    let held = staff.piece_events(piece);
    for &layer in layers {
        let forced = (layers.len() > 1).then_some(layer == layers[0]);
        let events: Vec<(usize, &Event)> = held
            .iter()
            .map(|&i| (i, &bar.events[i]))
            .filter(|(_, e)| e.overlay == layer)
            .collect();
        let lone_rest = piece.is_whole()
            && events.len() == 1
            && matches!(events[0].1.kind, EventKind::Rest { .. })
            && bar.expected.is_some_and(|x| x == events[0].1.duration);
        let mut stems: Vec<Stem> = Vec::new();
        for (k, &(i, e)) in events.iter().enumerate() {
            let x = x0 + cols.x(e.onset, stretch);
            match &e.kind {
                EventKind::Notes(notes) => {
                    let shown = staff.accidentals(b, i);
                    let mark = draw_notes(c, e, notes, &shown, base_line, x, forced);
                    if let Some(g) = &e.grace {
                        let room = super::layout::left_room(e, &shown, false);
                        draw_grace(c, g, base_line, x - room);
                    }
                    let (base, _) = base_and_dots(written(e));
                    let levels = beam_levels(base);
                    if base < Frac::new(1, 1) {
                        let (root, near) = if mark.up {
                            (step_y(mark.heads[0].0), step_y(top_step(&mark)))
                        } else {
                            (step_y(top_step(&mark)), step_y(mark.heads[0].0))
                        };
                        let stem_x = if mark.up {
                            x + music_width("noteheadBlack") - 0.06 * SP
                        } else {
                            x + 0.06 * SP
                        };
                        stems.push(Stem {
                            k,
                            x: stem_x,
                            root,
                            near,
                            up: mark.up,
                            levels,
                        });
                    }
                    let mut mark = NoteMark {
                        bar: b,
                        event: i,
                        ..mark
                    };
                    if base < Frac::new(1, 1) {
                        let tip = stem_tip(&mark);
                        mark.top = mark.top.min(tip);
                        mark.bottom = mark.bottom.max(tip);
                    }
                    marks_out.push(mark);
                }
                EventKind::Rest { visible: false }
                | EventKind::MultiBarRest { visible: false, .. } => {}
                EventKind::MultiBarRest { bars, .. } => {
                    draw_multi_bar_rest(c, *bars, x0 + cols.prefix, x0 + width);
                }
                EventKind::Rest { .. } => {
                    let shift = match forced {
                        Some(true) => 2,
                        Some(false) => -2,
                        None => 0,
                    };
                    if lone_rest {
                        let mid = x0 + cols.prefix + (width - cols.prefix) / 2.0;
                        let (glyph, step) = if bar.expected.is_some_and(|x| x >= Frac::new(2, 1)) {
                            ("restDoubleWhole", 4)
                        } else {
                            ("restWhole", 6)
                        };
                        c.glyph(glyph, mid - music_width(glyph) / 2.0, step_y(step + shift));
                    } else {
                        draw_rest(c, e, x, shift);
                    }
                }
            }
            marks::draw_event_marks(
                c,
                e,
                marks_out.last().filter(|m| m.bar == b && m.event == i),
                x,
            );
        }
        let groups = beam_groups(&events, bar);
        let beamed: Vec<usize> = groups.iter().flatten().copied().collect();
        for s in stems.iter().filter(|s| !beamed.contains(&s.k)) {
            draw_stem_and_flag(c, s);
        }
        let mut tips: Vec<(usize, f32, f32)> = Vec::new(); // (k, x, tip y) of beamed stems
        for g in &groups {
            let members: Vec<Stem> = stems.iter().filter(|s| g.contains(&s.k)).copied().collect();
            tips.extend(draw_beam(c, &members, forced));
        }
        draw_tuplets(c, &events, &stems, &groups, &tips, x0, cols, stretch);
    }
}

/// Highest step of a mark's heads.
fn top_step(m: &NoteMark) -> i32 {
    m.heads.iter().map(|h| h.0).max().unwrap_or(0)
}

/// Where an unbeamed stem ends: an octave from its head, reaching at least the middle line.
fn stem_tip(m: &NoteMark) -> f32 {
    if m.up {
        (step_y(top_step(m)) - STEM).min(step_y(4))
    } else {
        (step_y(m.heads[0].0) + STEM).max(step_y(4))
    }
}

/// Ledger lines from `x1` to `x2` for heads reaching down to step `lo` and up to step `hi`.
fn ledger_lines(c: &mut Canvas, lo: i32, hi: i32, x1: f32, x2: f32, width: f32) {
    let below = (1..).map(|k| -2 * k).take_while(|&l| l >= lo);
    let above = (1..).map(|k| 8 + 2 * k).take_while(|&l| l <= hi);
    for l in below.chain(above) {
        c.line(x1, step_y(l), x2, step_y(l), width);
    }
}

/// Draws the heads, accidentals, ledger lines and dots of a note or chord.
fn draw_notes(
    c: &mut Canvas,
    e: &Event,
    notes: &[Sounding],
    shown: &[Option<i8>],
    base_line: i32,
    x: f32,
    forced_up: Option<bool>,
) -> NoteMark {
    let (base, dots) = base_and_dots(written(e));
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by_key(|&i| diatonic(&notes[i]));
    let steps: Vec<i32> = order
        .iter()
        .map(|&i| diatonic(&notes[i]) - base_line)
        .collect();
    let (lo, hi) = (steps[0], steps[steps.len() - 1]);
    let up = forced_up.unwrap_or(hi - 4 <= 4 - lo && (steps.len() > 1 || lo < 4));
    let head = if base >= Frac::new(2, 1) {
        "noteheadDoubleWhole"
    } else if base >= Frac::new(1, 1) {
        "noteheadWhole"
    } else if base >= Frac::new(1, 2) {
        "noteheadHalf"
    } else {
        "noteheadBlack"
    };
    let head_w = music_width(head);
    let off = displaced(&steps, up);
    let columns = accidental_columns(notes, shown);
    let any_left = !up && off.iter().any(|&d| d);
    let accidental_x0 = x - if any_left { head_w } else { 0.0 };
    // Ledger lines below and above the staff, as wide as the heads on them.
    let left = if any_left { x - head_w } else { x };
    let right = if up && off.iter().any(|&d| d) {
        x + 2.0 * head_w
    } else {
        x + head_w
    };
    ledger_lines(c, lo, hi, left - 0.4 * SP, right + 0.4 * SP, 0.16 * SP);
    let mut heads = Vec::with_capacity(steps.len());
    for (n, (&i, &step)) in order.iter().zip(&steps).enumerate() {
        let s = &notes[i];
        let hx = match (off[n], up) {
            (true, true) => x + head_w - 0.12 * SP,
            (true, false) => x - head_w + 0.12 * SP,
            _ => x,
        };
        if let (Some(&Some(a)), Some(col)) = (shown.get(i), columns[i]) {
            let glyph = accidental_glyph(a);
            let ax =
                accidental_x0 - (col as f32 + 1.0) * 1.1 * SP - (music_width(glyph) - SP) * 0.5;
            c.glyph(
                glyph,
                ax.max(accidental_x0 - (col as f32 + 1.0) * 1.1 * SP),
                step_y(step),
            );
        }
        c.glyph(head, hx, step_y(step));
        let dot_step = if step % 2 == 0 { step + 1 } else { step };
        for d in 0..dots {
            c.dot(
                right + 0.6 * SP + d as f32 * 0.7 * SP,
                step_y(dot_step),
                0.2 * SP,
            );
        }
        heads.push((step, s.tie));
    }
    NoteMark {
        bar: 0,
        event: 0,
        x: left,
        right,
        heads,
        up,
        top: step_y(hi) - 0.5 * SP,
        bottom: step_y(lo) + 0.5 * SP,
    }
}

fn draw_stem_and_flag(c: &mut Canvas, s: &Stem) {
    let tip = if s.up {
        (s.near - STEM).min(step_y(4))
    } else {
        (s.near + STEM).max(step_y(4))
    };
    c.line(s.x, s.root, s.x, tip, 0.12 * SP);
    let flag = match s.levels {
        0 => return,
        1 => "flag8th",
        2 => "flag16th",
        _ => "flag32nd",
    };
    c.glyph(
        &format!("{flag}{}", if s.up { "Up" } else { "Down" }),
        s.x - 0.06 * SP,
        tip,
    );
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
fn beam_groups(events: &[(usize, &Event)], bar: &Bar) -> Vec<Vec<usize>> {
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
fn draw_beam(c: &mut Canvas, members: &[Stem], forced_up: Option<bool>) -> Vec<(usize, f32, f32)> {
    if members.len() < 2 {
        members.iter().for_each(|s| draw_stem_and_flag(c, s));
        return Vec::new();
    }
    let up = forced_up.unwrap_or_else(|| {
        // The note furthest from the middle line decides.
        let (far_up, far_down) = members.iter().fold((0.0f32, 0.0f32), |(u, d), s| {
            let hi = s.near.min(s.root);
            let lo = s.near.max(s.root);
            (u.max(step_y(4) - hi), d.max(lo - step_y(4)))
        });
        far_down >= far_up
    });
    let head_w = music_width("noteheadBlack");
    let x_of = |s: &Stem| match (s.up, up) {
        (a, b) if a == b => s.x,
        (_, true) => s.x + head_w - 0.12 * SP,
        (_, false) => s.x - head_w + 0.12 * SP,
    };
    // The head nearest the beam and the one the stem starts from, in the group's direction.
    let ends = |s: &Stem| {
        let (hi, lo) = (s.near.min(s.root), s.near.max(s.root));
        if up {
            (hi, lo)
        } else {
            (lo, hi)
        }
    };
    let deepest = members.iter().map(|s| s.levels).max().unwrap_or(1);
    let length = STEM + (deepest.saturating_sub(2)) as f32 * BEAM_GAP;
    let tip = |s: &Stem| {
        if up {
            ends(s).0 - length
        } else {
            ends(s).0 + length
        }
    };
    let (first, last) = (&members[0], &members[members.len() - 1]);
    let (x1, x2) = (x_of(first), x_of(last));
    let slope = ((tip(last) - tip(first)) / (x2 - x1).max(1.0)).clamp(-0.12, 0.12);
    let mut offset = 0.0f32;
    for s in members {
        let needed = tip(s) - (tip(first) + slope * (x_of(s) - x1));
        offset = if up {
            offset.min(needed)
        } else {
            offset.max(needed)
        };
    }
    // Beams reach at least the middle line.
    let mid_needed = members
        .iter()
        .map(|s| step_y(4) - (tip(first) + offset + slope * (x_of(s) - x1)))
        .fold(0.0f32, |a, d| if up { a.min(d) } else { a.max(d) });
    if (up && mid_needed < 0.0) || (!up && mid_needed > 0.0) {
        offset += mid_needed;
    }
    let beam_y = |x: f32| tip(first) + offset + slope * (x - x1);
    let dir = if up { 1.0 } else { -1.0 };
    let mut tips = Vec::new();
    for s in members {
        let sx = x_of(s);
        c.line(sx, ends(s).1, sx, beam_y(sx), 0.12 * SP);
        tips.push((s.k, sx, beam_y(sx)));
    }
    let beam = |c: &mut Canvas, xa: f32, xb: f32, level: usize| {
        let shift = dir * level as f32 * BEAM_GAP;
        let (ya, yb) = (beam_y(xa) + shift, beam_y(xb) + shift);
        let d = format!(
            "M{xa:.1} {ya:.1}L{xb:.1} {yb:.1}L{xb:.1} {:.1}L{xa:.1} {:.1}Z",
            yb + dir * BEAM,
            ya + dir * BEAM
        );
        c.path("beam", &d, ya.min(yb) - BEAM, ya.max(yb) + BEAM);
    };
    beam(c, x1, x2, 0);
    // Deeper beams between neighbours that share them; a lone short note gets a stub.
    for level in 1..deepest {
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
            let (xa, xb) = (x_of(&members[start]), x_of(&members[k]));
            if start == k {
                let stub = 1.2 * SP;
                if start + 1 < members.len() {
                    beam(c, xa, xa + stub, level);
                } else {
                    beam(c, xa - stub, xa, level);
                }
            } else {
                beam(c, xa, xb, level);
            }
            k += 1;
        }
    }
    tips
}

/// Tuplet numbers (over the beam when the tuplet is one beam group, else with a bracket).
#[allow(clippy::too_many_arguments)]
fn draw_tuplets(
    c: &mut Canvas,
    events: &[(usize, &Event)],
    stems: &[Stem],
    groups: &[Vec<usize>],
    tips: &[(usize, f32, f32)],
    x0: f32,
    cols: &Columns,
    stretch: f32,
) {
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
        let up = stems
            .iter()
            .filter(|s| span.contains(&s.k))
            .filter(|s| s.up)
            .count()
            * 2
            >= stems.iter().filter(|s| span.contains(&s.k)).count();
        let xs: Vec<f32> = span
            .iter()
            .map(|&j| x0 + cols.x(events[j].1.onset, stretch))
            .collect();
        let (xa, xb) = (xs[0], xs[xs.len() - 1] + music_width("noteheadBlack"));
        let mid = (xa + xb) / 2.0;
        let one_beam = groups.iter().any(|g| span.iter().all(|j| g.contains(j)));
        let digits = p.to_string();
        let digit_w = digits.len() as f32 * 0.9 * SP;
        if one_beam {
            let beam_y = tips
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
            let y = if up {
                beam_y - 0.9 * SP
            } else {
                beam_y + 2.3 * SP
            };
            for (n, d) in digits.chars().enumerate() {
                c.glyph(
                    &format!("tuplet{d}"),
                    mid - digit_w / 2.0 + n as f32 * 0.9 * SP,
                    y,
                );
            }
        } else {
            let y = if up {
                (-1.5 * SP).min(
                    stems
                        .iter()
                        .filter(|s| span.contains(&s.k))
                        .map(|s| s.near - STEM - 0.8 * SP)
                        .fold(f32::MAX, f32::min),
                )
            } else {
                (5.5 * SP).max(
                    stems
                        .iter()
                        .filter(|s| span.contains(&s.k))
                        .map(|s| s.near + STEM + 0.8 * SP)
                        .fold(f32::MIN, f32::max),
                )
            };
            let hook = if up { 0.6 * SP } else { -0.6 * SP };
            c.line(xa, y + hook, xa, y, 0.1 * SP);
            c.line(xa, y, mid - digit_w / 2.0 - 0.3 * SP, y, 0.1 * SP);
            c.line(mid + digit_w / 2.0 + 0.3 * SP, y, xb, y, 0.1 * SP);
            c.line(xb, y, xb, y + hook, 0.1 * SP);
            for (n, d) in digits.chars().enumerate() {
                c.glyph(
                    &format!("tuplet{d}"),
                    mid - digit_w / 2.0 + n as f32 * 0.9 * SP,
                    y + 0.7 * SP,
                );
            }
        }
    }
}

/// Grace notes, small, stems up, slashed when they are acciaccaturas, ending at `right`.
fn draw_grace(c: &mut Canvas, g: &GraceNotes, base_line: i32, right: f32) {
    const K: f32 = 0.6;
    let n = g.notes.len().min(16);
    let head_w = music_width("noteheadBlack") * K;
    let mut stems = Vec::with_capacity(n);
    for (i, chord) in g.notes.iter().take(n).enumerate() {
        let x = right - (n - i) as f32 * 0.85 * SP;
        let mut top = f32::MAX;
        let mut bottom = f32::MIN;
        for s in chord {
            let step = diatonic(s) - base_line;
            ledger_lines(
                c,
                step,
                step,
                x - 0.25 * SP,
                x + head_w + 0.25 * SP,
                0.12 * SP,
            );
            c.glyph_scaled("noteheadBlack", x, step_y(step), K);
            top = top.min(step_y(step));
            bottom = bottom.max(step_y(step));
        }
        if chord.is_empty() {
            continue;
        }
        stems.push((x + head_w - 0.05 * SP, bottom, top));
    }
    let Some(&(_, _, first_top)) = stems.first() else {
        return;
    };
    let tip_y = stems
        .iter()
        .map(|s| s.2 - 2.4 * SP)
        .fold(first_top - 2.4 * SP, f32::min)
        .min(step_y(6));
    if stems.len() == 1 {
        let (sx, root, _) = stems[0];
        c.line(sx, root, sx, tip_y, 0.1 * SP);
        c.glyph_scaled("flag8thUp", sx - 0.05 * SP, tip_y, K);
        if g.acciaccatura {
            c.line(
                sx - 0.6 * SP,
                tip_y + 1.5 * SP,
                sx + 0.8 * SP,
                tip_y + 0.5 * SP,
                0.1 * SP,
            );
        }
    } else {
        for &(sx, root, _) in &stems {
            c.line(sx, root, sx, tip_y, 0.1 * SP);
        }
        let (xa, xb) = (stems[0].0, stems[stems.len() - 1].0);
        for level in 0..2 {
            let y = tip_y + level as f32 * 0.5 * SP;
            let d = format!(
                "M{xa:.1} {y:.1}L{xb:.1} {y:.1}L{xb:.1} {:.1}L{xa:.1} {:.1}Z",
                y + 0.3 * SP,
                y + 0.3 * SP
            );
            c.path("beam", &d, y, y + 0.3 * SP);
        }
    }
}

fn draw_rest(c: &mut Canvas, e: &Event, x: f32, shift: i32) {
    let (base, dots) = base_and_dots(written(e));
    let (glyph, step) = if base >= Frac::new(2, 1) {
        ("restDoubleWhole", 4)
    } else if base >= Frac::new(1, 1) {
        ("restWhole", 6)
    } else if base >= Frac::new(1, 2) {
        ("restHalf", 4)
    } else if base >= Frac::new(1, 4) {
        ("restQuarter", 4)
    } else if base >= Frac::new(1, 8) {
        ("rest8th", 4)
    } else if base >= Frac::new(1, 16) {
        ("rest16th", 4)
    } else {
        ("rest32nd", 4)
    };
    c.glyph(glyph, x, step_y(step + shift));
    for d in 0..dots {
        c.dot(
            x + music_width(glyph) + 0.5 * SP + d as f32 * 0.7 * SP,
            step_y(5 + shift),
            0.2 * SP,
        );
    }
}

/// A rest of several bars: a thick bar across the staff's middle with the count above.
fn draw_multi_bar_rest(c: &mut Canvas, bars: u32, from: f32, to: f32) {
    let mid = (from + to) / 2.0;
    if bars <= 1 {
        c.glyph("restWhole", mid - music_width("restWhole") / 2.0, step_y(6));
        return;
    }
    let (xa, xb) = (from + 1.0 * SP, (to - 1.0 * SP).max(from + 3.0 * SP));
    c.rect(xa, step_y(4) - 0.5 * SP, xb - xa, SP);
    c.line(xa, step_y(6), xa, step_y(2), 0.16 * SP);
    c.line(xb, step_y(6), xb, step_y(2), 0.16 * SP);
    let digits = bars.to_string();
    let w = digits.len() as f32 * 1.9 * SP;
    for (k, d) in digits.chars().enumerate() {
        c.glyph(
            &format!("timeSig{d}"),
            mid - w / 2.0 + k as f32 * 1.9 * SP,
            step_y(10),
        );
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

    #[test]
    fn note_values_and_dots() {
        assert_eq!(base_and_dots(Frac::new(3, 8)), (Frac::new(1, 4), 1));
        assert_eq!(base_and_dots(Frac::new(7, 16)), (Frac::new(1, 4), 2));
        assert_eq!(beam_levels(Frac::new(1, 16)), 2);
        assert_eq!(beam_levels(Frac::new(1, 4)), 0);
    }
}
