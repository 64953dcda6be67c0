//! The answer library as a table: for every stored answer, what the critic made of it the
//! first time and what the user finally got (the retry is answered with `good.json`). The
//! table is printed (`cargo test -p jamsesh-llm --test library -- --nocapture`) and must match
//! the one in the README.

mod support;

use jamsesh_core::{critic, intent, Overrides, Source};
use jamsesh_llm::{Config, Llm, Verdict};
use std::collections::BTreeMap;
use std::time::Duration;
use support::{FakeServer, Reply};

/// (answer file, finish_reason, expected first verdict, expected final source)
const LIBRARY: &[(&str, &str, Verdict, Source)] = &[
    ("good.json", "stop", Verdict::Valid, Source::Llm),
    ("good_fenced.md", "stop", Verdict::Valid, Source::Llm),
    ("good_in_prose.txt", "stop", Verdict::Valid, Source::Llm),
    ("wrong_types.json", "stop", Verdict::Valid, Source::Llm),
    ("missing_fields.json", "stop", Verdict::Valid, Source::Llm),
    (
        "bars_too_long.json",
        "stop",
        Verdict::Repaired,
        Source::LlmRepair,
    ),
    (
        "chord_symbols_disagree.json",
        "stop",
        Verdict::Repaired,
        Source::LlmRepair,
    ),
    ("wrong_k.json", "stop", Verdict::Repaired, Source::LlmRepair),
    (
        "wrong_meter.json",
        "stop",
        Verdict::Repaired,
        Source::LlmRepair,
    ),
    (
        "wrong_scale_key.json",
        "stop",
        Verdict::Rejected,
        Source::Llm,
    ),
    ("wrong_key.json", "stop", Verdict::Rejected, Source::Llm),
    (
        "missing_chords.json",
        "stop",
        Verdict::Unreadable,
        Source::Llm,
    ),
    ("truncated.json", "length", Verdict::Unreadable, Source::Llm),
    ("prose_only.txt", "stop", Verdict::Unreadable, Source::Llm),
];

/// `meter ×2, chords` from a list of check names.
fn tally(checks: &[String]) -> String {
    if checks.is_empty() {
        return "—".into();
    }
    let mut n = BTreeMap::<&str, usize>::new();
    for c in checks {
        *n.entry(c).or_default() += 1;
    }
    n.iter()
        .map(|(c, k)| {
            if *k > 1 {
                format!("{c} ×{k}")
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[tokio::test]
async fn the_critic_over_the_answer_library() {
    let intent = intent::parse("funky slow groove in Bb", &Overrides::default()).unwrap();
    let mut table = String::from(
        "| answer | first verdict | what the critic found | retries | user gets |\n|---|---|---|---|---|\n",
    );
    let mut counts = BTreeMap::<String, usize>::new();
    for &(file, finish, verdict, source) in LIBRARY {
        let first = Reply::Content {
            text: support::answer(file),
            finish,
        };
        let server = FakeServer::start(vec![first, Reply::answer("good.json")]).await;
        let llm = Llm::new(Config {
            base_url: server.base_url.clone(),
            model: "fake".into(),
            timeout: Duration::from_secs(2),
            ..Config::default()
        })
        .unwrap();
        let out = llm.jam(&intent, 1).await;
        assert!(critic::review(&out.jam).valid, "{file}");
        assert_eq!(
            out.attempts[0].verdict, verdict,
            "{file}: {:#?}",
            out.attempts
        );
        assert_eq!(out.jam.source, source, "{file}");
        // What the critic caught on the answer as written (before repair).
        let found: Vec<String> = if verdict == Verdict::Repaired {
            let d = jamsesh_llm::extract::draft_from_text(&support::answer(file)).unwrap();
            let jam = jamsesh_llm::pipeline::draft_to_jam(&d, &intent, 1).unwrap();
            critic::review(&jam)
                .errors
                .iter()
                .map(|f| f.check.to_string())
                .collect()
        } else {
            out.attempts[0]
                .errors
                .iter()
                .map(|f| f.check.to_string())
                .collect()
        };
        *counts.entry(name(verdict)).or_default() += 1;
        table.push_str(&format!(
            "| `{file}` | {} | {} | {} | `{}` |\n",
            name(verdict),
            tally(&found),
            out.attempts.len() - 1,
            name(out.jam.source),
        ));
    }
    let summary = counts
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    println!("{table}\n{} answers: {summary}", LIBRARY.len());
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .unwrap_or_default();
    for row in table.lines().skip(2) {
        assert!(
            readme.contains(row),
            "README's LLM table is stale; the row is now:\n{row}"
        );
    }
}
