//! Our system prompt and few-shot examples (`prompts/` at the repository root, embedded at
//! build time, overridable at run time), and the chat messages built from them.

use crate::draft::Draft;
use crate::error::LlmError;
use crate::extract::draft_from_object;
use jamsesh_core::{Finding, Intent};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::path::Path;

const SYSTEM: &str = include_str!("../../../prompts/system.md");
const INTENT_SYSTEM: &str = include_str!("../../../prompts/intent.md");
const INTENT_EXAMPLES: &str = include_str!("../../../prompts/intent-examples.json");
const EXAMPLES: [(&str, &str); 5] = [
    (
        "01-blues.json",
        include_str!("../../../prompts/examples/01-blues.json"),
    ),
    (
        "02-jazz.json",
        include_str!("../../../prompts/examples/02-jazz.json"),
    ),
    (
        "03-celtic.json",
        include_str!("../../../prompts/examples/03-celtic.json"),
    ),
    (
        "04-funk.json",
        include_str!("../../../prompts/examples/04-funk.json"),
    ),
    (
        "05-bossa.json",
        include_str!("../../../prompts/examples/05-bossa.json"),
    ),
];

/// One chat message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// `system`, `user` or `assistant`.
    pub role: &'static str,
    /// The text.
    pub content: String,
}

impl Message {
    /// A message with a role.
    pub fn new(role: &'static str, content: impl Into<String>) -> Message {
        Message {
            role,
            content: content.into(),
        }
    }
}

/// A few-shot example: a prompt and the jam fields we would answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// File name it came from.
    pub name: String,
    /// The musician's prompt.
    pub prompt: String,
    /// The answer object (title, style, key, mode, meter, tempo, bars, chords, scales, example).
    pub answer: Map<String, Value>,
}

impl Example {
    /// The answer read as a draft, as the pipeline would read a model's answer.
    pub fn draft(&self) -> Draft {
        draft_from_object(&self.answer)
    }
}

/// The system prompt and few-shot examples.
#[derive(Clone, Debug, PartialEq)]
pub struct Prompts {
    /// The system prompt.
    pub system: String,
    /// Few-shot examples, in order.
    pub examples: Vec<Example>,
    /// The system prompt for reading a prompt into an intent (`{styles}` is the catalogue).
    pub intent_system: String,
    /// Few-shot pairs for the intent reader: a request and its intent object.
    pub intent_examples: Vec<Example>,
}

/// What the model is asked to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// A whole jam, melody included.
    Full,
    /// Title, style, key, chords and scales only (the engine writes the melody).
    Harmonic,
    /// Only a new `example` melody over a given jam's chords.
    Melody,
    /// Only a second voice (`voice`) under or over a given jam's melody.
    Voice,
}

impl Prompts {
    /// The prompts compiled into the binary.
    pub fn embedded() -> Prompts {
        let examples = EXAMPLES
            .iter()
            .filter_map(|(name, text)| parse_example(name, text).ok())
            .collect();
        Prompts {
            system: SYSTEM.to_string(),
            examples,
            intent_system: INTENT_SYSTEM.to_string(),
            intent_examples: parse_intent_examples("intent-examples.json", INTENT_EXAMPLES)
                .unwrap_or_default(),
        }
    }

    /// Prompts from a directory: `system.md` and `examples/*.json` (either may be missing,
    /// and then the embedded one is used).
    pub fn load(dir: &Path) -> Result<Prompts, LlmError> {
        let mut prompts = Prompts::embedded();
        let read = |p: &Path| {
            std::fs::read_to_string(p)
                .map_err(|e| LlmError::Config(format!("reading {}: {e}", p.display())))
        };
        let system = dir.join("system.md");
        if system.is_file() {
            prompts.system = read(&system)?;
        }
        let intent = dir.join("intent.md");
        if intent.is_file() {
            prompts.intent_system = read(&intent)?;
        }
        let intent_examples = dir.join("intent-examples.json");
        if intent_examples.is_file() {
            prompts.intent_examples =
                parse_intent_examples("intent-examples.json", &read(&intent_examples)?)
                    .map_err(LlmError::Config)?;
        }
        let examples = dir.join("examples");
        if examples.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(&examples)
                .map_err(|e| LlmError::Config(format!("reading {}: {e}", examples.display())))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            files.sort();
            prompts.examples = files
                .iter()
                .map(|p| {
                    let name = p
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    parse_example(&name, &read(p)?).map_err(LlmError::Config)
                })
                .collect::<Result<_, _>>()?;
        }
        Ok(prompts)
    }

    /// Messages asking for a jam for an intent: system, the few-shot pairs, the request.
    pub fn messages(&self, intent: &Intent, task: Task) -> Vec<Message> {
        let mut out = vec![Message::new("system", self.system_for(task))];
        for ex in &self.examples {
            let Ok(ex_intent) = jamsesh_core::parse_intent(&ex.prompt, &Default::default()) else {
                continue;
            };
            let mut answer = ex.answer.clone();
            if task == Task::Harmonic {
                answer.remove("example");
            }
            out.push(Message::new("user", request(&ex_intent, task)));
            out.push(Message::new("assistant", Value::Object(answer).to_string()));
        }
        out.push(Message::new("user", request(intent, task)));
        out
    }

    /// The system prompt for a task.
    pub fn system_for(&self, task: Task) -> String {
        match task {
            Task::Full => self.system.clone(),
            Task::Harmonic => format!(
                "{}\nFor this session leave out \"example\": another musician writes the melody.\n",
                self.system
            ),
            Task::Melody => format!(
                "{}\nFor this session you get an existing jam and write only a new melody for it: \
                 answer with a JSON object with one field, \"example\", the ABC tune over exactly \
                 the given chords, key, meter and tempo.\n",
                self.system
            ),
            Task::Voice => format!(
                "{}\nFor this session you get an existing jam and write only a second voice for \
                 its melody: answer with a JSON object with one field, \"voice\", holding only ABC \
                 music lines (no header lines, no chord symbols), with as many bars as the melody, \
                 each bar filling the meter exactly, in the key of the jam.\n",
                self.system
            ),
        }
    }
}

/// `[{"prompt": …, "answer": {…}}, …]`.
fn parse_intent_examples(name: &str, text: &str) -> Result<Vec<Example>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    v.as_array()
        .ok_or_else(|| format!("{name}: not a list of examples"))?
        .iter()
        .map(|item| example_from(name, item))
        .collect()
}

fn parse_example(name: &str, text: &str) -> Result<Example, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    example_from(name, &v)
}

fn example_from(name: &str, v: &Value) -> Result<Example, String> {
    let prompt = v
        .get("prompt")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{name}: no \"prompt\""))?
        .to_string();
    let answer = v
        .get("answer")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{name}: no \"answer\" object"))?
        .clone();
    Ok(Example {
        name: name.to_string(),
        prompt,
        answer,
    })
}

/// The user message for an intent: the prompt, then what is required and what is suggested.
pub fn request(intent: &Intent, task: Task) -> String {
    let e = &intent.explicit;
    let line = |explicit: bool, what: String| {
        format!(
            "- {} {what}\n",
            if explicit { "REQUIRED:" } else { "suggested:" }
        )
    };
    let mut text = format!("Prompt: {}\n\n", intent.prompt.trim());
    text.push_str(&line(
        e.key,
        format!(
            "key {} (key \"{}\", mode \"{}\")",
            intent.key,
            intent.key.tonic,
            intent.key.mode.name()
        ),
    ));
    text.push_str(&line(
        e.meter,
        format!("meter {}/{}", intent.meter.0, intent.meter.1),
    ));
    text.push_str(&line(e.tempo, format!("tempo {} bpm", intent.tempo)));
    text.push_str(&line(e.bars, format!("{} bars", intent.bars)));
    text.push_str(&format!("- style: {}\n", intent.style.name));
    if intent.instrument.name != "any" {
        text.push_str(&format!("- the melody is for {}\n", intent.instrument.name));
    }
    text.push_str(match task {
        Task::Full => "\nAnswer with the jam JSON object.",
        Task::Harmonic => "\nAnswer with the jam JSON object, without \"example\".",
        Task::Melody => "\nAnswer with {\"example\": \"...\"}.",
        Task::Voice => "\nAnswer with {\"voice\": \"...\"}.",
    });
    text
}

/// The follow-up after an answer the critic rejected: the problems in a musician's words
/// (`bars 3 and 5 are 5/8 long in 4/4`), and, when only one field was wrong, a request for
/// that field alone (`only`), so the model need not rewrite what already passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    /// The message to send.
    pub message: String,
    /// The one field asked for again (`example` or `scales`), when the rest passed.
    pub only: Option<&'static str>,
}

/// Which field of a full jam a finding is about.
fn field_of(f: &Finding) -> &'static str {
    let m = f.message.as_str();
    match f.check {
        "abc" => "example",
        "meter" if m.contains("the example") || m.starts_with("bar ") => "example",
        "chords" if m.starts_with("bar ") && m.contains("the example says") => "example",
        "key" if m.contains("the example") => "example",
        "scales" => "scales",
        _ => "all",
    }
}

/// `3`, `3 and 5`, `2, 4 and 6`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The critic's findings, grouped and said as a musician would: bar lengths together, chord
/// symbols together, the rest as they are.
pub fn describe(errors: &[Finding], meter: &str) -> Vec<String> {
    let mut out = Vec::new();
    // bar N lasts X of a whole note; M needs Y
    let mut lengths: Vec<(String, Vec<String>)> = Vec::new();
    let mut symbols: Vec<(String, String)> = Vec::new();
    for f in errors {
        let m = f.message.as_str();
        if let Some((bar, len)) = m
            .strip_prefix("bar ")
            .and_then(|r| r.split_once(" lasts "))
            .and_then(|(b, r)| r.split_once(" of a whole note").map(|(l, _)| (b, l)))
        {
            match lengths.iter_mut().find(|(l, _)| l == len) {
                Some((_, bars)) => bars.push(bar.to_string()),
                None => lengths.push((len.to_string(), vec![bar.to_string()])),
            }
            continue;
        }
        if let Some((bar, rest)) = m
            .strip_prefix("bar ")
            .and_then(|r| r.split_once(": the example says "))
        {
            let (said, want) = rest
                .split_once(" but `chords` says ")
                .unwrap_or((rest, "?"));
            symbols.push((
                bar.to_string(),
                format!("bar {bar} has {said} where `chords` has {want}"),
            ));
            continue;
        }
        out.push(f.message.clone());
    }
    for (len, bars) in lengths {
        let (s, verb) = if bars.len() == 1 {
            ("", "is")
        } else {
            ("s", "are")
        };
        out.push(format!(
            "bar{s} {} {verb} {len} of a whole note long in {meter}; every bar must last exactly {meter}",
            and_list(&bars)
        ));
    }
    if !symbols.is_empty() {
        let bars: Vec<String> = symbols.iter().map(|(b, _)| b.clone()).collect();
        let s = if bars.len() == 1 { "" } else { "s" };
        let detail: Vec<String> = symbols.into_iter().map(|(_, d)| d).collect();
        out.push(format!(
            "the chord symbols in bar{s} {} disagree with `chords` ({})",
            and_list(&bars),
            detail.join("; ")
        ));
    }
    out
}

/// The follow-up message after an answer the critic rejected, for a full jam in `meter`.
pub fn correction(errors: &[Finding], meter: &str) -> Correction {
    let mut fields: Vec<&'static str> = errors.iter().map(field_of).collect();
    fields.sort_unstable();
    fields.dedup();
    let only = match fields.as_slice() {
        ["example"] => Some("example"),
        ["scales"] => Some("scales"),
        _ => None,
    };
    let mut text = String::from("A music critic checked your jam and found these problems:\n");
    for line in describe(errors, meter).iter().take(12) {
        text.push_str(&format!("- {line}\n"));
    }
    text.push_str(match only {
        Some("example") => {
            "\nEverything else passed. Answer with only {\"example\": \"...\"}: the whole ABC \
             tune again, over exactly the same chords, key and meter, every problem fixed."
        }
        Some(_) => {
            "\nEverything else passed. Answer with only {\"scales\": \"...\"}: one to three \
             scales of the jam's key, each with its notes in parentheses."
        }
        None => "\nFix every problem and answer again with the whole corrected JSON object, nothing else.",
    });
    Correction {
        message: text,
        only,
    }
}

/// The follow-up asking for the whole answer again (tasks whose answer is one field already,
/// or whose draft cannot take a single field back).
pub fn correction_whole(errors: &[Finding], meter: &str) -> Correction {
    let mut text = String::from("A music critic checked your answer and found these problems:\n");
    for line in describe(errors, meter).iter().take(12) {
        text.push_str(&format!("- {line}\n"));
    }
    text.push_str(
        "\nFix every problem and answer again with the whole corrected JSON object, nothing else.",
    );
    Correction {
        message: text,
        only: None,
    }
}

/// The schema of a one-field answer (`{"example": "…"}`), for a targeted retry.
pub fn field_schema(field: &str) -> Value {
    json!({
        "type": "object",
        "properties": { field: {"type": "string"} },
        "required": [field],
        "additionalProperties": false
    })
}

/// The follow-up message after an answer that held no readable JSON.
pub fn unreadable(reason: &str) -> String {
    format!(
        "Your answer could not be read: {reason}. Answer again with only the JSON object, \
         complete and short enough to finish."
    )
}

/// The user message asking for a new melody over an existing jam.
pub fn melody_request(jam: &jamsesh_core::Jam, steer: &str) -> String {
    let mut text = format!(
        "Here is a jam.\ntitle: {}\nkey: {} {}\nmeter: {}\ntempo: {}\nbars: {}\nchords: {}\nscales: {}\n",
        jam.title, jam.key, jam.mode, jam.meter, jam.tempo, jam.bars, jam.chords, jam.scales
    );
    if !steer.trim().is_empty() {
        text.push_str(&format!("\nMake the new melody: {}\n", steer.trim()));
    }
    text.push_str("\nWrite a new example melody over exactly these chords. Answer with {\"example\": \"...\"}.");
    text
}

/// The user message asking for a second voice for a jam's melody.
pub fn voice_request(jam: &jamsesh_core::Jam, kind: jamsesh_core::HarmonyKind) -> String {
    use jamsesh_core::HarmonyKind;
    let what = match kind {
        HarmonyKind::ThirdAbove => {
            "a harmony line a diatonic third above the melody, note for note"
        }
        HarmonyKind::SixthAbove => {
            "a harmony line a diatonic sixth above the melody, note for note"
        }
        HarmonyKind::ThirdBelow => {
            "a harmony line a diatonic third below the melody, note for note"
        }
        HarmonyKind::SixthBelow => {
            "a harmony line a diatonic sixth below the melody, note for note"
        }
        HarmonyKind::Bass => {
            "a bass line in bass clef on the chord roots and fifths (low octave, e.g. C,, to C)"
        }
    };
    format!(
        "Here is a jam.\nkey: {} {}\nmeter: {}\nbars: {}\nchords: {}\nmelody (ABC):\n{}\n\n\
         Write {what}. Exactly {} bars, each filling {} exactly, L:1/8, no chord symbols, no header \
         lines. Answer with {{\"voice\": \"...\"}}.",
        jam.key, jam.mode, jam.meter, jam.bars, jam.chords, jam.example.trim(), jam.bars, jam.meter
    )
}

/// JSON schema of the answer for a task (for `response_format: json_schema`, strict).
pub fn schema(task: Task) -> Value {
    let string = json!({"type": "string"});
    let integer = json!({"type": "integer"});
    let fields: Vec<(&str, &Value)> = match task {
        Task::Melody => vec![("example", &string)],
        Task::Voice => vec![("voice", &string)],
        _ => {
            let mut f = vec![
                ("title", &string),
                ("style", &string),
                ("key", &string),
                ("mode", &string),
                ("meter", &string),
                ("tempo", &integer),
                ("bars", &integer),
                ("chords", &string),
                ("scales", &string),
            ];
            if task == Task::Full {
                f.push(("example", &string));
            }
            f
        }
    };
    let properties: Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), (*v).clone()))
        .collect();
    let required: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(check: &'static str, message: &str) -> Finding {
        Finding {
            check,
            message: message.into(),
        }
    }

    #[test]
    fn faults_are_named_bar_by_bar_and_only_the_wrong_field_is_asked_for() {
        let errors = [
            f("meter", "bar 3 lasts 5/8 of a whole note; 4/4 needs 1"),
            f("meter", "bar 5 lasts 5/8 of a whole note; 4/4 needs 1"),
            f("chords", "bar 2: the example says F but `chords` says Eb7"),
            f(
                "chords",
                "bar 6: the example says Ab7 but `chords` says Eb7",
            ),
        ];
        let c = correction(&errors, "4/4");
        assert_eq!(c.only, Some("example"));
        assert!(
            c.message.contains(
                "bars 3 and 5 are 5/8 of a whole note long in 4/4; every bar must last exactly 4/4"
            ),
            "{}",
            c.message
        );
        assert!(c.message.contains(
            "the chord symbols in bars 2 and 6 disagree with `chords` (bar 2 has F where `chords` has Eb7; bar 6 has Ab7 where `chords` has Eb7)"
        ), "{}", c.message);
        assert!(c.message.contains("Answer with only {\"example\""));
        // A fault outside the example: the whole object again.
        let mixed = [
            errors[0].clone(),
            f("prompt", "the prompt asks for 120 bpm but the jam says 96"),
        ];
        let c = correction(&mixed, "4/4");
        assert_eq!(c.only, None);
        assert!(c.message.contains("whole corrected JSON object"));
        let scales = [f("scales", "C major does not start on a note of Bb dorian")];
        assert_eq!(correction(&scales, "4/4").only, Some("scales"));
    }
}
