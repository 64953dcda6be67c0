//! What keeps a flood of commands from exhausting the machine: a per-user cooldown (slash
//! commands and buttons alike) and a cap on renders running at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Users tracked before old entries are swept.
const SWEEP_AT: usize = 10_000;

/// Per-user cooldowns and the render cap.
#[derive(Clone, Debug)]
pub struct Guard {
    cooldown: Duration,
    last: Arc<Mutex<HashMap<u64, Instant>>>,
    renders: Arc<Semaphore>,
    wait: Duration,
}

/// Why a request was turned away.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Busy {
    /// The user asked again too soon.
    #[error("easy there, try again in {0:.1} s")]
    Cooldown(f32),
    /// Every render slot stayed taken.
    #[error("JamSesh is busy with other jams right now; try again in a moment")]
    Full,
}

impl Guard {
    /// A guard allowing one request per user per `cooldown` and `renders` renders at once,
    /// waiting at most `wait` for a render slot.
    pub fn new(cooldown: Duration, renders: usize, wait: Duration) -> Guard {
        Guard {
            cooldown,
            last: Arc::new(Mutex::new(HashMap::new())),
            renders: Arc::new(Semaphore::new(renders.max(1))),
            wait,
        }
    }

    /// Records a request by `user`, or says how long to wait.
    pub fn check(&self, user: u64) -> Result<(), Busy> {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(at) = last.get(&user) {
            let since = now.duration_since(*at);
            if since < self.cooldown {
                return Err(Busy::Cooldown((self.cooldown - since).as_secs_f32()));
            }
        }
        if last.len() >= SWEEP_AT {
            let cooldown = self.cooldown;
            last.retain(|_, at| now.duration_since(*at) < cooldown);
        }
        last.insert(user, now);
        Ok(())
    }

    /// A render slot, waiting a little for one to free up.
    pub async fn render_slot(&self) -> Result<OwnedSemaphorePermit, Busy> {
        tokio::time::timeout(self.wait, self.renders.clone().acquire_owned())
            .await
            .map_err(|_| Busy::Full)?
            .map_err(|_| Busy::Full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_waits_out_the_cooldown_others_do_not() {
        let g = Guard::new(Duration::from_millis(50), 1, Duration::from_millis(10));
        assert_eq!(g.check(1), Ok(()));
        assert!(matches!(g.check(1), Err(Busy::Cooldown(s)) if s > 0.0));
        assert_eq!(g.check(2), Ok(()));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(g.check(1), Ok(()));
    }

    #[tokio::test]
    async fn renders_beyond_the_cap_are_turned_away() {
        let g = Guard::new(Duration::ZERO, 1, Duration::from_millis(20));
        let held = g.render_slot().await.unwrap();
        assert_eq!(g.render_slot().await.err(), Some(Busy::Full));
        drop(held);
        assert!(g.render_slot().await.is_ok());
    }
}
