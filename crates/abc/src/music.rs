//! Tokens of a music line, from `K:` to the end of the tune: notes, rests, chords, bars …

use crate::diag::Diagnostics;
use crate::fields::number;
use crate::span::Span;
use crate::syntax::{
    BarLine, BrokenRhythm, Chord, Decoration, Element, ElementKind, Grace, Note, Pitch, Rest,
    RestKind, Tuplet,
};
use crate::Frac;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, one_of};
use nom::combinator::{opt, recognize};
use nom::multi::{many0_count, many1_count};
use nom::sequence::preceded;
use nom::{IResult, Parser};

/// Most music symbols read from one file: bounds memory on hostile input (real tunes have a
/// few thousand).
pub(crate) const MAX_ELEMENTS: usize = 1_000_000;

/// Largest numerator or denominator accepted in a note length.
const MAX_LENGTH_PART: i64 = 4096;

/// Standard decoration names (ABC 2.1 §4.14) plus the common abcm2ps ones.
const KNOWN_DECORATIONS: &[&str] = &[
    "trill",
    "trill(",
    "trill)",
    "lowermordent",
    "uppermordent",
    "mordent",
    "pralltriller",
    "roll",
    "turn",
    "turnx",
    "invertedturn",
    "invertedturnx",
    "arpeggio",
    ">",
    "accent",
    "emphasis",
    "fermata",
    "invertedfermata",
    "tenuto",
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "+",
    "plus",
    "snap",
    "slide",
    "wedge",
    "upbow",
    "downbow",
    "open",
    "thumb",
    "breath",
    "pppp",
    "ppp",
    "pp",
    "p",
    "mp",
    "mf",
    "f",
    "ff",
    "fff",
    "ffff",
    "sfz",
    "crescendo(",
    "<(",
    "crescendo)",
    "<)",
    "diminuendo(",
    ">(",
    "diminuendo)",
    ">)",
    "segno",
    "coda",
    "D.S.",
    "D.C.",
    "dacoda",
    "dacapo",
    "fine",
    "shortphrase",
    "mediumphrase",
    "longphrase",
    "staccato",
    "dot",
    "editorial",
    "courtesy",
    "invisible",
    "beambreak",
    "marcato",
    "^",
    "ped",
    "ped-up",
    "8va(",
    "8va)",
    "xstem",
    "slashes",
    "tremolo",
    "///",
    "//",
    "/",
    "D.C.alcoda",
    "D.C.alfine",
    "D.S.alcoda",
    "D.S.alfine",
    "gmark",
    "lowerturn",
    "upperturn",
];

/// The meaning of a one-character decoration shorthand, if it is one.
pub(crate) fn shorthand_decoration(c: char) -> Option<&'static str> {
    Some(match c {
        '.' => "staccato",
        '~' => "roll",
        'H' => "fermata",
        'L' => "accent",
        'M' => "lowermordent",
        'O' => "coda",
        'P' => "uppermordent",
        'S' => "segno",
        'T' => "trill",
        'u' => "upbow",
        'v' => "downbow",
        _ => return None,
    })
}

/// Letters that the standard leaves for user-defined symbols (`U:` field).
fn is_user_symbol(c: char) -> bool {
    matches!(c, 'H'..='W' | 'h'..='w') && shorthand_decoration(c).is_none()
}

/// A length suffix: `3`, `/`, `//`, `3/2`, `/4`. Returns the unreduced (numerator, denominator).
fn length(i: &str) -> IResult<&str, (i64, i64)> {
    let (i, num) = opt(digit1).parse(i)?;
    let (i, slashes) = many0_count(char('/')).parse(i)?;
    let (i, den) = if slashes == 1 {
        opt(digit1).parse(i)?
    } else {
        (i, None)
    };
    let parse =
        |d: Option<&str>, default: i64| d.map_or(default, |d| d.parse::<i64>().unwrap_or(i64::MAX));
    let num = parse(num, 1);
    let den = match den {
        Some(d) => parse(Some(d), 2),
        None if slashes == 0 => 1,
        None => 1i64.checked_shl(slashes.min(62) as u32).unwrap_or(i64::MAX),
    };
    Ok((i, (num, den)))
}

/// An accidental: `^^`, `^`, `__`, `_`, `=`.
fn accidental(i: &str) -> IResult<&str, i8> {
    let (i, a) = alt((tag("^^"), tag("__"), tag("^"), tag("_"), tag("="))).parse(i)?;
    Ok((
        i,
        match a {
            "^^" => 2,
            "^" => 1,
            "=" => 0,
            "_" => -1,
            _ => -2,
        },
    ))
}

/// A pitch: accidental, letter, octave marks.
fn pitch(i: &str) -> IResult<&str, Pitch> {
    let (i, acc) = opt(accidental).parse(i)?;
    let (i, letter) = one_of("ABCDEFGabcdefg").parse(i)?;
    let (i, marks) = take_while(|c| c == '\'' || c == ',').parse(i)?;
    let up = marks.chars().filter(|&c| c == '\'').count() as i64;
    let down = marks.len() as i64 - up;
    let base = if letter.is_ascii_lowercase() { 1 } else { 0 };
    let octave = (base + up - down).clamp(-10, 10) as i8;
    Ok((
        i,
        Pitch {
            accidental: acc,
            letter: letter.to_ascii_uppercase(),
            octave,
        },
    ))
}

/// A tie after a note or chord: `-` (or the dotted `.-`).
fn tie(i: &str) -> IResult<&str, bool> {
    // abcm2ps adds a direction: `-,` below, `-'` above; the tie is the same.
    let (i, t) = opt((alt((tag("-"), tag(".-"))), opt(one_of(",'")))).parse(i)?;
    Ok((i, t.is_some()))
}

/// A bar line symbol: runs of `|` and `:` with `[`/`]` thick parts, or `.|`.
fn bar_symbol(i: &str) -> IResult<&str, &str> {
    alt((
        tag("[|]"),
        recognize((
            many0_count(char(':')),
            alt((tag("[|"), tag(".|"), tag("|"))),
            many0_count(alt((tag("|"), tag("]")))),
            many0_count(char(':')),
        )),
        recognize(preceded(char(':'), many1_count(char(':')))),
    ))
    .parse(i)
}

/// An ending number list such as `1`, `2`, `1,3`, `1-3`.
fn ending_text(i: &str) -> IResult<&str, &str> {
    recognize((digit1, many0_count((one_of(",-"), digit1)))).parse(i)
}

/// Parses a tuplet marker `(p:q:r`.
fn tuplet(i: &str) -> IResult<&str, Tuplet> {
    let (i, p) = preceded(char('('), number).parse(i)?;
    // `:q:r`, `:q` or `::r`; a colon that gives no number belongs to what follows (`(3:|`).
    let (i, (q, r)) = alt((
        (
            preceded(char(':'), opt(number)),
            preceded(char(':'), number).map(Some),
        ),
        (
            preceded(char(':'), number).map(Some),
            nom::combinator::success(None),
        ),
        nom::combinator::success((None, None)),
    ))
    .parse(i)?;
    Ok((i, Tuplet { p, q, r }))
}

/// Parses the music of one line (without its comment or trailing `\`).
pub(crate) struct LineParser<'a, 'd> {
    base: usize,
    src: &'a str,
    rest: &'a str,
    /// True at the start of the line or right after a bar line (spaces aside).
    after_bar: bool,
    diags: &'d mut Diagnostics,
    /// Called for inline fields `[K:…]`; returns the parsed field.
    parse_field: &'d mut dyn FnMut(char, &str, Span) -> crate::syntax::Field,
}

impl<'a, 'd> LineParser<'a, 'd> {
    pub(crate) fn new(
        src: &'a str,
        base: usize,
        diags: &'d mut Diagnostics,
        parse_field: &'d mut dyn FnMut(char, &str, Span) -> crate::syntax::Field,
    ) -> Self {
        LineParser {
            base,
            src,
            rest: src,
            after_bar: true,
            diags,
            parse_field,
        }
    }

    fn offset(&self) -> usize {
        self.base + (self.src.len() - self.rest.len())
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.offset())
    }

    /// Parses every element of the line, at most `budget` of them (the budget shrinks).
    pub(crate) fn elements(mut self, budget: &mut usize) -> Vec<Element> {
        let mut out: Vec<Element> = Vec::new();
        while !self.rest.is_empty() {
            if out.len() >= *budget {
                let span = Span::new(self.offset(), self.base + self.src.len());
                self.diags.error(
                    span,
                    format!(
                        "more than {MAX_ELEMENTS} music symbols in one file; the rest is ignored"
                    ),
                );
                break;
            }
            let start = self.offset();
            match self.element() {
                Some(kind) => {
                    let span = self.span_from(start);
                    match kind {
                        ElementKind::BarLine(_) => self.after_bar = true,
                        ElementKind::Space => {}
                        _ => self.after_bar = false,
                    }
                    let previous = out.last().map(|e| &e.kind);
                    if kind == ElementKind::Space && previous == Some(&ElementKind::Space) {
                        continue;
                    }
                    if matches!(kind, ElementKind::BrokenRhythm(_))
                        && matches!(previous, Some(ElementKind::BrokenRhythm(_)))
                    {
                        self.diags
                            .error(span, "broken rhythm must stand between two notes");
                        continue;
                    }
                    out.push(Element { kind, span });
                }
                None => {
                    if self.offset() == start {
                        // Skip one character so parsing always moves on.
                        let c = self.rest.chars().next().unwrap_or(' ');
                        self.rest = &self.rest[c.len_utf8()..];
                        let span = self.span_from(start);
                        self.diags
                            .error(span, format!("unexpected `{c}` in music; skipped"));
                    }
                }
            }
        }
        while matches!(
            out.first(),
            Some(Element {
                kind: ElementKind::Space,
                ..
            })
        ) {
            out.remove(0);
        }
        while matches!(
            out.last(),
            Some(Element {
                kind: ElementKind::Space,
                ..
            })
        ) {
            out.pop();
        }
        out
    }

    fn advance(&mut self, rest: &'a str) {
        self.rest = rest;
    }

    /// Spaces (a beam break) or backticks (nothing: they only join beams visually).
    fn space(&mut self) -> Option<ElementKind> {
        let (r, _) = take_while1::<_, _, ()>(|c| c == ' ' || c == '\t' || c == '`')
            .parse(self.rest)
            .ok()?;
        let only_backticks = self.rest[..self.rest.len() - r.len()]
            .chars()
            .all(|c| c == '`');
        self.advance(r);
        if only_backticks {
            // Backticks join beams visually; they mean nothing else.
            return self.element_or_nothing();
        }
        Some(ElementKind::Space)
    }

    /// `(3`, `(3:2:3` a tuplet, else `(` a slur start.
    fn tuplet_or_slur(&mut self, start: usize) -> Option<ElementKind> {
        if let Ok((r, t)) = tuplet(self.rest) {
            self.advance(r);
            if !(2..=9).contains(&t.p) || t.q == Some(0) || t.r == Some(0) {
                self.diags.error(
                    self.span_from(start),
                    format!(
                        "tuplet ({}) must put 2 to 9 notes in the time of others",
                        t.p
                    ),
                );
                return None;
            }
            Some(ElementKind::Tuplet(t))
        } else {
            // `(,` and `('` (abcm2ps) place the slur below or above.
            let skip = 1 + usize::from(matches!(self.rest.as_bytes().get(1), Some(b',' | b'\'')));
            self.advance(&self.rest[skip..]);
            Some(ElementKind::SlurStart)
        }
    }

    /// `>`, `>>`, `<` …: broken rhythm (at most three).
    fn broken_rhythm(&mut self, c: char, start: usize) -> Option<ElementKind> {
        let (r, run) = take_while1::<_, _, ()>(|x| x == c).parse(self.rest).ok()?;
        self.advance(r);
        if run.len() > 3 {
            self.diags.error(
                self.span_from(start),
                "broken rhythm has at most three `>` or `<`",
            );
        }
        Some(ElementKind::BrokenRhythm(BrokenRhythm {
            first_longer: c == '>',
            count: run.len().min(3) as u8,
        }))
    }

    /// One element, or `None` after reporting what could not be read.
    fn element(&mut self) -> Option<ElementKind> {
        let start = self.offset();
        let c = self.rest.chars().next()?;
        match c {
            ' ' | '\t' | '`' => self.space(),
            '|' | ':' | '[' | '.' if self.at_bar() => self.bar_line(),
            ':' => self.bar_line(),
            '[' => self.bracket(),
            '"' => self.quoted(),
            '!' | '+' => self.long_decoration(c),
            '(' => self.tuplet_or_slur(start),
            ')' => {
                self.advance(&self.rest[1..]);
                Some(ElementKind::SlurEnd)
            }
            '{' => self.grace(),
            '>' | '<' => self.broken_rhythm(c, start),
            '&' => {
                self.advance(&self.rest[1..]);
                Some(ElementKind::Overlay)
            }
            'y' => {
                let (r, _) = take_while::<_, _, ()>(|c: char| c.is_ascii_digit())
                    .parse(&self.rest[1..])
                    .ok()?;
                self.advance(r);
                Some(ElementKind::Spacer)
            }
            'z' | 'x' | 'Z' | 'X' => self.rest_element(c),
            '-' => {
                self.advance(&self.rest[1..]);
                self.diags.warning(
                    self.span_from(start),
                    "tie `-` does not follow a note; ignored",
                );
                None
            }
            _ if c == '^'
                || c == '_'
                || c == '='
                || c.is_ascii_alphabetic() && "ABCDEFGabcdefg".contains(c) =>
            {
                self.note_element()
            }
            _ if shorthand_decoration(c).is_some() => {
                self.advance(&self.rest[1..]);
                Some(ElementKind::Decoration(Decoration {
                    name: shorthand_decoration(c)?.to_string(),
                    shorthand: Some(c),
                }))
            }
            _ if is_user_symbol(c) => {
                self.advance(&self.rest[1..]);
                self.diags.warning(
                    self.span_from(start),
                    format!("symbol `{c}` is not defined (U: field); ignored when played"),
                );
                Some(ElementKind::Decoration(Decoration {
                    name: c.to_string(),
                    shorthand: Some(c),
                }))
            }
            _ => None,
        }
    }

    /// After skipping something meaningless: the next element, or a space if the line ended.
    fn element_or_nothing(&mut self) -> Option<ElementKind> {
        if self.rest.is_empty() {
            Some(ElementKind::Space)
        } else {
            self.element()
        }
    }

    /// True if a bar line starts here (not an inline field, chord or ending).
    fn at_bar(&self) -> bool {
        let b = self.rest.as_bytes();
        match b[0] {
            b'|' => true,
            b':' => matches!(b.get(1), Some(b'|' | b':' | b'[')),
            b'[' | b'.' => b.get(1) == Some(&b'|'),
            _ => false,
        }
    }

    fn bar_line(&mut self) -> Option<ElementKind> {
        let start = self.offset();
        let (r, symbol) = match bar_symbol(self.rest) {
            Ok(ok) => ok,
            Err(_) => {
                // Older tunes write a lone `:` for a repeat sign; read it as players do.
                self.advance(&self.rest[1..]);
                let symbol = if self.after_bar { "|:" } else { ":|" };
                self.diags.warning(
                    self.span_from(start),
                    format!("a lone `:` is read as the repeat sign `{symbol}`"),
                );
                return Some(ElementKind::BarLine(BarLine {
                    symbol: symbol.into(),
                    ending: None,
                }));
            }
        };
        self.advance(r);
        // An ending right after the bar: `|1`, `:|2`, `|[1`, `| [2` is a separate element.
        let after = self.rest.strip_prefix('[').unwrap_or(self.rest);
        let ending = match ending_text(after) {
            Ok((r, e)) => {
                self.advance(r);
                Some(e.to_string())
            }
            Err(_) => None,
        };
        Some(ElementKind::BarLine(BarLine {
            symbol: symbol.to_string(),
            ending,
        }))
    }

    /// `[` starting a chord, an inline field or an ending.
    fn bracket(&mut self) -> Option<ElementKind> {
        let start = self.offset();
        let b = self.rest.as_bytes();
        if b.len() > 2 && b[1].is_ascii_alphabetic() && b[2] == b':' {
            let Some(end) = self.rest.find(']') else {
                self.advance("");
                self.diags.error(
                    self.span_from(start),
                    "inline field `[X:` is not closed by `]`",
                );
                return None;
            };
            let tag = b[1] as char;
            let value = &self.rest[3..end];
            let value_start = start + 3;
            self.advance(&self.rest[end + 1..]);
            let span = self.span_from(start);
            let mut field = (self.parse_field)(
                tag,
                value,
                Span::new(value_start, value_start + value.len()),
            );
            field.span = span;
            return Some(ElementKind::InlineField(field));
        }
        if let Ok((r, e)) = ending_text(&self.rest[1..]) {
            self.advance(r);
            return Some(ElementKind::Ending(e.to_string()));
        }
        self.chord()
    }

    fn chord(&mut self) -> Option<ElementKind> {
        let start = self.offset();
        self.advance(&self.rest[1..]);
        let mut notes = Vec::new();
        let mut inner_decorations = Vec::new();
        loop {
            let Some(c) = self.rest.chars().next() else {
                self.diags
                    .error(self.span_from(start), "chord `[` is not closed by `]`");
                return None;
            };
            match c {
                ']' => {
                    self.advance(&self.rest[1..]);
                    break;
                }
                ' ' | '\t' => self.advance(&self.rest[1..]),
                '!' | '+' => {
                    if let Some(ElementKind::Decoration(d)) = self.long_decoration(c) {
                        inner_decorations.push((notes.len(), d));
                    }
                }
                _ if shorthand_decoration(c).is_some() => {
                    self.advance(&self.rest[c.len_utf8()..]);
                    inner_decorations.push((
                        notes.len(),
                        Decoration {
                            name: shorthand_decoration(c)?.to_string(),
                            shorthand: Some(c),
                        },
                    ));
                }
                _ => match self.note() {
                    Some(n) => notes.push(n),
                    None => {
                        let at = self.offset();
                        self.advance(&self.rest[c.len_utf8()..]);
                        self.diags.error(
                            self.span_from(at),
                            format!("unexpected `{c}` inside a chord; skipped"),
                        );
                    }
                },
            }
        }
        let len = self.length_here();
        let (r, t) = tie(self.rest).ok()?;
        self.advance(r);
        if notes.is_empty() {
            self.diags
                .error(self.span_from(start), "empty chord `[]`; skipped");
            return None;
        }
        Some(ElementKind::Chord(Chord {
            notes,
            inner_decorations,
            length: len,
            tie: t,
        }))
    }

    /// Reads a length here, reporting absurd ones and falling back to 1.
    fn length_here(&mut self) -> Frac {
        let start = self.offset();
        let Ok((r, (n, d))) = length(self.rest) else {
            return Frac::new(1, 1);
        };
        self.advance(r);
        if n == 0 || d == 0 || n > MAX_LENGTH_PART || d > MAX_LENGTH_PART {
            self.diags.error(
                self.span_from(start),
                format!("note length must be a positive fraction with parts up to {MAX_LENGTH_PART}; using 1"),
            );
            return Frac::new(1, 1);
        }
        Frac::new(n, d)
    }

    /// A note (pitch, length, tie) or `None` without moving if there is none.
    fn note(&mut self) -> Option<Note> {
        let (r, p) = pitch(self.rest).ok()?;
        self.advance(r);
        let len = self.length_here();
        let (r, t) = tie(self.rest).ok()?;
        self.advance(r);
        Some(Note {
            pitch: p,
            length: len,
            tie: t,
        })
    }

    fn note_element(&mut self) -> Option<ElementKind> {
        let start = self.offset();
        match self.note() {
            Some(n) => Some(ElementKind::Note(n)),
            None => {
                // An accidental not followed by a note letter.
                let skip = self
                    .rest
                    .chars()
                    .take_while(|c| "^_=".contains(*c))
                    .count()
                    .max(1);
                self.advance(&self.rest[skip..]);
                self.diags
                    .error(self.span_from(start), "accidental without a note; skipped");
                None
            }
        }
    }

    fn rest_element(&mut self, c: char) -> Option<ElementKind> {
        self.advance(&self.rest[1..]);
        let kind = match c {
            'z' => RestKind::Visible,
            'x' => RestKind::Invisible,
            'Z' => RestKind::MultiBar,
            _ => RestKind::InvisibleMultiBar,
        };
        let length = self.length_here();
        Some(ElementKind::Rest(Rest { kind, length }))
    }

    /// `"Am7"` chord symbol or `"^text"` annotation.
    fn quoted(&mut self) -> Option<ElementKind> {
        let start = self.offset();
        let inner = &self.rest[1..];
        let Some(end) = inner.find('"') else {
            self.advance("");
            self.diags.error(
                self.span_from(start),
                "chord symbol or annotation is not closed by `\"`",
            );
            return None;
        };
        let text = &inner[..end];
        self.advance(&inner[end + 1..]);
        let mut chars = text.chars();
        match chars.next() {
            Some(p @ ('^' | '_' | '<' | '>' | '@')) => {
                Some(ElementKind::Annotation(p, chars.as_str().to_string()))
            }
            _ => Some(ElementKind::ChordSymbol(text.to_string())),
        }
    }

    /// `!name!` or the older `+name+`.
    fn long_decoration(&mut self, delim: char) -> Option<ElementKind> {
        let start = self.offset();
        let inner = &self.rest[1..];
        let close = inner
            .find(delim)
            .filter(|&e| !inner[..e].contains(' ') || delim == '!');
        let Some(end) = close else {
            self.advance(inner);
            self.diags.warning(
                self.span_from(start),
                format!("stray `{delim}` (not a closed decoration); ignored"),
            );
            return None;
        };
        let name = &inner[..end];
        self.advance(&inner[end + 1..]);
        if !KNOWN_DECORATIONS.contains(&name) {
            self.diags.warning(
                self.span_from(start),
                format!("unknown decoration {delim}{name}{delim}"),
            );
        }
        Some(ElementKind::Decoration(Decoration {
            name: name.to_string(),
            shorthand: None,
        }))
    }

    fn grace(&mut self) -> Option<ElementKind> {
        let start = self.offset();
        self.advance(&self.rest[1..]);
        let acciaccatura = if let Some(r) = self.rest.strip_prefix('/') {
            self.advance(r);
            true
        } else {
            false
        };
        let mut elements = Vec::new();
        loop {
            let at = self.offset();
            let Some(c) = self.rest.chars().next() else {
                self.diags.error(
                    self.span_from(start),
                    "grace notes `{` are not closed by `}`",
                );
                return None;
            };
            let kind = match c {
                '}' => {
                    self.advance(&self.rest[1..]);
                    break;
                }
                ' ' | '\t' => {
                    self.advance(&self.rest[1..]);
                    continue;
                }
                '[' => self.chord(),
                // Bowing and other marks inside grace groups (`{vEFG}`) belong to the notes.
                '!' | '+' => self.long_decoration(c),
                _ if shorthand_decoration(c).is_some() => {
                    self.advance(&self.rest[1..]);
                    Some(ElementKind::Decoration(Decoration {
                        name: shorthand_decoration(c)?.to_string(),
                        shorthand: Some(c),
                    }))
                }
                _ => {
                    let n = self.note();
                    if n.is_none() {
                        self.advance(&self.rest[c.len_utf8()..]);
                        self.diags.error(
                            self.span_from(at),
                            format!("unexpected `{c}` inside grace notes; skipped"),
                        );
                    }
                    n.map(ElementKind::Note)
                }
            };
            if let Some(kind) = kind {
                elements.push(Element {
                    kind,
                    span: self.span_from(at),
                });
            }
        }
        Some(ElementKind::Grace(Grace {
            acciaccatura,
            elements,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{Field, FieldValue};

    fn kinds(src: &str) -> (Vec<ElementKind>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let mut pf = |tag: char, v: &str, span: Span| Field {
            tag,
            value: FieldValue::Text(v.to_string()),
            comment: None,
            span,
        };
        let els = LineParser::new(src, 0, &mut diags, &mut pf).elements(&mut 1000);
        (els.into_iter().map(|e| e.kind).collect(), diags)
    }

    #[test]
    fn lengths() {
        assert_eq!(length("3/2"), Ok(("", (3, 2))));
        assert_eq!(length("/"), Ok(("", (1, 2))));
        assert_eq!(length("//"), Ok(("", (1, 4))));
        assert_eq!(length("/4"), Ok(("", (1, 4))));
        assert_eq!(length("3"), Ok(("", (3, 1))));
        assert_eq!(length(""), Ok(("", (1, 1))));
    }

    #[test]
    fn notes_with_accidentals_and_octaves() {
        let (k, d) = kinds("^C,, _e' =F __b'' A3/2-");
        assert!(d.is_empty(), "{d:?}");
        let notes: Vec<Note> = k
            .into_iter()
            .filter_map(|k| match k {
                ElementKind::Note(n) => Some(n),
                _ => None,
            })
            .collect();
        assert_eq!(
            notes[0].pitch,
            Pitch {
                accidental: Some(1),
                letter: 'C',
                octave: -2
            }
        );
        assert_eq!(
            notes[1].pitch,
            Pitch {
                accidental: Some(-1),
                letter: 'E',
                octave: 2
            }
        );
        assert_eq!(notes[2].pitch.accidental, Some(0));
        assert_eq!(
            notes[3].pitch,
            Pitch {
                accidental: Some(-2),
                letter: 'B',
                octave: 3
            }
        );
        assert_eq!(notes[4].length, Frac::new(3, 2));
        assert!(notes[4].tie);
    }

    #[test]
    fn bar_lines_and_endings() {
        let (k, d) = kinds("|: A :|1 B :|2 c || d [|] e |] f :: g |[2 a [1 b .| c");
        assert!(d.is_empty(), "{d:?}");
        let bars: Vec<(String, Option<String>)> = k
            .iter()
            .filter_map(|k| match k {
                ElementKind::BarLine(b) => Some((b.symbol.clone(), b.ending.clone())),
                _ => None,
            })
            .collect();
        let expect = [
            ("|:", None),
            (":|", Some("1")),
            (":|", Some("2")),
            ("||", None),
            ("[|]", None),
            ("|]", None),
            ("::", None),
            ("|", Some("2")),
            (".|", None),
        ];
        let expect: Vec<(String, Option<String>)> = expect
            .iter()
            .map(|(s, e)| (s.to_string(), e.map(str::to_string)))
            .collect();
        assert_eq!(bars, expect);
        assert!(k.contains(&ElementKind::Ending("1".into())));
    }

    #[test]
    fn chords_graces_tuplets_decorations() {
        let (k, d) =
            kinds("[CEG]2 {/g}A (3abc (3:2:4 .~T!trill!+fermata+ \"Am7/G\" \"^hi\" A>B y &");
        assert!(d.is_empty(), "{d:?}");
        assert!(
            matches!(&k[0], ElementKind::Chord(c) if c.notes.len() == 3 && c.length == Frac::new(2, 1))
        );
        assert!(matches!(&k[2], ElementKind::Grace(g) if g.acciaccatura && g.elements.len() == 1));
        assert!(k.contains(&ElementKind::Tuplet(Tuplet {
            p: 3,
            q: None,
            r: None
        })));
        assert!(k.contains(&ElementKind::Tuplet(Tuplet {
            p: 3,
            q: Some(2),
            r: Some(4)
        })));
        assert!(k.contains(&ElementKind::ChordSymbol("Am7/G".into())));
        assert!(k.contains(&ElementKind::Annotation('^', "hi".into())));
        assert!(k.contains(&ElementKind::Overlay));
        let decorations = k
            .iter()
            .filter(|k| matches!(k, ElementKind::Decoration(_)))
            .count();
        assert_eq!(decorations, 5);
    }

    #[test]
    fn bad_input_recovers_with_errors() {
        let (k, d) = kinds("A \"unclosed");
        assert_eq!(k.len(), 1); // the note; the trailing space is dropped
        assert_eq!(d.len(), 1);
        let (_, d) = kinds("[CE A % B");
        assert!(!d.is_clean());
        let (k, d) = kinds("!trll! A");
        assert!(d.is_clean());
        assert_eq!(d.len(), 1);
        assert!(d.0[0].message.contains("unknown decoration !trll!"));
        assert!(matches!(k.last(), Some(ElementKind::Note(_))));
        let (_, d) = kinds("A99999999999999999999 B");
        assert!(!d.is_clean());
    }
}
