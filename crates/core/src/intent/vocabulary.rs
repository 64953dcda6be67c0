//! The vocabulary: word tables shared by the finders (key words, solfège, accidentals, foreign modes, tempo modifiers, number words) and the set of every known word and style phrase.

use super::lists::{INSTRUMENTS, MOODS};
use crate::style::{Style, STYLES};
use crate::theory::key::Mode;
use crate::theory::note::Letter;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Words of prompts that are not music vocabulary but one letter away from some
/// (`bars`/`bass`, `real`/`reel`, `electric`/`electronic`): never read as typos.
const COMMON: &[&str] = &[
    "bars", "bar", "beats", "beat", "fast", "slow", "minor", "major", "sharp", "flat", "tune",
    "song", "jam", "time", "for", "with", "and", "the", "lead", "feel", "loop", "line", "riff",
    "solo", "band", "some", "more", "real", "blue", "live", "vibe", "vibes", "electric", "style",
    "type", "like", "sound", "deep", "soft", "slap", "son", "bass", "base", "sad", "jams", "fun",
    "hard", "hand", "dark", "dork", "folks", "punch", "rocket", "sole", "soil", "salt",
];

/// Words that introduce a key: `in A`, `key of A`, `en la`, `em Lá`, `on E`.
pub(super) const KEY_INTRO: &[&str] = &["in", "of", "key", "en", "em", "on", "tonart", "tonalidad"];

/// Words that may follow a key name in a sentence (`in a for a beginner`, `en sol pour guitare`).
pub(super) const AFTER_KEY: &[&str] = &[
    "for", "at", "with", "and", "or", "on", "to", "over", "please", "pls", "plz", "using", "then",
    "pour", "para", "pra", "per", "con", "avec", "mit", "fur", "a", "y", "e", "et", "und", "bitte",
    "por", "in", "bpm",
];

/// Solfège names of the naturals, as Romance languages name keys (`en mi menor`).
pub(super) const SOLFEGE: &[(&str, Letter)] = &[
    ("do", Letter::C),
    ("ut", Letter::C),
    ("re", Letter::D),
    ("mi", Letter::E),
    ("fa", Letter::F),
    ("sol", Letter::G),
    ("la", Letter::A),
    ("si", Letter::B),
];

/// Sharps and flats written as a word (`F sharp`, `si bemol`, `fa dièse`).
pub(super) const ACCIDENTAL_WORDS: &[(&str, i8)] = &[
    ("sharp", 1),
    ("#", 1),
    ("♯", 1),
    ("sostenido", 1),
    ("sostenida", 1),
    ("sustenido", 1),
    ("diese", 1),
    ("diesis", 1),
    ("flat", -1),
    ("♭", -1),
    ("bemol", -1),
    ("bemolle", -1),
    ("bemole", -1),
];

/// Mode names in the other languages prompts arrive in.
pub(super) const FOREIGN_MODES: &[(&str, Mode)] = &[
    ("menor", Mode::Minor),
    ("minore", Mode::Minor),
    ("mineur", Mode::Minor),
    ("moll", Mode::Minor),
    ("mayor", Mode::Major),
    ("maior", Mode::Major),
    ("maggiore", Mode::Major),
    ("majeur", Mode::Major),
    ("dur", Mode::Major),
    ("dorico", Mode::Dorian),
    ("dorio", Mode::Dorian),
    ("dorisch", Mode::Dorian),
    ("dorien", Mode::Dorian),
    ("frigio", Mode::Phrygian),
    ("phrygisch", Mode::Phrygian),
    ("phrygien", Mode::Phrygian),
    ("lidio", Mode::Lydian),
    ("lydisch", Mode::Lydian),
    ("lydien", Mode::Lydian),
    ("mixolidio", Mode::Mixolydian),
    ("mixolydisch", Mode::Mixolydian),
    ("mixolydien", Mode::Mixolydian),
    ("eolio", Mode::Aeolian),
    ("aolisch", Mode::Aeolian),
    ("eolien", Mode::Aeolian),
    ("locrio", Mode::Locrian),
    ("lokrisch", Mode::Locrian),
    ("locrien", Mode::Locrian),
];

/// English mode names, read with typos (`minr`, `dorain`).
pub(super) const MODE_NAMES: &[&str] = &[
    "major",
    "minor",
    "dorian",
    "phrygian",
    "lydian",
    "mixolydian",
    "aeolian",
    "locrian",
    "ionian",
];

/// Style words that describe a feel, a place, a scene or a form rather than name a genre:
/// they pick a style only when no genre is named (`reggae groove` is reggae, `funky groove` funk).
pub(super) const MODIFIERS: &[&str] = &[
    "groove",
    "groovy",
    "funky",
    "bluesy",
    "jazzy",
    "soulful",
    "session",
    "breakdown",
    "acoustic",
    "campfire",
    "ballad",
    "ballade",
    "standard",
    "chicago",
    "delta",
    "texas",
    "seattle",
    "nashville",
    "western",
    "roots",
    "trad",
    "gypsy",
    "manouche",
    "django",
    "dance",
    "club",
    "film",
    "movie",
    "trailer",
    "soundtrack",
    "score",
    "epic",
    "orchestral",
    "60s",
    "sixties",
    "church",
    "praise",
    "radio",
    "chart",
    "catchy",
    "spanish",
    "brazilian",
    "cuban",
    "banjo",
    "synth",
    "trippy",
    "arena",
    "cocktail",
    "shuffle",
    "boogie",
];

/// Tempo words that slow the style down within its range.
pub(super) const SLOWER: &[&str] = &[
    "laid-back",
    "laidback",
    "laid back",
    "mellow",
    "soothing",
    "relaxed",
    "relaxing",
    "chill",
    "chilled",
    "lazy",
    "calm",
    "gentle",
    "tranquil",
    "tranquilo",
    "tranquila",
    "tranquillo",
    "tranquilla",
    "ruhig",
    "ruhige",
    "ruhiger",
    "ruhigen",
    "relajado",
    "relajada",
    "rilassato",
    "rilassata",
    "gemutlich",
    "dragging",
    "rubato",
    "leisurely",
    "sleepy",
    "peaceful",
    "serene",
    "meditative",
    "unhurried",
    "half-time",
    "half time",
    "tranquille",
    "calme",
    "calmo",
    "calma",
    "despacio",
    "devagar",
    "gemachlich",
];

/// Tempo words that push the style up within its range.
pub(super) const FASTER: &[&str] = &[
    "upbeat",
    "up-beat",
    "energetic",
    "driving",
    "fast-paced",
    "high-energy",
    "lively",
    "hype",
    "pumping",
    "brisk",
    "frantic",
    "breakneck",
    "double-time",
    "double time",
    "veloz",
    "zugig",
];

pub(super) const NUMBER_WORDS: &[(&str, u32)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("twelve", 12),
    ("sixteen", 16),
    ("twenty", 20),
    ("twenty-four", 24),
    ("thirty-two", 32),
    ("thirtytwo", 32),
];

/// Words before an instrument saying the melody is for it.
pub(super) const FOR_WORDS: &[&str] = &["for", "on", "pour", "para", "pra", "per", "fur", "fuer"];

/// The reader's vocabulary, indexed once: looking a word up is a hash probe, not a scan of
/// every table.
pub(super) struct Vocabulary {
    /// Every word the reader knows.
    pub(super) known: HashSet<&'static str>,
    /// Every word of a style phrase.
    pub(super) style_tokens: HashSet<&'static str>,
    /// Every style phrase, its words joined by single spaces.
    pub(super) style_phrases: HashSet<String>,
    /// Every style phrase with its words, in catalogue order.
    pub(super) phrases: Vec<StylePhrase>,
}

pub(super) fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let phrases: Vec<StylePhrase> = STYLES
            .iter()
            .flat_map(|style| {
                style.words.iter().map(move |&text| StylePhrase {
                    style,
                    text,
                    words: phrase_tokens(text).collect(),
                })
            })
            .collect();
        let style_tokens: HashSet<&'static str> = phrases
            .iter()
            .flat_map(|p| p.words.iter().copied())
            .collect();
        let known = COMMON
            .iter()
            .chain(KEY_INTRO)
            .chain(AFTER_KEY)
            .chain(MODE_NAMES)
            .chain(SLOWER)
            .chain(FASTER)
            .copied()
            .chain(SOLFEGE.iter().map(|(s, _)| *s))
            .chain(ACCIDENTAL_WORDS.iter().map(|(s, _)| *s))
            .chain(FOREIGN_MODES.iter().map(|(s, _)| *s))
            .chain(MOODS.iter().flat_map(|(w, _)| w.iter().copied()))
            .chain(INSTRUMENTS.iter().flat_map(|(w, _)| w.iter().copied()))
            .chain(style_tokens.iter().copied())
            .collect();
        Vocabulary {
            known,
            style_phrases: phrases.iter().map(|p| p.words.join(" ")).collect(),
            style_tokens,
            phrases,
        }
    })
}

/// Every word the reader knows: never a typo of another.
pub(super) fn is_known_word(word: &str) -> bool {
    vocabulary().known.contains(word)
}

/// The words of a style phrase, split as prompts are for reading genres.
pub(super) fn phrase_tokens(phrase: &str) -> impl Iterator<Item = &str> {
    phrase.split([' ', '-', '/']).filter(|t| !t.is_empty())
}

/// One phrase naming a style (`latin jazz`), split into words as prompts are.
pub(super) struct StylePhrase {
    pub(super) style: &'static Style,
    pub(super) text: &'static str,
    pub(super) words: Vec<&'static str>,
}

/// True if `word` is one of the words of a style phrase.
pub(super) fn is_style_token(word: &str) -> bool {
    vocabulary().style_tokens.contains(word)
}

/// True if `text` (words split by single spaces) is a style phrase.
pub(super) fn is_style_phrase(text: &str) -> bool {
    vocabulary().style_phrases.contains(text)
}
