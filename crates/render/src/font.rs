//! The embedded fonts at the engraver's size: music glyphs by SMuFL name, text glyphs by
//! character, and widths measured from their advances (never by drawing).

use crate::glyphs::{Glyph, MUSIC, TEXT};

/// One staff space in SVG units.
pub(crate) const SP: f32 = 10.0;
/// Font units to SVG units (a staff space is a quarter of the 1000-unit em).
pub(crate) const SCALE: f32 = SP / 250.0;

const NO_GLYPH: Glyph = Glyph {
    advance: 0,
    outline: &[],
};

/// A music glyph by SMuFL name (empty if the subset lacks it).
pub(crate) fn music(name: &str) -> Glyph {
    MUSIC
        .binary_search_by_key(&name, |(n, _)| *n)
        .map_or(NO_GLYPH, |i| MUSIC[i].1)
}

/// Width of a music glyph in SVG units.
pub(crate) fn music_width(name: &str) -> f32 {
    f32::from(music(name).advance) * SCALE
}

/// A text glyph, if the embedded fonts have the character.
pub(crate) fn text_glyph(c: char) -> Option<Glyph> {
    TEXT.binary_search_by_key(&c, |(t, _)| *t)
        .ok()
        .map(|i| TEXT[i].1)
}

/// Whether `c` is written as SVG text for the viewer's fonts: the embedded fonts lack it
/// and it is not a control character (those take no room and are not drawn).
pub(crate) fn is_fallback(c: char) -> bool {
    text_glyph(c).is_none() && !c.is_control()
}

/// Advance of a character in 1000-unit ems: its glyph's, or an estimate for text the viewer's
/// fonts draw (a full em for wide East Asian characters and emoji); control characters take
/// no room.
pub(crate) fn advance(c: char) -> u16 {
    match text_glyph(c) {
        Some(g) => g.advance,
        None if c.is_control() => 0,
        None if is_wide(c) => 1000,
        None => 600,
    }
}

/// East Asian wide characters and emoji, which take a full em.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// Width of `text` at `size` (the em, in SVG units).
pub(crate) fn text_width(text: &str, size: f32) -> f32 {
    text.chars().map(|c| f32::from(advance(c))).sum::<f32>() * size / 1000.0
}

/// Advance of `text` in font units, summed as the drawer places its characters.
pub(crate) fn text_advance(text: &str) -> f32 {
    let mut pen = 0.0;
    for c in text.chars() {
        pen += f32::from(advance(c));
    }
    pen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same glyph: the same advance and the same outline.
    fn same(a: Glyph, b: Glyph) -> bool {
        a.advance == b.advance && a.outline == b.outline
    }

    #[test]
    fn every_table_entry_is_found_by_its_lookup() {
        for (c, g) in TEXT {
            assert!(
                text_glyph(*c).is_some_and(|found| same(found, *g)),
                "U+{:04X} is in the table but its lookup misses it",
                u32::from(*c)
            );
        }
        for (name, g) in MUSIC {
            assert!(
                same(music(name), *g),
                "{name} is in the table but its lookup misses it"
            );
        }
    }

    #[test]
    fn chord_signs_and_latin_text_have_outlines() {
        for c in "♯♭♮𝄪𝄫Δ°øABCDEFGmajdisu+-/()0123456789 éñüßłőčŠ–—’…".chars()
        {
            assert!(text_glyph(c).is_some(), "{c} has no outline");
        }
    }
}
