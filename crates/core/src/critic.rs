//! The critic: judges any jam (from the engine or an LLM) as a musician would, reports what
//! is wrong and how good it is, and repairs what can be repaired safely.

use crate::intent;
use crate::jam::{Jam, Source};
use crate::progression::Progression;
use crate::theory::chord::Chord;
use crate::theory::key::Key;
use crate::theory::scale::{Scale, ScaleError};
use crate::theory::time::{chord_slot, chord_starts, is_strong, parse_meter, UNITS_PER_WHOLE};
use jamsesh_abc::semantics::EventKind;
use jamsesh_abc::syntax::{ElementKind, Line, Section};
use jamsesh_abc::Frac;
use serde::Serialize;

/// One finding: which check, and what it found, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check's name (`abc`, `meter`, `chords`, `key`, `scales`, `schema`, `prompt`).
    pub check: &'static str,
    /// What is wrong and where.
    pub message: String,
}

/// Measurements of the example melody.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Notes in the melody.
    pub notes: usize,
    /// Bars in the melody.
    pub bars: usize,
    /// Share of notes in the suggested scales (blue notes count for blues scales).
    pub in_scale: f64,
    /// Share of notes on strong beats that are tones of the chord sounding.
    pub chord_tones_on_strong_beats: f64,
    /// Share of bars that repeat an earlier bar exactly.
    pub repeated_bars: f64,
    /// Share of melodic intervals that are steps (1–2 semitones).
    pub steps: f64,
    /// Share of melodic intervals larger than an octave.
    pub leaps_over_octave: f64,
    /// Distinct note lengths used.
    pub distinct_lengths: usize,
    /// Lowest to highest note, in semitones.
    pub range: i32,
    /// Share of notes a semitone off a tone of the chord sounding, spelled on that tone's
    /// letter (C♯ over C): clashes a musician hears (blue notes of a listed blues scale are
    /// meant). Each costs 12 points of the score.
    pub clashing_notes: f64,
    /// Chords with two or more tones outside every scale the jam lists (its own line in
    /// `chord_scales` included).
    pub clashing_chords: usize,
    /// The tonic chord written in the other quality than the mode's (a major template
    /// relabelled in a minor key, or the reverse).
    pub tonic_against_mode: usize,
    /// The last note is a tone of the chord it ends on.
    pub ends_on_chord: bool,
    /// Notes a semitone off a chord tone that leap away instead of moving on by step.
    pub unresolved_tones: usize,
}

/// The critic's verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// No errors: the jam may be shown.
    pub valid: bool,
    /// 0–100: how musical it is (0 when invalid).
    pub score: u32,
    /// What makes it invalid.
    pub errors: Vec<Finding>,
    /// What is questionable but playable.
    pub warnings: Vec<Finding>,
    /// The measurements behind the score.
    pub metrics: Metrics,
}

struct Review {
    errors: Vec<Finding>,
    warnings: Vec<Finding>,
}

impl Review {
    fn error(&mut self, check: &'static str, message: impl Into<String>) {
        self.errors.push(Finding {
            check,
            message: message.into(),
        });
    }
    fn warning(&mut self, check: &'static str, message: impl Into<String>) {
        self.warnings.push(Finding {
            check,
            message: message.into(),
        });
    }
}

/// The key a jam says it is in.
pub fn jam_key(jam: &Jam) -> Result<Key, String> {
    let key = intent::parse_key(&format!("{} {}", jam.key, jam.mode)).map_err(|e| e.to_string())?;
    // The reader forgives `E#` for F; a jam's own key field must be spelled as its key is.
    let mut written = jam.key.trim().replace('♭', "b").replace('♯', "#");
    if let Some(letter) = written.get_mut(..1) {
        letter.make_ascii_uppercase();
    }
    match written == key.tonic.to_string() {
        true => Ok(key),
        false => Err(format!(
            "`{}` is spelled {} in this key",
            jam.key, key.tonic
        )),
    }
}

/// Reads `"E minor pentatonic (E G A B D), E blues (E G A Bb B D)"` into scales, checking that
/// the listed notes are the scale's notes.
pub fn parse_scales(text: &str) -> Result<Vec<Scale>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let open = rest
            .find('(')
            .ok_or_else(|| format!("`{rest}` lists no notes in parentheses"))?;
        let close = rest[open..]
            .find(')')
            .map(|c| open + c)
            .ok_or("a `(` is not closed")?;
        let name = rest[..open].trim().trim_start_matches(',').trim();
        let notes = &rest[open + 1..close];
        let scale: Scale = name.parse().map_err(|e: ScaleError| e.0)?;
        let listed: Vec<String> = notes.split_whitespace().map(str::to_string).collect();
        let expected: Vec<String> = scale.notes().iter().map(|n| n.to_string()).collect();
        if listed != expected {
            return Err(format!(
                "{name} is {}, not {}",
                expected.join(" "),
                listed.join(" ")
            ));
        }
        out.push(scale);
        rest = rest[close + 1..]
            .trim_start()
            .trim_start_matches(',')
            .trim_start();
    }
    if out.is_empty() {
        return Err("no scales".into());
    }
    Ok(out)
}

/// Judges a jam.
pub fn review(jam: &Jam) -> Report {
    let mut r = Review {
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    for (name, value) in [
        ("title", &jam.title),
        ("style", &jam.style),
        ("chords", &jam.chords),
        ("scales", &jam.scales),
        ("example", &jam.example),
    ] {
        if value.trim().is_empty() {
            r.error("schema", format!("`{name}` is empty"));
        }
    }
    let key = jam_key(jam).map_err(|e| r.error("key", e)).ok();
    let progression = Progression::parse(&jam.chords)
        .map_err(|e| r.error("chords", e.to_string()))
        .ok();
    let scales = parse_scales(&jam.scales)
        .map_err(|e| r.error("scales", e))
        .ok();
    let meter = parse_meter(&jam.meter);
    if meter.is_none() {
        r.error(
            "meter",
            format!("`{}` is not a meter such as 4/4", jam.meter),
        );
    }
    if let (Some(p), true) = (&progression, jam.bars > 0) {
        if p.bars.len() != jam.bars as usize {
            r.error(
                "chords",
                format!(
                    "`chords` has {} bars but the jam says {}",
                    p.bars.len(),
                    jam.bars
                ),
            );
        }
    }
    if let (Some(key), Some(scales)) = (&key, &scales) {
        check_scales_fit_key(key, scales, &mut r);
    }
    check_prompt(jam, key.as_ref(), meter, &mut r);
    let chord_scales = parse_chord_scales(&jam.chord_scales, &mut r);
    let mut metrics = match (&progression, meter) {
        (Some(p), Some(m)) => check_example(
            jam,
            &Heard {
                key: key.as_ref(),
                progression: p,
                meter: m,
                scales: scales.as_deref().unwrap_or(&[]),
                chord_scales: &chord_scales,
            },
            &mut r,
        ),
        _ => Metrics::default(),
    };
    if let (Some(p), Some(key), Some(scales)) = (&progression, &key, &scales) {
        hear_the_harmony(p, key, scales, &chord_scales, &mut metrics, &mut r);
    }
    let valid = r.errors.is_empty();
    let score = if valid { score(&metrics) } else { 0 };
    Report {
        valid,
        score,
        errors: r.errors,
        warnings: r.warnings,
        metrics,
    }
}

/// A scale must share the key's tonic or be its relative; a scale whose third contradicts the
/// key is only fine for the blues family.
/// What the critic listens with: the key, the chords, where they change, the scales offered.
struct Heard<'a> {
    key: Option<&'a Key>,
    progression: &'a Progression,
    meter: (u32, u32),
    scales: &'a [Scale],
    chord_scales: &'a [(Chord, Scale)],
}

/// One `chord_scales` line (`"E7: E phrygian dominant (E F G# A B C D)"`) as its chord and
/// scale; `None` when it does not read.
pub fn read_chord_scale(line: &str) -> Option<(Chord, Scale)> {
    let (chord, scale) = line.split_once(':')?;
    let chord: Chord = chord.trim().parse().ok()?;
    let scale = parse_scales(scale).ok()?.into_iter().next()?;
    Some((chord, scale))
}

/// Reads `chord_scales` lines (`"E7: E phrygian dominant (E F G# A B C D)"`); a line that
/// does not read is a warning and is left out.
fn parse_chord_scales(lines: &[String], r: &mut Review) -> Vec<(Chord, Scale)> {
    let mut out = Vec::new();
    for line in lines {
        match read_chord_scale(line) {
            Some(pair) => out.push(pair),
            None => r.warning(
                "scales",
                format!("`{line}` is not a chord's scale such as `E7: E mixolydian (…)`"),
            ),
        }
    }
    out
}

/// The progression heard against the key and the scales: chords that clash with every scale
/// offered, and a tonic chord of the wrong quality for the mode (a relabelled template).
fn hear_the_harmony(
    p: &Progression,
    key: &Key,
    scales: &[Scale],
    chord_scales: &[(Chord, Scale)],
    m: &mut Metrics,
    r: &mut Review,
) {
    use crate::theory::interval::Interval;
    for (bar, chord) in p.chords() {
        let own = chord_scales
            .iter()
            .find(|(c, _)| c == chord)
            .map(|(_, s)| s);
        let outside = chord
            .tones()
            .iter()
            .filter(|t| {
                !scales
                    .iter()
                    .chain(own)
                    .any(|s| s.contains_pitch_class(t.pitch_class()))
            })
            .count();
        if outside >= 2 {
            m.clashing_chords += 1;
            r.warning(
                "harmony",
                format!(
                    "bar {}: {chord} has {outside} tones outside every scale offered",
                    bar + 1
                ),
            );
        }
        let on_tonic = chord.root.pitch_class() == key.tonic.pitch_class();
        let third = [Interval::MIN3, Interval::M3]
            .into_iter()
            .find(|i| chord.intervals.contains(i));
        if let (true, Some(third)) = (on_tonic, third) {
            if !key.mode.takes_tonic(third == Interval::MIN3) {
                m.tonic_against_mode += 1;
                r.warning(
                    "harmony",
                    format!(
                        "bar {}: {chord} is the tonic chord in the wrong quality for {key}",
                        bar + 1
                    ),
                );
            }
        }
    }
}

fn check_scales_fit_key(key: &Key, scales: &[Scale], r: &mut Review) {
    for s in scales {
        let outside = key.notes_outside(s);
        if !key.scale().contains_pitch_class(s.tonic.pitch_class()) {
            r.error(
                "scales",
                format!("{} does not start on a note of {key}", s.name()),
            );
        } else if outside > 1 && !s.kind.is_blues_family() {
            r.error(
                "scales",
                format!("{} has {outside} notes outside {key}", s.name()),
            );
        }
    }
}

/// What the prompt asked for explicitly must be what the jam is.
fn check_prompt(jam: &Jam, key: Option<&Key>, meter: Option<(u32, u32)>, r: &mut Review) {
    if jam.prompt.trim().is_empty() {
        return;
    }
    let Ok(asked) = intent::parse(&jam.prompt, &jam.overrides) else {
        return;
    };
    let e = &asked.explicit;
    if let (true, Some(k)) = (e.key, key) {
        // A jam transposed on request has moved its key on purpose.
        let asked_pc = (i32::from(asked.key.tonic.pitch_class()) + jam.transposed).rem_euclid(12);
        // The quality is judged only where the prompt named the mode: a bare tonic ("funk in
        // Bb") leaves it to the style.
        if i32::from(k.tonic.pitch_class()) != asked_pc
            || (e.mode && k.mode.is_minor() != asked.key.mode.is_minor())
        {
            r.error(
                "prompt",
                format!("the prompt asks for {} but the jam is in {k}", asked.key),
            );
        }
    }
    if e.meter && meter.is_some_and(|m| m != asked.meter) {
        r.error(
            "prompt",
            format!(
                "the prompt asks for {}/{} but the jam is in {}",
                asked.meter.0, asked.meter.1, jam.meter
            ),
        );
    }
    if e.bars && jam.bars != asked.bars {
        r.error(
            "prompt",
            format!(
                "the prompt asks for {} bars but the jam has {}",
                asked.bars, jam.bars
            ),
        );
    }
    if e.tempo && jam.tempo != asked.tempo {
        r.error(
            "prompt",
            format!(
                "the prompt asks for {} bpm but the jam says {}",
                asked.tempo, jam.tempo
            ),
        );
    }
}

/// Parses the example and measures it against the progression, key and scales.
fn check_example(jam: &Jam, heard: &Heard, r: &mut Review) -> Metrics {
    let (key, p, meter) = (heard.key, heard.progression, heard.meter);
    let (tunes, diags) = jamsesh_abc::parse_tunes(&jam.example);
    for d in diags
        .iter()
        .filter(|d| d.severity == jamsesh_abc::Severity::Error)
        .take(5)
    {
        let at = jamsesh_abc::span::LineIndex::new(&jam.example).line_col(d.span.start);
        r.error(
            "abc",
            format!("line {}, column {}: {}", at.line, at.column, d.message),
        );
    }
    let Some(tune) = tunes.first() else {
        r.error(
            "abc",
            "the example holds no tune (it needs X:, K: and music)",
        );
        return Metrics::default();
    };
    if tunes.len() > 1 {
        r.warning(
            "abc",
            "the example holds several tunes; only the first is used",
        );
    }
    let expected = Frac::new(i64::from(meter.0), i64::from(meter.1));
    if tune.meter.bar_length() != Some(expected) {
        r.error(
            "meter",
            format!(
                "the example's M:{} disagrees with the jam's {}",
                tune.meter_text(),
                jam.meter
            ),
        );
    }
    if let Some(k) = key {
        let written = &tune.key;
        let sig = crate::score::signature(k);
        if written.signature != sig {
            r.error(
                "key",
                format!(
                    "the example's K:{} disagrees with the jam's key {k}",
                    written.name()
                ),
            );
        }
    }
    let Some(voice) = tune.voices.first() else {
        r.error("abc", "the example has no music");
        return Metrics::default();
    };
    let bars: Vec<_> = voice.bars.iter().filter(|b| !b.events.is_empty()).collect();
    if bars.len() != p.bars.len() {
        r.error(
            "meter",
            format!(
                "the example has {} bars but `chords` has {}",
                bars.len(),
                p.bars.len()
            ),
        );
    }
    for (i, b) in bars.iter().enumerate() {
        if b.duration != expected {
            r.error(
                "meter",
                format!(
                    "bar {} lasts {} of a whole note; {} needs {}",
                    i + 1,
                    b.duration,
                    jam.meter,
                    expected
                ),
            );
        }
    }
    // Chord symbols bar by bar.
    for (i, expected_chords) in p.bars.iter().enumerate() {
        let written: Vec<String> = voice
            .chord_symbols
            .iter()
            .filter(|c| bar_index(&bars, c.onset) == Some(i))
            .map(|c| c.symbol.clone())
            .collect();
        if !same_chords(&written, expected_chords) {
            let want: Vec<String> = expected_chords.iter().map(Chord::to_string).collect();
            r.error(
                "chords",
                format!(
                    "bar {}: the example says {} but `chords` says {}",
                    i + 1,
                    if written.is_empty() {
                        "nothing".into()
                    } else {
                        written.join(" ")
                    },
                    want.join(" ")
                ),
            );
        }
    }
    let m = metrics(&bars, heard);
    if m.clashing_notes > 0.0 {
        r.warning(
            "melody",
            format!(
                "{:.0}% of the notes clash with the chord sounding (a semitone off its tone)",
                m.clashing_notes * 100.0
            ),
        );
    }
    if m.unresolved_tones > 0 {
        r.warning(
            "melody",
            format!(
                "{} notes a semitone off the chord leap away instead of resolving by step",
                m.unresolved_tones
            ),
        );
    }
    if m.notes > 0 && !m.ends_on_chord {
        r.warning("melody", "the last note is not a tone of the last chord");
    }
    m
}

/// Index (among the non-empty bars) of the bar holding time `t`.
fn bar_index(bars: &[&jamsesh_abc::semantics::Bar], t: Frac) -> Option<usize> {
    bars.iter()
        .position(|b| t >= b.onset && t < b.onset + b.duration)
}

fn same_chords(written: &[String], expected: &[Chord]) -> bool {
    written.len() == expected.len()
        && written.iter().zip(expected).all(|(w, e)| {
            w.parse::<Chord>().is_ok_and(|c| {
                c.pitch_classes() == e.pitch_classes()
                    && c.root.pitch_class() == e.root.pitch_class()
            })
        })
}

fn metrics(bars: &[&jamsesh_abc::semantics::Bar], heard: &Heard) -> Metrics {
    let (p, meter) = (heard.progression, heard.meter);
    let scale_pcs: Vec<u8> = heard
        .scales
        .iter()
        .flat_map(|s| s.notes())
        .map(|n| n.pitch_class())
        .collect();
    // Blue notes (♭3, ♭5, ♭7 of the key, spelled as such) are meant where a blues-family
    // scale is offered.
    let blue_notes: Vec<(char, i8)> = match heard.key {
        Some(k) if heard.scales.iter().any(|s| s.kind.is_blues_family()) => {
            crate::theory::scale::blue_notes(k.tonic)
                .iter()
                .map(|n| (n.letter.to_char(), n.alter))
                .collect()
        }
        _ => Vec::new(),
    };
    let (mut clashes, mut last_on_chord) = (0, false);
    // The previous note, if it leaned a semitone off its chord: its pitch.
    let mut leaning: Option<i32> = None;
    let mut m = Metrics {
        bars: bars.len(),
        ..Metrics::default()
    };
    let (mut in_scale, mut strong, mut strong_tones, mut steps, mut big, mut intervals) =
        (0, 0, 0, 0, 0, 0);
    let mut lengths: Vec<Frac> = Vec::new();
    let mut last: Option<i32> = None;
    let (mut lo, mut hi) = (i32::MAX, i32::MIN);
    for (i, bar) in bars.iter().enumerate() {
        for e in &bar.events {
            let EventKind::Notes(notes) = &e.kind else {
                continue;
            };
            let Some(top) = notes.iter().map(|n| n.midi).max() else {
                continue;
            };
            m.notes += 1;
            if !lengths.contains(&e.duration) {
                lengths.push(e.duration);
            }
            let pc = top.rem_euclid(12) as u8;
            // Position in the composer's units (None off the grid, e.g. inside a quintuplet).
            let pos = (e.onset - bar.onset) * i64::from(UNITS_PER_WHOLE);
            let units = pos
                .is_integer()
                .then(|| pos.to_integer())
                .and_then(|u| u32::try_from(u).ok());
            let chord = p.bars.get(i).map(|chords| {
                &chords[chord_slot(meter, chords.len(), units.unwrap_or(0)).min(chords.len() - 1)]
            });
            let own_scale = |c: &Chord| {
                heard
                    .chord_scales
                    .iter()
                    .any(|(k, s)| k == c && s.contains_pitch_class(pc))
            };
            in_scale += usize::from(
                scale_pcs.contains(&pc)
                    || chord.is_some_and(|c| c.contains_pitch_class(pc) || own_scale(c)),
            );
            if let Some(c) = chord {
                let tone = c.contains_pitch_class(pc);
                let sounding = notes.iter().max_by_key(|n| n.midi);
                let spelled = sounding.map(|n| (n.letter.to_ascii_uppercase(), n.alter));
                let off_letter = spelled.is_some_and(|(letter, alter)| {
                    c.tones()
                        .iter()
                        .any(|t| t.letter.to_char() == letter && t.alter != alter)
                });
                let blue = spelled.is_some_and(|n| blue_notes.contains(&n));
                clashes += usize::from(!tone && off_letter && !blue);
                last_on_chord = tone;
                if let Some(from) = leaning.take() {
                    m.unresolved_tones += usize::from((top - from).abs() > 2);
                }
                let leans = !c.leaned_on(pc).is_empty() && !off_letter && !blue;
                leaning = leans.then_some(top);
            }
            if let (Some(u), Some(chord)) = (units, chord) {
                if is_strong(u, meter) {
                    strong += 1;
                    strong_tones += usize::from(chord.contains_pitch_class(pc));
                }
            }
            if let Some(prev) = last {
                let d = (top - prev).abs();
                intervals += 1;
                steps += usize::from((1..=2).contains(&d));
                big += usize::from(d > 12);
            }
            last = Some(top);
            lo = lo.min(top);
            hi = hi.max(top);
        }
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    m.in_scale = share(in_scale, m.notes);
    m.clashing_notes = share(clashes, m.notes);
    m.ends_on_chord = last_on_chord;
    m.chord_tones_on_strong_beats = share(strong_tones, strong);
    m.steps = share(steps, intervals);
    m.leaps_over_octave = share(big, intervals);
    m.distinct_lengths = lengths.len();
    m.range = if m.notes > 0 { hi - lo } else { 0 };
    // Repeated bars: same notes at the same places as an earlier bar.
    let shapes: Vec<Vec<(Frac, Frac, Vec<i32>)>> = bars
        .iter()
        .map(|b| {
            b.events
                .iter()
                .map(|e| {
                    let pitches = match &e.kind {
                        EventKind::Notes(n) => n.iter().map(|s| s.midi).collect(),
                        _ => Vec::new(),
                    };
                    (e.onset - b.onset, e.duration, pitches)
                })
                .collect()
        })
        .collect();
    let repeated = (1..shapes.len())
        .filter(|&i| shapes[..i].contains(&shapes[i]))
        .count();
    m.repeated_bars = share(repeated, shapes.len());
    m
}

/// 0–100 from the metrics: scale fit, chord tones on strong beats, variety, stepwise motion.
pub fn score(m: &Metrics) -> u32 {
    if m.notes == 0 {
        return 0;
    }
    // Human folk melodies move by step about half the time.
    let step_fit = 1.0 - ((m.steps - 0.5).abs() * 2.0).min(1.0);
    let s = 30.0 * m.in_scale
        + 30.0 * m.chord_tones_on_strong_beats
        + 20.0 * (1.0 - m.repeated_bars)
        + 10.0 * step_fit
        + 10.0 * (1.0 - (m.leaps_over_octave * 10.0).min(1.0));
    // What a musician hears at once costs the most: a tonic chord in the wrong mode, chords
    // against every scale offered, notes a semitone off the chord, a line that stops off the
    // harmony.
    let heard = 40.0 * (m.tonic_against_mode.min(1) as f64)
        + 30.0 * (m.clashing_chords.min(3) as f64)
        + (m.clashing_notes * m.notes as f64 * 12.0).min(60.0)
        + if m.ends_on_chord { 0.0 } else { 35.0 }
        + (m.unresolved_tones as f64 * 8.0).min(32.0);
    (s - heard).round().clamp(0.0, 100.0) as u32
}

/// Repairs what can be fixed safely — a wrong `K:`, missing or wrong chord symbols, bars that
/// are too short or too long — and reviews the result. The jam's `source` says if it changed.
pub fn repair(jam: &Jam) -> (Jam, Report) {
    let first = review(jam);
    if first.valid {
        return (jam.clone(), first);
    }
    let (Ok(key), Ok(progression), Some(meter)) = (
        jam_key(jam),
        Progression::parse(&jam.chords),
        parse_meter(&jam.meter),
    ) else {
        return (jam.clone(), first);
    };
    let mut fixed = jam.clone();
    fixed.example = repair_example(&jam.example, &key, &progression, meter);
    fixed.bars = progression.bars.len() as u32;
    let report = review(&fixed);
    if report.valid && fixed != *jam {
        if fixed.source == Source::Llm {
            fixed.source = Source::LlmRepair;
        }
        (fixed, report)
    } else {
        (jam.clone(), first)
    }
}

/// Rewrites the example's key, chord symbols and bar lengths to agree with the jam.
fn repair_example(
    example: &str,
    key: &Key,
    progression: &Progression,
    meter: (u32, u32),
) -> String {
    let (mut file, _) = jamsesh_abc::parse(example);
    let Some(Section::Tune(tune)) = file
        .sections
        .iter_mut()
        .find(|s| matches!(s, Section::Tune(_)))
    else {
        return example.to_string();
    };
    let text_key = jamsesh_abc::parse(&format!("X:1\nK:{}\n", key.abc_key())).0;
    let new_key = text_key.sections.into_iter().find_map(|s| match s {
        Section::Tune(t) => t
            .header
            .into_iter()
            .find(|l| matches!(l, Line::Field(f) if f.tag == 'K')),
        _ => None,
    });
    let meter_value =
        jamsesh_abc::syntax::FieldValue::Meter(jamsesh_abc::syntax::MeterSpec::Fraction {
            numerators: vec![meter.0],
            denominator: meter.1,
        });
    let mut has_meter = false;
    for line in &mut tune.header {
        if let Line::Field(f) = line {
            if f.tag == 'K' {
                if let Some(Line::Field(k)) = &new_key {
                    f.value = k.value.clone();
                }
            }
            if f.tag == 'M' {
                f.value = meter_value.clone();
                has_meter = true;
            }
        }
    }
    if !has_meter {
        // No M: at all (LLMs forget it): one goes right before K:.
        let at = tune
            .header
            .iter()
            .position(|l| matches!(l, Line::Field(f) if f.tag == 'K'))
            .unwrap_or(tune.header.len());
        tune.header.insert(
            at,
            Line::Field(jamsesh_abc::syntax::Field {
                tag: 'M',
                value: meter_value,
                comment: None,
                span: jamsesh_abc::Span::default(),
            }),
        );
    }
    // Chord symbols: drop them all, then write the progression's at each bar start.
    let bar_len = Frac::new(i64::from(meter.0), i64::from(meter.1));
    let (tunes, _) = jamsesh_abc::parse_tunes(&jamsesh_abc::write::write_file(&file));
    let unit = tunes.first().map_or(Frac::new(1, 8), |t| t.unit);
    let mut bar = 0usize;
    let mut t_in_bar = Frac::new(0, 1);
    for line in &mut tune_mut(&mut file).body {
        let Line::Music(m) = line else { continue };
        let mut out = Vec::with_capacity(m.elements.len());
        let mut at_bar_start = true;
        for e in m.elements.drain(..) {
            match &e.kind {
                ElementKind::ChordSymbol(_) => continue,
                ElementKind::BarLine(_) => {
                    // Pad a short bar with a rest.
                    if t_in_bar > Frac::new(0, 1) && t_in_bar < bar_len {
                        let missing = (bar_len - t_in_bar) / unit;
                        out.push(rest(missing, e.span));
                    }
                    if t_in_bar > Frac::new(0, 1) {
                        bar += 1;
                    }
                    t_in_bar = Frac::new(0, 1);
                    at_bar_start = true;
                    out.push(e);
                    continue;
                }
                ElementKind::Note(_) | ElementKind::Chord(_) | ElementKind::Rest(_) => {
                    let len = match &e.kind {
                        ElementKind::Note(n) => n.length,
                        ElementKind::Chord(c) => {
                            c.length * c.notes.first().map_or(Frac::new(1, 1), |n| n.length)
                        }
                        ElementKind::Rest(r) => r.length,
                        _ => Frac::new(0, 1),
                    } * unit;
                    if t_in_bar + len > bar_len {
                        // Too long for the bar: cut the note to fit, or drop it.
                        let room = bar_len - t_in_bar;
                        if room > Frac::new(0, 1) {
                            out.push(rest(room / unit, e.span));
                            t_in_bar = bar_len;
                        }
                        continue;
                    }
                    if at_bar_start {
                        if let Some(chords) = progression.bars.get(bar) {
                            out.push(jamsesh_abc::syntax::Element {
                                kind: ElementKind::ChordSymbol(chords[0].to_string()),
                                span: e.span,
                            });
                        }
                        at_bar_start = false;
                    } else if let Some(chords) = progression.bars.get(bar) {
                        // Where the composer changes chords (on beat groups), not an even split.
                        let starts = chord_starts(meter, chords.len());
                        for (k, c) in chords.iter().enumerate().skip(1) {
                            let at = Frac::new(i64::from(starts[k]), i64::from(UNITS_PER_WHOLE));
                            if t_in_bar == at {
                                out.push(jamsesh_abc::syntax::Element {
                                    kind: ElementKind::ChordSymbol(c.to_string()),
                                    span: e.span,
                                });
                            }
                        }
                    }
                    t_in_bar += len;
                }
                _ => {}
            }
            out.push(e);
        }
        m.elements = out;
    }
    jamsesh_abc::write::write_file(&file)
}

fn tune_mut(file: &mut jamsesh_abc::AbcFile) -> &mut jamsesh_abc::syntax::TuneSyntax {
    file.sections
        .iter_mut()
        .find_map(|s| match s {
            Section::Tune(t) => Some(t),
            _ => None,
        })
        .expect("checked by the caller")
}

fn rest(length: Frac, span: jamsesh_abc::Span) -> jamsesh_abc::syntax::Element {
    jamsesh_abc::syntax::Element {
        kind: ElementKind::Rest(jamsesh_abc::syntax::Rest {
            kind: jamsesh_abc::syntax::RestKind::Visible,
            length,
        }),
        span,
    }
}
