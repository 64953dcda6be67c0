//! Second voices for a jam (a harmony line a third or sixth above, or a bass line), and the
//! voicing of a single chord as ABC (for a "show me this chord" button).

use crate::bass;
use crate::jam::{Jam, JamError};
use crate::melody::{Melody, MelodyNote, Pitch};
use crate::progression::Progression;
use crate::rng::Rng;
use crate::score::{self, Header};
use crate::theory::chord::{Chord, ChordError};
use crate::theory::note::{stack_upwards, Letter, Note};
use crate::theory::scale::Scale;
use crate::theory::time::{chord_slot, UNITS_PER_WHOLE};
use jamsesh_abc::{pitch_text, EventKind};
use serde::{Deserialize, Serialize};

/// Which second voice to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HarmonyKind {
    /// A diatonic third above the melody.
    ThirdAbove,
    /// A diatonic sixth above the melody.
    SixthAbove,
    /// A diatonic third below the melody.
    ThirdBelow,
    /// A diatonic sixth below the melody.
    SixthBelow,
    /// A bass line in bass clef: walking in swing styles, roots and fifths with passing tones
    /// elsewhere.
    Bass,
}

impl std::str::FromStr for HarmonyKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "third" | "third-above" | "3rd" => Ok(HarmonyKind::ThirdAbove),
            "sixth" | "sixth-above" | "6th" => Ok(HarmonyKind::SixthAbove),
            "third-below" => Ok(HarmonyKind::ThirdBelow),
            "sixth-below" => Ok(HarmonyKind::SixthBelow),
            "bass" | "bass-line" => Ok(HarmonyKind::Bass),
            other => Err(format!(
                "`{other}` is not a harmony: third, sixth, third-below, sixth-below or bass"
            )),
        }
    }
}

/// The example's melody as notes, bar by bar; [`JamError::SecondVoice`] when the example
/// has a second voice already.
fn melody_of(jam: &Jam) -> Result<Melody, JamError> {
    let bad = |reason: &str| JamError::Field {
        field: "example",
        reason: reason.to_string(),
    };
    let (tunes, diags) = jamsesh_abc::parse_tunes(&jam.example);
    if !diags.is_clean() {
        return Err(bad("the ABC has errors; run the critic"));
    }
    let voices = tunes.first().map_or(&[][..], |t| &t.voices[..]);
    if voices.len() > 1 {
        return Err(JamError::SecondVoice);
    }
    let voice = voices.first().ok_or_else(|| bad("no music"))?;
    let units = |f: jamsesh_abc::Frac| (f * i64::from(UNITS_PER_WHOLE)).to_integer().max(0) as u32;
    let mut bars = Vec::new();
    for bar in voice.bars.iter().filter(|b| !b.events.is_empty()) {
        let mut notes = Vec::new();
        let mut in_tuplet = 0;
        for e in bar.events.iter().filter(|e| e.overlay == 0) {
            let triplet_start = e.tuplet == Some((3, 2)) && in_tuplet == 0;
            in_tuplet = if e.tuplet.is_some() {
                (in_tuplet + 1) % 3
            } else {
                0
            };
            let pitch = match &e.kind {
                EventKind::Notes(n) => n.iter().max_by_key(|s| s.midi).map(|s| Pitch {
                    midi: s.midi,
                    name: Note {
                        letter: Letter::from_char(s.letter).unwrap_or(Letter::C),
                        alter: s.alter,
                    },
                }),
                _ => None,
            };
            notes.push(MelodyNote {
                start: units(e.onset - bar.onset),
                len: units(e.duration),
                pitch,
                triplet_start,
            });
        }
        bars.push(notes);
    }
    Ok(Melody { bars })
}

/// Whether the example has a second voice (a harmony or bass line) besides its melody.
pub fn has_second_voice(jam: &Jam) -> bool {
    let (tunes, _) = jamsesh_abc::parse_tunes(&jam.example);
    tunes.first().is_some_and(|t| t.voices.len() > 1)
}

/// Adds a second voice to the example (`V:1` melody, `V:2` harmony or bass).
pub fn harmony(jam: &Jam, kind: HarmonyKind) -> Result<Jam, JamError> {
    let intent = jam.intent()?;
    let progression = jam.progression()?;
    let melody = melody_of(jam)?;
    let key_scale: Vec<Note> = intent.key.scale().notes();
    let line = |above: bool, steps: i32| {
        parallel(
            &melody,
            &progression,
            intent.meter,
            &key_scale,
            above,
            steps,
        )
    };
    let second = match kind {
        HarmonyKind::Bass => {
            let chord_scales: Vec<_> = jam
                .chord_scales
                .iter()
                .filter_map(|l| crate::critic::read_chord_scale(l))
                .collect();
            let chart = bass::BassChart {
                progression: &progression,
                meter: intent.meter,
                key_scale: &key_scale,
                chord_scales: &chord_scales,
            };
            let walk = bass::walks(intent.style, intent.meter);
            bass::line(&chart, walk, &mut Rng::fork(jam.seed, "bass"))
        }
        HarmonyKind::ThirdAbove => line(true, 2),
        HarmonyKind::SixthAbove => line(true, 5),
        HarmonyKind::ThirdBelow => line(false, 2),
        HarmonyKind::SixthBelow => line(false, 5),
    };
    let header = Header {
        title: &jam.title,
        style: intent.style.name,
        meter: intent.meter,
        tempo: intent.tempo,
        key: &intent.key,
        bass_clef: intent.instrument.bass_clef,
        feel_marking: jam.feel_marking(),
    };
    let melody_voice = score::Voice {
        name: "Melody",
        bass_clef: intent.instrument.bass_clef,
        music: score::body(&header, &progression, &melody),
    };
    let second_voice = score::Voice {
        name: if kind == HarmonyKind::Bass {
            "Bass"
        } else {
            "Harmony"
        },
        bass_clef: kind == HarmonyKind::Bass || intent.instrument.bass_clef,
        music: score::body(&header, &Progression { bars: Vec::new() }, &second),
    };
    let example = score::write_voices(&header, &[melody_voice, second_voice]);
    Ok(Jam {
        example,
        ..jam.clone()
    })
}

/// The harmony note a third or sixth (`steps` letters) above or below a melody note, spelled
/// from the melody's letter. Of the two sizes (minor or major), it takes a tone of the chord in
/// force, else a note of the key as the chord colours it (C♯ over A7 in C), else the key's
/// own; so a chromatic melody note gets the chord scale's third, and the interval is always a
/// third or a sixth, never a second or a unison.
fn harmony_note(
    melody: Pitch,
    chord: Option<&Chord>,
    key_scale: &[Note],
    above: bool,
    steps: i32,
) -> Pitch {
    let sizes: [i32; 2] = if steps == 2 { [3, 4] } else { [8, 9] };
    let letter =
        Letter::from_index(melody.name.letter.index() as i32 + if above { steps } else { -steps });
    let fits = |pc: u8| -> u8 {
        let chord_tone = chord.is_some_and(|c| c.contains_pitch_class(pc));
        let coloured = chord.is_some_and(|c| {
            c.tones()
                .iter()
                .any(|t| t.letter == letter && t.pitch_class() != pc)
        });
        let in_key = key_scale.iter().any(|n| n.pitch_class() == pc);
        match (chord_tone, in_key && !coloured, in_key) {
            (true, _, _) => 0,
            (_, true, _) => 1,
            (_, _, true) => 2,
            _ => 3,
        }
    };
    let candidates = sizes.iter().filter_map(|&size| {
        let midi = if above {
            melody.midi + size
        } else {
            melody.midi - size
        };
        let name = Note::on_letter(letter, midi);
        (name.alter.abs() <= 2).then_some(Pitch { midi, name })
    });
    candidates
        .min_by_key(|p| (fits(p.midi.rem_euclid(12) as u8), p.name.alter.abs()))
        .unwrap_or(melody)
}

/// The melody in parallel thirds or sixths, above or below, note for note.
fn parallel(
    melody: &Melody,
    progression: &Progression,
    meter: (u32, u32),
    key_scale: &[Note],
    above: bool,
    steps: i32,
) -> Melody {
    let bars = melody
        .bars
        .iter()
        .enumerate()
        .map(|(b, notes)| {
            notes
                .iter()
                .map(|n| {
                    let chord = chord_at(progression, b, n.start, meter);
                    let pitch = n
                        .pitch
                        .map(|p| harmony_note(p, chord, key_scale, above, steps));
                    MelodyNote { pitch, ..*n }
                })
                .collect()
        })
        .collect();
    Melody { bars }
}

fn chord_at(
    progression: &Progression,
    bar: usize,
    start: u32,
    meter: (u32, u32),
) -> Option<&Chord> {
    let chords = progression.bars.get(bar)?;
    chords.get(chord_slot(meter, chords.len(), start))
}

/// Spelled notes stacked upwards from the first one (placed from middle C, or the G below for
/// high roots), as ABC pitches in `K:C`: each written with an accidental wherever its letter's
/// alteration so far differs, since accidentals last to the bar line.
fn ascending_in_c(notes: &[Note]) -> Vec<String> {
    let first = match notes.first() {
        Some(n) if n.pitch_class() >= 7 => 48 + i32::from(n.pitch_class()),
        Some(n) => 60 + i32::from(n.pitch_class()),
        None => return Vec::new(),
    };
    let mut written: [Option<i8>; 7] = [None; 7];
    let mut out = Vec::with_capacity(notes.len());
    for (t, midi) in notes.iter().zip(stack_upwards(notes, first)) {
        let letter = t.letter.index();
        let octave =
            (midi - i32::from(t.letter.semitone()) - i32::from(t.alter) - 60).div_euclid(12);
        let accidental = (t.alter != written[letter].unwrap_or(0)).then_some(t.alter);
        written[letter] = Some(t.alter);
        out.push(pitch_text(jamsesh_abc::Pitch {
            accidental,
            letter: t.letter.to_char(),
            octave: octave as i8,
        }));
    }
    out
}

/// One chord as ABC: a whole-bar block chord in close position around middle C.
pub fn chord_voicing(symbol: &str) -> Result<String, ChordError> {
    let chord: Chord = symbol.parse()?;
    let notes = ascending_in_c(&chord.tones()).concat();
    Ok(format!(
        "X:1\nT:{chord}\nM:4/4\nL:1/1\nK:C\n\"{chord}\"[{notes}]|]\n"
    ))
}

/// A scale as ABC: its notes up an octave in quarter notes, one bar in free meter.
pub fn scale_example(scale: &Scale) -> String {
    let mut notes = scale.notes();
    notes.push(scale.tonic);
    let line = ascending_in_c(&notes).join(" ");
    format!("X:1\nT:{}\nM:none\nL:1/4\nK:C\n{line} |]\n", scale.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_voice_is_written_once() {
        let intent = crate::intent::parse("slow blues in E", &crate::Overrides::default()).unwrap();
        let one = crate::jam::generate(&intent, 1);
        let two = harmony(&one, HarmonyKind::ThirdAbove).unwrap();
        assert!(!has_second_voice(&one) && has_second_voice(&two));
        for kind in [HarmonyKind::ThirdAbove, HarmonyKind::Bass] {
            assert_eq!(harmony(&two, kind), Err(JamError::SecondVoice));
        }
    }

    #[test]
    fn scale_examples_climb_through_the_scale() {
        for name in [
            "D dorian",
            "Bb blues",
            "F# harmonic minor",
            "Eb major pentatonic",
            "B locrian",
        ] {
            let scale: Scale = name.parse().unwrap();
            let abc = scale_example(&scale);
            let (tunes, diags) = jamsesh_abc::parse_tunes(&abc);
            assert!(diags.is_clean(), "{name}: {abc} {diags:?}");
            let played: Vec<i32> = tunes[0].performance()[0]
                .notes
                .iter()
                .map(|n| n.midi)
                .collect();
            assert_eq!(played.len(), scale.notes().len() + 1, "{name}");
            assert!(played.windows(2).all(|w| w[1] > w[0]), "{name}: {played:?}");
            assert_eq!(played[played.len() - 1] - played[0], 12, "{name}");
            for (midi, note) in played.iter().zip(scale.notes()) {
                assert_eq!(midi.rem_euclid(12), i32::from(note.pitch_class()), "{name}");
            }
        }
    }

    #[test]
    fn chord_voicings_sound_the_chord() {
        for symbol in [
            "Cmaj7", "F#7#9", "Bbmaj9", "Ab/C", "Cm7b5", "E7alt", "G13", "Dsus4",
        ] {
            let abc = chord_voicing(symbol).unwrap();
            let (tunes, diags) = jamsesh_abc::parse_tunes(&abc);
            assert!(diags.is_clean(), "{symbol}: {abc}");
            let played: Vec<u8> = tunes[0].performance()[0]
                .notes
                .iter()
                .map(|n| n.midi.rem_euclid(12) as u8)
                .collect();
            let chord: Chord = symbol.parse().unwrap();
            let mut want: Vec<u8> = chord.tones().iter().map(|n| n.pitch_class()).collect();
            let mut got = played.clone();
            jamsesh_abc::stable_sort(&mut want);
            jamsesh_abc::stable_sort(&mut got);
            assert_eq!(got, want, "{symbol}: {abc}");
            // Ascending, within two octaves.
            let midis: Vec<i32> = tunes[0].performance()[0]
                .notes
                .iter()
                .map(|n| n.midi)
                .collect();
            assert!(midis.last().unwrap() - midis[0] < 24, "{symbol}: {midis:?}");
        }
        assert!(chord_voicing("H7").is_err());
    }
}
