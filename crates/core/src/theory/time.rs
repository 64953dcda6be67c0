//! Musical time, one model for the composer, the critic, harmony and repair: units of a
//! bar, how a meter groups its beats, which beats are strong, where chords change.

use jamsesh_abc::syntax::MeterSpec;

/// Time unit: 1/48 of a whole note, so eighths (6), sixteenths (3) and triplet eighths (4)
/// are all whole numbers.
pub const UNITS_PER_WHOLE: u32 = 48;
/// One eighth note in units.
pub const EIGHTH: u32 = 6;

/// How a bar's time divides into groups of eighths, strong beat first in each: the beat
/// groups of the ABC meter model ([`MeterSpec::beat_groups`], which the engraver beams by),
/// with quarter-note beats paired into half bars (4/4 is 2+2 beats, 3/4 is 2+1, 5/4 is 3+2,
/// 7/4 is 4+3; 2/4 is one group).
pub fn groups(meter: (u32, u32)) -> Vec<u32> {
    let spec = MeterSpec::Fraction {
        numerators: vec![meter.0],
        denominator: meter.1,
    };
    let beats: Vec<u32> = spec
        .beat_groups()
        .iter()
        .map(|g| (*g * 8).to_integer().max(1) as u32)
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
