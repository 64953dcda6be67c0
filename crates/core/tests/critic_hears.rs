//! The critic hears what a musician hears. A mutation suite of jams broken on purpose —
//! chords relabelled from another mode, chords against every scale offered, melody notes a
//! semitone off the chord, endings off the last chord, an unresolved leading tone or fourth —
//! written as data by `tests/data/mutations/make.py` (not by the code under test): the critic
//! must reject each or score it below 70, while the engine's own jams pass.

use jamsesh_core::{Jam, Overrides};
use std::path::Path;

fn jams_in(dir: &str) -> Vec<(String, Jam)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, serde_json::from_str(&text).unwrap())
        })
        .collect()
}

#[test]
fn every_deliberately_broken_jam_is_rejected_or_scored_below_70() {
    let broken = jams_in("tests/data/mutations/broken");
    assert!(broken.len() >= 200, "{} mutations", broken.len());
    let mut missed = Vec::new();
    let mut per_kind: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (name, j) in &broken {
        let report = jamsesh_core::review(j);
        let caught = !report.valid || report.score < 70;
        let kind = name
            .split('-')
            .take_while(|w| w.parse::<u32>().is_err())
            .collect::<Vec<_>>()
            .join("-");
        let entry = per_kind.entry(kind).or_default();
        entry.0 += usize::from(caught);
        entry.1 += 1;
        if !caught {
            missed.push(format!(
                "{name}: score {} {:?}",
                report.score, report.warnings
            ));
        }
    }
    for (kind, (caught, total)) in &per_kind {
        println!("{kind}: {caught}/{total} caught");
    }
    assert!(
        missed.is_empty(),
        "{} missed:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

#[test]
fn the_engines_own_jams_pass() {
    let mut low = Vec::new();
    for s in jamsesh_core::STYLES {
        for (key, seed) in [
            ("", 1),
            (" in A minor", 2),
            (" in Eb", 3),
            (" in D dorian", 4),
        ] {
            let prompt = format!("{}{key}", s.name);
            let j = jamsesh_core::generate(
                &jamsesh_core::parse_intent(&prompt, &Overrides::default()).unwrap(),
                seed,
            );
            let report = jamsesh_core::review(&j);
            if !report.valid || report.score < 80 || !report.warnings.is_empty() {
                low.push(format!(
                    "{prompt} s{seed}: {} {:?} {:?}",
                    report.score, report.errors, report.warnings
                ));
            }
        }
    }
    assert!(low.is_empty(), "{}", low.join("\n"));
}
