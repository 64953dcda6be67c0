//! `Tune` → Standard MIDI File (format 1): a tempo track, one track per voice, and optionally
//! a comping track and a bass track that play the chord symbols. Repeats are expanded and ties
//! merged (the tune's performance order); swing styles get swung eighths.

use jamsesh_abc::{Frac, MeterSpec, PlayedNote, Tune};
use jamsesh_theory::chord::Chord;
use jamsesh_theory::note::stack_upwards;
use midly::num::{u15, u24, u28, u4, u7};
use midly::{
    Format, Header, MetaMessage, MidiMessage, Smf, Timing, Track, TrackEvent, TrackEventKind,
};

/// Ticks per quarter note.
pub const TICKS_PER_QUARTER: u16 = 480;
/// Ticks per whole note.
pub const TICKS_PER_WHOLE: u64 = TICKS_PER_QUARTER as u64 * 4;
/// Most notes written, whatever the input: keeps files and memory bounded.
const MAX_NOTES: usize = 200_000;

/// How eighth notes are played: the workspace's one feel (swing and shuffle both swing 2:1).
pub use jamsesh_theory::feel::Feel;

/// What to put in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct MidiOptions {
    /// Play the chord symbols as comping chords and a bass line.
    pub accompaniment: bool,
    /// Straight or swung eighths (the caller's choice: a jam's style, a steer's marking).
    pub feel: Feel,
    /// General MIDI program of the melody (0-based).
    pub program: u8,
}

impl Default for MidiOptions {
    fn default() -> Self {
        MidiOptions {
            accompaniment: true,
            feel: Feel::Straight,
            program: 0,
        }
    }
}

/// Why a tune could not become MIDI.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MidiError {
    /// Nothing to play: no notes, and no chord symbols to back.
    #[error("the tune has no notes or chords to play")]
    Empty,
    /// Writing failed (cannot happen for in-memory output, kept for completeness of midly's API).
    #[error("could not write MIDI: {0}")]
    Write(String),
}

/// A note in ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TickNote {
    /// Start, in ticks from the beginning.
    pub start: u64,
    /// Length in ticks.
    pub len: u64,
    /// MIDI key (for drums, the General MIDI percussion key).
    pub key: u8,
    /// MIDI velocity, 1–127.
    pub velocity: u8,
}

/// What a part plays, for the synthesizer's choice of sound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A voice of the tune.
    Melody,
    /// The comping chords.
    Chords,
    /// The bass line.
    Bass,
    /// The drum kit (General MIDI channel 10, keys are percussion sounds).
    Drums,
}

/// One part of the arrangement: a MIDI track on its own channel.
#[derive(Clone, Debug)]
pub struct Part {
    /// Track name.
    pub name: String,
    /// What it plays.
    pub role: Role,
    /// MIDI channel, 0-based (9 is the General MIDI drum channel).
    pub channel: u8,
    /// General MIDI program, 0-based.
    pub program: u8,
    /// Its notes.
    pub notes: Vec<TickNote>,
}

/// A performance in ticks: tempo, meter and parts. The MIDI writer and the audio renderer
/// both play from it, so they always agree.
#[derive(Clone, Debug)]
pub struct Arrangement {
    /// Title, written as the first track's name.
    pub title: String,
    /// Microseconds per quarter note.
    pub micros_per_quarter: u32,
    /// Numerator and power-of-two denominator of the time signature.
    pub time_signature: (u8, u8),
    /// The parts, one track each.
    pub parts: Vec<Part>,
}

impl Arrangement {
    /// Seconds one tick lasts at the arrangement's tempo.
    pub fn seconds_per_tick(&self) -> f64 {
        f64::from(self.micros_per_quarter) / 1e6 / f64::from(TICKS_PER_QUARTER)
    }

    /// The tick at which the last note of any part ends.
    pub fn end_tick(&self) -> u64 {
        self.parts
            .iter()
            .flat_map(|p| p.notes.iter().map(|n| n.start + n.len))
            .max()
            .unwrap_or(0)
    }
}

fn ticks(t: Frac) -> u64 {
    let whole = i64::from(TICKS_PER_QUARTER) * 4;
    (t * whole).round().to_integer().max(0) as u64
}

/// Ticks of `t` as played with `feel`: swung eighths move, other positions stay.
fn swung_ticks(t: Frac, feel: Feel) -> u64 {
    feel.swing().place(ticks(t), u64::from(TICKS_PER_QUARTER))
}

fn played(notes: &[PlayedNote], feel: Feel, velocity: u8) -> Vec<TickNote> {
    notes
        .iter()
        .filter(|n| (0..=127).contains(&n.midi))
        .take(MAX_NOTES)
        .map(|n| {
            let start = swung_ticks(n.onset, feel);
            let end = swung_ticks(n.onset + n.duration, feel);
            TickNote {
                start,
                len: end.saturating_sub(start).max(1),
                key: n.midi as u8,
                velocity,
            }
        })
        .collect()
}

/// The chord symbols of the first voice in performance order: (start, end, chord).
fn chord_timeline(tune: &Tune) -> Vec<(Frac, Frac, Chord)> {
    let Some(voice) = tune.voices.first() else {
        return Vec::new();
    };
    let order = tune.performance_order(voice);
    let mut out: Vec<(Frac, Frac, Chord)> = Vec::new();
    let mut t = Frac::new(0, 1);
    for &b in &order {
        let bar = &voice.bars[b];
        for c in voice.chord_symbols_in(b) {
            if let Ok(chord) = c.symbol.parse::<Chord>() {
                let at = t + (c.onset - bar.onset);
                if let Some(last) = out.last_mut() {
                    last.1 = at;
                }
                out.push((at, at, chord));
            }
        }
        t += bar.duration;
        if out.len() > MAX_NOTES {
            break;
        }
    }
    if let Some(last) = out.last_mut() {
        last.1 = t;
    }
    out.retain(|(s, e, _)| e > s);
    out
}

/// How the backing counts a bar: the beat it feels and how often it strikes the chord.
#[derive(Clone, Copy, Debug)]
struct Pulse {
    /// A quarter, or a dotted quarter in compound meters (6/8, 9/8, 12/8).
    beat: Frac,
    /// Straight comping strikes every half bar of 4/4, every dotted quarter in compound time.
    strike: Frac,
    /// Compound time: the bass moves to the fifth on the second beat.
    compound: bool,
}

impl Pulse {
    fn of(meter: &MeterSpec) -> Pulse {
        if meter.is_compound() {
            let beat = Frac::new(3, 8);
            Pulse {
                beat,
                strike: beat,
                compound: true,
            }
        } else {
            let beat = Frac::new(1, 4);
            Pulse {
                beat,
                strike: beat * 2,
                compound: false,
            }
        }
    }

    /// A chord this long gets its fifth in the bass halfway through.
    fn splits_bass(&self, span: Frac) -> bool {
        span >= self.beat * if self.compound { 2 } else { 4 }
    }
}

/// Close-position chord tones from the C below middle C, re-struck on every beat pair.
fn comping(timeline: &[(Frac, Frac, Chord)], pulse: Pulse, feel: Feel) -> Vec<TickNote> {
    let mut out = Vec::new();
    for (start, end, chord) in timeline {
        let tones: Vec<_> = chord.tones().into_iter().take(5).collect();
        let keys: Vec<u8> = stack_upwards(&tones, 48 + i32::from(chord.root.pitch_class()))
            .into_iter()
            .map(|midi| midi.clamp(0, 127) as u8)
            .collect();
        // Swing comps on 2 and 4; straight styles hold the chord and strike it on the pulse.
        let (beat, hit) = (pulse.beat, pulse.strike);
        let mut t = *start;
        while t < *end && out.len() < MAX_NOTES {
            let (on, len) = if feel.swings() {
                (t + beat, beat * Frac::new(2, 3))
            } else {
                (t, hit)
            };
            let stop = (on + len).min(*end);
            if on < stop {
                for &k in &keys {
                    out.push(TickNote {
                        start: swung_ticks(on, feel),
                        len: ticks(stop - on).max(1),
                        key: k,
                        velocity: 60,
                    });
                }
            }
            t += hit;
        }
    }
    out
}

/// Root on the chord, fifth halfway through long chords, in the bass octave.
fn bass(timeline: &[(Frac, Frac, Chord)], pulse: Pulse) -> Vec<TickNote> {
    let mut out = Vec::new();
    let place = |pc: u8| if pc >= 4 { 36 + pc } else { 48 + pc };
    for (start, end, chord) in timeline {
        let root = place(chord.bass.unwrap_or(chord.root).pitch_class());
        let fifth = chord.tones().get(2).map(|n| place(n.pitch_class()));
        let span = *end - *start;
        if pulse.splits_bass(span) && fifth.is_some() {
            let half = span / 2;
            out.push(TickNote {
                start: ticks(*start),
                len: ticks(half),
                key: root,
                velocity: 80,
            });
            out.push(TickNote {
                start: ticks(*start + half),
                len: ticks(span - half),
                key: fifth.unwrap_or(root),
                velocity: 75,
            });
        } else {
            out.push(TickNote {
                start: ticks(*start),
                len: ticks(span).max(1),
                key: root,
                velocity: 80,
            });
        }
    }
    out
}

/// A track of notes on one channel, with a name and a program.
fn note_track(part: &Part) -> Track<'_> {
    let (name, channel, program, notes) = (&part.name, part.channel, part.program, &part.notes);
    let channel = u4::new(channel);
    let mut events: Vec<(u64, bool, u8, u8)> = Vec::with_capacity(notes.len() * 2);
    for n in notes {
        events.push((n.start, true, n.key, n.velocity));
        events.push((n.start + n.len, false, n.key, 0));
    }
    // Note-offs before note-ons at the same tick, so repeated notes re-strike.
    jamsesh_abc::stable_sort_by_key(&mut events, |&(t, on, key, _)| (t, on, key));
    let mut track = vec![
        TrackEvent {
            delta: u28::new(0),
            kind: TrackEventKind::Meta(MetaMessage::TrackName(name.as_bytes())),
        },
        TrackEvent {
            delta: u28::new(0),
            kind: TrackEventKind::Midi {
                channel,
                message: MidiMessage::ProgramChange {
                    program: u7::new(program.min(127)),
                },
            },
        },
    ];
    let mut now = 0u64;
    for (t, on, key, vel) in events {
        let delta = u28::new((t - now).min(0x0FFF_FFFF) as u32);
        now = t;
        let message = if on {
            MidiMessage::NoteOn {
                key: u7::new(key),
                vel: u7::new(vel),
            }
        } else {
            MidiMessage::NoteOff {
                key: u7::new(key),
                vel: u7::new(0),
            }
        };
        track.push(TrackEvent {
            delta,
            kind: TrackEventKind::Midi { channel, message },
        });
    }
    track.push(TrackEvent {
        delta: u28::new(0),
        kind: TrackEventKind::Meta(MetaMessage::EndOfTrack),
    });
    track
}

/// Arranges a tune for playing: its voices, plus comping and bass when asked.
pub fn arrange(tune: &Tune, options: &MidiOptions) -> Result<Arrangement, MidiError> {
    let performance = tune.performance();
    // Compound time already divides its beat in three: there is nothing to swing.
    let feel = if tune.meter.is_compound() {
        Feel::Straight
    } else {
        options.feel
    };
    let timeline = if options.accompaniment {
        chord_timeline(tune)
    } else {
        Vec::new()
    };
    if performance.iter().all(|v| v.notes.is_empty()) && timeline.is_empty() {
        return Err(MidiError::Empty);
    }
    // Tempo: beats of the Q: length per minute; 120 quarters when there is none.
    let (beat, bpm) = tune
        .tempo
        .as_ref()
        .map_or((Frac::new(1, 4), 120), |t| (t.beat, t.bpm.max(1)));
    let quarter_per_minute = Frac::from(i64::from(bpm)) * beat * 4;
    let micros_per_quarter = (Frac::from(60_000_000) / quarter_per_minute)
        .to_integer()
        .clamp(1, 0xFF_FFFF) as u32;
    // As written (6/8 stays 6/8, not the 3/4 its length reduces to).
    let time_signature = match &tune.meter {
        MeterSpec::Fraction {
            numerators,
            denominator,
        } => (
            numerators.iter().sum::<u32>().clamp(1, 255) as u8,
            denominator.max(&1).trailing_zeros().min(7) as u8,
        ),
        MeterSpec::Cut => (2, 1),
        MeterSpec::Common | MeterSpec::Free => (4, 2),
    };
    // Channels 0–8 for voices (10 is drums), 10 and 11 for the backing.
    let mut parts: Vec<Part> = performance
        .iter()
        .take(9)
        .enumerate()
        .map(|(i, v)| Part {
            name: format!("Voice {}", v.id),
            role: Role::Melody,
            channel: i as u8,
            program: options.program,
            notes: played(&v.notes, feel, 100),
        })
        .collect();
    if !timeline.is_empty() {
        let pulse = Pulse::of(&tune.meter);
        parts.push(Part {
            name: "Chords".into(),
            role: Role::Chords,
            channel: 10,
            program: 4,
            notes: comping(&timeline, pulse, feel),
        });
        parts.push(Part {
            name: "Bass".into(),
            role: Role::Bass,
            channel: 11,
            program: 32,
            notes: bass(&timeline, pulse),
        });
    }
    Ok(Arrangement {
        title: tune.title.clone(),
        micros_per_quarter,
        time_signature,
        parts,
    })
}

/// Writes a tune as a Standard MIDI File.
pub fn tune_to_midi(tune: &Tune, options: &MidiOptions) -> Result<Vec<u8>, MidiError> {
    arrangement_to_midi(&arrange(tune, options)?)
}

/// Writes an arrangement as a Standard MIDI File (format 1): a tempo track, then one track
/// per part.
pub fn arrangement_to_midi(arrangement: &Arrangement) -> Result<Vec<u8>, MidiError> {
    let (num, den) = arrangement.time_signature;
    let mut tracks: Vec<Track<'_>> = vec![vec![
        TrackEvent {
            delta: u28::new(0),
            kind: TrackEventKind::Meta(MetaMessage::TrackName(arrangement.title.as_bytes())),
        },
        TrackEvent {
            delta: u28::new(0),
            kind: TrackEventKind::Meta(MetaMessage::Tempo(u24::new(
                arrangement.micros_per_quarter,
            ))),
        },
        TrackEvent {
            delta: u28::new(0),
            kind: TrackEventKind::Meta(MetaMessage::TimeSignature(num, den, 24, 8)),
        },
        TrackEvent {
            delta: u28::new(0),
            kind: TrackEventKind::Meta(MetaMessage::EndOfTrack),
        },
    ]];
    tracks.extend(arrangement.parts.iter().map(note_track));
    let smf = Smf {
        header: Header::new(
            Format::Parallel,
            Timing::Metrical(u15::new(TICKS_PER_QUARTER)),
        ),
        tracks,
    };
    let mut out = Vec::new();
    smf.write(&mut out)
        .map_err(|e| MidiError::Write(e.to_string()))?;
    Ok(out)
}
