//! The page's header: titles centred, composer and origin on the right, the tempo on the left.

use super::mark::Marks;
use super::metrics::base_and_dots;
use crate::font::{music_width, text_width, SP};
use jamsesh_abc::{Frac, Tempo, Tune};

/// The up to three non-empty values of the fields tagged as `tags` says.
fn fields(tune: &Tune, tags: fn(char) -> bool) -> Vec<&str> {
    tune.fields
        .iter()
        .filter(|(t, _)| tags(*t))
        .map(|(_, v)| v.as_str())
        .filter(|t| !t.trim().is_empty())
        .take(3)
        .collect()
}

/// The width of `text` at `size`, and the size itself, made smaller when the text would
/// be wider than `room`.
fn fit(text: &str, size: f32, room: f32) -> (f32, f32) {
    let w = text_width(text, size);
    if w <= room {
        (w, size)
    } else {
        (room, size * room / w)
    }
}

/// Title, subtitles, composer and origin, and the tempo; returns the height used.
pub(super) fn lay_header(c: &mut Marks, tune: &Tune, width: f32, margin: f32) -> f32 {
    let mut y = margin;
    let room = width - 2.0 * margin;
    for (k, title) in fields(tune, |t| t == 'T').iter().enumerate() {
        let size = if k == 0 { 2.4 * SP } else { 1.7 * SP };
        y += size;
        let (w, fitted) = fit(title, size, room);
        c.text(title, (width - w) / 2.0, y, fitted, "title");
        y += 0.5 * SP;
    }
    let mut ry = y;
    for text in fields(tune, |t| matches!(t, 'C' | 'O')) {
        ry += 1.5 * SP;
        let (w, fitted) = fit(text, 1.3 * SP, room);
        c.text(text, width - margin - w, ry, fitted, "composer");
    }
    if let Some(t) = &tune.tempo {
        let ty = y + 1.8 * SP;
        lay_tempo(c, t, margin, ty);
        y = y.max(ty);
    }
    y.max(ry) + 0.5 * SP
}

/// The tempo: its words, then the beat's note and `= bpm`, with the baseline at `y`.
fn lay_tempo(c: &mut Marks, t: &Tempo, x: f32, y: f32) {
    let mut pen = x;
    if let Some(words) = &t.text {
        pen += c.text(words, pen, y, 1.4 * SP, "tempo") + 0.8 * SP;
    }
    let (base, dots) = base_and_dots(t.beat);
    let glyph = if base >= Frac::new(1, 1) {
        "metNoteWhole"
    } else if base >= Frac::new(1, 2) {
        "metNoteHalfUp"
    } else if base >= Frac::new(1, 4) {
        "metNoteQuarterUp"
    } else {
        "metNote8thUp"
    };
    c.glyph_scaled(glyph, pen, y, 0.8);
    pen += music_width(glyph) * 0.8 + 0.3 * SP;
    for _ in 0..dots {
        c.dot(pen, y - 0.2 * SP, 0.2 * SP);
        pen += 0.6 * SP;
    }
    c.text(&format!(" = {}", t.bpm), pen, y, 1.4 * SP, "tempo");
}
