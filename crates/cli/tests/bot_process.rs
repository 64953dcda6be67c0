//! `jamsesh bot` as a real process against the fake Discord of the bot's tests: stopped with
//! SIGTERM it really goes (its gateway session closes, its health file goes, the process is
//! gone) and a second process answers the first one's buttons; a registration that keeps
//! failing exits 2; and a load of 200 `/jam` in 10 s from 50 users is acknowledged within
//! Discord's 3 s and answered, every one, with the bot's peak memory and the p99 latency
//! printed (the README quotes them).

#[path = "../../bot/tests/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{prompt, public, FakeDiscord, Shown};

/// Starts `jamsesh bot` against the fake, with its own health file.
fn bot(fake: &FakeDiscord, health: &std::path::Path, extra: &[(&str, &str)]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jamsesh"));
    command
        .arg("bot")
        .env("DISCORD_TOKEN", "fake-token")
        .env("JAMSESH_DISCORD_API_URL", &fake.url)
        .env("DISCORD_GUILD_ID", "42")
        .env("JAMSESH_HEALTH_FILE", health)
        .env("RUST_LOG", "warn")
        .env_remove("JAMSESH_LLM_BASE_URL")
        .env_remove("JAMSESH_LLM_MODEL")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (k, v) in extra {
        command.env(k, v);
    }
    command.spawn().expect("jamsesh bot starts")
}

/// Waits (at most `seconds`) for the process to exit; its status.
fn wait_exit(child: &mut Child, seconds: u64) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the bot did not exit within {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn sigterm(child: &Child) {
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
}

/// The process's peak resident memory (`VmHWM`), in KiB.
fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn health_file(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("jamsesh-{name}-{}.health", std::process::id()))
}

/// Waits until the `n`th registration of the commands was answered.
async fn registered(fake: &FakeDiscord, n: usize) {
    fake.wait_identified(n).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while fake
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .count()
        < n
    {
        assert!(Instant::now() < deadline, "not registered");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_really_stops_the_first_process() {
    let fake = FakeDiscord::start().await;
    let health = health_file("restart");
    let mut first = bot(&fake, &health, &[("JAMSESH_COOLDOWN_SECONDS", "0")]);
    registered(&fake, 1).await;
    assert_eq!(fake.sessions(), 1);
    let id = 1_700_000_000_000_000_001;
    fake.dispatch_interaction(support::command(id, 7, "jam", prompt("blues in G")));
    let jam: Shown = public(&fake, id, 30).await;
    // Healthy while it runs (the file is refreshed every 10 s once registered).
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ok = Command::new(env!("CARGO_BIN_EXE_jamsesh"))
            .args(["bot", "--health"])
            .env("JAMSESH_HEALTH_FILE", &health)
            .status()
            .unwrap()
            .success();
        if ok {
            break;
        }
        assert!(Instant::now() < deadline, "never healthy");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // SIGTERM: the process exits 0, its gateway session closes, its health file goes, and
    // the process is gone (not a zombie, not still answering).
    let pid = first.id();
    sigterm(&first);
    let status = wait_exit(&mut first, 15);
    assert!(status.success(), "{status:?}");
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists() || {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // The pid was reused by an unrelated process: not ours.
            !stat.contains("jamsesh")
        }
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while fake.sessions() > 0 {
        assert!(Instant::now() < deadline, "the gateway session stayed open");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(!health.exists(), "the health file outlived the bot");
    let unhealthy = Command::new(env!("CARGO_BIN_EXE_jamsesh"))
        .args(["bot", "--health"])
        .env("JAMSESH_HEALTH_FILE", &health)
        .output()
        .unwrap();
    assert_eq!(unhealthy.status.code(), Some(1));

    // The second process answers a button on the first one's message.
    let mut second = bot(&fake, &health, &[("JAMSESH_COOLDOWN_SECONDS", "0")]);
    registered(&fake, 2).await;
    assert_eq!(fake.sessions(), 1, "only the second process is connected");
    let id = 1_700_000_000_000_000_002;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &jamsesh_bot::kit::Action::NewMelody.custom_id(),
        &jam.message,
    ));
    let take = public(&fake, id, 30).await;
    assert_eq!(
        support::field(&take.payload["embeds"][0], "Progression"),
        support::field(&jam.payload["embeds"][0], "Progression")
    );
    sigterm(&second);
    assert!(wait_exit(&mut second, 15).success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_that_keeps_failing_exits_2() {
    let fake = FakeDiscord::start().await;
    fake.fail("PUT", "/commands", 1000, 500);
    let health = health_file("register");
    let started = Instant::now();
    let mut child = bot(&fake, &health, &[("JAMSESH_REGISTER_TIMEOUT_SECONDS", "2")]);
    let status = wait_exit(&mut child, 30);
    assert_eq!(status.code(), Some(2), "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(!health.exists());
}

/// The `p`-th percentile of sorted durations.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_jams_in_ten_seconds_from_fifty_users_are_all_answered() {
    let fake = FakeDiscord::start().await;
    let health = health_file("load");
    // The defaults a deployment has: a 3 s cooldown, a render per core and four waiting each.
    let mut child = bot(&fake, &health, &[]);
    registered(&fake, 1).await;
    let prompts = [
        "slow blues in E",
        "bossa nova in F",
        "funky groove in Bb",
        "celtic jig in D",
        "jazz waltz in A minor",
    ];
    let ids: Vec<u64> = (0..200).map(|i| 1_800_000_000_000_000_000 + i).collect();
    let started = Instant::now();
    for (i, &id) in ids.iter().enumerate() {
        // Every 50 ms: 200 in 10 s, users taking turns.
        let at = Duration::from_millis(50 * i as u64);
        if let Some(wait) = at.checked_sub(started.elapsed()) {
            tokio::time::sleep(wait).await;
        }
        let user = 9_000 + (i % 50) as u64;
        fake.dispatch_interaction(support::command(
            id,
            user,
            "jam",
            json!([{"name": "prompt", "type": 3, "value": prompts[i % prompts.len()]}]),
        ));
    }
    let dispatched = started.elapsed();
    // Every one answered: a jam for everyone, or a private "busy" or "easy there".
    let mut acks = Vec::new();
    let mut answers = Vec::new();
    let (mut jams, mut busy) = (0, 0);
    let deadline = Instant::now() + Duration::from_secs(180);
    for &id in &ids {
        let answer = loop {
            let shown = fake.shown_for(id);
            if let Some(s) = shown.iter().find(|s| s.public).or(shown.first()) {
                break s.clone();
            }
            assert!(Instant::now() < deadline, "{id} was never answered");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let (_, ack) = fake.callback(id).expect("acknowledged");
        acks.push(ack);
        answers.push(answer.after);
        if answer.public {
            assert!(answer.payload["embeds"][0]["title"].is_string());
            jams += 1;
        } else {
            let text = support::text_of(&answer);
            assert!(
                text.contains("busy") || text.contains("easy there"),
                "{text}"
            );
            assert_eq!(answer.how, "callback", "refused before deferring");
            busy += 1;
        }
    }
    let peak = peak_kib(child.id());
    sigterm(&child);
    assert!(wait_exit(&mut child, 20).success());
    acks.sort();
    answers.sort();
    let slowest_ack = *acks.last().unwrap();
    eprintln!(
        "load: 200 /jam dispatched in {dispatched:.1?} from 50 users: {jams} jams, {busy} refused privately (busy or cooldown); \
         acknowledged: p50 {:?}, p99 {:?}, max {slowest_ack:?}; answered: p50 {:?}, p99 {:?}, max {:?}; bot peak RSS {} MiB",
        percentile(&acks, 50.0),
        percentile(&acks, 99.0),
        percentile(&answers, 50.0),
        percentile(&answers, 99.0),
        answers.last().unwrap(),
        peak / 1024
    );
    assert_eq!(jams + busy, 200);
    assert!(slowest_ack < Duration::from_secs(3), "{slowest_ack:?}");
    assert!(jams >= 20, "only {jams} jams made");
}
