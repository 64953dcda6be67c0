//! Opt-in: the backend against a real server and model. Not run by default (it needs a model
//! server); run it with
//! `JAMSESH_LLM_BASE_URL=… JAMSESH_LLM_MODEL=… cargo test -p jamsesh-llm --test live -- --ignored --nocapture`.

use jamsesh_core::{critic, intent, Overrides};
use jamsesh_llm::{Config, Llm};
use std::time::{Duration, Instant};

#[tokio::test]
#[ignore = "needs a running OpenAI-compatible server (JAMSESH_LLM_BASE_URL, JAMSESH_LLM_MODEL)"]
async fn a_real_model_always_ends_in_a_valid_jam() {
    let config = Config::from_env();
    if config.validate().is_err() {
        panic!("set JAMSESH_LLM_BASE_URL and JAMSESH_LLM_MODEL to run this test");
    }
    let llm = Llm::new(Config {
        timeout: Duration::from_secs(300),
        ..config
    })
    .unwrap();
    for prompt in [
        "slow blues in E",
        "celtic jig in D",
        "bossa nova in A minor",
    ] {
        let intent = intent::parse(prompt, &Overrides::default()).unwrap();
        let t = Instant::now();
        let out = llm.jam(&intent, 1).await;
        let verdicts: Vec<_> = out.attempts.iter().map(|a| a.verdict).collect();
        println!(
            "{prompt}: source {:?}, attempts {verdicts:?}, {:?}, fallback {:?}",
            out.jam.source,
            t.elapsed(),
            out.fallback
        );
        assert!(critic::review(&out.jam).valid, "{prompt}");
    }
}
