//! Every `jamsesh serve` endpoint over real HTTP on 127.0.0.1: what it answers, and how it
//! refuses bad JSON, huge bodies, unknown operations, floods and other sites.

use axum::routing::post;
use jamsesh_ops::{self as ops, GenerateOptions, Jam, Source};
use jamsesh_server::ratelimit::RateConfig;
use jamsesh_server::{serve_on, Config};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

/// A server running on a free port until the value is dropped.
struct Server {
    base: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start(config: Config) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        serve_on(listener, &config, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    Server { base, _stop: stop }
}

/// An HTTP client (reqwest is built without a bundled TLS crypto provider; ring is installed).
fn http() -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::new()
}

async fn get(url: String) -> Result<Response, reqwest::Error> {
    http().get(url).send().await
}

async fn server() -> Server {
    start(Config::default()).await
}

async fn post_json(s: &Server, path: &str, body: &Value) -> Response {
    http()
        .post(format!("{}{path}", s.base))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Asserts an error answer: its status and its stable code; returns the message.
async fn error(response: Response, status: StatusCode, code: &str) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str().unwrap().to_string();
    assert!(!message.is_empty());
    message
}

async fn jam_of(response: Response) -> Jam {
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn engine_jam(prompt: &str, seed: u64) -> Jam {
    let options = GenerateOptions {
        seed: Some(seed),
        ..Default::default()
    };
    ops::generate(prompt, &options).unwrap()
}

#[tokio::test]
async fn health_and_the_demo_page() {
    let s = server().await;
    let health: Value = get(format!("{}/healthz", s.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let page = get(format!("{}/", s.base)).await.unwrap();
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("<jam-widget prompt="), "{html}");
    assert!(
        !html.contains("api=\"\""),
        "no LLM here: the widget composes in the browser"
    );
    assert!(html.contains("/assets/jam-widget.js"));
}

#[tokio::test]
async fn generate_is_the_engine_jam_for_the_seed() {
    let s = server().await;
    let body = json!({"prompt": "funky slow groove in Bb", "seed": 8});
    let jam = jam_of(post_json(&s, "/api/jam", &body).await).await;
    assert_eq!(jam, engine_jam("funky slow groove in Bb", 8));
    assert_eq!(jam.source, Source::Engine);

    let body = json!({"prompt": "blues", "key": "A", "tempo": 100, "bars": 12, "meter": "4/4", "seed": 2, "backend": "engine"});
    let jam = jam_of(post_json(&s, "/api/jam", &body).await).await;
    assert_eq!(
        (jam.key.as_str(), jam.tempo, jam.bars),
        ("A", 100, 12),
        "{jam:?}"
    );
    // Without a seed, each request gets a new one.
    let a = jam_of(post_json(&s, "/api/jam", &json!({"prompt": "slow blues"})).await).await;
    let b = jam_of(post_json(&s, "/api/jam", &json!({"prompt": "slow blues"})).await).await;
    assert_ne!(a.seed, b.seed);
}

#[tokio::test]
async fn bad_requests_are_clear_errors() {
    let s = server().await;
    let raw = |body: &'static str| {
        http()
            .post(format!("{}/api/jam", s.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let m = error(
        raw("{\"prompt\": ").await.unwrap(),
        StatusCode::BAD_REQUEST,
        "bad_json",
    )
    .await;
    assert!(m.contains("not the expected JSON"), "{m}");
    error(
        raw("[1, 2]").await.unwrap(),
        StatusCode::BAD_REQUEST,
        "bad_json",
    )
    .await;
    let m = error(
        post_json(&s, "/api/jam", &json!({"prompt": "blues", "colour": "red"})).await,
        StatusCode::BAD_REQUEST,
        "bad_json",
    )
    .await;
    assert!(m.contains("colour"), "{m}");
    error(
        post_json(&s, "/api/jam", &json!({"prompt": "   "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_prompt",
    )
    .await;
    let m = error(
        post_json(&s, "/api/jam", &json!({"prompt": "blues", "key": "H#"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_prompt",
    )
    .await;
    assert!(m.contains("H#"), "{m}");
    let m = error(
        post_json(&s, "/api/jam", &json!({"prompt": "a".repeat(2001)})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "prompt_too_long",
    )
    .await;
    // The words every door uses (the CLI, the bot and the widget say the same).
    assert_eq!(
        m,
        "the prompt is 2001 characters; at most 2000 are accepted"
    );
    error(
        post_json(&s, "/api/jam", &json!({"prompt": "blues", "seed": -1})).await,
        StatusCode::BAD_REQUEST,
        "bad_json",
    )
    .await;
    let m = error(
        post_json(
            &s,
            "/api/jam",
            &json!({"prompt": "blues", "backend": "gpt"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "bad_options",
    )
    .await;
    assert_eq!(m, "`gpt` is not a backend: engine, llm, hybrid or intent");
    let m = error(
        post_json(
            &s,
            "/api/jam",
            &json!({"prompt": "blues", "backend": "llm"}),
        )
        .await,
        StatusCode::SERVICE_UNAVAILABLE,
        "llm_not_configured",
    )
    .await;
    assert!(m.contains("JAMSESH_LLM_BASE_URL"), "{m}");
}

#[tokio::test]
async fn huge_bodies_are_refused_and_the_server_goes_on() {
    let s = server().await;
    let huge = json!({"prompt": "x".repeat(300 * 1024)});
    error(
        post_json(&s, "/api/jam", &huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    let abc = format!("X:1\nK:C\n{}", "C".repeat(300 * 1024));
    error(
        post_json(&s, "/api/render/svg", &json!({ "abc": abc })).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    jam_of(post_json(&s, "/api/jam", &json!({"prompt": "blues"})).await).await;
}

#[tokio::test]
async fn unknown_paths_and_methods() {
    let s = server().await;
    let m = error(
        post_json(&s, "/api/jam/remix", &json!({})).await,
        StatusCode::NOT_FOUND,
        "unknown_operation",
    )
    .await;
    assert!(m.contains("/api/jam/remix"), "{m}");
    error(
        post_json(&s, "/api/render/gif", &json!({"abc": "X:1\nK:C\nC"})).await,
        StatusCode::NOT_FOUND,
        "unknown_operation",
    )
    .await;
    let fetched = get(format!("{}/api/jam", s.base)).await.unwrap();
    error(
        fetched,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    let nothing = get(format!("{}/nothing/here", s.base)).await.unwrap();
    error(nothing, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn jam_operations() {
    let s = server().await;
    let jam = engine_jam("slow blues in E", 4);

    let melody = jam_of(
        post_json(
            &s,
            "/api/jam/melody",
            &json!({"jam": jam, "seed": 9, "steer": "sparser and lower"}),
        )
        .await,
    )
    .await;
    assert_eq!(melody.chords, jam.chords);
    assert_ne!(melody.example, jam.example);
    assert!(ops::critic(&melody).unwrap().valid);

    let progression =
        jam_of(post_json(&s, "/api/jam/progression", &json!({"jam": jam, "seed": 5})).await).await;
    assert_eq!(
        (progression.key.as_str(), progression.bars),
        ("E", jam.bars)
    );
    assert!(ops::critic(&progression).unwrap().valid);

    let harmony = jam_of(
        post_json(
            &s,
            "/api/jam/harmony",
            &json!({"jam": jam, "kind": "third"}),
        )
        .await,
    )
    .await;
    assert!(harmony.example.contains("V:2"), "{}", harmony.example);
    error(
        post_json(
            &s,
            "/api/jam/harmony",
            &json!({"jam": jam, "kind": "ninth"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_options",
    )
    .await;

    let up = jam_of(
        post_json(
            &s,
            "/api/jam/transpose",
            &json!({"jam": jam, "semitones": 1}),
        )
        .await,
    )
    .await;
    assert_eq!(up.key, "F");
    assert!(up.chords.starts_with("F7"), "{}", up.chords);
    error(
        post_json(
            &s,
            "/api/jam/transpose",
            &json!({"jam": jam, "semitones": 40}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_options",
    )
    .await;

    let report: Value = post_json(&s, "/api/critic", &json!({ "jam": jam }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["valid"], true, "{report}");
    let mut broken = serde_json::to_value(&jam).unwrap();
    broken["chords"] = json!("E7 | A7");
    let report: Value = post_json(&s, "/api/critic", &json!({ "jam": broken }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["valid"], false, "{report}");

    // A jam that is not one.
    error(
        post_json(&s, "/api/jam/melody", &json!({"jam": {"title": "x"}})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_jam",
    )
    .await;
    let m = error(
        post_json(
            &s,
            "/api/jam/melody",
            &json!({"jam": jam, "steer": "s".repeat(5000)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "steer_too_long",
    )
    .await;
    assert_eq!(m, "the steer is 5000 characters; at most 2000 are accepted");
}

#[tokio::test]
async fn jams_over_their_budget_are_413_and_bad_values_422() {
    let s = server().await;
    let jam = engine_jam("slow blues in E", 4);
    // A progression of 5,000 bars (25 KB, well under the body limit) in a 12-bar jam.
    let mut long = jam.clone();
    long.chords = vec!["E7"; 5_000].join(" | ");
    for (path, extra) in [
        ("/api/jam/transpose", json!({"semitones": 2})),
        ("/api/jam/melody", json!({})),
        (
            "/api/jam/harmony",
            json!({"kind": "third", "backend": "engine"}),
        ),
        ("/api/jam/progression", json!({})),
        ("/api/critic", json!({})),
    ] {
        let mut body = extra.clone();
        body["jam"] = json!(long);
        let message = error(
            post_json(&s, path, &body).await,
            StatusCode::PAYLOAD_TOO_LARGE,
            "over_budget",
        )
        .await;
        assert!(message.contains("chords"), "{path}: {message}");
    }
    // The key of a jam that is not a key: the field's own error, saying why.
    let mut bad_key = jam.clone();
    bad_key.key = "E#####".into();
    let message = error(
        post_json(
            &s,
            "/api/jam/transpose",
            &json!({"jam": bad_key, "semitones": 2}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_jam",
    )
    .await;
    assert!(message.contains("5 sharps or flats"), "{message}");
    // The key option of a new jam, too.
    let message = error(
        post_json(&s, "/api/jam", &json!({"prompt": "blues", "key": "Cbbbb"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_prompt",
    )
    .await;
    assert!(
        message.contains("at character 1 has 4 sharps or flats"),
        "{message}"
    );
}

#[tokio::test]
async fn chord_voicings() {
    let s = server().await;
    let view: Value = post_json(&s, "/api/chord", &json!({"symbol": "Bb7"}))
        .await
        .json()
        .await
        .unwrap();
    let classes: Vec<u64> = view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_u64().unwrap() % 12)
        .collect();
    assert_eq!(classes, [10, 2, 5, 8], "B♭ D F A♭: {view}");
    assert_eq!(view["names"], json!(["B♭", "D", "F", "A♭"]), "{view}");
    let b_major: Value = post_json(&s, "/api/chord", &json!({"symbol": "B"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(b_major["names"], json!(["B", "D♯", "F♯"]), "{b_major}");
    assert!(view["svg"].as_str().unwrap().starts_with("<svg"));
    error(
        post_json(&s, "/api/chord", &json!({"symbol": "Q#7"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_chord",
    )
    .await;
}

#[tokio::test]
async fn renders_svg_png_midi_and_wav() {
    let s = server().await;
    let jam = engine_jam("celtic jig in D", 2);
    let render = async |format: &str, extra: Value| {
        let mut body = json!({"abc": jam.example, "jam": jam});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        post_json(&s, &format!("/api/render/{format}"), &body).await
    };
    let check = |r: Response, mime: &'static str| async move {
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], mime);
        r.bytes().await.unwrap()
    };
    let svg = check(
        render("svg", json!({"theme": "dark"})).await,
        "image/svg+xml",
    )
    .await;
    assert!(svg.starts_with(b"<svg") && svg.windows(7).any(|w| w == b"#2b2d31"));
    let png = check(
        render("png", json!({"width": 800, "scale": 1.5})).await,
        "image/png",
    )
    .await;
    assert!(png.starts_with(b"\x89PNG"));
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_eq!(width, 1200);
    let midi = check(render("midi", json!({})).await, "audio/midi").await;
    assert!(midi.starts_with(b"MThd"));
    let wav = check(render("wav", json!({})).await, "audio/wav").await;
    assert!(wav.starts_with(b"RIFF") && wav.len() > 44 * 1000);

    error(
        render("svg", json!({"abc": "no tune here"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_abc",
    )
    .await;
    error(
        render("png", json!({"scale": 10})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_options",
    )
    .await;
    error(
        render("svg", json!({"width": 5})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_options",
    )
    .await;
    let long = format!("X:1\nL:1/4\nK:C\n{}", "CDEF|\n".repeat(300));
    error(
        render("png", json!({"abc": long, "width": 200, "scale": 4})).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "image_too_large",
    )
    .await;
}

#[tokio::test]
async fn renders_the_play_along_backing() {
    let s = server().await;
    let jam = engine_jam("rock in E", 2);
    let backing = async |body: Value| {
        post_json(&s, "/api/render/backing", &json!({"jam": jam}).merged(body)).await
    };
    // Ogg Opus by default: a count-in bar, four choruses, a bar of ending, at the jam's tempo
    // (4/4, so four quarter notes a bar).
    let r = backing(json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "audio/ogg");
    let ogg = r.bytes().await.unwrap();
    assert!(ogg.starts_with(b"OggS") && ogg.windows(8).any(|w| w == b"OpusHead"));
    let bars = 1.0 + 4.0 * f64::from(jam.bars) + 1.0;
    let expected = bars * 4.0 * 60.0 / f64::from(jam.tempo);
    let seconds = ogg_seconds(&ogg);
    assert!(
        seconds >= expected && seconds < expected + 0.5,
        "{seconds:.2} s of audio for {expected:.2} s of music"
    );
    // At most 24 KB a second, as Discord and browsers play inline.
    assert!(ogg.len() as f64 / seconds < 24_000.0);
    // The practice controls: one chorus, no count-in, at 60 bpm, as MIDI.
    let r = backing(json!({"format": "midi", "choruses": 1, "count_in": 0, "tempo": 60})).await;
    assert_eq!(r.headers()["content-type"], "audio/midi");
    let midi = r.bytes().await.unwrap();
    assert!(midi.starts_with(b"MThd"));
    let wav = backing(json!({"format": "wav", "choruses": 1, "swing": 60})).await;
    assert_eq!(wav.headers()["content-type"], "audio/wav");
    for bad in [
        json!({"format": "flac"}),
        json!({"choruses": 0}),
        json!({"choruses": 17}),
        json!({"count_in": 3}),
        json!({"tempo": 500}),
        json!({"swing": 90}),
    ] {
        error(
            backing(bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_options",
        )
        .await;
    }
    error(
        backing(json!({"with_melody": "yes"})).await,
        StatusCode::BAD_REQUEST,
        "bad_json",
    )
    .await;
    error(
        post_json(
            &s,
            "/api/render/backing",
            &json!({"jam": {"title": "no jam"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_jam",
    )
    .await;
}

/// Seconds an Ogg Opus file plays: the last page's granule position (48 kHz samples) less
/// the pre-skip of the OpusHead (RFC 7845).
fn ogg_seconds(ogg: &[u8]) -> f64 {
    let head = ogg.windows(8).position(|w| w == b"OpusHead").unwrap();
    let pre_skip = u16::from_le_bytes([ogg[head + 10], ogg[head + 11]]);
    let last = ogg.windows(4).rposition(|w| w == b"OggS").unwrap();
    let granule = u64::from_le_bytes(ogg[last + 6..last + 14].try_into().unwrap());
    (granule - u64::from(pre_skip)) as f64 / 48_000.0
}

/// JSON objects merged, the right one's keys winning.
trait Merged {
    fn merged(self, other: Value) -> Value;
}

impl Merged for Value {
    fn merged(mut self, other: Value) -> Value {
        if let (Some(a), Value::Object(b)) = (self.as_object_mut(), other) {
            a.extend(b);
        }
        self
    }
}

#[tokio::test]
async fn floods_are_rate_limited() {
    let s = start(Config {
        rate: RateConfig {
            burst: 3,
            per_second: 0.01,
        },
        ..Config::default()
    })
    .await;
    let body = json!({"prompt": "blues", "seed": 1});
    for _ in 0..3 {
        jam_of(post_json(&s, "/api/jam", &body).await).await;
    }
    let refused = post_json(&s, "/api/jam", &body).await;
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1);
    error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // The page and health checks are not API calls and stay open.
    assert_eq!(
        get(format!("{}/healthz", s.base)).await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let s = start(Config {
        cors_origins: vec!["https://band.example".into()],
        ..Config::default()
    })
    .await;
    let preflight = |origin: &'static str| {
        http()
            .request(reqwest::Method::OPTIONS, format!("{}/api/jam", s.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let ok = preflight("https://band.example").await.unwrap();
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://band.example"
    );
    let other = preflight("https://elsewhere.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    let bad = Config {
        cors_origins: vec!["bad\norigin".into()],
        ..Config::default()
    };
    assert!(jamsesh_server::router(&bad).is_err());
}

#[tokio::test]
async fn serves_the_widget_assets() {
    let dir = tempfile::tempdir().unwrap();
    let script = "export const notes = ['C', 'D', 'E'];\n".repeat(200);
    std::fs::write(dir.path().join("jam-widget.js"), &script).unwrap();
    let s = start(Config {
        assets: Some(dir.path().to_path_buf()),
        ..Config::default()
    })
    .await;
    let js = get(format!("{}/assets/jam-widget.js", s.base))
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    // Compressed for clients that take gzip.
    let zipped = http()
        .get(format!("{}/assets/jam-widget.js", s.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let body = zipped.bytes().await.unwrap();
    assert!(
        body.starts_with(&[0x1f, 0x8b]) && body.len() < 4000,
        "{}",
        body.len()
    );
    let missing = get(format!("{}/assets/nope.js", s.base)).await.unwrap();
    error(missing, StatusCode::NOT_FOUND, "not_found").await;
    let escape = get(format!("{}/assets/..%2f..%2fCargo.toml", s.base))
        .await
        .unwrap();
    assert_ne!(escape.status(), StatusCode::OK);
}

/// A chat-completions server that answers every request with `content`.
async fn fake_llm(content: String) -> String {
    let app = axum::Router::new().route(
        "/v1/chat/completions",
        post(move || {
            let content = content.clone();
            async move {
                axum::Json(json!({
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "model": "fake-model",
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}]
                }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

async fn with_llm(answer: String) -> Server {
    let llm = ops::llm::Config {
        base_url: fake_llm(answer).await,
        model: "fake-model".into(),
        max_retries: 0,
        ..ops::llm::Config::default()
    };
    start(Config {
        llm: Some(llm),
        ..Config::default()
    })
    .await
}

#[tokio::test]
async fn the_llm_backend_answers_and_the_engine_stands_in() {
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../llm/tests/answers/good.json"
    ))
    .unwrap();
    let s = with_llm(good).await;
    let page = get(format!("{}/", s.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<jam-widget api=\"\" "),
        "the demo widget asks this server"
    );
    let body = json!({"prompt": "funky slow groove in Bb", "seed": 3, "backend": "llm"});
    let jam = jam_of(post_json(&s, "/api/jam", &body).await).await;
    assert_eq!(jam.source, Source::Llm);
    assert_eq!(jam.title, "Low Flame Strut");
    // Without a backend the engine answers, even here.
    let body = json!({"prompt": "funky slow groove in Bb", "seed": 3});
    let jam = jam_of(post_json(&s, "/api/jam", &body).await).await;
    assert_eq!(jam, engine_jam("funky slow groove in Bb", 3));

    let s = with_llm("I'd love to help you jam! Try some blues.".into()).await;
    for backend in ["llm", "hybrid", "intent"] {
        let body = json!({"prompt": "slow blues in E", "seed": 3, "backend": backend});
        let jam = jam_of(post_json(&s, "/api/jam", &body).await).await;
        assert_eq!(jam.source, Source::EngineFallback, "{backend}");
        assert!(ops::critic(&jam).unwrap().valid);
    }
    let original = engine_jam("slow blues in E", 3);
    let body = json!({"jam": original, "seed": 4, "steer": "busier", "backend": "llm"});
    let melody = jam_of(post_json(&s, "/api/jam/melody", &body).await).await;
    assert_eq!(melody.chords, original.chords);
    let body = json!({"jam": original, "kind": "sixth", "backend": "llm"});
    let harmony = jam_of(post_json(&s, "/api/jam/harmony", &body).await).await;
    assert!(harmony.example.contains("V:2"));
}
