//! `Tune` → WAV: the same arrangement as the MIDI file (melody, comping chords, bass) played
//! by a small built-in synthesizer, so a jam can be heard where no MIDI player is at hand
//! (Discord plays WAV attachments inline). Mono, 16-bit, 22.05 kHz, at most five minutes.

use crate::midi::{arrange, Arrangement, MidiError, MidiOptions, Role};
use jamsesh_abc::Tune;

/// Samples per second.
pub const SAMPLE_RATE: u32 = 22_050;
/// Longest audio rendered; the rest of a longer performance is cut.
pub const MAX_SECONDS: f32 = 300.0;
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

/// Most notes sounding at once. A note that starts while this many still sound is left out,
/// as a hardware synthesizer's voice limit does: it bounds the synth's work (voices × samples)
/// whatever the chord sizes, and no music played from ABC needs more.
pub const MAX_VOICES: usize = 16;

/// One note as the synth plays it, in samples.
#[derive(Clone, Copy, Debug)]
struct Sound {
    role: Role,
    /// First sample.
    start: usize,
    /// Samples it sounds for, release included (cut at the end of the audio).
    frames: usize,
    /// Seconds it is held before its release.
    held: f32,
    key: u8,
    /// Loudness, 0–1 per note (merged notes add up).
    gain: f32,
}

/// What the synth will play for an arrangement: the notes after merging and the voice limit,
/// and the length of the audio. Built before any sample is computed, so its [`Plan::work`]
/// can be checked against a budget first.
#[derive(Clone, Debug)]
pub struct Plan {
    sounds: Vec<Sound>,
    length: usize,
}

impl Plan {
    /// Plans the audio of an arrangement. Notes of the same part with the same key, start and
    /// length sound as one (louder) note, so a chord of one pitch written 98 times costs one
    /// voice; at most [`MAX_VOICES`] notes sound at once; notes starting after the five-minute
    /// cut are dropped.
    fn new(arrangement: &Arrangement) -> Plan {
        let seconds_per_tick = arrangement.seconds_per_tick();
        let rate = f64::from(SAMPLE_RATE);
        let end = arrangement.end_tick() as f64 * seconds_per_tick + 2.0 * f64::from(RELEASE);
        let length = (end.min(f64::from(MAX_SECONDS)) * rate) as usize;
        let mut sounds: Vec<Sound> = Vec::new();
        for part in &arrangement.parts {
            for n in &part.notes {
                let start = (n.start as f64 * seconds_per_tick * rate) as usize;
                if start >= length {
                    continue;
                }
                let held = (n.len as f64 * seconds_per_tick) as f32;
                let sounding = if part.role == Role::Drums {
                    drum_sound(n.key).3 * 5.0
                } else {
                    held + RELEASE
                };
                let frames = ((sounding * SAMPLE_RATE as f32) as usize).min(length - start);
                sounds.push(Sound {
                    role: part.role,
                    start,
                    frames,
                    held,
                    key: n.key,
                    gain: f32::from(n.velocity) / 127.0,
                });
            }
        }
        sounds.sort_by_key(|s| (s.start, s.role as u8, s.key, s.frames));
        // Identical notes become one.
        sounds.dedup_by(|later, kept| {
            let same = (later.start, later.role as u8, later.key, later.frames)
                == (kept.start, kept.role as u8, kept.key, kept.frames);
            if same {
                kept.gain += later.gain;
            }
            same
        });
        // The voice limit: ends of the sounds playing, earliest first.
        let mut playing: std::collections::BinaryHeap<std::cmp::Reverse<usize>> =
            std::collections::BinaryHeap::new();
        sounds.retain(|s| {
            while playing.peek().is_some_and(|e| e.0 <= s.start) {
                playing.pop();
            }
            if playing.len() < MAX_VOICES {
                playing.push(std::cmp::Reverse(s.start + s.frames));
                true
            } else {
                false
            }
        });
        Plan { sounds, length }
    }

    /// The synth's work: samples computed summed over every partial of every note played (a
    /// drum stroke, tone and noise, counts as two).
    pub fn work(&self) -> u64 {
        let nyquist = SAMPLE_RATE as f32 / 2.0;
        self.sounds
            .iter()
            .map(|s| {
                if s.role == Role::Drums {
                    return s.frames as u64 * 2;
                }
                let f = frequency(s.key);
                let partials = voice(s.role)
                    .partials
                    .iter()
                    .take_while(|(h, _)| f * h < nyquist)
                    .count();
                s.frames as u64 * partials as u64
            })
            .sum()
    }

    /// Seconds of audio.
    pub fn seconds(&self) -> f64 {
        self.length as f64 / f64::from(SAMPLE_RATE)
    }

    /// Notes played (after merging and the voice limit).
    pub fn notes(&self) -> usize {
        self.sounds.len()
    }

    /// Renders the plan as a WAV file; `None` if `stop` turned true on the way (checked
    /// between notes), so work for a client that has gone can end early.
    pub fn to_wav(&self, stop: &dyn Fn() -> bool) -> Option<Vec<u8>> {
        self.to_samples(stop).map(|samples| wav(&samples))
    }

    /// Renders the plan as mono samples at [`SAMPLE_RATE`]; `None` if `stop` turned true.
    pub fn to_samples(&self, stop: &dyn Fn() -> bool) -> Option<Vec<f32>> {
        synthesize(self, stop)
    }
}

/// The frequency of a MIDI key in hertz.
fn frequency(key: u8) -> f32 {
    440.0 * 2f32.powf((f32::from(key) - 69.0) / 12.0)
}

/// Renders the plan to mono samples. The envelope is computed by recurrence (one multiply a
/// sample for the decay, not an `exp`), in three stretches (attack, held, release) without
/// branches inside, and the oscillator is a fixed-point phase into a power-of-two sine table:
/// a sample of a partial costs a look-up and a few multiply-adds.
fn synthesize(plan: &Plan, stop: &dyn Fn() -> bool) -> Option<Vec<f32>> {
    /// Bits of the 32-bit phase below the table index.
    const SHIFT: u32 = 32 - TABLE.trailing_zeros();
    let rate = SAMPLE_RATE as f32;
    let mut out = vec![0.0f32; plan.length];
    let table: Box<[f32; TABLE]> = (0..TABLE)
        .map(|i| (i as f32 / TABLE as f32 * std::f32::consts::TAU).sin())
        .collect::<Vec<f32>>()
        .try_into()
        .expect("TABLE entries");
    let wave = |phase: u32| table[(phase >> SHIFT) as usize & (TABLE - 1)];
    for n in &plan.sounds {
        if stop() {
            return None;
        }
        if n.role == Role::Drums {
            drum_hit(&mut out[..n.start + n.frames], n.start, n.key, n.gain);
            continue;
        }
        let v = voice(n.role);
        let freq = frequency(n.key);
        let gain = v.level * n.gain;
        let frames = n.frames;
        let attack = ((v.attack * rate) as usize).clamp(1, frames.max(1));
        let held = (n.held * rate) as usize;
        // Samples up to and including `held` are held; later ones fade out over RELEASE.
        let body_end = (held + 1).clamp(attack.min(frames), frames);
        let attack_end = attack.min(frames);
        let release = RELEASE * rate;
        let samples = &mut out[n.start..n.start + frames];
        for (k, &(harmonic, level)) in v.partials.iter().enumerate() {
            let f = freq * harmonic;
            if f >= rate / 2.0 {
                break;
            }
            let step = (f64::from(f) / f64::from(rate) * 4_294_967_296.0) as u32;
            // Higher partials fade faster, as in struck and plucked sounds.
            let fade = 1.0 + k as f32;
            let decay = (-v.decay * fade / rate).exp();
            let scale = level * gain;
            let mut phase = 0u32;
            for (i, sample) in samples[..attack_end].iter_mut().enumerate() {
                let ramp = if i > held {
                    (1.0 - (i - held) as f32 / release).max(0.0)
                } else {
                    1.0
                };
                *sample += wave(phase) * scale * (i as f32 / attack as f32) * ramp;
                phase = phase.wrapping_add(step);
            }
            // The decaying part of the envelope, (1 − sustain)·e^(−decay·t) after the attack.
            let mut falling = 1.0 - v.sustain;
            for sample in &mut samples[attack_end..body_end] {
                *sample += wave(phase) * scale * (v.sustain + falling);
                falling *= decay;
                phase = phase.wrapping_add(step);
            }
            for (j, sample) in samples[body_end..].iter_mut().enumerate() {
                let past = (body_end + j - held) as f32;
                let ramp = (1.0 - past / release).max(0.0);
                *sample += wave(phase) * scale * (v.sustain + falling) * ramp;
                falling *= decay;
                phase = phase.wrapping_add(step);
            }
        }
    }
    // A gentle limiter: scale down only if the mix would clip.
    let peak = out.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if peak > 0.95 {
        let k = 0.95 / peak;
        out.iter_mut().for_each(|s| *s *= k);
    }
    Some(out)
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

/// Attack, decay to the sustain level, release after `held` seconds: the envelope the synth
/// computes by recurrence, written out.
#[cfg(test)]
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

/// Plans a tune's audio (with the backing the options ask for) without computing it, so its
/// cost can be checked first.
pub fn plan(tune: &Tune, options: &MidiOptions) -> Result<Plan, MidiError> {
    Ok(Plan::new(&arrange(tune, options)?))
}

/// Plans the audio of any arrangement (a tune's, a play-along's); see [`plan`].
pub fn plan_arrangement(arrangement: &Arrangement) -> Plan {
    Plan::new(arrangement)
}

/// Renders a tune (with the backing the options ask for) as a WAV file.
pub fn tune_to_wav(tune: &Tune, options: &MidiOptions) -> Result<Vec<u8>, MidiError> {
    Ok(arrangement_to_wav(&arrange(tune, options)?))
}

/// Renders any arrangement (a tune's, a play-along's) as a WAV file, with the built-in
/// synthesizer.
pub fn arrangement_to_wav(arrangement: &Arrangement) -> Vec<u8> {
    Plan::new(arrangement)
        .to_wav(&|| false)
        .expect("never stopped")
}

/// The arrangement as mono samples at [`SAMPLE_RATE`], played by the built-in synthesizer.
pub fn samples(arrangement: &Arrangement) -> Vec<f32> {
    synthesize(&Plan::new(arrangement), &|| false).expect("never stopped")
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

    fn plan_of(abc: &str) -> Plan {
        let tune = jamsesh_abc::parse_tunes(abc).0.remove(0);
        let options = MidiOptions {
            accompaniment: false,
            ..MidiOptions::default()
        };
        plan(&tune, &options).unwrap()
    }

    #[test]
    fn identical_notes_merge_and_at_most_max_voices_sound() {
        // One pitch written 98 times is one voice.
        let same = plan_of(&format!(
            "X:1\nL:1/8\nQ:1/4=30\nK:C\n[{}]999|",
            "C".repeat(98)
        ));
        assert_eq!(same.notes(), 1);
        // 42 different pitches (C, C, … to b'): only the voice limit sounds, for the 300 s the
        // audio lasts.
        let keys: String = (0..42)
            .map(|k| {
                let letter = ["C", "D", "E", "F", "G", "A", "B"][k % 7];
                let octave = match k / 7 {
                    o if o < 3 => ",".repeat(3 - o),
                    o => "'".repeat(o - 3),
                };
                format!("{letter}{octave}")
            })
            .collect();
        let wide = plan_of(&format!("X:1\nL:1/8\nQ:1/4=30\nK:C\n[{keys}]999|"));
        assert_eq!(wide.notes(), MAX_VOICES);
        assert!((wide.seconds() - f64::from(MAX_SECONDS)).abs() < 0.01);
        let frames = (f64::from(MAX_SECONDS) * f64::from(SAMPLE_RATE)) as u64;
        assert!(wide.work() <= MAX_VOICES as u64 * 4 * frames);
        // A stop asked for is honoured before the first note.
        assert!(wide.to_wav(&|| true).is_none());
    }
}
