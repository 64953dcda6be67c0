//! A jam written for one player's instrument: for B♭, E♭ or F instruments, in bass clef, or as
//! chord names for guitar and ukulele. The moves are the transpositions these instruments are
//! defined by, done by `jamsesh-core` (keys, chords, scales and the example spelled for the new
//! key) and `jamsesh-abc` (the clef); the shared jam is not changed.

use crate::{cost, said, OpError};
use jamsesh_core::Jam;

/// An instrument's part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// B♭ instruments: written a major second above concert pitch.
    Bb,
    /// E♭ instruments: written a major sixth above concert pitch.
    Eb,
    /// F instruments: written a perfect fifth above concert pitch.
    F,
    /// Concert pitch in bass clef.
    Bass,
    /// Chord names, for guitar and ukulele.
    Chords,
}

impl Part {
    /// Every part, in the order a menu lists them.
    pub const ALL: [Part; 5] = [Part::Bb, Part::Eb, Part::F, Part::Bass, Part::Chords];

    /// Its short name (a menu's value, a file name's suffix).
    pub fn value(self) -> &'static str {
        match self {
            Part::Bb => "bb",
            Part::Eb => "eb",
            Part::F => "f",
            Part::Bass => "bass",
            Part::Chords => "chords",
        }
    }

    /// Reads a short name back.
    pub fn parse(value: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.value() == value)
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Part::Bb => "B♭ instruments",
            Part::Eb => "E♭ instruments",
            Part::F => "F instruments",
            Part::Bass => "Bass clef",
            Part::Chords => "Guitar / ukulele chord names",
        }
    }

    /// The instruments it is for.
    pub fn description(self) -> &'static str {
        match self {
            Part::Bb => "Trumpet, clarinet, tenor and soprano sax",
            Part::Eb => "Alto and baritone sax",
            Part::F => "Horn in F",
            Part::Bass => "Trombone, bassoon, cello, bass",
            Part::Chords => "The changes bar by bar, with each chord's notes",
        }
    }

    /// Semitones its notes are written above concert pitch, and the interval's name.
    fn written_above(self) -> Option<(i32, &'static str)> {
        match self {
            Part::Bb => Some((2, "a major second")),
            Part::Eb => Some((9, "a major sixth")),
            Part::F => Some((7, "a perfect fifth")),
            Part::Bass | Part::Chords => None,
        }
    }
}

/// A jam as the player of one part reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Written {
    /// A transposing instrument's part: every note written `interval` above concert pitch (a
    /// melody in bass clef is read an octave up, in treble clef).
    Transposed {
        /// The jam as written for the instrument: its key, chords, scales and example.
        jam: Jam,
        /// The interval's name, such as `a major second`.
        interval: &'static str,
    },
    /// Concert pitch in bass clef: the melody an octave below the lead sheet, or the jam as it
    /// is when `already` written in bass clef.
    BassClef {
        /// The jam in bass clef.
        jam: Jam,
        /// True when the jam was written in bass clef already (and is unchanged).
        already: bool,
    },
    /// Chord names at concert pitch: each chord of the progression once, in order, with its
    /// tones spelled.
    ChordNames(Vec<(String, Vec<String>)>),
}

/// The jam as a player of `part` reads it; one over [`cost::check_jam`]'s bounds is refused,
/// and a jam whose key or chords cannot be read is [`OpError::Jam`].
pub fn for_instrument(jam: &Jam, part: Part) -> Result<Written, OpError> {
    cost::check_jam(jam)?;
    let failed = |e: jamsesh_core::JamError| OpError::Jam(said(e));
    let bass = in_bass_clef(jam);
    if let Some((semitones, interval)) = part.written_above() {
        // A melody written in bass clef is read an octave up, in treble clef.
        let octave = if bass { 12 } else { 0 };
        let mut written = jamsesh_core::transpose_jam(jam, semitones + octave).map_err(failed)?;
        if bass {
            written.example = with_clef(&written.example, "treble");
        }
        return Ok(Written::Transposed {
            jam: written,
            interval,
        });
    }
    if part == Part::Bass {
        if bass {
            return Ok(Written::BassClef {
                jam: jam.clone(),
                already: true,
            });
        }
        let mut written = jamsesh_core::transpose_jam(jam, -12).map_err(failed)?;
        written.example = with_clef(&written.example, "bass");
        return Ok(Written::BassClef {
            jam: written,
            already: false,
        });
    }
    let progression = jam.progression().map_err(failed)?;
    let mut chords: Vec<(String, Vec<String>)> = Vec::new();
    for chord in progression.bars.iter().flatten() {
        let name = chord.to_string();
        if chords.iter().all(|(seen, _)| *seen != name) {
            chords.push((
                name,
                chord.tones().iter().map(ToString::to_string).collect(),
            ));
        }
    }
    Ok(Written::ChordNames(chords))
}

/// True when the jam's example is written in bass clef.
pub fn in_bass_clef(jam: &Jam) -> bool {
    let (tunes, _) = jamsesh_abc::parse_tunes(&jam.example);
    tunes
        .first()
        .and_then(|t| t.voices.first())
        .is_some_and(|v| v.key.clef == "bass")
}

/// The jam's example with every voice in `clef`.
fn with_clef(example: &str, clef: &str) -> String {
    let (file, _) = jamsesh_abc::parse(example);
    jamsesh_abc::write_file(&jamsesh_abc::with_clef(&file, clef))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamsesh_abc::EventKind;

    fn jam_of(prompt: &str) -> Jam {
        let options = crate::GenerateOptions {
            seed: Some(3),
            ..Default::default()
        };
        crate::generate(prompt, &options).unwrap()
    }

    /// The first chord of each bar.
    fn first_chords(j: &Jam) -> Vec<String> {
        j.chords
            .split('|')
            .map(|b| b.split_whitespace().next().unwrap_or("").to_string())
            .collect()
    }

    fn transposed(w: Written) -> (Jam, &'static str) {
        match w {
            Written::Transposed { jam, interval } => (jam, interval),
            other => panic!("not transposed: {other:?}"),
        }
    }

    #[test]
    fn transposing_parts_are_written_where_the_instruments_read_them() {
        // Concert B♭ major (B♭ blues): a B♭ trumpet reads C, an alto sax G, a horn F.
        let blues = jam_of("blues in Bb");
        assert_eq!(blues.key, "Bb");
        for (part, key, first, interval) in [
            (Part::Bb, "C", "C7", "a major second"),
            (Part::Eb, "G", "G7", "a major sixth"),
            (Part::F, "F", "F7", "a perfect fifth"),
        ] {
            let (j, said) = transposed(for_instrument(&blues, part).unwrap());
            assert_eq!(j.key, key, "{part:?}");
            assert_eq!(said, interval);
            assert_eq!(first_chords(&j)[0], first, "{part:?}");
            assert!(
                j.example.contains(&format!("K:{key}")),
                "{part:?}: {}",
                j.example
            );
        }
        // Concert E♭ for an alto sax is C (the classic pairing).
        let eb = jam_of("jazz in Eb");
        assert_eq!(
            transposed(for_instrument(&eb, Part::Eb).unwrap()).0.key,
            "C"
        );
        // The shared jam is untouched.
        assert_eq!(blues, jam_of("blues in Bb"));
    }

    #[test]
    fn the_bass_clef_part_is_an_octave_down_in_bass_clef() {
        let j = jam_of("bossa nova in F");
        let Written::BassClef { jam: low, already } = for_instrument(&j, Part::Bass).unwrap()
        else {
            panic!("not bass clef");
        };
        assert!(!already);
        assert_eq!(
            (low.key.as_str(), low.chords.as_str()),
            ("F", j.chords.as_str())
        );
        assert!(low.example.contains("clef=bass"), "{}", low.example);
        let (tunes, _) = jamsesh_abc::parse_tunes(&low.example);
        let (orig, _) = jamsesh_abc::parse_tunes(&j.example);
        assert_eq!(tunes[0].voices[0].key.clef, "bass");
        let pitches = |t: &jamsesh_abc::Tune| -> Vec<i32> {
            t.voices[0]
                .bars
                .iter()
                .flat_map(|b| &b.events)
                .filter_map(|e| match &e.kind {
                    EventKind::Notes(n) => n.first().map(|s| s.midi),
                    _ => None,
                })
                .collect()
        };
        let (low, high) = (pitches(&tunes[0]), pitches(&orig[0]));
        assert_eq!(low.len(), high.len());
        assert!(low.iter().zip(&high).all(|(l, h)| h - l == 12));
        // A jam written for bass already stays as it is; a B♭ part of it goes up to treble.
        let bass = jam_of("reggae bass line in A minor");
        assert!(in_bass_clef(&bass));
        assert_eq!(
            for_instrument(&bass, Part::Bass).unwrap(),
            Written::BassClef {
                jam: bass.clone(),
                already: true
            }
        );
        let (bb, _) = transposed(for_instrument(&bass, Part::Bb).unwrap());
        assert!(!in_bass_clef(&bb), "{}", bb.example);
        assert_eq!(bb.key, "B");
    }

    #[test]
    fn chord_names_list_each_chord_once_with_its_notes() {
        let j = jam_of("blues in E");
        let Written::ChordNames(chords) = for_instrument(&j, Part::Chords).unwrap() else {
            panic!("not chord names");
        };
        let tones = |name: &str| -> Vec<String> {
            let found: Vec<_> = chords.iter().filter(|(n, _)| n == name).collect();
            assert_eq!(found.len(), 1, "{name}: {chords:?}");
            found[0].1.clone()
        };
        assert_eq!(tones("E7"), ["E", "G#", "B", "D"]);
        assert_eq!(tones("A7"), ["A", "C#", "E", "G"]);
    }

    #[test]
    fn short_names_read_back_and_a_broken_jam_is_refused() {
        for p in Part::ALL {
            assert_eq!(Part::parse(p.value()), Some(p));
        }
        assert_eq!(Part::parse("kazoo"), None);
        let mut broken = jam_of("blues in E");
        broken.chords = "H7 | Q".into();
        let e = for_instrument(&broken, Part::Chords).unwrap_err();
        assert_eq!(e.code(), "bad_jam");
    }
}
