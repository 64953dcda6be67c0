//! Engraving: `Tune` → self-contained SVG. Music glyphs come from an embedded subset of
//! Bravura and text from Academico (both OFL, as outlines), so the picture is the same in
//! resvg, every browser and on any server — no system fonts. The one exception is text in
//! scripts Academico lacks (Greek, Cyrillic, CJK, emoji …): rather than a `?`, such runs are
//! written as SVG `<text>` with a font stack, which browsers draw with their fonts and
//! [`crate::svg_to_png`] with the system's.
//!
//! The tune is laid out in systems: bars share columns across staves (so notes sounding
//! together line up), systems break to the width without splitting bars and are justified,
//! and each staff is drawn on its own canvas whose vertical extent decides how far apart the
//! staves sit, so chord symbols, ledger lines and lyrics never collide.

mod canvas;
mod layout;
mod marks;
mod notation;
mod notes;
mod spanners;
mod staff;
mod words;

use crate::glyphs::MUSIC;
use crate::outline::SvgPath;
use canvas::{text_width, Canvas};
use jamsesh_abc::lyrics::Syllable;
use jamsesh_abc::semantics::{Event, EventKind, Tune, Voice};
use layout::Piece;
use notes::NoteMark;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A glyph outline in font units.
#[derive(Clone, Copy, Debug)]
pub struct Glyph {
    /// Horizontal advance.
    pub advance: u16,
    /// Outline, y up, encoded by [`crate::outline`].
    pub outline: &'static [u8],
}

/// One staff space in SVG units.
const SP: f32 = 10.0;
/// Font units to SVG units (a staff space is a quarter of the 1000-unit em).
const SCALE: f32 = SP / 250.0;
/// Most staves drawn per system.
const MAX_STAVES: usize = 8;

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
    /// Noteheads drawn (grace notes included).
    pub noteheads: usize,
    /// Characters the embedded fonts lack, written as SVG `<text>` for the viewer's fonts (and
    /// for the system's fonts when rasterised): 0 for every chord symbol and Latin text.
    pub text_fallbacks: usize,
    /// Bars drawn (all voices).
    pub bars: usize,
    /// Height of the picture in SVG units (its width is the options' width).
    pub height: f32,
}

/// A voice being engraved in its written form, with its lyrics placed.
pub(crate) struct Staff<'a> {
    voice: Cow<'a, Voice>,
    syllables: Vec<Syllable>,
    /// Widest syllable under each (bar, event).
    syllable_widths: HashMap<(usize, usize), f32>,
    /// Courtesy accidentals: (bar, event, note) → alteration to show.
    courtesy: HashMap<(usize, usize, usize), i8>,
    /// Each bar's event indices sorted by onset (stable), so the events of a piece of a long
    /// bar are found by binary search instead of a scan of the whole bar per piece.
    by_onset: Vec<Vec<usize>>,
    /// Each bar's layers (0 = the voice, 1+ = `&` overlays), sorted.
    layers: Vec<Vec<u8>>,
}

/// Courtesy accidentals: a note the previous bar altered differently, at the same letter and
/// octave, shows its alteration again (unless a tie carries it over or this bar showed it).
fn courtesy_accidentals(voice: &Voice) -> HashMap<(usize, usize, usize), i8> {
    let mut out = HashMap::new();
    let mut tied_from: Vec<(char, i8)> = Vec::new();
    for (b, bar) in voice.bars.iter().enumerate() {
        let previous: Vec<(char, i8, i8)> = b
            .checked_sub(1)
            .and_then(|p| voice.bars.get(p))
            .map(|p| {
                p.events
                    .iter()
                    .filter_map(|e| match &e.kind {
                        EventKind::Notes(n) => Some(n),
                        _ => None,
                    })
                    .flatten()
                    .filter(|s| s.written_accidental.is_some())
                    .map(|s| (s.letter, s.octave, s.alter))
                    .collect()
            })
            .unwrap_or_default();
        let mut shown: Vec<(char, i8)> = Vec::new();
        for (i, e) in bar.events.iter().enumerate() {
            let EventKind::Notes(notes) = &e.kind else {
                continue;
            };
            for (n, s) in notes.iter().enumerate() {
                let at = (s.letter, s.octave);
                if s.written_accidental.is_some() {
                    shown.push(at);
                    continue;
                }
                if shown.contains(&at) || tied_from.contains(&at) {
                    continue;
                }
                let earlier = previous.iter().rev().find(|p| (p.0, p.1) == at);
                if earlier.is_some_and(|p| p.2 != s.alter) {
                    out.insert((b, i, n), s.alter);
                    shown.push(at);
                }
            }
            if e.overlay == 0 {
                tied_from = notes
                    .iter()
                    .filter(|s| s.tie)
                    .map(|s| (s.letter, s.octave))
                    .collect();
            }
        }
    }
    out
}

impl<'a> Staff<'a> {
    fn new(voice: &'a Voice) -> Staff<'a> {
        // Lyrics are placed on the notes as the source wrote them, then follow each note to
        // the first piece of its written form.
        let mut syllables = jamsesh_abc::lyrics::align(voice);
        let voice = match notation::written_voice(voice) {
            Some((written, moved)) => {
                for s in &mut syllables {
                    s.event = moved[s.bar][s.event];
                }
                Cow::Owned(written)
            }
            None => Cow::Borrowed(voice),
        };
        // Sorted by bar (stable, so each verse keeps its order) for finding a system's lyrics.
        syllables.sort_by_key(|s| s.bar);
        let mut syllable_widths = HashMap::new();
        for s in &syllables {
            let w = text_width(&s.text, layout::LYRIC_SIZE);
            let e = syllable_widths.entry((s.bar, s.event)).or_insert(0.0f32);
            *e = e.max(w);
        }
        let by_onset = voice
            .bars
            .iter()
            .map(|bar| {
                let mut order: Vec<usize> = (0..bar.events.len()).collect();
                order.sort_by_key(|&i| bar.events[i].onset);
                order
            })
            .collect();
        let layers = voice
            .bars
            .iter()
            .map(|bar| {
                let mut l: Vec<u8> = bar.events.iter().map(|e| e.overlay).collect();
                l.sort_unstable();
                l.dedup();
                l
            })
            .collect();
        Staff {
            syllables,
            syllable_widths,
            courtesy: courtesy_accidentals(&voice),
            by_onset,
            layers,
            voice,
        }
    }

    /// The accidental shown on each note of an event: as written, or a courtesy one.
    fn accidentals(&self, bar: usize, event: usize) -> Vec<Option<i8>> {
        match &self.voice.bars[bar].events[event].kind {
            EventKind::Notes(notes) => notes
                .iter()
                .enumerate()
                .map(|(n, s)| {
                    s.written_accidental
                        .or_else(|| self.courtesy.get(&(bar, event, n)).copied())
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Indices of the events of `piece` (of every layer), in their order in the bar.
    fn piece_events(&self, piece: &layout::Piece) -> Vec<usize> {
        let events = &self.voice.bars[piece.bar].events;
        let order = &self.by_onset[piece.bar];
        let from = piece
            .from
            .map_or(0, |f| order.partition_point(|&i| events[i].onset < f));
        let to = piece.until.map_or(order.len(), |u| {
            order.partition_point(|&i| events[i].onset < u)
        });
        let mut held = order[from..to.max(from)].to_vec();
        held.sort_unstable();
        held
    }

    fn syllable_width(&self, bar: usize, event: usize) -> Option<f32> {
        self.syllable_widths.get(&(bar, event)).copied()
    }

    /// The event a drawn note stands for.
    fn event(&self, m: &NoteMark) -> &Event {
        &self.voice.bars[m.bar].events[m.event]
    }

    /// The layer (0 = the voice, 1+ = `&` overlays) of a drawn note.
    fn layer(&self, m: &NoteMark) -> u8 {
        self.event(m).overlay
    }
}

/// Title, subtitles, composer and origin, and the tempo; returns the height used.
fn draw_header(c: &mut Canvas, tune: &Tune, width: f32, margin: f32) -> f32 {
    let mut y = margin;
    let titles: Vec<&str> = tune
        .fields
        .iter()
        .filter(|(t, _)| *t == 'T')
        .map(|(_, v)| v.as_str())
        .filter(|t| !t.trim().is_empty())
        .take(3)
        .collect();
    for (k, title) in titles.iter().enumerate() {
        let size = if k == 0 { 2.4 * SP } else { 1.7 * SP };
        y += size;
        let w = text_width(title, size).min(width - 2.0 * margin);
        c.text(title, (width - w) / 2.0, y, size, "title");
        y += 0.5 * SP;
    }
    let right: Vec<&str> = tune
        .fields
        .iter()
        .filter(|(t, _)| matches!(t, 'C' | 'O'))
        .map(|(_, v)| v.as_str())
        .filter(|t| !t.trim().is_empty())
        .take(3)
        .collect();
    let mut ry = y;
    for text in &right {
        ry += 1.5 * SP;
        let w = text_width(text, 1.3 * SP);
        c.text(text, width - margin - w, ry, 1.3 * SP, "composer");
    }
    if let Some(t) = &tune.tempo {
        let ty = y + 1.8 * SP;
        let mut pen = margin;
        if let Some(words) = &t.text {
            pen += c.text(words, pen, ty, 1.4 * SP, "tempo") + 0.8 * SP;
        }
        let (base, dots) = notes::base_and_dots(t.beat);
        let glyph = if base >= jamsesh_abc::Frac::new(1, 1) {
            "metNoteWhole"
        } else if base >= jamsesh_abc::Frac::new(1, 2) {
            "metNoteHalfUp"
        } else if base >= jamsesh_abc::Frac::new(1, 4) {
            "metNoteQuarterUp"
        } else {
            "metNote8thUp"
        };
        c.glyph_scaled(glyph, pen, ty, 0.8);
        pen += canvas::music_width(glyph) * 0.8 + 0.3 * SP;
        for _ in 0..dots {
            c.dot(pen, ty - 0.2 * SP, 0.2 * SP);
            pen += 0.6 * SP;
        }
        c.text(&format!(" = {}", t.bpm), pen, ty, 1.4 * SP, "tempo");
        y = y.max(ty);
    }
    y.max(ry) + 0.5 * SP
}

/// Engraves a tune.
pub fn engrave(tune: &Tune, options: &SvgOptions) -> Engraving {
    engrave_until(tune, options, &|| false).expect("never stopped")
}

/// Engraves a tune unless `stop` turns true (asked before each system): `None` then, so work
/// for a client that has gone away ends early.
pub fn engrave_until(
    tune: &Tune,
    options: &SvgOptions,
    stop: &dyn Fn() -> bool,
) -> Option<Engraving> {
    let width = options.width.clamp(300.0, 4000.0);
    let margin = 2.0 * SP;
    let mut page = Canvas::new();
    let mut y = draw_header(&mut page, tune, width, margin);
    let staves: Vec<Staff> = tune
        .voices
        .iter()
        .filter(|v| v.bars.iter().any(|b| !b.events.is_empty()))
        .take(MAX_STAVES)
        .map(Staff::new)
        .collect();
    let bar_count = staves.iter().map(|s| s.voice.bars.len()).max().unwrap_or(0);
    let brace = if staves.len() > 1 { 1.6 * SP } else { 0.0 };
    let left = margin + brace;
    // The most a bar may be wide: the room left after the first system's clef, key and time.
    let widest_start = staves
        .iter()
        .filter_map(|s| s.voice.bars.first())
        .map(|bar| staff::draw_start(&mut Canvas::new(), bar, 0.0, true))
        .fold(0.0, f32::max);
    let max_room = (width - left - margin - widest_start).max(10.0 * SP);
    let pieces: Vec<Piece> = (0..bar_count)
        .flat_map(|b| layout::pieces(b, layout::bar_columns(&staves, b), max_room))
        .collect();
    let mut open = vec![spanners::Open::default(); staves.len()];
    let mut systems = 0;
    let mut bars_drawn = 0;
    let mut p = 0;
    while p < pieces.len() {
        if stop() {
            return None;
        }
        let first_system = systems == 0;
        let b = pieces[p].bar;
        let meter_changes = b > 0
            && pieces[p].opens()
            && staves.iter().any(|s| {
                matches!((s.voice.bars.get(b), s.voice.bars.get(b - 1)), (Some(x), Some(y)) if x.meter != y.meter)
            });
        // The widest clef-key-time start among the staves, so bars line up.
        let header = staves
            .iter()
            .filter_map(|s| s.voice.bars.get(b).or(s.voice.bars.last()))
            .map(|bar| {
                staff::draw_start(&mut Canvas::new(), bar, 0.0, first_system || meter_changes)
            })
            .fold(0.0, f32::max);
        let room = width - left - margin - header;
        let mut end = p;
        let mut used = 0.0;
        while end < pieces.len() {
            // A key or meter change at a system's start is drawn by the start, not the bar.
            let cols = &pieces[end].columns;
            let w = if end == p {
                cols.width - cols.prefix
            } else {
                cols.width
            };
            if end > p && used + w > room {
                break;
            }
            used += w;
            end += 1;
        }
        let last_system = end == pieces.len();
        let stretch = if last_system && used < room * 0.75 {
            1.0
        } else {
            (room / used.max(1.0)).max(0.2)
        };
        let mut staff_canvases = Vec::with_capacity(staves.len());
        // Where each bar of the system sits across, for the players' "now playing" marks.
        let mut bar_spans: Vec<(usize, f32, f32)> = Vec::new();
        for (si, s) in staves.iter().enumerate() {
            let mut c = Canvas::new();
            let mut marks: Vec<NoteMark> = Vec::new();
            let mut placed = Vec::new();
            let mut ends = Vec::new();
            let mut x = left + header;
            for (k, piece) in pieces[p..end].iter().enumerate() {
                let (bi, cols) = (piece.bar, &piece.columns);
                // The first bar of a system has its change drawn in the start instead.
                let bar_x = if k == 0 { x - cols.prefix } else { x };
                let w = cols.stretched(stretch) - if k == 0 { cols.prefix } else { 0.0 };
                if let Some(bar) = s.voice.bars.get(bi) {
                    if k > 0 && bi > 0 && piece.opens() {
                        staff::draw_changes(&mut c, bar, &s.voice.bars[bi - 1], bar_x);
                    }
                    notes::draw_bar(&mut c, s, piece, bar_x, stretch, &mut marks);
                    staff::draw_bar_line(
                        &mut c,
                        bar,
                        x,
                        x + w,
                        (piece.opens(), piece.closes()),
                        bi + 1 == bar_count,
                    );
                    if piece.opens() {
                        bars_drawn += 1;
                    }
                }
                placed.push(words::PlacedBar { piece, x: bar_x });
                if si == 0 {
                    bar_spans.push((bi, x, x + w));
                }
                x += w;
                ends.push(x);
            }
            staff::draw_lines(&mut c, left, x);
            if let Some(bar) = s.voice.bars.get(b).or(s.voice.bars.last()) {
                staff::draw_start(&mut c, bar, left, first_system || meter_changes);
            }
            let carried = std::mem::take(&mut open[si]);
            open[si] = spanners::draw(&mut c, s, &marks, left + header, x, carried);
            let last_bar = pieces[end - 1].bar;
            words::draw_lyrics(&mut c, s, &marks, b, last_bar + 1, x);
            words::draw_chord_symbols(&mut c, s, &placed, stretch);
            words::draw_endings(&mut c, s, &placed, &ends);
            staff_canvases.push(c);
        }
        // Stack the staves: each sits below what the one above drew, with a little air.
        let mut staff_tops = Vec::with_capacity(staff_canvases.len());
        let under_staves = page.body.len();
        let mut cursor = y + 1.0 * SP;
        for c in &staff_canvases {
            let dy = cursor - c.top;
            page.append(c, dy);
            staff_tops.push(dy);
            cursor = dy + c.bottom + 1.2 * SP;
        }
        if let (Some(first), Some(last)) = (staff_tops.first(), staff_tops.last()) {
            let (top, bottom) = (first - 1.5 * SP, last + 5.5 * SP);
            let mut areas = String::new();
            for &(bar, x1, x2) in &bar_spans {
                // Invisible, beneath the staves: players fill it to show the bar being played.
                let _ = writeln!(
                    areas,
                    "<rect class=\"bar-area\" data-bar=\"{bar}\" x=\"{x1:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"none\"/>",
                    x2 - x1,
                    bottom - top
                );
            }
            page.body.insert_str(under_staves, &areas);
        }
        if staff_tops.len() > 1 {
            let (top, bottom) = (staff_tops[0], staff_tops[staff_tops.len() - 1] + 4.0 * SP);
            // The brace is drawn for one staff; it grows tall, and a little wider with it.
            let k = (bottom - top) / (4.0 * SP);
            let kx = 1.0 + (k - 1.0) * 0.3;
            let _ = writeln!(
                page.body,
                "<use href=\"#brace\" transform=\"translate({:.1} {bottom:.1}) scale({kx:.3} {k:.3})\"/>",
                left - 0.4 * SP - canvas::music_width("brace") * kx
            );
            page.line(left, top, left, bottom, 0.16 * SP);
        }
        systems += 1;
        y = cursor + 0.6 * SP;
        p = end;
    }
    let height = y + margin;
    Some(Engraving {
        svg: document(&page, width, height, options.theme),
        systems,
        noteheads: page.noteheads,
        text_fallbacks: page.text_fallbacks,
        bars: bars_drawn,
        height,
    })
}

/// Wraps a drawn page into an SVG document with the glyphs it uses.
fn document(page: &Canvas, width: f32, height: f32, theme: Theme) -> String {
    let (ink, paper) = match theme {
        Theme::Light => ("#000000", "#ffffff"),
        Theme::Dark => ("#e3e5e8", "#2b2d31"),
    };
    let mut svg = String::with_capacity(page.body.len() + 8000);
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\">"
    );
    svg.push_str("<defs>\n");
    for (name, g) in MUSIC {
        if page.body.contains(&format!("#{name}\"")) {
            let _ = writeln!(
                svg,
                "<path id=\"{name}\" transform=\"scale({SCALE} {})\" d=\"{}\"/>",
                -SCALE,
                SvgPath(g.outline)
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
        &page
            .body
            .replace("<use ", "<use stroke=\"none\" ")
            .replace("<path ", "<path stroke=\"none\" ")
            .replace("<rect x", "<rect stroke=\"none\" x")
            .replace("<circle ", "<circle stroke=\"none\" "),
    );
    svg.push_str("</g>\n</svg>\n");
    svg
}
