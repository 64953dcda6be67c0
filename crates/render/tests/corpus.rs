//! Every tune of the real-world corpus engraves, and the SVG is valid: well-formed XML
//! (roxmltree parses each one), and resvg reads and rasterises each one (at a small scale; a
//! sample at full size).

#[path = "../../abc/tests/common.rs"]
mod common;

#[test]
fn every_corpus_tune_renders_to_svg_and_png() {
    let dir = common::corpus_dir();
    let files = common::abc_files(&dir);
    assert!(
        !files.is_empty(),
        "no corpus at {}; run scripts/setup",
        dir.display()
    );
    let (mut tunes, mut heads) = (0usize, 0usize);
    for (i, f) in files.iter().enumerate() {
        let src = jamsesh_abc::decode(&std::fs::read(f).unwrap()).into_owned();
        let (parsed, _) = jamsesh_abc::parse_tunes(&src);
        for (k, t) in parsed.iter().enumerate() {
            let e = jamsesh_render::engrave(t, &jamsesh_render::SvgOptions::default());
            if let Err(err) = roxmltree::Document::parse(&e.svg) {
                panic!("{} X:{:?}: the SVG is not XML: {err}", f.display(), t.x);
            }
            let scale = if (i + k) % 50 == 0 { 1.0 } else { 0.05 };
            if let Err(err) = jamsesh_render::svg_to_png(&e.svg, scale) {
                panic!("{} X:{:?}: {err}", f.display(), t.x);
            }
            tunes += 1;
            heads += e.noteheads;
        }
    }
    eprintln!("engraved {tunes} tunes, {heads} noteheads");
    assert!(tunes > 13_000);
}
