//! The LLM backend of JamSesh: any OpenAI-compatible chat server (Ollama, llama.cpp, vLLM,
//! LM Studio, OpenAI) writes jams from our own prompts; the critic checks and repairs them,
//! one corrective retry follows a rejection, and the embedded engine steps in when all fails.

#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

// The modules are private: the crate's surface is the re-exports below, which is what the
// front door (`jamsesh-ops`), the tests and the benches use.
mod client;
mod config;
mod draft;
mod error;
mod extract;
mod fence;
mod forgive;
mod labels;
mod lenient;
mod pipeline;
mod prompt;
mod reader;
mod rekey;

pub use client::{Client, Completion, Wire};
pub use config::{Config, FormatMode};
pub use error::LlmError;
pub use pipeline::{check_answer, draft_to_jam, engine, Attempt, Llm, Outcome, Verdict};
pub use prompt::{schema, Prompts, Task};
pub use reader::{grounded, Reading, Trust};
