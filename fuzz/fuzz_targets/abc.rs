//! Any bytes through the whole ABC pipeline: no panic, and the canonical writer is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = jamsesh_abc::decode(data);
    let (tunes, diags) = jamsesh_abc::parse_tunes(&src);
    let _ = diags.render("fuzz", &src);
    for t in &tunes {
        let _ = t.performance();
    }
    let (tree, _) = jamsesh_abc::parse(&src);
    let once = jamsesh_abc::write_file(&tree);
    let twice = jamsesh_abc::write_file(&jamsesh_abc::parse(&once).0);
    assert_eq!(once, twice, "the canonical form is not a fixed point");
    let shift = i32::from(data.first().copied().unwrap_or(0) % 23) - 11;
    let _ = jamsesh_abc::write_file(&jamsesh_abc::transpose_file(&tree, shift));
});
