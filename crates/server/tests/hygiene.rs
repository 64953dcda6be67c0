//! HTTP hygiene over real connections on 127.0.0.1: timeouts for heads, bodies and idle
//! connections, the connection cap, a shutdown that half-sent requests cannot hold, JSON
//! bodies only, and error messages that quote a short excerpt, never the whole input.

use jamsesh_server::ratelimit::RateConfig;
use jamsesh_server::{serve_on, Config};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

/// A server on a free port; `stop` begins its shutdown and `done` ends with it.
struct Server {
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: JoinHandle<()>,
}

async fn start(config: Config) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        serve_on(listener, &config, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    Server {
        addr,
        stop: Some(stop),
        done,
    }
}

fn config() -> Config {
    Config {
        rate: RateConfig {
            burst: 0,
            per_second: 0.0,
        },
        read_timeout: Duration::from_secs(1),
        ..Config::default()
    }
}

/// Guards every wait in this file: a hang fails the test instead of stalling the suite.
const PATIENCE: Duration = Duration::from_secs(5);

/// Reads until the server closes the connection; what it sent, or `None` if it kept it open.
async fn read_to_close(stream: &mut TcpStream) -> Option<String> {
    let mut got = Vec::new();
    match tokio::time::timeout(PATIENCE, stream.read_to_end(&mut got)).await {
        Ok(_) => Some(String::from_utf8_lossy(&got).into_owned()),
        Err(_) => None,
    }
}

/// Sends raw bytes as one request and reads the whole answer (the request asks to close).
async fn raw(s: &Server, request: String) -> (u16, Value) {
    let mut stream = TcpStream::connect(s.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_to_close(&mut stream).await.expect("an answer");
    let status = answer[9..12].parse().unwrap();
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn post(path: &str, content_type: Option<&str>, body: &str) -> String {
    let typed = content_type.map_or(String::new(), |t| format!("content-type: {t}\r\n"));
    format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n{typed}content-length: {}\r\n\r\n{body}",
        body.len()
    )
}

#[tokio::test]
async fn a_half_sent_request_does_not_hold_shutdown() {
    let mut s = start(Config {
        read_timeout: Duration::from_secs(60),
        ..config()
    })
    .await;
    let mut half = TcpStream::connect(s.addr).await.unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHo")
        .await
        .unwrap();
    let mut idle = TcpStream::connect(s.addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    s.stop.take().unwrap().send(()).unwrap();
    tokio::time::timeout(PATIENCE, &mut s.done)
        .await
        .expect("the server stops although a request is half sent")
        .unwrap();
    assert!(read_to_close(&mut half).await.is_some());
    assert!(read_to_close(&mut idle).await.is_some());
}

#[tokio::test]
async fn a_request_being_answered_is_finished_at_shutdown() {
    let mut s = start(config()).await;
    let mut stream = TcpStream::connect(s.addr).await.unwrap();
    let body = json!({"prompt": "jazz standard in F, 32 bars", "seed": 3}).to_string();
    stream
        .write_all(post("/api/jam", Some("application/json"), &body).as_bytes())
        .await
        .unwrap();
    // Let the request arrive; shutdown closes a connection whose request has not.
    tokio::time::sleep(Duration::from_millis(100)).await;
    s.stop.take().unwrap().send(()).unwrap();
    let answer = read_to_close(&mut stream).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    tokio::time::timeout(PATIENCE, &mut s.done)
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn silent_slow_and_idle_connections_are_closed() {
    let s = start(config()).await;
    // Connected, never a byte.
    let mut silent = TcpStream::connect(s.addr).await.unwrap();
    // A head trickled a byte at a time (slowloris): the timeout covers the whole head.
    let mut slow = TcpStream::connect(s.addr).await.unwrap();
    let trickle = async {
        for b in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
            .iter()
            .cycle()
        {
            if slow.write_all(&[*b]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let _ = tokio::time::timeout(PATIENCE, trickle).await;
    let mut got = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(1), slow.read_to_end(&mut got)).await;
    assert!(closed.is_ok(), "a slow head is cut off");
    assert!(read_to_close(&mut silent).await.is_some());
    // Keep-alive: one request answered, then the idle connection is closed.
    let mut idle = TcpStream::connect(s.addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = read_to_close(&mut idle).await.expect("closed when idle");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_body_that_never_arrives_times_out() {
    let s = start(config()).await;
    let mut stream = TcpStream::connect(s.addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/jam HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"pro",
        )
        .await
        .unwrap();
    let answer = read_to_close(&mut stream).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}

#[tokio::test]
async fn connections_over_the_cap_are_refused() {
    let s = start(Config {
        max_connections: 2,
        read_timeout: Duration::from_secs(30),
        ..config()
    })
    .await;
    let _a = TcpStream::connect(s.addr).await.unwrap();
    let _b = TcpStream::connect(s.addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, body) = raw(&s, "GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n".into()).await;
    assert_eq!(status, 503);
    assert_eq!(body["error"]["code"], "too_many_connections");
    drop((_a, _b));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, _) = raw(
        &s,
        "GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".into(),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn json_endpoints_take_json_only() {
    let s = start(config()).await;
    let body = json!({"prompt": "blues", "seed": 1}).to_string();
    for kind in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
    ] {
        let (status, answer) = raw(&s, post("/api/jam", kind, &body)).await;
        assert_eq!(status, 415, "{kind:?}");
        assert_eq!(answer["error"]["code"], "unsupported_media_type");
    }
    let (status, _) = raw(
        &s,
        post("/api/jam", Some("Application/JSON; charset=utf-8"), &body),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn errors_quote_a_short_excerpt_of_the_input() {
    let s = start(config()).await;
    let huge = "Q".repeat(90_000);
    let asks = [
        ("/api/jam", json!({"prompt": "blues", "key": huge})),
        ("/api/jam", json!({"prompt": "blues", "seed": huge})),
        (
            "/api/render/svg",
            json!({"abc": "X:1\nK:C\nC", "theme": huge}),
        ),
        ("/api/chord", json!({"symbol": "C", "theme": huge})),
    ];
    for (path, ask) in asks {
        let (status, answer) =
            raw(&s, post(path, Some("application/json"), &ask.to_string())).await;
        assert!((400..500).contains(&status), "{path}: {status}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.len() < 600, "{path}: {} bytes", message.len());
        assert!(
            message.contains("QQQQ"),
            "the excerpt is still quoted: {message}"
        );
    }
}

/// The work counts of `/healthz`: (running, stopped).
async fn work_counts(s: &Server) -> (u64, u64) {
    let (_, health) = raw(
        s,
        "GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".into(),
    )
    .await;
    let work = &health["work"];
    (
        work["running"].as_u64().unwrap(),
        work["stopped"].as_u64().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_work_counts_work_and_dropped_work_stops() {
    let s = start(Config {
        max_work: 1,
        ..config()
    })
    .await;
    // Eight notes held for the five minutes the audio lasts: the most audio work accepted.
    let body = json!({"abc": "X:1\nL:1/8\nQ:1/4=30\nK:C\n[C,E,G,CEGce]999|"}).to_string();
    let request = post("/api/render/wav", Some("application/json"), &body);
    // Clients that ask and hang up 50 ms later, one every 100 ms: each gone before its render
    // could end. A slot freed when the client left (not when the work ended) let a new render
    // start beside the old one.
    let clients: Vec<_> = (0..8u64)
        .map(|k| {
            let (addr, request) = (s.addr, request.clone());
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(100 * k)).await;
                let mut stream = TcpStream::connect(addr).await.unwrap();
                stream.write_all(request.as_bytes()).await.unwrap();
                tokio::time::sleep(Duration::from_millis(50)).await;
            })
        })
        .collect();
    let mut most = 0;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let stopped_early = loop {
        let (running, stopped) = work_counts(&s).await;
        most = most.max(running);
        let all_gone = clients.iter().all(|c| c.is_finished());
        if all_gone && running == 0 {
            break stopped;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the dropped work ends within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert!(most <= 1, "{most} renders at once against max_work 1");
    assert!(
        stopped_early >= 1,
        "dropped renders are stopped, not finished"
    );
    // The server still answers a client that waits.
    let (status, _) = raw(&s, request.replace("keep-alive", "close")).await;
    assert_eq!(status, 200);
}
