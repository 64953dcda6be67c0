//! No answer, however broken, makes the pipeline panic; every jam it accepts is one a player
//! accepts (the core tests' own musician reads it: bars fill the meter, chord symbols agree with
//! `chords`, the key signature is the key's).

#[path = "../../core/tests/common/musician.rs"]
mod musician;

use jamsesh_core::Overrides;
use jamsesh_llm::check_answer;
use proptest::prelude::*;

const GOOD: &str = include_str!("answers/good.json");

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn cut_and_damaged_answers_never_panic(cut in 0usize..2000, at in 0usize..2000, junk in "[{}\\[\\]\":,|A-Ga-g0-9 \\\\/]{0,8}") {
        let intent = jamsesh_core::parse_intent("funky slow groove in Bb", &Overrides::default()).unwrap();
        let mut text: String = GOOD.chars().take(cut.max(1)).collect();
        let at = text.char_indices().map(|(i, _)| i).nth(at % text.chars().count().max(1)).unwrap_or(0);
        text.insert_str(at, &junk);
        if let Ok((jam, report, _)) = check_answer(&text, &intent, 1) {
            prop_assert!(report.valid);
            let faults = musician::faults(&jam);
            prop_assert!(faults.is_empty(), "accepted what a player refuses: {:?}", faults);
        }
    }

    #[test]
    fn any_text_never_panics(text in "\\PC{0,400}") {
        let intent = jamsesh_core::parse_intent("slow blues in E", &Overrides::default()).unwrap();
        let _ = check_answer(&text, &intent, 1);
    }
}

#[test]
fn the_good_answer_is_accepted_as_is() {
    let intent =
        jamsesh_core::parse_intent("funky slow groove in Bb", &Overrides::default()).unwrap();
    let (_, report, verdict) = check_answer(GOOD, &intent, 1).unwrap();
    assert!(report.valid);
    assert_eq!(verdict, jamsesh_llm::Verdict::Valid);
}
