//! Helpers the core's integration tests share.

use jamsesh_abc::Frac;
use jamsesh_core::Jam;

/// (onset, duration, midi) of every melody note of a jam's example, in whole notes, as the
/// ABC parser reads it.
pub fn notes(j: &Jam) -> Vec<(Frac, Frac, i32)> {
    let (tunes, _) = jamsesh_abc::parse_tunes(&j.example);
    tunes[0].voices[0]
        .bars
        .iter()
        .flat_map(|b| &b.events)
        .filter_map(|e| match &e.kind {
            jamsesh_abc::semantics::EventKind::Notes(n) => Some((e.onset, e.duration, n[0].midi)),
            _ => None,
        })
        .collect()
}
