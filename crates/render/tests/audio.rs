//! The WAV render, listened to: a valid RIFF file of the right length whose loudest pitch at
//! each moment is the note being played (measured with the Goertzel algorithm).

use jamsesh_render::audio::SAMPLE_RATE;
use jamsesh_render::{tune_to_wav, MidiOptions};

fn tune(abc: &str) -> jamsesh_abc::Tune {
    jamsesh_abc::parse_tunes(abc).0.remove(0)
}

/// Samples of a 16-bit mono WAV, after checking its header.
fn samples(wav: &[u8]) -> Vec<f32> {
    assert_eq!(&wav[0..4], b"RIFF");
    assert_eq!(&wav[8..16], b"WAVEfmt ");
    assert_eq!(u16::from_le_bytes([wav[22], wav[23]]), 1, "mono");
    assert_eq!(
        u32::from_le_bytes([wav[24], wav[25], wav[26], wav[27]]),
        SAMPLE_RATE
    );
    assert_eq!(&wav[36..40], b"data");
    let len = u32::from_le_bytes([wav[40], wav[41], wav[42], wav[43]]) as usize;
    assert_eq!(len, wav.len() - 44);
    wav[44..]
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect()
}

/// Power of one frequency in a stretch of samples.
fn goertzel(x: &[f32], freq: f32) -> f32 {
    let w = std::f32::consts::TAU * freq / SAMPLE_RATE as f32;
    let k = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f32, 0.0f32);
    for &v in x {
        let s = v + k * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    s1 * s1 + s2 * s2 - k * s1 * s2
}

fn freq(midi: i32) -> f32 {
    440.0 * 2f32.powf((midi as f32 - 69.0) / 12.0)
}

/// The MIDI key among `candidates` loudest in seconds `from..to`.
fn loudest(x: &[f32], from: f32, to: f32, candidates: std::ops::Range<i32>) -> i32 {
    let sr = SAMPLE_RATE as f32;
    let part = &x[(from * sr) as usize..(to * sr) as usize];
    candidates
        .max_by(|a, b| goertzel(part, freq(*a)).total_cmp(&goertzel(part, freq(*b))))
        .unwrap()
}

#[test]
fn the_melody_sounds_at_its_pitches_and_times() {
    // Quarter notes at 60 per minute: one note per second, A4 B4 C#5 D5.
    let t = tune("X:1\nM:4/4\nL:1/4\nQ:1/4=60\nK:A\nABcd|]\n");
    let options = MidiOptions {
        accompaniment: false,
        ..MidiOptions::default()
    };
    let x = samples(&tune_to_wav(&t, &options).unwrap());
    let seconds = x.len() as f32 / SAMPLE_RATE as f32;
    assert!((4.0..4.5).contains(&seconds), "{seconds} s");
    for (k, midi) in [69, 71, 73, 74].into_iter().enumerate() {
        let at = k as f32;
        assert_eq!(loudest(&x, at + 0.2, at + 0.8, 60..80), midi, "note {k}");
    }
    assert!(x.iter().all(|s| s.abs() <= 1.0));
}

#[test]
fn the_backing_plays_the_chord_roots_in_the_bass() {
    // A melody of rests leaves the backing alone: C (C3, doubled by the comping) then G (G2).
    let t = tune("X:1\nM:4/4\nL:1/4\nQ:1/4=120\nK:C\n\"C\"z4|\"G\"z4|]\n");
    let x = samples(&tune_to_wav(&t, &MidiOptions::default()).unwrap());
    assert_eq!(loudest(&x, 0.2, 1.8, 36..60), 48);
    assert_eq!(loudest(&x, 2.2, 3.8, 36..48), 43);
}

#[test]
fn a_tune_without_notes_is_an_error() {
    let t = tune("X:1\nK:C\nz4|]\n");
    assert!(tune_to_wav(
        &t,
        &MidiOptions {
            accompaniment: false,
            ..MidiOptions::default()
        }
    )
    .is_err());
}
