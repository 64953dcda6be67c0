//! A thin async client for `POST {base}/chat/completions`: response-format fallback, bounded
//! retries for transient failures, `Retry-After`, timeouts and a body size cap.

use crate::config::{Config, FormatMode};
use crate::error::LlmError;
use crate::prompt::Message;
use serde_json::{json, Value};
use std::sync::Mutex;
use std::time::Duration;

/// The `response_format` actually sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wire {
    /// `{"type":"json_schema", …}`.
    JsonSchema,
    /// `{"type":"json_object","schema":{…}}`: JSON mode with llama.cpp's schema extension
    /// (llama.cpp and llama-cpp-python turn the schema into a grammar; others ignore it).
    JsonObject,
    /// `{"type":"json_object"}` alone, for servers that refuse the schema beside it.
    JsonObjectPlain,
    /// No `response_format`.
    Text,
}

impl Wire {
    fn next(self) -> Option<Wire> {
        match self {
            Wire::JsonSchema => Some(Wire::JsonObject),
            Wire::JsonObject => Some(Wire::JsonObjectPlain),
            Wire::JsonObjectPlain => Some(Wire::Text),
            Wire::Text => None,
        }
    }
}

/// One answer from the model.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    /// The assistant's text.
    pub content: String,
    /// `stop`, `length`, … as the server said.
    pub finish_reason: Option<String>,
    /// The response format that produced it.
    pub wire: Wire,
    /// HTTP requests it took (retries and format fallbacks included).
    pub requests: u32,
}

impl Completion {
    /// The model stopped at `max_tokens`.
    pub fn truncated(&self) -> bool {
        self.finish_reason.as_deref() == Some("length")
    }
}

/// An OpenAI-compatible chat client; cheap to share, remembers the response format that works.
pub struct Client {
    http: reqwest::Client,
    config: Config,
    working: Mutex<Option<Wire>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for a validated configuration.
    pub fn new(config: Config) -> Result<Client, LlmError> {
        config.validate()?;
        // reqwest is built without a bundled crypto provider (no aws-lc-rs); ring serves TLS.
        // Installing fails harmlessly when a provider is already set for the process.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .user_agent(concat!("jamsesh/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LlmError::Config(format!("building the HTTP client: {e}")))?;
        Ok(Client {
            http,
            config,
            working: Mutex::new(None),
        })
    }

    /// Its configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The response format that worked last in this session, if any.
    pub fn working_format(&self) -> Option<Wire> {
        *self.working.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends the messages and returns the model's answer; `schema` is sent with `json_schema`
    /// and `json_object`.
    pub async fn complete(
        &self,
        messages: &[Message],
        schema: &Value,
    ) -> Result<Completion, LlmError> {
        self.complete_within(messages, schema, self.config.max_tokens)
            .await
    }

    /// [`Client::complete`] with the answer held to `max_tokens` (at most the configured cap).
    pub async fn complete_within(
        &self,
        messages: &[Message],
        schema: &Value,
        max_tokens: u32,
    ) -> Result<Completion, LlmError> {
        let max_tokens = max_tokens.min(self.config.max_tokens);
        let (mut wire, mut may_fall_back) = match self.config.format {
            FormatMode::Auto => match self.working_format() {
                Some(w) => (w, false),
                None => (Wire::JsonSchema, true),
            },
            FormatMode::JsonSchema => (Wire::JsonSchema, false),
            // JSON mode may still drop the schema beside it, once, for the session.
            FormatMode::JsonObject => match self.working_format() {
                Some(Wire::JsonObjectPlain) => (Wire::JsonObjectPlain, false),
                _ => (Wire::JsonObject, true),
            },
            FormatMode::Text => (Wire::Text, false),
        };
        let fixed = self.config.format != FormatMode::Auto;
        let mut requests = 0;
        loop {
            let body = self.body(messages, schema, wire, max_tokens);
            match self.send_with_retries(&body, &mut requests).await {
                Ok((content, finish_reason)) => {
                    *self.working.lock().unwrap_or_else(|e| e.into_inner()) = Some(wire);
                    return Ok(Completion {
                        content,
                        finish_reason,
                        wire,
                        requests,
                    });
                }
                Err(LlmError::Status { status, message })
                    if may_fall_back
                        && rejects_format(status, &message, wire)
                        // A chosen format steps down only when the server names it.
                        && !(fixed && status == 500) =>
                {
                    match wire.next() {
                        Some(next) => wire = next,
                        None => return Err(LlmError::Status { status, message }),
                    }
                }
                Err(e) => return Err(e),
            }
            may_fall_back = if fixed { false } else { wire != Wire::Text };
        }
    }

    fn body(&self, messages: &[Message], schema: &Value, wire: Wire, max_tokens: u32) -> Value {
        let mut body = json!({
            "model": self.config.model,
            "messages": messages,
            "temperature": self.config.temperature,
            "max_tokens": max_tokens,
            "stream": false,
        });
        let format = match wire {
            Wire::JsonSchema => Some(json!({
                "type": "json_schema",
                "json_schema": {"name": "jam", "strict": true, "schema": schema}
            })),
            Wire::JsonObject => Some(json!({"type": "json_object", "schema": schema})),
            Wire::JsonObjectPlain => Some(json!({"type": "json_object"})),
            Wire::Text => None,
        };
        if let (Some(f), Some(obj)) = (format, body.as_object_mut()) {
            obj.insert("response_format".into(), f);
        }
        body
    }

    /// One logical request: retried on 429 (after `Retry-After`), 502/503/504 and timeouts.
    async fn send_with_retries(
        &self,
        body: &Value,
        requests: &mut u32,
    ) -> Result<(String, Option<String>), LlmError> {
        let mut attempt = 0;
        loop {
            *requests += 1;
            let (result, retry_after) = self.send_once(body).await;
            match result {
                Err(e) if e.is_transient() && attempt < self.config.max_retries => {
                    let backoff = self.config.backoff * 2u32.saturating_pow(attempt);
                    let wait = retry_after
                        .map(|d| d.min(self.config.max_retry_after))
                        .unwrap_or(backoff)
                        .min(self.config.max_retry_after);
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn send_once(
        &self,
        body: &Value,
    ) -> (Result<(String, Option<String>), LlmError>, Option<Duration>) {
        let mut request = self.http.post(self.config.endpoint()).json(body);
        if let Some(key) = &self.config.api_key {
            request = request.bearer_auth(key);
        }
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => return (Err(self.transport_error(&e)), None),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Duration::from_secs_f64(s.min(3600.0)));
        let limit = if (200..300).contains(&status) {
            self.config.max_body_bytes
        } else {
            self.config.max_body_bytes.min(64 * 1024)
        };
        let bytes = match self.read_capped(response, limit).await {
            Ok(b) => b,
            // An error body too large to read is still an error status.
            Err(LlmError::TooLarge { .. }) if !(200..300).contains(&status) => {
                return (
                    Err(LlmError::Status {
                        status,
                        message: "(error body too large to read)".into(),
                    }),
                    retry_after,
                )
            }
            Err(e) => return (Err(e), retry_after),
        };
        if !(200..300).contains(&status) {
            return (
                Err(LlmError::Status {
                    status,
                    message: error_message(&bytes),
                }),
                retry_after,
            );
        }
        (parse_completion(&bytes), retry_after)
    }

    async fn read_capped(
        &self,
        mut response: reqwest::Response,
        limit: usize,
    ) -> Result<Vec<u8>, LlmError> {
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(LlmError::TooLarge { limit });
        }
        let mut out = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if out.len() + chunk.len() > limit {
                        return Err(LlmError::TooLarge { limit });
                    }
                    out.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(out),
                Err(e) => return Err(self.transport_error(&e)),
            }
        }
    }

    fn transport_error(&self, e: &reqwest::Error) -> LlmError {
        // Refused, reset or cut connections are all worth another try.
        if e.is_timeout() {
            LlmError::Timeout(self.config.timeout)
        } else {
            LlmError::Connect(describe(e))
        }
    }
}

/// The error and its causes in one line (never a header, so never the key).
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Does this error say the server does not take this `response_format`?
fn rejects_format(status: u16, message: &str, wire: Wire) -> bool {
    if wire == Wire::Text {
        return false;
    }
    let m = message.to_ascii_lowercase();
    let names_format = [
        "response_format",
        "json_schema",
        "json schema",
        "schema",
        "grammar",
        "response format",
    ]
    .iter()
    .any(|w| m.contains(w));
    match status {
        400 | 422 => names_format,
        // llama-cpp-python answers a bare 500 to json_schema: while the session has no working
        // format yet, one step down is worth one more request (also from a schema it could
        // not turn into a grammar).
        500 => matches!(wire, Wire::JsonSchema | Wire::JsonObject) || names_format,
        _ => false,
    }
}

/// OpenAI's `{"error":{"message":…}}`, or `{"error":"…"}`, `{"message":…}`, or the body's start.
fn error_message(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(v) = serde_json::from_str::<Value>(&text) {
        let found = v
            .pointer("/error/message")
            .or_else(|| v.get("error"))
            .or_else(|| v.get("message"))
            .or_else(|| v.get("detail"));
        if let Some(m) = found {
            return match m {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }
            .chars()
            .take(500)
            .collect();
        }
    }
    text.chars().take(300).collect()
}

/// The first choice's content and finish reason.
fn parse_completion(bytes: &[u8]) -> Result<(String, Option<String>), LlmError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| {
        LlmError::Protocol(format!(
            "the body is not JSON ({e}); it starts {:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
        ))
    })?;
    if let Some(err) = v.get("error") {
        return Err(LlmError::Protocol(format!(
            "the server sent an error with status 200: {err}"
        )));
    }
    let choice = v
        .pointer("/choices/0")
        .ok_or_else(|| LlmError::Protocol("no choices".into()))?;
    let finish_reason = choice
        .get("finish_reason")
        .and_then(Value::as_str)
        .map(str::to_string);
    let content = match choice.pointer("/message/content") {
        Some(Value::String(s)) => s.clone(),
        // Content as parts: [{"type":"text","text":"…"}].
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(""),
        _ => choice
            .get("text")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| LlmError::Protocol("the first choice has no message content".into()))?,
    };
    Ok((content, finish_reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_and_errors_are_read() {
        let ok = br#"{"choices":[{"index":0,"message":{"role":"assistant","content":"{}"},"finish_reason":"stop"}]}"#;
        assert_eq!(
            parse_completion(ok).unwrap(),
            ("{}".into(), Some("stop".into()))
        );
        assert!(parse_completion(b"{\"choices\":[]}").is_err());
        assert!(parse_completion(b"<html>").is_err());
        assert_eq!(
            error_message(br#"{"error":{"message":"bad response_format","type":"invalid_request_error","code":null}}"#),
            "bad response_format"
        );
        assert_eq!(error_message(b"oops"), "oops");
    }

    #[test]
    fn format_rejection_rules() {
        assert!(rejects_format(
            400,
            "Invalid response_format",
            Wire::JsonSchema
        ));
        assert!(!rejects_format(400, "model not found", Wire::JsonSchema));
        assert!(rejects_format(
            500,
            "Internal Server Error",
            Wire::JsonSchema
        ));
        assert!(!rejects_format(503, "json_schema", Wire::JsonSchema));
        assert!(!rejects_format(400, "response_format", Wire::Text));
    }
}
