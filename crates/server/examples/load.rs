//! Load test: how many "generate a jam, then draw it as PNG" round trips `jamsesh serve`
//! answers per second on 127.0.0.1, with `clients` clients asking back to back.
//!
//!   cargo run --release -p jamsesh-server --example load -- [clients] [seconds]
//!
//! Starts its own server (rate limiting off, the default work limit) and prints throughput and
//! latency percentiles.

use jamsesh_server::ratelimit::RateConfig;
use jamsesh_server::{serve_on, Config};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const PROMPTS: [&str; 6] = [
    "funky slow groove in Bb",
    "slow blues in E",
    "celtic jig in D",
    "bossa nova in A minor",
    "jazz ballad in Eb for tenor sax",
    "upbeat rock in G",
];

/// A JSON POST that must succeed.
async fn post(
    http: &reqwest::Client,
    url: String,
    body: &Value,
) -> Result<reqwest::Response, String> {
    http.post(url)
        .json(body)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| e.to_string())
}

/// One round trip: a jam, then its example as a 1000 px PNG.
async fn round_trip(http: &reqwest::Client, base: &str, n: u64) -> Result<usize, String> {
    let prompt = PROMPTS[n as usize % PROMPTS.len()];
    let body = json!({"prompt": prompt, "seed": n});
    let jam: Value = post(http, format!("{base}/api/jam"), &body)
        .await?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let body = json!({"abc": jam["example"], "width": 1000});
    let png = post(http, format!("{base}/api/render/png"), &body)
        .await?
        .bytes()
        .await
        .map_err(|e| e.to_string())?;
    Ok(png.len())
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let clients: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(8);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = Config {
        rate: RateConfig {
            burst: 0,
            per_second: 0.0,
        },
        ..Config::default()
    };
    tokio::spawn(async move { serve_on(listener, &config, std::future::pending()).await });

    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let (http, base) = (http.clone(), base.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut n = c;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    if let Err(e) = round_trip(&http, &base, n).await {
                        panic!("round trip failed: {e}");
                    }
                    latencies.push(t.elapsed());
                    n += clients;
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for w in workers {
        latencies.extend(w.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e3;
    println!(
        "{clients} clients, {:.1} s: {} round trips (generate + PNG), {:.1}/s; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms; {} CPU cores",
        elapsed,
        latencies.len(),
        latencies.len() as f64 / elapsed,
        pct(0.5),
        pct(0.95),
        pct(0.99),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
}
