//! The JamSesh Discord bot (poise on serenity): `/jam` answers with an embed, the staff as a
//! PNG, MIDI and audio, and buttons for a new melody, a new progression, a harmony, steering,
//! transposing and a play-along, and a menu for each player's own part; `/chord`, `/scale`
//! and `/help`. Every operation goes through `jamsesh-ops` (the music lives in
//! `jamsesh-core`, `jamsesh-band` and `jamsesh-render` behind it); this crate only talks to Discord.

#![forbid(unsafe_code)]
// No function over 100 lines (`clippy.toml` sets the threshold).
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

mod commands;
mod guard;
pub mod health;
mod interactions;
pub mod kit;
mod markdown;
mod media;
mod part;
mod reply;

use guard::Guard;
use poise::serenity_prelude as serenity;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long shutdown waits for answers in flight (renders, follow-ups) after the gateway
/// closes: under Docker's default ten seconds between SIGTERM and SIGKILL.
const DRAIN: Duration = Duration::from_secs(8);
/// How often the health file is refreshed while the bot is healthy.
const HEALTH_EVERY: Duration = Duration::from_secs(10);

/// What every command and handler can reach.
#[derive(Clone, Debug)]
pub struct Data {
    guard: Guard,
    /// The LLM backend, when `JAMSESH_LLM_*` configure one.
    llm: Option<std::sync::Arc<jamsesh_ops::llm::Llm>>,
    /// The latest version of messages transposed in place, so presses at once all count.
    edits: interactions::Edits,
    /// Where REST calls go instead of Discord (a proxy, or the tests' fake), whose files
    /// are trusted like Discord's CDN.
    api_url: Option<String>,
    /// The General MIDI SoundFont play-alongs sound through, loaded at the first one.
    sound: Sound,
}

/// A SoundFont loaded once and shared, or none installed (the built-in synthesizer plays).
#[derive(Clone, Default)]
pub(crate) struct Sound(Arc<std::sync::OnceLock<Option<jamsesh_ops::soundfont::Font>>>);

impl std::fmt::Debug for Sound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.get() {
            None => f.write_str("Sound(not loaded yet)"),
            Some(None) => f.write_str("Sound(built-in synthesizer)"),
            Some(Some(_)) => f.write_str("Sound(SoundFont)"),
        }
    }
}

impl Sound {
    /// The SoundFont, loaded on first use (call off the async threads).
    pub(crate) fn font(&self) -> Option<&jamsesh_ops::soundfont::Font> {
        self.0
            .get_or_init(|| {
                let path = jamsesh_ops::soundfont::find()?;
                match jamsesh_ops::soundfont::Font::load(&path) {
                    Ok(font) => {
                        tracing::info!(font = %path.display(), "play-alongs sound through a SoundFont");
                        Some(font)
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "the SoundFont does not load; play-alongs use the built-in synthesizer");
                        None
                    }
                }
            })
            .as_ref()
    }
}

/// Errors of command handlers.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
type Context<'a> = poise::Context<'a, Data, Error>;

/// Which shards this process runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shards {
    /// As many as Discord recommends, all in this process.
    Auto,
    /// Shards `first..=last` of `total`, for running several processes.
    Range {
        /// First shard id.
        first: u32,
        /// Last shard id.
        last: u32,
        /// Shards across all processes.
        total: u32,
    },
}

/// How the bot runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The bot token.
    pub token: String,
    /// Send REST calls here instead of Discord (an HTTP proxy, or a test's fake Discord).
    pub api_url: Option<String>,
    /// Register commands in this guild only (instant, for development); otherwise globally.
    pub guild_id: Option<u64>,
    /// Shards run by this process.
    pub shards: Shards,
    /// Seconds a user waits between commands or button presses.
    pub cooldown: Duration,
    /// Renders allowed at once.
    pub max_renders: usize,
    /// The LLM backend for `/jam backend: llm|hybrid` (None: those answer with the engine).
    pub llm: Option<jamsesh_ops::llm::Config>,
    /// How long command registration is retried (with backoff) before the bot gives up and
    /// `run` returns an error, so a supervisor restarts it instead of it idling commandless.
    pub register_deadline: Duration,
    /// A file touched every few seconds while the bot is connected with its commands
    /// registered; `jamsesh bot --health` reads its age (see [`health`]).
    pub health_file: Option<PathBuf>,
    /// The HTTP client for Discord's REST API (default: serenity's own), e.g. one that goes
    /// through an outbound proxy or trusts a company's certificate authority. Unlike
    /// `api_url`, requests keep Discord's URLs and serenity's rate limiter.
    pub http_client: Option<reqwest::Client>,
}

/// Why the bot could not be configured or run.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// A required environment variable is missing or wrong.
    #[error("{0}")]
    Config(String),
    /// Discord (or the gateway) failed.
    #[error("discord: {0}")]
    Discord(Box<serenity::Error>),
    /// The slash commands could not be registered, so the bot could answer nothing.
    #[error("could not register the commands: {0}")]
    Registration(String),
}

impl From<serenity::Error> for BotError {
    fn from(e: serenity::Error) -> Self {
        BotError::Discord(Box::new(e))
    }
}

impl Config {
    /// A configuration with every default: one process running all shards, a 3 s cooldown,
    /// a render per core, registration retried for 5 minutes, the health file in the
    /// temporary directory, no LLM.
    pub fn new(token: impl Into<String>) -> Config {
        Config {
            token: token.into(),
            api_url: None,
            guild_id: None,
            shards: Shards::Auto,
            cooldown: Duration::from_secs(3),
            max_renders: std::thread::available_parallelism().map_or(2, |n| n.get()),
            llm: None,
            register_deadline: Duration::from_secs(300),
            health_file: Some(health::default_file()),
            http_client: None,
        }
    }

    /// Reads `DISCORD_TOKEN`, `JAMSESH_DISCORD_API_URL`, `DISCORD_GUILD_ID`,
    /// `JAMSESH_SHARDS` (`first-last/total`), `JAMSESH_COOLDOWN_SECONDS`,
    /// `JAMSESH_MAX_RENDERS`, `JAMSESH_REGISTER_TIMEOUT_SECONDS`, `JAMSESH_HEALTH_FILE` and
    /// the LLM backend's `JAMSESH_LLM_*` from the environment.
    pub fn from_env() -> Result<Config, BotError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let token = var("DISCORD_TOKEN").ok_or_else(|| {
            BotError::Config(
                "DISCORD_TOKEN is not set: put the bot's token in the environment".into(),
            )
        })?;
        let guild_id = var("DISCORD_GUILD_ID")
            .map(|g| {
                g.trim().parse::<u64>().map_err(|_| {
                    BotError::Config(format!("DISCORD_GUILD_ID `{g}` is not a guild id"))
                })
            })
            .transpose()?;
        let shards = match var("JAMSESH_SHARDS") {
            None => Shards::Auto,
            Some(s) => parse_shards(&s).ok_or_else(|| {
                BotError::Config(format!(
                    "JAMSESH_SHARDS `{s}` is not first-last/total, e.g. 0-3/8"
                ))
            })?,
        };
        let number = |name: &str, default: u64| -> Result<u64, BotError> {
            var(name).map_or(Ok(default), |v| {
                v.trim()
                    .parse()
                    .map_err(|_| BotError::Config(format!("{name} `{v}` is not a number")))
            })
        };
        let llm = jamsesh_ops::llm::Config::from_env_if_set()
            .map_err(|e| BotError::Config(e.to_string()))?;
        Ok(Config {
            llm,
            token,
            api_url: var("JAMSESH_DISCORD_API_URL"),
            guild_id,
            shards,
            cooldown: Duration::from_secs(number("JAMSESH_COOLDOWN_SECONDS", 3)?),
            max_renders: number(
                "JAMSESH_MAX_RENDERS",
                std::thread::available_parallelism().map_or(2, |n| n.get() as u64),
            )? as usize,
            register_deadline: Duration::from_secs(number(
                "JAMSESH_REGISTER_TIMEOUT_SECONDS",
                300,
            )?),
            health_file: Some(
                var("JAMSESH_HEALTH_FILE").map_or_else(health::default_file, PathBuf::from),
            ),
            http_client: None,
        })
    }
}

/// Reads `first-last/total`.
fn parse_shards(text: &str) -> Option<Shards> {
    let (range, total) = text.trim().split_once('/')?;
    let (first, last) = range.split_once('-')?;
    let (first, last, total) = (first.parse().ok()?, last.parse().ok()?, total.parse().ok()?);
    (first <= last && last < total).then_some(Shards::Range { first, last, total })
}

async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    match event {
        serenity::FullEvent::Ready { data_about_bot } => {
            tracing::info!(user = %data_about_bot.user.name, shard = ?data_about_bot.shard, "ready");
        }
        serenity::FullEvent::InteractionCreate { interaction } => {
            if matches!(
                interaction,
                serenity::Interaction::Component(_) | serenity::Interaction::Modal(_)
            ) {
                // Off the gateway task. A panic stays in its task, is logged, and the user
                // still gets an answer.
                let ctx = framework.serenity_context.clone();
                let data = framework.user_data.clone();
                let work = data.guard.work();
                let interaction = interaction.clone();
                let pressed = interaction.clone();
                let task = tokio::spawn(async move {
                    interactions::handle(&ctx, &data, &interaction).await;
                });
                let http = framework.serenity_context.http.clone();
                tokio::spawn(async move {
                    if let Err(e) = task.await {
                        if e.is_panic() {
                            tracing::error!("a button handler panicked: {e}");
                            interactions::answer_failure(&http, &pressed).await;
                        }
                    }
                    drop(work);
                });
            }
        }
        _ => {}
    }
    Ok(())
}

async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::warn!(command = %ctx.command().name, %error, "command failed");
            let _ = ctx.send(commands::notice(commands::FAILED)).await;
        }
        poise::FrameworkError::CommandPanic { ctx, payload, .. } => {
            tracing::error!(command = %ctx.command().name, ?payload, "command panicked");
            let _ = ctx.send(commands::notice(commands::FAILED)).await;
        }
        poise::FrameworkError::Setup { error, .. } => {
            // Reported through the fatal channel too; `run` stops the bot.
            tracing::error!(%error, "setup failed");
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::warn!(%e, "could not report an error");
            }
        }
    }
}

/// True for failures worth trying again: Discord's 5xx and 429, and the network.
pub(crate) fn transient(e: &serenity::Error) -> bool {
    match e {
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) => {
            r.status_code.is_server_error() || r.status_code.as_u16() == 429
        }
        serenity::Error::Http(serenity::HttpError::Request(_)) | serenity::Error::Io(_) => true,
        _ => false,
    }
}

/// Registers the commands, retrying transient failures with backoff (1 s, 2 s, 4 s … 30 s)
/// until `deadline` has passed; other failures (a bad token, commands Discord refuses) end it
/// at once.
async fn register(
    ctx: &serenity::Context,
    commands: &[poise::Command<Data, Error>],
    guild_id: Option<u64>,
    deadline: Duration,
) -> Result<(), BotError> {
    let started = tokio::time::Instant::now();
    let mut pause = Duration::from_secs(1);
    loop {
        let result = match guild_id {
            Some(g) => {
                poise::builtins::register_in_guild(ctx, commands, serenity::GuildId::new(g)).await
            }
            None => poise::builtins::register_globally(ctx, commands).await,
        };
        match result {
            Ok(()) => {
                tracing::info!(commands = commands.len(), "commands registered");
                return Ok(());
            }
            Err(e) if transient(&e) && started.elapsed() + pause < deadline => {
                tracing::warn!(error = %e, retry_in = ?pause, "command registration failed");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(30));
            }
            Err(e) => return Err(BotError::Registration(e.to_string())),
        }
    }
}

/// The client and what `run` watches beside it.
struct Built {
    client: serenity::Client,
    guard: Guard,
    /// Receives the error that makes the bot useless (registration given up).
    fatal: tokio::sync::mpsc::UnboundedReceiver<BotError>,
    /// Set once the commands are registered.
    registered: Arc<AtomicBool>,
}

/// Builds the client for a configuration: the commands, GUILDS as the only gateway intent
/// (interactions need none; no message, typing or reaction events flow in), no prefix
/// commands, and registration retried in the framework's setup.
async fn build(config: &Config) -> Result<Built, BotError> {
    let guard = Guard::new(config.cooldown, config.max_renders);
    let llm = match &config.llm {
        Some(c) => Some(std::sync::Arc::new(
            jamsesh_ops::llm::Llm::new(c.clone()).map_err(|e| BotError::Config(e.to_string()))?,
        )),
        None => None,
    };
    let guild_id = config.guild_id;
    let deadline = config.register_deadline;
    let (fatal_tx, fatal) = tokio::sync::mpsc::unbounded_channel();
    let registered = Arc::new(AtomicBool::new(false));
    let data = Data {
        guard: guard.clone(),
        llm,
        edits: interactions::Edits::default(),
        api_url: config.api_url.clone(),
        sound: Sound::default(),
    };
    let done = registered.clone();
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: vec![
                commands::jam(),
                commands::chord(),
                commands::scale(),
                commands::help(),
            ],
            event_handler: |framework, event| Box::pin(on_event(framework, event)),
            on_error: |error| Box::pin(on_error(error)),
            allowed_mentions: Some(commands::no_mentions()),
            ..Default::default()
        })
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                let commands = &framework.options().commands;
                if let Err(e) = register(ctx, commands, guild_id, deadline).await {
                    let message = e.to_string();
                    let _ = fatal_tx.send(e);
                    return Err(message.into());
                }
                done.store(true, Ordering::Release);
                Ok(data)
            })
        })
        .build();
    let mut http = serenity::HttpBuilder::new(&config.token);
    if let Some(client) = &config.http_client {
        http = http.client(client.clone());
    }
    if let Some(url) = &config.api_url {
        // serenity's rate limiter builds its requests without the proxy: turn it off so
        // every call goes to the proxy, which then owns rate limiting.
        http = http
            .proxy(url.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let client =
        serenity::ClientBuilder::new_with_http(http.build(), serenity::GatewayIntents::GUILDS)
            .framework(framework)
            .await?;
    Ok(Built {
        client,
        guard,
        fatal,
        registered,
    })
}

/// Runs the bot until SIGTERM or Ctrl-C, then closes the gateway connections and lets the
/// answers in flight finish.
pub async fn run(config: Config) -> Result<(), BotError> {
    run_until(config, shutdown_signal()).await
}

/// Runs the bot until `shutdown` resolves, then closes the gateway connections and waits (a
/// few seconds at most) for the answers in flight. Returns an error when the commands could
/// not be registered in time or the gateway failed.
pub async fn run_until(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BotError> {
    let Built {
        mut client,
        guard,
        mut fatal,
        registered,
    } = build(&config).await?;
    let shards = client.shard_manager.clone();
    let health = config.health_file.clone().map(|file| {
        let shards = shards.clone();
        let registered = registered.clone();
        tokio::spawn(health::keep_fresh(file, HEALTH_EVERY, move || {
            let shards = shards.clone();
            let registered = registered.clone();
            async move {
                registered.load(Ordering::Acquire)
                    && shards
                        .runners
                        .lock()
                        .await
                        .values()
                        .any(|r| matches!(r.stage, serenity::ConnectionStage::Connected))
            }
        }))
    });
    let running = async {
        match config.shards {
            Shards::Auto => client.start_autosharded().await,
            Shards::Range { first, last, total } => {
                client.start_shard_range(first..last + 1, total).await
            }
        }
    };
    let outcome = tokio::select! {
        result = running => result.map_err(BotError::from),
        () = shutdown => {
            tracing::info!("shutting down");
            Ok(())
        }
        Some(e) = fatal.recv() => {
            tracing::error!(error = %e, "giving up");
            Err(e)
        }
    };
    shards.shutdown_all().await;
    if let Some(task) = health {
        task.abort();
    }
    if let Some(file) = &config.health_file {
        let _ = std::fs::remove_file(file);
    }
    if !guard.drain(DRAIN).await {
        tracing::warn!("stopped with answers still in flight");
    }
    outcome
}

/// Resolves on SIGTERM (how containers are stopped) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_ranges_are_read_and_checked() {
        assert_eq!(
            parse_shards("0-3/8"),
            Some(Shards::Range {
                first: 0,
                last: 3,
                total: 8
            })
        );
        assert_eq!(parse_shards("4-8/8"), None);
        assert_eq!(parse_shards("3-1/8"), None);
        assert_eq!(parse_shards("lots"), None);
    }
}
