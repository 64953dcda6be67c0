//! The model as the prompt reader, against a fake OpenAI-compatible server on 127.0.0.1 that
//! answers in the shapes small local models write: wrong casing, prose around the JSON, style
//! ids not in the catalogue, JSON cut off at `max_tokens`, no JSON at all. Expected values are
//! what the prompts and the answers say, read by a musician.

mod support;

use jamsesh_core::{Intent, Mood, Overrides, Source, HINT_WORDS};
use jamsesh_llm::{Config, FormatMode, Llm, Outcome, Trust, Verdict};
use serde_json::Value;
use std::time::Duration;
use support::{FakeServer, Reply, Seen};

fn config(base: &str) -> Config {
    Config {
        base_url: base.to_string(),
        model: "smollm2-135m".into(),
        timeout: Duration::from_secs(2),
        backoff: Duration::from_millis(20),
        ..Config::default()
    }
}

fn says(text: &str) -> Reply {
    Reply::Content {
        text: text.to_string(),
        finish: "stop",
    }
}

fn cut(text: &str) -> Reply {
    Reply::Content {
        text: text.to_string(),
        finish: "length",
    }
}

fn rules(prompt: &str) -> Intent {
    jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap()
}

async fn intent_jam(prompt: &str, script: Vec<Reply>) -> (Outcome, Vec<Seen>) {
    intent_jam_with(prompt, script, |_| {}).await
}

async fn intent_jam_with(
    prompt: &str,
    script: Vec<Reply>,
    tweak: impl FnOnce(&mut Config),
) -> (Outcome, Vec<Seen>) {
    let server = FakeServer::start(script).await;
    let mut cfg = config(&server.base_url);
    tweak(&mut cfg);
    let llm = Llm::new(cfg).unwrap();
    let out = llm.intent_jam(&rules(prompt), 3).await;
    let report = jamsesh_core::review(&out.jam);
    assert!(report.valid, "{prompt}: {:?}", report.errors);
    assert_eq!(out.jam.prompt, prompt);
    (out, server.seen())
}

fn verdicts(out: &Outcome) -> Vec<Verdict> {
    out.attempts.iter().map(|a| a.verdict).collect()
}

fn last_user(s: &Seen) -> String {
    let messages = s.body["messages"].as_array().unwrap();
    messages.last().unwrap()["content"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_genre_the_rules_do_not_know_is_read_by_the_model() {
    let prompt = "something for a rainy night drive, kinda vaporwave";
    // The rules know no vaporwave and no key here.
    let before = rules(prompt);
    assert!(before.understood.style.is_none() && !before.explicit.key);
    let (out, seen) = intent_jam(
        prompt,
        vec![says(
            "Here is the intent:\n{\"Style\": \"Synthwave\", \"Key\": \"f#\", \"Mode\": \"Minor\", \
             \"Tempo\": \"90\", \"Meter\": null, \"Bars\": null, \"Mood\": \"Dreamy\", \"Instrument\": null}",
        )],
    )
    .await;
    let jam = &out.jam;
    assert_eq!(jam.style_id, "synthwave");
    // Its key and tempo are guesses: the prompt holds neither, so the style's own are kept.
    assert!(jam.understood.key.is_none() && jam.understood.tempo.is_none());
    assert_eq!(jam.source, Source::Engine, "every note is the engine's");
    assert!(jam.repairs.is_empty(), "{:?}", jam.repairs);
    let style = jam.understood.style.as_ref().unwrap();
    assert_eq!(
        (style.value.as_str(), style.words.as_str()),
        ("synthwave", HINT_WORDS)
    );
    assert_eq!(verdicts(&out), [Verdict::Valid]);

    // One short request: few output tokens, the catalogue in the schema and the prompt.
    assert_eq!(seen.len(), 1);
    let body = &seen[0].body;
    assert_eq!(body["max_tokens"], 160);
    let rf = &body["response_format"];
    assert_eq!(rf["type"], "json_schema");
    let schema = &rf["json_schema"]["schema"];
    assert_eq!(schema["required"].as_array().unwrap().len(), 8);
    assert_eq!(schema["additionalProperties"], false);
    let ids = schema["properties"]["style"]["enum"].as_array().unwrap();
    assert!(ids.contains(&Value::from("bossa")) && ids.contains(&Value::Null));
    assert_eq!(ids.len(), jamsesh_core::STYLES.len() + 1);
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages[0]["role"], "system");
    assert!(messages[0]["content"]
        .as_str()
        .unwrap()
        .contains("gypsy-jazz"));
    assert_eq!(
        messages.len(),
        8,
        "system, three example pairs, the request"
    );
    assert_eq!(last_user(&seen[0]), prompt);
}

#[tokio::test]
async fn the_words_win_and_the_model_fills_only_their_gaps() {
    let prompt = "reggae in A at 80 bpm";
    let answer = "{\"style\": \"rock\", \"key\": \"C\", \"mode\": \"major\", \"tempo\": 120, \
                  \"meter\": \"4/4\", \"bars\": 8, \"mood\": \"happy\", \"instrument\": \"guitar\"}";
    let (out, _) = intent_jam(prompt, vec![says(answer)]).await;
    let jam = &out.jam;
    // Said in words: reggae, A, 80 bpm. Not said: the length and the instrument, so the
    // model's 8 bars and guitar are guesses and the style's defaults stay.
    assert_eq!(jam.style_id, "reggae");
    assert_eq!(jam.key, "A");
    assert_eq!(jam.tempo, 80);
    assert_eq!(jam.bars, rules(prompt).bars);
    assert_eq!(jam.instrument, "any");

    // Trusting the model first, its fields win where they are valid.
    let server = FakeServer::start(vec![says(answer)]).await;
    let llm = Llm::new(config(&server.base_url)).unwrap();
    let first = llm
        .read(prompt, &Overrides::default(), Trust::Model)
        .await
        .unwrap();
    let i = &first.intent;
    assert_eq!(
        (i.style.id, i.key.to_string().as_str(), i.tempo),
        ("rock", "C major", 120)
    );
    assert_eq!(i.mood, Some(Mood::Happy));
    // Options beside the prompt still win over both.
    let chosen = Overrides {
        tempo: Some(100),
        ..Overrides::default()
    };
    let read = llm.read(prompt, &chosen, Trust::Model).await.unwrap();
    assert_eq!(read.intent.tempo, 100);
}

#[tokio::test]
async fn a_style_id_not_in_the_catalogue_gets_one_retry() {
    let prompt = "music for a lazy sunday on the beach";
    let invalid = "{\"style\": \"zouk\", \"key\": null, \"mode\": null, \"tempo\": null, \
                   \"meter\": null, \"bars\": null, \"mood\": \"chill\", \"instrument\": null}";
    let valid = "{\"style\": \"reggae\", \"key\": null, \"mode\": null, \"tempo\": null, \
                 \"meter\": null, \"bars\": null, \"mood\": \"chill\", \"instrument\": null}";
    let (out, seen) = intent_jam(prompt, vec![says(invalid), says(valid)]).await;
    assert_eq!(verdicts(&out), [Verdict::Repaired, Verdict::Valid]);
    assert_eq!(seen.len(), 2);
    let retry = last_user(&seen[1]);
    assert!(
        retry.contains("\"style\"") && retry.contains("zouk"),
        "{retry}"
    );
    assert_eq!(out.jam.style_id, "reggae");
    assert!(out.jam.repairs.is_empty());

    // Invalid twice: the rules' reading of the words, and the jam says what was not used.
    let (out, seen) = intent_jam(prompt, vec![says(invalid)]).await;
    assert_eq!(seen.len(), 2, "one retry, no more");
    assert_eq!(out.jam.style_id, rules(prompt).style.id);
    assert_eq!(out.jam.source, Source::Engine);
    assert_eq!(out.jam.repairs.len(), 1);
    assert!(out.jam.repairs[0].contains("zouk"), "{:?}", out.jam.repairs);
}

#[tokio::test]
async fn json_cut_off_at_max_tokens_keeps_its_complete_fields() {
    let prompt = "a tune for my grandmother's birthday";
    let cut_off = "{\"style\": \"bossa\", \"key\": \"E\", \"mode\": \"min";
    let (out, seen) = intent_jam(prompt, vec![cut(cut_off)]).await;
    assert_eq!(seen.len(), 2);
    assert!(last_user(&seen[1]).contains("cut off"));
    assert!(
        out.attempts[0].errors[0].message.contains("length"),
        "{:?}",
        out.attempts[0]
    );
    assert_eq!(out.jam.style_id, "bossa");
    assert_eq!(out.jam.source, Source::Engine);
}

#[tokio::test]
async fn no_json_twice_is_the_rules_reading_and_says_so() {
    let prompt = "a tune for my grandmother's birthday";
    let (out, seen) = intent_jam(
        prompt,
        vec![says(
            "I would suggest a happy jazzy tune in G major, about 120 bpm!",
        )],
    )
    .await;
    assert_eq!(seen.len(), 2);
    assert_eq!(verdicts(&out), [Verdict::Unreadable, Verdict::Unreadable]);
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert!(out.fallback.as_deref().unwrap().contains("no intent"));
    let plain = jamsesh_core::generate(&rules(prompt), 3);
    assert_eq!(
        (out.jam.chords, out.jam.example),
        (plain.chords, plain.example)
    );
}

#[tokio::test]
async fn llama_cpp_gets_its_schema_inside_json_object() {
    // llama-cpp-python: a 500 to json_schema, then JSON mode with the schema as a grammar.
    let prompt = "gypsy jazz for violin";
    let fenced = "Sure!\n```json\n{\"style\": \"GYPSY JAZZ\", \"key\": \"D\", \"mode\": \"minor\", \
                  \"tempo\": null, \"meter\": null, \"bars\": 16, \"mood\": null, \"instrument\": \"Violin\"}\n```\n\
                  This is a swinging tune.";
    let (out, seen) = intent_jam(
        prompt,
        vec![Reply::error(500, "Internal Server Error"), says(fenced)],
    )
    .await;
    assert_eq!(seen.len(), 2);
    let rf = &seen[1].body["response_format"];
    assert_eq!(rf["type"], "json_object");
    assert!(rf["schema"]["properties"]["style"]["enum"]
        .as_array()
        .unwrap()
        .contains(&Value::from("gypsy-jazz")));
    // What the words said stays; the model's D minor and 16 bars are not in them: the jam
    // is the one the words alone give.
    assert_eq!(out.jam.style_id, "gypsy-jazz");
    assert_eq!(out.jam.instrument, "violin");
    let plain = jamsesh_core::generate(&rules(prompt), 3);
    assert_eq!((&out.jam.key, &out.jam.chords), (&plain.key, &plain.chords));

    // A server that refuses the schema beside json_object gets plain JSON mode.
    let (_, seen) = intent_jam_with(
        prompt,
        vec![
            Reply::error(400, "response_format: unknown field `schema`"),
            says(fenced),
        ],
        |c| c.format = FormatMode::JsonObject,
    )
    .await;
    assert_eq!(seen.len(), 2);
    assert!(seen[0].body["response_format"].get("schema").is_some());
    assert_eq!(
        seen[1].body["response_format"],
        serde_json::json!({"type": "json_object"})
    );
}

#[tokio::test]
async fn a_server_that_fails_leaves_the_rules_reading() {
    let prompt = "slow blues in E";
    let (out, seen) = intent_jam(prompt, vec![Reply::error(401, "Invalid API key")]).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(verdicts(&out), [Verdict::ServerError]);
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert_eq!(
        (out.jam.style_id.as_str(), out.jam.key.as_str()),
        ("blues", "E")
    );
}
