//! The key finder: letters, solfège and German names, modes, and keys given as options.

use super::fuzzy::sounds_like;
use super::lists::Mood;
use super::model::IntentError;
use super::vocabulary::{
    ACCIDENTAL_WORDS, AFTER_KEY, FOREIGN_MODES, KEY_INTRO, MODE_NAMES, SOLFEGE,
};
use super::words::{word_positions, words, Word};
use crate::style::{Family, Style};
use crate::theory::key::{Key, Mode};
use crate::theory::note::{Letter, Note};

/// How a key name was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Spelling {
    /// `A`, `F#m`, `Bb`, `E flat`.
    Letter,
    /// `la`, `mi bémol`, `fa dièse`.
    Solfege,
    /// `Es-Dur`, `fis-Moll`, `H-Moll`.
    German,
    /// `Fis`, `Cis` with no `Dur`/`Moll`.
    GermanAlone,
}

/// A key name found at a word: its tonic, the mode written with it, and the word after it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tonic {
    pub(super) note: Note,
    pub(super) mode: Option<Mode>,
    pub(super) next: usize,
    pub(super) spelling: Spelling,
    /// A lowercase single letter or a lowercase `am`/`em`: often an ordinary word.
    pub(super) ambiguous: bool,
}

fn accidental_word(word: &str) -> Option<i8> {
    ACCIDENTAL_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, a)| *a)
}

/// A mode written at `ws[j]`: `minor`, `min`, `dorian`, `harmonic minor`, `menor`, `Moll`.
fn mode_at(ws: &[Word], j: usize) -> Option<(Mode, usize)> {
    let w = ws.get(j)?.lower.as_str();
    let next = ws.get(j + 1).map(|n| n.lower.as_str());
    let minor_next = next.is_some_and(|n| sounds_like(n, "minor"));
    match w {
        "harmonic-minor" => return Some((Mode::HarmonicMinor, 1)),
        "melodic-minor" => return Some((Mode::MelodicMinor, 1)),
        "harmonic" if minor_next => return Some((Mode::HarmonicMinor, 2)),
        "melodic" if minor_next => return Some((Mode::MelodicMinor, 2)),
        _ => {}
    }
    if let Some((_, m)) = FOREIGN_MODES.iter().find(|(n, _)| *n == w) {
        return Some((*m, 1));
    }
    if w == "m" || w.chars().count() < 3 {
        return None;
    }
    if let Ok(m) = w.parse::<Mode>() {
        return Some((m, 1));
    }
    MODE_NAMES
        .iter()
        .find(|m| sounds_like(w, m))
        .and_then(|m| m.parse().ok())
        .map(|m| (m, 1))
}

/// `A`, `a`, `F#`, `Bb`, `F#m`, `Ebmin`, `Dbmaj`, `A-`: tonic and any mode glued to it.
fn letter_name(word: &Word) -> Option<(Note, Option<Mode>, usize)> {
    let mut chars = word.lower.chars();
    let letter = Letter::from_char(chars.next().filter(|c| c.is_ascii_alphabetic())?)?;
    let rest = chars.as_str();
    let original: Vec<char> = word.original.chars().collect();
    let (mut alter, mut accidental) = match rest.chars().next() {
        Some('#' | '♯') => (1, 1),
        // `Bb` but not `BB` (B.B. King).
        Some('b' | '♭') if original.get(1) != Some(&'B') => (-1, 1),
        _ => (0, 0),
    };
    let mut suffix: String = rest.chars().skip(accidental).collect();
    // Hyphenated: `E-flat`, `F-sharp-minor`, `D-major`.
    if accidental == 0 {
        for (name, a) in [("-flat", -1), ("-sharp", 1)] {
            if let Some(r) = suffix.strip_prefix(name) {
                (alter, accidental, suffix) = (a, 1, r.to_string());
                break;
            }
        }
    }
    if suffix.len() > 1 {
        if let Some(r) = suffix.strip_prefix('-') {
            suffix = r.to_string();
        }
    }
    let mode = match suffix.as_str() {
        "" => None,
        "-" => Some(Mode::Minor),
        // `Am`, not `AM` or `FM` (radio).
        "m" if original.last() == Some(&'m') => Some(Mode::Minor),
        "m" => return None,
        s => Some(s.parse::<Mode>().ok()?),
    };
    Some((Note { letter, alter }, mode, accidental))
}

fn german_name(name: &str) -> Option<Note> {
    let (letter, alter) = match name {
        "h" => (Letter::B, 0),
        "b" => (Letter::B, -1),
        "es" => (Letter::E, -1),
        "as" => (Letter::A, -1),
        n if n.len() == 1 => (Letter::from_char(n.chars().next()?)?, 0),
        n => {
            let letter = Letter::from_char(n.chars().next()?)?;
            match &n[1..] {
                "is" => (letter, 1),
                "es" => (letter, -1),
                _ => return None,
            }
        }
    };
    Some(Note { letter, alter })
}

/// A key name at `ws[i]` in any spelling, with the mode written after it.
fn tonic_at(ws: &[Word], i: usize) -> Option<Tonic> {
    let w = &ws[i];
    let mode_after = |j: usize| match mode_at(ws, j) {
        Some((m, used)) => (Some(m), j + used),
        None => (None, j),
    };
    // German: `Es-Dur`, `fis-Moll`, `B Dur`.
    if let Some((name, m)) = w.lower.split_once('-') {
        if let (Some(note), Some(mode)) = (german_name(name), german_mode(m)) {
            return Some(german(note, Some(mode), i + 1, Spelling::German));
        }
    }
    if let Some(note) = german_name(&w.lower) {
        if let Some(mode) = ws.get(i + 1).and_then(|n| german_mode(&n.lower)) {
            return Some(german(note, Some(mode), i + 2, Spelling::German));
        }
    }
    if let Some((note, glued, accidental)) = letter_name(w) {
        let mut note = note;
        let mut next = i + 1;
        if accidental == 0 && glued.is_none() {
            if let Some(a) = ws.get(next).and_then(|n| accidental_word(&n.lower)) {
                note.alter = a;
                next += 1;
            }
        }
        let (mode, next) = match glued {
            Some(m) => (Some(m), next),
            None => mode_after(next),
        };
        let lowercase = w.original.starts_with(|c: char| c.is_lowercase());
        let ambiguous =
            lowercase && (w.lower.len() == 1 || accidental == 0 && glued == Some(Mode::Minor));
        return Some(Tonic {
            note,
            mode,
            next,
            spelling: Spelling::Letter,
            ambiguous,
        });
    }
    // Solfège: `la`, `mi bémol`, `fa#`, `ré`.
    let (name, alter) = match w.lower.strip_suffix(['#', '♯']) {
        Some(n) => (n, 1),
        None => match w.lower.strip_suffix('♭') {
            Some(n) => (n, -1),
            None => (w.lower.as_str(), 0),
        },
    };
    if let Some((_, letter)) = SOLFEGE.iter().find(|(s, _)| *s == name) {
        let mut note = Note {
            letter: *letter,
            alter,
        };
        let mut next = i + 1;
        if alter == 0 {
            if let Some(a) = ws.get(next).and_then(|n| accidental_word(&n.lower)) {
                note.alter = a;
                next += 1;
            }
        }
        let (mode, next) = mode_after(next);
        return Some(Tonic {
            note,
            mode,
            next,
            spelling: Spelling::Solfege,
            ambiguous: true,
        });
    }
    // `in Fis`: German names that are no other word.
    if matches!(
        w.lower.as_str(),
        "cis" | "dis" | "fis" | "gis" | "ais" | "ges" | "des"
    ) {
        let note = german_name(&w.lower)?;
        let (mode, next) = mode_after(i + 1);
        return Some(german(note, mode, next, Spelling::GermanAlone));
    }
    None
}

fn german_mode(word: &str) -> Option<Mode> {
    match word {
        "dur" => Some(Mode::Major),
        "moll" => Some(Mode::Minor),
        _ => None,
    }
}

fn german(note: Note, mode: Option<Mode>, next: usize, spelling: Spelling) -> Tonic {
    Tonic {
        note,
        mode,
        next,
        spelling,
        ambiguous: false,
    }
}

/// Finds the key: `in X`, `key of X`, `X minor`, a capital note name such as `Bb` or `F#m`,
/// solfège after `en`/`in` or before a mode (`en mi menor`), German `B-Dur`. Returns the tonic,
/// its mode if one was written with it, and the words it took.
pub(super) fn find_key(ws: &[Word]) -> Option<(Note, Option<Mode>, std::ops::Range<usize>)> {
    let mut best: Option<(usize, Tonic, usize)> = None;
    for i in 0..ws.len() {
        let Some(t) = tonic_at(ws, i) else {
            continue;
        };
        let prev = i.checked_sub(1).map(|p| ws[p].lower.as_str());
        let introduced = prev.is_some_and(|p| KEY_INTRO.contains(&p));
        // What follows a bare name shows it is one: `in a, fast`, `en sol pour guitare`.
        let settled = t.next >= ws.len()
            || ws[t.next - 1].ends_clause
            || AFTER_KEY.contains(&ws[t.next].lower.as_str())
            || ws[t.next].lower.starts_with(|c: char| c.is_ascii_digit());
        let plausible = match t.spelling {
            Spelling::German => true,
            Spelling::GermanAlone => introduced,
            Spelling::Solfege => t.mode.is_some() || introduced && settled,
            Spelling::Letter if t.ambiguous => {
                introduced && (t.mode.is_some() || settled)
                    || t.mode.is_some() && ws[i].lower.len() == 1 && ws[i].lower != "a"
            }
            // A sentence-opening `A` is an article unless a mode follows.
            Spelling::Letter => {
                !(ws[i].original == "A" && i == 0 && ws.len() > 1 && t.mode.is_none())
            }
        };
        if !plausible {
            continue;
        }
        let strength = usize::from(introduced) * 2 + usize::from(t.mode.is_some());
        if best.is_none_or(|(s, _, _)| strength > s) {
            best = Some((strength, t, i));
        }
    }
    best.map(|(_, t, i)| (t.note, t.mode, i..t.next))
}

/// A mode named apart from the tonic (`minor blues in C`, `blues menor em Lá`).
pub(super) fn detached_mode(ws: &[Word], taken: &std::ops::Range<usize>) -> Option<(Mode, usize)> {
    (0..ws.len()).filter(|i| !taken.contains(i)).find_map(|i| {
        let w = ws[i].lower.as_str();
        let full = MODE_NAMES.contains(&w)
            || FOREIGN_MODES.iter().any(|(n, _)| *n == w)
            || matches!(
                w,
                "harmonic" | "melodic" | "harmonic-minor" | "melodic-minor"
            );
        // `minor` of `harmonic minor` is read with it.
        let after_qualifier = i > 0 && matches!(ws[i - 1].lower.as_str(), "harmonic" | "melodic");
        (full && !after_qualifier)
            .then(|| mode_at(ws, i).map(|(m, _)| (m, i)))
            .flatten()
    })
}

/// Reads a key option such as `Bb`, `F#m`, `D dorian`, `a minor`, `Es-Dur`. Strict: a key
/// that is not one is an error naming the word at fault, where it is and why (`E#####` has
/// five sharps, `locrian####` is not a mode), never rounded to a nearby key.
pub fn parse_key(text: &str) -> Result<Key, IntentError> {
    let ws = words(text);
    let bad = |i: usize, why: &str| {
        let at = word_positions(text, &ws).get(i).copied().unwrap_or(1);
        let word = ws.get(i).map_or("", |w| w.original.as_str());
        IntentError::BadKey {
            key: text.trim().to_string(),
            why: format!("`{word}` at character {at} {why}"),
        }
    };
    if ws.is_empty() {
        return Err(IntentError::BadKey {
            key: text.trim().to_string(),
            why: "there is no note name".into(),
        });
    }
    let Some(t) = tonic_at(&ws, 0) else {
        return Err(match accidentals_after_letter(&ws[0].original) {
            Some(n) if n > 1 => bad(
                0,
                &format!("has {n} sharps or flats; a key's tonic has at most one"),
            ),
            Some(_) => bad(0, "is not a note name with a mode (Am, F#m, Ebmaj)"),
            None => bad(0, "is not a note name (A to G, do re mi, Es-Dur)"),
        });
    };
    if t.spelling == Spelling::GermanAlone {
        return Err(bad(0, "is a German note name without Dur or Moll"));
    }
    if t.next != ws.len() {
        let why = if t.mode.is_none() {
            "is not a mode (major, minor, dorian, …)"
        } else {
            "is one word too many"
        };
        return Err(bad(t.next, why));
    }
    // A mode is read through typos (`dorain`), but not through signs and digits (`dorian7`).
    if let Some(i) = (1..ws.len()).find(|&i| {
        !ws[i]
            .original
            .chars()
            .all(|c| c.is_alphabetic() || c == '-')
    }) {
        return Err(bad(i, "is not a mode (major, minor, dorian, …)"));
    }
    Ok(playable_key(t.note, t.mode.unwrap_or(Mode::Major)))
}

/// The sharps and flats written after a word's note letter (`E#####` → 5), if it starts
/// with one (A–G, either case).
fn accidentals_after_letter(word: &str) -> Option<usize> {
    let mut chars = word.chars();
    chars
        .next()
        .filter(|c| matches!(c.to_ascii_uppercase(), 'A'..='G'))?;
    Some(
        chars
            .take_while(|c| matches!(c, '#' | 'b' | '♯' | '♭'))
            .count(),
    )
}

/// Keeps the spelling a musician asked for unless it needs double sharps or flats.
pub(super) fn playable_key(tonic: Note, mode: Mode) -> Key {
    let key = Key { tonic, mode };
    if key.fifths().abs() > 7 {
        Key::best_spelling(tonic.pitch_class(), mode)
    } else {
        key
    }
}

/// A key as shown: `A minor`, `D dorian`.
pub(super) fn key_name(key: &Key) -> String {
    format!("{} {}", key.tonic, key.mode.name())
}

pub(super) fn mood_mode(mood: Option<Mood>) -> Option<Mode> {
    match mood? {
        Mood::Sad | Mood::Dark | Mood::Angry => Some(Mode::Minor),
        Mood::Mysterious => Some(Mode::Dorian),
        Mood::Happy => Some(Mode::Major),
        Mood::Dreamy => Some(Mode::Lydian),
        _ => None,
    }
}

/// The key a style is most often played in (guitar and horn friendly).
pub(super) fn default_tonic(style: &Style, mode: Mode) -> Note {
    let name = match (style.family, style.id, mode) {
        (Family::Blues, ..) | (_, "hard-rock" | "grunge" | "metal", _) => "E",
        (Family::Jazz, _, Mode::Major) => "Bb",
        (_, "funk" | "afrobeat" | "modal-jazz" | "neo-soul", _) => "D",
        (Family::Celtic | Family::Country, ..) => "G",
        (Family::Flamenco, ..) => "A",
        (.., Mode::Minor | Mode::Dorian | Mode::Phrygian | Mode::Aeolian | Mode::HarmonicMinor) => {
            "A"
        }
        _ => "C",
    };
    name.parse().unwrap_or(Note {
        letter: crate::theory::note::Letter::C,
        alter: 0,
    })
}
