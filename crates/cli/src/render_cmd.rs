//! `jamsesh render FILE.abc --out OUT.mid [--tune X]`.

use anyhow::{bail, Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// `render` arguments.
#[derive(Args)]
pub struct RenderArgs {
    /// The ABC file (`-` for stdin).
    pub file: PathBuf,
    /// Output file; its extension picks the format (`.mid`).
    #[arg(long)]
    pub out: PathBuf,
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
    let (tunes, diags) = jamsesh_abc::parse_tunes(&src);
    eprint!(
        "{}",
        diags.render(&crate::input::display_name(&args.file), &src)
    );
    let tune = match args.tune {
        Some(x) => tunes
            .iter()
            .find(|t| t.x == Some(x))
            .with_context(|| format!("no tune X:{x} in {}", args.file.display()))?,
        None => tunes.first().context("the file holds no tune")?,
    };
    let extension = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let output = match extension.as_str() {
        "mid" | "midi" => {
            let feel = if args.swing {
                jamsesh_render::Feel::Swing
            } else {
                jamsesh_render::Feel::Straight
            };
            let options = jamsesh_render::MidiOptions {
                accompaniment: !args.no_backing,
                feel,
                program: 0,
            };
            jamsesh_render::tune_to_midi(tune, &options)?
        }
        "svg" | "png" => bail!("SVG and PNG need the engraver, which is not built yet; .mid works"),
        other => bail!("`.{other}` is not an output format; use .mid"),
    };
    std::fs::write(&args.out, output).with_context(|| format!("writing {}", args.out.display()))?;
    Ok(ExitCode::SUCCESS)
}
