//! Helpers shared by the integration tests.
#![allow(dead_code)]

use jamsesh_abc::AbcFile;
use serde_json::Value;

/// The tree as JSON with every `span` removed, so trees from different texts compare.
pub fn without_spans(file: &AbcFile) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("span");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(file).expect("trees serialize");
    strip(&mut v);
    v
}

/// Parses, writes, parses again and checks the trees are equal; returns the written text.
pub fn assert_round_trip(src: &str) -> String {
    let (first, _) = jamsesh_abc::parse(src);
    let text = jamsesh_abc::write_file(&first);
    let (second, _) = jamsesh_abc::parse(&text);
    assert_eq!(
        without_spans(&first),
        without_spans(&second),
        "round trip changed the tree; written text:\n{text}"
    );
    text
}

/// The only tune of `src`, asserting it parsed without errors.
pub fn tune(src: &str) -> jamsesh_abc::Tune {
    let (mut tunes, diags) = jamsesh_abc::parse_tunes(src);
    assert!(diags.is_clean(), "{}", diags.render("test", src));
    assert_eq!(tunes.len(), 1);
    tunes.remove(0)
}

/// `[onset, duration, midi]` of a tune's first voice as strings for compact assertions.
pub fn played(t: &jamsesh_abc::Tune) -> Vec<(String, String, i32)> {
    t.performance()[0]
        .notes
        .iter()
        .map(|n| (n.onset.to_string(), n.duration.to_string(), n.midi))
        .collect()
}

/// Where `scripts/setup-corpus` puts the real-world corpus (override with `JAMSESH_ABC_CORPUS`).
pub fn corpus_dir() -> std::path::PathBuf {
    std::env::var_os("JAMSESH_ABC_CORPUS").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/abc-corpus"),
        std::path::PathBuf::from,
    )
}

/// Every `.abc` file under `dir`, sorted so samples are stable.
pub fn abc_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("abc")) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The corpus files, failing with a hint when the corpus was never gathered.
pub fn corpus_files() -> Vec<std::path::PathBuf> {
    let dir = corpus_dir();
    let files = abc_files(&dir);
    assert!(
        !files.is_empty(),
        "no corpus at {}; run scripts/setup",
        dir.display()
    );
    files
}
