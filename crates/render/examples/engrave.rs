//! Engraves an ABC file to PNG: `cargo run -p jamsesh-render --example engrave FILE.abc OUT.png`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let src = std::fs::read_to_string(&args[1]).expect("readable ABC");
    let (tunes, _) = jamsesh_abc::parse_tunes(&src);
    let e = jamsesh_render::engrave(&tunes[0], &jamsesh_render::SvgOptions::default());
    std::fs::write(args[2].replace(".png", ".svg"), &e.svg).unwrap();
    std::fs::write(&args[2], jamsesh_render::svg_to_png(&e.svg, 1.0).unwrap()).unwrap();
}
