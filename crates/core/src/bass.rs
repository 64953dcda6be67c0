//! The harmony button's bass voice: a walking bass in swing styles (quarter notes, chord
//! tones and scale steps, a chromatic or scale approach into each new root) and root–fifth
//! with passing tones elsewhere. Every chord change is met by its root (or slash bass); every
//! note is in the chord's scale, or a chromatic approach a semitone from the root it leads to.

use crate::melody::{Melody, MelodyNote, Pitch};
use crate::progression::Progression;
use crate::rng::Rng;
use crate::style::{Family, Feel, Style};
use crate::theory::chord::Chord;
use crate::theory::note::{Letter, Note};
use crate::theory::scale::Scale;
use crate::theory::time::{bar_units, beat_units, chord_starts, groups, is_strong, EIGHTH};

/// One quarter note in units.
const QUARTER: u32 = 12;
/// The walking bass's range: E1 to E3.
const LOW: i32 = 28;
const HIGH: i32 = 52;

/// What the bass plays over: the chords, the meter, and the scales a player reads them by.
pub struct BassChart<'a> {
    /// The progression.
    pub progression: &'a Progression,
    /// The meter.
    pub meter: (u32, u32),
    /// The key's own scale (its mode).
    pub key_scale: &'a [Note],
    /// Scales the jam lists for chords that leave the key.
    pub chord_scales: &'a [(Chord, Scale)],
}

/// A chord sounding from `start` to `end` units of bar `bar`.
#[derive(Clone, Copy)]
struct Span<'a> {
    bar: usize,
    start: u32,
    end: u32,
    chord: &'a Chord,
}

impl<'a> BassChart<'a> {
    /// Every chord's span, bar by bar, in order.
    fn spans(&self) -> Vec<Span<'a>> {
        let bar_len = bar_units(self.meter);
        let progression: &'a Progression = self.progression;
        progression
            .bars
            .iter()
            .enumerate()
            .flat_map(|(bar, chords)| {
                let starts = chord_starts(self.meter, chords.len());
                chords.iter().enumerate().map(move |(k, chord)| Span {
                    bar,
                    start: starts[k],
                    end: starts.get(k + 1).copied().unwrap_or(bar_len),
                    chord,
                })
            })
            .collect()
    }

    /// The notes a bass may take over a chord: the scale the jam lists for it, else the key's
    /// scale as the chord colours it (a key note whose letter the chord alters takes the
    /// chord's alteration: C♯ over A7 in C), with every chord tone in it.
    fn scale_of(&self, chord: &Chord) -> Vec<Note> {
        if let Some((_, s)) = self.chord_scales.iter().find(|(c, _)| c == chord) {
            return s.notes();
        }
        let tones = chord.tones();
        let mut notes: Vec<Note> = self
            .key_scale
            .iter()
            .map(|n| {
                tones
                    .iter()
                    .find(|t| t.letter == n.letter)
                    .copied()
                    .unwrap_or(*n)
            })
            .collect();
        for t in tones {
            if !notes.iter().any(|n| n.pitch_class() == t.pitch_class()) {
                notes.push(t);
            }
        }
        notes
    }
}

/// True when the style's bass walks: swing styles of the jazz and blues families, in meters
/// counted in quarter notes.
pub fn walks(style: &Style, meter: (u32, u32)) -> bool {
    style.feel == Feel::Swing
        && matches!(style.family, Family::Jazz | Family::Blues)
        && (meter.1 == 4 || meter == (2, 2))
}

/// The bass line for a chart: walking when `walk`, else root–fifth with passing tones.
pub fn line(chart: &BassChart, walk: bool, rng: &mut Rng) -> Melody {
    let spans = chart.spans();
    let on_quarters = spans
        .iter()
        .all(|s| s.start % QUARTER == 0 && s.end % QUARTER == 0);
    if walk && on_quarters && !spans.is_empty() {
        walking(chart, &spans, rng)
    } else {
        root_fifth(chart, &spans)
    }
}

/// `note` in the octave nearest to `near`, kept between E1 and E3.
fn place(note: Note, near: i32) -> Pitch {
    let pc = i32::from(note.pitch_class());
    let mut midi = near - (near - pc).rem_euclid(12);
    if near - midi > 6 {
        midi += 12;
    }
    while midi < LOW {
        midi += 12;
    }
    while midi > HIGH {
        midi -= 12;
    }
    Pitch { midi, name: note }
}

/// The root a chord is met by: its slash bass, else its root.
fn root(chord: &Chord) -> Note {
    chord.bass.unwrap_or(chord.root)
}

/// A semitone below (`below`) or above `target`, spelled on the neighbouring letter or on
/// the target's own, whichever needs the smaller accidental (D♮ or E♮ around E♭, never F♭).
fn chromatic(target: Pitch, below: bool) -> Pitch {
    let (midi, neighbour) = if below {
        (target.midi - 1, target.name.letter.index() as i32 - 1)
    } else {
        (target.midi + 1, target.name.letter.index() as i32 + 1)
    };
    let spell = |letter: Letter| Note::on_letter(letter, midi);
    let (other, own) = (
        spell(Letter::from_index(neighbour)),
        spell(target.name.letter),
    );
    let name = if own.alter.abs() < other.alter.abs() {
        own
    } else {
        other
    };
    Pitch { midi, name }
}

/// The notes of `scale` a whole or half step from `target`, below first.
fn scale_steps(scale: &[Note], target: Pitch) -> Vec<Pitch> {
    [-2, -1, 1, 2]
        .into_iter()
        .filter_map(|d| {
            let midi = target.midi + d;
            scale
                .iter()
                .find(|n| i32::from(n.pitch_class()) == midi.rem_euclid(12))
                .map(|n| Pitch { midi, name: *n })
        })
        .collect()
}

/// The note a bass leads into `target` with, coming from `from`: a scale step of the chord
/// it is played over, or a chromatic neighbour; from the side the line comes from when it can.
fn approach(scale: &[Note], target: Pitch, from: i32, rng: &mut Rng) -> Pitch {
    let mut options: Vec<Pitch> = scale_steps(scale, target);
    options.push(chromatic(target, true));
    options.push(chromatic(target, false));
    options.retain(|p| p.midi != from && (LOW - 1..=HIGH + 1).contains(&p.midi));
    options.dedup_by_key(|p| p.midi);
    let weights: Vec<u32> = options
        .iter()
        .map(|p| {
            let same_side = (p.midi < target.midi) == (from < target.midi);
            let scale_tone = scale
                .iter()
                .any(|n| n.pitch_class() == p.name.pitch_class());
            (if same_side { 4 } else { 1 }) * (if scale_tone { 2 } else { 3 })
        })
        .collect();
    if options.is_empty() {
        return chromatic(target, from < target.midi);
    }
    options[rng.weighted(&weights)]
}

/// A walking bass in quarter notes: the root on each change, chord tones (on strong beats)
/// and scale steps moving towards the next root, and on the beat before a change an
/// approach into it. The last chord's root is held to the end.
fn walking(chart: &BassChart, spans: &[Span], rng: &mut Rng) -> Melody {
    // Each beat's span, in order.
    let beats: Vec<(usize, u32)> = spans
        .iter()
        .enumerate()
        .flat_map(|(k, s)| {
            (s.start..s.end)
                .step_by(QUARTER as usize)
                .map(move |t| (k, t))
        })
        .collect();
    let changes: Vec<bool> = beats
        .iter()
        .enumerate()
        .map(|(i, &(k, _))| i == 0 || spans[beats[i - 1].0].chord != spans[k].chord)
        .collect();
    let last_change = changes.iter().rposition(|&c| c).unwrap_or(0);
    let mut bars: Vec<Vec<MelodyNote>> = vec![Vec::new(); chart.progression.bars.len()];
    let mut previous = 40; // E2
    for (i, &(k, start)) in beats.iter().enumerate() {
        let span = spans[k];
        let scale = chart.scale_of(span.chord);
        let pitch = if changes[i] {
            place(root(span.chord), previous)
        } else if i > last_change {
            // The ending: the last root rings on.
            if let Some(note) = bars[span.bar].last_mut() {
                note.len += QUARTER;
                continue;
            }
            place(root(span.chord), previous)
        } else if changes.get(i + 1) == Some(&true) {
            let next = spans[beats[i + 1].0].chord;
            let target = place(root(next), previous);
            approach(&scale, target, previous, rng)
        } else {
            // Towards the next change's root, a step or a chord tone at a time.
            let ahead = changes[i..].iter().position(|&c| c).unwrap_or(1).max(1);
            let goal = beats.get(i + ahead).map_or(previous, |&(n, _)| {
                place(root(spans[n].chord), previous).midi
            });
            let desired = previous + (goal - previous) / (ahead as i32 + 1);
            let strong = is_strong(start, chart.meter);
            scale
                .iter()
                .flat_map(|n| {
                    let p = place(*n, previous);
                    [p.midi - 12, p.midi, p.midi + 12].map(|midi| Pitch { midi, name: *n })
                })
                .filter(|p| (1..=7).contains(&(p.midi - previous).abs()))
                .filter(|p| (LOW..=HIGH).contains(&p.midi))
                .min_by_key(|p| {
                    let tone = span.chord.contains_pitch_class(p.name.pitch_class());
                    let off = if tone { 0 } else { 1 + 4 * i32::from(strong) };
                    (p.midi - desired).abs() * 2 + off + rng.below(3) as i32
                })
                .unwrap_or_else(|| place(root(span.chord), previous))
        };
        previous = pitch.midi;
        bars[span.bar].push(MelodyNote {
            start,
            len: QUARTER,
            pitch: Some(pitch),
            triplet_start: false,
        });
    }
    Melody { bars }
}

/// Roots on each chord, the fifth on the span's next beat group, and a passing tone on its
/// last beat leading by step into the next chord's root.
fn root_fifth(chart: &BassChart, spans: &[Span]) -> Melody {
    let beat = beat_units(chart.meter);
    let compound = beat == 3 * EIGHTH;
    let boundaries: Vec<u32> = groups(chart.meter)
        .iter()
        .scan(0, |t, g| {
            *t += g * EIGHTH;
            Some(*t)
        })
        .collect();
    // E2 … D♯3: the bass's home octave for roots.
    let home = |n: Note| {
        let pc = i32::from(n.pitch_class());
        Pitch {
            midi: if pc >= 4 { 36 + pc } else { 48 + pc },
            name: n,
        }
    };
    let mut bars: Vec<Vec<MelodyNote>> = vec![Vec::new(); chart.progression.bars.len()];
    for (k, span) in spans.iter().enumerate() {
        let bass = home(root(span.chord));
        let fifth_note = span
            .chord
            .tones()
            .into_iter()
            .find(|t| t.letter.index() == (span.chord.root.letter.index() + 4) % 7);
        let mut fifth = boundaries
            .iter()
            .copied()
            .find(|&b| b > span.start && b < span.end)
            .zip(fifth_note);
        let next = spans
            .get(k + 1)
            .filter(|n| root(n.chord).pitch_class() != bass.name.pitch_class());
        let mut passing = None;
        if let Some(next) = next {
            let room_from = fifth.map_or(span.start, |(at, _)| at);
            let len = if span.end > room_from + beat {
                Some(beat)
            } else if compound && span.end > room_from + EIGHTH {
                Some(EIGHTH)
            } else if span.end >= span.start + 2 * beat.min(QUARTER) {
                fifth = None;
                Some(beat.min((span.end - span.start) / 2))
            } else {
                None
            };
            if let Some(len) = len {
                let target = home(root(next.chord));
                let from = fifth.map_or(bass.midi, |_| bass.midi + 7);
                let scale = chart.scale_of(span.chord);
                let steps = scale_steps(&scale, target);
                let side = |p: &&Pitch| (p.midi < target.midi) == (from < target.midi);
                let step = steps
                    .iter()
                    .find(side)
                    .or(steps.first())
                    .copied()
                    .unwrap_or_else(|| chromatic(target, from < target.midi));
                passing = Some((span.end - len, step));
            }
        }
        let mut points: Vec<(u32, Pitch)> = vec![(span.start, bass)];
        if let Some((at, note)) = fifth {
            let interval = (i32::from(note.pitch_class()) - bass.midi).rem_euclid(12);
            points.push((
                at,
                Pitch {
                    midi: bass.midi + interval,
                    name: note,
                },
            ));
        }
        points.extend(passing);
        for (j, &(at, pitch)) in points.iter().enumerate() {
            let until = points.get(j + 1).map_or(span.end, |p| p.0);
            bars[span.bar].push(MelodyNote {
                start: at,
                len: until - at,
                pitch: Some(pitch),
                triplet_start: false,
            });
        }
    }
    Melody { bars }
}
