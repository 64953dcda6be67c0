//! Text placed against a whole system once its notes are drawn: chord symbols on one line
//! above everything, first/second-ending brackets above them, lyrics verses below.

use super::heads::NoteMark;
use super::layout::Piece;
use super::mark::Marks;
use super::metrics::{step_y, CHORD_SIZE, LYRIC_SIZE};
use super::spelling::chord_text;
use super::voice::Staff;
use crate::font::{text_width, SP};

/// One bar (or piece of a bar) of a system: where its notes' columns are measured from
/// (`x`), and where it starts and ends across.
pub(super) struct PlacedBar<'a> {
    pub piece: &'a Piece,
    pub x: f32,
    pub start: f32,
    pub end: f32,
}

/// Chord symbols of the staff's bars on one line above the staff and everything on it.
pub(super) fn draw_chord_symbols(c: &mut Marks, staff: &Staff, bars: &[PlacedBar], stretch: f32) {
    let symbols: Vec<(f32, String)> = bars
        .iter()
        .flat_map(|pb| {
            staff
                .voice
                .chord_symbols_in(pb.piece.bar)
                .iter()
                .filter(move |cs| pb.piece.holds(cs.onset))
                .map(move |cs| {
                    (
                        pb.x + pb.piece.columns.x(cs.onset, stretch),
                        chord_text(&cs.symbol),
                    )
                })
        })
        .collect();
    if symbols.is_empty() {
        return;
    }
    let y = c.top.min(step_y(8) - 0.8 * SP) - 0.5 * SP;
    for (x, text) in symbols {
        c.text(&text, x, y, CHORD_SIZE, "chord");
    }
}

/// First/second-ending brackets over the bars that start an ending, reaching to the next
/// repeat sign, the next ending or the end of the system.
pub(super) fn draw_endings(c: &mut Marks, staff: &Staff, bars: &[PlacedBar]) {
    // Room under the bracket for its label, above whatever the staff carries.
    let y = c.top - 1.9 * SP;
    for (k, pb) in bars.iter().enumerate() {
        let label = staff
            .voice
            .bars
            .get(pb.piece.bar)
            .filter(|_| pb.piece.opens())
            .and_then(|b| b.ending.clone());
        let Some(label) = label else {
            continue;
        };
        // The bracket spans this bar and following bars until a repeat or another ending.
        let mut last = k;
        while last + 1 < bars.len() {
            if bars[last + 1].piece.bar == bars[last].piece.bar {
                last += 1;
                continue;
            }
            let this = &staff.voice.bars[bars[last].piece.bar];
            let next = staff.voice.bars.get(bars[last + 1].piece.bar);
            if this.repeat_end > 0
                || this
                    .bar_line
                    .as_deref()
                    .is_some_and(|b| b.contains("||") || b.contains(']'))
                || next.is_none_or(|n| n.ending.is_some() || n.repeat_start)
            {
                break;
            }
            last += 1;
        }
        let (x1, x2) = (pb.x + 0.3 * SP, bars[last].end - 0.8 * SP);
        c.line(x1, y + 1.6 * SP, x1, y, 0.12 * SP);
        c.line(x1, y, x2, y, 0.12 * SP);
        if staff.voice.bars[bars[last].piece.bar].repeat_end > 0 {
            c.line(x2, y, x2, y + 1.6 * SP, 0.12 * SP);
        }
        c.text(
            &format!("{label}."),
            x1 + 0.4 * SP,
            y + 1.4 * SP,
            1.2 * SP,
            "ending",
        );
    }
}

/// The lyrics of the staff's bars, one line per verse below the staff and its notes.
pub(super) fn draw_lyrics(
    c: &mut Marks,
    staff: &Staff,
    marks: &[NoteMark],
    first_bar: usize,
    end_bar: usize,
    right_edge: f32,
) {
    // Syllables are kept sorted by bar (`Staff::new`): the system's are found by binary search.
    let from = staff.syllables.partition_point(|s| s.bar < first_bar);
    let to = staff.syllables.partition_point(|s| s.bar < end_bar);
    let syllables: Vec<_> = staff.syllables[from..to.max(from)].iter().collect();
    if syllables.is_empty() {
        return;
    }
    let main: Vec<&NoteMark> = marks.iter().filter(|m| staff.layer(m) == 0).collect();
    let positions: std::collections::HashMap<(usize, usize), usize> = main
        .iter()
        .enumerate()
        .rev()
        .map(|(k, m)| ((m.bar, m.event), k))
        .collect();
    let index_of = |bar: usize, event: usize| positions.get(&(bar, event)).copied();
    let top = c.bottom.max(step_y(0) + 1.0 * SP) + 1.6 * SP;
    for (n, s) in syllables.iter().enumerate() {
        let Some(k) = index_of(s.bar, s.event) else {
            continue;
        };
        let m = main[k];
        let y = top + s.verse as f32 * 1.7 * SP;
        let w = text_width(&s.text, LYRIC_SIZE);
        let x = m.centre() - w / 2.0;
        c.text(&s.text, x, y, LYRIC_SIZE, "lyrics");
        let text_end = x + w;
        if s.held > 0 {
            let until = main.get(k + s.held).map_or(right_edge, |h| h.right);
            if until > text_end + 0.5 * SP {
                c.line(text_end + 0.2 * SP, y, until, y, 0.1 * SP);
            }
        }
        if s.hyphen {
            let next_x = syllables[n + 1..]
                .iter()
                .find(|t| t.verse == s.verse)
                .and_then(|t| {
                    let k = index_of(t.bar, t.event)?;
                    let m = main[k];
                    Some(m.centre() - text_width(&t.text, LYRIC_SIZE) / 2.0)
                })
                .unwrap_or(right_edge);
            draw_hyphen(c, text_end, next_x, y);
        }
    }
}

/// A hyphen between syllables ending at `from` and starting at `to`, if there is room.
fn draw_hyphen(c: &mut Marks, from: f32, to: f32, y: f32) {
    let mid = (from + to) / 2.0;
    if to - from > 0.8 * SP {
        c.line(
            mid - 0.35 * SP,
            y - 0.35 * SP,
            mid + 0.35 * SP,
            y - 0.35 * SP,
            0.12 * SP,
        );
    }
}
