//! "Only for me": the chart for the presser's own instrument — written for B♭, E♭ or F
//! instruments, in bass clef, or as chord names for guitar and ukulele — answered to them
//! alone while the band's shared chart stays as it is. The moves are the transpositions
//! these instruments are defined by, done by `jamsesh-core` (keys, chords, scales and the
//! example spelled for the new key) and `jamsesh-abc` (the clef).

use jamsesh_core::{jam, Jam};

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

/// A part of a jam for one player.
#[derive(Clone, Debug)]
pub struct Chart {
    /// The jam as this player reads it.
    pub jam: Jam,
    /// What the part is, in a sentence.
    pub intro: String,
    /// Shown on a staff (false for chord names).
    pub staff: bool,
    /// For chord names: each chord once, with its notes.
    pub detail: String,
}

impl Part {
    /// Every part, in the order the menu lists them.
    pub const ALL: [Part; 5] = [Part::Bb, Part::Eb, Part::F, Part::Bass, Part::Chords];

    /// Its value in the select menu.
    pub fn value(self) -> &'static str {
        match self {
            Part::Bb => "bb",
            Part::Eb => "eb",
            Part::F => "f",
            Part::Bass => "bass",
            Part::Chords => "chords",
        }
    }

    /// Reads a select menu value back.
    pub fn parse(value: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.value() == value)
    }

    /// Its name in the menu.
    pub fn label(self) -> &'static str {
        match self {
            Part::Bb => "B♭ instruments",
            Part::Eb => "E♭ instruments",
            Part::F => "F instruments",
            Part::Bass => "Bass clef",
            Part::Chords => "Guitar / ukulele chord names",
        }
    }

    /// The instruments it is for, under its name in the menu.
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

    /// Short, for file names.
    pub fn slug(self) -> &'static str {
        self.value()
    }
}

/// True when the jam's example is written in bass clef.
fn in_bass_clef(jam: &Jam) -> bool {
    let (tunes, _) = jamsesh_abc::parse_tunes(&jam.example);
    tunes
        .first()
        .and_then(|t| t.voices.first())
        .is_some_and(|v| v.key.clef == "bass")
}

/// The jam's example with every voice in `clef`.
fn with_clef(example: &str, clef: &str) -> String {
    let (file, _) = jamsesh_abc::parse(example);
    jamsesh_abc::write::write_file(&jamsesh_abc::transpose::with_clef(&file, clef))
}

/// The jam as a player of `part` reads it.
pub fn chart(jam: &Jam, part: Part) -> Result<Chart, String> {
    let failed = |e: jam::JamError| format!("I could not write that part for this jam: {e}");
    let concert = format!("{} {}", jam.key, jam.mode);
    let bass = in_bass_clef(jam);
    match part.written_above() {
        Some((semitones, interval)) => {
            // A melody written in bass clef is read an octave up, in treble clef.
            let octave = if bass { 12 } else { 0 };
            let mut written = jam::transpose(jam, semitones + octave).map_err(failed)?;
            if bass {
                written.example = with_clef(&written.example, "treble");
            }
            Ok(Chart {
                intro: format!(
                    "Your part for {} ({}): written {interval} above concert pitch, so concert {concert} reads as {} {}.",
                    part.label(),
                    part.description().to_lowercase(),
                    written.key,
                    written.mode
                ),
                jam: written,
                staff: true,
                detail: String::new(),
            })
        }
        None if part == Part::Bass => {
            let intro = "Your part in bass clef (trombone, bassoon, cello, bass): concert pitch";
            if bass {
                return Ok(Chart {
                    jam: jam.clone(),
                    intro: format!("{intro}; this jam is written in bass clef already."),
                    staff: true,
                    detail: String::new(),
                });
            }
            let mut written = jam::transpose(jam, -12).map_err(failed)?;
            written.example = with_clef(&written.example, "bass");
            Ok(Chart {
                jam: written,
                intro: format!("{intro}, the melody an octave below the lead sheet."),
                staff: true,
                detail: String::new(),
            })
        }
        None => {
            let progression = jam.progression().map_err(failed)?;
            let mut seen: Vec<String> = Vec::new();
            let mut notes = Vec::new();
            for chord in progression.bars.iter().flatten() {
                let name = chord.to_string();
                if seen.contains(&name) {
                    continue;
                }
                let tones: Vec<String> = chord.tones().iter().map(ToString::to_string).collect();
                notes.push(format!(
                    "**{}** {}",
                    crate::kit::escape_markdown(&name),
                    tones.join(" ")
                ));
                seen.push(name);
            }
            Ok(Chart {
                jam: jam.clone(),
                intro: format!(
                    "Chord names for guitar and ukulele, at concert pitch in {concert}."
                ),
                staff: false,
                detail: notes.join("\n"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamsesh_core::{intent, Overrides};

    fn jam_of(prompt: &str) -> Jam {
        jam::generate(&intent::parse(prompt, &Overrides::default()).unwrap(), 3)
    }

    /// The first chord of each bar.
    fn first_chords(j: &Jam) -> Vec<String> {
        j.chords
            .split('|')
            .map(|b| b.split_whitespace().next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn transposing_parts_are_written_where_the_instruments_read_them() {
        // Concert B♭ major (B♭ blues): a B♭ trumpet reads C, an alto sax G, a horn F.
        let blues = jam_of("blues in Bb");
        assert_eq!(blues.key, "Bb");
        for (part, key, first) in [
            (Part::Bb, "C", "C7"),
            (Part::Eb, "G", "G7"),
            (Part::F, "F", "F7"),
        ] {
            let c = chart(&blues, part).unwrap();
            assert_eq!(c.jam.key, key, "{part:?}");
            assert_eq!(first_chords(&c.jam)[0], first, "{part:?}");
            assert!(
                c.jam.example.contains(&format!("K:{key}")),
                "{part:?}: {}",
                c.jam.example
            );
            assert!(c.intro.contains(&format!("reads as {key} ")), "{}", c.intro);
            assert!(c.staff);
        }
        // Concert E♭ for an alto sax is C (the classic pairing).
        let eb = jam_of("jazz in Eb");
        assert_eq!(chart(&eb, Part::Eb).unwrap().jam.key, "C");
        // The shared jam is untouched.
        assert_eq!(blues, jam_of("blues in Bb"));
    }

    #[test]
    fn the_bass_clef_part_is_an_octave_down_in_bass_clef() {
        let j = jam_of("bossa nova in F");
        let c = chart(&j, Part::Bass).unwrap();
        assert_eq!(
            (c.jam.key.as_str(), c.jam.chords.as_str()),
            ("F", j.chords.as_str())
        );
        assert!(c.jam.example.contains("clef=bass"), "{}", c.jam.example);
        let (tunes, _) = jamsesh_abc::parse_tunes(&c.jam.example);
        let (orig, _) = jamsesh_abc::parse_tunes(&j.example);
        assert_eq!(tunes[0].voices[0].key.clef, "bass");
        let pitches = |t: &jamsesh_abc::Tune| -> Vec<i32> {
            t.voices[0]
                .bars
                .iter()
                .flat_map(|b| &b.events)
                .filter_map(|e| match &e.kind {
                    jamsesh_abc::semantics::EventKind::Notes(n) => n.first().map(|s| s.midi),
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
        assert_eq!(chart(&bass, Part::Bass).unwrap().jam, bass);
        let bb = chart(&bass, Part::Bb).unwrap();
        assert!(!in_bass_clef(&bb.jam), "{}", bb.jam.example);
        assert_eq!(bb.jam.key, "B");
    }

    #[test]
    fn chord_names_list_each_chord_once_with_its_notes() {
        let j = jam_of("blues in E");
        let c = chart(&j, Part::Chords).unwrap();
        assert!(!c.staff);
        assert_eq!(c.jam, j);
        assert_eq!(c.detail.matches("**E7**").count(), 1, "{}", c.detail);
        assert!(c.detail.contains("**E7** E G# B D"), "{}", c.detail);
        assert!(c.detail.contains("**A7** A C# E G"), "{}", c.detail);
        assert!(c.intro.contains("E major"), "{}", c.intro);
    }

    #[test]
    fn menu_values_read_back() {
        for p in Part::ALL {
            assert_eq!(Part::parse(p.value()), Some(p));
        }
        assert_eq!(Part::parse("kazoo"), None);
    }
}
