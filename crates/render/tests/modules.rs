//! The render crate reaches only the crates below it: its manifest names no JamSesh crate but
//! `abc` and `theory`. (That its modules import one another in one direction only is checked
//! for every crate by `crates/ops/tests/module_cycles.rs`.)

use std::collections::BTreeSet;
use std::path::Path;

/// Render sits below the composer and the band: its manifest names no JamSesh crate but
/// `abc` and `theory`, not even among the dev-dependencies its tests and benches use.
#[test]
fn the_manifest_names_only_the_crates_below() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let named: BTreeSet<&str> = manifest
        .lines()
        .filter_map(|line| line.trim_start().split(['=', ' ', '.']).next())
        .filter(|key| key.starts_with("jamsesh-"))
        .collect();
    assert_eq!(
        named,
        BTreeSet::from(["jamsesh-abc", "jamsesh-theory"]),
        "{manifest}"
    );
}
