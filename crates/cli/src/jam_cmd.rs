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

/// Which composer answers `jam`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum BackendArg {
    /// The embedded engine (no network).
    #[default]
    Engine,
    /// An OpenAI-compatible LLM writes the whole jam; the engine steps in if it fails.
    Llm,
    /// The LLM writes title, style, chords and scales; the engine writes the melody.
    Hybrid,
    /// The LLM reads the prompt (what its words leave open); the engine writes the jam.
    Intent,
}

impl BackendArg {
    /// The LLM writes music (not only reads the prompt): what operations on a jam ask it for.
    fn writes_music(self) -> bool {
        matches!(self, BackendArg::Llm | BackendArg::Hybrid)
    }
}

/// `response_format` choices for `--llm-format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LlmFormatArg {
    /// json-schema, falling back to json-object and text when the server refuses.
    #[default]
    Auto,
    /// Strict JSON schema.
    JsonSchema,
    /// JSON object mode.
    JsonObject,
    /// No response_format; JSON is read out of the text.
    Text,
}

/// LLM backend options, shared by the commands that can use it.
#[derive(Args, Clone, Debug, Default)]
pub struct LlmArgs {
    /// Which composer: engine (default), llm, hybrid or intent.
    #[arg(long, value_enum, default_value_t = BackendArg::Engine)]
    pub backend: BackendArg,
    /// Where the LLM is.
    #[command(flatten)]
    pub server: LlmServerArgs,
}

/// Which LLM server and model, and how to talk to it (flags over `JAMSESH_LLM_*` env vars).
#[derive(Args, Clone, Debug, Default)]
pub struct LlmServerArgs {
    /// OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 (env JAMSESH_LLM_BASE_URL).
    #[arg(long)]
    pub llm_base_url: Option<String>,
    /// Model name (env JAMSESH_LLM_MODEL); the API key comes only from JAMSESH_LLM_API_KEY.
    #[arg(long)]
    pub llm_model: Option<String>,
    /// Structured-output mode.
    #[arg(long, value_enum, default_value_t = LlmFormatArg::Auto)]
    pub llm_format: LlmFormatArg,
    /// Total time allowed per request, in seconds.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub llm_timeout: Option<u64>,
    /// Directory with system.md and examples/*.json overriding the built-in prompts (env JAMSESH_LLM_PROMPTS).
    #[arg(long)]
    pub prompts: Option<PathBuf>,
}

impl LlmServerArgs {
    /// The backend configuration: env vars, then these flags on top.
    pub fn config(&self) -> jamsesh_llm::Config {
        let mut c = jamsesh_llm::Config::from_env();
        if let Some(u) = &self.llm_base_url {
            c.base_url = u.clone();
        }
        if let Some(m) = &self.llm_model {
            c.model = m.clone();
        }
        c.format = match self.llm_format {
            LlmFormatArg::Auto => jamsesh_llm::FormatMode::Auto,
            LlmFormatArg::JsonSchema => jamsesh_llm::FormatMode::JsonSchema,
            LlmFormatArg::JsonObject => jamsesh_llm::FormatMode::JsonObject,
            LlmFormatArg::Text => jamsesh_llm::FormatMode::Text,
        };
        if let Some(t) = self.llm_timeout {
            c.timeout = std::time::Duration::from_secs(t);
        }
        if let Some(p) = &self.prompts {
            c.prompts_dir = Some(p.clone());
        }
        c
    }
}

/// Runs an LLM-backed job on a small runtime made for it; `Err(code)` after printing why the
/// backend could not start.
fn with_llm<T>(
    args: &LlmArgs,
    job: impl AsyncFnOnce(&jamsesh_llm::Llm) -> T,
) -> Result<std::result::Result<T, ExitCode>> {
    let llm = match jamsesh_llm::Llm::new(args.server.config()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("jamsesh: {e}");
            return Ok(Err(ExitCode::from(2)));
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    Ok(Ok(runtime.block_on(job(&llm))))
}

/// Tells the user on stderr when the engine stood in for the LLM, and what was changed in the
/// model's answer before it was shown (also in the jam's `repairs`).
fn report_fallback(outcome: &jamsesh_llm::Outcome) {
    if let Some(why) = &outcome.fallback {
        eprintln!(
            "jamsesh: {why}; the embedded engine wrote this jam instead (source engine-fallback)"
        );
    } else {
        for change in &outcome.jam.repairs {
            eprintln!("jamsesh: the model's answer: {change}");
        }
    }
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
    /// The LLM backend.
    #[command(flatten)]
    pub llm: LlmArgs,
}

/// Runs `jam`.
pub fn run_jam(args: JamArgs) -> Result<ExitCode> {
    let overrides = Overrides {
        key: args.key,
        tempo: args.tempo,
        bars: args.bars,
        meter: args.meter,
        style: None,
    };
    let intent = match intent::parse(&args.prompt, &overrides) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("jamsesh: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let seed = args.seed;
    let jam = match args.llm.backend {
        BackendArg::Engine => jam::generate(&intent, seed),
        backend => {
            let outcome = with_llm(&args.llm, async |llm| match backend {
                BackendArg::Hybrid => llm.hybrid(&intent, seed).await,
                BackendArg::Intent => llm.intent_jam(&intent, seed).await,
                _ => llm.jam(&intent, seed).await,
            })?;
            match outcome {
                Ok(o) => {
                    report_fallback(&o);
                    o.jam
                }
                Err(code) => return Ok(code),
            }
        }
    };
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
            let playback = jamsesh_ops::playback_options(Some(jam));
            std::fs::write(
                dir.join("jam.mid"),
                jamsesh_render::tune_to_midi(tune, &playback)?,
            )?;
            std::fs::write(
                dir.join("jam.wav"),
                jamsesh_render::tune_to_wav(tune, &playback)?,
            )?;
            // The play-along: four choruses, minus-one, after a bar of sticks.
            let backing = jamsesh_ops::backing::arrangement(jam, &Default::default())?;
            std::fs::write(
                dir.join("backing.mid"),
                jamsesh_render::arrangement_to_midi(&backing)?,
            )?;
            std::fs::write(
                dir.join("backing.ogg"),
                jamsesh_render::ogg::encode_synthesized(
                    &crate::play_cmd::samples(&backing, false)?,
                    &backing.title,
                )?,
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
    // What was read from the prompt and from which words, and what was not understood.
    let understood = match jam.understood.summary() {
        line if line.is_empty() => String::new(),
        line => format!("Understood: {line}\n"),
    };
    format!(
        "{}\n{}\n\nKey {} {} · {} · {} bpm · {} bars\n{understood}\nChords:\n{}\nScales: {}\n\n{}\nseed {} · {} · critic score {}/100\n",
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
    // A jam larger than any the engine or a model writes is refused before it is read.
    jamsesh_ops::cost::check_jam(&jam)
        .map_err(|e| anyhow::anyhow!("{}: {e}", crate::input::display_name(&file)))?;
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
    /// The LLM backend (used by `melody` and `harmony`; the others are the engine's).
    #[command(flatten)]
    pub llm: LlmArgs,
}

/// Runs `jam-op`.
pub fn run_op(args: OpArgs) -> Result<ExitCode> {
    let text = crate::input::read_text(&args.input)?;
    // Within the sizes every front end holds a jam to, so the operation's work is bounded.
    let input = crate::input::jam_from_text(&text, &args.input)?;
    let unknown = jamsesh_core::melody::Steer::not_understood(&args.steer);
    if !unknown.is_empty() {
        eprintln!("jamsesh: not understood in --steer: {}", unknown.join(", "));
    }
    let result = match args.op {
        Operation::Melody if args.llm.backend.writes_music() => {
            let (seed, steer) = (args.seed, args.steer.clone());
            match with_llm(&args.llm, async |llm| {
                llm.new_melody(&input, seed, &steer).await
            })? {
                Ok(Ok(o)) => {
                    report_fallback(&o);
                    Ok(o.jam)
                }
                Ok(Err(e)) => Err(e),
                Err(code) => return Ok(code),
            }
        }
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
            if !args.llm.backend.writes_music() {
                harmony::harmony(&input, kind)
            } else {
                match with_llm(&args.llm, async |llm| llm.harmony(&input, kind).await)? {
                    Ok(Ok(o)) => {
                        if let Some(why) = &o.fallback {
                            eprintln!("jamsesh: {why}; the embedded engine wrote the second voice");
                        }
                        Ok(o.jam)
                    }
                    Ok(Err(e)) => Err(e),
                    Err(code) => return Ok(code),
                }
            }
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
