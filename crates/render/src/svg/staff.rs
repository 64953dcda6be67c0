//! The staff itself: clefs, key signatures (with naturals cancelling a change), time
//! signatures, bar lines and repeat signs.

use super::mark::Marks;
use super::metrics::step_y;
use crate::font::{music_width, SP};
use jamsesh_abc::{Bar, Key, KeyTonic, MeterSpec};

/// Diatonic number (C4 = 28) on the bottom staff line for a clef.
pub(super) fn bottom_line(clef: &str) -> i32 {
    match clef {
        "bass" => 18,  // G2
        "alto" => 24,  // F3
        "tenor" => 22, // D3
        _ => 30,       // E4, treble
    }
}

/// The time signature's digits' glyphs.
pub(super) const TIME_DIGITS: [&str; 10] = [
    "timeSig0", "timeSig1", "timeSig2", "timeSig3", "timeSig4", "timeSig5", "timeSig6", "timeSig7",
    "timeSig8", "timeSig9",
];

fn clef_glyph(clef: &str) -> (&'static str, i32) {
    match clef {
        "bass" => ("fClef", 6),
        "alto" => ("cClef", 4),
        "tenor" => ("cClef", 6),
        _ => ("gClef", 2),
    }
}

/// Staff steps of the sharps or flats of a signature, in order, for a clef.
fn signature_steps(fifths: i32, clef: &str) -> Vec<(bool, i32)> {
    const SHARPS: [i32; 7] = [8, 5, 9, 6, 3, 7, 4];
    const FLATS: [i32; 7] = [4, 7, 3, 6, 2, 5, 1];
    const TENOR_SHARPS: [i32; 7] = [2, 6, 3, 7, 4, 8, 5];
    let shift = match clef {
        "bass" => -2,
        "alto" => -1,
        "tenor" => 1,
        _ => 0,
    };
    let n = fifths.unsigned_abs().min(7) as usize;
    if fifths >= 0 {
        let steps: Vec<i32> = if clef == "tenor" {
            TENOR_SHARPS.to_vec()
        } else {
            SHARPS.iter().map(|s| s + shift).collect()
        };
        steps.into_iter().take(n).map(|s| (true, s)).collect()
    } else {
        FLATS.iter().take(n).map(|s| (false, s + shift)).collect()
    }
}

fn shows_signature(key: &Key) -> bool {
    !matches!(
        key.tonic,
        KeyTonic::HighlandPipes {
            show_signature: false
        }
    )
}

/// The glyphs of a key signature with their staff steps (none for pipes' keys shown bare).
fn signature_glyphs(key: &Key) -> Vec<(&'static str, i32)> {
    if !shows_signature(key) {
        return Vec::new();
    }
    signature_steps(key.fifths(), &key.clef)
        .into_iter()
        .map(|(sharp, step)| {
            let g = if sharp {
                "accidentalSharp"
            } else {
                "accidentalFlat"
            };
            (g, step)
        })
        .collect()
}

/// Width of a key signature placed at x, measured from its glyphs' advances.
fn signature_width(key: &Key, x: f32) -> f32 {
    let mut pen = x;
    for (g, _) in signature_glyphs(key) {
        pen += music_width(g) + 0.2 * SP;
    }
    pen - x
}

/// Draws a key signature at x; returns its width.
fn draw_signature(c: &mut Marks, key: &Key, x: f32) -> f32 {
    let mut pen = x;
    for (g, step) in signature_glyphs(key) {
        c.glyph(g, pen, step_y(step));
        pen += music_width(g) + 0.2 * SP;
    }
    pen - x
}

/// Naturals cancelling what the old signature had and the new one drops; returns the width.
fn draw_cancel(c: &mut Marks, old: &Key, new: &Key, x: f32) -> f32 {
    let (o, n) = (old.fifths(), new.fifths());
    let kept = if o.signum() == n.signum() { n.abs() } else { 0 };
    let mut pen = x;
    for (_, step) in signature_steps(o, &new.clef)
        .into_iter()
        .skip(kept as usize)
    {
        c.glyph("accidentalNatural", pen, step_y(step));
        pen += music_width("accidentalNatural") + 0.2 * SP;
    }
    pen - x
}

/// Width of a time signature, with the room after it.
fn time_width(meter: &MeterSpec) -> f32 {
    match meter {
        MeterSpec::Common | MeterSpec::Cut => 2.2 * SP,
        MeterSpec::Fraction {
            numerators,
            denominator,
        } => {
            let (top, bottom) = time_digits(numerators, *denominator);
            top.len().max(bottom.len()) as f32 * TIME_DIGIT + 0.8 * SP
        }
        MeterSpec::Free => 0.0,
    }
}

/// Width of one time-signature digit.
const TIME_DIGIT: f32 = 1.9 * SP;

/// The digits of a time signature's top (its numerators run together) and bottom.
fn time_digits(numerators: &[u32], denominator: u32) -> (String, String) {
    let top: String = numerators.iter().map(u32::to_string).collect();
    (top, denominator.to_string())
}

/// Draws a time signature at x; returns its width.
fn draw_time(c: &mut Marks, meter: &MeterSpec, x: f32) -> f32 {
    match meter {
        MeterSpec::Common => c.glyph("timeSigCommon", x, step_y(4)),
        MeterSpec::Cut => c.glyph("timeSigCutCommon", x, step_y(4)),
        MeterSpec::Fraction {
            numerators,
            denominator,
        } => {
            let (top, bottom) = time_digits(numerators, *denominator);
            let width = top.len().max(bottom.len()) as f32 * TIME_DIGIT;
            for (step, digits) in [(6, &top), (2, &bottom)] {
                let w = digits.len() as f32 * TIME_DIGIT;
                for (k, d) in digits.bytes().enumerate() {
                    c.glyph(
                        TIME_DIGITS[usize::from(d - b'0')],
                        x + (width - w) / 2.0 + k as f32 * TIME_DIGIT,
                        step_y(step),
                    );
                }
            }
        }
        MeterSpec::Free => {}
    }
    time_width(meter)
}

/// Where the parts of a system's start (clef, key, time) go, and its width.
struct StartAt {
    clef: f32,
    signature: f32,
    time: Option<f32>,
    width: f32,
}

impl StartAt {
    /// Measured from the glyphs' advances, for a start placed at x.
    fn new(bar: &Bar, x: f32, with_time: bool) -> StartAt {
        let (clef, _) = clef_glyph(&bar.key.clef);
        let signature = x + 0.5 * SP + music_width(clef) + 0.8 * SP;
        let mut pen = signature;
        pen += signature_width(&bar.key, pen);
        pen += 0.6 * SP;
        let time = with_time.then_some(pen);
        if with_time {
            pen += time_width(&bar.meter);
        }
        StartAt {
            clef: x + 0.5 * SP,
            signature,
            time,
            width: pen - x + 0.5 * SP,
        }
    }
}

/// Width of the clef, key and (optionally) time signature at the start of a system.
pub(super) fn start_width(bar: &Bar, with_time: bool) -> f32 {
    StartAt::new(bar, 0.0, with_time).width
}

/// Draws the clef, key and (optionally) time signature at the start of a system at x.
pub(super) fn draw_start(c: &mut Marks, bar: &Bar, x: f32, with_time: bool) {
    let at = StartAt::new(bar, x, with_time);
    let (clef, step) = clef_glyph(&bar.key.clef);
    c.glyph(clef, at.clef, step_y(step));
    draw_signature(c, &bar.key, at.signature);
    if let Some(time) = at.time {
        draw_time(c, &bar.meter, time);
    }
}

/// Key, clef and meter changes at the start of a bar (not the first of a system).
pub(super) fn draw_changes(c: &mut Marks, bar: &Bar, previous: &Bar, x: f32) {
    let mut pen = x + 0.3 * SP;
    if bar.key.clef != previous.key.clef {
        let (clef, step) = clef_glyph(&bar.key.clef);
        c.glyph_scaled(clef, pen, step_y(step), 0.75);
        pen += music_width(clef) * 0.75 + 0.6 * SP;
    }
    if bar.key.fifths() != previous.key.fifths() && shows_signature(&bar.key) {
        pen += draw_cancel(c, &previous.key, &bar.key, pen);
        pen += draw_signature(c, &bar.key, pen) + 0.6 * SP;
    }
    if bar.meter != previous.meter {
        draw_time(c, &bar.meter, pen);
    }
}

/// The bar line closing a bar that spans `x..end`, with repeat signs; `(opens, closes)` say
/// whether this piece of the bar starts and ends at its bar lines.
pub(super) fn draw_bar_line(
    c: &mut Marks,
    bar: &Bar,
    x: f32,
    end: f32,
    (opens, closes): (bool, bool),
    last: bool,
) {
    let symbol = bar.bar_line.as_deref().unwrap_or("|");
    let (top, bottom) = (step_y(8), step_y(0));
    if opens && bar.repeat_start {
        c.rect(x, top, 0.5 * SP, 4.0 * SP);
        c.line(x + 0.8 * SP, top, x + 0.8 * SP, bottom, 0.16 * SP);
        for step in [3, 5] {
            c.dot(x + 1.4 * SP, step_y(step), 0.25 * SP);
        }
    }
    if !closes {
        return;
    }
    if symbol.contains(']') || (last && bar.repeat_end == 0 && !symbol.contains('|')) {
        c.line(end - 0.8 * SP, top, end - 0.8 * SP, bottom, 0.16 * SP);
        c.rect(end - 0.5 * SP, top, 0.5 * SP, 4.0 * SP);
    } else if bar.repeat_end > 0 {
        c.rect(end - 0.5 * SP, top, 0.5 * SP, 4.0 * SP);
        c.line(end - 0.8 * SP, top, end - 0.8 * SP, bottom, 0.16 * SP);
        for step in [3, 5] {
            c.dot(end - 1.4 * SP, step_y(step), 0.25 * SP);
        }
    } else if symbol.contains("||") || (last && symbol == "|") {
        c.line(end - 0.5 * SP, top, end - 0.5 * SP, bottom, 0.16 * SP);
        c.line(end, top, end, bottom, 0.16 * SP);
    } else {
        c.line(end, top, end, bottom, 0.16 * SP);
    }
}

/// Five staff lines from `x1` to `x2`.
pub(super) fn draw_lines(c: &mut Marks, x1: f32, x2: f32) {
    for k in 0..5 {
        let y = k as f32 * SP;
        c.line(x1, y, x2, y, 0.13 * SP);
    }
    c.line(x1, 0.0, x1, 4.0 * SP, 0.16 * SP);
}
