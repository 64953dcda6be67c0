//! `jamsesh bot`: runs the Discord bot, configured from the environment; `jamsesh bot
//! --health` checks a running one (for Docker's `HEALTHCHECK`).

use anyhow::Result;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// Logs to stderr: `RUST_LOG` filters (default: info, serenity's chatter at warn), and
/// `JAMSESH_LOG_FORMAT=json` gives one JSON object per line for log collectors.
fn init_logs() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,serenity=warn,poise=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("JAMSESH_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

pub fn run() -> Result<ExitCode> {
    let config = match jamsesh_bot::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("jamsesh bot: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    init_logs();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(jamsesh_bot::run(config))?;
    Ok(ExitCode::SUCCESS)
}

/// Exits 0 when the bot's health file (`JAMSESH_HEALTH_FILE`, or the default) is fresh, 1
/// with the reason otherwise. Needs no token.
pub fn health() -> Result<ExitCode> {
    let file = std::env::var("JAMSESH_HEALTH_FILE")
        .ok()
        .filter(|f| !f.trim().is_empty())
        .map_or_else(jamsesh_bot::health::default_file, std::path::PathBuf::from);
    match jamsesh_bot::health::check(&file, jamsesh_bot::health::MAX_AGE) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(why) => {
            eprintln!("jamsesh bot: unhealthy: {why}");
            Ok(ExitCode::from(1))
        }
    }
}
