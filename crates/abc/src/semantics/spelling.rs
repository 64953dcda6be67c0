//! Spelling: the letters of written pitches (`Pitch::letter` is the character written) as
//! indices 0–6 in the theory crate's [`Letter`] order, and key signatures.

use jamsesh_theory::note::Letter;

/// Index 0–6 of a letter `C`…`B`, in either case (B for anything else).
pub fn letter_index(letter: char) -> usize {
    Letter::from_char(letter).map_or(Letter::B.index(), Letter::index)
}

/// The uppercase letter of an index 0–6 (wrapping).
pub fn index_letter(index: usize) -> char {
    letter_of(index).to_char()
}

/// Semitones above C of the natural note on the letter of an index 0–6 (wrapping).
pub(crate) fn natural_semitone(index: usize) -> i32 {
    i32::from(letter_of(index).semitone())
}

/// The letter of an index 0–6 (wrapping).
fn letter_of(index: usize) -> Letter {
    Letter::from_index((index % 7) as i32)
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
