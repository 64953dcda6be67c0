//! Engraving: `Tune` → self-contained SVG, in two stages, as resvg has `usvg::Tree` between
//! parsing and drawing. First the layout (`systems.rs` and the modules it calls) places every
//! glyph, line and word of the tune at coordinates, as plain data ([`page::Page`]); then a
//! small drawer (`draw.rs`) writes that page as SVG text. Widths are measured from the
//! embedded fonts' advances.
//!
//! Music glyphs come from an embedded subset of Bravura and text from Academico (both OFL, as
//! outlines), so the picture is the same in resvg, every browser and on any server — no
//! system fonts. The one exception is text in scripts Academico lacks (Greek, Cyrillic, CJK,
//! emoji …): rather than a `?`, such runs are written as SVG `<text>` with a font stack,
//! which browsers draw with their fonts and [`crate::svg_to_png`] with the system's.

mod beams;
mod decorations;
mod draw;
mod header;
mod heads;
mod layout;
mod mark;
mod metrics;
mod notation;
mod notes;
mod page;
mod spanners;
mod spelling;
mod staff;
mod systems;
mod tuplets;
mod voice;
mod words;

pub use draw::Theme;
use jamsesh_abc::Tune;

/// Engraving options.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SvgOptions {
    /// Width of the picture in SVG units (pixels at scale 1).
    pub width: f32,
    /// Colours.
    pub theme: Theme,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            width: 1000.0,
            theme: Theme::Light,
        }
    }
}

/// An engraved tune, with counts that tests and callers can check.
#[derive(Clone, Debug, PartialEq)]
pub struct Engraving {
    /// The SVG document.
    pub svg: String,
    /// Systems (lines of music).
    pub systems: usize,
    /// Noteheads drawn (grace notes included).
    pub noteheads: usize,
    /// Characters the embedded fonts lack, written as SVG `<text>` for the viewer's fonts (and
    /// for the system's fonts when rasterised): 0 for every chord symbol and Latin text.
    pub text_fallbacks: usize,
    /// Bars drawn (all voices).
    pub bars: usize,
    /// Height of the picture in SVG units (its width is the options' width).
    pub height: f32,
}

/// Engraves a tune.
pub fn engrave(tune: &Tune, options: &SvgOptions) -> Engraving {
    engrave_until(tune, options, &|| false).expect("never stopped")
}

/// Engraves a tune unless `stop` turns true (asked before each system): `None` then, so work
/// for a client that has gone away ends early.
pub fn engrave_until(
    tune: &Tune,
    options: &SvgOptions,
    stop: &dyn Fn() -> bool,
) -> Option<Engraving> {
    let page = lay_out(tune, options, stop)?;
    let marks = || page.all_marks().map(|(m, _)| m);
    Some(Engraving {
        svg: draw::document(&page, options.theme),
        systems: page.systems.len(),
        noteheads: marks().map(|m| m.noteheads).sum(),
        text_fallbacks: marks().map(|m| m.text_fallbacks).sum(),
        bars: page
            .systems
            .iter()
            .flat_map(|s| &s.staves)
            .map(|s| s.bars)
            .sum(),
        height: page.height,
    })
}

/// The layout of a tune at the options' width (clamped to 300–4000).
fn lay_out(tune: &Tune, options: &SvgOptions, stop: &dyn Fn() -> bool) -> Option<page::Page> {
    systems::lay_out(tune, options.width.clamp(300.0, 4000.0), stop)
}

#[cfg(test)]
mod tests;
