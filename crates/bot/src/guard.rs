//! What keeps a flood of commands from exhausting the machine: a per-user cooldown (slash
//! commands and buttons alike), a cap on renders running at once with a short queue behind it,
//! and a count of the work in flight so shutdown can wait for it.
//!
//! Admission is decided *before* an interaction is deferred: Discord shows the first follow-up
//! after a public deferral to everyone, so "busy" must be said while it can still be said
//! privately. Once admitted, a request waits for its render slot without a deadline; the queue
//! is short enough that the wait stays a few renders long.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// Requests allowed to wait for a render slot, per slot.
const QUEUE_PER_SLOT: usize = 4;

/// Users tracked before old entries are swept.
const SWEEP_AT: usize = 10_000;

/// Per-user cooldowns and the render cap.
#[derive(Clone, Debug)]
pub struct Guard {
    cooldown: Duration,
    last: Arc<Mutex<HashMap<u64, Instant>>>,
    renders: Arc<Semaphore>,
    /// Render slots plus the queue: a request holds one of these from admission to its answer.
    admitted: Arc<Semaphore>,
    in_flight: Arc<InFlight>,
}

/// Work started and not finished, and a way to wait for it to reach zero.
#[derive(Debug, Default)]
struct InFlight {
    count: AtomicUsize,
    idle: Notify,
}

/// A request admitted to render: it will get a render slot, after the few ahead of it.
#[derive(Debug)]
pub struct Ticket {
    _place: OwnedSemaphorePermit,
    renders: Arc<Semaphore>,
}

/// Work in flight (a command or a press being answered); shutdown waits until none is left.
#[derive(Debug)]
pub struct Work(Arc<InFlight>);

impl Drop for Work {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

/// Why a request was turned away.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Busy {
    /// The user asked again too soon.
    #[error("easy there, try again in {0:.1} s")]
    Cooldown(f32),
    /// Every render slot and every place in the queue is taken.
    #[error("JamSesh is busy with other jams right now; try again in a few seconds")]
    Full,
}

impl Guard {
    /// A guard allowing one request per user per `cooldown`, `renders` renders at once and
    /// four requests a render slot waiting behind them.
    pub fn new(cooldown: Duration, renders: usize) -> Guard {
        let renders = renders.max(1);
        Guard {
            cooldown,
            last: Arc::new(Mutex::new(HashMap::new())),
            renders: Arc::new(Semaphore::new(renders)),
            admitted: Arc::new(Semaphore::new(renders * (1 + QUEUE_PER_SLOT))),
            in_flight: Arc::default(),
        }
    }

    /// Admits a request by `user`: checks the cooldown, then takes a place for its render.
    /// Says why not at once (the user waits too little since the last request, or every
    /// place is taken), never after a wait.
    pub fn admit(&self, user: u64) -> Result<Ticket, Busy> {
        let place = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| Busy::Full)?;
        self.check(user)?;
        Ok(Ticket {
            _place: place,
            renders: self.renders.clone(),
        })
    }

    /// Counts work in flight until the returned value is dropped.
    pub fn work(&self) -> Work {
        self.in_flight.count.fetch_add(1, Ordering::AcqRel);
        Work(self.in_flight.clone())
    }

    /// Waits until no work is in flight, or `limit` has passed; true when none is left.
    pub async fn drain(&self, limit: Duration) -> bool {
        let idle = async {
            loop {
                let notified = self.in_flight.idle.notified();
                if self.in_flight.count.load(Ordering::Acquire) == 0 {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(limit, idle).await.is_ok()
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
}

impl Ticket {
    /// The render slot this ticket waits for.
    pub async fn render_slot(&self) -> Result<OwnedSemaphorePermit, Busy> {
        self.renders
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Busy::Full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_waits_out_the_cooldown_others_do_not() {
        let g = Guard::new(Duration::from_millis(50), 1);
        assert_eq!(g.check(1), Ok(()));
        assert!(matches!(g.check(1), Err(Busy::Cooldown(s)) if s > 0.0));
        assert_eq!(g.check(2), Ok(()));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(g.check(1), Ok(()));
    }

    #[tokio::test]
    async fn requests_beyond_the_queue_are_turned_away_at_once() {
        let g = Guard::new(Duration::ZERO, 1);
        // One slot and four places in the queue.
        let tickets: Vec<Ticket> = (0..5).map(|u| g.admit(u).unwrap()).collect();
        assert_eq!(g.admit(9).err(), Some(Busy::Full));
        let slot = tickets[0].render_slot().await.unwrap();
        // The next ticket waits for the slot, and gets it when it frees.
        let waiting = tokio::time::timeout(Duration::from_millis(50), tickets[1].render_slot());
        assert!(waiting.await.is_err());
        drop(slot);
        assert!(tickets[1].render_slot().await.is_ok());
        drop(tickets);
        assert!(g.admit(9).is_ok());
    }

    #[tokio::test]
    async fn drain_waits_for_work_in_flight() {
        let g = Guard::new(Duration::ZERO, 1);
        assert!(g.drain(Duration::from_millis(10)).await);
        let work = g.work();
        assert!(!g.drain(Duration::from_millis(20)).await);
        let g2 = g.clone();
        let waiter = tokio::spawn(async move { g2.drain(Duration::from_secs(5)).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(work);
        assert!(waiter.await.unwrap());
    }
}
