//! Reading the files users hand to `jamsesh`: a path or `-` for stdin, size-capped.

use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::Path;

/// Largest input read: the largest ABC file `jamsesh_ops::abc` reads, far above any tune
/// collection or jam.
pub const MAX_INPUT_BYTES: u64 = jamsesh_ops::abc::MAX_FILE_BYTES as u64;

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
    Ok(jamsesh_ops::abc::decode(&read_bytes(path)?)?)
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
