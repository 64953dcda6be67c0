//! Values of the fields that change how music is read: `K:`, `M:`, `L:`, `Q:`, `V:`.

use crate::syntax::{KeySpec, KeyTonic, MeterSpec, Mode, Modifiers, TempoSpec, VoiceSpec};
use crate::{Frac, Severity};
use jamsesh_theory::key::Key;
use jamsesh_theory::note::{Letter, Note};
use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::{char, digit1, one_of};
use nom::combinator::{map_opt, map_res, opt};
use nom::multi::separated_list1;
use nom::sequence::preceded;
use nom::{IResult, Parser};

/// Largest number accepted in a field fraction; bounds exact-time arithmetic.
const MAX_FIELD_NUMBER: u32 = 4096;

/// Reads a bounded decimal number.
pub(crate) fn number(i: &str) -> IResult<&str, u32> {
    map_res(digit1, |d: &str| match d.parse::<u32>() {
        Ok(n) if n <= MAX_FIELD_NUMBER => Ok(n),
        _ => Err("number too large"),
    })
    .parse(i)
}

/// `n/d` (or just `n`), both positive.
fn fraction(i: &str) -> IResult<&str, Frac> {
    let (i, n) = number(i)?;
    let (i, d) = opt(preceded(char('/'), number)).parse(i)?;
    let d = d.unwrap_or(1);
    if n == 0 || d == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((i, Frac::new(i64::from(n), i64::from(d))))
}

/// Parses the text of an `L:` field.
pub fn unit_length(text: &str) -> Result<Frac, String> {
    match fraction(text.trim()) {
        Ok(("", f)) => Ok(f),
        _ => Err(format!(
            "unit note length `{}` is not a fraction such as 1/8",
            text.trim()
        )),
    }
}

/// Parses the text of an `M:` field.
pub fn meter(text: &str) -> Result<MeterSpec, String> {
    let t = text.trim();
    match t {
        "" | "none" | "None" | "NONE" => return Ok(MeterSpec::Free),
        "C" => return Ok(MeterSpec::Common),
        "C|" => return Ok(MeterSpec::Cut),
        _ => {}
    }
    // Essen collections write free rhythm as `FREI4/4`.
    if t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("frei")) {
        return Ok(MeterSpec::Free);
    }
    // Complex meters such as `(2+3)/8` or `3/4 2/4`: the first fraction counts.
    let cleaned: String = t.chars().filter(|c| !matches!(c, '(' | ')')).collect();
    let first = cleaned.split_whitespace().next().unwrap_or("");
    let parsed: IResult<&str, (Vec<u32>, u32)> = (
        separated_list1(char('+'), number),
        preceded(char('/'), number),
    )
        .parse(first);
    match parsed {
        Ok(("", (numerators, denominator)))
            if denominator > 0 && numerators.iter().all(|&n| n > 0) =>
        {
            Ok(MeterSpec::Fraction {
                numerators,
                denominator,
            })
        }
        _ => Err(format!(
            "meter `{t}` is not C, C|, none or a fraction such as 6/8"
        )),
    }
}

/// Parses the text of a `Q:` field.
pub fn tempo(text: &str) -> Result<TempoSpec, String> {
    let mut rest = text.trim();
    let mut spec = TempoSpec {
        text_before: None,
        beats: Vec::new(),
        bpm: None,
        text_after: None,
    };
    if let Some((quoted, after)) = take_quoted(rest) {
        spec.text_before = Some(quoted.to_string());
        rest = after.trim_start();
    }
    if !rest.is_empty() && !rest.starts_with('"') {
        let end = rest.find('"').unwrap_or(rest.len());
        let (beat_text, after) = rest.split_at(end);
        let beat_text = beat_text.trim();
        if let Some((beats, bpm)) = beat_text.split_once('=') {
            for b in beats.split_whitespace() {
                spec.beats.push(beat_length(b)?);
            }
            spec.bpm = Some(parse_bpm(bpm)?);
        } else {
            spec.bpm = Some(parse_bpm(beat_text)?);
        }
        rest = after.trim_start();
    }
    if let Some((quoted, after)) = take_quoted(rest) {
        spec.text_after = Some(quoted.to_string());
        rest = after.trim_start();
    }
    if !rest.is_empty() {
        return Err(format!("unexpected `{rest}` in tempo"));
    }
    if spec.text_before.is_none() && spec.bpm.is_none() {
        return Err("empty tempo".into());
    }
    Ok(spec)
}

/// A tempo beat: `1/4`, or the old letters `C` (crotchet) with an optional multiplier.
fn beat_length(b: &str) -> Result<Frac, String> {
    if let Some(mult) = b.strip_prefix('C').or_else(|| b.strip_prefix('c')) {
        let m = if mult.is_empty() {
            1
        } else {
            mult.parse::<u32>()
                .ok()
                .filter(|&m| (1..=MAX_FIELD_NUMBER).contains(&m))
                .ok_or_else(|| format!("tempo beat `{b}` is not understood"))?
        };
        return Ok(Frac::new(i64::from(m), 4));
    }
    match fraction(b) {
        Ok(("", f)) => Ok(f),
        _ => Err(format!("tempo beat `{b}` is not a fraction such as 1/4")),
    }
}

fn parse_bpm(t: &str) -> Result<u32, String> {
    t.trim()
        .parse::<u32>()
        .ok()
        .filter(|&n| (1..=2000).contains(&n))
        .ok_or_else(|| {
            format!(
                "tempo `{}` is not a number of beats per minute (1–2000)",
                t.trim()
            )
        })
}

/// Splits `"text" rest` into `text` and `rest`.
fn take_quoted(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_prefix('"')?;
    let end = inner.find('"')?;
    Some((&inner[..end], &inner[end + 1..]))
}

/// Splits on whitespace outside double quotes.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut in_quotes = false;
    for (i, c) in s.char_indices() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if c.is_whitespace() && !in_quotes {
            if let Some(st) = start.take() {
                out.push(&s[st..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

const CLEF_NAMES: [&str; 5] = ["treble", "bass", "alto", "tenor", "perc"];

/// `name=value` or a bare clef name (`bass`, `treble-8`, `alto1`), as a modifier pair. Names
/// are words; values are plain or wholly in double quotes, so they print back unchanged.
fn modifier(token: &str) -> Option<(String, String)> {
    if let Some((name, value)) = token.split_once('=') {
        let is_word = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            Some(inner) if !inner.contains('"') => inner,
            _ if !value.contains('"') && !value.contains(char::is_whitespace) => value,
            _ => return None,
        };
        return is_word.then(|| (name.to_ascii_lowercase(), value.to_string()));
    }
    let lower = token.to_ascii_lowercase();
    let base = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    CLEF_NAMES
        .contains(&base)
        .then(|| ("clef".to_string(), token.to_string()))
}

/// Parses a mode word (`m`, `min`, `Minor`, `dor`, `MIXOLYDIAN` …); three letters are significant.
fn mode_word(word: &str) -> Option<Mode> {
    let w = word.to_ascii_lowercase();
    if w == "m" {
        return Some(Mode::Minor);
    }
    if w.len() < 3 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(match &w[..3] {
        "maj" => Mode::Major,
        "min" => Mode::Minor,
        "ion" => Mode::Ionian,
        "dor" => Mode::Dorian,
        "phr" => Mode::Phrygian,
        "lyd" => Mode::Lydian,
        "mix" => Mode::Mixolydian,
        "aeo" => Mode::Aeolian,
        "loc" => Mode::Locrian,
        _ => return None,
    })
}

/// Parses `A`–`G` with an optional `#` or `b`, returning the rest of the token.
pub(crate) fn note_name(i: &str) -> IResult<&str, Note> {
    let (i, letter) = map_opt(one_of("ABCDEFG"), Letter::from_char).parse(i)?;
    let (i, acc) = opt(alt((tag("##"), tag("bb"), tag("#"), tag("b")))).parse(i)?;
    let alter = match acc {
        Some("#") => 1,
        Some("##") => 2,
        Some("b") => -1,
        Some("bb") => -2,
        _ => 0,
    };
    Ok((i, Note { letter, alter }))
}

/// A mode written as a word of its own after a tonic (`K:D dorian`, `K:A minor`): it replaces
/// the major the tonic alone gave, and the word is consumed.
fn take_mode_word(tonic: &mut KeyTonic, rest: &mut &[&str]) {
    if let (KeyTonic::Tonic(key), Some(word)) = (tonic, rest.first()) {
        if let Some(mode) = mode_word(word).filter(|_| key.mode == Mode::Major) {
            key.mode = mode;
            *rest = &rest[1..];
        }
    }
}

/// An accidental of a key signature: `^f`, `__b`, `=c`.
/// Accidentals written one after another with no space (`^f^c`, `=c`); None if the text is
/// anything else.
fn glued_accidentals(text: &str) -> Option<Vec<(i8, char)>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let signs = rest
            .find(|c: char| !matches!(c, '^' | '_' | '='))
            .unwrap_or(rest.len());
        let letter = rest[signs..].chars().next()?;
        let end = signs + letter.len_utf8();
        out.push(key_accidental(&rest[..end])?);
        rest = &rest[end..];
    }
    (!out.is_empty()).then_some(out)
}

fn key_accidental(token: &str) -> Option<(i8, char)> {
    let (rest, acc) = alt((
        tag::<_, _, ()>("^^"),
        tag("__"),
        tag("^"),
        tag("_"),
        tag("="),
    ))
    .parse(token)
    .ok()?;
    let mut chars = rest.chars();
    let letter = chars.next()?.to_ascii_lowercase();
    if chars.next().is_some() || !('a'..='g').contains(&letter) {
        return None;
    }
    let alter = match acc {
        "^^" => 2,
        "^" => 1,
        "=" => 0,
        "_" => -1,
        _ => -2,
    };
    Some((alter, letter))
}

/// Parses the text of a `K:` field. Unknown words are warnings; a tonic with more
/// accidentals than a double sharp or flat (`E#####`, `Cbbbb`) or a mode word with anything
/// but letters after it (`locrian####`) is an error, and the key is left as it was rather
/// than guessed (`E#####` is not F major).
pub fn key_checked(text: &str) -> (KeySpec, Vec<(Severity, String)>) {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut spec = KeySpec {
        tonic: KeyTonic::Unchanged,
        explicit: false,
        accidentals: Vec::new(),
        modifiers: Modifiers::default(),
    };
    let toks = tokens(text.trim());
    let mut rest = toks.as_slice();
    if let Some(first) = rest.first() {
        let mut consumed = true;
        match *first {
            "HP" => {
                spec.tonic = KeyTonic::HighlandPipes {
                    show_signature: false,
                }
            }
            "Hp" => {
                spec.tonic = KeyTonic::HighlandPipes {
                    show_signature: true,
                }
            }
            t if t.eq_ignore_ascii_case("none") => spec.tonic = KeyTonic::None,
            t => match note_name(t) {
                Ok((after, _)) if after.starts_with(['#', 'b']) => {
                    problems.push((
                        Severity::Error,
                        format!(
                            "key `{t}` has more accidentals than a double sharp or flat; \
                             the key is left unchanged"
                        ),
                    ));
                }
                Ok((after, name)) if !after.chars().all(|c| c.is_alphabetic()) => {
                    // Accidentals may be written glued to the key (`K:C^f^c`, `K:Dmix=c`).
                    let split = after
                        .find(|c: char| !c.is_alphabetic())
                        .unwrap_or(after.len());
                    let (word, glued) = after.split_at(split);
                    let mode = if word.is_empty() {
                        Some(Mode::Major)
                    } else {
                        mode_word(word)
                    };
                    match (mode, glued_accidentals(glued)) {
                        (Some(mode), Some(accidentals)) => {
                            spec.tonic = KeyTonic::Tonic(Key { tonic: name, mode });
                            spec.accidentals.extend(accidentals);
                        }
                        _ => problems.push((
                            Severity::Error,
                            format!(
                                "`{after}` in key `{t}` is not a mode; the key is left unchanged"
                            ),
                        )),
                    }
                }
                Ok((after, name)) => {
                    let (mode, rest_ok) = if after.is_empty() {
                        (Mode::Major, true)
                    } else {
                        mode_word(after).map_or((Mode::Major, false), |m| (m, true))
                    };
                    if !rest_ok {
                        warnings.push(format!("unknown mode `{after}` in key `{t}`; using major"));
                    }
                    spec.tonic = KeyTonic::Tonic(Key { tonic: name, mode });
                }
                Err(_) => consumed = false,
            },
        }
        if consumed {
            rest = &rest[1..];
        }
    }
    take_mode_word(&mut spec.tonic, &mut rest);
    for tok in rest {
        if tok.eq_ignore_ascii_case("exp") {
            spec.explicit = true;
        } else if let Some(acc) = key_accidental(tok) {
            spec.accidentals.push(acc);
        } else if let Some(pair) = modifier(tok) {
            spec.modifiers.pairs.push(pair);
        } else if looks_like_mode(tok) {
            problems.push((
                Severity::Error,
                format!("`{tok}` in key field is not a mode (a mode word is letters only)"),
            ));
        } else {
            warnings.push(format!("ignored `{tok}` in key field"));
        }
    }
    problems.extend(warnings.into_iter().map(|w| (Severity::Warning, w)));
    (spec, problems)
}

/// A mode word with something glued on (`locrian####`, `dor7`): a typo to report, not ignore.
fn looks_like_mode(tok: &str) -> bool {
    let letters: String = tok
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    letters.len() < tok.len() && mode_word(&letters).is_some_and(|_| letters.len() >= 3)
}

/// Parses the text of a `V:` field.
pub fn voice(text: &str) -> Result<VoiceSpec, String> {
    let toks = tokens(text.trim());
    let (id, rest) = toks
        .split_first()
        .ok_or_else(|| "voice field without an id".to_string())?;
    let mut modifiers = Modifiers::default();
    for tok in rest {
        match modifier(tok) {
            Some(pair) => modifiers.pairs.push(pair),
            // A bare word is kept; a stray quote would not print back the same, so it goes.
            None if !tok.contains('"') => modifiers.pairs.push(("".into(), tok.to_string())),
            None => {}
        }
    }
    Ok(VoiceSpec {
        id: id.to_string(),
        modifiers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `K:` field and its problems as messages.
    fn key(text: &str) -> (KeySpec, Vec<String>) {
        let (spec, problems) = key_checked(text);
        (spec, problems.into_iter().map(|(_, m)| m).collect())
    }

    fn tonic(text: &str) -> (char, i8, Mode) {
        match key(text).0.tonic {
            KeyTonic::Tonic(k) => (k.tonic.letter.to_char(), k.tonic.alter, k.mode),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn keys_with_too_many_accidentals_or_glued_modes_are_errors() {
        for text in [
            "E##### locrian####",
            "Cbbbb",
            "F#dor7",
            "D locrian####",
            "Dmix=",
            "C^^",
        ] {
            let (spec, problems) = key_checked(text);
            assert!(
                problems.iter().any(|(s, _)| *s == Severity::Error),
                "{text}: {problems:?}"
            );
            if text.starts_with(['E', 'C']) {
                assert_eq!(spec.tonic, KeyTonic::Unchanged, "{text}");
            }
        }
        for text in [
            "Ebb",
            "F#m",
            "D dorian",
            "Bbmix",
            "C exp ^f _b",
            // Accidentals glued to the key, as real collections write them.
            "C^f^c^a",
            "Dmix=c",
            "Hp",
            "none",
        ] {
            let (_, problems) = key_checked(text);
            assert!(problems.is_empty(), "{text}: {problems:?}");
        }
    }

    #[test]
    fn keys_in_every_spelling() {
        assert_eq!(tonic("G"), ('G', 0, Mode::Major));
        assert_eq!(tonic("F#m"), ('F', 1, Mode::Minor));
        assert_eq!(tonic("Bbmix"), ('B', -1, Mode::Mixolydian));
        assert_eq!(tonic("D dorian"), ('D', 0, Mode::Dorian));
        assert_eq!(tonic("A Minor"), ('A', 0, Mode::Minor));
        assert_eq!(tonic("Ebmaj"), ('E', -1, Mode::Major));
        assert_eq!(
            key("HP").0.tonic,
            KeyTonic::HighlandPipes {
                show_signature: false
            }
        );
        assert_eq!(key("none").0.tonic, KeyTonic::None);
        let (d, w) = key("D exp ^c _b clef=bass octave=-1");
        assert!(w.is_empty(), "{w:?}");
        assert!(d.explicit);
        assert_eq!(d.accidentals, vec![(1, 'c'), (-1, 'b')]);
        assert_eq!(d.modifiers.get("clef"), Some("bass"));
        assert_eq!(d.modifiers.get("octave"), Some("-1"));
        assert_eq!(key("clef=alto").0.tonic, KeyTonic::Unchanged);
        assert_eq!(key("Am treble").0.modifiers.get("clef"), Some("treble"));
        assert!(!key("G wibble").1.is_empty());
    }

    #[test]
    fn meters() {
        assert_eq!(meter("C").unwrap().bar_length(), Some(Frac::new(1, 1)));
        assert_eq!(meter("none").unwrap(), MeterSpec::Free);
        assert_eq!(
            meter("2+2+3/8").unwrap().bar_length(),
            Some(Frac::new(7, 8))
        );
        assert!(meter("6/8").unwrap().is_compound());
        assert!(!meter("3/4").unwrap().is_compound());
        assert!(meter("6/0").is_err());
        assert!(meter("waltz").is_err());
    }

    #[test]
    fn tempos() {
        let q = tempo("1/4=120").unwrap();
        assert_eq!((q.beats, q.bpm), (vec![Frac::new(1, 4)], Some(120)));
        let q = tempo("\"Allegro\" 1/4=120").unwrap();
        assert_eq!(q.text_before.as_deref(), Some("Allegro"));
        assert_eq!(tempo("120").unwrap().bpm, Some(120));
        assert_eq!(tempo("1/4 3/8=40").unwrap().beats.len(), 2);
        assert_eq!(tempo("C=90").unwrap().beats, vec![Frac::new(1, 4)]);
        assert_eq!(tempo("\"Slow\"").unwrap().bpm, None);
        assert!(tempo("fast").is_err());
    }

    #[test]
    fn voices_and_units() {
        let v = voice("T1 clef=treble name=\"Tenor 1\"").unwrap();
        assert_eq!(v.id, "T1");
        assert_eq!(v.modifiers.get("name"), Some("Tenor 1"));
        assert_eq!(unit_length(" 1/16 ").unwrap(), Frac::new(1, 16));
        assert!(unit_length("1/0").is_err());
        assert!(unit_length("99999999999/2").is_err());
    }
}
