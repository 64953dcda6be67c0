//! Issue 15's "Done when" numbers on every prompt of `data/prompts/tuning.tsv` (never the
//! holdout), one jam each with the row's number as its seed: a stated key kept (the reader's
//! side is `prompt_labels.rs`), no chord with two or more tones outside every scale offered,
//! the last note a tone of the last chord (≥ 95%), transposed chord roots spelled for the new
//! key (100%), harmony voices in thirds and sixths (≥ 95%), and "more syncopated" raising the
//! share of syncopated notes 1.5× or more.

mod common;
use common::{awkward_note, notes, syncopated_share, voice_intervals};
use jamsesh_core::harmony::{harmony, HarmonyKind};
use jamsesh_core::theory::chord::Chord;
use jamsesh_core::{critic, intent, jam, Overrides};

/// A count of cases and how many were right.
#[derive(Default, Debug)]
struct Tally {
    right: usize,
    all: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.all += 1;
        self.right += usize::from(ok);
    }

    fn rate(&self) -> f64 {
        self.right as f64 / self.all.max(1) as f64
    }
}

#[test]
fn tuning_prompts_meet_the_done_when_numbers() {
    let text = include_str!("data/prompts/tuning.tsv");
    let prompts: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("prompt\t"))
        .filter_map(|l| l.split('\t').next())
        .collect();
    let (mut key, mut chords, mut ending) = (Tally::default(), Tally::default(), Tally::default());
    let (mut spelled, mut thirds) = (Tally::default(), Tally::default());
    let (mut plain, mut pushed) = ((0, 0), (0, 0));
    for (row, prompt) in prompts.iter().enumerate() {
        let seed = row as u64 + 1;
        let intent = intent::parse(prompt, &Overrides::default()).unwrap();
        let j = jam::generate(&intent, seed);
        // A key the prompt named is the jam's key, in its fields and its K: line.
        if intent.explicit.key {
            let (tunes, _) = jamsesh_abc::parse_tunes(&j.example);
            let k = j.intent().unwrap().key;
            key.add(
                k.tonic.pitch_class() == intent.key.tonic.pitch_class()
                    && k.mode == intent.key.mode
                    && tunes[0].key.signature
                        == jamsesh_abc::semantics::signature_for_fifths(k.fifths()),
            );
        }
        // No chord with two or more tones outside every scale offered (chord_scales included).
        let scales = critic::parse_scales(&j.scales).unwrap();
        let own: Vec<(Chord, _)> = j
            .chord_scales
            .iter()
            .filter_map(|l| critic::read_chord_scale(l))
            .collect();
        for (_, chord) in j.progression().unwrap().chords() {
            let outside = chord
                .tones()
                .iter()
                .filter(|t| {
                    !scales
                        .iter()
                        .chain(own.iter().filter(|(c, _)| c == chord).map(|(_, s)| s))
                        .any(|s| s.contains_pitch_class(t.pitch_class()))
                })
                .count();
            chords.add(outside < 2);
        }
        // The last note is a tone of the last chord.
        let progression = j.progression().unwrap();
        let last_chord = progression.bars.last().and_then(|b| b.last()).unwrap();
        let last_note = notes(&j).last().map(|n| n.2).unwrap();
        let on_chord = last_chord.contains_pitch_class(last_note.rem_euclid(12) as u8);
        ending.add(on_chord);
        if !on_chord {
            eprintln!("ends off {last_chord}: {prompt} (s{seed}, {})", j.style_id);
        }
        // Transposed chord roots and basses spelled for the new key.
        for semitones in [1, 3, 5, 6, 8, 10] {
            let moved = jam::transpose(&j, semitones).unwrap();
            let k = moved.intent().unwrap().key;
            let signature = jamsesh_abc::semantics::signature_for_fifths(k.fifths());
            for (_, chord) in moved.progression().unwrap().chords() {
                let names = std::iter::once(chord.root).chain(chord.bass);
                spelled.add(
                    names
                        .into_iter()
                        .all(|n| !awkward_note(&n.to_string(), &signature)),
                );
            }
        }
        // Harmony voices in thirds and sixths.
        for (kind, allowed) in [
            (HarmonyKind::ThirdAbove, [3, 4]),
            (HarmonyKind::SixthBelow, [-8, -9]),
        ] {
            for d in voice_intervals(&harmony(&j, kind).unwrap()) {
                thirds.add(allowed.contains(&d));
            }
        }
        // "More syncopated" against a plain take of the same seed.
        let add = |total: &mut (usize, usize), steer: &str| {
            let take = jam::new_melody(&j, seed, steer).unwrap();
            let (p, n) = syncopated_share(&notes(&take));
            total.0 += p;
            total.1 += n;
        };
        add(&mut plain, "");
        add(&mut pushed, "more syncopated");
    }
    let share = |t: (usize, usize)| t.0 as f64 / t.1.max(1) as f64;
    println!(
        "| measure on tuning.tsv ({} prompts) | result |",
        prompts.len()
    );
    println!("|---|---|");
    println!("| stated key kept | {}/{} |", key.right, key.all);
    println!(
        "| chords without two tones outside every scale | {}/{} |",
        chords.right, chords.all
    );
    println!(
        "| last note a tone of the last chord | {}/{} ({:.1}%) |",
        ending.right,
        ending.all,
        ending.rate() * 100.0
    );
    println!(
        "| transposed roots spelled for the key | {}/{} |",
        spelled.right, spelled.all
    );
    println!(
        "| harmony in thirds/sixths | {}/{} ({:.1}%) |",
        thirds.right,
        thirds.all,
        thirds.rate() * 100.0
    );
    println!(
        "| more syncopated | {:.1}% → {:.1}% ({:.2}×) |",
        share(plain) * 100.0,
        share(pushed) * 100.0,
        share(pushed) / share(plain)
    );
    assert_eq!(key.right, key.all, "stated key");
    assert_eq!(chords.right, chords.all, "clashing chords");
    assert!(ending.rate() >= 0.95, "{ending:?}");
    assert_eq!(spelled.right, spelled.all, "spelling");
    assert!(thirds.rate() >= 0.95, "{thirds:?}");
    assert!(share(pushed) >= 1.5 * share(plain), "{plain:?} {pushed:?}");
}
