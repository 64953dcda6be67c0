//! Lyrics (`w:` lines) aligned to the notes they are sung on, as ABC 2.1 §5 describes:
//! syllables go to successive notes (rests and grace notes take none), `-` splits a word,
//! `_` holds the previous syllable over one more note, `*` skips a note, `|` moves on to the
//! next bar, `~` joins words under one note and `\-` is a literal hyphen.

use crate::semantics::{EventKind, Voice};

/// One syllable placed under a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Syllable {
    /// Index of the bar in the voice.
    pub bar: usize,
    /// Index of the event in that bar's `events`.
    pub event: usize,
    /// Verse: 0 for the first `w:` line under a music line, 1 for the second …
    pub verse: usize,
    /// The text shown (may be empty for a lone `-`).
    pub text: String,
    /// The word goes on after it: a hyphen is drawn to the next syllable.
    pub hyphen: bool,
    /// Notes it is held over with `_`, beyond its own (an extender line is drawn).
    pub held: usize,
}

/// A lyrics token.
#[derive(Debug, PartialEq)]
enum Token {
    /// A syllable and whether a hyphen follows it.
    Syllable(String, bool),
    /// `_`: the previous syllable holds one more note.
    Hold,
    /// `*`: no syllable on this note.
    Skip,
    /// `|`: continue at the next bar.
    Bar,
}

fn tokens(line: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    // A syllable was just ended by `-`; another `-` now is a syllable of its own.
    let mut after_hyphen = false;
    let mut chars = line.chars().peekable();
    let flush = |word: &mut String, out: &mut Vec<Token>, hyphen: bool| {
        if !word.is_empty() {
            out.push(Token::Syllable(std::mem::take(word), hyphen));
            true
        } else {
            false
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'-') => {
                chars.next();
                word.push('-');
            }
            '~' => word.push(' '),
            '-' => {
                if !flush(&mut word, &mut out, true) && after_hyphen {
                    out.push(Token::Syllable(String::new(), true));
                }
                after_hyphen = true;
                continue;
            }
            '_' | '*' | '|' => {
                flush(&mut word, &mut out, false);
                out.push(match c {
                    '_' => Token::Hold,
                    '*' => Token::Skip,
                    _ => Token::Bar,
                });
            }
            c if c.is_whitespace() => {
                flush(&mut word, &mut out, false);
            }
            c => word.push(c),
        }
        after_hyphen = false;
    }
    flush(&mut word, &mut out, false);
    out
}

/// Every syllable of a voice's lyrics, placed on its note.
pub fn align(voice: &Voice) -> Vec<Syllable> {
    let mut out = Vec::new();
    let mut verse_of_start: Vec<(usize, usize)> = Vec::new();
    for (start, line) in &voice.lyrics {
        let verse = match verse_of_start.iter_mut().find(|(s, _)| s == start) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                verse_of_start.push((*start, 0));
                0
            }
        };
        let notes: Vec<(usize, usize)> = voice
            .bars
            .iter()
            .enumerate()
            .skip(*start)
            .flat_map(|(b, bar)| {
                bar.events
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.overlay == 0 && matches!(e.kind, EventKind::Notes(_)))
                    .map(move |(i, _)| (b, i))
            })
            .collect();
        let mut next = 0usize; // index in `notes` of the next note to sing
        let mut last: Option<usize> = None; // index in `out` of the previous syllable
        for token in tokens(line) {
            if token == Token::Bar {
                let bar_done = match next.checked_sub(1).and_then(|k| notes.get(k)) {
                    Some(&(b, _)) => b,
                    None => continue,
                };
                while notes.get(next).is_some_and(|&(b, _)| b <= bar_done) {
                    next += 1;
                }
                continue;
            }
            let Some(&(bar, event)) = notes.get(next) else {
                break;
            };
            next += 1;
            match token {
                Token::Syllable(text, hyphen) => {
                    out.push(Syllable {
                        bar,
                        event,
                        verse,
                        text,
                        hyphen,
                        held: 0,
                    });
                    last = Some(out.len() - 1);
                }
                Token::Hold => {
                    if let Some(s) = last.and_then(|k| out.get_mut(k)) {
                        s.held += 1;
                    }
                }
                Token::Skip => last = None,
                Token::Bar => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syllables(abc: &str) -> Vec<(usize, usize, String, bool, usize)> {
        let (tunes, _) = crate::parse_tunes(abc);
        align(&tunes[0].voices[0])
            .into_iter()
            .map(|s| (s.bar, s.event, s.text, s.hyphen, s.held))
            .collect()
    }

    #[test]
    fn syllables_follow_notes_and_skip_rests() {
        let got = syllables("X:1\nK:C\nL:1/4\nC z D E|F4|\nw:Hap-py birth-day\n");
        assert_eq!(
            got,
            vec![
                (0, 0, "Hap".into(), true, 0),
                (0, 2, "py".into(), false, 0),
                (0, 3, "birth".into(), true, 0),
                (1, 0, "day".into(), false, 0),
            ]
        );
    }

    #[test]
    fn holds_skips_bars_and_joins() {
        let got = syllables("X:1\nK:C\nL:1/4\nC D E F|G A B c|d4|\nw:time__ * a~b | end\n");
        assert_eq!(
            got,
            vec![
                (0, 0, "time".into(), false, 2),
                (1, 0, "a b".into(), false, 0),
                (2, 0, "end".into(), false, 0),
            ]
        );
    }

    #[test]
    fn a_lone_hyphen_takes_a_note_and_escaped_hyphens_stay() {
        let got = syllables("X:1\nK:C\nL:1/4\nC D E F|\nw:a--b \\-c\n");
        assert_eq!(got[0], (0, 0, "a".into(), true, 0));
        assert_eq!(got[1], (0, 1, String::new(), true, 0));
        assert_eq!(got[2], (0, 2, "b".into(), false, 0));
        assert_eq!(got[3], (0, 3, "-c".into(), false, 0));
    }

    #[test]
    fn second_line_of_lyrics_under_the_same_music_is_a_verse() {
        let (tunes, _) = crate::parse_tunes("X:1\nK:C\nL:1/4\nC D E F|\nw:one two\nw:three four\n");
        let s = align(&tunes[0].voices[0]);
        assert_eq!(s.len(), 4);
        assert_eq!(
            (s[2].verse, s[2].event, s[2].text.as_str()),
            (1, 0, "three")
        );
    }

    #[test]
    fn more_syllables_than_notes_are_dropped() {
        assert_eq!(syllables("X:1\nK:C\nC D|\nw:a b c d e f\n").len(), 2);
    }
}
