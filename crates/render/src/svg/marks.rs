//! What is written around a note: decorations (articulations on the head's side, ornaments,
//! bowings, fermatas and navigation signs above the staff, dynamics below) and annotations,
//! plus how chord symbols are spelled for the eye (`Bb7b9` → `B♭7♭9`).

use super::canvas::{music_width, Canvas};
use super::notes::{step_y, NoteMark};
use super::SP;
use jamsesh_abc::semantics::Event;
use std::fmt::Write as _;

/// Size of annotation and navigation text.
const NOTE_TEXT: f32 = 1.3 * SP;

/// A chord symbol with flats and sharps as the musical signs: the accidentals of the root and
/// of a slash bass (a pair as the double sign, `Cbb7` → `C𝄫7`), a `b` before a digit
/// (`7b9` → `7♭9`) and every other `#`.
pub(super) fn chord_text(symbol: &str) -> String {
    let chars: Vec<char> = symbol.chars().collect();
    let mut out = String::with_capacity(symbol.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let starts_note = matches!(ch, 'A'..='G') && (i == 0 || chars[i - 1] == '/');
        out.push(ch);
        i += 1;
        if starts_note {
            let run = chars[i..]
                .iter()
                .take_while(|c| matches!(c, '#' | 'b'))
                .count();
            for pair in chars[i..i + run].chunks(2) {
                match pair {
                    ['#', '#'] => out.push('𝄪'),
                    ['b', 'b'] => out.push('𝄫'),
                    _ => out.extend(pair.iter().map(|&c| if c == '#' { '♯' } else { '♭' })),
                }
            }
            i += run;
            continue;
        }
        if ch == '#' || (ch == 'b' && chars.get(i).is_some_and(char::is_ascii_digit)) {
            out.pop();
            out.push(if ch == '#' { '♯' } else { '♭' });
        }
    }
    out
}

/// How a decoration is drawn.
enum Sign {
    /// A glyph on the heads' side away from the stem (`…Above` / `…Below` variants).
    Articulation(&'static str),
    /// A glyph stacked above the staff.
    Above(&'static str),
    /// Words above the staff.
    Words(&'static str),
    /// Dynamic letters below the staff.
    Dynamic(&'static str),
    /// A breath mark after the note.
    Breath,
    /// A wavy line before a chord.
    Arpeggio,
}

fn sign(name: &str) -> Option<Sign> {
    Some(match name {
        "staccato" | "dot" => Sign::Articulation("articStaccato"),
        "accent" | ">" | "emphasis" => Sign::Articulation("articAccent"),
        "tenuto" => Sign::Articulation("articTenuto"),
        "marcato" | "^" => Sign::Articulation("articMarcato"),
        "wedge" => Sign::Articulation("articStaccatissimo"),
        "fermata" => Sign::Above("fermataAbove"),
        "invertedfermata" => Sign::Above("fermataBelow"),
        "trill" => Sign::Above("ornamentTrill"),
        "lowermordent" | "mordent" => Sign::Above("ornamentMordent"),
        "uppermordent" | "pralltriller" => Sign::Above("ornamentShortTrill"),
        "turn" | "roll" => Sign::Above("ornamentTurn"),
        "upbow" => Sign::Above("stringsUpBow"),
        "downbow" => Sign::Above("stringsDownBow"),
        "segno" => Sign::Above("segno"),
        "coda" => Sign::Above("coda"),
        "0" => Sign::Above("fingering0"),
        "1" => Sign::Above("fingering1"),
        "2" => Sign::Above("fingering2"),
        "3" => Sign::Above("fingering3"),
        "4" => Sign::Above("fingering4"),
        "5" => Sign::Above("fingering5"),
        "D.S." => Sign::Words("D.S."),
        "D.C." | "dacapo" => Sign::Words("D.C."),
        "dacoda" => Sign::Words("To Coda"),
        "fine" => Sign::Words("Fine"),
        "D.C.alfine" => Sign::Words("D.C. al Fine"),
        "D.C.alcoda" => Sign::Words("D.C. al Coda"),
        "D.S.alfine" => Sign::Words("D.S. al Fine"),
        "D.S.alcoda" => Sign::Words("D.S. al Coda"),
        "pppp" | "ppp" | "pp" | "p" | "mp" | "mf" | "f" | "ff" | "fff" | "ffff" | "sfz" => {
            Sign::Dynamic(match name {
                "pppp" => "pppp",
                "ppp" => "ppp",
                "pp" => "pp",
                "p" => "p",
                "mp" => "mp",
                "mf" => "mf",
                "f" => "f",
                "ff" => "ff",
                "fff" => "fff",
                "ffff" => "ffff",
                _ => "sfz",
            })
        }
        "breath" => Sign::Breath,
        "arpeggio" => Sign::Arpeggio,
        _ => return None,
    })
}

fn dynamic_glyph(letter: char) -> &'static str {
    match letter {
        'p' => "dynamicPiano",
        'm' => "dynamicMezzo",
        'f' => "dynamicForte",
        'r' => "dynamicRinforzando",
        's' => "dynamicSforzando",
        _ => "dynamicZ",
    }
}

/// Draws an event's decorations and annotations; `mark` is its drawn note (None for rests).
pub(super) fn draw_event_marks(c: &mut Canvas, e: &Event, mark: Option<&NoteMark>, x: f32) {
    if e.decorations.is_empty() && e.annotations.is_empty() {
        return;
    }
    let head_w = music_width("noteheadBlack");
    let centre = mark.map_or(x + head_w / 2.0, |m| (m.x + m.right) / 2.0);
    let (note_top, note_bottom) = mark.map_or((step_y(6), step_y(2)), |m| (m.top, m.bottom));
    let mut above = note_top.min(step_y(8)) - 0.8 * SP;
    let mut below = note_bottom.max(step_y(0)) + 1.0 * SP;
    // Articulations first, right at the heads.
    let mut near_above = note_top - 0.5 * SP;
    let mut near_below = note_bottom + 0.6 * SP;
    for d in &e.decorations {
        match sign(d) {
            Some(Sign::Articulation(name)) => {
                let on_top = mark.is_none_or(|m| !m.up);
                if on_top {
                    let g = format!("{name}Above");
                    c.glyph(&g, centre - music_width(&g) / 2.0, near_above);
                    near_above -= 0.9 * SP;
                    above = above.min(near_above - 0.4 * SP);
                } else {
                    let g = format!("{name}Below");
                    c.glyph(&g, centre - music_width(&g) / 2.0, near_below);
                    near_below += 0.9 * SP;
                    below = below.max(near_below + 0.4 * SP);
                }
            }
            Some(Sign::Above(name)) => {
                let y = if name == "fermataBelow" {
                    below += 1.2 * SP;
                    below - 0.4 * SP
                } else {
                    let y = above;
                    above -= 1.8 * SP;
                    y
                };
                c.glyph(name, centre - music_width(name) / 2.0, y);
            }
            Some(Sign::Words(words)) => {
                c.text(words, x, above, NOTE_TEXT, "words");
                above -= 1.6 * SP;
            }
            Some(Sign::Dynamic(letters)) => {
                let y = below + 1.4 * SP;
                let mut pen = x - 0.5 * SP;
                for l in letters.chars() {
                    let g = dynamic_glyph(l);
                    c.glyph(g, pen, y);
                    pen += music_width(g) * 0.9;
                }
                below = y + 0.6 * SP;
            }
            Some(Sign::Breath) => c.glyph("breathMarkComma", x + 2.4 * SP, step_y(9)),
            Some(Sign::Arpeggio) => {
                if let Some(m) = mark {
                    // A zigzag from the lowest head to the highest, left of the chord.
                    let mut points = format!("{:.1},{:.1}", m.x - 1.0 * SP, m.bottom);
                    let mut y = m.bottom;
                    let mut left = true;
                    while y > m.top {
                        y -= 0.5 * SP;
                        let dx = if left { -1.3 } else { -0.7 } * SP;
                        let _ = write!(points, " {:.1},{y:.1}", m.x + dx);
                        left = !left;
                    }
                    let _ = writeln!(
                        c.body,
                        "<polyline class=\"arpeggio\" fill=\"none\" stroke-width=\"1.2\" points=\"{points}\"/>"
                    );
                }
            }
            None => {}
        }
    }
    for (place, text) in &e.annotations {
        match place {
            '_' => {
                below += 1.4 * SP;
                c.text(text, x, below, NOTE_TEXT, "annotation");
            }
            '<' => {
                let w = super::canvas::text_width(text, NOTE_TEXT);
                c.text(text, x - w - 0.6 * SP, step_y(3), NOTE_TEXT, "annotation");
            }
            '>' => {
                c.text(text, x + 2.0 * SP, step_y(3), NOTE_TEXT, "annotation");
            }
            _ => {
                c.text(text, x, above, NOTE_TEXT, "annotation");
                above -= 1.6 * SP;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chord_text;

    #[test]
    fn chord_symbols_use_flat_and_sharp_signs() {
        assert_eq!(chord_text("Bb7b9"), "B♭7♭9");
        assert_eq!(chord_text("F#m7b5/E"), "F♯m7♭5/E");
        assert_eq!(chord_text("Ebmaj7/Bb"), "E♭maj7/B♭");
        assert_eq!(chord_text("Cdim"), "Cdim");
        assert_eq!(chord_text("Asus4add9"), "Asus4add9");
        assert_eq!(chord_text("Bbbmaj7/Abb"), "B𝄫maj7/A𝄫");
        assert_eq!(chord_text("F##7(#11)"), "F𝄪7(♯11)");
        assert_eq!(chord_text("Bbm(maj7)"), "B♭m(maj7)");
        assert_eq!(chord_text("Cb"), "C♭");
    }
}
