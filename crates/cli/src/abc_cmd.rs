//! `jamsesh abc …`: check, fmt, transpose, events.

use anyhow::Result;
use clap::Subcommand;
use jamsesh_ops::abc;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// ABC subcommands. FILE may be `-` for standard input.
#[derive(Subcommand)]
pub enum AbcCommand {
    /// Report problems as FILE:LINE:COL: messages; exit 1 if there are errors.
    Check {
        /// The ABC file (`-` for stdin).
        file: PathBuf,
    },
    /// Print the file in canonical ABC.
    Fmt {
        /// The ABC file (`-` for stdin).
        file: PathBuf,
    },
    /// Print the file moved by N semitones, spelled in the new key.
    Transpose {
        /// The ABC file (`-` for stdin).
        file: PathBuf,
        /// Semitones, negative for down.
        #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(i32).range(-48..=48))]
        semitones: i32,
    },
    /// Print each tune's notes in performance order as JSON Lines.
    Events {
        /// The ABC file (`-` for stdin).
        file: PathBuf,
    },
}

/// Runs one ABC subcommand.
pub fn run(cmd: AbcCommand) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match cmd {
        AbcCommand::Check { file } => {
            let src = crate::input::read_text(&file)?;
            // Tune by tune: each is parsed, checked and dropped before the next.
            let (diags, tunes) = abc::tunes(&src, |_| Ok::<_, anyhow::Error>(true))?;
            let name = crate::input::display_name(&file);
            eprint!("{}", diags.render(&name, &src));
            if tunes == 0 {
                // As `render` says: nothing to check is an error, not a clean file.
                anyhow::bail!("{name} holds no tune (a tune starts with an `X:` line)");
            }
            return Ok(if diags.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        // Tune by tune: each is parsed, printed and dropped before the next is read, so memory
        // follows the largest tune, not the file. Diagnostics go to stderr.
        AbcCommand::Fmt { file } => {
            let src = crate::input::read_text(&file)?;
            let diags = abc::format(&src, |text| write_all(&mut out, text))?;
            eprint!("{}", diags.render(&crate::input::display_name(&file), &src));
        }
        AbcCommand::Transpose { file, semitones } => {
            let src = crate::input::read_text(&file)?;
            let diags = abc::transpose_file(&src, semitones, |text| write_all(&mut out, text))?;
            eprint!("{}", diags.render(&crate::input::display_name(&file), &src));
        }
        AbcCommand::Events { file } => {
            let src = crate::input::read_text(&file)?;
            abc::tunes(&src, |t| {
                serde_json::to_writer(&mut out, &abc::events(&t))?;
                out.write_all(b"\n")?;
                Ok::<_, anyhow::Error>(true)
            })?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `out`.
fn write_all(out: &mut impl Write, text: &str) -> Result<()> {
    Ok(out.write_all(text.as_bytes())?)
}
