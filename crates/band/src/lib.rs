//! The play-along band: drums, bass and comping that play a jam's changes in its style, with
//! a count-in, as many choruses as asked and a short ending, minus the melody unless asked.
//! The result is a [`jamsesh_render::Arrangement`], so the MIDI writer, the synthesizer and
//! the browser's player all play the same notes.

#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

pub mod groove;
mod parts;

use jamsesh_core::{Jam, Progression};
use jamsesh_render::midi::TICKS_PER_WHOLE;
use jamsesh_render::{Arrangement, MidiOptions, Part, Role, TickNote};
use jamsesh_theory::chord::Chord;
use jamsesh_theory::feel::Swing;
use jamsesh_theory::time::{beat_units, chord_starts, UNITS_PER_WHOLE};

/// Choruses a play-along may have.
pub const CHORUSES: std::ops::RangeInclusive<u32> = 1..=16;
/// Count-in bars a play-along may have.
pub const COUNT_IN: std::ops::RangeInclusive<u32> = 0..=2;
/// Swing a play-along may have: the first eighth of each beat's share of the beat, in
/// percent (50 is straight, 67 about a triplet, 75 a dotted eighth and a sixteenth).
pub const SWING: std::ops::RangeInclusive<u32> = 50..=75;

/// What to play.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlayAlong {
    /// Times through the form.
    pub choruses: u32,
    /// Bars of sticks before the band comes in.
    pub count_in: u32,
    /// Play the jam's melody too (by default the band leaves it to you: minus-one).
    pub with_melody: bool,
    /// Quarter notes per minute instead of the jam's tempo.
    pub tempo: Option<u32>,
    /// Swing in percent (see [`SWING`]) instead of the style's own: triplet swing (2:1) for
    /// styles that swing, straight for the others. Compound meters (6/8, 12/8) are never
    /// swung: their beat already divides in three.
    pub swing: Option<u32>,
}

impl Default for PlayAlong {
    fn default() -> Self {
        PlayAlong {
            choruses: 4,
            count_in: 1,
            with_melody: false,
            tempo: None,
            swing: None,
        }
    }
}

/// Why a play-along could not be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BandError {
    /// The jam's fields do not describe a key, meter or progression.
    #[error(transparent)]
    Jam(#[from] jamsesh_core::JamError),
    /// Choruses out of range.
    #[error("choruses must be 1–16, not {0}")]
    Choruses(u32),
    /// Count-in out of range.
    #[error("the count-in must be 0–2 bars, not {0}")]
    CountIn(u32),
    /// Tempo out of range.
    #[error("tempo must be 30–320 bpm, not {0}")]
    Tempo(u32),
    /// Swing out of range.
    #[error("swing must be 50–75 (percent of the beat for its first eighth), not {0}")]
    Swing(u32),
}

/// A chord and where it sounds, in ticks from the start of the form.
#[derive(Clone, Debug)]
pub(crate) struct Span {
    pub start: u64,
    pub end: u64,
    pub chord: Chord,
}

/// Ticks of one composer unit (1/48 of a whole note).
const TICKS_PER_UNIT: u64 = TICKS_PER_WHOLE / UNITS_PER_WHOLE as u64;

/// The tempo to play at, once every option is checked against its range.
fn checked_tempo(jam: &Jam, options: &PlayAlong) -> Result<u32, BandError> {
    if !CHORUSES.contains(&options.choruses) {
        return Err(BandError::Choruses(options.choruses));
    }
    if !COUNT_IN.contains(&options.count_in) {
        return Err(BandError::CountIn(options.count_in));
    }
    if let Some(swing) = options.swing.filter(|s| !SWING.contains(s)) {
        return Err(BandError::Swing(swing));
    }
    let tempo = options.tempo.unwrap_or(jam.tempo);
    if !jamsesh_core::TEMPO.contains(&tempo) {
        return Err(BandError::Tempo(tempo));
    }
    Ok(tempo)
}

/// One chorus: the progression's chords where the composer places them, in ticks.
fn form(progression: &Progression, meter: (u32, u32), bar: u64) -> Vec<Span> {
    let mut form: Vec<Span> = Vec::new();
    for (b, chords) in progression.bars.iter().enumerate() {
        let starts = chord_starts(meter, chords.len());
        for (k, chord) in chords.iter().enumerate() {
            let start = b as u64 * bar + u64::from(starts[k]) * TICKS_PER_UNIT;
            let end = match starts.get(k + 1) {
                Some(next) => b as u64 * bar + u64::from(*next) * TICKS_PER_UNIT,
                None => (b as u64 + 1) * bar,
            };
            form.push(Span {
                start,
                end,
                chord: chord.clone(),
            });
        }
    }
    form
}

/// Swings every part alike, the drums' triplet-grid off-beats with them (a melody's triplets
/// are triplets).
fn swing_parts(parts: &mut [Part], swing: Swing) {
    let beat = TICKS_PER_WHOLE / 4;
    for part in parts {
        let drums = part.role == Role::Drums;
        let place = |at| {
            if drums {
                swing.place_triplet_grid(at, beat)
            } else {
                swing.place(at, beat)
            }
        };
        for n in &mut part.notes {
            let end = place(n.start + n.len);
            n.start = place(n.start);
            n.len = end.saturating_sub(n.start).max(1);
        }
    }
}

/// The band's parts for a jam: count-in, `choruses` times the form, an ending bar.
pub fn arrange(jam: &Jam, options: &PlayAlong) -> Result<Arrangement, BandError> {
    let tempo = checked_tempo(jam, options)?;
    let intent = jam.intent()?;
    let progression = jam.progression()?;
    let meter = intent.meter;
    let bar = TICKS_PER_WHOLE * u64::from(meter.0) / u64::from(meter.1.max(1));
    let beat = u64::from(beat_units(meter)) * TICKS_PER_UNIT;
    let groove = groove::for_style(intent.style, meter);
    let form = form(&progression, meter, bar);
    let chorus = bar * progression.bars.len() as u64;
    let intro = bar * u64::from(options.count_in);
    let shape = parts::Shape { bar, beat, meter };
    let mut drums = parts::count_in(&shape, options.count_in);
    let (mut bass, mut comp) = (Vec::new(), Vec::new());
    for c in 0..u64::from(options.choruses) {
        let at = intro + c * chorus;
        let shifted: Vec<Span> = form
            .iter()
            .map(|s| Span {
                start: s.start + at,
                end: s.end + at,
                chord: s.chord.clone(),
            })
            .collect();
        drums.extend(parts::drums(&groove, &shape, at, progression.bars.len()));
        bass.extend(parts::bass(&groove, &shape, &shifted));
        comp.extend(parts::comping(&groove, &shape, &shifted));
    }
    // The ending: the tonic chord (the form's first) on the next downbeat, with a crash.
    let end = intro + chorus * u64::from(options.choruses);
    if let Some(first) = form.first() {
        let last = Span {
            start: end,
            end: end + bar,
            chord: first.chord.clone(),
        };
        drums.extend(parts::ending(end, bar));
        bass.extend(parts::bass_note(&last, 0, last.end - last.start, 96));
        comp.extend(
            parts::voicing(&last.chord, None)
                .into_iter()
                .map(|key| TickNote {
                    start: end,
                    len: bar,
                    key,
                    velocity: 80,
                }),
        );
    }
    let mut parts = vec![
        Part {
            name: format!("Drums: {}", groove.name),
            role: Role::Drums,
            channel: 9,
            program: 0,
            notes: drums,
        },
        Part {
            name: "Bass".into(),
            role: Role::Bass,
            channel: 1,
            program: 33,
            notes: bass,
        },
        Part {
            name: "Comping".into(),
            role: Role::Chords,
            channel: 2,
            program: parts::comp_program(groove.comp),
            notes: comp,
        },
    ];
    if options.with_melody {
        parts.push(melody(jam, intro, chorus, options.choruses));
    }
    // Every part swings alike, the melody with the band: as asked, else as the jam is played
    // (its style's feel, or the `Q:"Swing"`/`Q:"Straight"` a steer wrote).
    let jam_swings = jam.feel().swings();
    let swing = match options.swing {
        Some(percent) => Swing::percent(percent),
        None => jam.feel().swing(),
    };
    if meter.1 <= 4 && (groove.swing || jam_swings || options.swing.is_some()) {
        swing_parts(&mut parts, swing);
    }
    let numerator = u8::try_from(meter.0).unwrap_or(4);
    Ok(Arrangement {
        title: format!("{} (play-along)", jam.title),
        micros_per_quarter: 60_000_000 / tempo,
        time_signature: (numerator, meter.1.trailing_zeros().min(7) as u8),
        parts,
    })
}

/// How a jam is played as MIDI: its melody on its instrument's General MIDI program, with
/// chords and bass, swung when the jam swings (its style, or a `Q:"Swing"` marking from
/// steering). The renderer knows nothing of jams; this is where a jam becomes its options.
pub fn midi_options(jam: &Jam) -> MidiOptions {
    MidiOptions {
        accompaniment: true,
        feel: jam.feel(),
        program: jam.intent().map_or(0, |i| i.instrument.program),
    }
}

/// The jam's melody, once per chorus, as the MIDI file would play it (straight: the band's
/// swing is applied to every part alike).
fn melody(jam: &Jam, intro: u64, chorus: u64, choruses: u32) -> Part {
    let (tunes, _) = jamsesh_abc::parse_tunes(&jam.example);
    let options = MidiOptions {
        accompaniment: false,
        feel: jamsesh_render::midi::Feel::Straight,
        ..midi_options(jam)
    };
    let once: Vec<TickNote> = tunes
        .first()
        .and_then(|t| jamsesh_render::midi::arrange(t, &options).ok())
        .and_then(|a| a.parts.into_iter().find(|p| p.role == Role::Melody))
        .map(|p| p.notes)
        .unwrap_or_default();
    let notes = (0..u64::from(choruses))
        .flat_map(|c| {
            once.iter().map(move |n| TickNote {
                start: n.start + intro + c * chorus,
                ..*n
            })
        })
        .collect();
    Part {
        name: "Melody".into(),
        role: Role::Melody,
        channel: 0,
        program: options.program,
        notes,
    }
}
