//! The record `jamsesh abc events` prints for each tune: its notes in performance order.

use jamsesh_abc::Tune;
use serde::Serialize;

/// One tune's notes in performance order, in the shape `jamsesh abc events` prints:
/// `{"x":1,"title":…,"key":"G","meter":"6/8","voices":[{"id":"1","notes":[["0","1/8",67]]}]}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventsRecord {
    /// `X:` number.
    pub x: Option<u32>,
    /// Title.
    pub title: String,
    /// Key as ABC writes it.
    pub key: String,
    /// Meter as ABC writes it.
    pub meter: String,
    /// Each voice's notes.
    pub voices: Vec<EventsVoice>,
}

/// One voice of an [`EventsRecord`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventsVoice {
    /// Voice id.
    pub id: String,
    /// `[onset, duration, midi]`, onset and duration as fractions of a whole note.
    pub notes: Vec<(String, String, i32)>,
}

impl From<&Tune> for EventsRecord {
    fn from(t: &Tune) -> Self {
        EventsRecord {
            x: t.x,
            title: t.title.clone(),
            key: t.key.name(),
            meter: t.meter_text(),
            voices: t
                .performance()
                .into_iter()
                .map(|v| EventsVoice {
                    id: v.id,
                    notes: v
                        .notes
                        .iter()
                        .map(|n| (n.onset.to_string(), n.duration.to_string(), n.midi))
                        .collect(),
                })
                .collect(),
        }
    }
}
