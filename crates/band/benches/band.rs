//! Play-along cost: arranging a 4-chorus 12-bar blues, rendering it to audio with the
//! built-in synthesizer and (where one is installed) a General MIDI SoundFont, and the whole
//! way to Ogg Opus.

use criterion::{criterion_group, criterion_main, Criterion};
use jamsesh_band::{arrange, PlayAlong};
use jamsesh_core::Overrides;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let j = jamsesh_core::generate(
        &jamsesh_core::parse_intent("slow blues in E", &Overrides::default()).unwrap(),
        1,
    );
    let options = PlayAlong::default();
    c.bench_function("arrange 4 choruses of a 12-bar blues", |b| {
        b.iter(|| arrange(black_box(&j), &options).unwrap())
    });
    let a = arrange(&j, &options).unwrap();
    let mut slow = c.benchmark_group("audio");
    slow.sample_size(10);
    slow.bench_function("4-chorus 12-bar blues, built-in synthesizer", |b| {
        b.iter(|| jamsesh_render::audio::samples(black_box(&a)))
    });
    slow.bench_function(
        "4-chorus 12-bar blues to Ogg Opus: arranged, built-in synthesizer, encoded",
        |b| {
            b.iter(|| {
                let a = arrange(black_box(&j), &options).unwrap();
                let samples = jamsesh_render::audio::samples(&a);
                jamsesh_render::ogg::encode_synthesized(&samples, &a.title).unwrap()
            })
        },
    );
    if let Some(path) = jamsesh_render::soundfont::find() {
        let font = jamsesh_render::soundfont::Font::load(&path).unwrap();
        slow.bench_function("4-chorus 12-bar blues, General MIDI SoundFont", |b| {
            b.iter(|| font.samples(black_box(&a)).unwrap())
        });
    }
    slow.finish();
}

criterion_group!(band, benches);
criterion_main!(band);
