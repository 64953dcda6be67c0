//! The key in effect on a staff: what `K:` said (a tonic and mode in the theory crate's
//! terms), the signature, clef and transposition.

use super::spelling::{letter_index, signature_for_fifths};
use crate::syntax::{KeySpec, KeyTonic, Mode, Modifiers};
use jamsesh_theory::note::{Letter, Note};
use serde::Serialize;

/// A key in effect: what `K:` said, the alteration of each letter, clef and transposition.
/// Its tonic and mode are `jamsesh_theory::key::Key`; the rest is how ABC writes and plays it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Key {
    /// The tonic and mode, `none`, or Highland pipes.
    pub tonic: KeyTonic,
    /// Alteration in semitones of C D E F G A B.
    pub signature: [i8; 7],
    /// Clef name (`treble`, `bass`, `alto` …).
    pub clef: String,
    /// Semitones added to every pitch when played (`octave=` and `transpose=`).
    pub transpose: i32,
    /// Semitones the clef itself transposes (`treble-8` sounds an octave lower).
    pub clef_transpose: i32,
}

impl Default for Key {
    fn default() -> Self {
        Key {
            tonic: KeyTonic::Tonic(jamsesh_theory::key::Key {
                tonic: Note::natural(Letter::C),
                mode: Mode::Major,
            }),
            signature: [0; 7],
            clef: "treble".into(),
            transpose: 0,
            clef_transpose: 0,
        }
    }
}

impl Key {
    /// The key as ABC writes it: `G`, `F#m`, `Dmix`, `none`, `HP`.
    pub fn name(&self) -> String {
        match &self.tonic {
            KeyTonic::Tonic(key) => key.abc_key(),
            KeyTonic::HighlandPipes { show_signature } => {
                if *show_signature { "Hp" } else { "HP" }.into()
            }
            KeyTonic::None | KeyTonic::Unchanged => "none".into(),
        }
    }

    /// Sharps (positive) or flats (negative) of the standard signature, without extra accidentals.
    pub fn fifths(&self) -> i32 {
        match &self.tonic {
            KeyTonic::Tonic(key) => key.fifths(),
            KeyTonic::HighlandPipes { .. } => 2,
            KeyTonic::None | KeyTonic::Unchanged => 0,
        }
    }

    /// The alteration the signature gives a written letter (`A`–`G`, either case).
    pub fn alter_of(&self, letter: char) -> i8 {
        self.signature[letter_index(letter)]
    }

    /// The key after a `K:` field (the parts it leaves out stay as they were).
    pub fn updated(&self, spec: &KeySpec) -> Key {
        let mut key = self.clone();
        if spec.tonic != KeyTonic::Unchanged {
            key.tonic = spec.tonic.clone();
            key.signature = signature_for_fifths(key.fifths());
            if matches!(key.tonic, KeyTonic::None) {
                key.signature = [0; 7];
            }
        }
        if spec.explicit {
            key.signature = [0; 7];
        }
        for &(alter, letter) in &spec.accidentals {
            key.signature[letter_index(letter)] = alter;
        }
        key.apply_modifiers(&spec.modifiers);
        key
    }

    pub(super) fn apply_modifiers(&mut self, m: &Modifiers) {
        if let Some(clef) = m.get("clef") {
            let lower = clef.to_ascii_lowercase();
            self.clef_transpose = if lower.ends_with("-8") {
                -12
            } else if lower.ends_with("+8") {
                12
            } else if lower.ends_with("-15") {
                -24
            } else if lower.ends_with("+15") {
                24
            } else {
                0
            };
            self.clef = lower
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
                .to_string();
        }
        let num = |name: &str| {
            m.get(name)
                .and_then(|v| v.trim_start_matches('+').parse::<i32>().ok())
        };
        let octave = num("octave");
        let transpose = num("transpose");
        if octave.is_some() || transpose.is_some() {
            self.transpose =
                octave.unwrap_or(0).clamp(-4, 4) * 12 + transpose.unwrap_or(0).clamp(-48, 48);
        }
    }
}
