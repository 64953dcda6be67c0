//! Chord symbols as lead sheets write them (`C`, `Cm7b5`, `F#7#9`, `Bbmaj9`, `Dsus4`,
//! `Ab/C`, `E7alt`, `C6/9`, `G13`): parsed, spelled, printed canonically.

use crate::interval::Interval;
use crate::note::Note;
use crate::scale::{Scale, ScaleKind};
use std::fmt;
use std::str::FromStr;

/// A chord: root, quality (as a canonical suffix and its intervals) and an optional bass.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Chord {
    /// The root.
    pub root: Note,
    /// Canonical quality suffix: `""`, `m7`, `7#9`, `maj9`, `m7b5`, `dim7`, `6/9`, `7alt` …
    pub suffix: String,
    /// Intervals above the root, root first.
    pub intervals: Vec<Interval>,
    /// A different bass note (`/C`).
    pub bass: Option<Note>,
}

/// Why a chord symbol could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChordError {
    /// No root letter.
    #[error("a chord symbol starts with a root A–G")]
    NoRoot,
    /// Something after the root that is not a chord quality.
    #[error("`{rest}` after `{read}` is not part of a chord symbol")]
    Unknown {
        /// What was understood.
        read: String,
        /// What was not.
        rest: String,
    },
    /// The bass after `/` is not a note.
    #[error("the bass `{0}` is not a note")]
    BadBass(String),
}

/// Spelling variants folded into one form before reading (`CΔ7` → `Cmaj7`, `C-7` → `Cm7`).
fn normalize(suffix: &str) -> String {
    let mut s = suffix
        .replace(['♭'], "b")
        .replace(['♯'], "#")
        .replace(['(', ')', ','], "");
    for (from, to) in [
        ("Δ", "maj"),
        ("ø7", "m7b5"),
        ("ø", "m7b5"),
        ("°7", "dim7"),
        ("°", "dim"),
        ("mM", "mmaj"),
        ("minmaj", "mmaj"),
        ("min", "m"),
        ("69", "6/9"),
        ("M13", "maj13"),
        ("M11", "maj11"),
        ("M9", "maj9"),
        ("M7", "maj7"),
        ("aug", "+"),
    ] {
        s = s.replace(from, to);
    }
    if let Some(r) = s.strip_prefix('-') {
        s = format!("m{r}");
    }
    if s == "+7" {
        s = "7#5".into();
    }
    s
}

/// What is left of a suffix while reading it.
struct Cursor<'a>(&'a str);

impl Cursor<'_> {
    /// Consumes `prefix` if the rest starts with it.
    fn take(&mut self, prefix: &str) -> bool {
        match self.0.strip_prefix(prefix) {
            Some(r) => {
                self.0 = r;
                true
            }
            None => false,
        }
    }
}

/// Reads a normalised suffix into its intervals and canonical text: the triad, the main
/// number, a suspension, then additions and alterations, each read by its own step.
fn quality(suffix: &str) -> Option<(String, Vec<Interval>)> {
    if suffix == "5" {
        return Some(("5".into(), vec![Interval::P1, Interval::P5]));
    }
    let mut cur = Cursor(suffix);
    let mut q = Quality::triad(&mut cur);
    q.number(&mut cur)?;
    q.suspension(&mut cur);
    while !cur.0.is_empty() {
        q.addition(&mut cur)?;
    }
    Some(q.finish())
}

/// A chord quality while it is read: its tones by role and its canonical suffix so far.
struct Quality {
    third: Option<Interval>,
    fifth: Option<Interval>,
    seventh: Option<Interval>,
    upper: Vec<Interval>,
    canon: String,
    major_seventh: bool,
}

impl Quality {
    /// The triad (or seventh chord) the suffix opens with: `m`, `maj`, `mmaj`, `dim`,
    /// `dim7`, `m7b5`, `+`, or major when none.
    fn triad(cur: &mut Cursor) -> Quality {
        use Interval as I;
        let mut q = Quality {
            third: Some(I::M3),
            fifth: Some(I::P5),
            seventh: None,
            upper: Vec::new(),
            canon: String::new(),
            major_seventh: false,
        };
        let (third, fifth, seventh, canon) = if cur.take("mmaj") {
            q.major_seventh = true;
            (I::MIN3, I::P5, None, "m(maj")
        } else if cur.take("maj") {
            q.major_seventh = true;
            (I::M3, I::P5, None, "maj")
        } else if cur.take("m7b5") {
            (I::MIN3, I::D5, Some(I::MIN7), "m7b5")
        } else if cur.take("dim7") {
            (I::MIN3, I::D5, Some(I::D7), "dim7")
        } else if cur.take("dim") {
            (I::MIN3, I::D5, None, "dim")
        } else if cur.take("m") {
            (I::MIN3, I::P5, None, "m")
        } else if cur.take("+") {
            (I::M3, I::A5, None, "aug")
        } else {
            return q;
        };
        (q.third, q.fifth, q.seventh) = (Some(third), Some(fifth), seventh);
        q.canon.push_str(canon);
        q
    }

    /// The main number, 6, 6/9, 7, 9, 11 or 13, and the tones it implies; `None` for `maj`
    /// without 7, 9, 11 or 13.
    fn number(&mut self, cur: &mut Cursor) -> Option<()> {
        use Interval as I;
        let number = ["6/9", "13", "11", "9", "7", "6"]
            .into_iter()
            .find(|n| cur.take(n));
        if self.major_seventh && number.is_none_or(|n| n.starts_with('6')) {
            return None;
        }
        let Some(n) = number else {
            return Some(());
        };
        self.canon.push_str(n);
        if self.canon.starts_with("m(maj") {
            self.canon.push(')');
        }
        match n {
            "6" => self.upper.push(I::M6),
            "6/9" => self.upper.extend([I::M6, I::M9]),
            _ => {
                self.seventh = Some(if self.major_seventh {
                    I::M7
                } else {
                    self.seventh.unwrap_or(I::MIN7)
                });
                match n {
                    "9" => self.upper.push(I::M9),
                    "11" => self.upper.extend([I::M9, I::P11]),
                    "13" => self.upper.extend([I::M9, I::M13]),
                    _ => {}
                }
            }
        }
        Some(())
    }

    /// `sus2` or `sus4` (`sus`) in place of the third.
    fn suspension(&mut self, cur: &mut Cursor) {
        if cur.take("sus2") {
            self.third = Some(Interval::M2);
            self.canon.push_str("sus2");
        } else if cur.take("sus4") || cur.take("sus") {
            self.third = Some(Interval::P4);
            self.canon.push_str("sus4");
        }
    }

    /// One addition (`add9`, `add11`), `alt`, or altered fifth or tension (`b5`, `#9` …);
    /// `None` when the rest reads as none of them.
    fn addition(&mut self, cur: &mut Cursor) -> Option<()> {
        use Interval as I;
        if cur.take("add9") || cur.take("add2") {
            self.upper.push(I::M9);
            self.canon.push_str("add9");
        } else if cur.take("add11") || cur.take("add4") {
            self.upper.push(I::P11);
            self.canon.push_str("add11");
        } else if cur.take("alt") {
            self.seventh = self.seventh.or(Some(I::MIN7));
            if !self.canon.contains('7') {
                self.canon.push('7');
            }
            self.canon.push_str("alt");
            self.fifth = None;
            self.upper.retain(|i| i.steps != 1 && i.steps != 5);
            self.upper.extend([I::MIN9, I::A9, I::MIN13]);
        } else {
            let (sign, degree) = ["b5", "#5", "b9", "#9", "#11", "b13"]
                .into_iter()
                .find(|a| cur.take(a))
                .map(|a| (&a[..1], &a[1..]))?;
            self.alter(sign, degree);
        }
        Some(())
    }

    /// An altered fifth or tension replacing the natural one (`C7b9`; `Cb5` is just a triad).
    fn alter(&mut self, sign: &str, degree: &str) {
        use Interval as I;
        self.canon.push_str(sign);
        self.canon.push_str(degree);
        let (natural, altered) = match (sign, degree) {
            ("b", "5") | ("#", "5") => {
                self.fifth = Some(if sign == "b" { I::D5 } else { I::A5 });
                return;
            }
            ("b", "9") => (I::M9, I::MIN9),
            (_, "9") => (I::M9, I::A9),
            (_, "11") => (I::P11, I::A11),
            _ => (I::M13, I::MIN13),
        };
        self.upper.retain(|i| *i != natural);
        self.upper.push(altered);
    }

    /// The canonical suffix and the intervals from the root, third to upper tensions.
    fn finish(self) -> (String, Vec<Interval>) {
        let mut intervals = vec![Interval::P1];
        intervals.extend(self.third);
        intervals.extend(self.fifth);
        intervals.extend(self.seventh);
        intervals.extend(self.upper);
        (self.canon, intervals)
    }
}

impl FromStr for Chord {
    type Err = ChordError;

    fn from_str(s: &str) -> Result<Chord, ChordError> {
        let s = s.trim();
        let (body, bass) = match s.rfind('/') {
            // `C6/9` is a quality, not a bass.
            Some(i) if !s[..i].ends_with('6') || s[i + 1..].parse::<u8>().is_err() => {
                (&s[..i], Some(&s[i + 1..]))
            }
            _ => (s, None),
        };
        let full = body
            .char_indices()
            .skip(1)
            .find(|(_, c)| !matches!(c, '#' | 'b' | '♯' | '♭'))
            .map_or(body.len(), |(i, _)| i);
        // Every accidental after the letter belongs to the root (`Bb9` is B-flat nine, `Bb5`
        // a B-flat power chord); only when the rest is then no chord quality does a last `b`
        // start the quality instead.
        let read = |root_len: usize| {
            let root: Note = body[..root_len].parse().ok()?;
            let (canon, intervals) = quality(&normalize(&body[root_len..]))?;
            Some((root, canon, intervals))
        };
        let (root, canon, intervals) = match read(full) {
            Some(r) => r,
            None if full > 1 && body[..full].ends_with('b') => {
                read(full - 1).ok_or_else(|| ChordError::Unknown {
                    read: body[..full].to_string(),
                    rest: body[full..].to_string(),
                })?
            }
            None => {
                body[..full]
                    .parse::<Note>()
                    .map_err(|_| ChordError::NoRoot)?;
                return Err(ChordError::Unknown {
                    read: body[..full].to_string(),
                    rest: body[full..].to_string(),
                });
            }
        };
        let bass = match bass {
            Some(b) => Some(b.parse().map_err(|_| ChordError::BadBass(b.to_string()))?),
            None => None,
        };
        Ok(Chord {
            root,
            suffix: canon,
            intervals,
            bass,
        })
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.root, self.suffix)?;
        if let Some(b) = self.bass {
            write!(f, "/{b}")?;
        }
        Ok(())
    }
}

impl Chord {
    /// The chord's notes, spelled from the root (the bass first if it is not a chord tone).
    pub fn tones(&self) -> Vec<Note> {
        let mut tones: Vec<Note> = self.intervals.iter().map(|&i| self.root.up(i)).collect();
        if let Some(b) = self.bass {
            if !tones.iter().any(|t| t.pitch_class() == b.pitch_class()) {
                tones.insert(0, b);
            }
        }
        tones
    }

    /// Pitch classes of the tones, sorted, without repeats.
    pub fn pitch_classes(&self) -> Vec<u8> {
        let mut pcs: Vec<u8> = self.tones().iter().map(|n| n.pitch_class()).collect();
        pcs.sort_unstable();
        pcs.dedup();
        pcs
    }

    /// True if the pitch class is one of the chord's tones.
    pub fn contains_pitch_class(&self, pc: u8) -> bool {
        self.tones().iter().any(|n| n.pitch_class() == pc)
    }

    /// The chord tones a note of pitch class `pc` leans on: a non-chord tone a semitone from
    /// a chord tone (F over C major leans on E; A♭ over G7 on G) wants to resolve by step.
    /// Empty for chord tones and for tensions a whole step from every chord tone (a 9th).
    pub fn leaned_on(&self, pc: u8) -> Vec<Note> {
        if self.contains_pitch_class(pc) {
            return Vec::new();
        }
        self.tones()
            .into_iter()
            .filter(|t| {
                let d = (i32::from(t.pitch_class()) - i32::from(pc)).rem_euclid(12);
                d == 1 || d == 11
            })
            .collect()
    }

    fn has(&self, i: Interval) -> bool {
        self.intervals.contains(&i)
    }
}

/// Scales that fit a chord, best first (chord–scale theory).
pub fn chord_scales(chord: &Chord) -> Vec<Scale> {
    use Interval as I;
    use ScaleKind as K;
    let kinds: &[ScaleKind] = if chord.suffix.contains("alt") {
        &[K::Altered]
    } else if chord.has(I::D7) {
        &[K::DiminishedWholeHalf]
    } else if chord.has(I::MIN3) && chord.has(I::D5) {
        &[K::Locrian]
    } else if chord.has(I::MIN3) && chord.has(I::M7) {
        &[K::MelodicMinor, K::HarmonicMinor]
    } else if chord.has(I::MIN3) {
        &[K::Dorian, K::NaturalMinor, K::Phrygian, K::MinorPentatonic]
    } else if chord.has(I::MIN7) && chord.has(I::A11) {
        &[K::LydianDominant]
    } else if chord.has(I::MIN7) && chord.has(I::MIN9) {
        &[K::DiminishedHalfWhole, K::PhrygianDominant]
    } else if chord.has(I::MIN7) && chord.has(I::A5) {
        &[K::WholeTone]
    } else if chord.has(I::MIN7) {
        &[K::Mixolydian, K::BebopDominant, K::Blues]
    } else if chord.has(I::A5) {
        &[K::WholeTone]
    } else if chord.has(I::P4) && !chord.has(I::M3) {
        &[K::Mixolydian]
    } else {
        &[K::Major, K::Lydian, K::MajorPentatonic]
    };
    kinds
        .iter()
        .map(|&kind| Scale {
            tonic: chord.root,
            kind,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_roots_keep_their_flat_before_a_number() {
        assert_eq!(tones("Bb9"), "Bb D F Ab C");
        assert!(tones("Eb13").starts_with("Eb G Bb Db"));
        assert!(tones("Ab11").starts_with("Ab C Eb Gb"));
        assert_eq!(tones("Bb5"), "Bb F");
        assert_eq!(tones("Bbm7b5"), "Bb Db Fb Ab");
        assert_eq!(tones("B7b9"), "B D# F# A C");
        for s in ["Bb9", "Eb13", "Ab11", "Bb5", "Db7b9", "Gb6/9"] {
            let c: Chord = s.parse().unwrap();
            assert_eq!(c.root.to_string().len(), 2, "{s}: root {}", c.root);
            assert_eq!(c.to_string().parse::<Chord>().unwrap(), c, "{s} round trip");
        }
    }

    fn tones(s: &str) -> String {
        let c: Chord = s.parse().unwrap_or_else(|e| panic!("{s}: {e}"));
        c.tones()
            .iter()
            .map(Note::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn lead_sheet_symbols_parse_and_spell() {
        assert_eq!(tones("C"), "C E G");
        assert_eq!(tones("Cm7b5"), "C Eb Gb Bb");
        assert_eq!(tones("F#7#9"), "F# A# C# E G##");
        assert_eq!(tones("C7#9"), "C E G Bb D#");
        assert_eq!(tones("Bbmaj9"), "Bb D F A C");
        assert_eq!(tones("Dsus4"), "D G A");
        assert_eq!(tones("Ab/C"), "Ab C Eb");
        // Spelled by interval: the #9 of E is F## (players often write G).
        assert_eq!(tones("E7alt"), "E G# D F F## C");
        assert_eq!(tones("C6/9"), "C E G A D");
        assert_eq!(tones("G13"), "G B D F A E");
        assert_eq!(tones("Cdim7"), "C Eb Gb Bbb");
        assert_eq!(tones("C/D"), "D C E G");
        assert_eq!(tones("A5"), "A E");
    }

    #[test]
    fn spellings_fold_to_one_canonical_form() {
        for (input, canon) in [
            ("Cmin7", "Cm7"),
            ("C-7", "Cm7"),
            ("CΔ7", "Cmaj7"),
            ("CM7", "Cmaj7"),
            ("C°7", "Cdim7"),
            ("C°", "Cdim"),
            ("Cø", "Cm7b5"),
            ("Cø7", "Cm7b5"),
            ("CmM7", "Cm(maj7)"),
            ("Cm(maj7)", "Cm(maj7)"),
            ("C69", "C6/9"),
            ("C+", "Caug"),
            ("Caug", "Caug"),
            ("Dsus", "Dsus4"),
            ("C7(b9)", "C7b9"),
            ("Cadd9", "Cadd9"),
            ("Cmadd9", "Cmadd9"),
            ("C7sus4", "C7sus4"),
            ("C9sus4", "C9sus4"),
            ("Am7/G", "Am7/G"),
            ("D/F#", "D/F#"),
            ("C11", "C11"),
            ("Cm11", "Cm11"),
            ("Cmaj9", "Cmaj9"),
            ("C7b13", "C7b13"),
            ("C7#11", "C7#11"),
        ] {
            let c: Chord = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(c.to_string(), canon, "{input}");
            assert_eq!(
                c.to_string().parse::<Chord>().unwrap(),
                c,
                "{input} round trip"
            );
        }
        for bad in ["H7", "", "C7x", "Cmaj77777", "Cmaj", "C/H"] {
            assert!(bad.parse::<Chord>().is_err(), "{bad}");
        }
    }

    #[test]
    fn chord_scale_relations() {
        let first = |s: &str| chord_scales(&s.parse().unwrap())[0].name();
        assert_eq!(first("Dm7"), "D dorian");
        assert_eq!(first("G7"), "G mixolydian");
        assert_eq!(first("Cmaj7"), "C major");
        assert_eq!(first("Bm7b5"), "B locrian");
        assert_eq!(first("E7alt"), "E altered");
        assert_eq!(first("F7#11"), "F lydian dominant");
        assert_eq!(first("Bdim7"), "B whole-half diminished");
    }
}
