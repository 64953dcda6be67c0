//! One picture of the engraving gallery: JamSesh's PNG on the left, abcm2ps's SVG (rasterised
//! here with resvg and the system's fonts, scaled to the same width) on the right, each under
//! a label, written as an 8-bit greyscale PNG to keep the file small.
//!
//! `cargo run --release -p jamsesh-render --example gallery_pair -- OURS.png ABCM2PS.svg OUT.png`
//! (called by `scripts/engraving-gallery`).

use resvg::{tiny_skia, usvg};
use std::sync::Arc;

/// Width each side is drawn at, in pixels.
const SIDE: u32 = 1000;
/// Height of the label band above the pictures.
const LABEL: u32 = 44;
/// Space between and around the pictures.
const GAP: u32 = 16;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 {
        eprintln!("usage: gallery_pair OURS.png ABCM2PS.svg OUT.png");
        std::process::exit(2);
    }
    let ours = tiny_skia::Pixmap::load_png(&args[0])
        .unwrap_or_else(|e| panic!("reading {}: {e}", args[0]));
    let svg =
        std::fs::read_to_string(&args[1]).unwrap_or_else(|e| panic!("reading {}: {e}", args[1]));
    let options = options_with_system_fonts();
    let theirs = rasterise(&svg, &options, SIDE);

    let width = 2 * SIDE + 3 * GAP;
    let height = LABEL + ours.height().max(theirs.height()) + GAP;
    let mut canvas = tiny_skia::Pixmap::new(width, height).expect("a sane size");
    canvas.fill(tiny_skia::Color::WHITE);
    let paint = tiny_skia::PixmapPaint::default();
    let identity = tiny_skia::Transform::identity();
    canvas.draw_pixmap(
        GAP as i32,
        LABEL as i32,
        ours.as_ref(),
        &paint,
        identity,
        None,
    );
    let right = (2 * GAP + SIDE) as i32;
    canvas.draw_pixmap(right, LABEL as i32, theirs.as_ref(), &paint, identity, None);
    let labels = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{LABEL}">
  <g font-family="DejaVu Sans, sans-serif" font-size="24" font-weight="bold" fill="#444">
    <text x="{l}" y="30">JamSesh</text><text x="{r}" y="30">abcm2ps</text>
  </g>
  <line x1="{mid}" y1="0" x2="{mid}" y2="{height}" stroke="#bbb" stroke-width="2"/>
</svg>"##,
        l = GAP,
        r = right,
        mid = GAP + SIDE + GAP / 2,
    );
    let tree = usvg::Tree::from_str(&labels, &options).expect("label SVG parses");
    resvg::render(&tree, identity, &mut canvas.as_mut());
    write_grey_png(&canvas, &args[2]);
}

/// usvg options whose font database holds the system's fonts, with the PostScript names
/// abcm2ps writes (Times, Helvetica) resolved through the generic families.
fn options_with_system_fonts() -> usvg::Options<'static> {
    let mut options = usvg::Options::default();
    let db = Arc::make_mut(&mut options.fontdb);
    db.load_system_fonts();
    db.set_serif_family("DejaVu Serif");
    db.set_sans_serif_family("DejaVu Sans");
    options
}

/// Rasterises `svg` scaled to `width` pixels wide, on white.
fn rasterise(svg: &str, options: &usvg::Options, width: u32) -> tiny_skia::Pixmap {
    // abcm2ps names PostScript fonts that Linux systems rarely have; use the generic families.
    let svg = svg
        .replace("px Times", "px serif")
        .replace("px Helvetica", "px sans-serif");
    let tree = usvg::Tree::from_str(&svg, options).expect("abcm2ps SVG parses");
    let scale = width as f32 / tree.size().width();
    let height = (tree.size().height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height.max(1)).expect("a sane size");
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
}

/// Writes the picture (opaque: drawn on white) as an 8-bit greyscale PNG.
fn write_grey_png(pixmap: &tiny_skia::Pixmap, path: &str) {
    let grey: Vec<u8> = pixmap
        .pixels()
        .iter()
        .map(|p| {
            let c = p.demultiply();
            let y = 0.299 * f32::from(c.red())
                + 0.587 * f32::from(c.green())
                + 0.114 * f32::from(c.blue());
            y.round() as u8
        })
        .collect();
    let file = std::fs::File::create(path).unwrap_or_else(|e| panic!("writing {path}: {e}"));
    let mut encoder = png::Encoder::new(
        std::io::BufWriter::new(file),
        pixmap.width(),
        pixmap.height(),
    );
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().expect("PNG header");
    writer.write_image_data(&grey).expect("PNG data");
}
