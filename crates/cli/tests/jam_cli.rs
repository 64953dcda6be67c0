//! The `jamsesh jam`, `jam-op` and `critic` contract, run as a user runs it.

use serde_json::Value;
use std::process::{Command, Output};

fn jamsesh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jamsesh"))
        .args(args)
        .output()
        .expect("jamsesh runs")
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jamsesh-jam-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn jam_prints_json_and_writes_files() {
    let dir = temp_dir("out");
    let out = jamsesh(&[
        "jam",
        "slow blues in E",
        "--seed",
        "17",
        "--format",
        "json",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let jam: Value = serde_json::from_slice(&out.stdout).unwrap();
    for field in ["title", "style", "chords", "scales", "example"] {
        assert!(
            jam[field].as_str().is_some_and(|s| !s.is_empty()),
            "{field}"
        );
    }
    assert_eq!(
        (
            jam["key"].as_str(),
            jam["meter"].as_str(),
            jam["bars"].as_u64()
        ),
        (Some("E"), Some("4/4"), Some(12))
    );
    assert_eq!(jam["source"], "engine");
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("jam.json")).unwrap()).unwrap();
    assert_eq!(written, jam);
    assert_eq!(
        std::fs::read_to_string(dir.join("jam.abc")).unwrap(),
        jam["example"].as_str().unwrap()
    );
    let midi = std::fs::read(dir.join("jam.mid")).unwrap();
    assert!(
        midi.starts_with(b"MThd") && midi.len() > 200,
        "a Standard MIDI File with notes"
    );

    // `render` turns the ABC into MIDI too; SVG is not there yet and says so.
    let abc = dir.join("jam.abc");
    let mid = dir.join("again.mid");
    let render = jamsesh(&[
        "render",
        abc.to_str().unwrap(),
        "--out",
        mid.to_str().unwrap(),
    ]);
    assert!(
        render.status.success(),
        "{}",
        String::from_utf8_lossy(&render.stderr)
    );
    assert!(std::fs::read(&mid).unwrap().starts_with(b"MThd"));
    for name in ["jam.svg", "jam.png"] {
        assert!(
            std::fs::metadata(dir.join(name)).unwrap().len() > 1000,
            "{name}"
        );
    }
    let png = dir.join("dark.png");
    let dark = jamsesh(&[
        "render",
        abc.to_str().unwrap(),
        "--out",
        png.to_str().unwrap(),
        "--theme",
        "dark",
        "--scale",
        "2",
        "--width",
        "800",
    ]);
    assert!(
        dark.status.success(),
        "{}",
        String::from_utf8_lossy(&dark.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
    // The PNG's width sits in bytes 16..20 (the IHDR chunk): 800 × 2.
    assert_eq!(
        u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]),
        1600
    );
    let bad = jamsesh(&[
        "render",
        abc.to_str().unwrap(),
        "--out",
        dir.join("x.pdf").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let missing = jamsesh(&[
        "render",
        abc.to_str().unwrap(),
        "--out",
        mid.to_str().unwrap(),
        "--tune",
        "9",
    ]);
    assert_eq!(missing.status.code(), Some(2));

    // The critic agrees; a broken copy fails it with exit 1.
    let ok = jamsesh(&["critic", dir.join("jam.json").to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0));
    let mut broken = jam.clone();
    broken["example"] = Value::String(jam["example"].as_str().unwrap().replace("K:E", "K:Eb"));
    std::fs::write(dir.join("broken.json"), broken.to_string()).unwrap();
    let bad = jamsesh(&["critic", dir.join("broken.json").to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!(report["errors"][0]["check"], "key");

    // Operations on the saved jam.
    let path = dir.join("jam.json");
    let melody = jamsesh(&[
        "jam-op",
        "melody",
        "--in",
        path.to_str().unwrap(),
        "--seed",
        "5",
        "--steer",
        "more syncopated",
    ]);
    assert!(melody.status.success());
    let m: Value = serde_json::from_slice(&melody.stdout).unwrap();
    assert_eq!(m["chords"], jam["chords"]);
    assert_ne!(m["example"], jam["example"]);
    // Steer words that steer nothing are named, and the take is still made.
    let wobbly = jamsesh(&[
        "jam-op",
        "melody",
        "--in",
        path.to_str().unwrap(),
        "--steer",
        "more wobbly",
    ]);
    assert!(wobbly.status.success());
    let said = String::from_utf8_lossy(&wobbly.stderr);
    assert!(said.contains("not understood in --steer: wobbly"), "{said}");
    let up = jamsesh(&[
        "jam-op",
        "transpose",
        "--in",
        path.to_str().unwrap(),
        "--semitones",
        "-2",
    ]);
    let u: Value = serde_json::from_slice(&up.stdout).unwrap();
    assert_eq!(u["key"], "D");
    let bass = jamsesh(&[
        "jam-op",
        "harmony",
        "--in",
        path.to_str().unwrap(),
        "--voice",
        "bass",
    ]);
    let b: Value = serde_json::from_slice(&bass.stdout).unwrap();
    assert!(b["example"]
        .as_str()
        .unwrap()
        .contains("V:2 name=\"Bass\" clef=bass"));
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let empty = jamsesh(&["jam", "   "]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("the prompt is empty"));
    let bars = jamsesh(&["jam", "blues", "--bars", "1000"]);
    assert_eq!(bars.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bars.stderr).contains("1000 bars"));
    let flag = jamsesh(&["jam", "blues", "--tempo", "fast"]);
    assert_eq!(flag.status.code(), Some(2));
    let key = jamsesh(&["jam", "blues", "--key", "H minor"]);
    assert_eq!(key.status.code(), Some(2));
}

#[test]
fn a_prompt_over_the_front_doors_limit_is_refused_in_its_words() {
    // About 100 KB: close to the largest single argument Linux passes to a program.
    let out = jamsesh(&["jam", &"groove ".repeat(14_000)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "jamsesh: the prompt is 98000 characters; at most 2000 are accepted\n"
    );
    let over = jamsesh(&["jam", &"b".repeat(2001)]);
    assert_eq!(
        String::from_utf8_lossy(&over.stderr),
        "jamsesh: the prompt is 2001 characters; at most 2000 are accepted\n"
    );
}

#[test]
fn any_prompt_gives_a_jam() {
    // 2,000 characters: the longest prompt any door takes.
    let longest = format!("{}blues", "groove ".repeat(285));
    assert_eq!(longest.chars().count(), 2000);
    for prompt in [
        "ブルース",
        "ein langsamer Blues in E",
        "🎸🎸🎸",
        "@everyone <script>",
        longest.as_str(),
        "in in in of key",
    ] {
        let out = jamsesh(&["jam", prompt, "--format", "json"]);
        assert!(
            out.status.success(),
            "{prompt:.40}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_bot_without_a_token_says_what_is_missing() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jamsesh"))
        .arg("bot")
        .env_remove("DISCORD_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DISCORD_TOKEN is not set"));
}

#[test]
fn the_bot_health_check_reads_the_health_file() {
    let file = std::env::temp_dir().join(format!("jamsesh-cli-health-{}", std::process::id()));
    let check = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_jamsesh"))
            .args(["bot", "--health"])
            .env("JAMSESH_HEALTH_FILE", &file)
            .env_remove("DISCORD_TOKEN")
            .output()
            .unwrap()
    };
    let _ = std::fs::remove_file(&file);
    let out = check();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unhealthy"));
    std::fs::write(&file, "1\n").unwrap();
    let out = check();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_file(&file);
}

#[test]
fn jam_says_what_it_understood() {
    let out = jamsesh(&[
        "jam",
        "slow reggae groove in the key of A minor, a bit vaporwave",
        "--seed",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("Understood: "))
        .collect();
    assert_eq!(
        lines,
        ["Understood: reggae (from \"reggae groove\") · A minor (from \"in the key of A minor\") · slow 66 bpm · not a style I know yet: vaporwave — played as Reggae"],
        "{text}"
    );
    // The JSON carries the same, value and words.
    let out = jamsesh(&["jam", "celtic jig in D for flute", "--format", "json"]);
    let jam: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        jam["understood"],
        serde_json::json!({
            "style": ["celtic", "celtic jig"],
            "key": ["D major", "in D"],
            "meter": ["6/8", "jig"],
            "instrument": ["flute", "for flute"]
        })
    );
}
