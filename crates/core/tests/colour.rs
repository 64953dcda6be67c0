//! Two genres named: the head genre leads and the other colours it (issue 14). Each colour is
//! measured as a musician would hear it, over 40 seeds against the head genre alone.

mod common;
use common::notes;
use jamsesh_abc::Frac;
use jamsesh_core::{Jam, Overrides};

const SEEDS: u64 = 40;

fn jams(prompt: &str) -> Vec<Jam> {
    let intent = jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap();
    (0..SEEDS)
        .map(|seed| jamsesh_core::generate(&intent, seed))
        .collect()
}

/// Share (per mille) of notes for which `pick` holds, over every seed.
fn share(prompt: &str, pick: impl Fn(&Jam, Frac, Frac, i32) -> bool) -> usize {
    let (mut hit, mut all) = (0, 0);
    for j in jams(prompt) {
        for (onset, duration, midi) in notes(&j) {
            all += 1;
            hit += usize::from(pick(&j, onset, duration, midi));
        }
    }
    hit * 1000 / all.max(1)
}

fn sixteenth(_: &Jam, _: Frac, duration: Frac, _: i32) -> bool {
    duration == Frac::new(1, 16)
}

/// A note that starts off the beat and sounds through the next one: an anticipation.
fn anticipated(_: &Jam, onset: Frac, duration: Frac, _: i32) -> bool {
    let quarter = Frac::new(1, 4);
    let next_beat = (onset / quarter).floor() * quarter + quarter;
    !(onset / quarter).is_integer() && onset + duration > next_beat
}

/// ♭3, ♭5 or ♭7 of a major key.
fn blue(j: &Jam, _: Frac, _: Frac, midi: i32) -> bool {
    let tonic = jamsesh_core::jam_key(j).unwrap().tonic.pitch_class();
    matches!((midi - i32::from(tonic)).rem_euclid(12), 3 | 6 | 10)
}

#[test]
fn the_second_genre_is_read_as_a_colour_and_said() {
    for (prompt, head, colour) in [
        ("funky reggae in A", "reggae", Some("funk")),
        ("reggae with a bit of funk", "reggae", Some("funk")),
        ("rock with a latin feel", "rock", Some("latin")),
        ("bluesy rock in A", "rock", Some("blues")),
        ("pop song, reggae vibe", "pop", Some("reggae")),
        // Feel words are no genre: nothing to colour.
        ("reggae groove", "reggae", None),
        ("jazz jam session", "jazz", None),
        // Of the same family: one style, no colour.
        ("blues rock in E", "blues-rock", None),
    ] {
        let i = jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap();
        assert_eq!(i.style.id, head, "{prompt}");
        assert_eq!(i.colour.map(|c| c.id), colour, "{prompt}");
        let j = jamsesh_core::generate(&i, 1);
        let report = jamsesh_core::review(&j);
        assert!(
            report.valid && report.score >= 80 && report.warnings.is_empty(),
            "{prompt}: {} {:?}",
            report.score,
            report.warnings
        );
        match colour {
            Some(c) => {
                // Said with the genre's own word: "Coloured by funk: a sixteenth-note cell."
                let said = format!("coloured by {c}:");
                assert!(
                    j.style.to_lowercase().contains(&said),
                    "{prompt}: {}",
                    j.style
                );
                assert!(
                    j.understood.summary().contains("coloured by"),
                    "{prompt}: {}",
                    j.understood.summary()
                );
                // A new take keeps the colour.
                let take = jamsesh_core::new_melody(&j, 7, "").unwrap();
                assert!(take.style.to_lowercase().contains(&said), "{prompt} take");
            }
            None => assert!(!j.style.contains("Coloured"), "{prompt}: {}", j.style),
        }
    }
}

#[test]
fn a_funk_colour_brings_sixteenths() {
    let plain = share("reggae in A", sixteenth);
    let coloured = share("funky reggae in A", sixteenth);
    eprintln!("sixteenths ‰: reggae {plain}, funky reggae {coloured}");
    assert!(
        coloured >= plain + 50,
        "sixteenths ‰: reggae {plain}, funky reggae {coloured}"
    );
}

#[test]
fn a_latin_colour_anticipates_the_beat() {
    let plain = share("rock in E", anticipated);
    let coloured = share("rock with a latin feel in E", anticipated);
    eprintln!("anticipations ‰: rock {plain}, latin rock {coloured}");
    assert!(
        coloured * 10 >= plain * 13,
        "anticipations ‰: rock {plain}, latin rock {coloured}"
    );
}

#[test]
fn a_blues_colour_brings_blue_notes() {
    let plain = share("rock in A", blue);
    let coloured = share("bluesy rock in A", blue);
    eprintln!("blue notes ‰: rock {plain}, bluesy rock {coloured}");
    assert!(
        coloured >= plain * 2 + 20,
        "blue notes ‰: rock {plain}, bluesy rock {coloured}"
    );
}
