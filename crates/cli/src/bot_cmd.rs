//! `jamsesh bot`: runs the Discord bot, configured from the environment.

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
