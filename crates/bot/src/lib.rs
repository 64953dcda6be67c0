//! The JamSesh Discord bot (poise on serenity): `/jam` answers with an embed, the staff as a
//! PNG, MIDI and audio, and buttons for a new melody, a new progression, a harmony, steering
//! and transposing; `/chord`, `/scale` and `/help`. Music logic lives in `jamsesh-core` and
//! `jamsesh-render`; this crate only talks to Discord.

#![warn(missing_docs)]

mod commands;
mod guard;
mod interactions;
pub mod kit;
pub mod media;

use guard::Guard;
use poise::serenity_prelude as serenity;
use std::time::Duration;

/// What every command and handler can reach.
#[derive(Clone, Debug)]
pub struct Data {
    guard: Guard,
    /// The LLM backend, when `JAMSESH_LLM_*` configure one.
    llm: Option<std::sync::Arc<jamsesh_llm::Llm>>,
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
    pub llm: Option<jamsesh_llm::Config>,
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
}

impl From<serenity::Error> for BotError {
    fn from(e: serenity::Error) -> Self {
        BotError::Discord(Box::new(e))
    }
}

impl Config {
    /// Reads `DISCORD_TOKEN`, `JAMSESH_DISCORD_API_URL`, `DISCORD_GUILD_ID`,
    /// `JAMSESH_SHARDS` (`first-last/total`), `JAMSESH_COOLDOWN_SECONDS`,
    /// `JAMSESH_MAX_RENDERS` and the LLM backend's `JAMSESH_LLM_*` from the environment.
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
        let llm =
            jamsesh_llm::Config::from_env_if_set().map_err(|e| BotError::Config(e.to_string()))?;
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
                // Off the gateway task; a panic stays in its task and is logged.
                let ctx = framework.serenity_context.clone();
                let data = framework.user_data.clone();
                let interaction = interaction.clone();
                let task = tokio::spawn(async move {
                    interactions::handle(&ctx, &data, &interaction).await;
                });
                tokio::spawn(async move {
                    if let Err(e) = task.await {
                        if e.is_panic() {
                            tracing::error!("a button handler panicked: {e}");
                        }
                    }
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
            let _ = ctx
                .send(commands::notice(
                    "Something went wrong making that; please try again.",
                ))
                .await;
        }
        poise::FrameworkError::CommandPanic { ctx, payload, .. } => {
            tracing::error!(command = %ctx.command().name, ?payload, "command panicked");
            let _ = ctx
                .send(commands::notice(
                    "Something went wrong making that; please try again.",
                ))
                .await;
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::warn!(%e, "could not report an error");
            }
        }
    }
}

/// Builds the client for a configuration.
pub async fn client(config: &Config) -> Result<serenity::Client, BotError> {
    let guard = Guard::new(config.cooldown, config.max_renders, Duration::from_secs(20));
    let llm = match &config.llm {
        Some(c) => Some(std::sync::Arc::new(
            jamsesh_llm::Llm::new(c.clone()).map_err(|e| BotError::Config(e.to_string()))?,
        )),
        None => None,
    };
    let guild_id = config.guild_id;
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
                match guild_id {
                    Some(g) => {
                        poise::builtins::register_in_guild(ctx, commands, serenity::GuildId::new(g))
                            .await?
                    }
                    None => poise::builtins::register_globally(ctx, commands).await?,
                }
                Ok(Data { guard, llm })
            })
        })
        .build();
    let mut http = serenity::HttpBuilder::new(&config.token);
    if let Some(url) = &config.api_url {
        // serenity's rate limiter builds its requests without the proxy: turn it off so
        // every call goes to the proxy, which then owns rate limiting.
        http = http
            .proxy(url.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    Ok(serenity::ClientBuilder::new_with_http(
        http.build(),
        serenity::GatewayIntents::non_privileged(),
    )
    .framework(framework)
    .await?)
}

/// Runs the bot until SIGTERM or Ctrl-C, then closes the gateway connections cleanly.
pub async fn run(config: Config) -> Result<(), BotError> {
    let mut client = client(&config).await?;
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        shards.shutdown_all().await;
    });
    match config.shards {
        Shards::Auto => client.start_autosharded().await?,
        Shards::Range { first, last, total } => {
            client.start_shard_range(first..last + 1, total).await?
        }
    }
    Ok(())
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
