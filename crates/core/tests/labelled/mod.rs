//! Scoring a prompt reader against hand-labelled prompts (`data/prompts/*.tsv`): a stated key
//! and mode, meter, tempo class and style family read as a musician meant them. Shared by the
//! rule-based reader's test here and the LLM reader's measurement in `crates/llm`.

#![allow(dead_code)]

use jamsesh_core::Intent;
use jamsesh_theory::key::Mode;
use jamsesh_theory::note::Note;

/// The family of a style id, for labels and for our catalogue alike. Styles of one family
/// share a feel closely enough that reading one as another is not a misreading; a genre the
/// catalogue lacks counts as right when it lands on a catalogue style of its family.
pub fn family(id: &str) -> Option<&'static str> {
    Some(match id {
        // Twelve-bar forms and their shuffles (a jazz blues is still a blues).
        "blues" | "minor-blues" | "jazz-blues" | "boogie-woogie" => "blues",
        "jazz" | "bebop" | "hard-bop" | "cool-jazz" | "modal-jazz" | "jazz-ballad"
        | "gypsy-jazz" | "fusion" | "acid-jazz" | "soul-jazz" | "smooth-jazz" | "lounge"
        | "big-band" | "new-orleans" => "jazz",
        "bossa" | "latin" | "samba" | "latin-jazz" | "salsa" | "tango" | "cumbia" => "latin",
        "funk" | "jazz-funk" | "soul" | "motown" | "gospel" | "rnb" | "neo-soul" | "disco" => {
            "funk-soul"
        }
        "rock" | "hard-rock" | "blues-rock" | "southern-rock" | "surf" | "rockabilly"
        | "rock-ballad" | "prog-rock" | "grunge" | "indie" | "psychedelic" => "rock",
        "metal" | "punk" => "metal-punk",
        "pop" => "pop",
        "reggae" | "dub" | "ska" => "reggae-ska",
        "country" | "two-step" | "train-beat" | "bluegrass" | "folk" | "polka" => "country-folk",
        "celtic" | "reel" | "jig" | "slip-jig" | "hornpipe" => "celtic",
        "edm" | "house" | "synthwave" => "electronic",
        "lofi" | "boom-bap" | "trip-hop" => "hiphop",
        // Ambient has no beat and long notes: the cinematic family, not the dance floor.
        "cinematic" | "ambient" => "cinematic",
        "flamenco" | "andalusian" => "flamenco",
        "afrobeat" => "afrobeat",
        "waltz" => "waltz",
        // Progression drills: the form is the request, whatever the genre around it.
        "rhythm-changes" | "ii-v-i" | "minor-ii-v" => "practice",
        _ => return None,
    })
}

/// One labelled prompt; `None` is a field the prompt does not state (`-`).
pub struct Row {
    pub prompt: String,
    pub style: String,
    pub key: Option<String>,
    pub tempo: Option<String>,
    pub meter: Option<String>,
}

pub fn rows(text: &str) -> Vec<Row> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("prompt\t"))
        .enumerate()
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            // No row content in the message: the holdout's rows stay unseen.
            assert_eq!(f.len(), 5, "data row {} does not have 5 fields", i + 1);
            let stated = |s: &str| (s.trim() != "-").then(|| s.trim().to_string());
            Row {
                prompt: f[0].to_string(),
                style: f[1].trim().to_string(),
                key: stated(f[2]),
                tempo: stated(f[3]),
                meter: stated(f[4]),
            }
        })
        .collect()
}

/// Modes that sound the same compare equal (`minor` is `aeolian`).
fn same_mode(m: Mode) -> Mode {
    match m {
        Mode::Aeolian => Mode::Minor,
        Mode::Ionian => Mode::Major,
        m => m,
    }
}

/// `F# minor`, `C harmonic-minor` → pitch class and mode.
fn label_key(label: &str) -> Option<(u8, Mode)> {
    let (tonic, mode) = label.split_once(' ')?;
    let tonic: Note = tonic.parse().ok()?;
    let mode: Mode = mode.replace('-', " ").parse().ok()?;
    Some((tonic.pitch_class(), same_mode(mode)))
}

#[derive(Default)]
pub struct Field {
    pub right: usize,
    pub scored: usize,
}

impl Field {
    fn add(&mut self, ok: bool) {
        self.scored += 1;
        self.right += usize::from(ok);
    }

    pub fn rate(&self) -> f64 {
        if self.scored == 0 {
            1.0
        } else {
            self.right as f64 / self.scored as f64
        }
    }

    pub fn show(&self) -> String {
        format!(
            "{:>3}/{:<3} {:5.1}%",
            self.right,
            self.scored,
            self.rate() * 100.0
        )
    }
}

#[derive(Default)]
pub struct Score {
    pub key: Field,
    pub tempo: Field,
    pub meter: Field,
    pub style: Field,
    /// Prompts stating no key for which none was read.
    pub no_key: Field,
    /// Labels the family table does not know (not scored).
    pub unmapped: usize,
    pub misses: Vec<String>,
}

fn describe(i: &Intent) -> String {
    format!(
        "{} {} / {} / {} bpm (style usual {}) / {}/{}",
        i.key.tonic,
        i.key.mode.name(),
        i.style.id,
        i.tempo,
        i.style.tempo.1,
        i.meter.0,
        i.meter.1
    )
}

/// Scores a reader over a labelled set: `read` gives the intent for a prompt.
pub fn score(text: &str, mut read: impl FnMut(&str) -> Intent) -> Score {
    let mut s = Score::default();
    for row in rows(text) {
        let intent = read(&row.prompt);
        let mut wrong = Vec::new();
        match &row.key {
            Some(label) => {
                let Some((pc, mode)) = label_key(label) else {
                    panic!("a key label could not be read");
                };
                // A bare tonic ("metal in E") is labelled major; the reader gives it the
                // style's own mode, as a musician playing that style would. Where the prompt
                // says major, major it must be.
                let says_major = [
                    "maj", "dur", "mayor", "majeur", "maggiore", "maior", "ionian",
                ]
                .iter()
                .any(|w| row.prompt.to_lowercase().contains(w));
                let bare_major = mode == Mode::Major
                    && !says_major
                    && same_mode(intent.key.mode) == same_mode(intent.style.mode);
                let ok = intent.key.tonic.pitch_class() == pc
                    && (same_mode(intent.key.mode) == mode || bare_major);
                s.key.add(ok);
                if !ok {
                    wrong.push(format!("key {label}"));
                }
            }
            None => {
                s.no_key.add(!intent.explicit.key);
                if intent.explicit.key {
                    wrong.push("key (none stated)".to_string());
                }
            }
        }
        if let Some(label) = &row.meter {
            let ok = format!("{}/{}", intent.meter.0, intent.meter.1) == *label;
            s.meter.add(ok);
            if !ok {
                wrong.push(format!("meter {label}"));
            }
        }
        if let Some(label) = &row.tempo {
            let usual = intent.style.tempo.1;
            let ok = match label.as_str() {
                "slow" => intent.tempo < usual,
                "fast" => intent.tempo > usual,
                n => n.parse::<u32>().is_ok_and(|n| n == intent.tempo),
            };
            s.tempo.add(ok);
            if !ok {
                wrong.push(format!("tempo {label}"));
            }
        }
        if row.style != "?" && !row.style.starts_with("unknown:") {
            match family(&row.style) {
                Some(want) => {
                    let ok = family(intent.style.id) == Some(want);
                    s.style.add(ok);
                    if !ok {
                        wrong.push(format!("style {} ({want})", row.style));
                    }
                }
                None => s.unmapped += 1,
            }
        }
        if !wrong.is_empty() {
            s.misses.push(format!(
                "{:<60} want {:<40} read {}",
                row.prompt,
                wrong.join(", "),
                describe(&intent)
            ));
        }
    }
    s
}

pub fn report(name: &str, s: &Score) {
    eprintln!(
        "{name:<8} key {}  tempo {}  meter {}  style {}  no-key {}  unmapped labels {}",
        s.key.show(),
        s.tempo.show(),
        s.meter.show(),
        s.style.show(),
        s.no_key.show(),
        s.unmapped
    );
}
