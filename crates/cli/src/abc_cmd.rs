//! `jamsesh abc …`: check, fmt, transpose, events.

use crate::abc_events::EventsRecord;
use anyhow::Result;
use clap::Subcommand;
use jamsesh_abc::Section;
use std::io::Write;
use std::path::{Path, PathBuf};
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
            let (diags, tunes) = crate::input::for_each_tune(&src, |_| Ok(true))?;
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
        AbcCommand::Fmt { file } => print_tune_by_tune(&file, &mut out, |sections| sections)?,
        AbcCommand::Transpose { file, semitones } => {
            print_tune_by_tune(&file, &mut out, |sections| {
                let moved =
                    jamsesh_abc::transpose_file(&jamsesh_abc::AbcFile { sections }, semitones);
                moved.sections
            })?
        }
        AbcCommand::Events { file } => {
            let src = crate::input::read_text(&file)?;
            crate::input::for_each_tune(&src, |t| {
                serde_json::to_writer(&mut out, &EventsRecord::from(&t))?;
                out.write_all(b"\n")?;
                Ok(true)
            })?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Prints `file` in canonical ABC, each tune's sections changed by `change` first. Tune by
/// tune: each is parsed, printed and dropped before the next is read, so memory follows the
/// largest tune, not the file. Diagnostics go to stderr.
fn print_tune_by_tune(
    file: &Path,
    out: &mut impl Write,
    change: impl Fn(Vec<Section>) -> Vec<Section>,
) -> Result<()> {
    let src = crate::input::read_text(file)?;
    let mut first = true;
    let diags = crate::input::for_each_syntax(&src, |sections| {
        for section in change(sections) {
            if !first {
                // As `write_file` separates the sections of a whole file.
                out.write_all(b"\n")?;
            }
            first = false;
            let one = jamsesh_abc::AbcFile {
                sections: vec![section],
            };
            out.write_all(jamsesh_abc::write_file(&one).as_bytes())?;
        }
        Ok(())
    })?;
    eprint!("{}", diags.render(&crate::input::display_name(file), &src));
    Ok(())
}
