//! The play-along heard, not read: in the rendered sound of a rock groove the kick's low thump
//! falls on beats one and three and the snare's crack on two and four, with the built-in
//! synthesizer and, where one is installed, through a General MIDI SoundFont.

use jamsesh_band::{arrange, PlayAlong};
use jamsesh_core::Overrides;
use jamsesh_render::audio::SAMPLE_RATE;
use jamsesh_render::{Arrangement, Role};

/// The drums alone of one chorus of rock, no count-in.
fn rock_drums() -> Arrangement {
    let j = jamsesh_core::generate(
        &jamsesh_core::parse_intent("rock in E at 100 bpm", &Overrides::default()).unwrap(),
        1,
    );
    let mut a = arrange(
        &j,
        &PlayAlong {
            choruses: 1,
            count_in: 0,
            ..PlayAlong::default()
        },
    )
    .unwrap();
    a.parts.retain(|p| p.role == Role::Drums);
    a
}

/// Energy below ~150 Hz and above ~2 kHz in the 60 ms after `at` seconds.
fn bands(samples: &[f32], at: f64) -> (f64, f64) {
    let start = (at * f64::from(SAMPLE_RATE)) as usize;
    let end = (start + SAMPLE_RATE as usize * 6 / 100).min(samples.len());
    let rate = f64::from(SAMPLE_RATE);
    let alpha_low = 1.0 - (-2.0 * std::f64::consts::PI * 150.0 / rate).exp();
    let alpha_high = 1.0 - (-2.0 * std::f64::consts::PI * 2000.0 / rate).exp();
    let (mut low, mut smooth, mut low_energy, mut high_energy) = (0.0, 0.0, 0.0, 0.0);
    for &s in &samples[start..end] {
        let s = f64::from(s);
        low += alpha_low * (s - low);
        smooth += alpha_high * (s - smooth);
        low_energy += low * low;
        high_energy += (s - smooth) * (s - smooth);
    }
    (low_energy, high_energy)
}

fn check(samples: &[f32], sound: &str, low_ratio: f64, high_ratio: f64) {
    let beat = 60.0 / 100.0;
    let (mut kick_beats, mut snare_beats) = ((0.0, 0.0), (0.0, 0.0));
    for bar in 0..6 {
        for b in 0..4 {
            let (low, high) = bands(samples, (bar * 4 + b) as f64 * beat);
            let slot = if b % 2 == 0 {
                &mut kick_beats
            } else {
                &mut snare_beats
            };
            slot.0 += low;
            slot.1 += high;
        }
    }
    assert!(
        kick_beats.0 > low_ratio * snare_beats.0,
        "{sound}: low band on 1&3 {:.3} vs 2&4 {:.3}",
        kick_beats.0,
        snare_beats.0
    );
    eprintln!(
        "{sound}: low 1&3/2&4 {:.1}, high 2&4/1&3 {:.1}",
        kick_beats.0 / snare_beats.0,
        snare_beats.1 / kick_beats.1
    );
    assert!(
        snare_beats.1 > high_ratio * kick_beats.1,
        "{sound}: high band on 2&4 {:.3} vs 1&3 {:.3}",
        snare_beats.1,
        kick_beats.1
    );
}

#[test]
fn the_built_in_kit_puts_kick_and_snare_where_the_groove_does() {
    check(
        &jamsesh_render::audio::samples(&rock_drums()),
        "built-in",
        3.0,
        2.0,
    );
}

#[test]
fn a_soundfont_kit_does_too_where_one_is_installed() {
    let Some(path) = jamsesh_render::soundfont::find() else {
        eprintln!("no General MIDI SoundFont installed: skipped");
        return;
    };
    let font = jamsesh_render::soundfont::Font::load(&path).unwrap();
    // A sampled kit rings into the next beat and its snare has body in the low band: the
    // defining hits need only stand out.
    check(
        &font.samples(&rock_drums()).unwrap(),
        &path.display().to_string(),
        1.4,
        1.25,
    );
}

#[test]
fn four_choruses_of_a_blues_fit_in_ogg_at_under_24_kb_a_second() {
    let j = jamsesh_core::generate(
        &jamsesh_core::parse_intent("slow blues in E", &Overrides::default()).unwrap(),
        1,
    );
    let a = arrange(&j, &PlayAlong::default()).unwrap();
    let samples = jamsesh_render::audio::samples(&a);
    let seconds = samples.len() as f64 / f64::from(SAMPLE_RATE);
    let ogg = jamsesh_render::ogg::encode_synthesized(&samples, &a.title).unwrap();
    assert!(ogg.starts_with(b"OggS"));
    let per_second = ogg.len() as f64 / seconds;
    assert!(per_second <= 24_000.0, "{per_second:.0} bytes a second");
    assert!(ogg.len() < 10 * 1024 * 1024, "{} bytes", ogg.len());
}
