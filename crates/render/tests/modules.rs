//! The render crate's modules import one another in one direction only: no module reaches a
//! module that (directly or through others) reaches it back. Read from the source: each
//! module's `crate::…` and `super::…` paths outside its tests. And the crate itself reaches
//! only the crates below it: its manifest names no JamSesh crate but `abc` and `theory`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module name (`font`, `svg::notes`) → the modules its code names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in [src.clone(), src.join("svg")] {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let name_of = |path: &Path| {
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        rel.to_string_lossy().replace('/', "::")
    };
    let modules: BTreeSet<String> = files.iter().map(|p| name_of(p)).collect();
    let mut graph = BTreeMap::new();
    for path in &files {
        let name = name_of(path);
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let parent = name.rsplit_once("::").map(|(p, _)| p.to_string());
        let mut uses = BTreeSet::new();
        for (prefix, base) in [("crate::", None), ("super::", parent.as_deref())] {
            for part in code.split(prefix).skip(1) {
                let words: Vec<&str> = part
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .next()
                    .unwrap_or_default()
                    .split("::")
                    .collect();
                let path = match base {
                    Some(b) => format!("{b}::{}", words[0]),
                    None if words.len() > 1
                        && modules.contains(&format!("{}::{}", words[0], words[1])) =>
                    {
                        format!("{}::{}", words[0], words[1])
                    }
                    None => words[0].to_string(),
                };
                if modules.contains(&path) && path != name {
                    uses.insert(path);
                }
            }
        }
        graph.insert(name, uses);
    }
    graph
}

/// A cycle through `from`, if its imports lead back to it.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        for next in &graph[path.last().unwrap()] {
            if next == from {
                return Some([path.clone(), vec![next.clone()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push([path.clone(), vec![next.clone()]].concat());
            }
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    assert!(graph.len() > 20, "{graph:?}");
    // The reader sees imports: the engraver's notes draw with the layout's columns.
    assert!(graph["svg::notes"].contains("svg::layout"), "{graph:?}");
    for name in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, name) {
            panic!("an import cycle: {}", cycle.join(" -> "));
        }
    }
}

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
