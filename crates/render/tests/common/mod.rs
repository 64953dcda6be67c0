//! What several test files share: the jams kept as files.

/// The ABC text of `tests/data/jams/<name>.abc`, a jam the composer wrote (see the README there).
pub fn jam_file(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/jams")
        .join(format!("{name}.abc"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
