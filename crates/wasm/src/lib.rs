//! JamSesh in the browser: a wasm-bindgen API over the embedded composer, the critic and the
//! engraver, for the `<jam-widget>` element (`web/jam-widget.js`). Jams cross the boundary as
//! the same JSON the CLI writes (`jamsesh jam --format json`); errors become JavaScript
//! exceptions with a clear message. The operations themselves live in `jamsesh-ops`, which the
//! HTTP server shares.

#![warn(missing_docs)]
// No function over 100 lines (`clippy.toml` sets the threshold).
#![warn(clippy::too_many_lines)]

use jamsesh_ops::{self as ops, GenerateOptions, Jam, OpError, RenderOptions};
use js_sys::{Uint8Array, JSON};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// An operation's error as a JavaScript exception.
fn op_error(e: OpError) -> JsValue {
    js_error(e.code(), &e.to_string())
}

/// An operation's result as a plain JavaScript object, or its error as an exception.
fn answer<T: Serialize>(result: Result<T, OpError>) -> Result<JsValue, JsValue> {
    to_js(&result.map_err(op_error)?)
}

/// A JavaScript `Error` with the message and a `code` property naming the kind of error.
fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error cannot fail; if it did, the message still stands.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

/// Reads a JavaScript value (object, or JSON text) into a Rust value; `undefined`/`null` give the default.
fn from_js<T: DeserializeOwned + Default>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let text = json_text(value, what)?;
    serde_json::from_str(&text).map_err(|e| js_error("bad_options", &format!("bad {what}: {e}")))
}

/// A JavaScript value as JSON text: strings are taken as JSON already, objects are stringified.
fn json_text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| js_error("bad_options", &format!("the {what} cannot be read as JSON")))
}

/// A jam from a JavaScript object or JSON text.
fn jam_from_js(value: &JsValue) -> Result<Jam, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(js_error("bad_jam", "bad jam: no jam given"));
    }
    ops::parse_jam(&json_text(value, "jam")?).map_err(op_error)
}

/// A Rust value as a plain JavaScript object, through the same JSON the CLI prints.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| js_error("internal", &format!("cannot write JSON: {e}")))?;
    JSON::parse(&text)
}

/// A seed from JavaScript: a whole number from 0 to 2^53.
fn seed_from_js(value: f64) -> Result<u64, JsValue> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_992.0
    {
        Ok(value as u64)
    } else {
        Err(js_error(
            "bad_options",
            &format!("seed {value} is not a whole number from 0 to 2^53"),
        ))
    }
}

/// Composes a jam: `generate("slow blues in E", {seed, key, tempo, bars, meter})`.
#[wasm_bindgen]
pub fn generate(prompt: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let options: GenerateOptions = from_js(&options, "options")?;
    answer(ops::generate(prompt, &options))
}

/// Engraves the first tune of some ABC: `{svg, systems, noteheads, bars}`; options `{width, theme}`.
#[wasm_bindgen(js_name = renderSvg)]
pub fn render_svg(abc: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let options: RenderOptions = from_js(&options, "options")?;
    answer(ops::render_svg(abc, &options))
}

/// The first tune of some ABC as a Standard MIDI File; pass the jam to play it on its instrument and feel.
#[wasm_bindgen]
pub fn midi(abc: &str, jam: JsValue) -> Result<Uint8Array, JsValue> {
    let jam = optional_jam(&jam)?;
    let bytes = ops::midi(abc, &ops::playback_options(jam.as_ref())).map_err(op_error)?;
    Ok(Uint8Array::from(bytes.as_slice()))
}

/// The notes of the MIDI file in seconds, for the widget's synthesizer:
/// `{bpm, bar_seconds, bars, duration, notes: [{time, duration, key, velocity, part, bar}]}`.
#[wasm_bindgen]
pub fn playback(abc: &str, jam: JsValue) -> Result<JsValue, JsValue> {
    let jam = optional_jam(&jam)?;
    answer(ops::playback(abc, &ops::playback_options(jam.as_ref())))
}

/// The play-along band's notes in seconds (drums, bass, comping; the melody only when asked),
/// shaped like [`playback`]'s: `playAlong(jam, {choruses, count_in, with_melody, tempo, swing})`.
#[wasm_bindgen(js_name = playAlong)]
pub fn play_along(jam: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let jam = jam_from_js(&jam)?;
    let options: ops::backing::BackingOptions = from_js(&options, "play-along options")?;
    answer(ops::backing::playback(&jam, &options))
}

fn optional_jam(value: &JsValue) -> Result<Option<Jam>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        jam_from_js(value).map(Some)
    }
}

/// A new melody over the same chords, steered by words such as "more syncopated".
#[wasm_bindgen(js_name = newMelody)]
pub fn new_melody(jam: JsValue, seed: f64, steer: Option<String>) -> Result<JsValue, JsValue> {
    let jam = jam_from_js(&jam)?;
    answer(ops::new_melody(
        &jam,
        seed_from_js(seed)?,
        steer.as_deref().unwrap_or(""),
    ))
}

/// A new progression (and melody) in the same style, key and length.
#[wasm_bindgen(js_name = newProgression)]
pub fn new_progression(jam: JsValue, seed: f64) -> Result<JsValue, JsValue> {
    let jam = jam_from_js(&jam)?;
    answer(ops::new_progression(&jam, seed_from_js(seed)?))
}

/// Adds a second voice: `third`, `sixth` or `bass`.
#[wasm_bindgen]
pub fn harmony(jam: JsValue, kind: &str) -> Result<JsValue, JsValue> {
    let jam = jam_from_js(&jam)?;
    answer(ops::harmony(&jam, kind))
}

/// Whether the jam's example has a second voice besides its melody (a harmony or bass line).
#[wasm_bindgen(js_name = hasSecondVoice)]
pub fn has_second_voice(jam: JsValue) -> Result<bool, JsValue> {
    Ok(ops::has_second_voice(&jam_from_js(&jam)?))
}

/// A chord's voicing: `{symbol, abc, svg, notes, names}`; options `{width, theme}`.
#[wasm_bindgen(js_name = chordVoicing)]
pub fn chord_voicing(symbol: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let options: RenderOptions = from_js(&options, "options")?;
    answer(ops::chord(symbol, &options))
}

/// One scale to improvise with, as the widget lists it: `{name: "E blues", notes: ["E", "G", …]}`.
#[derive(Serialize)]
struct ScaleView {
    name: String,
    notes: Vec<String>,
}

/// A jam's `scales` text (`"E blues (E G A Bb B D), …"`) as `[{name, notes}]`, read by the
/// critic's own reader so the widget does not parse music in JavaScript.
#[wasm_bindgen]
pub fn scales(text: &str) -> Result<JsValue, JsValue> {
    // The reader's own words, as before ops checked the text's size (that error is ops's).
    let scales = ops::scales_of(text).map_err(|e| match e {
        OpError::Jam(why) => js_error("bad_jam", &why),
        other => op_error(other),
    })?;
    let views: Vec<ScaleView> = scales
        .iter()
        .map(|s| ScaleView {
            name: s.name(),
            notes: s.notes().iter().map(ToString::to_string).collect(),
        })
        .collect();
    to_js(&views)
}

/// Moves the jam by −11…11 semitones.
#[wasm_bindgen]
pub fn transpose(jam: JsValue, semitones: i32) -> Result<JsValue, JsValue> {
    let jam = jam_from_js(&jam)?;
    answer(ops::transpose(&jam, semitones))
}

/// The critic's report: `{valid, score, errors, warnings, metrics}`.
#[wasm_bindgen]
pub fn critic(jam: JsValue) -> Result<JsValue, JsValue> {
    let jam = jam_from_js(&jam)?;
    answer(ops::critic(&jam))
}

/// The crate's version, for the widget's "about" line.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
