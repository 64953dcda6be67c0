//! ABC files as the `jamsesh abc` tools and `jamsesh render` read them: whole collections of
//! tunes, read one tune at a time (so memory follows the largest tune, not the file), checked,
//! written back in canonical ABC, transposed, or listed note by note. Every fault in the text
//! is a [`Diagnostic`](jamsesh_abc::Diagnostic) with line and column; a file over
//! [`MAX_FILE_BYTES`] or a transposition outside [`TRANSPOSE_SEMITONES`] is an [`OpError`].

use crate::OpError;
use jamsesh_abc::AbcFile;
use jamsesh_abc::Section;
pub use jamsesh_abc::{Diagnostics, Tune};
use serde::Serialize;

/// Largest ABC file read, in bytes: far above any tune collection, far below what would hurt
/// (one tune of it is parsed at a time).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Semitones a file may be transposed by, down or up: four octaves.
pub const TRANSPOSE_SEMITONES: std::ops::RangeInclusive<i32> = -48..=48;
/// Most diagnostics kept from one file read tune by tune (about 100 bytes each).
const MAX_DIAGNOSTICS: usize = 10_000;

/// Refuses text over [`MAX_FILE_BYTES`].
fn check_size(src: &str) -> Result<(), OpError> {
    check_bytes(src.len())
}

/// Refuses a file of `bytes` over [`MAX_FILE_BYTES`].
fn check_bytes(bytes: usize) -> Result<(), OpError> {
    if bytes > MAX_FILE_BYTES {
        return Err(OpError::Abc(format!(
            "{bytes} bytes is more than the {MAX_FILE_BYTES} accepted"
        )));
    }
    Ok(())
}

/// The text of an ABC file's bytes: UTF-8, or ISO-8859-1 when it is not valid UTF-8 (older
/// collections); more than [`MAX_FILE_BYTES`] is refused.
pub fn decode(bytes: &[u8]) -> Result<String, OpError> {
    check_bytes(bytes.len())?;
    Ok(jamsesh_abc::decode(bytes).into_owned())
}

/// The tune numbered `x` (its `X:` line) and the diagnostics of reading it; the other tunes of
/// the file are skipped unread.
pub fn tune_numbered(src: &str, x: u32) -> Result<(Option<Tune>, Diagnostics), OpError> {
    check_size(src)?;
    Ok(jamsesh_abc::parse_tune(src, x))
}

/// Byte offsets of the lines that start a tune (`X:` at the start of a line), found as the
/// parser finds them: lines end at `\n`, `\r\n` or a lone `\r`, a byte-order mark is not
/// part of the first line, and `X:` lines inside a `%%begintext` … `%%endtext` block are text.
fn tune_starts(src: &str) -> Vec<usize> {
    let bytes = src.as_bytes();
    let mut starts = Vec::new();
    let mut in_text = false;
    let mut line = if src.starts_with('\u{feff}') { 3 } else { 0 };
    while line < bytes.len() {
        let end = memchr::memchr2(b'\n', b'\r', &bytes[line..]).map_or(bytes.len(), |i| line + i);
        let text = src[line..end].trim_start();
        if in_text {
            in_text = !text.starts_with("%%endtext");
        } else if text.starts_with("%%begintext") {
            in_text = true;
        } else if src[line..end].starts_with("X:") {
            starts.push(line);
        }
        line = end + 1;
        if bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n') {
            line += 1;
        }
    }
    starts
}

/// Reads a file's tunes one at a time and hands each to `each` (which returns false to stop):
/// every tune is parsed with the file header alone and dropped before the next is read, so
/// memory follows the largest tune, not the file (a 3 MB collection is checked in tens of
/// megabytes, where parsing it whole took about 340 bytes per byte). Returns the diagnostics,
/// their spans in the whole file (the header's reported once), and the number of tunes read.
pub fn tunes<E: From<OpError>>(
    src: &str,
    mut each: impl FnMut(Tune) -> Result<bool, E>,
) -> Result<(Diagnostics, usize), E> {
    check_size(src)?;
    let mut count = 0;
    let diags = split(
        src,
        jamsesh_abc::parse_tunes,
        |tunes, _| -> Result<bool, E> {
            for tune in tunes {
                count += 1;
                if !each(tune)? {
                    return Ok(false);
                }
            }
            Ok(true)
        },
    )?;
    Ok((diags, count))
}

/// Writes a file back in canonical ABC, tune by tune, handing `out` the text in order (each
/// tune is parsed, written and dropped before the next is read). Returns the diagnostics.
pub fn format<E: From<OpError>>(
    src: &str,
    out: impl FnMut(&str) -> Result<(), E>,
) -> Result<Diagnostics, E> {
    rewrite(src, None, out)
}

/// Writes a file back moved by `semitones` ([`TRANSPOSE_SEMITONES`]), spelled in the new keys,
/// tune by tune as [`format`] does.
pub fn transpose_file<E: From<OpError>>(
    src: &str,
    semitones: i32,
    out: impl FnMut(&str) -> Result<(), E>,
) -> Result<Diagnostics, E> {
    if !TRANSPOSE_SEMITONES.contains(&semitones) {
        return Err(
            OpError::Options(format!("transpose by {semitones} semitones: use −48…48")).into(),
        );
    }
    rewrite(src, Some(semitones), out)
}

/// Writes each piece's new sections, moved by `semitones` when given, a blank line between
/// sections: the file as writing it whole would print it.
fn rewrite<E: From<OpError>>(
    src: &str,
    semitones: Option<i32>,
    mut out: impl FnMut(&str) -> Result<(), E>,
) -> Result<Diagnostics, E> {
    check_size(src)?;
    let mut first = true;
    split(src, jamsesh_abc::parse, |file, seen| {
        let new = |section: &Section| match section {
            Section::FileHeader(_) => seen == 0,
            Section::Tune(t) => t.span.start >= seen,
            Section::FreeText(t) => t.span.start >= seen,
        };
        let mut sections: Vec<Section> = file.sections.into_iter().filter(new).collect();
        if let Some(semitones) = semitones {
            sections = jamsesh_abc::transpose_file(&AbcFile { sections }, semitones).sections;
        }
        for section in sections {
            if !first {
                // As `write_file` separates the sections of a whole file.
                out("\n")?;
            }
            first = false;
            let one = AbcFile {
                sections: vec![section],
            };
            out(&jamsesh_abc::write_file(&one))?;
        }
        Ok(true)
    })
}

/// Cuts `src` into pieces of one tune each, the file header in front of each, and hands
/// `each` what `parse` makes of a piece and how many of its leading bytes (the header) an
/// earlier piece already held; `each` returns false to stop. The pieces' diagnostics are
/// returned with their spans in the whole file, the header's reported once, at most
/// [`MAX_DIAGNOSTICS`].
///
/// A file without an `X:` line is one piece.
fn split<T, E>(
    src: &str,
    parse: impl Fn(&str) -> (T, Diagnostics),
    mut each: impl FnMut(T, usize) -> Result<bool, E>,
) -> Result<Diagnostics, E> {
    let starts = tune_starts(src);
    if starts.is_empty() {
        let (parsed, diags) = parse(src);
        each(parsed, 0)?;
        return Ok(diags);
    }
    let header = &src[..starts[0]];
    let mut all = Diagnostics::default();
    let mut text = String::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(src.len());
        text.clear();
        text.push_str(header);
        text.push_str(&src[start..end]);
        let (parsed, diags) = parse(&text);
        for mut d in diags.0 {
            if d.span.start < header.len() {
                // The header's own problems, once.
                if k > 0 {
                    continue;
                }
            } else {
                let moved = |at: usize| at.saturating_sub(header.len()) + start;
                d.span = jamsesh_abc::Span::new(moved(d.span.start), moved(d.span.end));
            }
            if all.len() < MAX_DIAGNOSTICS {
                all.0.push(d);
            }
        }
        let seen = if k == 0 { 0 } else { header.len() };
        if !each(parsed, seen)? {
            break;
        }
    }
    Ok(all)
}

/// One tune's notes in performance order, in the shape `jamsesh abc events` prints:
/// `{"x":1,"title":…,"key":"G","meter":"6/8","voices":[{"id":"1","notes":[["0","1/8",67]]}]}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Events {
    /// `X:` number.
    pub x: Option<u32>,
    /// Title.
    pub title: String,
    /// Key as ABC writes it.
    pub key: String,
    /// Meter as ABC writes it.
    pub meter: String,
    /// Each voice's notes.
    pub voices: Vec<EventsVoice>,
}

/// One voice of an [`Events`] record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventsVoice {
    /// Voice id.
    pub id: String,
    /// `[onset, duration, midi]`, onset and duration as fractions of a whole note.
    pub notes: Vec<(String, String, i32)>,
}

/// A tune's notes in performance order (repeats, endings and parts expanded).
pub fn events(t: &Tune) -> Events {
    Events {
        x: t.x,
        title: t.title.clone(),
        key: t.key.name(),
        meter: t.meter_text(),
        voices: t
            .performance()
            .into_iter()
            .map(|v| EventsVoice {
                id: v.id,
                notes: v
                    .notes
                    .iter()
                    .map(|n| (n.onset.to_string(), n.duration.to_string(), n.midi))
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "%abc-2.1\nL:1/4\n\nX:1\nT:One\nK:C\nCDEF|\n\nX:2\nT:Two\nM:3/4\nK:G\nGAB|\n";

    #[test]
    fn tunes_are_read_one_at_a_time_with_the_file_header() {
        let mut titles = Vec::new();
        let (diags, n) = tunes(TWO, |t| {
            titles.push(t.title.clone());
            Ok::<_, OpError>(true)
        })
        .unwrap();
        assert_eq!(n, 2);
        assert!(diags.is_clean());
        assert_eq!(titles, ["One", "Two"]);
        // Stopping after the first reads one.
        let (_, n) = tunes(TWO, |_| Ok::<_, OpError>(false)).unwrap();
        assert_eq!(n, 1);
        let (two, _) = tune_numbered(TWO, 2).unwrap();
        assert_eq!(two.unwrap().title, "Two");
    }

    #[test]
    fn a_file_is_written_back_and_transposed_tune_by_tune() {
        let mut same = String::new();
        format(TWO, |s| {
            same.push_str(s);
            Ok::<_, OpError>(())
        })
        .unwrap();
        let (whole, _) = jamsesh_abc::parse(TWO);
        assert_eq!(same, jamsesh_abc::write_file(&whole));
        let mut up = String::new();
        transpose_file(TWO, 2, |s| {
            up.push_str(s);
            Ok::<_, OpError>(())
        })
        .unwrap();
        // F♯ and C♯ are in the new keys, so no accidental is written.
        assert!(up.contains("K:D\nDEFG|"), "{up}");
        assert!(up.contains("K:A\nABc|"), "{up}");
        let e = transpose_file(TWO, 49, |_| Ok::<_, OpError>(())).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad options: transpose by 49 semitones: use −48…48"
        );
    }

    #[test]
    fn events_list_notes_in_performance_order() {
        let (t, _) = tune_numbered("X:3\nT:Rep\nL:1/4\nK:C\n|:CD:|\n", 3).unwrap();
        let e = events(&t.unwrap());
        assert_eq!(
            (e.x, e.title.as_str(), e.key.as_str()),
            (Some(3), "Rep", "C")
        );
        let json = serde_json::to_string(&e.voices[0].notes).unwrap();
        assert_eq!(
            json,
            r#"[["0","1/4",60],["1/4","1/4",62],["1/2","1/4",60],["3/4","1/4",62]]"#
        );
    }

    #[test]
    fn too_large_a_file_is_refused_before_reading() {
        let big = vec![b'%'; MAX_FILE_BYTES + 1];
        assert_eq!(decode(&big).unwrap_err().code(), "bad_abc");
        assert_eq!(
            decode(b"X:1\nT:Caf\xe9\nK:C\n").unwrap(),
            "X:1\nT:Café\nK:C\n"
        );
    }
}
