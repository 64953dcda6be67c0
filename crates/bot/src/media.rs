//! The files under a jam: the staff as a PNG in the dark theme (how most Discord users see
//! it), the MIDI file, and the performance as Ogg Opus audio (Discord plays it inline), its
//! bitrate chosen so that all the files fit the interaction's upload limit. When the audio
//! cannot fit, or a very long jam is cut at five minutes, the message says so.

use jamsesh_core::harmony::{chord_voicing, scale_example};
use jamsesh_core::theory::scale::Scale;
use jamsesh_core::Jam;
use jamsesh_render::{
    engrave, ogg, svg_to_png, tune_to_midi, tune_to_samples, MidiOptions, SvgOptions, Theme,
};

/// Width of the staff picture: crisp in Discord's embed at about 1000 px.
const WIDTH: f32 = 1000.0;
/// Kept free of the upload limit for the message's JSON, the multipart framing and an `.abc`
/// file (the longest example an embed cannot hold).
const RESERVE: u64 = 96 * 1024;

/// Rendered files.
#[derive(Clone, Debug)]
pub struct Media {
    /// The staff.
    pub png: Vec<u8>,
    /// Standard MIDI File.
    pub midi: Vec<u8>,
    /// Ogg Opus audio, unless it could not fit the upload limit.
    pub audio: Option<Vec<u8>>,
    /// What was left out or cut, in words for the message.
    pub note: Option<String>,
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
#[error("could not render the music: {0}")]
pub struct RenderError(String);

/// `m:ss`.
fn clock(seconds: f32) -> String {
    let s = seconds.round() as u32;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Renders ABC with the given playback; all files together stay within `limit` bytes.
fn render(
    abc: &str,
    playback: &MidiOptions,
    width: f32,
    limit: u64,
    title: &str,
) -> Result<Media, RenderError> {
    let (tunes, _) = jamsesh_abc::parse_tunes(abc);
    let tune = tunes
        .first()
        .ok_or_else(|| RenderError("the example holds no tune".into()))?;
    let svg = engrave(
        tune,
        &SvgOptions {
            width,
            theme: Theme::Dark,
        },
    )
    .svg;
    let png = svg_to_png(&svg, 1.0).map_err(|e| RenderError(e.to_string()))?;
    let midi = tune_to_midi(tune, playback).map_err(|e| RenderError(e.to_string()))?;
    let sound = tune_to_samples(tune, playback).map_err(|e| RenderError(e.to_string()))?;
    let seconds = sound.seconds();
    let budget = limit.saturating_sub(png.len() as u64 + midi.len() as u64 + RESERVE);
    let mut notes = Vec::new();
    let audio = match ogg::bitrate_for(seconds, budget) {
        Some(bitrate) => {
            let file = ogg::encode(&sound.samples, sound.rate, bitrate, title)
                .map_err(|e| RenderError(e.to_string()))?;
            if bitrate < ogg::DEFAULT_BITRATE {
                notes.push(format!(
                    "The audio is at {} kbit/s to fit Discord's upload limit.",
                    bitrate / 1000
                ));
            }
            Some(file)
        }
        None => {
            notes.push(format!(
                "The audio ({}) is left out: it does not fit Discord's {} MiB upload limit here; the MIDI file plays the same music.",
                clock(seconds),
                limit / (1024 * 1024)
            ));
            None
        }
    };
    if sound.cut() && audio.is_some() {
        notes.push(format!(
            "The audio stops at {} of the {} performance; the MIDI file has it all.",
            clock(seconds),
            clock(sound.performance_seconds)
        ));
    }
    Ok(Media {
        png,
        midi,
        audio,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    })
}

/// A jam's staff, MIDI and audio, played as the jam's style and instrument ask, within
/// `limit` bytes.
pub fn jam_media(jam: &Jam, limit: u64) -> Result<Media, RenderError> {
    render(
        &jam.example,
        &MidiOptions::for_jam(jam),
        WIDTH,
        limit,
        &jam.title,
    )
}

/// A chord's voicing on a small staff, with its sound, within `limit` bytes.
pub fn chord_media(symbol: &str, limit: u64) -> Result<Media, RenderError> {
    let abc = chord_voicing(symbol).map_err(|e| RenderError(e.to_string()))?;
    render(
        &abc,
        &MidiOptions {
            accompaniment: false,
            ..MidiOptions::default()
        },
        400.0,
        limit,
        symbol,
    )
}

/// A scale up an octave on a staff, with its sound, within `limit` bytes.
pub fn scale_media(scale: &Scale, limit: u64) -> Result<Media, RenderError> {
    render(
        &scale_example(scale),
        &MidiOptions {
            accompaniment: false,
            ..MidiOptions::default()
        },
        600.0,
        limit,
        &scale.name(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamsesh_core::{intent, jam, Overrides};

    fn long_jam() -> Jam {
        let chosen = Overrides {
            tempo: Some(30),
            bars: Some(32),
            ..Overrides::default()
        };
        jam::generate(&intent::parse("slow blues in E", &chosen).unwrap(), 4)
    }

    #[test]
    fn a_long_jam_keeps_its_audio_within_the_limit() {
        let j = long_jam();
        let limit = 10 * 1024 * 1024;
        let m = jam_media(&j, limit).unwrap();
        let audio = m.audio.as_ref().expect("audio for tempo 30 × 32 bars");
        assert!(audio.starts_with(b"OggS"));
        let total = (m.png.len() + m.midi.len() + audio.len()) as u64;
        assert!(total + RESERVE <= limit, "{total}");
        // 32 bars of 4/4 at 30 bpm: over four minutes of music.
        assert!(audio.len() > 1_000_000, "{}", audio.len());
        assert_eq!(m.note, None);
    }

    #[test]
    fn a_small_limit_lowers_the_bitrate_then_leaves_the_audio_out_and_says_so() {
        let j = long_jam();
        let m = jam_media(&j, 1024 * 1024).unwrap();
        let total = (m.png.len() + m.midi.len() + m.audio.as_ref().map_or(0, Vec::len)) as u64;
        assert!(total + RESERVE <= 1024 * 1024, "{total}");
        assert!(m.note.unwrap().contains("kbit/s"));
        let m = jam_media(&j, 400 * 1024).unwrap();
        assert!(m.audio.is_none());
        assert!(m.note.unwrap().contains("left out"));
    }
}
