//! Reading what models write when they mean JSON but do not quite write it: comments, trailing
//! commas, single quotes, unquoted keys, raw line breaks and unescaped `"` inside strings,
//! Python's `True`/`None`, and objects cut off at `max_tokens`. [`repair_json`] rewrites such
//! text into strict JSON; it is tried only after strict parsing failed, so well-formed answers
//! never pass through it.

/// Strict JSON for the object starting at `text[0] == '{'` (or `[`), best effort; `None` when
/// nothing object-like is there, or when the text stops inside a string (a value cut off at
/// `max_tokens` is not a value). Objects and arrays left open after a complete value are closed.
pub fn repair_json(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 16);
    let chars: Vec<char> = text.chars().collect();
    let mut stack: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' | '\'' | '“' | '”' => {
                let (s, next) = read_string(&chars, i);
                if next > chars.len() {
                    return None;
                }
                push_string(&mut out, &s);
                i = next;
                continue;
            }
            '{' | '[' => {
                stack.push(if c == '{' { '}' } else { ']' });
                out.push(c);
            }
            '}' | ']' => {
                let closed_all = close_bracket(&mut out, &mut stack, c);
                if closed_all {
                    break;
                }
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                i = line_end(&chars, i);
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i = block_comment_end(&chars, i);
                continue;
            }
            '#' if chars.get(i + 1).is_none_or(|c| c.is_whitespace()) => {
                i = line_end(&chars, i);
                continue;
            }
            c if c.is_alphabetic() || c == '_' => {
                i = bare_word(&chars, i, &mut out);
                continue;
            }
            c if c.is_whitespace() => out.push(' '),
            c if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | ',' | ':') => {
                if c == ',' && out.trim_end().ends_with([',', '{', '[']) {
                    // Doubled or leading commas.
                } else if c != '+' {
                    out.push(c);
                }
            }
            _ => {}
        }
        i += 1;
    }
    if out.trim().is_empty() {
        return None;
    }
    trim_trailing_comma(&mut out);
    // A value cut off after its key: drop the dangling `"key":`.
    if let Some(cut) = out.trim_end().strip_suffix(':') {
        if let Some(q) = cut.trim_end().strip_suffix('"').and_then(|s| s.rfind('"')) {
            out.truncate(q);
            trim_trailing_comma(&mut out);
        }
    }
    while let Some(close) = stack.pop() {
        out.push(close);
    }
    Some(out)
}

/// A closing bracket, closing first what the model forgot to close before it; true when the
/// outermost value is closed.
fn close_bracket(out: &mut String, stack: &mut Vec<char>, c: char) -> bool {
    trim_trailing_comma(out);
    if stack.last() == Some(&c) {
        stack.pop();
        out.push(c);
        return stack.is_empty();
    }
    if stack.contains(&c) {
        // A bracket the model forgot to close before this one.
        while let Some(open) = stack.pop() {
            out.push(open);
            if open == c {
                break;
            }
        }
        return stack.is_empty();
    }
    false
}

/// Index of the line break ending the comment that starts at `i` (or the end).
fn line_end(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i] != '\n' {
        i += 1;
    }
    i
}

/// Index after the `*/` closing the comment that starts at `i`.
fn block_comment_end(chars: &[char], mut i: usize) -> usize {
    i += 2;
    while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
        i += 1;
    }
    i + 2
}

/// A bare word at `i`: a key before `:` gets its quotes, Python's and JavaScript's
/// constants become JSON's, any other word becomes a string. Returns the index after it.
fn bare_word(chars: &[char], mut i: usize, out: &mut String) -> usize {
    let start = i;
    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
        i += 1;
    }
    let word: String = chars[start..i].iter().collect();
    let mut j = i;
    while j < chars.len() && chars[j].is_whitespace() {
        j += 1;
    }
    if chars.get(j) == Some(&':') {
        push_string(out, &word);
    } else {
        match word.as_str() {
            "True" | "true" => out.push_str("true"),
            "False" | "false" => out.push_str("false"),
            "None" | "null" | "undefined" | "nil" => out.push_str("null"),
            _ => push_string(out, &word),
        }
    }
    i
}

/// Reads a string starting at an opening quote; returns its text and the index after it. A
/// quote that is not followed by `,` `:` `}` `]` or the end is taken as part of the text (ABC
/// chord symbols are often left unescaped); raw line breaks are kept as line breaks.
fn read_string(chars: &[char], start: usize) -> (String, usize) {
    let open = chars[start];
    let closes = |c: char| match open {
        '\'' => c == '\'',
        _ => matches!(c, '"' | '”' | '“'),
    };
    let mut s = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            match chars.get(i + 1) {
                Some('n') => s.push('\n'),
                Some('t') => s.push('\t'),
                Some('r') => {}
                Some('u') => {
                    let hex: String = chars.iter().skip(i + 2).take(4).collect();
                    if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        s.push(ch);
                        i += 6;
                        continue;
                    }
                    s.push('u');
                }
                Some(&other) => s.push(other),
                None => {}
            }
            i += 2;
            continue;
        }
        if closes(c) {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let ends = match chars.get(j) {
                None => true,
                Some(',' | ':' | '}' | ']') => true,
                // Two strings in a row without a comma: the next line starts a new key.
                Some('"') => chars[i + 1..j].contains(&'\n'),
                _ => false,
            };
            if ends {
                return (s, i + 1);
            }
        }
        s.push(c);
        i += 1;
    }
    // Never closed: past the end.
    (s, chars.len() + 1)
}

fn push_string(out: &mut String, s: &str) {
    let t = out.trim_end();
    if t.ends_with(['"', '}', ']']) || t.ends_with(|c: char| c.is_ascii_digit()) {
        // A missing comma between two members.
        out.push(',');
    }
    out.push_str(&serde_json::Value::String(s.to_string()).to_string());
}

fn trim_trailing_comma(out: &mut String) {
    let t = out.trim_end().len();
    out.truncate(t);
    if out.ends_with(',') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn read(text: &str) -> Value {
        serde_json::from_str(&repair_json(text).expect("something")).expect("strict JSON")
    }

    #[test]
    fn llama_habits() {
        let v = read("{\n  // the jam\n  \"title\": \"A\", /* note */\n  \"bars\": 8,\n  \"chords\": [\"C\", \"G\",],\n}");
        assert_eq!(v["title"], "A");
        assert_eq!(v["bars"], 8);
        assert_eq!(v["chords"][1], "G");
    }

    #[test]
    fn small_model_habits() {
        let v = read("{'title': 'B', key: \"Am\", ok: True, none: None,\n\"example\": \"X:1\nK:Am\n\"Am\"A2 B2|\"}");
        assert_eq!(v["title"], "B");
        assert_eq!(v["key"], "Am");
        assert_eq!(v["ok"], true);
        assert_eq!(v["example"], "X:1\nK:Am\n\"Am\"A2 B2|");
    }

    #[test]
    fn cut_off_objects_are_closed() {
        let v = read("{\"title\": \"C\", \"chords\": [\"C\", \"F\"");
        assert_eq!(v["chords"][1], "F");
        assert_eq!(
            repair_json("{\"title\": \"C\", \"example\": \"X:1\\nK:C\\nCDEF|GA"),
            None
        );
        let v = read("{\"title\": \"C\", \"scales\":");
        assert_eq!(v.as_object().map(|o| o.len()), Some(1));
    }

    #[test]
    fn missing_commas_between_members() {
        let v = read("{\"title\": \"D\"\n\"style\": \"slow\"\n\"tempo\": 80\n\"key\": \"D\"}");
        assert_eq!(v["style"], "slow");
        assert_eq!(v["key"], "D");
    }
}
