//! SVG → PNG with resvg (the `png` feature).

/// Why an SVG could not become a PNG.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PngError {
    /// The SVG did not parse (a bug in the engraver, reported rather than hidden).
    #[error("the SVG could not be read: {0}")]
    Svg(String),
    /// The picture would be empty or absurdly large.
    #[error("a {0}×{1} picture cannot be made")]
    Size(u32, u32),
    /// Encoding failed.
    #[error("could not encode the PNG: {0}")]
    Encode(String),
}

use resvg::usvg::fontdb::Database;
use std::sync::{Arc, OnceLock};

/// The system's fonts, read once on first need: only text the embedded outlines do not cover
/// (scripts other than Latin, emoji) is drawn with them.
fn system_fonts() -> Arc<Database> {
    static FONTS: OnceLock<Arc<Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = Database::new();
            db.load_system_fonts();
            Arc::new(db)
        })
        .clone()
}

/// Rasterises an SVG at `scale` (2.0 gives crisp images in chat apps).
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let mut options = resvg::usvg::Options::default();
    if svg.contains("<text") {
        options.fontdb = system_fonts();
    }
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let scale = scale.clamp(0.1, 8.0);
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > 64_000_000 {
        return Err(PngError::Size(w, h));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or(PngError::Size(w, h))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}
