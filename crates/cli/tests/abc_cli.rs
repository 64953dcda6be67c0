//! The `jamsesh abc` contract, run as a user runs it: real files, real process, exit codes.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const JIG: &str =
    "X:1\nT:Kesh-like\nR:jig\nM:6/8\nL:1/8\nK:G\n|:GAG GAB|ABA ABd|1 edd gdd:|2 edB dBA||\n";

fn jamsesh(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jamsesh"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jamsesh runs");
    if let Some(input) = stdin {
        // The process may exit before reading (bad arguments): a broken pipe is fine.
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jamsesh-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn check_passes_clean_files_and_reports_errors_with_positions() {
    let good = temp_file("good.abc", JIG);
    let out = jamsesh(&["abc", "check", good.to_str().unwrap()], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());

    let bad = temp_file("bad.abc", "X:1\nK:C\nab \"C unclosed\nc[CE d|\n");
    let out = jamsesh(&["abc", "check", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let name = bad.to_str().unwrap();
    assert!(
        err.contains(&format!(
            "{name}:3:4: error: chord symbol or annotation is not closed"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{name}:4:2: error: chord `[` is not closed")),
        "{err}"
    );
}

#[test]
fn events_are_json_lines_in_performance_order() {
    let out = jamsesh(&["abc", "events", "-"], Some(JIG));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["x"], 1);
    assert_eq!(v["key"], "G");
    assert_eq!(v["meter"], "6/8");
    let notes = v["voices"][0]["notes"].as_array().unwrap();
    // Two passes of two bars, then ending 1 and ending 2: 6 notes per bar, 6 bars.
    assert_eq!(notes.len(), 36);
    assert_eq!(notes[0], serde_json::json!(["0", "1/8", 67]));
    // Ending 2 starts after 5 bars of 3/4 = 15/4.
    assert_eq!(notes[30], serde_json::json!(["15/4", "1/8", 76]));
}

#[test]
fn fmt_and_transpose_print_abc() {
    let out = jamsesh(
        &["abc", "fmt", "-"],
        Some("X:1\nT:  Spaced  \nK: Am \n A/2B/2 c2|\n"),
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "X:1\nT:Spaced\nK:Am\nA/B/ c2|\n"
    );

    let file = temp_file("jig.abc", JIG);
    let out = jamsesh(
        &[
            "abc",
            "transpose",
            file.to_str().unwrap(),
            "--semitones",
            "-2",
        ],
        None,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("K:F\n"), "{text}");
    assert!(
        text.contains("|:FGF FGA|GAG GAc|1 dcc fcc:|2 dcA cAG||"),
        "{text}"
    );
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    let out = jamsesh(&["abc", "check", "/nonexistent/file.abc"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading /nonexistent/file.abc"));
    let out = jamsesh(&["abc", "transpose", "-", "--semitones", "x"], Some(JIG));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn latin1_files_are_read_as_latin1() {
    let dir = std::env::temp_dir().join(format!("jamsesh-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.abc");
    std::fs::write(&path, b"X:1\nT:Caf\xe9\nK:C\nCDE|\n").unwrap();
    let out = jamsesh(&["abc", "events", path.to_str().unwrap()], None);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "Café");
}

#[test]
fn oversized_input_is_refused_with_a_message() {
    let dir = std::env::temp_dir().join(format!("jamsesh-cli-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.abc");
    // A sparse 65 MB file: over the 64 MB limit without writing 65 MB.
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(65 * 1024 * 1024).unwrap();
    let out = jamsesh(&["abc", "check", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("larger than 64 MB"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The largest resident size of any child process waited for so far, in bytes.
fn children_peak_rss() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a `rusage` into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss as u64 * 1024
}

/// Writes a collection of about 3 MB of numbered jigs after `header`, lines ending in
/// `line_end`, checks it with `abc check` (clean, and under 150 MB peak: parsed whole, such a
/// file took about 340 bytes of memory per byte, 1 GB) and returns its path and tune count.
fn checked_collection(name: &str, header: &str, line_end: &str) -> (std::path::PathBuf, usize) {
    let mut collection = String::from(header);
    let mut x = 0;
    while collection.len() < 3_000_000 {
        x += 1;
        let tune = JIG.replacen("X:1", &format!("X:{x}"), 1);
        collection.push_str(&tune.replace('\n', line_end));
        collection.push_str(line_end);
    }
    let path = temp_file(name, &collection);
    let out = jamsesh(&["abc", "check", path.to_str().unwrap()], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let peak = children_peak_rss();
    assert!(peak < 150 << 20, "{} MB", peak >> 20);
    (path, x)
}

#[test]
fn a_three_megabyte_collection_is_checked_tune_by_tune_in_bounded_memory() {
    let (path, x) = checked_collection("collection.abc", "%abc-2.1\nL:1/8\n\n", "\n");
    // Every tune was read: `events` prints one line per tune, from the same reader.
    let out = jamsesh(&["abc", "events", path.to_str().unwrap()], None);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), x);
    // `fmt` and `transpose` too read it tune by tune (parsed whole, `fmt` took 352 MB) and
    // print every tune: the jig in G moved up a tone is in A.
    for args in [vec!["fmt"], vec!["transpose", "--semitones", "2"]] {
        let mut argv = vec!["abc"];
        argv.extend(&args[..1]);
        argv.push(path.to_str().unwrap());
        argv.extend(&args[1..]);
        let out = jamsesh(&argv, None);
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(text.matches("\nX:").count(), x, "{args:?}");
        let key = if args[0] == "fmt" {
            "\nK:G\n"
        } else {
            "\nK:A\n"
        };
        assert_eq!(text.matches(key).count(), x, "{args:?}");
        let peak = children_peak_rss();
        assert!(peak < 150 << 20, "{args:?}: {} MB", peak >> 20);
    }
}

#[test]
fn collections_with_old_line_ends_a_byte_order_mark_and_text_blocks_are_read_tune_by_tune() {
    // A byte-order mark, a text block whose `X:` line is text (not a tune), and lone `\r`
    // line ends (old Mac files): each used to make the reader parse the whole file at once.
    let (path, x) = checked_collection(
        "old-mac.abc",
        "\u{feff}%abc-2.1\rL:1/8\r\r%%begintext\rX:0 is not a tune\r%%endtext\r\r",
        "\r",
    );
    let out = jamsesh(&["abc", "events", path.to_str().unwrap()], None);
    let events = String::from_utf8_lossy(&out.stdout);
    assert_eq!(events.lines().count(), x);
    assert!(
        events.lines().next().unwrap().starts_with("{\"x\":1,"),
        "{events:.80}"
    );
}

#[test]
fn fmt_and_transpose_print_a_collection_as_written_tune_by_tune() {
    // A file header, text between the tunes, two tunes: printed once each, in order
    // (expected text written by hand from ABC 2.1's canonical spellings).
    let file = temp_file(
        "two.abc",
        "%abc-2.1\nL:1/8\n\nX:1\nT:  One\nK:G\nG2A B|\n\nBetween the tunes.\n\nX:2\nT:Two\nK: D \nd2 e/2f/2|\n",
    );
    let out = jamsesh(&["abc", "fmt", file.to_str().unwrap()], None);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "%abc-2.1\nL:1/8\n\nX:1\nT:One\nK:G\nG2A B|\n\nBetween the tunes.\n\nX:2\nT:Two\nK:D\nd2 e/f/|\n"
    );
    let out = jamsesh(
        &[
            "abc",
            "transpose",
            file.to_str().unwrap(),
            "--semitones",
            "2",
        ],
        None,
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "%abc-2.1\nL:1/8\n\nX:1\nT:One\nK:A\nA2B c|\n\nBetween the tunes.\n\nX:2\nT:Two\nK:E\ne2 f/g/|\n"
    );
    // A problem in the second tune is reported at its place in the whole file.
    let bad = temp_file("two-bad.abc", "X:1\nK:C\nC|\n\nX:2\nK:C\nab \"C open\n");
    let out = jamsesh(&["abc", "fmt", bad.to_str().unwrap()], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:7:4: error:", bad.to_str().unwrap())),
        "{err}"
    );
}

#[test]
fn check_says_when_a_file_holds_no_tune() {
    let path = temp_file("prose.abc", "Some notes about tunes, but no tune.\n");
    let out = jamsesh(&["abc", "check", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("holds no tune"), "{err}");
}

#[test]
fn diagnostics_escape_control_characters_and_keys_are_strict() {
    let path = temp_file(
        "hostile.abc",
        "X:1\nK:E##### locrian####\nabc \u{1b}[2J!tr\u{7}ll!|\nX:2\nK:Cbbbb\nC|\n",
    );
    let out = jamsesh(&["abc", "check", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "raw control characters: {err:?}"
    );
    assert!(err.contains("\\u{1b}[2J"), "{err}");
    assert!(err.contains(":2:3: error: key `E#####`"), "{err}");
    assert!(
        err.contains("`locrian####` in key field is not a mode"),
        "{err}"
    );
    assert!(err.contains(":5:3: error: key `Cbbbb`"), "{err}");
}
