//! Reading a jam out of whatever the model wrote: bare JSON, JSON in a markdown fence, JSON
//! inside prose; fields with the wrong types or names are read as a musician would mean them.

use crate::draft::Draft;
use crate::fence::fenced_blocks;
use crate::{labels, lenient};
use serde_json::{Map, Value};

/// Finds the first JSON object in a model's answer and reads it as a [`Draft`].
/// When the answer holds no JSON at all, the jam is read from labelled text (`**Chords:** …`,
/// `Title: …`) and an ABC tune in it, as GPT-style answers in markdown write it.
pub fn draft_from_text(text: &str) -> Result<Draft, String> {
    match find_object(text) {
        Ok(object) => {
            let draft = draft_from_object(&object);
            // A JSON object holding only some fields, the melody written outside it.
            if draft.example.is_none() && draft.chords.is_some() {
                if let Some(abc) = labels::abc_outside_json(text) {
                    return Ok(Draft {
                        example: Some(abc),
                        ..draft
                    });
                }
            }
            Ok(draft)
        }
        Err(why) => labels::draft_from_labels(text).ok_or(why),
    }
}

/// The JSON object in a text: the whole text, a fenced block, or the first balanced `{…}`.
pub fn find_object(text: &str) -> Result<Map<String, Value>, String> {
    let trimmed = text.trim().trim_start_matches('\u{feff}');
    if trimmed.is_empty() {
        return Err("the answer is empty".into());
    }
    if let Ok(Value::Object(m)) = serde_json::from_str(trimmed) {
        return Ok(m);
    }
    for block in fenced_blocks(trimmed) {
        if let Ok(Value::Object(m)) = serde_json::from_str(block.trim()) {
            return Ok(m);
        }
    }
    let mut unclosed = false;
    for (start, _) in trimmed.match_indices('{').take(64) {
        match balanced_end(&trimmed[start..]) {
            Some(end) => {
                if let Ok(Value::Object(m)) = serde_json::from_str(&trimmed[start..start + end]) {
                    return Ok(m);
                }
            }
            None => unclosed = true,
        }
    }
    // What models write when they mean JSON: comments, trailing commas, single quotes, raw
    // line breaks in strings, an object cut off at `max_tokens`.
    let blocks = fenced_blocks(trimmed);
    let starts = blocks
        .iter()
        .filter_map(|b| b.find('{').map(|i| &b[i..]))
        .chain(
            trimmed
                .match_indices('{')
                .take(8)
                .map(|(i, _)| &trimmed[i..]),
        );
    for candidate in starts {
        if let Some(Value::Object(m)) =
            lenient::repair_json(candidate).and_then(|j| serde_json::from_str(&j).ok())
        {
            if FIELDS.iter().any(|f| lookup(&m, f).is_some()) || m.len() == 1 {
                return Ok(m);
            }
        }
    }
    Err(if unclosed {
        "the JSON object is cut off (an opening `{` is never closed)".into()
    } else {
        "the answer holds no JSON object".into()
    })
}

/// Byte length of the balanced object starting at `text[0] == '{'`, strings and escapes aware.
fn balanced_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

pub(crate) const FIELDS: [&str; 10] = [
    "title", "style", "key", "mode", "meter", "tempo", "bars", "chords", "scales", "example",
];

/// Reads the fields, forgiving names in other cases, a wrapping object, and wrong types.
pub fn draft_from_object(object: &Map<String, Value>) -> Draft {
    let mut object = object;
    // {"jam": {...}} or {"answer": {...}}: descend into a lone wrapper.
    while !FIELDS.iter().any(|f| lookup(object, f).is_some()) {
        let mut inner = object.values().filter_map(Value::as_object);
        match (inner.next(), inner.next()) {
            (Some(only), None) => object = only,
            _ => break,
        }
    }
    let text = |names: &[&str], sep: &str| {
        names
            .iter()
            .find_map(|n| lookup(object, n))
            .and_then(|v| as_text(v, sep))
    };
    let number = |names: &[&str]| number_field(object, names);
    Draft {
        title: text(&["title", "name", "song_title", "tune_title"], " "),
        style: text(
            &[
                "style",
                "style_note",
                "description",
                "genre",
                "feel",
                "style_notes",
            ],
            " ",
        ),
        key: text(&["key", "tonic", "key_signature"], " "),
        mode: text(&["mode"], " "),
        meter: text(&["meter", "time_signature", "time"], " "),
        tempo: number(&["tempo", "bpm"]),
        bars: number(&["bars", "length", "bar_count"]),
        chords: text(&["chords", "progression", "chord_progression"], " | "),
        scales: text(&["scales", "scale"], ", "),
        example: text(
            &[
                "example",
                "abc",
                "melody",
                "abc_notation",
                "example_melody",
                "melody_abc",
                "notation",
                "tune",
            ],
            "\n",
        ),
    }
}

/// The first of some fields present as text (arrays joined with `sep`).
pub fn text_field(object: &Map<String, Value>, names: &[&str], sep: &str) -> Option<String> {
    names
        .iter()
        .find_map(|n| lookup(object, n))
        .and_then(|v| as_text(v, sep))
}

/// The first of some fields present as a whole number (`96`, `"96 bpm"`).
pub fn number_field(object: &Map<String, Value>, names: &[&str]) -> Option<u32> {
    names
        .iter()
        .find_map(|n| lookup(object, n))
        .and_then(as_number)
}

/// A field by name, ignoring case, `-`/`_`/space differences.
fn lookup<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let want = norm(name);
    object
        .iter()
        .find(|(k, v)| norm(k) == want && !v.is_null())
        .map(|(_, v)| v)
}

/// A string, or a number as text, or an array of those joined with `sep`.
fn as_text(v: &Value, sep: &str) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(_) | Value::Null | Value::Object(_) => return None,
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|i| as_text(i, sep)).collect();
            if parts.is_empty() {
                return None;
            }
            parts.join(sep)
        }
    };
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// A whole number from a number (`96`, `96.0`) or text (`"96"`, `"96 bpm"`).
fn as_number(v: &Value) -> Option<u32> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && *f >= 0.0)
                    .map(|f| f.round() as u64)
            })
            .and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => {
            let digits: String = s
                .trim()
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_fenced_and_prose() {
        let bare = r#"{"title":"A","chords":"C | G"}"#;
        assert_eq!(draft_from_text(bare).unwrap().title.as_deref(), Some("A"));
        let fenced = "Here you go!\n```json\n{\"title\":\"B\"}\n```\nEnjoy.";
        assert_eq!(draft_from_text(fenced).unwrap().title.as_deref(), Some("B"));
        let prose = "Sure. The jam is {\"title\": \"C {curly}\", \"tempo\": \"96 bpm\"} — have fun";
        let d = draft_from_text(prose).unwrap();
        assert_eq!(d.title.as_deref(), Some("C {curly}"));
        assert_eq!(d.tempo, Some(96));
    }

    #[test]
    fn failures_say_why() {
        assert!(draft_from_text("").unwrap_err().contains("empty"));
        assert!(draft_from_text("no json here")
            .unwrap_err()
            .contains("no JSON"));
        assert!(draft_from_text("{\"title\": \"cut")
            .unwrap_err()
            .contains("cut off"));
    }

    #[test]
    fn wrong_types_and_names() {
        let d = draft_from_text(
            r#"{"jam": {"Title": 42, "BPM": 120.4, "Bars": "12", "chords": ["C", "F", "G7"],
            "scales": ["C major (C D E F G A B)"], "example": ["X:1", "K:C", "C4|"], "mode": null}}"#,
        )
        .unwrap();
        assert_eq!(d.title.as_deref(), Some("42"));
        assert_eq!(d.tempo, Some(120));
        assert_eq!(d.bars, Some(12));
        assert_eq!(d.chords.as_deref(), Some("C | F | G7"));
        assert_eq!(d.example.as_deref(), Some("X:1\nK:C\nC4|"));
        assert_eq!(d.mode, None);
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "{",
            "}",
            "{{{{",
            "```",
            "```json",
            "\"{\"",
            "{\"a\":\"\\\"}",
            "é{ü}",
            "[1,2]",
        ] {
            let _ = draft_from_text(s);
        }
    }
}
