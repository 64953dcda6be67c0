//! "Only for me": the chart for the presser's own instrument — written for B♭, E♭ or F
//! instruments, in bass clef, or as chord names for guitar and ukulele — answered to them
//! alone while the band's shared chart stays as it is. The music is `jamsesh_ops::part`'s;
//! this module says it in Discord's words.

pub use jamsesh_ops::part::Part;
use jamsesh_ops::part::{self, Written};
use jamsesh_ops::{Jam, OpError};

/// A part of a jam for one player.
#[derive(Clone, Debug)]
pub struct Chart {
    /// The jam as this player reads it.
    pub jam: Jam,
    /// What the part is, in a sentence.
    pub intro: String,
    /// Shown on a staff (false for chord names).
    pub staff: bool,
    /// For chord names: each chord once, with its notes.
    pub detail: String,
}

/// The jam as a player of `part` reads it.
pub fn chart(jam: &Jam, part: Part) -> Result<Chart, String> {
    let written = part::for_instrument(jam, part).map_err(|e| match e {
        OpError::Jam(why) => format!("I could not write that part for this jam: {why}"),
        other => format!("I could not write that part for this jam: {other}"),
    })?;
    let concert = format!("{} {}", jam.key, jam.mode);
    Ok(match written {
        Written::Transposed { jam, interval } => Chart {
            intro: format!(
                "Your part for {} ({}): written {interval} above concert pitch, so concert {concert} reads as {} {}.",
                part.label(),
                part.description().to_lowercase(),
                jam.key,
                jam.mode
            ),
            jam,
            staff: true,
            detail: String::new(),
        },
        Written::BassClef { jam, already } => {
            let intro = "Your part in bass clef (trombone, bassoon, cello, bass): concert pitch";
            Chart {
                jam,
                intro: if already {
                    format!("{intro}; this jam is written in bass clef already.")
                } else {
                    format!("{intro}, the melody an octave below the lead sheet.")
                },
                staff: true,
                detail: String::new(),
            }
        }
        Written::ChordNames(chords) => Chart {
            jam: jam.clone(),
            intro: format!("Chord names for guitar and ukulele, at concert pitch in {concert}."),
            staff: false,
            detail: chords
                .iter()
                .map(|(name, tones)| {
                    format!("**{}** {}", crate::markdown::escape_markdown(name), tones.join(" "))
                })
                .collect::<Vec<_>>()
                .join("\n"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamsesh_ops::GenerateOptions;

    fn jam_of(prompt: &str) -> Jam {
        let options = GenerateOptions {
            seed: Some(3),
            ..Default::default()
        };
        jamsesh_ops::generate(prompt, &options).unwrap()
    }

    #[test]
    fn transposing_parts_say_where_the_instrument_reads() {
        let blues = jam_of("blues in Bb");
        let c = chart(&blues, Part::Bb).unwrap();
        assert_eq!(
            c.intro,
            "Your part for B♭ instruments (trumpet, clarinet, tenor and soprano sax): written a \
             major second above concert pitch, so concert Bb major reads as C major."
        );
        assert!(c.staff && c.detail.is_empty());
        assert_eq!(c.jam.key, "C");
    }

    #[test]
    fn the_bass_clef_part_says_whether_it_moved() {
        let j = jam_of("bossa nova in F");
        let c = chart(&j, Part::Bass).unwrap();
        assert_eq!(
            c.intro,
            "Your part in bass clef (trombone, bassoon, cello, bass): concert pitch, the melody \
             an octave below the lead sheet."
        );
        let bass = jam_of("reggae bass line in A minor");
        let c = chart(&bass, Part::Bass).unwrap();
        assert_eq!(c.jam, bass);
        assert!(c
            .intro
            .ends_with("; this jam is written in bass clef already."));
    }

    #[test]
    fn chord_names_list_each_chord_once_with_its_notes() {
        let j = jam_of("blues in E");
        let c = chart(&j, Part::Chords).unwrap();
        assert!(!c.staff);
        assert_eq!(c.jam, j);
        assert_eq!(c.detail.matches("**E7**").count(), 1, "{}", c.detail);
        assert!(c.detail.contains("**E7** E G# B D"), "{}", c.detail);
        assert!(c.detail.contains("**A7** A C# E G"), "{}", c.detail);
        assert_eq!(
            c.intro,
            "Chord names for guitar and ukulele, at concert pitch in E major."
        );
    }

    #[test]
    fn a_jam_whose_chords_cannot_be_read_is_refused_in_words() {
        let mut broken = jam_of("blues in E");
        broken.chords = "H7 | Q".into();
        let e = chart(&broken, Part::Chords).unwrap_err();
        assert!(
            e.starts_with(
                "I could not write that part for this jam: the jam's chords is not usable"
            ),
            "{e}"
        );
    }
}
