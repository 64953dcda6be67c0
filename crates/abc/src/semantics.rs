//! From syntax to music: voices, bars and events at exact times with absolute pitches.
//!
//! The interpreter walks each tune's lines once, keeping per-voice state (key, meter, unit
//! length, bar accidentals, tuplets, broken rhythm, ties) and emits [`Bar`]s of [`Event`]s.
//! [`Tune::performance`] then expands repeats and merges ties into the notes a player plays.

use crate::diag::Diagnostics;
use crate::span::Span;
use crate::syntax::{
    AbcFile, BarLine, Element, ElementKind, Field, FieldValue, KeySpec, KeyTonic, Line, MeterSpec,
    Mode, Modifiers, Note, NoteName, Pitch, RestKind, Section, TempoSpec, TuneSyntax,
};
use crate::Frac;
use num_traits::{CheckedAdd, CheckedMul, CheckedSub};
use serde::Serialize;

/// Semitones above C of the letters C D E F G A B.
const LETTER_SEMITONES: [i32; 7] = [0, 2, 4, 5, 7, 9, 11];
/// Longest performance, in bars, that repeat expansion will produce.
const MAX_PERFORMED_BARS: usize = 100_000;
/// Most notes one voice's performance will hold (repeats and parts can multiply the score).
const MAX_PERFORMED_NOTES: usize = 2_000_000;

/// Index 0–6 of a letter `C`…`B`.
pub fn letter_index(letter: char) -> usize {
    match letter.to_ascii_uppercase() {
        'C' => 0,
        'D' => 1,
        'E' => 2,
        'F' => 3,
        'G' => 4,
        'A' => 5,
        _ => 6,
    }
}

/// The letter of an index 0–6.
pub fn index_letter(index: usize) -> char {
    b"CDEFGAB"[index % 7] as char
}

/// Position of a spelled note on the circle of fifths (C = 0, G = 1, F = -1, F# = 6, Bb = -2).
pub fn fifths_of(name: NoteName) -> i32 {
    const LETTER_FIFTHS: [i32; 7] = [0, 2, 4, -1, 1, 3, 5];
    LETTER_FIFTHS[letter_index(name.letter)] + 7 * i32::from(name.alter)
}

/// The alteration of each letter in a key signature with `fifths` sharps (negative: flats).
pub fn signature_for_fifths(fifths: i32) -> [i8; 7] {
    // Order of sharps: F C G D A E B, as letter indices.
    const SHARP_ORDER: [usize; 7] = [3, 0, 4, 1, 5, 2, 6];
    let mut sig = [0i8; 7];
    for (p, &letter) in SHARP_ORDER.iter().enumerate() {
        let alter = (fifths - p as i32 - 1).div_euclid(7) + 1;
        sig[letter] = alter.clamp(-2, 2) as i8;
    }
    sig
}

/// A key in effect: what `K:` said, the alteration of each letter, clef and transposition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Key {
    /// The tonic and mode, `none`, or Highland pipes.
    pub tonic: KeyTonic,
    /// Alteration in semitones of C D E F G A B.
    pub signature: [i8; 7],
    /// Clef name (`treble`, `bass`, `alto` …).
    pub clef: String,
    /// Semitones added to every pitch when played (`octave=` and `transpose=`).
    pub transpose: i32,
    /// Semitones the clef itself transposes (`treble-8` sounds an octave lower).
    pub clef_transpose: i32,
}

impl Default for Key {
    fn default() -> Self {
        Key {
            tonic: KeyTonic::Tonic(
                NoteName {
                    letter: 'C',
                    alter: 0,
                },
                Mode::Major,
            ),
            signature: [0; 7],
            clef: "treble".into(),
            transpose: 0,
            clef_transpose: 0,
        }
    }
}

impl Key {
    /// The key as ABC writes it: `G`, `F#m`, `Dmix`, `none`, `HP`.
    pub fn name(&self) -> String {
        match &self.tonic {
            KeyTonic::Tonic(n, m) => format!("{}{}", note_name_text(*n), m.abc_suffix()),
            KeyTonic::HighlandPipes { show_signature } => {
                if *show_signature { "Hp" } else { "HP" }.into()
            }
            KeyTonic::None | KeyTonic::Unchanged => "none".into(),
        }
    }

    /// Sharps (positive) or flats (negative) of the standard signature, without extra accidentals.
    pub fn fifths(&self) -> i32 {
        match &self.tonic {
            KeyTonic::Tonic(n, m) => fifths_of(*n) + m.fifths_offset(),
            KeyTonic::HighlandPipes { .. } => 2,
            KeyTonic::None | KeyTonic::Unchanged => 0,
        }
    }

    /// The key after a `K:` field (the parts it leaves out stay as they were).
    pub fn updated(&self, spec: &KeySpec) -> Key {
        let mut key = self.clone();
        if spec.tonic != KeyTonic::Unchanged {
            key.tonic = spec.tonic.clone();
            key.signature = signature_for_fifths(key.fifths());
            if matches!(key.tonic, KeyTonic::None) {
                key.signature = [0; 7];
            }
        }
        if spec.explicit {
            key.signature = [0; 7];
        }
        for &(alter, letter) in &spec.accidentals {
            key.signature[letter_index(letter)] = alter;
        }
        key.apply_modifiers(&spec.modifiers);
        key
    }

    fn apply_modifiers(&mut self, m: &Modifiers) {
        if let Some(clef) = m.get("clef") {
            let lower = clef.to_ascii_lowercase();
            self.clef_transpose = if lower.ends_with("-8") {
                -12
            } else if lower.ends_with("+8") {
                12
            } else if lower.ends_with("-15") {
                -24
            } else if lower.ends_with("+15") {
                24
            } else {
                0
            };
            self.clef = lower
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
                .to_string();
        }
        let num = |name: &str| {
            m.get(name)
                .and_then(|v| v.trim_start_matches('+').parse::<i32>().ok())
        };
        let octave = num("octave");
        let transpose = num("transpose");
        if octave.is_some() || transpose.is_some() {
            self.transpose =
                octave.unwrap_or(0).clamp(-4, 4) * 12 + transpose.unwrap_or(0).clamp(-48, 48);
        }
    }
}

/// `F#`, `Bb`, `C`.
pub fn note_name_text(n: NoteName) -> String {
    let acc = match n.alter {
        2 => "##",
        1 => "#",
        -1 => "b",
        -2 => "bb",
        _ => "",
    };
    format!("{}{acc}", n.letter)
}

/// A tempo in effect: so many beats of a given length per minute.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tempo {
    /// Beat length in whole notes.
    pub beat: Frac,
    /// Beats per minute.
    pub bpm: u32,
    /// Words such as `Allegro`, if any.
    pub text: Option<String>,
}

impl Tempo {
    fn from_spec(spec: &TempoSpec, unit: Frac) -> Option<Tempo> {
        let bpm = spec.bpm?;
        let beat = if spec.beats.is_empty() {
            unit
        } else {
            spec.beats
                .iter()
                .copied()
                .fold(Frac::new(0, 1), |a, b| a + b)
        };
        Some(Tempo {
            beat,
            bpm,
            text: spec.text_before.clone().or_else(|| spec.text_after.clone()),
        })
    }
}

/// One sounding pitch of a note or chord.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sounding {
    /// MIDI key number as played (middle C = 60), after accidentals and transposition.
    pub midi: i32,
    /// Letter `A`–`G` as written.
    pub letter: char,
    /// Octave as written (0 = the octave from middle C).
    pub octave: i8,
    /// Alteration in effect (from the note, the bar or the key signature).
    pub alter: i8,
    /// The accidental written on this note, if any.
    pub written_accidental: Option<i8>,
    /// Tied to the next note of the same pitch.
    pub tie: bool,
}

/// What an event is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum EventKind {
    /// One note or a chord.
    Notes(Vec<Sounding>),
    /// A rest (`visible` false for `x`).
    Rest {
        /// `z` rather than `x`.
        visible: bool,
    },
    /// `Z` or `X`: rest for whole bars.
    MultiBarRest {
        /// How many bars.
        bars: u32,
        /// `Z` rather than `X`.
        visible: bool,
    },
}

/// Grace notes sounding before an event, taking no time in the score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraceNotes {
    /// Slashed (`{/g}`).
    pub acciaccatura: bool,
    /// Each grace note or chord.
    pub notes: Vec<Vec<Sounding>>,
}

/// A note, chord or rest at an exact time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Start, in whole notes from the start of the voice in score order.
    pub onset: Frac,
    /// Length in whole notes, with tuplets and broken rhythm applied.
    pub duration: Frac,
    /// Note, chord or rest.
    pub kind: EventKind,
    /// Decorations written before it (`trill`, `staccato` …).
    pub decorations: Vec<String>,
    /// Annotations written before it, with their placement char.
    pub annotations: Vec<(char, String)>,
    /// Grace notes before it.
    pub grace: Option<GraceNotes>,
    /// The tuplet it belongs to, as (p, q).
    pub tuplet: Option<(u32, u32)>,
    /// 0 for the voice itself, 1 and up for `&` overlays.
    pub overlay: u8,
    /// Whitespace or a bar line came before it: its beam group starts here.
    pub beam_break: bool,
    /// Slurs that start on it (`(` written before it).
    #[serde(skip_serializing_if = "is_zero_u8")]
    pub slurs_start: u8,
    /// Slurs that end on it (`)` written after it).
    #[serde(skip_serializing_if = "is_zero_u8")]
    pub slurs_end: u8,
    /// Where it was written.
    pub span: Span,
}

fn is_zero_u8(n: &u8) -> bool {
    *n == 0
}

/// A bar of one voice.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bar {
    /// Start, in whole notes in score order.
    pub onset: Frac,
    /// How long it lasts as written (the main layer, not overlays).
    pub duration: Frac,
    /// Length the meter asks for, if the meter is not free (times bars for multi-bar rests).
    pub expected: Option<Frac>,
    /// The events, main layer first, then overlays.
    pub events: Vec<Event>,
    /// A repeated section starts at this bar.
    pub repeat_start: bool,
    /// Times the section ending with this bar is repeated (`:|` is 1).
    pub repeat_end: usize,
    /// The variant-ending label that starts at this bar (`1`, `2`, `1,3`).
    pub ending: Option<String>,
    /// The bar line that closes it, if any.
    pub bar_line: Option<String>,
    /// The part (`P:A`) it belongs to, if the tune has parts.
    pub part: Option<char>,
    /// Index of the music line (staff line) it starts on.
    pub line: usize,
    /// The key in effect at its start.
    pub key: Key,
    /// The meter in effect at its start.
    pub meter: MeterSpec,
}

/// A chord symbol at a time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChordSymbolAt {
    /// Time in whole notes, score order.
    pub onset: Frac,
    /// Index of the bar it is in.
    pub bar: usize,
    /// The symbol as written, such as `Am7/G`.
    pub symbol: String,
    /// Where it was written.
    pub span: Span,
}

/// A change of key, meter, unit length or tempo inside the music.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ChangeKind {
    /// New key.
    Key(Key),
    /// New meter.
    Meter(MeterSpec),
    /// New unit note length.
    UnitLength(Frac),
    /// New tempo.
    Tempo(Tempo),
}

/// A change at a time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Time in whole notes, score order.
    pub onset: Frac,
    /// Index of the bar it is in.
    pub bar: usize,
    /// What changed.
    pub kind: ChangeKind,
}

/// One voice of a tune.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Voice {
    /// Its id (`1` when the tune has no `V:` fields).
    pub id: String,
    /// Its `name=`, if any.
    pub name: Option<String>,
    /// The key at its start (clef included).
    pub key: Key,
    /// Its bars in score order.
    pub bars: Vec<Bar>,
    /// Chord symbols in score order.
    pub chord_symbols: Vec<ChordSymbolAt>,
    /// Key, meter, unit and tempo changes inside the music.
    pub changes: Vec<Change>,
    /// Lyrics lines (`w:`), each with the index of the bar where its music line started.
    pub lyrics: Vec<(usize, String)>,
}

impl Voice {
    /// The chord symbols written in bar `bar`, found by binary search (they are kept in score
    /// order, so bar by bar), so walking every bar's symbols is linear, not bars × symbols.
    pub fn chord_symbols_in(&self, bar: usize) -> &[ChordSymbolAt] {
        let from = self.chord_symbols.partition_point(|c| c.bar < bar);
        let to = from + self.chord_symbols[from..].partition_point(|c| c.bar == bar);
        &self.chord_symbols[from..to]
    }
}

/// A tune: header information and timed voices.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tune {
    /// `X:` reference number.
    pub x: Option<u32>,
    /// First `T:` title, empty if none.
    pub title: String,
    /// Text header fields (`T`, `C`, `O`, `R`, `N` …) in order.
    pub fields: Vec<(char, String)>,
    /// Key at the start.
    pub key: Key,
    /// Meter at the start.
    pub meter: MeterSpec,
    /// Unit note length at the start.
    pub unit: Frac,
    /// Tempo at the start, if given.
    pub tempo: Option<Tempo>,
    /// Part order from the header's `P:` field (e.g. `AABB`), expanded.
    pub part_order: Option<String>,
    /// The voices, in order of first appearance.
    pub voices: Vec<Voice>,
    /// The whole tune in the source.
    pub span: Span,
}

/// A note as played: time in performance order, with ties merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PlayedNote {
    /// Start in whole notes from the start of the performance.
    pub onset: Frac,
    /// Length in whole notes.
    pub duration: Frac,
    /// MIDI key number (middle C = 60).
    pub midi: i32,
}

/// The notes one voice plays, in order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayedVoice {
    /// The voice id.
    pub id: String,
    /// Notes sorted by onset, then pitch.
    pub notes: Vec<PlayedNote>,
}

impl Tune {
    /// The meter as written (`6/8`, `C`, `none`).
    pub fn meter_text(&self) -> String {
        meter_text(&self.meter)
    }

    /// Every voice's notes in performance order: repeats, endings and parts expanded, ties
    /// merged, grace notes left out.
    pub fn performance(&self) -> Vec<PlayedVoice> {
        self.voices
            .iter()
            .map(|v| PlayedVoice {
                id: v.id.clone(),
                notes: merge_ties(play_bars(v, &self.performance_order(v))),
            })
            .collect()
    }

    /// The order in which a voice's bars are played.
    pub fn performance_order(&self, voice: &Voice) -> Vec<usize> {
        let Some(order) = &self.part_order else {
            return expand_repeats(&voice.bars, &(0..voice.bars.len()).collect::<Vec<_>>());
        };
        let has_parts = voice.bars.iter().any(|b| b.part.is_some());
        if !has_parts {
            return expand_repeats(&voice.bars, &(0..voice.bars.len()).collect::<Vec<_>>());
        }
        let mut out = Vec::new();
        // Bars before the first part marker are an introduction, played once.
        let intro: Vec<usize> = (0..voice.bars.len())
            .take_while(|&i| voice.bars[i].part.is_none())
            .collect();
        out.extend(expand_repeats(&voice.bars, &intro));
        for p in order.chars() {
            let bars: Vec<usize> = (0..voice.bars.len())
                .filter(|&i| voice.bars[i].part == Some(p))
                .collect();
            out.extend(expand_repeats(&voice.bars, &bars));
            if out.len() > MAX_PERFORMED_BARS {
                break;
            }
        }
        out.truncate(MAX_PERFORMED_BARS);
        out
    }
}

/// The meter as ABC writes it.
pub fn meter_text(m: &MeterSpec) -> String {
    match m {
        MeterSpec::Free => "none".into(),
        MeterSpec::Common => "C".into(),
        MeterSpec::Cut => "C|".into(),
        MeterSpec::Fraction {
            numerators,
            denominator,
        } => {
            let top: Vec<String> = numerators.iter().map(u32::to_string).collect();
            format!("{}/{denominator}", top.join("+"))
        }
    }
}

/// Parses an ending label (`1`, `1,3`, `1-3`) into pass numbers.
fn ending_passes(label: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for part in label.split(',') {
        let mut ends = part.splitn(2, '-').map(|n| n.trim().parse::<u32>().ok());
        match (ends.next().flatten(), ends.next().flatten()) {
            (Some(a), Some(b)) if a <= b && b - a < 16 => out.extend(a..=b),
            (Some(a), _) => out.push(a),
            _ => {}
        }
    }
    out
}

/// Expands repeats and variant endings over the bars `indices` (a part or the whole voice).
fn expand_repeats(bars: &[Bar], indices: &[usize]) -> Vec<usize> {
    // Which pass numbers each bar belongs to, if it is inside a variant ending.
    let mut endings: Vec<Option<Vec<u32>>> = Vec::with_capacity(indices.len());
    let mut current: Option<Vec<u32>> = None;
    for &i in indices {
        let bar = &bars[i];
        if bar.repeat_start {
            current = None;
        }
        if let Some(label) = &bar.ending {
            current = Some(ending_passes(label));
        }
        endings.push(current.clone());
        let closes = bar.repeat_end > 0
            || matches!(bar.bar_line.as_deref(), Some(s) if s.contains("||") || s.contains(']') || s.starts_with('['));
        if closes {
            current = None;
        }
    }
    // The highest ending number of the variant endings that start at or after each bar,
    // within its section: a repeat inside an ending jumps back only while a later pass has
    // an ending to go to.
    let mut last_ending = vec![0u32; indices.len()];
    let mut highest = 0u32;
    for k in (0..indices.len()).rev() {
        let bar = &bars[indices[k]];
        if let Some(label) = &bar.ending {
            highest = highest.max(ending_passes(label).into_iter().max().unwrap_or(0));
        }
        last_ending[k] = highest;
        if bar.repeat_start || endings[k].is_none() {
            highest = 0;
        }
    }
    let mut out = Vec::new();
    let mut jumps = vec![0usize; indices.len()];
    let mut section_start = 0;
    let mut pass = 1u32;
    let mut repeated = false;
    let mut explicit_start = false;
    let mut k = 0;
    while k < indices.len() && out.len() < MAX_PERFORMED_BARS {
        let bar = &bars[indices[k]];
        if bar.repeat_start && k != section_start {
            section_start = k;
            pass = 1;
        }
        explicit_start |= bar.repeat_start;
        let plays = endings[k].as_ref().is_none_or(|p| p.contains(&pass));
        if plays {
            out.push(indices[k]);
        }
        let times = bar.repeat_end.min(4);
        let jump = match &endings[k] {
            // Inside a variant ending: go round again while a later pass has its ending (a
            // lone first ending still repeats once).
            Some(_) => {
                times > 0
                    && jumps[k] < 16
                    && (pass < last_ending[k] || last_ending[k] <= 1 && pass == 1)
            }
            None => times > 0 && jumps[k] < times,
        };
        if plays && jump {
            jumps[k] += 1;
            pass += 1;
            k = section_start;
            continue;
        }
        // A finished repeat or set of endings closes its section: a later `:|` without `|:`
        // goes back to here. So does a double bar, once some repeat has been played (before
        // that, a lone `:|` repeats from the top) — the reading abc2midi also takes.
        let ending_over = endings[k].is_some() && endings.get(k + 1).is_none_or(|e| e.is_none());
        let double_bar = bar
            .bar_line
            .as_deref()
            .is_some_and(|s| s.contains("||") || s.contains(']') || s.starts_with('['));
        if times > 0 && plays || ending_over {
            repeated = true;
            explicit_start = false;
            section_start = k + 1;
            pass = 1;
        } else if repeated && double_bar && !explicit_start {
            section_start = k + 1;
            pass = 1;
        }
        k += 1;
    }
    out
}

/// Lays a voice's bars out one after another in the given order.
fn play_bars(voice: &Voice, order: &[usize]) -> Vec<(PlayedNote, bool)> {
    let mut out = Vec::new();
    let mut t = Frac::new(0, 1);
    for &i in order {
        let bar = &voice.bars[i];
        for e in &bar.events {
            if let EventKind::Notes(notes) = &e.kind {
                let Some(onset) = e
                    .onset
                    .checked_sub(&bar.onset)
                    .and_then(|o| o.checked_add(&t))
                else {
                    return out;
                };
                if out.len() >= MAX_PERFORMED_NOTES {
                    return out;
                }
                for n in notes {
                    out.push((
                        PlayedNote {
                            onset,
                            duration: e.duration,
                            midi: n.midi,
                        },
                        n.tie,
                    ));
                }
            }
        }
        match t.checked_add(&bar.duration) {
            Some(next) => t = next,
            None => return out,
        }
    }
    out
}

/// Joins each tied note with the note of the same pitch starting where it ends.
fn merge_ties(mut notes: Vec<(PlayedNote, bool)>) -> Vec<PlayedNote> {
    crate::order::sort_by_key(&mut notes, |(n, _)| (n.onset, n.midi));
    let mut out: Vec<PlayedNote> = Vec::with_capacity(notes.len());
    // Ties still waiting for their continuation: (end, key, index in `out`). Few at a time.
    let mut open: Vec<(Frac, i32, usize)> = Vec::new();
    for (note, tie) in notes {
        open.retain(|(end, ..)| *end >= note.onset);
        let waiting = open
            .iter()
            .position(|&(end, midi, _)| end == note.onset && midi == note.midi)
            .map(|p| open.swap_remove(p).2);
        let joined = waiting.and_then(|i| {
            let longer = out[i].duration.checked_add(&note.duration)?;
            out[i].duration = longer;
            Some(i)
        });
        let index = joined.unwrap_or_else(|| {
            out.push(note);
            out.len() - 1
        });
        if tie {
            let n = out[index];
            if let Some(end) = n.onset.checked_add(&n.duration) {
                open.push((end, n.midi, index));
            }
        }
    }
    out
}

/// Interprets every tune of a parsed file.
pub fn interpret(file: &AbcFile, diags: &mut Diagnostics) -> Vec<Tune> {
    let mut globals = Globals::default();
    let mut tunes = Vec::new();
    for section in &file.sections {
        match section {
            Section::FileHeader(lines) => {
                for line in lines {
                    globals.apply(line);
                }
            }
            Section::Tune(t) => tunes.push(Interpreter::new(&globals, diags).tune(t)),
            Section::FreeText(_) => {}
        }
    }
    tunes
}

/// How far a written accidental carries within its bar (`%%propagate-accidentals`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Propagation {
    /// Only the note itself.
    Not,
    /// Same letter and octave.
    Octave,
    /// Same letter in every octave (the standard's default).
    Pitch,
}

/// Settings from the file header that every tune starts with.
#[derive(Clone, Debug)]
struct Globals {
    meter: Option<MeterSpec>,
    unit: Option<Frac>,
    propagation: Propagation,
}

impl Default for Globals {
    fn default() -> Self {
        Globals {
            meter: None,
            unit: None,
            propagation: Propagation::Pitch,
        }
    }
}

impl Globals {
    fn apply(&mut self, line: &Line) {
        match line {
            Line::Field(Field {
                value: FieldValue::Meter(m),
                ..
            }) => self.meter = Some(m.clone()),
            Line::Field(Field {
                value: FieldValue::UnitLength(u),
                ..
            }) => self.unit = Some(*u),
            Line::Directive(d) => {
                let mut words = d.text.split_whitespace();
                if words.next() == Some("propagate-accidentals") {
                    self.propagation = match words.next() {
                        Some("not") => Propagation::Not,
                        Some("octave") => Propagation::Octave,
                        _ => Propagation::Pitch,
                    };
                }
            }
            _ => {}
        }
    }
}

/// Default unit note length for a meter: 1/16 below 3/4, else 1/8.
pub fn default_unit(meter: &MeterSpec) -> Frac {
    match meter.bar_length() {
        Some(len) if len < Frac::new(3, 4) => Frac::new(1, 16),
        _ => Frac::new(1, 8),
    }
}

/// Accidentals written so far in the bar, by letter index and octave (0 for every octave).
#[derive(Default)]
struct BarAccidentals(Vec<((usize, i8), i8)>);

impl BarAccidentals {
    fn get(&self, letter: usize, octave: i8) -> Option<i8> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| *k == (letter, octave))
            .map(|(_, a)| *a)
    }

    fn set(&mut self, letter: usize, octave: i8, alter: i8) {
        self.0.retain(|(k, _)| *k != (letter, octave));
        self.0.push(((letter, octave), alter));
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

/// Per-voice state while reading the body.
struct VoiceState {
    voice: Voice,
    meter: MeterSpec,
    unit: Frac,
    key: Key,
    /// Time where the next event starts.
    cursor: Frac,
    /// End of the main layer when inside an overlay.
    main_end: Option<Frac>,
    overlay: u8,
    bar: Bar,
    /// Accidentals written in this bar: (letter index, octave or 0 for all octaves) → alter.
    bar_accidentals: BarAccidentals,
    /// Notes tied from the previous event: (letter index, octave, alter).
    open_ties: Vec<(usize, i8, i8)>,
    tuplet: Option<(u32, u32, u32)>,
    /// Duration factor for the next event after `>` or `<`.
    broken_next: Option<Frac>,
    decorations: Vec<String>,
    annotations: Vec<(char, String)>,
    grace: Option<GraceNotes>,
    /// Slurs opened since the last event.
    slurs_pending: u8,
    line: usize,
    part: Option<char>,
    /// The next event starts a beam group (after whitespace or a bar line).
    beam_break: bool,
    /// The last body field for this voice was `w:` (so `+:` continues it).
    last_field_was_lyrics: bool,
    /// Index of the first bar of the current music line, and of the line before.
    line_first_bar: usize,
    previous_line_first_bar: usize,
}

impl VoiceState {
    fn new(id: String, key: Key, meter: MeterSpec, unit: Frac, part: Option<char>) -> Self {
        let zero = Frac::new(0, 1);
        VoiceState {
            voice: Voice {
                id,
                name: None,
                key: key.clone(),
                bars: Vec::new(),
                chord_symbols: Vec::new(),
                changes: Vec::new(),
                lyrics: Vec::new(),
            },
            bar: new_bar(zero, &key, &meter, 0, part),
            meter,
            unit,
            key,
            cursor: zero,
            main_end: None,
            overlay: 0,
            bar_accidentals: BarAccidentals::default(),
            open_ties: Vec::new(),
            tuplet: None,
            broken_next: None,
            decorations: Vec::new(),
            annotations: Vec::new(),
            grace: None,
            slurs_pending: 0,
            line: 0,
            part,
            beam_break: true,
            last_field_was_lyrics: false,
            line_first_bar: 0,
            previous_line_first_bar: 0,
        }
    }

    fn change(&mut self, kind: ChangeKind) {
        let bar = self.voice.bars.len();
        self.voice.changes.push(Change {
            onset: self.cursor,
            bar,
            kind,
        });
    }
}

fn new_bar(onset: Frac, key: &Key, meter: &MeterSpec, line: usize, part: Option<char>) -> Bar {
    Bar {
        onset,
        duration: Frac::new(0, 1),
        expected: meter.bar_length(),
        events: Vec::new(),
        repeat_start: false,
        repeat_end: 0,
        ending: None,
        bar_line: None,
        part,
        line,
        key: key.clone(),
        meter: meter.clone(),
    }
}

/// Interprets one tune.
struct Interpreter<'g, 'd> {
    globals: &'g Globals,
    diags: &'d mut Diagnostics,
    propagation: Propagation,
    voices: Vec<VoiceState>,
    current: usize,
    /// Header values every new voice starts from.
    key: Key,
    meter: MeterSpec,
    unit: Frac,
    /// Voice properties declared in the header, applied when the voice first appears.
    declared: Vec<(String, Modifiers)>,
    /// Time overflowed: the rest of the tune is ignored.
    overflowed: bool,
}

impl<'g, 'd> Interpreter<'g, 'd> {
    fn new(globals: &'g Globals, diags: &'d mut Diagnostics) -> Self {
        let meter = globals.meter.clone().unwrap_or(MeterSpec::Free);
        Interpreter {
            globals,
            diags,
            propagation: globals.propagation,
            voices: Vec::new(),
            current: 0,
            key: Key::default(),
            unit: globals.unit.unwrap_or_else(|| default_unit(&meter)),
            meter,
            declared: Vec::new(),
            overflowed: false,
        }
    }

    fn tune(mut self, t: &TuneSyntax) -> Tune {
        let mut x = None;
        let mut fields: Vec<(char, String)> = Vec::new();
        let mut tempo_spec = None;
        let mut part_order = None;
        let mut unit_given = self.globals.unit.is_some();
        for line in &t.header {
            match line {
                Line::Field(f) => match &f.value {
                    FieldValue::Key(k) => self.key = self.key.updated(k),
                    FieldValue::Meter(m) => {
                        self.meter = m.clone();
                        if !unit_given {
                            self.unit = default_unit(m);
                        }
                    }
                    FieldValue::UnitLength(u) => {
                        self.unit = *u;
                        unit_given = true;
                    }
                    FieldValue::Tempo(q) => tempo_spec = Some(q.clone()),
                    FieldValue::Voice(v) => self.declared.push((v.id.clone(), v.modifiers.clone())),
                    FieldValue::Text(text) => match f.tag {
                        'X' => {
                            x = text.parse().ok();
                            if x.is_none() {
                                self.diags.warning(f.span, "X: should be a number");
                            }
                        }
                        'P' => part_order = Some(expand_part_order(text)),
                        // `+:` continues the field before it.
                        '+' => match fields.last_mut() {
                            Some((_, previous)) => {
                                previous.push(' ');
                                previous.push_str(text);
                            }
                            None => self.diags.warning(f.span, "`+:` continues no field"),
                        },
                        _ => fields.push((f.tag, text.clone())),
                    },
                },
                Line::Directive(d) => self.directive(&d.text),
                Line::Comment(_) | Line::Music(_) => {}
            }
        }
        for line in &t.body {
            if self.overflowed {
                break;
            }
            match line {
                Line::Music(m) => {
                    for e in &m.elements {
                        self.element(e);
                        if self.overflowed {
                            break;
                        }
                    }
                    if !m.continued {
                        self.end_of_line();
                    }
                }
                Line::Field(f) => self.field(f),
                Line::Directive(d) => self.directive(&d.text),
                Line::Comment(_) => {}
            }
        }
        let mut voices = Vec::new();
        for mut v in std::mem::take(&mut self.voices) {
            self.close_bar(&mut v, None, t.span);
            voices.push(v.voice);
        }
        if voices.is_empty() {
            let v = self.new_voice_state(self.declared.first().map_or("1".into(), |d| d.0.clone()));
            voices.push(v.voice);
        }
        for v in &voices {
            check_bar_lengths(v, self.diags);
        }
        let title = fields
            .iter()
            .find(|(tag, _)| *tag == 'T')
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        Tune {
            x,
            title,
            fields,
            tempo: tempo_spec.and_then(|q| Tempo::from_spec(&q, self.unit)),
            key: self.key,
            meter: self.meter,
            unit: self.unit,
            part_order,
            voices,
            span: t.span,
        }
    }

    fn directive(&mut self, text: &str) {
        let mut g = self.globals.clone();
        g.apply(&Line::Directive(crate::syntax::Text {
            text: text.to_string(),
            span: Span::default(),
        }));
        self.propagation = g.propagation;
    }

    fn new_voice_state(&self, id: String) -> VoiceState {
        let part = self.voices.get(self.current).and_then(|v| v.part);
        let mut key = self.key.clone();
        let mut name = None;
        if let Some((_, m)) = self.declared.iter().find(|(d, _)| *d == id) {
            key.apply_modifiers(m);
            name = m.get("name").map(str::to_string);
        }
        let mut state = VoiceState::new(id, key, self.meter.clone(), self.unit, part);
        state.voice.name = name;
        state
    }

    /// Switches to voice `id`, creating it on first use.
    fn select_voice(&mut self, id: &str, modifiers: &Modifiers) {
        match self.voices.iter().position(|v| v.voice.id == id) {
            Some(i) => self.current = i,
            None => {
                let state = self.new_voice_state(id.to_string());
                self.voices.push(state);
                self.current = self.voices.len() - 1;
            }
        }
        let v = &mut self.voices[self.current];
        if !modifiers.pairs.is_empty() {
            v.key.apply_modifiers(modifiers);
            if let Some(n) = modifiers.get("name") {
                v.voice.name = Some(n.to_string());
            }
            // A clef given before the voice's first note holds from its first bar.
            if v.bar.events.is_empty() {
                v.bar.key = v.key.clone();
                if v.voice.bars.is_empty() {
                    v.voice.key = v.key.clone();
                }
            }
        }
    }

    fn voice(&mut self) -> &mut VoiceState {
        if self.voices.is_empty() {
            let id = self.declared.first().map_or("1".into(), |d| d.0.clone());
            let state = self.new_voice_state(id);
            self.voices.push(state);
            self.current = 0;
        }
        &mut self.voices[self.current]
    }

    fn field(&mut self, f: &Field) {
        if !matches!(f.tag, 'w' | '+') {
            if let Some(v) = self.voices.get_mut(self.current) {
                v.last_field_was_lyrics = false;
            }
        }
        match &f.value {
            FieldValue::Voice(v) => self.select_voice(&v.id, &v.modifiers),
            FieldValue::Key(k) => {
                let v = self.voice();
                v.key = v.key.updated(k);
                let key = v.key.clone();
                if v.bar.events.is_empty() {
                    v.bar.key = key.clone();
                }
                if v.voice.bars.is_empty() && v.bar.events.is_empty() {
                    v.voice.key = key.clone();
                }
                v.change(ChangeKind::Key(key));
            }
            FieldValue::Meter(m) => {
                let v = self.voice();
                v.meter = m.clone();
                if v.bar.events.is_empty() {
                    v.bar.meter = m.clone();
                    v.bar.expected = m.bar_length();
                }
                v.change(ChangeKind::Meter(m.clone()));
            }
            FieldValue::UnitLength(u) => {
                let v = self.voice();
                v.unit = *u;
                v.change(ChangeKind::UnitLength(*u));
            }
            FieldValue::Tempo(q) => {
                let v = self.voice();
                if let Some(t) = Tempo::from_spec(q, v.unit) {
                    v.change(ChangeKind::Tempo(t));
                }
            }
            FieldValue::Text(text) => match f.tag {
                'w' => {
                    let v = self.voice();
                    let bar = v.previous_line_first_bar;
                    v.voice.lyrics.push((bar, text.clone()));
                    v.last_field_was_lyrics = true;
                }
                '+' => {
                    let v = self.voice();
                    match v.voice.lyrics.last_mut() {
                        Some((_, line)) if v.last_field_was_lyrics => {
                            line.push(' ');
                            line.push_str(text);
                        }
                        _ => self.diags.warning(f.span, "`+:` continues no lyrics line"),
                    }
                }
                'P' => {
                    let part = text.chars().find(|c| c.is_ascii_alphabetic());
                    let v = self.voice();
                    v.part = part;
                    if v.bar.events.is_empty() {
                        v.bar.part = part;
                    }
                }
                _ => {}
            },
        }
    }

    fn end_of_line(&mut self) {
        if let Some(v) = self.voices.get_mut(self.current) {
            v.line += 1;
            v.previous_line_first_bar = v.line_first_bar;
            v.line_first_bar = v.voice.bars.len();
        }
    }

    fn element(&mut self, e: &Element) {
        match &e.kind {
            ElementKind::Note(n) => {
                self.sounding_event(std::slice::from_ref(n), n.length, false, e.span)
            }
            ElementKind::Chord(c) => {
                let first = c.notes.first().map_or(Frac::new(1, 1), |n| n.length);
                let Some(len) = first.checked_mul(&c.length) else {
                    self.overflow(e.span);
                    return;
                };
                self.sounding_event(&c.notes, len, c.tie, e.span);
            }
            ElementKind::Rest(r) => self.rest(r.kind, r.length, e.span),
            ElementKind::BarLine(b) => self.bar_line(b, e.span),
            ElementKind::Ending(label) => {
                // An ending written inside a bar (`… A2 [2 Bd|`) starts where it is written.
                let i = self.current_index();
                if !self.voices[i].bar.events.is_empty() {
                    let mut v = std::mem::replace(&mut self.voices[i], placeholder_state());
                    self.close_bar(&mut v, None, e.span);
                    self.voices[i] = v;
                }
                self.voices[i].bar.ending = Some(label.clone());
            }
            ElementKind::ChordSymbol(s) => {
                let v = self.voice();
                let bar = v.voice.bars.len();
                let onset = v.cursor;
                v.voice.chord_symbols.push(ChordSymbolAt {
                    onset,
                    bar,
                    symbol: s.clone(),
                    span: e.span,
                });
            }
            ElementKind::Annotation(p, text) => self.voice().annotations.push((*p, text.clone())),
            ElementKind::Decoration(d) => self.voice().decorations.push(d.name.clone()),
            ElementKind::Tuplet(t) => {
                let compound = self.voice().meter.is_compound();
                let q = t.q.unwrap_or(match t.p {
                    2 | 4 | 8 => 3,
                    3 | 6 => 2,
                    _ if compound => 3,
                    _ => 2,
                });
                let r = t.r.unwrap_or(t.p);
                if let Some((p, _, left)) = self.voice().tuplet {
                    if left > 0 {
                        self.diags.warning(
                            e.span,
                            format!("tuplet ({p} starts before the previous one has all its notes"),
                        );
                    }
                }
                self.voice().tuplet = Some((t.p, q, r));
            }
            ElementKind::Grace(g) => {
                let mut notes = Vec::new();
                for ge in &g.elements {
                    let written: Vec<Note> = match &ge.kind {
                        ElementKind::Note(n) => vec![*n],
                        ElementKind::Chord(c) => c.notes.clone(),
                        _ => continue,
                    };
                    let propagation = self.propagation;
                    let v = self.voice();
                    notes.push(
                        written
                            .iter()
                            .map(|n| resolve_pitch(v, n.pitch, false, propagation))
                            .collect(),
                    );
                }
                self.voice().grace = Some(GraceNotes {
                    acciaccatura: g.acciaccatura,
                    notes,
                });
            }
            ElementKind::BrokenRhythm(b) => self.broken_rhythm(b.first_longer, b.count, e.span),
            ElementKind::Overlay => {
                let v = self.voice();
                if v.main_end.is_none() {
                    v.main_end = Some(v.cursor);
                }
                v.overlay = v.overlay.saturating_add(1);
                v.cursor = v.bar.onset;
            }
            ElementKind::InlineField(f) => self.field(f),
            ElementKind::Space => self.voice().beam_break = true,
            ElementKind::SlurStart => {
                let v = self.voice();
                v.slurs_pending = v.slurs_pending.saturating_add(1);
            }
            ElementKind::SlurEnd => {
                let v = self.voice();
                let last = match v.bar.events.last_mut() {
                    Some(e) => Some(e),
                    None => v.voice.bars.last_mut().and_then(|b| b.events.last_mut()),
                };
                match last {
                    Some(e) => e.slurs_end = e.slurs_end.saturating_add(1),
                    None => self
                        .diags
                        .warning(e.span, "`)` ends a slur before any note"),
                }
            }
            ElementKind::Spacer => {}
        }
    }

    fn overflow(&mut self, span: Span) {
        self.diags.error(
            span,
            "the music is too long to time exactly; the rest of the tune is ignored",
        );
        self.overflowed = true;
    }

    /// Length in whole notes of `length` units, with the pending tuplet and broken rhythm.
    fn timed(&mut self, length: Frac, span: Span) -> Option<(Frac, Option<(u32, u32)>)> {
        let v = self.voice();
        let mut d = length.checked_mul(&v.unit);
        let mut tuplet = None;
        if let Some((p, q, left)) = v.tuplet {
            if left > 0 {
                d = d.and_then(|d| d.checked_mul(&Frac::new(i64::from(q), i64::from(p))));
                v.tuplet = Some((p, q, left - 1));
                tuplet = Some((p, q));
            } else {
                v.tuplet = None;
            }
        }
        if let Some(f) = v.broken_next.take() {
            d = d.and_then(|d| d.checked_mul(&f));
        }
        match d {
            Some(d) => Some((d, tuplet)),
            None => {
                self.overflow(span);
                None
            }
        }
    }

    /// Appends an event at the cursor and moves the cursor on.
    fn push_event(
        &mut self,
        kind: EventKind,
        duration: Frac,
        tuplet: Option<(u32, u32)>,
        span: Span,
    ) {
        let v = self.voice();
        let onset = v.cursor;
        let Some(next) = onset.checked_add(&duration) else {
            self.overflow(span);
            return;
        };
        let v = self.voice();
        v.cursor = next;
        let event = Event {
            onset,
            duration,
            kind,
            decorations: std::mem::take(&mut v.decorations),
            annotations: std::mem::take(&mut v.annotations),
            grace: v.grace.take(),
            tuplet,
            overlay: v.overlay,
            beam_break: std::mem::replace(&mut v.beam_break, false),
            slurs_start: std::mem::take(&mut v.slurs_pending),
            slurs_end: 0,
            span,
        };
        v.bar.events.push(event);
    }

    fn sounding_event(&mut self, notes: &[Note], length: Frac, chord_tie: bool, span: Span) {
        let Some((duration, tuplet)) = self.timed(length, span) else {
            return;
        };
        let propagation = self.propagation;
        let v = self.voice();
        let ties = std::mem::take(&mut v.open_ties);
        let sounding: Vec<Sounding> = notes
            .iter()
            .map(|n| {
                let li = letter_index(n.pitch.letter);
                let scope = if propagation == Propagation::Octave {
                    n.pitch.octave
                } else {
                    0
                };
                let bar_has_accidental = v.bar_accidentals.get(li, scope).is_some();
                let mut s = resolve_pitch(v, n.pitch, n.tie || chord_tie, propagation);
                // A note tied over the bar line keeps its accidental, unless the new bar
                // has already said otherwise.
                if n.pitch.accidental.is_none() && !bar_has_accidental {
                    if let Some(&(_, _, alter)) = ties
                        .iter()
                        .find(|(l, o, _)| *l == letter_index(s.letter) && *o == s.octave)
                    {
                        s.midi += i32::from(alter - s.alter);
                        s.alter = alter;
                    }
                }
                s
            })
            .collect();
        v.open_ties = sounding
            .iter()
            .filter(|s| s.tie)
            .map(|s| (letter_index(s.letter), s.octave, s.alter))
            .collect();
        self.push_event(EventKind::Notes(sounding), duration, tuplet, span);
    }

    fn rest(&mut self, kind: RestKind, length: Frac, span: Span) {
        match kind {
            RestKind::Visible | RestKind::Invisible => {
                let Some((duration, tuplet)) = self.timed(length, span) else {
                    return;
                };
                self.voice().open_ties.clear();
                let visible = kind == RestKind::Visible;
                self.push_event(EventKind::Rest { visible }, duration, tuplet, span);
            }
            RestKind::MultiBar | RestKind::InvisibleMultiBar => {
                let bars = length.to_integer().clamp(1, 10_000) as u32;
                if !length.is_integer() {
                    self.diags
                        .warning(span, "a multi-bar rest counts whole bars");
                }
                let v = self.voice();
                let Some(bar_len) = v.meter.bar_length() else {
                    self.diags.warning(
                        span,
                        "a multi-bar rest needs a meter; it is ignored in free meter",
                    );
                    return;
                };
                let Some(duration) = bar_len.checked_mul(&Frac::from(i64::from(bars))) else {
                    return self.overflow(span);
                };
                let v = self.voice();
                v.bar.expected = Some(duration);
                let visible = kind == RestKind::MultiBar;
                self.push_event(
                    EventKind::MultiBarRest { bars, visible },
                    duration,
                    None,
                    span,
                );
            }
        }
    }

    fn broken_rhythm(&mut self, first_longer: bool, count: u8, span: Span) {
        let half = Frac::new(1, 1i64 << count);
        let (longer, shorter) = (Frac::new(2, 1) - half, half);
        let (first, second) = if first_longer {
            (longer, shorter)
        } else {
            (shorter, longer)
        };
        let v = self.voice();
        let overlay = v.overlay;
        let Some(prev) = v.bar.events.last_mut().filter(|e| e.overlay == overlay) else {
            self.diags.error(
                span,
                "broken rhythm must stand between two notes of one bar",
            );
            return;
        };
        let old = prev.duration;
        let Some(new) = old.checked_mul(&first) else {
            return self.overflow(span);
        };
        prev.duration = new;
        let Some(cursor) = new.checked_sub(&old).and_then(|d| v.cursor.checked_add(&d)) else {
            return self.overflow(span);
        };
        v.cursor = cursor;
        v.broken_next = Some(second);
    }

    fn bar_line(&mut self, b: &BarLine, span: Span) {
        let i = self.current_index();
        let mut v = std::mem::replace(&mut self.voices[i], placeholder_state());
        self.close_bar(&mut v, Some(b), span);
        self.voices[i] = v;
    }

    fn current_index(&mut self) -> usize {
        self.voice();
        self.current
    }

    /// Ends the current bar at a bar line (or at the end of the tune) and starts the next.
    fn close_bar(&mut self, v: &mut VoiceState, bar_line: Option<&BarLine>, span: Span) {
        if v.broken_next.is_some() && bar_line.is_some() {
            self.diags.error(
                span,
                "broken rhythm must stand between two notes of one bar",
            );
            v.broken_next = None;
        }
        let end = v.main_end.take().unwrap_or(v.cursor);
        v.overlay = 0;
        v.cursor = end;
        let empty = v.bar.events.is_empty() && end == v.bar.onset;
        if empty {
            // A bar line right after another (e.g. `|` ending one line, `|:` starting the
            // next): it decorates the previous bar's end and this bar's start.
            if let Some(b) = bar_line {
                if let Some(prev) = v.voice.bars.last_mut() {
                    if b.repeat_end() > 0 || prev.bar_line.as_deref() == Some("|") {
                        prev.repeat_end = prev.repeat_end.max(b.repeat_end());
                        prev.bar_line = Some(b.symbol.clone());
                    }
                }
                v.bar.repeat_start |= b.repeat_start();
                if b.ending.is_some() {
                    v.bar.ending = b.ending.clone();
                }
                v.bar.key = v.key.clone();
                v.bar.meter = v.meter.clone();
                v.bar.expected = v.meter.bar_length();
                v.bar.line = v.line;
                v.bar.part = v.part;
                v.bar_accidentals.clear();
            }
            return;
        }
        let mut bar = std::mem::replace(&mut v.bar, new_bar(end, &v.key, &v.meter, v.line, v.part));
        bar.duration = match end.checked_sub(&bar.onset) {
            Some(d) => d,
            None => return self.overflow(span),
        };
        if let Some(b) = bar_line {
            bar.repeat_end = b.repeat_end();
            bar.bar_line = Some(b.symbol.clone());
            v.bar.repeat_start = b.repeat_start();
            v.bar.ending = b.ending.clone();
        }
        v.voice.bars.push(bar);
        v.bar_accidentals.clear();
        v.beam_break = true;
        if v.tuplet.is_some_and(|(_, _, left)| left > 0) {
            self.diags.warning(span, "a tuplet runs over the bar line");
        }
    }
}

fn placeholder_state() -> VoiceState {
    VoiceState::new(
        String::new(),
        Key::default(),
        MeterSpec::Free,
        Frac::new(1, 8),
        None,
    )
}

/// The sounding pitch of a written pitch in the voice's key and bar, recording its accidental.
fn resolve_pitch(v: &mut VoiceState, p: Pitch, tie: bool, propagation: Propagation) -> Sounding {
    let li = letter_index(p.letter);
    let scope = match propagation {
        Propagation::Octave => p.octave,
        _ => 0,
    };
    let alter = match p.accidental {
        Some(a) => {
            if propagation != Propagation::Not {
                v.bar_accidentals.set(li, scope, a);
            }
            a
        }
        None => v
            .bar_accidentals
            .get(li, scope)
            .unwrap_or(v.key.signature[li]),
    };
    let midi = 60
        + 12 * i32::from(p.octave)
        + LETTER_SEMITONES[li]
        + i32::from(alter)
        + v.key.transpose
        + v.key.clef_transpose;
    Sounding {
        midi,
        letter: p.letter,
        octave: p.octave,
        alter,
        written_accidental: p.accidental,
        tie,
    }
}

/// Warns about bars whose length disagrees with the meter, except pickups and partial bars
/// at repeats, endings and section ends, which are normal.
fn check_bar_lengths(v: &Voice, diags: &mut Diagnostics) {
    let n = v.bars.len();
    for (i, bar) in v.bars.iter().enumerate() {
        let Some(expected) = bar.expected else {
            continue;
        };
        if bar.events.is_empty() || bar.duration == expected {
            continue;
        }
        let Some(first) = bar.events.first() else {
            continue;
        };
        let span = first
            .span
            .to(bar.events.last().map_or(first.span, |e| e.span));
        if bar.duration > expected {
            diags.warning(
                span,
                format!(
                    "bar {} of voice {} lasts {} but the meter {} asks for {}",
                    i + 1,
                    v.id,
                    bar.duration,
                    meter_text(&bar.meter),
                    expected
                ),
            );
            continue;
        }
        let next = v.bars.get(i + 1);
        let boundary = i == 0
            || i + 1 == n
            || bar.repeat_end > 0
            || bar.repeat_start
            || bar.ending.is_some()
            || next.is_some_and(|b| b.repeat_start || b.ending.is_some() || b.part != bar.part)
            || bar.bar_line.as_deref().is_some_and(|s| s != "|")
            || v.bars[i - 1].bar_line.as_deref().is_some_and(|s| s != "|");
        if !boundary {
            diags.warning(
                span,
                format!(
                    "bar {} of voice {} lasts {} but the meter {} asks for {}",
                    i + 1,
                    v.id,
                    bar.duration,
                    meter_text(&bar.meter),
                    expected
                ),
            );
        }
    }
}

/// Expands a `P:` part order such as `AABB`, `A2B2`, `(AB)3C` into a plain letter sequence.
pub fn expand_part_order(text: &str) -> String {
    fn expand(chars: &[char], i: &mut usize, depth: usize, out: &mut String) {
        while *i < chars.len() && out.len() < 1000 {
            let c = chars[*i];
            *i += 1;
            let piece = match c {
                '(' if depth < 8 => {
                    let mut inner = String::new();
                    expand(chars, i, depth + 1, &mut inner);
                    inner
                }
                ')' => return,
                c if c.is_ascii_alphabetic() => c.to_string(),
                _ => continue,
            };
            let mut count = 0usize;
            while *i < chars.len() && chars[*i].is_ascii_digit() {
                count = (count * 10 + chars[*i].to_digit(10).unwrap_or(0) as usize).min(100);
                *i += 1;
            }
            for _ in 0..count.max(1) {
                if out.len() + piece.len() > 1000 {
                    return;
                }
                out.push_str(&piece);
            }
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    expand(&chars, &mut 0, 0, &mut out);
    out
}

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
