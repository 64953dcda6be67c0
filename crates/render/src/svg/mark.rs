//! What the layout places, as plain data: glyphs, lines, shapes and text at coordinates in
//! SVG units (y down), kept with the vertical extent they cover so staves can be stacked
//! without collisions. The drawer (`draw.rs`) turns them into SVG text.

use crate::font::{self, SP};

/// One placed thing.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Mark {
    /// A music glyph by SMuFL name with its origin at (x, y), scaled by `scale`.
    Glyph {
        name: &'static str,
        x: f32,
        y: f32,
        scale: f32,
    },
    /// A stroked line.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
    },
    /// A filled quadrilateral (a beam): its corners in drawing order.
    Beam { corners: [(f32, f32); 4] },
    /// A filled crescent (a tie or slur): out along one cubic from `from` to `to`, back along
    /// another; `controls` are the two pairs of control points.
    Curve {
        class: &'static str,
        from: (f32, f32),
        to: (f32, f32),
        controls: [(f32, f32); 4],
    },
    /// A filled rectangle.
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
    /// A filled dot.
    Dot { x: f32, y: f32, r: f32 },
    /// Text with its baseline starting at (x, y), `size` the em in SVG units.
    Text {
        text: String,
        x: f32,
        y: f32,
        size: f32,
        class: &'static str,
    },
    /// A zigzag line left of a chord.
    Arpeggio { points: Vec<(f32, f32)> },
}

/// The marks of one staff (or of the page's header), with their extent and counts.
#[derive(Clone, Debug, Default)]
pub(crate) struct Marks {
    pub list: Vec<Mark>,
    /// Noteheads placed (grace notes included).
    pub noteheads: usize,
    /// Characters placed that the embedded fonts lack (drawn as SVG text).
    pub text_fallbacks: usize,
    /// Highest and lowest y covered so far.
    pub top: f32,
    pub bottom: f32,
}

impl Marks {
    pub fn new() -> Marks {
        Marks::default()
    }

    /// Widens the recorded extent to cover `y1..y2`.
    pub fn cover(&mut self, y1: f32, y2: f32) {
        self.top = self.top.min(y1.min(y2));
        self.bottom = self.bottom.max(y1.max(y2));
    }

    /// A glyph with its origin at (x, y).
    pub fn glyph(&mut self, name: &'static str, x: f32, y: f32) {
        self.glyph_scaled(name, x, y, 1.0);
    }

    /// A glyph scaled by `k` (grace notes, small signs).
    pub fn glyph_scaled(&mut self, name: &'static str, x: f32, y: f32, k: f32) {
        if name.starts_with("notehead") {
            self.noteheads += 1;
        }
        self.list.push(Mark::Glyph {
            name,
            x,
            y,
            scale: k,
        });
        let reach = match name {
            "gClef" => (4.5, 2.5),
            "fClef" | "cClef" => (2.2, 2.2),
            _ => (1.0, 1.0),
        };
        self.cover(y - reach.0 * SP * k, y + reach.1 * SP * k);
    }

    /// A stroked line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.list.push(Mark::Line {
            from: (x1, y1),
            to: (x2, y2),
            width,
        });
        self.cover(y1, y2);
    }

    /// A beam, covering `y1..y2`.
    pub fn beam(&mut self, corners: [(f32, f32); 4], y1: f32, y2: f32) {
        self.list.push(Mark::Beam { corners });
        self.cover(y1, y2);
    }

    /// A tie or slur, covering `y1..y2`.
    pub fn curve(&mut self, curve: Mark, y1: f32, y2: f32) {
        debug_assert!(matches!(curve, Mark::Curve { .. }));
        self.list.push(curve);
        self.cover(y1, y2);
    }

    /// A filled rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.list.push(Mark::Rect {
            x,
            y,
            width: w,
            height: h,
        });
        self.cover(y, y + h);
    }

    /// A filled dot.
    pub fn dot(&mut self, x: f32, y: f32, r: f32) {
        self.list.push(Mark::Dot { x, y, r });
        self.cover(y - r, y + r);
    }

    /// An arpeggio's zigzag (it stays within the chord's extent).
    pub fn arpeggio(&mut self, points: Vec<(f32, f32)>) {
        self.list.push(Mark::Arpeggio { points });
    }

    /// Text with its baseline at y, starting at x; returns its width, measured from the
    /// fonts' advances.
    pub fn text(&mut self, text: &str, x: f32, y: f32, size: f32, class: &'static str) -> f32 {
        self.text_fallbacks += text.chars().filter(|&c| font::is_fallback(c)).count();
        self.list.push(Mark::Text {
            text: text.to_string(),
            x,
            y,
            size,
            class,
        });
        self.cover(y - 0.75 * size, y + 0.25 * size);
        font::text_advance(text) * (size / 1000.0)
    }
}
