//! Whatever a web page or an HTTP client sends, the operations answer with a jam or an error,
//! never a panic, and every jam they give is one the critic accepts.

use jamsesh_ops::{self as ops, GenerateOptions, RenderOptions};
use proptest::prelude::*;

/// Prompts mixing real style words with noise.
fn prompt() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "blues", "funky", "slow", "jig", "celtic", "bossa", "jazz", "waltz", "rock", "in", "Bb",
        "F#m", "E", "D", "dorian", "minor", "fast", "ballad", "6/8", "120bpm", "for", "sax", "12",
        "bars", "🎷", "ß", "\u{0}", "  ",
    ]);
    prop_oneof![
        prop::collection::vec(words, 0..8).prop_map(|w| w.join(" ")),
        ".{0,60}",
    ]
}

fn options() -> impl Strategy<Value = GenerateOptions> {
    (
        any::<Option<u64>>(),
        prop::option::of(prop_oneof!["[A-Ga-h][#b]?m?", ".{0,6}"]),
        prop::option::of(0u32..400),
        prop::option::of(0u32..100),
        prop::option::of(prop_oneof!["[0-9]{1,2}/[0-9]{1,2}", ".{0,5}"]),
    )
        .prop_map(|(seed, key, tempo, bars, meter)| GenerateOptions {
            seed,
            key,
            tempo,
            bars,
            meter,
            style: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generate_gives_a_valid_jam_or_an_error(p in prompt(), o in options()) {
        if let Ok(jam) = ops::generate(&p, &o) {
            let report = ops::critic(&jam).unwrap();
            prop_assert!(report.valid, "{p:?} {o:?}: {:?}", report.errors);
        }
    }

    #[test]
    fn operations_on_a_jam_never_panic(
        seed in any::<u64>(),
        steer in ".{0,40}",
        kind in prop_oneof!["third", "sixth", "bass", ".{0,8}"],
        semitones in -20i32..20,
        symbol in prop_oneof!["[A-G][#b]?(m|maj7|7|dim|sus4|m7b5|9|13)?", ".{0,12}"],
    ) {
        let jam = ops::generate("slow blues in E", &GenerateOptions::default()).unwrap();
        for made in [
            ops::new_melody(&jam, seed, &steer),
            ops::new_progression(&jam, seed),
            ops::harmony(&jam, &kind),
            ops::transpose(&jam, semitones),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(ops::critic(&made).unwrap().valid);
        }
        let _ = ops::chord(&symbol, &RenderOptions::default());
    }

    #[test]
    fn any_abc_renders_or_is_refused(abc in "(X:1\n)?(K:[A-G]\n)?[A-Ga-gz|:\\[\\]()0-9/^_=,' \n\"]{0,200}", width in 0f32..5000.0) {
        let options = RenderOptions { width: Some(width), theme: None };
        if let Ok(svg) = ops::render_svg(&abc, &options) {
            prop_assert!(svg.svg.starts_with("<svg"));
        }
        let _ = ops::midi(&abc, &ops::playback_options(None));
        let _ = ops::playback(&abc, &ops::playback_options(None));
    }
}
