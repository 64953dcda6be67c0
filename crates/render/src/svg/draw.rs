//! The drawer: a laid-out [`Page`] to SVG text. Music glyphs are `<use>`s of outlines defined
//! once in `<defs>`; text is drawn as outlines of the embedded font, except characters it
//! lacks (Greek, Cyrillic, CJK, emoji …), which are written as SVG `<text>` for the viewer's
//! fonts instead of a sign.

use super::mark::Mark;
use super::page::{Page, System};
use crate::font::{self, SCALE, SP};
use crate::glyphs::MUSIC;
use crate::outline::SvgPath;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Font stack for characters the embedded fonts lack.
const FALLBACK_FONTS: &str = "Academico, 'Noto Sans', 'DejaVu Sans', 'Noto Sans CJK JP', \
    'Noto Color Emoji', sans-serif";

/// Colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Black on white.
    Light,
    /// Light grey on Discord's dark grey.
    Dark,
}

/// The SVG document of a page.
pub(crate) fn document(page: &Page, theme: Theme) -> String {
    let (ink, paper) = match theme {
        Theme::Light => ("#000000", "#ffffff"),
        Theme::Dark => ("#e3e5e8", "#2b2d31"),
    };
    let (width, height) = (page.width, page.height);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\">"
    );
    write_defs(&mut svg, page);
    let _ = writeln!(
        svg,
        "<rect width=\"100%\" height=\"100%\" fill=\"{paper}\"/>"
    );
    // Outlines are filled, not stroked: only lines take the stroke.
    let _ = writeln!(
        svg,
        "<g fill=\"{ink}\" stroke=\"{ink}\" stroke-linecap=\"butt\">"
    );
    page.header
        .list
        .iter()
        .for_each(|m| write_mark(&mut svg, m));
    for system in &page.systems {
        write_system(&mut svg, system);
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}

/// The outlines of the music glyphs the page uses, in the font table's order.
fn write_defs(svg: &mut String, page: &Page) {
    let mut used: HashSet<&str> = HashSet::new();
    for (marks, _) in page.all_marks() {
        for m in &marks.list {
            if let Mark::Glyph { name, .. } = m {
                used.insert(name);
            }
        }
    }
    if page.systems.iter().any(|s| s.brace.is_some()) {
        used.insert("brace");
    }
    svg.push_str("<defs>\n");
    for (name, g) in MUSIC.iter().filter(|(name, _)| used.contains(name)) {
        let _ = writeln!(
            svg,
            "<path id=\"{name}\" transform=\"scale({SCALE} {})\" d=\"{}\"/>",
            -SCALE,
            SvgPath(g.outline)
        );
    }
    svg.push_str("</defs>\n");
}

/// A system: the bands players fill to show the bar being played (beneath everything), the
/// staves, then the brace.
fn write_system(svg: &mut String, system: &System) {
    let (top, bottom) = system.band;
    for span in &system.bars {
        let _ = writeln!(
            svg,
            "<rect class=\"bar-area\" data-bar=\"{}\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"none\"/>",
            span.bar,
            span.x1,
            span.x2 - span.x1,
            bottom - top
        );
    }
    for staff in &system.staves {
        let _ = writeln!(svg, "<g transform=\"translate(0 {:.1})\">", staff.dy);
        staff.marks.list.iter().for_each(|m| write_mark(svg, m));
        svg.push_str("</g>\n");
    }
    if let Some(b) = &system.brace {
        let _ = writeln!(
            svg,
            "<use stroke=\"none\" href=\"#brace\" transform=\"translate({:.1} {:.1}) scale({:.3} {:.3})\"/>",
            b.x, b.y, b.scale.0, b.scale.1
        );
        write_mark(
            svg,
            &Mark::Line {
                from: (b.line_x, b.top),
                to: (b.line_x, b.y),
                width: 0.16 * SP,
            },
        );
    }
}

/// One mark as SVG.
fn write_mark(svg: &mut String, mark: &Mark) {
    match mark {
        Mark::Glyph { name, x, y, scale } => write_glyph(svg, name, (*x, *y), *scale),
        Mark::Line { from, to, width } => {
            let _ = writeln!(
                svg,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke-width=\"{width:.2}\"/>",
                from.0, from.1, to.0, to.1
            );
        }
        Mark::Beam { .. } | Mark::Curve { .. } => write_path(svg, mark),
        Mark::Rect {
            x,
            y,
            width,
            height,
        } => {
            let _ = writeln!(
                svg,
                "<rect stroke=\"none\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height:.1}\"/>"
            );
        }
        Mark::Dot { x, y, r } => {
            let _ = writeln!(
                svg,
                "<circle stroke=\"none\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.2}\"/>"
            );
        }
        Mark::Text {
            text,
            x,
            y,
            size,
            class,
        } => write_text(svg, text, (*x, *y), *size, class),
        Mark::Arpeggio { points } => {
            let points: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect();
            let _ = writeln!(
                svg,
                "<polyline class=\"arpeggio\" fill=\"none\" stroke-width=\"1.2\" points=\"{}\"/>",
                points.join(" ")
            );
        }
    }
}

/// A music glyph: a `<use>` of its outline in `<defs>`.
fn write_glyph(svg: &mut String, name: &str, (x, y): (f32, f32), scale: f32) {
    if (scale - 1.0).abs() < 1e-3 {
        let _ = writeln!(
            svg,
            "<use stroke=\"none\" href=\"#{name}\" x=\"{x:.1}\" y=\"{y:.1}\"/>"
        );
    } else {
        let _ = writeln!(
            svg,
            "<use stroke=\"none\" href=\"#{name}\" transform=\"translate({x:.1} {y:.1}) scale({scale:.2})\"/>"
        );
    }
}

/// A filled path: a beam or a tie or slur.
fn write_path(svg: &mut String, mark: &Mark) {
    match mark {
        Mark::Beam {
            corners: [a, b, c, d],
        } => {
            let _ = writeln!(
                svg,
                "<path stroke=\"none\" class=\"beam\" d=\"M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z\"/>",
                a.0, a.1, b.0, b.1, c.0, c.1, d.0, d.1
            );
        }
        Mark::Curve {
            class,
            from: (x1, y1),
            to: (x2, y2),
            controls: [a, b, c, d],
        } => {
            let _ = writeln!(
                svg,
                "<path stroke=\"none\" class=\"{class}\" d=\"M{x1:.1} {y1:.1}C{:.1} {:.1} {:.1} {:.1} {x2:.1} {y2:.1}C{:.1} {:.1} {:.1} {:.1} {x1:.1} {y1:.1}Z\"/>",
                a.0, a.1, b.0, b.1, c.0, c.1, d.0, d.1
            );
        }
        _ => {}
    }
}

/// Text as outlines of the embedded font; runs of characters it lacks are written as SVG text
/// in [`FALLBACK_FONTS`], at the place the outlines leave for them.
fn write_text(svg: &mut String, text: &str, (x, y): (f32, f32), size: f32, class: &str) {
    let k = size / 1000.0;
    let _ = write!(
        svg,
        "<g class=\"{class}\" transform=\"translate({x:.1} {y:.1}) scale({k:.4} {:.4})\">",
        -k
    );
    let mut pen = 0.0;
    // (start of the run in font units, its text) for characters without outlines.
    let mut runs: Vec<(f32, String)> = Vec::new();
    let mut in_run = false;
    for c in text.chars() {
        match font::text_glyph(c) {
            Some(g) => {
                if !g.outline.is_empty() {
                    let _ = write!(
                        svg,
                        "<path stroke=\"none\" transform=\"translate({pen:.0} 0)\" d=\"{}\"/>",
                        SvgPath(g.outline)
                    );
                }
                in_run = false;
            }
            None if c.is_control() => continue,
            None => {
                if !in_run {
                    runs.push((pen, String::new()));
                    in_run = true;
                }
                if let Some((_, run)) = runs.last_mut() {
                    push_escaped(run, c);
                }
            }
        }
        pen += f32::from(font::advance(c));
    }
    svg.push_str("</g>\n");
    for (start, run) in runs {
        let _ = writeln!(
            svg,
            "<text class=\"{class}\" x=\"{:.1}\" y=\"{y:.1}\" font-size=\"{size:.1}\" font-family=\"{FALLBACK_FONTS}\">{run}</text>",
            x + start * k
        );
    }
}

/// Writes `c` into SVG text content, escaped.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::mark::Marks;

    #[test]
    fn other_scripts_are_written_as_text_not_as_a_sign() {
        let mut marks = Marks::new();
        marks.text("Ночь <блюз> 夜 & Dúo", 10.0, 20.0, 14.0, "title");
        assert_eq!(marks.text_fallbacks, 9);
        let mut svg = String::new();
        marks.list.iter().for_each(|m| write_mark(&mut svg, m));
        assert!(svg.contains(">Ночь</text>"), "{svg}");
        assert!(svg.contains(">блюз</text>"), "{svg}");
        assert!(svg.contains(">夜</text>"), "{svg}");
        // `<`, `>`, `&` and `Dúo` have outlines: three runs of text only.
        assert_eq!(svg.matches("<text").count(), 3, "{svg}");
    }
}
