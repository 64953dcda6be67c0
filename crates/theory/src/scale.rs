//! Scales: kinds as intervals from the tonic, spelled from a tonic as musicians write them.

use crate::interval::Interval;
use crate::note::Note;
use std::fmt;
use std::str::FromStr;

/// The scales JamSesh suggests and understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum ScaleKind {
    Major,
    NaturalMinor,
    HarmonicMinor,
    MelodicMinor,
    Dorian,
    Phrygian,
    Lydian,
    Mixolydian,
    Locrian,
    MajorPentatonic,
    MinorPentatonic,
    Blues,
    MajorBlues,
    BebopDominant,
    BebopMajor,
    WholeTone,
    DiminishedHalfWhole,
    DiminishedWholeHalf,
    Altered,
    LydianDominant,
    PhrygianDominant,
}

use Interval as I;

impl ScaleKind {
    /// Every kind.
    pub const ALL: [ScaleKind; 21] = [
        ScaleKind::Major,
        ScaleKind::NaturalMinor,
        ScaleKind::HarmonicMinor,
        ScaleKind::MelodicMinor,
        ScaleKind::Dorian,
        ScaleKind::Phrygian,
        ScaleKind::Lydian,
        ScaleKind::Mixolydian,
        ScaleKind::Locrian,
        ScaleKind::MajorPentatonic,
        ScaleKind::MinorPentatonic,
        ScaleKind::Blues,
        ScaleKind::MajorBlues,
        ScaleKind::BebopDominant,
        ScaleKind::BebopMajor,
        ScaleKind::WholeTone,
        ScaleKind::DiminishedHalfWhole,
        ScaleKind::DiminishedWholeHalf,
        ScaleKind::Altered,
        ScaleKind::LydianDominant,
        ScaleKind::PhrygianDominant,
    ];

    /// Intervals from the tonic, ascending.
    pub fn intervals(self) -> &'static [Interval] {
        match self {
            ScaleKind::Major => &[I::P1, I::M2, I::M3, I::P4, I::P5, I::M6, I::M7],
            ScaleKind::NaturalMinor => &[I::P1, I::M2, I::MIN3, I::P4, I::P5, I::MIN6, I::MIN7],
            ScaleKind::HarmonicMinor => &[I::P1, I::M2, I::MIN3, I::P4, I::P5, I::MIN6, I::M7],
            ScaleKind::MelodicMinor => &[I::P1, I::M2, I::MIN3, I::P4, I::P5, I::M6, I::M7],
            ScaleKind::Dorian => &[I::P1, I::M2, I::MIN3, I::P4, I::P5, I::M6, I::MIN7],
            ScaleKind::Phrygian => &[I::P1, I::MIN2, I::MIN3, I::P4, I::P5, I::MIN6, I::MIN7],
            ScaleKind::Lydian => &[I::P1, I::M2, I::M3, I::A4, I::P5, I::M6, I::M7],
            ScaleKind::Mixolydian => &[I::P1, I::M2, I::M3, I::P4, I::P5, I::M6, I::MIN7],
            ScaleKind::Locrian => &[I::P1, I::MIN2, I::MIN3, I::P4, I::D5, I::MIN6, I::MIN7],
            ScaleKind::MajorPentatonic => &[I::P1, I::M2, I::M3, I::P5, I::M6],
            ScaleKind::MinorPentatonic => &[I::P1, I::MIN3, I::P4, I::P5, I::MIN7],
            ScaleKind::Blues => &[I::P1, I::MIN3, I::P4, I::D5, I::P5, I::MIN7],
            ScaleKind::MajorBlues => &[I::P1, I::M2, I::MIN3, I::M3, I::P5, I::M6],
            ScaleKind::BebopDominant => &[I::P1, I::M2, I::M3, I::P4, I::P5, I::M6, I::MIN7, I::M7],
            ScaleKind::BebopMajor => &[I::P1, I::M2, I::M3, I::P4, I::P5, I::A5, I::M6, I::M7],
            ScaleKind::WholeTone => &[I::P1, I::M2, I::M3, I::A4, I::A5, I::MIN7],
            ScaleKind::DiminishedHalfWhole => {
                &[I::P1, I::MIN2, I::MIN3, I::M3, I::A4, I::P5, I::M6, I::MIN7]
            }
            ScaleKind::DiminishedWholeHalf => {
                &[I::P1, I::M2, I::MIN3, I::P4, I::D5, I::MIN6, I::M6, I::M7]
            }
            ScaleKind::Altered => &[I::P1, I::MIN2, I::MIN3, I::D4, I::D5, I::MIN6, I::MIN7],
            ScaleKind::LydianDominant => &[I::P1, I::M2, I::M3, I::A4, I::P5, I::M6, I::MIN7],
            ScaleKind::PhrygianDominant => &[I::P1, I::MIN2, I::M3, I::P4, I::P5, I::MIN6, I::MIN7],
        }
    }

    /// Blues and minor-pentatonic scales: meant to rub against major chords, so a key's third
    /// does not rule them out.
    pub fn is_blues_family(self) -> bool {
        matches!(
            self,
            ScaleKind::Blues | ScaleKind::MinorPentatonic | ScaleKind::MajorBlues
        )
    }

    /// The name musicians use.
    pub fn name(self) -> &'static str {
        match self {
            ScaleKind::Major => "major",
            ScaleKind::NaturalMinor => "natural minor",
            ScaleKind::HarmonicMinor => "harmonic minor",
            ScaleKind::MelodicMinor => "melodic minor",
            ScaleKind::Dorian => "dorian",
            ScaleKind::Phrygian => "phrygian",
            ScaleKind::Lydian => "lydian",
            ScaleKind::Mixolydian => "mixolydian",
            ScaleKind::Locrian => "locrian",
            ScaleKind::MajorPentatonic => "major pentatonic",
            ScaleKind::MinorPentatonic => "minor pentatonic",
            ScaleKind::Blues => "blues",
            ScaleKind::MajorBlues => "major blues",
            ScaleKind::BebopDominant => "bebop dominant",
            ScaleKind::BebopMajor => "bebop major",
            ScaleKind::WholeTone => "whole tone",
            ScaleKind::DiminishedHalfWhole => "half-whole diminished",
            ScaleKind::DiminishedWholeHalf => "whole-half diminished",
            ScaleKind::Altered => "altered",
            ScaleKind::LydianDominant => "lydian dominant",
            ScaleKind::PhrygianDominant => "phrygian dominant",
        }
    }
}

/// A scale name that could not be read, and why.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct ScaleError(pub String);

impl FromStr for ScaleKind {
    type Err = ScaleError;

    fn from_str(s: &str) -> Result<ScaleKind, ScaleError> {
        let t = s.trim().to_ascii_lowercase().replace('-', " ");
        let aliases: &[(&str, ScaleKind)] = &[
            ("minor", ScaleKind::NaturalMinor),
            ("aeolian", ScaleKind::NaturalMinor),
            ("ionian", ScaleKind::Major),
            ("pentatonic minor", ScaleKind::MinorPentatonic),
            ("pentatonic major", ScaleKind::MajorPentatonic),
            ("pentatonic", ScaleKind::MajorPentatonic),
            ("minor blues", ScaleKind::Blues),
            ("diminished", ScaleKind::DiminishedHalfWhole),
            ("super locrian", ScaleKind::Altered),
            ("superlocrian", ScaleKind::Altered),
            ("whole tone", ScaleKind::WholeTone),
            ("wholetone", ScaleKind::WholeTone),
            ("half whole diminished", ScaleKind::DiminishedHalfWhole),
            ("whole half diminished", ScaleKind::DiminishedWholeHalf),
            ("spanish", ScaleKind::PhrygianDominant),
            ("mixolydian b6", ScaleKind::PhrygianDominant),
        ];
        ScaleKind::ALL
            .iter()
            .copied()
            .find(|k| k.name().replace('-', " ") == t)
            .or_else(|| aliases.iter().find(|(a, _)| *a == t).map(|(_, k)| *k))
            .ok_or_else(|| ScaleError(format!("`{}` is not a scale JamSesh knows", s.trim())))
    }
}

/// A scale on a tonic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Scale {
    /// Its first note.
    pub tonic: Note,
    /// Which scale.
    pub kind: ScaleKind,
}

impl Scale {
    /// Its notes, ascending from the tonic, spelled from the intervals.
    pub fn notes(&self) -> Vec<Note> {
        self.kind
            .intervals()
            .iter()
            .map(|&i| self.tonic.up(i))
            .collect()
    }

    /// True if the pitch class is in the scale.
    pub fn contains_pitch_class(&self, pc: u8) -> bool {
        self.notes().iter().any(|n| n.pitch_class() == pc)
    }

    /// The 0-based degree of a pitch class, if in the scale.
    pub fn degree_of(&self, pc: u8) -> Option<usize> {
        self.notes().iter().position(|n| n.pitch_class() == pc)
    }

    /// "E minor pentatonic".
    pub fn name(&self) -> String {
        format!("{} {}", self.tonic, self.kind.name())
    }
}

impl FromStr for Scale {
    type Err = ScaleError;

    /// Reads a scale's name: `"<tonic> <scale>"`, such as `"Bb blues"` or `"D dorian"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (tonic, kind) = s
            .split_once(char::is_whitespace)
            .ok_or_else(|| ScaleError(format!("`{s}` is not \"<tonic> <scale>\"")))?;
        Ok(Scale {
            tonic: tonic
                .parse()
                .map_err(|_| ScaleError(format!("`{tonic}` is not a note")))?,
            kind: kind.parse()?,
        })
    }
}

/// The blue notes of a key: its ♭3, ♭5 and ♭7, spelled from the tonic (in E: G, B♭, D).
pub fn blue_notes(tonic: Note) -> [Note; 3] {
    [Interval::MIN3, Interval::D5, Interval::MIN7].map(|i| tonic.up(i))
}

impl fmt::Display for Scale {
    /// "E minor pentatonic (E G A B D)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let notes: Vec<String> = self.notes().iter().map(Note::to_string).collect();
        write!(f, "{} ({})", self.name(), notes.join(" "))
    }
}

/// Reads `"E minor pentatonic (E G A B D), E blues (E G A Bb B D)"` into scales, checking that
/// the listed notes are the scale's notes.
pub fn parse_scales(text: &str) -> Result<Vec<Scale>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let open = rest
            .find('(')
            .ok_or_else(|| format!("`{rest}` lists no notes in parentheses"))?;
        let close = rest[open..]
            .find(')')
            .map(|c| open + c)
            .ok_or("a `(` is not closed")?;
        let name = rest[..open].trim().trim_start_matches(',').trim();
        let notes = &rest[open + 1..close];
        let scale: Scale = name.parse().map_err(|e: ScaleError| e.0)?;
        let listed: Vec<String> = notes.split_whitespace().map(str::to_string).collect();
        let expected: Vec<String> = scale.notes().iter().map(|n| n.to_string()).collect();
        if listed != expected {
            return Err(format!(
                "{name} is {}, not {}",
                expected.join(" "),
                listed.join(" ")
            ));
        }
        out.push(scale);
        rest = rest[close + 1..]
            .trim_start()
            .trim_start_matches(',')
            .trim_start();
    }
    if out.is_empty() {
        return Err("no scales".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(tonic: &str, kind: ScaleKind) -> String {
        Scale {
            tonic: tonic.parse().unwrap(),
            kind,
        }
        .to_string()
    }

    #[test]
    fn scales_are_spelled_as_musicians_write_them() {
        assert_eq!(
            s("E", ScaleKind::HarmonicMinor),
            "E harmonic minor (E F# G A B C D#)"
        );
        assert_eq!(s("Gb", ScaleKind::Major), "Gb major (Gb Ab Bb Cb Db Eb F)");
        assert_eq!(s("E", ScaleKind::Blues), "E blues (E G A Bb B D)");
        assert_eq!(
            s("A", ScaleKind::MajorPentatonic),
            "A major pentatonic (A B C# E F#)"
        );
        assert_eq!(
            s("Eb", ScaleKind::MinorPentatonic),
            "Eb minor pentatonic (Eb Gb Ab Bb Db)"
        );
        assert_eq!(
            s("C", ScaleKind::Altered),
            "C altered (C Db Eb Fb Gb Ab Bb)"
        );
        assert_eq!(
            "pentatonic minor".parse::<ScaleKind>(),
            Ok(ScaleKind::MinorPentatonic)
        );
        assert_eq!("Super-Locrian".parse::<ScaleKind>(), Ok(ScaleKind::Altered));
        for k in ScaleKind::ALL {
            assert_eq!(k.name().parse::<ScaleKind>(), Ok(k));
            if k.intervals().len() == 7 {
                let notes = Scale {
                    tonic: "F#".parse().unwrap(),
                    kind: k,
                }
                .notes();
                let mut letters: Vec<_> = notes.iter().map(|n| n.letter).collect();
                letters.dedup();
                assert_eq!(letters.len(), 7, "{k:?}");
            }
        }
    }
}
