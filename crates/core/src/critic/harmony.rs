//! The progression and the scales heard against the key.

use super::findings::Review;
use super::metrics::Metrics;
use crate::progression::Progression;
use crate::theory::chord::Chord;
use crate::theory::key::Key;
use crate::theory::scale::Scale;

/// The progression heard against the key and the scales: chords that clash with every scale
/// offered, and a tonic chord of the wrong quality for the mode (a relabelled template).
pub(super) fn hear_the_harmony(
    p: &Progression,
    key: &Key,
    scales: &[Scale],
    chord_scales: &[(Chord, Scale)],
    m: &mut Metrics,
    r: &mut Review,
) {
    use crate::theory::interval::Interval;
    for (bar, chord) in p.chords() {
        let own = chord_scales
            .iter()
            .find(|(c, _)| c == chord)
            .map(|(_, s)| s);
        let outside = chord
            .tones()
            .iter()
            .filter(|t| {
                !scales
                    .iter()
                    .chain(own)
                    .any(|s| s.contains_pitch_class(t.pitch_class()))
            })
            .count();
        if outside >= 2 {
            m.clashing_chords += 1;
            r.warning(
                "harmony",
                format!(
                    "bar {}: {chord} has {outside} tones outside every scale offered",
                    bar + 1
                ),
            );
        }
        let on_tonic = chord.root.pitch_class() == key.tonic.pitch_class();
        let third = [Interval::MIN3, Interval::M3]
            .into_iter()
            .find(|i| chord.intervals.contains(i));
        if let (true, Some(third)) = (on_tonic, third) {
            if !key.mode.takes_tonic(third == Interval::MIN3) {
                m.tonic_against_mode += 1;
                r.warning(
                    "harmony",
                    format!(
                        "bar {}: {chord} is the tonic chord in the wrong quality for {key}",
                        bar + 1
                    ),
                );
            }
        }
    }
}

/// Each scale must start on a note of the key, and stay in it but for one note (blues-family
/// scales may leave it more).
pub(super) fn check_scales_fit_key(key: &Key, scales: &[Scale], r: &mut Review) {
    for s in scales {
        let outside = key.notes_outside(s);
        if !key.scale().contains_pitch_class(s.tonic.pitch_class()) {
            r.error(
                "scales",
                format!("{} does not start on a note of {key}", s.name()),
            );
        } else if outside > 1 && !s.kind.is_blues_family() {
            r.error(
                "scales",
                format!("{} has {outside} notes outside {key}", s.name()),
            );
        }
    }
}
