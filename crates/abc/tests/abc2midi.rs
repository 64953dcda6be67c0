//! Our `events` agree with Debian's `abc2midi` (abcmidi), the reference for ABC playback,
//! note for note on a sample of the real-world corpus.
//!
//! Each sampled tune is first normalised through our own parser and writer with decorations,
//! grace notes and chord symbols removed, because abc2midi performs those (staccato shortens
//! notes, rolls and trills become several notes, chord symbols become an accompaniment) while
//! `events` lists the written notes. The same text goes to both sides.

mod common;

use jamsesh_abc::{ElementKind, Frac, Line, Section};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Each tune of a file as stand-alone ABC (the file header prepended), normalised for playback
/// comparison: no decorations, grace notes, chord symbols or annotations.
fn playable_tunes(src: &str) -> Vec<String> {
    let (mut file, _) = jamsesh_abc::parse(src);
    let mut header = jamsesh_abc::AbcFile {
        sections: Vec::new(),
    };
    let mut out = Vec::new();
    for section in &mut file.sections {
        match section {
            Section::FileHeader(_) => header.sections.push(section.clone()),
            Section::Tune(t) => {
                // abc2midi swings every hornpipe (`R:hornpipe`); that is performance, not notation.
                t.header
                    .retain(|l| !matches!(l, Line::Field(f) if f.tag == 'R'));
                // `%%MIDI` directives (drums, drones, programs) are for the MIDI renderer.
                let is_midi =
                    |l: &Line| matches!(l, Line::Directive(d) if d.text.starts_with("MIDI"));
                t.header.retain(|l| !is_midi(l));
                t.body.retain(|l| !is_midi(l));
                // abc2midi staggers chord notes by a few ticks unless told not to.
                let attack = jamsesh_abc::parse("%%MIDI chordattack 0\n").0.sections;
                if let Some(Section::FileHeader(lines)) = attack.into_iter().next() {
                    t.header
                        .splice(1.min(t.header.len())..1.min(t.header.len()), lines);
                }
                for line in &mut t.body {
                    if let Line::Music(m) = line {
                        m.elements.retain(|e| {
                            !matches!(
                                e.kind,
                                ElementKind::Decoration(_)
                                    | ElementKind::Grace(_)
                                    | ElementKind::ChordSymbol(_)
                                    | ElementKind::Annotation(..)
                            )
                        });
                        for e in &mut m.elements {
                            if let ElementKind::Chord(c) = &mut e.kind {
                                c.inner_decorations.clear();
                            }
                        }
                    }
                }
                let mut one = header.clone();
                one.sections.push(section.clone());
                out.push(jamsesh_abc::write_file(&one));
            }
            Section::FreeText(_) => {}
        }
    }
    out
}

/// Tunes whose repeat structure abc2midi plays in a way no musician would, so they are left
/// out of the comparison (and counted). Two shapes, both common in real files:
/// - a `:|` closing the *last* variant ending (`|1 … :|2 … :|`): abc2midi goes round a third
///   time and then skips every later bar that sits in an ending, losing music; we end the
///   section there;
/// - a `:|` without `|:` after an earlier section with endings: abc2midi goes back into the
///   earlier section and skips its endings; we go back to the last section boundary (`||`,
///   the end of the previous repeat);
/// - in tunes with several voices or `P:` parts, a second `:|` without `|:`: abc2midi plays
///   it once (it does repeat it in a single-voice tune); we repeat it.
fn abc2midi_misplays_repeats(abc: &str) -> bool {
    let (tunes, _) = jamsesh_abc::parse_tunes(abc);
    let strict = tunes
        .iter()
        .any(|t| t.voices.len() > 1 || t.part_order.is_some());
    tunes.iter().flat_map(|t| &t.voices).any(|v| {
        let mut earlier_repeat = false;
        let mut earlier_endings = false;
        let mut section_endings = false;
        let mut section_has_start = false;
        let mut highest = 0;
        let mut in_ending: Option<u32> = None;
        for bar in &v.bars {
            if bar.repeat_start {
                section_has_start = true;
            }
            if let Some(label) = &bar.ending {
                let n = label
                    .split([',', '-'])
                    .filter_map(|x| x.parse().ok())
                    .max()
                    .unwrap_or(1);
                in_ending = Some(n);
                highest = highest.max(n);
                section_endings = true;
            }
            if bar.repeat_end > 0 {
                if in_ending.is_some_and(|n| n >= highest && n > 1) {
                    return true;
                }
                if !section_has_start && (earlier_endings || strict && earlier_repeat) {
                    return true;
                }
                earlier_repeat = true;
                if in_ending.is_none() {
                    earlier_endings |= section_endings;
                    section_endings = false;
                    section_has_start = false;
                    highest = 0;
                }
            }
            let closes = bar.repeat_end > 0
                || bar
                    .bar_line
                    .as_deref()
                    .is_some_and(|s| s.contains("||") || s.contains(']'));
            if let Some(n) = in_ending.filter(|_| closes) {
                in_ending = None;
                if n >= highest {
                    earlier_endings = true;
                    section_endings = false;
                    section_has_start = false;
                    highest = 0;
                }
            }
        }
        false
    })
}

/// Single tunes where we read the notation differently from abc2midi on purpose, by file name
/// and `X:`, with the reason. Each was examined by hand.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    ("deco.abc", "X:1", "after `K:clef=treble-8`, a plain `K:clef=treble` ends the octave shift for us; abc2midi keeps it"),
    ("sample3.abc", "X:4", "abcm2ps's multi-bar overlay extension `(&` … `&)` is not ABC 2.1"),
    ("0051-0100.abc", "X:71", "`(5` in 3/4 is five in the time of two (ABC 2.1 §4.13); abc2midi takes three"),
    ("0051-0100.abc", "X:94", "`(5` in 3/4, as above"),
    ("0101-0200.abc", "X:174", "`(5` in 3/4, as above"),
    ("BrooksideHornpipe.abc", "X:1", "a second ending `:|2` with no first ending: abc2midi invents one"),
    ("KittyCloversReel.abc", "X:1", "pickup before `||:`: abc2midi plays it again on the repeat"),
    ("MollyBawnsReel.abc", "X:1", "`|:` closed by `|]` instead of `:|`: abc2midi repeats it, we do not"),
];

fn known_difference(file: &Path, abc: &str) -> Option<&'static str> {
    let name = file.file_name()?.to_str()?;
    let x = abc.lines().find(|l| l.starts_with("X:"))?.replace(' ', "");
    KNOWN_DIFFERENCES
        .iter()
        .find(|(f, tune, _)| *f == name && x == *tune)
        .map(|(_, _, why)| *why)
}

/// A note as ticks: (onset, duration, key).
type TickNote = (i64, i64, i32);

/// Runs abc2midi on one tune and reads back every note of every track.
fn abc2midi_notes(abc: &str, work: &Path) -> Result<Vec<TickNote>, String> {
    let input = work.join("tune.abc");
    let output = work.join("tune.mid");
    std::fs::write(&input, abc).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&output);
    let status = Command::new("abc2midi")
        .arg(&input)
        .args(["-o"])
        .arg(&output)
        .args(["-NGUI", "-NGRA", "-NFER", "-quiet"])
        .output()
        .map_err(|e| format!("abc2midi could not run ({e}); run scripts/setup"))?;
    let said = String::from_utf8_lossy(&status.stdout);
    if let Some(line) = said.lines().find(|l| l.starts_with("Error")) {
        return Err(format!("{ABC2MIDI_ERROR}: {line}"));
    }
    let bytes = std::fs::read(&output).map_err(|_| {
        format!(
            "abc2midi wrote no MIDI: {}",
            String::from_utf8_lossy(&status.stdout)
        )
    })?;
    let smf = midly::Smf::parse(&bytes).map_err(|e| e.to_string())?;
    let midly::Timing::Metrical(tpq) = smf.header.timing else {
        return Err("abc2midi wrote timecode timing".into());
    };
    assert_eq!(
        u16::from(tpq),
        TICKS_PER_QUARTER,
        "abc2midi's resolution changed"
    );
    let mut notes = Vec::new();
    for track in &smf.tracks {
        let mut now = 0i64;
        let mut open: HashMap<(u8, u8), Vec<i64>> = HashMap::new();
        for ev in track {
            now += i64::from(u32::from(ev.delta));
            if let midly::TrackEventKind::Midi { channel, message } = ev.kind {
                let (key, on) = match message {
                    midly::MidiMessage::NoteOn { key, vel } => (key, vel > 0),
                    midly::MidiMessage::NoteOff { key, .. } => (key, false),
                    _ => continue,
                };
                let slot = open.entry((u8::from(channel), u8::from(key))).or_default();
                if on {
                    slot.push(now);
                } else if !slot.is_empty() {
                    let start = slot.remove(0);
                    notes.push((start, now - start, i32::from(u8::from(key))));
                }
            }
        }
    }
    notes.sort_unstable();
    Ok(notes)
}

const TICKS_PER_QUARTER: u16 = 480;

/// Marks tunes abc2midi itself rejects; they are counted, not compared.
const ABC2MIDI_ERROR: &str = "abc2midi reports an error";

fn to_ticks(f: Frac) -> i64 {
    let whole = 4 * i64::from(TICKS_PER_QUARTER);
    (f * whole).round().to_integer()
}

/// Our notes as ticks, all voices together.
fn our_notes(abc: &str) -> Vec<TickNote> {
    let (tunes, _) = jamsesh_abc::parse_tunes(abc);
    let mut notes: Vec<TickNote> = tunes
        .iter()
        .flat_map(|t| t.performance())
        .flat_map(|v| v.notes)
        .map(|n| (to_ticks(n.onset), to_ticks(n.duration), n.midi))
        .collect();
    notes.sort_unstable();
    notes
}

/// Notes agree when pitches are equal and times differ by at most the rounding abc2midi does
/// for tuplets that do not divide its 480 ticks per quarter.
fn agree(ours: &[TickNote], theirs: &[TickNote]) -> Result<(), String> {
    if ours.len() != theirs.len() {
        return Err(format!(
            "{} notes here, {} from abc2midi",
            ours.len(),
            theirs.len()
        ));
    }
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        if a.2 != b.2 || (a.0 - b.0).abs() > 2 || (a.1 - b.1).abs() > 2 {
            return Err(format!(
                "note {i}: ours {a:?}, abc2midi {b:?} (onset, duration, key in ticks)"
            ));
        }
    }
    Ok(())
}

#[test]
fn events_agree_with_abc2midi_on_a_corpus_sample() {
    let files = common::corpus_files();
    let work = std::env::temp_dir().join(format!("jamsesh-abc2midi-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let tunes: Vec<(PathBuf, String)> = files
        .iter()
        .flat_map(|f| {
            let src = jamsesh_abc::decode(&std::fs::read(f).unwrap()).into_owned();
            playable_tunes(&src)
                .into_iter()
                .map(move |t| (f.clone(), t))
        })
        .collect();
    // The whole corpus by default; JAMSESH_ABC2MIDI_SAMPLE=N takes N tunes spread over it.
    let sample_size = std::env::var("JAMSESH_ABC2MIDI_SAMPLE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX)
        .min(tunes.len());
    let step = tunes.len() / sample_size.max(1);
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut notes = 0;
    let mut skipped = 0;
    let mut rejected = 0;
    let mut broken = 0;
    for (file, abc) in tunes.iter().step_by(step.max(1)).take(sample_size) {
        if !jamsesh_abc::parse_tunes(abc).1.is_clean() {
            broken += 1;
            continue;
        }
        if abc2midi_misplays_repeats(abc) || known_difference(file, abc).is_some() {
            skipped += 1;
            continue;
        }
        let ours = our_notes(abc);
        match abc2midi_notes(abc, &work).and_then(|theirs| agree(&ours, &theirs)) {
            Ok(()) => {
                compared += 1;
                notes += ours.len();
            }
            Err(e) if e.starts_with(ABC2MIDI_ERROR) => rejected += 1,
            Err(e) => failures.push(format!("{}:\n{e}\n{}", file.display(), abc)),
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    eprintln!(
        "abc2midi agreement: {compared} tunes, {notes} notes identical; {} differ; {skipped} skipped (read differently on purpose); {rejected} that abc2midi rejects; {broken} with errors from our parser",
        failures.len()
    );
    assert!(
        skipped * 20 < sample_size,
        "too many tunes skipped: {skipped}"
    );
    // Tunes that abc2midi rejects or that our parser finds faults in are not compared either;
    // most of the sample must really be held against abc2midi, note for note.
    assert!(
        compared * 10 >= sample_size * 8,
        "only {compared} of {sample_size} tunes were compared with abc2midi"
    );
    assert!(
        failures.is_empty(),
        "{} of {} tunes differ from abc2midi:\n{}",
        failures.len(),
        compared + failures.len(),
        failures.join("\n")
    );
}
