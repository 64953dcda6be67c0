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

/// Rasterises an SVG at `scale` (2.0 gives crisp images in chat apps).
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .map_err(|e| PngError::Svg(e.to_string()))?;
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
