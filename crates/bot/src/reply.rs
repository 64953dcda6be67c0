//! Answers that survive a bad moment at Discord: a request that fails with a 5xx, a 429 or a
//! network error is sent once more after a pause. One retry, not more: the interaction token
//! lives 15 minutes, but the user is waiting now, and a second failure is better reported
//! (ephemerally) than retried in silence.

use poise::serenity_prelude as serenity;
use std::future::Future;
use std::time::Duration;

/// The pause before the retry (Discord's `retry_after` for interaction routes is about this).
const PAUSE: Duration = Duration::from_millis(1000);

/// Runs `send`; when it fails transiently, waits and runs it once more.
pub(crate) async fn with_retry<T, F, Fut>(what: &str, mut send: F) -> serenity::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = serenity::Result<T>>,
{
    match send().await {
        Err(e) if crate::transient(&e) => {
            tracing::warn!(%what, error = %e, "failed; trying once more");
            tokio::time::sleep(PAUSE).await;
            send().await
        }
        other => other,
    }
}
