//! Engraves and rasterises every tune of the real-world corpus once, the way a server would
//! (parse → SVG → PNG at 1000 px wide, one tune at a time), so that `/usr/bin/time -v` can
//! report the peak memory of rendering the whole corpus (`scripts/measure-render`).
//!
//! `cargo run --release -p jamsesh-render --example render_corpus [CORPUS_DIR]`; prints the
//! number of tunes, PNG bytes and the wall time. Needs `scripts/setup` (the corpus).

use std::time::Instant;

#[path = "../../abc/tests/common.rs"]
mod common;

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(common::corpus_dir, std::path::PathBuf::from);
    let files = common::abc_files(&dir);
    assert!(
        !files.is_empty(),
        "no corpus at {}; run scripts/setup",
        dir.display()
    );
    let options = jamsesh_render::SvgOptions::default();
    let start = Instant::now();
    let (mut tunes, mut svg_bytes, mut png_bytes, mut largest) = (0usize, 0usize, 0usize, 0usize);
    for f in &files {
        let bytes = std::fs::read(f).expect("readable corpus file");
        let src = jamsesh_abc::decode(&bytes);
        let (parsed, _) = jamsesh_abc::parse_tunes(&src);
        for tune in &parsed {
            let engraving = jamsesh_render::engrave(tune, &options);
            let png = jamsesh_render::svg_to_png(&engraving.svg, 1.0)
                .unwrap_or_else(|e| panic!("{} X:{:?}: {e}", f.display(), tune.x));
            tunes += 1;
            svg_bytes += engraving.svg.len();
            png_bytes += png.len();
            largest = largest.max(png.len());
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{} files, {tunes} tunes engraved and rasterised at 1000 px in {:.1} s \
         ({:.2} ms per tune); SVG {:.1} MB, PNG {:.1} MB, largest PNG {} KB",
        files.len(),
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / tunes.max(1) as f64,
        svg_bytes as f64 / 1e6,
        png_bytes as f64 / 1e6,
        largest / 1024,
    );
}
