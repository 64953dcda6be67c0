//! Opt-in: the model as the prompt reader, measured on the hand-labelled prompts of the
//! prompt-understanding issue (`crates/core/tests/data/prompts/tuning.tsv`), field by field,
//! against the rule-based reader. Four readers are scored from one answer per prompt:
//! the rules alone; the model alone (its valid fields, the style's defaults for the rest);
//! the model first (the rules for what it leaves out or gets wrong); the rules first (the
//! model fills only what the words leave open, as `--backend intent` does). Run with
//! `JAMSESH_LLM_BASE_URL=… JAMSESH_LLM_MODEL=… cargo test --release -p jamsesh-llm --test reader_labels -- --ignored --nocapture`
//! (`JAMSESH_READER_EVERY=4` reads every fourth prompt only).

#[path = "../../core/tests/labelled/mod.rs"]
mod labelled;

use jamsesh_core::{Hints, Intent, Overrides};
use jamsesh_llm::grounded;
use jamsesh_llm::{Config, Llm, Trust, Verdict};
use labelled::{report, score, Score};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const TUNING: &str = include_str!("../../core/tests/data/prompts/tuning.tsv");

/// Every `every`-th data row of a labelled set, with its header and comments.
fn sample(text: &str, every: usize) -> String {
    let mut n = 0;
    text.lines()
        .filter(|l| {
            if l.trim().is_empty() || l.starts_with('#') || l.starts_with("prompt\t") {
                return true;
            }
            n += 1;
            (n - 1) % every == 0
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn row(name: &str, s: &Score) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {} |",
        s.key.show(),
        s.tempo.show(),
        s.meter.show(),
        s.style.show(),
        s.no_key.show()
    )
}

#[test]
#[ignore = "needs a running OpenAI-compatible server (JAMSESH_LLM_BASE_URL, JAMSESH_LLM_MODEL)"]
fn the_model_reads_the_labelled_prompts() {
    let config = Config::from_env();
    if config.validate().is_err() {
        panic!("set JAMSESH_LLM_BASE_URL and JAMSESH_LLM_MODEL to run this test");
    }
    let every = std::env::var("JAMSESH_READER_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1);
    let text = sample(TUNING, every);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let llm = Llm::new(Config {
        timeout: Duration::from_secs(120),
        ..config
    })
    .unwrap();
    let none = Overrides::default();
    let mut hints: HashMap<String, Hints> = HashMap::new();
    let mut verdicts: HashMap<String, usize> = HashMap::new();
    let (mut requests, mut server_errors) = (0u32, 0);
    let started = Instant::now();
    let prompts: Vec<String> = labelled::rows(&text)
        .into_iter()
        .map(|r| r.prompt)
        .collect();
    for (i, prompt) in prompts.iter().enumerate() {
        let reading = rt
            .block_on(llm.read(prompt, &none, Trust::Model))
            .expect("a labelled prompt the rules read");
        for a in &reading.attempts {
            *verdicts.entry(format!("{:?}", a.verdict)).or_default() += 1;
            requests += a.requests;
            server_errors += usize::from(a.verdict == Verdict::ServerError);
        }
        if i % 50 == 0 {
            eprintln!("{i}/{} after {:?}", prompts.len(), started.elapsed());
        }
        hints.insert(prompt.clone(), reading.hints);
    }
    let took = started.elapsed();
    let with = |prompt: &str, first: bool, alone: bool| -> Intent {
        let raw = Hints {
            first,
            ..hints[prompt]
        };
        // The rules first take only what the prompt's text holds, as `--backend intent` does.
        let h = if first { raw } else { grounded(raw, prompt) };
        // The model alone: a prompt with no words the rules know, so only its fields count.
        let words = if alone { "." } else { prompt };
        jamsesh_core::parse_intent_with(words, &none, &h).unwrap()
    };
    let rules = score(&text, |p| jamsesh_core::parse_intent(p, &none).unwrap());
    let alone = score(&text, |p| with(p, true, true));
    let first = score(&text, |p| with(p, true, false));
    let gaps = score(&text, |p| with(p, false, false));
    println!("| reader | stated key and mode | tempo class | meter | style family | no key read when none stated |");
    println!("|---|---|---|---|---|---|");
    for (name, s) in [
        ("rules alone", &rules),
        ("model alone", &alone),
        ("model first, rules for the rest", &first),
        ("rules first, the model fills gaps", &gaps),
    ] {
        println!("{}", row(name, s));
        report(name, s);
    }
    println!(
        "{} prompts in {took:?}: {:.2} s a prompt, {requests} requests, answers {verdicts:?}",
        prompts.len(),
        took.as_secs_f64() / prompts.len().max(1) as f64
    );
    assert_eq!(server_errors, 0, "the server failed on some prompts");
}
