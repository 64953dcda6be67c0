//! `jamsesh`: the command-line face of JamSesh. Argument parsing and I/O only.

mod abc_cmd;
mod input;
mod jam_cmd;
mod render_cmd;
mod serve_cmd;

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
    /// Compose a jam kit from a prompt with the embedded engine.
    Jam(jam_cmd::JamArgs),
    /// Change a jam: new melody, new progression, harmony voice, transpose.
    JamOp(jam_cmd::OpArgs),
    /// Judge a jam (JSON) with the critic; exit 1 when it is invalid.
    Critic {
        /// The jam file (`-` for stdin).
        file: std::path::PathBuf,
    },
    /// Render an ABC tune: `--out tune.mid` (a Standard MIDI File with a chord and bass backing).
    Render(render_cmd::RenderArgs),
    /// Check, format, transpose and time ABC notation.
    #[command(subcommand)]
    Abc(abc_cmd::AbcCommand),
    /// Serve the JSON API, the browser widget and a demo page over HTTP.
    Serve(serve_cmd::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Jam(args) => jam_cmd::run_jam(args),
        Command::JamOp(args) => jam_cmd::run_op(args),
        Command::Critic { file } => jam_cmd::run_critic(file),
        Command::Render(args) => render_cmd::run(args),
        Command::Abc(cmd) => abc_cmd::run(cmd),
        Command::Serve(args) => serve_cmd::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jamsesh: {e:#}");
            ExitCode::from(2)
        }
    }
}
