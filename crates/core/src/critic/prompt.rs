//! What the prompt asked for explicitly must be what the jam is.

use super::findings::Review;
use crate::intent;
use crate::jam::Jam;
use crate::theory::key::Key;

/// What the prompt asked for explicitly must be what the jam is.
pub(super) fn check_prompt(
    jam: &Jam,
    key: Option<&Key>,
    meter: Option<(u32, u32)>,
    r: &mut Review,
) {
    if jam.prompt.trim().is_empty() {
        return;
    }
    let Ok(asked) = intent::parse(&jam.prompt, &jam.overrides) else {
        return;
    };
    let e = &asked.explicit;
    if let (true, Some(k)) = (e.key, key) {
        // A jam transposed on request has moved its key on purpose.
        let asked_pc = (i32::from(asked.key.tonic.pitch_class()) + jam.transposed).rem_euclid(12);
        // The quality is judged only where the prompt named the mode: a bare tonic ("funk in
        // Bb") leaves it to the style.
        if i32::from(k.tonic.pitch_class()) != asked_pc
            || (e.mode && k.mode.is_minor() != asked.key.mode.is_minor())
        {
            r.error(
                "prompt",
                format!("the prompt asks for {} but the jam is in {k}", asked.key),
            );
        }
    }
    if e.meter && meter.is_some_and(|m| m != asked.meter) {
        r.error(
            "prompt",
            format!(
                "the prompt asks for {}/{} but the jam is in {}",
                asked.meter.0, asked.meter.1, jam.meter
            ),
        );
    }
    if e.bars && jam.bars != asked.bars {
        r.error(
            "prompt",
            format!(
                "the prompt asks for {} bars but the jam has {}",
                asked.bars, jam.bars
            ),
        );
    }
    if e.tempo && jam.tempo != asked.tempo {
        r.error(
            "prompt",
            format!(
                "the prompt asks for {} bpm but the jam says {}",
                asked.tempo, jam.tempo
            ),
        );
    }
}
