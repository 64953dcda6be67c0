//! `<jam-widget>` in headless Chromium (Debian's `chromium`, driven by npm's playwright-core)
//! against this server on 127.0.0.1: `web/tests/widget.test.mjs` types, clicks, plays and
//! tabs through the widget and checks it against what the native code computes here.
//! Needs `scripts/build-widget` to have built `web/dist/`; `JAMSESH_SKIP_CHROMIUM=1` skips it.
//! Screenshots go to `$JAMSESH_WIDGET_SHOTS` (relative to the workspace root; the README's are
//! made with `JAMSESH_WIDGET_SHOTS=docs/widget`), else to cargo's target tmp directory.

use jamsesh_ops::{self as ops, GenerateOptions, RenderOptions};
use jamsesh_server::{serve_on, Config};
use std::path::{Path, PathBuf};
use std::process::Command;

const PROMPT: &str = "funky slow groove in Bb";
const SEED: u64 = 21;

fn web_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web")
}

/// What the browser must reproduce: the CLI's jam for the prompt and seed, and the engraving's
/// notehead count.
fn expectations() -> serde_json::Value {
    let options = GenerateOptions {
        seed: Some(SEED),
        ..Default::default()
    };
    let jam = ops::generate(PROMPT, &options).unwrap();
    let svg = ops::render_svg(&jam.example, &RenderOptions::default()).unwrap();
    assert_eq!(
        svg.svg.matches("href=\"#notehead").count(),
        svg.noteheads,
        "the engraver's notehead count is what the SVG shows"
    );
    let tune = ops::first_tune(&jam.example).unwrap();
    // The play-along band as the native code arranges it, with the widget's defaults (four
    // choruses, a bar of count-in, the style's swing), minus-one and with the melody.
    let band_parts = |with_melody: bool| {
        let options = ops::backing::BackingOptions {
            with_melody,
            ..Default::default()
        };
        let mut parts = serde_json::Map::new();
        for note in ops::backing::playback(&jam, &options).unwrap().notes {
            let name = serde_json::to_value(note.part).unwrap();
            let count = parts
                .entry(name.as_str().unwrap().to_string())
                .or_insert(serde_json::json!(0));
            *count = serde_json::json!(count.as_u64().unwrap() + 1);
        }
        parts
    };
    serde_json::json!({
        "band_parts": band_parts(false),
        "band_parts_with_melody": band_parts(true),
        "prompt": PROMPT,
        "seed": SEED,
        "jam": jam,
        "noteheads": svg.noteheads,
        "melody_notes": tune.performance()[0].notes.len(),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_works_in_chromium() {
    if std::env::var_os("JAMSESH_SKIP_CHROMIUM").is_some() {
        eprintln!("JAMSESH_SKIP_CHROMIUM is set: the browser test is skipped");
        return;
    }
    let web = web_dir();
    let dist = web.join("dist");
    assert!(
        dist.join("jamsesh_wasm_bg.wasm").is_file(),
        "the widget is not built: run scripts/build-widget (or set JAMSESH_SKIP_CHROMIUM=1)"
    );
    // The widget's entry module and the modules it imports from web/widget/.
    let modules = std::fs::read_dir(web.join("widget"))
        .unwrap()
        .map(|entry| Path::new("widget").join(entry.unwrap().file_name()));
    for module in std::iter::once(PathBuf::from("jam-widget.js")).chain(modules) {
        assert_eq!(
            std::fs::read_to_string(dist.join(&module)).ok(),
            std::fs::read_to_string(web.join(&module)).ok(),
            "web/dist is older than web/{}: run scripts/build-widget",
            module.display()
        );
    }
    assert!(
        web.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run scripts/setup-widget"
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = Config {
        assets: Some(dist),
        ..Config::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        serve_on(listener, &config, async {
            let _ = stopped.await;
        })
        .await
    });

    let work = tempfile::tempdir().unwrap();
    let expected = work.path().join("expected.json");
    std::fs::write(&expected, expectations().to_string()).unwrap();
    // A relative directory is taken from the workspace root (cargo runs tests in the crate's).
    let shots = std::env::var_os("JAMSESH_WIDGET_SHOTS")
        .map(|dir| web.join("..").join(dir))
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("widget-shots"));
    let script = web.join("tests/widget.test.mjs");
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .arg(&base)
            .arg(&expected)
            .arg(&shots)
            .output()
    })
    .await
    .unwrap()
    .expect("node runs (scripts/setup-widget installs what it needs)");

    let _ = stop.send(());
    server.await.unwrap().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the browser test failed:\n{stderr}\n{stdout}"
    );
    // The measurements, for the README's table.
    eprintln!("widget measurements: {}", stdout.trim());
}
