//! Spelling: letters, their places on the circle of fifths, key signatures, note names.

use crate::syntax::NoteName;

/// Semitones above C of the letters C D E F G A B.
pub(super) const LETTER_SEMITONES: [i32; 7] = [0, 2, 4, 5, 7, 9, 11];

/// Index 0–6 of a letter `C`…`B`.
pub fn letter_index(letter: char) -> usize {
    match letter.to_ascii_uppercase() {
        'C' => 0,
        'D' => 1,
        'E' => 2,
        'F' => 3,
        'G' => 4,
        'A' => 5,
        _ => 6,
    }
}

/// The letter of an index 0–6.
pub fn index_letter(index: usize) -> char {
    b"CDEFGAB"[index % 7] as char
}

/// Position of a spelled note on the circle of fifths (C = 0, G = 1, F = -1, F# = 6, Bb = -2).
pub fn fifths_of(name: NoteName) -> i32 {
    const LETTER_FIFTHS: [i32; 7] = [0, 2, 4, -1, 1, 3, 5];
    LETTER_FIFTHS[letter_index(name.letter)] + 7 * i32::from(name.alter)
}

/// The alteration of each letter in a key signature with `fifths` sharps (negative: flats).
pub fn signature_for_fifths(fifths: i32) -> [i8; 7] {
    // Order of sharps: F C G D A E B, as letter indices.
    const SHARP_ORDER: [usize; 7] = [3, 0, 4, 1, 5, 2, 6];
    let mut sig = [0i8; 7];
    for (p, &letter) in SHARP_ORDER.iter().enumerate() {
        let alter = (fifths - p as i32 - 1).div_euclid(7) + 1;
        sig[letter] = alter.clamp(-2, 2) as i8;
    }
    sig
}

/// `F#`, `Bb`, `C`.
pub fn note_name_text(n: NoteName) -> String {
    let acc = match n.alter {
        2 => "##",
        1 => "#",
        -1 => "b",
        -2 => "bb",
        _ => "",
    };
    format!("{}{acc}", n.letter)
}
