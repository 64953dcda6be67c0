//! The slash commands: `/jam`, `/chord`, `/scale`, `/help`. They stay thin: the music comes
//! from `jamsesh-core`, the pictures and sound from `jamsesh-render`.

use crate::kit::{self, escape_markdown, MAX_PROMPT};
use crate::media::{self, Media};
use crate::{Context, Data, Error};
use jamsesh_core::theory::chord::Chord;
use jamsesh_core::theory::scale::Scale;
use jamsesh_core::{intent, jam, Jam, Overrides};
use poise::serenity_prelude as serenity;
use poise::CreateReply;
use serenity::{CreateAllowedMentions, CreateAttachment, CreateEmbed};

/// Keys offered as choices (Discord allows 25): every major and minor key, spelled as
/// musicians usually spell them.
#[derive(Clone, Copy, Debug, poise::ChoiceParameter)]
pub enum KeyChoice {
    C,
    Db,
    D,
    Eb,
    E,
    F,
    #[name = "F#"]
    FSharp,
    G,
    Ab,
    A,
    Bb,
    B,
    Cm,
    #[name = "C#m"]
    CSharpM,
    Dm,
    Ebm,
    Em,
    Fm,
    #[name = "F#m"]
    FSharpM,
    Gm,
    #[name = "G#m"]
    GSharpM,
    Am,
    Bbm,
    Bm,
}

/// Meters offered as choices.
#[derive(Clone, Copy, Debug, poise::ChoiceParameter)]
pub enum MeterChoice {
    #[name = "4/4"]
    FourFour,
    #[name = "3/4"]
    ThreeFour,
    #[name = "6/8"]
    SixEight,
    #[name = "12/8"]
    TwelveEight,
    #[name = "2/4"]
    TwoFour,
    #[name = "2/2"]
    Cut,
    #[name = "5/4"]
    FiveFour,
    #[name = "7/8"]
    SevenEight,
    #[name = "9/8"]
    NineEight,
}

/// Who writes the jam.
#[derive(Clone, Copy, Debug, PartialEq, Eq, poise::ChoiceParameter)]
pub enum BackendChoice {
    /// The embedded composer.
    #[name = "engine"]
    Engine,
    /// An LLM, checked and repaired by the critic.
    #[name = "llm"]
    Llm,
    /// The LLM's chords and title, the engine's melody.
    #[name = "hybrid"]
    Hybrid,
}

/// Messages never ping anyone, whatever the prompt says.
pub(crate) fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// A short ephemeral answer.
pub(crate) fn notice(text: impl Into<String>) -> CreateReply {
    CreateReply::default()
        .content(text)
        .ephemeral(true)
        .allowed_mentions(no_mentions())
}

/// The files of a jam as attachments.
pub(crate) fn attachments(media: Media) -> Vec<CreateAttachment> {
    let mut files = vec![
        CreateAttachment::bytes(media.png, "jam.png"),
        CreateAttachment::bytes(media.midi, "jam.mid"),
    ];
    if let Some(wav) = media.wav {
        files.push(CreateAttachment::bytes(wav, "jam.wav"));
    }
    files
}

/// Renders a jam off the async threads, within a render slot.
pub(crate) async fn render_jam(data: &Data, jam: &Jam) -> Result<Media, String> {
    let _slot = data.guard.render_slot().await.map_err(|e| e.to_string())?;
    let jam = jam.clone();
    tokio::task::spawn_blocking(move || media::jam_media(&jam))
        .await
        .map_err(|e| format!("rendering stopped: {e}"))?
        .map_err(|e| e.to_string())
}

/// A jam as a message: its embed and files (the buttons are always [`kit::buttons`]).
pub(crate) struct JamMessage {
    pub embed: CreateEmbed,
    pub files: Vec<CreateAttachment>,
}

impl JamMessage {
    /// The jam's embed with its staff picture, MIDI and audio.
    pub fn new(jam: &Jam, media: Media) -> Result<JamMessage, kit::TooBig> {
        Ok(JamMessage {
            embed: kit::embed(jam)?,
            files: attachments(media),
        })
    }

    /// As a command's reply, with the buttons.
    fn reply(self) -> CreateReply {
        let mut reply = CreateReply::default()
            .embed(self.embed)
            .components(kit::buttons())
            .allowed_mentions(no_mentions());
        for file in self.files {
            reply = reply.attachment(file);
        }
        reply
    }
}

/// Cooldown check shared by every command; answers ephemerally when the user must wait.
async fn allowed(ctx: Context<'_>) -> Result<bool, Error> {
    match ctx.data().guard.check(ctx.author().id.get()) {
        Ok(()) => Ok(true),
        Err(busy) => {
            ctx.send(notice(busy.to_string())).await?;
            Ok(false)
        }
    }
}

/// Make a jam kit: chords, scales, a melody on a staff, MIDI and audio.
#[poise::command(slash_command)]
pub async fn jam(
    ctx: Context<'_>,
    #[description = "What to jam on, e.g. \"funky slow groove in Bb\""]
    #[max_length = 300]
    prompt: String,
    #[description = "Key (wins over the prompt)"] key: Option<KeyChoice>,
    #[description = "Tempo in beats per minute"]
    #[min = 30]
    #[max = 300]
    tempo: Option<u32>,
    #[description = "Number of bars"]
    #[min = 2]
    #[max = 32]
    bars: Option<u32>,
    #[description = "Meter"] meter: Option<MeterChoice>,
    #[description = "Who writes it (default: the built-in engine)"] backend: Option<BackendChoice>,
) -> Result<(), Error> {
    if prompt.chars().count() > MAX_PROMPT {
        ctx.send(notice(format!(
            "Prompts are at most {MAX_PROMPT} characters; yours has {}.",
            prompt.chars().count()
        )))
        .await?;
        return Ok(());
    }
    if !allowed(ctx).await? {
        return Ok(());
    }
    let overrides = Overrides {
        key: key.map(|k| poise::ChoiceParameter::name(&k).to_string()),
        tempo,
        bars,
        meter: meter.map(|m| poise::ChoiceParameter::name(&m).to_string()),
    };
    let intent = match intent::parse(&prompt, &overrides) {
        Ok(i) => i,
        Err(e) => {
            ctx.send(notice(format!("I could not use that: {e}")))
                .await?;
            return Ok(());
        }
    };
    ctx.defer().await?;
    let seed = ctx.id();
    let backend = backend.unwrap_or(BackendChoice::Engine);
    let (made, note) = match (backend, &ctx.data().llm) {
        (BackendChoice::Engine, _) => (jam::generate(&intent, seed), None),
        (_, None) => (
            jam::generate(&intent, seed),
            Some(
                "The LLM backend is not set up on this bot, so the built-in engine wrote this jam.",
            ),
        ),
        // The pipeline always ends in a jam the critic accepts; `source` says who wrote it.
        (BackendChoice::Llm, Some(llm)) => (llm.jam(&intent, seed).await.jam, None),
        (BackendChoice::Hybrid, Some(llm)) => (llm.hybrid(&intent, seed).await.jam, None),
    };
    send_jam(ctx, &made).await?;
    if let Some(note) = note {
        ctx.send(notice(note)).await?;
    }
    Ok(())
}

async fn send_jam(ctx: Context<'_>, jam: &Jam) -> Result<(), Error> {
    let media = match render_jam(ctx.data(), jam).await {
        Ok(m) => m,
        Err(e) => {
            ctx.send(notice(e)).await?;
            return Ok(());
        }
    };
    match JamMessage::new(jam, media) {
        Ok(message) => {
            ctx.send(message.reply()).await?;
        }
        Err(e) => {
            ctx.send(notice(e.to_string())).await?;
        }
    }
    Ok(())
}

/// A chord's notes, its voicing on a staff, and how it sounds.
#[poise::command(slash_command)]
pub async fn chord(
    ctx: Context<'_>,
    #[description = "A chord symbol, e.g. Cmaj7, F#m7b5, Bb13, Ab/C"]
    #[max_length = 40]
    name: String,
) -> Result<(), Error> {
    if !allowed(ctx).await? {
        return Ok(());
    }
    let chord: Chord = match name.trim().parse() {
        Ok(c) => c,
        Err(e) => {
            ctx.send(notice(format!("I don't know that chord: {e}")))
                .await?;
            return Ok(());
        }
    };
    ctx.defer().await?;
    let notes: Vec<String> = chord.tones().iter().map(ToString::to_string).collect();
    let symbol = chord.to_string();
    let title = symbol.clone();
    send_sheet(ctx, &title, &notes, move || media::chord_media(&symbol)).await
}

/// Renders a chord or scale (off the async threads, within a render slot) and sends its
/// name, notes, staff and sound.
async fn send_sheet(
    ctx: Context<'_>,
    title: &str,
    notes: &[String],
    render: impl FnOnce() -> Result<Media, media::RenderError> + Send + 'static,
) -> Result<(), Error> {
    let rendered = {
        let _slot = ctx.data().guard.render_slot().await?;
        tokio::task::spawn_blocking(render).await?
    };
    let media = match rendered {
        Ok(m) => m,
        Err(e) => {
            ctx.send(notice(e.to_string())).await?;
            return Ok(());
        }
    };
    let embed = CreateEmbed::new()
        .title(escape_markdown(title))
        .description(format!("**Notes:** {}", notes.join(" ")))
        .image("attachment://jam.png");
    let mut reply = CreateReply::default()
        .embed(embed)
        .allowed_mentions(no_mentions());
    for file in attachments(media) {
        reply = reply.attachment(file);
    }
    ctx.send(reply).await?;
    Ok(())
}

/// A scale's notes on a staff, and how it sounds.
#[poise::command(slash_command)]
pub async fn scale(
    ctx: Context<'_>,
    #[description = "A scale, e.g. D dorian, Bb blues, E minor pentatonic"]
    #[max_length = 60]
    name: String,
) -> Result<(), Error> {
    if !allowed(ctx).await? {
        return Ok(());
    }
    let scale: Scale = match name.parse() {
        Ok(s) => s,
        Err(e) => {
            ctx.send(notice(format!("I don't know that scale: {e}")))
                .await?;
            return Ok(());
        }
    };
    ctx.defer().await?;
    let notes: Vec<String> = scale.notes().iter().map(ToString::to_string).collect();
    send_sheet(ctx, &scale.name(), &notes, move || {
        media::scale_media(&scale)
    })
    .await
}

/// How to use JamSesh.
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    ctx.send(notice(HELP)).await?;
    Ok(())
}

const HELP: &str = "**JamSesh** makes something to jam on, right now.\n\
`/jam prompt: slow funk in Bb` — chords, scales, a melody on a staff, MIDI and audio. \
Say a style (blues, bossa, funk, jig…), a key, a tempo (`slow`, `120 bpm`), a meter (`6/8`), \
a length (`12 bars`) or an instrument; the options win over the prompt.\n\
Buttons: **New melody** and **Steer melody…** (\"more syncopated\", \"higher\", \"sparser\") \
keep the chords; **New progression** changes them; **Harmony** adds a second voice; \
**Up ½ / Down ½** transpose in place.\n\
`/chord Cmaj7` and `/scale D dorian` show notes, a staff and the sound.";
