//! The files under a jam: the staff as a PNG in the dark theme (how most Discord users see
//! it), the MIDI file, and the performance as Ogg Opus audio (Discord plays it inline), its
//! bitrate chosen so that all the files fit the interaction's upload limit. When the audio
//! cannot fit, or a very long jam is cut at five minutes, the message says so.

use jamsesh_ops::backing::{self, Arrangement, BackingOptions};
use jamsesh_ops::{self as ops, audio, Jam, MidiOptions, OpError, SvgOptions, Theme, Tune};

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
pub struct RenderError(#[from] OpError);

/// `m:ss`.
fn clock(seconds: f32) -> String {
    let s = seconds.round() as u32;
    format!("{}:{:02}", s / 60, s % 60)
}

/// A tune on a staff, as a PNG in the dark theme.
fn staff(tune: &Tune, width: f32) -> Result<Vec<u8>, RenderError> {
    let options = SvgOptions {
        width,
        theme: Theme::Dark,
    };
    Ok(ops::png(tune, &options, 1.0, &|| false)?)
}

/// A jam's example on a staff, as a PNG (a player's own part has no sound of its own).
pub fn staff_png(jam: &Jam) -> Result<Vec<u8>, RenderError> {
    staff(&ops::first_tune(&jam.example)?, WIDTH)
}

/// Renders ABC with the given playback; all files together stay within `limit` bytes.
fn render(
    abc: &str,
    playback: &MidiOptions,
    width: f32,
    limit: u64,
    title: &str,
) -> Result<Media, RenderError> {
    let tune = &ops::first_tune(abc)?;
    let png = staff(tune, width)?;
    let midi = ops::tune_midi(tune, playback)?;
    let sound = audio::tune_samples(tune, playback)?;
    let seconds = sound.seconds();
    let budget = limit.saturating_sub(png.len() as u64 + midi.len() as u64 + RESERVE);
    let mut notes = Vec::new();
    let audio = match audio::bitrate_for(seconds, budget) {
        Some(bitrate) => {
            let file = audio::ogg(&sound, bitrate, title)?;
            if bitrate < audio::DEFAULT_BITRATE {
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
        &ops::playback_options(Some(jam)),
        WIDTH,
        limit,
        &jam.title,
    )
}

/// A chord's voicing on a small staff, with its sound, within `limit` bytes.
pub fn chord_media(symbol: &str, limit: u64) -> Result<Media, RenderError> {
    render(
        &ops::voicing(symbol)?,
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
pub fn scale_media(scale: &ops::ScaleView, limit: u64) -> Result<Media, RenderError> {
    render(
        &scale.abc,
        &MidiOptions {
            accompaniment: false,
            ..MidiOptions::default()
        },
        600.0,
        limit,
        &scale.name,
    )
}

/// The most choruses the band plays.
const MOST_CHORUSES: u32 = *backing::CHORUSES.end();
/// The longest play-along rendered: the synthesizer's limit.
pub const MAX_BACKING_SECONDS: f32 = audio::MAX_SECONDS;
/// Kept free of the upload limit for a play-along's staff picture and MIDI file, before
/// they are rendered (the audio's bitrate is then fitted to what they really take).
const BACKING_FILES: u64 = 640 * 1024;
/// The last notes' ring after the band stops.
const TAIL_SECONDS: f32 = 1.0;

/// What stopped a play-along at fewer choruses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// The band's own most.
    Band,
    /// The longest track rendered.
    Length,
    /// The interaction's upload limit.
    Upload,
}

/// How a play-along will be made, decided before any sound is rendered (arranging is cheap).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BackingPlan {
    /// Times through the form.
    pub choruses: u32,
    /// Quarter notes per minute.
    pub tempo: u32,
    /// How long it lasts.
    pub seconds: f32,
    /// Why not more choruses.
    pub bound: Bound,
}

impl BackingPlan {
    /// What the band plays: minus-one, a bar of count-in.
    pub fn options(&self) -> BackingOptions {
        BackingOptions {
            choruses: Some(self.choruses),
            tempo: Some(self.tempo),
            ..BackingOptions::default()
        }
    }
}

/// How long an arrangement sounds, its last notes' ring included.
fn sounding(arrangement: &Arrangement) -> f32 {
    (arrangement.end_tick() as f64 * arrangement.seconds_per_tick()) as f32 + TAIL_SECONDS
}

/// The most choruses (up to the band's 16) of the jam's play-along at `tempo` that fit in
/// the longest track rendered and, at the usual bitrate, in `limit` bytes with the staff.
/// A single chorus is planned even when it is longer (the track is then cut) or needs a
/// lower bitrate; refused only when even that cannot fit.
pub fn plan_backing(jam: &Jam, tempo: u32, limit: u64) -> Result<BackingPlan, String> {
    let budget = limit.saturating_sub(BACKING_FILES + RESERVE);
    let mut bound = Bound::Band;
    for choruses in (1..=MOST_CHORUSES).rev() {
        let plan = BackingPlan {
            choruses,
            tempo,
            seconds: 0.0,
            bound,
        };
        let arrangement = backing::arrangement(jam, &plan.options())
            .map_err(|e| format!("I could not arrange a play-along for this jam: {e}"))?;
        let seconds = sounding(&arrangement);
        let (too_long, too_big) = (
            seconds > MAX_BACKING_SECONDS,
            audio::size_at(seconds.min(MAX_BACKING_SECONDS), audio::DEFAULT_BITRATE) > budget,
        );
        if choruses > 1 && (too_long || too_big) {
            bound = if too_long {
                Bound::Length
            } else {
                Bound::Upload
            };
            continue;
        }
        if audio::bitrate_for(seconds.min(MAX_BACKING_SECONDS), budget).is_none() {
            return Err(format!(
                "A play-along of this jam does not fit Discord's {} MiB upload limit here.",
                limit / (1024 * 1024)
            ));
        }
        return Ok(BackingPlan {
            seconds,
            bound,
            ..plan
        });
    }
    unreachable!("the band plays at least one chorus")
}

/// A rendered play-along.
#[derive(Clone, Debug)]
pub struct Backing {
    /// The jam's staff, for the message's embed.
    pub png: Vec<u8>,
    /// The band as General MIDI.
    pub midi: Vec<u8>,
    /// The band as Ogg Opus.
    pub ogg: Vec<u8>,
    /// Its bitrate.
    pub bitrate: u32,
    /// Seconds of audio.
    pub seconds: f32,
}

/// Renders a planned play-along through `font` (a General MIDI SoundFont) or the built-in
/// synthesizer, all files within `limit` bytes.
pub fn render_backing(
    jam: &Jam,
    plan: &BackingPlan,
    limit: u64,
    font: Option<&ops::soundfont::Font>,
) -> Result<Backing, RenderError> {
    let arrangement = backing::arrangement(jam, &plan.options())?;
    let png = staff_png(jam)?;
    let midi = backing::arrangement_midi(&arrangement)?;
    let samples = backing::samples(&arrangement, font, &|| false)?;
    let seconds = samples.len() as f32 / audio::SAMPLE_RATE as f32;
    let budget = limit.saturating_sub(png.len() as u64 + midi.len() as u64 + RESERVE);
    let bitrate = audio::bitrate_for(seconds, budget)
        .ok_or_else(|| OpError::Play("the play-along does not fit the upload limit".into()))?;
    let ogg = backing::ogg_at(&samples, bitrate, &arrangement.title)?;
    Ok(Backing {
        png,
        midi,
        ogg,
        bitrate,
        seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamsesh_ops::GenerateOptions;

    /// The engine's jam for a prompt and seed.
    fn generated(prompt: &str, seed: u64) -> Jam {
        let options = GenerateOptions {
            seed: Some(seed),
            ..GenerateOptions::default()
        };
        ops::generate(prompt, &options).unwrap()
    }

    fn long_jam() -> Jam {
        let chosen = GenerateOptions {
            seed: Some(4),
            tempo: Some(30),
            bars: Some(32),
            ..GenerateOptions::default()
        };
        ops::generate("slow blues in E", &chosen).unwrap()
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
    fn a_play_along_has_as_many_choruses_as_fit() {
        let blues = generated("blues in E", 1);
        let limit = 10 * 1024 * 1024;
        // 12 bars of 4/4 at 92 bpm: 31.3 s a chorus, so nine choruses (with the count-in
        // bar, the ending bar and the ring: 4:47) fit in five minutes, ten do not.
        let at = |tempo: u32, limit: u64| plan_backing(&blues, tempo, limit).unwrap();
        let plan = at(92, limit);
        assert_eq!((plan.choruses, plan.bound), (9, Bound::Length));
        assert!(
            plan.seconds <= MAX_BACKING_SECONDS && plan.seconds > 280.0,
            "{plan:?}"
        );
        // Twice as fast: the band's sixteen.
        let fast = at(184, limit);
        assert_eq!((fast.choruses, fast.bound), (16, Bound::Band));
        // A small upload limit: fewer choruses, and it says why.
        let small = at(92, 1024 * 1024);
        assert_eq!(small.bound, Bound::Upload);
        let budget = 1024 * 1024 - BACKING_FILES - RESERVE;
        assert!(audio::size_at(small.seconds, audio::DEFAULT_BITRATE) <= budget);
        let one_more = small.seconds + 31.3;
        assert!(
            audio::size_at(one_more, audio::DEFAULT_BITRATE) > budget,
            "{small:?}"
        );
        // Count-in, choruses and ending at the tempo: (1 + 9 × 12 + 1) bars × 4 beats at 92 bpm.
        let bars = f32::from(1 + 9 * 12 + 1_u16);
        assert!((plan.seconds - TAIL_SECONDS - bars * 4.0 * 60.0 / 92.0).abs() < 0.05);
        // Nothing fits a tiny limit: refused, saying why.
        assert!(plan_backing(&blues, 92, 700 * 1024).is_err());
        // The track renders within the limit, and lasts what was planned.
        let small = BackingPlan {
            choruses: 2,
            ..small
        };
        let b = render_backing(&blues, &small, 1024 * 1024, None).unwrap();
        assert!(b.ogg.starts_with(b"OggS") && b.midi.starts_with(b"MThd"));
        assert!((b.png.len() + b.midi.len() + b.ogg.len()) as u64 + RESERVE <= 1024 * 1024);
        let planned = sounding(&backing::arrangement(&blues, &small.options()).unwrap());
        assert!((b.seconds - planned).abs() < 1.5, "{} {planned}", b.seconds);
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
