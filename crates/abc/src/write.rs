//! Prints a syntax tree back to ABC text in canonical form.
//!
//! Canonical means: fields as `T:value`, typed fields (K, M, L, Q, V) normalised, note lengths
//! in their shortest form, one space where the source had whitespace. Parsing the output gives
//! the same tree again (spans aside).

use crate::semantics::meter_text;
use crate::syntax::{
    AbcFile, BarLine, Chord, Decoration, Element, ElementKind, Field, FieldValue, KeySpec,
    KeyTonic, Line, Modifiers, Note, Pitch, Rest, RestKind, Section, TempoSpec,
};
use crate::Frac;
use std::fmt::Write as _;

/// Prints a whole file.
pub fn write_file(file: &AbcFile) -> String {
    let mut out = String::new();
    for (i, section) in file.sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match section {
            Section::FileHeader(lines) => lines.iter().for_each(|l| write_line(&mut out, l)),
            Section::Tune(t) => {
                t.header.iter().for_each(|l| write_line(&mut out, l));
                t.body.iter().for_each(|l| write_line(&mut out, l));
            }
            Section::FreeText(t) => {
                out.push_str(&t.text);
                out.push('\n');
            }
        }
    }
    out
}

/// Prints one line, with its line ending.
pub fn write_line(out: &mut String, line: &Line) {
    match line {
        Line::Field(f) => {
            out.push(f.tag);
            out.push(':');
            write_field_value(out, &f.value);
            write_comment(out, f.comment.as_deref());
        }
        Line::Music(m) => {
            let start = out.len();
            write_elements(out, &m.elements);
            // Music that starts like a field (`K:|` from a symbol and a repeat) gets a space.
            let b = &out.as_bytes()[start..];
            if b.len() >= 2 && b[1] == b':' && (b[0].is_ascii_alphabetic() || b[0] == b'+') {
                out.insert(start, ' ');
            }
            if m.continued {
                out.push('\\');
            }
            write_comment(out, m.comment.as_deref());
        }
        Line::Comment(c) => {
            out.push('%');
            out.push_str(&c.text);
        }
        Line::Directive(d) => {
            out.push_str("%%");
            out.push_str(&d.text);
        }
    }
    out.push('\n');
}

fn write_comment(out: &mut String, comment: Option<&str>) {
    if let Some(c) = comment {
        if !out.ends_with('\n') && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push('%');
        out.push_str(c);
    }
}

/// Prints a field's value (what follows `X:`).
pub fn write_field_value(out: &mut String, value: &FieldValue) {
    match value {
        FieldValue::Key(k) => write_key(out, k),
        FieldValue::Meter(m) => out.push_str(&meter_text(m)),
        FieldValue::UnitLength(u) => out.push_str(&frac_text(*u)),
        FieldValue::Tempo(t) => write_tempo(out, t),
        FieldValue::Voice(v) => {
            out.push_str(&v.id);
            write_modifiers(out, &v.modifiers);
        }
        FieldValue::Text(t) => out.push_str(t),
    }
}

fn frac_text(f: Frac) -> String {
    format!("{}/{}", f.numer(), f.denom())
}

fn write_key(out: &mut String, k: &KeySpec) {
    let mut parts: Vec<String> = Vec::new();
    match &k.tonic {
        KeyTonic::Tonic(key) => parts.push(key.abc_key()),
        KeyTonic::HighlandPipes { show_signature } => {
            parts.push(if *show_signature { "Hp" } else { "HP" }.into())
        }
        KeyTonic::None => parts.push("none".into()),
        KeyTonic::Unchanged => {}
    }
    if k.explicit {
        parts.push("exp".into());
    }
    for &(alter, letter) in &k.accidentals {
        parts.push(format!("{}{letter}", accidental_text(alter)));
    }
    out.push_str(&parts.join(" "));
    if parts.is_empty() {
        let mut m = String::new();
        write_modifiers(&mut m, &k.modifiers);
        out.push_str(m.trim_start());
    } else {
        write_modifiers(out, &k.modifiers);
    }
}

fn write_modifiers(out: &mut String, m: &Modifiers) {
    for (name, value) in &m.pairs {
        out.push(' ');
        if !name.is_empty() {
            out.push_str(name);
            out.push('=');
        }
        if value.contains(char::is_whitespace) || value.is_empty() {
            let _ = write!(out, "\"{value}\"");
        } else {
            out.push_str(value);
        }
    }
}

fn write_tempo(out: &mut String, t: &TempoSpec) {
    let mut parts = Vec::new();
    if let Some(s) = &t.text_before {
        parts.push(format!("\"{s}\""));
    }
    if let Some(bpm) = t.bpm {
        if t.beats.is_empty() {
            parts.push(bpm.to_string());
        } else {
            let beats: Vec<String> = t.beats.iter().map(|b| frac_text(*b)).collect();
            parts.push(format!("{}={bpm}", beats.join(" ")));
        }
    }
    if let Some(s) = &t.text_after {
        parts.push(format!("\"{s}\""));
    }
    out.push_str(&parts.join(" "));
}

/// `^`, `__`, `=` … for an alteration.
pub fn accidental_text(alter: i8) -> &'static str {
    match alter {
        2 => "^^",
        1 => "^",
        0 => "=",
        -1 => "_",
        _ => "__",
    }
}

/// A length multiplier in its shortest ABC form: ``, `2`, `/`, `3/2`, `/4`.
pub fn length_text(len: Frac) -> String {
    match (*len.numer(), *len.denom()) {
        (1, 1) => String::new(),
        (n, 1) => n.to_string(),
        (1, 2) => "/".into(),
        (1, d) => format!("/{d}"),
        (n, d) => format!("{n}/{d}"),
    }
}

/// A pitch as ABC writes it: accidental, letter in the right case, octave marks.
pub fn pitch_text(p: Pitch) -> String {
    let mut s = String::new();
    if let Some(a) = p.accidental {
        s.push_str(accidental_text(a));
    }
    if p.octave >= 1 {
        s.push(p.letter.to_ascii_lowercase());
        s.extend(std::iter::repeat_n('\'', (p.octave - 1) as usize));
    } else {
        s.push(p.letter);
        s.extend(std::iter::repeat_n(',', (-p.octave) as usize));
    }
    s
}

fn write_note(out: &mut String, n: &Note) {
    out.push_str(&pitch_text(n.pitch));
    out.push_str(&length_text(n.length));
    if n.tie {
        out.push('-');
    }
}

fn write_decoration(out: &mut String, d: &Decoration) {
    match d.shorthand {
        Some(c) => out.push(c),
        // A name holding `!` can only have come from the older `+name+` form.
        None if d.name.contains('!') => {
            let _ = write!(out, "+{}+", d.name);
        }
        None => {
            let _ = write!(out, "!{}!", d.name);
        }
    }
}

fn write_bar(out: &mut String, b: &BarLine) {
    out.push_str(&b.symbol);
    if let Some(e) = &b.ending {
        out.push_str(e);
    }
}

fn write_chord(out: &mut String, c: &Chord) {
    out.push('[');
    for (i, n) in c.notes.iter().enumerate() {
        for (_, d) in c.inner_decorations.iter().filter(|(at, _)| *at == i) {
            write_decoration(out, d);
        }
        write_note(out, n);
    }
    for (_, d) in c
        .inner_decorations
        .iter()
        .filter(|(at, _)| *at >= c.notes.len())
    {
        write_decoration(out, d);
    }
    out.push(']');
    out.push_str(&length_text(c.length));
    if c.tie {
        out.push('-');
    }
}

fn write_rest(out: &mut String, r: &Rest) {
    out.push(match r.kind {
        RestKind::Visible => 'z',
        RestKind::Invisible => 'x',
        RestKind::MultiBar => 'Z',
        RestKind::InvisibleMultiBar => 'X',
    });
    out.push_str(&length_text(r.length));
}

/// Prints a sequence of music elements.
pub fn write_elements(out: &mut String, elements: &[Element]) {
    let mut previous: Option<&ElementKind> = None;
    for e in elements {
        // `|` then `[2` would read back as one bar line with its ending.
        if matches!(
            (previous, &e.kind),
            (Some(ElementKind::BarLine(_)), ElementKind::Ending(_))
        ) {
            out.push(' ');
        }
        write_element(out, e);
        previous = Some(&e.kind);
    }
}

fn write_element(out: &mut String, e: &Element) {
    match &e.kind {
        ElementKind::Note(n) => write_note(out, n),
        ElementKind::Rest(r) => write_rest(out, r),
        ElementKind::Chord(c) => write_chord(out, c),
        ElementKind::BarLine(b) => write_bar(out, b),
        ElementKind::Ending(label) => {
            out.push('[');
            out.push_str(label);
        }
        ElementKind::ChordSymbol(s) => {
            let _ = write!(out, "\"{s}\"");
        }
        ElementKind::Annotation(p, s) => {
            let _ = write!(out, "\"{p}{s}\"");
        }
        ElementKind::Decoration(d) => write_decoration(out, d),
        ElementKind::Tuplet(t) => {
            let _ = write!(out, "({}", t.p);
            if t.q.is_some() || t.r.is_some() {
                out.push(':');
                if let Some(q) = t.q {
                    let _ = write!(out, "{q}");
                }
                if let Some(r) = t.r {
                    let _ = write!(out, ":{r}");
                }
            }
        }
        ElementKind::SlurStart => out.push('('),
        ElementKind::SlurEnd => out.push(')'),
        ElementKind::Grace(g) => {
            out.push('{');
            if g.acciaccatura {
                out.push('/');
            }
            write_elements(out, &g.elements);
            out.push('}');
        }
        ElementKind::BrokenRhythm(b) => {
            let c = if b.first_longer { '>' } else { '<' };
            out.extend(std::iter::repeat_n(c, b.count as usize));
        }
        ElementKind::Space => out.push(' '),
        ElementKind::Spacer => out.push('y'),
        ElementKind::Overlay => out.push('&'),
        ElementKind::InlineField(f) => write_inline_field(out, f),
    }
}

fn write_inline_field(out: &mut String, f: &Field) {
    out.push('[');
    out.push(f.tag);
    out.push(':');
    write_field_value(out, &f.value);
    out.push(']');
}
