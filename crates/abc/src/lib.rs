//! ABC 2.1 music notation for JamSesh.
//!
//! [`parse`] reads a file into a syntax tree ([`AbcFile`]) where every node has its source span,
//! plus [`Diagnostics`] for whatever was wrong; it never fails and never panics.
//! [`parse_tunes`] turns each tune into timed music ([`Tune`]): voices, bars, events at exact
//! rational times with absolute pitches, chord symbols, repeats. [`write_file`] prints a tree
//! back to ABC and [`transpose_file`] moves a tune to another key with correct spelling.

#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

mod diag;
mod fields;
mod lyrics;
mod music;
mod order;
mod parser;
mod semantics;
mod span;
mod syntax;
mod transpose;
mod write;

// The public surface: what the other crates (their tests, benches and examples too) use.
pub use diag::{Diagnostic, Diagnostics, Severity};
pub use lyrics::{align as align_lyrics, Syllable};
pub use order::{
    sort as stable_sort, sort_by as stable_sort_by, sort_by_key as stable_sort_by_key,
};
pub use semantics::{
    signature_for_fifths, Bar, Event, EventKind, GraceNotes, Key, PlayedNote, Sounding, Tempo,
    Tune, Voice,
};
pub use span::{LineIndex, Span};
pub use syntax::{
    AbcFile, Element, ElementKind, Field, FieldValue, KeyTonic, Line, MeterSpec, Pitch, Rest,
    RestKind, Section, TuneSyntax,
};
pub use transpose::{transpose_chord_symbol, transpose_file, transpose_key_name, with_clef};
pub use write::{length_text, pitch_text, write_file};

/// Exact durations and times, in whole notes.
pub type Frac = num_rational::Ratio<i64>;

/// Parses an ABC file into its syntax tree; problems are reported, never fatal.
pub fn parse(src: &str) -> (AbcFile, Diagnostics) {
    parser::parse_file(src)
}

/// Parses a file and interprets every tune in it.
pub fn parse_tunes(src: &str) -> (Vec<Tune>, Diagnostics) {
    let (file, mut diags) = parse(src);
    let tunes = semantics::interpret(&file, &mut diags);
    diags.sort();
    (tunes, diags)
}

/// Parses a file's headers and interprets only the first tune numbered `X:x` (`None` if the
/// file has none); the other tunes are skipped unread. Diagnostics point into the whole file.
pub fn parse_tune(src: &str, x: u32) -> (Option<Tune>, Diagnostics) {
    let (file, mut diags) = parser::parse_file_tune(src, x);
    let tune = semantics::interpret(&file, &mut diags).into_iter().next();
    diags.sort();
    (tune, diags)
}

/// Decodes an ABC file's bytes: UTF-8 when valid, otherwise ISO-8859-1 (the charset of most
/// older collections), so no byte is ever lost or rejected.
pub fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}
