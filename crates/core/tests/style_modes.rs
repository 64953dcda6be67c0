//! Every style has progressions of its own for the modes it is played in (issue 14): a pop
//! song in A minor gets i–♭VI–♭III–♭VII, not a major template or a generic modal vamp.

use jamsesh_core::{fits_mode, Style, STYLES};
use jamsesh_theory::key::{Key, Mode};

/// Styles that live in one mode by nature (a musician's list, not the catalogue's): asked in
/// another mode they take the mode's generic templates.
const ONE_MODE: &[&str] = &[
    "minor-blues",
    "minor-ii-v",
    "modal-jazz",
    "andalusian",
    "flamenco",
    "metal",
    "grunge",
    "rhythm-changes",
];

/// How many of the style's own templates fit `mode`, in every tonic a band might ask for.
fn own_templates(style: &Style, mode: Mode) -> usize {
    ["C", "D", "Eb", "F#", "Bb", "Ab"]
        .iter()
        .map(|t| {
            let key = Key {
                tonic: t.parse().unwrap(),
                mode,
            };
            style
                .progressions
                .iter()
                .filter(|p| fits_mode(p, &key))
                .count()
        })
        .min()
        .unwrap_or(0)
}

#[test]
fn every_style_has_templates_for_its_own_mode() {
    let missing: Vec<&str> = STYLES
        .iter()
        .filter(|s| own_templates(s, s.mode) == 0)
        .map(|s| s.id)
        .collect();
    assert!(
        missing.is_empty(),
        "no template in the style's own mode: {missing:?}"
    );
}

#[test]
fn styles_played_in_major_and_minor_have_templates_for_both() {
    let mut missing = Vec::new();
    for s in STYLES.iter().filter(|s| !ONE_MODE.contains(&s.id)) {
        for mode in [Mode::Major, Mode::Minor] {
            if own_templates(s, mode) == 0 {
                missing.push(format!("{} in {mode:?}", s.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "styles with no template for: {missing:#?}"
    );
}
