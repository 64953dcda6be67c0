//! The play-along backing track (drums, bass, comping; minus-one unless asked) with every
//! option checked, so the CLI, the server and the widget offer the same controls and limits.

use crate::{cost, said, OpError};
use jamsesh_band::PlayAlong;
pub use jamsesh_band::CHORUSES;
use jamsesh_core::Jam;
use jamsesh_render::Playback;
pub use jamsesh_render::{samples_to_wav as samples_wav, Arrangement};
use serde::Deserialize;

/// The practice controls, all optional (four choruses, one bar of count-in, minus-one, the
/// jam's tempo and the style's swing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackingOptions {
    /// Times through the form (1–16).
    pub choruses: Option<u32>,
    /// Bars of sticks before the band comes in (0–2).
    pub count_in: Option<u32>,
    /// Also play the jam's melody.
    #[serde(default)]
    pub with_melody: bool,
    /// Quarter notes per minute (30–320).
    pub tempo: Option<u32>,
    /// How long the first eighth of each beat lasts, in percent of the beat (50 straight, 67
    /// triplet swing, at most 75); the style's own feel when absent.
    pub swing: Option<u32>,
}

impl BackingOptions {
    /// The band's options, with the defaults filled in (ranges are checked by the band).
    pub fn play_along(&self) -> PlayAlong {
        let defaults = PlayAlong::default();
        PlayAlong {
            choruses: self.choruses.unwrap_or(defaults.choruses),
            count_in: self.count_in.unwrap_or(defaults.count_in),
            with_melody: self.with_melody,
            tempo: self.tempo,
            swing: self.swing,
        }
    }
}

/// The band's arrangement of a jam.
pub fn arrangement(jam: &Jam, options: &BackingOptions) -> Result<Arrangement, OpError> {
    crate::cost::check_jam(jam)?;
    jamsesh_band::arrange(jam, &options.play_along()).map_err(|e| match e {
        jamsesh_band::BandError::Jam(e) => OpError::Jam(said(e)),
        other => OpError::Options(said(other)),
    })
}

/// The backing track as a Standard MIDI File (drums on channel 10).
pub fn midi(jam: &Jam, options: &BackingOptions) -> Result<Vec<u8>, OpError> {
    arrangement_midi(&arrangement(jam, options)?)
}

/// An arrangement as a Standard MIDI File.
pub fn arrangement_midi(arrangement: &Arrangement) -> Result<Vec<u8>, OpError> {
    jamsesh_render::arrangement_to_midi(arrangement).map_err(|e| OpError::Play(said(e)))
}

/// The backing track's notes in seconds, for the browser's synthesizer.
pub fn playback(jam: &Jam, options: &BackingOptions) -> Result<Playback, OpError> {
    Ok(jamsesh_render::arrangement_playback(&arrangement(
        jam, options,
    )?))
}

/// The arrangement played by the built-in synthesizer, as mono samples at
/// [`jamsesh_render::audio::SAMPLE_RATE`], after checking the synth's work against the audio
/// budget; `stop` is asked between notes.
fn synthesized(arrangement: &Arrangement, stop: &dyn Fn() -> bool) -> Result<Vec<f32>, OpError> {
    let plan = jamsesh_render::audio::plan_arrangement(arrangement);
    cost::check_audio(&plan)?;
    plan.to_samples(stop).ok_or(OpError::Cancelled)
}

/// The arrangement played through `font` (a General MIDI SoundFont) when there is one, by the
/// built-in synthesizer otherwise, as mono samples at [`jamsesh_render::audio::SAMPLE_RATE`];
/// within the same audio budget either way.
#[cfg(feature = "soundfont")]
pub fn samples(
    arrangement: &Arrangement,
    font: Option<&jamsesh_render::soundfont::Font>,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<f32>, OpError> {
    let Some(font) = font else {
        return synthesized(arrangement, stop);
    };
    cost::check_audio(&jamsesh_render::audio::plan_arrangement(arrangement))?;
    font.samples(arrangement)
        .map_err(|e| OpError::Play(said(e)))
}

/// The backing track as a WAV file (built-in synthesizer).
pub fn wav(
    jam: &Jam,
    options: &BackingOptions,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<u8>, OpError> {
    let samples = synthesized(&arrangement(jam, options)?, stop)?;
    Ok(jamsesh_render::samples_to_wav(&samples))
}

/// The backing track as Ogg Opus (6 KB a second), which browsers and Discord play inline.
#[cfg(feature = "ogg")]
pub fn ogg(
    jam: &Jam,
    options: &BackingOptions,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<u8>, OpError> {
    let arrangement = arrangement(jam, options)?;
    let samples = synthesized(&arrangement, stop)?;
    ogg_at(&samples, crate::audio::DEFAULT_BITRATE, &arrangement.title)
}

/// Samples from a synthesizer as Ogg Opus at `bitrate` (see [`crate::audio::bitrate_for`]).
#[cfg(feature = "ogg")]
pub fn ogg_at(samples: &[f32], bitrate: u32, title: &str) -> Result<Vec<u8>, OpError> {
    jamsesh_render::ogg::encode_synthesized_at(samples, bitrate, title)
        .map_err(|e| OpError::Play(said(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jam() -> Jam {
        crate::generate(
            "slow blues in E",
            &crate::GenerateOptions {
                seed: Some(3),
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn options_are_checked_and_misspelt_ones_refused() {
        let bad = |json: &str| {
            let options: BackingOptions = serde_json::from_str(json).unwrap();
            arrangement(&jam(), &options).unwrap_err()
        };
        assert!(
            matches!(bad(r#"{"choruses": 40}"#), OpError::Options(m) if m.contains("choruses"))
        );
        assert!(matches!(bad(r#"{"count_in": 5}"#), OpError::Options(m) if m.contains("count-in")));
        assert!(matches!(bad(r#"{"swing": 30}"#), OpError::Options(m) if m.contains("swing")));
        assert!(serde_json::from_str::<BackingOptions>(r#"{"chorus": 2}"#).is_err());
        let mut broken = jam();
        broken.chords = "Q7 | X".into();
        assert!(matches!(
            arrangement(&broken, &BackingOptions::default()),
            Err(OpError::Jam(_))
        ));
    }

    #[test]
    fn audio_is_budgeted_and_can_be_stopped() {
        let options = BackingOptions {
            choruses: Some(1),
            ..Default::default()
        };
        assert_eq!(wav(&jam(), &options, &|| true), Err(OpError::Cancelled));
        let wav = wav(&jam(), &options, &|| false).unwrap();
        assert!(wav.starts_with(b"RIFF"));
    }
}
