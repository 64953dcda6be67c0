//! The real bot against a fake Discord on 127.0.0.1 (`support`): commands are registered,
//! `/jam` defers and follows up with the embed, the staff PNG, MIDI, audio and buttons; after a
//! restart, buttons and the steer dialog work from the message alone; hostile input is
//! harmless.

mod support;

use jamsesh_bot::kit::Action;
use jamsesh_bot::{Config, Shards};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use support::{FakeDiscord, Recorded, APP_ID};

/// The audio attached to a jam.
const AUDIO: &str = ".ogg";

fn config(fake: &FakeDiscord) -> Config {
    Config {
        token: "fake-token".into(),
        api_url: Some(fake.url.clone()),
        guild_id: Some(42),
        shards: Shards::Auto,
        cooldown: Duration::ZERO,
        max_renders: 2,
        // The fake also answers chat completions, with nothing a jam can be read from.
        llm: Some(jamsesh_ops::llm::Config {
            base_url: format!("{}/v1", fake.url),
            model: "fake-model".into(),
            timeout: Duration::from_secs(5),
            max_retries: 0,
            ..jamsesh_ops::llm::Config::default()
        }),
        register_deadline: Duration::from_secs(30),
        health_file: None,
        ..Config::new("fake-token")
    }
}

fn start_bot(fake: &FakeDiscord) -> tokio::task::JoinHandle<()> {
    let cfg = config(fake);
    tokio::spawn(async move {
        if let Err(e) = jamsesh_bot::run(cfg).await {
            panic!("the bot stopped: {e}");
        }
    })
}

fn is_callback(id: u64) -> impl Fn(&Recorded) -> bool {
    move |r| {
        r.method == "POST"
            && r.path
                .ends_with(&format!("/interactions/{id}/token-{id}/callback"))
    }
}

fn is_followup(id: u64) -> impl Fn(&Recorded) -> bool {
    move |r| r.method == "POST" && r.path.ends_with(&format!("/webhooks/{APP_ID}/token-{id}"))
}

fn is_edit(id: u64) -> impl Fn(&Recorded) -> bool {
    move |r| {
        r.method == "PATCH"
            && r.path
                .ends_with(&format!("/webhooks/{APP_ID}/token-{id}/messages/@original"))
    }
}

fn field<'a>(embed: &'a Value, name: &str) -> &'a str {
    embed["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == name))
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name} in {embed}"))
}

fn abc_of(embed: &Value) -> String {
    let d = embed["description"].as_str().unwrap();
    d.split("```abc\n")
        .nth(1)
        .unwrap()
        .trim_end_matches("```")
        .to_string()
}

/// Checks a jam follow-up: files, embed, buttons, no mentions; returns its JSON.
fn check_jam_message(r: &Recorded) -> Value {
    let parts = r.parts();
    let file = |ext: &str| {
        parts
            .iter()
            .find(|p| p.filename.as_deref().is_some_and(|f| f.ends_with(ext)))
            .unwrap_or_else(|| {
                panic!(
                    "no {ext} file in {:?}",
                    parts.iter().map(|p| &p.filename).collect::<Vec<_>>()
                )
            })
    };
    let png_name = file(".png").filename.clone().unwrap();
    // Named from the title and the seed, not `jam.png`.
    assert_ne!(png_name, "jam.png");
    let stem = png_name.trim_end_matches(".png");
    for ext in [".mid", AUDIO] {
        assert_eq!(
            file(ext).filename.as_deref(),
            Some(format!("{stem}{ext}").as_str())
        );
    }
    let png = &file(".png").data;
    let decoder = png::Decoder::new(std::io::Cursor::new(png.as_slice()));
    let reader = decoder.read_info().expect("the staff is a PNG");
    let info = reader.info();
    assert!(
        info.width >= 900 && info.width <= 1100,
        "{} px wide",
        info.width
    );
    assert!(
        info.height >= 150 && info.height <= 2000,
        "{} px high",
        info.height
    );
    assert!(file(".mid").data.starts_with(b"MThd"));
    let payload = r.json();
    assert_eq!(payload["allowed_mentions"]["parse"], json!([]), "{payload}");
    let ids: Vec<&str> = payload["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["components"].as_array().unwrap())
        .map(|b| b["custom_id"].as_str().unwrap())
        .collect();
    // The buttons, then the "My instrument…" menu.
    assert_eq!(ids.len(), Action::BUTTONS.len() + 1);
    assert_eq!(ids.last(), Some(&Action::Part.custom_id().as_str()));
    assert!(
        ids.iter()
            .all(|id| id.len() <= 100 && Action::parse(id).is_ok()),
        "{ids:?}"
    );
    let embed = &payload["embeds"][0];
    assert_eq!(embed["image"]["url"], format!("attachment://{png_name}"));
    payload
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_bot_answers_jams_buttons_and_dialogs_across_a_restart() {
    let fake = FakeDiscord::start().await;
    let bot = start_bot(&fake);
    fake.wait_identified(1).await;

    // Commands are registered in the development guild, with their limits and choices.
    let registered = fake
        .wait_for(0, 30, |r| {
            r.method == "PUT" && r.path.ends_with("/guilds/42/commands")
        })
        .await
        .json();
    let jam = registered
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "jam")
        .unwrap();
    let option = |name: &str| {
        jam["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap()
            .clone()
    };
    // The front door's limits: 2,000 characters of prompt, tempi 30–320, 2–64 bars.
    assert_eq!(option("prompt")["max_length"], 2000);
    assert_eq!(option("bars")["max_value"].as_f64(), Some(64.0));
    // Usable in guilds, in DMs with the bot and as a user-installed app in any chat.
    for command in registered.as_array().unwrap() {
        assert_eq!(command["integration_types"], json!([0, 1]), "{command}");
        assert_eq!(command["contexts"], json!([0, 1, 2]), "{command}");
    }
    // Key and style suggest as the user types (more than Discord's 25 choices each).
    for name in ["key", "style"] {
        assert_eq!(option(name)["autocomplete"], true, "{name}");
        assert!(option(name)["choices"]
            .as_array()
            .is_none_or(|c| c.is_empty()));
    }
    assert_eq!(option("thread")["type"], 5);
    assert_eq!(option("tempo")["max_value"].as_f64(), Some(320.0));
    for name in ["chord", "scale", "help"] {
        assert!(
            registered
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["name"] == name),
            "{name}"
        );
    }

    // /jam: deferred at once, then the jam.
    let started = Instant::now();
    let id = 1_400_000_000_000_000_001;
    fake.dispatch_interaction(support::command(
        id,
        7,
        "jam",
        json!([{"name": "prompt", "type": 3, "value": "funky slow groove in Bb"}]),
    ));
    let deferral = fake.wait_for(0, 10, is_callback(id)).await;
    assert_eq!(deferral.json()["type"], 5);
    let first = fake.wait_for(0, 30, is_followup(id)).await;
    let elapsed = started.elapsed();
    let payload = check_jam_message(&first);
    let embed = &payload["embeds"][0];
    assert!(field(embed, "Key · Meter · Tempo").starts_with("Bb dorian · 4/4"));
    let chords = field(embed, "Progression").to_string();
    assert!(chords.contains("Bbm7"), "{chords}");
    assert!(field(embed, "Scales").contains("Bb dorian (Bb C Db Eb F G Ab)"));
    assert!(embed["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with(&format!("seed {id} · engine")));
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    let message = support::message_from(&payload, 9001);

    // Restart: nothing in memory survives, the message carries the jam.
    bot.abort();
    let _ = bot.await;
    let bot = start_bot(&fake);
    fake.wait_identified(2).await;

    // New melody: acknowledged as an update (never a public deferral), then a new
    // message with the same chords and another melody.
    let id = 1_400_000_000_000_000_002;
    let seen = fake.requests().len();
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::NewMelody.custom_id(),
        &message,
    ));
    assert_eq!(
        fake.wait_for(seen, 10, is_callback(id)).await.json()["type"],
        6
    );
    let melody = check_jam_message(&fake.wait_for(seen, 30, is_followup(id)).await);
    let new_embed = &melody["embeds"][0];
    assert_eq!(field(new_embed, "Progression"), chords);
    assert_ne!(abc_of(new_embed), abc_of(embed));
    assert_eq!(new_embed["title"], embed["title"]);

    // Transpose: acknowledged silently, the message edited in place, up a semitone.
    let id = 1_400_000_000_000_000_003;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::TransposeUp.custom_id(),
        &message,
    ));
    assert_eq!(
        fake.wait_for(seen, 10, is_callback(id)).await.json()["type"],
        6
    );
    let edit = fake.wait_for(seen, 30, is_edit(id)).await;
    let edited = edit.json();
    assert!(
        field(&edited["embeds"][0], "Key · Meter · Tempo").starts_with("B dorian"),
        "{edited}"
    );
    assert!(field(&edited["embeds"][0], "Progression").contains("Bm7"));
    assert!(edit
        .parts()
        .iter()
        .any(|p| p.filename.as_deref().is_some_and(|f| f.ends_with(".png"))));

    // Steer: a dialog, then a steered melody over the same chords.
    let id = 1_400_000_000_000_000_004;
    fake.dispatch_interaction(support::button(id, 8, &Action::Steer.custom_id(), &message));
    let dialog = fake.wait_for(seen, 10, is_callback(id)).await.json();
    assert_eq!(dialog["type"], 9);
    assert_eq!(dialog["data"]["custom_id"], Action::SteerSubmit.custom_id());
    let id = 1_400_000_000_000_000_005;
    fake.dispatch_interaction(support::modal_submit(
        id,
        8,
        &Action::SteerSubmit.custom_id(),
        ("steer", "more syncopated"),
        &message,
    ));
    assert_eq!(
        fake.wait_for(seen, 10, is_callback(id)).await.json()["type"],
        6
    );
    let steered = check_jam_message(&fake.wait_for(seen, 30, is_followup(id)).await);
    assert!(steered["content"]
        .as_str()
        .unwrap()
        .contains("more syncopated"));
    assert_eq!(field(&steered["embeds"][0], "Progression"), chords);

    // Harmony: a second voice in the example.
    let id = 1_400_000_000_000_000_006;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::Harmony.custom_id(),
        &message,
    ));
    let harmony = check_jam_message(&fake.wait_for(seen, 30, is_followup(id)).await);
    assert!(abc_of(&harmony["embeds"][0]).contains("V:2"));

    // A changed custom id gets a clear ephemeral answer, and nothing else happens.
    let id = 1_400_000_000_000_000_007;
    fake.dispatch_interaction(support::button(id, 8, "jam:v1:delete-everything", &message));
    let answer = fake.wait_for(seen, 10, is_callback(id)).await.json();
    assert_eq!(answer["type"], 4);
    assert_eq!(answer["data"]["flags"], 64);
    assert!(answer["data"]["content"]
        .as_str()
        .unwrap()
        .contains("another version"));

    // A button on a message that holds no jam.
    let id = 1_400_000_000_000_000_008;
    let empty = support::message_from(&json!({"content": "hello"}), 9002);
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::NewMelody.custom_id(),
        &empty,
    ));
    let answer = fake.wait_for(seen, 10, is_callback(id)).await.json();
    assert_eq!(answer["data"]["flags"], 64);

    // 6,000 characters of mentions: refused briefly, nobody pinged.
    let id = 1_400_000_000_000_000_009;
    let flood = "@everyone <@&1> ".repeat(375);
    fake.dispatch_interaction(support::command(
        id,
        9,
        "jam",
        json!([{"name": "prompt", "type": 3, "value": flood}]),
    ));
    let answer = fake.wait_for(seen, 10, is_callback(id)).await.json();
    assert_eq!(answer["type"], 4);
    assert_eq!(answer["data"]["flags"], 64);
    assert_eq!(answer["data"]["allowed_mentions"]["parse"], json!([]));
    // The same words as every other door (`prompt_too_long`).
    assert_eq!(
        answer["data"]["content"],
        "I could not use that: the prompt is 6000 characters; at most 2000 are accepted"
    );

    // A short prompt with mentions and markdown: a jam, shown as typed, pinging no one.
    let id = 1_400_000_000_000_000_010;
    fake.dispatch_interaction(support::command(
        id,
        9,
        "jam",
        json!([{"name": "prompt", "type": 3, "value": "@everyone **loud** blues in E"}]),
    ));
    let loud = check_jam_message(&fake.wait_for(seen, 30, is_followup(id)).await);
    assert_eq!(
        field(&loud["embeds"][0], "Prompt"),
        "\\@everyone \\*\\*loud\\*\\* blues in E"
    );

    // backend: llm — the model's answers are unusable, so the engine steps in and says so.
    let id = 1_400_000_000_000_000_014;
    fake.dispatch_interaction(support::command(
        id,
        10,
        "jam",
        json!([
            {"name": "prompt", "type": 3, "value": "bossa nova in F"},
            {"name": "backend", "type": 4, "value": 1}
        ]),
    ));
    let fallback = check_jam_message(&fake.wait_for(seen, 30, is_followup(id)).await);
    assert!(
        fallback["embeds"][0]["footer"]["text"]
            .as_str()
            .unwrap()
            .contains("engine-fallback"),
        "{fallback}"
    );
    assert!(fake
        .requests()
        .iter()
        .any(|r| r.path == "/v1/chat/completions" && r.json()["model"] == "fake-model"));

    // /chord and /scale.
    let id = 1_400_000_000_000_000_011;
    fake.dispatch_interaction(support::command(
        id,
        9,
        "chord",
        json!([{"name": "name", "type": 3, "value": "Cmaj7"}]),
    ));
    let chord = fake.wait_for(seen, 30, is_followup(id)).await;
    assert!(chord.json()["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("C E G B"));
    assert!(chord
        .parts()
        .iter()
        .any(|p| p.filename.as_deref() == Some("cmaj7.png")));
    let id = 1_400_000_000_000_000_012;
    fake.dispatch_interaction(support::command(
        id,
        9,
        "scale",
        json!([{"name": "name", "type": 3, "value": "D dorian"}]),
    ));
    let scale = fake.wait_for(seen, 30, is_followup(id)).await.json();
    assert!(scale["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("D E F G A B C"));
    let id = 1_400_000_000_000_000_013;
    fake.dispatch_interaction(support::command(
        id,
        9,
        "chord",
        json!([{"name": "name", "type": 3, "value": "Hmaj99"}]),
    ));
    let answer = fake.wait_for(seen, 10, is_callback(id)).await.json();
    assert_eq!(answer["data"]["flags"], 64);

    bot.abort();
}
