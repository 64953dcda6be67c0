//! File structure: tunes, file header, free text, and the lines of each tune.

use crate::diag::Diagnostics;
use crate::fields;
use crate::music::LineParser;
use crate::span::Span;
use crate::syntax::{AbcFile, Field, FieldValue, Line, MusicLine, Section, Text, TuneSyntax};

/// Fields that may stand on a line of their own inside a tune body (ABC 2.1 §3 and common use).
/// Note letters and rest letters are left out so that `A:|` stays music.
fn is_body_field_tag(c: char) -> bool {
    (c.is_ascii_alphabetic() && !"ABCDEFGabcdefgxyz".contains(c)) || c == '+'
}

/// Splits a line into its content and a trailing `% comment` (an escaped `\%` is not a comment).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%' && (i == 0 || bytes[i - 1] != b'\\') {
            return (&line[..i], Some(&line[i + 1..]));
        }
    }
    (line, None)
}

/// Parses a field's value text according to its tag; problems go to `diags` at `span`.
pub(crate) fn field_value(
    tag: char,
    text: &str,
    span: Span,
    diags: &mut Diagnostics,
) -> FieldValue {
    let trimmed = text.trim();
    let fallback = || FieldValue::Text(trimmed.to_string());
    match tag {
        'K' => {
            let (spec, problems) = fields::key_checked(text);
            for (severity, message) in problems {
                match severity {
                    crate::Severity::Error => diags.error(span, message),
                    crate::Severity::Warning => diags.warning(span, message),
                }
            }
            FieldValue::Key(spec)
        }
        'M' => fields::meter(text)
            .map(FieldValue::Meter)
            .unwrap_or_else(|e| {
                diags.error(span, e);
                fallback()
            }),
        'L' => fields::unit_length(text)
            .map(FieldValue::UnitLength)
            .unwrap_or_else(|e| {
                diags.error(span, e);
                fallback()
            }),
        'Q' => fields::tempo(text)
            .map(FieldValue::Tempo)
            .unwrap_or_else(|e| {
                diags.warning(span, e);
                fallback()
            }),
        'V' => fields::voice(text)
            .map(FieldValue::Voice)
            .unwrap_or_else(|e| {
                diags.error(span, e);
                fallback()
            }),
        _ => fallback(),
    }
}

/// One line of input with its byte offset.
#[derive(Clone, Copy)]
struct RawLine<'a> {
    start: usize,
    text: &'a str,
}

impl RawLine<'_> {
    fn span(&self) -> Span {
        Span::new(self.start, self.start + self.text.len())
    }
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
    /// The field tag if the line has the form `T:…`.
    fn field_tag(&self) -> Option<char> {
        let mut chars = self.text.chars();
        let tag = chars.next()?;
        (chars.next() == Some(':') && (tag.is_ascii_alphabetic() || tag == '+')).then_some(tag)
    }
}

/// The lines of `src` (ended by `\n`, `\r\n` or `\r`).
fn raw_lines(src: &str) -> Vec<RawLine<'_>> {
    // A byte-order mark is not part of the first line.
    let start = if src.starts_with('\u{feff}') { 3 } else { 0 };
    raw_lines_in(src, start, src.len())
}

/// The lines of `src[from..to]`, with offsets into the whole `src`; `from` starts a line.
fn raw_lines_in(src: &str, from: usize, to: usize) -> Vec<RawLine<'_>> {
    let bytes = &src.as_bytes()[..to];
    let mut start = from;
    let mut out = Vec::with_capacity((to - from) / 32);
    for end in memchr::memchr2_iter(b'\n', b'\r', &bytes[from..]).map(|i| from + i) {
        if end < start {
            continue; // the `\n` of a `\r\n` already ended the line
        }
        out.push(RawLine {
            start,
            text: &src[start..end],
        });
        start = end + 1;
        if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            start += 1;
        }
    }
    if start < to {
        out.push(RawLine {
            start,
            text: &src[start..to],
        });
    }
    out
}

/// Searches that tell whether a tune can be skipped unread, built once per file.
struct PlainTune {
    empty_line: memchr::memmem::Finder<'static>,
    space_line: memchr::memmem::Finder<'static>,
    tab_line: memchr::memmem::Finder<'static>,
}

impl PlainTune {
    fn new() -> PlainTune {
        PlainTune {
            empty_line: memchr::memmem::Finder::new(b"\n\n"),
            space_line: memchr::memmem::Finder::new(b"\n "),
            tab_line: memchr::memmem::Finder::new(b"\n\t"),
        }
    }

    /// Whether `gap` — from one `X:` line up to the next, in a file without text blocks —
    /// holds one tune and then only blank lines, so that skipping it unread changes nothing:
    /// no line before the first empty one that could be a blank line of spaces, nothing but
    /// whitespace after it.
    fn is_plain(&self, gap: &[u8]) -> bool {
        let first_empty = self.empty_line.find(gap).map_or(gap.len(), |i| i + 1);
        let tune = &gap[..first_empty];
        self.space_line.find(tune).is_none()
            && self.tab_line.find(tune).is_none()
            && gap[first_empty..].iter().all(u8::is_ascii_whitespace)
    }
}

/// Parses the structure of a whole file. Never fails: problems become diagnostics.
pub fn parse_file(src: &str) -> (AbcFile, Diagnostics) {
    parse_selected(src, None)
}

/// Parses the file's headers and free text but only the first tune numbered `X:x`: the other
/// tunes are skipped line by line without being read, so picking one tune out of a large
/// collection costs little more than that tune. Spans still point into the whole `src`.
pub fn parse_file_tune(src: &str, x: u32) -> (AbcFile, Diagnostics) {
    parse_selected(src, Some(x))
}

fn parse_selected(src: &str, only: Option<u32>) -> (AbcFile, Diagnostics) {
    let mut p = FileParser {
        src,
        diags: Diagnostics::default(),
        sections: Vec::new(),
        budget: crate::music::MAX_ELEMENTS,
        only,
    };
    match only {
        // Text blocks may hold blank lines and `X:` lines, and a lone `\r` ends a line: such
        // files are read line by line.
        Some(x)
            if memchr::memchr(b'\r', src.as_bytes()).is_none()
                && memchr::memmem::find(src.as_bytes(), b"%%begintext").is_none()
                && !src.starts_with('\u{feff}') =>
        {
            p.run_to(x)
        }
        _ => p.run(&raw_lines(src)),
    }
    p.diags.sort();
    (
        AbcFile {
            sections: p.sections,
        },
        p.diags,
    )
}

struct FileParser<'a> {
    src: &'a str,
    diags: Diagnostics,
    sections: Vec<Section>,
    /// Music symbols still allowed in this file.
    budget: usize,
    /// The one tune (`X:` number) to read, when not all.
    only: Option<u32>,
}

/// The number an `X:` line gives, if it reads as one.
fn x_number(line: &RawLine) -> Option<u32> {
    split_comment(line.text.get(2..)?).0.trim().parse().ok()
}

/// Index of the first line after the `%%begintext` block opening at line `i`.
fn text_block_end(lines: &[RawLine], i: usize) -> usize {
    lines[i..]
        .iter()
        .position(|l| l.text.trim_start().starts_with("%%endtext"))
        .map_or(lines.len(), |p| i + p + 1)
}

/// Index of the first line after the tune whose `X:` line is line `first`, found as
/// [`FileParser::tune`] finds it (a blank line or the next `X:` ends it; text blocks belong
/// to it, blank lines and all).
fn tune_end(lines: &[RawLine], first: usize) -> usize {
    let mut i = first;
    while i < lines.len() {
        let line = lines[i];
        if line.text.trim_start().starts_with("%%begintext") {
            i = text_block_end(lines, i);
            continue;
        }
        if line.is_blank() || (i > first && line.text.starts_with("X:")) {
            break;
        }
        i += 1;
    }
    i
}

impl<'a> FileParser<'a> {
    /// Reads up to the tune `X:x` without splitting the other tunes into lines: the `X:`
    /// lines are found with `memmem`, and a tune followed only by blank lines is skipped
    /// whole; anything else (blocks between tunes) is read line by line. The file has no
    /// text blocks and no `\r`.
    fn run_to(&mut self, x: u32) {
        let src = self.src;
        let bytes = src.as_bytes();
        let starts: Vec<usize> = src
            .starts_with("X:")
            .then_some(0)
            .into_iter()
            .chain(memchr::memmem::find_iter(bytes, b"\nX:").map(|i| i + 1))
            .collect();
        let Some(&first) = starts.first() else {
            return self.run(&raw_lines(src));
        };
        self.run(&raw_lines_in(src, 0, first));
        let plain = PlainTune::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(src.len());
            let line_end = memchr::memchr(b'\n', &bytes[start..end]).map_or(end, |i| start + i);
            let line = RawLine {
                start,
                text: &src[start..line_end],
            };
            if x_number(&line) == Some(x) || !plain.is_plain(&bytes[start..end]) {
                self.run(&raw_lines_in(src, start, end));
                if x_number(&line) == Some(x) {
                    return;
                }
            }
        }
    }

    fn run(&mut self, lines: &[RawLine<'a>]) {
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if line.is_blank() {
                i += 1;
            } else if line.text.starts_with("X:") {
                match self.only {
                    None => i = self.tune(lines, i),
                    Some(x) if x_number(&line) == Some(x) => {
                        self.tune(lines, i);
                        return;
                    }
                    Some(_) => i = tune_end(lines, i),
                }
            } else if line.text.trim_start().starts_with("%%begintext") {
                let end = text_block_end(lines, i);
                self.free_text(&lines[i..end]);
                i = end;
            } else {
                let end = lines[i..]
                    .iter()
                    .position(|l| l.is_blank() || l.text.starts_with("X:"))
                    .map_or(lines.len(), |p| i + p);
                self.block(&lines[i..end]);
                i = end;
            }
        }
    }

    /// A block outside tunes: a file header if it holds only fields, directives and comments.
    fn block(&mut self, lines: &[RawLine<'a>]) {
        let header_like = lines
            .iter()
            .all(|l| l.text.starts_with('%') || l.field_tag().is_some());
        if header_like {
            let parsed = lines.iter().map(|l| self.line(*l, false)).collect();
            self.sections.push(Section::FileHeader(parsed));
        } else {
            self.free_text(lines);
        }
    }

    fn free_text(&mut self, lines: &[RawLine<'a>]) {
        let (first, last) = (lines[0], lines[lines.len() - 1]);
        let span = Span::new(first.start, last.start + last.text.len());
        self.sections.push(Section::FreeText(Text {
            text: self.src[span.start..span.end].to_string(),
            span,
        }));
    }

    /// Parses the tune starting at line `i`; returns the index of the first line after it.
    fn tune(&mut self, lines: &[RawLine<'a>], mut i: usize) -> usize {
        let start = lines[i].start;
        let first = i;
        let ends_tune =
            |k: usize| lines[k].is_blank() || (k > first && lines[k].text.starts_with("X:"));
        let last = (first..lines.len())
            .find(|&k| ends_tune(k))
            .unwrap_or(lines.len());
        let has_key = lines[first..last].iter().any(|l| l.text.starts_with("K:"));
        let mut header = Vec::new();
        let mut body = Vec::new();
        let mut in_header = true;
        let mut end = lines[i].start + lines[i].text.len();
        while i < lines.len() {
            let line = lines[i];
            if line.text.trim_start().starts_with("%%begintext") {
                // A text block belongs to the tune, blank lines and all.
                let close = text_block_end(lines, i);
                let target = if in_header { &mut header } else { &mut body };
                for l in &lines[i..close] {
                    let text = l.text.strip_prefix("%%").unwrap_or(l.text);
                    target.push(Line::Directive(Text {
                        text: text.trim_end().to_string(),
                        span: l.span(),
                    }));
                    end = l.start + l.text.len();
                }
                i = close;
                continue;
            }
            if line.is_blank() || (i > first && line.text.starts_with("X:")) {
                break;
            }
            let is_header_line = line.field_tag().is_some() || line.text.starts_with('%');
            if in_header && !is_header_line && has_key {
                self.diags.error(
                    line.span(),
                    "text in the tune header before K: is neither a field nor music; ignored",
                );
            } else if in_header && is_header_line {
                let parsed = self.line(line, false);
                in_header = !matches!(&parsed, Line::Field(f) if f.tag == 'K');
                header.push(parsed);
            } else {
                if in_header {
                    self.diags.warning(
                        line.span(),
                        "music without a K: field; the header should end with K:",
                    );
                    in_header = false;
                }
                let parsed = self.line(line, true);
                // A line with nothing readable left (all errors) is dropped from the tree.
                if !matches!(&parsed, Line::Music(m) if m.elements.is_empty() && !m.continued) {
                    body.push(parsed);
                }
            }
            end = line.start + line.text.len();
            i += 1;
        }
        self.sections.push(Section::Tune(TuneSyntax {
            header,
            body,
            span: Span::new(start, end),
        }));
        i
    }

    /// Classifies and parses one line.
    fn line(&mut self, line: RawLine<'a>, in_body: bool) -> Line {
        let text = line.text;
        if let Some(d) = text.strip_prefix("%%") {
            return Line::Directive(Text {
                text: d.trim_end().to_string(),
                span: line.span(),
            });
        }
        if let Some(c) = text.strip_prefix('%') {
            return Line::Comment(Text {
                text: c.trim_end().to_string(),
                span: line.span(),
            });
        }
        match line.field_tag() {
            Some(tag) if !in_body || is_body_field_tag(tag) => {
                let (value, comment) = split_comment(&text[2..]);
                let value_span = Span::new(line.start + 2, line.start + 2 + value.len());
                Line::Field(Field {
                    tag,
                    value: field_value(tag, value, value_span, &mut self.diags),
                    comment: comment.map(|c| c.trim_end().to_string()),
                    span: line.span(),
                })
            }
            _ => {
                let m = self.music_line(line);
                match (&m.comment, m.elements.is_empty() && !m.continued) {
                    // Nothing readable was left but a comment: it is a comment line.
                    (Some(c), true) => Line::Comment(Text {
                        text: c.clone(),
                        span: m.span,
                    }),
                    _ => Line::Music(m),
                }
            }
        }
    }

    fn music_line(&mut self, line: RawLine<'a>) -> MusicLine {
        let (content, comment) = split_comment(line.text);
        let trimmed = content.trim_end();
        let (music, continued) = match trimmed.strip_suffix('\\') {
            Some(m) => (m, true),
            None => (trimmed, false),
        };
        let diags = &mut self.diags;
        let mut inline_diags = Diagnostics::default();
        let mut parse_field = |tag: char, value: &str, span: Span| Field {
            tag,
            value: field_value(tag, value, span, &mut inline_diags),
            comment: None,
            span,
        };
        let elements = if self.budget == 0 {
            Vec::new()
        } else {
            LineParser::new(music, line.start, diags, &mut parse_field).elements(&mut self.budget)
        };
        self.diags.extend(inline_diags);
        MusicLine {
            elements,
            continued,
            comment: comment.map(|c| c.trim_end().to_string()),
            span: line.span(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_TUNES: &str = "%abc-2.1\n%%pagewidth 21cm\nM:6/8\n\nSome free text\nabout tunes.\n\nX:1\nT:First\nM:3/4\nK:G\nGAB|c2d|\nw:la la la\nX:2\nT:Second\nK:Am % minor\nA>B c2 | \\\nd4 |]\n";

    #[test]
    fn splits_file_into_sections() {
        let (file, diags) = parse_file(TWO_TUNES);
        assert!(diags.is_empty(), "{diags:?}");
        let kinds: Vec<&str> = file
            .sections
            .iter()
            .map(|s| match s {
                Section::FileHeader(_) => "header",
                Section::Tune(_) => "tune",
                Section::FreeText(_) => "text",
            })
            .collect();
        assert_eq!(kinds, ["header", "text", "tune", "tune"]);
        let Section::Tune(second) = &file.sections[3] else {
            panic!()
        };
        assert_eq!(second.header.len(), 3);
        assert_eq!(second.body.len(), 2);
        let Line::Field(k) = &second.header[2] else {
            panic!()
        };
        assert_eq!(k.comment.as_deref(), Some(" minor"));
        let Line::Music(m) = &second.body[0] else {
            panic!()
        };
        assert!(m.continued);
        let Section::Tune(first) = &file.sections[2] else {
            panic!()
        };
        assert!(matches!(&first.body[1], Line::Field(f) if f.tag == 'w'));
    }

    #[test]
    fn music_before_key_is_a_warning() {
        let (file, diags) = parse_file("X:1\nT:No key\nABc|\n");
        assert_eq!(diags.len(), 1);
        let Section::Tune(t) = &file.sections[0] else {
            panic!()
        };
        assert_eq!(t.body.len(), 1);
    }

    #[test]
    fn crlf_and_cr_line_endings() {
        let (file, diags) = parse_file("X:1\r\nK:C\r\nCDE|\r\rX:2\rK:D\rd|");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(file.sections.len(), 2);
    }

    #[test]
    fn body_lines_starting_with_a_note_and_colon_stay_music() {
        let (file, _) = parse_file("X:1\nK:C\nA:|B\nT:Part two\n");
        let Section::Tune(t) = &file.sections[0] else {
            panic!()
        };
        assert!(matches!(t.body[0], Line::Music(_)));
        assert!(matches!(t.body[1], Line::Field(_)));
    }
}
