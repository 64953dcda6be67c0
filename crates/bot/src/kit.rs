//! A jam as a Discord message, and back. The message is the only state: the embed carries
//! every field of the jam (the example's ABC in a code block that musicians can copy), and the
//! buttons' custom ids carry only a version and an action. Any process, after any restart, can
//! read a message back into its jam and act on it.

use crate::markdown::{escape_markdown, unescape_markdown};
use jamsesh_ops::{Jam, Overrides, Source, Understood};
use serenity::all::{
    ButtonStyle, CreateActionRow, CreateButton, CreateEmbed, CreateEmbedFooter, CreateSelectMenu,
    CreateSelectMenuKind, CreateSelectMenuOption, Embed,
};

/// Prefix of every custom id this version of the bot writes.
pub const ID_PREFIX: &str = "jam:v1:";
/// Most characters of the prompt the embed shows (a prompt may be longer: see
/// `jamsesh_ops::MAX_PROMPT_CHARS`).
const PROMPT_SHOWN: usize = 300;
/// Discord's limits on embeds.
const MAX_TITLE: usize = 256;
const MAX_DESCRIPTION: usize = 4096;
const MAX_FIELD: usize = 1024;
/// Bars per line of the progression block.
const BARS_PER_LINE: usize = 4;
/// The embed's accent colour (a warm amber).
pub const COLOUR: u32 = 0xE8A33D;

const FIELD_PROGRESSION: &str = "Progression";
const FIELD_SCALES: &str = "Scales";
const FIELD_KEY: &str = "Key · Meter · Tempo";
const FIELD_PROMPT: &str = "Prompt";
const FIELD_UNDERSTOOD: &str = "Understood";
/// Discord's limit on an embed's footer.
const MAX_FOOTER: usize = 2048;
/// Marks what was understood in the footer, as JSON; always its last part.
const FOOTER_UNDERSTOOD: &str = " · read ";
const EXAMPLE_HEADING: &str = "\n\n**Example** (ABC)\n```abc\n";

/// What a button, the steer dialog or the instrument menu asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// A new melody over the same chords.
    NewMelody,
    /// A new progression (and melody) in the same style and key.
    NewProgression,
    /// A harmony voice a third above the melody.
    Harmony,
    /// Everything a semitone up.
    TransposeUp,
    /// Everything a semitone down.
    TransposeDown,
    /// Opens the dialog asking how to steer a new melody.
    Steer,
    /// The steer dialog, submitted.
    SteerSubmit,
    /// The band's backing track: at the jam's own tempo, or at this one (the tempo buttons
    /// under a play-along).
    PlayAlong(Option<u32>),
    /// The "My instrument…" menu: the chart for the presser's instrument, to them alone.
    Part,
}

/// A custom id this bot did not write (an older version, or changed on the way).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("this button is from another version of JamSesh or was changed on the way")]
pub struct UnknownButton;

/// How far the tempo buttons under a play-along move it.
pub const TEMPO_STEP: u32 = 10;
const PLAY_ALONG: &str = "backing";

impl Action {
    /// The buttons under a jam, in order.
    pub const BUTTONS: [Action; 7] = [
        Action::NewMelody,
        Action::NewProgression,
        Action::Harmony,
        Action::Steer,
        Action::TransposeDown,
        Action::TransposeUp,
        Action::PlayAlong(None),
    ];

    fn slug(self) -> String {
        match self {
            Action::NewMelody => "melody".into(),
            Action::NewProgression => "progression".into(),
            Action::Harmony => "harmony".into(),
            Action::TransposeUp => "up".into(),
            Action::TransposeDown => "down".into(),
            Action::Steer => "steer".into(),
            Action::SteerSubmit => "steer-text".into(),
            Action::PlayAlong(None) => PLAY_ALONG.into(),
            Action::PlayAlong(Some(tempo)) => format!("{PLAY_ALONG}-{tempo}"),
            Action::Part => "part".into(),
        }
    }

    /// Its custom id, such as `jam:v1:melody` or `jam:v1:backing-96`.
    pub fn custom_id(self) -> String {
        format!("{ID_PREFIX}{}", self.slug())
    }

    /// Reads a custom id back.
    pub fn parse(custom_id: &str) -> Result<Action, UnknownButton> {
        let slug = custom_id.strip_prefix(ID_PREFIX).ok_or(UnknownButton)?;
        if let Some(tempo) = slug
            .strip_prefix(PLAY_ALONG)
            .and_then(|t| t.strip_prefix('-'))
        {
            // Digits only, written as this bot writes them, within the band's tempi.
            let bpm: u32 = tempo.parse().map_err(|_| UnknownButton)?;
            return (bpm.to_string() == tempo && jamsesh_ops::TEMPO.contains(&bpm))
                .then_some(Action::PlayAlong(Some(bpm)))
                .ok_or(UnknownButton);
        }
        [
            Action::NewMelody,
            Action::NewProgression,
            Action::Harmony,
            Action::TransposeUp,
            Action::TransposeDown,
            Action::Steer,
            Action::SteerSubmit,
            Action::PlayAlong(None),
            Action::Part,
        ]
        .into_iter()
        .find(|a| a.slug() == slug)
        .ok_or(UnknownButton)
    }

    fn label(self) -> String {
        match self {
            Action::NewMelody => "New melody".into(),
            Action::NewProgression => "New progression".into(),
            Action::Harmony => "Harmony".into(),
            Action::TransposeUp => "Up ½".into(),
            Action::TransposeDown => "Down ½".into(),
            Action::Steer => "Steer melody…".into(),
            Action::SteerSubmit => "Steer".into(),
            Action::PlayAlong(None) => "Play-along".into(),
            Action::PlayAlong(Some(tempo)) => format!("{tempo} bpm"),
            Action::Part => "My instrument…".into(),
        }
    }

    /// True when the answer replaces the message (transposing: the same music, nothing lost);
    /// otherwise it is a new message under it, so the band can compare takes.
    pub fn edits_in_place(self) -> bool {
        matches!(self, Action::TransposeUp | Action::TransposeDown)
    }
}

fn button(a: Action) -> CreateButton {
    let style = match a {
        Action::NewMelody => ButtonStyle::Primary,
        Action::PlayAlong(None) => ButtonStyle::Success,
        _ => ButtonStyle::Secondary,
    };
    CreateButton::new(a.custom_id())
        .label(a.label())
        .style(style)
}

/// The "My instrument…" menu: each player gets their own part, privately.
fn part_menu() -> CreateActionRow {
    let options = crate::part::Part::ALL
        .iter()
        .map(|p| CreateSelectMenuOption::new(p.label(), p.value()).description(p.description()))
        .collect();
    CreateActionRow::SelectMenu(
        CreateSelectMenu::new(
            Action::Part.custom_id(),
            CreateSelectMenuKind::String { options },
        )
        .placeholder(Action::Part.label())
        .min_values(1)
        .max_values(1),
    )
}

/// The components under a jam: two rows of buttons and the instrument menu.
pub fn buttons() -> Vec<CreateActionRow> {
    let (first, second) = Action::BUTTONS.split_at(4);
    vec![
        CreateActionRow::Buttons(first.iter().map(|&a| button(a)).collect()),
        CreateActionRow::Buttons(second.iter().map(|&a| button(a)).collect()),
        part_menu(),
    ]
}

/// The components under a play-along at `tempo`: slower and faster by [`TEMPO_STEP`] (off at
/// the ends of the band's tempi), and the instrument menu.
pub fn play_along_buttons(tempo: u32) -> Vec<CreateActionRow> {
    let range = jamsesh_ops::TEMPO;
    let slower = tempo.saturating_sub(TEMPO_STEP).max(*range.start());
    let faster = (tempo + TEMPO_STEP).min(*range.end());
    let step = |to: u32, arrow: &str| {
        let a = Action::PlayAlong(Some(to));
        CreateButton::new(a.custom_id())
            .label(format!("{arrow} {to} bpm"))
            .style(ButtonStyle::Secondary)
            .disabled(to == tempo)
    };
    vec![
        CreateActionRow::Buttons(vec![step(slower, "Slower:"), step(faster, "Faster:")]),
        part_menu(),
    ]
}

/// Text as an embed's title: shown as typed, within Discord's 256 characters.
pub fn title_text(text: &str) -> String {
    clip(&escape_markdown(text), MAX_TITLE)
}

/// Text as an embed's description, within Discord's 4,096 characters.
pub fn clip_description(text: &str) -> String {
    clip(text, MAX_DESCRIPTION)
}

/// Cuts text to at most `max` characters, on a character boundary, with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The progression laid out bar by bar, four bars a line, columns aligned.
pub fn progression_block(chords: &str) -> String {
    let bars: Vec<&str> = chords.split('|').map(str::trim).collect();
    let width = bars.iter().map(|b| b.chars().count()).max().unwrap_or(1);
    let mut out = String::from("```\n");
    for line in bars.chunks(BARS_PER_LINE) {
        out.push('|');
        for bar in line {
            out.push_str(&format!(" {bar:<width$} |"));
        }
        out.push('\n');
    }
    out.push_str("```");
    out
}

fn read_progression_block(block: &str) -> String {
    block
        .trim()
        .trim_start_matches("```")
        .trim_end_matches("```")
        .lines()
        .flat_map(|line| line.split('|'))
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn source_name(source: Source) -> String {
    serde_json::to_value(source)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Why a message could not be read back into a jam.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("this message does not hold a jam JamSesh can read ({0}); run /jam again")]
pub struct UnreadableJam(pub String);

/// Discord's limit on all of an embed's text together.
const MAX_EMBED_TOTAL: usize = 6000;
/// Marks the short layout, whose example travels as an `.abc` file beside the message.
const EXAMPLE_ATTACHED: &str = "\n\n**Example** (ABC) in the attached ";
/// Longest file stem taken from a title.
const MAX_STEM: usize = 40;

/// A jam as an embed, and what travels beside it.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The embed; its picture is the attachment `{stem}.png`.
    pub embed: CreateEmbed,
    /// The example's ABC as a file, when it did not fit in the embed.
    pub abc: Option<String>,
    /// What had to be moved or cut, to say in the message.
    pub note: Option<String>,
}

/// Text safe in a file name: lower-case letters, digits and single hyphens (`jam` if none).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_STEM {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "jam".to_string()
    } else {
        out.to_string()
    }
}

/// A take's file names without extension, from its title and seed (`midnight-shuffle-17`),
/// so downloads of several takes do not overwrite each other.
pub fn file_stem(jam: &Jam) -> String {
    format!("{}-{}", slug(&jam.title), jam.seed)
}

/// Characters of an embed that count towards Discord's 6,000.
fn embed_total(e: &CreateEmbed) -> usize {
    let json = serde_json::to_value(e).unwrap_or_default();
    let len = |v: &serde_json::Value| v.as_str().map_or(0, |s| s.chars().count());
    let fields: usize = json["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| len(&f["name"]) + len(&f["value"]))
        .sum();
    len(&json["title"]) + len(&json["description"]) + len(&json["footer"]["text"]) + fields
}

/// The embed showing a jam, its picture the attachment `{stem}.png`. When the whole jam
/// does not fit Discord's limits (4,096 characters of description, 1,024 a field, 6,000 in
/// all), a shorter layout moves the example's ABC to `{stem}.abc` and, if still needed,
/// shortens what cannot be read back anyway (what was understood, the style note).
pub fn layout(jam: &Jam, stem: &str) -> Layout {
    let style = escape_markdown(jam.style.trim());
    let full = format!("{style}{EXAMPLE_HEADING}{}\n```", jam.example.trim_end());
    let parts = Parts::of(jam);
    let embed = parts.embed(jam, full.clone(), stem);
    if full.chars().count() <= MAX_DESCRIPTION
        && parts.fits()
        && embed_total(&embed) <= MAX_EMBED_TOTAL
    {
        return Layout {
            embed,
            abc: None,
            note: None,
        };
    }
    let mut parts = parts;
    parts.fit_fields();
    let short = |style: &str| format!("{style}{EXAMPLE_ATTACHED}`{stem}.abc`");
    let mut description = short(&style);
    let mut embed = parts.embed(jam, description.clone(), stem);
    if embed_total(&embed) > MAX_EMBED_TOTAL {
        parts.understood.clear();
        embed = parts.embed(jam, description.clone(), stem);
    }
    let over = embed_total(&embed).saturating_sub(MAX_EMBED_TOTAL);
    if over > 0 || description.chars().count() > MAX_DESCRIPTION {
        let room = style
            .chars()
            .count()
            .saturating_sub(over)
            .min(MAX_DESCRIPTION - 200);
        description = short(&clip(&style, room));
        embed = parts.embed(jam, description, stem);
    }
    Layout {
        embed,
        abc: Some(jam.example.clone()),
        note: Some(format!(
            "This jam is too long to show whole in Discord, so its example is in `{stem}.abc`."
        )),
    }
}

/// The embed's fields and footer for a jam, before they are put together.
struct Parts {
    progression: String,
    scales: String,
    key: String,
    prompt: String,
    understood: String,
    footer: String,
}

impl Parts {
    fn of(jam: &Jam) -> Parts {
        let mut scales = match jamsesh_ops::scales_of(&jam.scales) {
            Ok(list) => list
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            Err(_) => jam.scales.clone(),
        };
        // The chords' own scales follow, one a line: `E7: E phrygian dominant (…)`.
        for line in &jam.chord_scales {
            scales.push('\n');
            scales.push_str(line);
        }
        let mut footer = format!(
            "seed {} · {} · {} · {}",
            jam.seed,
            source_name(jam.source),
            jam.style_id,
            jam.instrument
        );
        if jam.transposed != 0 {
            footer.push_str(&format!(" · transposed {:+}", jam.transposed));
        }
        if !jam.overrides.is_empty() {
            // The options chosen beside the prompt (/jam key:, tempo:, …), so the jam read
            // back still knows them.
            if let Ok(set) = serde_json::to_string(&jam.overrides) {
                footer.push_str(&format!(" · set {set}"));
            }
        }
        if !jam.understood.is_empty() {
            if let Ok(read) = serde_json::to_string(&jam.understood) {
                if footer.chars().count() + FOOTER_UNDERSTOOD.len() + read.chars().count()
                    <= MAX_FOOTER
                {
                    footer.push_str(FOOTER_UNDERSTOOD);
                    footer.push_str(&read);
                }
            }
        }
        Parts {
            progression: progression_block(&jam.chords),
            scales,
            key: format!(
                "{} {} · {} · {} bpm · {} bars",
                jam.key, jam.mode, jam.meter, jam.tempo, jam.bars
            ),
            prompt: escape_markdown(&clip(jam.prompt.trim(), PROMPT_SHOWN)),
            // What was read from the prompt, short; the footer keeps it whole.
            understood: clip(&escape_markdown(&jam.understood.short()), MAX_FIELD),
            footer,
        }
    }

    /// True when every field fits its limit.
    fn fits(&self) -> bool {
        [&self.progression, &self.scales, &self.prompt]
            .iter()
            .all(|v| v.chars().count() <= MAX_FIELD)
    }

    /// Cuts fields to their limits (a jam this odd cannot be read back whole anyway).
    fn fit_fields(&mut self) {
        for value in [&mut self.progression, &mut self.scales, &mut self.prompt] {
            if value.chars().count() > MAX_FIELD {
                *value = clip(value, MAX_FIELD);
            }
        }
    }

    fn embed(&self, jam: &Jam, description: String, stem: &str) -> CreateEmbed {
        let mut e = CreateEmbed::new()
            .title(title_text(&jam.title))
            .description(description)
            .colour(COLOUR)
            .field(FIELD_PROGRESSION, self.progression.clone(), false)
            .field(FIELD_SCALES, self.scales.clone(), true)
            .field(FIELD_KEY, self.key.clone(), true)
            .image(format!("attachment://{stem}.png"))
            .footer(CreateEmbedFooter::new(clip(&self.footer, MAX_FOOTER)));
        if !self.prompt.is_empty() {
            e = e.field(FIELD_PROMPT, self.prompt.clone(), false);
        }
        if !self.understood.is_empty() {
            e = e.field(FIELD_UNDERSTOOD, self.understood.clone(), false);
        }
        e
    }
}

/// The name of the `.abc` file holding the example, when the embed uses the short layout.
pub fn attached_example(e: &Embed) -> Option<String> {
    let description = e.description.as_deref()?;
    let (_, name) = description.rsplit_once(EXAMPLE_ATTACHED)?;
    Some(name.trim_matches('`').to_string())
}

/// Reads a jam back from the embed [`layout`] made.
pub fn jam_from_embed(e: &Embed) -> Result<Jam, UnreadableJam> {
    jam_from_message(e, None)
}

/// Reads a jam back from the embed [`layout`] made and, for the short layout, the example
/// read from its `.abc` file.
pub fn jam_from_message(e: &Embed, attached: Option<&str>) -> Result<Jam, UnreadableJam> {
    let missing = |what: &str| UnreadableJam(format!("no {what}"));
    let field = |name: &str| {
        e.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.as_str())
    };
    let description = e
        .description
        .as_deref()
        .ok_or_else(|| missing("description"))?;
    let (style, example) = read_description(description, attached)?;
    let line = read_key_line(field(FIELD_KEY).ok_or_else(|| missing("key"))?)?;
    let footer = read_footer(
        e.footer
            .as_ref()
            .map(|f| f.text.as_str())
            .ok_or_else(|| missing("footer"))?,
    )?;
    let (chord_scales, scales): (Vec<&str>, Vec<&str>) = field(FIELD_SCALES)
        .ok_or_else(|| missing("scales"))?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .partition(|l| is_chord_scale_line(l));
    let scales = scales.join(", ");
    let chord_scales = chord_scales.into_iter().map(str::to_string).collect();
    Ok(Jam {
        title: unescape_markdown(e.title.as_deref().unwrap_or_default()),
        style: unescape_markdown(style),
        chords: read_progression_block(
            field(FIELD_PROGRESSION).ok_or_else(|| missing("progression"))?,
        ),
        scales,
        example,
        key: line.key.to_string(),
        mode: line.mode.to_string(),
        meter: line.meter.to_string(),
        tempo: line.tempo,
        bars: line.bars,
        seed: footer.seed,
        source: footer.source,
        style_id: footer.style_id,
        instrument: footer.instrument,
        prompt: unescape_markdown(field(FIELD_PROMPT).unwrap_or_default()),
        overrides: footer.overrides,
        transposed: footer.transposed,
        chord_scales,
        understood: footer.understood,
        repairs: Vec::new(),
    })
}

/// The style note and the example from an embed's description, or for the short layout from
/// the attached `.abc` file.
fn read_description<'a>(
    description: &'a str,
    attached: Option<&str>,
) -> Result<(&'a str, String), UnreadableJam> {
    let missing = |what: &str| UnreadableJam(format!("no {what}"));
    match (description.split_once(EXAMPLE_HEADING), attached) {
        (Some((style, rest)), _) => Ok((
            style,
            rest.strip_suffix("```")
                .ok_or_else(|| missing("end of the example"))?
                .trim_end()
                .to_string()
                + "\n",
        )),
        (None, Some(abc)) => Ok((
            description
                .rsplit_once(EXAMPLE_ATTACHED)
                .map_or(description, |(style, _)| style),
            abc.trim_end().to_string() + "\n",
        )),
        (None, None) => Err(missing("example")),
    }
}

/// The embed's key · meter · tempo · bars line, read back.
struct KeyLine<'a> {
    key: &'a str,
    mode: &'a str,
    meter: &'a str,
    tempo: u32,
    bars: u32,
}

fn read_key_line(line: &str) -> Result<KeyLine<'_>, UnreadableJam> {
    let parts: Vec<&str> = line.split(" · ").collect();
    let [key_mode, meter, tempo, bars] = parts[..] else {
        return Err(UnreadableJam(format!(
            "`{line}` is not key · meter · tempo · bars"
        )));
    };
    let (key, mode) = key_mode
        .split_once(' ')
        .ok_or_else(|| UnreadableJam("no mode".into()))?;
    let number = |text: &str, unit: &str| {
        text.trim_end_matches(unit)
            .trim()
            .parse::<u32>()
            .map_err(|_| UnreadableJam(format!("`{text}` is not a number of {unit}")))
    };
    Ok(KeyLine {
        key,
        mode,
        meter,
        tempo: number(tempo, "bpm")?,
        bars: number(bars, "bars")?,
    })
}

/// The embed's footer, read back: seed · source · style · instrument, then what was changed
/// and chosen, and what was understood.
struct Footer {
    seed: u64,
    source: Source,
    style_id: String,
    instrument: String,
    transposed: i32,
    overrides: Overrides,
    understood: Understood,
}

fn read_footer(footer: &str) -> Result<Footer, UnreadableJam> {
    let missing = |what: &str| UnreadableJam(format!("no {what}"));
    // What was understood is the footer's last part, as JSON (its words may hold ` · `).
    let (footer, understood) = match footer.split_once(&format!("{FOOTER_UNDERSTOOD}{{")) {
        Some((rest, json)) => (
            rest,
            serde_json::from_str(&format!("{{{json}"))
                .map_err(|e| UnreadableJam(format!("what was understood: {e}")))?,
        ),
        None => (footer, Understood::default()),
    };
    let mut parts = footer.split(" · ");
    let seed = parts
        .next()
        .and_then(|s| s.strip_prefix("seed "))
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or_else(|| missing("seed"))?;
    let source: Source = parts
        .next()
        .and_then(|s| serde_json::from_value(serde_json::Value::String(s.to_string())).ok())
        .ok_or_else(|| missing("source"))?;
    let mut read = Footer {
        seed,
        source,
        style_id: parts.next().unwrap_or_default().to_string(),
        instrument: parts.next().unwrap_or_default().to_string(),
        transposed: 0,
        overrides: Overrides::default(),
        understood,
    };
    for part in parts {
        if let Some(n) = part.strip_prefix("transposed ") {
            read.transposed = n.trim_start_matches('+').parse::<i32>().unwrap_or(0);
        } else if let Some(set) = part.strip_prefix("set ") {
            read.overrides = serde_json::from_str(set).unwrap_or_default();
        }
    }
    Ok(read)
}

/// A chord's scale line (`E7: E phrygian dominant (…)`), as opposed to a key's scale.
fn is_chord_scale_line(line: &str) -> bool {
    line.split_once(": ")
        .is_some_and(|(head, _)| !head.contains('('))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamsesh_ops::GenerateOptions;

    /// The engine's jam for a prompt and seed.
    fn generated(prompt: &str, seed: u64) -> Jam {
        let options = GenerateOptions {
            seed: Some(seed),
            ..GenerateOptions::default()
        };
        jamsesh_ops::generate(prompt, &options).unwrap()
    }

    /// What Discord stores and sends back: the builder's JSON read as an `Embed`.
    fn round_trip(j: &Jam) -> Jam {
        let json = serde_json::to_value(layout(j, &file_stem(j)).embed).unwrap();
        let e: Embed = serde_json::from_value(json).unwrap();
        jam_from_embed(&e).unwrap()
    }

    #[test]
    fn a_jam_survives_the_trip_through_a_message() {
        // The chords' own scales travel too (a minor jazz jam has some).
        let minor_jazz = generated("jazz standard in A minor", 1);
        assert!(!minor_jazz.chord_scales.is_empty(), "{}", minor_jazz.chords);
        for (prompt, seed) in [
            ("funky slow groove in Bb", 8),
            ("celtic jig in D for fiddle", 5),
            ("jazz ballad in Eb for *tenor* sax @everyone", 2),
            ("12 bar blues in A in 12/8 shuffle", 11),
            ("jazz standard in A minor", 1),
            // What was understood travels too, unknown words and all.
            ("reggae groove in the key of A minor, slow · read {x}", 3),
            ("vaporwave jam for *flute*, k-pop", 6),
        ] {
            let mut j = generated(prompt, seed);
            assert!(!j.understood.is_empty(), "{prompt}");
            assert_eq!(round_trip(&j), j, "{prompt}");
            j = jamsesh_ops::transpose(&j, -3).unwrap();
            assert_eq!(round_trip(&j), j, "{prompt} transposed");
        }
        // Options chosen beside the prompt come back too, and the critic still accepts the jam.
        let chosen = GenerateOptions {
            seed: Some(4),
            key: Some("D dorian".into()),
            tempo: Some(30),
            bars: Some(12),
            meter: Some("6/8".into()),
            style: Some("reggae".into()),
        };
        let j = jamsesh_ops::generate("fast funk in Bb", &chosen).unwrap();
        assert_eq!(j.style_id, "reggae");
        let back = round_trip(&j);
        assert_eq!(back, j);
        assert!(jamsesh_ops::critic(&back).unwrap().valid);
    }

    #[test]
    fn the_embed_shows_what_a_musician_needs() {
        let j = generated("funky slow groove in Bb", 8);
        let json = serde_json::to_value(layout(&j, &file_stem(&j)).embed).unwrap();
        let fields = json["fields"].as_array().unwrap();
        let progression = fields[0]["value"].as_str().unwrap();
        // Four bars a line, every bar line aligned.
        let lines: Vec<&str> = progression.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].len(), lines[1].len());
        assert_eq!(lines[0].matches('|').count(), 5);
        assert!(fields[2]["value"]
            .as_str()
            .unwrap()
            .starts_with("Bb dorian · 4/4 · "));
        assert_eq!(
            json["image"]["url"],
            format!("attachment://{}.png", file_stem(&j))
        );
        assert!(json["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("seed 8 · engine"));
        let description = json["description"].as_str().unwrap();
        assert!(description.contains("```abc\nX:1"));
        // What was read from the prompt, in short.
        let understood = fields
            .iter()
            .find(|f| f["name"] == "Understood")
            .and_then(|f| f["value"].as_str());
        assert_eq!(understood, Some("funk · Bb dorian · 88 bpm"));
        let vapor = generated("vaporwave jam", 8);
        let json = serde_json::to_string(&layout(&vapor, "v").embed).unwrap();
        assert!(json.contains("not a style I know yet: vaporwave"), "{json}");
    }

    #[test]
    fn custom_ids_are_short_versioned_and_checked() {
        for a in Action::BUTTONS {
            let id = a.custom_id();
            assert!(id.len() <= 100);
            assert_eq!(Action::parse(&id), Ok(a));
        }
        assert_eq!(
            Action::parse("jam:v1:backing-96"),
            Ok(Action::PlayAlong(Some(96)))
        );
        for bad in [
            "",
            "jam:v0:melody",
            "jam:v1:",
            "jam:v1:melody2",
            "jam:v1:../../x",
            // Tempi only as written, and only those the band plays.
            "jam:v1:backing-096",
            "jam:v1:backing-+96",
            "jam:v1:backing-29",
            "jam:v1:backing-321",
            "jam:v1:backing-",
            "jam:v1:backing96",
        ] {
            assert_eq!(Action::parse(bad), Err(UnknownButton), "{bad}");
        }
        let ids = |rows: Vec<CreateActionRow>| -> Vec<(u64, String)> {
            serde_json::to_value(rows)
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|row| row["components"].as_array().unwrap().clone())
                .map(|c| {
                    (
                        c["type"].as_u64().unwrap(),
                        c["custom_id"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        };
        // Seven buttons (type 2) and the instrument menu (a string select, type 3).
        let jam_ids = ids(buttons());
        assert_eq!(jam_ids.len(), 8);
        assert_eq!(jam_ids.iter().filter(|(t, _)| *t == 2).count(), 7);
        assert_eq!(jam_ids[7], (3, Action::Part.custom_id()));
        assert!(jam_ids.iter().all(|(_, id)| Action::parse(id).is_ok()));
        // Under a play-along: slower, faster, the menu; ids unique even at the ends.
        for (tempo, slower, faster) in [(92, 82, 102), (30, 30, 40), (315, 305, 320)] {
            let got = ids(play_along_buttons(tempo));
            assert_eq!(got[0].1, Action::PlayAlong(Some(slower)).custom_id());
            assert_eq!(got[1].1, Action::PlayAlong(Some(faster)).custom_id());
            assert_ne!(got[0].1, got[1].1);
        }
        let at_30 = serde_json::to_value(play_along_buttons(30)).unwrap();
        assert_eq!(at_30[0]["components"][0]["disabled"], true);
        assert_eq!(at_30[0]["components"][1]["disabled"], false);
    }

    #[test]
    fn markdown_and_mentions_are_shown_as_typed() {
        let text = "**bold** @everyone <@123> `code` \\ end";
        let escaped = escape_markdown(text);
        assert!(!escaped.contains("**"));
        assert!(escaped.contains("\\@everyone"));
        assert_eq!(unescape_markdown(&escaped), text);
    }

    #[test]
    fn a_jam_too_big_for_one_embed_moves_its_example_to_a_file() {
        let mut j = generated("jazz standard in A minor, 32 bars", 3);
        // A long style note and many chord scales from a talkative model: each part fits
        // its own limit, together they pass the 6,000 characters of an embed.
        let room = MAX_DESCRIPTION - 40 - j.example.chars().count();
        j.style = "Swing it softly; ".repeat(room / 17).trim().to_string();
        j.prompt = "jazz standard in A minor, 32 bars, "
            .repeat(8)
            .trim()
            .to_string();
        j.chord_scales = (0..15)
            .map(|i| format!("E7: E phrygian dominant (E F G# A B C D) — take {i}, over bar {i}"))
            .collect();
        let full = layout(&j, "x");
        assert!(
            full.abc.is_some(),
            "6,000 characters in all are checked: {}",
            embed_total(&full.embed)
        );
        let stem = file_stem(&j);
        let short = layout(&j, &stem);
        let json = serde_json::to_value(&short.embed).unwrap();
        assert!(embed_total(&short.embed) <= MAX_EMBED_TOTAL, "{json}");
        assert!(json["description"].as_str().unwrap().chars().count() <= MAX_DESCRIPTION);
        assert_eq!(short.abc.as_deref(), Some(j.example.as_str()));
        assert!(short.note.unwrap().contains(&format!("{stem}.abc")));
        // Read back with the file, the jam is whole.
        let e: Embed = serde_json::from_value(json).unwrap();
        assert_eq!(attached_example(&e), Some(format!("{stem}.abc")));
        assert!(
            jam_from_embed(&e).is_err(),
            "the example is not in the embed"
        );
        assert_eq!(jam_from_message(&e, short.abc.as_deref()).unwrap(), j);
        // A jam that fits keeps its example in the embed.
        let small = generated("blues in E", 1);
        assert!(layout(&small, "x").abc.is_none());
    }

    #[test]
    fn files_are_named_from_title_and_seed() {
        let mut j = generated("blues in E", 17);
        j.title = "Midnight Shuffle: Take #2 — Ünïcode/../x".into();
        assert_eq!(file_stem(&j), "midnight-shuffle-take-2-n-code-x-17");
        j.title = "🎷🎷".into();
        assert_eq!(file_stem(&j), "jam-17");
    }

    #[test]
    fn messages_that_are_not_jams_are_refused() {
        let e: Embed = serde_json::from_value(serde_json::json!({"title": "hello"})).unwrap();
        assert!(jam_from_embed(&e).is_err());
    }
}
