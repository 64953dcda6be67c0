//! Layout tests: the laid-out page is checked against engraving rules (everything on the
//! page, bars side by side, chord symbols above their notes, lyrics below, staves apart),
//! with expectations from the music, not from the code.

use super::mark::Mark;
use super::page::{Page, PlacedStaff};
use super::{lay_out, SvgOptions, Theme};
use crate::font::{music_width, text_width, SP};

/// The tunes the snapshot tests engrave.
const DATA: [&str; 7] = [
    include_str!("../../tests/data/parade.abc"),
    include_str!("../../tests/data/two-voices.abc"),
    include_str!("../../tests/data/ornaments.abc"),
    include_str!("../../tests/data/song.abc"),
    include_str!("../../tests/data/changes.abc"),
    include_str!("../../tests/data/chords.abc"),
    include_str!("../../tests/data/overlay.abc"),
];

fn page(abc: &str, width: f32) -> Page {
    let tune = jamsesh_abc::parse_tunes(abc).0.remove(0);
    let options = SvgOptions {
        width,
        theme: Theme::Light,
    };
    lay_out(&tune, &options, &|| false).expect("not stopped")
}

/// The horizontal extent of a mark.
fn across(m: &Mark) -> (f32, f32) {
    match m {
        Mark::Glyph { name, x, scale, .. } => (*x, x + music_width(name) * scale),
        Mark::Line { from, to, .. } => (from.0.min(to.0), from.0.max(to.0)),
        Mark::Beam { corners } => (corners[0].0, corners[1].0),
        Mark::Curve { from, to, .. } => (from.0, to.0),
        Mark::Rect { x, width, .. } => (*x, x + width),
        Mark::Dot { x, r, .. } => (x - r, x + r),
        Mark::Text { text, x, size, .. } => (*x, x + text_width(text, *size)),
        Mark::Arpeggio { points } => points
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.0), b.max(p.0))),
    }
}

/// The noteheads of a staff: (x, y) of each.
fn heads(staff: &PlacedStaff) -> Vec<(f32, f32)> {
    staff
        .marks
        .list
        .iter()
        .filter_map(|m| match m {
            Mark::Glyph { name, x, y, .. } if name.starts_with("notehead") => Some((*x, *y)),
            _ => None,
        })
        .collect()
}

/// The texts of a class on a staff: (text, x, baseline y).
fn texts<'a>(staff: &'a PlacedStaff, class: &str) -> Vec<(&'a str, f32, f32)> {
    staff
        .marks
        .list
        .iter()
        .filter_map(|m| match m {
            Mark::Text {
                text,
                x,
                y,
                class: c,
                ..
            } if *c == class => Some((text.as_str(), *x, *y)),
            _ => None,
        })
        .collect()
}

#[test]
fn everything_stays_on_the_page() {
    for abc in DATA {
        for width in [300.0, 500.0, 1000.0] {
            let page = page(abc, width);
            for (marks, _) in page.all_marks() {
                for m in &marks.list {
                    let (from, to) = across(m);
                    assert!(
                        from >= 0.0 && to <= width,
                        "{m:?} leaves a page {width} wide"
                    );
                }
            }
        }
    }
}

#[test]
fn justified_systems_reach_the_right_margin_and_bars_sit_side_by_side() {
    for abc in DATA {
        let page = page(abc, 500.0);
        let margin = 2.0 * SP;
        for (k, system) in page.systems.iter().enumerate() {
            for pair in system.bars.windows(2) {
                assert!(pair[0].x1 < pair[0].x2, "{pair:?}");
                assert!(
                    (pair[0].x2 - pair[1].x1).abs() < 0.01,
                    "bars overlap or gap: {pair:?}"
                );
            }
            let right = system.bars.last().unwrap().x2;
            assert!(right <= 500.0 - margin + 0.01, "{right}");
            if k + 1 < page.systems.len() {
                assert!(right > 500.0 - margin - 0.5, "system {k} stops at {right}");
            }
        }
    }
}

#[test]
fn each_bars_notes_sit_inside_its_bar() {
    // Four bars of four quarters each, on one line: four heads in each bar's span.
    let page = page(
        "X:1\nM:4/4\nL:1/4\nK:C\nC D E F|G A B c|d c B A|G F E D|]\n",
        1000.0,
    );
    assert_eq!(page.systems.len(), 1);
    let system = &page.systems[0];
    let heads = heads(&system.staves[0]);
    assert_eq!(system.bars.len(), 4);
    let head_w = music_width("noteheadBlack");
    for span in &system.bars {
        let inside = heads
            .iter()
            .filter(|(x, _)| *x >= span.x1 && x + head_w <= span.x2)
            .count();
        assert_eq!(inside, 4, "bar {}", span.bar);
    }
}

#[test]
fn chord_symbols_sit_above_their_notes_and_the_staff() {
    // A high note with ledger lines under each chord symbol: the symbols must clear it.
    let page = page(
        "X:1\nM:4/4\nL:1/4\nK:C\n\"C\"c'' C \"F\"a' F|\"G7\"g' G \"C\"e'' C|]\n",
        1000.0,
    );
    let staff = &page.systems[0].staves[0];
    let heads = heads(staff);
    let chords = texts(staff, "chord");
    assert_eq!(
        chords.iter().map(|c| c.0).collect::<Vec<_>>(),
        ["C", "F", "G7", "C"]
    );
    let highest_head = heads.iter().map(|h| h.1).fold(f32::MAX, f32::min);
    for (text, x, y) in chords {
        // Left-aligned with a notehead, and above it, its ledger lines and the staff.
        assert!(
            heads.iter().any(|h| (h.0 - x).abs() < 0.01),
            "{text} at {x} is over no note"
        );
        assert!(
            y < highest_head - 0.5 * SP,
            "{text} at {y}, a head at {highest_head}"
        );
        assert!(y < 0.0, "{text} is not above the staff");
    }
}

#[test]
fn lyrics_sit_below_the_notes_and_the_staff() {
    let page = page(
        "X:1\nM:4/4\nL:1/4\nK:C\nC, D, E F|G A B c|]\nw:low-er and low-er high as can be\n",
        1000.0,
    );
    let staff = &page.systems[0].staves[0];
    let lowest_head = heads(staff).iter().map(|h| h.1).fold(f32::MIN, f32::max);
    let lyrics = texts(staff, "lyrics");
    assert_eq!(lyrics.len(), 8);
    for (text, _, y) in lyrics {
        assert!(y > lowest_head + 0.5 * SP && y > 4.0 * SP, "{text} at {y}");
    }
}

#[test]
fn staves_of_a_system_do_not_overlap() {
    // Low notes in the upper voice, high ones in the lower: the staves make room.
    let page = page(
        "X:1\nM:4/4\nL:1/4\nK:C\nV:1\nV:2 clef=bass\n[V:1] C, D, E, F,|]\n[V:2] e' f' g' a'|]\n",
        1000.0,
    );
    let staves = &page.systems[0].staves;
    assert_eq!(staves.len(), 2);
    let reach = |s: &PlacedStaff| {
        let ys = heads(s).into_iter().map(|h| h.1 + s.dy);
        ys.fold((f32::MAX, f32::MIN), |(a, b), y| (a.min(y), b.max(y)))
    };
    let (upper, lower) = (reach(&staves[0]), reach(&staves[1]));
    assert!(
        upper.1 + SP < lower.0,
        "the upper staff reaches {} and the lower starts at {}",
        upper.1,
        lower.0
    );
}
