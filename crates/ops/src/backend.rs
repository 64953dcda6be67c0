//! Who writes a jam — the embedded engine, or an LLM in one of three roles — and, with the
//! `llm` feature, the one place that choice becomes a call: every front end (CLI, bot, server)
//! asks [`Model::for_prompt`] or [`Model::for_a_jam`], so they agree on what each backend does.

use crate::OpError;
use std::fmt;
use std::str::FromStr;

/// Which composer answers a prompt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Backend {
    /// The embedded engine (no network).
    #[default]
    Engine,
    /// An OpenAI-compatible LLM writes the whole jam; the engine steps in if it fails.
    Llm,
    /// The LLM writes title, style, chords and scales; the engine writes the melody.
    Hybrid,
    /// The LLM reads the prompt (what its words leave open); the engine writes the jam.
    Intent,
}

impl Backend {
    /// Every backend, in the order front ends offer them.
    pub const ALL: [Backend; 4] = [
        Backend::Engine,
        Backend::Llm,
        Backend::Hybrid,
        Backend::Intent,
    ];

    /// Its name as typed: `engine`, `llm`, `hybrid` or `intent`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Engine => "engine",
            Backend::Llm => "llm",
            Backend::Hybrid => "hybrid",
            Backend::Intent => "intent",
        }
    }

    /// The backend for an operation on an existing jam (a new melody, a second voice): there
    /// is no prompt to read, so `intent` is the engine.
    pub fn for_a_jam(self) -> Backend {
        match self {
            Backend::Intent => Backend::Engine,
            other => other,
        }
    }

    /// True when a backend needs an LLM at all.
    pub fn needs_llm(self) -> bool {
        self != Backend::Engine
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Backend {
    type Err = OpError;

    /// A backend by name, any case; blank is the engine.
    fn from_str(s: &str) -> Result<Backend, OpError> {
        let name = s.trim();
        if name.is_empty() {
            return Ok(Backend::Engine);
        }
        Backend::ALL
            .into_iter()
            .find(|b| b.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| OpError::UnknownBackend(crate::excerpt(name)))
    }
}

#[cfg(feature = "llm")]
pub use model::Model;

#[cfg(feature = "llm")]
mod model {
    use super::Backend;
    use crate::{cost, said, OpError};
    use jamsesh_core::HarmonyKind;
    use jamsesh_core::{Intent, Jam};
    use jamsesh_llm::{Llm, Outcome};

    /// An LLM and the role a [`Backend`] gives it.
    #[derive(Clone, Copy, Debug)]
    pub struct Model<'a> {
        llm: &'a Llm,
        backend: Backend,
    }

    impl<'a> Model<'a> {
        /// The model answering a prompt for `backend`, or `None` when the engine does;
        /// [`OpError::NoLlm`] when the backend needs a model and `llm` is none.
        pub fn for_prompt(backend: Backend, llm: Option<&'a Llm>) -> Result<Option<Self>, OpError> {
            match (backend, llm) {
                (Backend::Engine, _) => Ok(None),
                (_, None) => Err(OpError::NoLlm),
                (backend, Some(llm)) => Ok(Some(Model { llm, backend })),
            }
        }

        /// The model changing a jam (new melody, second voice) for `backend`: as
        /// [`Model::for_prompt`] with [`Backend::for_a_jam`].
        pub fn for_a_jam(backend: Backend, llm: Option<&'a Llm>) -> Result<Option<Self>, OpError> {
            Model::for_prompt(backend.for_a_jam(), llm)
        }

        /// A jam for an intent: the whole jam (`llm`), its harmony (`hybrid`) or the reading
        /// of the prompt (`intent`) from the model; always a jam the critic accepts.
        pub async fn jam(&self, intent: &Intent, seed: u64) -> Outcome {
            match self.backend {
                Backend::Hybrid => self.llm.hybrid(intent, seed).await,
                Backend::Intent => self.llm.intent_jam(intent, seed).await,
                Backend::Llm | Backend::Engine => self.llm.jam(intent, seed).await,
            }
        }

        /// A new melody over a jam's chords from the model, steered by `steer`, with the
        /// checks of [`crate::new_melody`].
        pub async fn new_melody(
            &self,
            jam: &Jam,
            seed: u64,
            steer: &str,
        ) -> Result<Outcome, OpError> {
            cost::check_jam(jam)?;
            let steer = crate::steering(steer)?;
            self.llm
                .new_melody(jam, seed, steer)
                .await
                .map_err(|e| OpError::Jam(said(e)))
        }

        /// A second voice from the model, with the checks of [`crate::harmony`].
        pub async fn harmony(&self, jam: &Jam, kind: HarmonyKind) -> Result<Outcome, OpError> {
            cost::check_jam(jam)?;
            self.llm
                .harmony(jam, kind)
                .await
                .map_err(|e| OpError::Jam(said(e)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_are_read_by_name_and_others_refused() {
        assert_eq!("Hybrid".parse::<Backend>(), Ok(Backend::Hybrid));
        assert_eq!(" ".parse::<Backend>(), Ok(Backend::Engine));
        let e = "gpt".parse::<Backend>().unwrap_err();
        assert_eq!(e.code(), "bad_options");
        assert_eq!(
            e.to_string(),
            "`gpt` is not a backend: engine, llm, hybrid or intent"
        );
        assert_eq!(Backend::Intent.for_a_jam(), Backend::Engine);
        assert_eq!(Backend::Hybrid.for_a_jam(), Backend::Hybrid);
    }
}
