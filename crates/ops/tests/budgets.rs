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

/// Every jam operation on `jam`, each answer's error code (or `ok`).
fn jam_operation_codes(jam: &jamsesh_core::Jam) -> Vec<(&'static str, &'static str)> {
    let code = |r: Result<(), OpError>| r.err().map_or("ok", |e| e.code());
    vec![
        ("melody", code(ops::new_melody(jam, 3, "higher").map(drop))),
        ("progression", code(ops::new_progression(jam, 3).map(drop))),
        ("harmony", code(ops::harmony(jam, "third").map(drop))),
        ("transpose", code(ops::transpose(jam, 2).map(drop))),
        ("critic", code(ops::critic(jam).map(drop))),
        (
            "parse_jam",
            code(ops::parse_jam(&serde_json::to_string(jam).unwrap()).map(drop)),
        ),
    ]
}

#[test]
fn jams_larger_than_any_written_are_refused_before_an_operation_reads_them() {
    let jam = ops::generate("slow blues in E", &ops::GenerateOptions::default()).unwrap();
    assert!(jam_operation_codes(&jam).iter().all(|(_, c)| *c == "ok"));
    // Each field far past what the engine or a model writes (sizes picked by hand), and the
    // word the refusal must name.
    type Blow = fn(&mut jamsesh_core::Jam);
    let cases: [(&str, Blow); 7] = [
        ("chords", |j| j.chords = vec!["E7"; 10_000].join(" | ")),
        ("progression is 65 bars", |j| {
            j.chords = vec!["E7"; 65].join(" | ")
        }),
        ("prompt", |j| {
            j.prompt = "a bluesy jazzy funky shuffle ".repeat(4_000);
            j.style_id.clear();
        }),
        ("example", |j| {
            j.example = format!("X:1\nL:1/8\nK:E\n{}", "EGBe ".repeat(50_000))
        }),
        ("title", |j| j.title = "Midnight ".repeat(1_000)),
        ("scales", |j| j.scales = j.scales.repeat(200)),
        ("chord_scales is 300 lines", |j| {
            j.chord_scales = vec!["E7: E mixolydian (E F# G# A B C# D)".into(); 300]
        }),
    ];
    for (field, blow) in cases {
        let mut hostile = jam.clone();
        blow(&mut hostile);
        for (op, code) in jam_operation_codes(&hostile) {
            assert_eq!(code, "over_budget", "{field} through {op}");
        }
        let message = ops::transpose(&hostile, 2).unwrap_err().to_string();
        assert!(message.contains(field), "{field}: {message}");
    }
    // Values out of range are the jam's own errors (422), not sizes.
    let mut no_bars = jam.clone();
    no_bars.bars = 0;
    assert!(jam_operation_codes(&no_bars)[..4]
        .iter()
        .all(|(_, c)| *c == "bad_jam"));
}

#[test]
fn the_largest_jams_accepted_are_answered_quickly() {
    // 64 bars (the most a prompt asks for), a prompt at the limit of 2,000 characters, every
    // operation: a hang guard, the times are in the README's Budgets.
    let options = ops::GenerateOptions {
        bars: Some(64),
        ..Default::default()
    };
    let mut jam = ops::generate("bebop jazz in F", &options).unwrap();
    jam.prompt = "a bluesy jazzy funky shuffle ".repeat(70)[..2_000].to_string();
    jam.style_id.clear();
    let codes = answers_within(5, move || {
        jam_operation_codes(&jam)
            .into_iter()
            .map(|(op, code)| format!("{op}:{code}"))
            .collect::<Vec<_>>()
    });
    assert!(codes.iter().all(|c| c.ends_with(":ok")), "{codes:?}");
}
