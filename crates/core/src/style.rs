//! The styles JamSesh knows: how each one sounds (tempo, meter, mode, feel), which
//! progressions it uses and which scales a player reaches for over them.

use crate::theory::key::Mode;
use crate::theory::scale::ScaleKind;

pub use crate::theory::feel::Feel;

/// How a style's melodies move in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rhythm {
    /// 0–100: how many notes per beat (low: long notes, high: running eighths).
    pub density: u32,
    /// 0–100: how often notes land off the beat.
    pub syncopation: u32,
    /// 0–100: how much space (rests) a phrase leaves.
    pub space: u32,
    /// 0–100: how often a beat is split in three.
    pub triplets: u32,
    /// 0–100: how often a beat is played in sixteenth notes (funk, neo-soul).
    pub sixteenths: u32,
}

impl Rhythm {
    /// The same rhythm with beats split into sixteenths `percent` of the time.
    const fn with_sixteenths(self, percent: u32) -> Rhythm {
        Rhythm {
            sixteenths: percent,
            ..self
        }
    }
}

/// A family of styles that share keys, habits and title words (every jazz style is played
/// in the horn keys; every celtic dance in D, G and A).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Pop songs.
    Pop,
    /// Twelve-bar forms, shuffles and blues rock.
    Blues,
    /// Swing, bop, ballads and the jazz offshoots (fusion, lounge, New Orleans).
    Jazz,
    /// Afro-Cuban, Brazilian and Rioplatense styles.
    Latin,
    /// Funk, soul, R&B, gospel and disco.
    Soul,
    /// Rock in all its weights, punk and metal.
    Rock,
    /// Jamaican styles: reggae, ska, dub.
    Reggae,
    /// Country and bluegrass.
    Country,
    /// Folk songs and old dances (polka, waltz).
    Folk,
    /// Irish and Scottish dance tunes.
    Celtic,
    /// Electronic dance music.
    Electronic,
    /// Hip hop and its chilled cousins.
    HipHop,
    /// Film and ambient music.
    Cinematic,
    /// Flamenco and the Andalusian cadence.
    Flamenco,
    /// West African styles.
    Afro,
}

/// One style: everything the composer needs to sound idiomatic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Stable id, used in seeds, buttons and tests.
    pub id: &'static str,
    /// Its name for people.
    pub name: &'static str,
    /// The family it belongs to.
    pub family: Family,
    /// Words and phrases in a prompt that select it (lowercase).
    pub words: &'static [&'static str],
    /// Slow, usual and fast tempo in quarter notes per minute.
    pub tempo: (u32, u32, u32),
    /// Usual meter (numerator, denominator).
    pub meter: (u32, u32),
    /// Mode when the prompt names none.
    pub mode: Mode,
    /// How eighths are played.
    pub feel: Feel,
    /// Progressions as Roman numerals, bars separated by `|`, two chords in a bar by a space.
    pub progressions: &'static [&'static str],
    /// Scales to suggest, built on the key's tonic, best first.
    pub scales: &'static [ScaleKind],
    /// A line on how to play it.
    pub note: &'static str,
    /// Melody rhythm.
    pub rhythm: Rhythm,
}

const fn r(density: u32, syncopation: u32, space: u32, triplets: u32) -> Rhythm {
    Rhythm {
        density,
        syncopation,
        space,
        triplets,
        sixteenths: 0,
    }
}

use Family::*;
use Feel::{Shuffle, Straight, Swing};
use Mode::{Dorian, Major, Minor, Mixolydian, Phrygian};
use ScaleKind as S;

const BLUES_12: &str = "I7 | IV7 | I7 | I7 | IV7 | IV7 | I7 | I7 | V7 | IV7 | I7 | V7";
const BLUES_12_QUICK: &str =
    "I7 | IV7 | I7 | I7 | IV7 | IV7 | I7 | VI7 | ii7 | V7 | I7 IV7 | I7 V7";
const BLUES_8: &str = "I7 | V7 | IV7 | IV7 | I7 | V7 | I7 IV7 | I7 V7";
const MINOR_BLUES: &str = "i7 | iv7 | i7 | i7 | iv7 | iv7 | i7 | i7 | bVI7 | V7 | i7 | V7";
const JAZZ_BLUES: &str =
    "I7 | IV7 | I7 | v7 I7 | IV7 | #iv°7 | I7 | VI7 | ii7 | V7 | I7 VI7 | ii7 V7";

/// Every style, the first being the default for prompts that name none.
pub const STYLES: &[Style] = &[
    Style { id: "pop", name: "Pop", family: Pop, words: &["pop", "catchy", "radio", "chart"], tempo: (80, 108, 128), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | V | vi | IV", "I | vi | IV | V", "vi | IV | I | V", "I | IV | vi | V", "IV | I | V | vi", "i | bVI | bIII | bVII", "i | iv | bVI | V", "bVI | bVII | i | i"],
        scales: &[S::MajorPentatonic, S::Major], note: "Sing it: short phrases, a hook you can hum, land on the chord tones.", rhythm: r(55, 40, 30, 0) },
    Style { id: "blues", name: "Blues shuffle", family: Blues, words: &["blues", "bluesy", "12 bar", "12-bar", "twelve bar", "shuffle blues", "shuffle", "chicago", "delta", "texas", "jump blues", "piedmont"], tempo: (60, 92, 130), meter: (4, 4), mode: Major, feel: Shuffle,
        progressions: &[BLUES_12, BLUES_12_QUICK, BLUES_8, MINOR_BLUES],
        scales: &[S::MinorPentatonic, S::Blues, S::Mixolydian], note: "Lay back on the shuffle; call and answer, bend the minor third toward the major, leave space.", rhythm: r(45, 45, 45, 30) },
    Style { id: "minor-blues", name: "Minor blues", family: Blues, words: &["minor blues"], tempo: (60, 84, 120), meter: (4, 4), mode: Minor, feel: Shuffle,
        progressions: &[MINOR_BLUES],
        scales: &[S::MinorPentatonic, S::Blues, S::Dorian], note: "Dark and slow-burning; lean on the flat five and let phrases breathe.", rhythm: r(40, 40, 50, 25) },
    Style { id: "jazz-blues", name: "Jazz blues", family: Jazz, words: &["jazz blues", "bebop blues", "bird blues"], tempo: (100, 140, 220), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &[JAZZ_BLUES, MINOR_BLUES],
        scales: &[S::Mixolydian, S::Blues, S::BebopDominant], note: "Swing hard; outline the ii–V turnarounds and target thirds on the chord changes.", rhythm: r(70, 45, 25, 30) },
    Style { id: "jazz", name: "Jazz standard", family: Jazz, words: &["jazz", "jazzy", "standard", "swing", "swinging", "real book"], tempo: (90, 132, 200), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["ii7 | V7 | Imaj7 | Imaj7", "Imaj7 | vi7 | ii7 | V7", "iii7 | VI7 | ii7 | V7", "Imaj7 | I7 | IVmaj7 | #iv°7 | iii7 | VI7 | ii7 | V7", "iiø7 | V7 | i7 | i7", "i7 | iv7 | iiø7 V7 | i7", "i6 | iv6 | V7 | i6"],
        scales: &[S::Major, S::BebopMajor, S::MajorPentatonic], note: "Swing the eighths; aim for the 3rd and 7th of each chord on the downbeat.", rhythm: r(65, 45, 25, 25) },
    Style { id: "bebop", name: "Bebop", family: Jazz, words: &["bebop", "bop", "be-bop", "parker", "fast jazz"], tempo: (160, 220, 300), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["ii7 V7 | Imaj7 | ii7 V7 | Imaj7 VI7", "Imaj7 VI7 | ii7 V7 | iii7 VI7 | ii7 V7", "iiø7 V7 | i7 | iv7 | iiø7 V7"],
        scales: &[S::BebopDominant, S::BebopMajor, S::Major], note: "Long eighth-note lines, chromatic passing tones, accents on the off-beats.", rhythm: r(85, 50, 15, 30) },
    Style { id: "modal-jazz", name: "Modal jazz", family: Jazz, words: &["modal", "modal jazz", "so what", "coltrane"], tempo: (100, 136, 180), meter: (4, 4), mode: Dorian, feel: Swing,
        progressions: &["i7 | i7 | i7 | i7 | i7 | i7 | i7 | i7", "i7 | i7 | bII7 | i7"],
        scales: &[S::Dorian, S::MinorPentatonic], note: "One chord for a long time: build motifs, play with space, move them around the mode.", rhythm: r(50, 45, 40, 15) },
    Style { id: "jazz-ballad", name: "Jazz ballad", family: Jazz, words: &["ballad", "ballade", "jazz ballad", "jazz ballade", "torch song"], tempo: (50, 66, 80), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["Imaj7 | vi7 | ii7 | V7", "Imaj7 | IVmaj7 | iii7 VI7 | ii7 V7", "i7 | iv7 | bVImaj7 | V7", "i(maj7) | iv7 | iiø7 | V7"],
        scales: &[S::Major, S::MajorPentatonic, S::Lydian], note: "Slow and vocal; long notes, gentle triplets, let every chord ring.", rhythm: r(30, 30, 35, 35) },
    Style { id: "bossa", name: "Bossa nova", family: Latin, words: &["bossa", "bossa nova", "brazilian", "jobim"], tempo: (110, 128, 146), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["Imaj7 | Imaj7 | II7 | II7 | ii7 | V7 | Imaj7 | V7", "Imaj7 | vi7 | ii7 | V7", "i7 | i7 | iv7 | iv7 | iiø7 | V7 | i7 | V7", "i(maj7) | iv7 | iiø7 | V7"],
        scales: &[S::Major, S::Lydian, S::MajorPentatonic], note: "Soft and syncopated; anticipate the beat, keep the dynamics low.", rhythm: r(50, 65, 30, 0) },
    Style { id: "latin", name: "Latin jazz", family: Latin, words: &["latin", "latin jazz", "afro-cuban jazz", "cuban jazz", "afro-cuban", "cuban", "mariachi"], tempo: (150, 180, 220), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | iv | V7 | i", "i7 | iv7 | bVII7 | bIIImaj7 | bVImaj7 | ii° | V7 | i", "I | IV | V7 | IV", "ii7 | V7 | Imaj7 | Imaj7"],
        scales: &[S::HarmonicMinor, S::Dorian, S::MinorPentatonic], note: "Lock to the clave; short accented phrases, push the off-beats.", rhythm: r(60, 70, 30, 0).with_sixteenths(25) },
    Style { id: "funk", name: "Funk", family: Soul, words: &["funk", "funky", "groove", "groovy", "james brown", "p-funk"], tempo: (88, 100, 118), meter: (4, 4), mode: Dorian, feel: Straight,
        progressions: &["i7 | i7 | i7 | i7", "i7 | IV7 | i7 | IV7", "I7 | I7 | IV7 | I7"],
        scales: &[S::Dorian, S::MinorPentatonic, S::Blues], note: "It's all about the one: short, percussive notes, lots of rests, sit on the sixteenth-note groove.", rhythm: r(55, 75, 50, 0).with_sixteenths(60) },
    Style { id: "soul", name: "Soul", family: Soul, words: &["soul", "stax", "soulful"], tempo: (70, 96, 116), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | vi | IV | V", "Imaj7 | IVmaj7 | iii7 | vi7", "I | IV | I | V", "i7 | iv7 | i7 | V7", "i7 | bVII | bVI | V7"],
        scales: &[S::MajorPentatonic, S::Major, S::Blues], note: "Warm and vocal; bluesy turns over major chords, answer the melody.", rhythm: r(50, 50, 35, 10).with_sixteenths(20) },
    Style { id: "gospel", name: "Gospel", family: Soul, words: &["gospel", "church", "praise"], tempo: (64, 84, 120), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["I | I7 | IV | #iv°7 | I | VI7 | ii7 | V7", "I | iii7 | IV | V7", "IV | V | iii | vi | ii7 | V7 | I | I", "i | iv7 | bVII7 | bIII | bVI | iiø7 | V7 | i", "i | iv | V7 | i"],
        scales: &[S::MajorPentatonic, S::MajorBlues, S::Major], note: "Big and joyful; passing diminished chords, call and response with the choir.", rhythm: r(45, 45, 30, 25) },
    Style { id: "rnb", name: "R&B", family: Soul, words: &["r&b", "rnb", "r'n'b", "r and b", "rhythm and blues", "slow jam"], tempo: (64, 84, 104), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i7 | iv7 | bVIImaj7 | bIIImaj7", "vi7 | ii7 | V7 | Imaj7"],
        scales: &[S::MinorPentatonic, S::Dorian, S::NaturalMinor], note: "Smooth runs and laid-back phrasing behind the beat.", rhythm: r(55, 60, 30, 10).with_sixteenths(35) },
    Style { id: "neo-soul", name: "Neo-soul", family: Soul, words: &["neo-soul", "neo soul", "neosoul", "d'angelo", "erykah"], tempo: (68, 80, 96), meter: (4, 4), mode: Dorian, feel: Swing,
        progressions: &["i9 | IV9 | i9 | IV9", "ii9 | V9 | Imaj9 | vi9", "Imaj9 | iii7 | vi9 | V9sus4"],
        scales: &[S::Dorian, S::MinorPentatonic, S::Major], note: "Lazy swing, lush extended chords; phrase behind the beat.", rhythm: r(45, 60, 40, 20).with_sixteenths(35) },
    Style { id: "rock", name: "Rock", family: Rock, words: &["rock", "rock and roll", "rock'n'roll", "classic rock", "country rock", "garage rock"], tempo: (100, 120, 150), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | bVII | IV | I", "I | IV | V | IV", "I | V | IV | IV", "vi | IV | I | V", "i | bVII | bVI | bVII", "i | bVI | bVII | i", "i | iv | bVII | i"],
        scales: &[S::MinorPentatonic, S::MajorPentatonic, S::Mixolydian], note: "Driving eighths, riffs that repeat and build; hit the accents with the drums.", rhythm: r(60, 35, 25, 0) },
    Style { id: "hard-rock", name: "Hard rock", family: Rock, words: &["hard rock", "arena", "ac/dc", "riff rock"], tempo: (110, 130, 160), meter: (4, 4), mode: Mixolydian, feel: Straight,
        progressions: &["I5 | bVII5 | IV5 | I5", "I5 | bIII5 | IV5 | I5", "i5 | bVII5 | bVI5 | bVII5", "i5 | bIII5 bVII5 | i5 | bVI5 bVII5"],
        scales: &[S::MinorPentatonic, S::Blues, S::Mixolydian], note: "Power chords and a riff; keep the rhythm tight and loud.", rhythm: r(60, 40, 25, 0) },
    Style { id: "punk", name: "Punk", family: Rock, words: &["punk", "punk rock", "ramones", "pop punk", "hardcore"], tempo: (160, 180, 220), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I5 | IV5 | V5 | IV5", "I5 | V5 | vi5 | IV5", "I5 | I5 | IV5 | V5", "i | bVI | bIII | bVII", "i | iv | bVI | bVII"],
        scales: &[S::MajorPentatonic, S::Major], note: "Fast, loud, simple: downstrokes, short shouted phrases.", rhythm: r(50, 20, 25, 0) },
    Style { id: "metal", name: "Metal", family: Rock, words: &["metal", "heavy metal", "thrash", "doom", "djent", "metallica", "metalcore"], tempo: (100, 140, 200), meter: (4, 4), mode: Phrygian, feel: Straight,
        progressions: &["i5 | bII5 | i5 | bVII5", "i5 | bVI5 | bVII5 | i5", "i5 | i5 | bII5 | i5"],
        scales: &[S::Phrygian, S::NaturalMinor, S::PhrygianDominant], note: "Palm-muted riffs, gallops and the dark flat second.", rhythm: r(70, 30, 20, 10) },
    Style { id: "grunge", name: "Grunge", family: Rock, words: &["grunge", "nirvana", "seattle"], tempo: (90, 116, 140), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i5 | bIII5 | iv5 | bVI5", "i5 | bVII5 | bIII5 | IV5"],
        scales: &[S::MinorPentatonic, S::NaturalMinor], note: "Quiet verse, loud chorus; sludgy and a bit off-kilter.", rhythm: r(45, 35, 35, 0) },
    Style { id: "indie", name: "Indie", family: Rock, words: &["indie", "indie rock", "indie pop", "dream pop", "shoegaze", "britpop", "alternative", "alt rock"], tempo: (96, 120, 140), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | iii | IV | IV", "vi | IV | I | V", "I | IVmaj7 | vi | V", "i | bIII | bVII | iv", "i | bVI | bIII | bVII"],
        scales: &[S::Major, S::MajorPentatonic], note: "Jangly and open; ringing strings, melodies that wander a little.", rhythm: r(55, 40, 35, 0) },
    Style { id: "reggae", name: "Reggae", family: Reggae, words: &["reggae", "dancehall", "rocksteady", "marley", "roots", "one drop"], tempo: (66, 76, 90), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | IV | I | V", "ii | V | ii | V", "vi | IV | I | V", "i | iv | i | v"],
        scales: &[S::MajorPentatonic, S::Major], note: "Relaxed one-drop: chords on the off-beat, melody that floats and leaves room.", rhythm: r(40, 65, 45, 0) },
    Style { id: "ska", name: "Ska", family: Reggae, words: &["ska", "two tone", "2 tone", "skank"], tempo: (140, 160, 190), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | vi | IV | V", "I | IV | V | IV", "i | iv | i | V7", "i | bVII | bVI | V7"],
        scales: &[S::Major, S::MajorPentatonic], note: "Upstrokes on the off-beat, bright horn-like lines.", rhythm: r(60, 60, 30, 0) },
    Style { id: "country", name: "Country", family: Country, words: &["country", "nashville", "honky tonk", "honky-tonk", "western"], tempo: (90, 112, 140), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | I | IV | I | I | V7 | V7 | I", "I | IV | V7 | I", "i | iv | V7 | i", "i | bVII | bVI | V7"],
        scales: &[S::MajorPentatonic, S::Major, S::MajorBlues], note: "Twang it: major pentatonic licks, slides into the thirds.", rhythm: r(50, 30, 30, 0) },
    Style { id: "bluegrass", name: "Bluegrass", family: Country, words: &["bluegrass", "newgrass", "banjo", "appalachian", "breakdown"], tempo: (140, 170, 220), meter: (2, 2), mode: Major, feel: Straight,
        progressions: &["I | I | IV | I | I | I | V | I", "I | IV | I | V", "i | iv | i | V7 | i | iv | V7 | i", "i | bVII | i | bVII | i | bVII | V7 | i"],
        scales: &[S::MajorPentatonic, S::Major], note: "Fast and clean; flowing eighth-note runs, chop on the backbeat.", rhythm: r(80, 20, 15, 0) },
    Style { id: "folk", name: "Folk", family: Folk, words: &["folk", "acoustic", "campfire", "singer-songwriter", "ballad folk", "volkslied", "americana"], tempo: (76, 96, 120), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | IV | I | V", "I | V | vi | IV", "I | IV | V | I", "i | bVII | i | V", "i | iv | bVII | bIII"],
        scales: &[S::Major, S::MajorPentatonic], note: "Simple and singable; a tune a whole room can learn by the second time.", rhythm: r(45, 20, 25, 0) },
    Style { id: "celtic", name: "Celtic jig", family: Celtic, words: &["celtic", "irish", "scottish", "jig", "gigue", "trad", "session"], tempo: (96, 116, 132), meter: (6, 8), mode: Major, feel: Straight,
        progressions: &["I | IV | I | V | I | IV | V | I", "I | bVII | I | V", "i | bVII | i | bVII"],
        scales: &[S::Major, S::Mixolydian, S::MajorPentatonic], note: "Lilting 6/8: run the eighths, ornament with rolls and cuts.", rhythm: r(85, 15, 10, 0) },
    Style { id: "flamenco", name: "Flamenco", family: Flamenco, words: &["flamenco", "spanish", "andalusian", "gypsy", "bulerias"], tempo: (90, 112, 150), meter: (3, 4), mode: Phrygian, feel: Straight,
        progressions: &["i | bVII | bVI | V", "i bVII | bVI V | i bVII | bVI V", "iv | bIII | bII | I", "I | bII | I | bII", "I bII | bIII bII | I bII | bIII bII | iv | bIII | bII | I"],
        scales: &[S::PhrygianDominant, S::Phrygian, S::HarmonicMinor], note: "Andalusian cadence: fierce rhythm, the raised third on the final chord.", rhythm: r(60, 50, 25, 20) },
    Style { id: "afrobeat", name: "Afrobeat", family: Afro, words: &["afrobeat", "afro", "fela", "highlife", "afrobeats"], tempo: (100, 112, 126), meter: (4, 4), mode: Dorian, feel: Straight,
        progressions: &["i7 | i7 | IV7 | i7", "i7 | bVII7 | i7 | bVII7", "I7 | IV7 | I7 | IV7", "I | IV | I | V"],
        scales: &[S::Dorian, S::MinorPentatonic], note: "Interlocking grooves; short repeated horn riffs over one chord.", rhythm: r(60, 70, 35, 0).with_sixteenths(40) },
    Style { id: "psychedelic", name: "Psychedelic", family: Rock, words: &["psychedelic", "psychedelia", "psych", "trippy", "60s", "sixties"], tempo: (80, 100, 126), meter: (4, 4), mode: Mixolydian, feel: Straight,
        progressions: &["I | bVII | IV | I", "i | bVII | bVI | bVII", "I | bIII | IV | I"],
        scales: &[S::Mixolydian, S::Dorian, S::MinorPentatonic], note: "Droning and hypnotic; modal riffs, let the notes smear.", rhythm: r(45, 40, 35, 10) },
    Style { id: "lofi", name: "Lo-fi hip hop", family: HipHop, words: &["lo-fi", "lofi", "lo fi", "chillhop", "beats to study"], tempo: (70, 80, 92), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["ii7 | V7 | Imaj7 | vi7", "Imaj7 | vi7 | ii7 | V7", "IVmaj7 | iii7 | ii7 | Imaj7", "i7 | iv7 | i7 | v7", "iiø7 | V7 | i7 | i7", "i9 | iv7 | bVIImaj7 | bIIImaj7"],
        scales: &[S::Major, S::MajorPentatonic, S::Dorian], note: "Dusty and lazy: behind the beat, jazzy sevenths, lots of space.", rhythm: r(35, 55, 50, 10).with_sixteenths(30) },
    Style { id: "edm", name: "EDM", family: Electronic, words: &["edm", "electronic", "techno", "trance", "dance", "club", "synth", "drum and bass", "drum n bass", "dnb", "dubstep"], tempo: (118, 126, 140), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | bVI | bIII | bVII", "vi | IV | I | V", "i | iv | bVI | bVII"],
        scales: &[S::NaturalMinor, S::MinorPentatonic], note: "Four on the floor: short repeating synth hook, build and drop.", rhythm: r(65, 55, 25, 0).with_sixteenths(25) },
    Style { id: "cinematic", name: "Cinematic", family: Cinematic, words: &["cinematic", "film", "movie", "trailer", "epic", "soundtrack", "orchestral", "score"], tempo: (60, 76, 100), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | bVI | bIII | bVII", "i | iv | bVI | V", "i | bVI | iv | V", "I | iii | IV | iv", "I | V | vi | iii | IV | I | IV | V"],
        scales: &[S::NaturalMinor, S::HarmonicMinor], note: "Wide and slow-building; long notes that climb to a climax.", rhythm: r(30, 20, 25, 10) },
    Style { id: "disco", name: "Disco", family: Soul, words: &["disco", "nu disco", "nu-disco", "studio 54", "bee gees"], tempo: (110, 120, 130), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i7 | iv7 | i7 | iv7", "i7 | bVII | bVI | V7", "Imaj7 | vi7 | ii7 | V7", "ii7 | V7 | Imaj7 | vi7"],
        scales: &[S::Dorian, S::MinorPentatonic, S::NaturalMinor], note: "Four on the floor, the hi-hat opening on every off-beat; octave-jumping bass, short syncopated hooks.", rhythm: r(60, 60, 25, 0).with_sixteenths(20) },
    Style { id: "boogie-woogie", name: "Boogie-woogie", family: Blues, words: &["boogie woogie", "boogie-woogie", "boogie"], tempo: (120, 150, 180), meter: (4, 4), mode: Major, feel: Shuffle,
        progressions: &[BLUES_12, BLUES_12_QUICK, MINOR_BLUES],
        scales: &[S::Blues, S::Mixolydian, S::MajorBlues], note: "A rolling left hand of shuffled eighths up and down the chord; right-hand riffs in sixths and blue notes.", rhythm: r(75, 40, 20, 30) },
    Style { id: "gypsy-jazz", name: "Gypsy jazz", family: Jazz, words: &["gypsy jazz", "jazz manouche", "manouche", "django", "hot club", "minor swing", "gypsy swing", "gypsy"], tempo: (140, 180, 240), meter: (4, 4), mode: Minor, feel: Swing,
        progressions: &["i6 | i6 | iv6 | iv6 | V7 | V7 | i6 | i6", "i6 | iv6 | V7 | i6", "Imaj7 | VI7 | ii7 | V7", "I6 | I6 | II7 | II7 | ii7 | V7 | I6 | V7"],
        scales: &[S::HarmonicMinor, S::MinorPentatonic, S::Dorian], note: "La pompe in the rhythm guitar; arpeggiate the sixth chords, chromatic runs into the changes, vibrato on long notes.", rhythm: r(75, 45, 20, 35) },
    Style { id: "samba", name: "Samba", family: Latin, words: &["samba", "batucada", "choro", "pagode", "carnaval"], tempo: (88, 100, 116), meter: (2, 4), mode: Major, feel: Straight,
        progressions: &["I | VI7 | ii7 | V7", "Imaj7 | II7 | ii7 V7 | Imaj7", "i | iv | V7 | i"],
        scales: &[S::Major, S::MajorPentatonic, S::Mixolydian], note: "In two, with the surdo on beat two; busy syncopated sixteenths that ride over the bar line.", rhythm: r(65, 70, 20, 0).with_sixteenths(40) },
    Style { id: "tango", name: "Tango", family: Latin, words: &["tango", "milonga", "piazzolla", "tango nuevo"], tempo: (100, 116, 130), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | V7 | V7 | i", "i | iv | V7 | i", "i | bVI | V7 | i", "I | V7 | V7 | I", "I | IV | V7 | I"],
        scales: &[S::HarmonicMinor, S::NaturalMinor], note: "Marcato in four, sharp staccato accents, a dramatic pause before the cadence.", rhythm: r(55, 50, 35, 0) },
    Style { id: "reel", name: "Celtic reel", family: Celtic, words: &["reel", "reels", "celtic reel", "irish reel", "scottish reel"], tempo: (96, 108, 120), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | IV | I | V", "I | bVII | I | V", "I | I | IV | V", "i | bVII | i | bVII"],
        scales: &[S::Major, S::Mixolydian, S::MajorPentatonic], note: "Running eighths, light on the beat; rolls and cuts on the long notes, the tune in two halves.", rhythm: r(90, 20, 5, 0) },
    Style { id: "slip-jig", name: "Slip jig", family: Celtic, words: &["slip jig", "slip-jig", "slipjig"], tempo: (100, 116, 126), meter: (9, 8), mode: Major, feel: Straight,
        progressions: &["I | IV | I | V", "I | I | IV | V", "i | bVII | i | bVII"],
        scales: &[S::Major, S::Mixolydian], note: "Three lilting groups of three; dance it light, lift on the third group.", rhythm: r(70, 15, 10, 0) },
    Style { id: "polka", name: "Polka", family: Folk, words: &["polka", "oompah", "oom-pah", "oom pah"], tempo: (100, 120, 140), meter: (2, 4), mode: Major, feel: Straight,
        progressions: &["I | V7 | V7 | I", "I | I | V7 | I", "I | IV | V7 | I", "i | V7 | V7 | i", "i | iv | V7 | i"],
        scales: &[S::Major, S::MajorPentatonic], note: "Oom-pah: bass on one, chord on two; a bright, staccato tune.", rhythm: r(60, 25, 20, 0) },
    Style { id: "house", name: "House", family: Electronic, words: &["house", "deep house", "tech house", "garage house", "chicago house"], tempo: (118, 124, 128), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i7 | iv7 | i7 | iv7", "i | bVI | bIII | bVII", "i7 | bVIImaj7 | bVImaj7 | bVII", "I | vi | IV | V", "IVmaj7 | V | iii7 | vi7"],
        scales: &[S::Dorian, S::MinorPentatonic], note: "Four on the floor, off-beat hats; short stabbed hooks that repeat and open up.", rhythm: r(50, 60, 40, 0).with_sixteenths(20) },
    Style { id: "synthwave", name: "Synthwave", family: Electronic, words: &["synthwave", "synth wave", "retrowave", "outrun", "80s synth"], tempo: (80, 100, 118), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | bVI | bIII | bVII", "i | bVII | bVI | bVII", "i | iv | bVI | bVII", "I | V | vi | IV", "IV | V | iii | vi"],
        scales: &[S::NaturalMinor, S::MinorPentatonic], note: "Driving eighth-note bass, gated drums, a long singing lead over the minor chords.", rhythm: r(45, 30, 30, 0) },
    Style { id: "boom-bap", name: "Boom-bap hip hop", family: HipHop, words: &["boom bap", "boom-bap", "hip hop", "hiphop", "hip-hop", "rap", "golden era"], tempo: (84, 90, 98), meter: (4, 4), mode: Minor, feel: Swing,
        progressions: &["i7 | iv7 | i7 | iv7", "i7 | bVImaj7 | i7 | bVImaj7", "ii7 | V7 | Imaj7 | vi7"],
        scales: &[S::Dorian, S::MinorPentatonic], note: "Kick on one, snare on two and four, swung sixteenths; a sampled-sounding loop with space for the verse.", rhythm: r(45, 55, 45, 0).with_sixteenths(25) },
    Style { id: "surf", name: "Surf rock", family: Rock, words: &["surf", "surf rock", "dick dale", "the ventures"], tempo: (140, 160, 180), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | IV | I | V", "I | bVII | IV | I", "i | bVII | bVI | V7"],
        scales: &[S::MajorPentatonic, S::Major, S::HarmonicMinor], note: "Wet reverb, tremolo-picked runs, a twangy lead over a driving beat.", rhythm: r(80, 30, 15, 0) },
    Style { id: "rockabilly", name: "Rockabilly", family: Rock, words: &["rockabilly", "rock-a-billy", "sun records", "stray cats"], tempo: (150, 170, 200), meter: (4, 4), mode: Major, feel: Shuffle,
        progressions: &[BLUES_12, "I | I | IV | I | V7 | IV7 | I | V7", MINOR_BLUES, "i | iv | V7 | i"],
        scales: &[S::MajorPentatonic, S::Blues, S::Mixolydian], note: "Slap-back echo and a slapped bass; double stops and quick bends on the shuffle.", rhythm: r(65, 40, 20, 20) },
    Style { id: "ii-v-i", name: "ii–V–I practice", family: Jazz, words: &["ii-v-i", "ii v i", "ii-v-is", "ii v is", "2-5-1", "two five one", "two-five-one", "251 progression", "ii-v"], tempo: (100, 120, 160), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["ii7 | V7 | Imaj7 | Imaj7", "ii7 V7 | Imaj7 | ii7 V7 | Imaj7", "iiø7 | V7 | i6 | i6"],
        scales: &[S::Major, S::BebopMajor], note: "Practise the changes: the third and seventh of each chord on the downbeat, the seventh of ii falling to the third of V.", rhythm: r(65, 40, 25, 20) },
    Style { id: "minor-ii-v", name: "Minor ii–V–i practice", family: Jazz, words: &["minor ii-v", "minor ii v", "minor ii-v-i", "minor two five", "minor 2-5-1", "minor 251"], tempo: (100, 120, 160), meter: (4, 4), mode: Minor, feel: Swing,
        progressions: &["iiø7 | V7 | i6 | i6", "iiø7 V7 | i6 | iiø7 V7 | i6"],
        scales: &[S::HarmonicMinor, S::Dorian], note: "Practise the minor cadence: the flat nine of V falling to the fifth of i, Locrian over the half-diminished ii.", rhythm: r(65, 40, 25, 20) },
    Style { id: "hard-bop", name: "Hard bop", family: Jazz, words: &["hard bop", "hardbop", "hard-bop", "blue note", "art blakey", "jazz messengers", "horace silver"], tempo: (120, 168, 240), meter: (4, 4), mode: Minor, feel: Swing,
        progressions: &["i7 | IV7 | i7 | IV7 | iiø7 | V7 | i7 | V7", "i7 | iv7 | i7 | i7 | iv7 | iv7 | i7 | i7 | bVI7 | V7 | i7 | V7", "I7 | IV7 | I7 | I7 | IV7 | IV7 | I7 | VI7 | ii7 | V7 | I7 | V7", "Imaj7 | vi7 | ii7 | V7 | iii7 | VI7 | ii7 | V7"],
        scales: &[S::Dorian, S::Blues, S::BebopDominant], note: "Bluesy and driving: gospel-tinged lines, punch the ii–Vs, dig into the blue notes.", rhythm: r(70, 50, 25, 25) },
    Style { id: "cool-jazz", name: "Cool jazz", family: Jazz, words: &["cool jazz", "west coast jazz", "west coast", "chet baker", "brubeck", "birth of the cool"], tempo: (90, 126, 176), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["Imaj7 | vi7 | ii7 | V7", "ii7 | V7 | Imaj7 | IVmaj7 | iii7 | VI7 | ii7 | V7", "i7 | i7 | iv7 | bVII7 | i7 | bVI7 | iiø7 | V7", "i7 | iv7 | iiø7 V7 | i7"],
        scales: &[S::Major, S::MajorPentatonic, S::Lydian], note: "Light touch and long lines: understated, lyrical, plenty of air between phrases.", rhythm: r(55, 35, 40, 15) },
    Style { id: "smooth-jazz", name: "Smooth jazz", family: Jazz, words: &["smooth jazz", "kenny g", "quiet storm", "contemporary jazz", "smooth sax"], tempo: (76, 92, 108), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["Imaj9 | IVmaj9 | Imaj9 | IVmaj9", "ii9 | V13 | Imaj9 | vi9", "IVmaj7 | iii7 | ii7 | Imaj7", "i9 | iv9 | i9 | bVImaj7 bVII", "i9 | bVImaj7 | iv9 | V7"],
        scales: &[S::Major, S::MajorPentatonic, S::Dorian], note: "Polished and singable: a sixteenth-note pocket, rich ninth chords, melodies that sigh and resolve.", rhythm: r(50, 55, 40, 0).with_sixteenths(35) },
    Style { id: "soul-jazz", name: "Soul jazz", family: Jazz, words: &["soul jazz", "soul-jazz", "organ trio", "jimmy smith", "groove jazz"], tempo: (90, 116, 150), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &[BLUES_12, "I7 | IV7 | I7 | IV7", "i7 | IV7 | i7 | IV7", "i7 | i7 | iv7 | iv7 | i7 | i7 | V7 | V7"],
        scales: &[S::Blues, S::Mixolydian, S::MinorPentatonic], note: "Greasy organ-trio groove: bluesy riffs, repeat the hook and build, let it swing.", rhythm: r(55, 55, 40, 20) },
    Style { id: "acid-jazz", name: "Acid jazz", family: Jazz, words: &["acid jazz", "acid-jazz", "jamiroquai", "brand new heavies", "incognito"], tempo: (100, 112, 124), meter: (4, 4), mode: Dorian, feel: Straight,
        progressions: &["i7 | i7 | IV7 | IV7", "i9 | bVII | i9 | bVII", "i7 | IV7 | bVII | i7", "Imaj7 | ii7 | iii7 | ii7"],
        scales: &[S::Dorian, S::MinorPentatonic, S::Blues], note: "Jazz over a dance beat: sixteenth-note funk pocket, dorian vamps, horn-like riffs.", rhythm: r(55, 70, 40, 0).with_sixteenths(50) },
    Style { id: "fusion", name: "Jazz fusion", family: Jazz, words: &["fusion", "jazz fusion", "jazz rock", "jazz-rock", "weather report", "mahavishnu", "return to forever"], tempo: (100, 126, 168), meter: (4, 4), mode: Dorian, feel: Straight,
        progressions: &["i7 | bVIImaj7 | i7 | bVIImaj7", "i9 | i9 | IV9 | IV9", "Imaj7 | II7 | Imaj7 | II7", "i7 | bVImaj7 | bVIImaj7 | i7"],
        scales: &[S::Dorian, S::Lydian, S::MinorPentatonic], note: "Rock energy, jazz harmony: angular lines over modal vamps, play the colour tones (9ths, ♯11s).", rhythm: r(70, 55, 25, 10).with_sixteenths(40) },
    Style { id: "lounge", name: "Lounge", family: Jazz, words: &["lounge", "lounge jazz", "exotica", "cocktail", "cocktail jazz", "easy listening", "supper club"], tempo: (80, 104, 126), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["Imaj7 | vi7 | ii7 | V7", "Imaj7 | IVmaj7 | iii7 | VI7 | ii7 | V7 | Imaj7 | Imaj7", "i6 | i6 | iv6 | iv6 | V7 | V7 | i6 | i6"],
        scales: &[S::Major, S::MajorPentatonic], note: "Cocktail hour: relaxed swing, pretty chord tones, never in a hurry.", rhythm: r(45, 30, 40, 15) },
    Style { id: "big-band", name: "Big band swing", family: Jazz, words: &["big band", "big-band", "swing era", "count basie", "basie", "duke ellington", "ellington", "glenn miller", "swing band"], tempo: (120, 160, 220), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["I6 | I6 | ii7 | V7 | ii7 | V7 | I6 | I6", "I6 vi7 | ii7 V7 | I6 vi7 | ii7 V7 | I7 | IV7 #iv°7 | I6 V7 | I6", "i6 | iv6 | V7 | i6"],
        scales: &[S::Major, S::MajorPentatonic, S::BebopMajor], note: "Swing-era drive: riffs like a horn section, call and answer, build to the shout chorus.", rhythm: r(60, 50, 30, 25) },
    Style { id: "new-orleans", name: "New Orleans", family: Jazz, words: &["new orleans", "second line", "second-line", "nola", "brass band", "dixieland", "dixie", "trad jazz", "traditional jazz", "preservation hall"], tempo: (90, 120, 180), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["I | I | I | I | I | I | V7 | V7 | I | I7 | IV | iv | I | V7 | I | I", "I | I | V7 | V7 | V7 | V7 | I | I", "i | V7 | i | i | iv | V7 | i | i"],
        scales: &[S::MajorPentatonic, S::Major, S::MajorBlues], note: "Street-parade joy: trumpet-like calls, simple singable lines, everyone answers.", rhythm: r(55, 50, 30, 20) },
    Style { id: "jazz-funk", name: "Jazz-funk", family: Soul, words: &["jazz funk", "jazz-funk", "jazzfunk", "headhunters", "herbie hancock", "chameleon"], tempo: (92, 104, 120), meter: (4, 4), mode: Dorian, feel: Straight,
        progressions: &["i7 | IV7 | i7 | IV7", "i9 | i9 | bVII9 | bVII9", "I7 | IV7 | I7 | IV7"],
        scales: &[S::Dorian, S::MinorPentatonic, S::Mixolydian], note: "Funk pocket, jazz vocabulary: sixteenth-note comping, chromatic approach tones, hip dorian lines.", rhythm: r(60, 70, 40, 5).with_sixteenths(55) },
    Style { id: "motown", name: "Motown", family: Soul, words: &["motown", "northern soul", "supremes", "four tops", "temptations", "detroit soul"], tempo: (100, 120, 140), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | vi | IV | V", "I | IV | I | V", "I | iii | IV | V", "i | iv | bVII | bIII"],
        scales: &[S::MajorPentatonic, S::Major], note: "Tambourine on every beat: sing it sweet over the driving four, hooks in the chorus.", rhythm: r(55, 45, 30, 0) },
    Style { id: "blues-rock", name: "Blues rock", family: Blues, words: &["blues rock", "blues-rock", "bluesrock", "stevie ray", "srv", "hendrix", "cream"], tempo: (80, 112, 140), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &[BLUES_12, "I5 | bVII5 IV5 | I5 | bVII5 IV5", MINOR_BLUES, "i7 | i7 | iv7 | i7 | V7 | iv7 | i7 | V7"],
        scales: &[S::MinorPentatonic, S::Blues, S::Mixolydian], note: "Loud and raw: pentatonic riffs, big bends, let the amp sustain the long notes.", rhythm: r(50, 45, 35, 10) },
    Style { id: "southern-rock", name: "Southern rock", family: Rock, words: &["southern rock", "lynyrd skynyrd", "skynyrd", "allman brothers", "allman", "marshall tucker"], tempo: (90, 116, 144), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | bVII | IV | I", "I | V | bVII | IV", "I | IV | I | V", "i | bVII | bVI | bVII"],
        scales: &[S::MajorPentatonic, S::MajorBlues, S::Mixolydian], note: "Twin guitars and slide: major-pentatonic hooks in thirds, a lazy swagger.", rhythm: r(55, 40, 30, 5) },
    Style { id: "prog-rock", name: "Progressive rock", family: Rock, words: &["prog", "prog rock", "prog-rock", "progrock", "progressive rock", "progressive", "math rock", "art rock", "king crimson"], tempo: (80, 120, 160), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | bVI | bIII | bVII", "i | bVII | bVI | V", "I | II | I | II", "I | bVII | IV | I"],
        scales: &[S::NaturalMinor, S::Dorian, S::Lydian], note: "Ambitious and shifting: odd phrase lengths, modal colour, themes restated and transformed.", rhythm: r(60, 45, 30, 10) },
    Style { id: "rock-ballad", name: "Rock ballad", family: Rock, words: &["rock ballad", "power ballad", "arena ballad", "rock ballade"], tempo: (60, 72, 86), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | V | vi | IV", "vi | IV | I | V", "I | iii | IV | V", "i | bVI | bIII | bVII"],
        scales: &[S::MajorPentatonic, S::Major, S::NaturalMinor], note: "Big and emotional: long sustained notes, build to the chorus, let the solo sing.", rhythm: r(35, 30, 40, 0) },
    Style { id: "ambient", name: "Ambient", family: Cinematic, words: &["ambient", "drone", "soundscape", "brian eno", "new age", "meditation music"], tempo: (50, 66, 84), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["Imaj7 | IVmaj7 | Imaj7 | IVmaj7", "Imaj9 | vi7 | IVmaj9 | Imaj9", "i9 | bVImaj7 | i9 | bVImaj7"],
        scales: &[S::Major, S::Lydian, S::MajorPentatonic], note: "Let it float: long tones, slow changes, silence between phrases.", rhythm: r(15, 10, 60, 0) },
    Style { id: "trip-hop", name: "Trip-hop", family: HipHop, words: &["trip hop", "trip-hop", "triphop", "portishead", "massive attack", "bristol sound"], tempo: (68, 80, 96), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | bVI | iv | V", "i7 | iv7 | i7 | bVImaj7", "Imaj7 | iii7 | IVmaj7 | iv"],
        scales: &[S::NaturalMinor, S::HarmonicMinor, S::MinorPentatonic], note: "Dark and slow: a heavy head-nod beat, cinematic minor chords, a sparse, haunted melody.", rhythm: r(35, 50, 55, 0).with_sixteenths(20) },
    Style { id: "salsa", name: "Salsa", family: Latin, words: &["salsa", "son montuno", "montuno", "son cubano", "mambo", "timba", "salsa dura"], tempo: (150, 180, 210), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i iv | V7 iv", "i | iv | V7 | i", "I IV | V7 IV", "I | IV | V7 | I"],
        scales: &[S::HarmonicMinor, S::Major, S::MinorPentatonic], note: "Clave is king: a syncopated montuno, anticipate the chords, answer the coro.", rhythm: r(65, 75, 25, 0) },
    Style { id: "cumbia", name: "Cumbia", family: Latin, words: &["cumbia", "cumbia villera", "chicha", "vallenato"], tempo: (84, 96, 110), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | V7 | V7 | I", "I | IV | V7 | I", "i | iv | V7 | i", "i | bVII | bVI | V7"],
        scales: &[S::MajorPentatonic, S::Major, S::HarmonicMinor], note: "Sway, don't rush: the scraper runs the eighths, melody answers off the beat.", rhythm: r(55, 55, 30, 0) },
    Style { id: "dub", name: "Dub", family: Reggae, words: &["dub", "dubwise", "dub reggae", "king tubby", "lee perry", "lee scratch perry"], tempo: (60, 70, 80), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | i | iv | iv", "i | bVII | i | bVII", "i7 | iv7 | i7 | v7", "I | IV | I | IV"],
        scales: &[S::MinorPentatonic, S::Dorian, S::NaturalMinor], note: "Bass and space: a heavy one-drop, melody fragments that echo away, drop out and back in.", rhythm: r(25, 60, 65, 0) },
    Style { id: "two-step", name: "Country two-step", family: Country, words: &["two step", "two-step", "2 step", "2-step", "texas two step", "texas two-step"], tempo: (120, 152, 184), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | I | IV | I | V7 | V7 | I | I", "I | IV | I | V7", "i | iv | V7 | i"],
        scales: &[S::MajorPentatonic, S::Major, S::MajorBlues], note: "Dance-hall country: boom-chick bass, bright major licks with a slide into the third.", rhythm: r(55, 35, 25, 0) },
    Style { id: "train-beat", name: "Train beat", family: Country, words: &["train beat", "train-beat", "freight train", "boom chicka", "johnny cash", "folsom"], tempo: (140, 172, 210), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | I | IV | I | V7 | V7 | I | I", "I | I | I | I | IV | IV | I | I | V7 | V7 | I | I", "i | i | iv | i | V7 | V7 | i | i"],
        scales: &[S::MajorPentatonic, S::Major], note: "Boom-chicka-boom: a steady brushed drive, simple melodies that ride the rails.", rhythm: r(50, 25, 30, 0) },
    Style { id: "hornpipe", name: "Hornpipe", family: Celtic, words: &["hornpipe", "horn pipe", "hornpipes", "sailor's hornpipe"], tempo: (66, 80, 96), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["I | IV | I | V | I | IV | V | I", "I | V | I | IV V | I | IV | V | I", "i | bVII | i | V | i | bVII | V | i"],
        scales: &[S::Major, S::Mixolydian, S::MajorPentatonic], note: "Dotted and stately: long-short eighths, end each strain on three crisp quarter notes.", rhythm: r(80, 15, 10, 0) },
    Style { id: "waltz", name: "Waltz", family: Folk, words: &["waltz", "valse", "vals", "walzer", "valzer", "valsa"], tempo: (84, 120, 168), meter: (3, 4), mode: Major, feel: Straight,
        progressions: &["I | I | V7 | V7 | V7 | V7 | I | I", "I | IV | V7 | I", "i | iv | V7 | i", "i | i | V7 | V7 | V7 | V7 | i | i"],
        scales: &[S::Major, S::MajorPentatonic], note: "ONE-two-three: lean on the downbeat and let the melody sway.", rhythm: r(45, 15, 20, 0) },
    Style { id: "rhythm-changes", name: "Rhythm changes", family: Jazz, words: &["rhythm changes", "i got rhythm", "anthropology"], tempo: (160, 200, 260), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["Imaj7 vi7 | ii7 V7 | Imaj7 vi7 | ii7 V7 | I7 | IV7 #iv°7 | Imaj7 V7 | Imaj7"],
        scales: &[S::Major, S::BebopMajor, S::MajorPentatonic], note: "Bebop's favourite changes: fast, swinging, land on the thirds.", rhythm: r(80, 50, 15, 25) },
    Style { id: "andalusian", name: "Andalusian cadence", family: Flamenco, words: &["andalusian cadence", "cadencia andaluza", "cadenza andalusa", "hit the road jack", "walk down"], tempo: (90, 110, 140), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | bVII | bVI | V"],
        scales: &[S::HarmonicMinor, S::NaturalMinor], note: "The falling four-chord walk-down; raise the seventh over the last chord.", rhythm: r(55, 40, 25, 0) },
];

/// The style with this id.
pub fn by_id(id: &str) -> Option<&'static Style> {
    STYLES.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_are_distinct_and_complete() {
        assert!(STYLES.len() >= 30);
        for (i, s) in STYLES.iter().enumerate() {
            assert!(
                STYLES[..i].iter().all(|o| o.id != s.id),
                "duplicate {}",
                s.id
            );
            assert!(!s.progressions.is_empty() && !s.scales.is_empty() && !s.words.is_empty());
            assert!(s.tempo.0 <= s.tempo.1 && s.tempo.1 <= s.tempo.2, "{}", s.id);
        }
    }
}
