//! Our overhead on top of the model: the fake server answers instantly from memory, so the
//! time is request building + HTTP on 127.0.0.1 + parsing + critic (+ repair). Target < 5 ms.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use jamsesh_core::{critic, intent, Overrides};
use jamsesh_llm::{pipeline, Config, Llm};
use std::hint::black_box;
use std::time::Duration;
use support::{FakeServer, Reply};

fn overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let intent = intent::parse("funky slow groove in Bb", &Overrides::default()).unwrap();
    let mut group = c.benchmark_group("llm-overhead");
    for (name, file) in [("valid", "good.json"), ("repaired", "bars_too_long.json")] {
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
                assert!(out.fallback.is_none());
                out
            })
        });
        let text = support::answer(file);
        group.bench_function(format!("parse+critic+repair/{name}"), |b| {
            b.iter(|| {
                let d = jamsesh_llm::extract::draft_from_text(black_box(&text)).unwrap();
                let jam = pipeline::draft_to_jam(&d, &intent, 1).unwrap();
                critic::repair(&jam)
            })
        });
        drop(server);
    }
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
