//! `jamsesh jam`, `jamsesh jam-op` and `jamsesh critic`: the embedded composer and critic.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use jamsesh_core::harmony::{self, HarmonyKind};
use jamsesh_core::{critic, intent, jam, Jam, Overrides};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `jam`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A readable summary with the ABC.
    Text,
    /// The jam as JSON.
    Json,
}

/// `jamsesh jam "PROMPT"`.
#[derive(Args)]
pub struct JamArgs {
    /// What to jam on, e.g. "slow blues in E".
    pub prompt: String,
    /// Seed: the same prompt and seed give the same jam.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Length in bars (2–64).
    #[arg(long)]
    pub bars: Option<u32>,
    /// Key, e.g. Bb, F#m, "D dorian".
    #[arg(long)]
    pub key: Option<String>,
    /// Tempo in quarter notes per minute (30–320).
    #[arg(long)]
    pub tempo: Option<u32>,
    /// Meter, e.g. 6/8.
    #[arg(long)]
    pub meter: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also write jam.json and jam.abc into this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs `jam`.
pub fn run_jam(args: JamArgs) -> Result<ExitCode> {
    let overrides = Overrides {
        key: args.key,
        tempo: args.tempo,
        bars: args.bars,
        meter: args.meter,
    };
    let intent = match intent::parse(&args.prompt, &overrides) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("jamsesh: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let jam = jam::generate(&intent, args.seed);
    emit(&jam, args.format, args.out)
}

fn emit(jam: &Jam, format: Format, out: Option<PathBuf>) -> Result<ExitCode> {
    let report = critic::review(jam);
    let mut stdout = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(jam)?)?,
        Format::Text => write!(stdout, "{}", summary(jam, &report))?,
    }
    if let Some(dir) = out {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(
            dir.join("jam.json"),
            serde_json::to_string_pretty(jam)? + "\n",
        )?;
        std::fs::write(dir.join("jam.abc"), &jam.example)?;
        let (tunes, _) = jamsesh_abc::parse_tunes(&jam.example);
        if let Some(tune) = tunes.first() {
            let playback = jamsesh_render::MidiOptions::for_jam(jam);
            std::fs::write(
                dir.join("jam.mid"),
                jamsesh_render::tune_to_midi(tune, &playback)?,
            )?;
            std::fs::write(
                dir.join("jam.wav"),
                jamsesh_render::tune_to_wav(tune, &playback)?,
            )?;
            let engraving = jamsesh_render::engrave(tune, &jamsesh_render::SvgOptions::default());
            std::fs::write(dir.join("jam.svg"), &engraving.svg)?;
            std::fs::write(
                dir.join("jam.png"),
                jamsesh_render::svg_to_png(&engraving.svg, 1.0)?,
            )?;
        }
    }
    if !report.valid {
        bail!("the jam failed the critic: {:?}", report.errors);
    }
    Ok(ExitCode::SUCCESS)
}

/// A summary a musician reads in a terminal.
fn summary(jam: &Jam, report: &critic::Report) -> String {
    let bars: Vec<&str> = jam.chords.split('|').map(str::trim).collect();
    // Every bar as wide as the widest, so the chart lines up in columns.
    let width = bars
        .iter()
        .map(|b| b.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    let mut chart = String::new();
    for line in bars.chunks(4) {
        chart.push_str("  | ");
        for b in line {
            chart.push_str(&format!("{b:<width$} | "));
        }
        chart.push('\n');
    }
    format!(
        "{}\n{}\n\nKey {} {} · {} · {} bpm · {} bars\n\nChords:\n{}\nScales: {}\n\n{}\nseed {} · {} · critic score {}/100\n",
        jam.title, jam.style, jam.key, jam.mode, jam.meter, jam.tempo, jam.bars, chart, jam.scales, jam.example, jam.seed,
        serde_json::to_value(jam.source).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
        report.score
    )
}

/// `jamsesh critic FILE.json`: prints the report; exit 1 when the jam is invalid.
pub fn run_critic(file: PathBuf) -> Result<ExitCode> {
    let text = crate::input::read_text(&file)?;
    let jam: Jam = match serde_json::from_str(&text) {
        Ok(j) => j,
        Err(e) => {
            let report = serde_json::json!({"valid": false, "score": 0, "errors": [{"check": "schema", "message": e.to_string()}], "warnings": []});
            println!("{}", serde_json::to_string_pretty(&report)?);
            return Ok(ExitCode::FAILURE);
        }
    };
    let report = critic::review(&jam);
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The operations of `jamsesh jam-op`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Operation {
    /// A new melody over the same chords (`--steer "more syncopated"`).
    Melody,
    /// A new progression in the same style, key and length.
    Progression,
    /// A second voice: `--voice third|sixth|bass`.
    Harmony,
    /// Move everything by `--semitones N`.
    Transpose,
}

/// `jamsesh jam-op OP --in jam.json`.
#[derive(Args)]
pub struct OpArgs {
    /// Which operation.
    #[arg(value_enum)]
    pub op: Operation,
    /// The jam to change (`-` for stdin).
    #[arg(long = "in")]
    pub input: PathBuf,
    /// Seed for the new material.
    #[arg(long, default_value_t = 2)]
    pub seed: u64,
    /// Steering text for a new melody.
    #[arg(long, default_value = "")]
    pub steer: String,
    /// Harmony voice: third, sixth or bass.
    #[arg(long, default_value = "third")]
    pub voice: String,
    /// Semitones for transpose (−11…11).
    #[arg(long, allow_negative_numbers = true, default_value_t = 0, value_parser = clap::value_parser!(i32).range(-11..=11))]
    pub semitones: i32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Also write jam.json and jam.abc into this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs `jam-op`.
pub fn run_op(args: OpArgs) -> Result<ExitCode> {
    let text = crate::input::read_text(&args.input)?;
    let input: Jam = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a jam (JSON)", args.input.display()))?;
    let result = match args.op {
        Operation::Melody => jam::new_melody(&input, args.seed, &args.steer),
        Operation::Progression => jam::new_progression(&input, args.seed),
        Operation::Transpose => jam::transpose(&input, args.semitones),
        Operation::Harmony => {
            let kind: HarmonyKind = match args.voice.parse() {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("jamsesh: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            harmony::harmony(&input, kind)
        }
    };
    match result {
        Ok(j) => emit(&j, args.format, args.out),
        Err(e) => {
            eprintln!("jamsesh: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}
