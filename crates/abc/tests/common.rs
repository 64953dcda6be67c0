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
    let text = jamsesh_abc::write::write_file(&first);
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
