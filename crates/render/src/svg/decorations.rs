//! What is written around a note: decorations (articulations on the head's side, ornaments,
//! bowings, fermatas and navigation signs above the staff, dynamics below) and annotations.

use super::heads::NoteMark;
use super::mark::Marks;
use super::metrics::step_y;
use crate::font::{music_width, text_width, SP};
use jamsesh_abc::Event;

/// Size of annotation and navigation text.
const NOTE_TEXT: f32 = 1.3 * SP;

/// How a decoration is drawn.
enum Sign {
    /// A glyph on the heads' side away from the stem: its `…Above` and `…Below` variants.
    Articulation(&'static str, &'static str),
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
        "staccato" | "dot" => Sign::Articulation("articStaccatoAbove", "articStaccatoBelow"),
        "accent" | ">" | "emphasis" => Sign::Articulation("articAccentAbove", "articAccentBelow"),
        "tenuto" => Sign::Articulation("articTenutoAbove", "articTenutoBelow"),
        "marcato" | "^" => Sign::Articulation("articMarcatoAbove", "articMarcatoBelow"),
        "wedge" => Sign::Articulation("articStaccatissimoAbove", "articStaccatissimoBelow"),
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

/// How far up and down the signs around a note have reached so far.
struct Stacks {
    /// Above and below the staff (or the note, when it is further out).
    above: f32,
    below: f32,
    /// Right at the heads, for articulations.
    near_above: f32,
    near_below: f32,
}

/// Draws an event's decorations and annotations; `mark` is its drawn note (None for rests).
pub(super) fn draw_event_marks(c: &mut Marks, e: &Event, mark: Option<&NoteMark>, x: f32) {
    if e.decorations.is_empty() && e.annotations.is_empty() {
        return;
    }
    let head_w = music_width("noteheadBlack");
    let centre = mark.map_or(x + head_w / 2.0, |m| m.centre());
    let (note_top, note_bottom) = mark.map_or((step_y(6), step_y(2)), |m| (m.top, m.bottom));
    let mut at = Stacks {
        above: note_top.min(step_y(8)) - 0.8 * SP,
        below: note_bottom.max(step_y(0)) + 1.0 * SP,
        near_above: note_top - 0.5 * SP,
        near_below: note_bottom + 0.6 * SP,
    };
    for d in &e.decorations {
        if let Some(sign) = sign(d) {
            draw_sign(c, &sign, &mut at, mark, (x, centre));
        }
    }
    for (place, text) in &e.annotations {
        draw_annotation(c, *place, text, &mut at, x);
    }
}

/// One decoration's sign, stacked on what is already there.
fn draw_sign(
    c: &mut Marks,
    sign: &Sign,
    at: &mut Stacks,
    mark: Option<&NoteMark>,
    (x, centre): (f32, f32),
) {
    match *sign {
        Sign::Articulation(above, below) => {
            if mark.is_none_or(|m| !m.up) {
                c.glyph(above, centre - music_width(above) / 2.0, at.near_above);
                at.near_above -= 0.9 * SP;
                at.above = at.above.min(at.near_above - 0.4 * SP);
            } else {
                c.glyph(below, centre - music_width(below) / 2.0, at.near_below);
                at.near_below += 0.9 * SP;
                at.below = at.below.max(at.near_below + 0.4 * SP);
            }
        }
        Sign::Above(name) => {
            let y = if name == "fermataBelow" {
                at.below += 1.2 * SP;
                at.below - 0.4 * SP
            } else {
                let y = at.above;
                at.above -= 1.8 * SP;
                y
            };
            c.glyph(name, centre - music_width(name) / 2.0, y);
        }
        Sign::Words(words) => {
            c.text(words, x, at.above, NOTE_TEXT, "words");
            at.above -= 1.6 * SP;
        }
        Sign::Dynamic(letters) => {
            let y = at.below + 1.4 * SP;
            let mut pen = x - 0.5 * SP;
            for l in letters.chars() {
                let g = dynamic_glyph(l);
                c.glyph(g, pen, y);
                pen += music_width(g) * 0.9;
            }
            at.below = y + 0.6 * SP;
        }
        Sign::Breath => c.glyph("breathMarkComma", x + 2.4 * SP, step_y(9)),
        Sign::Arpeggio => {
            if let Some(m) = mark {
                c.arpeggio(arpeggio(m));
            }
        }
    }
}

/// A zigzag from the lowest head to the highest, left of the chord.
fn arpeggio(m: &NoteMark) -> Vec<(f32, f32)> {
    let mut points = vec![(m.x - 1.0 * SP, m.bottom)];
    let mut y = m.bottom;
    let mut left = true;
    while y > m.top {
        y -= 0.5 * SP;
        let dx = if left { -1.3 } else { -0.7 } * SP;
        points.push((m.x + dx, y));
        left = !left;
    }
    points
}

/// An annotation: above (`^` and unplaced), below (`_`), left (`<`) or right (`>`) of the note.
fn draw_annotation(c: &mut Marks, place: char, text: &str, at: &mut Stacks, x: f32) {
    match place {
        '_' => {
            at.below += 1.4 * SP;
            c.text(text, x, at.below, NOTE_TEXT, "annotation");
        }
        '<' => {
            let w = text_width(text, NOTE_TEXT);
            c.text(text, x - w - 0.6 * SP, step_y(3), NOTE_TEXT, "annotation");
        }
        '>' => {
            c.text(text, x + 2.0 * SP, step_y(3), NOTE_TEXT, "annotation");
        }
        _ => {
            c.text(text, x, at.above, NOTE_TEXT, "annotation");
            at.above -= 1.6 * SP;
        }
    }
}
