//! Rendering speed on the real-world corpus, with abcm2ps on the same input in the same run
//! (`cargo bench -p jamsesh-render --bench render`). Needs `scripts/setup` (corpus, abcm2ps).
//!
//! Measured, per tune: ABC → SVG (parse + engrave) against `abcm2ps -g` (one process for all
//! sample files, writing one SVG per tune to a temporary directory), SVG → PNG at 1000 px wide,
//! a 16-bar tune's SVG → PNG at 1000 px, and ABC → MIDI; then parse + engrave of the whole
//! corpus in one pass. The medians and the JamSesh/abcm2ps ratio are printed at the end.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "../../abc/tests/common.rs"]
mod common;

/// How many corpus files the per-tune comparison uses (every n-th file of the sorted list).
const SAMPLE_FILES: usize = 20;
/// Criterion samples per benchmark (each sample runs the whole batch at least once).
const SAMPLES: usize = 10;

/// Per-iteration times of each benchmark's measured samples, to print medians and ratios.
#[derive(Default)]
struct Timings(RefCell<Vec<(String, Vec<Duration>)>>);

impl Timings {
    /// Runs `work` `iters` times, records the mean per iteration under `name`, returns the total.
    fn run(&self, name: &str, iters: u64, mut work: impl FnMut()) -> Duration {
        let start = Instant::now();
        for _ in 0..iters {
            work();
        }
        let total = start.elapsed();
        let mut all = self.0.borrow_mut();
        let per_iter = total / u32::try_from(iters.max(1)).unwrap_or(u32::MAX);
        match all.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => v.push(per_iter),
            None => all.push((name.to_owned(), vec![per_iter])),
        }
        total
    }

    /// Median of the last `SAMPLES` records of `name` (warm-up records come first); `None` when
    /// a filter on the command line left that bench out.
    fn median(&self, name: &str) -> Option<Duration> {
        let all = self.0.borrow();
        let v = &all.iter().find(|(n, _)| n == name)?.1;
        let mut last: Vec<Duration> = v[v.len().saturating_sub(SAMPLES)..].to_vec();
        last.sort();
        last.get(last.len() / 2).copied()
    }
}

/// The parsed tunes of one file, or none if it holds none.
fn tunes_of(text: &str) -> Vec<jamsesh_abc::Tune> {
    jamsesh_abc::parse_tunes(text).0
}

/// Everything JamSesh does to draw a file's tunes: parse, semantics, engrave at 1000 px.
fn engrave_all(text: &str, options: &jamsesh_render::SvgOptions) -> usize {
    tunes_of(text)
        .iter()
        .map(|t| jamsesh_render::engrave(t, options).svg.len())
        .sum()
}

/// O'Neill's Music of Ireland (1850) as one collection (the corpus keeps it in 39 files).
fn oneills_collection() -> String {
    let dir = common::corpus_dir().join("music21/oneills1850");
    common::abc_files(&dir)
        .iter()
        .map(|f| jamsesh_abc::decode(&std::fs::read(f).unwrap()).into_owned())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One tune of a collection as a file of its own: the collection's header block (if any)
/// and the tune's lines, from its `X:` line to the blank line that ends it.
fn tune_alone(collection: &str, x: u32) -> String {
    let mut offset = 0;
    let mut start = None;
    for line in collection.split_inclusive('\n') {
        let number = line
            .strip_prefix("X:")
            .and_then(|n| n.trim().parse::<u32>().ok());
        if number == Some(x) {
            start = Some(offset);
            break;
        }
        offset += line.len();
    }
    let start = start.expect("the tune is in the collection");
    let end = collection[start..]
        .find("\n\n")
        .map_or(collection.len(), |e| start + e + 1);
    let first_tune = collection.find("X:").unwrap_or(0);
    format!("{}\n{}", &collection[..first_tune], &collection[start..end])
}

/// Runs `abcm2ps -g` on `files` in one process, writing one SVG per tune into `out`.
fn abcm2ps(files: &[PathBuf], out: &Path) -> usize {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).unwrap();
    let status = Command::new("abcm2ps")
        .args(["-q", "-g", "-O"])
        .arg(out.join("tune.svg"))
        .args(files)
        .output()
        .expect("abcm2ps runs (scripts/setup installs it)");
    // abcm2ps exits non-zero when a tune has an error, but still writes every tune.
    let _ = status;
    std::fs::read_dir(out).unwrap().count()
}

/// The first corpus tune with one voice that engraves to exactly 16 bars.
fn sixteen_bar_tune(
    files: &[PathBuf],
    texts: &[String],
) -> (String, jamsesh_abc::Tune, jamsesh_render::Engraving) {
    let options = jamsesh_render::SvgOptions::default();
    for (f, text) in files.iter().zip(texts) {
        for t in tunes_of(text) {
            if t.voices.len() != 1 {
                continue;
            }
            let e = jamsesh_render::engrave(&t, &options);
            if e.bars == 16 {
                let dir = common::corpus_dir();
                let file = f.strip_prefix(&dir).unwrap_or(f);
                let name = format!("{} X:{}", file.display(), t.x.unwrap_or(0));
                return (name, t, e);
            }
        }
    }
    panic!("no 16-bar tune in the corpus");
}

fn benches(c: &mut Criterion) {
    let all_files = common::corpus_files();
    let read = |f: &PathBuf| jamsesh_abc::decode(&std::fs::read(f).unwrap()).into_owned();
    let all_texts: Vec<String> = all_files.iter().map(read).collect();
    let step = all_files.len() / SAMPLE_FILES;
    let files: Vec<PathBuf> = all_files
        .iter()
        .step_by(step)
        .take(SAMPLE_FILES)
        .cloned()
        .collect();
    let texts: Vec<String> = files.iter().map(read).collect();
    let tunes: Vec<jamsesh_abc::Tune> = texts.iter().flat_map(|t| tunes_of(t)).collect();
    let n = tunes.len();
    let options = jamsesh_render::SvgOptions::default();
    let svgs: Vec<String> = tunes
        .iter()
        .map(|t| jamsesh_render::engrave(t, &options).svg)
        .collect();
    let work = std::env::temp_dir().join(format!("jamsesh-render-bench-{}", std::process::id()));
    let written = abcm2ps(&files, &work);
    eprintln!(
        "sample: {} files (every {step}th of {}), {n} tunes; abcm2ps writes {written} SVGs",
        files.len(),
        all_files.len()
    );
    let timings = Timings::default();

    let mut group = c.benchmark_group(format!("sample of {SAMPLE_FILES} files, {n} tunes"));
    group.sample_size(SAMPLES);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("jamsesh ABC to SVG (parse + engrave)", |b| {
        b.iter_custom(|iters| {
            timings.run("svg", iters, || {
                std::hint::black_box(
                    texts
                        .iter()
                        .map(|t| engrave_all(t, &options))
                        .sum::<usize>(),
                );
            })
        })
    });
    group.bench_function("abcm2ps -g ABC to SVG files", |b| {
        b.iter_custom(|iters| {
            timings.run("abcm2ps", iters, || {
                std::hint::black_box(abcm2ps(&files, &work));
            })
        })
    });
    group.bench_function("jamsesh SVG to PNG at 1000 px", |b| {
        b.iter_custom(|iters| {
            timings.run("png", iters, || {
                for svg in &svgs {
                    std::hint::black_box(jamsesh_render::svg_to_png(svg, 1.0).unwrap());
                }
            })
        })
    });
    let midi_options = jamsesh_render::MidiOptions::default();
    group.bench_function("jamsesh Tune to MIDI (with backing)", |b| {
        b.iter_custom(|iters| {
            timings.run("midi", iters, || {
                for t in &tunes {
                    std::hint::black_box(jamsesh_render::tune_to_midi(t, &midi_options).ok());
                }
            })
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&work);

    let (name, tune, sixteen) = sixteen_bar_tune(&all_files, &all_texts);
    eprintln!("16-bar tune: {name} ({} systems)", sixteen.systems);
    let mut group = c.benchmark_group("one 16-bar tune at 1000 px");
    group.sample_size(SAMPLES * 5);
    group.bench_function("SVG to PNG", |b| {
        b.iter_custom(|iters| {
            timings.run("16 png", iters, || {
                std::hint::black_box(jamsesh_render::svg_to_png(&sixteen.svg, 1.0).unwrap());
            })
        })
    });
    group.bench_function("Tune to SVG (engrave)", |b| {
        b.iter_custom(|iters| {
            timings.run("16 svg", iters, || {
                std::hint::black_box(jamsesh_render::engrave(&tune, &options));
            })
        })
    });
    group.finish();

    // One tune out of a large collection (`render FILE --tune X`) against the same tune alone.
    let collection = oneills_collection();
    let xs: Vec<u32> = tunes_of(&collection).iter().filter_map(|t| t.x).collect();
    let x = xs[xs.len() / 2];
    let alone = tune_alone(&collection, x);
    eprintln!(
        "collection: O'Neill's 1850, {} tunes, {} KB; picked X:{x}",
        xs.len(),
        collection.len() / 1024
    );
    let mut group = c.benchmark_group("one tune of a collection");
    group.sample_size(SAMPLES * 5);
    group.bench_function("ABC to SVG, --tune X of the collection", |b| {
        b.iter_custom(|iters| {
            timings.run("pick svg", iters, || {
                let (tune, _) = jamsesh_abc::parse_tune(&collection, x);
                std::hint::black_box(jamsesh_render::engrave(&tune.unwrap(), &options));
            })
        })
    });
    group.bench_function("ABC to SVG, the tune alone", |b| {
        b.iter_custom(|iters| {
            timings.run("alone svg", iters, || {
                std::hint::black_box(engrave_all(&alone, &options));
            })
        })
    });
    group.finish();

    let corpus_tunes: usize = all_texts.iter().map(|t| tunes_of(t).len()).sum();
    let mut group = c.benchmark_group(format!("whole corpus, {corpus_tunes} tunes"));
    group.sample_size(SAMPLES);
    group.throughput(Throughput::Elements(corpus_tunes as u64));
    group.bench_function("jamsesh ABC to SVG (parse + engrave)", |b| {
        b.iter_custom(|iters| {
            timings.run("corpus svg", iters, || {
                std::hint::black_box(
                    all_texts
                        .iter()
                        .map(|t| engrave_all(t, &options))
                        .sum::<usize>(),
                );
            })
        })
    });
    group.finish();

    let median_ms = |name: &str| Some(timings.median(name)?.as_secs_f64() * 1000.0);
    let per_tune = |name: &str, count: usize| Some(median_ms(name)? / count as f64);
    println!("\nmedians per tune (sample of {n} tunes, same run; benches left out by a filter are not shown):");
    let (ours, theirs) = (per_tune("svg", n), per_tune("abcm2ps", n));
    if let Some(ours) = ours {
        println!("  jamsesh ABC to SVG     {ours:8.3} ms");
    }
    if let Some(theirs) = theirs {
        println!("  abcm2ps -g             {theirs:8.3} ms");
    }
    if let (Some(ours), Some(theirs)) = (ours, theirs) {
        println!(
            "  ratio                  jamsesh is {:.1}x faster",
            theirs / ours
        );
    }
    if let Some(png) = per_tune("png", n) {
        println!("  SVG to PNG 1000 px     {png:8.3} ms");
    }
    if let Some(midi) = per_tune("midi", n) {
        println!("  Tune to MIDI           {midi:8.3} ms");
    }
    if let (Some(svg), Some(png)) = (median_ms("16 svg"), median_ms("16 png")) {
        println!(
            "  16-bar tune: engrave {svg:.3} ms, SVG to PNG 1000 px {png:.3} ms (target < 20 ms)"
        );
    }
    if let (Some(pick), Some(alone)) = (median_ms("pick svg"), median_ms("alone svg")) {
        println!(
            "  one tune of O'Neill's: --tune {pick:.3} ms, alone {alone:.3} ms, ratio {:.2} (target <= 1.5)",
            pick / alone
        );
    }
    if let Some(corpus) = median_ms("corpus svg") {
        println!(
            "  whole corpus ABC to SVG: {corpus:.0} ms, {:.3} ms per tune",
            corpus / corpus_tunes as f64
        );
    }
}

criterion_group!(render, benches);
criterion_main!(render);
