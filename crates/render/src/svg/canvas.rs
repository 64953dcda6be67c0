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
        .binary_search_by_key(&name, |(n, _)| *n)
        .map_or(NO_GLYPH, |i| MUSIC[i].1)
}

/// Width of a music glyph in SVG units.
pub(super) fn music_width(name: &str) -> f32 {
    f32::from(music(name).advance) * SCALE
}

/// A text glyph, if the embedded fonts have the character.
pub(super) fn text_glyph(c: char) -> Option<Glyph> {
    TEXT.binary_search_by_key(&c, |(t, _)| *t)
        .ok()
        .map(|i| TEXT[i].1)
}

/// Font stack for characters the embedded fonts lack (Greek, Cyrillic, CJK, emoji …): they
/// are written as SVG text for the viewer's fonts instead of being replaced by a sign.
const FALLBACK_FONTS: &str = "Academico, 'Noto Sans', 'DejaVu Sans', 'Noto Sans CJK JP', \
    'Noto Color Emoji', sans-serif";

/// Advance of a character in 1000-unit ems: its glyph's, or an estimate for text the viewer's
/// fonts draw (a full em for wide East Asian characters and emoji); control characters take
/// no room and are not drawn.
fn advance(c: char) -> u16 {
    match text_glyph(c) {
        Some(g) => g.advance,
        None if c.is_control() => 0,
        None if is_wide(c) => 1000,
        None => 600,
    }
}

/// East Asian wide characters and emoji, which take a full em.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// Width of `text` at `size` (the em, in SVG units).
pub(super) fn text_width(text: &str, size: f32) -> f32 {
    text.chars().map(|c| f32::from(advance(c))).sum::<f32>() * size / 1000.0
}

/// Writes `c` into SVG text content, escaped.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        c => out.push(c),
    }
}

/// An SVG body with its vertical extent.
pub(super) struct Canvas {
    pub body: String,
    pub noteheads: usize,
    /// Characters written as SVG text because the embedded fonts lack them.
    pub text_fallbacks: usize,
    /// Highest and lowest y drawn so far.
    pub top: f32,
    pub bottom: f32,
}

impl Canvas {
    pub fn new() -> Canvas {
        Canvas {
            body: String::new(),
            noteheads: 0,
            text_fallbacks: 0,
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

    /// Text with its baseline at y, starting at x; returns its width. Characters the embedded
    /// fonts have are drawn as outlines; runs of others are written as SVG text in
    /// [`FALLBACK_FONTS`], at the place the outlines leave for them.
    pub fn text(&mut self, text: &str, x: f32, y: f32, size: f32, class: &str) -> f32 {
        let k = size / 1000.0;
        let _ = write!(
            self.body,
            "<g class=\"{class}\" transform=\"translate({x:.1} {y:.1}) scale({k:.4} {:.4})\">",
            -k
        );
        let mut pen = 0.0;
        // (start of the run in font units, its text) for characters without outlines.
        let mut runs: Vec<(f32, String)> = Vec::new();
        let mut in_run = false;
        for c in text.chars() {
            match text_glyph(c) {
                Some(g) => {
                    if !g.outline.is_empty() {
                        let _ = write!(
                            self.body,
                            "<path transform=\"translate({pen:.0} 0)\" d=\"{}\"/>",
                            SvgPath(g.outline)
                        );
                    }
                    in_run = false;
                }
                None if c.is_control() => continue,
                None => {
                    if !in_run {
                        runs.push((pen, String::new()));
                        in_run = true;
                    }
                    if let Some((_, run)) = runs.last_mut() {
                        push_escaped(run, c);
                    }
                    self.text_fallbacks += 1;
                }
            }
            pen += f32::from(advance(c));
        }
        self.body.push_str("</g>\n");
        for (start, run) in runs {
            let _ = writeln!(
                self.body,
                "<text class=\"{class}\" x=\"{:.1}\" y=\"{y:.1}\" font-size=\"{size:.1}\" font-family=\"{FALLBACK_FONTS}\">{run}</text>",
                x + start * k
            );
        }
        self.cover(y - 0.75 * size, y + 0.25 * size);
        pen * k
    }

    /// Appends another canvas moved down by `dy`.
    pub fn append(&mut self, other: &Canvas, dy: f32) {
        let _ = writeln!(self.body, "<g transform=\"translate(0 {dy:.1})\">");
        self.body.push_str(&other.body);
        self.body.push_str("</g>\n");
        self.noteheads += other.noteheads;
        self.text_fallbacks += other.text_fallbacks;
        self.cover(other.top + dy, other.bottom + dy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same glyph: the same advance and the same outline.
    fn same(a: Glyph, b: Glyph) -> bool {
        a.advance == b.advance && a.outline == b.outline
    }

    #[test]
    fn every_table_entry_is_found_by_its_lookup() {
        for (c, g) in TEXT {
            assert!(
                text_glyph(*c).is_some_and(|found| same(found, *g)),
                "U+{:04X} is in the table but its lookup misses it",
                u32::from(*c)
            );
        }
        for (name, g) in MUSIC {
            assert!(
                same(music(name), *g),
                "{name} is in the table but its lookup misses it"
            );
        }
    }

    #[test]
    fn chord_signs_and_latin_text_have_outlines() {
        for c in "♯♭♮𝄪𝄫Δ°øABCDEFGmajdisu+-/()0123456789 éñüßłőčŠ–—’…".chars()
        {
            assert!(text_glyph(c).is_some(), "{c} has no outline");
        }
    }

    #[test]
    fn other_scripts_are_written_as_text_not_as_a_sign() {
        let mut canvas = Canvas::new();
        canvas.text("Ночь <блюз> 夜 & Dúo", 10.0, 20.0, 14.0, "title");
        assert_eq!(canvas.text_fallbacks, 9, "{}", canvas.body);
        assert!(canvas.body.contains(">Ночь</text>"), "{}", canvas.body);
        assert!(canvas.body.contains(">блюз</text>"), "{}", canvas.body);
        assert!(canvas.body.contains(">夜</text>"), "{}", canvas.body);
        // `<`, `>`, `&` and `Dúo` have outlines: three runs of text only.
        assert_eq!(canvas.body.matches("<text").count(), 3, "{}", canvas.body);
    }
}
