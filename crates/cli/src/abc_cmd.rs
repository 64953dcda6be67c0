//! `jamsesh abc …`: check, fmt, transpose, events.

use anyhow::{Context, Result};
use clap::Subcommand;
use jamsesh_abc::semantics::EventsRecord;
use std::io::{Read, Write};
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

/// Reads a file (or stdin for `-`); text that is not UTF-8 is read as ISO-8859-1.
fn read_source(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    }
    Ok(jamsesh_abc::decode(&bytes).into_owned())
}

fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

/// Runs one ABC subcommand.
pub fn run(cmd: AbcCommand) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match cmd {
        AbcCommand::Check { file } => {
            let src = read_source(&file)?;
            let (_, diags) = jamsesh_abc::parse_tunes(&src);
            eprint!("{}", diags.render(&display_name(&file), &src));
            return Ok(if diags.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        AbcCommand::Fmt { file } => {
            let src = read_source(&file)?;
            let (tree, diags) = jamsesh_abc::parse(&src);
            eprint!("{}", diags.render(&display_name(&file), &src));
            out.write_all(jamsesh_abc::write::write_file(&tree).as_bytes())?;
        }
        AbcCommand::Transpose { file, semitones } => {
            let src = read_source(&file)?;
            let (tree, diags) = jamsesh_abc::parse(&src);
            eprint!("{}", diags.render(&display_name(&file), &src));
            let moved = jamsesh_abc::transpose::transpose_file(&tree, semitones);
            out.write_all(jamsesh_abc::write::write_file(&moved).as_bytes())?;
        }
        AbcCommand::Events { file } => {
            let src = read_source(&file)?;
            let (tunes, _) = jamsesh_abc::parse_tunes(&src);
            for t in &tunes {
                serde_json::to_writer(&mut out, &EventsRecord::from(t))?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
