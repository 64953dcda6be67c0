//! One bar of one staff: noteheads (chords with seconds set off the stem), accidentals stacked
//! in columns, ledger lines, dots, stems, flags, beams, tuplets, grace notes and rests, with a
//! second layer (`&` overlays) stemmed down under the first.

use super::beams::{beam_groups, draw_beam, draw_stem_and_flag, Stem, STEM};
use super::decorations;
use super::heads::{accidental_columns, displaced, NoteMark};
use super::layout::{left_room, Piece};
use super::mark::Marks;
use super::metrics::{base_and_dots, beam_levels, diatonic, step_y, written};
use super::staff::{bottom_line, TIME_DIGITS};
use super::tuplets::{self, Placed};
use super::voice::Staff;
use crate::font::{music_width, SP};
use jamsesh_abc::{Bar, Event, EventKind, Frac, GraceNotes, Sounding};

/// The size of grace notes, from a note's.
const GRACE: f32 = 0.6;

fn accidental_glyph(a: i8) -> &'static str {
    match a {
        2.. => "accidentalDoubleSharp",
        1 => "accidentalSharp",
        0 => "accidentalNatural",
        -1 => "accidentalFlat",
        _ => "accidentalDoubleFlat",
    }
}

/// A piece of a bar of a staff being placed at `x0`, justified by `stretch`.
struct BarAt<'a> {
    staff: &'a Staff<'a>,
    piece: &'a Piece,
    bar: &'a Bar,
    x0: f32,
    stretch: f32,
    /// The staff's bottom line as a diatonic number, for the clef.
    base_line: i32,
}

impl BarAt<'_> {
    /// x of the column an onset sits in.
    fn x(&self, onset: Frac) -> f32 {
        self.x0 + self.piece.columns.x(onset, self.stretch)
    }
}

/// Draws a piece of a bar (usually the whole bar) of a staff at `x0`, with every layer.
pub(super) fn draw_bar(
    c: &mut Marks,
    staff: &Staff,
    piece: &Piece,
    x0: f32,
    stretch: f32,
    marks_out: &mut Vec<NoteMark>,
) {
    let bar = &staff.voice.bars[piece.bar];
    let at = BarAt {
        staff,
        piece,
        bar,
        x0,
        stretch,
        base_line: bottom_line(&bar.key.clef),
    };
    let layers = &staff.layers[piece.bar];
    let held = piece.events(staff);
    for &layer in layers {
        let forced = (layers.len() > 1).then_some(layer == layers[0]);
        let events: Vec<(usize, &Event)> = held
            .iter()
            .map(|&i| (i, &bar.events[i]))
            .filter(|(_, e)| e.overlay == layer)
            .collect();
        draw_layer(c, &at, &events, forced, marks_out);
    }
}

/// Draws one layer of a bar: its notes and rests, then stems, beams and tuplets; `forced`
/// is the stems' direction when two layers share the staff.
fn draw_layer(
    c: &mut Marks,
    at: &BarAt,
    events: &[(usize, &Event)],
    forced: Option<bool>,
    marks_out: &mut Vec<NoteMark>,
) {
    let b = at.piece.bar;
    let lone_rest = at.piece.is_whole()
        && events.len() == 1
        && matches!(events[0].1.kind, EventKind::Rest { .. })
        && at.bar.expected.is_some_and(|x| x == events[0].1.duration);
    let mut stems: Vec<Stem> = Vec::new();
    for (k, &(i, e)) in events.iter().enumerate() {
        let x = at.x(e.onset);
        match &e.kind {
            EventKind::Notes(notes) => {
                let (mark, stem) = draw_chord(c, at, (k, i), notes, forced);
                stems.extend(stem);
                marks_out.push(mark);
            }
            EventKind::Rest { visible: false } | EventKind::MultiBarRest { visible: false, .. } => {
            }
            EventKind::MultiBarRest { bars, .. } => {
                let cols = &at.piece.columns;
                let width = cols.stretched(at.stretch);
                draw_multi_bar_rest(c, *bars, at.x0 + cols.prefix, at.x0 + width);
            }
            EventKind::Rest { .. } if lone_rest => draw_bar_rest(c, at, forced),
            EventKind::Rest { .. } => draw_rest(c, e, x, rest_shift(forced)),
        }
        decorations::draw_event_marks(
            c,
            e,
            marks_out.last().filter(|m| m.bar == b && m.event == i),
            x,
        );
    }
    let groups = beam_groups(events, at.bar);
    let beamed: Vec<usize> = groups.iter().flatten().copied().collect();
    for s in stems.iter().filter(|s| !beamed.contains(&s.k)) {
        draw_stem_and_flag(c, s);
    }
    let mut tips: Vec<(usize, f32, f32)> = Vec::new(); // (k, x, tip y) of beamed stems
    for g in &groups {
        let members: Vec<Stem> = stems.iter().filter(|s| g.contains(&s.k)).copied().collect();
        tips.extend(draw_beam(c, &members, forced));
    }
    let placed = Placed {
        events,
        stems: &stems,
        groups: &groups,
        tips: &tips,
    };
    tuplets::draw_tuplets(c, &placed, at.x0, &at.piece.columns, at.stretch);
}

/// How far a layer's rests move from the middle: up for the upper layer, down for the lower.
fn rest_shift(forced: Option<bool>) -> i32 {
    match forced {
        Some(true) => 2,
        Some(false) => -2,
        None => 0,
    }
}

/// A rest filling the whole bar: a whole rest (a breve rest in long bars) centred in it.
fn draw_bar_rest(c: &mut Marks, at: &BarAt, forced: Option<bool>) {
    let cols = &at.piece.columns;
    let width = cols.stretched(at.stretch);
    let mid = at.x0 + cols.prefix + (width - cols.prefix) / 2.0;
    let (glyph, step) = if at.bar.expected.is_some_and(|x| x >= Frac::new(2, 1)) {
        ("restDoubleWhole", 4)
    } else {
        ("restWhole", 6)
    };
    c.glyph(
        glyph,
        mid - music_width(glyph) / 2.0,
        step_y(step + rest_shift(forced)),
    );
}

/// Draws a note or chord (event `i`, `k`th of its layer) with its grace notes; returns the
/// drawn note and its stem, waiting for a beam.
fn draw_chord(
    c: &mut Marks,
    at: &BarAt,
    (k, i): (usize, usize),
    notes: &[Sounding],
    forced: Option<bool>,
) -> (NoteMark, Option<Stem>) {
    let e = &at.bar.events[i];
    let x = at.x(e.onset);
    let shown = at.staff.accidentals(at.piece.bar, i);
    let mark = draw_notes(c, e, notes, &shown, at.base_line, x, forced);
    if let Some(g) = &e.grace {
        let room = left_room(e, &shown, false);
        draw_grace(c, g, at.base_line, x - room);
    }
    let (base, _) = base_and_dots(written(e));
    let mut mark = NoteMark {
        bar: at.piece.bar,
        event: i,
        ..mark
    };
    if base >= Frac::new(1, 1) {
        return (mark, None);
    }
    let (root, near) = if mark.up {
        (step_y(mark.heads[0].0), step_y(mark.top_step()))
    } else {
        (step_y(mark.top_step()), step_y(mark.heads[0].0))
    };
    let stem_x = if mark.up {
        x + music_width("noteheadBlack") - 0.06 * SP
    } else {
        x + 0.06 * SP
    };
    let stem = Stem {
        k,
        x: stem_x,
        root,
        near,
        up: mark.up,
        levels: beam_levels(base),
    };
    let tip = stem_tip(&mark);
    mark.top = mark.top.min(tip);
    mark.bottom = mark.bottom.max(tip);
    (mark, Some(stem))
}

/// Where an unbeamed stem ends: an octave from its head, reaching at least the middle line.
fn stem_tip(m: &NoteMark) -> f32 {
    if m.up {
        (step_y(m.top_step()) - STEM).min(step_y(4))
    } else {
        (step_y(m.heads[0].0) + STEM).max(step_y(4))
    }
}

/// Ledger lines from `x1` to `x2` for heads reaching down to step `lo` and up to step `hi`.
fn ledger_lines(c: &mut Marks, lo: i32, hi: i32, x1: f32, x2: f32, width: f32) {
    let below = (1..).map(|k| -2 * k).take_while(|&l| l >= lo);
    let above = (1..).map(|k| 8 + 2 * k).take_while(|&l| l <= hi);
    for l in below.chain(above) {
        c.line(x1, step_y(l), x2, step_y(l), width);
    }
}

/// The notehead of a note value.
fn notehead(base: Frac) -> &'static str {
    if base >= Frac::new(2, 1) {
        "noteheadDoubleWhole"
    } else if base >= Frac::new(1, 1) {
        "noteheadWhole"
    } else if base >= Frac::new(1, 2) {
        "noteheadHalf"
    } else {
        "noteheadBlack"
    }
}

/// An accidental in column `col` (0 nearest the heads) left of `x0`, at a staff step.
fn draw_accidental(c: &mut Marks, alter: i8, x0: f32, col: usize, step: i32) {
    let glyph = accidental_glyph(alter);
    let ax = x0 - (col as f32 + 1.0) * 1.1 * SP - (music_width(glyph) - SP) * 0.5;
    c.glyph(
        glyph,
        ax.max(x0 - (col as f32 + 1.0) * 1.1 * SP),
        step_y(step),
    );
}

/// A head's dots right of the heads' edge `right`, in the space at or above its step.
fn draw_dots(c: &mut Marks, dots: usize, right: f32, step: i32) {
    let dot_step = if step % 2 == 0 { step + 1 } else { step };
    for d in 0..dots {
        c.dot(
            right + 0.6 * SP + d as f32 * 0.7 * SP,
            step_y(dot_step),
            0.2 * SP,
        );
    }
}

/// Draws the heads, accidentals, ledger lines and dots of a note or chord.
fn draw_notes(
    c: &mut Marks,
    e: &Event,
    notes: &[Sounding],
    shown: &[Option<i8>],
    base_line: i32,
    x: f32,
    forced_up: Option<bool>,
) -> NoteMark {
    let (base, dots) = base_and_dots(written(e));
    let mut order: Vec<usize> = (0..notes.len()).collect();
    jamsesh_abc::stable_sort_by_key(&mut order, |&i| diatonic(&notes[i]));
    let steps: Vec<i32> = order
        .iter()
        .map(|&i| diatonic(&notes[i]) - base_line)
        .collect();
    let (lo, hi) = (steps[0], steps[steps.len() - 1]);
    let up = forced_up.unwrap_or(hi - 4 <= 4 - lo && (steps.len() > 1 || lo < 4));
    let head = notehead(base);
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
            draw_accidental(c, a, accidental_x0, col, step);
        }
        c.glyph(head, hx, step_y(step));
        draw_dots(c, dots, right, step);
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

/// Grace notes, small, stems up, slashed when they are acciaccaturas, ending at `right`.
fn draw_grace(c: &mut Marks, g: &GraceNotes, base_line: i32, right: f32) {
    let n = g.notes.len().min(16);
    let head_w = music_width("noteheadBlack") * GRACE;
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
            c.glyph_scaled("noteheadBlack", x, step_y(step), GRACE);
            top = top.min(step_y(step));
            bottom = bottom.max(step_y(step));
        }
        if chord.is_empty() {
            continue;
        }
        stems.push((x + head_w - 0.05 * SP, bottom, top));
    }
    draw_grace_stems(c, &stems, g.acciaccatura);
}

/// Grace notes' stems (x, y of the lowest and of the highest head), with a flag for one
/// (slashed for an acciaccatura) or two beams for more.
fn draw_grace_stems(c: &mut Marks, stems: &[(f32, f32, f32)], acciaccatura: bool) {
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
        c.glyph_scaled("flag8thUp", sx - 0.05 * SP, tip_y, GRACE);
        if acciaccatura {
            c.line(
                sx - 0.6 * SP,
                tip_y + 1.5 * SP,
                sx + 0.8 * SP,
                tip_y + 0.5 * SP,
                0.1 * SP,
            );
        }
    } else {
        for &(sx, root, _) in stems {
            c.line(sx, root, sx, tip_y, 0.1 * SP);
        }
        let (xa, xb) = (stems[0].0, stems[stems.len() - 1].0);
        for level in 0..2 {
            let y = tip_y + level as f32 * 0.5 * SP;
            let low = y + 0.3 * SP;
            c.beam([(xa, y), (xb, y), (xb, low), (xa, low)], y, low);
        }
    }
}

/// A rest of one note value, with its dots.
fn draw_rest(c: &mut Marks, e: &Event, x: f32, shift: i32) {
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
fn draw_multi_bar_rest(c: &mut Marks, bars: u32, from: f32, to: f32) {
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
    for (k, d) in digits.bytes().enumerate() {
        c.glyph(
            TIME_DIGITS[usize::from(d - b'0')],
            mid - w / 2.0 + k as f32 * 1.9 * SP,
            step_y(10),
        );
    }
}
