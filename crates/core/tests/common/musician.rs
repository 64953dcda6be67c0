//! A musician's reading of a jam, written apart from the critic so that tests judge the
//! composer, the critic and the repairs from outside. It shares nothing with `jamsesh-core`
//! but the `Jam` fields: the text fields are read the way a player reads them (note names in
//! the scales' brackets, chord symbols by their root and quality words), and the example
//! through the ABC parser, which is itself held against abc2midi.
#![allow(dead_code)]

use jamsesh_abc::{EventKind, Frac};
use jamsesh_core::Jam;

/// Pitch class (0 = C) of a note name such as `F#`, `Bb`, `Ebb`, `C♯`.
pub fn pitch_class(name: &str) -> Option<u8> {
    let mut chars = name.chars();
    let base: i32 = match chars.next()?.to_ascii_uppercase() {
        'C' => 0,
        'D' => 2,
        'E' => 4,
        'F' => 5,
        'G' => 7,
        'A' => 9,
        'B' => 11,
        _ => return None,
    };
    let mut alter = 0;
    for c in chars {
        alter += match c {
            '#' | '♯' => 1,
            'b' | '♭' => -1,
            '𝄪' => 2,
            '𝄫' => -2,
            _ => return None,
        };
    }
    Some((base + alter).rem_euclid(12) as u8)
}

/// The pitch classes a chord symbol names: root, third (or suspension), fifth, the seventh
/// and every extension or alteration written, and a slash bass. `None` for what no player
/// would read as a chord.
pub fn chord_tones(symbol: &str) -> Option<Vec<u8>> {
    let (body, bass) = match symbol.split_once('/') {
        // `C6/9` is a chord, not a slash bass.
        Some((_, "9")) => (symbol, None),
        Some((b, bass)) => (b, Some(bass)),
        None => (symbol, None),
    };
    let first = body.chars().next()?.len_utf8();
    let root_len = first
        + body[first..]
            .chars()
            .take_while(|c| matches!(c, '#' | 'b' | '♯' | '♭'))
            .map(char::len_utf8)
            .sum::<usize>();
    let root = pitch_class(body.get(..root_len)?)?;
    let quality = &body[root_len..];
    let mut steps: Vec<i32> = intervals_of(quality)?;
    if let Some(b) = bass {
        steps.push((i32::from(pitch_class(b)?) - i32::from(root)).rem_euclid(12));
    }
    let mut tones: Vec<u8> = steps
        .iter()
        .map(|s| ((i32::from(root) + s).rem_euclid(12)) as u8)
        .collect();
    tones.sort_unstable();
    tones.dedup();
    Some(tones)
}

/// Semitones above the root that a chord quality names (a lead-sheet reading).
fn intervals_of(quality: &str) -> Option<Vec<i32>> {
    let q = quality
        .replace('♭', "b")
        .replace('♯', "#")
        .replace("(", "")
        .replace(")", "");
    let mut rest = q.as_str();
    let rest = &mut rest;
    let take = |rest: &mut &str, prefix: &str| -> bool {
        let hit = rest.starts_with(prefix);
        if hit {
            *rest = &rest[prefix.len()..];
        }
        hit
    };
    // Triad.
    let (mut third, mut fifth, mut seventh_kind) = (Some(4), 7, 10);
    let mut major_seventh = false;
    if take(rest, "maj") || take(rest, "M") || take(rest, "Δ") || take(rest, "^") {
        major_seventh = true;
    } else if take(rest, "m7b5") || take(rest, "ø7") || take(rest, "ø") {
        // Half-diminished: its seventh is in its name.
        return Some(extend(vec![0, 3, 6, 10], rest));
    } else if take(rest, "dim") || take(rest, "°") || take(rest, "o") {
        third = Some(3);
        fifth = 6;
        seventh_kind = 9;
    } else if take(rest, "aug") || take(rest, "+") {
        fifth = 8;
    } else if take(rest, "min") || take(rest, "m") || take(rest, "-") {
        third = Some(3);
    }
    if take(rest, "5") && rest.is_empty() {
        return Some(vec![0, 7]);
    }
    if major_seventh && rest.is_empty() {
        // A bare `maj` or `M` is a major triad.
        return Some(vec![0, 4, 7]);
    }
    let mut tones = vec![0, fifth];
    let seventh = if major_seventh { 11 } else { seventh_kind };
    for (word, adds) in [
        ("6/9", &[9, 2][..]),
        ("69", &[9, 2]),
        ("13", &[seventh, 2, 9]),
        ("11", &[seventh, 2, 5]),
        ("9", &[seventh, 2]),
        ("7", &[seventh]),
        ("6", &[9]),
    ] {
        if take(rest, word) {
            tones.extend_from_slice(adds);
            break;
        }
    }
    if take(rest, "sus2") {
        third = Some(2);
    } else if take(rest, "sus4") || take(rest, "sus") {
        third = Some(5);
    }
    tones.extend(third);
    Some(extend(tones, rest))
}

/// Adds written alterations and additions (`b9`, `#11`, `add9`, `b5`, `#5`).
fn extend(mut tones: Vec<i32>, mut rest: &str) -> Vec<i32> {
    let words: [(&str, i32, Option<i32>); 9] = [
        ("add9", 2, None),
        ("add11", 5, None),
        ("b9", 1, None),
        ("#9", 3, None),
        ("#11", 6, None),
        ("b13", 8, None),
        ("13", 9, None),
        ("b5", 6, Some(7)),
        ("#5", 8, Some(7)),
    ];
    'outer: while !rest.is_empty() {
        for (word, add, replaces) in words {
            if let Some(r) = rest.strip_prefix(word) {
                if let Some(old) = replaces {
                    tones.retain(|t| *t != old);
                }
                tones.push(add);
                rest = r;
                continue 'outer;
            }
        }
        // A word no player would read as harmony; ignore one character and go on.
        rest = &rest[rest.chars().next().map_or(1, char::len_utf8)..];
    }
    tones
}

/// Note names inside a scale text's brackets, as pitch classes:
/// `"E minor pentatonic (E G A B D), E blues (E G A Bb B D)"` → {E, G, A, B, D, Bb}.
pub fn scale_pitch_classes(text: &str) -> Vec<u8> {
    let mut pcs: Vec<u8> = text
        .split('(')
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .flat_map(|notes| notes.split_whitespace())
        .filter_map(pitch_class)
        .collect();
    pcs.sort_unstable();
    pcs.dedup();
    pcs
}

/// The meter text's length of a bar, in whole notes (`"6/8"` → 3/4; `"C"` → 1).
pub fn bar_length(meter: &str) -> Option<Frac> {
    match meter {
        "C" => Some(Frac::new(1, 1)),
        "C|" => Some(Frac::new(1, 1)),
        _ => {
            let (n, d) = meter.split_once('/')?;
            let n: i64 = n
                .split('+')
                .map(|t| t.trim().parse::<i64>().ok())
                .sum::<Option<i64>>()?;
            Some(Frac::new(n, d.trim().parse().ok()?))
        }
    }
}

/// Offsets into a bar that a player feels as strong: the downbeat, and the middle of the bar
/// in meters of two or four main beats (4/4, 2/2, 6/8, 12/8, 6/4). In 3/4, 9/8, 5/4 and 7/8
/// only the downbeat.
pub fn strong_offsets(meter: &str) -> Vec<Frac> {
    let two_halves = matches!(meter, "4/4" | "C" | "2/2" | "C|" | "6/8" | "12/8" | "6/4");
    let mut offsets = vec![Frac::new(0, 1)];
    if let (true, Some(len)) = (two_halves, bar_length(meter)) {
        offsets.push(len / Frac::new(2, 1));
    }
    offsets
}

/// One melody note as heard: where it starts in its bar, how long it lasts, its pitch, and
/// the chord symbol in force.
#[derive(Clone, Debug)]
pub struct Heard {
    pub bar: usize,
    pub offset: Frac,
    pub duration: Frac,
    pub midi: i32,
    pub chord: Option<String>,
}

/// What a player reads off a jam's example, first tune, first voice.
pub struct Reading {
    pub notes: Vec<Heard>,
    /// Each bar's length in whole notes.
    pub bar_lengths: Vec<Frac>,
    /// Each bar's chord symbols, in order.
    pub bar_chords: Vec<Vec<String>>,
    /// The key signature: sharps (+) or flats (−) per letter C..B.
    pub signature: [i8; 7],
}

/// Reads a jam's example; `Err` says why a player could not.
pub fn read(j: &Jam) -> Result<Reading, String> {
    let (tunes, _) = jamsesh_abc::parse_tunes(&j.example);
    let tune = tunes.first().ok_or("the example holds no tune")?;
    let voice = tune.voices.first().ok_or("the tune has no voice")?;
    let mut notes = Vec::new();
    let mut chord: Option<String> = None;
    let mut symbols = voice.chord_symbols.iter().peekable();
    let mut bar_chords = vec![Vec::new(); voice.bars.len()];
    for (i, bar) in voice.bars.iter().enumerate() {
        for e in &bar.events {
            while let Some(s) = symbols.next_if(|s| s.onset <= e.onset) {
                if let Some(list) = bar_chords.get_mut(s.bar) {
                    list.push(s.symbol.clone());
                }
                chord = Some(s.symbol.clone());
            }
            if let EventKind::Notes(n) = &e.kind {
                let Some(top) = n.iter().map(|s| s.midi).max() else {
                    continue;
                };
                notes.push(Heard {
                    bar: i,
                    offset: e.onset - bar.onset,
                    duration: e.duration,
                    midi: top,
                    chord: chord.clone(),
                });
            }
        }
    }
    for s in symbols {
        if let Some(list) = bar_chords.get_mut(s.bar) {
            list.push(s.symbol.clone());
        }
    }
    Ok(Reading {
        notes,
        bar_lengths: voice.bars.iter().map(|b| b.duration).collect(),
        bar_chords,
        signature: voice.key.signature,
    })
}

/// The key signature a player writes for a tonic and mode name (sharps +, flats −, per
/// letter C..B), from the circle of fifths.
pub fn signature(tonic: &str, mode: &str) -> Option<[i8; 7]> {
    // A player reads `e` as E.
    let letter_fifths = match tonic.chars().next()?.to_ascii_uppercase() {
        'F' => -1,
        'C' => 0,
        'G' => 1,
        'D' => 2,
        'A' => 3,
        'E' => 4,
        'B' => 5,
        _ => return None,
    };
    let alter: i32 = tonic[1..]
        .chars()
        .map(|c| match c {
            '#' | '♯' => 7,
            'b' | '♭' => -7,
            _ => 0,
        })
        .sum();
    let mode_shift = match mode {
        "major" | "ionian" => 0,
        "lydian" => 1,
        "mixolydian" => -1,
        "dorian" => -2,
        // Harmonic and melodic minor are written with the natural minor signature.
        "minor" | "aeolian" | "harmonic minor" | "melodic minor" => -3,
        "phrygian" => -4,
        "locrian" => -5,
        _ => return None,
    };
    let fifths = letter_fifths + alter + mode_shift;
    let mut sig = [0i8; 7];
    // Sharps go F C G D A E B; flats the other way round.
    let order = [3usize, 0, 4, 1, 5, 2, 6];
    for i in 0..fifths.unsigned_abs() as usize {
        let letter = if fifths > 0 {
            order[i % 7]
        } else {
            order[6 - i % 7]
        };
        sig[letter] += fifths.signum() as i8;
    }
    Some(sig)
}

/// What a player would refuse in a jam that claims to be playable: a bar that does not fill
/// the meter, chord symbols that disagree with the `chords` line, a key signature other than
/// the key named, no melody. Empty when none.
pub fn faults(j: &Jam) -> Vec<String> {
    let reading = match read(j) {
        Ok(r) => r,
        Err(e) => return vec![e],
    };
    let mut faults = Vec::new();
    if reading.notes.is_empty() {
        faults.push("no melody".to_string());
    }
    match bar_length(&j.meter) {
        Some(len) => {
            for (i, l) in reading.bar_lengths.iter().enumerate() {
                if *l != len {
                    faults.push(format!(
                        "bar {} lasts {l}, the meter {} wants {len}",
                        i + 1,
                        j.meter
                    ));
                }
            }
        }
        None => faults.push(format!("meter {:?} is not a meter", j.meter)),
    }
    let written: Vec<Vec<String>> = j
        .chords
        .split('|')
        .map(|bar| bar.split_whitespace().map(str::to_string).collect())
        .filter(|bar: &Vec<String>| !bar.is_empty())
        .collect();
    if written.len() != reading.bar_chords.len() {
        faults.push(format!(
            "`chords` has {} bars, the example {}",
            written.len(),
            reading.bar_chords.len()
        ));
    }
    for (i, (w, heard)) in written.iter().zip(&reading.bar_chords).enumerate() {
        let same = |a: &[String], b: &[String]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| chord_tones(x) == chord_tones(y) && chord_tones(x).is_some())
        };
        if !same(w, heard) {
            faults.push(format!(
                "bar {}: `chords` says {w:?}, the example {heard:?}",
                i + 1
            ));
        }
    }
    match signature(&j.key, &j.mode) {
        Some(sig) if sig != reading.signature => faults.push(format!(
            "K: signature {:?} is not {} {}'s {sig:?}",
            reading.signature, j.key, j.mode
        )),
        None => faults.push(format!("{} {} is not a key", j.key, j.mode)),
        _ => {}
    }
    faults
}

/// The figures of the README's quality table, measured the way a musician counts.
#[derive(Default, Debug, Clone, Copy)]
pub struct Figures {
    /// Melodic intervals of 1–2 semitones, of all intervals between successive notes.
    pub steps: f64,
    /// Intervals over an octave, of all intervals.
    pub leaps_over_octave: f64,
    /// Bars whose notes repeat an earlier bar's exactly, of bars with notes.
    pub repeated_bars: f64,
    /// Different note lengths in the tune.
    pub lengths: f64,
    /// Notes in the offered scales, the chord's own scale, or the chord in force.
    pub in_scale: f64,
    /// Notes on strong beats that are tones of the chord in force, of notes on strong beats.
    pub chord_tones_on_strong_beats: f64,
}

/// Measures a jam's melody.
pub fn figures(j: &Jam) -> Figures {
    let Ok(r) = read(j) else {
        return Figures::default();
    };
    let intervals: Vec<i32> = r
        .notes
        .windows(2)
        .map(|w| (w[1].midi - w[0].midi).abs())
        .collect();
    let share = |hits: usize, all: usize| hits as f64 / all.max(1) as f64;
    let steps = intervals.iter().filter(|d| (1..=2).contains(*d)).count();
    let leaps = intervals.iter().filter(|d| **d > 12).count();
    let mut bars: Vec<Vec<(Frac, Frac, i32)>> = vec![Vec::new(); r.bar_lengths.len()];
    for n in &r.notes {
        bars[n.bar].push((n.offset, n.duration, n.midi));
    }
    let sounding: Vec<&Vec<_>> = bars.iter().filter(|b| !b.is_empty()).collect();
    let repeated = (0..sounding.len())
        .filter(|&i| sounding[..i].contains(&sounding[i]))
        .count();
    let mut lengths: Vec<Frac> = r.notes.iter().map(|n| n.duration).collect();
    lengths.sort();
    lengths.dedup();
    let offered = scale_pitch_classes(&j.scales);
    let chord_scale = |chord: &str| {
        j.chord_scales
            .iter()
            .find(|s| s.split(':').next() == Some(chord))
            .map(|s| scale_pitch_classes(s))
            .unwrap_or_default()
    };
    let pc = |midi: i32| midi.rem_euclid(12) as u8;
    let in_scale = r
        .notes
        .iter()
        .filter(|n| {
            let tones = n.chord.as_deref().and_then(chord_tones).unwrap_or_default();
            let own = n.chord.as_deref().map(chord_scale).unwrap_or_default();
            offered.contains(&pc(n.midi))
                || tones.contains(&pc(n.midi))
                || own.contains(&pc(n.midi))
        })
        .count();
    let strong = strong_offsets(&j.meter);
    let on_strong: Vec<&Heard> = r
        .notes
        .iter()
        .filter(|n| strong.contains(&n.offset) && n.chord.is_some())
        .collect();
    let chord_tones_hit = on_strong
        .iter()
        .filter(|n| {
            n.chord
                .as_deref()
                .and_then(chord_tones)
                .is_some_and(|t| t.contains(&pc(n.midi)))
        })
        .count();
    Figures {
        steps: share(steps, intervals.len()),
        leaps_over_octave: share(leaps, intervals.len()),
        repeated_bars: share(repeated, sounding.len()),
        lengths: lengths.len() as f64,
        in_scale: share(in_scale, r.notes.len()),
        chord_tones_on_strong_beats: share(chord_tones_hit, on_strong.len()),
    }
}
