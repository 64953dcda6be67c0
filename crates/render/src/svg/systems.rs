//! The layout of a whole tune: the header, then systems. Bars share columns across staves
//! (so notes sounding together line up); systems break to the width without splitting bars
//! (a bar too wide for any system is cut between notes) and are justified; each staff is laid
//! out on its own, and its vertical extent decides how far apart the staves sit, so chord
//! symbols, ledger lines and lyrics never collide.

use super::header::lay_header;
use super::layout::{self, Piece};
use super::mark::Marks;
use super::notes;
use super::page::{BarSpan, Brace, Page, PlacedStaff, System};
use super::spanners::{self, Open};
use super::staff;
use super::voice::Staff;
use super::words::{self, PlacedBar};
use crate::font::{music_width, SP};
use jamsesh_abc::{Bar, Tune};

/// Most staves drawn per system.
const MAX_STAVES: usize = 8;

/// Lays out a tune on a page `width` wide, unless `stop` turns true (asked before each
/// system).
pub(crate) fn lay_out(tune: &Tune, width: f32, stop: &dyn Fn() -> bool) -> Option<Page> {
    let margin = 2.0 * SP;
    let mut header = Marks::new();
    let mut y = lay_header(&mut header, tune, width, margin);
    let score = Score::new(tune, width, margin);
    let mut open = vec![Open::default(); score.staves.len()];
    let mut systems = Vec::new();
    let mut p = 0;
    while p < score.pieces.len() {
        if stop() {
            return None;
        }
        let line = score.line_from(p, systems.is_empty());
        let (system, bottom) = score.lay_system(&line, &mut open, y);
        systems.push(system);
        y = bottom + 0.6 * SP;
        p = line.end;
    }
    Some(Page {
        width,
        height: y + margin,
        header,
        systems,
    })
}

/// The staves of a tune and its bars cut to pieces that fit a system.
struct Score<'a> {
    staves: Vec<Staff<'a>>,
    pieces: Vec<Piece>,
    bar_count: usize,
    width: f32,
    margin: f32,
    /// Where the staves start (after the brace's room).
    left: f32,
}

/// The pieces `start..end` set as one system.
struct Line {
    start: usize,
    end: usize,
    /// Width of the clef, key and time at the start.
    header: f32,
    /// Whether the start shows the time signature.
    with_time: bool,
    /// How much the columns are stretched to fill the width.
    stretch: f32,
}

impl<'a> Score<'a> {
    fn new(tune: &'a Tune, width: f32, margin: f32) -> Score<'a> {
        let staves: Vec<Staff> = tune
            .voices
            .iter()
            .filter(|v| v.bars.iter().any(|b| !b.events.is_empty()))
            .take(MAX_STAVES)
            .map(Staff::new)
            .collect();
        let bar_count = staves.iter().map(|s| s.voice.bars.len()).max().unwrap_or(0);
        let brace = if staves.len() > 1 { 1.6 * SP } else { 0.0 };
        let left = margin + brace;
        // The most a bar may be wide: the room left after the first system's clef, key and time.
        let widest_start = staves
            .iter()
            .filter_map(|s| s.voice.bars.first())
            .map(|bar| staff::start_width(bar, true))
            .fold(0.0, f32::max);
        let max_room = (width - left - margin - widest_start).max(10.0 * SP);
        let pieces: Vec<Piece> = (0..bar_count)
            .flat_map(|b| layout::pieces(b, layout::bar_columns(&staves, b), max_room))
            .collect();
        Score {
            staves,
            pieces,
            bar_count,
            width,
            margin,
            left,
        }
    }

    /// The bar each staff starts a system at piece `p` with (its last bar if it has no more).
    fn start_bar<'s>(&self, staff: &'s Staff, p: usize) -> Option<&'s Bar> {
        let bars = &staff.voice.bars;
        bars.get(self.pieces[p].bar).or(bars.last())
    }

    /// The system starting at piece `p`: as many pieces as fit, justified unless it is a
    /// short last line.
    fn line_from(&self, p: usize, first_system: bool) -> Line {
        let b = self.pieces[p].bar;
        let meter_changes = b > 0
            && self.pieces[p].opens()
            && self.staves.iter().any(|s| {
                matches!((s.voice.bars.get(b), s.voice.bars.get(b - 1)), (Some(x), Some(y)) if x.meter != y.meter)
            });
        let with_time = first_system || meter_changes;
        // The widest clef-key-time start among the staves, so bars line up.
        let header = self
            .staves
            .iter()
            .filter_map(|s| self.start_bar(s, p))
            .map(|bar| staff::start_width(bar, with_time))
            .fold(0.0, f32::max);
        let room = self.width - self.left - self.margin - header;
        let mut end = p;
        let mut used = 0.0;
        while end < self.pieces.len() {
            // A key or meter change at a system's start is drawn by the start, not the bar.
            let cols = &self.pieces[end].columns;
            let w = if end == p {
                cols.width - cols.prefix
            } else {
                cols.width
            };
            if end > p && used + w > room {
                break;
            }
            used += w;
            end += 1;
        }
        // Changes of key or meter inside the line keep their room: only the rest stretches.
        let changes: f32 = self.pieces[p + 1..end]
            .iter()
            .map(|piece| piece.columns.prefix)
            .sum();
        let stretch = if end == self.pieces.len() && used < room * 0.75 {
            1.0
        } else {
            ((room - changes) / (used - changes).max(1.0)).max(0.2)
        };
        Line {
            start: p,
            end,
            header,
            with_time,
            stretch,
        }
    }

    /// Where each piece of a line sits across: its notes' origin, and its bar lines.
    fn place_bars(&self, line: &Line) -> Vec<PlacedBar<'_>> {
        let mut x = self.left + line.header;
        let mut out = Vec::with_capacity(line.end - line.start);
        for (k, piece) in self.pieces[line.start..line.end].iter().enumerate() {
            let cols = &piece.columns;
            // The first bar of a system has its change drawn in the start instead.
            let bar_x = if k == 0 { x - cols.prefix } else { x };
            let w = cols.stretched(line.stretch) - if k == 0 { cols.prefix } else { 0.0 };
            out.push(PlacedBar {
                piece,
                x: bar_x,
                start: x,
                end: x + w,
            });
            x += w;
        }
        out
    }

    /// Lays out a system with its top at `y`, continuing the spanners `open` carries; returns
    /// it and its bottom.
    fn lay_system(&self, line: &Line, open: &mut [Open], y: f32) -> (System, f32) {
        let placed = self.place_bars(line);
        let staves: Vec<(Marks, usize)> = self
            .staves
            .iter()
            .zip(open.iter_mut())
            .map(|(s, open)| self.lay_staff(s, line, &placed, open))
            .collect();
        let (staves, bottom) = stack(staves, y + 1.0 * SP);
        let bars = placed
            .iter()
            .map(|pb| BarSpan {
                bar: pb.piece.bar,
                x1: pb.start,
                x2: pb.end,
            })
            .collect();
        let tops: Vec<f32> = staves.iter().map(|s| s.dy).collect();
        let band = match (tops.first(), tops.last()) {
            (Some(first), Some(last)) => (first - 1.5 * SP, last + 5.5 * SP),
            _ => (y, y),
        };
        let system = System {
            bars,
            band,
            staves,
            brace: self.brace(&tops),
        };
        (system, bottom)
    }

    /// One staff of a system: its bars, lines, start, spanners and words; returns its marks
    /// and how many bars start on it.
    fn lay_staff(
        &self,
        s: &Staff,
        line: &Line,
        placed: &[PlacedBar],
        open: &mut Open,
    ) -> (Marks, usize) {
        let mut c = Marks::new();
        let mut notes_drawn = Vec::new();
        let mut bars = 0;
        for (k, pb) in placed.iter().enumerate() {
            let (bi, piece) = (pb.piece.bar, pb.piece);
            let Some(bar) = s.voice.bars.get(bi) else {
                continue;
            };
            if k > 0 && bi > 0 && piece.opens() {
                staff::draw_changes(&mut c, bar, &s.voice.bars[bi - 1], pb.x);
            }
            notes::draw_bar(&mut c, s, piece, pb.x, line.stretch, &mut notes_drawn);
            let ends = (piece.opens(), piece.closes());
            staff::draw_bar_line(
                &mut c,
                bar,
                pb.start,
                pb.end,
                ends,
                bi + 1 == self.bar_count,
            );
            bars += usize::from(piece.opens());
        }
        let (left, right) = (self.left, placed.last().map_or(self.left, |pb| pb.end));
        staff::draw_lines(&mut c, left, right);
        if let Some(bar) = self.start_bar(s, line.start) {
            staff::draw_start(&mut c, bar, left, line.with_time);
        }
        let carried = std::mem::take(open);
        *open = spanners::draw(&mut c, s, &notes_drawn, left + line.header, right, carried);
        let (first_bar, last_bar) = (self.pieces[line.start].bar, self.pieces[line.end - 1].bar);
        words::draw_lyrics(&mut c, s, &notes_drawn, first_bar, last_bar + 1, right);
        words::draw_chord_symbols(&mut c, s, placed, line.stretch);
        words::draw_endings(&mut c, s, placed);
        (c, bars)
    }

    /// The brace and joining line for staves whose tops are at `tops` (two or more).
    fn brace(&self, tops: &[f32]) -> Option<Brace> {
        if tops.len() < 2 {
            return None;
        }
        let (top, bottom) = (tops[0], tops[tops.len() - 1] + 4.0 * SP);
        // The brace is drawn for one staff; it grows tall, and a little wider with it.
        let k = (bottom - top) / (4.0 * SP);
        let kx = 1.0 + (k - 1.0) * 0.3;
        Some(Brace {
            x: self.left - 0.4 * SP - music_width("brace") * kx,
            y: bottom,
            scale: (kx, k),
            line_x: self.left,
            top,
        })
    }
}

/// Stacks staves from `cursor` down: each sits below what the one above drew, with a little
/// air. Returns them placed, and the bottom of the last.
fn stack(staves: Vec<(Marks, usize)>, mut cursor: f32) -> (Vec<PlacedStaff>, f32) {
    let mut out = Vec::with_capacity(staves.len());
    for (marks, bars) in staves {
        let dy = cursor - marks.top;
        cursor = dy + marks.bottom + 1.2 * SP;
        out.push(PlacedStaff { dy, marks, bars });
    }
    (out, cursor)
}
