//! Our overhead on top of the model: the fake server answers instantly from memory, so the
//! time is request building + HTTP on 127.0.0.1 + parsing + reading the answer into our format
//! (`forgive`) + critic (+ repair). Target < 5 ms. Cases: our format as written and repaired,
//! GPT-style markdown, two voices and a pickup, a small model's one-line tune, and an answer
//! rejected twice (two requests, then the engine). The intent path: the model's short intent
//! read and merged, the engine's jam, and the engine alone beside it.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use jamsesh_core::Overrides;
use jamsesh_llm::{check_answer, Config, Llm, Trust};
use std::hint::black_box;
use std::time::Duration;
use support::{FakeServer, Reply};

fn overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("llm-overhead");
    for (name, file, prompt, by_model) in [
        ("valid", "good.json", "funky slow groove in Bb", true),
        (
            "repaired",
            "bars_too_long.json",
            "funky slow groove in Bb",
            true,
        ),
        (
            "gpt-markdown",
            "gpt_blues_markdown.md",
            "slow blues in A",
            true,
        ),
        (
            "gpt-voices",
            "gpt_pop_labelled_voices.md",
            "pop ballad in G",
            true,
        ),
        (
            "small-inline",
            "small_blues_inline.json",
            "slow blues in A",
            true,
        ),
        (
            "fallback",
            "small_blues_gibberish_abc.json",
            "slow blues in A",
            false,
        ),
    ] {
        let intent = jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap();
        let server = rt.block_on(FakeServer::start_with(vec![Reply::answer(file)], false));
        let llm = Llm::new(Config {
            base_url: server.base_url.clone(),
            model: "fake".into(),
            timeout: Duration::from_secs(5),
            ..Config::default()
        })
        .unwrap();
        // One warm request, so the connection is pooled as in a long-running bot.
        assert!(rt.block_on(llm.jam(&intent, 1)).report.valid);
        group.bench_function(format!("end-to-end/{name}"), |b| {
            b.to_async(&rt).iter(|| async {
                let out = llm.jam(black_box(&intent), 1).await;
                assert_eq!(out.fallback.is_none(), by_model, "{file}");
                out
            })
        });
        let text = support::answer(file);
        if by_model {
            group.bench_function(format!("read+critic+repair/{name}"), |b| {
                b.iter(|| check_answer(black_box(&text), &intent, 1).unwrap())
            });
        }
        drop(server);
    }
    group.finish();
}

/// The model as the prompt reader: one short intent answer, checked against the catalogue,
/// merged with the rules' reading, then the engine's jam; beside it the engine alone.
fn intent_overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("intent-overhead");
    let prompt = "something for a rainy night drive, kinda vaporwave";
    let rules = jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap();
    for (name, answer) in [
        (
            "small-model-shape",
            "Here is the intent:\n{\"Style\": \"Synthwave\", \"Key\": \"f#\", \"Mode\": \"Minor\", \"Tempo\": \"90\", \"Meter\": null, \"Bars\": null, \"Mood\": \"Dreamy\", \"Instrument\": null}",
        ),
        (
            "invalid-style-twice",
            "{\"style\": \"zouk\", \"key\": null, \"mode\": null, \"tempo\": null, \"meter\": null, \"bars\": null, \"mood\": null, \"instrument\": null}",
        ),
    ] {
        let reply = Reply::Content {
            text: answer.to_string(),
            finish: "stop",
        };
        let server = rt.block_on(FakeServer::start_with(vec![reply], false));
        let llm = Llm::new(Config {
            base_url: server.base_url.clone(),
            model: "fake".into(),
            timeout: Duration::from_secs(5),
            ..Config::default()
        })
        .unwrap();
        assert!(rt.block_on(llm.intent_jam(&rules, 1)).report.valid);
        group.bench_function(format!("end-to-end/{name}"), |b| {
            b.to_async(&rt)
                .iter(|| async { llm.intent_jam(black_box(&rules), 1).await })
        });
        group.bench_function(format!("reading-only/{name}"), |b| {
            b.to_async(&rt).iter(|| async {
                llm.read(black_box(prompt), &Overrides::default(), Trust::Gaps)
                    .await
                    .unwrap()
            })
        });
        drop(server);
    }
    group.bench_function("engine-alone", |b| {
        b.iter(|| jamsesh_core::generate(black_box(&rules), 1))
    });
    group.finish();
}

criterion_group!(benches, overhead, intent_overhead);
criterion_main!(benches);
