//! Backend configuration: server, model, timeouts and output format, from env and flags.

use crate::error::LlmError;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// Env var with the server's base URL, e.g. `http://127.0.0.1:11434/v1`.
pub const ENV_BASE_URL: &str = "JAMSESH_LLM_BASE_URL";
/// Env var with the API key (sent as `Authorization: Bearer …`; optional for local servers).
pub const ENV_API_KEY: &str = "JAMSESH_LLM_API_KEY";
/// Env var with the model name.
pub const ENV_MODEL: &str = "JAMSESH_LLM_MODEL";
/// Env var with a directory that overrides the embedded prompts.
pub const ENV_PROMPTS: &str = "JAMSESH_LLM_PROMPTS";

/// How the model is asked for structured output (`response_format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FormatMode {
    /// Start with `json_schema`; on a 400/422/500 that names the response format, fall back to
    /// `json_object`, then to plain text, and keep the mode that worked for the session.
    #[default]
    Auto,
    /// `{"type":"json_schema", "json_schema":{"strict":true, …}}` (OpenAI, LM Studio, vLLM, Ollama ≥ 0.5).
    JsonSchema,
    /// `{"type":"json_object"}` (llama-cpp-python, older servers).
    JsonObject,
    /// No `response_format`; the JSON is extracted from the prose.
    Text,
}

impl FromStr for FormatMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(FormatMode::Auto),
            "json-schema" | "schema" => Ok(FormatMode::JsonSchema),
            "json-object" | "json" => Ok(FormatMode::JsonObject),
            "text" | "none" => Ok(FormatMode::Text),
            other => Err(format!(
                "`{other}` is not a response format: auto, json-schema, json-object or text"
            )),
        }
    }
}

/// Everything the backend needs, built once from env vars and flags.
#[derive(Clone)]
pub struct Config {
    /// Base URL of an OpenAI-compatible API, ending before `/chat/completions`.
    pub base_url: String,
    /// Bearer token; `None` for local servers that need none.
    pub api_key: Option<String>,
    /// Model name as the server knows it.
    pub model: String,
    /// Sampling temperature.
    pub temperature: f64,
    /// Upper bound on tokens in the answer.
    pub max_tokens: u32,
    /// Time allowed to open the connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, body included.
    pub timeout: Duration,
    /// Largest answer body read, in bytes.
    pub max_body_bytes: usize,
    /// Structured-output mode.
    pub format: FormatMode,
    /// Retries after a transient failure (429, 502/503/504, timeouts).
    pub max_retries: u32,
    /// First backoff delay; doubles each retry.
    pub backoff: Duration,
    /// Longest wait honoured from a `Retry-After` header.
    pub max_retry_after: Duration,
    /// Directory that overrides the embedded prompts.
    pub prompts_dir: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: String::new(),
            api_key: None,
            model: String::new(),
            temperature: 0.7,
            max_tokens: 1500,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(60),
            max_body_bytes: 1 << 20,
            format: FormatMode::Auto,
            max_retries: 2,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(10),
            prompts_dir: None,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("model", &self.model)
            .field("temperature", &self.temperature)
            .field("max_tokens", &self.max_tokens)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("format", &self.format)
            .field("max_retries", &self.max_retries)
            .field("backoff", &self.backoff)
            .field("max_retry_after", &self.max_retry_after)
            .field("prompts_dir", &self.prompts_dir)
            .finish()
    }
}

impl Config {
    /// A configuration from `JAMSESH_LLM_*` env vars; fields left empty when unset.
    pub fn from_env() -> Config {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// The backend configured by `JAMSESH_LLM_*` env vars, checked; `None` when neither a base
    /// URL nor a model is set (the services then run on the engine alone).
    pub fn from_env_if_set() -> Result<Option<Config>, LlmError> {
        Config::from_env().if_named()
    }

    /// This configuration, checked, when it names a server or a model; `None` when it names
    /// neither (no LLM backend wanted).
    pub fn if_named(self) -> Result<Option<Config>, LlmError> {
        if self.base_url.trim().is_empty() && self.model.trim().is_empty() {
            return Ok(None);
        }
        self.validate()?;
        Ok(Some(self))
    }

    /// A configuration from any variable lookup (the env, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Config {
        let nonempty = |name: &str| {
            get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Config {
            base_url: nonempty(ENV_BASE_URL).unwrap_or_default(),
            api_key: nonempty(ENV_API_KEY),
            model: nonempty(ENV_MODEL).unwrap_or_default(),
            prompts_dir: nonempty(ENV_PROMPTS).map(PathBuf::from),
            ..Config::default()
        }
    }

    /// Checks that a server and model are named and the URL is http(s).
    pub fn validate(&self) -> Result<(), LlmError> {
        let mut missing = Vec::new();
        if self.base_url.trim().is_empty() {
            missing.push(format!("a base URL ({ENV_BASE_URL} or --llm-base-url)"));
        }
        if self.model.trim().is_empty() {
            missing.push(format!("a model ({ENV_MODEL} or --llm-model)"));
        }
        if !missing.is_empty() {
            return Err(LlmError::Config(format!(
                "the LLM backend needs {}; e.g. {ENV_BASE_URL}=http://127.0.0.1:11434/v1 {ENV_MODEL}=llama3.2",
                missing.join(" and ")
            )));
        }
        let url = self.base_url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(LlmError::Config(format!(
                "`{url}` is not an http:// or https:// URL"
            )));
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(LlmError::Config("timeouts must be longer than zero".into()));
        }
        Ok(())
    }

    /// The chat-completions endpoint.
    pub fn endpoint(&self) -> String {
        format!(
            "{}/chat/completions",
            self.base_url.trim().trim_end_matches('/')
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let c = Config {
            api_key: Some("sk-very-secret-123".into()),
            base_url: "https://api.example/v1".into(),
            model: "m".into(),
            ..Config::default()
        };
        let text = format!("{c:?} {c:#?}");
        assert!(!text.contains("sk-very-secret-123"), "{text}");
        assert!(text.contains("<redacted>"));
    }

    #[test]
    fn env_lookup_and_validation() {
        let c = Config::from_lookup(|k| match k {
            ENV_BASE_URL => Some("http://127.0.0.1:11434/v1/".into()),
            ENV_MODEL => Some("llama3.2".into()),
            ENV_API_KEY => Some("  ".into()),
            _ => None,
        });
        assert_eq!(c.api_key, None);
        assert_eq!(c.endpoint(), "http://127.0.0.1:11434/v1/chat/completions");
        assert!(c.validate().is_ok());
        let err = Config::default().validate().unwrap_err().to_string();
        assert!(
            err.contains(ENV_BASE_URL) && err.contains(ENV_MODEL),
            "{err}"
        );
        let bad = Config {
            base_url: "ftp://x".into(),
            model: "m".into(),
            ..Config::default()
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn format_names() {
        assert_eq!("json-schema".parse(), Ok(FormatMode::JsonSchema));
        assert_eq!("json_object".parse(), Ok(FormatMode::JsonObject));
        assert_eq!("TEXT".parse(), Ok(FormatMode::Text));
        assert!("xml".parse::<FormatMode>().is_err());
    }
}
