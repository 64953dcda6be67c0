//! A tune's performance in seconds, for players that synthesize it themselves (the browser
//! widget's WebAudio synth): the same notes the MIDI file holds, from the same arrangement.

use crate::midi::{arrange, Arrangement, MidiError, MidiOptions, Role, TICKS_PER_QUARTER};
use jamsesh_abc::Tune;
use serde::Serialize;

/// Which part of the arrangement a note belongs to, so a player can mute or colour it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartKind {
    /// The tune's first voice.
    Melody,
    /// Any further voice (a harmony line).
    Harmony,
    /// The comping chords.
    Chords,
    /// The bass line.
    Bass,
    /// The drum kit (keys are General MIDI percussion sounds).
    Drums,
}

/// One note to play.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayNote {
    /// Onset in seconds from the start.
    pub time: f64,
    /// Length in seconds.
    pub duration: f64,
    /// MIDI note number.
    pub key: u8,
    /// MIDI velocity (1–127).
    pub velocity: u8,
    /// The part it belongs to.
    pub part: PartKind,
    /// Bar (0-based) the note starts in, counted by the time signature.
    pub bar: u32,
}

/// A performance at the tune's own tempo.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Playback {
    /// Quarter notes per minute.
    pub bpm: f64,
    /// Seconds per bar.
    pub bar_seconds: f64,
    /// Bars played (the last note's bar, rounded up to whole bars).
    pub bars: u32,
    /// Seconds from the start to the end of the last bar.
    pub duration: f64,
    /// Every note, sorted by time, then pitch.
    pub notes: Vec<PlayNote>,
}

/// The tune as notes in seconds, with comping and bass when `options` ask for them.
pub fn playback(tune: &Tune, options: &MidiOptions) -> Result<Playback, MidiError> {
    Ok(arrangement_playback(&arrange(tune, options)?))
}

/// Any arrangement (a tune's, a play-along's) as notes in seconds.
pub fn arrangement_playback(arrangement: &Arrangement) -> Playback {
    let (numerator, power) = arrangement.time_signature;
    let bar_ticks =
        u64::from(TICKS_PER_QUARTER) * 4 * u64::from(numerator.max(1)) / (1u64 << power.min(6));
    let bar_ticks = bar_ticks.max(1);
    let seconds_per_tick = arrangement.seconds_per_tick();
    let mut notes: Vec<PlayNote> = arrangement
        .parts
        .iter()
        .flat_map(|part| {
            let kind = match part.role {
                Role::Melody if part.channel == 0 => PartKind::Melody,
                Role::Melody => PartKind::Harmony,
                Role::Chords => PartKind::Chords,
                Role::Bass => PartKind::Bass,
                Role::Drums => PartKind::Drums,
            };
            part.notes.iter().map(move |n| PlayNote {
                time: n.start as f64 * seconds_per_tick,
                duration: n.len as f64 * seconds_per_tick,
                key: n.key,
                velocity: n.velocity,
                part: kind,
                bar: u32::try_from(n.start / bar_ticks).unwrap_or(u32::MAX),
            })
        })
        .collect();
    jamsesh_abc::stable_sort_by(&mut notes, |a, b| {
        a.time.total_cmp(&b.time).then(a.key.cmp(&b.key))
    });
    let bars = u32::try_from(arrangement.end_tick().div_ceil(bar_ticks)).unwrap_or(u32::MAX);
    let bar_seconds = bar_ticks as f64 * seconds_per_tick;
    Playback {
        bpm: 60e6 / f64::from(arrangement.micros_per_quarter),
        bar_seconds,
        bars,
        duration: f64::from(bars) * bar_seconds,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tune(abc: &str) -> Tune {
        jamsesh_abc::parse_tunes(abc).0.remove(0)
    }

    #[test]
    fn notes_fall_in_their_bars_at_the_tune_tempo() {
        let t = tune("X:1\nM:3/4\nL:1/4\nQ:1/4=90\nK:G\n\"G\"GAB|\"D\"d2 c|\"G\"B3|]\n");
        let p = playback(&t, &MidiOptions::default()).unwrap();
        assert_eq!(p.bars, 3);
        assert!((p.bpm - 90.0).abs() < 1e-3, "{}", p.bpm);
        assert!((p.bar_seconds - 2.0).abs() < 1e-5, "{}", p.bar_seconds);
        let melody: Vec<(u32, u8)> = p
            .notes
            .iter()
            .filter(|n| n.part == PartKind::Melody)
            .map(|n| (n.bar, n.key))
            .collect();
        assert_eq!(
            melody,
            [(0, 67), (0, 69), (0, 71), (1, 74), (1, 72), (2, 71)]
        );
        let d = p.notes.iter().find(|n| n.key == 74).unwrap();
        assert!((d.time - 2.0).abs() < 1e-5 && (d.duration - 4.0 / 3.0).abs() < 0.05);
        assert!(p
            .notes
            .iter()
            .any(|n| n.part == PartKind::Bass && n.bar == 2));
        assert!(p.notes.windows(2).all(|w| w[0].time <= w[1].time));
    }

    #[test]
    fn a_second_voice_is_harmony_and_backing_can_be_left_out() {
        let t = tune("X:1\nL:1/4\nK:C\nV:1\nCDEF|\nV:2\nA,B,CD|\n");
        let options = MidiOptions {
            accompaniment: false,
            ..MidiOptions::default()
        };
        let p = playback(&t, &options).unwrap();
        let count = |k| p.notes.iter().filter(|n| n.part == k).count();
        assert_eq!((count(PartKind::Melody), count(PartKind::Harmony)), (4, 4));
        assert_eq!(count(PartKind::Chords) + count(PartKind::Bass), 0);
    }
}
