//! Samples → Ogg Opus (RFC 7845), the compressed audio Discord plays inline: a five-minute
//! jam is about 1.5 MB at 48 kbit/s where its WAV is 13 MB. Encoded with `opus-rs` (a pure-Rust
//! port of libopus 1.6, music mode, constant bitrate so the size is known before encoding)
//! and framed with the `ogg` crate.

use crate::audio::{self, SAMPLE_RATE};
use crate::midi::{arrange, MidiError, MidiOptions};
use jamsesh_abc::Tune;
use opus_rs::{Application, OpusEncoder};
use std::borrow::Cow;

/// The rate samples are handed to Opus at: the synthesizer's 22.05 kHz is not one Opus takes,
/// 24 kHz is (and keeps everything the synthesizer plays, all below 11 kHz).
pub const OPUS_RATE: u32 = 24_000;

/// A tune's performance as mono samples, and how much of it they hold.
#[derive(Clone, Debug)]
pub struct Samples {
    /// Mono samples in −1…1, at [`OPUS_RATE`].
    pub samples: Vec<f32>,
    /// Samples per second.
    pub rate: u32,
    /// How long the whole performance lasts, in seconds; more than the samples hold when it
    /// was cut at the synthesizer's five-minute limit.
    pub performance_seconds: f32,
}

impl Samples {
    /// Seconds of audio the samples hold.
    pub fn seconds(&self) -> f32 {
        self.samples.len() as f32 / self.rate as f32
    }

    /// True when the performance is longer than the audio (cut at five minutes).
    pub fn cut(&self) -> bool {
        self.performance_seconds > self.seconds() + 0.5
    }
}

/// Renders a tune (with the backing the options ask for) with the built-in synthesizer, as
/// mono samples at [`OPUS_RATE`], ready for [`encode`].
pub fn tune_to_samples(tune: &Tune, options: &MidiOptions) -> Result<Samples, MidiError> {
    let arrangement = arrange(tune, options)?;
    let performance_seconds =
        (arrangement.end_tick() as f64 * arrangement.seconds_per_tick()) as f32;
    let samples = resample(&audio::samples(&arrangement), SAMPLE_RATE, OPUS_RATE);
    Ok(Samples {
        samples,
        rate: OPUS_RATE,
        performance_seconds,
    })
}

/// Resamples by Catmull–Rom interpolation: enough going up from 22.05 to 24 kHz, where
/// nothing can alias and the synthesizer's partials lie far below the top.
fn resample(input: &[f32], from: u32, to: u32) -> Vec<f32> {
    if input.is_empty() || from == to {
        return input.to_vec();
    }
    let at = |i: isize| input[i.clamp(0, input.len() as isize - 1) as usize];
    let n = (input.len() as u64 * u64::from(to) / u64::from(from)) as usize;
    let step = f64::from(from) / f64::from(to);
    (0..n)
        .map(|k| {
            let x = k as f64 * step;
            let i = x.floor() as isize;
            let t = (x - x.floor()) as f32;
            let (p0, p1, p2, p3) = (at(i - 1), at(i), at(i + 1), at(i + 2));
            p1 + 0.5
                * t
                * (p2 - p0
                    + t * (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3 + t * (3.0 * (p1 - p2) + p3 - p0)))
        })
        .collect()
}

/// Opus' own clock: granule positions count 48 kHz samples whatever the input rate.
const GRANULE_RATE: u64 = 48_000;
/// Frames of 20 ms, Opus' usual size for music.
const FRAMES_PER_SECOND: u32 = 50;
/// One Ogg page a second.
const FRAMES_PER_PAGE: usize = 50;
/// The encoder's look-ahead in input samples at 24 kHz (2.5 ms of analysis plus 4 ms of delay
/// compensation, as libopus reports for the audio application), skipped by decoders.
const LOOKAHEAD_24K: u64 = 156;
/// Bitrate when nothing constrains it: clean for a synthesized mono mix.
pub const DEFAULT_BITRATE: u32 = 48_000;
/// Below this the music is too smeared to be worth sending.
pub const MIN_BITRATE: u32 = 12_000;
/// Room for the Ogg pages' headers and the stream's two header packets.
const OVERHEAD_PER_SECOND: u64 = 80;
const OVERHEAD_FIXED: u64 = 1024;
/// The stream's serial number (one logical stream per file).
const SERIAL: u32 = 0x4a41_4d53;

/// Why audio could not be encoded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OggError {
    /// The samples are at a rate Opus does not take (it takes 8, 12, 16, 24 or 48 kHz).
    #[error("Opus cannot encode audio at {0} Hz")]
    Rate(u32),
    /// The encoder refused a frame.
    #[error("the Opus encoder failed: {0}")]
    Encoder(String),
}

/// The size of `seconds` of audio at `bitrate`, Ogg framing included.
pub fn size_at(seconds: f32, bitrate: u32) -> u64 {
    let seconds = f64::from(seconds.max(0.0));
    (seconds * f64::from(bitrate) / 8.0).ceil() as u64
        + (seconds.ceil() as u64 + 1) * OVERHEAD_PER_SECOND
        + OVERHEAD_FIXED
}

/// The highest bitrate (at most [`DEFAULT_BITRATE`]) at which `seconds` of audio fit in
/// `max_bytes`, or None when even [`MIN_BITRATE`] would not.
pub fn bitrate_for(seconds: f32, max_bytes: u64) -> Option<u32> {
    let fits = |b: u32| size_at(seconds, b) <= max_bytes;
    if fits(DEFAULT_BITRATE) {
        return Some(DEFAULT_BITRATE);
    }
    // Whole kbit/s, from the largest that fits down.
    (MIN_BITRATE / 1000..DEFAULT_BITRATE / 1000)
        .rev()
        .map(|k| k * 1000)
        .find(|&b| fits(b))
}

/// Encodes mono samples (−1…1) at `rate` (8, 12, 16, 24 or 48 kHz) as an Ogg Opus file at a
/// constant `bitrate`, with `title` in its tags.
pub fn encode(samples: &[f32], rate: u32, bitrate: u32, title: &str) -> Result<Vec<u8>, OggError> {
    if ![8_000, 12_000, 16_000, 24_000, 48_000].contains(&rate) {
        return Err(OggError::Rate(rate));
    }
    let mut encoder = OpusEncoder::new(rate as i32, 1, Application::Audio)
        .map_err(|e| OggError::Encoder(e.to_string()))?;
    encoder.bitrate_bps = bitrate as i32;
    encoder.use_cbr = true;
    // Complexity 2 of 10: half the encoding time of 5 for a synthesized mix, where the
    // analysis the higher settings add (pitch pre-filter tuning, tonality) hears no difference.
    encoder.complexity = 2;
    let to_granule = GRANULE_RATE / u64::from(rate);
    let pre_skip = LOOKAHEAD_24K * 2;
    let frame = (rate / FRAMES_PER_SECOND) as usize;

    let mut out = Vec::with_capacity(size_at(samples.len() as f32 / rate as f32, bitrate) as usize);
    {
        let mut writer = ogg::PacketWriter::new(&mut out);
        let io = |e: std::io::Error| OggError::Encoder(e.to_string());
        writer
            .write_packet(
                opus_head(rate, pre_skip as u16),
                SERIAL,
                ogg::PacketWriteEndInfo::EndPage,
                0,
            )
            .map_err(io)?;
        writer
            .write_packet(
                opus_tags(title),
                SERIAL,
                ogg::PacketWriteEndInfo::EndPage,
                0,
            )
            .map_err(io)?;
        let frames = samples.len().div_ceil(frame).max(1);
        let mut packet = vec![0u8; 4000];
        let mut input = vec![0f32; frame];
        for i in 0..frames {
            let chunk = samples.get(i * frame..).unwrap_or(&[]);
            let n = chunk.len().min(frame);
            input[..n].copy_from_slice(&chunk[..n]);
            input[n..].fill(0.0);
            let len = encoder
                .encode(&input, frame, &mut packet)
                .map_err(|e| OggError::Encoder(e.to_string()))?;
            let last = i + 1 == frames;
            // The last page's position marks where the audio ends, so players trim the
            // padding of the final frame.
            let position = if last {
                pre_skip + samples.len() as u64 * to_granule
            } else {
                pre_skip + ((i + 1) * frame) as u64 * to_granule
            };
            let end = if last {
                ogg::PacketWriteEndInfo::EndStream
            } else if (i + 1) % FRAMES_PER_PAGE == 0 {
                ogg::PacketWriteEndInfo::EndPage
            } else {
                ogg::PacketWriteEndInfo::NormalPacket
            };
            writer
                .write_packet(Cow::Owned(packet[..len].to_vec()), SERIAL, end, position)
                .map_err(io)?;
        }
    }
    Ok(out)
}

/// The identification header: version 1, mono, the pre-skip, the input rate, no gain,
/// channel mapping family 0.
fn opus_head(rate: u32, pre_skip: u16) -> Vec<u8> {
    let mut h = b"OpusHead".to_vec();
    h.push(1);
    h.push(1);
    h.extend_from_slice(&pre_skip.to_le_bytes());
    h.extend_from_slice(&rate.to_le_bytes());
    h.extend_from_slice(&0i16.to_le_bytes());
    h.push(0);
    h
}

/// The comment header: the encoder as vendor, and the title.
fn opus_tags(title: &str) -> Vec<u8> {
    let vendor = b"JamSesh (opus-rs)";
    let mut h = b"OpusTags".to_vec();
    h.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    h.extend_from_slice(vendor);
    let comment = format!("TITLE={}", title.chars().take(200).collect::<String>());
    h.extend_from_slice(&1u32.to_le_bytes());
    h.extend_from_slice(&(comment.len() as u32).to_le_bytes());
    h.extend_from_slice(comment.as_bytes());
    h
}

/// Encodes mono samples from a synthesizer (at [`SAMPLE_RATE`]) as Ogg Opus at
/// [`DEFAULT_BITRATE`] (6 KB a second).
pub fn encode_synthesized(samples: &[f32], title: &str) -> Result<Vec<u8>, OggError> {
    encode_synthesized_at(samples, DEFAULT_BITRATE, title)
}

/// Encodes mono samples from a synthesizer (at [`SAMPLE_RATE`]) as Ogg Opus at a constant
/// `bitrate` (see [`bitrate_for`] to fit a size).
pub fn encode_synthesized_at(
    samples: &[f32],
    bitrate: u32,
    title: &str,
) -> Result<Vec<u8>, OggError> {
    let resampled = resample(samples, SAMPLE_RATE, OPUS_RATE);
    encode(&resampled, OPUS_RATE, bitrate, title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use opus_rs::OpusDecoder;

    /// Reads an Ogg Opus file back: its head and the decoded samples at `rate`.
    fn decode(file: &[u8], rate: u32) -> (Vec<u8>, Vec<f32>, u64) {
        let mut reader = ogg::PacketReader::new(std::io::Cursor::new(file));
        let head = reader.read_packet().unwrap().unwrap().data;
        let tags = reader.read_packet().unwrap().unwrap().data;
        assert!(tags.starts_with(b"OpusTags"));
        let mut decoder = OpusDecoder::new(rate as i32, 1).unwrap();
        let frame = (rate / FRAMES_PER_SECOND) as usize;
        let mut pcm = vec![0f32; frame];
        let mut out = Vec::new();
        let mut last_granule = 0;
        while let Some(p) = reader.read_packet().unwrap() {
            let n = decoder.decode(&p.data, frame, &mut pcm).unwrap();
            out.extend_from_slice(&pcm[..n]);
            last_granule = p.absgp_page();
            if p.last_in_stream() {
                break;
            }
        }
        (head, out, last_granule)
    }

    /// The strongest of `freqs` in a window, by correlation.
    fn loudest(samples: &[f32], rate: u32, freqs: &[f32]) -> f32 {
        let power = |f: f32| {
            let (mut re, mut im) = (0.0f32, 0.0f32);
            for (i, s) in samples.iter().enumerate() {
                let t = i as f32 / rate as f32 * f * std::f32::consts::TAU;
                re += s * t.cos();
                im += s * t.sin();
            }
            re * re + im * im
        };
        freqs
            .iter()
            .copied()
            .max_by(|a, b| power(*a).total_cmp(&power(*b)))
            .unwrap()
    }

    #[test]
    fn ogg_opus_round_trips_pitch_and_length() {
        let rate = 24_000;
        // One second of A4, one of E5.
        let samples: Vec<f32> = (0..2 * rate)
            .map(|i| {
                let f = if i < rate { 440.0 } else { 659.25 };
                0.4 * (i as f32 / rate as f32 * f * std::f32::consts::TAU).sin()
            })
            .collect();
        let file = encode(&samples, rate, DEFAULT_BITRATE, "Test").unwrap();
        assert!(file.starts_with(b"OggS"));
        assert!(
            file.len() as u64 <= size_at(2.0, DEFAULT_BITRATE),
            "{}",
            file.len()
        );
        let (head, decoded, granule) = decode(&file, rate);
        assert!(head.starts_with(b"OpusHead"));
        let pre_skip = u64::from(u16::from_le_bytes([head[10], head[11]]));
        assert_eq!(
            granule - pre_skip,
            2 * GRANULE_RATE,
            "the end marks two seconds"
        );
        let skip = (pre_skip / 2) as usize;
        let window = |from: usize| &decoded[skip + from..skip + from + 4800];
        assert_eq!(loudest(window(6000), rate, &[440.0, 659.25]), 440.0);
        assert_eq!(loudest(window(30000), rate, &[440.0, 659.25]), 659.25);
        // Aligned by the pre-skip: the decoded wave follows the original closely.
        let (mut err, mut sig) = (0.0f32, 0.0f32);
        for i in 4000..20000 {
            err += (decoded[skip + i] - samples[i]).powi(2);
            sig += samples[i].powi(2);
        }
        let snr = 10.0 * (sig / err).log10();
        assert!(snr > 15.0, "{snr:.1} dB");
    }

    #[test]
    fn resampling_keeps_pitch_and_length() {
        let tone: Vec<f32> = (0..22_050)
            .map(|i| (i as f32 / 22_050.0 * 440.0 * std::f32::consts::TAU).sin())
            .collect();
        let up = resample(&tone, 22_050, 24_000);
        assert_eq!(up.len(), 24_000);
        for (k, s) in up.iter().enumerate().step_by(97) {
            let want = (k as f32 / 24_000.0 * 440.0 * std::f32::consts::TAU).sin();
            assert!((s - want).abs() < 0.01, "{k}: {s} vs {want}");
        }
    }

    #[test]
    fn bitrates_are_chosen_to_fit() {
        assert_eq!(bitrate_for(60.0, 10 << 20), Some(DEFAULT_BITRATE));
        let b = bitrate_for(300.0, 1 << 20).unwrap();
        assert!((MIN_BITRATE..DEFAULT_BITRATE).contains(&b));
        assert!(size_at(300.0, b) <= 1 << 20);
        assert!(size_at(300.0, b + 1000) > 1 << 20);
        assert_eq!(bitrate_for(300.0, 100_000), None);
        assert_eq!(
            encode(&[0.0; 100], 44_100, DEFAULT_BITRATE, ""),
            Err(OggError::Rate(44_100))
        );
    }
}
