//! Jams written as text rather than JSON, the way chat models answer in markdown:
//! `**Title:** Midnight Strut`, `Chord progression: Am7 - D7 - …`, a fenced ```` ```abc ````
//! block or a bare tune. Only the fields are located here; what they say is read by
//! [`crate::forgive`].

use crate::draft::Draft;
use crate::fence::fenced_blocks;

/// Which field a label names, from the words models use for it.
fn field_of(label: &str) -> Option<&'static str> {
    let l: String = label
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .to_lowercase();
    let l = l.trim();
    let l = l
        .strip_prefix("suggested ")
        .or_else(|| l.strip_prefix("the "))
        .unwrap_or(l);
    Some(match l {
        "title" | "name" | "tune title" | "song title" | "tune" => "title",
        "style" | "style note" | "feel" | "vibe" | "description" | "how to play"
        | "playing tips" | "groove" => "style",
        "key" | "key signature" | "tonality" | "key and mode" => "key",
        "mode" => "mode",
        "meter" | "time signature" | "time" => "meter",
        "tempo" | "bpm" => "tempo",
        "bars" | "length" | "form" => "bars",
        "chords" | "chord progression" | "progression" | "changes" | "chord changes"
        | "harmony" => "chords",
        "scales"
        | "scale"
        | "scales to improvise"
        | "scales for improvising"
        | "improvisation scales"
        | "scales to solo with"
        | "soloing scales" => "scales",
        "example" | "melody" | "example melody" | "abc" | "abc notation" | "example in abc"
        | "melody in abc" => "example",
        _ => return None,
    })
}

/// A line without markdown decoration: bullets, headings, bold, backticks.
fn plain(line: &str) -> String {
    let t = line.trim();
    let t = t.trim_start_matches(['#', '>', '-', '*', '•', ' ']);
    let t = t
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', ')'])
        .trim_start();
    t.replace("**", "").replace("__", "").replace('`', "")
}

/// `(field, value)` if the line starts with a known label.
fn labelled(line: &str) -> Option<(&'static str, String)> {
    let p = plain(line);
    let (label, value) = p
        .split_once(':')
        .or_else(|| p.split_once(" - "))
        .unwrap_or((&p, ""));
    // ABC header lines (`T:`, `K:`) are single letters and are not labels.
    if label.trim().chars().count() < 3 || label.split_whitespace().count() > 4 {
        return None;
    }
    Some((field_of(label)?, value.trim().to_string()))
}

/// A draft from labelled lines and an ABC tune anywhere in the text; `None` if it holds
/// neither chords nor a tune.
pub fn draft_from_labels(text: &str) -> Option<Draft> {
    let abc = find_abc(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut d = Draft::default();
    let mut i = 0;
    while i < lines.len() {
        let Some((field, mut value)) = labelled(lines[i]) else {
            i += 1;
            continue;
        };
        i += 1;
        if value.is_empty() && field != "example" {
            // The value on the following lines, up to a blank line or the next label.
            let mut parts = Vec::new();
            while i < lines.len()
                && !lines[i].trim().is_empty()
                && labelled(lines[i]).is_none()
                && !lines[i].trim_start().starts_with("```")
            {
                parts.push(plain(lines[i]));
                i += 1;
            }
            let sep = if field == "chords" && parts.iter().all(|p| !p.contains('|')) {
                " | "
            } else {
                " "
            };
            value = parts.join(sep);
        }
        let value = Some(value).filter(|v| !v.is_empty());
        let number = |v: &Option<String>| {
            v.as_deref().and_then(|v| {
                v.split(|c: char| !c.is_ascii_digit())
                    .find(|w| !w.is_empty())
                    .and_then(|w| w.parse().ok())
            })
        };
        match field {
            "title" if d.title.is_none() => d.title = value,
            "style" if d.style.is_none() => d.style = value,
            "key" if d.key.is_none() => d.key = value,
            "mode" if d.mode.is_none() => d.mode = value,
            "meter" if d.meter.is_none() => d.meter = value,
            "tempo" if d.tempo.is_none() => d.tempo = number(&value),
            "bars" if d.bars.is_none() => d.bars = number(&value),
            "chords" if d.chords.is_none() => d.chords = value,
            "scales" if d.scales.is_none() => d.scales = value,
            _ => {}
        }
    }
    d.example = abc;
    (d.chords.is_some() || d.example.is_some()).then_some(d)
}

/// The ABC tune of an answer whose JSON left it out: a fenced block or bare tune lines.
pub fn abc_outside_json(text: &str) -> Option<String> {
    find_abc(text)
}

/// An ABC tune in free text: the first fenced block that holds one, else the lines from the
/// first header field (`X:`, `T:`, `M:`, `L:`, `K:`) on.
fn find_abc(text: &str) -> Option<String> {
    let fenced = fenced_blocks(text)
        .into_iter()
        .find(|block| holds_tune(block) && !block.trim_start().starts_with('{'));
    if let Some(block) = fenced {
        return Some(block.to_string());
    }
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| is_header(l))?;
    let region = lines[start..].join("\n");
    holds_tune(&region).then_some(region)
}

/// `X:1`, `  K: Am`: an ABC header field line.
fn is_header(line: &str) -> bool {
    let t = line.trim_start();
    let b = t.as_bytes();
    b.len() > 1 && b[1] == b':' && b"XTMLQKC".contains(&b[0])
}

/// Text that holds a tune: a `K:` line, or header lines and bar lines.
fn holds_tune(text: &str) -> bool {
    let has_key = text.lines().any(|l| l.trim_start().starts_with("K:"));
    let bars = text.matches('|').count();
    (has_key && bars > 0) || (text.lines().any(is_header) && bars >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_with_bold_labels_and_a_fence() {
        let text = "Here's your jam!\n\n**Title:** Night Owl\n**Style:** Slow blues.\n\
                    **Chord Progression:**\n- A7\n- D7\n- E7\n\n**Scales:** A blues\n\n\
                    ```abc\nX:1\nK:A\n\"A7\"A4 E4|\"D7\"D8|\"E7\"E8|]\n```\nEnjoy!";
        let d = draft_from_labels(text).unwrap();
        assert_eq!(d.title.as_deref(), Some("Night Owl"));
        assert_eq!(d.chords.as_deref(), Some("A7 | D7 | E7"));
        assert_eq!(d.scales.as_deref(), Some("A blues"));
        assert!(d.example.unwrap().starts_with("X:1\nK:A"));
    }

    #[test]
    fn bare_tune_after_prose() {
        let text = "Chords: C - G - Am - F\nTry this:\n  T: Pop\n  K: C\n  C2 E2 G2 E2 | D8 |";
        let d = draft_from_labels(text).unwrap();
        assert_eq!(d.chords.as_deref(), Some("C - G - Am - F"));
        assert!(d.example.unwrap().contains("K: C"));
    }

    #[test]
    fn prose_alone_is_no_jam() {
        assert!(draft_from_labels("What a fun idea! Try Bb dorian and keep it loose.").is_none());
    }
}
