//! Hostile and random input: the parser never panics, stays linear, and the writer is stable.

mod common;
use common::{assert_round_trip, without_spans};
use proptest::prelude::*;

/// Runs the whole pipeline on `src`: structure, semantics, performance, writer, transposer.
fn exercise(src: &str) {
    let (tunes, diags) = jamsesh_abc::parse_tunes(src);
    let _ = diags.render("fuzz", src);
    for t in &tunes {
        let _ = t.performance();
    }
    let (tree, _) = jamsesh_abc::parse(src);
    let once = jamsesh_abc::write_file(&tree);
    let (again, _) = jamsesh_abc::parse(&once);
    let twice = jamsesh_abc::write_file(&again);
    assert_eq!(once, twice, "the canonical form is not a fixed point");
    let moved = jamsesh_abc::transpose_file(&tree, 5);
    let _ = jamsesh_abc::write_file(&moved);
}

/// Characters that matter to ABC, so random strings reach deep into the grammar.
const ABC_ALPHABET: &str =
    "ABCDEFGabcdefgzxZXy^_=,'/0123456789<>()[]{}|:.-~!+\"&%\\ \n\nXTKMLQVPw:HLMOPSTuv#bm";

fn abc_like() -> impl Strategy<Value = String> {
    let chars: Vec<char> = ABC_ALPHABET.chars().collect();
    let body = proptest::collection::vec(proptest::sample::select(chars), 0..400)
        .prop_map(|cs| cs.into_iter().collect::<String>());
    (body, any::<bool>()).prop_map(|(b, header)| {
        if header {
            format!("X:1\nT:t\nM:6/8\nK:D\n{b}")
        } else {
            b
        }
    })
}

/// Small tunes built from valid pieces: these must round-trip to the same tree exactly.
fn valid_tune() -> impl Strategy<Value = String> {
    let note = (
        proptest::sample::select(vec!["", "^", "_", "=", "^^", "__"]),
        proptest::sample::select("CDEFGABcdefgab".chars().collect::<Vec<_>>()),
        proptest::sample::select(vec!["", ",", "'", ",,"]),
        proptest::sample::select(vec!["", "2", "/", "3/2", "//", "4", "/4"]),
        proptest::sample::select(vec!["", "-"]),
    )
        .prop_map(|(a, l, o, len, t)| format!("{a}{l}{o}{len}{t}"));
    let piece = prop_oneof![
        4 => note.clone(),
        1 => note.clone().prop_map(|n| format!("[{n}{n}]")),
        1 => proptest::sample::select(vec!["|", "||", "|:", ":|", "|1", ":|2", "|]", "::", "[|"]).prop_map(str::to_string),
        1 => proptest::sample::select(vec!["\"Am7\"", "\"^up\"", "!trill!", ".", "~", "(3", "(", ")", "{g}", " ", ">", "<", "z2", "x", "Z2", "y", "[K:Bb]", "[M:3/4]", "[L:1/16]", "&"]).prop_map(str::to_string),
    ];
    (
        proptest::collection::vec(piece, 1..60),
        proptest::sample::select(vec!["C", "6/8", "2+3/8", "none", "3/4"]),
        proptest::sample::select(vec![
            "G",
            "F#m",
            "Bbmix",
            "D dor",
            "none",
            "HP",
            "Eb exp ^c",
        ]),
    )
        .prop_map(|(pieces, m, k)| {
            format!(
                "X:7\nT:Gen\nM:{m}\nL:1/8\nQ:1/4=96\nK:{k}\n{}\nw:la la\n",
                pieces.concat()
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn random_unicode_never_panics(s in "\\PC{0,300}") {
        exercise(&s);
    }

    #[test]
    fn random_abc_like_text_never_panics(s in abc_like()) {
        exercise(&s);
    }

    #[test]
    fn valid_tunes_round_trip_to_the_same_tree(s in valid_tune()) {
        exercise(&s);
        assert_round_trip(&s);
    }

    #[test]
    fn transposing_up_and_down_gives_the_same_pitches(s in valid_tune(), n in -11i32..=11) {
        let (tree, _) = jamsesh_abc::parse(&s);
        let up = jamsesh_abc::write_file(&jamsesh_abc::transpose_file(&tree, n));
        let (tunes, _) = jamsesh_abc::parse_tunes(&s);
        let (moved, _) = jamsesh_abc::parse_tunes(&up);
        let before = tunes[0].performance();
        let after = moved[0].performance();
        prop_assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            let shifted: Vec<_> = b.notes.iter().map(|x| (x.onset, x.duration, x.midi + n)).collect();
            let got: Vec<_> = a.notes.iter().map(|x| (x.onset, x.duration, x.midi)).collect();
            prop_assert_eq!(shifted, got, "transposed text:\n{}", up);
        }
    }
}

/// Found by `transposing_up_and_down_gives_the_same_pitches`: a tie does not reach over a
/// multi-bar rest, so the F after it is F natural in D dorian (a player's reading), and the
/// transposed text, read again, sounds the same notes two semitones lower.
#[test]
fn a_tie_ends_at_a_multi_bar_rest() {
    let s = "X:7\nT:Gen\nM:C\nL:1/8\nK:D dor\n__F,-|Z2[F,F,]\n";
    let (tunes, _) = jamsesh_abc::parse_tunes(s);
    let notes = &tunes[0].performance()[0].notes;
    let midis: Vec<i32> = notes.iter().map(|n| n.midi).collect();
    assert_eq!(
        midis,
        [51, 53, 53],
        "F𝄫 (E♭) tied into a rest, then F natural twice"
    );
    let (tree, _) = jamsesh_abc::parse(s);
    let down = jamsesh_abc::write_file(&jamsesh_abc::transpose_file(&tree, -2));
    let (moved, _) = jamsesh_abc::parse_tunes(&down);
    let moved: Vec<i32> = moved[0].performance()[0]
        .notes
        .iter()
        .map(|n| n.midi)
        .collect();
    assert_eq!(moved, [49, 51, 51], "{down}");
}

#[test]
fn pathological_inputs_finish() {
    let cases = [
        "(".repeat(100_000),
        format!("X:1\nK:C\n{}", "(".repeat(100_000)),
        format!("X:1\nK:C\n{}", "[".repeat(100_000)),
        format!("X:1\nK:C\n{}", "{".repeat(100_000)),
        format!("X:1\nK:C\n{}", "\"".repeat(100_000)),
        format!("X:1\nK:C\n{}", "!".repeat(100_000)),
        format!("X:1\nK:C\n{}", "+ ".repeat(100_000)),
        format!("X:1\nK:C\n{}", "[K:".repeat(100_000)),
        format!("X:1\nK:C\n{}", "A>".repeat(100_000)),
        format!("X:1\nK:C\n{}", "|:A:|".repeat(20_000)),
        format!("X:1\nK:C\n{}", "(3".repeat(50_000)),
        format!("X:1\nP:{}\nK:C\nP:A\nABC|\n", "(A9)9".repeat(1000)),
        "X:1\n".repeat(50_000),
    ];
    for c in &cases {
        exercise(c);
    }
}

#[test]
fn a_ten_megabyte_line_is_bounded() {
    let line = "abc|".repeat(10 * 1024 * 1024 / 4);
    let src = format!("X:1\nM:3/8\nK:C\n{line}\n");
    let (tunes, diags) = jamsesh_abc::parse_tunes(&src);
    assert!(!diags.is_clean(), "the symbol limit is reported");
    let bars = tunes[0].voices[0].bars.len();
    assert!(bars > 100_000 && bars < 1_000_000, "{bars} bars");
}

#[test]
fn round_trip_keeps_every_construct() {
    let src = "%abc-2.1\n%%pagewidth 21cm\n\nX:3\nT:All of it\nC:Trad.\nM:2+2+3/8\nL:1/8\nQ:\"Allegro\" 1/4=120\nV:1 clef=treble name=\"Top line\"\nV:2 clef=bass\nK:Bb exp _b _e ^f clef=treble\n[V:1] |:\"Gm\"!trill!G2 .A (3Bcd {/e}f>g | [CEG]2- [CEG] z x y &  a4 :|1 [1 b4 |2 c'4 |] % end\nw:doh re mi\n[V:2] [K:Dmix] Z2 | X | D,4 \\\n=F,,4 ||\nP:B\n+:continued\n%plain comment\n\nFree text at the end.\n";
    let text = assert_round_trip(src);
    assert!(text.contains("K:Bb exp _b _e ^f clef=treble"), "{text}");
    assert!(text.contains("V:1 clef=treble name=\"Top line\""), "{text}");
    let (tree, diags) = jamsesh_abc::parse(src);
    assert!(diags.is_clean(), "{diags:?}");
    assert_eq!(
        without_spans(&tree),
        without_spans(&jamsesh_abc::parse(&text).0)
    );
}
