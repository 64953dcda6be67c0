//! The slash commands: `/jam`, `/chord`, `/scale`, `/help`. They stay thin: the music, the
//! pictures and the sound come from `jamsesh-ops`.

use crate::guard::Ticket;
use crate::kit;
use crate::markdown::escape_markdown;
use crate::media::{self, Media};
use crate::reply::with_retry;
use crate::{Context, Error};
use jamsesh_ops::{self as ops, complete, Backend, GenerateOptions, Jam, Model};
use poise::serenity_prelude as serenity;
use poise::CreateReply;
use serenity::{CreateAllowedMentions, CreateAttachment, CreateEmbed};

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

/// Messages never ping anyone, whatever the prompt says.
pub(crate) fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// What a user sees when making their answer failed.
pub(crate) const FAILED: &str = "Something went wrong making that; please try again.";

/// A short ephemeral answer.
pub(crate) fn notice(text: impl Into<String>) -> CreateReply {
    CreateReply::default()
        .content(text)
        .ephemeral(true)
        .allowed_mentions(no_mentions())
}

/// The files of a jam as attachments, named `{stem}.png`, `{stem}.mid` and so on.
pub(crate) fn attachments(media: Media, stem: &str) -> Vec<CreateAttachment> {
    let mut files = vec![
        CreateAttachment::bytes(media.png, format!("{stem}.png")),
        CreateAttachment::bytes(media.midi, format!("{stem}.mid")),
    ];
    if let Some(audio) = media.audio {
        files.push(CreateAttachment::bytes(audio, format!("{stem}.ogg")));
    }
    files
}

/// Renders a jam off the async threads, in the ticket's render slot, its files within
/// `limit` bytes (the interaction's `attachment_size_limit`).
pub(crate) async fn render_jam(ticket: &Ticket, jam: &Jam, limit: u64) -> Result<Media, String> {
    let _slot = ticket.render_slot().await.map_err(|e| e.to_string())?;
    let jam = jam.clone();
    tokio::task::spawn_blocking(move || media::jam_media(&jam, limit))
        .await
        .map_err(|e| format!("rendering stopped: {e}"))?
        .map_err(|e| e.to_string())
}

/// A jam as a message: its embed and files (the buttons are always [`kit::buttons`]), and a
/// note when something had to be left out.
pub(crate) struct JamMessage {
    pub embed: CreateEmbed,
    pub files: Vec<CreateAttachment>,
    pub note: Option<String>,
}

impl JamMessage {
    /// The jam's embed with its staff picture, MIDI and audio; files are named from the
    /// jam's title and seed so a band's downloads do not overwrite each other.
    pub fn new(jam: &Jam, media: Media) -> JamMessage {
        JamMessage::with_stem(jam, media, &kit::file_stem(jam))
    }

    /// The same, its files named `{stem}.png`, `{stem}.mid` and so on.
    pub fn with_stem(jam: &Jam, media: Media, stem: &str) -> JamMessage {
        let stem = stem.to_string();
        let layout = kit::layout(jam, &stem);
        let note = [layout.note, media.note.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        let mut files = attachments(media, &stem);
        if let Some(abc) = layout.abc {
            files.push(CreateAttachment::bytes(
                abc.into_bytes(),
                format!("{stem}.abc"),
            ));
        }
        JamMessage {
            embed: layout.embed,
            files,
            note: (!note.is_empty()).then(|| note.join("\n")),
        }
    }

    /// As a command's reply, with the buttons.
    fn reply(self) -> CreateReply {
        let mut reply = CreateReply::default()
            .embed(self.embed)
            .components(kit::buttons())
            .allowed_mentions(no_mentions());
        if let Some(note) = self.note {
            reply = reply.content(note);
        }
        for file in self.files {
            reply = reply.attachment(file);
        }
        reply
    }
}

/// The interaction's upload limit (Discord's default for bots when it is not known).
fn upload_limit(ctx: Context<'_>) -> u64 {
    match ctx {
        poise::Context::Application(a) => u64::from(a.interaction.attachment_size_limit),
        poise::Context::Prefix(_) => 10 * 1024 * 1024,
    }
}

/// Cooldown and queue, checked before deferring: a "busy" after a public deferral would be
/// shown to the whole channel, so it is said now, privately, or not at all.
async fn admit(ctx: Context<'_>) -> Result<Option<Ticket>, Error> {
    match ctx.data().guard.admit(ctx.author().id.get()) {
        Ok(ticket) => Ok(Some(ticket)),
        Err(busy) => {
            ctx.send(notice(busy.to_string())).await?;
            Ok(None)
        }
    }
}

/// Sends a reply, once more after a transient failure.
async fn send(ctx: Context<'_>, reply: CreateReply) -> Result<poise::ReplyHandle<'_>, Error> {
    Ok(with_retry("reply", || ctx.send(reply.clone())).await?)
}

/// Discord's error code of a failed request, if it answered with one.
fn discord_code(e: &serenity::Error) -> Option<isize> {
    match e {
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) => Some(r.error.code),
        _ => None,
    }
}

/// Why Discord refused a request, in words for the user.
pub(crate) fn refusal_reason(e: &serenity::Error) -> String {
    match discord_code(e) {
        Some(MISSING_PERMISSIONS) => "I am missing a permission there".into(),
        Some(MISSING_ACCESS | UNKNOWN_CHANNEL) => "I cannot see that channel".into(),
        _ => "Discord said no".into(),
    }
}

/// Discord's error codes for a request the bot may not make.
const MISSING_PERMISSIONS: isize = 50013;
const MISSING_ACCESS: isize = 50001;
const UNKNOWN_CHANNEL: isize = 10003;

/// Longest thread name Discord takes.
const MAX_THREAD_NAME: usize = 100;

/// What a user hears when the jam's thread could not be started for want of permissions.
const NO_THREAD_PERMISSION: &str = "I could not start a thread for this jam: I need the \
    **Create Public Threads** permission in this channel (and **Send Messages in Threads** to \
    post takes there). The jam is above; a server admin can grant them to JamSesh.";

/// Starts a thread on the jam just posted, so its takes stay together; when it cannot, says
/// why to the user alone (the jam has been posted, so this is the second follow-up, whose
/// flags Discord keeps).
async fn start_thread(
    ctx: Context<'_>,
    posted: &poise::ReplyHandle<'_>,
    jam: &Jam,
) -> Result<(), Error> {
    let poise::Context::Application(a) = ctx else {
        return Ok(());
    };
    let text_channel = a.interaction.channel.as_ref().is_some_and(|c| {
        matches!(
            c.kind,
            serenity::ChannelType::Text | serenity::ChannelType::News
        )
    });
    if a.interaction.guild_id.is_none() || !text_channel {
        send(
            ctx,
            notice("Threads start only in a server's text channels, so this jam has none."),
        )
        .await?;
        return Ok(());
    }
    // The permissions Discord says JamSesh has here: no request that must fail.
    if a.interaction
        .app_permissions
        .is_some_and(|p| !p.contains(serenity::Permissions::CREATE_PUBLIC_THREADS))
    {
        send(ctx, notice(NO_THREAD_PERMISSION)).await?;
        return Ok(());
    }
    let message = posted.message().await?;
    let name: String = jam.title.chars().take(MAX_THREAD_NAME).collect();
    let thread = serenity::CreateThread::new(if name.trim().is_empty() {
        "jam".to_string()
    } else {
        name
    })
    .kind(serenity::ChannelType::PublicThread)
    .auto_archive_duration(serenity::AutoArchiveDuration::OneDay);
    let channel = message.channel_id;
    let started = with_retry("thread", || {
        channel.create_thread_from_message(ctx.http(), message.id, thread.clone())
    })
    .await;
    match started {
        Ok(t) => tracing::info!(thread = %t.id, "thread started"),
        Err(e) => {
            tracing::warn!(error = %e, "could not start a thread");
            let why = match discord_code(&e) {
                Some(MISSING_PERMISSIONS) => NO_THREAD_PERMISSION.to_string(),
                _ => format!(
                    "I could not start a thread for this jam ({}); the jam is above.",
                    refusal_reason(&e)
                ),
            };
            send(ctx, notice(why)).await?;
        }
    }
    Ok(())
}

/// Suggests styles of the catalogue.
async fn complete_style(_: Context<'_>, typed: &str) -> serenity::CreateAutocompleteResponse {
    autocomplete(complete::styles(typed))
}

/// Suggests keys in every mode.
async fn complete_key(_: Context<'_>, typed: &str) -> serenity::CreateAutocompleteResponse {
    autocomplete(complete::keys(typed))
}

/// Suggests chord symbols.
async fn complete_chord(_: Context<'_>, typed: &str) -> serenity::CreateAutocompleteResponse {
    autocomplete(complete::chords(typed))
}

/// Suggests scales.
async fn complete_scale(_: Context<'_>, typed: &str) -> serenity::CreateAutocompleteResponse {
    autocomplete(complete::scales(typed))
}

fn autocomplete(choices: Vec<complete::Choice>) -> serenity::CreateAutocompleteResponse {
    serenity::CreateAutocompleteResponse::new().set_choices(
        choices
            .into_iter()
            .map(|c| serenity::AutocompleteChoice::new(c.name, c.value))
            .collect(),
    )
}

/// Make a jam kit: chords, scales, a melody on a staff, MIDI and audio.
// Each argument is one of the command's options: poise declares them as parameters.
#[allow(clippy::too_many_arguments)]
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn jam(
    ctx: Context<'_>,
    // The lengths and ranges are ops's (`MAX_PROMPT_CHARS`, `TEMPO`, `BARS`): poise takes
    // literals only, so a test holds them equal.
    #[description = "What to jam on, e.g. \"funky slow groove in Bb\""]
    #[max_length = 2000]
    prompt: String,
    #[description = "Style (wins over the prompt; type to search the catalogue)"]
    #[autocomplete = "complete_style"]
    #[max_length = 60]
    style: Option<String>,
    #[description = "Key, with its mode: Bb, F# minor, D dorian… (wins over the prompt)"]
    #[autocomplete = "complete_key"]
    #[max_length = 30]
    key: Option<String>,
    #[description = "Tempo in beats per minute"]
    #[min = 30]
    #[max = 320]
    tempo: Option<u32>,
    #[description = "Number of bars"]
    #[min = 2]
    #[max = 64]
    bars: Option<u32>,
    #[description = "Meter"] meter: Option<MeterChoice>,
    #[description = "Who writes it (default: the built-in engine)"]
    #[choices("engine", "llm", "hybrid", "intent")]
    backend: Option<&'static str>,
    #[description = "Start a thread for this jam, so its takes stay together"] thread: Option<bool>,
) -> Result<(), Error> {
    let options = GenerateOptions {
        seed: Some(ctx.id()),
        key,
        tempo,
        bars,
        meter: meter.map(|m| poise::ChoiceParameter::name(&m).to_string()),
        style,
    };
    let _work = ctx.data().guard.work();
    let checked = ops::intent(&prompt, &options)
        .and_then(|intent| Ok((intent, backend.unwrap_or_default().parse::<Backend>()?)));
    let (intent, backend) = match checked {
        Ok(checked) => checked,
        Err(e) => {
            ctx.send(notice(format!("I could not use that: {e}")))
                .await?;
            return Ok(());
        }
    };
    let Some(ticket) = admit(ctx).await? else {
        return Ok(());
    };
    ctx.defer().await?;
    let seed = ops::seed(&options);
    let (made, note) = match Model::for_prompt(backend, ctx.data().llm.as_deref()) {
        Ok(None) => (ops::compose(&intent, seed), None),
        // The pipeline always ends in a jam the critic accepts; `source` says who wrote it.
        Ok(Some(model)) => (model.jam(&intent, seed).await.jam, None),
        Err(_no_llm) => (
            ops::compose(&intent, seed),
            Some(
                "The LLM backend is not set up on this bot, so the built-in engine wrote this jam.",
            ),
        ),
    };
    // The jam is made: from here on nothing is refused (a refusal now would be public).
    let media = render_jam(&ticket, &made, upload_limit(ctx)).await?;
    let posted = send(ctx, JamMessage::new(&made, media).reply()).await?;
    if let Some(note) = note {
        send(ctx, notice(note)).await?;
    }
    if thread == Some(true) {
        start_thread(ctx, &posted, &made).await?;
    }
    Ok(())
}

/// A chord's notes, its voicing on a staff, and how it sounds.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn chord(
    ctx: Context<'_>,
    #[description = "A chord symbol, e.g. Cmaj7, F#m7b5, Bb13, Ab/C"]
    #[autocomplete = "complete_chord"]
    #[max_length = 40]
    name: String,
) -> Result<(), Error> {
    let _work = ctx.data().guard.work();
    let (symbol, notes) = match ops::chord_tones(&name) {
        Ok(read) => read,
        Err(e) => {
            ctx.send(notice(format!("I don't know that chord: {e}")))
                .await?;
            return Ok(());
        }
    };
    let Some(ticket) = admit(ctx).await? else {
        return Ok(());
    };
    ctx.defer().await?;
    let title = symbol.clone();
    let limit = upload_limit(ctx);
    send_sheet(ctx, &ticket, &title, &notes, move || {
        media::chord_media(&symbol, limit)
    })
    .await
}

/// Renders a chord or scale (off the async threads, within a render slot) and sends its
/// name, notes, staff and sound.
async fn send_sheet(
    ctx: Context<'_>,
    ticket: &Ticket,
    title: &str,
    notes: &[String],
    render: impl FnOnce() -> Result<Media, media::RenderError> + Send + 'static,
) -> Result<(), Error> {
    let media = {
        let _slot = ticket.render_slot().await?;
        tokio::task::spawn_blocking(render).await??
    };
    let stem = kit::slug(title);
    let embed = CreateEmbed::new()
        .title(escape_markdown(title))
        .description(format!("**Notes:** {}", notes.join(" ")))
        .image(format!("attachment://{stem}.png"));
    let mut reply = CreateReply::default()
        .embed(embed)
        .allowed_mentions(no_mentions());
    for file in attachments(media, &stem) {
        reply = reply.attachment(file);
    }
    send(ctx, reply).await.map(drop)
}

/// A scale's notes on a staff, and how it sounds.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn scale(
    ctx: Context<'_>,
    #[description = "A scale, e.g. D dorian, Bb blues, E minor pentatonic"]
    #[autocomplete = "complete_scale"]
    #[max_length = 60]
    name: String,
) -> Result<(), Error> {
    let _work = ctx.data().guard.work();
    let scale = match ops::scale(&name) {
        Ok(s) => s,
        Err(e) => {
            ctx.send(notice(format!("I don't know that scale: {e}")))
                .await?;
            return Ok(());
        }
    };
    let Some(ticket) = admit(ctx).await? else {
        return Ok(());
    };
    ctx.defer().await?;
    let (title, notes) = (scale.name.clone(), scale.notes.clone());
    let limit = upload_limit(ctx);
    send_sheet(ctx, &ticket, &title, &notes, move || {
        media::scale_media(&scale, limit)
    })
    .await
}

/// How to use JamSesh.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    ctx.send(notice(HELP)).await?;
    Ok(())
}

const HELP: &str = "**JamSesh** makes something to jam on, right now.\n\
`/jam prompt: slow funk in Bb` — chords, scales, a melody on a staff, MIDI and audio. \
Say a style (blues, bossa, funk, jig…), a key, a tempo (`slow`, `120 bpm`), a meter (`6/8`), \
a length (`12 bars`) or an instrument; the options win over the prompt.\n\
Options: `style` and `key` (any mode: `D dorian`) suggest as you type; `thread: True` keeps \
the jam's takes together in a thread.\n\
Buttons: **New melody** and **Steer melody…** (\"more syncopated\", \"higher\", \"sparser\") \
keep the chords; **New progression** changes them; **Harmony** adds a second voice; \
**Up ½ / Down ½** transpose in place; **Play-along** posts the band (drums, bass, comping) \
for you to play over, with slower and faster takes. **My instrument…** shows you alone the \
chart for a B♭, E♭ or F instrument, in bass clef, or as chord names.\n\
`/chord Cmaj7` and `/scale D dorian` show notes, a staff and the sound.";

#[cfg(test)]
mod tests {
    use super::*;

    /// poise takes the options' bounds as literals: they must be the front door's.
    #[test]
    fn the_jam_options_hold_the_front_doors_limits() {
        let registered = serde_json::to_value(jam().create_as_slash_command().unwrap()).unwrap();
        let option = |name: &str| {
            registered["options"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["name"] == name)
                .unwrap()
                .clone()
        };
        assert_eq!(option("prompt")["max_length"], ops::MAX_PROMPT_CHARS);
        for (name, range) in [("tempo", ops::TEMPO), ("bars", ops::BARS)] {
            let bounds = (
                option(name)["min_value"].as_f64(),
                option(name)["max_value"].as_f64(),
            );
            let expected = (f64::from(*range.start()), f64::from(*range.end()));
            assert_eq!(bounds, (Some(expected.0), Some(expected.1)), "{name}");
        }
        let choices: Vec<String> = option("backend")["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(choices, Backend::ALL.map(|b| b.name().to_string()));
        let name_length = |command: poise::Command<crate::Data, Error>| {
            let registered = serde_json::to_value(command.create_as_slash_command()).unwrap();
            registered["options"][0]["max_length"].as_u64().unwrap() as usize
        };
        assert_eq!(name_length(chord()), ops::MAX_CHORD_SYMBOL_BYTES);
        assert_eq!(name_length(scale()), ops::MAX_SCALE_NAME_CHARS);
    }
}
