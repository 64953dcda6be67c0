//! The LLM backend of JamSesh: any OpenAI-compatible chat server (Ollama, llama.cpp, vLLM,
//! LM Studio, OpenAI) writes jams from our own prompts; the critic checks and repairs them,
//! one corrective retry follows a rejection, and the embedded engine steps in when all fails.

#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

pub mod client;
pub mod config;
pub mod draft;
pub mod error;
pub mod extract;
mod fence;
pub mod forgive;
pub mod labels;
pub mod lenient;
pub mod pipeline;
pub mod prompt;
pub mod reader;
pub mod rekey;

pub use client::{Client, Completion, Wire};
pub use config::{Config, FormatMode};
pub use error::LlmError;
pub use pipeline::{engine, Attempt, Llm, Outcome, Verdict};
pub use prompt::Prompts;
pub use reader::{Reading, Trust};
