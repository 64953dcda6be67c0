//! A fake Discord on 127.0.0.1 for running the real bot: the REST endpoints the bot calls
//! (gateway discovery, application info, command registration, interaction callbacks,
//! follow-ups and edits), recorded for assertions, and a gateway WebSocket that says HELLO,
//! answers IDENTIFY with READY (recording the intents asked for), acknowledges heartbeats and
//! dispatches the interactions a test sends, shaped like Discord's guild interactions.
//! Threads can be started from messages and posted in (`POST /channels/…`), and the same
//! router can be served over TLS as `https://discord.com` ([`FakeDiscord::start_tls`]), so
//! the bot's default HTTP path, serenity's rate limiter included, is exercised too.
//!
//! It keeps Discord's rules where they matter: an interaction is answered once (a second
//! callback is 400 `40060`), within three seconds (later: 404 `10062 Unknown interaction`);
//! follow-ups need an answered interaction; **the first follow-up after a public deferral is
//! public whatever its flags** (discord-api-docs issue 2860) and one after an ephemeral
//! deferral is ephemeral; embeds over Discord's limits (6,000 characters in all, 4,096 in a
//! description, 1,024 in a field) are 400 `50035 Invalid Form Body`; files over the
//! interaction's `attachment_size_limit` are 413 `40005`; an autocomplete interaction takes
//! only an autocomplete answer (type 8, at most 25 choices), and nothing else takes one.
//! Every response carries Discord's `x-ratelimit-*` headers. Tests can make chosen requests
//! fail (400, 403 `50013`, 429 with `retry_after`, 500) with [`FakeDiscord::fail`].

#![allow(dead_code)]

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

use jamsesh_bot::{BotError, Config};

pub const APP_ID: &str = "1100000000000000001";
pub const BOT_ID: &str = "1100000000000000002";
pub const CHANNEL_ID: &str = "1100000000000000003";
pub const GUILD_ID: &str = "1100000000000000004";
/// What a bot invited with View Channel, Send Messages, Embed Links, Attach Files, Read
/// Message History, Create Public Threads and Send Messages in Threads may do in a channel
/// (`app_permissions`): bits 10, 11, 14, 15, 16, 35 and 38.
pub const APP_PERMISSIONS: &str = "309237763072";
/// The same without Create Public Threads.
pub const APP_PERMISSIONS_NO_THREADS: &str = "274878024704";
/// A guild without boosts lets a bot upload 10 MiB a message.
pub const ATTACHMENT_LIMIT: u64 = 10 * 1024 * 1024;
/// Discord's limits on embeds.
const EMBED_TOTAL: usize = 6000;
const EMBED_DESCRIPTION: usize = 4096;
const EMBED_FIELD: usize = 1024;

/// A request the bot made.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub content_type: String,
    pub body: Vec<u8>,
    /// When it arrived, after the fake started.
    pub at: Duration,
    /// It came over TLS to `https://discord.com` (the bot's default HTTP path).
    pub secure: bool,
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

/// A message as users see it: who can see it, and what it says.
#[derive(Clone, Debug)]
pub struct Shown {
    /// The interaction it answers.
    pub interaction: u64,
    /// Seen by everyone in the channel (false: only by the user who acted).
    pub public: bool,
    /// Its content, embeds and components, as sent.
    pub payload: Value,
    /// The names of its files.
    pub files: Vec<String>,
    /// How it was made: `callback`, `followup` or `edit`.
    pub how: &'static str,
    /// The message as Discord stored it (attachments with their URLs), for pressing its buttons.
    pub message: Value,
    /// The channel it is in (a thread's id for messages posted in a thread).
    pub channel: String,
    /// When it was shown, after the interaction was dispatched (for channel posts: after the
    /// fake started).
    pub after: Duration,
}

/// A planned failure: the next `times` requests whose method and path match get `status`.
#[derive(Clone, Debug)]
struct Fault {
    method: Method,
    path_contains: String,
    times: usize,
    status: StatusCode,
    body: Value,
}

/// What Discord knows about one interaction.
#[derive(Clone, Debug)]
struct InteractionState {
    id: u64,
    /// Its type: 2 a command, 3 a component, 4 autocomplete, 5 a dialog.
    kind: u64,
    channel: String,
    dispatched: Instant,
    attachment_limit: u64,
    /// The callback type and whether it was ephemeral, once answered.
    answered: Option<(u64, bool)>,
    /// The callback's body and how long after the dispatch it came.
    callback: Option<(Value, Duration)>,
    followups: usize,
}

#[derive(Default)]
struct Shared {
    requests: Vec<Recorded>,
    /// Dispatches for the connected gateway session.
    gateway: Option<mpsc::UnboundedSender<Value>>,
    identified: usize,
    /// The `intents` of every IDENTIFY.
    intents: Vec<u64>,
    messages: u64,
    faults: Vec<Fault>,
    interactions: HashMap<String, InteractionState>,
    shown: Vec<Shown>,
    /// Files of the messages posted, by message id and name, served back as attachments.
    files: HashMap<(u64, String), Vec<u8>>,
    /// Messages as stored, by id (updated when a thread starts on one).
    stored: HashMap<u64, Value>,
    /// Threads started, by id (the id of the message they started on).
    threads: HashMap<u64, Value>,
    /// Responses to send with an exhausted rate-limit bucket: method, path part, reset after.
    exhausted: Vec<(Method, String, f64)>,
    /// Gateway sessions open now.
    sessions: usize,
}

/// Marks requests that came over TLS.
#[derive(Clone, Copy)]
struct Secure;

/// The fake Discord.
#[derive(Clone)]
pub struct FakeDiscord {
    /// Its REST and gateway base, `http://127.0.0.1:…`.
    pub url: String,
    /// With [`FakeDiscord::start_tls`]: where `https://discord.com` is served.
    pub tls: Option<std::net::SocketAddr>,
    started: Instant,
    shared: Arc<Mutex<Shared>>,
}

impl FakeDiscord {
    /// Starts it on a free port of 127.0.0.1.
    pub async fn start() -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let fake = FakeDiscord {
            url,
            tls: None,
            started: Instant::now(),
            shared: Arc::new(Mutex::new(Shared::default())),
        };
        let app = fake.router();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        fake
    }

    /// Starts it, and also serves it over TLS as `discord.com` (a self-signed certificate):
    /// a client that resolves `discord.com` to [`FakeDiscord::tls`] and accepts the
    /// certificate talks to it exactly as to Discord, on Discord's own URLs.
    pub async fn start_tls() -> FakeDiscord {
        let mut fake = FakeDiscord::start().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        fake.tls = Some(listener.local_addr().unwrap());
        let app = fake.router().layer(axum::Extension(Secure));
        tokio::spawn(async move {
            axum::serve(tls::Listener::new(listener), app)
                .await
                .unwrap();
        });
        fake
    }

    /// Makes the next response to a request of `method` whose path contains `path_contains`
    /// say its rate-limit bucket is empty for `reset_after` seconds (`x-ratelimit-remaining:
    /// 0`), as Discord does at the end of a bucket; a client that keeps Discord's rate limits
    /// waits that long before its next request on the route.
    pub fn exhaust(&self, method: &str, path_contains: &str, reset_after: f64) {
        self.shared.lock().unwrap().exhausted.push((
            method.parse().unwrap(),
            path_contains.to_string(),
            reset_after,
        ));
    }

    /// Gateway sessions open now.
    pub fn sessions(&self) -> usize {
        self.shared.lock().unwrap().sessions
    }

    fn router(&self) -> Router {
        Router::new()
            .route("/gateway", any(gateway))
            .fallback(any(rest))
            .with_state(self.clone())
    }

    /// The messages posted in a channel or thread, in order.
    pub fn shown_in(&self, channel: &str) -> Vec<Shown> {
        self.shown()
            .into_iter()
            .filter(|s| s.channel == channel)
            .collect()
    }

    /// A message as Discord has it now (with the thread it started, if any).
    pub fn stored(&self, id: u64) -> Option<Value> {
        self.shared.lock().unwrap().stored.get(&id).cloned()
    }

    /// The threads started so far.
    pub fn threads(&self) -> Vec<Value> {
        self.shared
            .lock()
            .unwrap()
            .threads
            .values()
            .cloned()
            .collect()
    }

    /// The callback an interaction got (its body) and how long after its dispatch.
    pub fn callback(&self, interaction: u64) -> Option<(Value, Duration)> {
        let shared = self.shared.lock().unwrap();
        shared
            .interactions
            .values()
            .find(|s| s.id == interaction)
            .and_then(|s| s.callback.clone())
    }

    /// Waits (at most `seconds`) for the callback of `interaction`.
    pub async fn wait_callback(&self, interaction: u64, seconds: u64) -> (Value, Duration) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            if let Some(c) = self.callback(interaction) {
                return c;
            }
            assert!(
                Instant::now() < deadline,
                "no callback for {interaction} in {seconds} s"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Forgets the requests recorded so far (their files too), keeping interactions and
    /// messages: for long runs whose bodies need not be kept.
    pub fn forget_requests(&self) {
        self.shared.lock().unwrap().requests.clear();
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().unwrap().requests.clone()
    }

    /// Every message users were shown so far, in order.
    pub fn shown(&self) -> Vec<Shown> {
        self.shared.lock().unwrap().shown.clone()
    }

    /// The messages shown for one interaction.
    pub fn shown_for(&self, interaction: u64) -> Vec<Shown> {
        self.shown()
            .into_iter()
            .filter(|s| s.interaction == interaction)
            .collect()
    }

    /// The intents of every IDENTIFY so far.
    pub fn intents(&self) -> Vec<u64> {
        self.shared.lock().unwrap().intents.clone()
    }

    /// Makes the next `times` requests of `method` whose path contains `path_contains` fail
    /// with `status` and Discord's error body for it.
    pub fn fail(&self, method: &str, path_contains: &str, times: usize, status: u16) {
        let status = StatusCode::from_u16(status).unwrap();
        let body = match status.as_u16() {
            400 => {
                json!({"code": 50035, "message": "Invalid Form Body", "errors": {"content": {"_errors": [{"code": "BASE_TYPE_BAD", "message": "Bad request."}]}}})
            }
            403 => json!({"code": 50013, "message": "Missing Permissions"}),
            404 => json!({"code": 10062, "message": "Unknown interaction"}),
            429 => {
                json!({"message": "You are being rate limited.", "retry_after": 0.4, "global": false, "code": 0})
            }
            _ => json!({"message": "500: Internal Server Error", "code": 0}),
        };
        self.shared.lock().unwrap().faults.push(Fault {
            method: method.parse().unwrap(),
            path_contains: path_contains.to_string(),
            times,
            status,
            body,
        });
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

    /// Waits (at most `seconds`) until `n` messages were shown for `interaction`.
    pub async fn wait_shown(&self, interaction: u64, n: usize, seconds: u64) -> Vec<Shown> {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let shown = self.shown_for(interaction);
            if shown.len() >= n {
                return shown;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {n} messages shown for {interaction} in {seconds} s: {shown:#?}; requests: {:#?}",
                shown.len(),
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

    /// Sends an `INTERACTION_CREATE` to the connected bot; the three seconds start now.
    pub fn dispatch_interaction(&self, interaction: Value) {
        let mut shared = self.shared.lock().unwrap();
        let token = interaction["token"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let attachment_limit = interaction["attachment_size_limit"]
            .as_u64()
            .unwrap_or(ATTACHMENT_LIMIT);
        shared.interactions.insert(
            token,
            InteractionState {
                id: interaction["id"]
                    .as_str()
                    .and_then(|i| i.parse().ok())
                    .unwrap_or(0),
                kind: interaction["type"].as_u64().unwrap_or(0),
                channel: interaction["channel_id"]
                    .as_str()
                    .unwrap_or(CHANNEL_ID)
                    .to_string(),
                dispatched: Instant::now(),
                attachment_limit,
                answered: None,
                callback: None,
                followups: 0,
            },
        );
        let tx = shared.gateway.as_ref().expect("no bot connected");
        tx.send(json!({"t": "INTERACTION_CREATE", "d": interaction}))
            .unwrap();
    }

    /// Stores files as if a message `message` had been posted with them; returns their
    /// attachments as Discord lists them on the message.
    pub fn store_files(&self, message: u64, files: &[(&str, &[u8])]) -> Value {
        let mut shared = self.shared.lock().unwrap();
        let mut list = Vec::new();
        for (i, (name, data)) in files.iter().enumerate() {
            shared
                .files
                .insert((message, name.to_string()), data.to_vec());
            list.push(json!({
                "id": (1_700_000_000_000_000_000 + (message % 1_000_000) * 16 + i as u64).to_string(),
                "filename": name,
                "size": data.len(),
                "url": self.file_url(message, name),
                "proxy_url": self.file_url(message, name),
            }));
        }
        Value::Array(list)
    }

    /// The URL a posted file is served at.
    fn file_url(&self, message: u64, name: &str) -> String {
        format!("{}/attachments/{CHANNEL_ID}/{message}/{name}", self.url)
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

/// A guild interaction as Discord sends it: `member` (not `user`), `guild_id`, the bot's
/// permissions in the channel, the user's and the guild's locale, and the upload limit
/// (serenity drops interactions without `attachment_size_limit`).
fn interaction_base(id: u64, kind: u8, user: u64) -> Value {
    json!({
        "id": id.to_string(),
        "application_id": APP_ID,
        "type": kind,
        "guild_id": GUILD_ID,
        "channel_id": CHANNEL_ID,
        "channel": {"id": CHANNEL_ID, "type": 0, "guild_id": GUILD_ID, "name": "jam-room", "position": 0, "permission_overwrites": [], "nsfw": false, "parent_id": null, "flags": 0},
        "member": {
            "user": band_member(user),
            "nick": null,
            "avatar": null,
            "roles": [],
            "joined_at": "2026-01-01T10:00:00.000000+00:00",
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "permissions": "2248473465835073"
        },
        "token": format!("token-{id}"),
        "version": 1,
        "locale": "de",
        "guild_locale": "en-US",
        "app_permissions": APP_PERMISSIONS,
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0,
        "attachment_size_limit": ATTACHMENT_LIMIT
    })
}

/// The same interaction, made in another channel (a thread started on `parent`).
pub fn in_thread(mut interaction: Value, thread: &str) -> Value {
    interaction["channel_id"] = json!(thread);
    interaction["channel"] = json!({"id": thread, "type": 11, "guild_id": GUILD_ID, "name": "a thread", "parent_id": CHANNEL_ID, "flags": 0,
        "thread_metadata": {"archived": false, "auto_archive_duration": 1440, "archive_timestamp": "2026-11-25T10:00:00.000000+00:00", "locked": false}});
    interaction
}

/// An autocomplete interaction for `command`, the option `focused` being typed as `typed`.
pub fn autocomplete(id: u64, user: u64, command: &str, focused: &str, typed: &str) -> Value {
    let mut i = interaction_base(id, 4, user);
    i["data"] = json!({"id": "1200000000000000001", "name": command, "type": 1, "options": [
        {"name": focused, "type": 3, "value": typed, "focused": true}
    ]});
    i
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

/// A choice in a select menu on `message`.
pub fn select(id: u64, user: u64, custom_id: &str, values: &[&str], message: &Value) -> Value {
    let mut i = interaction_base(id, 3, user);
    i["data"] = json!({"custom_id": custom_id, "component_type": 3, "values": values});
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

/// A message as Discord would store it from a bot's request body (without its files).
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

/// Counts a gateway session open while it lives.
struct Open(FakeDiscord);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.shared.lock().unwrap().sessions -= 1;
    }
}

/// One gateway session: HELLO, IDENTIFY → READY, then heartbeats and dispatches.
async fn session(fake: FakeDiscord, mut socket: WebSocket) {
    fake.shared.lock().unwrap().sessions += 1;
    let _open = Open(fake.clone());
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
                        shared.intents.push(frame["d"]["intents"].as_u64().unwrap_or(u64::MAX));
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

/// A thread started from a message, as Discord describes it.
fn thread_channel(id: u64, parent: &str, name: &str) -> Value {
    json!({
        "id": id.to_string(), "type": 11, "guild_id": GUILD_ID, "parent_id": parent,
        "name": name, "owner_id": BOT_ID, "last_message_id": null, "rate_limit_per_user": 0,
        "message_count": 0, "member_count": 1, "total_message_sent": 0, "flags": 0,
        "thread_metadata": {"archived": false, "auto_archive_duration": 1440,
            "archive_timestamp": "2026-11-25T10:00:00.000000+00:00", "locked": false},
        "member": {"id": id.to_string(), "user_id": BOT_ID, "join_timestamp": "2026-11-25T10:00:00.000000+00:00", "flags": 1}
    })
}

/// Why Discord would refuse an autocomplete answer (type 8), if it would.
fn choices_problem(data: &Value) -> Option<String> {
    let choices = data["choices"].as_array()?;
    if choices.len() > 25 {
        return Some(format!("data.choices: {} > 25", choices.len()));
    }
    for (i, c) in choices.iter().enumerate() {
        for key in ["name", "value"] {
            let n = c[key].as_str().map_or(0, |s| s.chars().count());
            if !(1..=100).contains(&n) {
                return Some(format!("data.choices.{i}.{key}: {n} characters"));
            }
        }
    }
    None
}

/// Discord's error answer.
fn error(status: StatusCode, code: u64, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"code": code, "message": message})),
    )
        .into_response()
}

/// The attachments of a message `id` posted with `files`, as Discord lists them.
fn attachments(fake: &FakeDiscord, id: u64, files: &[(String, Vec<u8>)]) -> Value {
    Value::Array(
        files
            .iter()
            .enumerate()
            .map(|(i, (name, data))| {
                json!({
                    "id": (1_600_000_000_000_000_000 + (id % 1_000_000) * 16 + i as u64).to_string(),
                    "filename": name,
                    "size": data.len(),
                    "url": fake.file_url(id, name),
                    "proxy_url": fake.file_url(id, name),
                })
            })
            .collect(),
    )
}

/// Why Discord would refuse these embeds (its limits), if it would.
fn embed_problem(payload: &Value) -> Option<String> {
    for (i, e) in payload["embeds"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let len = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
        let description = len(&e["description"]);
        if description > EMBED_DESCRIPTION {
            return Some(format!(
                "embeds.{i}.description: {description} > {EMBED_DESCRIPTION}"
            ));
        }
        let mut total =
            len(&e["title"]) + description + len(&e["footer"]["text"]) + len(&e["author"]["name"]);
        for f in e["fields"].as_array().into_iter().flatten() {
            let value = len(&f["value"]);
            if value > EMBED_FIELD {
                return Some(format!("embeds.{i}.fields value: {value} > {EMBED_FIELD}"));
            }
            total += len(&f["name"]) + value;
        }
        if total > EMBED_TOTAL {
            return Some(format!("embeds.{i}: {total} characters > {EMBED_TOTAL}"));
        }
    }
    None
}

/// The REST side: answers like Discord, with Discord's rate-limit headers (a generous
/// bucket, never exhausted unless a test's 429 says so).
async fn rest(state: State<FakeDiscord>, request: Request) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let fake = state.0.clone();
    let mut response = answer(state, request).await;
    let exhausted = {
        let mut shared = fake.shared.lock().unwrap();
        let at = shared
            .exhausted
            .iter()
            .position(|(m, p, _)| *m == method && path.contains(p.as_str()));
        at.map(|i| shared.exhausted.remove(i).2)
    };
    let headers = response.headers_mut();
    if let Some(reset_after) = exhausted {
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        headers.insert(
            "x-ratelimit-reset-after",
            HeaderValue::from_str(&format!("{reset_after:.3}")).unwrap(),
        );
    }
    for (name, value) in [
        ("x-ratelimit-limit", "50"),
        ("x-ratelimit-remaining", "49"),
        ("x-ratelimit-reset-after", "1.000"),
        ("x-ratelimit-bucket", "fake-bucket"),
    ] {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    let reset = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        + 1.0;
    headers
        .entry("x-ratelimit-reset")
        .or_insert(HeaderValue::from_str(&format!("{reset:.3}")).unwrap());
    response
}

/// Records the request and makes Discord's answer.
async fn answer(State(fake): State<FakeDiscord>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let secure = request.extensions().get::<Secure>().is_some();
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
        at: fake.started.elapsed(),
        secure,
    };
    let payload = recorded.json();
    let files: Vec<(String, Vec<u8>)> = recorded
        .parts()
        .into_iter()
        .filter_map(|p| Some((p.filename?, p.data)))
        .collect();
    let (id, fault) = {
        let mut shared = fake.shared.lock().unwrap();
        shared.requests.push(recorded);
        shared.messages += 1;
        let fault = shared
            .faults
            .iter_mut()
            .find(|f| f.times > 0 && f.method == method && path.contains(&f.path_contains))
            .map(|f| {
                f.times -= 1;
                f.clone()
            });
        (1_300_000_000_000_000_000 + shared.messages, fault)
    };
    if let Some(f) = fault {
        let mut response = (f.status, axum::Json(f.body.clone())).into_response();
        if f.status == StatusCode::TOO_MANY_REQUESTS {
            let headers = response.headers_mut();
            headers.insert("retry-after", HeaderValue::from_static("1"));
            headers.insert("x-ratelimit-scope", HeaderValue::from_static("user"));
            headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
            headers.insert("x-ratelimit-reset-after", HeaderValue::from_static("0.400"));
        }
        return response;
    }
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
        (Method::GET, ["attachments", _, message, name]) => {
            let key = (message.parse().unwrap_or(0), name.to_string());
            match fake.shared.lock().unwrap().files.get(&key) {
                Some(data) => data.clone().into_response(),
                None => error(StatusCode::NOT_FOUND, 0, "404: Not Found"),
            }
        }
        (Method::PUT, ["applications", _, "commands"])
        | (Method::PUT, ["applications", _, "guilds", _, "commands"]) => {
            axum::Json(json!([])).into_response()
        }
        (Method::POST, ["interactions", interaction, token, "callback"]) => {
            let interaction: u64 = interaction.parse().unwrap_or(0);
            let mut shared = fake.shared.lock().unwrap();
            let Some(state) = shared.interactions.get_mut(*token) else {
                return error(StatusCode::NOT_FOUND, 10062, "Unknown interaction");
            };
            if state.dispatched.elapsed() > Duration::from_secs(3) {
                return error(StatusCode::NOT_FOUND, 10062, "Unknown interaction");
            }
            if state.answered.is_some() {
                return error(
                    StatusCode::BAD_REQUEST,
                    40060,
                    "Interaction has already been acknowledged.",
                );
            }
            if let Some(problem) = embed_problem(&payload["data"]) {
                return error(StatusCode::BAD_REQUEST, 50035, &format!("Invalid Form Body: {problem}"));
            }
            let kind = payload["type"].as_u64().unwrap_or(0);
            // Autocomplete interactions take choices (type 8) and nothing else; nothing
            // else takes choices. Components alone may be answered by updating their message.
            if (state.kind == 4) != (kind == 8) || (matches!(kind, 6 | 7) && state.kind != 3 && state.kind != 5) {
                return error(StatusCode::BAD_REQUEST, 50035, &format!("Invalid Form Body: type {kind} does not answer an interaction of type {}", state.kind));
            }
            if let Some(problem) = choices_problem(&payload["data"]) {
                return error(StatusCode::BAD_REQUEST, 50035, &format!("Invalid Form Body: {problem}"));
            }
            let ephemeral = payload["data"]["flags"].as_u64().unwrap_or(0) & 64 != 0;
            state.answered = Some((kind, ephemeral));
            let after = state.dispatched.elapsed();
            state.callback = Some((payload.clone(), after));
            let channel = state.channel.clone();
            if kind == 4 {
                let message = message_from(&payload["data"], id);
                shared.stored.insert(id, message.clone());
                shared.shown.push(Shown {
                    interaction,
                    public: !ephemeral,
                    payload: payload["data"].clone(),
                    files: files.iter().map(|f| f.0.clone()).collect(),
                    how: "callback",
                    message,
                    channel,
                    after,
                });
            }
            StatusCode::NO_CONTENT.into_response()
        }
        // An OpenAI-compatible model that never writes a jam.
        (Method::POST, ["v1", "chat", "completions"]) => axum::Json(json!({
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake-model",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "Sorry, I only write haiku."}}]
        }))
        .into_response(),
        (Method::POST, ["webhooks", _, token]) | (Method::PATCH, ["webhooks", _, token, "messages", _]) => {
            let followup = segments.len() == 3;
            let mut shared = fake.shared.lock().unwrap();
            let Some(state) = shared.interactions.get(*token).cloned() else {
                return error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook");
            };
            let Some((kind, deferred_ephemeral)) = state.answered else {
                return error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook");
            };
            if let Some(problem) = embed_problem(&payload) {
                return error(StatusCode::BAD_REQUEST, 50035, &format!("Invalid Form Body: {problem}"));
            }
            let size: u64 = files.iter().map(|f| f.1.len() as u64).sum();
            if size > state.attachment_limit {
                return error(StatusCode::PAYLOAD_TOO_LARGE, 40005, "Request entity too large");
            }
            let flagged = payload["flags"].as_u64().unwrap_or(0) & 64 != 0;
            // The first follow-up after a deferral (type 5) takes the deferral's visibility,
            // whatever its own flags say; later ones and those after type 6 keep their flags.
            let public = if followup && kind == 5 && state.followups == 0 {
                !deferred_ephemeral
            } else if followup {
                !flagged
            } else {
                // An edit keeps the message's visibility: the original answer's.
                !(deferred_ephemeral && kind != 6)
            };
            let interaction = state.id;
            if followup {
                if let Some(s) = shared.interactions.get_mut(*token) {
                    s.followups += 1;
                }
            }
            let mut message = message_from(&payload, id);
            message["channel_id"] = json!(state.channel);
            message["attachments"] = attachments(&fake, id, &files);
            shared.stored.insert(id, message.clone());
            shared.shown.push(Shown {
                interaction,
                public,
                payload: payload.clone(),
                files: files.iter().map(|f| f.0.clone()).collect(),
                how: if followup { "followup" } else { "edit" },
                message: message.clone(),
                channel: state.channel.clone(),
                after: state.dispatched.elapsed(),
            });
            for (name, data) in &files {
                shared.files.insert((id, name.clone()), data.clone());
            }
            drop(shared);
            axum::Json(message).into_response()
        }
        // A thread from a message: it takes the message's id, and the message says so.
        (Method::POST, ["channels", channel, "messages", message, "threads"]) => {
            let message: u64 = message.parse().unwrap_or(0);
            let mut shared = fake.shared.lock().unwrap();
            if shared.threads.contains_key(&message) {
                return error(StatusCode::BAD_REQUEST, 160004, "A thread has already been created for this message");
            }
            let Some(stored) = shared.stored.get_mut(&message) else {
                return error(StatusCode::NOT_FOUND, 10008, "Unknown Message");
            };
            let name = payload["name"].as_str().unwrap_or_default();
            if !(1..=100).contains(&name.chars().count()) {
                return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body: name");
            }
            let thread = thread_channel(message, channel, name);
            stored["flags"] = json!(stored["flags"].as_u64().unwrap_or(0) | 32);
            stored["thread"] = thread.clone();
            shared.threads.insert(message, thread.clone());
            axum::Json(thread).into_response()
        }
        // A message posted by the bot itself, in a thread it started.
        (Method::POST, ["channels", channel, "messages"]) => {
            let mut shared = fake.shared.lock().unwrap();
            let known = channel
                .parse::<u64>()
                .is_ok_and(|c| shared.threads.contains_key(&c));
            if !known {
                return error(StatusCode::NOT_FOUND, 10003, "Unknown Channel");
            }
            if let Some(problem) = embed_problem(&payload) {
                return error(StatusCode::BAD_REQUEST, 50035, &format!("Invalid Form Body: {problem}"));
            }
            let mut message = message_from(&payload, id);
            message["channel_id"] = json!(channel);
            message["attachments"] = attachments(&fake, id, &files);
            shared.stored.insert(id, message.clone());
            shared.shown.push(Shown {
                interaction: 0,
                public: true,
                payload: payload.clone(),
                files: files.iter().map(|f| f.0.clone()).collect(),
                how: "channel",
                message: message.clone(),
                channel: channel.to_string(),
                after: fake.started.elapsed(),
            });
            for (name, data) in &files {
                shared.files.insert((id, name.clone()), data.clone());
            }
            axum::Json(message).into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"message": "404: Not Found", "code": 0})),
        )
            .into_response(),
    }
}

// Running the bot against the fake, and what tests ask of what it showed.

/// The bot's configuration against the fake: no cooldown, `renders` at once.
pub fn config(fake: &FakeDiscord, renders: usize) -> Config {
    Config {
        api_url: Some(fake.url.clone()),
        guild_id: Some(42),
        cooldown: Duration::ZERO,
        max_renders: renders,
        register_deadline: Duration::from_secs(20),
        health_file: None,
        ..Config::new("fake-token")
    }
}

/// Runs the bot until the returned sender fires (or is dropped).
pub fn start(
    config: Config,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), BotError>>,
) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(jamsesh_bot::run_until(config, async {
        let _ = stopped.await;
    }));
    (stop, bot)
}

/// Waits until the commands are registered (the bot answers only then).
pub async fn registered(fake: &FakeDiscord) {
    fake.wait_identified(1).await;
    fake.wait_for(0, 30, |r| {
        r.method == "PUT" && r.path.ends_with("/commands")
    })
    .await;
    // The registration's answer reaches the bot a moment after the request.
    tokio::time::sleep(Duration::from_millis(200)).await;
}

/// A `/jam` prompt option.
pub fn prompt(text: &str) -> Value {
    json!([{"name": "prompt", "type": 3, "value": text}])
}

/// The one public message shown for an interaction (a jam or a take), waiting for it.
pub async fn public(fake: &FakeDiscord, id: u64, seconds: u64) -> Shown {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(s) = fake.shown_for(id).into_iter().find(|s| s.public) {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "nothing public for {id}: {:#?}",
            fake.shown_for(id)
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// A message's text.
pub fn text_of(s: &Shown) -> String {
    s.payload["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// An embed field's value.
pub fn field(embed: &Value, name: &str) -> String {
    embed["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == name))
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name} in {embed}"))
        .to_string()
}

/// No message without an embed (a refusal, a note, an error) was shown to everyone.
pub fn assert_no_public_refusal(fake: &FakeDiscord) {
    for s in fake.shown() {
        let is_jam = s.payload["embeds"]
            .as_array()
            .is_some_and(|e| !e.is_empty());
        assert!(
            is_jam || !s.public,
            "shown to everyone: {:?} ({} for {})",
            text_of(&s),
            s.how,
            s.interaction
        );
    }
}

/// TLS for the fake's `https://discord.com`: a self-signed certificate made for these tests
/// only (`tests/data/fake-discord.crt`, `openssl req -x509 … -subj /CN=discord.com`).
mod tls {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use std::sync::Arc;
    use tokio::net::{TcpListener, TcpStream};
    use tokio_rustls::server::TlsStream;
    use tokio_rustls::TlsAcceptor;

    const CERT: &[u8] = include_bytes!("../data/fake-discord.crt");
    const KEY: &[u8] = include_bytes!("../data/fake-discord.key");

    /// Accepts TCP connections and does the TLS handshake before handing them to axum.
    pub struct Listener {
        tcp: TcpListener,
        acceptor: TlsAcceptor,
    }

    impl Listener {
        pub fn new(tcp: TcpListener) -> Listener {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(
                    vec![CertificateDer::from_pem_slice(CERT).unwrap()],
                    PrivateKeyDer::from_pem_slice(KEY).unwrap(),
                )
                .unwrap();
            Listener {
                tcp,
                acceptor: TlsAcceptor::from(Arc::new(config)),
            }
        }
    }

    impl axum::serve::Listener for Listener {
        type Io = TlsStream<TcpStream>;
        type Addr = std::net::SocketAddr;

        async fn accept(&mut self) -> (Self::Io, Self::Addr) {
            loop {
                let Ok((stream, addr)) = self.tcp.accept().await else {
                    continue;
                };
                if let Ok(tls) = self.acceptor.accept(stream).await {
                    return (tls, addr);
                }
            }
        }

        fn local_addr(&self) -> std::io::Result<Self::Addr> {
            self.tcp.local_addr()
        }
    }
}
