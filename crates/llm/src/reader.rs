//! The model as the prompt reader: it answers a small JSON intent (a style id from our
//! catalogue, key, mode, tempo, meter, bars, mood, instrument), every field is checked against
//! the catalogue, and the engine composes. Made for small local models: a short prompt, a few
//! dozen output tokens, a strict schema, one retry (for no JSON, JSON cut off at `max_tokens`,
//! or a style off the catalogue), what was complete of a cut-off answer kept.

use crate::extract::{find_object, number_field, text_field};
use crate::lenient;
use crate::pipeline::{finding, Attempt, Llm, Outcome, Verdict};
use crate::prompt::Message;
use jamsesh_core::{
    Finding, Hints, Intent, IntentError, Overrides, Source, Style, BARS, METERS, STYLES, TEMPO,
};
use jamsesh_theory::key::Mode;
use jamsesh_theory::note::Note;
use serde_json::{json, Map, Value};

/// Tokens an intent answer may take: eight short fields fit in about sixty.
pub const INTENT_MAX_TOKENS: u32 = 160;

/// Answers the model writes for one prompt: the first and one retry.
const MAX_ANSWERS: usize = 2;

/// Whose reading wins where the model and the prompt's words (the rule-based reader) differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Trust {
    /// The words win; the model fills only what they leave open (style, key, tempo, … not
    /// read). What `--backend intent` uses.
    #[default]
    Gaps,
    /// The model's valid fields win; the words fill what the model left out or got wrong.
    Model,
}

/// A prompt read by the model and the rules together.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The intent the engine composes from.
    pub intent: Intent,
    /// The model's fields that passed the catalogue check.
    pub hints: Hints,
    /// The model's fields that did not, each with why (the rules' reading took their place).
    pub rejected: Vec<String>,
    /// The model's answers in order.
    pub attempts: Vec<Attempt>,
    /// Why nothing of the model's was usable, when so (server failure, unreadable answers).
    pub fallback: Option<String>,
}

/// One answer read: the fields that passed, the ones that did not, and whether any field
/// was read at all.
#[derive(Clone, Debug, Default, PartialEq)]
struct Answer {
    hints: Hints,
    rejected: Vec<(&'static str, String)>,
    read: bool,
}

impl Llm {
    /// The prompt read by the model, merged with the rule-based reading as `trust` says.
    /// Fails only where the rules fail (an empty prompt, options out of range).
    pub async fn read(
        &self,
        prompt: &str,
        overrides: &Overrides,
        trust: Trust,
    ) -> Result<Reading, IntentError> {
        // A prompt the rules refuse (empty, options out of range) is refused before the model.
        jamsesh_core::parse_intent(prompt, overrides)?;
        let mut messages = intent_messages(&self.prompts, prompt);
        let schema = intent_schema();
        let mut attempts = Vec::new();
        let mut merged = Answer::default();
        let mut why = None;
        for round in 0..MAX_ANSWERS {
            let completion = match self
                .client
                .complete_within(&messages, &schema, INTENT_MAX_TOKENS)
                .await
            {
                Ok(c) => c,
                Err(e) => {
                    attempts.push(Attempt::server_failed(&e));
                    why = Some(format!("the LLM server failed: {e}"));
                    break;
                }
            };
            let answer = read_answer(&completion.content);
            let cut = completion.truncated();
            let verdict = if !answer.read {
                Verdict::Unreadable
            } else if answer.rejected.is_empty() && !cut {
                Verdict::Valid
            } else {
                Verdict::Repaired
            };
            let mut errors: Vec<Finding> = answer
                .rejected
                .iter()
                .map(|(field, why)| finding("intent", format!("{field}: {why}")))
                .collect();
            if cut {
                errors.insert(
                    0,
                    finding(
                        "json",
                        "the model ran out of tokens (finish_reason \"length\")",
                    ),
                );
            } else if !answer.read {
                errors.insert(0, finding("json", "the answer holds no intent object"));
            }
            attempts.push(Attempt {
                verdict,
                errors,
                requests: completion.requests,
            });
            merged = merge(answer.clone(), &merged);
            // Worth a second answer: no intent at all, one cut off, or a style off the
            // catalogue (the field the rules most need the model for). A mood or instrument
            // we do not know is left to the words.
            let retry = !answer.read || cut || answer.rejected.iter().any(|(f, _)| *f == "style");
            if !retry || round + 1 == MAX_ANSWERS {
                break;
            }
            let echoed: String = completion.content.chars().take(600).collect();
            messages.push(Message::new("assistant", echoed));
            messages.push(Message::new("user", correction(&answer, cut)));
        }
        if why.is_none() && !merged.read {
            why = Some("the LLM's answers held no intent".to_string());
        }
        let mut hints = match trust {
            Trust::Model => merged.hints,
            Trust::Gaps => grounded(merged.hints, prompt),
        };
        hints.first = trust == Trust::Model;
        let intent = jamsesh_core::parse_intent_with(prompt, overrides, &hints)?;
        Ok(Reading {
            intent,
            hints,
            rejected: merged
                .rejected
                .iter()
                .map(|(field, why)| format!("{field}: {why}; the prompt's words decide"))
                .collect(),
            attempts,
            fallback: why,
        })
    }

    /// A jam from the engine, for the prompt as the model read it where the words leave
    /// gaps. `source` is `engine` (every note is the engine's; `understood` shows what the
    /// model read) or `engine-fallback` when nothing of the model's was usable; `repairs`
    /// lists the model's fields that failed the catalogue check.
    pub async fn intent_jam(&self, rules: &Intent, seed: u64) -> Outcome {
        let reading = match self
            .read(&rules.prompt, &rules.overrides, Trust::Gaps)
            .await
        {
            Ok(r) => r,
            // The rules read this prompt once already; they do again.
            Err(e) => {
                let mut out = crate::pipeline::engine(rules, seed);
                out.fallback = Some(e.to_string());
                out.jam.source = Source::EngineFallback;
                return out;
            }
        };
        let mut jam = jamsesh_core::generate(&reading.intent, seed);
        if reading.fallback.is_some() {
            jam.source = Source::EngineFallback;
        }
        jam.repairs = reading.rejected;
        let report = jamsesh_core::review(&jam);
        Outcome {
            jam,
            report,
            attempts: reading.attempts,
            fallback: reading.fallback,
        }
    }
}

/// The hints a gap may take: the style, and a key, tempo, meter or length only where the
/// prompt's own text holds it (`Bb`, `96`, `6/8`); a value the words do not contain is a
/// guess (a small model names a key for every prompt). Mood and instrument are left to the
/// words: the model's are checked against the same vocabulary the words were.
pub fn grounded(hints: Hints, prompt: &str) -> Hints {
    let lower = prompt.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '#' || c == '/' || c == '♭' || c == '♯'))
        .filter(|t| !t.is_empty())
        .collect();
    let has = |t: &str| tokens.contains(&t);
    // A tonic of one letter (`a`, `e`) is also a word: it counts before a mode or accidental.
    const AFTER_TONIC: &[&str] = &[
        "flat",
        "sharp",
        "major",
        "minor",
        "maj",
        "min",
        "m",
        "dorian",
        "mixolydian",
        "phrygian",
        "lydian",
        "locrian",
        "aeolian",
        "ionian",
    ];
    let names_tonic = |tonic: Note| {
        let name = tonic.to_string().to_lowercase();
        tokens.iter().enumerate().any(|(i, t)| {
            let rest = t.strip_prefix(name.as_str());
            let glued = rest.is_some_and(|r| ["", "m", "min", "maj"].contains(&r));
            if name.chars().count() > 1 || t.chars().count() > 1 {
                glued && t.chars().count() > 1
            } else {
                glued && tokens.get(i + 1).is_some_and(|n| AFTER_TONIC.contains(n))
            }
        })
    };
    let tonic = hints.tonic.filter(|t| names_tonic(*t));
    Hints {
        style: hints.style,
        tonic,
        mode: if tonic.is_some() { hints.mode } else { None },
        tempo: hints.tempo.filter(|t| has(&t.to_string())),
        meter: hints.meter.filter(|(a, b)| has(&format!("{a}/{b}"))),
        bars: hints.bars.filter(|b| has(&b.to_string())),
        mood: None,
        instrument: None,
        first: hints.first,
    }
}

/// The system prompt with the catalogue, the few-shot pairs, and the request.
fn intent_messages(prompts: &crate::Prompts, prompt: &str) -> Vec<Message> {
    let ids: Vec<&str> = STYLES.iter().map(|s| s.id).collect();
    let system = prompts.intent_system.replace("{styles}", &ids.join(", "));
    let mut out = vec![Message::new("system", system)];
    for ex in &prompts.intent_examples {
        out.push(Message::new("user", ex.prompt.clone()));
        out.push(Message::new(
            "assistant",
            Value::Object(ex.answer.clone()).to_string(),
        ));
    }
    out.push(Message::new("user", prompt.trim().to_string()));
    out
}

/// The intent's JSON schema: every field present, `null` where the prompt says nothing, the
/// style one of our ids and the meter one we write (a grammar-constrained server can then
/// answer nothing else).
pub fn intent_schema() -> Value {
    let nullable = |t: &str| json!({"type": [t, "null"]});
    let choice = |values: Vec<Value>| {
        let mut values = values;
        values.push(Value::Null);
        json!({"enum": values})
    };
    let styles = STYLES.iter().map(|s| json!(s.id)).collect();
    let modes = [
        "major",
        "minor",
        "dorian",
        "mixolydian",
        "phrygian",
        "lydian",
        "locrian",
        "harmonic minor",
    ]
    .iter()
    .map(|m| json!(m))
    .collect();
    let meters = METERS
        .iter()
        .map(|(a, b)| json!(format!("{a}/{b}")))
        .collect();
    json!({
        "type": "object",
        "properties": {
            "style": choice(styles),
            "key": nullable("string"),
            "mode": choice(modes),
            "tempo": nullable("integer"),
            "meter": choice(meters),
            "bars": nullable("integer"),
            "mood": nullable("string"),
            "instrument": nullable("string"),
        },
        "required": ["style", "key", "mode", "tempo", "meter", "bars", "mood", "instrument"],
        "additionalProperties": false
    })
}

/// What to say after an answer that could not be used in full.
fn correction(answer: &Answer, cut: bool) -> String {
    if cut {
        return "Your answer was cut off. Answer again with only the JSON object on one line, \
                null for what the request does not say."
            .to_string();
    }
    if !answer.read {
        return "That was not the JSON object. Answer with only the JSON object: style, key, \
                mode, tempo, meter, bars, mood, instrument."
            .to_string();
    }
    let problems: Vec<String> = answer
        .rejected
        .iter()
        .map(|(field, why)| format!("\"{field}\": {why}"))
        .collect();
    format!(
        "These fields cannot be used: {}. Answer again with the whole JSON object; use only the \
         listed style ids, and null where the request says nothing.",
        problems.join("; ")
    )
}

/// `new` with the fields it lacks taken from `before`; a field rejected in `new` but valid
/// before stays valid.
fn merge(new: Answer, before: &Answer) -> Answer {
    let h = new.hints;
    let b = before.hints;
    let hints = Hints {
        style: h.style.or(b.style),
        tonic: h.tonic.or(b.tonic),
        mode: if h.tonic.is_some() {
            h.mode
        } else {
            h.mode.or(b.mode)
        },
        tempo: h.tempo.or(b.tempo),
        meter: h.meter.or(b.meter),
        bars: h.bars.or(b.bars),
        mood: h.mood.or(b.mood),
        instrument: h.instrument.or(b.instrument),
        first: false,
    };
    let filled = |field: &str| match field {
        "style" => hints.style.is_some(),
        "key" => hints.tonic.is_some(),
        "mode" => hints.mode.is_some(),
        "tempo" => hints.tempo.is_some(),
        "meter" => hints.meter.is_some(),
        "bars" => hints.bars.is_some(),
        "mood" => hints.mood.is_some(),
        "instrument" => hints.instrument.is_some(),
        _ => false,
    };
    let rejected = new
        .rejected
        .into_iter()
        .filter(|(field, _)| !filled(field))
        .collect();
    Answer {
        hints,
        rejected,
        read: new.read || before.read,
    }
}

/// The fields of one answer, each checked against the catalogue.
fn read_answer(text: &str) -> Answer {
    let Some(object) = intent_object(text) else {
        return Answer::default();
    };
    let mut answer = Answer {
        read: true,
        ..Answer::default()
    };
    let mut check = |field: &'static str, result: Result<(), String>| {
        if let Err(why) = result {
            answer.rejected.push((field, why));
        }
    };
    let said = |names: &[&str]| text_field(&object, names, " ").filter(|t| !is_blank(t));
    let mut hints = Hints::default();
    if let Some(t) = said(&["style", "style_id", "genre"]) {
        check("style", style_of(&t).map(|s| hints.style = Some(s)));
    }
    let mode_text = said(&["mode", "scale"]);
    if let Some(t) = said(&["key", "tonic", "key_signature"]) {
        check(
            "key",
            key_of(&t).map(|(tonic, mode)| {
                hints.tonic = Some(tonic);
                hints.mode = mode;
            }),
        );
    }
    if let Some(t) = mode_text {
        check("mode", mode_of(&t).map(|m| hints.mode = Some(m)));
    }
    if let Some(t) = said(&["tempo", "bpm"]) {
        let n = number_field(&object, &["tempo", "bpm"]);
        check(
            "tempo",
            n.filter(|n| TEMPO.contains(n))
                .map(|n| hints.tempo = Some(n))
                .ok_or(format!("`{t}` is not a tempo from 30 to 320 bpm")),
        );
    }
    if let Some(t) = said(&["meter", "time_signature", "time"]) {
        check("meter", meter_of(&t).map(|m| hints.meter = Some(m)));
    }
    if let Some(t) = said(&["bars", "length", "bar_count"]) {
        let n = number_field(&object, &["bars", "length", "bar_count"]);
        check(
            "bars",
            n.filter(|n| BARS.contains(n))
                .map(|n| hints.bars = Some(n))
                .ok_or(format!("`{t}` is not a number of bars from 2 to 64")),
        );
    }
    if let Some(t) = said(&["mood", "feeling", "vibe"]) {
        check(
            "mood",
            words_say(&t, |i| {
                i.understood.mood.is_some().then_some(i.mood).flatten()
            })
            .map(|m| hints.mood = Some(m))
            .ok_or(format!("`{t}` is not a mood we know")),
        );
    }
    if let Some(t) = said(&["instrument", "lead_instrument", "melody_instrument"]) {
        check(
            "instrument",
            words_say(&t, |i| {
                i.understood.instrument.is_some().then_some(i.instrument)
            })
            .map(|i| hints.instrument = Some(i))
            .ok_or(format!("`{t}` is not an instrument we know")),
        );
    }
    answer.hints = hints;
    answer
}

/// The intent object in an answer: JSON anywhere in it, a lone wrapper descended into, or
/// what was complete of an object cut off at `max_tokens`.
fn intent_object(text: &str) -> Option<Map<String, Value>> {
    let object = find_object(text).ok().or_else(|| salvage(text))?;
    let wanted = [
        "style",
        "genre",
        "key",
        "tempo",
        "meter",
        "mood",
        "instrument",
    ];
    let mut object = object;
    for _ in 0..3 {
        if wanted
            .iter()
            .any(|f| text_field(&object, &[f], " ").is_some())
            || object.values().any(Value::is_null)
        {
            return Some(object);
        }
        let mut inner = object.values().filter_map(Value::as_object);
        match (inner.next(), inner.next()) {
            (Some(only), None) => object = only.clone(),
            _ => return None,
        }
    }
    None
}

/// The fields before the cut of an object that ends mid-value: the text up to its last
/// comma, closed.
fn salvage(text: &str) -> Option<Map<String, Value>> {
    let start = text.find('{')?;
    let mut body = &text[start..];
    for _ in 0..8 {
        let cut = body.rfind(',')?;
        body = &body[..cut];
        if let Some(Value::Object(m)) =
            lenient::repair_json(body).and_then(|j| serde_json::from_str(&j).ok())
        {
            if !m.is_empty() {
                return Some(m);
            }
        }
    }
    None
}

/// `null`, `none`, `n/a`, `unknown`, `-`, `not specified`: the model saying nothing.
fn is_blank(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(['"', '\'', '.'])
        .to_ascii_lowercase();
    t.is_empty()
        || [
            "null",
            "none",
            "n/a",
            "na",
            "unknown",
            "-",
            "any",
            "not specified",
            "unspecified",
            "not given",
            "not stated",
        ]
        .contains(&t.as_str())
}

/// What the rules read in a short text the model wrote (`flute`, `Sad`, `6/8 time`).
fn words_say<T>(text: &str, pick: impl Fn(&Intent) -> Option<T>) -> Option<T> {
    let short: String = text.chars().take(60).collect();
    jamsesh_core::parse_intent(&short, &Overrides::default())
        .ok()
        .and_then(|i| pick(&i))
}

/// A catalogue style from its id in any casing or spacing (`Jazz_Blues`, `bossa nova`), its
/// name, or a genre word the rules know (`Bossa Nova Jazz` → bossa).
fn style_of(text: &str) -> Result<&'static Style, String> {
    let id: String = text
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '_' || c == ' ' { '-' } else { c })
        .collect();
    STYLES
        .iter()
        .find(|s| s.id == id || s.name.eq_ignore_ascii_case(text.trim()))
        .or_else(|| {
            words_say(text, |i| {
                i.understood
                    .style
                    .as_ref()
                    .and_then(|r| jamsesh_core::style_by_id(&r.value))
            })
        })
        .ok_or(format!("`{text}` is not a style id of the catalogue"))
}

/// A tonic, and the mode when the key names one (`Bb`, `f#`, `A minor`, `C#m`, `E Flat`).
fn key_of(text: &str) -> Result<(Note, Option<Mode>), String> {
    let t = text.trim();
    let bad = || format!("`{t}` is not a key");
    if t.chars().count() > 40 {
        return Err(bad());
    }
    // Musicians write the tonic as a capital: `bb` is B-flat, `e minor` is E minor.
    let mut chars = t.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default();
    if let Ok(tonic) = capital.parse::<Note>() {
        return Ok((tonic, None));
    }
    let key = jamsesh_core::parse_key(&capital).map_err(|_| bad())?;
    Ok((key.tonic, Some(key.mode)))
}

/// A mode by name (`Minor`, `aeolian`, `Dorian mode`).
fn mode_of(text: &str) -> Result<Mode, String> {
    let t = text.trim().to_lowercase();
    let t = t.strip_suffix(" mode").unwrap_or(&t);
    t.parse::<Mode>()
        .map_err(|_| format!("`{text}` is not a mode"))
}

/// A meter the composer writes (`6/8`, `3/4 time`, `waltz time`).
fn meter_of(text: &str) -> Result<(u32, u32), String> {
    words_say(text, |i| i.explicit.meter.then_some(i.meter))
        .ok_or(format!("`{text}` is not a meter we write"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_in_small_model_shapes() {
        // Wrong casing, spaces for hyphens, names for ids, words for numbers.
        let a = read_answer(
            r#"{"Style": "Jazz_Blues", "KEY": "bb", "mode": "Minor", "tempo": "96 bpm",
                "meter": "6/8 time", "bars": "16", "mood": "Sad", "instrument": "Flute"}"#,
        );
        assert!(a.rejected.is_empty(), "{:?}", a.rejected);
        let h = a.hints;
        assert_eq!(h.style.map(|s| s.id), Some("jazz-blues"));
        assert_eq!(h.tonic.map(|n| n.to_string()), Some("Bb".to_string()));
        assert_eq!(h.mode, Some(Mode::Minor));
        assert_eq!(
            (h.tempo, h.meter, h.bars),
            (Some(96), Some((6, 8)), Some(16))
        );
        assert_eq!(h.mood, Some(jamsesh_core::Mood::Sad));
        assert_eq!(h.instrument.map(|i| i.name), Some("flute"));
    }

    #[test]
    fn what_is_not_in_the_catalogue_is_rejected_and_nulls_are_silence() {
        let a = read_answer(
            r#"{"style": "vaporwave-trap", "key": "Q", "mode": null, "tempo": 900,
                "meter": "4", "bars": "none", "mood": "N/A", "instrument": "theremin"}"#,
        );
        let fields: Vec<&str> = a.rejected.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["style", "key", "tempo", "meter", "instrument"]);
        assert_eq!(a.hints, Hints::default());
        assert!(a.read);
    }

    #[test]
    fn keys_with_their_modes() {
        assert_eq!(key_of("C#m").unwrap().1, Some(Mode::Minor));
        assert_eq!(key_of("e minor").unwrap().0.to_string(), "E");
        assert_eq!(key_of("F#").unwrap(), ("F#".parse().unwrap(), None));
        assert!(key_of("the key of love").is_err());
    }

    #[test]
    fn gaps_take_only_what_the_prompt_holds() {
        let h = read_answer(
            r#"{"style": "reggae", "key": "A", "mode": "minor", "tempo": 90, "meter": "6/8",
                "bars": 16, "mood": "happy", "instrument": "flute"}"#,
        )
        .hints;
        // "a" is an article here, 90 and 16 are not said, nor a meter.
        let g = grounded(h, "a chill summer tune");
        assert_eq!(g.style.map(|s| s.id), Some("reggae"));
        assert_eq!(
            (g.tonic, g.mode, g.tempo, g.meter, g.bars),
            (None, None, None, None, None)
        );
        assert_eq!((g.mood, g.instrument), (None, None));
        // Said in words the rules do not read as such: kept.
        let g = grounded(
            h,
            "zouk groove, A minor-ish, 90 to the minute, 16 measures in 6/8",
        );
        assert_eq!(g.tonic.map(|n| n.to_string()), Some("A".to_string()));
        assert_eq!(
            (g.tempo, g.meter, g.bars),
            (Some(90), Some((6, 8)), Some(16))
        );
        assert!(grounded(h, "zouk in Am").tonic.is_some());
    }

    #[test]
    fn cut_off_answers_keep_their_complete_fields() {
        let a = read_answer(r#"{"style": "reggae", "key": "A", "mode": "min"#);
        assert_eq!(a.hints.style.map(|s| s.id), Some("reggae"));
        assert_eq!(a.hints.tonic.map(|n| n.to_string()), Some("A".to_string()));
        assert_eq!(a.hints.mode, None);
        assert!(!read_answer("I think this is a reggae song in A.").read);
    }
}
