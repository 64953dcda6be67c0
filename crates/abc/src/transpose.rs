//! Transposition by semitones with correct spelling of keys, notes and chord symbols.
//!
//! Every key moves to the spelling with the fewest accidentals (up a semitone from C is D♭, not
//! C♯); notes move by the same diatonic step, so intervals keep their spelling. Accidentals are
//! written exactly where the new key signature and the bar's earlier accidentals need them.

use crate::semantics::{index_letter, letter_index, natural_semitone, Key};
use crate::syntax::{
    AbcFile, Element, ElementKind, FieldValue, KeySpec, KeyTonic, Line, Mode, Note, Pitch, Section,
};
use jamsesh_theory::note::{self, Letter};
use std::collections::HashMap;

/// A transposition: semitones and the letter steps that spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    /// Chromatic distance.
    pub semitones: i32,
    /// Diatonic distance (letters).
    pub steps: i32,
}

impl Interval {
    /// Moves a spelled note name; none when it would need more than a double sharp or flat.
    pub fn apply_to_name(self, n: note::Note) -> Option<note::Note> {
        let letter = Letter::from_index(n.letter.index() as i32 + self.steps);
        let moved = note::Note::on_letter(letter, i32::from(n.pitch_class()) + self.semitones);
        (-2..=2).contains(&moved.alter).then_some(moved)
    }
}

/// The spelling of the key `semitones` away from `tonic` (in `mode`) with the fewest
/// accidentals; of two equal ones, the lower letter (F# major, D# minor).
pub fn transpose_key_name(tonic: note::Note, mode: Mode, semitones: i32) -> (note::Note, Interval) {
    let pitch = i32::from(tonic.pitch_class()) + semitones;
    let mut best: Option<(i32, note::Note)> = None;
    for index in 0..7 {
        let name = note::Note::on_letter(Letter::from_index(index), pitch);
        if name.alter.abs() > 1 {
            continue;
        }
        let cost = (name.fifths() + mode.fifths_offset()).abs();
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, name));
        }
    }
    let new = best.map_or(tonic, |(_, n)| n);
    let base = (new.letter.index() as i32 - tonic.letter.index() as i32).rem_euclid(7);
    // Pick the octave of the letter step that matches the direction and size of the move.
    let ideal = f64::from(semitones) * 7.0 / 12.0;
    let k = ((ideal - f64::from(base)) / 7.0).round() as i32;
    (
        new,
        Interval {
            semitones,
            steps: base + 7 * k,
        },
    )
}

/// The interval for a key field, or for C major when the key has no tonic.
fn interval_for(spec: &KeySpec, semitones: i32) -> Interval {
    let (tonic, mode) = match &spec.tonic {
        KeyTonic::Tonic(key) => (key.tonic, key.mode),
        _ => (note::Note::natural(Letter::C), Mode::Major),
    };
    transpose_key_name(tonic, mode, semitones).1
}

/// Spells a moved chord root or bass for the key with `signature` (alterations of C…B): a
/// double sharp or flat, or E♯, B♯, F♭ and C♭ outside the signature, become the enharmonic
/// twin a musician writes — the one in the signature, else a natural, else a sharp in sharp
/// keys and a flat in flat keys (`B𝄫7` is `A7`, `B♯7` is `C7`).
pub fn spell_for_key(n: note::Note, signature: &[i8; 7]) -> note::Note {
    let odd = |n: note::Note| {
        matches!(
            (n.letter, n.alter),
            (Letter::E | Letter::B, 1) | (Letter::F | Letter::C, -1)
        )
    };
    let in_key = signature[n.letter.index()] == n.alter;
    if in_key || !(n.alter.abs() >= 2 || odd(n)) {
        return n;
    }
    let pitch = i32::from(n.pitch_class());
    let sharp_key = signature.iter().any(|&a| a > 0);
    (0..7)
        .map(|index| note::Note::on_letter(Letter::from_index(index), pitch))
        .filter(|c| c.alter.abs() <= 1)
        .min_by_key(|&c| {
            let in_signature = signature[c.letter.index()] == c.alter;
            let wrong_way = (c.alter > 0) != sharp_key && c.alter != 0;
            let odd = odd(c);
            (!in_signature, odd, c.alter != 0, wrong_way)
        })
        .unwrap_or(n)
}

/// Transposes a chord symbol such as `F#m7b5/C#` into the key with `signature` (alterations
/// of C…B), spelling its root and bass for that key; text that is not a chord is kept.
pub fn transpose_chord_symbol(symbol: &str, interval: Interval, signature: &[i8; 7]) -> String {
    fn root(s: &str) -> Option<(note::Note, &str)> {
        let mut chars = s.chars();
        let letter = chars
            .next()
            .filter(|c| ('A'..='G').contains(c))
            .and_then(Letter::from_char)?;
        let rest = chars.as_str();
        let (alter, rest) = if let Some(r) = rest.strip_prefix('#').or(rest.strip_prefix('♯')) {
            (1, r)
        } else if let Some(r) = rest.strip_prefix('b').or(rest.strip_prefix('♭')) {
            (-1, r)
        } else {
            (0, rest)
        };
        Some((note::Note { letter, alter }, rest))
    }
    let Some((r, rest)) = root(symbol) else {
        return symbol.to_string();
    };
    let Some(new_root) = interval
        .apply_to_name(r)
        .map(|n| spell_for_key(n, signature))
    else {
        return symbol.to_string();
    };
    let (quality, bass) = match rest.rfind('/') {
        Some(i) => match root(&rest[i + 1..]) {
            Some((b, "")) => (&rest[..i], Some(b)),
            _ => (rest, None),
        },
        None => (rest, None),
    };
    let mut out = new_root.to_string();
    out.push_str(quality);
    if let Some(b) = bass
        .and_then(|b| interval.apply_to_name(b))
        .map(|b| spell_for_key(b, signature))
    {
        out.push('/');
        out.push_str(&b.to_string());
    }
    out
}

/// Accidental state while rewriting: old and new key, bar accidentals and open ties.
struct Rewriter {
    semitones: i32,
    interval: Interval,
    old_key: Key,
    new_key: Key,
    old_bar: HashMap<usize, i8>,
    new_bar: HashMap<usize, i8>,
    /// Notes tied from the previous event.
    ties: Vec<OpenTie>,
}

/// A note tied into the next event, as it was and as it is rewritten.
#[derive(Clone, Copy)]
struct OpenTie {
    old_letter: usize,
    old_octave: i8,
    old_alter: i8,
    new_letter: usize,
    new_octave: i8,
    new_alter: i8,
}

impl Rewriter {
    fn new(semitones: i32) -> Self {
        Rewriter {
            semitones,
            interval: interval_for(
                &KeySpec {
                    tonic: KeyTonic::Unchanged,
                    explicit: false,
                    accidentals: Vec::new(),
                    modifiers: Default::default(),
                },
                semitones,
            ),
            old_key: Key::default(),
            new_key: Key::default(),
            old_bar: HashMap::new(),
            new_bar: HashMap::new(),
            ties: Vec::new(),
        }
    }

    fn key(&mut self, spec: &mut KeySpec) {
        self.old_key = self.old_key.updated(spec);
        if let KeyTonic::HighlandPipes { .. } = spec.tonic {
            // Pipes keys cannot move; spell their signature out instead.
            spec.tonic = KeyTonic::None;
            spec.explicit = true;
            spec.accidentals = (0..7)
                .filter(|&i| self.old_key.signature[i] != 0)
                .map(|i| {
                    (
                        self.old_key.signature[i],
                        index_letter(i).to_ascii_lowercase(),
                    )
                })
                .collect();
        }
        if spec.tonic != KeyTonic::Unchanged {
            self.interval = interval_for(spec, self.semitones);
        }
        if let KeyTonic::Tonic(key) = &mut spec.tonic {
            key.tonic = transpose_key_name(key.tonic, key.mode, self.semitones).0;
        }
        let interval = self.interval;
        spec.accidentals = spec
            .accidentals
            .iter()
            .filter_map(|&(alter, letter)| {
                let n = interval.apply_to_name(note::Note {
                    letter: Letter::from_char(letter).unwrap_or(Letter::B),
                    alter,
                })?;
                Some((n.alter, n.letter.to_char().to_ascii_lowercase()))
            })
            .collect();
        // Accidentals already written in the bar stay in force, as when the music is read.
        self.new_key = self.new_key.updated(spec);
    }

    fn bar(&mut self) {
        self.old_bar.clear();
        self.new_bar.clear();
    }

    fn note(&mut self, n: &mut Note, new_ties: &mut Vec<OpenTie>) {
        let p = n.pitch;
        let li = letter_index(p.letter);
        let tied = self
            .ties
            .iter()
            .find(|t| (t.old_letter, t.old_octave) == (li, p.octave))
            .copied()
            .filter(|_| p.accidental.is_none() && !self.old_bar.contains_key(&li));
        let old_alter = match (p.accidental, tied) {
            (Some(a), _) => {
                self.old_bar.insert(li, a);
                a
            }
            (None, Some(t)) => t.old_alter,
            (None, None) => self
                .old_bar
                .get(&li)
                .copied()
                .unwrap_or(self.old_key.signature[li]),
        };
        let degree = i32::from(p.octave) * 7 + li as i32 + self.interval.steps;
        let (octave, new_li) = (degree.div_euclid(7), degree.rem_euclid(7) as usize);
        let old_pc = natural_semitone(li) + i32::from(old_alter) + 12 * i32::from(p.octave);
        let mut new_alter = old_pc + self.semitones - (natural_semitone(new_li) + 12 * octave);
        let (mut new_li, mut octave) = (new_li, octave);
        if new_alter.abs() > 2 {
            // Respell with the nearest letter (only for exotic input such as B## up a tone).
            let midi = old_pc + self.semitones;
            octave = midi.div_euclid(12);
            let pc = midi.rem_euclid(12);
            new_li = (0..7)
                .min_by_key(|&i| (pc - natural_semitone(i)).abs())
                .unwrap_or(0);
            new_alter = pc - natural_semitone(new_li);
        }
        let new_alter = new_alter as i8;
        let octave = octave.clamp(-10, 10) as i8;
        // How the output will read this note: a note tied into it with the same letter and
        // octave lends its accidental, unless the bar has one for that letter.
        let tied_in_output = self
            .ties
            .iter()
            .find(|t| (t.new_letter, t.new_octave) == (new_li, octave))
            .filter(|_| !self.new_bar.contains_key(&new_li));
        let in_effect = match tied_in_output {
            Some(t) => t.new_alter,
            None => self
                .new_bar
                .get(&new_li)
                .copied()
                .unwrap_or(self.new_key.signature[new_li]),
        };
        let accidental = if p.accidental.is_some() || new_alter != in_effect {
            self.new_bar.insert(new_li, new_alter);
            Some(new_alter)
        } else {
            None
        };
        n.pitch = Pitch {
            accidental,
            letter: index_letter(new_li),
            octave,
        };
        if n.tie {
            new_ties.push(OpenTie {
                old_letter: li,
                old_octave: p.octave,
                old_alter,
                new_letter: new_li,
                new_octave: octave,
                new_alter,
            });
        }
    }

    fn elements(&mut self, elements: &mut [Element]) {
        for e in elements {
            match &mut e.kind {
                ElementKind::Note(n) => {
                    let mut ties = Vec::new();
                    self.note(n, &mut ties);
                    self.ties = ties;
                }
                ElementKind::Chord(c) => {
                    let mut ties = Vec::new();
                    for n in &mut c.notes {
                        if c.tie {
                            n.tie = true;
                        }
                        self.note(n, &mut ties);
                    }
                    if c.tie {
                        for n in &mut c.notes {
                            n.tie = false;
                        }
                    }
                    self.ties = ties;
                }
                ElementKind::Rest(_) => self.ties.clear(),
                ElementKind::Grace(g) => {
                    let saved = std::mem::take(&mut self.ties);
                    self.elements(&mut g.elements);
                    self.ties = saved;
                }
                ElementKind::BarLine(_) => self.bar(),
                ElementKind::ChordSymbol(s) => {
                    *s = transpose_chord_symbol(s, self.interval, &self.new_key.signature)
                }
                ElementKind::InlineField(f) => {
                    if let FieldValue::Key(k) = &mut f.value {
                        self.key(k);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Returns the file with every tune moved by `semitones`.
pub fn transpose_file(file: &AbcFile, semitones: i32) -> AbcFile {
    let mut out = file.clone();
    for section in &mut out.sections {
        let Section::Tune(t) = section else { continue };
        let mut r = Rewriter::new(semitones);
        for line in t.header.iter_mut().chain(t.body.iter_mut()) {
            match line {
                Line::Field(f) => {
                    if let FieldValue::Key(k) = &mut f.value {
                        r.key(k);
                    }
                }
                Line::Music(m) => r.elements(&mut m.elements),
                Line::Comment(_) | Line::Directive(_) => {}
            }
        }
    }
    out
}

/// Returns the file with every tune, and each of its voices, written in `clef` (`treble`,
/// `bass`, …): the clef of every `K:` and `V:` field is replaced, the notes stay as written.
pub fn with_clef(file: &AbcFile, clef: &str) -> AbcFile {
    let set = |m: &mut crate::syntax::Modifiers| {
        m.pairs
            .retain(|(name, _)| !name.eq_ignore_ascii_case("clef"));
        m.pairs.push(("clef".to_string(), clef.to_string()));
    };
    let mut out = file.clone();
    for section in &mut out.sections {
        let Section::Tune(t) = section else { continue };
        for line in t.header.iter_mut().chain(t.body.iter_mut()) {
            if let Line::Field(f) = line {
                match &mut f.value {
                    FieldValue::Key(k) => set(&mut k.modifiers),
                    FieldValue::Voice(v) => set(&mut v.modifiers),
                    _ => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> note::Note {
        crate::fields::note_name(s).unwrap().1
    }

    #[test]
    fn keys_take_the_simplest_spelling() {
        let t = |k: &str, m: Mode, n: i32| transpose_key_name(name(k), m, n).0.to_string();
        assert_eq!(t("C", Mode::Major, 1), "Db");
        assert_eq!(t("C", Mode::Major, 6), "F#");
        assert_eq!(t("A", Mode::Minor, 1), "Bb");
        assert_eq!(t("E", Mode::Dorian, -2), "D");
        assert_eq!(t("Bb", Mode::Major, 2), "C");
        assert_eq!(transpose_key_name(name("C"), Mode::Major, -2).1.steps, -1);
        assert_eq!(transpose_key_name(name("C"), Mode::Major, 12).1.steps, 7);
    }

    #[test]
    fn chord_symbols() {
        let up = transpose_key_name(name("C"), Mode::Major, 3).1; // to Eb
        let eb = crate::semantics::signature_for_fifths(-3);
        let t = |s: &str| transpose_chord_symbol(s, up, &eb);
        assert_eq!(t("Am7/G"), "Cm7/Bb");
        assert_eq!(t("F#m7b5"), "Am7b5");
        assert_eq!(t("N.C."), "N.C.");
        assert_eq!(t("G7/B"), "Bb7/D");
    }

    #[test]
    fn a_clef_is_set_on_every_key_and_voice() {
        let (file, _) = crate::parse(
            "X:1\nT:t\nM:4/4\nL:1/4\nK:F clef=treble\nV:1\nCDEF|\nV:2 clef=treble name=\"H\"\nA,B,CD|\n",
        );
        let text = crate::write::write_file(&with_clef(&file, "bass"));
        assert!(text.contains("K:F clef=bass\n"), "{text}");
        assert!(text.contains("V:1 clef=bass\n"), "{text}");
        assert!(text.contains("V:2 name=H clef=bass\n"), "{text}");
        assert!(!text.contains("treble"), "{text}");
        // The notes are as they were.
        assert!(text.contains("CDEF|") && text.contains("A,B,CD|"), "{text}");
        let (tunes, _) = crate::parse_tunes(&text);
        assert!(tunes[0].voices.iter().all(|v| v.key.clef == "bass"));
    }

    /// Chord names a musician writes after moving (written by hand, not by the code).
    #[test]
    fn moved_chord_roots_are_spelled_for_the_new_key() {
        let moved = |key: &str, mode: Mode, semitones: i32, fifths: i32, chord: &str| {
            let interval = transpose_key_name(name(key), mode, semitones).1;
            let signature = crate::semantics::signature_for_fifths(fifths);
            transpose_chord_symbol(chord, interval, &signature)
        };
        // Jazz in F up 3 is A-flat: the tritone substitute Gb7 becomes A7, not B𝄫7.
        assert_eq!(moved("F", Mode::Major, 3, -4, "Gb7"), "A7");
        assert_eq!(moved("F", Mode::Major, 3, -4, "C7"), "Eb7");
        // Gospel in A-flat up 3 is B major: A7 becomes C7, not B♯7; Db/F becomes E/G#.
        assert_eq!(moved("Ab", Mode::Major, 3, 5, "A7"), "C7");
        assert_eq!(moved("Ab", Mode::Major, 3, 5, "Db/F"), "E/G#");
        // F# major keeps its E# (the seventh degree) when moving from G major down a semitone.
        assert_eq!(moved("G", Mode::Major, -1, 6, "F#dim7"), "E#dim7");
        // C minor up 1 is C# minor: Ab becomes A, not G𝄪... and Fm/Ab becomes F#m/A.
        assert_eq!(moved("C", Mode::Minor, 1, 4, "Fm/Ab"), "F#m/A");
    }
}
