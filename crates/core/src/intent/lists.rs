//! Moods and instruments, with the words that name them.

use serde::{Deserialize, Serialize};

/// A melody instrument and the range its example should stay in (MIDI numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    /// Name as shown.
    pub name: &'static str,
    /// Lowest comfortable note.
    pub low: i32,
    /// Highest comfortable note.
    pub high: i32,
    /// Written in bass clef.
    pub bass_clef: bool,
    /// General MIDI program (0-based).
    pub program: u8,
}

const fn ins(name: &'static str, low: i32, high: i32, bass_clef: bool, program: u8) -> Instrument {
    Instrument {
        name,
        low,
        high,
        bass_clef,
        program,
    }
}

/// Instruments by the words that name them.
pub(super) const INSTRUMENTS: &[(&[&str], Instrument)] = &[
    (
        &["bass", "upright", "double bass", "bassist"],
        ins("bass", 31, 55, true, 32),
    ),
    (&["cello"], ins("cello", 36, 64, true, 42)),
    (&["trombone"], ins("trombone", 40, 67, true, 57)),
    (&["tuba"], ins("tuba", 29, 53, true, 58)),
    (&["flute"], ins("flute", 62, 91, false, 73)),
    (&["piccolo"], ins("piccolo", 74, 96, false, 72)),
    (
        &["trumpet", "horn", "horns", "brass"],
        ins("trumpet", 55, 79, false, 56),
    ),
    (&["tenor sax", "tenor"], ins("tenor sax", 44, 72, false, 66)),
    (
        &["sax", "saxophone", "alto sax", "alto"],
        ins("alto sax", 49, 77, false, 65),
    ),
    (&["clarinet"], ins("clarinet", 52, 84, false, 71)),
    (&["violin", "fiddle"], ins("violin", 55, 88, false, 40)),
    (&["viola"], ins("viola", 48, 76, false, 41)),
    (
        &["guitar", "guitars", "strat", "telecaster"],
        ins("guitar", 52, 81, false, 26),
    ),
    (&["ukulele", "uke"], ins("ukulele", 60, 81, false, 24)),
    (&["mandolin"], ins("mandolin", 55, 84, false, 24)),
    (&["banjo"], ins("banjo", 50, 79, false, 105)),
    (&["harmonica", "harp"], ins("harmonica", 60, 84, false, 22)),
    (
        &["voice", "vocal", "vocals", "singer", "sing", "choir"],
        ins("voice", 57, 76, false, 52),
    ),
    (
        &["piano", "keys", "keyboard", "rhodes", "organ"],
        ins("piano", 55, 84, false, 0),
    ),
    (&["synth", "lead"], ins("synth", 55, 84, false, 80)),
];

/// Used when no instrument is named: a comfortable treble range.
pub const DEFAULT_INSTRUMENT: Instrument = ins("any", 57, 81, false, 0);

/// A mood and what it does to the music.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mood {
    /// Bright, major.
    Happy,
    /// Minor, slower.
    Sad,
    /// Minor, low.
    Dark,
    /// Lydian colour, floating.
    Dreamy,
    /// Relaxed, sparse.
    Chill,
    /// Busy, fast.
    Energetic,
    /// Aggressive.
    Angry,
    /// Warm, slow.
    Romantic,
    /// Modal, minor.
    Mysterious,
}

pub(super) const MOODS: &[(&[&str], Mood)] = &[
    (
        &[
            "happy",
            "bright",
            "cheerful",
            "upbeat",
            "joyful",
            "sunny",
            "uplifting",
            "fun",
        ],
        Mood::Happy,
    ),
    (
        &[
            "sad",
            "melancholic",
            "melancholy",
            "sorrowful",
            "mournful",
            "lonely",
            "wistful",
        ],
        Mood::Sad,
    ),
    (
        &["dark", "evil", "sinister", "gloomy", "ominous", "heavy"],
        Mood::Dark,
    ),
    (
        &[
            "dreamy", "ethereal", "floating", "spacey", "spacy", "ambient", "hazy",
        ],
        Mood::Dreamy,
    ),
    (
        &[
            "chill",
            "relaxed",
            "mellow",
            "laid-back",
            "laidback",
            "lazy",
            "calm",
            "smooth",
            "easy",
        ],
        Mood::Chill,
    ),
    (
        &["energetic", "driving", "intense", "hype", "wild", "party"],
        Mood::Energetic,
    ),
    (&["angry", "aggressive", "furious", "raging"], Mood::Angry),
    (&["romantic", "love", "tender", "sweet"], Mood::Romantic),
    (
        &["mysterious", "eerie", "spooky", "haunting", "suspense"],
        Mood::Mysterious,
    ),
];
