//! The SVG body being drawn: glyphs by SMuFL name, text as outlines, lines and paths, with the
//! vertical extent of everything drawn (so staves can be stacked without collisions) and the
//! number of noteheads (so tests can count them).

use super::{Glyph, SCALE, SP};
use crate::glyphs::{MUSIC, TEXT};
use crate::outline::SvgPath;
use std::fmt::Write as _;

const NO_GLYPH: Glyph = Glyph {
    advance: 0,
    outline: &[],
};

/// A music glyph by SMuFL name (empty if the subset lacks it).
pub(super) fn music(name: &str) -> Glyph {
    MUSIC
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(NO_GLYPH, |(_, g)| *g)
}

/// Width of a music glyph in SVG units.
pub(super) fn music_width(name: &str) -> f32 {
    f32::from(music(name).advance) * SCALE
}

/// A text glyph; characters the font lacks are drawn as `?`.
fn text_glyph(c: char) -> Glyph {
    let find = |c: char| {
        TEXT.binary_search_by_key(&c, |(t, _)| *t)
            .ok()
            .map(|i| TEXT[i].1)
    };
    find(c).or_else(|| find('?')).unwrap_or(NO_GLYPH)
}

/// Width of `text` at `size` (the em, in SVG units).
pub(super) fn text_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| f32::from(text_glyph(c).advance))
        .sum::<f32>()
        * size
        / 1000.0
}

/// An SVG body with its vertical extent.
pub(super) struct Canvas {
    pub body: String,
    pub noteheads: usize,
    /// Highest and lowest y drawn so far.
    pub top: f32,
    pub bottom: f32,
}

impl Canvas {
    pub fn new() -> Canvas {
        Canvas {
            body: String::new(),
            noteheads: 0,
            top: 0.0,
            bottom: 0.0,
        }
    }

    /// Widens the recorded extent to cover `y1..y2`.
    pub fn cover(&mut self, y1: f32, y2: f32) {
        self.top = self.top.min(y1.min(y2));
        self.bottom = self.bottom.max(y1.max(y2));
    }

    /// A glyph with its origin at (x, y), covering `above` and `below` staff spaces.
    pub fn glyph(&mut self, name: &str, x: f32, y: f32) {
        self.glyph_scaled(name, x, y, 1.0);
    }

    /// A glyph scaled by `k` (grace notes, small signs).
    pub fn glyph_scaled(&mut self, name: &str, x: f32, y: f32, k: f32) {
        if name.starts_with("notehead") {
            self.noteheads += 1;
        }
        if (k - 1.0).abs() < 1e-3 {
            let _ = writeln!(
                self.body,
                "<use href=\"#{name}\" x=\"{x:.1}\" y=\"{y:.1}\"/>"
            );
        } else {
            let _ = writeln!(
                self.body,
                "<use href=\"#{name}\" transform=\"translate({x:.1} {y:.1}) scale({k:.2})\"/>"
            );
        }
        let reach = match name {
            "gClef" => (4.5, 2.5),
            "fClef" | "cClef" => (2.2, 2.2),
            _ => (1.0, 1.0),
        };
        self.cover(y - reach.0 * SP * k, y + reach.1 * SP * k);
    }

    /// A stroked line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        let _ = writeln!(
            self.body,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke-width=\"{width:.2}\"/>"
        );
        self.cover(y1, y2);
    }

    /// A filled path (beams, ties, slurs), covering `y1..y2`.
    pub fn path(&mut self, class: &str, d: &str, y1: f32, y2: f32) {
        let _ = writeln!(self.body, "<path class=\"{class}\" d=\"{d}\"/>");
        self.cover(y1, y2);
    }

    /// A filled rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\"/>"
        );
        self.cover(y, y + h);
    }

    /// A filled dot.
    pub fn dot(&mut self, x: f32, y: f32, r: f32) {
        let _ = writeln!(
            self.body,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.2}\"/>"
        );
        self.cover(y - r, y + r);
    }

    /// Text as outlines with its baseline at y, starting at x; returns its width.
    pub fn text(&mut self, text: &str, x: f32, y: f32, size: f32, class: &str) -> f32 {
        let k = size / 1000.0;
        let _ = write!(
            self.body,
            "<g class=\"{class}\" transform=\"translate({x:.1} {y:.1}) scale({k:.4} {:.4})\">",
            -k
        );
        let mut pen = 0.0;
        for c in text.chars() {
            let g = text_glyph(c);
            if !g.outline.is_empty() {
                let _ = write!(
                    self.body,
                    "<path transform=\"translate({pen:.0} 0)\" d=\"{}\"/>",
                    SvgPath(g.outline)
                );
            }
            pen += f32::from(g.advance);
        }
        self.body.push_str("</g>\n");
        self.cover(y - 0.75 * size, y + 0.25 * size);
        pen * k
    }

    /// Appends another canvas moved down by `dy`.
    pub fn append(&mut self, other: &Canvas, dy: f32) {
        let _ = writeln!(self.body, "<g transform=\"translate(0 {dy:.1})\">");
        self.body.push_str(&other.body);
        self.body.push_str("</g>\n");
        self.noteheads += other.noteheads;
        self.cover(other.top + dy, other.bottom + dy);
    }
}
