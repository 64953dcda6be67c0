//! The files under a jam: the staff as a PNG in the dark theme (how most Discord users see
//! it), the MIDI file, and the audio render when it fits Discord's upload limit.

use jamsesh_core::harmony::{chord_voicing, scale_example};
use jamsesh_core::theory::scale::Scale;
use jamsesh_core::Jam;
use jamsesh_render::{
    engrave, svg_to_png, tune_to_midi, tune_to_wav, MidiOptions, SvgOptions, Theme,
};

/// Width of the staff picture: crisp in Discord's embed at about 1000 px.
const WIDTH: f32 = 1000.0;
/// Audio larger than this is left out (Discord's default upload limit is 10 MiB a message).
const MAX_AUDIO: usize = 8 * 1024 * 1024;

/// Rendered files.
#[derive(Clone, Debug)]
pub struct Media {
    /// The staff (`jam.png`).
    pub png: Vec<u8>,
    /// Standard MIDI File.
    pub midi: Vec<u8>,
    /// WAV audio, unless too long for an upload.
    pub wav: Option<Vec<u8>>,
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
#[error("could not render the music: {0}")]
pub struct RenderError(String);

/// Renders ABC with the given playback.
fn render(abc: &str, playback: &MidiOptions, width: f32) -> Result<Media, RenderError> {
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
    let wav = tune_to_wav(tune, playback)
        .ok()
        .filter(|w| w.len() <= MAX_AUDIO);
    Ok(Media { png, midi, wav })
}

/// A jam's staff, MIDI and audio, played as the jam's style and instrument ask.
pub fn jam_media(jam: &Jam) -> Result<Media, RenderError> {
    render(&jam.example, &MidiOptions::for_jam(jam), WIDTH)
}

/// A chord's voicing on a small staff, with its sound.
pub fn chord_media(symbol: &str) -> Result<Media, RenderError> {
    let abc = chord_voicing(symbol).map_err(|e| RenderError(e.to_string()))?;
    render(
        &abc,
        &MidiOptions {
            accompaniment: false,
            ..MidiOptions::default()
        },
        400.0,
    )
}

/// A scale up an octave on a staff, with its sound.
pub fn scale_media(scale: &Scale) -> Result<Media, RenderError> {
    render(
        &scale_example(scale),
        &MidiOptions {
            accompaniment: false,
            ..MidiOptions::default()
        },
        600.0,
    )
}
