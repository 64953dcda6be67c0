//! `jamsesh jam`, `jamsesh jam-op` and `jamsesh critic`: the embedded composer and critic.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use jamsesh_ops::{self as ops, Backend, GenerateOptions, Model};
use jamsesh_ops::{Jam, Report};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output formats of `jam`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A readable summary with the ABC.
    Text,
    /// The jam as JSON.
    Json,
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
    #[arg(long, value_enum, default_value_t = Backend::Engine)]
    pub backend: Backend,
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
    pub fn config(&self) -> jamsesh_ops::llm::Config {
        let mut c = jamsesh_ops::llm::Config::from_env();
        if let Some(u) = &self.llm_base_url {
            c.base_url = u.clone();
        }
        if let Some(m) = &self.llm_model {
            c.model = m.clone();
        }
        c.format = match self.llm_format {
            LlmFormatArg::Auto => jamsesh_ops::llm::FormatMode::Auto,
            LlmFormatArg::JsonSchema => jamsesh_ops::llm::FormatMode::JsonSchema,
            LlmFormatArg::JsonObject => jamsesh_ops::llm::FormatMode::JsonObject,
            LlmFormatArg::Text => jamsesh_ops::llm::FormatMode::Text,
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

/// What [`with_model`] did.
enum Ran<T> {
    /// The backend is the engine's: nothing ran.
    Engine,
    /// The model's job ran and gave this.
    Model(T),
    /// The model could not start (said on stderr); exit with this.
    Failed(ExitCode),
}

/// Runs `job` with the model `backend` asks for (see [`Model::for_prompt`]), on a small
/// runtime made for it.
fn with_model<T>(
    server: &LlmServerArgs,
    backend: Backend,
    job: impl AsyncFnOnce(Model<'_>) -> T,
) -> Result<Ran<T>> {
    if !backend.needs_llm() {
        return Ok(Ran::Engine);
    }
    let llm = match jamsesh_ops::llm::Llm::new(server.config()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("jamsesh: {e}");
            return Ok(Ran::Failed(ExitCode::from(2)));
        }
    };
    let Some(model) = Model::for_prompt(backend, Some(&llm))? else {
        return Ok(Ran::Engine);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    Ok(Ran::Model(runtime.block_on(job(model))))
}

/// Tells the user on stderr when the engine stood in for the LLM, and what was changed in the
/// model's answer before it was shown (also in the jam's `repairs`).
fn report_fallback(outcome: &jamsesh_ops::llm::Outcome) {
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
    let options = GenerateOptions {
        seed: Some(args.seed),
        key: args.key,
        tempo: args.tempo,
        bars: args.bars,
        meter: args.meter,
        style: None,
    };
    let intent = match ops::intent(&args.prompt, &options) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("jamsesh: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let seed = ops::seed(&options);
    let jam = match with_model(&args.llm.server, args.llm.backend, async |model| {
        model.jam(&intent, seed).await
    })? {
        Ran::Engine => ops::compose(&intent, seed),
        Ran::Model(outcome) => {
            report_fallback(&outcome);
            outcome.jam
        }
        Ran::Failed(code) => return Ok(code),
    };
    emit(&jam, args.format, args.out)
}

fn emit(jam: &Jam, format: Format, out: Option<PathBuf>) -> Result<ExitCode> {
    let report = ops::critic(jam)?;
    let mut stdout = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(jam)?)?,
        Format::Text => write!(stdout, "{}", summary(jam, &report))?,
    }
    if let Some(dir) = out {
        write_files(jam, &dir)?;
    }
    if !report.valid {
        bail!("the jam failed the critic: {:?}", report.errors);
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a jam's files into `dir`: the jam (JSON and ABC), its staff (SVG, PNG), its sound
/// (MIDI, WAV) and its play-along (four choruses, minus-one, after a bar of sticks).
fn write_files(jam: &Jam, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    std::fs::write(
        dir.join("jam.json"),
        serde_json::to_string_pretty(jam)? + "\n",
    )?;
    std::fs::write(dir.join("jam.abc"), &jam.example)?;
    let Ok(tune) = ops::first_tune(&jam.example) else {
        return Ok(());
    };
    let playback = ops::playback_options(Some(jam));
    std::fs::write(dir.join("jam.mid"), ops::tune_midi(&tune, &playback)?)?;
    std::fs::write(
        dir.join("jam.wav"),
        ops::tune_wav(&tune, &playback, &|| false)?,
    )?;
    let backing = ops::backing::arrangement(jam, &Default::default())?;
    std::fs::write(
        dir.join("backing.mid"),
        ops::backing::arrangement_midi(&backing)?,
    )?;
    let sound = crate::play_cmd::samples(&backing, false)?;
    std::fs::write(
        dir.join("backing.ogg"),
        ops::backing::ogg_at(&sound, ops::audio::DEFAULT_BITRATE, &backing.title)?,
    )?;
    let staff = ops::SvgOptions::default();
    std::fs::write(
        dir.join("jam.svg"),
        ops::engrave(&tune, &staff, &|| false)?.svg,
    )?;
    std::fs::write(
        dir.join("jam.png"),
        ops::png(&tune, &staff, 1.0, &|| false)?,
    )?;
    Ok(())
}

/// A summary a musician reads in a terminal.
fn summary(jam: &Jam, report: &Report) -> String {
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
    let report = ops::critic(&jam)?;
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
    let unknown = ops::not_understood(&args.steer);
    if !unknown.is_empty() {
        eprintln!("jamsesh: not understood in --steer: {}", unknown.join(", "));
    }
    let backend = args.llm.backend.for_a_jam();
    let (seed, steer) = (args.seed, args.steer.as_str());
    let result = match args.op {
        Operation::Melody => match with_model(&args.llm.server, backend, async |model| {
            model.new_melody(&input, seed, steer).await
        })? {
            Ran::Engine => ops::new_melody(&input, seed, steer),
            Ran::Model(outcome) => outcome.map(|o| {
                report_fallback(&o);
                o.jam
            }),
            Ran::Failed(code) => return Ok(code),
        },
        Operation::Progression => ops::new_progression(&input, seed),
        Operation::Transpose => ops::transpose(&input, args.semitones),
        Operation::Harmony => {
            let kind = match ops::harmony_kind(&args.voice) {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("jamsesh: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            match with_model(&args.llm.server, backend, async |model| {
                model.harmony(&input, kind).await
            })? {
                Ran::Engine => ops::harmony_with(&input, kind),
                Ran::Model(outcome) => outcome.map(voiced),
                Ran::Failed(code) => return Ok(code),
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

/// The second voice's jam, saying on stderr when the engine wrote it.
fn voiced(outcome: jamsesh_ops::llm::Outcome) -> Jam {
    if let Some(why) = &outcome.fallback {
        eprintln!("jamsesh: {why}; the embedded engine wrote the second voice");
    }
    outcome.jam
}
