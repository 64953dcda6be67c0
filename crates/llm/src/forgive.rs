//! Reading a model's jam the way a forgiving renderer (abcjs) and a musician read it, before
//! the critic judges it. Real answers write tunes without `X:`, indent every line, put prose or
//! code fences around the ABC, write `Q:90`, `K:A minor`, chords as `Am - F - C - G` or a list,
//! scales by name only, a pickup before bar 1, a second voice without `V:`, or a melody that
//! plays the progression twice. [`settle`] turns such a [`Draft`] into one in our format and
//! lists every change in words; nothing here judges the music (the critic does, unchanged),
//! and nothing the model wrote is replaced by the engine's music.

use crate::draft::Draft;
use crate::fence::fenced_blocks;
use jamsesh_abc::{ElementKind, EventKind, Frac, Line, Section};
use jamsesh_core::{Intent, Progression};
use jamsesh_theory::chord::Chord;
use jamsesh_theory::key::Key;
use jamsesh_theory::scale::Scale;

/// A draft in our format and what was changed to get there, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Settled {
    /// The draft with chords, scales, example, key, meter, tempo and title as we write them.
    pub draft: Draft,
    /// Each change made to what the model wrote (empty when it was already in our format).
    pub repairs: Vec<String>,
}

/// Brings a draft into our format; `intent` supplies only what neither the fields nor the ABC
/// say (meter, key, tempo), as the model was asked for them.
pub fn settle(d: &Draft, intent: &Intent) -> Settled {
    settle_answer(d, intent, false)
}

/// As [`settle`], for the model's last answer: a melody still shorter than its chords then
/// keeps the bars it covers (the progression is cut to them) rather than losing the jam.
pub fn settle_last(d: &Draft, intent: &Intent) -> Settled {
    settle_answer(d, intent, true)
}

fn settle_answer(d: &Draft, intent: &Intent, last: bool) -> Settled {
    let mut repairs = Vec::new();
    let mut d = d.clone();
    let cleaned = d.example.as_deref().map(|e| clean_lines(e, &mut repairs));
    let header = cleaned.as_ref().map(|c| scan_header(&c.lines));
    let mut header = header.unwrap_or_default();

    let key = settle_key(&d, &header, intent, &mut repairs);
    d.key = Some(key.tonic.to_string());
    d.mode = Some(key.mode.name().to_string());

    let field_meter = d.meter.as_deref().and_then(read_meter);
    let abc_meter = header.meter.as_deref().and_then(read_meter);
    let heard_meter = cleaned.as_ref().and_then(|c| measured_meter(c, &header));
    let meter = field_meter
        .or(abc_meter)
        .or(heard_meter)
        .unwrap_or((intent.meter.0, intent.meter.1));
    d.meter = Some(format!("{}/{}", meter.0, meter.1));
    settle_tempo(&mut d, &mut header, intent, &mut repairs);
    if d.title.is_none() {
        d.title = header.title.clone();
    }

    if let Some(c) = cleaned {
        let fill = Fill {
            title: d.title.clone(),
            meter,
            key,
        };
        d.example = Some(finish_abc(c, &header, &fill, &mut repairs));
    }
    settle_progression(&mut d, meter, last, &mut repairs);
    if let Some(scales) = d.scales.clone() {
        d.scales = Some(settle_scales(&scales, &key, &mut repairs));
    }
    Settled { draft: d, repairs }
}

/// The key: the field, else the tune's `K:`, else what was asked.
fn settle_key(d: &Draft, header: &Header, intent: &Intent, repairs: &mut Vec<String>) -> Key {
    let field_key = d.key.as_deref().and_then(|k| {
        let with_mode = d.mode.as_deref().map(|m| format!("{k} {m}"));
        with_mode
            .and_then(|t| jamsesh_core::parse_key(&t).ok())
            .or_else(|| jamsesh_core::parse_key(k).ok())
            .or_else(|| jamsesh_core::parse_key(first_words(k, 2)).ok())
            .or_else(|| jamsesh_core::parse_key(first_words(k, 1)).ok())
    });
    let abc_key = header.key.as_deref().and_then(read_abc_key);
    match (field_key, abc_key) {
        // `D dorian` over a tune in K:Dm: the melody was written in the tune's key, and the
        // two are the same kind of key (minor or major); the tune's signature is kept.
        (Some(f), Some(a))
            if f.tonic.pitch_class() == a.tonic.pitch_class()
                && f.mode.is_minor() == a.mode.is_minor()
                && f.fifths() != a.fifths() =>
        {
            repairs.push(format!(
                "key {f} read as {a}, the key the tune is written in (K:{})",
                a.abc_key()
            ));
            a
        }
        (Some(k), _) => k,
        (None, Some(k)) => {
            if d.key.is_some() {
                repairs.push(format!(
                    "key `{}` not understood; the tune's K:{} taken",
                    d.key.clone().unwrap_or_default(),
                    k.abc_key()
                ));
            }
            k
        }
        (None, None) => intent.key,
    }
}

/// The tempo: the field, else the tune's `Q:`; the one asked for when the prompt named one.
fn settle_tempo(d: &mut Draft, header: &mut Header, intent: &Intent, repairs: &mut Vec<String>) {
    if d.tempo.is_none() {
        d.tempo = header.tempo;
    }
    if intent.explicit.tempo && d.tempo.is_some_and(|t| t != intent.tempo) {
        // A tempo marking is not the music: the one asked for is written.
        repairs.push(format!(
            "tempo {} set to the {} bpm asked for",
            d.tempo.unwrap_or_default(),
            intent.tempo
        ));
        d.tempo = Some(intent.tempo);
        header.tempo = Some(intent.tempo);
        header.tempo_forced = true;
    }
}

/// The chords: the field settled (or read off the melody's chord symbols), agreeing with
/// the example bar by bar, and the bars counted from them.
fn settle_progression(d: &mut Draft, meter: (u32, u32), last: bool, repairs: &mut Vec<String>) {
    if let Some(chords) = d.chords.clone() {
        d.chords = Some(settle_chords(&chords, repairs));
    } else if let Some(p) = d
        .example
        .as_deref()
        .and_then(|e| symbol_progression(e).ok())
    {
        // The chords are in the melody: a musician reads them off the lead sheet.
        repairs.push("chords read from the melody's chord symbols".into());
        d.chords = Some(p.to_text());
    }
    if let (Some(chords), Some(example)) = (d.chords.clone(), d.example.clone()) {
        let (c, e) = reconcile(&chords, &example, meter, last, repairs);
        d.chords = Some(c);
        d.example = Some(e);
    }
    if let Some(chords) = &d.chords {
        if let Ok(p) = Progression::parse(chords) {
            d.bars = Some(p.bars.len() as u32);
        }
    }
}

/// The meter a tune without `M:` plays in: its most common bar length (in quarters, or in
/// eighths when it is not a whole number of quarters), as a reader counting the bars hears it.
fn measured_meter(c: &Cleaned, h: &Header) -> Option<(u32, u32)> {
    let mut text = String::from("X:1\nM:none\n");
    if !h.unit {
        text.push_str("L:1/8\n");
    }
    let mut key = String::from("K:C\n");
    let mut body = String::new();
    for line in c.lines.iter().flatten() {
        match field_tag(line) {
            Some('K') => key = format!("{line}\n"),
            Some('L') => text.push_str(&format!("{line}\n")),
            Some(_) => {}
            None => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    text.push_str(&key);
    text.push_str(&body);
    let (bars, _) = bars_of(&text, 0)?;
    let mut counts: Vec<(Frac, usize)> = Vec::new();
    for b in &bars {
        match counts.iter_mut().find(|(d, _)| *d == b.duration) {
            Some((_, n)) => *n += 1,
            None => counts.push((b.duration, 1)),
        }
    }
    let (len, _) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    let quarters = len * 4;
    let eighths = len * 8;
    if quarters.is_integer() && (2..=7).contains(&quarters.to_integer()) {
        Some((quarters.to_integer() as u32, 4))
    } else if eighths.is_integer() && (3..=15).contains(&eighths.to_integer()) {
        Some((eighths.to_integer() as u32, 8))
    } else {
        None
    }
}

fn first_words(s: &str, n: usize) -> &str {
    let mut end = s.len();
    for (count, (i, _)) in s
        .match_indices(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .enumerate()
    {
        if count + 1 == n {
            end = i;
            break;
        }
    }
    s[..end].trim()
}

/// A `K:` value as a key (`Am`, `A minor`, `Amin`, `Bbdor`, `F#m`), ignoring clefs.
fn read_abc_key(value: &str) -> Option<Key> {
    let v = value
        .split_whitespace()
        .filter(|w| !w.contains('='))
        .collect::<Vec<_>>();
    let v = v.join(" ");
    let v = v.trim();
    if v.is_empty() || v.eq_ignore_ascii_case("none") {
        return None;
    }
    jamsesh_core::parse_key(v).ok().or_else(|| {
        // `Bbdor`, `Emix`, `F#min`: ABC's glued mode names.
        let split = v
            .char_indices()
            .skip(1)
            .find(|(_, c)| !matches!(c, '#' | 'b'))
            .map_or(v.len(), |(i, _)| i);
        let (tonic, mode) = v.split_at(split);
        let mode = match mode.to_ascii_lowercase().get(..3.min(mode.len())) {
            Some("m") | Some("min") => "minor",
            Some("maj") | Some("") => "major",
            Some("dor") => "dorian",
            Some("mix") => "mixolydian",
            Some("phr") => "phrygian",
            Some("lyd") => "lydian",
            Some("loc") => "locrian",
            Some("aeo") => "minor",
            Some("ion") => "major",
            _ => return None,
        };
        jamsesh_core::parse_key(&format!("{tonic} {mode}")).ok()
    })
}

/// `4/4`, `3/4 (waltz)`, `C`, `common time`, `6/8 time` as (beats, unit).
fn read_meter(text: &str) -> Option<(u32, u32)> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if lower == "c" || lower.starts_with("common") {
        return Some((4, 4));
    }
    if lower == "c|" || lower.starts_with("cut") || lower.starts_with("alla breve") {
        return Some((2, 2));
    }
    let digits: String = t
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '/' || *c == ' ')
        .collect();
    let (a, b) = digits.split_once('/')?;
    let m = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (m.0 > 0 && m.0 <= 32 && [1, 2, 4, 8, 16].contains(&m.1)).then_some(m)
}

/// The tune's lines after the text around it was taken away.
#[derive(Clone, Debug, Default)]
struct Cleaned {
    /// Trimmed lines; `None` marks where a blank line or a label split the music.
    lines: Vec<Option<String>>,
    /// Labels such as `Melody:` or `Bass:` that named a block of music.
    labels: Vec<String>,
}

/// Header fields as the model wrote them.
#[derive(Clone, Debug, Default)]
struct Header {
    title: Option<String>,
    meter: Option<String>,
    key: Option<String>,
    tempo: Option<u32>,
    /// The tempo was set to the one asked for: every `Q:` is rewritten.
    tempo_forced: bool,
    unit: bool,
}

/// What the tune must say when it does not: title, meter, key.
struct Fill {
    title: Option<String>,
    meter: (u32, u32),
    key: Key,
}

/// `X:1`, `  K: Am`: an ABC field line (not `|:` or a chord symbol).
fn field_tag(line: &str) -> Option<char> {
    let b = line.as_bytes();
    (b.len() > 1 && b[1] == b':' && b[0].is_ascii_alphabetic()).then(|| char::from(b[0]))
}

/// A line of words rather than music: two or more words that hold letters no note has, and
/// no bar line; or four such words anywhere.
fn is_prose(line: &str) -> bool {
    let mut bare = String::new();
    let mut in_quote = false;
    let mut in_deco = false;
    for c in line.chars() {
        match c {
            '"' => in_quote = !in_quote,
            '!' if !in_quote => in_deco = !in_deco,
            _ if in_quote || in_deco => {}
            _ => bare.push(c),
        }
    }
    let wordy = bare
        .split_whitespace()
        .map(|w| w.trim_end_matches(['.', ',', ';', '!', '?', ':', ')']))
        .filter(|w| {
            w.chars().count() >= 3
                && w.chars().all(char::is_alphabetic)
                && w.chars().any(|c| !"ABCDEFGabcdefgzZxX".contains(c))
        })
        .count();
    (wordy >= 2 && !bare.contains('|'))
        || wordy >= 4
        || (wordy >= 1 && bare.trim_end().ends_with(':'))
}

/// A label line naming a block of music: `Melody:`, `Bass line:`, `Voice 2:`, `RH:`.
fn block_label(line: &str) -> Option<String> {
    let t = line.trim().trim_matches(['*', '#', ' ', '_']);
    let label = t.strip_suffix(':')?.trim().trim_matches('*');
    let words = label.split_whitespace().count();
    (label.chars().count() >= 2 && words <= 3 && field_tag(t).is_none()).then(|| label.to_string())
}

/// Takes the tune out of whatever surrounds it: `\n` written as text, fences, prose before
/// and after, indentation; blank lines and labels are kept as block marks.
fn clean_lines(raw: &str, repairs: &mut Vec<String>) -> Cleaned {
    let mut text = raw.replace("\r\n", "\n");
    if !text.contains('\n') && text.contains("\\n") {
        text = text.replace("\\n", "\n");
        repairs.push("example: line breaks written as `\\n` read as line breaks".into());
    }
    if text.contains("```") {
        let inner = fenced_tune(&text);
        if let Some(inner) = inner {
            text = inner;
            repairs.push("example: the code fence around the tune removed".into());
        }
    }
    if let Some(split) = split_inline_fields(&text) {
        text = split;
        repairs.push("example: header fields written on one line put on lines of their own".into());
    }
    let mut out = Cleaned::default();
    let mut indented = false;
    let mut prose = 0;
    let mut started = false;
    let mut trailing: Vec<Option<String>> = Vec::new();
    for raw_line in text.lines() {
        if raw_line.starts_with([' ', '\t']) && !raw_line.trim().is_empty() {
            indented = true;
        }
        let line = raw_line.trim();
        if line.is_empty() || line.starts_with("```") {
            if started {
                trailing.push(None);
            }
            continue;
        }
        if field_tag(line).is_none() && !line.starts_with('%') {
            if let Some(label) = block_label(line) {
                if started {
                    trailing.push(None);
                }
                out.labels.push(label);
                continue;
            }
            if is_prose(line) {
                prose += 1;
                continue;
            }
        }
        started = true;
        out.lines.append(&mut trailing);
        out.lines.push(Some(line.to_string()));
    }
    if indented {
        repairs.push("example: indentation removed".into());
    }
    if prose > 0 {
        repairs.push(format!(
            "example: {prose} line{} of prose around the tune removed",
            if prose == 1 { "" } else { "s" }
        ));
    }
    out
}

/// A tune written on one line (`X:1 T:Blues M:4/4 K:A "A7"A2 c2 …`): each header field on a
/// line of its own, the music after `K:` and its value. `None` when the tune has lines.
fn split_inline_fields(text: &str) -> Option<String> {
    let t = text.trim();
    if t.lines().count() > 1 || field_tag(t).is_none() {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let Some(tag) = field_tag(w) else {
            out.push_str(&words[i..].join(" "));
            break;
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(w);
        i += 1;
        if tag == 'K' {
            // K:'s value is one word (and a mode name); the music follows.
            if w.len() == 2 && i < words.len() {
                out.push_str(words[i]);
                i += 1;
            }
            let mode_word = words.get(i).is_some_and(|m| {
                matches!(
                    m.to_ascii_lowercase().as_str(),
                    "major" | "minor" | "dorian" | "mixolydian" | "phrygian" | "lydian" | "aeolian"
                )
            });
            if mode_word {
                out.push(' ');
                out.push_str(words[i]);
                i += 1;
            }
            out.push('\n');
            out.push_str(&words[i..].join(" "));
            break;
        }
        // Other fields run to the next field.
        while i < words.len() && field_tag(words[i]).is_none() {
            if !out.ends_with(':') {
                out.push(' ');
            }
            out.push_str(words[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The first fenced block that holds music, if any.
fn fenced_tune(text: &str) -> Option<String> {
    fenced_blocks(text)
        .into_iter()
        .find(|block| block.contains('|'))
        .map(str::to_string)
}

fn scan_header(lines: &[Option<String>]) -> Header {
    let mut h = Header::default();
    for line in lines.iter().flatten() {
        let Some(tag) = field_tag(line) else {
            if !line.starts_with('%') {
                break;
            }
            continue;
        };
        let value = line[2..].trim().to_string();
        match tag {
            'T' if h.title.is_none() && !value.is_empty() => h.title = Some(value),
            'M' => h.meter = Some(value),
            'K' => h.key = Some(value),
            'L' => h.unit = true,
            'Q' => {
                let bpm = value
                    .rsplit('=')
                    .next()
                    .and_then(|v| {
                        v.split(|c: char| !c.is_ascii_digit())
                            .find(|w| !w.is_empty())
                    })
                    .and_then(|v| v.parse().ok());
                h.tempo = bpm.filter(|b| (20..=400).contains(b));
            }
            _ => {}
        }
    }
    h
}

/// The tune in our format: `X:1` first, a `T:`, `M:` and `K:` (last), `Q:` with its beat, a
/// unit length that makes the bars fill the meter, voices split, a pickup placed.
fn finish_abc(c: Cleaned, h: &Header, fill: &Fill, repairs: &mut Vec<String>) -> String {
    let (header, body, key_line) = split_header(c.lines, h, repairs);
    let (top, key) = complete_header(header, key_line, fill, repairs);
    let blocks = blocks_of(body);
    let mut text = assemble(&top, &key, &blocks.concat());
    if blocks.len() >= 2 {
        if let Some(voiced) = split_voices(&top, &key, &blocks, fill.meter, &c.labels, repairs) {
            text = voiced;
        } else if blocks
            .iter()
            .any(|b| b.iter().any(|l| field_tag(l).is_none()))
        {
            // Blank lines would end the tune: the blocks are one tune.
            repairs.push("example: blank lines inside the tune removed".into());
        }
    }
    if !h.unit {
        text = guess_unit(text, fill.meter, repairs);
    }
    place_pickup(text, fill.meter, repairs)
}

/// The header fields (the `K:` line apart, to go last) and the body lines (`None` for a
/// blank line), with `K:` and `Q:` written the way we write them.
fn split_header(
    lines: Vec<Option<String>>,
    h: &Header,
    repairs: &mut Vec<String>,
) -> (Vec<String>, Vec<Option<String>>, Option<String>) {
    let mut header: Vec<String> = Vec::new();
    let mut body: Vec<Option<String>> = Vec::new();
    let mut in_header = true;
    let mut key_line: Option<String> = None;
    let mut key_moved = false;
    for line in lines {
        let Some(line) = line else {
            if !in_header {
                body.push(None);
            }
            continue;
        };
        let tag = field_tag(&line);
        if in_header && (tag.is_some() || line.starts_with('%')) {
            match tag {
                Some('K') => key_line = Some(key_field(line[2..].trim(), repairs)),
                Some('Q') => header.push(tempo_field(line[2..].trim(), h, repairs)),
                Some(_) => {
                    if key_line.is_some() && !key_moved {
                        key_moved = true;
                        repairs.push("example: K: moved to the end of the header".into());
                    }
                    let (t, v) = line.split_at(2);
                    header.push(format!("{t}{}", v.trim()));
                }
                None => header.push(line),
            }
            continue;
        }
        in_header = false;
        body.push(Some(line));
    }
    (header, body, key_line)
}

/// `K:` with the key spelled canonically (`K:Ador` for `K:A Dorian`).
fn key_field(value: &str, repairs: &mut Vec<String>) -> String {
    let canon = read_abc_key(value).map(|k| k.abc_key());
    match canon {
        Some(k) if k != value && !value.contains('=') => {
            repairs.push(format!("example: K:{value} written as K:{k}"));
            format!("K:{k}")
        }
        _ => format!("K:{value}"),
    }
}

/// `Q:` with its beat (`Q:1/4=96`), the asked tempo when it was forced.
fn tempo_field(value: &str, h: &Header, repairs: &mut Vec<String>) -> String {
    match (value.contains('=') && !h.tempo_forced, h.tempo) {
        (false, Some(bpm)) if h.tempo_forced => format!("Q:1/4={bpm}"),
        (false, Some(bpm)) => {
            repairs.push(format!("example: Q:{value} written as Q:1/4={bpm}"));
            format!("Q:1/4={bpm}")
        }
        _ => format!("Q:{value}"),
    }
}

/// The header in our order (`X:` first, a `T:`, an `M:`) and its `K:` line, what is missing
/// added from the jam.
fn complete_header(
    mut header: Vec<String>,
    key_line: Option<String>,
    fill: &Fill,
    repairs: &mut Vec<String>,
) -> (Vec<String>, String) {
    let has_title = header.iter().any(|l| field_tag(l) == Some('T'));
    let mut top = Vec::new();
    match header.iter().position(|l| field_tag(l) == Some('X')) {
        Some(i) => top.push(header.remove(i)),
        None => {
            top.push("X:1".into());
            repairs.push("example: X:1 added".into());
        }
    }
    if !has_title {
        if let Some(t) = &fill.title {
            let clean: String = t.chars().filter(|c| !c.is_control()).collect();
            top.push(format!("T:{clean}"));
            repairs.push("example: T: added from the title".into());
        }
    }
    top.append(&mut header);
    if !top.iter().any(|l| field_tag(l) == Some('M')) {
        top.push(format!("M:{}/{}", fill.meter.0, fill.meter.1));
        repairs.push(format!(
            "example: M:{}/{} added",
            fill.meter.0, fill.meter.1
        ));
    }
    let key = key_line.unwrap_or_else(|| {
        repairs.push(format!("example: K:{} added", fill.key.abc_key()));
        format!("K:{}", fill.key.abc_key())
    });
    (top, key)
}

/// The body's blocks of lines between blank lines, trailing empty blocks dropped.
fn blocks_of(mut body: Vec<Option<String>>) -> Vec<Vec<String>> {
    while body.last().is_some_and(Option::is_none) {
        body.pop();
    }
    body.split(Option::is_none)
        .map(|b| b.iter().flatten().cloned().collect::<Vec<_>>())
        .filter(|b: &Vec<String>| !b.is_empty())
        .collect()
}

fn assemble(top: &[String], key: &str, body: &[String]) -> String {
    let mut s = top.join("\n");
    s.push('\n');
    s.push_str(key);
    s.push('\n');
    for l in body {
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// Bars of the first voice with music, as the critic counts them, and the bar length.
fn bars_of(abc: &str, voice: usize) -> Option<(Vec<jamsesh_abc::Bar>, Option<Frac>)> {
    let (tunes, _) = jamsesh_abc::parse_tunes(abc);
    let t = tunes.into_iter().next()?;
    let len = t.meter.bar_length();
    let v = t.voices.into_iter().nth(voice)?;
    Some((
        v.bars
            .into_iter()
            .filter(|b| !b.events.is_empty())
            .collect(),
        len,
    ))
}

fn full_bars(abc: &str, voice: usize) -> (usize, usize) {
    match bars_of(abc, voice) {
        Some((bars, Some(len))) => (
            bars.iter().filter(|b| b.duration == len).count(),
            bars.len(),
        ),
        Some((bars, None)) => (0, bars.len()),
        None => (0, 0),
    }
}

/// Blocks of music separated by blank lines or labels, of equal length, where the later ones
/// carry no chord symbols or sit an octave lower: a second voice written without `V:`. It is
/// kept under `V:2` when every bar fills the meter, else dropped; the melody stays `V:1`.
fn split_voices(
    top: &[String],
    key: &str,
    blocks: &[Vec<String>],
    meter: (u32, u32),
    labels: &[String],
    repairs: &mut Vec<String>,
) -> Option<String> {
    if blocks.len() != 2 {
        return None;
    }
    let one = assemble(top, key, &blocks[0]);
    let two = assemble(top, key, &blocks[1]);
    let (n1, n2) = (bars_of(&one, 0)?.0, bars_of(&two, 0)?.0);
    if n1.len() != n2.len() || n1.is_empty() {
        return None;
    }
    let pitch = |bars: &[jamsesh_abc::Bar]| {
        let notes: Vec<i32> = bars
            .iter()
            .flat_map(|b| &b.events)
            .filter_map(|e| match &e.kind {
                EventKind::Notes(n) => n.iter().map(|s| s.midi).max(),
                _ => None,
            })
            .collect();
        notes.iter().sum::<i32>() / (notes.len().max(1) as i32)
    };
    let symbols = |b: &[String]| b.iter().any(|l| l.contains('"'));
    let lower = pitch(&n2) + 7 <= pitch(&n1);
    let labelled = labels.len() >= 2;
    if !(labelled || lower || (symbols(&blocks[0]) && !symbols(&blocks[1]))) {
        return None;
    }
    let bass = lower
        || labels
            .iter()
            .skip(1)
            .any(|l| l.to_lowercase().contains("bass"));
    let mut body = vec!["V:1".to_string()];
    body.extend(blocks[0].iter().cloned());
    let melody_only = assemble(top, key, &body);
    body.push(if bass {
        "V:2 clef=bass".into()
    } else {
        "V:2".into()
    });
    body.extend(blocks[1].iter().cloned());
    let both = assemble(top, key, &body);
    let bar = Frac::new(i64::from(meter.0), i64::from(meter.1));
    let second_fits = bars_of(&both, 1)
        .is_some_and(|(bars, _)| bars.len() == n1.len() && bars.iter().all(|b| b.duration == bar));
    if second_fits {
        repairs.push("example: a second voice written without V: put under V:2".into());
        Some(both)
    } else {
        repairs.push(
            "example: a second voice written without V: (its bars do not fill the meter) dropped"
                .into(),
        );
        Some(melody_only)
    }
}

/// Without `L:`, the standard's default unit applies; when the bars fill the meter only with
/// another unit (a model counting in eighths in 2/4), that unit is written.
fn guess_unit(text: String, meter: (u32, u32), repairs: &mut Vec<String>) -> String {
    let (fit, total) = full_bars(&text, 0);
    if total == 0 || fit == total {
        return text;
    }
    let mut best = (fit, text.clone(), "");
    for unit in ["1/8", "1/16", "1/4"] {
        let candidate = text.replacen("\nK:", &format!("\nL:{unit}\nK:"), 1);
        let (f, _) = full_bars(&candidate, 0);
        if f > best.0 {
            best = (f, candidate, unit);
        }
    }
    if best.2.is_empty() {
        return text;
    }
    repairs.push(format!(
        "example: L:{} added (with it the bars fill {}/{})",
        best.2, meter.0, meter.1
    ));
    best.1
}

/// A short first bar before full ones is a pickup: when the last bar is short by as much, the
/// pickup's notes close the last bar (the jam loops into its start); otherwise the pickup is
/// dropped. Either way bar 1 is the first full bar, as `chords` counts it.
fn place_pickup(text: String, meter: (u32, u32), repairs: &mut Vec<String>) -> String {
    let Some((bars, Some(len))) = bars_of(&text, 0) else {
        return text;
    };
    if bars.len() < 3
        || bars[0].duration >= len
        || bars[1..bars.len() - 1].iter().any(|b| b.duration != len)
    {
        return text;
    }
    let pickup = bars[0].duration;
    let (file, _) = jamsesh_abc::parse(&text);
    let Some(tune) = file.sections.iter().find_map(|s| match s {
        Section::Tune(t) => Some(t),
        _ => None,
    }) else {
        return text;
    };
    // Byte ranges: the pickup (up to and with its bar line) and the final bar line.
    let elements: Vec<&jamsesh_abc::Element> = tune
        .body
        .iter()
        .filter_map(|l| match l {
            Line::Music(m) => Some(m.elements.iter()),
            _ => None,
        })
        .flatten()
        .collect();
    let Some(first_bar) = elements
        .iter()
        .position(|e| matches!(e.kind, ElementKind::BarLine(_)))
    else {
        return text;
    };
    let Some(start) = elements.first().map(|e| e.span.start) else {
        return text;
    };
    let end = elements[first_bar].span.end;
    let notes: String = elements[..first_bar]
        .iter()
        .filter(|e| !matches!(e.kind, ElementKind::ChordSymbol(_)))
        .map(|e| &text[e.span.start..e.span.end])
        .collect::<Vec<_>>()
        .join("");
    let last = bars[bars.len() - 1].duration;
    let last_bar_line = elements
        .iter()
        .rposition(|e| matches!(e.kind, ElementKind::BarLine(_)));
    let mut out = text.clone();
    match last_bar_line {
        Some(i) if last + pickup == len && i > first_bar => {
            let at = elements[i].span.start;
            out.insert_str(at, &notes);
            out.replace_range(start..end, "");
            repairs.push(format!(
                "example: the pickup ({pickup} of a bar) moved to close the last bar in {}/{}",
                meter.0, meter.1
            ));
        }
        _ => {
            out.replace_range(start..end, "");
            repairs.push(format!(
                "example: the pickup before bar 1 ({pickup} of a bar) dropped"
            ));
        }
    }
    // Keep the change only if it leaves every bar full.
    let (fit, total) = full_bars(&out, 0);
    let (fit0, _) = full_bars(&text, 0);
    if fit == total && fit >= fit0 {
        out
    } else {
        repairs.pop();
        text
    }
}

/// `Am7 - D7 – G`, `["C","G"]` joined, `| C | G |`, `|: C | G :|`, `C G Am F` (one per bar),
/// `Am7 (x2)`, `Verse: …` as `chords`: one bar per `|`.
fn settle_chords(text: &str, repairs: &mut Vec<String>) -> String {
    if Progression::parse(text).is_ok() && !text.contains("||") {
        return text.to_string();
    }
    let mut bars: Vec<String> = Vec::new();
    let unified = text
        .replace(['–', '—', '→', ','], " - ")
        .replace("->", " - ")
        .replace("||", "|")
        .replace("|:", "|")
        .replace(":|", "|")
        .replace(['[', ']', '\n', ';'], " | ");
    for part in unified.split('|') {
        // Labels such as `Verse:` or `A section:` before a bar.
        let part = match part.rsplit_once(':') {
            Some((_, rest)) => rest,
            None => part,
        };
        let mut tokens: Vec<String> = Vec::new();
        let raws = split_dashes(part);
        let mut per_bar = raw_separated(part);
        for (k, raw) in raws.iter().enumerate() {
            let tok = raw.trim_matches(|c: char| matches!(c, '.' | '(' | ')' | '"' | '\''));
            let times = tok
                .strip_prefix(['x', '×'])
                .or_else(|| tok.strip_suffix(['x', '×']))
                .and_then(|n| n.parse::<usize>().ok());
            // `A7 (4 bars)`: the chord held for that many bars.
            let held = raws
                .get(k + 1)
                .is_some_and(|next| next.trim_start_matches('(').starts_with("bar"))
                .then(|| tok.parse::<usize>().ok())
                .flatten();
            match (times, held) {
                (_, Some(n)) if (1..=16).contains(&n) => {
                    per_bar = true;
                    if let Some(last) = tokens.last().cloned() {
                        for _ in 1..n {
                            tokens.push(last.clone());
                        }
                    }
                }
                (Some(n), _) if (2..=8).contains(&n) => {
                    if let Some(last) = tokens.pop() {
                        for _ in 0..n {
                            tokens.push(last.clone());
                        }
                    }
                }
                _ if tok.parse::<Chord>().is_ok() => tokens.push(tok.to_string()),
                _ => {}
            }
        }
        // Dashes, or more chords than a bar holds with no bar lines at all: one per bar.
        if per_bar || (tokens.len() > 4 && !text.contains('|')) {
            bars.extend(tokens);
        } else if !tokens.is_empty() {
            bars.push(tokens.join(" "));
        }
    }
    let out = bars.join(" | ");
    if Progression::parse(&out).is_ok() && out != text.trim() {
        repairs.push(format!("chords `{}` written as `{out}`", text.trim()));
        out
    } else {
        text.to_string()
    }
}

/// Whether a part of a progression separates its chords with dashes (one chord per bar).
fn raw_separated(part: &str) -> bool {
    split_dashes(part).len() > 1 || part.contains(" - ")
}

/// Splits on ` - ` and on a dash glued between two chords (`C-G-Am`), keeping `A-7`.
fn split_dashes(part: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in part.split(" - ") {
        let mut cur = String::new();
        let chars: Vec<char> = chunk.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let next_is_root = chars.get(i + 1).is_some_and(|n| ('A'..='G').contains(n));
            if c == '-' && next_is_root && !cur.trim().is_empty() {
                out.push(std::mem::take(&mut cur));
            } else {
                cur.push(c);
            }
        }
        out.push(cur);
    }
    out.into_iter()
        .flat_map(|s| s.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// The progression the melody's chord symbols spell, one bar per bar (a bar without a symbol
/// keeps the chord before it).
fn symbol_progression(example: &str) -> Result<Progression, String> {
    let (tunes, _) = jamsesh_abc::parse_tunes(example);
    let t = tunes.first().ok_or("no tune")?;
    let v = t.voices.first().ok_or("no voice")?;
    let bars: Vec<&jamsesh_abc::Bar> = v.bars.iter().filter(|b| !b.events.is_empty()).collect();
    let mut out: Vec<Vec<Chord>> = Vec::new();
    for b in &bars {
        let here: Vec<Chord> = v
            .chord_symbols
            .iter()
            .filter(|c| c.onset >= b.onset && c.onset < b.onset + b.duration)
            .map(|c| c.symbol.parse::<Chord>().map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        match (here.is_empty(), out.last()) {
            (false, _) => out.push(here),
            (true, Some(prev)) => out.push(vec![prev.last().cloned().ok_or("empty")?]),
            (true, None) => return Err("bar 1 has no chord symbol".into()),
        }
    }
    if out.is_empty() || out.iter().any(|b| b.len() > 4) {
        return Err("no chords".into());
    }
    Ok(Progression { bars: out })
}

/// Makes `chords` and the melody the same length where a musician would: chords written once
/// under a melody that plays them twice, all chords in one bar, a melody over fewer bars when
/// the progression repeats.
fn reconcile(
    chords: &str,
    example: &str,
    meter: (u32, u32),
    last: bool,
    repairs: &mut Vec<String>,
) -> (String, String) {
    let Ok(p) = Progression::parse(chords) else {
        return (chords.to_string(), example.to_string());
    };
    let Some((bars, _)) = bars_of(example, 0) else {
        return (chords.to_string(), example.to_string());
    };
    let (n, m) = (p.bars.len(), bars.len());
    if n == m || m == 0 {
        return (chords.to_string(), example.to_string());
    }
    // `C G Am F` in one bar under a four-bar melody.
    if n == 1 && p.bars[0].len() == m {
        let out = p.bars[0]
            .iter()
            .map(Chord::to_string)
            .collect::<Vec<_>>()
            .join(" | ");
        repairs.push(format!("chords `{chords}` read as one chord per bar"));
        return (out, example.to_string());
    }
    // A melody longer than `chords`: its own chord symbols, when they cover it, are what it
    // was written over. (A shorter one is not a reason to cut the progression: the model is
    // asked for the melody again.)
    if let (true, Ok(own)) = (m > n, symbol_progression(example)) {
        if own.bars.len() == m && own.bars.iter().flatten().count() > 1 {
            let repeats = m % n == 0 && (0..m).all(|i| same_bar(&own.bars[i], &p.bars[i % n]));
            let out = own.to_text();
            repairs.push(if repeats {
                format!("chords written out ×{} to cover the {m}-bar melody", m / n)
            } else {
                format!("chords ({n} bars) taken from the {m}-bar melody's chord symbols")
            });
            return (out, example.to_string());
        }
    }
    if m > n && m % n == 0 {
        let out = vec![chords.trim().trim_end_matches('|').trim(); m / n].join(" | ");
        repairs.push(format!(
            "chords written out ×{} to cover the {m}-bar melody",
            m / n
        ));
        return (out, example.to_string());
    }
    if n > m && n % m == 0 && (m..n).all(|i| same_bar(&p.bars[i], &p.bars[i % m])) {
        // The progression repeats: so can the melody.
        if let Some(body_at) = example
            .find("\nK:")
            .and_then(|k| example[k + 1..].find('\n').map(|e| k + 1 + e + 1))
        {
            let body = example[body_at..]
                .trim_end()
                .trim_end_matches("|]")
                .trim_end_matches('|');
            let mut out = example[..body_at].to_string();
            for i in 0..n / m {
                out.push_str(body);
                out.push_str(if i + 1 == n / m { "|]\n" } else { "|\n" });
            }
            if full_bars(&out, 0).1 == n {
                repairs.push(format!(
                    "melody played ×{} over the repeating {n}-bar progression",
                    n / m
                ));
                return (chords.to_string(), out);
            }
        }
    }
    let bar = Frac::new(i64::from(meter.0), i64::from(meter.1));
    let sound = m >= 2 && bars.iter().all(|b| b.duration == bar);
    if last && n > m && sound {
        // The last answer, still short: the melody's bars, over the chords it was written
        // over (its own symbols, when they agree with the start of `chords`).
        let agrees = symbol_progression(example).map_or(true, |own| {
            own.bars.len() == m && (0..m).all(|i| same_bar(&own.bars[i], &p.bars[i]))
        });
        if agrees {
            let cut = Progression {
                bars: p.bars[..m].to_vec(),
            };
            repairs.push(format!(
                "chords cut to the {m} bars the melody covers (the answer's chords had {n})"
            ));
            return (cut.to_text(), example.to_string());
        }
    }
    (chords.to_string(), example.to_string())
}

fn same_bar(a: &[Chord], b: &[Chord]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.root.pitch_class() == y.root.pitch_class() && x.pitch_classes() == y.pitch_classes()
        })
}

/// `A minor pentatonic, A blues scale`, `Bb Mixolydian (Bb, C, D, …)`, `Dorian mode`: each
/// scale named with its notes spelled, only those that fit the key (the key's own scale when
/// none does).
fn settle_scales(text: &str, key: &Key, repairs: &mut Vec<String>) -> String {
    if jamsesh_core::parse_scales(text).is_ok_and(|s| s.iter().all(|s| fits(key, s))) {
        return text.to_string();
    }
    let mut scales: Vec<Scale> = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    for item in scale_items(text) {
        let Some((name, read)) = read_scale_item(&item, key) else {
            continue;
        };
        match read {
            Some(s) if fits(key, &s) => {
                if !scales.contains(&s) {
                    scales.push(s);
                }
            }
            _ => dropped.push(name),
        }
    }
    if scales.is_empty() {
        scales.push(key.scale());
        repairs.push(format!(
            "scales `{}` not readable in {key}; the key's scale listed",
            text.trim()
        ));
    } else if !dropped.is_empty() {
        repairs.push(format!(
            "scales: {} left out (not a scale of {key} that we know)",
            dropped.join(", ")
        ));
    }
    let out = scales
        .iter()
        .map(|s| {
            let notes: Vec<String> = s.notes().iter().map(ToString::to_string).collect();
            format!("{} ({})", s.name(), notes.join(" "))
        })
        .collect::<Vec<_>>()
        .join(", ");
    if repairs.last().is_none_or(|r| !r.starts_with("scales")) {
        repairs.push(format!(
            "scales `{}` written with their notes as `{out}`",
            text.trim()
        ));
    }
    out
}

/// The items of a scales list: split at `,` `;` `/` `|`, new lines and ` and `, but not
/// inside brackets (where the notes are).
fn scale_items(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                cur.push(c);
            }
            ')' | ']' => {
                depth -= 1;
                cur.push(c);
            }
            ',' | ';' | '\n' | '/' | '|' if depth <= 0 => items.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    items.push(cur);
    items
        .iter()
        .flat_map(|i| i.split(" and ").map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// One item's scale name (`None` for an empty item) and the scale it reads as, if any: the
/// name's words, then fewer of them (words after the scale, "over the IV chord", dropped
/// one by one), each also tried on the key's tonic (`Dorian mode`).
fn read_scale_item(item: &str, key: &Key) -> Option<(String, Option<Scale>)> {
    let name = item
        .split(['(', ':', '[', '—', '–'])
        .next()
        .unwrap_or("")
        .split(" - ")
        .next()
        .unwrap_or("");
    let name = name.trim().trim_start_matches(['-', '*', '•']).trim();
    if name.is_empty() {
        return None;
    }
    let words: Vec<String> = name
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "scale" | "scales" | "mode" | "the" | "use" | "try"
            )
        })
        .map(|w| w.replace('♭', "b").replace('♯', "#"))
        .collect();
    let read = (1..=words.len()).rev().find_map(|n| {
        let cand = words[..n].join(" ");
        cand.parse::<Scale>()
            .ok()
            .or_else(|| format!("{} {cand}", key.tonic).parse::<Scale>().ok())
    });
    Some((name.to_string(), read))
}

/// The critic's rule for a scale in a key: it starts on a note of the key and has at most one
/// note outside it (blues and minor pentatonic may rub).
fn fits(key: &Key, s: &Scale) -> bool {
    key.scale().contains_pitch_class(s.tonic.pitch_class())
        && (key.notes_outside(s) <= 1 || s.kind.is_blues_family())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamsesh_core::Overrides;

    fn intent(p: &str) -> Intent {
        jamsesh_core::parse_intent(p, &Overrides::default()).unwrap()
    }

    #[test]
    fn gpt_style_tune_without_x_indented_and_q_without_beat() {
        let d = Draft {
            title: Some("Dusty Road".into()),
            chords: Some("A7 - D7 - A7 - E7".into()),
            scales: Some("A minor pentatonic, A blues scale".into()),
            example: Some(
                "    T: Dusty Road\n    M: 4/4\n    Q: 90\n    K: A\n    \"A7\"A2 c2 e2 c2 | \"D7\"d2 f2 a2 f2 |\n    \"A7\"e2 c2 A2 c2 | \"E7\"B2 G2 E4 |]\n\nThis melody walks the chords."
                    .into(),
            ),
            ..Draft::default()
        };
        let s = settle(&d, &intent("blues"));
        let e = s.draft.example.unwrap();
        assert!(
            e.starts_with("X:1\nT:Dusty Road\nM:4/4\nQ:1/4=90\nK:A\n"),
            "{e}"
        );
        assert!(!e.contains("This melody"));
        assert_eq!(s.draft.chords.as_deref(), Some("A7 | D7 | A7 | E7"));
        assert_eq!(
            s.draft.scales.as_deref(),
            Some("A minor pentatonic (A C D E G), A blues (A C D Eb E G)")
        );
        assert_eq!(s.draft.tempo, Some(90));
        assert_eq!(s.draft.key.as_deref(), Some("A"));
        assert!(
            s.repairs.iter().any(|r| r.contains("X:1 added")),
            "{:?}",
            s.repairs
        );
    }

    #[test]
    fn the_tune_keeps_the_signature_it_was_written_in() {
        let d = Draft {
            key: Some("D dorian".into()),
            chords: Some("Dm7 | G7".into()),
            example: Some("X:1\nM:4/4\nL:1/8\nK:Dm\n\"Dm7\"D2 F2 A2 B2 | \"G7\"G8 |]".into()),
            ..Draft::default()
        };
        let s = settle(&d, &intent("modal jazz in D dorian"));
        // Its B is B flat as written: the jam is in D minor, not re-signed to dorian.
        assert_eq!(s.draft.mode.as_deref(), Some("minor"));
        assert!(s.draft.example.unwrap().contains("K:Dm\n"));
        // A different kind of key (dorian over K:D major) is left to the critic.
        let major = Draft {
            example: Some("X:1\nM:4/4\nL:1/8\nK:D\n\"Dm7\"D8 | \"G7\"G8 |]".into()),
            ..d
        };
        assert_eq!(
            settle(&major, &intent("modal jazz in D dorian"))
                .draft
                .mode
                .as_deref(),
            Some("dorian")
        );
    }

    #[test]
    fn keys_as_models_write_them() {
        for (v, want) in [
            ("Am", "Am"),
            ("A minor", "Am"),
            ("Amin", "Am"),
            ("Bbdor", "Bbdor"),
            ("D Mixolydian", "Dmix"),
        ] {
            assert_eq!(
                read_abc_key(v).map(|k| k.abc_key()).as_deref(),
                Some(want),
                "{v}"
            );
        }
    }

    #[test]
    fn chords_as_lists_and_dashes() {
        let mut r = Vec::new();
        assert_eq!(
            settle_chords("Am7 – D7 – Gmaj7 – Cmaj7", &mut r),
            "Am7 | D7 | Gmaj7 | Cmaj7"
        );
        assert_eq!(
            settle_chords("| Am | F | C | G |", &mut r),
            "Am | F | C | G"
        );
        assert_eq!(
            settle_chords("|: Dm7 | G7 :| Cmaj7 ||", &mut r),
            "Dm7 | G7 | Cmaj7"
        );
        assert_eq!(settle_chords("C-G-Am-F", &mut r), "C | G | Am | F");
        assert_eq!(settle_chords("A-7 - D7", &mut r), "A-7 | D7");
        assert_eq!(
            settle_chords("Verse: Em (x2) | C | D", &mut r),
            "Em | Em | C | D"
        );
    }

    #[test]
    fn pickup_closes_the_last_bar() {
        let mut r = Vec::new();
        let t = "X:1\nM:4/4\nL:1/8\nK:C\nG2|\"C\"c2 e2 g2 e2|\"G\"d8|\"C\"c6|]\n".to_string();
        let out = place_pickup(t, (4, 4), &mut r);
        assert_eq!(full_bars(&out, 0), (3, 3), "{out}");
        assert!(out.contains("c6G2|]"), "{out}");
    }

    #[test]
    fn a_second_voice_without_v_goes_under_v2() {
        let d = Draft {
            chords: Some("C | G".into()),
            example: Some(
                "X:1\nM:4/4\nL:1/8\nK:C\n\"C\"c2 e2 g2 e2|\"G\"d2 B2 G4|\n\nC,4 G,,4|G,,4 D,4|]"
                    .into(),
            ),
            ..Draft::default()
        };
        let s = settle(&d, &intent("pop in C"));
        let e = s.draft.example.unwrap();
        assert!(e.contains("V:1\n") && e.contains("V:2 clef=bass\n"), "{e}");
    }
}
