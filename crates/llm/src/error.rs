//! What can go wrong between JamSesh and an LLM server.

use std::time::Duration;

/// Why a call to the LLM server gave no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// The configuration is incomplete or wrong (no base URL, no model, bad URL).
    #[error("LLM configuration: {0}")]
    Config(String),
    /// The server did not answer within the connect or total timeout.
    #[error("the LLM server did not answer within {0:?}")]
    Timeout(Duration),
    /// The connection failed (refused, reset, DNS, TLS).
    #[error("could not reach the LLM server: {0}")]
    Connect(String),
    /// The server answered with an HTTP error status.
    #[error("the LLM server answered HTTP {status}: {message}")]
    Status {
        /// HTTP status code.
        status: u16,
        /// The error message from the body (OpenAI's `error.message`), or the body's start.
        message: String,
    },
    /// The answer body was larger than the configured cap.
    #[error("the LLM answer is larger than {limit} bytes; stopped reading")]
    TooLarge {
        /// The cap in bytes.
        limit: usize,
    },
    /// The body is not a chat completion (not JSON, no choices, no content).
    #[error("the LLM answer is not a chat completion: {0}")]
    Protocol(String),
    /// The model stopped at `max_tokens` (`finish_reason: "length"`): its JSON is cut off.
    #[error("the model ran out of tokens (finish_reason \"length\") before finishing its answer")]
    Truncated,
    /// The content holds no jam JSON we could read.
    #[error("the LLM answer holds no usable jam: {0}")]
    Content(String),
}

impl LlmError {
    /// Whether sending the same request again may help (timeouts, 429, 502/503/504, connect).
    pub fn is_transient(&self) -> bool {
        match self {
            LlmError::Timeout(_) | LlmError::Connect(_) => true,
            LlmError::Status { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            _ => false,
        }
    }
}
