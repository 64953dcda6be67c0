//! `jamsesh render FILE.abc --out OUT.svg|.png|.mid|.wav [--tune X]`.

use anyhow::{bail, Context, Result};
use clap::Args;
use jamsesh_ops as ops;
use std::path::PathBuf;
use std::process::ExitCode;

/// Colour themes.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ThemeArg {
    /// Black on white.
    Light,
    /// Light on dark grey.
    Dark,
}

impl From<ThemeArg> for ops::Theme {
    fn from(t: ThemeArg) -> Self {
        match t {
            ThemeArg::Light => ops::Theme::Light,
            ThemeArg::Dark => ops::Theme::Dark,
        }
    }
}

/// `render` arguments.
#[derive(Args)]
pub struct RenderArgs {
    /// The ABC file (`-` for stdin).
    pub file: PathBuf,
    /// Output file; its extension picks the format: `.svg`, `.png`, `.mid` or `.wav`.
    #[arg(long)]
    pub out: PathBuf,
    /// Picture width in pixels (SVG units) for `.svg` and `.png`.
    #[arg(long, default_value_t = 1000.0)]
    pub width: f32,
    /// PNG scale (2 gives crisp images on high-density screens).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f32,
    /// Colours: light (black on white) or dark (for Discord's dark mode).
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    /// Which tune (its `X:` number); the first by default.
    #[arg(long)]
    pub tune: Option<u32>,
    /// Leave out the chord and bass backing.
    #[arg(long)]
    pub no_backing: bool,
    /// Swing the eighths.
    #[arg(long)]
    pub swing: bool,
}

/// Runs `render`.
pub fn run(args: RenderArgs) -> Result<ExitCode> {
    let src = crate::input::read_text(&args.file)?;
    // With `--tune`, only that tune is read: the rest of a large collection is skipped unread.
    let (tune, diags) = match args.tune {
        Some(x) => ops::abc::tune_numbered(&src, x)?,
        // The first tune only: the file is read up to it.
        None => {
            let mut first = None;
            let (diags, _) = ops::abc::tunes(&src, |t| {
                first = Some(t);
                Ok::<_, anyhow::Error>(false)
            })?;
            (first, diags)
        }
    };
    eprint!(
        "{}",
        diags.render(&crate::input::display_name(&args.file), &src)
    );
    let tune = &match (tune, args.tune) {
        (Some(tune), _) => tune,
        (None, Some(x)) => bail!("no tune X:{x} in {}", args.file.display()),
        (None, None) => bail!("the file holds no tune"),
    };
    let extension = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let output = match extension.as_str() {
        "mid" | "midi" | "wav" => {
            let feel = if args.swing {
                ops::Feel::Swing
            } else {
                ops::Feel::Straight
            };
            let options = ops::MidiOptions {
                accompaniment: !args.no_backing,
                feel,
                program: 0,
            };
            if extension == "wav" {
                // The same budget as the server's: refused before the synth starts.
                ops::tune_wav(tune, &options, &|| false)?
            } else {
                ops::tune_midi(tune, &options)?
            }
        }
        "svg" | "png" => {
            // The same widths as every door's.
            let width = ops::RenderOptions {
                width: Some(args.width),
                theme: None,
            };
            let options = ops::SvgOptions {
                theme: args.theme.into(),
                ..width.svg_options()?
            };
            // The same budgets as the server's: the engraving's cost is checked before it is
            // drawn, a PNG's pixels before it is rasterised.
            if extension == "svg" {
                ops::engrave(tune, &options, &|| false)?.svg.into_bytes()
            } else {
                ops::png(tune, &options, args.scale, &|| false)?
            }
        }
        other => bail!("`.{other}` is not an output format; use .svg, .png, .mid or .wav"),
    };
    std::fs::write(&args.out, output).with_context(|| format!("writing {}", args.out.display()))?;
    Ok(ExitCode::SUCCESS)
}
