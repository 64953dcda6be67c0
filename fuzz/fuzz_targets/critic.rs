//! Any text as a jam (JSON) or as a jam's example: the critic and repair never panic.
#![no_main]

use jamsesh_core::Overrides;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(j) = serde_json::from_str::<jamsesh_core::Jam>(&text) {
        let _ = jamsesh_core::repair(&j);
    }
    // The same text as an LLM's melody inside an otherwise good jam.
    let i = jamsesh_core::parse_intent("blues in A", &Overrides::default())
        .expect("a fixed prompt parses");
    let mut j = jamsesh_core::generate(&i, 1);
    j.example = text.into_owned();
    let (fixed, report) = jamsesh_core::repair(&j);
    if report.valid {
        assert!(jamsesh_core::review(&fixed).valid);
    }
});
