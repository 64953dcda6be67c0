//! Arrangement → audio through a General MIDI SoundFont (SF2), played by rustysynth: real
//! drum kits, basses, pianos and guitars where a SoundFont is installed (Debian's
//! `timgm6mb-soundfont` or `fluid-soundfont-gm`). The built-in synthesizer stays the default
//! where none is.

use crate::audio::SAMPLE_RATE;
use crate::midi::{arrangement_to_midi, Arrangement, MidiError};
use rustysynth::{MidiFile, MidiFileSequencer, SoundFont, Synthesizer, SynthesizerSettings};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where SoundFonts are looked for, best first, after `JAMSESH_SOUNDFONT`.
const KNOWN: &[&str] = &[
    "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    "/usr/share/sounds/sf2/TimGM6mb.sf2",
    "/usr/share/sounds/sf2/default-GM.sf2",
];

/// Why a SoundFont could not play.
#[derive(Debug, thiserror::Error)]
pub enum SoundFontError {
    /// The file could not be read or is no SF2.
    #[error("{path}: not a usable SoundFont ({reason})")]
    Font {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The arrangement could not become MIDI.
    #[error(transparent)]
    Midi(#[from] MidiError),
}

/// The SoundFont to use: `JAMSESH_SOUNDFONT` if set, else the first installed General MIDI
/// font of [`KNOWN`]. None when there is none: play with the built-in synthesizer.
pub fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("JAMSESH_SOUNDFONT") {
        return Some(PathBuf::from(path));
    }
    KNOWN.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// A loaded SoundFont, ready to play arrangements.
pub struct Font {
    font: Arc<SoundFont>,
}

impl Font {
    /// Loads an SF2 file.
    pub fn load(path: &Path) -> Result<Font, SoundFontError> {
        let bad = |reason: String| SoundFontError::Font {
            path: path.display().to_string(),
            reason,
        };
        let mut file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
        let font = SoundFont::new(&mut file).map_err(|e| bad(format!("{e:?}")))?;
        Ok(Font {
            font: Arc::new(font),
        })
    }

    /// The arrangement as mono samples at [`SAMPLE_RATE`], every part on its General MIDI
    /// program (drums on channel 10), with a second of tail for the last notes to ring.
    pub fn samples(&self, arrangement: &Arrangement) -> Result<Vec<f32>, SoundFontError> {
        let midi = arrangement_to_midi(arrangement)?;
        let file = MidiFile::new(&mut midi.as_slice()).map_err(|e| SoundFontError::Font {
            path: "the arrangement".into(),
            reason: format!("{e:?}"),
        })?;
        let settings = SynthesizerSettings::new(SAMPLE_RATE as i32);
        let synth = Synthesizer::new(&self.font, &settings).map_err(|e| SoundFontError::Font {
            path: "the synthesizer".into(),
            reason: format!("{e:?}"),
        })?;
        let mut sequencer = MidiFileSequencer::new(synth);
        let file = Arc::new(file);
        sequencer.play(&file, false);
        let seconds = arrangement.end_tick() as f64 * arrangement.seconds_per_tick() + 1.0;
        let frames =
            (seconds.min(crate::audio::MAX_SECONDS as f64) * f64::from(SAMPLE_RATE)) as usize;
        let (mut left, mut right) = (vec![0.0f32; frames], vec![0.0f32; frames]);
        sequencer.render(&mut left, &mut right);
        let mut mono: Vec<f32> = left
            .iter()
            .zip(&right)
            .map(|(l, r)| (l + r) * 0.5)
            .collect();
        let peak = mono.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        if peak > 0.95 {
            let k = 0.95 / peak;
            mono.iter_mut().for_each(|s| *s *= k);
        }
        Ok(mono)
    }
}
