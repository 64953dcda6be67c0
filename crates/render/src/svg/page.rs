//! The engraved page as plain data, between the `Tune` and the SVG text (as `usvg::Tree` sits
//! between parsing and drawing in resvg): the header, then systems of stacked staves, each
//! staff's marks at coordinates, where each bar sits across, and the brace joining staves.

use super::mark::Marks;

/// A laid-out page.
#[derive(Clone, Debug)]
pub(crate) struct Page {
    /// Width and height in SVG units.
    pub width: f32,
    pub height: f32,
    /// Titles, composer and tempo.
    pub header: Marks,
    /// Lines of music, top to bottom.
    pub systems: Vec<System>,
}

/// One line of music: its staves stacked, sharing bar positions.
#[derive(Clone, Debug)]
pub(crate) struct System {
    /// Where each bar (or piece of a bar) sits across, in order.
    pub bars: Vec<BarSpan>,
    /// The top and bottom of the band that marks a bar being played, over all the staves.
    pub band: (f32, f32),
    /// The staves, top to bottom.
    pub staves: Vec<PlacedStaff>,
    /// The brace and line joining two or more staves.
    pub brace: Option<Brace>,
}

/// Where a bar sits across a system.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BarSpan {
    /// The bar's index in the tune.
    pub bar: usize,
    pub x1: f32,
    pub x2: f32,
}

/// One staff of a system: its marks, drawn with the staff's top line at y = 0, moved down by
/// `dy`.
#[derive(Clone, Debug)]
pub(crate) struct PlacedStaff {
    pub dy: f32,
    pub marks: Marks,
    /// Bars that start on this staff in this system.
    pub bars: usize,
}

/// The brace left of a system's staves (the glyph stretched to their height) and the line
/// joining them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Brace {
    /// Where the glyph's origin goes, and its horizontal and vertical scale.
    pub x: f32,
    pub y: f32,
    pub scale: (f32, f32),
    /// The joining line: its x, and from `top` down to `y`.
    pub line_x: f32,
    pub top: f32,
}

impl Page {
    /// Every staff's and the header's marks, with the vertical shift each is drawn at.
    pub fn all_marks(&self) -> impl Iterator<Item = (&Marks, f32)> {
        std::iter::once((&self.header, 0.0)).chain(
            self.systems
                .iter()
                .flat_map(|s| s.staves.iter().map(|st| (&st.marks, st.dy))),
        )
    }
}
