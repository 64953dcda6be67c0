//! The cost model: hostile little inputs that used to buy seconds of work and hundreds of
//! megabytes are refused at once, or answered quickly, by every front end's shared operations.

use jamsesh_ops::{self as ops, cost, OpError, RenderOptions};
use std::time::Duration;

/// Runs `work` on its own thread and fails the test if it has not answered within `seconds`
/// (a hang guard, not a speed claim: the speeds are in the README's Budgets).
fn answers_within<T: Send + 'static>(seconds: u64, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx.recv_timeout(Duration::from_secs(seconds))
        .unwrap_or_else(|_| panic!("no answer within {seconds} s"))
}

/// A chord of `n` different pitches, low to high (C,,, D,,, … with sharps between).
fn wide_chord(n: usize) -> String {
    (0..n)
        .map(|k| {
            let (accidental, letter) = [
                ("", "C"),
                ("^", "C"),
                ("", "D"),
                ("^", "D"),
                ("", "E"),
                ("", "F"),
                ("^", "F"),
                ("", "G"),
                ("^", "G"),
                ("", "A"),
                ("^", "A"),
                ("", "B"),
            ][k % 12];
            let octave = match k / 12 {
                o if o < 4 => ",".repeat(4 - o),
                o => "'".repeat(o - 4),
            };
            format!("{accidental}{letter}{octave}")
        })
        .collect()
}

#[test]
fn a_huge_held_chord_is_answered_or_refused_fast() {
    // 98 different pitches held 999 eighths at 30 bpm: 134 bytes that took 23 s to synthesize.
    let abc = format!("X:1\nL:1/8\nQ:1/4=30\nK:C\n[{}]999|", wide_chord(98));
    let answer = answers_within(5, move || ops::wav(&abc, &ops::playback_options(None)));
    assert_eq!(answer.unwrap_err().code(), "over_budget");
    // One pitch written 98 times is one note: accepted, and quick.
    let abc = format!("X:1\nL:1/8\nQ:1/4=30\nK:C\n[{}]999|", "C".repeat(98));
    let wav = answers_within(5, move || ops::wav(&abc, &ops::playback_options(None))).unwrap();
    assert!(wav.len() > 44 + 2 * 22_050 * 299, "five minutes of audio");
    // A few notes held long are well within budget.
    let abc = format!("X:1\nL:1/8\nQ:1/4=30\nK:C\n[{}]999|", wide_chord(6));
    answers_within(5, move || ops::wav(&abc, &ops::playback_options(None))).unwrap();
}

#[test]
fn engraving_over_budget_is_refused_before_drawing() {
    // 50,000 notes in one bar (under the 200 KB cap), and behind a `(3:2:99999` tuplet.
    let bar = format!("X:1\nL:1/8\nK:C\n{}|", "CDEF".repeat(12_500));
    let tuplet = format!("X:1\nL:1/8\nK:C\n(3:2:99999 {}", "CDEF".repeat(12_500));
    // A 190 KB chord symbol drew a 65 MB SVG.
    let symbol = format!("X:1\nK:C\n\"{}\"C|", "C".repeat(190_000));
    // A chord too large to set its accidentals.
    let chord = format!("X:1\nK:C\n[{}]|", "^C".repeat(cost::MAX_CHORD_NOTES + 1));
    for abc in [bar, tuplet, symbol, chord] {
        let answer = answers_within(5, move || ops::render_svg(&abc, &RenderOptions::default()));
        match answer {
            Err(OpError::Budget(message)) => assert!(message.len() < 300, "{message}"),
            other => panic!("{:?}", other.map(|s| s.noteheads)),
        }
    }
}

#[test]
fn the_largest_accepted_engravings_are_drawn() {
    let units = cost::MAX_ENGRAVING_UNITS;
    // Just under the budget, all in one bar; and as many bars with chord symbols and lyrics.
    let notes = units - 10;
    let bar = format!("X:1\nL:1/8\nK:C\n{}|", "C".repeat(notes));
    let drawn =
        answers_within(10, move || ops::render_svg(&bar, &RenderOptions::default())).unwrap();
    assert_eq!(drawn.noteheads, notes);
    let line = "\"Am\"ABcd \"G7\"BAGF|\nw:la la la la la la la la\n";
    let per_line =
        cost::EngravingCost::of(&ops::first_tune(&format!("X:1\nK:C\n{line}")).unwrap()).units();
    let lines = (units - 100) / per_line;
    let long = format!("X:1\nL:1/8\nK:C\n{}", line.repeat(lines));
    let drawn = answers_within(10, move || {
        ops::render_svg(&long, &RenderOptions::default())
    })
    .unwrap();
    assert_eq!(drawn.noteheads, 8 * lines);
    assert!(drawn.bars >= lines);
}

#[test]
fn costs_are_counted_from_the_parse() {
    let tune =
        ops::first_tune("X:1\nT:Tea\nL:1/4\nK:G\n\"G\"[GBd]2 z A|{ag}B4|\nw:one two three\n")
            .unwrap();
    let c = cost::EngravingCost::of(&tune);
    assert_eq!((c.notes, c.rests, c.bars, c.largest_chord), (7, 1, 2, 3));
    // "Tea", "G" and the lyrics line.
    assert_eq!(c.text, 3 + 1 + "one two three".len());
    assert!(c.check().is_ok());
}
