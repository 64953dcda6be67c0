//! The notes of each part: drums from the groove's pattern, a bass line and comping that
//! follow the chord spans, voicings led smoothly from chord to chord.

use crate::groove::{kit, Bass, Comp, Groove};
use crate::Span;
use jamsesh_render::TickNote;
use jamsesh_theory::chord::Chord;
use jamsesh_theory::time::groups;

/// The bar and beat in ticks, and the meter.
pub(crate) struct Shape {
    pub bar: u64,
    pub beat: u64,
    pub meter: (u32, u32),
}

impl Shape {
    /// Where the beat groups start in a bar, in ticks (4/4: 0 and half; 6/8: 0 and 3/8). A
    /// 3/4 bar is felt in one, as a waltz is (oom-pah-pah: the bass on one, chords on two and
    /// three), where the composer's meter model pairs its first two beats.
    fn group_starts(&self) -> Vec<u64> {
        if self.meter == (3, 4) {
            return vec![0];
        }
        let eighth = self.bar * u64::from(self.meter.1) / (8 * u64::from(self.meter.0.max(1)));
        let mut at = 0;
        groups(self.meter)
            .iter()
            .map(|g| {
                let start = at;
                at += u64::from(*g) * eighth;
                start
            })
            .collect()
    }

    /// An eighth note in ticks.
    fn eighth(&self) -> u64 {
        jamsesh_render::midi::TICKS_PER_WHOLE / 8
    }
}

fn hit(start: u64, len: u64, key: u8, velocity: u8) -> TickNote {
    TickNote {
        start,
        len: len.max(1),
        key,
        velocity,
    }
}

/// Sticks on every beat for the count-in bars: drums only, so the band comes in together.
pub(crate) fn count_in(shape: &Shape, bars: u32) -> Vec<TickNote> {
    let beats = shape.bar / shape.beat.max(1);
    (0..u64::from(bars) * beats)
        .map(|b| {
            let accent = if b % beats == 0 { 110 } else { 85 };
            hit(b * shape.beat, shape.beat / 4, kit::STICK, accent)
        })
        .collect()
}

/// The groove's pattern for every bar of one chorus starting at `at`: a crash on the
/// chorus's first downbeat, a snare fill over the last beat of the form.
pub(crate) fn drums(groove: &Groove, shape: &Shape, at: u64, bars: usize) -> Vec<TickNote> {
    let mut out = Vec::new();
    let fill_from = at + shape.bar * bars as u64 - shape.beat;
    for b in 0..bars as u64 {
        let bar_start = at + b * shape.bar;
        for (key, pattern) in &groove.drums {
            let steps = pattern.chars().count() as u64;
            for (i, c) in pattern.chars().enumerate() {
                let velocity = match c {
                    'X' => 118,
                    'x' => 92,
                    'o' => 64,
                    'g' => 36,
                    _ => continue,
                };
                let offset = shape.bar * i as u64 / steps;
                let start = bar_start + offset;
                if start >= fill_from && *key != kit::KICK {
                    continue;
                }
                out.push(hit(start, shape.bar / steps, *key, velocity));
            }
        }
    }
    // The fill: sixteenths on the snare and toms, growing louder.
    let sixteenth = shape.eighth() / 2;
    let n = shape.beat / sixteenth.max(1);
    for k in 0..n {
        let key =
            [kit::SNARE, kit::SNARE, kit::MID_TOM, kit::LOW_TOM][(k * 4 / n.max(1)) as usize % 4];
        out.push(hit(
            fill_from + k * sixteenth,
            sixteenth,
            key,
            70 + (k * 40 / n.max(1)) as u8,
        ));
    }
    out.push(hit(at, shape.bar / 2, kit::CRASH, 100));
    out
}

/// The last downbeat: kick and crash.
pub(crate) fn ending(at: u64, bar: u64) -> Vec<TickNote> {
    vec![
        hit(at, bar, kit::CRASH, 115),
        hit(at, bar / 4, kit::KICK, 115),
    ]
}

/// A bass note of the span's chord: `degree` 0 is the root (or slash bass), 1 the third, 2
/// the fifth, 3 the seventh (the octave when the chord has none), in the bass register.
pub(crate) fn bass_note(span: &Span, offset: u64, len: u64, velocity: u8) -> Vec<TickNote> {
    vec![hit(
        span.start + offset,
        len,
        bass_key(&span.chord, 0),
        velocity,
    )]
}

/// The bass register: E1 to D#2 for roots, so lines have room above.
fn bass_key(chord: &Chord, degree: usize) -> u8 {
    let root = chord.bass.unwrap_or(chord.root).pitch_class();
    let low = if root >= 4 { 24 + root } else { 36 + root };
    if degree == 0 {
        return low;
    }
    let tones = chord.tones();
    let pc = match tones.get(degree) {
        Some(t) => t.pitch_class(),
        None => return low + 12,
    };
    let up = (i32::from(pc) - i32::from(root)).rem_euclid(12) as u8;
    low + up
}

/// The bass line over the spans of one chorus. Whatever the style, a change of chord is met by
/// its root (or slash bass), struck on the change or already sounding through it.
pub(crate) fn bass(groove: &Groove, shape: &Shape, spans: &[Span]) -> Vec<TickNote> {
    let mut out: Vec<TickNote> = Vec::new();
    for (k, span) in spans.iter().enumerate() {
        let next = spans.get(k + 1).map(|s| &s.chord);
        let len = span.end - span.start;
        for (at, l, pitch, v) in bass_figure(groove.bass, shape, span, next) {
            if at < len || groove.bass == Bass::Tumbao {
                out.push(hit(span.start + at, l, pitch, v));
            }
        }
    }
    roots_on_changes(out, spans)
}

/// A bass note in a span: (offset, length, MIDI key, velocity).
type BassNote = (u64, u64, u8, u8);

/// What the bass plays over one chord span, in the groove's figure; `next` is the chord after.
fn bass_figure(figure: Bass, shape: &Shape, span: &Span, next: Option<&Chord>) -> Vec<BassNote> {
    let eighth = shape.eighth();
    let four = shape.meter == (4, 4);
    let len = span.end - span.start;
    let key = |d: usize| bass_key(&span.chord, d);
    let mut notes: Vec<BassNote> = Vec::new();
    match figure {
        Bass::Walking => notes = walking(shape, span, next),
        Bass::Boogie if four => {
            let figure = [0, 1, 2, 4, 5, 4, 2, 1];
            let steps = len / eighth;
            for i in 0..steps {
                let degree = figure[i as usize % 8];
                notes.push((i * eighth, eighth, boogie_key(&span.chord, degree), 92));
            }
        }
        Bass::OneDrop if four => {
            notes.push((0, 3 * eighth, key(0), 100));
            notes.push((3 * eighth, eighth, key(2), 80));
            if len >= 4 * eighth * 2 {
                notes.push((4 * eighth, 2 * eighth, key(0), 90));
                notes.push((7 * eighth, eighth, key(0) + 12, 70));
            }
        }
        Bass::Funk if four => {
            let s = eighth / 2;
            for (at, l, d, v) in [
                (0, 2, 0, 110),
                (3, 1, 9, 70),
                (6, 1, 0, 90),
                (10, 1, 3, 80),
                (11, 1, 0, 90),
                (14, 2, 2, 85),
            ] {
                if at * s < len {
                    let pitch = if d == 9 { key(0) + 12 } else { key(d) };
                    notes.push((at * s, l * s, pitch, v));
                }
            }
        }
        Bass::Octaves => {
            for i in 0..len / eighth {
                let pitch = if i % 2 == 0 { key(0) } else { key(0) + 12 };
                notes.push((i * eighth, eighth * 9 / 10, pitch, 95));
            }
        }
        Bass::Pedal => notes.push((0, len, key(0), 80)),
        Bass::Tumbao if four => {
            notes.push((3 * eighth, 3 * eighth, key(2), 90));
            if len >= shape.bar {
                let anticipated = next.map_or(key(0), |c| bass_key(c, 0));
                notes.push((6 * eighth, 2 * eighth, anticipated, 95));
            }
        }
        Bass::Bossa if four => {
            for (at, l, d) in [(0, 3, 0), (3, 1, 2), (4, 3, 2), (7, 1, 0)] {
                if at * eighth < len {
                    notes.push((at * eighth, l * eighth, key(d), 88));
                }
            }
        }
        _ => notes = roots_and_fifths(shape, span, next),
    }
    notes
}

/// A walking line: root on the downbeat, chord tones between, a chromatic approach from below
/// into the next root.
fn walking(shape: &Shape, span: &Span, next: Option<&Chord>) -> Vec<BassNote> {
    let len = span.end - span.start;
    let key = |d: usize| bass_key(&span.chord, d);
    let mut notes: Vec<BassNote> = Vec::new();
    let beats = (len / shape.beat).max(1);
    for b in 0..beats {
        let pitch = if b == 0 {
            key(0)
        } else if b + 1 == beats && next.is_some() {
            // A chromatic approach from below into the next root.
            let target = bass_key(next.unwrap_or(&span.chord), 0);
            target - 1
        } else {
            [key(2), key(1), key(3)][(b as usize - 1) % 3]
        };
        notes.push((b * shape.beat, shape.beat, pitch, 90));
    }
    notes
}

/// Root on the first beat group, fifth on the others; a passing tone on the last beat before
/// a change when the chord lasts a whole bar.
fn roots_and_fifths(shape: &Shape, span: &Span, next: Option<&Chord>) -> Vec<BassNote> {
    let len = span.end - span.start;
    let key = |d: usize| bass_key(&span.chord, d);
    let mut notes: Vec<BassNote> = Vec::new();
    let starts: Vec<u64> = shape
        .group_starts()
        .into_iter()
        .filter(|&g| g < len)
        .collect();
    for (i, &g) in starts.iter().enumerate() {
        let until = starts.get(i + 1).copied().unwrap_or(len);
        notes.push((g, until - g, if i == 0 { key(0) } else { key(2) }, 92));
    }
    if let (Some(next), true) = (next, len >= shape.bar && starts.len() > 1) {
        let target = bass_key(next, 0);
        let from = key(2);
        let passing = if target > from {
            target - 2
        } else {
            target + 2
        };
        if let Some(last) = notes.last_mut() {
            last.1 = last.1.saturating_sub(shape.beat);
        }
        notes.push((len - shape.beat, shape.beat, passing, 80));
    }
    notes
}

/// The boogie figure's degrees: 0 root, 1 third, 2 fifth, 4 sixth, 5 flat seventh.
fn boogie_key(chord: &Chord, degree: usize) -> u8 {
    let root = bass_key(chord, 0);
    let minor = chord.tones().get(1).is_some_and(|t| {
        (i32::from(t.pitch_class()) - i32::from(chord.root.pitch_class())).rem_euclid(12) == 3
    });
    root + match degree {
        0 => 0,
        1 => {
            if minor {
                3
            } else {
                4
            }
        }
        2 => 7,
        4 => 9,
        _ => 10,
    }
}

/// Makes sure every chord change is met by its root: a note already sounding through the
/// change with the root's pitch class may stay (salsa's anticipation), otherwise the note at
/// the change becomes the root (or one is added there).
fn roots_on_changes(mut notes: Vec<TickNote>, spans: &[Span]) -> Vec<TickNote> {
    jamsesh_abc::stable_sort_by_key(&mut notes, |n| n.start);
    for span in spans {
        let root_pc = span.chord.bass.unwrap_or(span.chord.root).pitch_class();
        let sounding = notes
            .iter()
            .any(|n| n.start < span.start && n.start + n.len > span.start && n.key % 12 == root_pc);
        if sounding {
            continue;
        }
        // Cut what overlaps the change, then strike or correct the root.
        for n in notes
            .iter_mut()
            .filter(|n| n.start < span.start && n.start + n.len > span.start)
        {
            n.len = span.start - n.start;
        }
        let root = bass_key(&span.chord, 0);
        match notes.iter_mut().find(|n| n.start == span.start) {
            Some(n) => n.key = root,
            None => {
                let next = notes
                    .iter()
                    .map(|n| n.start)
                    .filter(|&s| s > span.start)
                    .min();
                let len = next.unwrap_or(span.end).min(span.end) - span.start;
                notes.push(hit(span.start, len, root, 95));
            }
        }
    }
    jamsesh_abc::stable_sort_by_key(&mut notes, |n| (n.start, n.key));
    notes
}

/// A close voicing of the chord between E3 and D5, led from `previous` (the inversion whose
/// notes move least), root-position when there is none.
pub(crate) fn voicing(chord: &Chord, previous: Option<&[u8]>) -> Vec<u8> {
    let mut pcs: Vec<u8> = Vec::new();
    for t in chord.tones() {
        let pc = t.pitch_class();
        if !pcs.contains(&pc) {
            pcs.push(pc);
        }
    }
    // Four voices at most: drop the fifth of extended chords first.
    if pcs.len() > 4 {
        pcs.remove(2);
        pcs.truncate(4);
    }
    let build = |rotation: usize| -> Vec<u8> {
        let mut keys: Vec<u8> = Vec::new();
        for i in 0..pcs.len() {
            let pc = pcs[(i + rotation) % pcs.len()];
            let floor = keys.last().map_or(52, |&k| k + 1);
            let mut key = floor - floor % 12 + pc;
            if key < floor {
                key += 12;
            }
            keys.push(key);
        }
        keys
    };
    let options: Vec<Vec<u8>> = (0..pcs.len()).map(build).collect();
    let centre =
        |v: &[u8]| v.iter().map(|&k| u32::from(k)).sum::<u32>() as i64 / v.len().max(1) as i64;
    match previous {
        None => options.into_iter().next().unwrap_or_default(),
        Some(prev) => options
            .into_iter()
            .min_by_key(|v| {
                let moved: i64 = if v.len() == prev.len() {
                    v.iter()
                        .zip(prev)
                        .map(|(&a, &b)| (i64::from(a) - i64::from(b)).abs())
                        .sum()
                } else {
                    (centre(v) - centre(prev)).abs() * v.len() as i64
                };
                moved + (centre(v) - 62).abs()
            })
            .unwrap_or_default(),
    }
}

/// A power chord: root, fifth and octave in the low guitar register.
fn power_chord(chord: &Chord) -> Vec<u8> {
    let root = chord.root.pitch_class();
    let low = if root >= 4 { 36 + root } else { 48 + root };
    vec![low, low + 7, low + 12]
}

/// The General MIDI program that plays a comping style.
pub(crate) fn comp_program(comp: Comp) -> u8 {
    match comp {
        Comp::PowerEighths => 29,
        Comp::LaPompe | Comp::FreddieGreen | Comp::BossaGuitar | Comp::Strum => 25,
        Comp::Skank | Comp::Upstrokes => 27,
        Comp::Pad => 89,
        Comp::Stabs => 4,
        _ => 0,
    }
}

/// The comping over the spans of one chorus.
pub(crate) fn comping(groove: &Groove, shape: &Shape, spans: &[Span]) -> Vec<TickNote> {
    let mut out = Vec::new();
    let mut previous: Option<Vec<u8>> = None;
    let eighth = shape.eighth();
    let quarter = eighth * 2;
    for span in spans {
        let len = span.end - span.start;
        let voiced = voicing(&span.chord, previous.as_deref());
        let beats = (0..len / eighth.max(1)).map(|i| i * eighth);
        match groove.comp {
            Comp::PowerEighths => {
                for o in beats {
                    let accent = (span.start + o) % shape.bar % quarter == 0;
                    for key in power_chord(&span.chord) {
                        let velocity = if accent { 95 } else { 80 };
                        out.push(hit(span.start + o, eighth * 9 / 10, key, velocity));
                    }
                }
            }
            Comp::Arpeggio => {
                for (i, o) in beats.enumerate() {
                    let key = voiced[i % voiced.len().max(1)];
                    out.push(hit(span.start + o, eighth * 2, key, 70));
                }
            }
            comp => {
                for (o, l, v) in strokes(comp, groove, shape, span) {
                    for &key in &voiced {
                        out.push(hit(span.start + o, l, key, v));
                    }
                }
            }
        }
        previous = Some(voiced);
    }
    out
}

/// Where the chord is struck in a span, as the comping pattern plays it: (offset in the span,
/// length, velocity).
fn strokes(comp: Comp, groove: &Groove, shape: &Shape, span: &Span) -> Vec<(u64, u64, u8)> {
    let eighth = shape.eighth();
    let sixteenth = eighth / 2;
    let quarter = eighth * 2;
    let four = shape.meter == (4, 4);
    let len = span.end - span.start;
    let mut strokes: Vec<(u64, u64, u8)> = Vec::new();
    let beats = |every: u64| (0..len / every.max(1)).map(move |i| i * every);
    let in_bar = |offset: u64| (span.start + offset) % shape.bar;
    match comp {
        Comp::Charleston if four => {
            for b in beats(quarter).filter(|&o| in_bar(o) % (2 * quarter) == 0) {
                strokes.push((b, quarter / 3, 80));
                strokes.push((b + quarter + quarter * 2 / 3, quarter / 3, 75));
            }
        }
        Comp::FreddieGreen => strokes.extend(beats(shape.beat).map(|o| (o, shape.beat / 2, 70))),
        Comp::LaPompe => strokes.extend(beats(shape.beat).map(|o| {
            let after = in_bar(o) % (2 * shape.beat) != 0;
            if after {
                (o, shape.beat / 4, 95)
            } else {
                (o, shape.beat / 3, 60)
            }
        })),
        Comp::Skank => strokes.extend(
            beats(shape.beat)
                .filter(|&o| in_bar(o) % (2 * shape.beat) != 0)
                .map(|o| (o, shape.beat / 4, 85)),
        ),
        Comp::Upstrokes => strokes.extend(
            beats(eighth)
                .filter(|&o| in_bar(o) % quarter != 0)
                .map(|o| (o, eighth / 2, 80)),
        ),
        Comp::BossaGuitar if four => {
            for o in (0..len).step_by(shape.bar as usize) {
                for step in [0, 3, 6, 10, 13] {
                    let at = o + step * sixteenth;
                    if at < len {
                        strokes.push((at, sixteenth * 2, 70));
                    }
                }
            }
        }
        Comp::Montuno | Comp::Stabs if four => {
            let steps: &[u64] = if groove.comp == Comp::Montuno {
                &[2, 4, 6, 10, 12, 14]
            } else {
                &[2, 7, 10, 14]
            };
            for o in (0..len).step_by(shape.bar as usize) {
                for step in steps {
                    let at = o + step * sixteenth;
                    if at < len {
                        strokes.push((at, sixteenth, 85));
                    }
                }
            }
        }
        Comp::Pad => strokes.push((0, len, 60)),
        Comp::Afterbeats => {
            let starts = shape.group_starts();
            strokes.extend(
                beats(shape.beat)
                    .filter(|&o| !starts.contains(&in_bar(o)))
                    .map(|o| (o, shape.beat / 2, 78)),
            );
        }
        Comp::Strum => strokes.extend(beats(shape.beat).map(|o| (o, shape.beat * 3 / 4, 72))),
        _ => {
            // Held: struck on each beat group, held to the next.
            let starts = shape.group_starts();
            let at: Vec<u64> = beats(eighth)
                .filter(|&o| o == 0 || starts.contains(&in_bar(o)))
                .collect();
            for (i, &o) in at.iter().enumerate() {
                let until = at.get(i + 1).copied().unwrap_or(len);
                strokes.push((o, until - o, 70));
            }
        }
    }
    strokes
}
