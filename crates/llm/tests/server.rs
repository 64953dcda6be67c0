//! The backend against a real HTTP server on 127.0.0.1 that speaks the chat-completions
//! protocol and replays a library of realistic answers (`tests/answers/`). Whatever the
//! server does, the user gets a jam the critic accepts, the right `source`, in bounded time.

mod support;

use axum::body::Bytes;
use jamsesh_core::{Intent, Overrides, Source};
use jamsesh_llm::{Config, FormatMode, Llm, Outcome, Verdict};
use std::time::{Duration, Instant};
use support::{FakeServer, Reply, Seen};

const KEY: &str = "test-key-123";

fn config(base: &str) -> Config {
    Config {
        base_url: base.to_string(),
        api_key: Some(KEY.to_string()),
        model: "fake-model".into(),
        timeout: Duration::from_millis(400),
        connect_timeout: Duration::from_millis(200),
        backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_millis(1500),
        ..Config::default()
    }
}

fn funk() -> Intent {
    jamsesh_core::parse_intent("funky slow groove in Bb", &Overrides::default()).unwrap()
}

/// Runs the full pipeline against a script; returns the outcome, the requests, the wall time.
async fn run_with(
    script: Vec<Reply>,
    tweak: impl FnOnce(&mut Config),
) -> (Outcome, Vec<Seen>, Duration) {
    let server = FakeServer::start(script).await;
    let mut cfg = config(&server.base_url);
    tweak(&mut cfg);
    let llm = Llm::new(cfg).unwrap();
    let t = Instant::now();
    let out = llm.jam(&funk(), 7).await;
    let took = t.elapsed();
    assert_usable(&out);
    (out, server.seen(), took)
}

async fn run(script: Vec<Reply>) -> (Outcome, Vec<Seen>, Duration) {
    run_with(script, |_| {}).await
}

/// What every user gets: a valid jam in the key the prompt asked for.
fn assert_usable(out: &Outcome) {
    let report = jamsesh_core::review(&out.jam);
    assert!(
        report.valid,
        "invalid jam reached the user: {:#?}",
        report.errors
    );
    assert!(out.report.valid);
    assert_eq!(out.jam.key, "Bb", "the prompt asked for Bb");
    assert_eq!(out.jam.prompt, "funky slow groove in Bb");
    assert_eq!(
        out.fallback.is_some(),
        out.jam.source == Source::EngineFallback
    );
}

fn verdicts(out: &Outcome) -> Vec<Verdict> {
    out.attempts.iter().map(|a| a.verdict).collect()
}

fn format_type(s: &Seen) -> Option<&str> {
    s.body
        .pointer("/response_format/type")
        .and_then(|v| v.as_str())
}

fn last_user(s: &Seen) -> String {
    s.body["messages"]
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn good_answer_and_the_request_it_came_from() {
    let (out, seen, _) = run(vec![Reply::answer("good.json")]).await;
    assert_eq!(out.jam.source, Source::Llm);
    assert_eq!(out.jam.title, "Low Flame Strut");
    assert_eq!(verdicts(&out), [Verdict::Valid]);
    assert_eq!(seen.len(), 1);
    let req = &seen[0];
    assert_eq!(req.path, "/v1/chat/completions");
    assert_eq!(req.authorization.as_deref(), Some("Bearer test-key-123"));
    assert_eq!(req.body["model"], "fake-model");
    assert_eq!(req.body["stream"], false);
    assert_eq!(req.body["temperature"], 0.7);
    let messages = req.body["messages"].as_array().unwrap();
    assert_eq!(messages[0]["role"], "system");
    assert!(
        messages.len() >= 12,
        "system + five few-shot pairs + request"
    );
    let ask = last_user(req);
    assert!(ask.contains("REQUIRED: key Bb"), "{ask}");
    assert!(ask.contains("funky slow groove in Bb"), "{ask}");
    let rf = &req.body["response_format"];
    assert_eq!(rf["type"], "json_schema");
    assert_eq!(rf["json_schema"]["strict"], true);
    assert_eq!(rf["json_schema"]["name"], "jam");
    let required = rf["json_schema"]["schema"]["required"].as_array().unwrap();
    assert!(required.iter().any(|f| f == "example") && required.iter().any(|f| f == "chords"));
}

#[tokio::test]
async fn fenced_prose_and_sloppy_types_are_read() {
    for file in ["good_fenced.md", "good_in_prose.txt", "wrong_types.json"] {
        let (out, seen, _) = run(vec![Reply::answer(file)]).await;
        assert_eq!(out.jam.source, Source::Llm, "{file}");
        assert_eq!(seen.len(), 1, "{file}: no retry needed");
        assert_eq!(out.jam.tempo, 88, "{file}");
        assert_eq!(out.jam.bars, 8, "{file}");
    }
}

#[tokio::test]
async fn subtle_errors_are_repaired() {
    for file in [
        "bars_too_long.json",
        "chord_symbols_disagree.json",
        "wrong_k.json",
        "wrong_meter.json",
    ] {
        let (out, seen, _) = run(vec![Reply::answer(file)]).await;
        assert_eq!(out.jam.source, Source::LlmRepair, "{file}");
        assert_eq!(verdicts(&out), [Verdict::Repaired], "{file}");
        assert_eq!(seen.len(), 1, "{file}");
        let original = support::answer(file);
        assert_ne!(
            out.jam.example,
            serde_json::from_str::<serde_json::Value>(&original).unwrap()["example"],
            "{file}"
        );
    }
}

#[tokio::test]
async fn fields_the_engine_wrote_are_not_the_models() {
    // Only chords and example: before, this came out as `llm`.
    let (out, seen, _) = run(vec![Reply::answer("missing_fields.json")]).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(out.jam.source, Source::Hybrid);
    assert_eq!(out.jam.title, "Low Flame Strut", "the tune's own T:");
    assert_eq!(
        out.jam.repairs,
        [
            "style written by the engine",
            "scales written by the engine"
        ]
    );
}

#[tokio::test]
async fn a_retry_names_the_faults_and_asks_only_for_the_wrong_field() {
    // Six bars of melody under eight bars of chords; everything else passed.
    let (out, seen, _) = run(vec![
        Reply::answer("example_short.json"),
        Reply::answer("retry_example_only.json"),
    ])
    .await;
    assert_eq!(verdicts(&out), [Verdict::Rejected, Verdict::Valid]);
    assert_eq!(seen.len(), 2);
    let retry = last_user(&seen[1]);
    assert!(
        retry.contains("the example has 6 bars but `chords` has 8"),
        "{retry}"
    );
    assert!(
        retry.contains("the chord symbols in bars 7 and 8 disagree with `chords`"),
        "{retry}"
    );
    assert!(retry.contains("Answer with only {\"example\""), "{retry}");
    // The retry's schema asks for that field alone.
    let schema = &seen[1].body["response_format"]["json_schema"]["schema"];
    assert_eq!(schema["required"], serde_json::json!(["example"]));
    // The answer to it is read over the first: title, chords and scales kept.
    assert_eq!(out.jam.source, Source::Llm);
    assert_eq!(out.jam.bars, 8);
    assert_eq!(out.jam.title, "Low Flame Strut");
    // The rejected answer is in the conversation, right before the critique.
    let msgs = seen[1].body["messages"].as_array().unwrap();
    assert_eq!(msgs[msgs.len() - 2]["role"], "assistant");
}

#[tokio::test]
async fn a_tune_consistently_in_another_key_is_moved_to_the_asked_one() {
    // Key, K:Cdor and the home chord agree on C dorian; the prompt asks for Bb. Down a whole
    // tone: Cm7 is Bbm7, F7 is Eb7, the tune's first note C is Bb.
    let (out, seen, _) = run(vec![Reply::answer("wrong_key.json")]).await;
    assert_eq!(seen.len(), 1, "no retry needed");
    assert_eq!(verdicts(&out), [Verdict::Repaired]);
    assert_eq!(out.jam.source, Source::LlmRepair);
    assert_eq!(
        (out.jam.key.as_str(), out.jam.mode.as_str()),
        ("Bb", "dorian")
    );
    assert_eq!(
        out.jam.chords,
        "Bbm7 | Eb7 | Bbm7 | Eb7 | Bbm7 | Eb7 | Bbm7 | Eb7"
    );
    assert!(out.jam.example.contains("K:Bbdor"), "{}", out.jam.example);
    assert!(
        out.jam.example.contains("\"Bbm7\"B,2"),
        "{}",
        out.jam.example
    );
    assert!(
        out.jam.scales.starts_with("Bb dorian"),
        "{}",
        out.jam.scales
    );
    assert_eq!(
        out.jam.transposed, 0,
        "the prompt's own key, not a transposition asked for"
    );
    assert_eq!(
        out.jam.repairs,
        ["written in C dorian, moved to Bb dorian as the prompt asks: every note and chord down 2 semitones"]
    );
}

#[tokio::test]
async fn twice_wrong_falls_back_to_the_engine() {
    let (out, seen, _) = run(vec![
        Reply::answer("wrong_key_mixed.json"),
        Reply::answer("wrong_key_mixed.json"),
    ])
    .await;
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert_eq!(verdicts(&out), [Verdict::Rejected, Verdict::Rejected]);
    assert!(
        out.fallback.as_deref().unwrap().contains("critic"),
        "{:?}",
        out.fallback
    );
    assert_eq!(seen.len(), 2, "exactly one retry");
    let retry = last_user(&seen[1]);
    assert!(retry.contains("the prompt asks for"), "{retry}");
    assert!(retry.contains("whole corrected JSON object"), "{retry}");
}

#[tokio::test]
async fn unreadable_answers_get_one_retry() {
    let (out, seen, _) = run(vec![
        Reply::truncated("truncated.json"),
        Reply::answer("good.json"),
    ])
    .await;
    assert_eq!(out.jam.source, Source::Llm);
    assert_eq!(verdicts(&out), [Verdict::Unreadable, Verdict::Valid]);
    assert!(
        out.attempts[0].errors[0].message.contains("length"),
        "{:?}",
        out.attempts[0]
    );
    assert!(last_user(&seen[1]).contains("could not be read"));

    // Chords only in the melody's symbols are read from there: no retry.
    let (out, _, _) = run(vec![Reply::answer("missing_chords.json")]).await;
    assert_eq!(verdicts(&out), [Verdict::Repaired]);
    assert_eq!(out.jam.source, Source::LlmRepair);

    let (out, seen, _) = run(vec![
        Reply::answer("prose_only.txt"),
        Reply::answer("prose_only.txt"),
    ])
    .await;
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert_eq!(seen.len(), 2);
}

#[tokio::test]
async fn broken_bodies_fall_back_without_retrying() {
    // 5 MB of valid-looking JSON: we stop reading at 1 MiB.
    let huge = format!(
        "{{\"choices\":[{{\"message\":{{\"content\":\"{}\"}}}}]}}",
        "a".repeat(5 << 20)
    );
    let (out, seen, took) = run(vec![Reply::Raw {
        status: 200,
        body: Bytes::from(huge),
        content_type: "application/json",
    }])
    .await;
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert_eq!(verdicts(&out), [Verdict::ServerError]);
    assert!(
        out.attempts[0].errors[0]
            .message
            .contains("larger than 1048576"),
        "{:?}",
        out.attempts
    );
    assert_eq!(seen.len(), 1);
    assert!(took < Duration::from_secs(3), "{took:?}");

    let html = Reply::Raw {
        status: 200,
        body: Bytes::from_static(b"<html><body>Bad gateway</body></html>"),
        content_type: "text/html",
    };
    let (out, seen, _) = run(vec![html]).await;
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert!(
        out.attempts[0].errors[0].message.contains("not JSON"),
        "{:?}",
        out.attempts
    );
    assert_eq!(seen.len(), 1);
}

#[tokio::test]
async fn slow_server_times_out_with_bounded_retries() {
    let slow = Reply::answer("good.json").after(Duration::from_secs(3));
    let (out, seen, took) = run(vec![slow]).await;
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert_eq!(seen.len(), 3, "first try and two retries");
    assert!(
        out.fallback.as_deref().unwrap().contains("did not answer"),
        "{:?}",
        out.fallback
    );
    assert!(took < Duration::from_millis(2500), "{took:?}");

    let slow_once = Reply::answer("good.json").after(Duration::from_secs(2));
    let (out, seen, _) = run(vec![slow_once, Reply::answer("good.json")]).await;
    assert_eq!(out.jam.source, Source::Llm);
    assert_eq!(seen.len(), 2);
}

#[tokio::test]
async fn rate_limit_honours_retry_after() {
    let limited = Reply::Error {
        status: 429,
        message: "Rate limit reached for requests".into(),
        kind: "requests",
        code: Some("rate_limit_exceeded"),
        retry_after: Some("1"),
    };
    let (out, seen, took) = run(vec![limited, Reply::answer("good.json")]).await;
    assert_eq!(out.jam.source, Source::Llm);
    assert_eq!(seen.len(), 2);
    assert!(
        took >= Duration::from_millis(950) && took < Duration::from_secs(3),
        "{took:?}"
    );

    // A Retry-After beyond the cap waits only the cap.
    let long = Reply::Error {
        status: 429,
        message: "Rate limit reached".into(),
        kind: "requests",
        code: None,
        retry_after: Some("30"),
    };
    let (out, _, took) = run_with(vec![long, Reply::answer("good.json")], |c| {
        c.max_retry_after = Duration::from_millis(200)
    })
    .await;
    assert_eq!(out.jam.source, Source::Llm);
    assert!(took < Duration::from_secs(2), "{took:?}");

    let (out, seen, _) = run(vec![Reply::error(429, "Rate limit reached")]).await;
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert_eq!(seen.len(), 3);
}

#[tokio::test]
async fn unavailable_then_fine() {
    let (out, seen, _) = run(vec![
        Reply::error(503, "The server is overloaded"),
        Reply::answer("good.json"),
    ])
    .await;
    assert_eq!(out.jam.source, Source::Llm);
    assert_eq!(seen.len(), 2);
    assert_eq!(out.attempts[0].requests, 2);
}

#[tokio::test]
async fn llama_cpp_500_to_json_schema_falls_back_to_json_object_for_the_session() {
    let server = FakeServer::start(vec![
        Reply::error(500, "Internal Server Error"),
        Reply::answer("good.json"),
        Reply::answer("good.json"),
    ])
    .await;
    let llm = Llm::new(config(&server.base_url)).unwrap();
    let out = llm.jam(&funk(), 1).await;
    assert_usable(&out);
    assert_eq!(out.jam.source, Source::Llm);
    let out = llm.jam(&funk(), 2).await;
    assert_usable(&out);
    let seen = server.seen();
    let formats: Vec<_> = seen.iter().map(format_type).collect();
    assert_eq!(
        formats,
        [
            Some("json_schema"),
            Some("json_object"),
            Some("json_object")
        ]
    );
    assert_eq!(
        llm.client.working_format(),
        Some(jamsesh_llm::Wire::JsonObject)
    );
}

#[tokio::test]
async fn a_400_naming_the_format_falls_back_but_other_4xx_do_not() {
    let (out, seen, _) = run(vec![
        Reply::error(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."),
        Reply::answer("good.json"),
    ])
    .await;
    assert_eq!(out.jam.source, Source::Llm);
    assert_eq!(
        seen.iter().map(format_type).collect::<Vec<_>>(),
        [Some("json_schema"), Some("json_object")]
    );

    let (out, seen, _) = run(vec![Reply::error(
        401,
        "Incorrect API key provided: test-key***",
    )])
    .await;
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert_eq!(seen.len(), 1, "401 is not retried");
    assert!(out.fallback.as_deref().unwrap().contains("401"));

    let (_, seen, _) = run(vec![Reply::error(404, "The model `nope` does not exist")]).await;
    assert_eq!(seen.len(), 1);

    // A fixed format never falls back, and 500 is never retried.
    let (out, seen, _) = run_with(vec![Reply::error(500, "boom")], |c| {
        c.format = FormatMode::JsonObject
    })
    .await;
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert_eq!(seen.len(), 1);
}

#[tokio::test]
async fn text_mode_sends_no_response_format() {
    let (out, seen, _) = run_with(vec![Reply::answer("good_fenced.md")], |c| {
        c.format = FormatMode::Text
    })
    .await;
    assert_eq!(out.jam.source, Source::Llm);
    assert!(seen[0].body.get("response_format").is_none());
}

#[tokio::test]
async fn ollama_style_configuration() {
    // Ollama: http://127.0.0.1:11434/v1, no API key, a model name with a tag.
    let server = FakeServer::start(vec![Reply::answer("good_fenced.md")]).await;
    let cfg = Config::from_lookup(|name| match name {
        "JAMSESH_LLM_BASE_URL" => Some(format!("{}/", server.base_url)),
        "JAMSESH_LLM_MODEL" => Some("llama3.2:3b".into()),
        _ => None,
    });
    assert!(cfg.api_key.is_none());
    let llm = Llm::new(Config {
        timeout: Duration::from_secs(2),
        ..cfg
    })
    .unwrap();
    let out = llm.jam(&funk(), 3).await;
    assert_usable(&out);
    assert_eq!(out.jam.source, Source::Llm);
    let seen = server.seen();
    assert_eq!(seen[0].path, "/v1/chat/completions");
    assert_eq!(
        seen[0].authorization, None,
        "no key, no Authorization header"
    );
    assert_eq!(seen[0].body["model"], "llama3.2:3b");
}

#[tokio::test]
async fn nobody_listening() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let llm = Llm::new(config(&format!("http://127.0.0.1:{port}/v1"))).unwrap();
    let t = Instant::now();
    let out = llm.jam(&funk(), 1).await;
    assert_usable(&out);
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert!(
        out.fallback.as_deref().unwrap().contains("could not reach"),
        "{:?}",
        out.fallback
    );
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn hybrid_takes_the_models_chords_and_the_engines_melody() {
    let server = FakeServer::start(vec![Reply::answer("hybrid_good.json")]).await;
    let llm = Llm::new(config(&server.base_url)).unwrap();
    let out = llm.hybrid(&funk(), 5).await;
    assert_usable(&out);
    assert_eq!(out.jam.source, Source::Hybrid);
    assert_eq!(out.jam.title, "Low Flame Strut");
    assert_eq!(
        out.jam.chords,
        "Bbm7 | Eb7 | Bbm7 | Eb7 | Bbm7 | Eb7 | Bbm7 | Eb7"
    );
    assert!(out.jam.scales.starts_with("Bb dorian"));
    assert!(
        out.jam.example.contains("T:Low Flame Strut"),
        "{}",
        out.jam.example
    );
    let seen = server.seen();
    let required = seen[0]
        .body
        .pointer("/response_format/json_schema/schema/required")
        .unwrap();
    assert!(
        !required.as_array().unwrap().iter().any(|f| f == "example"),
        "hybrid asks for no melody"
    );
    assert_eq!(serde_json::to_value(out.jam.source).unwrap(), "llm+engine");
}

#[tokio::test]
async fn new_melody_from_the_model_or_the_engine() {
    let good = support::answer("good.json");
    let example: serde_json::Value = serde_json::from_str(&good).unwrap();
    let server = FakeServer::start(vec![
        Reply::answer("good.json"),
        Reply::answer("prose_only.txt"),
    ])
    .await;
    let llm = Llm::new(config(&server.base_url)).unwrap();
    let base = llm.jam(&funk(), 1).await.jam;
    // The model answers with a melody object.
    let melody_only = serde_json::json!({"example": example["example"]}).to_string();
    let server2 = FakeServer::start(vec![Reply::Content {
        text: melody_only,
        finish: "stop",
    }])
    .await;
    let llm2 = Llm::new(config(&server2.base_url)).unwrap();
    let out = llm2.new_melody(&base, 9, "more syncopated").await.unwrap();
    assert!(jamsesh_core::review(&out.jam).valid);
    assert_eq!(out.jam.source, Source::Llm);
    assert_eq!(out.jam.chords, base.chords);
    let ask = last_user(&server2.seen()[0]);
    assert!(
        ask.contains("more syncopated") && ask.contains(&base.chords),
        "{ask}"
    );
    // Prose twice: the engine writes the melody.
    let out = llm.new_melody(&base, 9, "higher").await.unwrap();
    assert!(jamsesh_core::review(&out.jam).valid);
    assert_eq!(out.jam.source, Source::EngineFallback);
    assert_eq!(out.jam.chords, base.chords);
}

#[tokio::test]
async fn harmony_voice_from_the_model_or_the_engine() {
    use jamsesh_core::HarmonyKind;
    let server = FakeServer::start(vec![Reply::answer("good.json")]).await;
    let base = Llm::new(config(&server.base_url))
        .unwrap()
        .jam(&funk(), 1)
        .await
        .jam;
    assert_eq!(base.source, Source::Llm);

    // A bass line the model wrote, spliced under [V:2].
    let server = FakeServer::start(vec![Reply::answer("voice_bass.json")]).await;
    let llm = Llm::new(config(&server.base_url)).unwrap();
    let out = llm.harmony(&base, HarmonyKind::Bass).await.unwrap();
    assert!(out.fallback.is_none(), "{:?}", out.attempts);
    assert!(jamsesh_core::review(&out.jam).valid);
    assert!(
        out.jam.example.contains("[V:2]\nB,,4 F,4|"),
        "{}",
        out.jam.example
    );
    assert_eq!(out.jam.source, Source::Llm, "the jam's own source is kept");
    assert!(last_user(&server.seen()[0]).contains("bass line"));
    let required = server.seen()[0]
        .body
        .pointer("/response_format/json_schema/schema/required")
        .cloned()
        .unwrap();
    assert_eq!(required, serde_json::json!(["voice"]));

    // Bars too short, twice: the engine writes the voice, and says so.
    let server = FakeServer::start(vec![Reply::answer("voice_short.json")]).await;
    let llm = Llm::new(config(&server.base_url)).unwrap();
    let out = llm.harmony(&base, HarmonyKind::ThirdAbove).await.unwrap();
    assert!(out.fallback.is_some());
    assert_eq!(
        out.attempts.iter().map(|a| a.verdict).collect::<Vec<_>>(),
        [Verdict::Rejected, Verdict::Rejected]
    );
    assert!(
        out.attempts[0].errors.iter().any(|f| f.check == "meter"),
        "{:?}",
        out.attempts[0]
    );
    let retry = last_user(&server.seen()[1]);
    assert!(retry.contains("the voice has"), "{retry}");
    assert!(jamsesh_core::review(&out.jam).valid);
    assert!(out.jam.example.contains("[V:2]"));
}
