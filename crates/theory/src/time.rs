//! Musical time, one model for the composer, the critic, harmony and repair: units of a
//! bar, how a meter groups its beats, which beats are strong, where chords change.

/// Time unit: 1/48 of a whole note, so eighths (6), sixteenths (3) and triplet eighths (4)
/// are all whole numbers.
pub const UNITS_PER_WHOLE: u32 = 48;
/// One eighth note in units.
pub const EIGHTH: u32 = 6;

/// A meter as written, `numerator/denominator`, read strictly: whole numbers, a numerator of
/// 1–32 and a denominator of 1, 2, 4, 8 or 16 (`6/8`, ` 3 / 4 `; not `6/7`, `0/4`, `C`).
pub fn parse_meter(text: &str) -> Option<(u32, u32)> {
    let (a, b) = text.trim().split_once('/')?;
    let m: (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    ((1..=32).contains(&m.0) && [1, 2, 4, 8, 16].contains(&m.1)).then_some(m)
}

/// True for compound meters (6/8, 9/8, 12/8 …): a beat of three of the written notes.
pub fn is_compound(numerators: &[u32], denominator: u32) -> bool {
    let top: u32 = numerators.iter().sum();
    numerators.len() == 1 && top % 3 == 0 && top > 3 && denominator >= 8
}

/// The beats of a bar, each in notes of the denominator, as musicians count them: the terms
/// of an additive meter (2+2+3/8); threes in compound meters (6/8 is 3+3); 3/8 in one; other
/// eighth and sixteenth meters in twos with a three at the end (7/8 is 2+2+3); otherwise one
/// beat per written note (3/4 is 1+1+1). Numerators beyond 64 count as 64.
pub fn beat_groups(numerators: &[u32], denominator: u32) -> Vec<u32> {
    if numerators.len() > 1 {
        return numerators.to_vec();
    }
    let top = numerators.first().copied().unwrap_or(0).min(64);
    if is_compound(numerators, denominator) {
        vec![3; (top / 3) as usize]
    } else if denominator >= 8 && top == 3 {
        vec![3]
    } else if denominator >= 8 && top > 3 {
        let mut groups = vec![2; (top / 2) as usize];
        if let Some(last) = groups.last_mut().filter(|_| top % 2 == 1) {
            *last += 1;
        }
        groups
    } else {
        vec![1; top as usize]
    }
}

/// How a bar's time divides into groups of eighths, strong beat first in each: the beat
/// groups ([`beat_groups`], which the engraver beams by), with quarter-note beats paired into
/// half bars (4/4 is 2+2 beats, 3/4 is 2+1, 5/4 is 3+2, 7/4 is 4+3; 2/4 is one group).
pub fn groups(meter: (u32, u32)) -> Vec<u32> {
    let denominator = meter.1.max(1);
    let beats: Vec<u32> = beat_groups(&[meter.0], denominator)
        .iter()
        .map(|g| (g * 8 / denominator).max(1))
        .collect();
    if meter.1 != 4 {
        return beats;
    }
    if beats.len() <= 2 {
        return vec![beats.iter().sum()];
    }
    let first = beats.len().div_ceil(2);
    let halves = [beats[..first].iter().sum(), beats[first..].iter().sum()];
    halves.into_iter().filter(|&g| g > 0).collect()
}

/// Bar length in units.
pub fn bar_units(meter: (u32, u32)) -> u32 {
    UNITS_PER_WHOLE * meter.0 / meter.1
}

/// Where each of `count` chords in a bar starts, in units: on the beat-group boundary at or
/// after an even share of the bar (in 3/4, two chords change on beat three).
pub fn chord_starts(meter: (u32, u32), count: usize) -> Vec<u32> {
    let bar = bar_units(meter);
    let boundaries: Vec<u32> = std::iter::once(0)
        .chain(groups(meter).iter().scan(0, |t, g| {
            *t += g * EIGHTH;
            Some(*t)
        }))
        .filter(|&b| b < bar)
        .collect();
    (0..count)
        .map(|k| {
            let even = bar * k as u32 / count.max(1) as u32;
            boundaries
                .iter()
                .copied()
                .find(|&b| b >= even)
                .unwrap_or(even)
        })
        .collect()
}

/// The beat in units: a quarter, or a dotted quarter in compound meters.
pub fn beat_units(meter: (u32, u32)) -> u32 {
    if meter.1 == 8 && meter.0 % 3 == 0 && meter.0 > 3 {
        3 * EIGHTH
    } else {
        UNITS_PER_WHOLE / meter.1.clamp(1, UNITS_PER_WHOLE)
    }
}

/// Index of the chord sounding at `start` units into a bar of `count` chords.
pub fn chord_slot(meter: (u32, u32), count: usize, start: u32) -> usize {
    chord_starts(meter, count)
        .iter()
        .rposition(|&s| s <= start)
        .unwrap_or(0)
}

/// Strong beats: the downbeat, and the start of every beat group after it (beat 3 of 4/4,
/// beat 4 of 6/8, the 2+2+3 of 7/8), except in triple meters of simple beats (3/4, 3/2),
/// where only the downbeat is strong.
pub fn is_strong(start: u32, meter: (u32, u32)) -> bool {
    if start == 0 {
        return true;
    }
    if meter.0 == 3 && meter.1 <= 4 {
        return false;
    }
    groups(meter)
        .iter()
        .scan(0, |t, g| {
            *t += g * EIGHTH;
            Some(*t)
        })
        .any(|t| t == start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strong beats in eighths, as a musician counts them.
    fn strong_eighths(meter: (u32, u32)) -> Vec<u32> {
        (0..bar_units(meter) / EIGHTH)
            .filter(|e| is_strong(e * EIGHTH, meter))
            .collect()
    }

    #[test]
    fn strong_beats_follow_the_meter() {
        assert_eq!(strong_eighths((4, 4)), [0, 4]);
        assert_eq!(strong_eighths((3, 4)), [0]);
        assert_eq!(strong_eighths((6, 8)), [0, 3]);
        assert_eq!(strong_eighths((12, 8)), [0, 3, 6, 9]);
        assert_eq!(strong_eighths((7, 8)), [0, 2, 4]);
        assert_eq!(strong_eighths((2, 2)), [0, 4]);
        assert_eq!(strong_eighths((2, 4)), [0]);
        assert_eq!(strong_eighths((5, 4)), [0, 6]);
        assert_eq!(strong_eighths((7, 4)), [0, 8]);
        assert_eq!(strong_eighths((5, 8)), [0, 2]);
        assert_eq!(strong_eighths((3, 8)), [0]);
        assert_eq!(strong_eighths((3, 2)), [0]);
    }

    /// Beats as a musician counts them: in notes of the denominator.
    #[test]
    fn beat_groups_follow_how_musicians_count() {
        assert_eq!(beat_groups(&[3], 4), [1, 1, 1]);
        assert_eq!(beat_groups(&[4], 4), [1, 1, 1, 1]);
        assert_eq!(beat_groups(&[6], 8), [3, 3]);
        assert_eq!(beat_groups(&[9], 8), [3, 3, 3]);
        assert_eq!(beat_groups(&[12], 8), [3, 3, 3, 3]);
        assert_eq!(beat_groups(&[7], 8), [2, 2, 3]);
        assert_eq!(beat_groups(&[5], 8), [2, 3]);
        assert_eq!(beat_groups(&[3], 8), [3]);
        assert_eq!(beat_groups(&[3, 2, 2], 8), [3, 2, 2]);
        assert!(is_compound(&[6], 8) && is_compound(&[12], 8));
        assert!(!is_compound(&[3], 8) && !is_compound(&[6], 4) && !is_compound(&[3, 3], 8));
        // Eighth groups: 3/4 pairs its beats into 2+1 quarters, 12/8 keeps four dotted quarters.
        assert_eq!(groups((3, 4)), [4, 2]);
        assert_eq!(groups((4, 4)), [4, 4]);
        assert_eq!(groups((6, 8)), [3, 3]);
        assert_eq!(groups((7, 8)), [2, 2, 3]);
        assert_eq!(groups((12, 8)), [3, 3, 3, 3]);
    }

    #[test]
    fn meters_are_read_strictly() {
        assert_eq!(parse_meter("6/8"), Some((6, 8)));
        assert_eq!(parse_meter(" 3 / 4 "), Some((3, 4)));
        assert_eq!(parse_meter("32/16"), Some((32, 16)));
        for bad in ["C", "6/7", "0/4", "33/8", "4/0", "4", "3/4ths", "-3/4"] {
            assert_eq!(parse_meter(bad), None, "{bad}");
        }
    }

    #[test]
    fn compound_meters_beat_in_dotted_quarters() {
        assert_eq!(beat_units((6, 8)), 18);
        assert_eq!(beat_units((12, 8)), 18);
        assert_eq!(beat_units((3, 8)), 6);
        assert_eq!(beat_units((3, 4)), 12);
        assert_eq!(beat_units((2, 2)), 24);
    }

    #[test]
    fn chords_change_on_beat_groups() {
        // Two chords in 3/4 change on beat three (eighth 4); in 4/4 on beat three.
        assert_eq!(chord_starts((3, 4), 2), [0, 4 * EIGHTH]);
        assert_eq!(chord_starts((4, 4), 2), [0, 4 * EIGHTH]);
        assert_eq!(chord_slot((3, 4), 2, 3 * EIGHTH), 0);
        assert_eq!(chord_slot((3, 4), 2, 4 * EIGHTH), 1);
        assert_eq!(chord_starts((7, 8), 2), [0, 4 * EIGHTH]);
    }
}
