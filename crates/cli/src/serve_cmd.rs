//! `jamsesh serve`: the JSON API, the widget's assets and a demo page over HTTP.

use crate::jam_cmd::LlmServerArgs;
use anyhow::Result;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// `serve` arguments.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// An origin allowed to call the API from another site (repeatable; `*` for any).
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// Directory served at /assets/ (the widget, built by scripts/build-widget).
    #[arg(long, env = "JAMSESH_ASSETS", default_value = "web/dist")]
    pub assets: PathBuf,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = 256 * 1024)]
    pub body_limit: usize,
    /// Requests a client may make at once (0 turns rate limiting off).
    #[arg(long, default_value_t = 30)]
    pub rate_burst: u32,
    /// Requests per second a client's allowance refills by.
    #[arg(long, default_value_t = 2.0)]
    pub rate_per_second: f64,
    /// Compositions and renderings run at once (default: twice the CPU cores); more wait.
    #[arg(long)]
    pub max_work: Option<usize>,
    /// Connections open at once; more are answered 503 and closed.
    #[arg(long, default_value_t = 512)]
    pub max_connections: usize,
    /// Seconds a request's head and body may take to arrive (and an idle connection stays open).
    #[arg(long, default_value_t = 10.0)]
    pub read_timeout: f64,
    /// The LLM backend that requests with `"backend": "llm"` or `"hybrid"` use (none unless a
    /// base URL and model are given here or in JAMSESH_LLM_* env vars).
    #[command(flatten)]
    pub llm: LlmServerArgs,
}

/// Runs `serve` until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    if !(args.rate_per_second.is_finite() && args.rate_per_second >= 0.0) {
        anyhow::bail!("--rate-per-second must be a number ≥ 0");
    }
    if !(args.read_timeout.is_finite() && (0.1..=3600.0).contains(&args.read_timeout)) {
        anyhow::bail!("--read-timeout must be between 0.1 and 3600 seconds");
    }
    let defaults = jamsesh_server::Config::default();
    jamsesh_server::run(jamsesh_server::Config {
        llm: args.llm.config().if_named()?,
        max_work: args.max_work.unwrap_or(defaults.max_work).max(1),
        addr: args.addr,
        cors_origins: args.cors_origins,
        assets: Some(args.assets),
        body_limit: args.body_limit,
        max_connections: args.max_connections.max(1),
        read_timeout: std::time::Duration::from_secs_f64(args.read_timeout),
        rate: jamsesh_server::ratelimit::RateConfig {
            burst: args.rate_burst,
            per_second: args.rate_per_second,
        },
    })?;
    Ok(ExitCode::SUCCESS)
}
