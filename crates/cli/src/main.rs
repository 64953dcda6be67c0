//! `jamsesh`: the command-line face of JamSesh. Argument parsing and I/O only.

mod abc_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// JamSesh: jam kits for bands, and the ABC tools behind them.
#[derive(Parser)]
#[command(name = "jamsesh", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check, format, transpose and time ABC notation.
    #[command(subcommand)]
    Abc(abc_cmd::AbcCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Abc(cmd) => abc_cmd::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jamsesh: {e:#}");
            ExitCode::from(2)
        }
    }
}
