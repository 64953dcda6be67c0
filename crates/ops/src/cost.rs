//! The cost model: what engraving or playing a tune would cost, estimated from the parse
//! before any of the work is done, and the budgets every front end (CLI, bot, server, widget)
//! holds a request to. A 100-byte request must not buy 20 seconds or a gigabyte: a request
//! over budget is refused at once with [`OpError::Budget`], saying what is over and by how
//! much.
//!
//! The budgets are set so that the largest accepted input of each kind takes well under a
//! second on one core and a few tens of megabytes (measured in the README's "Budgets").

use crate::OpError;
use jamsesh_abc::{EventKind, Tune};
use serde::Serialize;

/// Most engraving units (see [`EngravingCost::units`]) a tune may have to be engraved.
pub const MAX_ENGRAVING_UNITS: usize = 40_000;
/// Most notes in one chord the engraver draws (accidentals of a chord are placed in columns,
/// work that grows with the square of its size; no instrument plays more than a few dozen).
pub const MAX_CHORD_NOTES: usize = 100;
/// Most pixels in a PNG (16 million: 1000 px wide and 16,000 tall, about 300 systems; the
/// largest takes about 150 MB to draw, so `--max-work` renders at once stay under a gigabyte).
pub const MAX_PNG_PIXELS: f64 = 16e6;
/// Most synthesizer work for a WAV, in samples computed (summed over every partial of every
/// note played): 8 four-partial voices for the whole five minutes of audio.
pub const MAX_AUDIO_WORK: u64 = 8 * 4 * 300 * jamsesh_render::audio::SAMPLE_RATE as u64;

/// What engraving a tune would cost, counted from its parse.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EngravingCost {
    /// Notes written, chord members and grace notes included.
    pub notes: usize,
    /// Rests and multi-bar rests.
    pub rests: usize,
    /// Bars of every voice.
    pub bars: usize,
    /// Characters of text drawn: chord symbols, annotations, lyrics and header text.
    pub text: usize,
    /// Notes in the largest chord.
    pub largest_chord: usize,
}

impl EngravingCost {
    /// Counts a tune's cost. Linear in the tune, and cheap next to engraving it.
    pub fn of(tune: &Tune) -> EngravingCost {
        let mut cost = EngravingCost {
            text: tune
                .fields
                .iter()
                .filter(|(tag, _)| matches!(tag, 'T' | 'C' | 'O' | 'Q'))
                .map(|(_, value)| value.chars().count())
                .sum(),
            ..EngravingCost::default()
        };
        for voice in &tune.voices {
            cost.bars += voice.bars.len();
            cost.text += voice
                .chord_symbols
                .iter()
                .map(|c| c.symbol.chars().count())
                .sum::<usize>();
            cost.text += voice
                .lyrics
                .iter()
                .map(|(_, line)| line.chars().count())
                .sum::<usize>();
            for event in voice.bars.iter().flat_map(|b| &b.events) {
                match &event.kind {
                    EventKind::Notes(notes) => {
                        cost.notes += notes.len();
                        cost.largest_chord = cost.largest_chord.max(notes.len());
                    }
                    EventKind::Rest { .. } | EventKind::MultiBarRest { .. } => cost.rests += 1,
                }
                if let Some(grace) = &event.grace {
                    for chord in &grace.notes {
                        cost.notes += chord.len();
                        cost.largest_chord = cost.largest_chord.max(chord.len());
                    }
                }
                cost.text += event
                    .annotations
                    .iter()
                    .map(|(_, text)| text.chars().count())
                    .sum::<usize>();
                cost.text += event.decorations.len();
            }
        }
        cost
    }

    /// Engraving units: notes, rests, bars and characters of text, each of which the engraver
    /// lays out and draws as a handful of SVG elements (about 200 bytes of SVG each).
    pub fn units(&self) -> usize {
        self.notes + self.rests + self.bars + self.text
    }

    /// Refuses a tune over the budget, saying what is over.
    pub fn check(&self) -> Result<(), OpError> {
        if self.largest_chord > MAX_CHORD_NOTES {
            return Err(OpError::Budget(format!(
                "a chord of {} notes; at most {MAX_CHORD_NOTES} are engraved",
                self.largest_chord
            )));
        }
        if self.units() > MAX_ENGRAVING_UNITS {
            return Err(OpError::Budget(format!(
                "the tune has {} notes, {} rests, {} bars and {} characters of text ({} in all); \
                 at most {MAX_ENGRAVING_UNITS} are engraved",
                self.notes,
                self.rests,
                self.bars,
                self.text,
                self.units()
            )));
        }
        Ok(())
    }
}

/// Refuses a picture over [`MAX_PNG_PIXELS`] before it is rasterised.
pub fn check_pixels(width: f32, height: f32, scale: f32) -> Result<(), OpError> {
    let pixels = f64::from(width * scale) * f64::from(height * scale);
    if pixels > MAX_PNG_PIXELS {
        return Err(OpError::ImageTooLarge(format!(
            "the picture would have {:.0} million pixels; at most {:.0} million are drawn \
             (lower the scale or the width)",
            pixels / 1e6,
            MAX_PNG_PIXELS / 1e6
        )));
    }
    Ok(())
}

/// Refuses audio whose synthesis is over [`MAX_AUDIO_WORK`].
pub fn check_audio(plan: &jamsesh_render::audio::Plan) -> Result<(), OpError> {
    let work = plan.work();
    if work > MAX_AUDIO_WORK {
        return Err(OpError::Budget(format!(
            "{} notes over {:.0} s of audio would take {:.1} times the synthesizer's budget \
             (about eight notes sounding at once for five minutes); shorten the tune or thin \
             its chords",
            plan.notes(),
            plan.seconds(),
            work as f64 / MAX_AUDIO_WORK as f64
        )));
    }
    Ok(())
}

/// Longest example melody of a jam, in bytes of ABC: 64 bars of two voices of sixteenths with
/// their chord symbols take about 10 KB; harmony, transpose and the critic parse it whole.
pub const MAX_JAM_EXAMPLE_BYTES: usize = 32_000;
/// Most bars of a jam's progression: the longest form the composer writes (a prompt's bars are
/// 2–64).
pub const MAX_JAM_BARS: usize = 64;
/// Longest chord progression of a jam, in characters: 64 bars of four 30-character symbols.
pub const MAX_JAM_CHORDS_CHARS: usize = MAX_JAM_BARS * 4 * 31;
/// Longest text of a jam's other fields (prompt, title, style, scales, each chord scale and
/// each repair), in characters: a prompt's length.
pub const MAX_JAM_FIELD_CHARS: usize = crate::MAX_PROMPT_CHARS;
/// Most lines of a jam's lists (chord scales, repairs): one for each chord of 64 bars.
pub const MAX_JAM_LIST: usize = MAX_JAM_BARS * 4;

/// Refuses a jam whose fields are larger than any jam the engine or a model writes, before an
/// operation reads them: the work of a jam operation (new melody, progression, harmony,
/// transpose, critic, play-along) follows its bars, its chords, its example and its texts, so
/// these bounds bound it. Values out of range (bars, tempo, key) are the operations' own
/// errors ([`OpError::Jam`]); sizes out of range are [`OpError::Budget`].
pub fn check_jam(jam: &jamsesh_core::Jam) -> Result<(), OpError> {
    let over = |what: &str, size: usize, unit: &str, most: usize| {
        Err(over_jam_size(what, size, unit, most))
    };
    if jam.example.len() > MAX_JAM_EXAMPLE_BYTES {
        return over(
            "example",
            jam.example.len(),
            "bytes of ABC",
            MAX_JAM_EXAMPLE_BYTES,
        );
    }
    let chords = jam.chords.chars().count();
    if chords > MAX_JAM_CHORDS_CHARS {
        return over("chords", chords, "characters", MAX_JAM_CHORDS_CHARS);
    }
    let bars = jam
        .chords
        .split('|')
        .filter(|bar| !bar.trim().is_empty())
        .count();
    if bars > MAX_JAM_BARS {
        return over("progression", bars, "bars", MAX_JAM_BARS);
    }
    for (what, list) in [
        ("chord_scales", &jam.chord_scales),
        ("repairs", &jam.repairs),
    ] {
        if list.len() > MAX_JAM_LIST {
            return over(what, list.len(), "lines", MAX_JAM_LIST);
        }
        if let Some(chars) = list
            .iter()
            .map(|line| line.chars().count())
            .find(|&chars| chars > MAX_JAM_FIELD_CHARS)
        {
            return over(
                &format!("{what} line"),
                chars,
                "characters",
                MAX_JAM_FIELD_CHARS,
            );
        }
    }
    for (what, text) in [
        ("prompt", &jam.prompt),
        ("title", &jam.title),
        ("style", &jam.style),
        ("scales", &jam.scales),
    ] {
        let chars = text.chars().count();
        if chars > MAX_JAM_FIELD_CHARS {
            return over(what, chars, "characters", MAX_JAM_FIELD_CHARS);
        }
    }
    Ok(())
}

/// The error of a jam field over its size: `the jam's {what} is {size} {unit}; at most …`.
pub(crate) fn over_jam_size(what: &str, size: usize, unit: &str, most: usize) -> OpError {
    OpError::Budget(format!(
        "the jam's {what} is {size} {unit}; at most {most} are read"
    ))
}
