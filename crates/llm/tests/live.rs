//! Opt-in: the backend against a real server and model. Not run by default (it needs a model
//! server); run it with
//! `JAMSESH_LLM_BASE_URL=… JAMSESH_LLM_MODEL=… cargo test -p jamsesh-llm --test live -- --ignored --nocapture`.

#[path = "../../core/tests/common/musician.rs"]
mod musician;

use jamsesh_core::{Overrides, Source};
use jamsesh_llm::{Config, Llm};
use std::time::{Duration, Instant};

#[tokio::test]
#[ignore = "needs a running OpenAI-compatible server (JAMSESH_LLM_BASE_URL, JAMSESH_LLM_MODEL)"]
async fn a_real_model_writes_jams_a_player_accepts() {
    let config = Config::from_env();
    if config.validate().is_err() {
        panic!("set JAMSESH_LLM_BASE_URL and JAMSESH_LLM_MODEL to run this test");
    }
    let llm = Llm::new(Config {
        timeout: Duration::from_secs(300),
        ..config
    })
    .unwrap();
    let mut by_model = 0;
    for prompt in [
        "slow blues in E",
        "celtic jig in D",
        "bossa nova in A minor",
    ] {
        let intent = jamsesh_core::parse_intent(prompt, &Overrides::default()).unwrap();
        let t = Instant::now();
        let out = llm.jam(&intent, 1).await;
        let verdicts: Vec<_> = out.attempts.iter().map(|a| a.verdict).collect();
        println!(
            "{prompt}: source {:?}, attempts {verdicts:?}, {:?}, fallback {:?}",
            out.jam.source,
            t.elapsed(),
            out.fallback
        );
        let faults = musician::faults(&out.jam);
        assert!(faults.is_empty(), "{prompt}: {faults:?}");
        by_model += usize::from(matches!(out.jam.source, Source::Llm | Source::LlmRepair));
    }
    // The engine's fallback always gives a valid jam, even with the model dead; the model must
    // have written at least one of the three for this test to say anything about the model.
    assert!(
        by_model >= 1,
        "the model wrote none of the jams: every one fell back to the engine"
    );
}
