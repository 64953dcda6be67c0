//! SIGTERM (how containers are stopped) ends the bot cleanly: `run` returns `Ok` promptly.

mod support;

use jamsesh_bot::{Config, Shards};
use std::time::Duration;
use support::FakeDiscord;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_the_gateway_and_returns() {
    let fake = FakeDiscord::start().await;
    let config = Config {
        token: "fake-token".into(),
        api_url: Some(fake.url.clone()),
        guild_id: None,
        shards: Shards::Range {
            first: 0,
            last: 0,
            total: 1,
        },
        cooldown: Duration::from_secs(3),
        max_renders: 1,
        llm: None,
        register_deadline: Duration::from_secs(30),
        health_file: None,
        ..Config::new("fake-token")
    };
    let bot = tokio::spawn(jamsesh_bot::run(config));
    fake.wait_identified(1).await;
    // Global registration when no development guild is set.
    fake.wait_for(0, 10, |r| {
        r.method == "PUT" && r.path.ends_with("/commands") && !r.path.contains("/guilds/")
    })
    .await;
    let status = std::process::Command::new("kill")
        .args(["-TERM", &std::process::id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let ended = tokio::time::timeout(Duration::from_secs(10), bot)
        .await
        .expect("the bot kept running after SIGTERM")
        .unwrap();
    assert!(ended.is_ok(), "{ended:?}");
}
