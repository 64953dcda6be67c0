//! One jam generated and validated by the critic (`cargo bench -p jamsesh-core`).

use criterion::{criterion_group, criterion_main, Criterion};
use jamsesh_core::Overrides;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    for prompt in [
        "slow blues in E",
        "jazz standard in F, 32 bars",
        "celtic jig in D",
    ] {
        let intent = jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap();
        c.bench_function(&format!("generate + critic: {prompt}"), |b| {
            let mut seed = 0;
            b.iter(|| {
                seed += 1;
                let j = jamsesh_core::generate(&intent, seed);
                black_box(jamsesh_core::review(&j))
            })
        });
    }
    let swing = jamsesh_core::parse_intent("jazz standard in Bb", &Overrides::default()).unwrap();
    c.bench_function(
        "generate + walking bass + critic: jazz standard in Bb",
        |b| {
            let mut seed = 0;
            b.iter(|| {
                seed += 1;
                let j = jamsesh_core::generate(&swing, seed);
                let h = jamsesh_core::harmony(&j, jamsesh_core::HarmonyKind::Bass).unwrap();
                black_box(jamsesh_core::review(&h))
            })
        },
    );
    c.bench_function("parse prompt", |b| {
        b.iter(|| {
            jamsesh_core::parse_intent(
                black_box("funky slow groove in Bb for bass, 16 bars"),
                &Overrides::default(),
            )
        })
    });
}

criterion_group!(jam_benches, benches);
criterion_main!(jam_benches);
