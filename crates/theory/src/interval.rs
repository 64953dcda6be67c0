//! Intervals as letter steps plus semitones, so that spelling follows from them.

/// An interval: diatonic steps (letters) and semitones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Interval {
    /// Letters spanned (a third spans 2).
    pub steps: i8,
    /// Semitones spanned.
    pub semitones: i8,
}

const fn iv(steps: i8, semitones: i8) -> Interval {
    Interval { steps, semitones }
}

#[allow(missing_docs)]
impl Interval {
    pub const P1: Interval = iv(0, 0);
    pub const MIN2: Interval = iv(1, 1);
    pub const M2: Interval = iv(1, 2);
    pub const A2: Interval = iv(1, 3);
    pub const MIN3: Interval = iv(2, 3);
    pub const M3: Interval = iv(2, 4);
    pub const D4: Interval = iv(3, 4);
    pub const P4: Interval = iv(3, 5);
    pub const A4: Interval = iv(3, 6);
    pub const D5: Interval = iv(4, 6);
    pub const P5: Interval = iv(4, 7);
    pub const A5: Interval = iv(4, 8);
    pub const MIN6: Interval = iv(5, 8);
    pub const M6: Interval = iv(5, 9);
    pub const D7: Interval = iv(6, 9);
    pub const MIN7: Interval = iv(6, 10);
    pub const M7: Interval = iv(6, 11);
    pub const P8: Interval = iv(7, 12);
    pub const MIN9: Interval = iv(1, 1);
    pub const M9: Interval = iv(1, 2);
    pub const A9: Interval = iv(1, 3);
    pub const P11: Interval = iv(3, 5);
    pub const A11: Interval = iv(3, 6);
    pub const MIN13: Interval = iv(5, 8);
    pub const M13: Interval = iv(5, 9);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::Note;

    fn n(s: &str) -> Note {
        s.parse().unwrap()
    }

    #[test]
    fn spelling_follows_the_interval() {
        assert_eq!(n("C").up(Interval::M3).to_string(), "E");
        assert_eq!(n("E").up(Interval::M3).to_string(), "G#");
        assert_eq!(n("Bb").up(Interval::A4).to_string(), "E");
        assert_eq!(n("F#").up(Interval::MIN3).to_string(), "A");
        assert_eq!(n("D").up(Interval::MIN2).to_string(), "Eb");
        assert_eq!(n("E").down(Interval::M2).to_string(), "D");
        assert_eq!(Interval::between(n("C"), n("Eb")), Interval::MIN3);
    }
}
