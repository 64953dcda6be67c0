//! `jamsesh`: the command-line face of JamSesh. Argument parsing and I/O only.

#![forbid(unsafe_code)]
// No function over 100 lines (`clippy.toml` sets the threshold).
#![warn(clippy::too_many_lines)]

mod abc_cmd;
mod bot_cmd;
mod input;
mod jam_cmd;
mod play_cmd;
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
    /// Compose a jam kit from a prompt (embedded engine, or an LLM with --backend llm|hybrid).
    Jam(jam_cmd::JamArgs),
    /// Change a jam: new melody, new progression, harmony voice, transpose.
    JamOp(jam_cmd::OpArgs),
    /// Judge a jam (JSON) with the critic; exit 1 when it is invalid.
    Critic {
        /// The jam file (`-` for stdin).
        file: std::path::PathBuf,
    },
    /// The band plays a jam's changes for you to practise over: drums, bass and comping in
    /// its style, a count-in, choruses and an ending (`.mid` or `.wav`).
    PlayAlong(play_cmd::PlayArgs),
    /// Render an ABC tune to a staff (`.svg`, `.png`), MIDI with a backing (`.mid`) or audio (`.wav`).
    Render(render_cmd::RenderArgs),
    /// Check, format, transpose and time ABC notation.
    #[command(subcommand)]
    Abc(abc_cmd::AbcCommand),
    /// Run the Discord bot. Needs DISCORD_TOKEN; optional DISCORD_GUILD_ID (register commands
    /// in one guild, for development), JAMSESH_DISCORD_API_URL (send REST calls through a
    /// proxy), JAMSESH_SHARDS (`first-last/total`), JAMSESH_COOLDOWN_SECONDS,
    /// JAMSESH_MAX_RENDERS, JAMSESH_REGISTER_TIMEOUT_SECONDS, JAMSESH_HEALTH_FILE, RUST_LOG,
    /// JAMSESH_LOG_FORMAT=json.
    Bot {
        /// Check a running bot's health (its health file is fresh) and exit 0, or 1 saying why.
        #[arg(long)]
        health: bool,
    },
    /// Serve the JSON API, the browser widget and a demo page over HTTP.
    Serve(serve_cmd::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Jam(args) => jam_cmd::run_jam(args),
        Command::JamOp(args) => jam_cmd::run_op(args),
        Command::Critic { file } => jam_cmd::run_critic(file),
        Command::PlayAlong(args) => play_cmd::run(args),
        Command::Render(args) => render_cmd::run(args),
        Command::Abc(cmd) => abc_cmd::run(cmd),
        Command::Bot { health: false } => bot_cmd::run(),
        Command::Bot { health: true } => bot_cmd::health(),
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
