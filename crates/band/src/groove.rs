//! How each style's rhythm section plays: the drum pattern of one bar, the bass line and the
//! comping, chosen by style and meter.

use jamsesh_core::{Family, Feel, Style};
use std::borrow::Cow;

/// General MIDI percussion keys the grooves use.
pub mod kit {
    /// Bass drum.
    pub const KICK: u8 = 36;
    /// Side stick (cross-stick, rim click).
    pub const STICK: u8 = 37;
    /// Snare.
    pub const SNARE: u8 = 38;
    /// Hand clap.
    pub const CLAP: u8 = 39;
    /// Closed hi-hat.
    pub const HAT: u8 = 42;
    /// Hi-hat played with the foot.
    pub const PEDAL_HAT: u8 = 44;
    /// Low tom.
    pub const LOW_TOM: u8 = 45;
    /// Open hi-hat.
    pub const OPEN_HAT: u8 = 46;
    /// Mid tom.
    pub const MID_TOM: u8 = 47;
    /// Crash cymbal.
    pub const CRASH: u8 = 49;
    /// Ride cymbal.
    pub const RIDE: u8 = 51;
    /// Tambourine.
    pub const TAMBOURINE: u8 = 54;
    /// Cowbell.
    pub const COWBELL: u8 = 56;
    /// Maracas (shaker).
    pub const SHAKER: u8 = 70;
    /// Short guiro (the cumbia scraper).
    pub const GUIRO: u8 = 73;
    /// Claves.
    pub const CLAVES: u8 = 75;
}

use kit::*;

/// How the bass plays a chord.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bass {
    /// Quarter notes through the chord tones, a chromatic approach into the next root (jazz).
    Walking,
    /// Root on the beat groups' first, fifth on the others, a passing tone into a change.
    RootFifth,
    /// The boogie figure in eighths: 1 3 5 6 ♭7 6 5 3.
    Boogie,
    /// Reggae: the root held from beat one, the fifth on the "and" of two, the root on three.
    OneDrop,
    /// A syncopated sixteenth line around root, octave and seventh.
    Funk,
    /// Root and octave in eighths (disco, house, synthwave).
    Octaves,
    /// The root held through the chord (ambient, cinematic).
    Pedal,
    /// Salsa's tumbao: the fifth on the "and" of two, the next chord's root on four.
    Tumbao,
    /// Bossa: root and fifth in dotted-quarter-and-eighth steps.
    Bossa,
}

/// How the chords are played.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comp {
    /// Swing piano: beat one and the "and" of two.
    Charleston,
    /// Big-band guitar: every beat, short and even.
    FreddieGreen,
    /// Gypsy-jazz rhythm guitar: every beat, the afterbeats accented and choked.
    LaPompe,
    /// Reggae's skank: short chords on the afterbeats (2 and 4).
    Skank,
    /// Ska's upstrokes: every off-beat eighth.
    Upstrokes,
    /// The bossa nova guitar figure.
    BossaGuitar,
    /// Salsa piano montuno: syncopated off-beat stabs.
    Montuno,
    /// Funk stabs on the off sixteenths.
    Stabs,
    /// Rock and punk power chords in eighths.
    PowerEighths,
    /// Chords struck on each beat group and held (pop, soul, gospel).
    Held,
    /// Broken chords in eighths (ballads).
    Arpeggio,
    /// One long chord per change (ambient, cinematic, synth pads).
    Pad,
    /// Oom-pah: chords on every beat but the group's first (waltz, polka, country).
    Afterbeats,
    /// A strum on every beat (folk, celtic).
    Strum,
}

/// One bar of drums: (percussion key, pattern) where the pattern has one character per step
/// spread evenly over the bar: `X` accent, `x` hit, `o` soft, `g` ghost, anything else rest.
pub type Pattern = Vec<(u8, Cow<'static, str>)>;

/// A style's rhythm section.
#[derive(Clone, Debug)]
pub struct Groove {
    /// What a drummer would call it.
    pub name: &'static str,
    /// The drums of one bar.
    pub drums: Pattern,
    /// The bass line.
    pub bass: Bass,
    /// The comping.
    pub comp: Comp,
    /// Straight eighths in the patterns are played long-short.
    pub swing: bool,
}

const fn p(key: u8, pattern: &'static str) -> (u8, Cow<'static, str>) {
    (key, Cow::Borrowed(pattern))
}

fn groove(name: &'static str, drums: &[(u8, Cow<'static, str>)], bass: Bass, comp: Comp) -> Groove {
    Groove {
        name,
        drums: drums.to_vec(),
        bass,
        comp,
        swing: false,
    }
}

/// The groove for a style in a meter. Each style's own pattern is written for its usual
/// meter; a jam in another meter gets a groove built from that meter's beat groups.
pub fn for_style(style: &Style, meter: (u32, u32)) -> Groove {
    let g = swing_groove(style, meter)
        .or_else(|| rock_latin_groove(style, meter))
        .or_else(|| dance_groove(style, meter))
        .or_else(|| song_groove(style, meter))
        .unwrap_or_else(|| generic(meter, style));
    Groove {
        swing: style.feel != Feel::Straight,
        ..g
    }
}

/// Swing and shuffle grooves, on a triplet grid of 12 steps a 4/4 bar.
fn swing_groove(style: &Style, meter: (u32, u32)) -> Option<Groove> {
    let four = meter == (4, 4);
    Some(match (style.id, style.family) {
        // Triplet grids: 12 steps a 4/4 bar.
        ("gypsy-jazz", _) if four => groove(
            "gypsy swing (brushes, la pompe)",
            &[p(SNARE, "o.go.go.go.g"), p(PEDAL_HAT, "...x.....x..")],
            Bass::Walking,
            Comp::LaPompe,
        ),
        ("big-band", _) if four => groove(
            "big-band swing",
            &[
                p(RIDE, "x..x.xx..x.x"),
                p(PEDAL_HAT, "...x.....x.."),
                p(KICK, "o..o..o..o.."),
            ],
            Bass::Walking,
            Comp::FreddieGreen,
        ),
        (_, Family::Jazz) if four && style.feel == Feel::Swing => groove(
            "swing (ride with the skip note, hi-hat on 2 and 4)",
            &[
                p(RIDE, "x..x.xx..x.x"),
                p(PEDAL_HAT, "...x.....x.."),
                p(KICK, "g..g..g..g.."),
            ],
            Bass::Walking,
            Comp::Charleston,
        ),
        ("boogie-woogie" | "rockabilly", _) if four => groove(
            "boogie shuffle",
            &[
                p(KICK, "x.....x....."),
                p(SNARE, "...x.....x.."),
                p(HAT, "x.xx.xx.xx.x"),
            ],
            Bass::Boogie,
            Comp::Afterbeats,
        ),
        (_, Family::Blues) | ("soul-jazz", _) if four && style.feel == Feel::Shuffle => groove(
            "shuffle",
            &[
                p(KICK, "x.....x....."),
                p(SNARE, "...x.....x.."),
                p(HAT, "x.xx.xx.xx.x"),
            ],
            Bass::Boogie,
            Comp::Held,
        ),
        // Sixteen steps a 4/4 bar.
        _ => return None,
    })
}

/// Rock, reggae, ska and latin grooves, in sixteenths.
fn rock_latin_groove(style: &Style, meter: (u32, u32)) -> Option<Groove> {
    let four = meter == (4, 4);
    Some(match (style.id, style.family) {
        ("metal", _) if four => groove(
            "metal gallop with double kick",
            &[
                p(KICK, "x.xxx.xxx.xxx.xx"),
                p(SNARE, "....X.......X..."),
                p(CRASH, "x...x...x...x..."),
            ],
            Bass::Octaves,
            Comp::PowerEighths,
        ),
        ("punk" | "hard-rock" | "grunge", _) if four => groove(
            "driving rock eighths",
            &[
                p(KICK, "x.x.....x.x....."),
                p(SNARE, "....X.......X..."),
                p(HAT, "x.x.x.x.x.x.x.x."),
            ],
            Bass::Octaves,
            Comp::PowerEighths,
        ),
        ("reggae" | "dub", _) if four => groove(
            "one drop (kick and rim on three)",
            &[
                p(KICK, "........X......."),
                p(STICK, "........x......."),
                p(HAT, "x.x.x.x.x.x.x.x."),
            ],
            Bass::OneDrop,
            Comp::Skank,
        ),
        ("ska", _) if four => groove(
            "ska (off-beat hats, backbeat)",
            &[
                p(KICK, "x...x...x...x..."),
                p(SNARE, "....x.......x..."),
                p(HAT, "..x...x...x...x."),
            ],
            Bass::Walking,
            Comp::Upstrokes,
        ),
        ("bossa", _) if four => groove(
            "bossa nova (cross-stick clave)",
            &[
                p(KICK, "x.....x.x.....x."),
                p(STICK, "x..x..x...x..x.."),
                p(HAT, "x.x.x.x.x.x.x.x."),
            ],
            Bass::Bossa,
            Comp::BossaGuitar,
        ),
        ("salsa" | "latin" | "latin-jazz", _) if four => groove(
            "son clave 2-3 with cascara",
            &[
                p(CLAVES, "..x.x...x..x..x."),
                p(COWBELL, "x.xx.x.xx.x.xx.x"),
                p(KICK, "......x.......x."),
            ],
            Bass::Tumbao,
            Comp::Montuno,
        ),
        ("cumbia", _) if four => groove(
            "cumbia (guiro scrape, kick on one and three)",
            &[
                p(GUIRO, "x.xxx.xxx.xxx.xx"),
                p(KICK, "x.......x......."),
                p(SNARE, "....x.......x..."),
            ],
            Bass::RootFifth,
            Comp::Upstrokes,
        ),
        _ => return None,
    })
}

/// Dance, New Orleans, train-beat, hip-hop, afrobeat and soul grooves, in sixteenths.
fn dance_groove(style: &Style, meter: (u32, u32)) -> Option<Groove> {
    let four = meter == (4, 4);
    Some(match (style.id, style.family) {
        ("disco" | "house" | "edm" | "synthwave", _) if four => groove(
            "four on the floor, open hi-hat off-beats",
            &[
                p(KICK, "x...x...x...x..."),
                p(CLAP, "....x.......x..."),
                p(OPEN_HAT, "..x...x...x...x."),
            ],
            Bass::Octaves,
            if style.id == "synthwave" {
                Comp::Pad
            } else {
                Comp::Stabs
            },
        ),
        ("motown", _) if four => groove(
            "Motown (snare and tambourine on every beat)",
            &[
                p(KICK, "x.x...x.x.x....."),
                p(SNARE, "x...x...x...x..."),
                p(TAMBOURINE, "x...x...x...x..."),
            ],
            Bass::RootFifth,
            Comp::Afterbeats,
        ),
        ("new-orleans", _) if four => groove(
            "second line",
            &[
                p(SNARE, "x.gx.gx.xgx.xgxg"),
                p(KICK, "x.....x.x......."),
                p(CRASH, "x..............."),
            ],
            Bass::RootFifth,
            Comp::Afterbeats,
        ),
        ("train-beat", _) if four => groove(
            "train beat (snare sixteenths, accents on 2 and 4)",
            &[p(SNARE, "ggggXgggggggXggg"), p(KICK, "x.......x.......")],
            Bass::RootFifth,
            Comp::Afterbeats,
        ),
        ("boom-bap" | "lofi" | "trip-hop", _) if four => groove(
            "boom-bap",
            &[
                p(KICK, "x......x..x....."),
                p(SNARE, "....X.......X..."),
                p(HAT, "x.x.x.x.x.x.x.x."),
            ],
            Bass::Funk,
            Comp::Pad,
        ),
        ("afrobeat", _) if four => groove(
            "afrobeat",
            &[
                p(KICK, "x.....x...x....."),
                p(SNARE, "....x..g....x..g"),
                p(HAT, "x.xxx.xxx.xxx.xx"),
            ],
            Bass::Funk,
            Comp::Stabs,
        ),
        (_, Family::Soul) if four => groove(
            "funk sixteenths with ghost notes",
            &[
                p(KICK, "x......x..x....."),
                p(SNARE, "....X..g.g..X..g"),
                p(HAT, "XxxxXxxxXxxxXxxx"),
            ],
            Bass::Funk,
            if matches!(style.id, "funk" | "jazz-funk" | "acid-jazz") {
                Comp::Stabs
            } else {
                Comp::Held
            },
        ),
        _ => return None,
    })
}

/// Ambient, cinematic, country, folk, ballad, pop and rock grooves, and the dances in two and three.
fn song_groove(style: &Style, meter: (u32, u32)) -> Option<Groove> {
    let four = meter == (4, 4);
    Some(match (style.id, style.family) {
        ("ambient", _) => groove("no drums: pads and pedal", &[], Bass::Pedal, Comp::Pad),
        (_, Family::Cinematic) if four => groove(
            "cinematic toms",
            &[
                p(LOW_TOM, "x.....x.x......."),
                p(MID_TOM, "............x..."),
            ],
            Bass::Pedal,
            Comp::Arpeggio,
        ),
        ("two-step" | "country" | "bluegrass", _) if four => groove(
            "country two-beat",
            &[
                p(KICK, "x.......x......."),
                p(SNARE, "....x.......x..."),
                p(HAT, "x.x.x.x.x.x.x.x."),
            ],
            Bass::RootFifth,
            Comp::Afterbeats,
        ),
        ("reel" | "hornpipe" | "celtic", _) | (_, Family::Folk) if four => groove(
            "bodhrán-style folk beat",
            &[p(LOW_TOM, "x.......x......."), p(SNARE, "..o...o...o...o.")],
            Bass::RootFifth,
            Comp::Strum,
        ),
        ("jazz-ballad" | "rock-ballad", _) if four => groove(
            "ballad (brushes, backbeat)",
            &[
                p(KICK, "x.......x......."),
                p(STICK, "....x.......x..."),
                p(HAT, "x.x.x.x.x.x.x.x."),
            ],
            Bass::RootFifth,
            Comp::Arpeggio,
        ),
        (_, Family::Rock | Family::Pop) | (_, Family::Blues) if four => groove(
            "rock backbeat",
            &[
                p(KICK, "x.......x.x....."),
                p(SNARE, "....x.......x..."),
                p(HAT, "x.x.x.x.x.x.x.x."),
            ],
            Bass::Octaves,
            if style.family == Family::Pop {
                Comp::Held
            } else {
                Comp::PowerEighths
            },
        ),
        ("waltz", _) | (_, _) if meter == (3, 4) => groove(
            "waltz (oom-pah-pah)",
            &[p(KICK, "x....."), p(HAT, "..x.x."), p(SNARE, "..o.o.")],
            Bass::RootFifth,
            Comp::Afterbeats,
        ),
        ("polka", _) | (_, _) if meter == (2, 4) => groove(
            "polka (oom-pah)",
            &[p(KICK, "x...x..."), p(SNARE, "..x...x.")],
            Bass::RootFifth,
            Comp::Afterbeats,
        ),
        ("tango", _) if four => groove(
            "tango marcato",
            &[p(KICK, "x...x...x...x..."), p(SNARE, "............x...")],
            Bass::RootFifth,
            Comp::Afterbeats,
        ),
        _ => return None,
    })
}

/// A groove from the meter's beat groups: kick on the first group, snare (or, in compound
/// time, a backbeat on the middle group) on the others, hi-hat on every eighth.
fn generic(meter: (u32, u32), style: &Style) -> Groove {
    use jamsesh_theory::time::groups;
    let groups = groups(meter);
    let steps: u32 = groups.iter().sum();
    let mut kick = vec!['.'; steps as usize];
    let mut snare = vec!['.'; steps as usize];
    let mut at = 0;
    for (i, g) in groups.iter().enumerate() {
        if i == 0 {
            kick[at] = 'x';
        } else {
            snare[at] = 'x';
        }
        at += *g as usize;
    }
    let hat: String = "x".repeat(steps as usize);
    let compound = meter.1 == 8 && meter.0 % 3 == 0;
    let folk = matches!(
        style.family,
        Family::Celtic | Family::Folk | Family::Country
    );
    Groove {
        name: if compound {
            "compound-time backbeat"
        } else {
            "backbeat in the meter's groups"
        },
        drums: vec![
            (KICK, Cow::Owned(kick.into_iter().collect())),
            (
                if folk { LOW_TOM } else { SNARE },
                Cow::Owned(snare.into_iter().collect()),
            ),
            (if folk { SHAKER } else { HAT }, Cow::Owned(hat)),
        ],
        bass: Bass::RootFifth,
        comp: if folk { Comp::Strum } else { Comp::Held },
        swing: false,
    }
}
