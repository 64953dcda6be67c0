//! Text shown in Discord as typed: its markdown characters escaped, and read back.

/// Characters that Discord's markdown gives a meaning to.
const MARKDOWN: &[char] = &[
    '\\', '*', '_', '`', '~', '|', '>', '#', '[', ']', '(', ')', '-', '<', '@', ':',
];

/// Text shown as typed: markdown characters are escaped (mentions are also never allowed by
/// the messages, so `@everyone` pings no one).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if MARKDOWN.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Undoes [`escape_markdown`].
pub fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}
