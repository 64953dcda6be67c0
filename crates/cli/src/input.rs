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

/// Byte offsets of the lines that start a tune (`X:` at the start of a line).
fn tune_starts(src: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    if src.starts_with("X:") {
        starts.push(0);
    }
    starts.extend(memchr_lines(src).filter(|&i| src[i..].starts_with("X:")));
    starts
}

/// Offsets just after each `\n` of `src`.
fn memchr_lines(src: &str) -> impl Iterator<Item = usize> + '_ {
    src.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

/// Reads a file's tunes one at a time and hands each to `each` (which returns false to stop):
/// every tune is parsed with the file header alone and dropped before the next is read, so
/// memory follows the largest tune, not the file (a 3 MB collection is checked in tens of
/// megabytes, where parsing it whole took about 340 bytes per byte). Returns the diagnostics,
/// their spans in the whole file (the header's reported once), and the number of tunes read.
///
/// Files the parser must read line by line as a whole (text blocks, which may hold `X:` lines;
/// lone `\r` line ends; a byte-order mark) are parsed whole.
pub fn for_each_tune(
    src: &str,
    mut each: impl FnMut(jamsesh_abc::Tune) -> Result<bool>,
) -> Result<(jamsesh_abc::Diagnostics, usize)> {
    let starts = tune_starts(src);
    let whole = starts.is_empty()
        || src.starts_with('\u{feff}')
        || src.contains("%%begintext")
        || src
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'\r' && w[1] != b'\n');
    if whole {
        let (tunes, diags) = jamsesh_abc::parse_tunes(src);
        let mut count = 0;
        for tune in tunes {
            count += 1;
            if !each(tune)? {
                break;
            }
        }
        return Ok((diags, count));
    }
    let header = &src[..starts[0]];
    let mut all = jamsesh_abc::Diagnostics::default();
    let mut text = String::new();
    let mut count = 0;
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(src.len());
        text.clear();
        text.push_str(header);
        text.push_str(&src[start..end]);
        let (tunes, diags) = jamsesh_abc::parse_tunes(&text);
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
        for tune in tunes {
            count += 1;
            if !each(tune)? {
                return Ok((all, count));
            }
        }
    }
    Ok((all, count))
}
