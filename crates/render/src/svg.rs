//! Engraving: `Tune` → self-contained SVG. Music glyphs come from an embedded subset of
//! Bravura and text from Academico (both OFL, as outlines), so the picture is the same in
//! resvg, every browser and on any server — no system fonts.
//!
//! This first engraver draws single-line staves per voice: clef, key and time signature,
//! noteheads by duration, stems, flags, beams by the source's beam groups, dots, accidentals as
//! written, ledger lines, rests, ties, triplet numbers, chord symbols, bar lines and repeats,
//! a title, line breaks to a width with justified systems, and light or dark themes.

use crate::glyphs::{MUSIC, TEXT};
use jamsesh_abc::semantics::{Event, EventKind, Sounding, Tune, Voice};
use jamsesh_abc::Frac;
use std::fmt::Write as _;

/// A glyph outline in font units.
#[derive(Clone, Copy, Debug)]
pub struct Glyph {
    /// Horizontal advance.
    pub advance: u16,
    /// SVG path data, y up.
    pub path: &'static str,
}

/// One staff space in SVG units.
const SP: f32 = 10.0;
/// Font units to SVG units (a staff space is a quarter of the 1000-unit em).
const SCALE: f32 = SP / 250.0;
/// Height of one voice's staff band: the staff plus room for chord symbols and ledger lines.
const STAFF_BAND: f32 = 12.0 * SP;

/// Colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Black on white.
    Light,
    /// Light grey on Discord's dark grey.
    Dark,
}

/// Engraving options.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SvgOptions {
    /// Width of the picture in SVG units (pixels at scale 1).
    pub width: f32,
    /// Colours.
    pub theme: Theme,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            width: 1000.0,
            theme: Theme::Light,
        }
    }
}

/// An engraved tune, with counts that tests and callers can check.
#[derive(Clone, Debug, PartialEq)]
pub struct Engraving {
    /// The SVG document.
    pub svg: String,
    /// Systems (lines of music).
    pub systems: usize,
    /// Noteheads drawn.
    pub noteheads: usize,
    /// Bars drawn (all voices).
    pub bars: usize,
}

fn music(name: &str) -> Glyph {
    MUSIC.iter().find(|(n, _)| *n == name).map_or(
        Glyph {
            advance: 0,
            path: "",
        },
        |(_, g)| *g,
    )
}

fn text_glyph(c: char) -> Glyph {
    TEXT.iter()
        .find(|(t, _)| *t == c)
        .or_else(|| TEXT.iter().find(|(t, _)| *t == '?'))
        .map_or(
            Glyph {
                advance: 0,
                path: "",
            },
            |(_, g)| *g,
        )
}

/// Width of `text` at `size` (em in SVG units).
fn text_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| f32::from(text_glyph(c).advance))
        .sum::<f32>()
        * size
        / 1000.0
}

/// The SVG being written, with the counters.
struct Canvas {
    body: String,
    noteheads: usize,
}

impl Canvas {
    fn glyph(&mut self, name: &str, x: f32, y: f32) {
        if name.starts_with("notehead") {
            self.noteheads += 1;
        }
        let _ = writeln!(
            self.body,
            "<use href=\"#{name}\" x=\"{x:.1}\" y=\"{y:.1}\"/>"
        );
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        let _ = writeln!(self.body, "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke-width=\"{width:.2}\"/>");
    }

    fn text(&mut self, text: &str, x: f32, y: f32, size: f32, class: &str) {
        let k = size / 1000.0;
        let _ = write!(
            self.body,
            "<g class=\"{class}\" transform=\"translate({x:.1} {y:.1}) scale({k:.4} {:.4})\">",
            -k
        );
        let mut pen = 0.0;
        for c in text.chars() {
            let g = text_glyph(c);
            if !g.path.is_empty() {
                let _ = write!(
                    self.body,
                    "<path transform=\"translate({pen:.0} 0)\" d=\"{}\"/>",
                    g.path
                );
            }
            pen += f32::from(g.advance);
        }
        self.body.push_str("</g>\n");
    }
}

/// Diatonic number of a written pitch (C4 = 28), for staff positions.
fn diatonic(s: &Sounding) -> i32 {
    let letter = "CDEFGAB".find(s.letter).unwrap_or(0) as i32;
    (i32::from(s.octave) + 4) * 7 + letter
}

/// Diatonic number on the bottom staff line for a clef.
fn bottom_line(clef: &str) -> i32 {
    match clef {
        "bass" => 18,  // G2
        "alto" => 24,  // F3
        "tenor" => 22, // D3
        _ => 30,       // E4, treble
    }
}

/// Written (not sounding) length of an event, undoing its tuplet.
fn written(e: &Event) -> Frac {
    match e.tuplet {
        Some((p, q)) => e.duration * i64::from(p) / i64::from(q),
        None => e.duration,
    }
}

/// The plain note value under a (possibly dotted) length, and its dots.
fn base_and_dots(len: Frac) -> (Frac, usize) {
    let mut base = Frac::new(4, 1);
    while base > len && base > Frac::new(1, 64) {
        base /= 2;
    }
    let mut dots = 0;
    let mut total = base;
    let mut add = base / 2;
    while total + add <= len && dots < 2 {
        total += add;
        add /= 2;
        dots += 1;
    }
    (base, dots)
}

/// Horizontal room an event needs: more for longer notes, less than in proportion.
fn spacing(e: &Event) -> f32 {
    let quarters = (e.duration * 4).to_integer().max(0) as f32 + {
        let f = e.duration * 4 - (e.duration * 4).floor();
        *f.numer() as f32 / *f.denom() as f32
    };
    let accidental = match &e.kind {
        EventKind::Notes(n) if n.iter().any(|s| s.written_accidental.is_some()) => 1.2 * SP,
        _ => 0.0,
    };
    SP * (2.0 + 2.8 * quarters.max(0.1).powf(0.6)) + accidental
}

/// Width a bar needs (without justification).
fn bar_width(bar: &jamsesh_abc::semantics::Bar) -> f32 {
    1.5 * SP
        + bar
            .events
            .iter()
            .filter(|e| e.overlay == 0)
            .map(spacing)
            .sum::<f32>()
        + SP
}

/// Sharps or flats of a signature with their staff steps (treble; other clefs shift).
fn key_signature(fifths: i32) -> Vec<(&'static str, i32)> {
    const SHARPS: [i32; 7] = [8, 5, 9, 6, 3, 7, 4];
    const FLATS: [i32; 7] = [4, 7, 3, 6, 2, 5, 1];
    if fifths >= 0 {
        SHARPS
            .iter()
            .take(fifths.min(7) as usize)
            .map(|&s| ("accidentalSharp", s))
            .collect()
    } else {
        FLATS
            .iter()
            .take((-fifths).min(7) as usize)
            .map(|&s| ("accidentalFlat", s))
            .collect()
    }
}

fn clef_glyph(clef: &str) -> (&'static str, i32) {
    match clef {
        "bass" => ("fClef", 6),
        "alto" => ("cClef", 4),
        "tenor" => ("cClef", 6),
        _ => ("gClef", 2),
    }
}

/// Draws clef, key and (optionally) time signature at the start of a staff; returns the width.
fn staff_start(
    c: &mut Canvas,
    voice: &Voice,
    tune: &Tune,
    x: f32,
    top: f32,
    with_time: bool,
) -> f32 {
    let bottom = top + 4.0 * SP;
    let step_y = |step: i32| bottom - step as f32 * SP / 2.0;
    let (clef, clef_step) = clef_glyph(&voice.key.clef);
    c.glyph(clef, x + 0.5 * SP, step_y(clef_step));
    let mut pen = x + 0.5 * SP + f32::from(music(clef).advance) * SCALE + 0.8 * SP;
    let shift = match voice.key.clef.as_str() {
        "bass" => -2,
        "alto" => -1,
        _ => 0,
    };
    if !matches!(
        voice.key.tonic,
        jamsesh_abc::syntax::KeyTonic::HighlandPipes {
            show_signature: false
        }
    ) {
        for (glyph, step) in key_signature(voice.key.fifths()) {
            c.glyph(glyph, pen, step_y(step + shift));
            pen += f32::from(music(glyph).advance) * SCALE + 0.2 * SP;
        }
    }
    pen += 0.6 * SP;
    if with_time {
        match &tune.meter {
            jamsesh_abc::syntax::MeterSpec::Common => {
                c.glyph("timeSigCommon", pen, step_y(4));
                pen += 2.2 * SP;
            }
            jamsesh_abc::syntax::MeterSpec::Cut => {
                c.glyph("timeSigCutCommon", pen, step_y(4));
                pen += 2.2 * SP;
            }
            jamsesh_abc::syntax::MeterSpec::Fraction {
                numerators,
                denominator,
            } => {
                let top_text: String = numerators
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join("");
                let width = top_text.len().max(denominator.to_string().len()) as f32 * 1.9 * SP;
                for (row, digits) in [(6, top_text), (2, denominator.to_string())] {
                    let w = digits.len() as f32 * 1.9 * SP;
                    for (k, d) in digits.chars().enumerate() {
                        c.glyph(
                            &format!("timeSig{d}"),
                            pen + (width - w) / 2.0 + k as f32 * 1.9 * SP,
                            step_y(row),
                        );
                    }
                }
                pen += width + 0.8 * SP;
            }
            jamsesh_abc::syntax::MeterSpec::Free => {}
        }
    }
    pen - x + 0.5 * SP
}

/// Where each event of a bar sits, after justification.
struct Placed<'a> {
    event: &'a Event,
    x: f32,
}

/// Draws one bar of one voice at `x`, `width` wide (ties end at the bar's end).
#[allow(clippy::too_many_arguments)]
fn draw_bar(
    c: &mut Canvas,
    voice: &Voice,
    bar_index: usize,
    x: f32,
    width: f32,
    top: f32,
    stretch: f32,
    last: bool,
) {
    let bar = &voice.bars[bar_index];
    let bottom = top + 4.0 * SP;
    let base_line = bottom_line(&voice.key.clef);
    let step_y = |step: i32| bottom - step as f32 * SP / 2.0;
    let mut pen = x + 1.5 * SP * stretch;
    let mut placed: Vec<Placed> = Vec::new();
    for e in bar.events.iter().filter(|e| e.overlay == 0) {
        let accidental_room = match &e.kind {
            EventKind::Notes(n) if n.iter().any(|s| s.written_accidental.is_some()) => 1.2 * SP,
            _ => 0.0,
        };
        placed.push(Placed {
            event: e,
            x: pen + accidental_room * stretch,
        });
        pen += spacing(e) * stretch;
    }
    // Chord symbols above the staff, at the event they sound with.
    for cs in voice.chord_symbols.iter().filter(|cs| cs.bar == bar_index) {
        let at = placed
            .iter()
            .find(|p| p.event.onset >= cs.onset)
            .map_or(x + SP, |p| p.x);
        c.text(&cs.symbol, at, top - 2.2 * SP, 1.5 * SP, "chord");
    }
    // Beam groups: runs of eighths or shorter inside one beam group of the source.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, p) in placed.iter().enumerate() {
        let beamable = matches!(p.event.kind, EventKind::Notes(_))
            && base_and_dots(written(p.event)).0 <= Frac::new(1, 8);
        let continues = beamable
            && !p.event.beam_break
            && groups
                .last()
                .is_some_and(|g| g.last() == Some(&(i.wrapping_sub(1))));
        if continues {
            if let Some(g) = groups.last_mut() {
                g.push(i);
            }
        } else if beamable {
            groups.push(vec![i]);
        }
    }
    let beamed: Vec<usize> = groups
        .iter()
        .filter(|g| g.len() > 1)
        .flatten()
        .copied()
        .collect();
    let head_width = f32::from(music("noteheadBlack").advance) * SCALE;
    // Notes and rests.
    let mut stems: Vec<(usize, f32, f32, bool)> = Vec::new(); // (event, stem x, head y, up)
    for (i, p) in placed.iter().enumerate() {
        let (base, dots) = base_and_dots(written(p.event));
        match &p.event.kind {
            EventKind::Notes(notes) => {
                let steps: Vec<i32> = notes.iter().map(|s| diatonic(s) - base_line).collect();
                let mean = steps.iter().sum::<i32>() as f32 / steps.len().max(1) as f32;
                let up = mean < 4.0;
                let head = if base >= Frac::new(1, 1) {
                    "noteheadWhole"
                } else if base >= Frac::new(1, 2) {
                    "noteheadHalf"
                } else {
                    "noteheadBlack"
                };
                for (s, &step) in notes.iter().zip(&steps) {
                    // Ledger lines below and above the staff, up to the note.
                    let below = (1..).map(|k| -2 * k).take_while(|&l| l >= step);
                    let above = (1..).map(|k| 8 + 2 * k).take_while(|&l| l <= step);
                    for l in below.chain(above) {
                        let y = step_y(l);
                        c.line(p.x - 0.4 * SP, y, p.x + head_width + 0.4 * SP, y, 0.16 * SP);
                    }
                    if let Some(a) = s.written_accidental {
                        let name = match a {
                            2 => "accidentalDoubleSharp",
                            1 => "accidentalSharp",
                            0 => "accidentalNatural",
                            -1 => "accidentalFlat",
                            _ => "accidentalDoubleFlat",
                        };
                        c.glyph(name, p.x - 1.2 * SP, step_y(step));
                    }
                    c.glyph(head, p.x, step_y(step));
                    for d in 0..dots {
                        let dot_step = if step % 2 == 0 { step + 1 } else { step };
                        c.glyph(
                            "augmentationDot",
                            p.x + head_width + 0.5 * SP + d as f32 * 0.7 * SP,
                            step_y(dot_step),
                        );
                    }
                }
                if base < Frac::new(1, 1) {
                    let anchor = if up {
                        *steps.iter().min().unwrap_or(&0)
                    } else {
                        *steps.iter().max().unwrap_or(&0)
                    };
                    let stem_x = if up {
                        p.x + head_width - 0.06 * SP
                    } else {
                        p.x + 0.06 * SP
                    };
                    stems.push((i, stem_x, step_y(anchor), up));
                    if !beamed.contains(&i) {
                        let tip = if up {
                            step_y(anchor) - 3.5 * SP
                        } else {
                            step_y(anchor) + 3.5 * SP
                        };
                        c.line(stem_x, step_y(anchor), stem_x, tip, 0.12 * SP);
                        let flag = if base <= Frac::new(1, 16) {
                            "flag16th"
                        } else if base <= Frac::new(1, 8) {
                            "flag8th"
                        } else {
                            ""
                        };
                        if !flag.is_empty() {
                            c.glyph(
                                &format!("{flag}{}", if up { "Up" } else { "Down" }),
                                stem_x - 0.06 * SP,
                                tip,
                            );
                        }
                    }
                }
            }
            EventKind::Rest { visible: false } | EventKind::MultiBarRest { visible: false, .. } => {
            }
            EventKind::Rest { .. } | EventKind::MultiBarRest { .. } => {
                let (glyph, step) = if matches!(p.event.kind, EventKind::MultiBarRest { .. })
                    || base >= Frac::new(1, 1)
                {
                    ("restWhole", 6)
                } else if base >= Frac::new(1, 2) {
                    ("restHalf", 4)
                } else if base >= Frac::new(1, 4) {
                    ("restQuarter", 4)
                } else if base >= Frac::new(1, 8) {
                    ("rest8th", 4)
                } else {
                    ("rest16th", 4)
                };
                c.glyph(glyph, p.x, step_y(step));
            }
        }
    }
    // Beams: one stem direction per group, a straight beam from the first stem to the last.
    for g in groups.iter().filter(|g| g.len() > 1) {
        let members: Vec<&(usize, f32, f32, bool)> =
            stems.iter().filter(|s| g.contains(&s.0)).collect();
        if members.len() < 2 {
            continue;
        }
        let up = members.iter().filter(|s| s.3).count() * 2 >= members.len();
        let tip = |s: &(usize, f32, f32, bool)| if up { s.2 - 3.5 * SP } else { s.2 + 3.5 * SP };
        let (first, last) = (members[0], members[members.len() - 1]);
        let x_of = |s: &(usize, f32, f32, bool)| {
            if up == s.3 {
                s.1
            } else if up {
                s.1 + head_width - 0.12 * SP
            } else {
                s.1 - head_width + 0.12 * SP
            }
        };
        let (x1, x2) = (x_of(first), x_of(last));
        // Slope follows the line, gently; the beam clears every note.
        let slope = ((tip(last) - tip(first)) / (x2 - x1).max(1.0)).clamp(-0.15, 0.15);
        let mut offset = 0.0f32;
        for s in &members {
            let y = tip(first) + slope * (x_of(s) - x1);
            let needed = tip(s) - y;
            offset = if up {
                offset.min(needed)
            } else {
                offset.max(needed)
            };
        }
        let beam_y = |x: f32| tip(first) + offset + slope * (x - x1);
        for s in &members {
            c.line(x_of(s), s.2, x_of(s), beam_y(x_of(s)), 0.12 * SP);
        }
        let thick = 0.5 * SP;
        let dir = if up { 1.0 } else { -1.0 };
        let beam = |c: &mut Canvas, xa: f32, xb: f32, level: f32| {
            let (ya, yb) = (
                beam_y(xa) + dir * level * 0.75 * SP,
                beam_y(xb) + dir * level * 0.75 * SP,
            );
            let _ = writeln!(
                c.body,
                "<path class=\"beam\" d=\"M{xa:.1} {ya:.1}L{xb:.1} {yb:.1}L{xb:.1} {:.1}L{xa:.1} {:.1}Z\"/>",
                yb + dir * thick,
                ya + dir * thick
            );
        };
        beam(c, x1, x2, 0.0);
        // Second beams between neighbouring sixteenths.
        for w in members.windows(2) {
            let short = |s: &(usize, f32, f32, bool)| {
                base_and_dots(written(placed[s.0].event)).0 <= Frac::new(1, 16)
            };
            if short(w[0]) && short(w[1]) {
                beam(c, x_of(w[0]), x_of(w[1]), 1.0);
            }
        }
        if placed[g[0]].event.tuplet == Some((3, 2)) {
            let mid = (x1 + x2) / 2.0;
            let y = if up {
                beam_y(mid) - 1.4 * SP
            } else {
                beam_y(mid) + 2.2 * SP
            };
            c.glyph("tuplet3", mid - 0.5 * SP, y);
        }
    }
    // Ties to the next note of the same written pitch in this bar.
    for (i, p) in placed.iter().enumerate() {
        let EventKind::Notes(notes) = &p.event.kind else {
            continue;
        };
        for s in notes.iter().filter(|s| s.tie) {
            let step = diatonic(s) - base_line;
            let end_x = placed.get(i + 1).map_or(x + width - 0.5 * SP, |n| n.x);
            let (x1, x2) = (p.x + head_width + 0.2 * SP, end_x - 0.2 * SP);
            let y = step_y(step) + if step < 4 { 0.8 * SP } else { -0.8 * SP };
            let bulge = if step < 4 { SP } else { -SP };
            let _ = writeln!(
                c.body,
                "<path class=\"tie\" d=\"M{x1:.1} {y:.1}Q{:.1} {:.1} {x2:.1} {y:.1}Q{:.1} {:.1} {x1:.1} {y:.1}Z\"/>",
                (x1 + x2) / 2.0,
                y + bulge * 1.3,
                (x1 + x2) / 2.0,
                y + bulge
            );
        }
    }
    // Bar line (and repeat dots).
    let end = x + width;
    let symbol = bar.bar_line.as_deref().unwrap_or("|");
    if last || symbol.contains(']') {
        c.line(end - 0.7 * SP, top, end - 0.7 * SP, bottom, 0.16 * SP);
        let _ = writeln!(
            c.body,
            "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
            end - 0.5 * SP,
            0.5 * SP,
            4.0 * SP
        );
    } else if symbol.contains("||") {
        c.line(end - 0.5 * SP, top, end - 0.5 * SP, bottom, 0.16 * SP);
        c.line(end, top, end, bottom, 0.16 * SP);
    } else {
        c.line(end, top, end, bottom, 0.16 * SP);
    }
    if bar.repeat_end > 0 {
        for step in [3, 5] {
            let _ = writeln!(
                c.body,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\"/>",
                end - 1.3 * SP,
                step_y(step),
                0.25 * SP
            );
        }
    }
    if bar.repeat_start {
        for step in [3, 5] {
            let _ = writeln!(
                c.body,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\"/>",
                x + 0.6 * SP,
                step_y(step),
                0.25 * SP
            );
        }
    }
    if let Some(label) = &bar.ending {
        c.line(x, top - 3.5 * SP, x, top - 2.7 * SP, 0.12 * SP);
        c.line(
            x,
            top - 3.5 * SP,
            x + width * 0.8,
            top - 3.5 * SP,
            0.12 * SP,
        );
        c.text(
            &format!("{label}."),
            x + 0.4 * SP,
            top - 2.0 * SP - 1.6 * SP,
            1.2 * SP,
            "ending",
        );
    }
}

/// Engraves a tune.
pub fn engrave(tune: &Tune, options: &SvgOptions) -> Engraving {
    let width = options.width.clamp(300.0, 4000.0);
    let margin = 2.0 * SP;
    let mut c = Canvas {
        body: String::new(),
        noteheads: 0,
    };
    let mut y = margin;
    if !tune.title.is_empty() {
        let size = 2.4 * SP;
        let w = text_width(&tune.title, size).min(width - 2.0 * margin);
        y += size;
        c.text(&tune.title, (width - w) / 2.0, y, size, "title");
        y += 1.5 * SP;
    }
    let voices: Vec<&Voice> = tune
        .voices
        .iter()
        .filter(|v| v.bars.iter().any(|b| !b.events.is_empty()))
        .take(8)
        .collect();
    let bar_count = voices.iter().map(|v| v.bars.len()).max().unwrap_or(0);
    // Bar widths shared by all voices, so bars line up across staves.
    let widths: Vec<f32> = (0..bar_count)
        .map(|b| {
            voices
                .iter()
                .filter_map(|v| v.bars.get(b))
                .map(bar_width)
                .fold(4.0 * SP, f32::max)
        })
        .collect();
    let mut systems = 0;
    let mut bars_drawn = 0;
    let mut b = 0;
    while b < bar_count {
        let first_system = systems == 0;
        // Header width from a dry run on the first voice.
        let header = voices.first().map_or(0.0, |v| {
            let mut probe = Canvas {
                body: String::new(),
                noteheads: 0,
            };
            staff_start(&mut probe, v, tune, 0.0, 0.0, first_system)
        });
        let room = width - 2.0 * margin - header;
        let mut end = b;
        let mut used = 0.0;
        while end < bar_count && (end == b || used + widths[end] <= room) {
            used += widths[end];
            end += 1;
        }
        let last_system = end == bar_count;
        // Justify full systems; a short last system keeps natural spacing.
        let stretch = if last_system && used < room * 0.7 {
            1.0
        } else {
            room / used.max(1.0)
        };
        let system_top = y + 3.0 * SP;
        for (vi, v) in voices.iter().enumerate() {
            let top = system_top + vi as f32 * STAFF_BAND;
            for k in 0..5 {
                let ly = top + k as f32 * SP;
                c.line(margin, ly, margin + header + used * stretch, ly, 0.13 * SP);
            }
            c.line(margin, top, margin, top + 4.0 * SP, 0.16 * SP);
            staff_start(&mut c, v, tune, margin, top, first_system);
            let mut x = margin + header;
            for (bar, w) in widths.iter().enumerate().take(end).skip(b) {
                if bar < v.bars.len() {
                    draw_bar(
                        &mut c,
                        v,
                        bar,
                        x,
                        w * stretch,
                        top,
                        stretch,
                        bar + 1 == bar_count,
                    );
                    bars_drawn += 1;
                }
                x += w * stretch;
            }
        }
        systems += 1;
        y = system_top + voices.len() as f32 * STAFF_BAND - 1.0 * SP;
        b = end;
    }
    let height = y + margin;
    let (ink, paper) = match options.theme {
        Theme::Light => ("#000000", "#ffffff"),
        Theme::Dark => ("#e3e5e8", "#2b2d31"),
    };
    let mut svg = String::with_capacity(c.body.len() + 8000);
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\">"
    );
    svg.push_str("<defs>\n");
    for (name, g) in MUSIC {
        if c.body.contains(&format!("#{name}\"")) {
            let _ = writeln!(
                svg,
                "<path id=\"{name}\" transform=\"scale({SCALE} {})\" d=\"{}\"/>",
                -SCALE, g.path
            );
        }
    }
    svg.push_str("</defs>\n");
    let _ = writeln!(
        svg,
        "<rect width=\"100%\" height=\"100%\" fill=\"{paper}\"/>"
    );
    let _ = writeln!(
        svg,
        "<g fill=\"{ink}\" stroke=\"{ink}\" stroke-linecap=\"butt\">"
    );
    // Outlines are filled, not stroked: only lines take the stroke.
    svg.push_str(
        &c.body
            .replace("<use ", "<use stroke=\"none\" ")
            .replace("<path ", "<path stroke=\"none\" ")
            .replace("<rect x", "<rect stroke=\"none\" x")
            .replace("<circle ", "<circle stroke=\"none\" "),
    );
    svg.push_str("</g>\n</svg>\n");
    Engraving {
        svg,
        systems,
        noteheads: c.noteheads,
        bars: bars_drawn,
    }
}
