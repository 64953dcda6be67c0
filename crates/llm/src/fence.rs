//! Markdown code fences in a model's answer, which models wrap JSON and ABC in.

/// The contents of the text's code fences (```json … ``` or ``` … ```), in order; a fence that
/// is never closed runs to the end of the text.
pub(crate) fn fenced_blocks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        // Skip the info string (`json`, `abc`, …) up to the end of the line.
        let body_start = after.find('\n').map_or(after.len(), |n| n + 1);
        let body = &after[body_start..];
        match body.find("```") {
            Some(close) => {
                out.push(&body[..close]);
                rest = &body[close + 3..];
            }
            None => {
                out.push(body);
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_in_order_with_an_unclosed_last_one() {
        let text = "intro\n```json\n{\"a\": 1}\n```\nmiddle ```\nK:C\n|C|\n```tail```abc\nX:1";
        assert_eq!(
            fenced_blocks(text),
            ["{\"a\": 1}\n", "K:C\n|C|\n", "X:1"],
            "bodies start after the info line and end at the closing fence"
        );
        assert!(fenced_blocks("no fences here").is_empty());
    }
}
