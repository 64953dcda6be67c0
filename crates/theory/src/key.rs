//! Keys and modes: a tonic and a mode, its scale, signature, diatonic chords and numerals.

use crate::chord::Chord;
use crate::interval::Interval;
use crate::note::{Letter, Note};
use crate::scale::{Scale, ScaleKind};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The modes a key can be in. `Major` and `Minor` are kept apart from `Ionian` and `Aeolian`
/// only for printing (`K:Am` against `K:Aaeo`); harmonic and melodic minor are written with
/// the minor key signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Mode {
    /// Major (no mode written).
    Major,
    /// `m`, `min`, `minor`.
    Minor,
    /// `ion`
    Ionian,
    /// `dor`
    Dorian,
    /// `phr`
    Phrygian,
    /// `lyd`
    Lydian,
    /// `mix`
    Mixolydian,
    /// `aeo`
    Aeolian,
    /// `loc`
    Locrian,
    /// Minor with a raised seventh.
    HarmonicMinor,
    /// Minor with a raised sixth and seventh.
    MelodicMinor,
}

impl Mode {
    /// True if the mode's tonic triad is minor (aeolian, dorian, phrygian, locrian and the
    /// minor scales).
    pub fn is_minor(self) -> bool {
        !matches!(
            self,
            Mode::Major | Mode::Ionian | Mode::Lydian | Mode::Mixolydian
        )
    }

    /// True if a tonic chord with a minor (`true`) or major third belongs to the mode: the
    /// mode's own quality, or in phrygian the major tonic flamenco rests on (E–G♯–B in E
    /// phrygian).
    pub fn takes_tonic(self, minor_third: bool) -> bool {
        minor_third == self.is_minor() || self == Mode::Phrygian && !minor_third
    }

    /// Its name: `major`, `dorian`, `harmonic minor` …
    pub fn name(self) -> &'static str {
        match self {
            Mode::Major => "major",
            Mode::Minor => "minor",
            Mode::Ionian => "ionian",
            Mode::Dorian => "dorian",
            Mode::Phrygian => "phrygian",
            Mode::Lydian => "lydian",
            Mode::Mixolydian => "mixolydian",
            Mode::Aeolian => "aeolian",
            Mode::Locrian => "locrian",
            Mode::HarmonicMinor => "harmonic minor",
            Mode::MelodicMinor => "melodic minor",
        }
    }

    /// The scale of the mode.
    pub fn scale_kind(self) -> ScaleKind {
        match self {
            Mode::Major | Mode::Ionian => ScaleKind::Major,
            Mode::Minor | Mode::Aeolian => ScaleKind::NaturalMinor,
            Mode::Dorian => ScaleKind::Dorian,
            Mode::Phrygian => ScaleKind::Phrygian,
            Mode::Lydian => ScaleKind::Lydian,
            Mode::Mixolydian => ScaleKind::Mixolydian,
            Mode::Locrian => ScaleKind::Locrian,
            Mode::HarmonicMinor => ScaleKind::HarmonicMinor,
            Mode::MelodicMinor => ScaleKind::MelodicMinor,
        }
    }

    /// The mode a key signature is written in: itself, except harmonic and melodic minor,
    /// which musicians write as minor with accidentals.
    pub fn abc_mode(self) -> Mode {
        match self {
            Mode::HarmonicMinor | Mode::MelodicMinor => Mode::Minor,
            m => m,
        }
    }

    /// Distance in fifths of this mode's signature from the major key on the same tonic.
    pub fn fifths_offset(self) -> i32 {
        match self.abc_mode() {
            Mode::Lydian => 1,
            Mode::Mixolydian => -1,
            Mode::Dorian => -2,
            Mode::Minor | Mode::Aeolian => -3,
            Mode::Phrygian => -4,
            Mode::Locrian => -5,
            _ => 0,
        }
    }

    /// The suffix written after the tonic in a key name (`""`, `"m"`, `"dor"`, …), as ABC's
    /// `K:` field and lead sheets write it.
    pub fn abc_suffix(self) -> &'static str {
        match self.abc_mode() {
            Mode::Minor => "m",
            Mode::Ionian => "ion",
            Mode::Dorian => "dor",
            Mode::Phrygian => "phr",
            Mode::Lydian => "lyd",
            Mode::Mixolydian => "mix",
            Mode::Aeolian => "aeo",
            Mode::Locrian => "loc",
            _ => "",
        }
    }
}

/// A mode name that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a mode")]
pub struct ModeError(pub String);

impl FromStr for Mode {
    type Err = ModeError;

    fn from_str(s: &str) -> Result<Mode, ModeError> {
        let t = s.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "major" | "maj" | "ionian" | "ion" => Mode::Major,
            "minor" | "min" | "m" | "aeolian" | "aeo" => Mode::Minor,
            "dorian" | "dor" => Mode::Dorian,
            "phrygian" | "phr" => Mode::Phrygian,
            "lydian" | "lyd" => Mode::Lydian,
            "mixolydian" | "mix" => Mode::Mixolydian,
            "locrian" | "loc" => Mode::Locrian,
            "harmonic minor" => Mode::HarmonicMinor,
            "melodic minor" => Mode::MelodicMinor,
            _ => return Err(ModeError(s.to_string())),
        })
    }
}

/// A key: tonic and mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Key {
    /// The tonic.
    pub tonic: Note,
    /// The mode.
    pub mode: Mode,
}

impl Key {
    /// How many notes of `scale` fall outside this key's scale.
    pub fn notes_outside(&self, scale: &Scale) -> usize {
        let own = self.scale();
        scale
            .notes()
            .iter()
            .filter(|n| !own.contains_pitch_class(n.pitch_class()))
            .count()
    }

    /// The key's scale.
    pub fn scale(&self) -> Scale {
        Scale {
            tonic: self.tonic,
            kind: self.mode.scale_kind(),
        }
    }

    /// Sharps (positive) or flats (negative) of its signature.
    pub fn fifths(&self) -> i32 {
        self.tonic.fifths() + self.mode.fifths_offset()
    }

    /// The key as an ABC `K:` value: `G`, `F#m`, `Bbmix`.
    pub fn abc_key(&self) -> String {
        format!("{}{}", self.tonic, self.mode.abc_suffix())
    }

    /// The spelling of pitch class `pc` as a tonic in `mode` with the fewest accidentals.
    pub fn best_spelling(pc: u8, mode: Mode) -> Key {
        (0..7)
            .flat_map(|i| {
                let tonic = Note::on_letter(Letter::from_index(i), i32::from(pc));
                (tonic.alter.abs() <= 1).then_some(Key { tonic, mode })
            })
            // Ties (F#/Gb, D#m/Ebm): sharps for major keys, flats for minor ones, as usually written.
            .min_by_key(|k| (k.fifths().abs(), (k.fifths() < 0) != mode.is_minor()))
            .unwrap_or(Key {
                tonic: Note::natural(Letter::C),
                mode,
            })
    }

    /// The chord on a scale degree (0-based), a triad or a seventh chord.
    pub fn diatonic_chord(&self, degree: usize, sevenths: bool) -> Chord {
        let notes = self.scale().notes();
        let n = notes.len();
        let root = notes[degree % n];
        let third = Interval::between(root, notes[(degree + 2) % n]);
        let fifth = Interval::between(root, notes[(degree + 4) % n]);
        let seventh = Interval::between(root, notes[(degree + 6) % n]);
        let suffix = match (
            third.semitones,
            fifth.semitones,
            sevenths.then_some(seventh.semitones),
        ) {
            (4, 7, None) => "",
            (3, 7, None) => "m",
            (3, 6, None) => "dim",
            (4, 8, None) => "aug",
            (4, 7, Some(11)) => "maj7",
            (4, 7, Some(10)) => "7",
            (3, 7, Some(10)) => "m7",
            (3, 7, Some(11)) => "m(maj7)",
            (3, 6, Some(10)) => "m7b5",
            (3, 6, Some(9)) => "dim7",
            (4, 8, Some(11)) => "aug",
            _ => "",
        };
        format!("{root}{suffix}")
            .parse()
            .expect("diatonic qualities always parse")
    }

    /// The Roman numeral of a chord in this key: `V7`, `ii7`, `bVII`, `vii°`.
    pub fn roman(&self, chord: &Chord) -> Option<String> {
        const NUMERALS: [&str; 7] = ["I", "II", "III", "IV", "V", "VI", "VII"];
        const MAJOR: [u8; 7] = [0, 2, 4, 5, 7, 9, 11];
        let degree = (chord.root.letter.index() + 7 - self.tonic.letter.index()) % 7;
        let semis = (i32::from(chord.root.pitch_class()) - i32::from(self.tonic.pitch_class()))
            .rem_euclid(12);
        let shift = (semis - i32::from(MAJOR[degree]) + 6).rem_euclid(12) - 6;
        let accidental = match shift {
            -1 => "b",
            1 => "#",
            0 => "",
            _ => return None,
        };
        let minor = chord.intervals.contains(&Interval::MIN3);
        let numeral = if minor {
            NUMERALS[degree].to_ascii_lowercase()
        } else {
            NUMERALS[degree].to_string()
        };
        let suffix = match chord.suffix.as_str() {
            "m" | "" => String::new(),
            "dim" => "°".into(),
            "dim7" => "°7".into(),
            "m7b5" => "ø7".into(),
            s => s.trim_start_matches('m').to_string(),
        };
        Some(format!("{accidental}{numeral}{suffix}"))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.tonic, self.mode.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(t: &str, m: Mode) -> Key {
        Key {
            tonic: t.parse().unwrap(),
            mode: m,
        }
    }

    #[test]
    fn signatures_abc_and_spelling() {
        assert_eq!(key("Bb", Mode::Major).fifths(), -2);
        assert_eq!(key("D", Mode::Dorian).fifths(), 0);
        assert_eq!(key("F#", Mode::Minor).abc_key(), "F#m");
        assert_eq!(key("Bb", Mode::Mixolydian).abc_key(), "Bbmix");
        assert_eq!(Key::best_spelling(1, Mode::Major).tonic.to_string(), "Db");
        assert_eq!(Key::best_spelling(6, Mode::Major).tonic.to_string(), "F#");
        assert_eq!(Key::best_spelling(10, Mode::Minor).tonic.to_string(), "Bb");
        assert_eq!(Key::best_spelling(3, Mode::Minor).tonic.to_string(), "Eb");
        assert_eq!(key("Bb", Mode::Major).to_string(), "Bb major");
    }

    /// The accidentals of each mode's scale, from a table of key signatures: every mode of
    /// the white keys has none; the same signatures again on other tonics.
    #[test]
    fn every_mode_has_its_key_signature() {
        let accidentals = |k: Key| -> Vec<String> {
            let mut notes: Vec<String> = k
                .scale()
                .notes()
                .iter()
                .filter(|n| n.alter != 0)
                .map(|n| n.to_string())
                .collect();
            notes.sort();
            notes
        };
        let cases: [(&str, Mode, &[&str], i32); 20] = [
            ("C", Mode::Major, &[], 0),
            ("D", Mode::Dorian, &[], 0),
            ("E", Mode::Phrygian, &[], 0),
            ("F", Mode::Lydian, &[], 0),
            ("G", Mode::Mixolydian, &[], 0),
            ("A", Mode::Aeolian, &[], 0),
            ("A", Mode::Minor, &[], 0),
            ("B", Mode::Locrian, &[], 0),
            ("C", Mode::Ionian, &[], 0),
            ("G", Mode::Major, &["F#"], 1),
            ("E", Mode::Minor, &["F#"], 1),
            ("A", Mode::Dorian, &["F#"], 1),
            ("B", Mode::Phrygian, &["F#"], 1),
            ("C", Mode::Lydian, &["F#"], 1),
            ("D", Mode::Mixolydian, &["F#"], 1),
            ("F#", Mode::Locrian, &["F#"], 1),
            ("Bb", Mode::Lydian, &["Bb"], -1),
            ("F", Mode::Phrygian, &["Ab", "Bb", "Db", "Eb", "Gb"], -5),
            ("A", Mode::HarmonicMinor, &["G#"], 0),
            ("A", Mode::MelodicMinor, &["F#", "G#"], 0),
        ];
        for (tonic, mode, expected, fifths) in cases {
            let k = key(tonic, mode);
            assert_eq!(accidentals(k), expected, "{k}");
            assert_eq!(k.fifths(), fifths, "{k}");
        }
        // Harmonic and melodic minor are written in the minor signature.
        assert_eq!(key("A", Mode::HarmonicMinor).abc_key(), "Am");
        assert_eq!(key("D", Mode::Dorian).abc_key(), "Ddor");
    }

    #[test]
    fn diatonic_chords_and_numerals() {
        let c = key("C", Mode::Major);
        assert_eq!(c.diatonic_chord(4, true).to_string(), "G7");
        assert_eq!(c.diatonic_chord(6, false).to_string(), "Bdim");
        assert_eq!(
            key("A", Mode::HarmonicMinor)
                .diatonic_chord(4, true)
                .to_string(),
            "E7"
        );
        let r = |s: &str| c.roman(&s.parse().unwrap()).unwrap();
        assert_eq!(r("G7"), "V7");
        assert_eq!(r("Dm7"), "ii7");
        assert_eq!(r("Bb"), "bVII");
        assert_eq!(r("Fm"), "iv");
        assert_eq!(r("Bdim"), "vii°");
        assert_eq!(r("A7"), "VI7");
    }
}
