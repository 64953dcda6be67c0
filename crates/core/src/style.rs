//! The styles JamSesh knows: how each one sounds (tempo, meter, mode, feel), which
//! progressions it uses and which scales a player reaches for over them.

use crate::theory::key::Mode;
use crate::theory::scale::ScaleKind;

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
}

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

/// One style: everything the composer needs to sound idiomatic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Stable id, used in seeds, buttons and tests.
    pub id: &'static str,
    /// Its name for people.
    pub name: &'static str,
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
    Style { id: "pop", name: "Pop", words: &["pop", "catchy", "radio", "chart"], tempo: (80, 108, 128), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | V | vi | IV", "I | vi | IV | V", "vi | IV | I | V", "I | IV | vi | V", "IV | I | V | vi"],
        scales: &[S::MajorPentatonic, S::Major], note: "Sing it: short phrases, a hook you can hum, land on the chord tones.", rhythm: r(55, 40, 30, 0) },
    Style { id: "blues", name: "Blues shuffle", words: &["blues", "bluesy", "12 bar", "12-bar", "twelve bar", "shuffle blues", "shuffle", "chicago", "delta", "texas", "jump blues", "piedmont", "boogie woogie", "boogie-woogie"], tempo: (60, 92, 130), meter: (4, 4), mode: Major, feel: Shuffle,
        progressions: &[BLUES_12, BLUES_12_QUICK, BLUES_8],
        scales: &[S::MinorPentatonic, S::Blues, S::Mixolydian], note: "Lay back on the shuffle; call and answer, bend the minor third toward the major, leave space.", rhythm: r(45, 45, 45, 30) },
    Style { id: "minor-blues", name: "Minor blues", words: &["minor blues"], tempo: (60, 84, 120), meter: (4, 4), mode: Minor, feel: Shuffle,
        progressions: &[MINOR_BLUES],
        scales: &[S::MinorPentatonic, S::Blues, S::Dorian], note: "Dark and slow-burning; lean on the flat five and let phrases breathe.", rhythm: r(40, 40, 50, 25) },
    Style { id: "jazz-blues", name: "Jazz blues", words: &["jazz blues", "bebop blues", "bird blues"], tempo: (100, 140, 220), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &[JAZZ_BLUES],
        scales: &[S::Mixolydian, S::Blues, S::BebopDominant], note: "Swing hard; outline the ii–V turnarounds and target thirds on the chord changes.", rhythm: r(70, 45, 25, 30) },
    Style { id: "jazz", name: "Jazz standard", words: &["jazz", "jazzy", "standard", "swing", "swinging", "real book", "hard bop", "hardbop", "cool jazz", "smooth jazz", "soul jazz", "acid jazz", "gypsy jazz", "jazz manouche", "manouche", "django", "hot club", "minor swing", "gypsy swing", "fusion", "jazz fusion", "jazz rock", "jazz-rock", "lounge", "exotica", "cocktail", "big band", "swing era", "dixieland", "dixie", "new orleans", "second line", "nola", "brass band", "trad jazz"], tempo: (90, 132, 200), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["ii7 | V7 | Imaj7 | Imaj7", "Imaj7 | vi7 | ii7 | V7", "iii7 | VI7 | ii7 | V7", "Imaj7 | I7 | IVmaj7 | #iv°7 | iii7 | VI7 | ii7 | V7", "iiø7 | V7 | i7 | i7", "i7 | iv7 | iiø7 V7 | i7", "i6 | iv6 | V7 | i6"],
        scales: &[S::Major, S::BebopMajor, S::MajorPentatonic], note: "Swing the eighths; aim for the 3rd and 7th of each chord on the downbeat.", rhythm: r(65, 45, 25, 25) },
    Style { id: "bebop", name: "Bebop", words: &["bebop", "bop", "be-bop", "parker", "fast jazz"], tempo: (160, 220, 300), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["ii7 V7 | Imaj7 | ii7 V7 | Imaj7 VI7", "Imaj7 VI7 | ii7 V7 | iii7 VI7 | ii7 V7", "iiø7 V7 | i7 | iv7 | iiø7 V7"],
        scales: &[S::BebopDominant, S::BebopMajor, S::Major], note: "Long eighth-note lines, chromatic passing tones, accents on the off-beats.", rhythm: r(85, 50, 15, 30) },
    Style { id: "modal-jazz", name: "Modal jazz", words: &["modal", "modal jazz", "so what", "coltrane"], tempo: (100, 136, 180), meter: (4, 4), mode: Dorian, feel: Swing,
        progressions: &["i7 | i7 | i7 | i7 | i7 | i7 | i7 | i7", "i7 | i7 | bII7 | i7"],
        scales: &[S::Dorian, S::MinorPentatonic], note: "One chord for a long time: build motifs, play with space, move them around the mode.", rhythm: r(50, 45, 40, 15) },
    Style { id: "jazz-ballad", name: "Jazz ballad", words: &["ballad", "ballade", "jazz ballad", "jazz ballade", "torch song"], tempo: (50, 66, 80), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["Imaj7 | vi7 | ii7 | V7", "Imaj7 | IVmaj7 | iii7 VI7 | ii7 V7", "i7 | iv7 | bVImaj7 | V7", "i(maj7) | iv7 | iiø7 | V7"],
        scales: &[S::Major, S::MajorPentatonic, S::Lydian], note: "Slow and vocal; long notes, gentle triplets, let every chord ring.", rhythm: r(30, 30, 35, 35) },
    Style { id: "bossa", name: "Bossa nova", words: &["bossa", "bossa nova", "brazilian", "jobim", "samba", "choro"], tempo: (110, 128, 146), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["Imaj7 | Imaj7 | II7 | II7 | ii7 | V7 | Imaj7 | V7", "Imaj7 | vi7 | ii7 | V7", "i7 | i7 | iv7 | iv7 | iiø7 | V7 | i7 | V7", "i(maj7) | iv7 | iiø7 | V7"],
        scales: &[S::Major, S::Lydian, S::MajorPentatonic], note: "Soft and syncopated; anticipate the beat, keep the dynamics low.", rhythm: r(50, 65, 30, 0) },
    Style { id: "latin", name: "Latin jazz", words: &["latin", "latin jazz", "afro-cuban jazz", "cuban jazz", "salsa", "mambo", "afro-cuban", "cuban", "montuno", "son cubano", "tango", "milonga", "cumbia", "mariachi"], tempo: (150, 180, 220), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | iv | V7 | i", "i7 | iv7 | bVII7 | bIIImaj7 | bVImaj7 | ii° | V7 | i"],
        scales: &[S::HarmonicMinor, S::Dorian, S::MinorPentatonic], note: "Lock to the clave; short accented phrases, push the off-beats.", rhythm: r(60, 70, 30, 0).with_sixteenths(25) },
    Style { id: "funk", name: "Funk", words: &["funk", "funky", "groove", "groovy", "james brown", "jazz funk", "p-funk", "disco"], tempo: (88, 100, 118), meter: (4, 4), mode: Dorian, feel: Straight,
        progressions: &["i7 | i7 | i7 | i7", "i7 | IV7 | i7 | IV7", "I7 | I7 | IV7 | I7"],
        scales: &[S::Dorian, S::MinorPentatonic, S::Blues], note: "It's all about the one: short, percussive notes, lots of rests, sit on the sixteenth-note groove.", rhythm: r(55, 75, 50, 0).with_sixteenths(60) },
    Style { id: "soul", name: "Soul", words: &["soul", "motown", "stax", "soulful"], tempo: (70, 96, 116), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | vi | IV | V", "Imaj7 | IVmaj7 | iii7 | vi7", "I | IV | I | V"],
        scales: &[S::MajorPentatonic, S::Major, S::Blues], note: "Warm and vocal; bluesy turns over major chords, answer the melody.", rhythm: r(50, 50, 35, 10).with_sixteenths(20) },
    Style { id: "gospel", name: "Gospel", words: &["gospel", "church", "praise"], tempo: (64, 84, 120), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["I | I7 | IV | #iv°7 | I | VI7 | ii7 | V7", "I | iii7 | IV | V7", "IV | V | iii | vi | ii7 | V7 | I | I"],
        scales: &[S::MajorPentatonic, S::MajorBlues, S::Major], note: "Big and joyful; passing diminished chords, call and response with the choir.", rhythm: r(45, 45, 30, 25) },
    Style { id: "rnb", name: "R&B", words: &["r&b", "rnb", "r'n'b", "r and b", "rhythm and blues", "slow jam"], tempo: (64, 84, 104), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i7 | iv7 | bVIImaj7 | bIIImaj7", "vi7 | ii7 | V7 | Imaj7"],
        scales: &[S::MinorPentatonic, S::Dorian, S::NaturalMinor], note: "Smooth runs and laid-back phrasing behind the beat.", rhythm: r(55, 60, 30, 10).with_sixteenths(35) },
    Style { id: "neo-soul", name: "Neo-soul", words: &["neo-soul", "neo soul", "neosoul", "d'angelo", "erykah"], tempo: (68, 80, 96), meter: (4, 4), mode: Dorian, feel: Swing,
        progressions: &["i9 | IV9 | i9 | IV9", "ii9 | V9 | Imaj9 | vi9", "Imaj9 | iii7 | vi9 | V9sus4"],
        scales: &[S::Dorian, S::MinorPentatonic, S::Major], note: "Lazy swing, lush extended chords; phrase behind the beat.", rhythm: r(45, 60, 40, 20).with_sixteenths(35) },
    Style { id: "rock", name: "Rock", words: &["rock", "rock and roll", "rock'n'roll", "classic rock", "country rock", "southern rock", "garage rock", "surf", "surf rock", "rockabilly", "prog", "prog rock", "progressive rock", "power ballad"], tempo: (100, 120, 150), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | bVII | IV | I", "I | IV | V | IV", "I | V | IV | IV", "vi | IV | I | V"],
        scales: &[S::MinorPentatonic, S::MajorPentatonic, S::Mixolydian], note: "Driving eighths, riffs that repeat and build; hit the accents with the drums.", rhythm: r(60, 35, 25, 0) },
    Style { id: "hard-rock", name: "Hard rock", words: &["hard rock", "arena", "ac/dc", "riff rock"], tempo: (110, 130, 160), meter: (4, 4), mode: Mixolydian, feel: Straight,
        progressions: &["I5 | bVII5 | IV5 | I5", "I5 | bIII5 | IV5 | I5"],
        scales: &[S::MinorPentatonic, S::Blues, S::Mixolydian], note: "Power chords and a riff; keep the rhythm tight and loud.", rhythm: r(60, 40, 25, 0) },
    Style { id: "punk", name: "Punk", words: &["punk", "punk rock", "ramones", "pop punk", "hardcore"], tempo: (160, 180, 220), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I5 | IV5 | V5 | IV5", "I5 | V5 | vi5 | IV5", "I5 | I5 | IV5 | V5"],
        scales: &[S::MajorPentatonic, S::Major], note: "Fast, loud, simple: downstrokes, short shouted phrases.", rhythm: r(50, 20, 25, 0) },
    Style { id: "metal", name: "Metal", words: &["metal", "heavy metal", "thrash", "doom", "djent", "metallica", "metalcore"], tempo: (100, 140, 200), meter: (4, 4), mode: Phrygian, feel: Straight,
        progressions: &["i5 | bII5 | i5 | bVII5", "i5 | bVI5 | bVII5 | i5", "i5 | i5 | bII5 | i5"],
        scales: &[S::Phrygian, S::NaturalMinor, S::PhrygianDominant], note: "Palm-muted riffs, gallops and the dark flat second.", rhythm: r(70, 30, 20, 10) },
    Style { id: "grunge", name: "Grunge", words: &["grunge", "nirvana", "seattle"], tempo: (90, 116, 140), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i5 | bIII5 | iv5 | bVI5", "i5 | bVII5 | bIII5 | IV5"],
        scales: &[S::MinorPentatonic, S::NaturalMinor], note: "Quiet verse, loud chorus; sludgy and a bit off-kilter.", rhythm: r(45, 35, 35, 0) },
    Style { id: "indie", name: "Indie", words: &["indie", "indie rock", "indie pop", "dream pop", "shoegaze", "britpop", "alternative", "alt rock"], tempo: (96, 120, 140), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | iii | IV | IV", "vi | IV | I | V", "I | IVmaj7 | vi | V"],
        scales: &[S::Major, S::MajorPentatonic], note: "Jangly and open; ringing strings, melodies that wander a little.", rhythm: r(55, 40, 35, 0) },
    Style { id: "reggae", name: "Reggae", words: &["reggae", "dub", "dubwise", "dancehall", "rocksteady", "marley", "roots", "one drop"], tempo: (66, 76, 90), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | IV | I | V", "ii | V | ii | V", "vi | IV | I | V", "i | iv | i | v"],
        scales: &[S::MajorPentatonic, S::Major], note: "Relaxed one-drop: chords on the off-beat, melody that floats and leaves room.", rhythm: r(40, 65, 45, 0) },
    Style { id: "ska", name: "Ska", words: &["ska", "two tone", "2 tone", "skank"], tempo: (140, 160, 190), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | vi | IV | V", "I | IV | V | IV"],
        scales: &[S::Major, S::MajorPentatonic], note: "Upstrokes on the off-beat, bright horn-like lines.", rhythm: r(60, 60, 30, 0) },
    Style { id: "country", name: "Country", words: &["country", "nashville", "honky tonk", "honky-tonk", "western", "two step", "2 step", "train beat"], tempo: (90, 112, 140), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | I | IV | I | I | V7 | V7 | I", "I | IV | V7 | I"],
        scales: &[S::MajorPentatonic, S::Major, S::MajorBlues], note: "Twang it: major pentatonic licks, slides into the thirds.", rhythm: r(50, 30, 30, 0) },
    Style { id: "bluegrass", name: "Bluegrass", words: &["bluegrass", "newgrass", "banjo", "appalachian", "breakdown"], tempo: (140, 170, 220), meter: (2, 2), mode: Major, feel: Straight,
        progressions: &["I | I | IV | I | I | I | V | I", "I | IV | I | V"],
        scales: &[S::MajorPentatonic, S::Major], note: "Fast and clean; flowing eighth-note runs, chop on the backbeat.", rhythm: r(80, 20, 15, 0) },
    Style { id: "folk", name: "Folk", words: &["folk", "acoustic", "campfire", "singer-songwriter", "ballad folk", "polka", "oompah", "volkslied", "americana"], tempo: (76, 96, 120), meter: (4, 4), mode: Major, feel: Straight,
        progressions: &["I | IV | I | V", "I | V | vi | IV", "I | IV | V | I"],
        scales: &[S::Major, S::MajorPentatonic], note: "Simple and singable; a tune a whole room can learn by the second time.", rhythm: r(45, 20, 25, 0) },
    Style { id: "celtic", name: "Celtic jig", words: &["celtic", "irish", "scottish", "jig", "slip jig", "reel", "hornpipe", "horn pipe", "gigue", "trad", "session"], tempo: (96, 116, 132), meter: (6, 8), mode: Major, feel: Straight,
        progressions: &["I | IV | I | V | I | IV | V | I", "I | bVII | I | V", "i | bVII | i | bVII"],
        scales: &[S::Major, S::Mixolydian, S::MajorPentatonic], note: "Lilting 6/8: run the eighths, ornament with rolls and cuts.", rhythm: r(85, 15, 10, 0) },
    Style { id: "flamenco", name: "Flamenco", words: &["flamenco", "spanish", "andalusian", "gypsy", "bulerias"], tempo: (90, 112, 150), meter: (3, 4), mode: Phrygian, feel: Straight,
        progressions: &["i | bVII | bVI | V", "i bVII | bVI V | i bVII | bVI V"],
        scales: &[S::PhrygianDominant, S::Phrygian, S::HarmonicMinor], note: "Andalusian cadence: fierce rhythm, the raised third on the final chord.", rhythm: r(60, 50, 25, 20) },
    Style { id: "afrobeat", name: "Afrobeat", words: &["afrobeat", "afro", "fela", "highlife", "afrobeats"], tempo: (100, 112, 126), meter: (4, 4), mode: Dorian, feel: Straight,
        progressions: &["i7 | i7 | IV7 | i7", "i7 | bVII7 | i7 | bVII7"],
        scales: &[S::Dorian, S::MinorPentatonic], note: "Interlocking grooves; short repeated horn riffs over one chord.", rhythm: r(60, 70, 35, 0).with_sixteenths(40) },
    Style { id: "psychedelic", name: "Psychedelic", words: &["psychedelic", "psychedelia", "psych", "trippy", "60s", "sixties"], tempo: (80, 100, 126), meter: (4, 4), mode: Mixolydian, feel: Straight,
        progressions: &["I | bVII | IV | I", "i | bVII | bVI | bVII", "I | bIII | IV | I"],
        scales: &[S::Mixolydian, S::Dorian, S::MinorPentatonic], note: "Droning and hypnotic; modal riffs, let the notes smear.", rhythm: r(45, 40, 35, 10) },
    Style { id: "lofi", name: "Lo-fi hip hop", words: &["lo-fi", "lofi", "lo fi", "hip hop", "hiphop", "hip-hop", "chillhop", "boom bap", "beats to study", "trip hop", "rap"], tempo: (70, 80, 92), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["ii7 | V7 | Imaj7 | vi7", "Imaj7 | vi7 | ii7 | V7", "IVmaj7 | iii7 | ii7 | Imaj7"],
        scales: &[S::Major, S::MajorPentatonic, S::Dorian], note: "Dusty and lazy: behind the beat, jazzy sevenths, lots of space.", rhythm: r(35, 55, 50, 10).with_sixteenths(30) },
    Style { id: "edm", name: "EDM", words: &["edm", "electronic", "house", "techno", "trance", "dance", "club", "synth", "synthwave", "synth wave", "retrowave", "outrun", "drum and bass", "drum n bass", "dnb", "dubstep"], tempo: (118, 126, 140), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | bVI | bIII | bVII", "vi | IV | I | V", "i | iv | bVI | bVII"],
        scales: &[S::NaturalMinor, S::MinorPentatonic], note: "Four on the floor: short repeating synth hook, build and drop.", rhythm: r(65, 55, 25, 0).with_sixteenths(25) },
    Style { id: "cinematic", name: "Cinematic", words: &["cinematic", "film", "movie", "trailer", "epic", "soundtrack", "orchestral", "score", "ambient"], tempo: (60, 76, 100), meter: (4, 4), mode: Minor, feel: Straight,
        progressions: &["i | bVI | bIII | bVII", "i | iv | bVI | V", "i | bVI | iv | V"],
        scales: &[S::NaturalMinor, S::HarmonicMinor], note: "Wide and slow-building; long notes that climb to a climax.", rhythm: r(30, 20, 25, 10) },
    Style { id: "waltz", name: "Waltz", words: &["waltz", "valse", "vals"], tempo: (84, 120, 168), meter: (3, 4), mode: Major, feel: Straight,
        progressions: &["I | I | V7 | V7 | V7 | V7 | I | I", "I | IV | V7 | I"],
        scales: &[S::Major, S::MajorPentatonic], note: "ONE-two-three: lean on the downbeat and let the melody sway.", rhythm: r(45, 15, 20, 0) },
    Style { id: "rhythm-changes", name: "Rhythm changes", words: &["rhythm changes", "i got rhythm", "anthropology"], tempo: (160, 200, 260), meter: (4, 4), mode: Major, feel: Swing,
        progressions: &["Imaj7 vi7 | ii7 V7 | Imaj7 vi7 | ii7 V7 | I7 | IV7 #iv°7 | Imaj7 V7 | Imaj7"],
        scales: &[S::Major, S::BebopMajor, S::MajorPentatonic], note: "Bebop's favourite changes: fast, swinging, land on the thirds.", rhythm: r(80, 50, 15, 25) },
    Style { id: "andalusian", name: "Andalusian cadence", words: &["andalusian cadence", "cadencia andaluza", "cadenza andalusa", "hit the road jack", "walk down"], tempo: (90, 110, 140), meter: (4, 4), mode: Minor, feel: Straight,
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
