//! A per-client token bucket: each IP address may make `burst` requests at once, refilled at
//! `per_second` requests per second.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many requests a client may make.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateConfig {
    /// Requests allowed at once (the bucket's size); 0 turns limiting off.
    pub burst: u32,
    /// Requests per second refilled.
    pub per_second: f64,
}

impl Default for RateConfig {
    fn default() -> Self {
        RateConfig {
            burst: 30,
            per_second: 2.0,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Buckets by client address.
#[derive(Debug)]
pub struct RateLimiter {
    config: RateConfig,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

/// Clients remembered before idle full buckets are dropped.
const PRUNE_AT: usize = 10_000;

impl RateLimiter {
    /// A limiter with every bucket full.
    pub fn new(config: RateConfig) -> RateLimiter {
        RateLimiter {
            config,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `ip` at time `now`: `Ok(())`, or how long until the next one.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let RateConfig { burst, per_second } = self.config;
        if burst == 0 {
            return Ok(());
        }
        let capacity = f64::from(burst);
        let rate = per_second.max(1e-6);
        // A poisoned lock only means another request panicked mid-update; the map is still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= PRUNE_AT {
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.updated).as_secs_f64() * rate < capacity
            });
        }
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill() {
        let limiter = RateLimiter::new(RateConfig {
            burst: 3,
            per_second: 2.0,
        });
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check(ip, t0).is_ok());
        }
        let wait = limiter.check(ip, t0).unwrap_err();
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-6, "{wait:?}");
        // Another client has its own bucket.
        assert!(limiter.check(other, t0).is_ok());
        // Half a second later one token is back, and only one.
        let t1 = t0 + Duration::from_millis(500);
        assert!(limiter.check(ip, t1).is_ok());
        assert!(limiter.check(ip, t1).is_err());
        // A long pause refills to the burst, not beyond.
        let t2 = t1 + Duration::from_secs(3600);
        for _ in 0..3 {
            assert!(limiter.check(ip, t2).is_ok());
        }
        assert!(limiter.check(ip, t2).is_err());
    }

    #[test]
    fn zero_burst_is_unlimited() {
        let limiter = RateLimiter::new(RateConfig {
            burst: 0,
            per_second: 0.0,
        });
        let ip: IpAddr = "::1".parse().unwrap();
        let now = Instant::now();
        assert!((0..1000).all(|_| limiter.check(ip, now).is_ok()));
    }
}
