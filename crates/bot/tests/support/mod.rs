//! A fake Discord on 127.0.0.1 for running the real bot: the REST endpoints the bot calls
//! (gateway discovery, application info, command registration, interaction callbacks,
//! follow-ups and edits), recorded for assertions, and a gateway WebSocket that says HELLO,
//! answers IDENTIFY with READY, acknowledges heartbeats and dispatches the interactions a
//! test sends, shaped like Discord's.

#![allow(dead_code)]

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

pub const APP_ID: &str = "1100000000000000001";
pub const BOT_ID: &str = "1100000000000000002";
pub const CHANNEL_ID: &str = "1100000000000000003";

/// A request the bot made.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The JSON of the request: the body, or the `payload_json` part of a multipart body.
    pub fn json(&self) -> Value {
        if self.content_type.starts_with("multipart/") {
            let parts = self.parts();
            let payload = parts
                .iter()
                .find(|p| p.name == "payload_json")
                .map(|p| p.data.clone())
                .unwrap_or_default();
            serde_json::from_slice(&payload).unwrap_or(Value::Null)
        } else {
            serde_json::from_slice(&self.body).unwrap_or(Value::Null)
        }
    }

    /// The parts of a multipart body.
    pub fn parts(&self) -> Vec<Part> {
        let Some(boundary) = self
            .content_type
            .split("boundary=")
            .nth(1)
            .map(|b| b.trim_matches('"').to_string())
        else {
            return Vec::new();
        };
        let delimiter = format!("--{boundary}").into_bytes();
        split(&self.body, &delimiter)
            .into_iter()
            .filter_map(|chunk| {
                let chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
                let end = find(chunk, b"\r\n\r\n")?;
                let head = String::from_utf8_lossy(&chunk[..end]).to_string();
                let disposition = head
                    .lines()
                    .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?
                    .to_string();
                let mut data = chunk[end + 4..].to_vec();
                if data.ends_with(b"\r\n") {
                    data.truncate(data.len() - 2);
                }
                let attr = |key: &str| {
                    disposition
                        .split(';')
                        .map(str::trim)
                        .find_map(|kv| kv.strip_prefix(&format!("{key}=\"")))
                        .map(|v| v.trim_end_matches('"').to_string())
                };
                Some(Part {
                    name: attr("name")?,
                    filename: attr("filename"),
                    data,
                })
            })
            .collect()
    }
}

/// One part of a multipart body.
#[derive(Clone, Debug)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split<'a>(mut hay: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(i) = find(hay, delimiter) {
        out.push(&hay[..i]);
        hay = &hay[i + delimiter.len()..];
    }
    out.push(hay);
    out.into_iter()
        .skip(1)
        .filter(|c| !c.starts_with(b"--"))
        .collect()
}

#[derive(Default)]
struct Shared {
    requests: Vec<Recorded>,
    /// Dispatches for the connected gateway session.
    gateway: Option<mpsc::UnboundedSender<Value>>,
    identified: usize,
    messages: u64,
}

/// The fake Discord.
#[derive(Clone)]
pub struct FakeDiscord {
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

impl FakeDiscord {
    /// Starts it on a free port of 127.0.0.1.
    pub async fn start() -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let fake = FakeDiscord {
            url,
            shared: Arc::new(Mutex::new(Shared::default())),
        };
        let app = Router::new()
            .route("/gateway", any(gateway))
            .fallback(any(rest))
            .with_state(fake.clone());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        fake
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().unwrap().requests.clone()
    }

    /// Waits (at most `seconds`) for a request matching `pred` after the first `skip` ones.
    pub async fn wait_for(
        &self,
        skip: usize,
        seconds: u64,
        pred: impl Fn(&Recorded) -> bool,
    ) -> Recorded {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            if let Some(r) = self.requests().into_iter().skip(skip).find(|r| pred(r)) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "no such request in {seconds} s; requests: {:#?}",
                self.requests()
                    .iter()
                    .map(|r| format!("{} {}", r.method, r.path))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until `n` gateway sessions have identified.
    pub async fn wait_identified(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.shared.lock().unwrap().identified < n {
            assert!(Instant::now() < deadline, "the bot never identified");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Sends an `INTERACTION_CREATE` to the connected bot.
    pub fn dispatch_interaction(&self, interaction: Value) {
        let shared = self.shared.lock().unwrap();
        let tx = shared.gateway.as_ref().expect("no bot connected");
        tx.send(json!({"t": "INTERACTION_CREATE", "d": interaction}))
            .unwrap();
    }
}

/// The bot's own user.
pub fn bot_user() -> Value {
    json!({"id": BOT_ID, "username": "JamSesh", "discriminator": "0000", "global_name": null, "avatar": null, "bot": true})
}

/// A member of the band.
pub fn band_member(id: u64) -> Value {
    json!({"id": id.to_string(), "username": format!("player{id}"), "discriminator": "0", "global_name": null, "avatar": null})
}

/// What serenity needs on every interaction (it drops those without `attachment_size_limit`).
fn interaction_base(id: u64, kind: u8, user: u64) -> Value {
    json!({
        "id": id.to_string(),
        "application_id": APP_ID,
        "type": kind,
        "channel_id": CHANNEL_ID,
        "user": band_member(user),
        "token": format!("token-{id}"),
        "version": 1,
        "locale": "en-GB",
        "app_permissions": "2147483647",
        "entitlements": [],
        "authorizing_integration_owners": {"1": BOT_ID},
        "context": 1,
        "attachment_size_limit": 26_214_400
    })
}

/// A slash command.
pub fn command(id: u64, user: u64, name: &str, options: Value) -> Value {
    let mut i = interaction_base(id, 2, user);
    i["data"] = json!({"id": "1200000000000000001", "name": name, "type": 1, "options": options});
    i
}

/// A button press on `message`.
pub fn button(id: u64, user: u64, custom_id: &str, message: &Value) -> Value {
    let mut i = interaction_base(id, 3, user);
    i["data"] = json!({"custom_id": custom_id, "component_type": 2});
    i["message"] = message.clone();
    i
}

/// A submitted dialog with one text input.
pub fn modal_submit(
    id: u64,
    user: u64,
    custom_id: &str,
    input: (&str, &str),
    message: &Value,
) -> Value {
    let mut i = interaction_base(id, 5, user);
    i["data"] = json!({
        "custom_id": custom_id,
        "components": [{"type": 1, "components": [{"type": 4, "custom_id": input.0, "value": input.1}]}]
    });
    i["message"] = message.clone();
    i
}

/// A message as Discord would store it from a bot's request body.
pub fn message_from(payload: &Value, id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": CHANNEL_ID,
        "author": bot_user(),
        "content": payload.get("content").cloned().unwrap_or(json!("")),
        "timestamp": "2026-11-25T10:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": payload.get("embeds").cloned().unwrap_or(json!([])),
        "components": payload.get("components").cloned().unwrap_or(json!([])),
        "pinned": false,
        "type": 0,
        "flags": payload.get("flags").cloned().unwrap_or(json!(0))
    })
}

async fn gateway(State(fake): State<FakeDiscord>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| session(fake, socket))
}

/// One gateway session: HELLO, IDENTIFY → READY, then heartbeats and dispatches.
async fn session(fake: FakeDiscord, mut socket: WebSocket) {
    let send = |v: Value| Message::Text(v.to_string().into());
    if socket
        .send(send(json!({"op": 10, "d": {"heartbeat_interval": 41250}})))
        .await
        .is_err()
    {
        return;
    }
    let (tx, mut rx) = mpsc::unbounded_channel::<Value>();
    let mut seq = 0u64;
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(Message::Text(text))) = incoming else {
                    if matches!(incoming, Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Binary(_)))) {
                        continue;
                    }
                    return;
                };
                let frame: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                match frame["op"].as_u64() {
                    Some(1) => {
                        let _ = socket.send(send(json!({"op": 11}))).await;
                    }
                    Some(2) => {
                        let shard = frame["d"]["shard"].clone();
                        seq += 1;
                        let ready = json!({"op": 0, "t": "READY", "s": seq, "d": {
                            "v": 10,
                            "user": bot_user(),
                            "guilds": [],
                            "session_id": "fake-session",
                            "resume_gateway_url": fake.url.replace("http", "ws") + "/gateway",
                            "shard": if shard.is_null() { json!([0, 1]) } else { shard },
                            "application": {"id": APP_ID, "flags": 0}
                        }});
                        if socket.send(send(ready)).await.is_err() {
                            return;
                        }
                        let mut shared = fake.shared.lock().unwrap();
                        shared.gateway = Some(tx.clone());
                        shared.identified += 1;
                    }
                    _ => {}
                }
            }
            Some(mut dispatch) = rx.recv() => {
                seq += 1;
                dispatch["op"] = json!(0);
                dispatch["s"] = json!(seq);
                if socket.send(send(dispatch)).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// The REST side: records the request and answers like Discord.
async fn rest(State(fake): State<FakeDiscord>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = axum::body::to_bytes(request.into_body(), 64 * 1024 * 1024)
        .await
        .unwrap_or_default()
        .to_vec();
    let recorded = Recorded {
        method: method.to_string(),
        path: path.clone(),
        content_type,
        body,
    };
    let payload = recorded.json();
    let id = {
        let mut shared = fake.shared.lock().unwrap();
        shared.requests.push(recorded);
        shared.messages += 1;
        1_300_000_000_000_000_000 + shared.messages
    };
    let ws_url = fake.url.replace("http", "ws") + "/gateway";
    let p = path.trim_start_matches("/api/v10");
    let segments: Vec<&str> = p.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (Method::GET, ["gateway"]) => axum::Json(json!({"url": ws_url})).into_response(),
        (Method::GET, ["gateway", "bot"]) => axum::Json(json!({
            "url": ws_url,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        }))
        .into_response(),
        (Method::GET, ["oauth2", "applications", "@me"]) => axum::Json(json!({
            "id": APP_ID, "name": "JamSesh", "icon": null, "description": "", "rpc_origins": [],
            "bot_public": true, "bot_require_code_grant": false, "verify_key": "00",
            "owner": band_member(1), "team": null, "flags": 0
        }))
        .into_response(),
        (Method::GET, ["users", "@me"]) => axum::Json(bot_user()).into_response(),
        (Method::PUT, ["applications", _, "commands"])
        | (Method::PUT, ["applications", _, "guilds", _, "commands"]) => {
            axum::Json(json!([])).into_response()
        }
        (Method::POST, ["interactions", _, _, "callback"]) => StatusCode::NO_CONTENT.into_response(),
        // An OpenAI-compatible model that never writes a jam.
        (Method::POST, ["v1", "chat", "completions"]) => axum::Json(json!({
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake-model",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "Sorry, I only write haiku."}}]
        }))
        .into_response(),
        (Method::POST, ["webhooks", _, _]) | (Method::PATCH, ["webhooks", _, _, "messages", _]) => {
            axum::Json(message_from(&payload, id)).into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"message": "404: Not Found", "code": 0})),
        )
            .into_response(),
    }
}
