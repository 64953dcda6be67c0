//! Horizontal layout: every staff of a system shares one column per onset, so notes sounding
//! together line up; a column's room grows with the time to the next onset (less than in
//! proportion) and with what sits around its notes (accidentals, grace notes, dots, lyrics,
//! chord symbols).

use super::heads::accidental_columns;
use super::metrics::{base_and_dots, diatonic, written, CHORD_SIZE};
use super::spelling::chord_text;
use super::voice::Staff;
use crate::font::{text_width, SP};
use jamsesh_abc::{Event, EventKind, Frac};
use std::collections::HashMap;

/// Room before the first note of a bar.
pub(super) const BAR_LEAD: f32 = 1.4 * SP;
/// Room after the last note of a bar.
const BAR_TAIL: f32 = 1.0 * SP;

/// Where each onset of a bar sits, shared by all staves.
#[derive(Clone, Debug)]
pub(super) struct Columns {
    /// Onsets in order, with the x of their noteheads from the bar's start (unjustified).
    pub at: Vec<(Frac, f32)>,
    /// Room at the start for a key or meter change.
    pub prefix: f32,
    /// Natural width, prefix included.
    pub width: f32,
}

impl Columns {
    /// x (from the bar's start) of the column at or just before `t`, after justification.
    pub fn x(&self, t: Frac, stretch: f32) -> f32 {
        let i = self.at.partition_point(|(o, _)| *o <= t);
        let raw = match i {
            0 => self.at.first().map_or(BAR_LEAD, |c| c.1),
            i => self.at[i - 1].1,
        };
        self.prefix + (raw - self.prefix).max(0.0) * stretch
    }

    /// Width after justification.
    pub fn stretched(&self, stretch: f32) -> f32 {
        self.prefix + (self.width - self.prefix) * stretch
    }
}

/// Room a column needs for the time until the next onset.
fn duration_room(d: Frac) -> f32 {
    let quarters = (*d.numer() as f32 / *d.denom() as f32 * 4.0).max(0.0);
    SP * (1.6 + 2.6 * quarters.max(0.125).powf(0.6))
}

/// Room an event needs left of its notehead: its accidentals as `shown`, and its grace notes
/// when `with_grace`.
pub(super) fn left_room(e: &Event, shown: &[Option<i8>], with_grace: bool) -> f32 {
    let mut room = 0.0;
    if let EventKind::Notes(notes) = &e.kind {
        let columns = accidental_columns(notes, shown);
        let used = columns.iter().flatten().map(|c| c + 1).max().unwrap_or(0);
        room += used as f32 * 1.1 * SP;
        if notes_have_left_seconds(e) {
            room += 1.2 * SP;
        }
    }
    if let Some(g) = e.grace.as_ref().filter(|_| with_grace) {
        room += g.notes.len().min(16) as f32 * 0.85 * SP + 0.5 * SP;
    }
    room
}

/// A chord with seconds whose stem points down puts heads left of the stem.
fn notes_have_left_seconds(e: &Event) -> bool {
    match &e.kind {
        EventKind::Notes(n) if n.len() > 1 => {
            let mut steps: Vec<i32> = n.iter().map(diatonic).collect();
            jamsesh_abc::stable_sort(&mut steps);
            steps.windows(2).any(|w| w[1] - w[0] == 1)
        }
        _ => false,
    }
}

/// Room an event needs right of its notehead's start (the head, dots, a flag, a second).
fn right_room(e: &Event) -> f32 {
    let (base, dots) = base_and_dots(written(e));
    let mut room = 1.4 * SP + dots as f32 * 0.7 * SP;
    if base <= Frac::new(1, 8) && matches!(e.kind, EventKind::Notes(_)) {
        room += 0.8 * SP;
    }
    if notes_have_left_seconds(e) {
        room += 1.2 * SP;
    }
    room
}

/// Room the key or meter change at the start of bar `b` needs.
fn change_room(staves: &[Staff], b: usize) -> f32 {
    staves
        .iter()
        .filter_map(|s| {
            let bar = s.voice.bars.get(b)?;
            let previous = s.voice.bars.get(b.checked_sub(1)?)?;
            let mut room = 0.0;
            let (old, new) = (previous.key.fifths(), bar.key.fifths());
            if old != new {
                room += (old.abs().max(new.abs()) as f32) * 1.1 * SP + 1.0 * SP;
            }
            if bar.key.clef != previous.key.clef {
                room += 2.6 * SP;
            }
            if bar.meter != previous.meter {
                room += 2.6 * SP;
            }
            Some(room)
        })
        .fold(0.0, f32::max)
}

/// The columns of bar `b` across every staff. Linear in the bar's events (plus a sort of its
/// onsets): a column is found by its onset in a hash map, and a chord symbol's column by a
/// binary search, so a bar of 40,000 notes costs what 40,000 notes in bars of eight do.
pub(super) fn bar_columns(staves: &[Staff], b: usize) -> Columns {
    let (cols, end) = onset_columns(staves, b);
    let prefix = change_room(staves, b);
    let repeat_sign = staves
        .iter()
        .any(|s| s.voice.bars.get(b).is_some_and(|bar| bar.repeat_start));
    let mut x = prefix + BAR_LEAD + if repeat_sign { 1.4 * SP } else { 0.0 };
    let mut at = Vec::with_capacity(cols.len());
    // Where the last chord symbol started and how wide it is: the next one must clear it.
    let mut chord_clear = f32::MIN;
    for (k, col) in cols.iter().enumerate() {
        x += col.left;
        if col.chord > 0.0 && x < chord_clear {
            x = chord_clear;
        }
        at.push((col.onset, x));
        if col.chord > 0.0 {
            chord_clear = x + col.chord;
        }
        let next = cols.get(k + 1).map_or(end, |c| c.onset);
        x += duration_room(next - col.onset).max(col.right);
    }
    let width = (x + BAR_TAIL)
        .max(chord_clear + BAR_TAIL)
        .max(prefix + 4.0 * SP);
    Columns { at, prefix, width }
}

/// The room one onset of a bar needs, over every staff.
struct Column {
    onset: Frac,
    /// Left and right of the notehead's start.
    left: f32,
    right: f32,
    /// Width of the chord symbol written there.
    chord: f32,
}

/// The columns of bar `b` in onset order, and where the bar's last sound ends.
fn onset_columns(staves: &[Staff], b: usize) -> (Vec<Column>, Frac) {
    let mut cols: Vec<Column> = Vec::new();
    let mut by_onset: HashMap<Frac, usize> = HashMap::new();
    let mut end = Frac::new(0, 1);
    for staff in staves {
        let Some(bar) = staff.voice.bars.get(b) else {
            continue;
        };
        end = end.max(bar.onset + bar.duration);
        for (i, e) in bar.events.iter().enumerate() {
            end = end.max(e.onset + e.duration);
            let mut right = right_room(e);
            let mut left = left_room(e, &staff.accidentals(b, i), true);
            if let Some(w) = staff.syllable_width(b, i) {
                right = right.max(w / 2.0 + 1.4 * SP);
                left = left.max(w / 2.0 - 0.6 * SP);
            }
            let k = *by_onset.entry(e.onset).or_insert_with(|| {
                cols.push(Column {
                    onset: e.onset,
                    left: 0.0,
                    right: 0.0,
                    chord: 0.0,
                });
                cols.len() - 1
            });
            let col = &mut cols[k];
            col.left = col.left.max(left);
            col.right = col.right.max(right);
        }
    }
    jamsesh_abc::stable_sort_by_key(&mut cols, |c| c.onset);
    // Each chord symbol widens the column at or just before it.
    for staff in staves {
        for cs in staff.voice.chord_symbols_in(b) {
            let w = text_width(&chord_text(&cs.symbol), CHORD_SIZE) + 0.8 * SP;
            let at = cols.partition_point(|c| c.onset <= cs.onset);
            if let Some(col) = at.checked_sub(1).map(|k| &mut cols[k]) {
                col.chord = col.chord.max(w);
            }
        }
    }
    (cols, end)
}

/// A bar, or the part of a bar that fits a system when the whole bar does not (a long bar in
/// free meter, or music without bar lines): the events with onsets in `from..until`.
#[derive(Clone, Debug)]
pub(super) struct Piece {
    /// The bar's index.
    pub bar: usize,
    /// Where the piece starts (None: at the bar line).
    pub from: Option<Frac>,
    /// Where the next piece starts (None: the piece ends at the bar line).
    pub until: Option<Frac>,
    /// Its columns.
    pub columns: Columns,
}

impl Piece {
    /// It starts at the bar line (repeat signs, endings and changes are drawn).
    pub fn opens(&self) -> bool {
        self.from.is_none()
    }

    /// It ends at the bar line (the bar line is drawn).
    pub fn closes(&self) -> bool {
        self.until.is_none()
    }

    /// The whole bar.
    pub fn is_whole(&self) -> bool {
        self.opens() && self.closes()
    }

    /// A staff's events in the piece (of every layer), in their order in the bar.
    pub fn events(&self, staff: &Staff) -> Vec<usize> {
        let events = &staff.voice.bars[self.bar].events;
        let order = &staff.by_onset[self.bar];
        let from = self
            .from
            .map_or(0, |f| order.partition_point(|&i| events[i].onset < f));
        let to = self.until.map_or(order.len(), |u| {
            order.partition_point(|&i| events[i].onset < u)
        });
        let mut held = order[from..to.max(from)].to_vec();
        jamsesh_abc::stable_sort(&mut held);
        held
    }

    /// True if an event at `t` belongs to it.
    pub fn holds(&self, t: Frac) -> bool {
        self.from.is_none_or(|f| t >= f) && self.until.is_none_or(|u| t < u)
    }
}

/// A bar as pieces no wider than `room`: one piece when it fits, else cut between columns.
pub(super) fn pieces(bar: usize, columns: Columns, room: f32) -> Vec<Piece> {
    if columns.width <= room || columns.at.len() < 2 {
        return vec![Piece {
            bar,
            from: None,
            until: None,
            columns,
        }];
    }
    let mut out = Vec::new();
    let mut start = 0;
    while start < columns.at.len() {
        // The first piece keeps its place after the bar line; later ones start afresh.
        let base = if start == 0 {
            0.0
        } else {
            columns.at[start].1 - BAR_LEAD
        };
        let mut end = start + 1;
        while end < columns.at.len() && columns.at[end].1 - base + 2.0 * BAR_TAIL <= room {
            end += 1;
        }
        let last = end == columns.at.len();
        let right = if last {
            columns.width
        } else {
            columns.at[end].1
        };
        out.push(Piece {
            bar,
            from: (start > 0).then(|| columns.at[start].0),
            until: (!last).then(|| columns.at[end].0),
            columns: Columns {
                at: columns.at[start..end]
                    .iter()
                    .map(|&(t, x)| (t, x - base))
                    .collect(),
                prefix: if start == 0 { columns.prefix } else { 0.0 },
                width: right - base,
            },
        });
        start = end;
    }
    out
}
