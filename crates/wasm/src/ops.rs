//! The widget's operations as plain Rust: options in, jams and renderings out. The wasm
//! bindings in `lib.rs` and the HTTP server call these, so the browser and the server agree.
//! Every input is untrusted: bad values give an [`OpError`], never a panic.

use jamsesh_core::harmony::{self, HarmonyKind};
use jamsesh_core::{critic, intent, jam, Jam, Overrides, Report};
use jamsesh_render::{MidiOptions, SvgOptions, Theme};
use serde::{Deserialize, Serialize};

/// Longest prompt accepted, in characters.
pub const MAX_PROMPT_CHARS: usize = 2_000;
/// Longest ABC text accepted, in bytes.
pub const MAX_ABC_BYTES: usize = 200_000;
/// Widest and narrowest engraving, in SVG units.
pub const WIDTH_RANGE: (f32, f32) = (200.0, 4_000.0);

/// Why an operation could not run. `code()` is a stable machine-readable name.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpError {
    /// The prompt could not be read (empty, or a bad key/meter/tempo/bars option).
    #[error("{0}")]
    Prompt(String),
    /// The prompt is longer than [`MAX_PROMPT_CHARS`].
    #[error("the prompt is {0} characters; at most {MAX_PROMPT_CHARS} are accepted")]
    PromptTooLong(usize),
    /// Options that are not of the right shape or range.
    #[error("bad options: {0}")]
    Options(String),
    /// A jam that is not a jam, or one an operation cannot use.
    #[error("bad jam: {0}")]
    Jam(String),
    /// ABC that holds no tune, or is too large.
    #[error("bad ABC: {0}")]
    Abc(String),
    /// A chord symbol that is not one.
    #[error("bad chord: {0}")]
    Chord(String),
    /// Nothing to play.
    #[error("cannot play: {0}")]
    Play(String),
}

impl OpError {
    /// A short stable name for the error, used in JSON error bodies.
    pub fn code(&self) -> &'static str {
        match self {
            OpError::Prompt(_) => "bad_prompt",
            OpError::PromptTooLong(_) => "prompt_too_long",
            OpError::Options(_) => "bad_options",
            OpError::Jam(_) => "bad_jam",
            OpError::Abc(_) => "bad_abc",
            OpError::Chord(_) => "bad_chord",
            OpError::Play(_) => "nothing_to_play",
        }
    }
}

/// Options of [`generate`]: everything but the prompt, all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateOptions {
    /// Seed (the CLI's default, 1, when absent): the same prompt and seed give the same jam.
    pub seed: Option<u64>,
    /// Key such as `Bb`, `F#m`, `D dorian`.
    pub key: Option<String>,
    /// Quarter notes per minute (30–320).
    pub tempo: Option<u32>,
    /// Bars (2–64).
    pub bars: Option<u32>,
    /// Meter such as `6/8`.
    pub meter: Option<String>,
}

/// Composes a jam with the embedded engine, exactly as `jamsesh jam` does.
pub fn generate(prompt: &str, options: &GenerateOptions) -> Result<Jam, OpError> {
    let chars = prompt.chars().count();
    if chars > MAX_PROMPT_CHARS {
        return Err(OpError::PromptTooLong(chars));
    }
    let overrides = Overrides {
        key: options.key.clone().filter(|k| !k.trim().is_empty()),
        tempo: options.tempo,
        bars: options.bars,
        meter: options.meter.clone().filter(|m| !m.trim().is_empty()),
    };
    let intent = intent::parse(prompt, &overrides).map_err(|e| OpError::Prompt(e.to_string()))?;
    Ok(jam::generate(&intent, options.seed.unwrap_or(1)))
}

/// Reads a jam from JSON text, with a clear error when it is not one.
pub fn parse_jam(json: &str) -> Result<Jam, OpError> {
    serde_json::from_str(json).map_err(|e| OpError::Jam(e.to_string()))
}

/// A new melody over the same chords, steered by words such as "more syncopated".
pub fn new_melody(jam: &Jam, seed: u64, steer: &str) -> Result<Jam, OpError> {
    jam::new_melody(jam, seed, steer).map_err(|e| OpError::Jam(e.to_string()))
}

/// A new progression (and melody) in the same style, key and length.
pub fn new_progression(jam: &Jam, seed: u64) -> Result<Jam, OpError> {
    jam::new_progression(jam, seed).map_err(|e| OpError::Jam(e.to_string()))
}

/// Adds a second voice: `third`, `sixth` or `bass`.
pub fn harmony(jam: &Jam, kind: &str) -> Result<Jam, OpError> {
    let kind: HarmonyKind = kind.parse().map_err(OpError::Options)?;
    harmony::harmony(jam, kind).map_err(|e| OpError::Jam(e.to_string()))
}

/// Moves the whole jam by −11…11 semitones, spelled correctly.
pub fn transpose(jam: &Jam, semitones: i32) -> Result<Jam, OpError> {
    if !(-11..=11).contains(&semitones) {
        return Err(OpError::Options(format!(
            "transpose by {semitones} semitones: use −11…11"
        )));
    }
    jam::transpose(jam, semitones).map_err(|e| OpError::Jam(e.to_string()))
}

/// The critic's report on a jam.
pub fn critic(jam: &Jam) -> Report {
    critic::review(jam)
}

/// Options of the renderers.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderOptions {
    /// Width in SVG units (pixels at scale 1); 1000 when absent.
    pub width: Option<f32>,
    /// `light` (default) or `dark`.
    pub theme: Option<String>,
}

impl RenderOptions {
    /// The engraver's options, checked.
    pub fn svg_options(&self) -> Result<SvgOptions, OpError> {
        let width = self.width.unwrap_or(1000.0);
        if !width.is_finite() || width < WIDTH_RANGE.0 || width > WIDTH_RANGE.1 {
            return Err(OpError::Options(format!(
                "width {width} is outside {}–{}",
                WIDTH_RANGE.0, WIDTH_RANGE.1
            )));
        }
        let theme = match self.theme.as_deref().map(str::trim) {
            None | Some("") | Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            Some(other) => {
                return Err(OpError::Options(format!(
                    "theme `{other}` is not light or dark"
                )))
            }
        };
        Ok(SvgOptions { width, theme })
    }
}

/// The first tune of some ABC text.
pub fn first_tune(abc: &str) -> Result<jamsesh_abc::semantics::Tune, OpError> {
    if abc.len() > MAX_ABC_BYTES {
        return Err(OpError::Abc(format!(
            "{} bytes is more than the {MAX_ABC_BYTES} accepted",
            abc.len()
        )));
    }
    let (tunes, _) = jamsesh_abc::parse_tunes(abc);
    tunes.into_iter().next().ok_or_else(|| {
        OpError::Abc(
            "no tune found: a tune starts with an `X:` line, then `K:` and the music".into(),
        )
    })
}

/// An engraved tune and its counts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Svg {
    /// The SVG document.
    pub svg: String,
    /// Systems (lines of music).
    pub systems: usize,
    /// Noteheads drawn.
    pub noteheads: usize,
    /// Bars drawn (all voices).
    pub bars: usize,
}

/// Engraves the first tune of some ABC as SVG.
pub fn render_svg(abc: &str, options: &RenderOptions) -> Result<Svg, OpError> {
    let options = options.svg_options()?;
    let tune = first_tune(abc)?;
    let e = jamsesh_render::engrave(&tune, &options);
    Ok(Svg {
        svg: e.svg,
        systems: e.systems,
        noteheads: e.noteheads,
        bars: e.bars,
    })
}

/// How to play some ABC: the jam's instrument and feel when a jam is given, plain otherwise.
pub fn playback_options(jam: Option<&Jam>) -> MidiOptions {
    jam.map(MidiOptions::for_jam).unwrap_or_default()
}

/// The first tune of some ABC as a Standard MIDI File with chord and bass backing.
pub fn midi(abc: &str, options: &MidiOptions) -> Result<Vec<u8>, OpError> {
    let tune = first_tune(abc)?;
    jamsesh_render::tune_to_midi(&tune, options).map_err(|e| OpError::Play(e.to_string()))
}

/// The first tune of some ABC as a WAV file (22.05 kHz mono) played by the built-in synth.
pub fn wav(abc: &str, options: &MidiOptions) -> Result<Vec<u8>, OpError> {
    let tune = first_tune(abc)?;
    jamsesh_render::tune_to_wav(&tune, options).map_err(|e| OpError::Play(e.to_string()))
}

/// A chord's voicing as ABC and as a small staff.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChordView {
    /// The symbol as asked.
    pub symbol: String,
    /// The voicing as an ABC tune.
    pub abc: String,
    /// The voicing engraved.
    pub svg: String,
    /// MIDI note numbers of the voicing, low to high.
    pub notes: Vec<u8>,
}

/// The voicing of one chord symbol.
pub fn chord(symbol: &str, options: &RenderOptions) -> Result<ChordView, OpError> {
    if symbol.len() > 40 {
        return Err(OpError::Chord("a chord symbol is at most 40 bytes".into()));
    }
    let abc = harmony::chord_voicing(symbol.trim()).map_err(|e| OpError::Chord(e.to_string()))?;
    let tune = first_tune(&abc)?;
    let svg = jamsesh_render::engrave(&tune, &options.svg_options()?).svg;
    let mut notes: Vec<u8> = tune
        .performance()
        .iter()
        .flat_map(|v| v.notes.iter().map(|n| n.midi.clamp(0, 127) as u8))
        .collect();
    notes.sort_unstable();
    notes.dedup();
    Ok(ChordView {
        symbol: symbol.trim().to_string(),
        abc,
        svg,
        notes,
    })
}

/// One note to play, in seconds at the tune's own tempo.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayNote {
    /// Onset in seconds.
    pub time: f64,
    /// Length in seconds.
    pub duration: f64,
    /// MIDI note number.
    pub key: u8,
    /// MIDI velocity.
    pub velocity: u8,
    /// `melody`, `harmony` (second and further voices), `chords` or `bass`.
    pub part: &'static str,
    /// Bar (0-based) the note starts in, counted by the time signature.
    pub bar: u32,
}

/// A performance the browser's synthesizer can schedule: the same notes the MIDI file holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Playback {
    /// Quarter notes per minute.
    pub bpm: f64,
    /// Seconds per bar.
    pub bar_seconds: f64,
    /// Bars played.
    pub bars: u32,
    /// Seconds from the start to the end of the last bar.
    pub duration: f64,
    /// Every note, sorted by time.
    pub notes: Vec<PlayNote>,
}

/// The notes of a MIDI file written by [`midi`], read back for the browser's synthesizer.
pub fn playback(abc: &str, options: &MidiOptions) -> Result<Playback, OpError> {
    let bytes = midi(abc, options)?;
    let smf = midly::Smf::parse(&bytes).map_err(|e| OpError::Play(e.to_string()))?;
    let tpq = match smf.header.timing {
        midly::Timing::Metrical(t) => f64::from(t.as_int().max(1)),
        midly::Timing::Timecode(..) => return Err(OpError::Play("unexpected timing".into())),
    };
    let mut micros_per_quarter = 500_000.0;
    let mut bar_ticks = 4.0 * tpq;
    let mut notes = Vec::new();
    for track in &smf.tracks {
        let mut now = 0u64;
        // Sounding notes by (channel, key): onset and velocity.
        let mut open: Vec<(u8, u8, u64, u8)> = Vec::new();
        for ev in track {
            now += u64::from(ev.delta.as_int());
            match ev.kind {
                midly::TrackEventKind::Meta(midly::MetaMessage::Tempo(t)) => {
                    micros_per_quarter = f64::from(t.as_int().max(1));
                }
                midly::TrackEventKind::Meta(midly::MetaMessage::TimeSignature(n, d, ..)) => {
                    let whole = 4.0 * tpq;
                    bar_ticks = whole * f64::from(n.max(1)) / f64::from(1u32 << d.min(6));
                }
                midly::TrackEventKind::Midi { channel, message } => {
                    let channel = channel.as_int();
                    let (key, on, vel) = match message {
                        midly::MidiMessage::NoteOn { key, vel } => {
                            (key.as_int(), vel.as_int() > 0, vel.as_int())
                        }
                        midly::MidiMessage::NoteOff { key, .. } => (key.as_int(), false, 0),
                        _ => continue,
                    };
                    if on {
                        open.push((channel, key, now, vel));
                    } else if let Some(i) = open
                        .iter()
                        .position(|&(c, k, _, _)| c == channel && k == key)
                    {
                        let (_, _, start, velocity) = open.remove(i);
                        let part = match channel {
                            0 => "melody",
                            10 => "chords",
                            11 => "bass",
                            _ => "harmony",
                        };
                        notes.push((start, now - start, key, velocity, part));
                    }
                }
                _ => {}
            }
        }
    }
    let seconds_per_tick = micros_per_quarter / 1e6 / tpq;
    let bar_of = |tick: u64| (tick as f64 / bar_ticks + 1e-9).floor().max(0.0) as u32;
    let end = notes.iter().map(|n| n.0 + n.1).max().unwrap_or(0);
    let bars = if end == 0 {
        0
    } else {
        (end as f64 / bar_ticks - 1e-9).ceil().max(1.0) as u32
    };
    let mut notes: Vec<PlayNote> = notes
        .into_iter()
        .map(|(start, len, key, velocity, part)| PlayNote {
            time: start as f64 * seconds_per_tick,
            duration: len as f64 * seconds_per_tick,
            key,
            velocity,
            part,
            bar: bar_of(start),
        })
        .collect();
    notes.sort_by(|a, b| a.time.total_cmp(&b.time).then(a.key.cmp(&b.key)));
    let bar_seconds = bar_ticks * seconds_per_tick;
    Ok(Playback {
        bpm: 60e6 / micros_per_quarter,
        bar_seconds,
        bars,
        duration: f64::from(bars) * bar_seconds,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_matches_the_core_engine() {
        let options = GenerateOptions {
            seed: Some(8),
            ..Default::default()
        };
        let ours = generate("funky slow groove in Bb", &options).unwrap();
        let intent = intent::parse("funky slow groove in Bb", &Overrides::default()).unwrap();
        assert_eq!(ours, jam::generate(&intent, 8));
    }

    #[test]
    fn bad_input_gives_errors_not_panics() {
        assert_eq!(
            generate("   ", &GenerateOptions::default())
                .unwrap_err()
                .code(),
            "bad_prompt"
        );
        let long = "a".repeat(MAX_PROMPT_CHARS + 1);
        assert!(matches!(
            generate(&long, &GenerateOptions::default()),
            Err(OpError::PromptTooLong(_))
        ));
        let bad_key = GenerateOptions {
            key: Some("H#".into()),
            ..Default::default()
        };
        assert_eq!(
            generate("blues", &bad_key).unwrap_err().code(),
            "bad_prompt"
        );
        assert_eq!(parse_jam("{}").unwrap_err().code(), "bad_jam");
        assert_eq!(
            render_svg("no tune here", &RenderOptions::default())
                .unwrap_err()
                .code(),
            "bad_abc"
        );
        let narrow = RenderOptions {
            width: Some(10.0),
            theme: None,
        };
        assert_eq!(
            render_svg("X:1\nK:C\nC", &narrow).unwrap_err().code(),
            "bad_options"
        );
        assert_eq!(
            chord("Q#7", &RenderOptions::default()).unwrap_err().code(),
            "bad_chord"
        );
        let jam = generate("blues in E", &GenerateOptions::default()).unwrap();
        assert_eq!(transpose(&jam, 40).unwrap_err().code(), "bad_options");
        assert_eq!(harmony(&jam, "ninth").unwrap_err().code(), "bad_options");
    }

    #[test]
    fn playback_holds_every_melody_note_in_its_bar() {
        let jam = generate("slow blues in E", &GenerateOptions::default()).unwrap();
        let tune = first_tune(&jam.example).unwrap();
        let melody_notes: usize = tune.performance()[0].notes.len();
        let p = playback(&jam.example, &playback_options(Some(&jam))).unwrap();
        let melody: Vec<&PlayNote> = p.notes.iter().filter(|n| n.part == "melody").collect();
        assert_eq!(melody.len(), melody_notes);
        assert_eq!(p.bars, jam.bars);
        assert!(p.notes.iter().any(|n| n.part == "bass"));
        assert!(p.notes.iter().all(|n| n.bar < p.bars));
        // 12 bars of 4/4 at the jam's tempo.
        let expected = 12.0 * 4.0 * 60.0 / f64::from(jam.tempo);
        assert!((p.duration - expected).abs() < 0.01, "{}", p.duration);
    }

    #[test]
    fn chord_view_has_the_chord_tones() {
        let c = chord("Cmaj7", &RenderOptions::default()).unwrap();
        let classes: Vec<u8> = c.notes.iter().map(|k| k % 12).collect();
        assert_eq!(classes, vec![0, 4, 7, 11]);
        assert!(c.svg.starts_with("<svg"));
    }
}
