//! Titles as a musician reads them: a dance's name in a title says the tune is that dance, so
//! a 4/4 ballad is never called a waltz, a hornpipe never a reel, a reel never a jig.

use jamsesh_core::Overrides;

/// Every title of 60 seeds for a prompt.
fn titles(prompt: &str) -> Vec<String> {
    let intent = jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap();
    (0..60)
        .map(|seed| jamsesh_core::generate(&intent, seed).title)
        .collect()
}

#[test]
fn a_title_names_no_dance_the_tune_is_not() {
    // (prompt, dance names its titles must not use) — the rule: Waltz is 3/4, Jig is 6/8,
    // 9/8 or 12/8, Reel and Hornpipe name those tunes alone.
    let cases: [(&str, &[&str]); 6] = [
        ("rock ballad in A", &["Waltz", "Jig", "Reel", "Hornpipe"]),
        ("jazz ballad in Eb", &["Waltz", "Jig"]),
        ("hornpipe in G", &["Reel", "Jig", "Waltz"]),
        ("celtic reel in D", &["Jig", "Hornpipe", "Waltz"]),
        ("celtic jig in D", &["Reel", "Hornpipe", "Waltz"]),
        ("bluegrass in G", &["Reel", "Jig", "Hornpipe", "Waltz"]),
    ];
    for (prompt, wrong) in cases {
        for title in titles(prompt) {
            let last = title.rsplit(' ').next().unwrap();
            assert!(!wrong.contains(&last), "{prompt}: \"{title}\"");
        }
    }
}

#[test]
fn a_dance_may_still_carry_its_own_name() {
    for (prompt, name) in [
        ("waltz in G", "Waltz"),
        ("celtic jig in D", "Jig"),
        ("celtic reel in D", "Reel"),
        ("hornpipe in G", "Hornpipe"),
    ] {
        assert!(
            titles(prompt).iter().any(|t| t.ends_with(name)),
            "{prompt}: no title says {name}"
        );
    }
}

/// A band that asks for several styles with one seed hears different tunes, and their titles
/// should not all start alike ("Alley Cat Ramble", "Alley Cat Shuffle", "Alley Cat Changes").
#[test]
fn one_seed_gives_different_styles_different_titles() {
    let prompts = [
        "slow blues in E",
        "celtic jig in D",
        "gypsy jazz in A minor",
        "funk in E",
        "bossa nova in F",
        "rock in G",
        "reggae in A",
        "bluegrass in G",
    ];
    for seed in 0..20 {
        let mut first_words: Vec<String> = prompts
            .iter()
            .map(|p| {
                let intent = jamsesh_core::parse_intent(p, &Overrides::default()).unwrap();
                let title = jamsesh_core::generate(&intent, seed).title;
                title
                    .rsplit_once(' ')
                    .map_or(title.clone(), |(a, _)| a.to_string())
            })
            .collect();
        first_words.sort();
        first_words.dedup();
        assert!(
            first_words.len() >= 3,
            "seed {seed}: eight styles share {first_words:?}"
        );
    }
}
