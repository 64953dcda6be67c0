//! Performance order: repeats, variant endings and parts expanded, ties merged.

use super::model::{Bar, EventKind, PlayedNote, PlayedVoice, Tune, Voice};
use crate::Frac;
use num_traits::{CheckedAdd, CheckedSub};

/// Longest performance, in bars, that repeat expansion will produce.
const MAX_PERFORMED_BARS: usize = 100_000;
/// Most notes one voice's performance will hold (repeats and parts can multiply the score).
const MAX_PERFORMED_NOTES: usize = 2_000_000;

impl Tune {
    /// Every voice's notes in performance order: repeats, endings and parts expanded, ties
    /// merged, grace notes left out.
    pub fn performance(&self) -> Vec<PlayedVoice> {
        self.voices
            .iter()
            .map(|v| PlayedVoice {
                id: v.id.clone(),
                notes: merge_ties(play_bars(v, &self.performance_order(v))),
            })
            .collect()
    }

    /// The order in which a voice's bars are played.
    pub fn performance_order(&self, voice: &Voice) -> Vec<usize> {
        let Some(order) = &self.part_order else {
            return expand_repeats(&voice.bars, &(0..voice.bars.len()).collect::<Vec<_>>());
        };
        let has_parts = voice.bars.iter().any(|b| b.part.is_some());
        if !has_parts {
            return expand_repeats(&voice.bars, &(0..voice.bars.len()).collect::<Vec<_>>());
        }
        let mut out = Vec::new();
        // Bars before the first part marker are an introduction, played once.
        let intro: Vec<usize> = (0..voice.bars.len())
            .take_while(|&i| voice.bars[i].part.is_none())
            .collect();
        out.extend(expand_repeats(&voice.bars, &intro));
        for p in order.chars() {
            let bars: Vec<usize> = (0..voice.bars.len())
                .filter(|&i| voice.bars[i].part == Some(p))
                .collect();
            out.extend(expand_repeats(&voice.bars, &bars));
            if out.len() > MAX_PERFORMED_BARS {
                break;
            }
        }
        out.truncate(MAX_PERFORMED_BARS);
        out
    }
}

/// Parses an ending label (`1`, `1,3`, `1-3`) into pass numbers.
fn ending_passes(label: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for part in label.split(',') {
        let mut ends = part.splitn(2, '-').map(|n| n.trim().parse::<u32>().ok());
        match (ends.next().flatten(), ends.next().flatten()) {
            (Some(a), Some(b)) if a <= b && b - a < 16 => out.extend(a..=b),
            (Some(a), _) => out.push(a),
            _ => {}
        }
    }
    out
}

/// Expands repeats and variant endings over the bars `indices` (a part or the whole voice).
fn expand_repeats(bars: &[Bar], indices: &[usize]) -> Vec<usize> {
    // Which pass numbers each bar belongs to, if it is inside a variant ending.
    let mut endings: Vec<Option<Vec<u32>>> = Vec::with_capacity(indices.len());
    let mut current: Option<Vec<u32>> = None;
    for &i in indices {
        let bar = &bars[i];
        if bar.repeat_start {
            current = None;
        }
        if let Some(label) = &bar.ending {
            current = Some(ending_passes(label));
        }
        endings.push(current.clone());
        let closes = bar.repeat_end > 0
            || matches!(bar.bar_line.as_deref(), Some(s) if s.contains("||") || s.contains(']') || s.starts_with('['));
        if closes {
            current = None;
        }
    }
    // The highest ending number of the variant endings that start at or after each bar,
    // within its section: a repeat inside an ending jumps back only while a later pass has
    // an ending to go to.
    let mut last_ending = vec![0u32; indices.len()];
    let mut highest = 0u32;
    for k in (0..indices.len()).rev() {
        let bar = &bars[indices[k]];
        if let Some(label) = &bar.ending {
            highest = highest.max(ending_passes(label).into_iter().max().unwrap_or(0));
        }
        last_ending[k] = highest;
        if bar.repeat_start || endings[k].is_none() {
            highest = 0;
        }
    }
    let mut out = Vec::new();
    let mut jumps = vec![0usize; indices.len()];
    let mut section_start = 0;
    let mut pass = 1u32;
    let mut repeated = false;
    let mut explicit_start = false;
    let mut k = 0;
    while k < indices.len() && out.len() < MAX_PERFORMED_BARS {
        let bar = &bars[indices[k]];
        if bar.repeat_start && k != section_start {
            section_start = k;
            pass = 1;
        }
        explicit_start |= bar.repeat_start;
        let plays = endings[k].as_ref().is_none_or(|p| p.contains(&pass));
        if plays {
            out.push(indices[k]);
        }
        let times = bar.repeat_end.min(4);
        let jump = match &endings[k] {
            // Inside a variant ending: go round again while a later pass has its ending (a
            // lone first ending still repeats once).
            Some(_) => {
                times > 0
                    && jumps[k] < 16
                    && (pass < last_ending[k] || last_ending[k] <= 1 && pass == 1)
            }
            None => times > 0 && jumps[k] < times,
        };
        if plays && jump {
            jumps[k] += 1;
            pass += 1;
            k = section_start;
            continue;
        }
        // A finished repeat or set of endings closes its section: a later `:|` without `|:`
        // goes back to here. So does a double bar, once some repeat has been played (before
        // that, a lone `:|` repeats from the top) — the reading abc2midi also takes.
        let ending_over = endings[k].is_some() && endings.get(k + 1).is_none_or(|e| e.is_none());
        let double_bar = bar
            .bar_line
            .as_deref()
            .is_some_and(|s| s.contains("||") || s.contains(']') || s.starts_with('['));
        if times > 0 && plays || ending_over {
            repeated = true;
            explicit_start = false;
            section_start = k + 1;
            pass = 1;
        } else if repeated && double_bar && !explicit_start {
            section_start = k + 1;
            pass = 1;
        }
        k += 1;
    }
    out
}

/// Lays a voice's bars out one after another in the given order.
fn play_bars(voice: &Voice, order: &[usize]) -> Vec<(PlayedNote, bool)> {
    let mut out = Vec::new();
    let mut t = Frac::new(0, 1);
    for &i in order {
        let bar = &voice.bars[i];
        for e in &bar.events {
            if let EventKind::Notes(notes) = &e.kind {
                let Some(onset) = e
                    .onset
                    .checked_sub(&bar.onset)
                    .and_then(|o| o.checked_add(&t))
                else {
                    return out;
                };
                if out.len() >= MAX_PERFORMED_NOTES {
                    return out;
                }
                for n in notes {
                    out.push((
                        PlayedNote {
                            onset,
                            duration: e.duration,
                            midi: n.midi,
                        },
                        n.tie,
                    ));
                }
            }
        }
        match t.checked_add(&bar.duration) {
            Some(next) => t = next,
            None => return out,
        }
    }
    out
}

/// Joins each tied note with the note of the same pitch starting where it ends.
fn merge_ties(mut notes: Vec<(PlayedNote, bool)>) -> Vec<PlayedNote> {
    crate::order::sort_by_key(&mut notes, |(n, _)| (n.onset, n.midi));
    let mut out: Vec<PlayedNote> = Vec::with_capacity(notes.len());
    // Ties still waiting for their continuation: (end, key, index in `out`). Few at a time.
    let mut open: Vec<(Frac, i32, usize)> = Vec::new();
    for (note, tie) in notes {
        open.retain(|(end, ..)| *end >= note.onset);
        let waiting = open
            .iter()
            .position(|&(end, midi, _)| end == note.onset && midi == note.midi)
            .map(|p| open.swap_remove(p).2);
        let joined = waiting.and_then(|i| {
            let longer = out[i].duration.checked_add(&note.duration)?;
            out[i].duration = longer;
            Some(i)
        });
        let index = joined.unwrap_or_else(|| {
            out.push(note);
            out.len() - 1
        });
        if tie {
            let n = out[index];
            if let Some(end) = n.onset.checked_add(&n.duration) {
                open.push((end, n.midi, index));
            }
        }
    }
    out
}

/// Expands a `P:` part order such as `AABB`, `A2B2`, `(AB)3C` into a plain letter sequence.
pub fn expand_part_order(text: &str) -> String {
    fn expand(chars: &[char], i: &mut usize, depth: usize, out: &mut String) {
        while *i < chars.len() && out.len() < 1000 {
            let c = chars[*i];
            *i += 1;
            let piece = match c {
                '(' if depth < 8 => {
                    let mut inner = String::new();
                    expand(chars, i, depth + 1, &mut inner);
                    inner
                }
                ')' => return,
                c if c.is_ascii_alphabetic() => c.to_string(),
                _ => continue,
            };
            let mut count = 0usize;
            while *i < chars.len() && chars[*i].is_ascii_digit() {
                count = (count * 10 + chars[*i].to_digit(10).unwrap_or(0) as usize).min(100);
                *i += 1;
            }
            for _ in 0..count.max(1) {
                if out.len() + piece.len() > 1000 {
                    return;
                }
                out.push_str(&piece);
            }
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    expand(&chars, &mut 0, 0, &mut out);
    out
}
