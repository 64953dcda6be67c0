//! A fake OpenAI-compatible chat server on 127.0.0.1 for tests and benches: it replays a
//! script of replies (non-streaming completions, OpenAI-shaped errors, raw bodies, delays)
//! and records what it was sent.

#![allow(dead_code)]

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One scripted reply.
#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 with a chat completion whose content is this text.
    Content { text: String, finish: &'static str },
    /// Any status with a raw body.
    Raw {
        status: u16,
        body: Bytes,
        content_type: &'static str,
    },
    /// An OpenAI-shaped error, optionally with `Retry-After`.
    Error {
        status: u16,
        message: String,
        kind: &'static str,
        code: Option<&'static str>,
        retry_after: Option<&'static str>,
    },
    /// Waits, then replies.
    Delay(Duration, Box<Reply>),
}

impl Reply {
    /// A completion whose content is a file from `tests/answers/`.
    pub fn answer(name: &str) -> Reply {
        Reply::Content {
            text: answer(name),
            finish: "stop",
        }
    }

    /// A completion cut off at `max_tokens`.
    pub fn truncated(name: &str) -> Reply {
        Reply::Content {
            text: answer(name),
            finish: "length",
        }
    }

    /// An OpenAI-shaped error.
    pub fn error(status: u16, message: &str) -> Reply {
        let kind = if status == 429 {
            "rate_limit_exceeded"
        } else if status >= 500 {
            "server_error"
        } else {
            "invalid_request_error"
        };
        Reply::Error {
            status,
            message: message.to_string(),
            kind,
            code: None,
            retry_after: None,
        }
    }

    /// The same reply after a delay.
    pub fn after(self, delay: Duration) -> Reply {
        Reply::Delay(delay, Box::new(self))
    }
}

/// A file from `tests/answers/`.
pub fn answer(name: &str) -> String {
    let path = format!("{}/tests/answers/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A chat completion body around some content.
pub fn completion(content: &str, finish: &str) -> Value {
    json!({
        "id": "chatcmpl-fake-1",
        "object": "chat.completion",
        "created": 1_764_000_000u64,
        "model": "fake-model",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "logprobs": null,
            "finish_reason": finish
        }],
        "usage": {"prompt_tokens": 900, "completion_tokens": 400, "total_tokens": 1300}
    })
}

/// What the server received.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The request path.
    pub path: String,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The JSON body (Null if it was not JSON).
    pub body: Value,
}

#[derive(Default)]
struct Shared {
    script: Mutex<VecDeque<Reply>>,
    last: Mutex<Option<Reply>>,
    seen: Mutex<Vec<Seen>>,
    record: bool,
}

/// A running fake server.
pub struct FakeServer {
    /// `http://127.0.0.1:PORT/v1`.
    pub base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeServer {
    /// Starts a server replaying `script` in order; once it runs out it repeats the last reply.
    pub async fn start(script: Vec<Reply>) -> FakeServer {
        FakeServer::start_with(script, true).await
    }

    /// As `start`, choosing whether to record requests (benches do not).
    pub async fn start_with(script: Vec<Reply>, record: bool) -> FakeServer {
        let shared = Arc::new(Shared {
            script: Mutex::new(script.into()),
            record,
            ..Shared::default()
        });
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeServer {
            base_url: format!("http://{addr}/v1"),
            shared,
            task,
        }
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if shared.record {
        shared.seen.lock().unwrap().push(Seen {
            path: uri.path().to_string(),
            authorization: headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        });
    }
    if !uri.path().ends_with("/chat/completions") {
        return render(&Reply::error(
            404,
            &format!("Unknown request URL: POST {}", uri.path()),
        ))
        .await;
    }
    let reply = {
        let mut script = shared.script.lock().unwrap();
        let mut last = shared.last.lock().unwrap();
        match script.pop_front() {
            Some(r) => {
                *last = Some(r.clone());
                r
            }
            None => last
                .clone()
                .unwrap_or_else(|| Reply::error(500, "the fake server has no script")),
        }
    };
    render(&reply).await
}

fn render(
    reply: &Reply,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send + '_>> {
    Box::pin(async move {
        match reply {
            Reply::Delay(d, inner) => {
                tokio::time::sleep(*d).await;
                render(inner).await
            }
            Reply::Content { text, finish } => json_response(200, &completion(text, finish), None),
            Reply::Error {
                status,
                message,
                kind,
                code,
                retry_after,
            } => json_response(
                *status,
                &json!({"error": {"message": message, "type": kind, "param": null, "code": code}}),
                *retry_after,
            ),
            Reply::Raw {
                status,
                body,
                content_type,
            } => Response::builder()
                .status(StatusCode::from_u16(*status).unwrap_or(StatusCode::OK))
                .header("content-type", *content_type)
                .body(Body::from(body.clone()))
                .unwrap(),
        }
    })
}

fn json_response(status: u16, body: &Value, retry_after: Option<&str>) -> Response {
    let mut b = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("content-type", "application/json");
    if let Some(r) = retry_after {
        b = b.header("retry-after", r);
    }
    b.body(Body::from(body.to_string())).unwrap()
}
