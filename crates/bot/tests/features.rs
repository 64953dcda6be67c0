//! What bands asked for next (issue 16), against the fake Discord of `support`: the
//! *Play-along* button and its tempo buttons, the "My instrument…" menu answered to the
//! presser alone, autocomplete for styles, keys (modes included), chords and scales, and a
//! thread per jam (with a clear private word when Discord refuses one).

mod support;

use jamsesh_bot::kit::Action;
use serde_json::{json, Value};
use std::time::Duration;
use support::{
    assert_no_public_refusal, config, field, prompt, public, registered, start, text_of,
    FakeDiscord, Shown, ATTACHMENT_LIMIT, CHANNEL_ID,
};

/// Seconds an Ogg Opus file plays: its last page's granule position, less the pre-skip, at
/// Opus's 48 kHz (RFC 7845), read from the bytes.
fn ogg_seconds(file: &[u8]) -> f64 {
    assert!(file.starts_with(b"OggS"), "not Ogg");
    let head = file
        .windows(8)
        .position(|w| w == b"OpusHead")
        .expect("not Opus");
    let pre_skip = u16::from_le_bytes([file[head + 10], file[head + 11]]);
    let last = file
        .windows(4)
        .rposition(|w| w == b"OggS")
        .expect("no page");
    let granule = u64::from_le_bytes(file[last + 6..last + 14].try_into().unwrap());
    (granule - u64::from(pre_skip)) as f64 / 48_000.0
}

/// The file of a message's request whose name ends with `ext`.
fn file_of(fake: &FakeDiscord, shown: &Shown, ext: &str) -> (String, Vec<u8>) {
    let name = shown
        .files
        .iter()
        .find(|f| f.ends_with(ext))
        .unwrap_or_else(|| panic!("no {ext} in {:?}", shown.files))
        .clone();
    let message: u64 = shown.message["id"].as_str().unwrap().parse().unwrap();
    let part = fake
        .requests()
        .into_iter()
        .flat_map(|r| r.parts())
        .rfind(|p| p.filename.as_deref() == Some(name.as_str()))
        .unwrap_or_else(|| panic!("{name} of message {message} not in any request"));
    (name, part.data)
}

/// The custom ids of a message's components.
fn ids(payload: &Value) -> Vec<String> {
    payload["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().unwrap().clone())
        .map(|c| c["custom_id"].as_str().unwrap().to_string())
        .collect()
}

/// The number a text says before `word` (`9 choruses` → 9).
fn number_before(text: &str, word: &str) -> u32 {
    let at = text
        .find(word)
        .unwrap_or_else(|| panic!("no {word} in {text}"));
    text[..at]
        .split_whitespace()
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number before {word} in {text}"))
}

/// With a small upload limit.
fn limited(mut interaction: Value, bytes: u64) -> Value {
    interaction["attachment_size_limit"] = json!(bytes);
    interaction
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_play_along_button_posts_the_band_with_as_many_choruses_as_fit() {
    let fake = FakeDiscord::start().await;
    let (_stop, _bot) = start(config(&fake, 2));
    registered(&fake).await;
    let id = 1_500_000_000_000_000_001;
    fake.dispatch_interaction(support::command(id, 7, "jam", prompt("blues in E")));
    let jam = public(&fake, id, 30).await;
    assert!(ids(&jam.payload).contains(&Action::PlayAlong(None).custom_id()));
    let embed = &jam.payload["embeds"][0];
    let key_line = field(embed, "Key · Meter · Tempo");
    let tempo: u32 = number_before(&key_line, "bpm");
    let bars: u32 = number_before(&key_line, "bars");
    assert_eq!((tempo, bars), (92, 12), "{key_line}");

    let id = 1_500_000_000_000_000_002;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::PlayAlong(None).custom_id(),
        &jam.message,
    ));
    // Acknowledged as an update; a private word that it is coming; then the band, for all.
    let (ack, after) = fake.wait_callback(id, 10).await;
    assert_eq!(ack["type"], 6);
    assert!(after < Duration::from_secs(3));
    let track = public(&fake, id, 60).await;
    let coming = fake.shown_for(id);
    assert!(
        coming
            .iter()
            .any(|s| !s.public && text_of(s).contains("Rendering the play-along")),
        "{coming:#?}"
    );
    let text = text_of(&track);
    assert!(text.contains("at 92 bpm"), "{text}");
    let choruses = number_before(&text, "choruses");
    // A chorus of 12 bars of 4/4 at 92 bpm lasts 12 × 4 × 60/92 s; with a bar of count-in, an
    // ending bar and a second of ring, as many choruses as fit in the five minutes of audio
    // the renderer makes (the 10 MiB upload limit holds far more at 6 KB a second).
    let bar = 4.0 * 60.0 / 92.0;
    let length = |n: u32| f64::from(2 + 12 * n) * bar + 1.0;
    assert!(
        length(choruses) <= 300.0 && length(choruses + 1) > 300.0,
        "{choruses}"
    );
    assert!(
        text.contains("five minutes") || text.contains("5:00"),
        "{text}"
    );
    let (ogg_name, ogg) = file_of(&fake, &track, ".ogg");
    assert!(
        ogg_name.ends_with(&format!("-play-along-{tempo}bpm.ogg")),
        "{ogg_name}"
    );
    let seconds = ogg_seconds(&ogg);
    assert!((seconds - length(choruses)).abs() < 1.0, "{seconds} s");
    let (_, midi) = file_of(&fake, &track, ".mid");
    assert!(midi.starts_with(b"MThd"));
    let total: usize = track
        .files
        .iter()
        .map(|f| file_of(&fake, &track, f).1.len())
        .sum();
    assert!((total as u64) < ATTACHMENT_LIMIT, "{total}");
    // The chart rides along (the buttons under it read the jam back from it).
    assert_eq!(
        field(&track.payload["embeds"][0], "Progression"),
        field(embed, "Progression")
    );
    assert_eq!(
        ids(&track.payload),
        [
            Action::PlayAlong(Some(82)).custom_id(),
            Action::PlayAlong(Some(102)).custom_id(),
            Action::Part.custom_id()
        ]
    );

    // Faster: the band again, ten beats a minute quicker, as a new message.
    let id = 1_500_000_000_000_000_003;
    fake.dispatch_interaction(support::button(
        id,
        9,
        &Action::PlayAlong(Some(102)).custom_id(),
        &track.message,
    ));
    let faster = public(&fake, id, 60).await;
    let text = text_of(&faster);
    assert!(text.contains("at 102 bpm"), "{text}");
    let (_, ogg) = file_of(&fake, &faster, ".ogg");
    let bar = 4.0 * 60.0 / 102.0;
    let n = number_before(&text, "choruses");
    assert!((ogg_seconds(&ogg) - (f64::from(2 + 12 * n) * bar + 1.0)).abs() < 1.0);
    assert_eq!(
        ids(&faster.payload)[..2],
        [
            Action::PlayAlong(Some(92)).custom_id(),
            Action::PlayAlong(Some(112)).custom_id()
        ]
    );

    // A 1 MiB upload limit: fewer choruses, and it says it is the upload limit.
    let id = 1_500_000_000_000_000_004;
    let limit = 1024 * 1024;
    fake.dispatch_interaction(limited(
        support::button(id, 10, &Action::PlayAlong(None).custom_id(), &jam.message),
        limit,
    ));
    let small = public(&fake, id, 60).await;
    let text = text_of(&small);
    assert!(text.contains("1 MiB upload limit"), "{text}");
    let total: usize = small
        .files
        .iter()
        .map(|f| file_of(&fake, &small, f).1.len())
        .sum();
    assert!((total as u64) <= limit, "{total}");
    // A limit nothing fits: refused at once, privately.
    let id = 1_500_000_000_000_000_005;
    fake.dispatch_interaction(limited(
        support::button(id, 11, &Action::PlayAlong(None).custom_id(), &jam.message),
        600 * 1024,
    ));
    let (answer, _) = fake.wait_callback(id, 10).await;
    assert_eq!(
        (answer["type"].as_u64(), answer["data"]["flags"].as_u64()),
        (Some(4), Some(64))
    );
    assert!(answer["data"]["content"]
        .as_str()
        .unwrap()
        .contains("upload limit"));
    // A tempo the band does not play, written into a button id: not one of ours.
    let id = 1_500_000_000_000_000_006;
    fake.dispatch_interaction(support::button(id, 12, "jam:v1:backing-999", &jam.message));
    let (answer, _) = fake.wait_callback(id, 10).await;
    assert_eq!(answer["data"]["flags"], 64);
    assert_no_public_refusal(&fake);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn my_instrument_answers_the_presser_alone_and_the_shared_chart_stays() {
    let fake = FakeDiscord::start().await;
    let (_stop, _bot) = start(config(&fake, 2));
    registered(&fake).await;
    let id = 1_500_000_000_000_000_101;
    fake.dispatch_interaction(support::command(id, 7, "jam", prompt("blues in Bb")));
    let jam = public(&fake, id, 30).await;
    let embed = jam.payload["embeds"][0].clone();
    assert!(field(&embed, "Key · Meter · Tempo").starts_with("Bb major"));
    let requests_before = fake.requests().len();

    let pick = |id: u64, value: &str| {
        support::select(id, 8, &Action::Part.custom_id(), &[value], &jam.message)
    };
    // E♭ instruments: written a major sixth up, so concert B♭ reads as G; deferred
    // ephemerally, so even the first follow-up is the presser's alone.
    let eb = 1_500_000_000_000_000_102;
    fake.dispatch_interaction(pick(eb, "eb"));
    let (ack, _) = fake.wait_callback(eb, 10).await;
    assert_eq!(
        (ack["type"].as_u64(), ack["data"]["flags"].as_u64()),
        (Some(5), Some(64))
    );
    let part = fake.wait_shown(eb, 1, 30).await;
    assert!(!part[0].public, "{part:?}");
    let written = &part[0].payload["embeds"][0];
    assert!(
        field(written, "Key · Meter · Tempo").starts_with("G major"),
        "{written}"
    );
    assert!(field(written, "Progression").contains("G7"), "{written}");
    assert!(written["title"]
        .as_str()
        .unwrap()
        .contains("E♭ instruments"));
    assert!(text_of(&part[0]).contains("major sixth"));
    assert!(
        part[0].files.iter().any(|f| f.ends_with("-eb.png")),
        "{:?}",
        part[0].files
    );
    // B♭ instruments read C; bass clef keeps the key, in bass clef.
    let bb = 1_500_000_000_000_000_103;
    fake.dispatch_interaction(pick(bb, "bb"));
    let part = fake.wait_shown(bb, 1, 30).await;
    assert!(!part[0].public);
    assert!(field(&part[0].payload["embeds"][0], "Key · Meter · Tempo").starts_with("C major"));
    let bass = 1_500_000_000_000_000_104;
    fake.dispatch_interaction(pick(bass, "bass"));
    let part = fake.wait_shown(bass, 1, 30).await;
    let bass_embed = &part[0].payload["embeds"][0];
    assert!(field(bass_embed, "Key · Meter · Tempo").starts_with("Bb major"));
    assert!(bass_embed["description"]
        .as_str()
        .unwrap()
        .contains("clef=bass"));
    // Chord names: answered at once (nothing to draw), privately, each chord with its notes.
    let chords = 1_500_000_000_000_000_105;
    fake.dispatch_interaction(pick(chords, "chords"));
    let (answer, _) = fake.wait_callback(chords, 10).await;
    assert_eq!(
        (answer["type"].as_u64(), answer["data"]["flags"].as_u64()),
        (Some(4), Some(64))
    );
    let description = answer["data"]["embeds"][0]["description"].as_str().unwrap();
    assert!(description.contains("**Bb7** Bb D F Ab"), "{description}");
    // A value that is not in the menu: refused privately.
    let bad = 1_500_000_000_000_000_106;
    fake.dispatch_interaction(pick(bad, "kazoo"));
    let (answer, _) = fake.wait_callback(bad, 10).await;
    assert_eq!(answer["data"]["flags"], 64);

    // The shared message stayed as it was: nothing edited, nothing public.
    let after: Vec<_> = fake.requests()[requests_before..].to_vec();
    assert!(after.iter().all(|r| r.method != "PATCH"), "an edit");
    for id in [eb, bb, bass, chords, bad] {
        assert!(fake.shown_for(id).iter().all(|s| !s.public), "{id}");
    }
    assert_no_public_refusal(&fake);
}

/// The choices an autocomplete interaction got.
async fn suggested(
    fake: &FakeDiscord,
    id: u64,
    command: &str,
    option: &str,
    typed: &str,
) -> Vec<(String, String)> {
    fake.dispatch_interaction(support::autocomplete(id, 7, command, option, typed));
    let (answer, after) = fake.wait_callback(id, 5).await;
    assert_eq!(answer["type"], 8, "{answer}");
    assert!(after < Duration::from_secs(3));
    let choices = answer["data"]["choices"].as_array().unwrap();
    assert!(choices.len() <= 25);
    choices
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn options_suggest_styles_keys_in_every_mode_chords_and_scales() {
    let fake = FakeDiscord::start().await;
    let (_stop, _bot) = start(config(&fake, 2));
    registered(&fake).await;
    let mut id = 1_500_000_000_000_000_200;
    let mut next = || {
        id += 1;
        id
    };
    // Styles: 25 to start with (the catalogue has more), found by name and by word.
    let all = suggested(&fake, next(), "jam", "style", "").await;
    assert_eq!(all.len(), 25);
    let bossa = suggested(&fake, next(), "jam", "style", "bos").await;
    assert_eq!(bossa[0], ("Bossa nova".to_string(), "bossa".to_string()));
    // Keys with modes.
    let dorian = suggested(&fake, next(), "jam", "key", "d dor").await;
    assert_eq!(dorian, [("D dorian".to_string(), "D dorian".to_string())]);
    let modes = suggested(&fake, next(), "jam", "key", "F#").await;
    assert!(modes.iter().any(|(n, _)| n == "F# mixolydian"), "{modes:?}");
    // Chords and scales.
    let chords = suggested(&fake, next(), "chord", "name", "F#m").await;
    assert_eq!(chords[0].0, "F#m");
    assert!(chords.iter().any(|(n, _)| n == "F#m7b5"));
    let scales = suggested(&fake, next(), "scale", "name", "Bb blu").await;
    assert_eq!(scales[0].0, "Bb blues");

    // The style and the modal key chosen win over the prompt.
    let jam = next();
    fake.dispatch_interaction(support::command(
        jam,
        8,
        "jam",
        json!([
            {"name": "prompt", "type": 3, "value": "something slow"},
            {"name": "style", "type": 3, "value": "bossa"},
            {"name": "key", "type": 3, "value": "D dorian"}
        ]),
    ));
    let shown = public(&fake, jam, 30).await;
    let embed = &shown.payload["embeds"][0];
    assert!(
        field(embed, "Key · Meter · Tempo").starts_with("D dorian"),
        "{embed}"
    );
    assert!(
        embed["footer"]["text"]
            .as_str()
            .unwrap()
            .contains(" · bossa · "),
        "{embed}"
    );
    // Typed past the suggestions: a key or style that is none is refused privately.
    for (option, value, says) in [
        ("key", "H lydian", "key `H lydian`"),
        ("style", "vaporwave", "not a style"),
    ] {
        let bad = next();
        fake.dispatch_interaction(support::command(
            bad,
            9,
            "jam",
            json!([
                {"name": "prompt", "type": 3, "value": "blues"},
                {"name": option, "type": 3, "value": value}
            ]),
        ));
        let (answer, _) = fake.wait_callback(bad, 10).await;
        assert_eq!(
            (answer["type"].as_u64(), answer["data"]["flags"].as_u64()),
            (Some(4), Some(64))
        );
        assert!(
            answer["data"]["content"].as_str().unwrap().contains(says),
            "{answer}"
        );
    }
    assert_no_public_refusal(&fake);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thread_per_jam_keeps_its_takes_together_or_says_why_not() {
    let fake = FakeDiscord::start().await;
    let (_stop, _bot) = start(config(&fake, 2));
    registered(&fake).await;
    let with_thread = |text: &str| {
        json!([
            {"name": "prompt", "type": 3, "value": text},
            {"name": "thread", "type": 5, "value": true}
        ])
    };
    let id = 1_500_000_000_000_000_301;
    fake.dispatch_interaction(support::command(id, 7, "jam", with_thread("funk in Bb")));
    let jam = public(&fake, id, 30).await;
    let message: u64 = jam.message["id"].as_str().unwrap().parse().unwrap();
    let start = fake
        .wait_for(0, 10, |r| {
            r.path.ends_with(&format!(
                "/channels/{CHANNEL_ID}/messages/{message}/threads"
            ))
        })
        .await;
    let title = jam.payload["embeds"][0]["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        start.json()["name"].as_str(),
        Some(title.replace('\\', "").as_str())
    );
    // Discord now shows the message with its thread; a take from it goes into the thread.
    let started = fake.stored(message).unwrap();
    assert_eq!(started["flags"].as_u64().unwrap() & 32, 32);
    let thread = message.to_string();
    let take = 1_500_000_000_000_000_302;
    fake.dispatch_interaction(support::button(
        take,
        8,
        &Action::NewMelody.custom_id(),
        &started,
    ));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while fake.shown_in(&thread).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "no take in the thread"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let in_thread = &fake.shown_in(&thread)[0];
    assert_eq!(
        field(&in_thread.payload["embeds"][0], "Progression"),
        field(&jam.payload["embeds"][0], "Progression")
    );
    assert!(in_thread.files.iter().any(|f| f.ends_with(".ogg")));
    let told = fake.wait_shown(take, 1, 10).await;
    assert!(
        !told[0].public && text_of(&told[0]).contains("thread"),
        "{told:?}"
    );
    // A press inside the thread answers there, as a follow-up.
    let inside = 1_500_000_000_000_000_303;
    fake.dispatch_interaction(support::in_thread(
        support::button(inside, 9, &Action::Harmony.custom_id(), &in_thread.message),
        &thread,
    ));
    let harmony = public(&fake, inside, 30).await;
    assert_eq!(
        (harmony.how, harmony.channel.as_str()),
        ("followup", thread.as_str())
    );

    // Without Create Public Threads (as `app_permissions` says): the jam, and privately why.
    let id = 1_500_000_000_000_000_304;
    let mut denied = support::command(id, 7, "jam", with_thread("reggae in A minor"));
    denied["app_permissions"] = json!(support::APP_PERMISSIONS_NO_THREADS);
    let threads_before = fake.threads().len();
    fake.dispatch_interaction(denied);
    public(&fake, id, 30).await;
    let notes = fake.wait_shown(id, 2, 10).await;
    assert!(
        !notes[1].public && text_of(&notes[1]).contains("Create Public Threads"),
        "{notes:?}"
    );
    // And when Discord itself refuses with 403 50013 Missing Permissions.
    fake.fail("POST", "/threads", 1, 403);
    let id = 1_500_000_000_000_000_305;
    fake.dispatch_interaction(support::command(id, 7, "jam", with_thread("polka in F")));
    public(&fake, id, 30).await;
    let notes = fake.wait_shown(id, 2, 10).await;
    assert!(
        !notes[1].public && text_of(&notes[1]).contains("Create Public Threads"),
        "{notes:?}"
    );
    assert_eq!(fake.threads().len(), threads_before);
    // A press on the thread's starter when the thread cannot be posted in: the take comes
    // here instead, and the presser hears why.
    fake.fail("POST", &format!("/channels/{thread}/messages"), 1, 403);
    let id = 1_500_000_000_000_000_306;
    fake.dispatch_interaction(support::button(
        id,
        8,
        &Action::NewProgression.custom_id(),
        &started,
    ));
    let here = public(&fake, id, 30).await;
    assert_eq!(here.how, "followup");
    assert!(fake
        .shown_for(id)
        .iter()
        .any(|s| !s.public && text_of(s).contains("could not post in this jam's thread")));
    assert_no_public_refusal(&fake);
}
