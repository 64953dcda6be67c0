//! Parse + semantics throughput on the real-world corpus, and abc2midi on the same input in
//! the same run (`cargo bench -p jamsesh-abc`). Needs `scripts/setup` (corpus and abc2midi).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::process::Command;

#[path = "../tests/common.rs"]
mod common;

/// Everything JamSesh does to read a file: structure, semantics, performance order.
fn read_all(src: &str) -> usize {
    let (tunes, _) = jamsesh_abc::parse_tunes(src);
    tunes
        .iter()
        .flat_map(|t| t.performance())
        .map(|v| v.notes.len())
        .sum()
}

fn benches(c: &mut Criterion) {
    let files = common::corpus_files();
    let texts: Vec<String> = files
        .iter()
        .map(|f| jamsesh_abc::decode(&std::fs::read(f).unwrap()).into_owned())
        .collect();
    let total: usize = texts.iter().map(String::len).sum();

    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(total as u64));
    group.sample_size(10);
    group.bench_function("jamsesh parse+semantics+performance, every file", |b| {
        b.iter(|| texts.iter().map(|t| read_all(t)).sum::<usize>())
    });
    group.finish();

    // One collection as one file, for both tools: O'Neill's Music of Ireland (1850).
    let oneills: String = files
        .iter()
        .zip(&texts)
        .filter(|(f, _)| f.to_string_lossy().contains("oneills1850"))
        .map(|(_, t)| format!("{t}\n\n"))
        .collect();
    let work = std::env::temp_dir().join(format!("jamsesh-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let input = work.join("oneills.abc");
    std::fs::write(&input, &oneills).unwrap();

    let mut group = c.benchmark_group("oneills1850");
    group.throughput(Throughput::Bytes(oneills.len() as u64));
    group.sample_size(10);
    group.bench_function("jamsesh", |b| b.iter(|| read_all(&oneills)));
    group.bench_function("abc2midi", |b| {
        b.iter_batched(
            || {
                // abc2midi writes one MIDI file per tune next to its input.
                let out = work.join("run");
                let _ = std::fs::remove_dir_all(&out);
                std::fs::create_dir_all(&out).unwrap();
                std::fs::copy(&input, out.join("oneills.abc")).unwrap();
                out
            },
            |out| {
                let status = Command::new("abc2midi")
                    .arg(out.join("oneills.abc"))
                    .arg("-silent")
                    .current_dir(&out)
                    .output()
                    .expect("abc2midi runs");
                assert!(status.status.success());
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&work);
}

criterion_group!(parse, benches);
criterion_main!(parse);
