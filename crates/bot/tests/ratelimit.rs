//! The bot on its default HTTP path — Discord's own URLs, serenity's rate limiter on — as it
//! runs in production: the fake Discord is served over TLS as `https://discord.com`, and the
//! bot's HTTP client resolves that name to it (and accepts its test certificate). The other
//! tests use `JAMSESH_DISCORD_API_URL`, which turns serenity's rate limiter off.

mod support;

use jamsesh_bot::Config;
use serde_json::json;
use std::time::Duration;
use support::{prompt, public, start, FakeDiscord, APP_ID};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn serenity_keeps_discords_rate_limits_on_the_default_path() {
    let fake = FakeDiscord::start_tls().await;
    let client = reqwest::Client::builder()
        .use_rustls_tls()
        .resolve("discord.com", fake.tls.unwrap())
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let (_stop, _bot) = start(Config {
        api_url: None,
        http_client: Some(client),
        ..support::config(&fake, 2)
    });
    support::registered(&fake).await;
    // Every REST call went to Discord's URLs, over TLS.
    let requests = fake.requests();
    assert!(
        requests
            .iter()
            .all(|r| r.secure && r.path.starts_with("/api/v10/")),
        "{:?}",
        requests
            .iter()
            .map(|r| (&r.path, r.secure))
            .collect::<Vec<_>>()
    );

    // A 429 on a follow-up: serenity waits out `retry-after` itself and sends it again.
    fake.fail("POST", "/webhooks/", 1, 429);
    let id = 1_600_000_000_000_000_001;
    fake.dispatch_interaction(support::command(id, 7, "jam", prompt("blues in A")));
    public(&fake, id, 30).await;
    let followup = format!("/api/v10/webhooks/{APP_ID}/token-{id}");
    let sent: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == followup)
        .collect();
    assert_eq!(sent.len(), 2, "sent once, limited, sent again");
    assert!(
        sent[1].at - sent[0].at >= Duration::from_millis(950),
        "{:?}",
        sent[1].at - sent[0].at
    );

    // A response saying the follow-up bucket is empty for 2.5 s: serenity holds the next
    // follow-up (another user's chord, quick to draw) until the bucket resets. Without the
    // rate limiter it would go at once.
    fake.exhaust("POST", "/webhooks/", 2.5);
    let id = 1_600_000_000_000_000_002;
    fake.dispatch_interaction(support::command(id, 8, "jam", prompt("waltz in F")));
    public(&fake, id, 30).await;
    let emptied = fake
        .requests()
        .into_iter()
        .rfind(|r| r.path == format!("/api/v10/webhooks/{APP_ID}/token-{id}"))
        .unwrap()
        .at;
    let chord = 1_600_000_000_000_000_003;
    fake.dispatch_interaction(support::command(
        chord,
        9,
        "chord",
        json!([{"name": "name", "type": 3, "value": "Cmaj7"}]),
    ));
    public(&fake, chord, 30).await;
    let held = fake
        .requests()
        .into_iter()
        .find(|r| r.path == format!("/api/v10/webhooks/{APP_ID}/token-{chord}"))
        .unwrap();
    // Its deferral went at once (another bucket); the follow-up waited for the reset.
    let deferred = fake
        .requests()
        .into_iter()
        .find(|r| {
            r.path
                .ends_with(&format!("/interactions/{chord}/token-{chord}/callback"))
        })
        .unwrap();
    assert!(
        deferred.at - emptied < Duration::from_millis(2000),
        "the deferral was held too"
    );
    assert!(
        held.at - emptied >= Duration::from_millis(2400),
        "the follow-up went {:?} after the bucket emptied",
        held.at - emptied
    );
}
