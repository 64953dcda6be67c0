//! Every crate's modules import one another in one direction only: no module reaches a module
//! that, directly or through others, reaches it back. Read from the source of every crate in
//! the workspace: each module's `crate::…` and `super::…` paths outside its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The `.rs` files below `dir`, at any depth.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// A file's module path (`svg::notes`; `critic` for `critic/mod.rs`); `None` for the root.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    (!parts.is_empty() && !rel.starts_with("bin")).then(|| parts.join("::"))
}

/// Module → the modules its code (not its tests) names, for the crate whose sources are `src`.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<(String, PathBuf)> = rust_files(src)
        .into_iter()
        .filter_map(|f| module_of(src, &f).map(|m| (m, f)))
        .collect();
    let modules: BTreeSet<&str> = files.iter().map(|(m, _)| m.as_str()).collect();
    // The longest known module a path names: `svg::notes::draw` → `svg::notes`.
    let known = |words: &[&str]| {
        (1..=words.len())
            .rev()
            .map(|n| words[..n].join("::"))
            .find(|m| modules.contains(m.as_str()))
    };
    let mut graph = BTreeMap::new();
    for (name, path) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        // `super` of `svg/notes.rs` is `svg`; of `critic/mod.rs` and `font.rs`, the root.
        let parent = name.rsplit_once("::").map(|(p, _)| p.to_string());
        let mut uses = BTreeSet::new();
        for (prefix, base) in [("crate::", None), ("super::", parent.as_deref())] {
            for part in code.split(prefix).skip(1) {
                let tail = part
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .next()
                    .unwrap_or_default();
                let mut words: Vec<&str> =
                    base.map(|b| b.split("::").collect()).unwrap_or_default();
                words.extend(tail.split("::").filter(|w| !w.is_empty()));
                if let Some(used) = known(&words) {
                    if &used != name && !name.starts_with(&format!("{used}::")) {
                        uses.insert(used);
                    }
                }
            }
        }
        graph.insert(name.clone(), uses);
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

/// The workspace's crates: each folder of `crates/` with a `src`.
fn crates() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("src").is_dir())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                p.join("src"),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let crates = crates();
    assert!(crates.len() >= 11, "{crates:?}");
    let mut cycles = Vec::new();
    for (krate, src) in &crates {
        let graph = imports(src);
        for name in graph.keys() {
            if let Some(cycle) = cycle_from(&graph, name) {
                cycles.push(format!("{krate}: {}", cycle.join(" -> ")));
                break;
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

/// The reader sees imports as a reader of the code would, or the test above proves nothing:
/// checked on edges written down by hand from the sources.
#[test]
fn the_reader_sees_known_imports() {
    let src = |krate: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../")
            .join(krate)
            .join("src")
    };
    let render = imports(&src("render"));
    assert!(render["svg::notes"].contains("svg::layout"), "{render:?}");
    let core = imports(&src("core"));
    assert!(
        core["critic::example"].contains("critic::findings"),
        "{core:?}"
    );
    assert!(
        core["critic::repair"].contains("critic::review"),
        "{core:?}"
    );
    let theory = imports(&src("theory"));
    assert!(theory["chord"].contains("note"), "{theory:?}");
    assert!(!theory["note"].contains("chord"), "{theory:?}");
}
