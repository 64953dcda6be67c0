//! Audio files that fit a size: a tune's performance as Ogg Opus at the highest bitrate an
//! upload limit (Discord's) leaves room for, and the measures a front end plans with.

use crate::{cost, said, OpError};
use jamsesh_abc::Tune;
pub use jamsesh_render::audio::{MAX_SECONDS, SAMPLE_RATE};
pub use jamsesh_render::ogg::{bitrate_for, size_at, Samples, DEFAULT_BITRATE, MIN_BITRATE};
use jamsesh_render::MidiOptions;

/// A tune's performance (with the backing `options` ask for) by the built-in synthesizer, as
/// samples ready for [`ogg`], after checking the synth's work against the audio budget.
pub fn tune_samples(tune: &Tune, options: &MidiOptions) -> Result<Samples, OpError> {
    let play = |e: jamsesh_render::MidiError| OpError::Play(said(e));
    cost::check_audio(&jamsesh_render::audio::plan(tune, options).map_err(play)?)?;
    jamsesh_render::tune_to_samples(tune, options).map_err(play)
}

/// Samples of [`tune_samples`] as Ogg Opus at `bitrate`.
pub fn ogg(samples: &Samples, bitrate: u32, title: &str) -> Result<Vec<u8>, OpError> {
    jamsesh_render::ogg::encode(&samples.samples, samples.rate, bitrate, title)
        .map_err(|e| OpError::Play(said(e)))
}
