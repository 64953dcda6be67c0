//! The jam kit: the five fields musicians know plus typed extras, and the operations on it.

use crate::intent::{Intent, Mood, Overrides, Understood};
use crate::melody::{self, Steer};
use crate::progression::{self, Progression};
use crate::rng::Rng;
use crate::score::{self, Header};
use crate::style::{Family, Feel, Style};
use crate::theory::chord::Chord;
use crate::theory::key::Key;
use crate::theory::scale::{Scale, ScaleKind};
use serde::{Deserialize, Serialize};

/// Where a jam came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The embedded composer.
    Engine,
    /// An LLM, accepted by the critic as it was.
    Llm,
    /// An LLM, repaired by the critic.
    #[serde(rename = "llm+repair")]
    LlmRepair,
    /// An LLM wrote title, style, chords and scales; the embedded composer wrote the melody.
    #[serde(rename = "llm+engine")]
    Hybrid,
    /// The LLM backend was asked but failed (server error or answers the critic rejected);
    /// the embedded composer made the jam instead.
    EngineFallback,
}

/// A jam kit, as JSON: `title`, `style`, `chords`, `scales`, `example` always present and valid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Jam {
    /// A title.
    pub title: String,
    /// How to play it, in a sentence or two.
    pub style: String,
    /// The progression, one bar per `|`.
    pub chords: String,
    /// Scales with their notes: `E minor pentatonic (E G A B D), …`.
    pub scales: String,
    /// The example melody in ABC.
    pub example: String,
    /// Tonic as spelled, e.g. `Bb`.
    pub key: String,
    /// Mode name, e.g. `major`, `dorian`.
    pub mode: String,
    /// Meter, e.g. `4/4`.
    pub meter: String,
    /// Quarter notes per minute.
    pub tempo: u32,
    /// Number of bars.
    pub bars: u32,
    /// The seed that made it.
    pub seed: u64,
    /// `engine`, `llm`, `llm+repair`, `llm+engine` or `engine-fallback`.
    pub source: Source,
    /// Style id (see `style::STYLES`).
    #[serde(default)]
    pub style_id: String,
    /// Instrument whose range the example uses.
    #[serde(default)]
    pub instrument: String,
    /// The prompt it answers.
    #[serde(default)]
    pub prompt: String,
    /// Key, meter, tempo or length chosen outside the prompt (flags, form fields); they won
    /// over what the prompt says.
    #[serde(default, skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
    /// Semitones it was transposed by after it was made (the prompt's key moved that far).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub transposed: i32,
    /// Scales for the chords that leave the key (secondary dominants, tritone substitutes,
    /// borrowed chords): `"E7: E phrygian dominant (E F G# A B C D)"`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chord_scales: Vec<String>,
    /// What was read from the prompt and from which words, and words not understood
    /// (absent in jams made before it was recorded).
    #[serde(default, skip_serializing_if = "Understood::is_empty")]
    pub understood: Understood,
    /// How a model's answer was changed before it was shown, in words: what was repaired
    /// (`example: X:1 added`, `chords written out ×2 …`) and which fields the engine wrote
    /// (`title written by the engine`). Empty for the engine's jams and answers taken as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repairs: Vec<String>,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

/// Why an operation could not run on a jam.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JamError {
    /// The jam's own fields do not describe a key, meter or progression.
    #[error("the jam's {field} is not usable: {reason}")]
    Field {
        /// Which field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A second voice asked of a jam that has one: harmony is written over a melody alone.
    #[error("the jam already has a second voice; add one to a take with its melody alone")]
    SecondVoice,
}

/// Scales to suggest: the melody's own scale first, then the style's others, in the key's mode.
pub fn suggested_scales(intent: &Intent) -> Vec<Scale> {
    let tonic = intent.key.tonic;
    let minor = intent.key.mode.is_minor();
    let mut out = vec![melody_scale(intent, false)];
    for &kind in intent.style.scales {
        let kind = fit_to_key(kind, &intent.key, minor);
        let s = Scale { tonic, kind };
        if !out.iter().any(|o| o.kind == s.kind) {
            out.push(s);
        }
    }
    out.truncate(3);
    out
}

/// A style's scale kind made to agree with the key: major pentatonic becomes minor in a minor
/// key, and a scale with more than one note outside the key becomes the key's own scale. The
/// blues family stays (it is meant to rub against major chords).
fn fit_to_key(kind: ScaleKind, key: &Key, minor: bool) -> ScaleKind {
    use ScaleKind as S;
    let kind = match (kind, minor) {
        (S::MajorPentatonic, true) => S::MinorPentatonic,
        (S::MajorBlues, true) => S::Blues,
        _ => kind,
    };
    if kind.is_blues_family() {
        return kind;
    }
    let outside = key.notes_outside(&Scale {
        tonic: key.tonic,
        kind,
    });
    if outside > 1 {
        key.mode.scale_kind()
    } else {
        kind
    }
}

/// Blues-family styles improvise on the blues scale; the rest on the key's own scale.
fn melody_scale(intent: &Intent, bluesy: bool) -> Scale {
    let blues_family = matches!(
        intent.style.id,
        "blues" | "minor-blues" | "blues-rock" | "hard-rock" | "grunge"
    );
    let kind = if blues_family || bluesy {
        ScaleKind::Blues
    } else {
        intent.key.mode.scale_kind()
    };
    Scale {
        tonic: intent.key.tonic,
        kind,
    }
}

/// A title from the mood and style, seeded.
fn title(intent: &Intent, rng: &mut Rng) -> String {
    let adjectives: &[&str] = match intent.mood {
        Some(Mood::Sad | Mood::Dark | Mood::Mysterious) => &[
            "Midnight",
            "Rainy",
            "Hollow",
            "Smoky",
            "Lonesome",
            "Shadow",
            "Cold Water",
            "Last Light",
        ],
        Some(Mood::Happy | Mood::Energetic) => &[
            "Sunny",
            "Golden",
            "Saturday",
            "Bright Side",
            "Lucky",
            "Firefly",
            "Open Road",
            "Sugar",
        ],
        Some(Mood::Dreamy | Mood::Chill | Mood::Romantic) => &[
            "Velvet",
            "Slow Tide",
            "Paper Moon",
            "Lazy Sunday",
            "Lamplight",
            "Soft Focus",
            "Blue Hour",
        ],
        _ => &[
            "Copper",
            "Backroom",
            "Crooked",
            "Neon",
            "Dusty",
            "Late Train",
            "Corner Store",
            "Alley Cat",
            "Tin Roof",
            "Porchlight",
        ],
    };
    let nouns: &[&str] = match (intent.style.family, intent.style.id) {
        (_, "jazz-ballad" | "waltz" | "rock-ballad") | (Family::Cinematic, _) => {
            &["Theme", "Waltz", "Serenade", "Reverie"]
        }
        (Family::Blues, _) | (_, "jazz-blues") => &["Shuffle", "Blues", "Stomp", "Walk"],
        (Family::Soul | Family::Afro, _) => &["Groove", "Strut", "Pocket", "Stomp"],
        (Family::Jazz, _) => &["Changes", "Line", "Bounce", "Standard"],
        (Family::Celtic | Family::Folk | Family::Country, _) => {
            &["Reel", "Jig", "Hornpipe", "Breakdown", "Ramble"]
        }
        (Family::Reggae, _) => &["Skank", "Riddim", "Step"],
        (Family::Rock, _) => &["Riff", "Anthem", "Drive", "Static"],
        _ => &["Jam", "Song", "Groove", "Tune"],
    };
    let nouns: Vec<&str> = nouns
        .iter()
        .copied()
        .filter(|n| names_this_form(n, intent))
        .collect();
    format!("{} {}", rng.pick(adjectives), rng.pick(&nouns))
}

/// False for a title noun that names a dance or form this jam is not: a 4/4 ballad is no
/// "Waltz", a hornpipe no "Reel", a reel no "Jig". Other nouns fit any jam.
fn names_this_form(noun: &str, intent: &Intent) -> bool {
    match noun {
        "Waltz" => intent.meter == (3, 4),
        "Jig" => intent.meter.1 == 8,
        "Reel" => intent.style.id == "reel",
        "Hornpipe" => intent.style.id == "hornpipe",
        _ => true,
    }
}

fn style_note(style: &Style, colour: Option<&Style>, key: &Key) -> String {
    let feel = match style.feel {
        Feel::Straight => String::new(),
        f => format!(" ({})", f.describe()),
    };
    let coloured = colour.map_or(String::new(), |c| {
        let what = match c.family {
            Family::Blues => "blue notes",
            Family::Soul => "a sixteenth-note cell",
            Family::Latin => "anticipated beats",
            _ => "the off-beat, leaving beat one to the drop",
        };
        let name = c.words.first().copied().unwrap_or(c.id);
        format!(" Coloured by {name}: {what}.")
    });
    format!("{} in {}{feel}.{coloured} {}", style.name, key, style.note)
}

/// Composes a whole jam for an intent and seed.
pub fn generate(intent: &Intent, seed: u64) -> Jam {
    let keyed;
    let intent = if intent.explicit.key {
        intent
    } else {
        keyed = Intent {
            key: usual_key(intent.style, intent.key.mode, seed),
            ..intent.clone()
        };
        &keyed
    };
    let progression = progression::generate(intent, &mut Rng::fork(seed, "progression"));
    // Forked by style too, so one seed does not give every style the same first word.
    let title = title(
        intent,
        &mut Rng::fork(seed, &format!("title {}", intent.style.id)),
    );
    assemble(intent, seed, progression, Steer::default(), title)
}

/// A key the style is usually played in, picked by the seed, for prompts that name none:
/// jazz in F, B♭, E♭, C, G or A♭; blues in E, A, G, C or B♭; rock in E, A, D or G; celtic in
/// D, G or A (E, A, D or B minor) — spelled with the fewest accidentals for the mode.
fn usual_key(style: &Style, mode: crate::theory::key::Mode, seed: u64) -> Key {
    let minor = mode.is_minor();
    let tonics: &[&str] = match (style.family, minor) {
        (Family::Jazz, false) | (Family::Latin, false) | (Family::Soul, false)
            if style.id != "funk" =>
        {
            &["F", "Bb", "Eb", "C", "G", "Ab"]
        }
        (Family::Blues, _) => &["E", "A", "G", "C", "Bb"],
        (Family::Rock | Family::Country, _) => &["E", "A", "D", "G"],
        (Family::Celtic | Family::Folk, false) => &["D", "G", "A"],
        (Family::Celtic | Family::Folk, true) => &["E", "A", "D", "B"],
        (_, true) => &["A", "D", "E", "C", "G"],
        _ => &["C", "G", "F", "D", "Bb"],
    };
    let name = tonics[(seed % tonics.len() as u64) as usize];
    let tonic: crate::theory::note::Note = name.parse().unwrap_or(crate::theory::note::Note {
        letter: crate::theory::note::Letter::C,
        alter: 0,
    });
    Key::best_spelling(tonic.pitch_class(), mode)
}

/// The feel a steer asks for where it differs from the style's: `Swing` for "more swing"
/// on a straight style, `Straight` for "straighter" on a swung one.
fn steered_feel(style: &Style, steer: Steer) -> Option<&'static str> {
    match (steer.swing.signum(), style.feel) {
        (1, Feel::Straight) => Some(FEEL_MARKINGS[0]),
        (-1, Feel::Swing | Feel::Shuffle) => Some(FEEL_MARKINGS[1]),
        _ => None,
    }
}

/// The feel markings a jam's tempo may carry: swung, then straight.
const FEEL_MARKINGS: [&str; 2] = ["Swing", "Straight"];

/// Builds the jam around a progression and its title: scales, melody, ABC (whose `T:` is
/// the title).
fn assemble(
    intent: &Intent,
    seed: u64,
    progression: Progression,
    steer: Steer,
    title: String,
) -> Jam {
    let bluesy = steer.bluesy || intent.colour.is_some_and(|c| c.family == Family::Blues);
    let scale = melody_scale(intent, bluesy);
    let melody = melody::compose(
        intent,
        &progression,
        &scale,
        steer,
        // The style is part of the fork: one seed never gives two styles the same line.
        &mut Rng::fork(seed, &format!("melody {}", intent.style.id)),
    );
    let header = Header {
        title: &title,
        style: intent.style.name,
        meter: intent.meter,
        tempo: intent.tempo,
        key: &intent.key,
        bass_clef: intent.instrument.bass_clef,
        feel_marking: steered_feel(intent.style, steer),
    };
    let example = score::write(&header, &progression, &melody);
    let mut scales = suggested_scales(intent);
    if bluesy && !scales.iter().any(|s| s.kind == ScaleKind::Blues) {
        scales.insert(0, scale);
    }
    Jam {
        title,
        style: style_note(intent.style, intent.colour, &intent.key),
        chords: progression.to_text(),
        scales: scales
            .iter()
            .map(Scale::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        example,
        key: intent.key.tonic.to_string(),
        mode: intent.key.mode.name().to_string(),
        meter: format!("{}/{}", intent.meter.0, intent.meter.1),
        tempo: intent.tempo,
        bars: intent.bars,
        seed,
        source: Source::Engine,
        style_id: intent.style.id.to_string(),
        instrument: intent.instrument.name.to_string(),
        prompt: intent.prompt.clone(),
        overrides: intent.overrides.clone(),
        transposed: 0,
        chord_scales: chord_scale_lines(&progression, &scales),
        // A take is steered only by its own steering text (set by `new_melody`).
        understood: Understood {
            steer: None,
            steer_unknown: Vec::new(),
            ..intent.understood.clone()
        },
        repairs: Vec::new(),
    }
}

/// Scales for the chords with a tone outside every scale of the key, one line each:
/// `"E7: E phrygian dominant (E F G# A B C D)"`. A dominant seventh resolving down a fifth to a
/// minor chord takes phrygian dominant (the fifth mode of that chord's harmonic minor); other
/// chords the first scale chord–scale theory gives them.
pub fn chord_scale_lines(progression: &Progression, key_scales: &[Scale]) -> Vec<String> {
    use crate::theory::interval::Interval;
    let chords: Vec<&Chord> = progression.chords().map(|(_, c)| c).collect();
    let mut out: Vec<String> = Vec::new();
    for (k, chord) in chords.iter().enumerate() {
        let leaves = chord.tones().iter().any(|t| {
            !key_scales
                .iter()
                .any(|s| s.contains_pitch_class(t.pitch_class()))
        });
        let label = format!("{chord}: ");
        if !leaves || out.iter().any(|l| l.starts_with(&label)) {
            continue;
        }
        let dominant =
            chord.intervals.contains(&Interval::M3) && chord.intervals.contains(&Interval::MIN7);
        let resolves_to_minor = chords.get(k + 1).is_some_and(|next| {
            (i32::from(chord.root.pitch_class()) - i32::from(next.root.pitch_class()))
                .rem_euclid(12)
                == 7
                && next.intervals.contains(&Interval::MIN3)
        });
        let scale = if dominant && resolves_to_minor {
            Some(Scale {
                tonic: chord.root,
                kind: ScaleKind::PhrygianDominant,
            })
        } else {
            crate::theory::chord::chord_scales(chord).into_iter().next()
        };
        if let Some(scale) = scale {
            out.push(format!("{label}{scale}"));
        }
    }
    out
}

impl Jam {
    /// The feel marking of the example's tempo (`Q:"Swing" 1/4=120`), if it has one.
    pub fn feel_marking(&self) -> Option<&'static str> {
        let tempo = self.example.lines().find(|l| l.starts_with("Q:"))?;
        let text = tempo.split('"').nth(1)?;
        FEEL_MARKINGS
            .into_iter()
            .find(|m| m.eq_ignore_ascii_case(text.trim()))
    }

    /// How the example's eighths are played: as its tempo's marking says, else as its style
    /// plays them; a hornpipe writes its swing out in dotted pairs and is played as written.
    pub fn feel(&self) -> Feel {
        match self.feel_marking() {
            Some(m) if m == FEEL_MARKINGS[0] => Feel::Swing,
            Some(_) => Feel::Straight,
            None => match self.intent() {
                Ok(i) if i.style.id == "hornpipe" => Feel::Straight,
                Ok(i) => i.style.feel,
                Err(_) => Feel::Straight,
            },
        }
    }

    /// The intent this jam answers, rebuilt from its fields.
    pub fn intent(&self) -> Result<Intent, JamError> {
        crate::intent::from_fields(
            &self.prompt,
            &self.key,
            &self.mode,
            &self.meter,
            self.tempo,
            self.bars,
            &self.style_id,
            &self.instrument,
        )
        .map(|intent| Intent {
            overrides: self.overrides.clone(),
            colour: self
                .understood
                .colour
                .as_ref()
                .and_then(|c| crate::style::by_id(&c.value))
                .filter(|c| crate::intent::colours(c)),
            understood: self.understood.clone(),
            ..intent
        })
        .map_err(|e| JamError::Field {
            field: "key/meter/tempo/bars",
            reason: e.to_string(),
        })
    }

    /// Its progression.
    pub fn progression(&self) -> Result<Progression, JamError> {
        Progression::parse(&self.chords).map_err(|e| JamError::Field {
            field: "chords",
            reason: e.to_string(),
        })
    }
}

/// A new melody over the same chords, steered by a short text ("more syncopated", "higher").
pub fn new_melody(jam: &Jam, seed: u64, steer: &str) -> Result<Jam, JamError> {
    let intent = jam.intent()?;
    let progression = jam.progression()?;
    if progression.bars.len() != intent.bars as usize {
        return Err(JamError::Field {
            field: "chords",
            reason: format!("{} bars, not {}", progression.bars.len(), intent.bars),
        });
    }
    let steering = Steer::parse(steer);
    let mut take = assemble(&intent, seed, progression, steering, jam.title.clone());
    // What this take was steered by (and not by): the previous take's steering is gone.
    let text = steer.trim();
    take.understood.steer = (!text.is_empty()).then(|| crate::intent::Reading {
        value: steering.describe(),
        words: text.to_string(),
    });
    take.understood.steer_unknown = Steer::not_understood(text);
    Ok(take)
}

/// A new progression in the same style, key and length, with a melody over it.
pub fn new_progression(jam: &Jam, seed: u64) -> Result<Jam, JamError> {
    let intent = jam.intent()?;
    let progression = progression::generate(&intent, &mut Rng::fork(seed, "progression"));
    Ok(assemble(
        &intent,
        seed,
        progression,
        Steer::default(),
        jam.title.clone(),
    ))
}

/// Moves the whole jam by semitones: key, chords, scales and example, spelled in the new key.
pub fn transpose(jam: &Jam, semitones: i32) -> Result<Jam, JamError> {
    use jamsesh_abc::{transpose_chord_symbol, transpose_key_name};
    let intent = jam.intent()?;
    let (tonic, interval) =
        transpose_key_name(intent.key.tonic, intent.key.mode.abc_mode(), semitones);
    let new_key = Key {
        tonic,
        mode: intent.key.mode,
    };
    let progression = jam.progression()?;
    let signature = jamsesh_abc::signature_for_fifths(new_key.fifths());
    let chords = progression
        .bars
        .iter()
        .map(|b| {
            b.iter()
                .map(|c| transpose_chord_symbol(&c.to_string(), interval, &signature))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" | ");
    let scales = crate::theory::scale::parse_scales(&jam.scales)
        .map_err(|reason| JamError::Field {
            field: "scales",
            reason,
        })?
        .iter()
        .map(|s| {
            let up = crate::theory::interval::Interval {
                steps: interval.steps.rem_euclid(7) as i8,
                semitones: semitones.rem_euclid(12) as i8,
            };
            Scale {
                tonic: s.tonic.up(up),
                kind: s.kind,
            }
            .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ");
    let (tree, _) = jamsesh_abc::parse(&jam.example);
    let example = jamsesh_abc::write_file(&jamsesh_abc::transpose_file(&tree, semitones));
    let moved_scales = crate::theory::scale::parse_scales(&scales).unwrap_or_default();
    let chord_scales = Progression::parse(&chords)
        .map(|p| chord_scale_lines(&p, &moved_scales))
        .unwrap_or_default();
    Ok(Jam {
        chords,
        scales,
        chord_scales,
        example,
        key: new_key.tonic.to_string(),
        style: jam
            .style
            .replace(&intent.key.to_string(), &new_key.to_string()),
        transposed: (jam.transposed + semitones).rem_euclid(12),
        ..jam.clone()
    })
}
