//! The tests' own musician (`common/musician.rs`) against a chord chart and key signatures
//! written out by hand, so the figures it measures elsewhere rest on something outside the code.

mod common;
use common::musician::{bar_length, chord_tones, scale_pitch_classes, signature, strong_offsets};
use jamsesh_abc::Frac;

/// Pitch classes from note names, for writing the expectations below.
fn pcs(names: &str) -> Vec<u8> {
    let mut v: Vec<u8> = names
        .split_whitespace()
        .map(|n| common::musician::pitch_class(n).unwrap())
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn chord_symbols_read_as_a_chord_chart_spells_them() {
    for (symbol, notes) in [
        ("C", "C E G"),
        ("Am", "A C E"),
        ("Am7", "A C E G"),
        ("E7", "E G# B D"),
        ("Bbmaj7", "Bb D F A"),
        ("F#m7b5", "F# A C E"),
        ("Bø7", "B D F A"),
        ("Ddim7", "D F Ab B"),
        ("Cdim", "C Eb Gb"),
        ("Gaug", "G B D#"),
        ("D7sus4", "D G A C"),
        ("Asus2", "A B E"),
        ("E5", "E B"),
        ("Am6", "A C E F#"),
        ("C6/9", "C E G A D"),
        ("G7b9", "G B D F Ab"),
        ("Cm9", "C Eb G Bb D"),
        ("F13", "F A C Eb G D"),
        ("C/E", "C E G"),
        ("D/F#", "D F# A"),
        ("Am/G", "A C E G"),
        ("E♭maj7", "Eb G Bb D"),
        ("C7#9", "C E G Bb D#"),
    ] {
        assert_eq!(chord_tones(symbol), Some(pcs(notes)), "{symbol}");
    }
    assert_eq!(chord_tones("H7"), None);
    assert_eq!(chord_tones(""), None);
}

#[test]
fn key_signatures_follow_the_circle_of_fifths() {
    // Sharps (+1) or flats (−1) on C D E F G A B.
    for (tonic, mode, sig) in [
        ("C", "major", [0, 0, 0, 0, 0, 0, 0]),
        ("A", "minor", [0, 0, 0, 0, 0, 0, 0]),
        ("D", "dorian", [0, 0, 0, 0, 0, 0, 0]),
        ("E", "major", [1, 1, 0, 1, 1, 0, 0]),
        ("Bb", "major", [0, 0, -1, 0, 0, 0, -1]),
        ("F#", "minor", [1, 0, 0, 1, 1, 0, 0]),
        ("Eb", "dorian", [0, -1, -1, 0, -1, -1, -1]),
        ("G", "mixolydian", [0, 0, 0, 0, 0, 0, 0]),
        ("Ab", "major", [0, -1, -1, 0, 0, -1, -1]),
        ("C#", "major", [1, 1, 1, 1, 1, 1, 1]),
        ("E", "phrygian", [0, 0, 0, 0, 0, 0, 0]),
        ("F", "lydian", [0, 0, 0, 0, 0, 0, 0]),
        ("B", "locrian", [0, 0, 0, 0, 0, 0, 0]),
        ("D", "harmonic minor", [0, 0, 0, 0, 0, 0, -1]),
        ("E", "melodic minor", [0, 0, 0, 1, 0, 0, 0]),
    ] {
        assert_eq!(signature(tonic, mode), Some(sig), "{tonic} {mode}");
    }
}

#[test]
fn scales_and_meters_read_as_written() {
    assert_eq!(
        scale_pitch_classes("E minor pentatonic (E G A B D), E blues (E G A Bb B D)"),
        pcs("E G A Bb B D")
    );
    assert_eq!(bar_length("6/8"), Some(Frac::new(3, 4)));
    assert_eq!(bar_length("2+2+3/8"), Some(Frac::new(7, 8)));
    assert_eq!(bar_length("C|"), Some(Frac::new(1, 1)));
    assert_eq!(strong_offsets("3/4"), vec![Frac::new(0, 1)]);
    assert_eq!(
        strong_offsets("12/8"),
        vec![Frac::new(0, 1), Frac::new(3, 4)]
    );
}
