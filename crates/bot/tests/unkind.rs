//! The bot where real Discord is unkind (issue 16), against the fake Discord of `support`,
//! which keeps Discord's rules: refusals after a public deferral would be public, failed
//! requests (500, 429) are answered all the same, a registration that fails is retried or
//! ends the bot, the gateway asks for GUILDS only, long jams keep their audio within the
//! upload limit, steering says what it understood, presses at once all count, and shutdown
//! lets answers in flight finish.

mod support;

use jamsesh_bot::kit::{self, Action};
use jamsesh_bot::{BotError, Config};
use serde_json::json;
use std::time::{Duration, Instant};
use support::{
    assert_no_public_refusal, config, field, prompt, public, registered, start, text_of,
    FakeDiscord, ATTACHMENT_LIMIT,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn refusals_stay_private_and_the_gateway_asks_for_guilds_only() {
    let fake = FakeDiscord::start().await;
    let (_stop, _bot) = start(config(&fake, 1));
    registered(&fake).await;
    // GUILDS (1 << 0) only: no message content, messages, typing or reactions flow in.
    assert_eq!(fake.intents(), vec![1]);

    let id = 1_400_000_000_000_000_101;
    fake.dispatch_interaction(support::command(id, 7, "jam", prompt("blues in E")));
    let jam = public(&fake, id, 30).await;

    // Harmony, then Harmony on the take that has one: refused, privately.
    let id = 1_400_000_000_000_000_102;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::Harmony.custom_id(),
        &jam.message,
    ));
    let take = public(&fake, id, 30).await;
    let id = 1_400_000_000_000_000_103;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::Harmony.custom_id(),
        &take.message,
    ));
    let refusal = fake.wait_shown(id, 1, 10).await;
    assert!(!refusal[0].public);
    assert!(
        text_of(&refusal[0]).contains("already has a second voice"),
        "{refusal:?}"
    );

    // A steer that steers nothing: refused privately, with the words that would.
    let id = 1_400_000_000_000_000_104;
    fake.dispatch_interaction(support::modal_submit(
        id,
        8,
        &Action::SteerSubmit.custom_id(),
        ("steer", "wobbly purple"),
        &jam.message,
    ));
    let refusal = fake.wait_shown(id, 1, 10).await;
    assert!(!refusal[0].public);
    assert!(
        text_of(&refusal[0]).contains("more syncopated"),
        "{refusal:?}"
    );

    // A steer longer than any door takes: refused privately, in the words of every door.
    let id = 1_400_000_000_000_000_105;
    fake.dispatch_interaction(support::modal_submit(
        id,
        8,
        &Action::SteerSubmit.custom_id(),
        ("steer", &"x".repeat(2001)),
        &jam.message,
    ));
    let refusal = fake.wait_shown(id, 1, 10).await;
    assert!(!refusal[0].public);
    assert_eq!(
        text_of(&refusal[0]),
        "I could not use that: the steer is 2001 characters; at most 2000 are accepted"
    );

    // Busy: one render slot and four places behind it; eight jams at once. Those turned
    // away hear it at once and privately, and every one is answered.
    let ids: Vec<u64> = (0..8).map(|i| 1_400_000_000_000_000_110 + i).collect();
    for (i, &id) in ids.iter().enumerate() {
        fake.dispatch_interaction(support::command(
            id,
            100 + i as u64,
            "jam",
            prompt("bossa nova in F"),
        ));
    }
    let mut busy = 0;
    for &id in &ids {
        let shown = fake.wait_shown(id, 1, 60).await;
        if !shown[0].public {
            assert!(text_of(&shown[0]).contains("busy"), "{shown:?}");
            assert_eq!(shown[0].how, "callback", "refused before deferring");
            busy += 1;
        }
    }
    assert!(busy >= 1, "eight jams at once with room for five");
    // /chord while busy says so too.
    let blockers: Vec<u64> = (0..6).map(|i| 1_400_000_000_000_000_120 + i).collect();
    for (i, &id) in blockers.iter().enumerate() {
        fake.dispatch_interaction(support::command(
            id,
            200 + i as u64,
            "jam",
            prompt("slow funk in Bb"),
        ));
    }
    let chord = 1_400_000_000_000_000_130;
    fake.dispatch_interaction(support::command(
        chord,
        300,
        "chord",
        json!([{"name": "name", "type": 3, "value": "Cmaj7"}]),
    ));
    let shown = fake.wait_shown(chord, 1, 60).await;
    if !shown[0].public {
        assert!(text_of(&shown[0]).contains("busy"), "{shown:?}");
    }
    for &id in &blockers {
        fake.wait_shown(id, 1, 60).await;
    }
    assert_no_public_refusal(&fake);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn failed_requests_are_retried_and_every_press_is_answered() {
    let fake = FakeDiscord::start().await;
    // Two 500s on registration: retried with backoff, then the bot works.
    fake.fail("PUT", "/commands", 2, 500);
    let (_stop, _bot) = start(config(&fake, 2));
    fake.wait_identified(1).await;
    let puts = || {
        fake.requests()
            .iter()
            .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while puts() < 3 {
        assert!(
            Instant::now() < deadline,
            "registration was not retried: {} tries",
            puts()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;

    // A 500 on the jam's follow-up: sent again, and the jam arrives.
    fake.fail("POST", "/webhooks/", 1, 500);
    let id = 1_400_000_000_000_000_201;
    fake.dispatch_interaction(support::command(id, 7, "jam", prompt("reggae in A minor")));
    let jam = public(&fake, id, 30).await;
    assert!(jam.payload["embeds"][0]["title"].is_string());

    // A 429 on a take: sent again after the pause.
    fake.fail("POST", "/webhooks/", 1, 429);
    let id = 1_400_000_000_000_000_202;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::NewMelody.custom_id(),
        &jam.message,
    ));
    public(&fake, id, 30).await;

    // Two 500s: the take cannot be posted, and the presser is told so, privately.
    fake.fail("POST", "/webhooks/", 2, 500);
    let id = 1_400_000_000_000_000_203;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::NewProgression.custom_id(),
        &jam.message,
    ));
    let shown = fake.wait_shown(id, 1, 30).await;
    assert!(!shown[0].public, "{shown:?}");
    assert!(text_of(&shown[0]).contains("went wrong"), "{shown:?}");
    assert_no_public_refusal(&fake);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_that_keeps_failing_ends_the_bot() {
    let fake = FakeDiscord::start().await;
    fake.fail("PUT", "/commands", 1000, 500);
    let started = Instant::now();
    let (_stop, bot) = start(Config {
        register_deadline: Duration::from_secs(3),
        ..config(&fake, 1)
    });
    let ended = tokio::time::timeout(Duration::from_secs(20), bot)
        .await
        .expect("the bot kept running without commands")
        .unwrap();
    assert!(matches!(ended, Err(BotError::Registration(_))), "{ended:?}");
    assert!(started.elapsed() < Duration::from_secs(15));
    let tries = fake
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .count();
    assert!(tries >= 2, "{tries} tries");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn steering_presses_at_once_and_long_jams() {
    let fake = FakeDiscord::start().await;
    let (_stop, _bot) = start(config(&fake, 2));
    registered(&fake).await;
    let id = 1_400_000_000_000_000_301;
    fake.dispatch_interaction(support::command(
        id,
        7,
        "jam",
        prompt("funky slow groove in Bb"),
    ));
    let jam = public(&fake, id, 30).await;
    let stem = jam.files[0].rsplit_once('.').unwrap().0.to_string();
    assert!(stem.ends_with(&format!("-{id}")), "{stem}");

    // Steering names the words it used and those it did not understand.
    let id = 1_400_000_000_000_000_302;
    fake.dispatch_interaction(support::modal_submit(
        id,
        8,
        &Action::SteerSubmit.custom_id(),
        ("steer", "more syncopated and wobbly"),
        &jam.message,
    ));
    let steered = public(&fake, id, 30).await;
    let note = text_of(&steered);
    assert!(note.contains("Steered by “more syncopated”"), "{note}");
    assert!(note.contains("not understood: wobbly"), "{note}");

    // Two Up ½ presses at once on the same message: both count (B♭ → C).
    let (up1, up2) = (1_400_000_000_000_000_303, 1_400_000_000_000_000_304);
    fake.dispatch_interaction(support::button(
        up1,
        8,
        &Action::TransposeUp.custom_id(),
        &jam.message,
    ));
    fake.dispatch_interaction(support::button(
        up2,
        9,
        &Action::TransposeUp.custom_id(),
        &jam.message,
    ));
    fake.wait_shown(up1, 1, 30).await;
    fake.wait_shown(up2, 1, 30).await;
    let keys: Vec<String> = [up1, up2]
        .iter()
        .map(|&id| {
            field(
                &fake.shown_for(id)[0].payload["embeds"][0],
                "Key · Meter · Tempo",
            )
        })
        .collect();
    assert!(keys.iter().any(|k| k.starts_with("C dorian")), "{keys:?}");
    assert!(keys.iter().any(|k| k.starts_with("B dorian")), "{keys:?}");

    // A jam too big for one embed: its example travels as `.abc`, and buttons still work.
    let options = jamsesh_ops::GenerateOptions {
        seed: Some(9),
        ..Default::default()
    };
    let made = jamsesh_ops::generate("jazz standard in A minor, 32 bars", &options).unwrap();
    let mut big = made.clone();
    // Within the 2,000 characters every door reads a jam's style at (`ops::cost::check_jam`).
    big.style = "Swing it softly; ".repeat(117).trim().to_string();
    big.example
        .push_str(&"% practise it slowly first\n".repeat(120));
    let stem = kit::file_stem(&big);
    let layout = kit::layout(&big, &stem);
    let abc = layout.abc.clone().unwrap_or_else(|| {
        panic!(
            "the short layout: style {} example {} embed {}",
            big.style.len(),
            big.example.len(),
            serde_json::to_string(&layout.embed).unwrap().len()
        )
    });
    let payload = json!({"embeds": [serde_json::to_value(&layout.embed).unwrap()], "components": serde_json::to_value(kit::buttons()).unwrap()});
    let mut message = support::message_from(&payload, 9100);
    message["attachments"] = fake.store_files(9100, &[(&format!("{stem}.abc"), abc.as_bytes())]);
    let id = 1_400_000_000_000_000_305;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::NewMelody.custom_id(),
        &message,
    ));
    let take = public(&fake, id, 30).await;
    assert_eq!(
        field(&take.payload["embeds"][0], "Progression"),
        field(&serde_json::to_value(&layout.embed).unwrap(), "Progression")
    );
    assert_no_public_refusal(&fake);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_long_jam_keeps_its_audio_and_shutdown_waits_for_it() {
    let fake = FakeDiscord::start().await;
    let (stop, bot) = start(config(&fake, 1));
    registered(&fake).await;
    let id = 1_400_000_000_000_000_401;
    let started = Instant::now();
    fake.dispatch_interaction(support::command(
        id,
        7,
        "jam",
        json!([
            {"name": "prompt", "type": 3, "value": "slow blues in E"},
            {"name": "tempo", "type": 4, "value": 30},
            {"name": "bars", "type": 4, "value": 32}
        ]),
    ));
    // Stop while it renders: the gateway closes, the jam still arrives.
    fake.wait_for(0, 10, |r| {
        r.path
            .ends_with(&format!("/interactions/{id}/token-{id}/callback"))
    })
    .await;
    stop.send(()).unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(20), bot)
        .await
        .expect("shutdown hung")
        .unwrap();
    assert!(ended.is_ok(), "{ended:?}");
    let jam = fake
        .shown_for(id)
        .into_iter()
        .find(|s| s.public)
        .expect("the jam in flight was answered before the bot stopped");
    eprintln!("tempo 30 × 32 bars answered in {:?}", started.elapsed());
    let request = fake
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.method == "POST" && r.path.ends_with(&format!("/token-{id}")))
        .unwrap();
    let parts = request.parts();
    let total: usize = parts
        .iter()
        .filter(|p| p.filename.is_some())
        .map(|p| p.data.len())
        .sum();
    assert!(total as u64 <= ATTACHMENT_LIMIT, "{total} bytes");
    let audio = parts
        .iter()
        .find(|p| {
            p.filename
                .as_deref()
                .is_some_and(|f| f.ends_with(".ogg") || f.ends_with(".wav"))
        })
        .unwrap_or_else(|| panic!("no audio in {:?}", jam.files));
    eprintln!(
        "audio {:?}: {} bytes, files {total} bytes",
        audio.filename,
        audio.data.len()
    );
}
