//! The jam kit's operations as plain Rust: options in, jams and renderings out. The browser's
//! wasm bindings (`jamsesh-wasm`) and the HTTP server (`jamsesh-server`) both call these, so
//! they agree. Every input is untrusted: bad values give an [`OpError`], never a panic.

#![forbid(unsafe_code)]
// No function over 100 lines (`clippy.toml` sets the threshold).
#![warn(clippy::too_many_lines)]
#![warn(missing_docs)]

pub mod abc;
#[cfg(feature = "ogg")]
pub mod audio;
pub mod backend;
pub mod backing;
pub mod complete;
pub mod cost;
pub mod part;

/// The LLM backend's configuration and answers, for the doors that set one up (its calls go
/// through [`Model`]).
#[cfg(feature = "llm")]
pub mod llm {
    pub use jamsesh_llm::{Config, FormatMode, Llm, LlmError, Outcome};
}

pub use jamsesh_abc::Tune;
pub use jamsesh_core::{Jam, Overrides, Report, Source, Understood};
#[cfg(feature = "soundfont")]
pub use jamsesh_render::soundfont;
pub use jamsesh_render::{Feel, MidiOptions, SvgOptions, Theme};
pub use jamsesh_theory::scale::Scale;

pub use backend::Backend;
#[cfg(feature = "llm")]
pub use backend::Model;

pub use jamsesh_core::HarmonyKind;
use jamsesh_core::{Intent, Steer};
use jamsesh_render::Playback;
use jamsesh_theory::chord::Chord;
use serde::{Deserialize, Serialize};

/// Longest prompt accepted, in characters (and longest steering text of a new melody).
pub const MAX_PROMPT_CHARS: usize = 2_000;
/// Tempi a jam may have, in quarter notes per minute.
pub const TEMPO: std::ops::RangeInclusive<u32> = jamsesh_core::TEMPO;
/// Bars a jam may have.
pub const BARS: std::ops::RangeInclusive<u32> = jamsesh_core::BARS;
/// Longest ABC text accepted, in bytes.
pub const MAX_ABC_BYTES: usize = 200_000;
/// Widest and narrowest engraving, in SVG units.
pub const WIDTH_RANGE: (f32, f32) = (200.0, 4_000.0);

/// Most characters of the input an error message quotes; longer quotes are cut to an excerpt.
pub const MAX_QUOTE_CHARS: usize = 40;
/// Longest error message, in characters: a message says what to fix, it does not echo a body.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// A short, printable excerpt of some input for an error message: control characters escaped
/// (`\n`, `\u{1b}`), and at most [`MAX_QUOTE_CHARS`] characters, with `…` and the full length
/// when it was cut — so a 90 KB chord symbol is quoted in one line, not echoed.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for (shown, c) in text.chars().enumerate() {
        if shown == MAX_QUOTE_CHARS {
            out.push_str(&format!("… ({} characters)", text.chars().count()));
            break;
        }
        push_printable(&mut out, c);
    }
    out
}

/// Pushes `c`, or its escape when it is a control character (so input cannot drive a terminal).
fn push_printable(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
        c => out.push(c),
    }
}

/// An error message made safe to show: every quoted run (between backticks or double quotes)
/// cut to an [`excerpt`], control characters escaped, and the whole at most
/// [`MAX_MESSAGE_CHARS`]. Messages from the parsers and the theory quote their input whole;
/// this keeps what a client or terminal sees short whatever the input was.
pub fn short_message(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..open + 1];
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            break;
        };
        out.push_str(&escaped(&rest[..=open]));
        out.push_str(&excerpt(&after[..close]));
        out.push_str(quote);
        rest = &after[close + 1..];
    }
    out.push_str(&escaped(rest));
    if out.chars().count() > MAX_MESSAGE_CHARS {
        let mut cut: String = out.chars().take(MAX_MESSAGE_CHARS).collect();
        cut.push('…');
        return cut;
    }
    out
}

/// `text` with its control characters escaped.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    text.chars().for_each(|c| push_printable(&mut out, c));
    out
}

/// The message of an error from the library crates, made short with [`short_message`].
fn said(e: impl std::fmt::Display) -> String {
    short_message(&e.to_string())
}

/// Why an operation could not run. `code()` is a stable machine-readable name.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpError {
    /// The prompt could not be read (empty, or a bad key/meter/tempo/bars option).
    #[error("{0}")]
    Prompt(String),
    /// The prompt is longer than [`MAX_PROMPT_CHARS`].
    #[error("the prompt is {0} characters; at most {MAX_PROMPT_CHARS} are accepted")]
    PromptTooLong(usize),
    /// The steering words of a new melody are longer than [`MAX_PROMPT_CHARS`].
    #[error("the steer is {0} characters; at most {MAX_PROMPT_CHARS} are accepted")]
    SteerTooLong(usize),
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
    /// A scale name that is not one.
    #[error("bad scale: {0}")]
    Scale(String),
    /// Nothing to play.
    #[error("cannot play: {0}")]
    Play(String),
    /// The work asked for is over a budget of [`cost`], found before doing it.
    #[error("too much work: {0}")]
    Budget(String),
    /// A picture over [`cost::MAX_PNG_PIXELS`].
    #[error("{0}")]
    ImageTooLarge(String),
    /// The work was stopped because nobody waits for it any more.
    #[error("the work was stopped: the client went away")]
    Cancelled,
    /// A backend name that is none of [`Backend::ALL`].
    #[error("`{0}` is not a backend: engine, llm, hybrid or intent")]
    UnknownBackend(String),
    /// A backend that needs an LLM, where none is set up.
    #[error(
        "no LLM backend is set up here (it is set with the JAMSESH_LLM_BASE_URL and \
         JAMSESH_LLM_MODEL environment variables); ask with backend `engine`"
    )]
    NoLlm,
}

impl OpError {
    /// A short stable name for the error, used in JSON error bodies.
    pub fn code(&self) -> &'static str {
        match self {
            OpError::Prompt(_) => "bad_prompt",
            OpError::PromptTooLong(_) => "prompt_too_long",
            OpError::SteerTooLong(_) => "steer_too_long",
            OpError::Options(_) => "bad_options",
            OpError::Jam(_) => "bad_jam",
            OpError::Abc(_) => "bad_abc",
            OpError::Chord(_) => "bad_chord",
            OpError::Scale(_) => "bad_scale",
            OpError::Play(_) => "nothing_to_play",
            OpError::Budget(_) => "over_budget",
            OpError::ImageTooLarge(_) => "image_too_large",
            OpError::Cancelled => "cancelled",
            OpError::UnknownBackend(_) => "bad_options",
            OpError::NoLlm => "llm_not_configured",
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
    /// Style such as `bossa nova` (wins over the prompt's words).
    pub style: Option<String>,
}

/// What a prompt and its options ask for, checked: the input of every composer.
pub fn intent(prompt: &str, options: &GenerateOptions) -> Result<Intent, OpError> {
    let chars = prompt.chars().count();
    if chars > MAX_PROMPT_CHARS {
        return Err(OpError::PromptTooLong(chars));
    }
    let overrides = Overrides {
        key: options.key.clone().filter(|k| !k.trim().is_empty()),
        tempo: options.tempo,
        bars: options.bars,
        meter: options.meter.clone().filter(|m| !m.trim().is_empty()),
        style: options.style.clone().filter(|s| !s.trim().is_empty()),
    };
    jamsesh_core::parse_intent(prompt, &overrides).map_err(|e| OpError::Prompt(said(e)))
}

/// The seed of [`GenerateOptions`], or the CLI's default, 1.
pub fn seed(options: &GenerateOptions) -> u64 {
    options.seed.unwrap_or(1)
}

/// Composes a jam with the embedded engine, exactly as `jamsesh jam` does.
pub fn generate(prompt: &str, options: &GenerateOptions) -> Result<Jam, OpError> {
    Ok(compose(&intent(prompt, options)?, seed(options)))
}

/// The embedded engine's jam for an intent [`intent`] has checked.
pub fn compose(intent: &Intent, seed: u64) -> Jam {
    jamsesh_core::generate(intent, seed)
}

/// Reads a jam from JSON text, with a clear error when it is not one, and refuses one larger
/// than [`cost::check_jam`] allows.
pub fn parse_jam(json: &str) -> Result<Jam, OpError> {
    let jam = serde_json::from_str(json).map_err(|e| OpError::Jam(said(e)))?;
    cost::check_jam(&jam)?;
    Ok(jam)
}

/// A new melody over the same chords, steered by words such as "more syncopated".
pub fn new_melody(jam: &Jam, seed: u64, steer: &str) -> Result<Jam, OpError> {
    cost::check_jam(jam)?;
    jamsesh_core::new_melody(jam, seed, steering(steer)?).map_err(|e| OpError::Jam(said(e)))
}

/// The words of a steering text that steer nothing, to tell the user.
pub fn not_understood(steer: &str) -> Vec<String> {
    Steer::not_understood(steer)
}

/// True when no word of a steering text changes the engine's melody.
pub fn steers_nothing(steer: &str) -> bool {
    Steer::parse(steer) == Steer::default()
}

/// Steering words for a new melody, checked: at most [`MAX_PROMPT_CHARS`], like a prompt.
pub fn steering(steer: &str) -> Result<&str, OpError> {
    let chars = steer.chars().count();
    if chars > MAX_PROMPT_CHARS {
        return Err(OpError::SteerTooLong(chars));
    }
    Ok(steer)
}

/// A new progression (and melody) in the same style, key and length.
pub fn new_progression(jam: &Jam, seed: u64) -> Result<Jam, OpError> {
    cost::check_jam(jam)?;
    jamsesh_core::new_progression(jam, seed).map_err(|e| OpError::Jam(said(e)))
}

/// Adds a second voice: `third`, `sixth` or `bass`.
pub fn harmony(jam: &Jam, kind: &str) -> Result<Jam, OpError> {
    harmony_with(jam, harmony_kind(kind)?)
}

/// Whether the jam's example has a second voice besides its melody (what [`harmony`] adds);
/// the widget offers to play it along only then.
pub fn has_second_voice(jam: &Jam) -> bool {
    cost::check_jam(jam).is_ok() && jamsesh_core::has_second_voice(jam)
}

/// Adds a second voice of a kind already read with [`harmony_kind`].
pub fn harmony_with(jam: &Jam, kind: HarmonyKind) -> Result<Jam, OpError> {
    cost::check_jam(jam)?;
    jamsesh_core::harmony(jam, kind).map_err(|e| OpError::Jam(said(e)))
}

/// A harmony voice by name: `third`, `sixth` or `bass`.
pub fn harmony_kind(name: &str) -> Result<HarmonyKind, OpError> {
    name.parse().map_err(|e: String| OpError::Options(said(e)))
}

/// Moves the whole jam by −11…11 semitones, spelled correctly.
pub fn transpose(jam: &Jam, semitones: i32) -> Result<Jam, OpError> {
    cost::check_jam(jam)?;
    if !(-11..=11).contains(&semitones) {
        return Err(OpError::Options(format!(
            "transpose by {semitones} semitones: use −11…11"
        )));
    }
    jamsesh_core::transpose_jam(jam, semitones).map_err(|e| OpError::Jam(said(e)))
}

/// The critic's report on a jam (one over [`cost::check_jam`]'s bounds is refused).
pub fn critic(jam: &Jam) -> Result<Report, OpError> {
    cost::check_jam(jam)?;
    Ok(jamsesh_core::review(jam))
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
                    "theme `{}` is not light or dark",
                    excerpt(other)
                )))
            }
        };
        Ok(SvgOptions { width, theme })
    }
}

/// The first tune of some ABC text.
pub fn first_tune(abc: &str) -> Result<Tune, OpError> {
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
    /// Size of the picture in SVG units (pixels at scale 1).
    pub width: f32,
    /// See `width`.
    pub height: f32,
}

/// Engraves the first tune of some ABC as SVG.
pub fn render_svg(abc: &str, options: &RenderOptions) -> Result<Svg, OpError> {
    let options = options.svg_options()?;
    engrave(&first_tune(abc)?, &options, &|| false)
}

/// Engraves a tune as SVG, after checking its cost against [`cost::MAX_ENGRAVING_UNITS`];
/// `stop` is asked before each system, and a stopped engraving is [`OpError::Cancelled`].
pub fn engrave(
    tune: &jamsesh_abc::Tune,
    options: &SvgOptions,
    stop: &dyn Fn() -> bool,
) -> Result<Svg, OpError> {
    cost::EngravingCost::of(tune).check()?;
    let e = jamsesh_render::engrave_until(tune, options, stop).ok_or(OpError::Cancelled)?;
    Ok(Svg {
        svg: e.svg,
        systems: e.systems,
        noteheads: e.noteheads,
        bars: e.bars,
        width: options.width,
        height: e.height,
    })
}

/// Engraves a tune as PNG at `scale` (0.25–4): the engraving's cost is checked first, then the
/// picture's size against [`cost::MAX_PNG_PIXELS`] before a pixel is drawn.
#[cfg(feature = "png")]
pub fn png(
    tune: &jamsesh_abc::Tune,
    options: &SvgOptions,
    scale: f32,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<u8>, OpError> {
    if !(0.25..=4.0).contains(&scale) {
        return Err(OpError::Options(format!("scale {scale} is outside 0.25–4")));
    }
    let drawn = engrave(tune, options, stop)?;
    cost::check_pixels(drawn.width, drawn.height, scale)?;
    if stop() {
        return Err(OpError::Cancelled);
    }
    jamsesh_render::svg_to_png(&drawn.svg, scale).map_err(|e| OpError::Play(said(e)))
}

/// The first tune of some ABC as PNG; see [`png`].
#[cfg(feature = "png")]
pub fn render_png(
    abc: &str,
    options: &RenderOptions,
    scale: f32,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<u8>, OpError> {
    let options = options.svg_options()?;
    png(&first_tune(abc)?, &options, scale, stop)
}

/// How to play some ABC: the jam's instrument and feel when a jam is given, plain otherwise.
pub fn playback_options(jam: Option<&Jam>) -> MidiOptions {
    jam.map(jamsesh_band::midi_options).unwrap_or_default()
}

/// The first tune of some ABC as a Standard MIDI File with chord and bass backing.
pub fn midi(abc: &str, options: &MidiOptions) -> Result<Vec<u8>, OpError> {
    tune_midi(&first_tune(abc)?, options)
}

/// The first tune of some ABC as a WAV file (22.05 kHz mono) played by the built-in synth.
pub fn wav(abc: &str, options: &MidiOptions) -> Result<Vec<u8>, OpError> {
    tune_wav(&first_tune(abc)?, options, &|| false)
}

/// A tune as a WAV file, after checking the synth's work against [`cost::MAX_AUDIO_WORK`];
/// `stop` is asked between notes, and a stopped render is [`OpError::Cancelled`].
pub fn tune_wav(
    tune: &jamsesh_abc::Tune,
    options: &MidiOptions,
    stop: &dyn Fn() -> bool,
) -> Result<Vec<u8>, OpError> {
    let plan = jamsesh_render::audio::plan(tune, options).map_err(|e| OpError::Play(said(e)))?;
    cost::check_audio(&plan)?;
    plan.to_wav(stop).ok_or(OpError::Cancelled)
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
    /// The same notes' names as the staff spells them (`D♯` in B major, not `E♭`).
    pub names: Vec<String>,
}

/// The voicing of one chord symbol.
pub fn chord(symbol: &str, options: &RenderOptions) -> Result<ChordView, OpError> {
    let abc = voicing(symbol)?;
    let tune = first_tune(&abc)?;
    let svg = jamsesh_render::engrave(&tune, &options.svg_options()?).svg;
    let mut sounding: Vec<(u8, String)> = tune
        .voices
        .iter()
        .flat_map(|v| v.bars.iter().flat_map(|b| &b.events))
        .filter_map(|e| match &e.kind {
            jamsesh_abc::EventKind::Notes(notes) => Some(notes),
            _ => None,
        })
        .flatten()
        .map(|n| (n.midi.clamp(0, 127) as u8, spelled(n.letter, n.alter)))
        .collect();
    jamsesh_abc::stable_sort_by_key(&mut sounding, |(midi, _)| *midi);
    sounding.dedup_by_key(|(midi, _)| *midi);
    let (notes, names) = sounding.into_iter().unzip();
    Ok(ChordView {
        symbol: symbol.trim().to_string(),
        abc,
        svg,
        notes,
        names,
    })
}

/// A note's name for reading: its letter and its sharps or flats as signs (`F♯`, `B♭♭`).
fn spelled(letter: char, alter: i8) -> String {
    let sign = if alter < 0 { "♭" } else { "♯" };
    let mut name = letter.to_string();
    name.push_str(&sign.repeat(usize::from(alter.unsigned_abs())));
    name
}

/// The notes of the arrangement [`midi`] writes, in seconds, for the browser's synthesizer.
pub fn playback(abc: &str, options: &MidiOptions) -> Result<Playback, OpError> {
    let tune = first_tune(abc)?;
    jamsesh_render::playback(&tune, options).map_err(|e| OpError::Play(said(e)))
}

/// Longest chord symbol accepted, in bytes.
pub const MAX_CHORD_SYMBOL_BYTES: usize = 40;
/// Longest scale name accepted, in characters.
pub const MAX_SCALE_NAME_CHARS: usize = 60;

/// A chord symbol, checked: at most [`MAX_CHORD_SYMBOL_BYTES`].
fn chord_symbol(symbol: &str) -> Result<&str, OpError> {
    if symbol.len() > MAX_CHORD_SYMBOL_BYTES {
        return Err(OpError::Chord(format!(
            "a chord symbol is at most {MAX_CHORD_SYMBOL_BYTES} bytes"
        )));
    }
    Ok(symbol.trim())
}

/// A chord's voicing as an ABC tune.
pub fn voicing(symbol: &str) -> Result<String, OpError> {
    jamsesh_core::chord_voicing(chord_symbol(symbol)?).map_err(|e| OpError::Chord(said(e)))
}

/// A chord symbol read: its name as written back (`Cmaj7`) and its tones, spelled.
pub fn chord_tones(symbol: &str) -> Result<(String, Vec<String>), OpError> {
    let chord: Chord = chord_symbol(symbol)?
        .parse()
        .map_err(|e: jamsesh_theory::chord::ChordError| OpError::Chord(said(e)))?;
    let tones = chord.tones().iter().map(ToString::to_string).collect();
    Ok((chord.to_string(), tones))
}

/// A scale: its name, its notes spelled, and the scale up an octave as ABC.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScaleView {
    /// Its full name, such as `D dorian`.
    pub name: String,
    /// Its notes from the tonic, spelled.
    pub notes: Vec<String>,
    /// The scale up an octave as an ABC tune.
    pub abc: String,
}

/// A scale by name, such as `D dorian` or `Bb blues`.
pub fn scale(name: &str) -> Result<ScaleView, OpError> {
    let chars = name.chars().count();
    if chars > MAX_SCALE_NAME_CHARS {
        return Err(OpError::Scale(format!(
            "the scale's name is {chars} characters; at most {MAX_SCALE_NAME_CHARS} are accepted"
        )));
    }
    let scale: Scale = name.parse().map_err(|e| OpError::Scale(said(e)))?;
    Ok(ScaleView {
        name: scale.name(),
        notes: scale.notes().iter().map(ToString::to_string).collect(),
        abc: jamsesh_core::scale_example(&scale),
    })
}

/// The name of a style of the catalogue by its id (`bossa` → `Bossa nova`).
pub fn style_name(id: &str) -> Option<&'static str> {
    jamsesh_core::style_by_id(id).map(|s| s.name)
}

/// The scales of a jam's `scales` text (`E blues (E G A Bb B D), …`), read as the critic reads
/// them ([`OpError::Jam`] holds the reader's words); text longer than
/// [`cost::MAX_JAM_FIELD_CHARS`] is refused, as in a jam.
pub fn scales_of(text: &str) -> Result<Vec<Scale>, OpError> {
    let chars = text.chars().count();
    if chars > cost::MAX_JAM_FIELD_CHARS {
        return Err(cost::over_jam_size(
            "scales",
            chars,
            "characters",
            cost::MAX_JAM_FIELD_CHARS,
        ));
    }
    jamsesh_core::parse_scales(text).map_err(OpError::Jam)
}

/// A tune as a Standard MIDI File with the backing `options` ask for.
pub fn tune_midi(tune: &Tune, options: &MidiOptions) -> Result<Vec<u8>, OpError> {
    jamsesh_render::tune_to_midi(tune, options).map_err(|e| OpError::Play(said(e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamsesh_render::PartKind;

    #[test]
    fn generate_matches_the_core_engine() {
        let options = GenerateOptions {
            seed: Some(8),
            ..Default::default()
        };
        let ours = generate("funky slow groove in Bb", &options).unwrap();
        let intent =
            jamsesh_core::parse_intent("funky slow groove in Bb", &Overrides::default()).unwrap();
        assert_eq!(ours, jamsesh_core::generate(&intent, 8));
    }

    #[test]
    fn bad_input_gives_errors_not_panics() {
        assert_eq!(
            generate("   ", &GenerateOptions::default())
                .unwrap_err()
                .code(),
            "bad_prompt"
        );
        let long = generate(&"a".repeat(2001), &GenerateOptions::default()).unwrap_err();
        assert_eq!(long.code(), "prompt_too_long");
        assert_eq!(
            long.to_string(),
            "the prompt is 2001 characters; at most 2000 are accepted"
        );
        assert!(generate(&"a".repeat(2000), &GenerateOptions::default()).is_ok());
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
        let long = "s".repeat(MAX_PROMPT_CHARS + 1);
        let steered = new_melody(&jam, 1, &long).unwrap_err();
        assert_eq!(steered.code(), "steer_too_long");
        assert!(steered.to_string().starts_with("the steer is"), "{steered}");
        for key in ["E##### locrian####", "Cbbbb", "D dorian7"] {
            let options = GenerateOptions {
                key: Some(key.into()),
                ..Default::default()
            };
            let e = generate("blues", &options).unwrap_err();
            assert_eq!(e.code(), "bad_prompt", "{key}");
            assert!(e.to_string().contains("at character"), "{e}");
        }
        for key in [
            "Bb",
            "F#m",
            "D dorian",
            "a minor",
            "Es-Dur",
            "E flat",
            "C♯ minor",
        ] {
            let options = GenerateOptions {
                key: Some(key.into()),
                ..Default::default()
            };
            assert!(generate("blues", &options).is_ok(), "{key}");
        }
    }

    #[test]
    fn playback_holds_every_melody_note_in_its_bar() {
        let jam = generate("slow blues in E", &GenerateOptions::default()).unwrap();
        let tune = first_tune(&jam.example).unwrap();
        let melody_notes: usize = tune.performance()[0].notes.len();
        let p = playback(&jam.example, &playback_options(Some(&jam))).unwrap();
        let melody = p.notes.iter().filter(|n| n.part == PartKind::Melody);
        assert_eq!(melody.count(), melody_notes);
        assert_eq!(p.bars, jam.bars);
        assert!(p.notes.iter().any(|n| n.part == PartKind::Bass));
        assert!(p.notes.iter().all(|n| n.bar < p.bars));
        // 12 bars of 4/4 at the jam's tempo.
        let expected = 12.0 * 4.0 * 60.0 / f64::from(jam.tempo);
        assert!((p.duration - expected).abs() < 0.01, "{}", p.duration);
    }

    #[test]
    fn an_engraving_knows_its_size() {
        let jam = generate("celtic jig in D", &GenerateOptions::default()).unwrap();
        let options = RenderOptions {
            width: Some(640.0),
            theme: None,
        };
        let drawn = render_svg(&jam.example, &options).unwrap();
        let header = format!(
            "width=\"{:.0}\" height=\"{:.0}\"",
            drawn.width, drawn.height
        );
        assert!(drawn.svg.contains(&header), "{header}");
        assert!(drawn.height > 100.0 && drawn.width == 640.0);
    }

    #[test]
    fn messages_quote_short_printable_excerpts() {
        let long = format!("`{}` is not a key", "E#".repeat(5000));
        let short = short_message(&long);
        assert!(short.len() < 120, "{short}");
        assert!(short.starts_with("`E#E#") && short.ends_with("characters)` is not a key"));
        assert_eq!(excerpt("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\n");
        assert_eq!(
            short_message("tempo 400 is outside"),
            "tempo 400 is outside"
        );
        let endless = "x".repeat(5000);
        assert_eq!(
            short_message(&endless).chars().count(),
            MAX_MESSAGE_CHARS + 1
        );
    }

    #[test]
    fn chord_view_has_the_chord_tones() {
        let c = chord("Cmaj7", &RenderOptions::default()).unwrap();
        let classes: Vec<u8> = c.notes.iter().map(|k| k % 12).collect();
        assert_eq!(classes, vec![0, 4, 7, 11]);
        assert!(c.svg.starts_with("<svg"));
    }
}
