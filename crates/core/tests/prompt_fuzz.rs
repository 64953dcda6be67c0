//! No prompt, however strange, breaks the composer: random unicode, huge prompts, other
//! languages. Every one gives a valid jam (or, when empty, a clear error).

use jamsesh_core::Overrides;
use proptest::prelude::*;

fn check(prompt: &str, seed: u64) {
    match jamsesh_core::parse_intent(prompt, &Overrides::default()) {
        Ok(i) => {
            let j = jamsesh_core::generate(&i, seed);
            let report = jamsesh_core::review(&j);
            assert!(report.valid, "{prompt:?}: {:?}", report.errors);
        }
        Err(e) => assert!(
            prompt.trim().is_empty()
                || prompt
                    .chars()
                    .all(|c| c.is_whitespace() || ",;!?()\":.'".contains(c)),
            "{prompt:?}: {e}"
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_unicode_prompts(prompt in "\\PC{0,80}", seed in 0u64..1000) {
        check(&prompt, seed);
    }

    #[test]
    fn random_musical_words(words in proptest::collection::vec(proptest::sample::select(vec![
        "blues", "in", "E", "Bb", "minor", "dorian", "slow", "fast", "120", "bpm", "6/8", "waltz", "12", "bars",
        "for", "flute", "bass", "funky", "jazz", "sad", "key", "of", "F", "sharp", "flat", "#", "7/8", "64", "1000",
    ]), 0..12), seed in 0u64..1000) {
        check(&words.join(" "), seed);
    }
}

#[test]
fn huge_and_foreign_prompts() {
    check(&"funky ".repeat(20_000), 1);
    check(&"é".repeat(100_000), 2);
    for p in [
        "ブルース",
        "一首快乐的流行歌",
        "ein langsamer Blues in E",
        "un blues lent en mi",
        "\u{0}\u{1}\u{2}",
        "in",
        "key of",
        "A",
    ] {
        check(p, 3);
    }
}
