//! The engraver's SVG, drawn by a real browser: headless Chromium screenshots each picture and
//! must put about as much ink on the page as resvg does (same SVG, same size). Needs Debian's
//! `chromium` (`scripts/setup` installs it); `JAMSESH_SKIP_CHROMIUM=1` skips the test.

use jamsesh_render::{engrave, svg_to_png, SvgOptions};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Share of dark pixels (luminance under half) in an RGBA or RGB picture's top-left `w`×`h`.
fn ink(png_bytes: &[u8], w: u32, h: u32) -> f64 {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let (pw, ph) = (info.width.min(w), info.height.min(h));
    let mut dark = 0u64;
    for y in 0..ph {
        for x in 0..pw {
            let i = ((y * info.width + x) as usize) * channels;
            let (r, g, b) = (buf[i] as f64, buf[i + 1] as f64, buf[i + 2] as f64);
            let alpha = if channels == 4 {
                buf[i + 3] as f64 / 255.0
            } else {
                1.0
            };
            let lum = (0.299 * r + 0.587 * g + 0.114 * b) * alpha + 255.0 * (1.0 - alpha);
            if lum < 128.0 {
                dark += 1;
            }
        }
    }
    dark as f64 / f64::from(pw * ph)
}

/// Size of a PNG.
fn size(png_bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .unwrap();
    (reader.info().width, reader.info().height)
}

/// Chromium's screenshot of an SVG file, or a failure after 60 s.
fn chromium_screenshot(svg: &Path, out: &Path, w: u32, h: u32) -> Vec<u8> {
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ])
        .arg(format!("--screenshot={}", out.display()))
        .arg(format!("--window-size={w},{h}"))
        .arg(format!("file://{}", svg.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed on {}", svg.display());
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium hung on {}", svg.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read(out).expect("chromium wrote a screenshot")
}

#[test]
fn chromium_draws_what_resvg_draws() {
    if std::env::var_os("JAMSESH_SKIP_CHROMIUM").is_some() {
        return;
    }
    let has_chromium = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_chromium,
        "chromium is missing: run scripts/setup (or set JAMSESH_SKIP_CHROMIUM=1)"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("jamsesh-chromium-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut inputs: Vec<(String, String)> = ["parade", "ornaments", "song", "chords", "two-voices"]
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(root.join(format!("tests/data/{n}.abc"))).unwrap();
            (n.to_string(), text)
        })
        .collect();
    for example in ["blues", "funk"] {
        let text = std::fs::read_to_string(root.join(format!("../../examples/{example}/jam.abc")))
            .unwrap();
        inputs.push((example.to_string(), text));
    }
    for (name, abc) in inputs {
        let tune = jamsesh_abc::parse_tunes(&abc).0.remove(0);
        let svg = engrave(&tune, &SvgOptions::default()).svg;
        let ours = svg_to_png(&svg, 1.0).unwrap();
        let (w, h) = size(&ours);
        let svg_path = dir.join(format!("{name}.svg"));
        std::fs::write(&svg_path, &svg).unwrap();
        let shot = chromium_screenshot(&svg_path, &dir.join(format!("{name}.png")), w, h);
        let (a, b) = (ink(&ours, w, h), ink(&shot, w, h));
        assert!(a > 0.005, "{name}: resvg drew almost nothing ({a:.4})");
        assert!(
            b > a / 2.0 && b < a * 2.0,
            "{name}: Chromium's ink {b:.4} is far from resvg's {a:.4}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
