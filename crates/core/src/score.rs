//! Writes a melody over a progression as ABC: header, chord symbols where chords change,
//! accidentals only where the key signature and the bar need them, four bars a line.

use crate::melody::{Melody, MelodyNote};
use crate::progression::Progression;
use crate::theory::key::Key;
use jamsesh_abc::{length_text, pitch_text, Frac};
use std::fmt::Write as _;

/// Everything the ABC header says.
#[derive(Clone, Debug)]
pub struct Header<'a> {
    /// `T:`
    pub title: &'a str,
    /// `R:` (rhythm or style).
    pub style: &'a str,
    /// `M:`
    pub meter: (u32, u32),
    /// Quarter notes per minute (`Q:`).
    pub tempo: u32,
    /// `K:`
    pub key: &'a Key,
    /// Write in bass clef.
    pub bass_clef: bool,
    /// How the eighths are played, when it differs from the style's habit: `Swing` or
    /// `Straight`, written as the tempo's text (`Q:"Swing" 1/4=120`).
    pub feel_marking: Option<&'a str>,
}

/// The alteration of each letter C…B in a key's signature.
pub fn signature(key: &Key) -> [i8; 7] {
    jamsesh_abc::signature_for_fifths(key.fifths())
}

/// The accidentals a bar has written so far, as the two kinds of reader keep them. ABC's
/// default (`%%propagate-accidentals pitch`, abc2midi) holds one on every octave of its letter
/// to the bar line; staff notation (a musician, abcm2ps) holds it on its own line or space
/// only. A note gets an accidental whenever either reader would otherwise hear it wrong, so
/// the text plays what the staff shows.
#[derive(Default)]
struct BarAccidentals {
    /// (letter C…B as 0–6, octave, alteration) of each accidental written, in order.
    written: Vec<(usize, i32, i8)>,
}

impl BarAccidentals {
    /// The accidental a note at (`letter`, `octave`) altered by `alter` must carry, if any.
    fn needed(&mut self, letter: usize, octave: i32, alter: i8, signature: &[i8; 7]) -> Option<i8> {
        let last = |same_octave: bool| {
            self.written
                .iter()
                .rev()
                .find(|&&(l, o, _)| l == letter && (!same_octave || o == octave))
                .map_or(signature[letter], |&(_, _, a)| a)
        };
        let (by_letter, by_place) = (last(false), last(true));
        if alter == by_letter && alter == by_place {
            return None;
        }
        self.written.push((letter, octave, alter));
        Some(alter)
    }
}

/// ABC text of one melody note (or rest) with the accidental its bar needs.
fn note_text(n: &MelodyNote, signature: &[i8; 7], bar: &mut BarAccidentals) -> String {
    let len = length_text(Frac::new(
        i64::from(if n.triplet_len() { 6 } else { n.len }),
        6,
    ));
    let Some(p) = n.pitch else {
        return format!("z{len}");
    };
    let letter = p.name.letter.index();
    let alter = p.name.alter;
    let octave =
        (p.midi - i32::from(p.name.letter.semitone()) - i32::from(alter) - 60).div_euclid(12);
    let pitch = jamsesh_abc::Pitch {
        accidental: bar.needed(letter, octave, alter, signature),
        letter: p.name.letter.to_char(),
        octave: octave.clamp(-4, 4) as i8,
    };
    format!("{}{len}", pitch_text(pitch))
}

impl MelodyNote {
    /// A note of a triplet: written as an eighth inside `(3`.
    fn triplet_len(&self) -> bool {
        self.len == 4
    }
}

/// The whole tune.
pub fn write(header: &Header, progression: &Progression, melody: &Melody) -> String {
    let mut out = header_fields(header);
    let _ = writeln!(out, "K:{}{}", header.key.abc_key(), clef(header.bass_clef));
    out.push_str(&body(header, progression, melody));
    out
}

/// One voice of a tune with several: its name, clef and music lines.
pub struct Voice<'a> {
    /// `name=` of its `V:` field.
    pub name: &'a str,
    /// Written in bass clef.
    pub bass_clef: bool,
    /// Its music lines ([`body`]).
    pub music: String,
}

/// A tune of several voices: the header, a `V:` field for each (numbered from 1), the key,
/// then each voice's music after its `[V:n]`.
pub fn write_voices(header: &Header, voices: &[Voice]) -> String {
    let mut out = header_fields(header);
    for (n, v) in voices.iter().enumerate() {
        let _ = writeln!(out, "V:{} name=\"{}\"{}", n + 1, v.name, clef(v.bass_clef));
    }
    let _ = writeln!(out, "K:{}", header.key.abc_key());
    for (n, v) in voices.iter().enumerate() {
        let _ = write!(out, "[V:{}]\n{}", n + 1, v.music);
    }
    out
}

/// The clef modifier of a `K:` or `V:` field.
fn clef(bass: bool) -> &'static str {
    if bass {
        " clef=bass"
    } else {
        ""
    }
}

/// The header fields before `V:` and `K:`: number, title, style, meter, unit and tempo.
/// In compound meters the tempo counts the dotted quarter musicians feel (`Q:3/8=77` for
/// 116 quarter notes a minute), elsewhere the quarter.
pub fn header_fields(header: &Header) -> String {
    let (num, den) = header.meter;
    let compound = den == 8 && num % 3 == 0 && num > 3;
    let tempo = if compound {
        format!("3/8={}", (header.tempo * 2 + 1) / 3)
    } else {
        format!("1/4={}", header.tempo)
    };
    let marking = header
        .feel_marking
        .map_or(String::new(), |m| format!("\"{m}\" "));
    format!(
        "X:1\nT:{}\nR:{}\nM:{num}/{den}\nL:1/8\nQ:{marking}{tempo}\n",
        header.title, header.style
    )
}

/// The music lines only (used for harmony voices too).
pub fn body(header: &Header, progression: &Progression, melody: &Melody) -> String {
    let signature = signature(header.key);
    let mut out = String::new();
    for (b, notes) in melody.bars.iter().enumerate() {
        let chords = progression.bars.get(b).map_or(&[][..], |c| c.as_slice());
        let mut accidentals = BarAccidentals::default();
        let starts = crate::theory::time::chord_starts(header.meter, chords.len());
        let mut placed = 0;
        for (k, n) in notes.iter().enumerate() {
            // A chord symbol goes before the first note or rest that reaches its change.
            while placed < chords.len() && n.start + n.len > starts[placed] {
                let _ = write!(out, "\"{}\"", chords[placed]);
                placed += 1;
            }
            if n.triplet_start {
                out.push_str("(3");
            }
            out.push_str(&note_text(n, &signature, &mut accidentals));
            // Beam groups: a space after each group of the meter.
            let end = n.start + n.len;
            let at_group_end = crate::theory::time::groups(header.meter)
                .iter()
                .scan(0, |t, g| {
                    *t += g * 6;
                    Some(*t)
                })
                .any(|g| g == end);
            if at_group_end && k + 1 < notes.len() {
                out.push(' ');
            }
        }
        let last = b + 1 == melody.bars.len();
        out.push_str(if last { "|]" } else { "|" });
        if last || (b + 1) % 4 == 0 {
            out.push('\n');
        } else {
            out.push(' ');
        }
    }
    out
}
