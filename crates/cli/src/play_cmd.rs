//! `jamsesh play-along`: the band plays a jam's changes (drums, bass, comping) for practice.

use crate::input::read_text;
use anyhow::{bail, Context, Result};
use clap::Args;
use jamsesh_ops::backing::{self, BackingOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `jamsesh play-along`.
#[derive(Args)]
pub struct PlayArgs {
    /// The jam (JSON, as `jamsesh jam --format json` writes it; `-` for stdin).
    #[arg(long = "in")]
    pub input: PathBuf,
    /// Times through the form (1–16).
    #[arg(long, default_value_t = 4)]
    pub choruses: u32,
    /// Bars of sticks before the band comes in (0–2).
    #[arg(long = "count-in", default_value_t = 1)]
    pub count_in: u32,
    /// Play the jam's melody too (default: minus-one, the melody is yours).
    #[arg(long = "with-melody")]
    pub with_melody: bool,
    /// Quarter notes per minute instead of the jam's tempo (30–320).
    #[arg(long)]
    pub tempo: Option<u32>,
    /// Swing: the first eighth of each beat's share of the beat in percent (50 straight, 67
    /// triplet swing, at most 75); default the style's own.
    #[arg(long)]
    pub swing: Option<u32>,
    /// Where to write it: `.mid` (General MIDI, drums on channel 10), `.wav` or `.ogg` (Opus).
    #[arg(long)]
    pub out: PathBuf,
    /// Audio with the built-in synthesizer even where a General MIDI SoundFont is installed
    /// (`JAMSESH_SOUNDFONT`, or Debian's FluidR3_GM / TimGM6mb).
    #[arg(long = "builtin-synth")]
    pub builtin_synth: bool,
}

/// Writes the play-along the arguments ask for.
pub fn run(args: PlayArgs) -> Result<ExitCode> {
    let text = read_text(&args.input)?;
    let jam = crate::input::jam_from_text(&text, &args.input)?;
    let options = BackingOptions {
        choruses: Some(args.choruses),
        count_in: Some(args.count_in),
        with_melody: args.with_melody,
        tempo: args.tempo,
        swing: args.swing,
    };
    let arrangement = backing::arrangement(&jam, &options)?;
    let extension = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match extension.as_deref() {
        Some("mid" | "midi") => backing::arrangement_midi(&arrangement)?,
        Some("wav") => backing::samples_wav(&samples(&arrangement, args.builtin_synth)?),
        Some("ogg" | "opus") => backing::ogg_at(
            &samples(&arrangement, args.builtin_synth)?,
            jamsesh_ops::audio::DEFAULT_BITRATE,
            &arrangement.title,
        )?,
        _ => bail!(
            "{}: write the play-along as .mid, .wav or .ogg",
            args.out.display()
        ),
    };
    std::fs::write(&args.out, bytes).with_context(|| format!("writing {}", args.out.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// The arrangement's sound: through a General MIDI SoundFont when one is installed (and not
/// declined), else the built-in synthesizer. Says on stderr which one played.
pub(crate) fn samples(arrangement: &backing::Arrangement, builtin: bool) -> Result<Vec<f32>> {
    use jamsesh_ops::soundfont;
    let font = match soundfont::find().filter(|_| !builtin) {
        Some(path) => {
            let font = soundfont::Font::load(&path)?;
            eprintln!("sound: {}", path.display());
            Some(font)
        }
        None => {
            eprintln!("sound: the built-in synthesizer");
            None
        }
    };
    Ok(backing::samples(arrangement, font.as_ref(), &|| false)?)
}
