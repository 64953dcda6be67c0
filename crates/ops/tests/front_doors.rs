//! One front door: the crates users meet (the bot, the CLI, the server, the widget's wasm)
//! reach the music through `jamsesh-ops` alone. Their `[dependencies]` (and build
//! dependencies) may name no other JamSesh crate, except that the CLI runs the bot and the
//! server. `[dev-dependencies]` are free: tests may look behind the door.
//!
//! Read from `cargo metadata`, so a renamed dependency (`core = { package = "jamsesh-core" }`)
//! or one under a `[target.…]` table is seen as well.

use serde_json::{json, Value};
use std::process::Command;

/// Each door and the JamSesh crates it may depend on, written out by hand.
const DOORS: [(&str, &[&str]); 4] = [
    ("jamsesh-bot", &["jamsesh-ops"]),
    (
        "jamsesh-cli",
        &["jamsesh-bot", "jamsesh-ops", "jamsesh-server"],
    ),
    ("jamsesh-server", &["jamsesh-ops"]),
    ("jamsesh-wasm", &["jamsesh-ops"]),
];

/// The workspace's packages as `cargo metadata --no-deps` lists them.
fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root)
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

/// The JamSesh crates `door` depends on outside its dev-dependencies, sorted; `None` when the
/// workspace has no such package.
fn jamsesh_dependencies(metadata: &Value, door: &str) -> Option<Vec<String>> {
    let package = metadata["packages"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == door)?;
    let mut names: Vec<String> = package["dependencies"]
        .as_array()?
        .iter()
        .filter(|d| d["kind"] != "dev")
        .filter_map(|d| d["name"].as_str())
        .filter(|name| name.starts_with("jamsesh-"))
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    Some(names)
}

/// What is wrong with the doors' dependencies, one line per door: the crates named that are
/// not allowed, and the door crates missing.
fn faults(metadata: &Value) -> Vec<String> {
    let mut faults = Vec::new();
    for (door, allowed) in DOORS {
        let Some(found) = jamsesh_dependencies(metadata, door) else {
            faults.push(format!("{door}: not a package of the workspace"));
            continue;
        };
        let forbidden: Vec<&str> = found
            .iter()
            .map(String::as_str)
            .filter(|name| !allowed.contains(name))
            .collect();
        if !forbidden.is_empty() {
            faults.push(format!(
                "{door} depends on {} (only {} allowed; reach the music through jamsesh-ops)",
                forbidden.join(", "),
                allowed.join(", ")
            ));
        }
        if !found.iter().any(|name| name == "jamsesh-ops") {
            faults.push(format!("{door} does not depend on jamsesh-ops"));
        }
    }
    faults
}

#[test]
fn the_doors_depend_on_ops_and_no_other_music_crate() {
    let faults = faults(&metadata());
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn a_door_that_names_a_music_crate_is_named() {
    // A hand-made workspace: the bot reaches core (renamed) and, in tests only, abc; the wasm
    // reaches render as a build dependency; the server forgot ops.
    let dep = |name: &str, kind: Value| json!({ "name": name, "kind": kind, "rename": null });
    let workspace = json!({ "packages": [
        { "name": "jamsesh-bot", "dependencies": [
            dep("jamsesh-ops", Value::Null),
            { "name": "jamsesh-core", "kind": null, "rename": "core" },
            dep("jamsesh-abc", json!("dev")),
        ]},
        { "name": "jamsesh-cli", "dependencies": [
            dep("jamsesh-ops", Value::Null),
            dep("jamsesh-bot", Value::Null),
            dep("jamsesh-server", Value::Null),
            dep("serde", Value::Null),
        ]},
        { "name": "jamsesh-server", "dependencies": [dep("axum", Value::Null)] },
        { "name": "jamsesh-wasm", "dependencies": [
            dep("jamsesh-ops", Value::Null),
            dep("jamsesh-render", json!("build")),
        ]},
    ]});
    assert_eq!(
        faults(&workspace),
        [
            "jamsesh-bot depends on jamsesh-core (only jamsesh-ops allowed; reach the music \
             through jamsesh-ops)",
            "jamsesh-server does not depend on jamsesh-ops",
            "jamsesh-wasm depends on jamsesh-render (only jamsesh-ops allowed; reach the music \
             through jamsesh-ops)",
        ]
    );
    let no_cli = json!({ "packages": [] });
    assert!(faults(&no_cli).contains(&"jamsesh-cli: not a package of the workspace".to_string()));
}
