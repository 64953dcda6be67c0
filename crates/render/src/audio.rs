//! `Tune` → WAV: the same arrangement as the MIDI file (melody, comping chords, bass) played
//! by a small built-in synthesizer, so a jam can be heard where no MIDI player is at hand
//! (Discord plays WAV attachments inline). Mono, 16-bit, 22.05 kHz, at most five minutes.

use crate::midi::{arrange, Arrangement, MidiError, MidiOptions, Role};
use jamsesh_abc::Tune;

/// Samples per second.
pub const SAMPLE_RATE: u32 = 22_050;
/// Longest audio rendered; the rest of a longer performance is cut.
pub(crate) const MAX_SECONDS: f32 = 300.0;
/// Release after a note ends, in seconds.
const RELEASE: f32 = 0.08;
/// Entries in the sine table.
const TABLE: usize = 4096;

/// A sound: partials (harmonic number, level) and an envelope.
struct Voice {
    partials: &'static [(f32, f32)],
    attack: f32,
    /// Exponential decay rate per second towards `sustain`.
    decay: f32,
    sustain: f32,
    level: f32,
}

/// A mellow electric-piano-like lead, a soft organ pad for chords, a round plucked bass.
fn voice(role: Role) -> Voice {
    match role {
        Role::Melody => Voice {
            partials: &[(1.0, 1.0), (2.0, 0.35), (3.0, 0.12), (4.0, 0.06)],
            attack: 0.008,
            decay: 3.0,
            sustain: 0.45,
            level: 0.30,
        },
        Role::Chords => Voice {
            partials: &[(1.0, 1.0), (2.0, 0.25), (4.0, 0.08)],
            attack: 0.03,
            decay: 1.5,
            sustain: 0.5,
            level: 0.07,
        },
        // Drums are struck by `drum_hit`; this voice is never sounded.
        Role::Bass | Role::Drums => Voice {
            partials: &[(1.0, 1.0), (2.0, 0.4), (3.0, 0.1)],
            attack: 0.005,
            decay: 4.0,
            sustain: 0.3,
            level: 0.32,
        },
    }
}

/// Renders the arrangement to mono samples.
fn synthesize(arrangement: &Arrangement) -> Vec<f32> {
    let seconds_per_tick = arrangement.seconds_per_tick() as f32;
    let rate = SAMPLE_RATE as f32;
    let end_tick = arrangement.end_tick();
    let length =
        ((end_tick as f32 * seconds_per_tick + 2.0 * RELEASE).min(MAX_SECONDS) * rate) as usize;
    let mut out = vec![0.0f32; length];
    let table: Vec<f32> = (0..TABLE)
        .map(|i| (i as f32 / TABLE as f32 * std::f32::consts::TAU).sin())
        .collect();
    for part in &arrangement.parts {
        if part.role == Role::Drums {
            for n in &part.notes {
                let start = (n.start as f32 * seconds_per_tick * rate) as usize;
                drum_hit(&mut out, start, n.key, f32::from(n.velocity) / 127.0);
            }
            continue;
        }
        let v = voice(part.role);
        for n in &part.notes {
            let start = (n.start as f32 * seconds_per_tick * rate) as usize;
            if start >= length {
                continue;
            }
            let held = n.len as f32 * seconds_per_tick;
            let frames = (((held + RELEASE) * rate) as usize).min(length - start);
            let freq = 440.0 * 2f32.powf((f32::from(n.key) - 69.0) / 12.0);
            let gain = v.level * f32::from(n.velocity) / 127.0;
            for (k, &(harmonic, level)) in v.partials.iter().enumerate() {
                let f = freq * harmonic;
                if f >= rate / 2.0 {
                    break;
                }
                let step = f / rate * TABLE as f32;
                // Higher partials fade faster, as in struck and plucked sounds.
                let fade = 1.0 + k as f32;
                let mut phase = 0.0f32;
                for (i, sample) in out[start..start + frames].iter_mut().enumerate() {
                    let t = i as f32 / rate;
                    let env = envelope(&v, t, held, fade);
                    *sample += table[phase as usize % TABLE] * level * env * gain;
                    phase += step;
                    if phase >= TABLE as f32 {
                        phase -= TABLE as f32;
                    }
                }
            }
        }
    }
    // A gentle limiter: scale down only if the mix would clip.
    let peak = out.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if peak > 0.95 {
        let k = 0.95 / peak;
        out.iter_mut().for_each(|s| *s *= k);
    }
    out
}

/// The sound of a General MIDI percussion key: (tone in Hz, tone falling to, noise share,
/// decay time in seconds, level). Kicks and toms are falling sine thumps, snares tone and
/// noise, cymbals and shakers noise alone.
fn drum_sound(key: u8) -> (f32, f32, f32, f32, f32) {
    match key {
        35 | 36 => (110.0, 45.0, 0.05, 0.30, 0.9),
        41 | 43 | 45 => (110.0, 80.0, 0.1, 0.30, 0.5),
        47 | 48 => (150.0, 110.0, 0.1, 0.25, 0.5),
        50 => (200.0, 150.0, 0.1, 0.22, 0.5),
        37 => (400.0, 380.0, 0.4, 0.05, 0.35),
        38 | 40 => (190.0, 160.0, 0.7, 0.16, 0.6),
        39 => (0.0, 0.0, 1.0, 0.12, 0.45),
        42 | 44 => (0.0, 0.0, 1.0, 0.04, 0.22),
        46 => (0.0, 0.0, 1.0, 0.30, 0.22),
        49 | 57 => (0.0, 0.0, 1.0, 1.20, 0.30),
        51 | 59 | 53 => (0.0, 0.0, 1.0, 0.50, 0.18),
        56 => (800.0, 800.0, 0.1, 0.10, 0.25),
        75..=77 => (2500.0, 2500.0, 0.0, 0.04, 0.25),
        _ => (0.0, 0.0, 1.0, 0.06, 0.2),
    }
}

/// Mixes one drum stroke into `out` at sample `start`: a pitch-falling sine and white noise
/// (cymbals' noise high-passed), decaying exponentially.
fn drum_hit(out: &mut [f32], start: usize, key: u8, velocity: f32) {
    let (from, to, noise, decay, level) = drum_sound(key);
    let rate = SAMPLE_RATE as f32;
    let frames = ((decay * 5.0 * rate) as usize).min(out.len().saturating_sub(start));
    // A fixed-seed generator: the same stroke always sounds the same.
    let mut seed = 0x9E37_79B9u32 ^ u32::from(key);
    let mut previous = 0.0f32;
    let mut phase = 0.0f32;
    let bright = matches!(key, 42 | 44 | 46 | 49 | 51 | 53 | 57 | 59);
    for (i, sample) in out[start..start + frames].iter_mut().enumerate() {
        let t = i as f32 / rate;
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let white = seed as f32 / u32::MAX as f32 * 2.0 - 1.0;
        let hiss = if bright { white - previous } else { white };
        previous = white;
        let freq = to + (from - to) * (-t * 30.0).exp();
        phase += freq / rate;
        let tone = (phase * std::f32::consts::TAU).sin();
        let env = (-t / decay).exp();
        *sample += (tone * (1.0 - noise) + hiss * noise) * env * level * velocity * 0.5;
    }
}

/// Attack, decay to the sustain level, release after `held` seconds.
fn envelope(v: &Voice, t: f32, held: f32, fade: f32) -> f32 {
    let body = if t < v.attack {
        t / v.attack
    } else {
        v.sustain + (1.0 - v.sustain) * (-(t - v.attack) * v.decay * fade).exp()
    };
    if t <= held {
        body
    } else {
        body * (1.0 - (t - held) / RELEASE).max(0.0)
    }
}

/// Encodes mono samples as a 16-bit PCM WAV file.
fn wav(samples: &[f32]) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    out.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        let v = (s.clamp(-1.0, 1.0) * 32767.0) as i16;
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// Renders a tune (with the backing the options ask for) as a WAV file.
pub fn tune_to_wav(tune: &Tune, options: &MidiOptions) -> Result<Vec<u8>, MidiError> {
    Ok(arrangement_to_wav(&arrange(tune, options)?))
}

/// Renders any arrangement (a tune's, a play-along's) as a WAV file, with the built-in
/// synthesizer.
pub fn arrangement_to_wav(arrangement: &Arrangement) -> Vec<u8> {
    wav(&synthesize(arrangement))
}

/// The arrangement as mono samples at [`SAMPLE_RATE`], played by the built-in synthesizer.
pub fn samples(arrangement: &Arrangement) -> Vec<f32> {
    synthesize(arrangement)
}

/// Encodes mono samples at [`SAMPLE_RATE`] (from any synthesizer) as a WAV file.
pub fn samples_to_wav(samples: &[f32]) -> Vec<u8> {
    wav(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_rises_holds_and_releases() {
        let v = voice(Role::Melody);
        assert!(envelope(&v, 0.0, 1.0, 1.0) < 0.01);
        assert!((envelope(&v, v.attack, 1.0, 1.0) - 1.0).abs() < 0.01);
        let held = envelope(&v, 0.9, 1.0, 1.0);
        assert!(held > v.sustain * 0.99 && held < 1.0);
        assert!(envelope(&v, 1.0 + RELEASE, 1.0, 1.0) < 1e-6);
    }
}
