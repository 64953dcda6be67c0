//! `parse_tune` reads one tune out of a file: the same tune `parse_tunes` reads, with
//! diagnostics that point into the whole file.

mod common;

/// Three tunes after a file header; the third has an unknown decoration on line 19.
const COLLECTION: &str = "\
%abc-2.1
M:6/8
L:1/8

X:1
T:First
K:G
GAB c2d|

X:2
T:Second
M:4/4
K:D
DEFG ABcd|

X:3
T:Third
K:A
A2B !nosuch!c2d|
";

#[test]
fn one_tune_is_read_with_the_file_header_and_line_numbers_of_the_file() {
    let (tune, diags) = jamsesh_abc::parse_tune(COLLECTION, 3);
    let tune = tune.expect("X:3 is in the file");
    assert_eq!(tune.title, "Third");
    // The file header's M:6/8 applies.
    assert_eq!(
        tune.meter,
        jamsesh_abc::MeterSpec::Fraction {
            numerators: vec![6],
            denominator: 8
        }
    );
    let shown = diags.render("set.abc", COLLECTION);
    assert!(shown.contains("set.abc:19:"), "{shown}");
    // Only the chosen tune is read: tune 1's and 2's lines are not reported or interpreted.
    assert_eq!(diags.len(), 1, "{shown}");
}

#[test]
fn a_missing_number_gives_no_tune() {
    assert!(jamsesh_abc::parse_tune(COLLECTION, 7).0.is_none());
    assert_eq!(
        jamsesh_abc::parse_tune(COLLECTION, 2).0.unwrap().title,
        "Second"
    );
}

/// On real collections, every tune read alone equals the same tune read with its file.
#[test]
fn every_corpus_tune_reads_alone_as_in_its_file() {
    let files = common::corpus_files();
    let mut compared = 0;
    for file in files.iter().step_by(7) {
        let text = jamsesh_abc::decode(&std::fs::read(file).unwrap()).into_owned();
        let (tunes, _) = jamsesh_abc::parse_tunes(&text);
        let mut seen = std::collections::HashSet::new();
        for tune in &tunes {
            // `parse_tune` takes the first tune of a number, as `render --tune` always did.
            let Some(x) = tune.x.filter(|x| seen.insert(*x)) else {
                continue;
            };
            let (alone, _) = jamsesh_abc::parse_tune(&text, x);
            assert!(
                alone.as_ref() == Some(tune),
                "{} X:{x} reads differently alone",
                file.display()
            );
            compared += 1;
        }
    }
    assert!(compared > 1000, "only {compared} tunes compared");
}

#[test]
fn beat_groups_follow_the_meter() {
    use jamsesh_abc::MeterSpec;
    let groups = |m: &str| {
        let (tunes, _) = jamsesh_abc::parse_tunes(&format!("X:1\nM:{m}\nK:C\nC|\n"));
        let eighths: Vec<i64> = tunes[0]
            .meter
            .beat_groups()
            .iter()
            .map(|g| (*g * 8).to_integer())
            .collect();
        eighths
    };
    // Written as a musician counts them, in eighths.
    assert_eq!(groups("7/8"), [2, 2, 3]);
    assert_eq!(groups("5/8"), [2, 3]);
    assert_eq!(groups("3/8"), [3]);
    assert_eq!(groups("3+2+2/8"), [3, 2, 2]);
    assert_eq!(groups("6/8"), [3, 3]);
    assert_eq!(groups("12/8"), [3, 3, 3, 3]);
    assert_eq!(groups("3/4"), [2, 2, 2]);
    assert_eq!(groups("C"), [2, 2, 2, 2]);
    assert_eq!(groups("C|"), [4, 4]);
    assert!(MeterSpec::Free.beat_groups().is_empty());
}
