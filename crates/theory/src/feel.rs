//! Feel: how the eighth notes are played, and the one time map that places swung eighths.

/// How the eighth notes are played.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feel {
    /// Even eighths.
    Straight,
    /// Jazz swing: long-short eighths, triplets welcome.
    Swing,
    /// Blues shuffle: hard triplet swing.
    Shuffle,
}

impl Feel {
    /// How a player would be told, for the style note.
    pub fn describe(self) -> &'static str {
        match self {
            Feel::Straight => "straight eighths",
            Feel::Swing => "swing the eighths",
            Feel::Shuffle => "shuffle feel (triplet swing)",
        }
    }

    /// True unless the eighths are even.
    pub fn swings(self) -> bool {
        self != Feel::Straight
    }

    /// The swing a player gives the feel: triplet swing (2:1) for swing and shuffle.
    pub fn swing(self) -> Swing {
        if self.swings() {
            Swing::TRIPLET
        } else {
            Swing::STRAIGHT
        }
    }
}

/// Swing as the share of each beat its first eighth takes: 1/2 is straight, 2/3 triplet
/// swing (2:1), 3/4 a dotted eighth and a sixteenth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Swing {
    long: u64,
    of: u64,
}

impl Swing {
    /// Even eighths.
    pub const STRAIGHT: Swing = Swing { long: 1, of: 2 };
    /// Triplet swing: the first eighth twice as long as the second.
    pub const TRIPLET: Swing = Swing { long: 2, of: 3 };

    /// The first eighth takes `percent` of the beat (clamped to 50–75, straight to dotted).
    pub fn percent(percent: u32) -> Swing {
        Swing {
            long: u64::from(percent.clamp(50, 75)),
            of: 100,
        }
    }

    /// True for even eighths.
    pub fn is_straight(self) -> bool {
        self.long * 2 == self.of
    }

    /// Where a written position falls when played, in the same whole units as `beat` (the
    /// quarter note that splits into two eighths): on the straight grid of sixteenths, the
    /// first half of each beat stretches to the long eighth and the second half shrinks to
    /// the rest. Positions off that grid (triplets, quintuplets) stay where they are: a
    /// triplet in a swing tune is still a triplet.
    pub fn place(self, at: u64, beat: u64) -> u64 {
        let beat = beat.max(4);
        let (start, within) = (at / beat * beat, at % beat);
        let (half, long) = (beat / 2, beat * self.long / self.of);
        start
            + if within % (beat / 4) != 0 {
                within
            } else if within <= half {
                within * long / half
            } else {
                long + (within - half) * (beat - long) / half
            }
    }

    /// [`Swing::place`] for drum patterns written on the triplet grid, where the last
    /// triplet of the beat is the off-beat and falls where the long eighth ends.
    pub fn place_triplet_grid(self, at: u64, beat: u64) -> u64 {
        let beat = beat.max(4);
        if at % beat == beat * 2 / 3 {
            at - at % beat + beat * self.long / self.of
        } else {
            self.place(at, beat)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quarter note of 480 ticks, as MIDI files count.
    const Q: u64 = 480;

    #[test]
    fn triplet_swing_plays_the_off_beat_on_the_last_triplet() {
        let s = Swing::TRIPLET;
        // Eighths: the off-beat on the third triplet (2/3 of 480 = 320).
        assert_eq!(s.place(0, Q), 0);
        assert_eq!(s.place(240, Q), 320);
        assert_eq!(s.place(480, Q), 480);
        assert_eq!(s.place(480 + 240, Q), 800);
        // Sixteenths share their half: the first half of 320, the middle of the last 160.
        assert_eq!(s.place(120, Q), 160);
        assert_eq!(s.place(360, Q), 400);
        // A written triplet stays a triplet.
        assert_eq!(s.place(160, Q), 160);
        assert_eq!(s.place(320, Q), 320);
    }

    #[test]
    fn sixty_percent_swing_lengthens_the_first_eighth_to_three_fifths() {
        let s = Swing::percent(60);
        // 60% of 480 is 288; the second eighth gets the other 192.
        assert_eq!(s.place(240, Q), 288);
        assert_eq!(s.place(120, Q), 144);
        assert_eq!(s.place(360, Q), 384);
        assert_eq!(s.place(2 * Q + 240, Q), 2 * Q + 288);
        assert!(Swing::percent(50).is_straight());
        assert_eq!(Swing::percent(50).place(240, Q), 240);
    }

    #[test]
    fn drum_triplet_off_beats_land_with_the_long_eighth() {
        assert_eq!(Swing::percent(60).place_triplet_grid(320, Q), 288);
        assert_eq!(Swing::TRIPLET.place_triplet_grid(Q + 320, Q), Q + 320);
        assert_eq!(Swing::percent(75).place_triplet_grid(160, Q), 160);
    }

    #[test]
    fn only_swing_and_shuffle_swing() {
        assert_eq!(Feel::Straight.swing(), Swing::STRAIGHT);
        assert_eq!(Feel::Swing.swing(), Swing::TRIPLET);
        assert_eq!(Feel::Shuffle.swing(), Swing::TRIPLET);
    }
}
