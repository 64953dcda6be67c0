//! An answer written in another key than the one the prompt asked for: when the model's key,
//! its tune's `K:` and its home chord all agree on that other key, the whole jam is moved to
//! the asked key (every note, chord and scale respelled), as a musician would transpose a
//! lead sheet handed over in the wrong key. An answer that disagrees with itself is left to
//! the critic.

use jamsesh_core::{Intent, Jam, Progression};
use jamsesh_theory::chord::Chord;
use jamsesh_theory::key::Key;

/// The jam moved to the prompt's key and a sentence saying so, when it is consistently in
/// another key; `None` when it is in the asked key, no key was asked, or it disagrees with
/// itself (then transposing would not make it right).
pub fn to_asked_key(answer: &Jam, asked: &Intent) -> Option<(Jam, String)> {
    if !asked.explicit.key {
        return None;
    }
    let written = jamsesh_core::parse_key(&format!("{} {}", answer.key, answer.mode)).ok()?;
    let want = asked.key;
    let from = i32::from(written.tonic.pitch_class());
    let to = i32::from(want.tonic.pitch_class());
    if from == to {
        return None;
    }
    // A named mode must already be right: C major is not A minor moved.
    if asked.explicit.mode && written.mode.is_minor() != want.mode.is_minor() {
        return None;
    }
    if !home_chord_agrees(&answer.chords, &written) || !tune_key_agrees(&answer.example, &written) {
        return None;
    }
    // The shorter way round (down a tone, not up a minor seventh).
    let mut semitones = (to - from).rem_euclid(12);
    if semitones > 6 {
        semitones -= 12;
    }
    let mut moved = jamsesh_core::transpose_jam(answer, semitones).ok()?;
    // A repair, not a transposition the user asked for: the prompt's key is the jam's own.
    moved.transposed = answer.transposed;
    let direction = if semitones < 0 { "down" } else { "up" };
    let note = format!(
        "written in {written}, moved to {} {} as the prompt asks: every note and chord {direction} {} semitone{}",
        moved.key,
        moved.mode,
        semitones.abs(),
        if semitones.abs() == 1 { "" } else { "s" }
    );
    Some((moved, note))
}

/// The progression starts or ends on a chord rooted on the key's tonic.
fn home_chord_agrees(chords: &str, key: &Key) -> bool {
    let Ok(p) = Progression::parse(chords) else {
        return false;
    };
    let tonic = key.tonic.pitch_class();
    let on_tonic = |c: Option<&Chord>| c.is_some_and(|c| c.root.pitch_class() == tonic);
    on_tonic(p.bars.first().and_then(|b| b.first()))
        || on_tonic(p.bars.last().and_then(|b| b.last()))
}

/// The tune, if there is one, has the key's signature (no tune: nothing disagrees).
fn tune_key_agrees(example: &str, key: &Key) -> bool {
    if example.trim().is_empty() {
        return true;
    }
    let (tunes, _) = jamsesh_abc::parse_tunes(example);
    tunes
        .first()
        .is_some_and(|t| t.key.signature == jamsesh_core::key_signature(key))
}
