//! The README's quoted figures, held against what a test measured.
#![allow(dead_code)]

/// Fails unless the workspace README holds every line of `quoted` word for word, so a figure
/// the README quotes is always the one a test measured (update the README when this fails).
pub fn assert_quotes(quoted: &[String]) {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("the workspace README");
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let stale: Vec<&String> = quoted
        .iter()
        .filter(|q| !flat.contains(&q.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    assert!(
        stale.is_empty(),
        "the README quotes other figures than measured; it should say:\n{}",
        stale
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
