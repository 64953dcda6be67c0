//! `jamsesh jam --backend llm|hybrid|intent`, run as a user runs it, against a one-thread
//! chat-completions stand-in on 127.0.0.1.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};

const ANSWER: &str = include_str!("../../llm/tests/answers/good.json");

fn jamsesh(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jamsesh"));
    cmd.args(args)
        .env_remove("JAMSESH_LLM_BASE_URL")
        .env_remove("JAMSESH_LLM_MODEL")
        .env_remove("JAMSESH_LLM_API_KEY")
        .env_remove("JAMSESH_LLM_PROMPTS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("jamsesh runs")
}

/// Serves `n` requests with the same completion; returns the base URL and the bodies seen.
/// The jam a successful `jamsesh jam --format json` printed.
fn jam_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn serve(
    n: usize,
    content: &'static str,
) -> (String, std::thread::JoinHandle<Vec<(String, Value)>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(n) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut length = 0;
            let mut auth = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                if lower.starts_with("authorization:") {
                    auth = line.trim().to_string();
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            seen.push((auth, serde_json::from_slice(&body).unwrap_or(Value::Null)));
            let reply = json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}).to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
                reply.len()
            );
        }
        seen
    });
    (base, handle)
}

#[test]
fn llm_without_server_or_model_exits_2_naming_the_env_vars() {
    let out = jamsesh(&["jam", "slow blues in E", "--backend", "llm"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("JAMSESH_LLM_BASE_URL") && err.contains("JAMSESH_LLM_MODEL"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn llm_backend_end_to_end() {
    let (base, server) = serve(1, ANSWER);
    let out = jamsesh(
        &[
            "jam",
            "funky slow groove in Bb",
            "--backend",
            "llm",
            "--llm-base-url",
            &base,
            "--llm-model",
            "m1",
            "--format",
            "json",
            "--llm-timeout",
            "5",
        ],
        &[("JAMSESH_LLM_API_KEY", "sk-cli-secret")],
    );
    let jam = jam_json(&out);
    assert_eq!(jam["source"], "llm");
    assert_eq!(jam["title"], "Low Flame Strut");
    let seen = server.join().unwrap();
    assert_eq!(seen[0].0, "authorization: Bearer sk-cli-secret");
    assert_eq!(seen[0].1["model"], "m1");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains("sk-cli-secret"),
        "the key never reaches the output"
    );
}

#[test]
fn hybrid_from_env_and_fallback_when_the_server_is_gone() {
    let (base, server) = serve(1, ANSWER);
    let out = jamsesh(
        &[
            "jam",
            "funky slow groove in Bb",
            "--backend",
            "hybrid",
            "--format",
            "json",
            "--llm-format",
            "json-object",
        ],
        &[("JAMSESH_LLM_BASE_URL", &base), ("JAMSESH_LLM_MODEL", "m2")],
    );
    let jam = jam_json(&out);
    assert_eq!(jam["source"], "llm+engine");
    let seen = server.join().unwrap();
    assert_eq!(seen[0].0, "", "no key, no Authorization header");
    assert_eq!(seen[0].1["response_format"]["type"], "json_object");

    // The server is gone now: the engine writes the jam and says so.
    let out = jamsesh(
        &[
            "jam",
            "funky slow groove in Bb",
            "--backend",
            "llm",
            "--format",
            "json",
            "--llm-timeout",
            "2",
        ],
        &[("JAMSESH_LLM_BASE_URL", &base), ("JAMSESH_LLM_MODEL", "m2")],
    );
    let jam = jam_json(&out);
    assert_eq!(jam["source"], "engine-fallback");
    assert!(String::from_utf8_lossy(&out.stderr).contains("engine"));
}

#[test]
fn intent_lets_the_model_read_what_the_words_leave_open() {
    // A small model's answer: a style name for an id, a key the prompt never named.
    let (base, server) = serve(
        1,
        r#"{"style": "Synthwave", "key": "f#", "mode": "minor", "tempo": null, "meter": null, "bars": null, "mood": null, "instrument": null}"#,
    );
    let out = jamsesh(
        &[
            "jam",
            "something for a night drive, kinda vaporwave",
            "--backend",
            "intent",
            "--format",
            "json",
        ],
        &[
            ("JAMSESH_LLM_BASE_URL", &base),
            ("JAMSESH_LLM_MODEL", "smol"),
        ],
    );
    let jam = jam_json(&out);
    assert_eq!(jam["style_id"], "synthwave");
    // No key in the prompt: the model's f# is a guess, not taken.
    assert!(
        jam["understood"].get("key").is_none(),
        "{}",
        jam["understood"]
    );
    assert_eq!(jam["source"], "engine");
    let seen = server.join().unwrap();
    assert_eq!(seen[0].1["max_tokens"], 160);
}
