//! Spelled notes: a letter and an accidental (E# and Fb are real notes, not typos).

use crate::interval::Interval;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The seven note letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Letter {
    /// C
    C,
    /// D
    D,
    /// E
    E,
    /// F
    F,
    /// G
    G,
    /// A
    A,
    /// B
    B,
}

const LETTERS: [Letter; 7] = [
    Letter::C,
    Letter::D,
    Letter::E,
    Letter::F,
    Letter::G,
    Letter::A,
    Letter::B,
];

impl Letter {
    /// 0 for C … 6 for B.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The letter `index` steps above C (wrapping).
    pub fn from_index(index: i32) -> Letter {
        LETTERS[index.rem_euclid(7) as usize]
    }

    /// Semitones above C of the natural note.
    pub fn semitone(self) -> u8 {
        [0, 2, 4, 5, 7, 9, 11][self.index()]
    }

    /// Parses `A`–`G` in either case.
    pub fn from_char(c: char) -> Option<Letter> {
        LETTERS
            .iter()
            .copied()
            .find(|l| l.to_char() == c.to_ascii_uppercase())
    }

    /// The uppercase letter.
    pub fn to_char(self) -> char {
        b"CDEFGAB"[self.index()] as char
    }
}

/// A spelled pitch class: letter plus accidental (−2 double flat … +2 double sharp).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Note {
    /// The letter.
    pub letter: Letter,
    /// Semitones of alteration.
    pub alter: i8,
}

impl Note {
    /// The natural note of a letter.
    pub const fn natural(letter: Letter) -> Note {
        Note { letter, alter: 0 }
    }

    /// Pitch class 0–11 (C = 0).
    pub fn pitch_class(self) -> u8 {
        (i32::from(self.letter.semitone()) + i32::from(self.alter)).rem_euclid(12) as u8
    }

    /// Position on the circle of fifths: C 0, G 1, F −1, F# 6, Bb −2.
    pub fn fifths(self) -> i32 {
        [0, 2, 4, -1, 1, 3, 5][self.letter.index()] + 7 * i32::from(self.alter)
    }

    /// Same pitch class, perhaps spelled differently.
    pub fn enharmonic_eq(self, other: Note) -> bool {
        self.pitch_class() == other.pitch_class()
    }

    /// The note on `letter` that sounds `pitch` (a pitch class or MIDI key), with the
    /// alteration nearest to natural, −6 to +5 semitones (D for 2 on D, Fb for 4 on F): callers
    /// refuse the far ones they cannot write.
    pub fn on_letter(letter: Letter, pitch: i32) -> Note {
        let alter = (pitch - i32::from(letter.semitone()) + 6).rem_euclid(12) - 6;
        Note {
            letter,
            alter: alter as i8,
        }
    }

    /// The note an interval above, spelled by the interval (C up a major third is E).
    pub fn up(self, interval: Interval) -> Note {
        let letter = Letter::from_index(self.letter.index() as i32 + i32::from(interval.steps));
        Note::on_letter(
            letter,
            i32::from(self.pitch_class()) + i32::from(interval.semitones),
        )
    }

    /// The note an interval below.
    pub fn down(self, interval: Interval) -> Note {
        let letter = Letter::from_index(self.letter.index() as i32 - i32::from(interval.steps));
        Note::on_letter(
            letter,
            i32::from(self.pitch_class()) - i32::from(interval.semitones),
        )
    }
}

/// The note of `notes` (a scale, a chord) that sounds MIDI key `midi`, if one does.
pub fn spelling_in(notes: &[Note], midi: i32) -> Option<Note> {
    notes
        .iter()
        .copied()
        .find(|n| i32::from(n.pitch_class()) == midi.rem_euclid(12))
}

/// Every MIDI key from `low` to `high` that `notes` (a scale) holds, with its spelling: the
/// ladder a line climbs on.
pub fn ladder(notes: &[Note], low: i32, high: i32) -> Vec<(i32, Note)> {
    (low..=high)
        .filter_map(|midi| spelling_in(notes, midi).map(|n| (midi, n)))
        .collect()
}

/// MIDI keys of `notes` stacked upwards from `first`, the key of the first note: each the
/// nearest above the one before, an octave above when it repeats (a close-position chord, a
/// scale up an octave).
pub fn stack_upwards(notes: &[Note], first: i32) -> Vec<i32> {
    let mut midi = first;
    notes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i > 0 {
                let step = (i32::from(n.pitch_class()) - midi).rem_euclid(12);
                midi += if step == 0 { 12 } else { step };
            }
            midi
        })
        .collect()
}

/// A note name that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a note name such as C, F#, Bb or Ebb")]
pub struct NoteError(pub String);

impl FromStr for Note {
    type Err = NoteError;

    fn from_str(s: &str) -> Result<Note, NoteError> {
        let bad = || NoteError(s.to_string());
        let mut chars = s.trim().chars();
        let letter = chars.next().and_then(Letter::from_char).ok_or_else(bad)?;
        let mut alter: i8 = 0;
        for c in chars {
            alter += match c {
                '#' | '♯' => 1,
                'b' | '♭' => -1,
                'x' | '𝄪' => 2,
                _ => return Err(bad()),
            };
            if alter.abs() > 2 {
                return Err(bad());
            }
        }
        Ok(Note { letter, alter })
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let acc = match self.alter {
            a if a > 0 => "#".repeat(a as usize),
            a => "b".repeat(a.unsigned_abs() as usize),
        };
        write!(f, "{}{acc}", self.letter.to_char())
    }
}

impl Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Note, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

// Written beside `Note` so that notes use intervals and never the other way round.
impl Interval {
    /// The ascending interval from `a` up to `b`, within an octave.
    pub fn between(a: Note, b: Note) -> Interval {
        let steps = (b.letter.index() as i32 - a.letter.index() as i32).rem_euclid(7) as i8;
        let semitones =
            (i32::from(b.pitch_class()) - i32::from(a.pitch_class())).rem_euclid(12) as i8;
        Interval { steps, semitones }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(names: &str) -> Vec<Note> {
        names.split(' ').map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn spelling_on_a_letter_stacking_and_ladders() {
        let on = |l: Letter, pc: i32| Note::on_letter(l, pc).to_string();
        assert_eq!(on(Letter::F, 4), "Fb");
        assert_eq!(on(Letter::B, 0), "B#");
        assert_eq!(on(Letter::D, 62), "D");
        assert_eq!(on(Letter::C, 11), "Cb");
        // C7 in close position from C3; a repeated note goes up an octave.
        assert_eq!(stack_upwards(&notes("C E G Bb"), 48), [48, 52, 55, 58]);
        assert_eq!(stack_upwards(&notes("G B D F"), 55), [55, 59, 62, 65]);
        assert_eq!(stack_upwards(&notes("C C"), 60), [60, 72]);
        // D dorian from middle C to the E above: C D E, spelled as the scale spells them.
        let dorian = notes("D E F G A B C");
        let rungs: Vec<String> = ladder(&dorian, 60, 64)
            .iter()
            .map(|(m, n)| format!("{n}{m}"))
            .collect();
        assert_eq!(rungs, ["C60", "D62", "E64"]);
        assert_eq!(spelling_in(&notes("F# A C#"), 61), Some(notes("C#")[0]));
        assert_eq!(spelling_in(&notes("F# A C#"), 60), None);
    }

    #[test]
    fn parse_display_and_pitch_classes() {
        for s in ["C", "F#", "Bb", "Ebb", "C##", "E#", "Fb"] {
            assert_eq!(s.parse::<Note>().unwrap().to_string(), s);
        }
        assert_eq!("f♯".parse::<Note>().unwrap().to_string(), "F#");
        assert_eq!("E#".parse::<Note>().unwrap().pitch_class(), 5);
        assert_eq!("Cb".parse::<Note>().unwrap().pitch_class(), 11);
        assert!(
            "H".parse::<Note>().is_err()
                && "C###".parse::<Note>().is_err()
                && "".parse::<Note>().is_err()
        );
        assert_eq!("F#".parse::<Note>().unwrap().fifths(), 6);
        assert_eq!("Bb".parse::<Note>().unwrap().fifths(), -2);
    }
}
