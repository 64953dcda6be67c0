//! Each style's line measured against a musician's definition of its idiom, over 20 seeds:
//! reels run in eighths (at least 80% of the notes); hornpipes go in dotted pairs (at least 70%
//! of the beats split in two are long–short) and close phrases on three crotchets and a rest;
//! ballads sing long tones (a mean note of a quarter or more); funk stabs in sixteenths and
//! leaves holes. One seed never gives two styles the same line.

mod common;
use common::notes;
use jamsesh_abc::{EventKind, Frac};
use jamsesh_core::{Jam, Overrides};

const SEEDS: std::ops::RangeInclusive<u64> = 1..=20;

fn jam_for(prompt: &str, seed: u64) -> Jam {
    jamsesh_core::generate(
        &jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap(),
        seed,
    )
}

/// Over every seed: (notes meeting `f`, notes).
fn count(prompt: &str, f: impl Fn(Frac) -> bool) -> (usize, usize) {
    SEEDS
        .map(|s| {
            let ns = notes(&jam_for(prompt, s));
            (ns.iter().filter(|n| f(n.1)).count(), ns.len())
        })
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

#[test]
fn reels_run_in_eighths() {
    for prompt in ["celtic reel in D", "irish reel in G", "reel in A minor"] {
        let (eighths, all) = count(prompt, |d| d == Frac::new(1, 8));
        eprintln!("{prompt}: {eighths}/{all} eighths");
        assert!(eighths * 10 >= all * 8, "{prompt}: {eighths}/{all} eighths");
    }
}

#[test]
fn hornpipes_go_in_dotted_pairs_and_close_on_three_crotchets() {
    let quarter = Frac::new(1, 4);
    for prompt in ["hornpipe in D", "sailor's hornpipe in G"] {
        let (mut split, mut dotted, mut phrase_ends, mut three_crotchets) = (0, 0, 0, 0);
        for seed in SEEDS {
            let j = jam_for(prompt, seed);
            let ns = notes(&j);
            for w in ns.windows(2) {
                let ((a, da, _), (b, db, _)) = (w[0], w[1]);
                if (a / quarter).is_integer() && a + da == b && da + db == quarter {
                    split += 1;
                    dotted += usize::from(da == Frac::new(3, 16));
                }
            }
            // Bars closing a four-bar phrase: three crotchets, then a crotchet's rest.
            let (tunes, _) = jamsesh_abc::parse_tunes(&j.example);
            for bar in tunes[0].voices[0].bars.iter().skip(3).step_by(4) {
                phrase_ends += 1;
                let shape: Vec<(bool, Frac)> = bar
                    .events
                    .iter()
                    .map(|e| (matches!(e.kind, EventKind::Notes(_)), e.duration))
                    .collect();
                let cadence = [
                    (true, quarter),
                    (true, quarter),
                    (true, quarter),
                    (false, quarter),
                ];
                three_crotchets += usize::from(shape == cadence);
            }
        }
        eprintln!("{prompt}: {dotted}/{split} dotted, {three_crotchets}/{phrase_ends} cadences");
        assert!(
            dotted * 10 >= split * 7,
            "{prompt}: {dotted}/{split} pairs dotted"
        );
        assert!(
            three_crotchets * 10 >= phrase_ends * 9,
            "{prompt}: {three_crotchets}/{phrase_ends} phrases close on three crotchets"
        );
    }
}

#[test]
fn ballads_sing_long_tones() {
    for prompt in [
        "jazz ballad in Eb",
        "rock ballad in A",
        "power ballad in D minor",
    ] {
        let (mut total, mut n) = (Frac::from(0), 0);
        for seed in SEEDS {
            for (_, d, _) in notes(&jam_for(prompt, seed)) {
                total += d;
                n += 1;
            }
        }
        let mean = total / Frac::from(n as i64);
        eprintln!("{prompt}: mean note {mean}");
        assert!(mean >= Frac::new(1, 4), "{prompt}: mean note {mean}");
    }
}

#[test]
fn funk_stabs_in_sixteenths_and_leaves_holes() {
    for prompt in ["funk in E dorian", "funky groove in A minor"] {
        let (sixteenths, all) = count(prompt, |d| d == Frac::new(1, 16));
        let (mut bars, mut with_rest) = (0, 0);
        for seed in SEEDS {
            let j = jam_for(prompt, seed);
            let (tunes, _) = jamsesh_abc::parse_tunes(&j.example);
            for bar in &tunes[0].voices[0].bars {
                bars += 1;
                with_rest += usize::from(
                    bar.events
                        .iter()
                        .any(|e| matches!(e.kind, EventKind::Rest { .. })),
                );
            }
        }
        eprintln!("{prompt}: {sixteenths}/{all} sixteenths, {with_rest}/{bars} bars with a rest");
        // A quarter of the notes or more are sixteenths; half the bars or more leave a hole.
        assert!(
            sixteenths * 4 >= all,
            "{prompt}: {sixteenths}/{all} sixteenths"
        );
        assert!(
            with_rest * 2 >= bars,
            "{prompt}: {with_rest}/{bars} bars with a rest"
        );
    }
}

#[test]
fn one_seed_never_gives_two_styles_the_same_line() {
    let styles = [
        "celtic reel in D",
        "hornpipe in D",
        "celtic jig in D",
        "jazz ballad in D",
        "rock ballad in D",
        "jazz standard in D",
        "bossa nova in D",
        "reggae in D",
        "funk in D dorian",
        "folk song in D",
        "country in D",
        "pop in D",
    ];
    for seed in 1..9 {
        let lines: Vec<Vec<(Frac, Frac, i32)>> =
            styles.iter().map(|p| notes(&jam_for(p, seed))).collect();
        for a in 0..styles.len() {
            for b in a + 1..styles.len() {
                // Not the same line, and not the same rhythm under other notes.
                let rhythm = |l: &[(Frac, Frac, i32)]| -> Vec<(Frac, Frac)> {
                    l.iter().map(|n| (n.0, n.1)).collect()
                };
                assert_ne!(
                    rhythm(&lines[a]),
                    rhythm(&lines[b]),
                    "seed {seed}: {} and {} share a rhythm",
                    styles[a],
                    styles[b]
                );
            }
        }
    }
}
