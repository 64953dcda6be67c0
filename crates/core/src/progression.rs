//! Chord progressions: Roman-numeral templates from each style, put in the key, fitted to the
//! requested length with a cadence at the end, varied by functional substitutions.

use crate::intent::Intent;
use crate::rng::Rng;
use crate::style::{Feel, Style};
use crate::theory::chord::Chord;
use crate::theory::interval::Interval;
use crate::theory::key::{Key, Mode};
use crate::theory::note::Note;

/// Chords bar by bar (one or two per bar).
#[derive(Clone, Debug, PartialEq)]
pub struct Progression {
    /// Each bar's chords, in order.
    pub bars: Vec<Vec<Chord>>,
}

/// Why a progression text could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProgressionError {
    /// A bar without chords.
    #[error("bar {bar} of the progression has no chord")]
    EmptyBar {
        /// 1-based bar number.
        bar: usize,
    },
    /// A bar with more chords than the composer places.
    #[error("bar {bar} has {count} chords; at most 4 per bar")]
    Crowded {
        /// 1-based bar number.
        bar: usize,
        /// How many.
        count: usize,
    },
    /// A chord symbol that does not parse.
    #[error("bar {bar}: `{symbol}` is not a chord symbol ({reason})")]
    BadChord {
        /// 1-based bar number.
        bar: usize,
        /// The text.
        symbol: String,
        /// Why.
        reason: String,
    },
    /// A Roman numeral that does not parse (a bug in a style table).
    #[error("`{0}` is not a Roman numeral chord")]
    BadNumeral(String),
}

impl Progression {
    /// Reads `"E7 | A7 | E7 B7"`: bars split by `|`, chords in a bar by spaces.
    pub fn parse(text: &str) -> Result<Progression, ProgressionError> {
        let mut bars = Vec::new();
        for (i, bar) in text.split('|').enumerate() {
            let symbols: Vec<&str> = bar.split_whitespace().collect();
            if symbols.is_empty() {
                // A trailing or doubled `|` is punctuation, not an empty bar.
                if i > 0 && bar.trim().is_empty() && text.trim_end().ends_with('|') {
                    continue;
                }
                return Err(ProgressionError::EmptyBar { bar: i + 1 });
            }
            if symbols.len() > 4 {
                return Err(ProgressionError::Crowded {
                    bar: i + 1,
                    count: symbols.len(),
                });
            }
            let chords = symbols
                .iter()
                .map(|s| {
                    s.parse::<Chord>().map_err(|e| ProgressionError::BadChord {
                        bar: i + 1,
                        symbol: s.to_string(),
                        reason: e.to_string(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            bars.push(chords);
        }
        Ok(Progression { bars })
    }

    /// The `chords` field: `"E7 | A7 | E7 B7"`.
    pub fn to_text(&self) -> String {
        self.bars
            .iter()
            .map(|b| b.iter().map(Chord::to_string).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(" | ")
    }

    /// Every chord with its bar index.
    pub fn chords(&self) -> impl Iterator<Item = (usize, &Chord)> {
        self.bars
            .iter()
            .enumerate()
            .flat_map(|(i, b)| b.iter().map(move |c| (i, c)))
    }
}

/// Major-scale intervals of the degrees I–VII, the reference for Roman numerals.
const DEGREES: [Interval; 7] = [
    Interval::P1,
    Interval::M2,
    Interval::M3,
    Interval::P4,
    Interval::P5,
    Interval::M6,
    Interval::M7,
];

/// A Roman numeral chord (`bVII7`, `ii7`, `#iv°7`, `Imaj7`, `V9sus4`) in a key. Numerals count
/// from the major scale of the tonic, as jazz and pop charts do (`bIII` in A minor is C).
pub fn roman_chord(key: &Key, numeral: &str) -> Result<Chord, ProgressionError> {
    let bad = || ProgressionError::BadNumeral(numeral.to_string());
    let (shift, rest) = match numeral.as_bytes().first() {
        Some(b'b') => (-1i8, &numeral[1..]),
        Some(b'#') => (1, &numeral[1..]),
        _ => (0, numeral),
    };
    const NUMERALS: [(&str, usize); 7] = [
        ("VII", 6),
        ("III", 2),
        ("VI", 5),
        ("IV", 3),
        ("II", 1),
        ("V", 4),
        ("I", 0),
    ];
    let upper = rest.to_ascii_uppercase();
    let &(name, degree) = NUMERALS
        .iter()
        .find(|(n, _)| upper.starts_with(n))
        .ok_or_else(bad)?;
    let written = &rest[..name.len()];
    let major = written.chars().all(|c| c.is_ascii_uppercase());
    let suffix = &rest[name.len()..];
    let mut root = key.tonic.up(DEGREES[degree]);
    root = Note {
        letter: root.letter,
        alter: root.alter + shift,
    };
    if shift != 0 {
        root = simplest_spelling(root);
    }
    let quality = match (major, suffix) {
        (true, s) => match s {
            "°7" => "dim7".to_string(),
            "+" => "aug".to_string(),
            s => s.to_string(),
        },
        (false, "") => "m".to_string(),
        (false, "°") => "dim".to_string(),
        (false, "°7") => "dim7".to_string(),
        (false, "ø7") => "m7b5".to_string(),
        (false, "5") => "5".to_string(),
        (false, "maj7") => "m(maj7)".to_string(),
        (false, s) => format!("m{s}"),
    };
    format!("{root}{quality}").parse().map_err(|_| bad())
}

/// A chromatic root as charts spell it: never a double accidental, E#, B#, Cb or Fb (`E7`,
/// not `Fb7`, for the tritone substitute in Eb).
fn simplest_spelling(n: Note) -> Note {
    use crate::theory::note::Letter;
    let awkward = n.alter.abs() > 1
        || matches!(
            (n.letter, n.alter),
            (Letter::E | Letter::B, 1) | (Letter::C | Letter::F, -1)
        );
    if !awkward {
        return n;
    }
    let pc = i32::from(n.pitch_class());
    // A natural if there is one; else one accidental in the direction the spelling came from.
    let with = |alter: i32| {
        (0..7)
            .map(Letter::from_index)
            .find(|l| (i32::from(l.semitone()) + alter).rem_euclid(12) == pc)
    };
    if let Some(letter) = with(0) {
        return Note::natural(letter);
    }
    let alter = if n.alter < 0 { -1 } else { 1 };
    with(alter).map_or(n, |letter| Note {
        letter,
        alter: alter as i8,
    })
}

/// Progressions written for each mode family, for styles whose own templates are written for
/// another mode: a dorian vamp keeps its major IV, mixolydian its flat VII, phrygian its flat
/// II, harmonic minor its dominant seventh — never a major template relabelled.
fn mode_templates(mode: Mode) -> &'static [&'static str] {
    match mode {
        Mode::Major | Mode::Ionian => &["I | vi | IV | V", "I | IV | V | I", "I | V | vi | IV"],
        Mode::Lydian => &["Imaj7 | II | Imaj7 | II", "I | II | vii | I"],
        Mode::Mixolydian => &[
            "I | bVII | IV | I",
            "I7 | bVII | IV | I7",
            "I | I | bVII | IV",
        ],
        Mode::Minor | Mode::Aeolian => &[
            "i | bVI | bIII | bVII",
            "i | iv | bVII | i",
            "i | bVII | bVI | bVII",
        ],
        Mode::Dorian => &[
            "i7 | IV7 | i7 | IV7",
            "i7 | i7 | IV7 | IV7",
            "i7 | ii7 | bIIImaj7 | IV7",
        ],
        Mode::Phrygian => &[
            "i | bII | i | bII",
            "i | bII | bIII | bII",
            "i | bvii | bVI | bII",
        ],
        Mode::HarmonicMinor => &["i | iv | V7 | i", "i | bVI | V7 | i", "i | iv | bVI | V7"],
        Mode::MelodicMinor => &["i(maj7) | IV7 | i(maj7) | IV7", "i6 | IV7 | i6 | V7"],
        Mode::Locrian => &["i° | bII | i° | bII", "i° | bV | bII | i°"],
    }
}

/// Whether a chord may leave the mode's scale: an applied dominant (a dominant seventh, also
/// a tritone substitute), a diminished seventh or an altered chord, which the melody meets
/// with the chord's own scale.
fn may_leave_the_mode(chord: &Chord) -> bool {
    let dominant = chord.suffix.starts_with('7')
        || chord.suffix.starts_with('9')
        || chord.suffix.starts_with("13")
        || chord.suffix.contains("alt");
    dominant || chord.suffix == "dim7"
}

/// Whether a numeral names the tonic chord (`I`, `i7`, `Imaj7`; not `II`, `iv` or `bI`).
fn is_tonic_numeral(numeral: &str) -> bool {
    let bare = numeral.trim_start_matches(['b', '#']);
    !numeral.starts_with(['b', '#'])
        && (bare.starts_with('I') || bare.starts_with('i'))
        && !bare[1..].starts_with(['I', 'V', 'i', 'v'])
}

/// Whether a template, put in `key`, is written for the key's mode: its tonic chord has the
/// mode's quality and every other chord stays in the mode's scale unless it may leave it. A
/// major or minor key allows one borrowed tone a chord (the ♭VII of rock, the major V of
/// minor); a modal key none, so the mode's colour is heard (A–G–D, not A–E, in A mixolydian).
/// A vamp that never plays its tonic chord names the key by its tones alone, so it borrows
/// none: ii–V is A major's vamp (Bm–E), not A minor's.
pub fn fits_mode(template: &str, key: &Key) -> bool {
    let scale = key.scale();
    let mut chords = template.split(['|', ' ']).filter(|n| !n.is_empty());
    let plays_tonic = chords.clone().any(is_tonic_numeral);
    let borrowed = usize::from(
        plays_tonic
            && matches!(
                key.mode,
                Mode::Major
                    | Mode::Ionian
                    | Mode::Minor
                    | Mode::Aeolian
                    | Mode::HarmonicMinor
                    | Mode::MelodicMinor
            ),
    );
    chords.all(|numeral| {
        let Ok(chord) = roman_chord(key, numeral) else {
            return false;
        };
        let is_tonic = is_tonic_numeral(numeral);
        let minor_third = numeral.trim_start_matches(['b', '#']).starts_with('i');
        if is_tonic && !key.mode.takes_tonic(minor_third) {
            return false;
        }
        // Flamenco's major tonic in phrygian borrows its one tone (G♯ in E phrygian).
        let spanish_tonic = is_tonic && key.mode.is_minor() && !minor_third;
        let outside = chord
            .tones()
            .iter()
            .filter(|n| !scale.contains_pitch_class(n.pitch_class()))
            .count();
        outside <= borrowed.max(usize::from(spanish_tonic)) || may_leave_the_mode(&chord)
    })
}

/// The templates of a style written for the key's mode, else the mode family's own.
fn templates(style: &Style, key: &Key) -> Vec<String> {
    let own: Vec<String> = style
        .progressions
        .iter()
        .filter(|t| fits_mode(t, key))
        .map(|t| t.to_string())
        .collect();
    if own.is_empty() {
        mode_templates(key.mode)
            .iter()
            .map(|t| t.to_string())
            .collect()
    } else {
        own
    }
}

/// Splits a template into bars of numerals.
fn template_bars(template: &str) -> Vec<Vec<&str>> {
    template
        .split('|')
        .map(|b| b.split_whitespace().collect())
        .collect()
}

/// A progression for the intent: a style template in the key, fitted to the length.
pub fn generate(intent: &Intent, rng: &mut Rng) -> Progression {
    let all = templates(intent.style, &intent.key);
    // Whole forms only when one fits (a 12-bar blues is not an 8-bar blues and a half).
    let fitting: Vec<&String> = all
        .iter()
        .filter(|t| intent.bars as usize % t.split('|').count() == 0)
        .collect();
    let options: Vec<&String> = if fitting.is_empty() {
        all.iter().collect()
    } else {
        fitting
    };
    let template = options[rng.below(options.len())];
    let bars = template_bars(template);
    let home = bars[0][0];
    let n = intent.bars as usize;
    let mut numerals: Vec<Vec<String>> = (0..n)
        .map(|i| bars[i % bars.len()].iter().map(|s| s.to_string()).collect())
        .collect();
    substitute(&mut numerals, intent.style, rng);
    cadence(&mut numerals, home, bars.len(), intent.key.mode);
    let chords = numerals
        .iter()
        .map(|bar| {
            bar.iter()
                .map(|num| {
                    roman_chord(&intent.key, num).unwrap_or_else(|_| tonic_chord(&intent.key))
                })
                .collect()
        })
        .collect();
    Progression { bars: chords }
}

fn tonic_chord(key: &Key) -> Chord {
    let quality = if key.mode.is_minor() { "m" } else { "" };
    format!("{}{quality}", key.tonic)
        .parse()
        .expect("a plain triad always parses")
}

/// Seeded functional substitutions, each idiomatic for some styles.
fn substitute(bars: &mut [Vec<String>], style: &Style, rng: &mut Rng) {
    let jazzy = style.feel == Feel::Swing && !style.id.contains("blues");
    for bar in bars.iter_mut() {
        for chord in bar.iter_mut() {
            // Tritone substitution of a dominant in jazz.
            if jazzy && chord == "V7" && rng.chance(25) {
                *chord = "bII7".into();
            }
            // Pop and rock: the ii for the IV now and then.
            if matches!(style.id, "pop" | "indie" | "folk" | "soul")
                && chord == "IV"
                && rng.chance(15)
            {
                *chord = "ii".into();
            }
        }
    }
    // Jazz: a secondary dominant into a ii chord sometimes replaces the chord before it.
    if jazzy {
        for i in 1..bars.len() {
            if bars[i].first().is_some_and(|c| c == "ii7")
                && bars[i - 1].len() == 1
                && bars[i - 1][0] != "ii7"
                && rng.chance(30)
            {
                bars[i - 1] = vec!["VI7".into()];
            }
        }
    }
}

/// Ends the progression at home: a form cut short gets a dominant and the tonic.
fn cadence(bars: &mut [Vec<String>], home: &str, form_len: usize, mode: Mode) {
    let n = bars.len();
    if n % form_len == 0 {
        return; // whole forms end with their own cadence or turnaround
    }
    let dominant = if matches!(mode, Mode::Dorian | Mode::Mixolydian | Mode::Phrygian) {
        None // modal music avoids the leading tone: no V–I
    } else {
        Some("V7".to_string())
    };
    bars[n - 1] = vec![home.to_string()];
    if let (Some(d), true) = (dominant, n >= 3) {
        bars[n - 2] = vec![d];
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
    fn numerals_spell_chords_in_the_key() {
        let e = key("E", Mode::Major);
        let names: Vec<String> = [
            "I7", "IV7", "V7", "bVII", "ii7", "#iv°7", "Imaj7", "vi", "bII7",
        ]
        .iter()
        .map(|n| roman_chord(&e, n).unwrap().to_string())
        .collect();
        assert_eq!(
            names,
            ["E7", "A7", "B7", "D", "F#m7", "A#dim7", "Emaj7", "C#m", "F7"]
        );
        let a = key("A", Mode::Minor);
        let names: Vec<String> = ["i", "bVII", "bVI", "V", "iv7", "ii°"]
            .iter()
            .map(|n| roman_chord(&a, n).unwrap().to_string())
            .collect();
        assert_eq!(names, ["Am", "G", "F", "E", "Dm7", "Bdim"]);
        assert!(roman_chord(&a, "X7").is_err());
        // Chromatic chords are spelled as charts spell them: E7, not Fb7, in Eb.
        assert_eq!(
            roman_chord(&key("Eb", Mode::Major), "bII7")
                .unwrap()
                .to_string(),
            "E7"
        );
        assert_eq!(
            roman_chord(&key("B", Mode::Major), "#iv°7")
                .unwrap()
                .to_string(),
            "Fdim7"
        );
    }

    #[test]
    fn progression_text_round_trips() {
        let p = Progression::parse("E7 | A7 | E7 B7 |").unwrap();
        assert_eq!(p.bars.len(), 3);
        assert_eq!(p.to_text(), "E7 | A7 | E7 B7");
        assert!(Progression::parse("E7 || A7").is_err());
        assert!(matches!(
            Progression::parse("E7 | H9"),
            Err(ProgressionError::BadChord { bar: 2, .. })
        ));
    }

    #[test]
    fn templates_are_chosen_for_the_mode_not_relabelled() {
        let a_minor = key("A", Mode::Minor);
        // A major-key template (vi–ii–I–V) is not an A minor progression.
        assert!(!fits_mode("vi | ii | I | V", &a_minor));
        assert!(!fits_mode("iii7 | VI7 | ii7 | V7", &a_minor));
        assert!(fits_mode("i | bVI | bIII | bVII", &a_minor));
        // Applied dominants may leave the key: V7 in minor, VI7 before ii7 in major.
        assert!(fits_mode("i | iv | V7 | i", &a_minor));
        assert!(fits_mode("Imaj7 | VI7 | ii7 | V7", &key("F", Mode::Major)));
        let d_dorian = key("D", Mode::Dorian);
        assert!(fits_mode("i7 | IV7 | i7 | IV7", &d_dorian));
        assert!(
            !fits_mode("I | IV | V | I", &d_dorian),
            "a major tonic is not dorian"
        );
        assert!(!fits_mode(
            "ii9 | V9 | Imaj9 | vi9",
            &key("Eb", Mode::Dorian)
        ));
        assert!(fits_mode("I | bVII | IV | I", &key("G", Mode::Mixolydian)));
        // A major template's V (with the leading tone) is not mixolydian.
        assert!(!fits_mode("vi | IV | I | V", &key("A", Mode::Mixolydian)));
        // Every mode has templates of its own that fit it.
        for mode in [
            Mode::Major,
            Mode::Minor,
            Mode::Dorian,
            Mode::Phrygian,
            Mode::Lydian,
            Mode::Mixolydian,
            Mode::Aeolian,
            Mode::Locrian,
            Mode::HarmonicMinor,
            Mode::MelodicMinor,
        ] {
            for t in mode_templates(mode) {
                assert!(fits_mode(t, &key("C", mode)), "{t} in C {mode:?}");
            }
        }
    }
}
