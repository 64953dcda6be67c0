//! Musical time, one model for the composer, the critic, harmony and repair: units of a
//! bar, how a meter groups its beats, which beats are strong, where chords change.

/// Time unit: 1/48 of a whole note, so eighths (6), sixteenths (3) and triplet eighths (4)
/// are all whole numbers.
pub const UNITS_PER_WHOLE: u32 = 48;
/// One eighth note in units.
pub const EIGHTH: u32 = 6;

/// How a bar's time divides into groups of eighths (beats or half bars).
pub fn groups(meter: (u32, u32)) -> Vec<u32> {
    match meter {
        (4, 4) | (2, 2) => vec![4, 4],
        (2, 4) => vec![4],
        (3, 4) => vec![4, 2],
        (6, 8) => vec![3, 3],
        (9, 8) => vec![3, 3, 3],
        (12, 8) => vec![3, 3, 3, 3],
        (5, 4) => vec![6, 4],
        (7, 8) => vec![2, 2, 3],
        (7, 4) => vec![8, 6],
        (6, 4) => vec![6, 6],
        (5, 8) => vec![3, 2],
        (3, 2) => vec![4, 4, 4],
        (n, d) => {
            // Any other meter: groups of two eighths, a three at the end if odd.
            let eighths = n * 8 / d;
            let mut g = vec![2; (eighths / 2) as usize];
            if eighths % 2 == 1 {
                if let Some(last) = g.last_mut() {
                    *last += 1;
                }
            }
            g
        }
    }
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
