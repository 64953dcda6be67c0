//! Prompt → intent → LLM → tolerant parse → critic → repair → one corrective retry → engine
//! fallback. Whatever happens, the caller gets a jam the critic accepts, and `source` says
//! where it came from.

use crate::client::{Client, Completion};
use crate::config::Config;
use crate::draft::Draft;
use crate::error::LlmError;
use crate::extract::{draft_from_text, find_object, text_field};
use crate::forgive;
use crate::prompt::{self, Message, Prompts, Task};
use crate::rekey;
use jamsesh_core::{Finding, HarmonyKind, Intent, Jam, Report, Source};
use serde::Serialize;
use std::cell::RefCell;

/// What became of one answer from the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The critic accepted it as it was.
    Valid,
    /// The critic repaired it and then accepted it.
    Repaired,
    /// The critic rejected it, even after repair.
    Rejected,
    /// No jam could be read from it (no JSON, cut off, chords or melody missing).
    Unreadable,
    /// The server gave no answer (error status, timeout, too large).
    ServerError,
}

/// One round trip to the model and its verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attempt {
    /// The verdict.
    pub verdict: Verdict,
    /// The critic's errors (before repair) or the reason it could not be read.
    pub errors: Vec<Finding>,
    /// HTTP requests it took.
    pub requests: u32,
}

impl Attempt {
    /// An attempt the server failed before any answer was read.
    pub(crate) fn server_failed(e: &impl std::fmt::Display) -> Attempt {
        Attempt {
            verdict: Verdict::ServerError,
            errors: vec![finding("server", e.to_string())],
            requests: 0,
        }
    }
}

/// The jam the user gets and how it was made.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// The jam (always accepted by the critic).
    pub jam: Jam,
    /// The critic's report on it.
    pub report: Report,
    /// The model's answers in order (empty for the engine backend).
    pub attempts: Vec<Attempt>,
    /// Why the engine stepped in, when it did.
    pub fallback: Option<String>,
}

/// The LLM backend: a client and the prompts.
#[derive(Debug)]
pub struct Llm {
    /// The HTTP client.
    pub client: Client,
    /// System prompt and few-shot examples.
    pub prompts: Prompts,
}

/// Answers the model gets to write per request: the first and one corrective retry.
const MAX_ANSWERS: usize = 2;
/// How much of a rejected answer is sent back to the model with the critique.
const ECHO_CHARS: usize = 6000;

impl Llm {
    /// A backend from a configuration: prompts from `prompts_dir` or the embedded ones.
    pub fn new(config: Config) -> Result<Llm, LlmError> {
        let prompts = match &config.prompts_dir {
            Some(dir) => Prompts::load(dir)?,
            None => Prompts::embedded(),
        };
        Ok(Llm {
            client: Client::new(config)?,
            prompts,
        })
    }

    /// A whole jam from the model, repaired or retried as needed; the engine if all fails.
    pub async fn jam(&self, intent: &Intent, seed: u64) -> Outcome {
        let messages = self.prompts.messages(intent, Task::Full);
        let schema = prompt::schema(Task::Full);
        let retry = Retry::Targeted(meter_of(intent));
        let (found, attempts, why) = self
            .converse(
                messages,
                &schema,
                retry,
                drafted(|d, last| full_jam(d, intent, seed, last)),
            )
            .await;
        finish(found, attempts, why, || {
            jamsesh_core::generate(intent, seed)
        })
    }

    /// Title, style, chords and scales from the model, the melody from the engine.
    pub async fn hybrid(&self, intent: &Intent, seed: u64) -> Outcome {
        let messages = self.prompts.messages(intent, Task::Harmonic);
        let schema = prompt::schema(Task::Harmonic);
        let (found, attempts, why) = self
            .converse(
                messages,
                &schema,
                Retry::Whole(meter_of(intent)),
                drafted(|d, _| hybrid_jam(d, intent, seed)),
            )
            .await;
        finish(found, attempts, why, || {
            jamsesh_core::generate(intent, seed)
        })
    }

    /// A new melody over a jam's chords from the model, steered by a short text; the engine's
    /// `jamsesh_core::new_melody` if the model fails.
    pub async fn new_melody(
        &self,
        original: &Jam,
        seed: u64,
        steer: &str,
    ) -> Result<Outcome, jamsesh_core::JamError> {
        let messages = vec![
            Message::new("system", self.prompts.system_for(Task::Melody)),
            Message::new("user", prompt::melody_request(original, steer)),
        ];
        let schema = prompt::schema(Task::Melody);
        let (found, attempts, why) = self
            .converse(
                messages,
                &schema,
                Retry::Whole(original.meter.clone()),
                drafted(|d, _| melody_jam(d, original)),
            )
            .await;
        if found.is_none() {
            // Fails early (Err) when the jam itself cannot carry a melody.
            jamsesh_core::new_melody(original, seed, steer)?;
        }
        Ok(finish(found, attempts, why, || {
            jamsesh_core::new_melody(original, seed, steer).unwrap_or_else(|_| original.clone())
        }))
    }

    /// A second voice from the model (third or sixth above the melody, or a bass line) over
    /// the jam's melody; the engine's `jamsesh_core::harmony` if the model fails. `source` stays the
    /// jam's own; `fallback` says when the engine wrote the voice.
    pub async fn harmony(
        &self,
        original: &Jam,
        kind: HarmonyKind,
    ) -> Result<Outcome, jamsesh_core::JamError> {
        // The engine's version gives the two-voice layout, and is the fallback.
        let engine = jamsesh_core::harmony(original, kind)?;
        let messages = vec![
            Message::new("system", self.prompts.system_for(Task::Voice)),
            Message::new("user", prompt::voice_request(original, kind)),
        ];
        let schema = prompt::schema(Task::Voice);
        let (found, attempts, why) = self
            .converse(
                messages,
                &schema,
                Retry::Whole(original.meter.clone()),
                |t| voice_jam(t, original, &engine),
            )
            .await;
        Ok(match found {
            Some((jam, report)) => Outcome {
                jam,
                report,
                attempts,
                fallback: None,
            },
            None => Outcome {
                report: jamsesh_core::review(&engine),
                jam: engine,
                attempts,
                fallback: Some(why),
            },
        })
    }

    /// Up to two answers: the request, then (if rejected or unreadable) one correction, which
    /// for a full jam asks only for the field that was wrong when the rest passed.
    async fn converse(
        &self,
        mut messages: Vec<Message>,
        schema: &serde_json::Value,
        retry: Retry,
        check: impl Fn(&str) -> Result<(Jam, Report, Verdict), Vec<Finding>>,
    ) -> (Option<(Jam, Report)>, Vec<Attempt>, String) {
        let mut attempts = Vec::new();
        let mut why = String::new();
        let mut schema = schema.clone();
        for _ in 0..MAX_ANSWERS {
            let completion = match self.client.complete(&messages, &schema).await {
                Ok(c) => c,
                Err(e) => {
                    attempts.push(Attempt::server_failed(&e));
                    return (None, attempts, format!("the LLM server failed: {e}"));
                }
            };
            let (result, follow_up, only) = judge(&completion, &check, &retry);
            if let Some(field) = only {
                schema = prompt::field_schema(field);
            }
            match result {
                Ok((jam, report, verdict)) => {
                    attempts.push(Attempt {
                        verdict,
                        errors: Vec::new(),
                        requests: completion.requests,
                    });
                    return (Some((jam, report)), attempts, why);
                }
                Err((verdict, errors)) => {
                    why = match verdict {
                        Verdict::Unreadable => "the LLM's answers could not be read".into(),
                        _ => "the critic rejected the LLM's answers".into(),
                    };
                    why = format!(
                        "{why} ({})",
                        errors.first().map_or(String::new(), |f| f.message.clone())
                    );
                    attempts.push(Attempt {
                        verdict,
                        errors,
                        requests: completion.requests,
                    });
                    let echoed: String = completion.content.chars().take(ECHO_CHARS).collect();
                    messages.push(Message::new("assistant", echoed));
                    messages.push(Message::new("user", follow_up));
                }
            }
        }
        (None, attempts, why)
    }
}

type Judged = Result<(Jam, Report, Verdict), (Verdict, Vec<Finding>)>;

/// How a rejected answer is corrected: for a full jam, by asking only for the field that was
/// wrong when the rest passed; otherwise by asking for the whole answer again. Both carry the
/// meter the critic's bar lengths are measured in.
enum Retry {
    Targeted(String),
    Whole(String),
}

fn meter_of(intent: &Intent) -> String {
    format!("{}/{}", intent.meter.0, intent.meter.1)
}

/// Reads and checks one answer; on failure also the follow-up message for the model and the
/// one field it asks for, if only one.
fn judge(
    completion: &Completion,
    check: &impl Fn(&str) -> Result<(Jam, Report, Verdict), Vec<Finding>>,
    retry: &Retry,
) -> (Judged, String, Option<&'static str>) {
    match check(&completion.content) {
        Ok(found) => (Ok(found), String::new(), None),
        Err(mut errors) => {
            if errors.iter().all(|f| f.check == "json") {
                if completion.truncated() {
                    for f in &mut errors {
                        f.message = format!(
                            "the model ran out of tokens (finish_reason \"length\"): {}",
                            f.message
                        );
                    }
                }
                let reason = errors.first().map_or(String::new(), |f| f.message.clone());
                (
                    Err((Verdict::Unreadable, errors)),
                    prompt::unreadable(&reason),
                    None,
                )
            } else {
                let (meter, targeted) = match retry {
                    Retry::Targeted(m) => (m, true),
                    Retry::Whole(m) => (m, false),
                };
                let mut c = prompt::correction(&errors, meter);
                if !targeted && c.only.is_some() {
                    c = prompt::correction_whole(&errors, meter);
                }
                (Err((Verdict::Rejected, errors)), c.message, c.only)
            }
        }
    }
}

/// A check over a draft as a check over the answer's text. A later answer is read over the
/// earlier one: what it leaves out (a targeted retry sends only `example` or `scales`) is
/// what the model said before.
fn drafted(
    check: impl Fn(&Draft, bool) -> Result<(Jam, Report, Verdict), Vec<Finding>>,
) -> impl Fn(&str) -> Result<(Jam, Report, Verdict), Vec<Finding>> {
    let earlier: RefCell<Option<Draft>> = RefCell::new(None);
    move |text| {
        let draft = draft_from_text(text).map_err(|e| vec![finding("json", e)])?;
        let draft = match earlier.borrow().as_ref() {
            Some(before) => over(draft, before),
            None => draft,
        };
        // The model writes at most two answers: one read over an earlier one is the last.
        let last = earlier.borrow().is_some();
        *earlier.borrow_mut() = Some(draft.clone());
        check(&draft, last)
    }
}

/// `new` with the fields it lacks taken from `before`.
fn over(new: Draft, before: &Draft) -> Draft {
    let pick = |a: Option<String>, b: &Option<String>| a.or_else(|| b.clone());
    Draft {
        title: pick(new.title, &before.title),
        style: pick(new.style, &before.style),
        key: pick(new.key, &before.key),
        mode: pick(new.mode, &before.mode),
        meter: pick(new.meter, &before.meter),
        tempo: new.tempo.or(before.tempo),
        bars: new.bars.or(before.bars),
        chords: pick(new.chords, &before.chords),
        scales: pick(new.scales, &before.scales),
        example: pick(new.example, &before.example),
    }
}

/// The outcome: the model's jam, or the engine's with the reason.
fn finish(
    found: Option<(Jam, Report)>,
    attempts: Vec<Attempt>,
    why: String,
    engine: impl FnOnce() -> Jam,
) -> Outcome {
    match found {
        Some((jam, report)) => Outcome {
            jam,
            report,
            attempts,
            fallback: None,
        },
        None => {
            let mut jam = engine();
            jam.source = Source::EngineFallback;
            let report = jamsesh_core::review(&jam);
            Outcome {
                jam,
                report,
                attempts,
                fallback: Some(why),
            }
        }
    }
}

/// The engine alone, as an outcome.
pub fn engine(intent: &Intent, seed: u64) -> Outcome {
    let jam = jamsesh_core::generate(intent, seed);
    let report = jamsesh_core::review(&jam);
    Outcome {
        jam,
        report,
        attempts: Vec::new(),
        fallback: None,
    }
}

/// A finding of one of the pipeline's own checks (not the critic's).
pub(crate) fn finding(check: &'static str, message: impl Into<String>) -> Finding {
    Finding {
        check,
        message: message.into(),
    }
}

/// The draft as a jam for the intent: key, meter, tempo and bars from the answer where it
/// gives them (the critic holds them to what the prompt asked), the rest from the intent.
pub fn draft_to_jam(d: &Draft, intent: &Intent, seed: u64) -> Result<Jam, Vec<Finding>> {
    let chords = d
        .chords
        .clone()
        .ok_or_else(|| vec![finding("json", "the answer has no \"chords\"")])?;
    let key = match (&d.key, &d.mode) {
        (None, _) => intent.key,
        (Some(k), Some(m)) => jamsesh_core::parse_key(&format!("{k} {m}"))
            .or_else(|_| jamsesh_core::parse_key(k))
            .map_err(|e| vec![finding("key", e.to_string())])?,
        (Some(k), None) => {
            jamsesh_core::parse_key(k).map_err(|e| vec![finding("key", e.to_string())])?
        }
    };
    let meter = d
        .meter
        .as_deref()
        .map(|m| {
            m.chars()
                .filter(|c| c.is_ascii_digit() || *c == '/')
                .collect::<String>()
        })
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| format!("{}/{}", intent.meter.0, intent.meter.1));
    let tempo = d
        .tempo
        .filter(|t| (30..=320).contains(t))
        .unwrap_or(intent.tempo);
    let bars = d
        .bars
        .filter(|b| (1..=256).contains(b))
        .unwrap_or_else(|| chords.split('|').filter(|b| !b.trim().is_empty()).count() as u32);
    let needs_engine = d.title.is_none() || d.style.is_none() || d.scales.is_none();
    let engine = needs_engine.then(|| jamsesh_core::generate(intent, seed));
    let from_engine = |f: fn(&Jam) -> &String| engine.as_ref().map(f).cloned().unwrap_or_default();
    // Honest provenance: what the engine wrote is named, and the jam is `llm+engine`.
    let filled: Vec<String> = [
        ("title", d.title.is_none()),
        ("style", d.style.is_none()),
        ("scales", d.scales.is_none()),
    ]
    .iter()
    .filter(|(_, missing)| *missing)
    .map(|(f, _)| format!("{f} written by the engine"))
    .collect();
    Ok(Jam {
        title: d.title.clone().unwrap_or_else(|| from_engine(|j| &j.title)),
        style: d.style.clone().unwrap_or_else(|| from_engine(|j| &j.style)),
        chords,
        scales: d
            .scales
            .clone()
            .unwrap_or_else(|| from_engine(|j| &j.scales)),
        example: d.example.clone().unwrap_or_default(),
        key: key.tonic.to_string(),
        mode: key.mode.name().to_string(),
        meter,
        tempo,
        bars,
        seed,
        source: if filled.is_empty() {
            Source::Llm
        } else {
            Source::Hybrid
        },
        style_id: intent.style.id.to_string(),
        instrument: intent.instrument.name.to_string(),
        prompt: intent.prompt.clone(),
        overrides: intent.overrides.clone(),
        transposed: 0,
        chord_scales: Vec::new(),
        understood: intent.understood.clone(),
        repairs: filled,
    })
}

/// Critic, then repair: the jam if it ends up valid, else the critic's first errors. What the
/// critic's repair changed is added to `repairs` in its own words.
fn criticise(jam: Jam) -> Result<(Jam, Report, Verdict), Vec<Finding>> {
    let first = jamsesh_core::review(&jam);
    if first.valid {
        return Ok((jam, first, Verdict::Valid));
    }
    let (mut fixed, report) = jamsesh_core::repair(&jam);
    if report.valid {
        fixed.repairs.extend(
            first
                .errors
                .iter()
                .map(|f| format!("critic repaired: {}", f.message)),
        );
        Ok((fixed, report, Verdict::Repaired))
    } else {
        Err(first.errors)
    }
}

/// A jam whose answer was changed on the way in is not `llm` as written.
fn mark_repaired(mut found: (Jam, Report, Verdict)) -> (Jam, Report, Verdict) {
    if found.0.source == Source::Llm {
        found.0.source = Source::LlmRepair;
    }
    if found.2 == Verdict::Valid {
        found.2 = Verdict::Repaired;
    }
    found
}

/// Reads, checks and repairs one full-jam answer as the pipeline does (no network).
pub fn check_answer(
    text: &str,
    intent: &Intent,
    seed: u64,
) -> Result<(Jam, Report, Verdict), Vec<Finding>> {
    let draft = draft_from_text(text).map_err(|e| vec![finding("json", e)])?;
    full_jam(&draft, intent, seed, false)
}

fn full_jam(
    d: &Draft,
    intent: &Intent,
    seed: u64,
    last: bool,
) -> Result<(Jam, Report, Verdict), Vec<Finding>> {
    if d.example.is_none() {
        return Err(vec![finding(
            "json",
            "the answer has no \"example\" melody",
        )]);
    }
    let settled = if last {
        forgive::settle_last(d, intent)
    } else {
        forgive::settle(d, intent)
    };
    let mut jam = draft_to_jam(&settled.draft, intent, seed)?;
    let mut repaired = !settled.repairs.is_empty();
    let mut repairs = settled.repairs;
    repairs.append(&mut jam.repairs);
    jam.repairs = repairs;
    if let Some((moved, note)) = rekey::to_asked_key(&jam, intent) {
        jam = moved;
        jam.repairs.push(note);
        repaired = true;
    }
    criticise(jam).map(|found| {
        if repaired {
            mark_repaired(found)
        } else {
            found
        }
    })
}

fn hybrid_jam(
    d: &Draft,
    intent: &Intent,
    seed: u64,
) -> Result<(Jam, Report, Verdict), Vec<Finding>> {
    let mut draft = draft_to_jam(d, intent, seed)?;
    if let Some((moved, note)) = rekey::to_asked_key(&draft, intent) {
        draft = moved;
        draft.repairs.push(note);
    }
    // The engine's melody follows the chords as written, so the count is the chords' own.
    draft.bars = draft
        .chords
        .split('|')
        .filter(|b| !b.trim().is_empty())
        .count() as u32;
    let mut out = jamsesh_core::new_melody(&draft, seed, "")
        .map_err(|e| vec![finding("chords", e.to_string())])?;
    out.example = retitle(&out.example, &draft.title);
    out.title = draft.title.clone();
    out.style = draft.style.clone();
    let engine_scales = std::mem::replace(&mut out.scales, draft.scales.clone());
    out.source = Source::Hybrid;
    out.seed = seed;
    let mut report = jamsesh_core::review(&out);
    if !report.valid && report.errors.iter().all(|f| f.check == "scales") {
        // The model's scales do not fit its key: the engine's do.
        out.scales = engine_scales;
        report = jamsesh_core::review(&out);
    }
    if report.valid {
        Ok((out, report, Verdict::Valid))
    } else {
        Err(report.errors)
    }
}

/// The ABC with its first `T:` line set to a title.
fn retitle(abc: &str, title: &str) -> String {
    let clean: String = title.chars().filter(|c| !c.is_control()).collect();
    let mut done = false;
    let mut out: Vec<String> = Vec::new();
    for line in abc.lines() {
        if !done && line.starts_with("T:") {
            out.push(format!("T:{clean}"));
            done = true;
        } else {
            out.push(line.to_string());
        }
    }
    let mut text = out.join("\n");
    if abc.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The model's second voice spliced under `[V:2]` of the engine's two-voice layout, checked
/// bar by bar against the meter and the melody's length.
fn voice_jam(
    text: &str,
    original: &Jam,
    layout: &Jam,
) -> Result<(Jam, Report, Verdict), Vec<Finding>> {
    let object = find_object(text).map_err(|e| vec![finding("json", e)])?;
    let voice = text_field(
        &object,
        &["voice", "harmony", "bass", "second_voice", "abc", "example"],
        "\n",
    )
    .ok_or_else(|| vec![finding("json", "the answer has no \"voice\"")])?;
    let music = music_lines(&voice);
    if music.trim().is_empty() {
        return Err(vec![finding("json", "the voice holds no music")]);
    }
    let Some(at) = layout.example.find("[V:2]\n") else {
        return Err(vec![finding("abc", "the layout has no second voice")]);
    };
    let example = format!(
        "{}{}\n",
        &layout.example[..at + "[V:2]\n".len()],
        music.trim_end()
    );
    let (tunes, diags) = jamsesh_abc::parse_tunes(&example);
    let mut errors: Vec<Finding> = diags
        .iter()
        .filter(|d| d.severity == jamsesh_abc::Severity::Error)
        .take(5)
        .map(|d| finding("abc", format!("the voice: {}", d.message)))
        .collect();
    let second = tunes.first().and_then(|t| t.voices.get(1).map(|v| (t, v)));
    match second {
        None => errors.push(finding("abc", "the voice could not be read as ABC music")),
        Some((tune, v)) => {
            let bars: Vec<_> = v.bars.iter().filter(|b| !b.events.is_empty()).collect();
            if bars.len() != original.bars as usize {
                errors.push(finding(
                    "meter",
                    format!(
                        "the voice has {} bars but the melody has {}",
                        bars.len(),
                        original.bars
                    ),
                ));
            }
            if let Some(len) = tune.meter.bar_length() {
                for (i, b) in bars.iter().enumerate() {
                    if b.duration != len {
                        errors.push(finding(
                            "meter",
                            format!(
                                "voice bar {} lasts {} of a whole note; {} needs {len}",
                                i + 1,
                                b.duration,
                                original.meter
                            ),
                        ));
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let jam = Jam {
        example,
        ..original.clone()
    };
    let report = jamsesh_core::review(&jam);
    if report.valid {
        Ok((jam, report, Verdict::Valid))
    } else {
        Err(report.errors)
    }
}

/// ABC music lines only: header fields, voice markers, comments and chord symbols removed.
fn music_lines(abc: &str) -> String {
    let mut out = String::new();
    for line in abc.lines() {
        let t = line.trim();
        let is_field =
            t.len() > 1 && t.as_bytes()[1] == b':' && t.as_bytes()[0].is_ascii_alphabetic();
        if t.is_empty() || is_field || t.starts_with("[V:") || t.starts_with('%') {
            continue;
        }
        let mut in_quote = false;
        let cleaned: String = t
            .chars()
            .filter(|&c| {
                if c == '"' {
                    in_quote = !in_quote;
                    return false;
                }
                !in_quote
            })
            .collect();
        out.push_str(&cleaned);
        out.push('\n');
    }
    out
}

fn melody_jam(d: &Draft, original: &Jam) -> Result<(Jam, Report, Verdict), Vec<Finding>> {
    let example = d
        .example
        .clone()
        .ok_or_else(|| vec![finding("json", "the answer has no \"example\" melody")])?;
    let jam = Jam {
        example,
        source: Source::Llm,
        ..original.clone()
    };
    criticise(jam)
}
