//! What a model answered, field by field, before it is read as a jam: the one type the
//! JSON reader ([`crate::extract`]) and the labelled-text reader ([`crate::labels`]) both fill.

/// The jam fields a model answers with; any of them may be missing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    /// A title.
    pub title: Option<String>,
    /// The style note.
    pub style: Option<String>,
    /// Tonic, possibly with a mode (`Bb`, `F# minor`).
    pub key: Option<String>,
    /// Mode name.
    pub mode: Option<String>,
    /// Meter such as `4/4`.
    pub meter: Option<String>,
    /// Quarter notes per minute.
    pub tempo: Option<u32>,
    /// Number of bars.
    pub bars: Option<u32>,
    /// The progression, one bar per `|`.
    pub chords: Option<String>,
    /// Scales with their notes.
    pub scales: Option<String>,
    /// The example in ABC.
    pub example: Option<String>,
}
