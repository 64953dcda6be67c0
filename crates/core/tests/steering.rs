//! Steering a new melody moves what it says, by a stated amount, measured over 50 seeds as a
//! musician would count: syncopation (notes that start off the beat and sound through it),
//! register (mean pitch), density (notes per bar), blue notes (♭3, ♭5, ♭7 of the key), swing
//! (eighth pairs played long–short).

mod common;
use common::{musician, notes};
use jamsesh_core::Overrides;

const PROMPTS: &[&str] = &[
    "pop in C",
    "folk song in G",
    "jazz standard in F",
    "rock in A",
];
const SEEDS: u64 = 50;

/// Totals over every prompt and seed for one steering text.
#[derive(Default, Debug)]
struct Measures {
    notes: usize,
    bars: usize,
    syncopated: usize,
    pitch_sum: i64,
    blue: usize,
    /// Beats holding exactly two notes (a pair of eighths, even or dotted).
    pairs: usize,
    /// Of those, pairs played long–short.
    swung_pairs: usize,
}

/// Whether each prompt's style swings its eighths, as a musician labels it (jazz swings;
/// pop, folk and rock play them straight).
const SWINGS: &[bool] = &[false, false, true, false];

/// Pairs of a take's line that fill one beat, and how many of them are played long–short: a
/// dotted pair always, an even pair when the take swings — by its tempo's marking
/// (`Q:"Swing"` / `Q:"Straight"`), else by its style.
fn swung_pairs(take: &jamsesh_core::Jam, style_swings: bool) -> (usize, usize) {
    let (tunes, _) = jamsesh_abc::parse_tunes(&take.example);
    let marking = tunes[0].tempo.as_ref().and_then(|t| t.text.clone());
    let swings = match marking.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("swing") => true,
        Some("straight") => false,
        _ => style_swings,
    };
    let quarter = jamsesh_abc::Frac::new(1, 4);
    let ns = notes(take);
    let (mut pairs, mut swung) = (0, 0);
    for w in ns.windows(2) {
        let ((a, da, _), (b, db, _)) = (w[0], w[1]);
        let on_beat = (a / quarter).is_integer();
        if !on_beat || a + da != b || da + db != quarter {
            continue;
        }
        pairs += 1;
        let dotted = da == jamsesh_abc::Frac::new(3, 16);
        let even = da == jamsesh_abc::Frac::new(1, 8);
        swung += usize::from(dotted || (even && swings));
    }
    (pairs, swung)
}

fn measure(steer: &str) -> Measures {
    let quarter = jamsesh_abc::Frac::new(1, 4);
    let mut m = Measures::default();
    for (prompt, &style_swings) in PROMPTS.iter().zip(SWINGS) {
        let base = jamsesh_core::generate(
            &jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap(),
            1,
        );
        let tonic = musician::pitch_class(&base.key).unwrap();
        for seed in 0..SEEDS {
            let take = jamsesh_core::new_melody(&base, seed, steer).unwrap();
            let (pairs, swung) = swung_pairs(&take, style_swings);
            m.pairs += pairs;
            m.swung_pairs += swung;
            let ns = notes(&take);
            m.bars += take.bars as usize;
            m.notes += ns.len();
            for (onset, duration, midi) in ns {
                let next_beat = (onset / quarter).floor() * quarter + quarter;
                let off_beat = !(onset / quarter).is_integer();
                m.syncopated += usize::from(off_beat && onset + duration > next_beat);
                m.pitch_sum += i64::from(midi);
                let from_tonic = (midi - i32::from(tonic)).rem_euclid(12);
                m.blue += usize::from(matches!(from_tonic, 3 | 6 | 10));
            }
        }
    }
    m
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

#[test]
fn each_steer_word_moves_its_own_measure() {
    let plain = measure("");
    let synco = measure("more syncopated");
    let straight = measure("less syncopated");
    let high = measure("higher");
    let sparse = measure("sparser");
    let busy = measure("busier");
    let bluesy = measure("bluesy");
    let swing = measure("more swing");
    let straighter = measure("straighter");
    let sync = |m: &Measures| share(m.syncopated, m.notes);
    let mean = |m: &Measures| m.pitch_sum as f64 / m.notes.max(1) as f64;
    let density = |m: &Measures| m.notes as f64 / m.bars.max(1) as f64;
    let blue = |m: &Measures| share(m.blue, m.notes);
    let swung = |m: &Measures| share(m.swung_pairs, m.pairs);
    // The README's table, as measured here (its last column, the stated amounts, is what the
    // asserts below hold).
    let pct = |x: f64| format!("{:.1}%", x * 100.0).replace(".0%", "%");
    let syncopation = "notes starting off the beat and sounding through it";
    let pairs = "eighth pairs (a beat of two notes) played long–short: dotted pairs, or even pairs in a take that swings (`Q:\"Swing\"` marking, else its style)";
    let quoted = [
        format!(
            "| more syncopated | {syncopation} | {} | {} |",
            pct(sync(&plain)),
            pct(sync(&synco))
        ),
        format!(
            "| less syncopated | same | {} | {} |",
            pct(sync(&plain)),
            pct(sync(&straight))
        ),
        format!(
            "| higher | mean pitch (MIDI) | {:.1} | {:.1} |",
            mean(&plain),
            mean(&high)
        ),
        format!(
            "| sparser | notes per bar | {:.2} | {:.2} |",
            density(&plain),
            density(&sparse)
        ),
        format!(
            "| busier | notes per bar | {:.2} | {:.2} |",
            density(&plain),
            density(&busy)
        ),
        format!(
            "| bluesy | blue notes (♭3, ♭5, ♭7 of the key) | {} | {} |",
            pct(blue(&plain)),
            pct(blue(&bluesy))
        ),
        format!(
            "| more swing | {pairs} | {} | {} |",
            pct(swung(&plain)),
            pct(swung(&swing))
        ),
        format!(
            "| straighter | same | {} | {} |",
            pct(swung(&plain)),
            pct(swung(&straighter))
        ),
    ];
    println!("{}", quoted.join("\n"));
    // The stated amounts (README): syncopation ×1.5 or more, register +3 semitones or more,
    // density −15% / +10% or more, blue notes ×2 or more; "less" halves syncopation at least.
    assert!(sync(&synco) >= 1.5 * sync(&plain), "{plain:?} {synco:?}");
    assert!(
        sync(&straight) <= 0.5 * sync(&plain) + 0.005,
        "{plain:?} {straight:?}"
    );
    assert!(mean(&high) >= mean(&plain) + 3.0);
    assert!(density(&sparse) <= 0.85 * density(&plain));
    assert!(density(&busy) >= 1.10 * density(&plain));
    assert!(blue(&bluesy) >= 2.0 * blue(&plain));
    // Swing: "more swing" plays at least nine pairs in ten long–short and at least twice the
    // plain share; "straighter" plays at most one in twenty so.
    assert!(swung(&swing) >= 0.9, "{plain:?} {swing:?}");
    assert!(swung(&swing) >= 2.0 * swung(&plain), "{plain:?} {swing:?}");
    assert!(swung(&straighter) <= 0.05, "{straighter:?}");
    common::readme::assert_quotes(&quoted);
}

#[test]
fn steer_words_not_understood_are_named() {
    use jamsesh_core::Steer;
    assert_eq!(
        Steer::not_understood("more syncopated and wobbly, please"),
        ["wobbly"]
    );
    assert!(Steer::not_understood("higher, sparser").is_empty());
}

#[test]
fn a_take_says_what_it_was_steered_by_and_what_it_did_not_understand() {
    let base = jamsesh_core::generate(
        &jamsesh_core::parse_intent("pop in C", &Overrides::default()).unwrap(),
        1,
    );
    let take = jamsesh_core::new_melody(&base, 2, "more wobbly and higher, bluesy").unwrap();
    let u = &take.understood;
    assert_eq!(
        u.steer.as_ref().map(|r| r.value.as_str()),
        Some("higher, bluesy")
    );
    assert_eq!(u.steer_unknown, vec!["wobbly".to_string()]);
    assert!(
        u.summary()
            .ends_with("steered: higher, bluesy (not understood: wobbly)"),
        "{}",
        u.summary()
    );
    assert!(
        u.short().contains("steered: higher, bluesy"),
        "{}",
        u.short()
    );
    // Words that steer nothing are said to steer nothing.
    let nothing = jamsesh_core::new_melody(&base, 3, "wobbly").unwrap();
    assert_eq!(
        nothing.understood.steer.as_ref().map(|r| r.value.as_str()),
        Some("nothing")
    );
    // The next take is not steered by the last one's words.
    let next = jamsesh_core::new_progression(&take, 4).unwrap();
    assert_eq!(next.understood.steer, None);
    assert!(next.understood.steer_unknown.is_empty());
    // The prompt's reading stays.
    assert_eq!(next.understood.style, base.understood.style);
}
