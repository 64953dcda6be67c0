//! Any text as a jam (JSON) or as a jam's example: the critic and repair never panic.
#![no_main]

use jamsesh_core::{critic, intent, jam, Overrides};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(j) = serde_json::from_str::<jamsesh_core::Jam>(&text) {
        let _ = critic::repair(&j);
    }
    // The same text as an LLM's melody inside an otherwise good jam.
    let i = intent::parse("blues in A", &Overrides::default()).expect("a fixed prompt parses");
    let mut j = jam::generate(&i, 1);
    j.example = text.into_owned();
    let (fixed, report) = critic::repair(&j);
    if report.valid {
        assert!(critic::review(&fixed).valid);
    }
});
