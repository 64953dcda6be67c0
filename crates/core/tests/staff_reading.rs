//! The jam's ABC reads the same whichever way a reader carries an accidental through the
//! bar. ABC 2.1's default (`%%propagate-accidentals pitch`, as abc2midi plays) holds it on
//! every octave of its letter; staff notation (a musician, abcm2ps's page) holds it on its own
//! line or space only (`octave`). A line written for one reader alone plays one pitch and
//! shows another: `_d D` sounds D♭ twice to abc2midi while the staff shows one flat.

use jamsesh_abc::{parse_tunes, EventKind};
use jamsesh_core::{harmony, HarmonyKind, Overrides};

/// Every note's MIDI number, voice by voice, as a reader carrying accidentals `propagation`
/// (`pitch` or `octave`) hears it.
fn heard(abc: &str, propagation: &str) -> Vec<Vec<i32>> {
    let directive = format!("%%propagate-accidentals {propagation}\n");
    let at = abc.find('\n').map_or(0, |i| i + 1);
    let text = format!("{}{directive}{}", &abc[..at], &abc[at..]);
    let (tunes, _) = parse_tunes(&text);
    tunes[0]
        .voices
        .iter()
        .map(|v| {
            v.bars
                .iter()
                .flat_map(|b| &b.events)
                .filter_map(|e| match &e.kind {
                    EventKind::Notes(n) => Some(n.iter().map(|s| s.midi)),
                    _ => None,
                })
                .flatten()
                .collect()
        })
        .collect()
}

#[test]
fn a_handwritten_line_reads_differently_by_octave_and_by_pitch() {
    // The reference readings, worked out by hand: in G, `_d D` is D♭5 D♭4 by pitch,
    // D♭5 D4 by octave; `_B, B` is B♭3 B♭4 by pitch, B♭3 B4 by octave.
    let abc = "X:1\nM:4/4\nL:1/8\nK:G\nc2_d2 D2=D2|_B,2B2 B,2z2|\n";
    assert_eq!(heard(abc, "pitch"), [vec![72, 73, 61, 62, 58, 70, 58]]);
    assert_eq!(heard(abc, "octave"), [vec![72, 73, 62, 62, 58, 71, 58]]);
}

#[test]
fn every_jam_reads_the_same_by_pitch_and_by_octave() {
    let mut differ = Vec::new();
    let mut notes = 0;
    for style in jamsesh_core::STYLES {
        for key in ["G", "A minor", "Bb", "C# minor", "E dorian"] {
            let prompt = format!("{} in {key}", style.name);
            let intent = jamsesh_core::parse_intent(&prompt, &Overrides::default()).unwrap();
            for seed in 1..=3 {
                let jam = jamsesh_core::generate(&intent, seed);
                let second = harmony(&jam, HarmonyKind::ThirdAbove).ok();
                for j in std::iter::once(&jam).chain(second.as_ref()) {
                    let by_pitch = heard(&j.example, "pitch");
                    notes += by_pitch.iter().map(Vec::len).sum::<usize>();
                    if by_pitch != heard(&j.example, "octave") {
                        differ.push(format!("{prompt} (seed {seed}):\n{}", j.example));
                    }
                }
            }
        }
    }
    assert!(notes > 10_000, "only {notes} notes read");
    assert!(
        differ.is_empty(),
        "{} jams read differently by octave:\n{}",
        differ.len(),
        differ
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
