//! The answer library: answers in the shapes real models write (GPT-style markdown and tunes
//! without `X:`, Llama-style chatty JSON with comments and trailing commas, small-model
//! broken JSON, wrong keys and one-line tunes), each replayed by a fake OpenAI-compatible
//! server on 127.0.0.1 for its prompt, the model repeating itself when asked again (as a
//! replay of a real model does). Every expected `source` below was written by hand before the
//! test ran. The table is printed (`cargo test -p jamsesh-llm --test library -- --nocapture`)
//! and must match the README's.

mod support;

use jamsesh_core::{Overrides, Source};
use jamsesh_llm::{Config, Llm, Verdict};
use std::collections::BTreeMap;
use std::time::Duration;
use support::{FakeServer, Reply};

const FUNK: &str = "funky slow groove in Bb";
const BLUES: &str = "slow blues in A";
const JIG: &str = "celtic jig in D";
const BOSSA: &str = "bossa nova in A minor";
const WALTZ: &str = "jazz waltz in F";
const POP: &str = "pop ballad in G";
const ROCK: &str = "rock in E at 120 bpm";
const DORIAN: &str = "modal jazz in D dorian";

use Source::{EngineFallback as Fallback, Hybrid, Llm as AsWritten, LlmRepair as Repaired};

/// One answer: file, prompt, finish_reason, whether it holds a usable melody (judged by a
/// musician reading it), and the `source` the user must get.
struct Case(&'static str, &'static str, &'static str, bool, Source);

const LIBRARY: &[Case] = &[
    // Our own format and its near misses.
    Case("good.json", FUNK, "stop", true, AsWritten),
    Case("good_fenced.md", FUNK, "stop", true, AsWritten),
    Case("good_in_prose.txt", FUNK, "stop", true, AsWritten),
    Case("wrong_types.json", FUNK, "stop", true, AsWritten),
    Case("missing_fields.json", FUNK, "stop", true, Hybrid),
    Case("bars_too_long.json", FUNK, "stop", true, Repaired),
    Case("chord_symbols_disagree.json", FUNK, "stop", true, Repaired),
    Case("wrong_k.json", FUNK, "stop", true, Repaired),
    Case("wrong_meter.json", FUNK, "stop", true, Repaired),
    Case("wrong_scale_key.json", FUNK, "stop", true, Repaired),
    // A good funk tune, consistently in C dorian: a musician moves it down a tone to Bb.
    Case("wrong_key.json", FUNK, "stop", true, Repaired),
    // Chords and key in C, the tune in Bb: it disagrees with itself, no transposition helps.
    Case("wrong_key_mixed.json", FUNK, "stop", false, Fallback),
    Case("missing_chords.json", FUNK, "stop", true, Repaired),
    // Six bars of melody under eight of chords, twice: the last answer keeps its six bars.
    Case("example_short.json", FUNK, "stop", true, Repaired),
    Case("truncated.json", FUNK, "length", false, Fallback),
    Case("prose_only.txt", FUNK, "stop", false, Fallback),
    // GPT-style: markdown, bold labels, fenced ABC, tunes without X:, indented, Q:90.
    Case("gpt_blues_markdown.md", BLUES, "stop", true, Repaired),
    Case(
        "gpt_blues_no_x_indented.json",
        BLUES,
        "stop",
        true,
        Repaired,
    ),
    Case(
        "gpt_blues_trailing_text.json",
        BLUES,
        "stop",
        true,
        Repaired,
    ),
    Case("gpt_blues_no_l_no_m.json", BLUES, "stop", true, Repaired),
    Case("gpt_jig_pickup.json", JIG, "stop", true, Repaired),
    Case("gpt_jig_kmajor.md", JIG, "stop", true, Repaired),
    Case("gpt_bossa_kamin.json", BOSSA, "stop", true, Repaired),
    Case("gpt_bossa_k_words.json", BOSSA, "stop", true, Repaired),
    Case("gpt_bossa_double_bars.md", BOSSA, "stop", true, Repaired),
    Case("gpt_waltz_twice.json", WALTZ, "stop", true, Repaired),
    Case("gpt_waltz_one_bar.json", WALTZ, "stop", true, Repaired),
    Case("gpt_pop_two_voices.json", POP, "stop", true, Repaired),
    Case("gpt_pop_labelled_voices.md", POP, "stop", true, Repaired),
    Case("gpt_rock_tempo.json", ROCK, "stop", true, Repaired),
    Case("gpt_rock_bad_bars.json", ROCK, "stop", true, Repaired),
    Case("gpt_dorian_k_minor.json", DORIAN, "stop", true, Repaired),
    Case("gpt_blues_bars_counted.md", BLUES, "stop", true, Repaired),
    // A jig in G (K:G, chords home on G) for a prompt in D: moved to D.
    Case("gpt_jig_in_g.json", JIG, "stop", true, Repaired),
    // Llama-style: a chatty preamble, JSON with comments, trailing commas, raw line breaks.
    Case("llama_funk_comments.txt", FUNK, "stop", true, AsWritten),
    Case(
        "llama_funk_trailing_commas.txt",
        FUNK,
        "stop",
        true,
        AsWritten,
    ),
    // "slow" is read as 60 bpm, asked for: its Q:1/4=66 is set to 60 (labelled `llm` first;
    // the prompt reader counts tempo words as a request).
    Case(
        "llama_blues_raw_newlines.txt",
        BLUES,
        "stop",
        true,
        Repaired,
    ),
    Case("llama_jig_preamble_labels.txt", JIG, "stop", true, Repaired),
    Case("llama_bossa_wrapped.json", BOSSA, "stop", true, AsWritten),
    Case(
        "llama_waltz_notes_in_scales.txt",
        WALTZ,
        "stop",
        true,
        Repaired,
    ),
    Case("llama_pop_wrong_symbols.txt", POP, "stop", true, Repaired),
    Case("llama_rock_python_dict.txt", ROCK, "stop", true, AsWritten),
    // D minor throughout for a prompt in A minor: moved to A minor.
    Case("llama_bossa_in_d_minor.txt", BOSSA, "stop", true, Repaired),
    // Small-model style: broken JSON, other keys, the tune on one line, no melody at all.
    Case("small_blues_inline.json", BLUES, "stop", true, Repaired),
    Case(
        "small_jig_escaped_newlines.json",
        JIG,
        "stop",
        true,
        Repaired,
    ),
    Case(
        "small_bossa_unquoted_keys.txt",
        BOSSA,
        "stop",
        true,
        Repaired,
    ),
    Case(
        "small_waltz_missing_commas.txt",
        WALTZ,
        "stop",
        true,
        Repaired,
    ),
    Case("small_pop_no_chords_field.json", POP, "stop", true, Hybrid),
    Case(
        "small_rock_tune_outside_json.txt",
        ROCK,
        "stop",
        true,
        Repaired,
    ),
    Case(
        "small_funk_truncated_mid_tune.json",
        FUNK,
        "length",
        false,
        Fallback,
    ),
    Case("small_funk_no_melody.json", FUNK, "stop", false, Fallback),
    Case(
        "small_blues_gibberish_abc.json",
        BLUES,
        "stop",
        false,
        Fallback,
    ),
    Case("small_jig_wrong_key_names.txt", JIG, "stop", true, Repaired),
    Case("small_prose_only_blues.txt", BLUES, "stop", false, Fallback),
    Case(
        "small_bossa_wrong_meter_everywhere.json",
        BOSSA,
        "stop",
        false,
        Repaired,
    ),
];

fn name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[tokio::test]
async fn every_answer_ends_as_labelled_and_valid() {
    assert!(LIBRARY.len() >= 40);
    let mut table = String::from(
        "| answer | prompt | first verdict | changes listed | requests | user gets |\n|---|---|---|---|---|---|\n",
    );
    let mut wrong = Vec::new();
    let mut counts = BTreeMap::<String, usize>::new();
    let (mut usable, mut by_model) = (0, 0);
    for Case(file, prompt, finish, is_usable, expected) in LIBRARY {
        let intent = jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap();
        let reply = Reply::Content {
            text: support::answer(file),
            finish,
        };
        // One reply, repeated for the retry: a replayed model says the same thing again.
        let server = FakeServer::start(vec![reply]).await;
        let llm = Llm::new(Config {
            base_url: server.base_url.clone(),
            model: "fake".into(),
            timeout: Duration::from_secs(2),
            ..Config::default()
        })
        .unwrap();
        let out = llm.jam(&intent, 1).await;
        let report = jamsesh_core::review(&out.jam);
        assert!(report.valid, "{file}: {:?}", report.errors);
        if out.jam.source != *expected {
            wrong.push(format!(
                "{file}: expected {}, got {} ({:?}; repairs {:?})",
                name(expected),
                name(out.jam.source),
                out.attempts,
                out.jam.repairs
            ));
        }
        if *is_usable {
            usable += 1;
            by_model += usize::from(matches!(out.jam.source, AsWritten | Repaired));
        }
        *counts.entry(name(out.jam.source)).or_default() += 1;
        let requests: u32 = out.attempts.iter().map(|a| a.requests.max(1)).sum();
        table.push_str(&format!(
            "| `{file}` | {prompt} | {} | {} | {requests} | `{}` |\n",
            name(out.attempts[0].verdict),
            out.jam.repairs.len(),
            name(out.jam.source),
        ));
        if out.jam.source == Repaired {
            assert!(
                !out.jam.repairs.is_empty(),
                "{file}: repaired but nothing listed"
            );
        }
        if out.jam.source == Hybrid {
            assert!(
                out.jam.repairs.iter().any(|r| r.contains("by the engine")),
                "{file}: llm+engine must say what the engine wrote"
            );
        }
        assert_ne!(out.attempts[0].verdict, Verdict::ServerError, "{file}");
    }
    let summary = counts
        .iter()
        .map(|(k, v)| format!("`{k}` {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "{table}\n{} answers: {summary}. Of the {usable} with a usable melody, {by_model} end as `llm` or `llm+repair`.",
        LIBRARY.len()
    );
    assert!(wrong.is_empty(), "verdicts differ:\n{}", wrong.join("\n"));
    assert!(
        by_model * 4 >= usable * 3,
        "only {by_model} of {usable} usable answers became the model's jam"
    );
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .unwrap_or_default();
    for row in table.lines().skip(2) {
        assert!(
            readme.contains(row),
            "README's answer table is stale; the row is now:\n{row}"
        );
    }
}
