//! The example melody: motifs stated, varied and answered over the chords, in the style's
//! rhythm, with chord tones on strong beats, a climax, and a cadence on the tonic.

use crate::intent::Intent;
use crate::progression::Progression;
use crate::rng::Rng;
use crate::style::{Family, Feel};
use crate::theory::chord::Chord;
use crate::theory::note::{Letter, Note};
use crate::theory::scale::Scale;
use crate::theory::time::{
    bar_units, beat_units, chord_slot, chord_starts, groups, is_strong, EIGHTH,
};

/// One sixteenth note in units.
const SIXTEENTH: u32 = 3;

/// A pitch with its spelling and octave: what a note sounds and how it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pitch {
    /// MIDI number (middle C = 60).
    pub midi: i32,
    /// Letter and accidental.
    pub name: Note,
}

/// A note or rest of the melody.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MelodyNote {
    /// Start in units from the start of its bar.
    pub start: u32,
    /// Length in units.
    pub len: u32,
    /// `None` for a rest.
    pub pitch: Option<Pitch>,
    /// First of three notes of a triplet.
    pub triplet_start: bool,
}

/// The melody, bar by bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Melody {
    /// Each bar's notes and rests, filling the bar exactly.
    pub bars: Vec<Vec<MelodyNote>>,
}

/// Wishes from a "steer" text such as "more syncopated", "higher", "sparser", "bluesy".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Steer {
    /// −2…2: fewer or more notes.
    pub density: i32,
    /// −2…2: less or more off-beat.
    pub syncopation: i32,
    /// −2…2: lower or higher register.
    pub register: i32,
    /// Use the blues scale and its blue notes.
    pub bluesy: bool,
    /// −2…2: straighter or more swung eighths.
    pub swing: i32,
}

/// Words a steering text may hold: what `Steer::parse` reads, and the little words around it.
const STEER_WORDS: &[&str] = &[
    "more",
    "less",
    "very",
    "a",
    "bit",
    "lot",
    "and",
    "with",
    "please",
    "the",
    "it",
    "make",
    "melody",
    "line",
    "notes",
    "note",
    "but",
    "much",
    "little",
    "some",
    "of",
    "on",
    "beat",
    "sparse",
    "sparser",
    "fewer",
    "simpler",
    "space",
    "slower",
    "busier",
    "denser",
    "faster",
    "busy",
    "syncopated",
    "syncopation",
    "funkier",
    "offbeat",
    "off-beat",
    "straighter",
    "higher",
    "up",
    "an",
    "octave",
    "lower",
    "down",
    "deeper",
    "blues",
    "bluesy",
    "swing",
    "swung",
    "swingy",
    "swingier",
    "swinging",
    "straight",
    "even",
    "eighths",
    "feel",
];

impl Steer {
    /// The words of a steering text that steer nothing (`"wobbly"` in "more wobbly"), so a
    /// front end can say so.
    pub fn not_understood(text: &str) -> Vec<String> {
        text.to_ascii_lowercase()
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty() && !STEER_WORDS.contains(w))
            .map(str::to_string)
            .collect()
    }

    /// What the steering changes, as a player would say it (`higher, sparser, bluesy`), or
    /// `nothing` when no word steered.
    pub fn describe(&self) -> String {
        let mut out: Vec<&str> = Vec::new();
        let way = |v: i32, less: &'static str, more: &'static str| match v {
            v if v < 0 => Some(less),
            v if v > 0 => Some(more),
            _ => None,
        };
        out.extend(way(self.density, "sparser", "busier"));
        out.extend(way(self.syncopation, "straighter", "more syncopated"));
        out.extend(way(self.register, "lower", "higher"));
        out.extend(way(self.swing, "straighter", "more swing"));
        if self.bluesy {
            out.push("bluesy");
        }
        if out.is_empty() {
            "nothing".to_string()
        } else {
            out.join(", ")
        }
    }

    /// Reads a short steering text; unknown words are ignored (see [`Steer::not_understood`]).
    pub fn parse(text: &str) -> Steer {
        let t = text.to_ascii_lowercase();
        let mut s = Steer::default();
        let more = |s: &str| t.contains(&format!("more {s}")) || t.contains(&format!("very {s}"));
        if t.contains("sparse")
            || t.contains("fewer")
            || t.contains("simpler")
            || t.contains("space")
            || t.contains("slower notes")
        {
            s.density -= 2;
        }
        if t.contains("busier")
            || t.contains("denser")
            || t.contains("more notes")
            || t.contains("faster notes")
            || more("busy")
        {
            s.density += 2;
        }
        if t.contains("syncopat")
            || t.contains("funkier")
            || t.contains("offbeat")
            || t.contains("off-beat")
        {
            s.syncopation += if t.contains("less") { -2 } else { 2 };
        }
        if t.contains("on the beat") {
            s.syncopation -= 2;
        }
        if t.contains("swing") || t.contains("swung") {
            s.swing += if t.contains("less swing") || t.contains("no swing") {
                -2
            } else {
                2
            };
        }
        if t.contains("straight") || t.contains("even eighths") {
            s.swing = -2;
        }
        if t.contains("higher") || t.contains("up an octave") {
            s.register += 2;
        }
        if t.contains("lower") || t.contains("down an octave") || t.contains("deeper") {
            s.register -= 2;
        }
        s.bluesy = t.contains("blues") || t.contains("bluesy");
        s
    }
}

/// A rhythm cell filling one group: eighth counts, negative for rests, 0 for a triplet of
/// eighths over two eighths.
type Cell = &'static [i32];

fn cells(len: u32) -> &'static [Cell] {
    match len {
        2 => &[&[2], &[1, 1], &[-1, 1], &[1, -1], &[0]],
        3 => &[
            &[2, 1],
            &[1, 1, 1],
            &[3],
            &[1, 2],
            &[-1, 1, 1],
            &[-1, 2],
            &[2, -1],
        ],
        4 => &[
            &[2, 2],
            &[1, 1, 2],
            &[2, 1, 1],
            &[1, 1, 1, 1],
            &[3, 1],
            &[4],
            &[-1, 1, 2],
            &[1, 2, 1],
            &[-2, 2],
            &[2, -2],
            &[1, 1, -2],
            &[-1, 1, 1, 1],
            &[0, 2],
            &[2, 0],
        ],
        6 => &[
            &[2, 2, 2],
            &[4, 2],
            &[2, 1, 1, 2],
            &[6],
            &[3, 1, 2],
            &[-2, 2, 2],
            &[2, 2, -2],
            &[1, 1, 2, 2],
        ],
        _ => &[],
    }
}

/// How well a cell suits the style: more or fewer notes, off-beats, rests, triplets.
fn cell_weight(cell: Cell, group: u32, rhythm: &Rhythm) -> u32 {
    let notes = cell
        .iter()
        .map(|&c| if c == 0 { 3 } else { u32::from(c > 0) })
        .sum::<u32>();
    let rests: i32 = cell.iter().filter(|&&c| c < 0).map(|c| -c).sum();
    let triplet = cell.contains(&0);
    // Off-beat: a note starting on an odd eighth and lasting longer than an eighth, or a rest first.
    let mut pos = 0;
    let mut offbeat = false;
    for &c in cell {
        if c > 1 && pos % 2 == 1 {
            offbeat = true;
        }
        pos += c.unsigned_abs().max(2 * u32::from(c == 0));
    }
    offbeat |= cell[0] < 0;
    let ideal_notes = 1 + rhythm.density * group / 100;
    let mut w = 40u32.saturating_sub(notes.abs_diff(ideal_notes) * 12) + 5;
    if offbeat {
        w += rhythm.syncopation / 2;
    } else {
        w += (100 - rhythm.syncopation) / 5;
    }
    if rests > 0 {
        w = w * (rhythm.space + 10) / 60;
    }
    if triplet {
        w = w * rhythm.triplets / 40;
    }
    w
}

/// One beat in sixteenths (counts of sixteenths, negative for rests).
const SIXTEENTH_CELLS: [&[i32]; 10] = [
    &[1, 1, 2],
    &[2, 1, 1],
    &[1, 2, 1],
    &[-1, 1, 2],
    &[-1, 1, -1, 1],
    &[1, 1, 1, 1],
    &[3, 1],
    &[-2, 1, 1],
    &[2, 2],
    &[1, 3],
];

/// Weights of the sixteenth cells: syncopated ones with syncopation, rests with space.
fn sixteenth_weights(r: &Rhythm) -> [u32; 10] {
    let sync = r.syncopation / 15;
    [
        3,
        3,
        2 + sync,
        2 + sync,
        1 + r.space / 30,
        1 + r.density / 30,
        2,
        1 + sync,
        2,
        1 + sync,
    ]
}

/// Style rhythm after steering, as plain numbers, and the style's own way of moving.
#[derive(Clone, Copy, Debug)]
struct Rhythm {
    density: u32,
    syncopation: u32,
    space: u32,
    triplets: u32,
    sixteenths: u32,
    idiom: Idiom,
}

/// Styles whose lines move in a way of their own, beyond the rhythm numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Idiom {
    /// Cells chosen by the rhythm numbers alone.
    Plain,
    /// Reels run in eighths.
    Reel,
    /// Hornpipes go in dotted (swung) pairs and close phrases on three crotchets.
    Hornpipe,
    /// Ballads sing long tones: no cell shorter than a quarter on average.
    Ballad,
}

impl Idiom {
    /// The idiom of a style (`swung` false when steered straighter: a hornpipe then runs in
    /// even eighths, like a reel).
    fn of(style_id: &str, swung: bool) -> Idiom {
        match style_id {
            "reel" => Idiom::Reel,
            "hornpipe" if swung => Idiom::Hornpipe,
            "hornpipe" => Idiom::Reel,
            "jazz-ballad" | "rock-ballad" => Idiom::Ballad,
            _ => Idiom::Plain,
        }
    }
}

impl Idiom {
    /// Lines that go in pairs of notes a quarter long: the first note's length, and the
    /// percent of quarters played as one crotchet instead.
    fn pairs(self) -> Option<(u32, u32)> {
        match self {
            Idiom::Reel => Some((EIGHTH, 12)),
            Idiom::Hornpipe => Some((DOTTED_EIGHTH, 15)),
            _ => None,
        }
    }
}

/// A dotted eighth in units.
const DOTTED_EIGHTH: u32 = 9;

/// A bar's rhythm: (start, len, is_note, triplet_start) in units.
type BarRhythm = Vec<(u32, u32, bool, bool)>;

fn bar_rhythm(meter: (u32, u32), rhythm: &Rhythm, rng: &mut Rng) -> BarRhythm {
    let mut out = Vec::new();
    let mut t = 0;
    for g in groups(meter) {
        if rhythm.sixteenths > 0 && g % 2 == 0 && rng.chance(rhythm.sixteenths) {
            // A beat in sixteenths at a time: the funk grid.
            for _ in 0..g / 2 {
                let weights = sixteenth_weights(rhythm);
                for &c in SIXTEENTH_CELLS[rng.weighted(&weights)] {
                    let len = c.unsigned_abs() * SIXTEENTH;
                    out.push((t, len, c > 0, false));
                    t += len;
                }
            }
            continue;
        }
        if let (Some((first, crotchets)), 0) = (rhythm.idiom.pairs(), g % 2) {
            // Reels run in eighths, hornpipes in dotted pairs; now and then a crotchet.
            for _ in 0..g / 2 {
                if rng.chance(crotchets) {
                    out.push((t, 2 * EIGHTH, true, false));
                } else {
                    out.push((t, first, true, false));
                    out.push((t + first, 2 * EIGHTH - first, true, false));
                }
                t += 2 * EIGHTH;
            }
            continue;
        }
        let all = cells(g);
        let long: Vec<Cell>;
        let options: &[Cell] = if rhythm.idiom == Idiom::Ballad {
            // Long tones: cells whose notes last a quarter or more on average.
            long = all
                .iter()
                .copied()
                .filter(|c| {
                    // In thirds of an eighth: a triplet (0) is three notes over two eighths.
                    let (notes, sounding) = c.iter().fold((0, 0), |(n, len), &x| match x {
                        0 => (n + 3, len + 6),
                        x if x > 0 => (n + 1, len + 3 * x),
                        _ => (n, len),
                    });
                    notes > 0 && sounding >= 6 * notes
                })
                .collect();
            if long.is_empty() {
                all
            } else {
                &long
            }
        } else {
            all
        };
        let cell: Cell = if options.is_empty() {
            &[]
        } else {
            let weights: Vec<u32> = options.iter().map(|c| cell_weight(c, g, rhythm)).collect();
            options[rng.weighted(&weights)]
        };
        if cell.is_empty() {
            // Group sizes without cells: plain eighths.
            for _ in 0..g {
                out.push((t, EIGHTH, true, false));
                t += EIGHTH;
            }
            continue;
        }
        for &c in cell {
            if c == 0 {
                for k in 0..3 {
                    out.push((t, 4, true, k == 0));
                    t += 4;
                }
            } else {
                let len = c.unsigned_abs() * EIGHTH;
                out.push((t, len, c > 0, false));
                t += len;
            }
        }
    }
    out
}

/// The notes available to the melody: the scale across the instrument's range.
struct Ladder {
    pitches: Vec<Pitch>,
}

impl Ladder {
    fn new(scale: &Scale, low: i32, high: i32) -> Ladder {
        let pitches = crate::theory::note::ladder(&scale.notes(), low, high)
            .into_iter()
            .map(|(midi, name)| Pitch { midi, name })
            .collect();
        Ladder { pitches }
    }

    fn len(&self) -> usize {
        self.pitches.len()
    }

    /// Index of the ladder pitch nearest to `midi`.
    fn nearest(&self, midi: i32) -> usize {
        (0..self.len())
            .min_by_key(|&i| (self.pitches[i].midi - midi).abs())
            .unwrap_or(0)
    }

    /// The chord tone nearest to index `i` (within `reach` steps), else `i` itself.
    fn chord_tone_near(&self, i: usize, chord: &Chord, reach: usize) -> usize {
        let pcs = chord.pitch_classes();
        let is_tone = |k: usize| pcs.contains(&(self.pitches[k].midi.rem_euclid(12) as u8));
        (0..=reach)
            .flat_map(|d| [i.checked_sub(d), Some(i + d)])
            .flatten()
            .find(|&k| k < self.len() && is_tone(k))
            .unwrap_or(i)
    }
}

/// A motif: a bar rhythm and the ladder steps between its notes.
#[derive(Clone, Debug)]
struct Motif {
    rhythm: BarRhythm,
    steps: Vec<i32>,
}

fn new_motif(meter: (u32, u32), rhythm: &Rhythm, rng: &mut Rng) -> Motif {
    let r = bar_rhythm(meter, rhythm, rng);
    let notes = r.iter().filter(|n| n.2).count();
    // Mostly steps, some skips, one direction change or two: a singable shape.
    let mut direction = if rng.chance(50) { 1 } else { -1 };
    let steps = (0..notes)
        .map(|_| {
            if rng.chance(30) {
                direction = -direction;
            }
            let size = *rng.pick(&[1, 1, 1, 1, 2, 2, 3]);
            direction * size
        })
        .collect();
    Motif { rhythm: r, steps }
}

/// How a bar treats the phrase's motif.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The motif as stated.
    Call,
    /// Same rhythm, shape turned upside down: an answer.
    Answer,
    /// The motif moved up the ladder: a sequence towards the climax.
    Sequence,
    /// Long notes landing on a stable tone.
    Cadence,
}

/// Chord sounding at `start` units into bar `bar`.
fn chord_at(progression: &Progression, bar: usize, start: u32, meter: (u32, u32)) -> &Chord {
    let chords = &progression.bars[bar.min(progression.bars.len() - 1)];
    &chords[chord_slot(meter, chords.len(), start)]
}

/// The style's rhythm as the steering moves it: denser or sparser, more or less syncopated,
/// triplets only where the line swings, sixteenths for a soul colour.
fn steered_rhythm(intent: &Intent, steer: Steer) -> Rhythm {
    let style = intent.style;
    let adjust = |v: u32, d: i32| (v as i32 + d * 20).clamp(0, 100) as u32;
    Rhythm {
        density: adjust(style.rhythm.density, steer.density),
        syncopation: adjust(style.rhythm.syncopation, steer.syncopation),
        space: adjust(style.rhythm.space, -steer.density),
        triplets: match (steer.swing.signum(), style.feel) {
            (-1, _) | (0, Feel::Straight) => 0,
            (1, _) => style.rhythm.triplets.max(15),
            _ => style.rhythm.triplets,
        },
        sixteenths: if intent.colour.is_some_and(|c| c.family == Family::Soul) {
            style.rhythm.sixteenths.max(30)
        } else {
            style.rhythm.sixteenths
        },
        idiom: Idiom::of(style.id, steer.swing >= 0),
    }
}

/// The instrument's range (MIDI keys) moved up or down by the steering's register, unless
/// that would leave less than an octave.
fn steered_range(intent: &Intent, steer: Steer) -> (i32, i32) {
    let shift = steer.register * 5;
    let ins = intent.instrument;
    let (low, high) = (ins.low + shift.max(0), ins.high + shift.min(0));
    if high - low < 12 {
        (ins.low, ins.high)
    } else {
        (low, high)
    }
}

/// Composes the example melody over a progression.
pub fn compose(
    intent: &Intent,
    progression: &Progression,
    scale: &Scale,
    steer: Steer,
    rng: &mut Rng,
) -> Melody {
    let style = intent.style;
    let rhythm = steered_rhythm(intent, steer);
    let (low, high) = steered_range(intent, steer);
    let ladder = Ladder::new(scale, low, high);
    let n = progression.bars.len();
    let phrase_len = if n >= 8 { 4 } else { 2.min(n) };
    let phrases = n.div_ceil(phrase_len);
    let center = (low + high) / 2 + steer.register * 3;
    let writing = Writing {
        intent,
        progression,
        ladder: &ladder,
        rhythm: &rhythm,
        tonic_pc: i32::from(intent.key.tonic.pitch_class()),
    };

    let mut bars: Vec<Vec<MelodyNote>> = Vec::with_capacity(n);
    let mut previous = ladder.nearest(center);
    let first_motif = new_motif(intent.meter, &rhythm, rng);
    let mut motif = first_motif.clone();
    for p in 0..phrases {
        // Phrase plan: A, A' (same motif answered), B (new material, the climax), A'' …
        let climax_phrase = (phrases * 2).div_ceil(3).saturating_sub(1);
        if p > 0 && p % 3 == 2 || phrases == 2 && p == 1 {
            motif = new_motif(intent.meter, &rhythm, rng);
        } else if p > 0 && p % 3 == 0 {
            motif = first_motif.clone();
        }
        let lift = if p == climax_phrase {
            4
        } else if p > climax_phrase {
            -1
        } else {
            p as i32
        };
        for b in 0..phrase_len {
            let bar = p * phrase_len + b;
            if bar >= n {
                break;
            }
            let last_bar = bar == n - 1;
            let role = match (b, phrase_len) {
                _ if last_bar => Role::Cadence,
                (0, _) => Role::Call,
                (1, 2) => Role::Cadence,
                (1, _) => Role::Answer,
                (2, _) => Role::Sequence,
                _ => Role::Cadence,
            };
            let plan = BarPlan {
                role,
                motif: &motif,
                bar,
                last_bar,
                lift,
            };
            let notes = realize(&writing, &plan, &mut previous, rng);
            bars.push(notes);
        }
    }
    avoid_repeated_bars(&mut bars, &ladder, progression, intent.meter);
    // The style's own phrasing, then the steering on top: bossa and latin lines anticipate the
    // beat; reggae leaves beat one to the drop.
    let coloured_by = |family| intent.colour.is_some_and(|c| c.family == family);
    let latin = matches!(style.id, "bossa" | "latin" | "salsa") || coloured_by(Family::Latin);
    let push = steer.syncopation + i32::from(latin);
    if push != 0 {
        steer_syncopation(&mut bars, push.clamp(-2, 2), progression, intent.meter, rng);
    }
    if style.family == Family::Reggae || coloured_by(Family::Reggae) {
        leave_beat_one(&mut bars);
    }
    follow_chords(&mut bars, progression, intent.meter, scale);
    if style.family == Family::Jazz && style.feel == Feel::Swing {
        enclose_targets(&mut bars, progression, intent.meter, &ladder, rng);
    }
    resolve_leaning_tones(&mut bars, progression, intent.meter, scale);
    Melody { bars }
}

/// Moves the line on or off the beat. More syncopation anticipates notes on the beat by an
/// eighth (the note before gives up an eighth, so the pushed note starts off the beat and
/// sounds through it), where the chord does not change on that beat; less syncopation moves
/// such pushed notes back onto their beat. `amount` is −2…2; each step acts on about a third
/// of the places it could.
fn steer_syncopation(
    bars: &mut [Vec<MelodyNote>],
    amount: i32,
    progression: &Progression,
    meter: (u32, u32),
    rng: &mut Rng,
) {
    let beat = beat_units(meter);
    let chance = (amount.unsigned_abs() * 35).min(90);
    for (b, notes) in bars.iter_mut().enumerate() {
        for k in 1..notes.len() {
            let (prev, note) = (notes[k - 1], notes[k]);
            // Triplet notes (4 units) keep their places.
            let plain = prev.len % SIXTEENTH == 0 && note.len % SIXTEENTH == 0;
            if prev.pitch.is_none() || note.pitch.is_none() || !plain {
                continue;
            }
            if amount > 0 {
                let on_beat = note.start % beat == 0;
                let same_chord =
                    chord_at(progression, b, note.start - EIGHTH.min(note.start), meter)
                        == chord_at(progression, b, note.start, meter);
                if on_beat && prev.len >= 2 * EIGHTH && same_chord && rng.chance(chance) {
                    notes[k - 1].len -= EIGHTH;
                    notes[k].start -= EIGHTH;
                    notes[k].len += EIGHTH;
                }
            } else {
                let next_beat = (note.start / beat + 1) * beat;
                let pushed = note.start % beat != 0 && note.start + note.len > next_beat;
                let gap = next_beat - note.start;
                if pushed && note.len > gap && rng.chance(chance) {
                    notes[k - 1].len += gap;
                    notes[k].start = next_beat;
                    notes[k].len -= gap;
                }
            }
        }
    }
}

/// Reggae phrasing: beat one belongs to the drum's drop, so no bar but the last starts with
/// a note there; a note on it starts an eighth later instead (or becomes a rest if that short).
fn leave_beat_one(bars: &mut [Vec<MelodyNote>]) {
    let last = bars.len().saturating_sub(1);
    for notes in bars.iter_mut().take(last) {
        let Some(first) = notes.first().copied() else {
            continue;
        };
        if first.pitch.is_none() || first.start != 0 || first.triplet_start {
            continue;
        }
        if first.len >= 2 * EIGHTH && first.len % SIXTEENTH == 0 {
            notes[0].start = EIGHTH;
            notes[0].len -= EIGHTH;
            notes.insert(
                0,
                MelodyNote {
                    start: 0,
                    len: EIGHTH,
                    pitch: None,
                    triplet_start: false,
                },
            );
        } else if notes.iter().filter(|n| n.pitch.is_some()).count() > 1 {
            notes[0].pitch = None;
        }
    }
}

/// The blue notes a line over `scale` means (♭3, ♭5, ♭7 of its tonic): only a blues-family
/// scale has them.
fn meant_blue_notes(scale: &Scale) -> Vec<Note> {
    if scale.kind.is_blues_family() {
        crate::theory::scale::blue_notes(scale.tonic).to_vec()
    } else {
        Vec::new()
    }
}

/// Notes follow the chord in force, not only the key signature: a note whose letter the chord
/// alters takes the chord's alteration (C♯ over A7 in C major, C♮ over the ♭VII chord in D,
/// F♮ over F5 in E minor). In a blues scale the blue notes (♭3, ♭5, ♭7 of the key) stay blue.
fn follow_chords(
    bars: &mut [Vec<MelodyNote>],
    progression: &Progression,
    meter: (u32, u32),
    scale: &Scale,
) {
    let blue = meant_blue_notes(scale);
    for (b, notes) in bars.iter_mut().enumerate() {
        for note in notes.iter_mut() {
            let Some(pitch) = note.pitch.as_mut() else {
                continue;
            };
            if blue.contains(&pitch.name) {
                continue;
            }
            let chord = chord_at(progression, b, note.start, meter);
            let Some(tone) = chord
                .tones()
                .into_iter()
                .find(|t| t.letter == pitch.name.letter && t.alter != pitch.name.alter)
            else {
                continue;
            };
            pitch.midi += i32::from(tone.alter - pitch.name.alter);
            pitch.name = tone;
        }
    }
}

/// Swing lines approach chord tones on the beat by enclosure, bebop's favourite approach: the
/// scale tone above, the chromatic tone below, then the target. Applied to nine places in
/// ten where the two eighths before a beat's chord tone are free under one chord, never
/// where the lower or upper tone would be a chord tone's letter altered (B natural against
/// C7's B♭).
fn enclose_targets(
    bars: &mut [Vec<MelodyNote>],
    progression: &Progression,
    meter: (u32, u32),
    ladder: &Ladder,
    rng: &mut Rng,
) {
    let beat = beat_units(meter);
    for (b, notes) in bars.iter_mut().enumerate() {
        for k in 2..notes.len() {
            let (first, second, target) = (notes[k - 2], notes[k - 1], notes[k]);
            let (Some(_), Some(_), Some(goal)) = (first.pitch, second.pitch, target.pitch) else {
                continue;
            };
            let in_place = first.len == EIGHTH
                && second.len == EIGHTH
                && second.start + EIGHTH == target.start
                && first.start + EIGHTH == second.start
                && target.start % beat == 0;
            let chord = chord_at(progression, b, target.start, meter);
            // The approach sits under the target's own chord, not across a change.
            let same_chord = chord_at(progression, b, first.start, meter) == chord;
            let goal_pc = goal.midi.rem_euclid(12) as u8;
            if !in_place || !same_chord || !chord.contains_pitch_class(goal_pc) || !rng.chance(90) {
                continue;
            }
            // The scale tone above, a step away.
            let i = ladder.nearest(goal.midi);
            let Some(upper) = ladder.pitches.get(i + 1).copied() else {
                continue;
            };
            if ladder.pitches[i].midi != goal.midi || !(1..=2).contains(&(upper.midi - goal.midi)) {
                continue;
            }
            // The chromatic tone below, spelled on the letter below.
            let below = Note::on_letter(
                Letter::from_index(goal.name.letter.index() as i32 - 1),
                i32::from(goal_pc) - 1,
            );
            let (letter, alter) = (below.letter, i32::from(below.alter));
            let altered = |l: Letter, a: i32| {
                chord
                    .tones()
                    .iter()
                    .any(|t| t.letter == l && i32::from(t.alter) != a)
            };
            let clashes =
                altered(letter, alter) || altered(upper.name.letter, i32::from(upper.name.alter));
            if alter.abs() > 1 || clashes || chord.contains_pitch_class((goal_pc + 11) % 12) {
                continue;
            }
            let lower = Pitch {
                midi: goal.midi - 1,
                name: below,
            };
            notes[k - 2].pitch = Some(upper);
            notes[k - 1].pitch = Some(lower);
        }
    }
}

/// A note a semitone off a chord tone (not a blue note) must move on by step, as passing and
/// neighbour tones do; one that leaps away instead becomes the chord tone it leans on (the
/// one nearer the next note).
fn resolve_leaning_tones(
    bars: &mut [Vec<MelodyNote>],
    progression: &Progression,
    meter: (u32, u32),
    scale: &Scale,
) {
    let blue = meant_blue_notes(scale);
    let places: Vec<(usize, usize)> = bars
        .iter()
        .enumerate()
        .flat_map(|(b, notes)| {
            notes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.pitch.is_some())
                .map(move |(k, _)| (b, k))
        })
        .collect();
    for pair in places.windows(2) {
        let [(b, k), (nb, nk)] = [pair[0], pair[1]];
        let Some(next) = bars[nb][nk].pitch.map(|p| p.midi) else {
            continue;
        };
        let note = &bars[b][k];
        let Some(pitch) = note.pitch else {
            continue;
        };
        if blue.contains(&pitch.name) || (next - pitch.midi).abs() <= 2 {
            continue;
        }
        let chord = chord_at(progression, b, note.start, meter);
        let pc = pitch.midi.rem_euclid(12) as u8;
        let target = chord.leaned_on(pc).into_iter().min_by_key(|t| {
            let up = (i32::from(t.pitch_class()) - i32::from(pc)).rem_euclid(12) == 1;
            let midi = pitch.midi + if up { 1 } else { -1 };
            ((next - midi).abs(), midi)
        });
        if let Some(tone) = target {
            let up = (i32::from(tone.pitch_class()) - i32::from(pc)).rem_euclid(12) == 1;
            if let Some(p) = bars[b][k].pitch.as_mut() {
                p.midi += if up { 1 } else { -1 };
                p.name = tone;
            }
        }
    }
}

/// What every bar of a melody is written with: the request, its changes, the notes the
/// instrument has in the scale, the style's rhythm.
struct Writing<'a> {
    intent: &'a Intent,
    progression: &'a Progression,
    ladder: &'a Ladder,
    rhythm: &'a Rhythm,
    tonic_pc: i32,
}

/// One bar to write: its place in the phrase and the motif it develops.
struct BarPlan<'a> {
    role: Role,
    motif: &'a Motif,
    bar: usize,
    last_bar: bool,
    /// How far the phrase's contour lifts the line (negative after the climax).
    lift: i32,
}

/// The bar's rhythm for its role: the motif's (call, sequence), the motif's first half with a
/// fresh second half (answer), or a cadence; the motif's own if the new one does not fill the bar.
fn bar_cells(w: &Writing, plan: &BarPlan, rng: &mut Rng) -> BarRhythm {
    let meter = w.intent.meter;
    let bar_len = bar_units(meter);
    let motif = plan.motif;
    let cells: BarRhythm = match plan.role {
        Role::Call | Role::Sequence => motif.rhythm.clone(),
        Role::Answer => {
            // Same rhythm with its second half renewed: recognisable, not a copy.
            let fresh = bar_rhythm(meter, w.rhythm, rng);
            let half = bar_len / 2;
            motif
                .rhythm
                .iter()
                .filter(|c| c.0 < half)
                .chain(fresh.iter().filter(|c| c.0 >= half))
                .copied()
                .collect::<Vec<_>>()
        }
        Role::Cadence => {
            let chords = w.progression.bars[plan.bar].len();
            cadence_rhythm(meter, plan.last_bar, w.rhythm, chords, rng)
        }
    };
    let fills = cells.iter().map(|c| c.1).sum::<u32>() == bar_len
        && cells.windows(2).all(|w| w[0].0 + w[0].1 == w[1].0);
    if fills {
        cells
    } else {
        motif.rhythm.clone()
    }
}

/// The ladder step of the melody's last note: a tone of the chord it sounds over (the tonic
/// when the form ends at home, a guide tone when it turns around on a dominant), near where
/// the line is, falling to it rather than rising (unless that would drop more than a fifth);
/// `fallback` when none is within an octave.
fn final_step(w: &Writing, chord: &Chord, previous: usize, fallback: usize) -> usize {
    let ladder = w.ladder;
    let targets = ending_tones(chord, w.tonic_pc, ladder);
    let from = ladder.pitches[previous].midi;
    (0..ladder.len())
        .filter(|&x| targets.contains(&ladder.pitches[x].midi.rem_euclid(12)))
        .filter(|&x| (ladder.pitches[x].midi - from).abs() <= 12)
        .min_by_key(|&x| {
            let d = ladder.pitches[x].midi - from;
            if (-7..=0).contains(&d) {
                -d
            } else {
                10 + d.abs()
            }
        })
        .unwrap_or(fallback)
}

/// One bar of melody: the bar's rhythm, pitches stepping by the motif's intervals from the
/// previous note (`previous`, a ladder index, is updated), chord tones on strong beats, the
/// last note of the piece on an ending tone, no leap beyond an octave.
fn realize(w: &Writing, plan: &BarPlan, previous: &mut usize, rng: &mut Rng) -> Vec<MelodyNote> {
    let (meter, ladder) = (w.intent.meter, w.ladder);
    let rhythm_cells = bar_cells(w, plan, rng);
    let sign = if plan.role == Role::Answer { -1 } else { 1 };
    let top = ladder.len().saturating_sub(1);
    let mut steps = plan.motif.steps.iter().cycle();
    let mut out = Vec::with_capacity(rhythm_cells.len());
    let note_count = rhythm_cells.iter().filter(|c| c.2).count();
    let mut k = 0;
    for &(start, len, is_note, triplet_start) in &rhythm_cells {
        if !is_note {
            out.push(MelodyNote {
                start,
                len,
                pitch: None,
                triplet_start,
            });
            continue;
        }
        let chord = chord_at(w.progression, plan.bar, start, meter);
        let mut i = if k == 0 {
            // Start each bar near the previous note, lifted towards the phrase's contour.
            let sequence = if plan.role == Role::Sequence { 2 } else { 0 };
            let target = *previous as i32 + sequence + plan.lift.signum();
            target.clamp(0, top as i32) as usize
        } else {
            let step = steps.next().copied().unwrap_or(1) * sign;
            (*previous as i32 + step).clamp(0, top as i32) as usize
        };
        if is_strong(start, meter) || k == 0 {
            i = ladder.chord_tone_near(i, chord, 2);
        }
        if plan.last_bar && k + 1 == note_count {
            i = final_step(w, chord, *previous, i);
        }
        // No leap beyond an octave.
        while (ladder.pitches[i].midi - ladder.pitches[*previous].midi).abs() > 12 {
            i = if i > *previous { i - 1 } else { i + 1 };
        }
        *previous = i;
        out.push(MelodyNote {
            start,
            len,
            pitch: Some(ladder.pitches[i]),
            triplet_start,
        });
        k += 1;
    }
    if out.iter().all(|n| n.pitch.is_none()) {
        // A bar of rests says nothing; give it one chord tone.
        let chord = chord_at(w.progression, plan.bar, 0, meter);
        let i = ladder.chord_tone_near(*previous, chord, 3);
        out = vec![MelodyNote {
            start: 0,
            len: bar_units(meter),
            pitch: Some(ladder.pitches[i]),
            triplet_start: false,
        }];
    }
    out
}

/// Pitch classes the melody may end on over its last chord: the tonic if the chord holds it;
/// else the chord's third and seventh; else any of its tones the scale has.
fn ending_tones(chord: &Chord, tonic_pc: i32, ladder: &Ladder) -> Vec<i32> {
    let pc = |steps: Option<i8>| -> Vec<i32> {
        chord
            .intervals
            .iter()
            .filter(|i| steps.is_none_or(|s| i.steps.rem_euclid(7) == s))
            .map(|i| i32::from(chord.root.up(*i).pitch_class()))
            .collect()
    };
    let tones = pc(None);
    if tones.contains(&tonic_pc) {
        return vec![tonic_pc];
    }
    let on_ladder = |pc: &i32| ladder.pitches.iter().any(|p| p.midi.rem_euclid(12) == *pc);
    let guide: Vec<i32> = pc(Some(2))
        .into_iter()
        .chain(pc(Some(6)))
        .filter(on_ladder)
        .collect();
    if guide.is_empty() {
        tones.into_iter().filter(on_ladder).collect()
    } else {
        guide
    }
}

/// Long notes to close a phrase: a held chord tone, then space (or the final note held).
fn cadence_rhythm(
    meter: (u32, u32),
    last: bool,
    rhythm: &Rhythm,
    chords_in_bar: usize,
    rng: &mut Rng,
) -> BarRhythm {
    let bar = bar_units(meter);
    let g = groups(meter);
    let first = g[0] * EIGHTH;
    let quarter = 2 * EIGHTH;
    if rhythm.idiom == Idiom::Hornpipe && bar == 4 * quarter {
        // The hornpipe's cadence: three crotchets and a beat's rest.
        return (0..4)
            .map(|b| (b * quarter, quarter, b < 3, false))
            .collect();
    }
    if rhythm.idiom == Idiom::Reel && bar == 4 * quarter && !(last && chords_in_bar > 1) {
        // A reel runs into its cadence: four eighths, then two crotchets.
        return (0..4)
            .map(|e| (e * EIGHTH, EIGHTH, true, false))
            .chain([
                (2 * quarter, quarter, true, false),
                (3 * quarter, quarter, true, false),
            ])
            .collect();
    }
    if last && chords_in_bar > 1 {
        // Land with the bar's first chord, then turn around: the last note sounds with the
        // last chord (a guide tone of the dominant, see `ending_tones`).
        let change = chord_starts(meter, chords_in_bar)[chords_in_bar - 1];
        return vec![
            (0, change, true, false),
            (change, bar - change, true, false),
        ];
    }
    if last {
        return if bar > first && rng.chance(50) {
            vec![(0, first, true, false), (first, bar - first, true, false)]
        } else {
            vec![(0, bar, true, false)]
        };
    }
    let mut r = vec![(0, first, true, false)];
    let rest_len = bar - first;
    if rest_len > 0 {
        let rest = rng.chance(rhythm.space.max(20));
        r.push((first, rest_len, !rest, false));
    }
    r
}

/// A bar identical to an earlier one is varied: its last note (the first in the closing bar,
/// whose last note ends the tune) moves to another chord tone.
fn avoid_repeated_bars(
    bars: &mut [Vec<MelodyNote>],
    ladder: &Ladder,
    progression: &Progression,
    meter: (u32, u32),
) {
    for b in 1..bars.len() {
        if !bars[..b].contains(&bars[b]) {
            continue;
        }
        let closing = b + 1 == bars.len();
        let Some(last) = (if closing {
            bars[b].iter().position(|n| n.pitch.is_some())
        } else {
            bars[b].iter().rposition(|n| n.pitch.is_some())
        }) else {
            continue;
        };
        let note = bars[b][last];
        let Some(p) = note.pitch else { continue };
        let i = ladder.nearest(p.midi);
        let chord = chord_at(progression, b, note.start, meter);
        for candidate in [i + 2, i.saturating_sub(2), i + 1, i.saturating_sub(1)] {
            let is_tone =
                |k: usize| chord.contains_pitch_class(ladder.pitches[k].midi.rem_euclid(12) as u8);
            if candidate < ladder.len() && candidate != i && is_tone(candidate) {
                bars[b][last].pitch = Some(ladder.pitches[candidate]);
                if !bars[..b].contains(&bars[b]) {
                    break;
                }
            }
        }
    }
}
