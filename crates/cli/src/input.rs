//! Reading the files users hand to `jamsesh`: a path or `-` for stdin, size-capped.

use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::Path;

/// Largest input read: far above any tune collection or jam, far below what would hurt.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The bytes of `path`, or of stdin for `-`; refuses more than [`MAX_INPUT_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let what = display_name(path);
    if path == Path::new("-") {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
            .with_context(|| format!("reading {what}"))?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        bail!(
            "{what} is larger than {} MB; JamSesh reads files up to that size",
            MAX_INPUT_BYTES >> 20
        );
    }
    Ok(bytes)
}

/// The text of `path` (or stdin): UTF-8, or ISO-8859-1 when it is not valid UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    Ok(jamsesh_abc::decode(&read_bytes(path)?).into_owned())
}

/// A jam read from the JSON text of `path`, within the sizes of
/// [`jamsesh_ops::cost::check_jam`].
pub fn jam_from_text(text: &str, path: &Path) -> Result<jamsesh_ops::Jam> {
    jamsesh_ops::parse_jam(text).map_err(|e| anyhow::anyhow!("{}: {e}", display_name(path)))
}

/// How to name an input in messages.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

/// Most diagnostics kept from one file read tune by tune (about 100 bytes each).
const MAX_DIAGNOSTICS: usize = 10_000;

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
pub fn for_each_tune(
    src: &str,
    mut each: impl FnMut(jamsesh_abc::Tune) -> Result<bool>,
) -> Result<(jamsesh_abc::Diagnostics, usize)> {
    let mut count = 0;
    let diags = for_each_piece(src, jamsesh_abc::parse_tunes, |tunes, _| {
        for tune in tunes {
            count += 1;
            if !each(tune)? {
                return Ok(false);
            }
        }
        Ok(true)
    })?;
    Ok((diags, count))
}

/// Reads a file's syntax one tune at a time, as [`for_each_tune`] reads its music, and hands
/// `each` the sections of each piece that are new: the file header and the text before the
/// first tune come with the first piece only. Printing each piece's sections one after the
/// other, a blank line between sections, prints the file as parsing it whole would.
pub fn for_each_syntax(
    src: &str,
    mut each: impl FnMut(Vec<jamsesh_abc::Section>) -> Result<()>,
) -> Result<jamsesh_abc::Diagnostics> {
    use jamsesh_abc::Section;
    for_each_piece(src, jamsesh_abc::parse, |file, seen| {
        let new = |section: &Section| match section {
            Section::FileHeader(_) => seen == 0,
            Section::Tune(t) => t.span.start >= seen,
            Section::FreeText(t) => t.span.start >= seen,
        };
        each(file.sections.into_iter().filter(new).collect())?;
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
fn for_each_piece<T>(
    src: &str,
    parse: impl Fn(&str) -> (T, jamsesh_abc::Diagnostics),
    mut each: impl FnMut(T, usize) -> Result<bool>,
) -> Result<jamsesh_abc::Diagnostics> {
    let starts = tune_starts(src);
    if starts.is_empty() {
        let (parsed, diags) = parse(src);
        each(parsed, 0)?;
        return Ok(diags);
    }
    let header = &src[..starts[0]];
    let mut all = jamsesh_abc::Diagnostics::default();
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
