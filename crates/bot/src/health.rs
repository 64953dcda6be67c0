//! The health check: while the bot is connected to the gateway with its commands registered,
//! it rewrites a small file every few seconds; `jamsesh bot --health` (the Dockerfile's
//! `HEALTHCHECK`) passes when that file is fresh. A bot that lost its gateway, never got its
//! commands registered or hangs stops refreshing it and is reported unhealthy, so Docker or
//! an orchestrator can restart it. A file, not a port: nothing is exposed, and it works with
//! any number of processes on one machine (give each its own `JAMSESH_HEALTH_FILE`).

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How old the file may be and still count as healthy: a few missed refreshes.
pub const MAX_AGE: Duration = Duration::from_secs(45);

/// Where the file is when `JAMSESH_HEALTH_FILE` does not say.
pub fn default_file() -> PathBuf {
    std::env::temp_dir().join("jamsesh-bot.health")
}

/// Rewrites `file` with the current time every `every` while `healthy()` says so.
pub async fn keep_fresh<F, Fut>(file: PathBuf, every: Duration, healthy: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool>,
{
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if healthy().await {
            let now = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            if let Err(e) = std::fs::write(&file, format!("{now}\n")) {
                tracing::warn!(file = %file.display(), error = %e, "could not write the health file");
            }
        }
    }
}

/// Passes when `file` was refreshed within `max_age`; otherwise says why not.
pub fn check(file: &Path, max_age: Duration) -> Result<(), String> {
    let modified = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .map_err(|e| {
            format!(
                "no health file at {} ({e}): the bot is not running, not connected, or its commands are not registered",
                file.display()
            )
        })?;
    let age = SystemTime::now()
        .duration_since(modified)
        .unwrap_or(Duration::ZERO);
    if age > max_age {
        return Err(format!(
            "the health file is {} s old (at most {} s): the bot lost its gateway connection or hangs",
            age.as_secs(),
            max_age.as_secs()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_file_is_fresh_only_while_healthy() {
        let file = std::env::temp_dir().join(format!("jamsesh-health-test-{}", std::process::id()));
        let _ = std::fs::remove_file(&file);
        assert!(check(&file, MAX_AGE).is_err());
        let unhealthy = tokio::spawn(keep_fresh(
            file.clone(),
            Duration::from_millis(10),
            || async { false },
        ));
        tokio::time::sleep(Duration::from_millis(50)).await;
        unhealthy.abort();
        assert!(check(&file, MAX_AGE).is_err(), "written while unhealthy");
        let healthy = tokio::spawn(keep_fresh(
            file.clone(),
            Duration::from_millis(10),
            || async { true },
        ));
        tokio::time::sleep(Duration::from_millis(50)).await;
        healthy.abort();
        assert_eq!(check(&file, MAX_AGE), Ok(()));
        std::thread::sleep(Duration::from_millis(1100));
        assert!(check(&file, Duration::from_secs(1)).is_err(), "stale");
        let _ = std::fs::remove_file(&file);
    }
}
