//! Buttons, the steer dialog and the instrument menu. Each press reads the jam back from the
//! message it sits on (no state in memory, so presses work after restarts and on any
//! process), runs one jam operation with the interaction's id as the seed, and answers:
//! transposing edits the message in place; a take or a play-along is a new message so the
//! band can compare (in the jam's thread when it has one); a player's own part is shown to
//! that player alone.
//!
//! Everything that can be refused is checked before the interaction is acknowledged (the
//! button's id, the cooldown and the queue, the jam on the message, the operation itself), and
//! refused with an ephemeral answer. What is left is acknowledged as a *deferred update*
//! (type 6), never a public deferral: after a public deferral Discord shows the first
//! follow-up to everyone whatever its flags, so a late failure would be announced to the
//! channel. After type 6 the take is posted as a new follow-up and a failure stays private.

use crate::commands::{no_mentions, render_jam, JamMessage};
use crate::guard::Ticket;
use crate::kit::{self, Action};
use crate::media::{self, Backing, BackingPlan, Bound, Media};
use crate::part::{self, Part};
use crate::reply::with_retry;
use crate::Data;
use jamsesh_ops::{self as ops, Backend, HarmonyKind, Jam, Model};
use poise::serenity_prelude as serenity;
use serenity::builder::Builder as _;
use serenity::{
    ActionRowComponent, ChannelId, ComponentInteraction, ComponentInteractionDataKind, Context,
    CreateActionRow, CreateAttachment, CreateEmbed, CreateInputText, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    CreateModal, EditAttachments, EditInteractionResponse, Http, InputTextStyle, Interaction,
    Message, MessageFlags, MessageId, ModalInteraction,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What a user sees when their press could not be answered as asked.
const FAILED: &str = "Something went wrong making that take; please press again.";
/// Messages whose latest version is remembered before old entries are dropped.
const EDITS_KEPT: usize = 1000;

/// The latest jam of each message transposed in place by this process, each behind its own
/// lock: two presses of Up ½ at once both carry the message as it was before either, so the
/// second must start from the first one's result, not from its own copy. (Interactions of a
/// guild all reach the shard, hence the process, that owns the guild.)
#[derive(Clone, Debug, Default)]
pub struct Edits(Arc<Mutex<HashMap<MessageId, Latest>>>);

/// The latest version of one message, locked while a press works on it.
type Latest = Arc<tokio::sync::Mutex<Option<Jam>>>;

impl Edits {
    /// The lock holding the latest version of `message`.
    fn entry(&self, message: MessageId) -> Latest {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= EDITS_KEPT {
            // Drop the versions nobody is working on; messages edited long ago are read from
            // their embed again, which by then holds the latest version.
            map.retain(|_, lock| Arc::strong_count(lock) > 1);
        }
        map.entry(message).or_default().clone()
    }
}

/// Handles a component or modal interaction; other interactions are left to poise. A failure
/// after the acknowledgement is answered with an ephemeral note.
pub async fn handle(ctx: &Context, data: &Data, interaction: &Interaction) {
    let result = match interaction {
        Interaction::Component(ci) => component(ctx, data, ci).await,
        Interaction::Modal(mi) => modal(ctx, data, mi).await,
        _ => return,
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, "interaction failed");
        answer_failure(&ctx.http, interaction).await;
    }
}

/// Tells the user their press failed: as the interaction's answer if it has none yet,
/// otherwise as an ephemeral follow-up (private, since presses are never deferred publicly).
pub async fn answer_failure(http: &Http, interaction: &Interaction) {
    let (id, token) = match interaction {
        Interaction::Component(ci) => (ci.id, ci.token.as_str()),
        Interaction::Modal(mi) => (mi.id, mi.token.as_str()),
        _ => return,
    };
    let answered = ephemeral(FAILED).execute(http, (id, token)).await.is_ok();
    if !answered {
        let sent = with_retry("failure note", || {
            ephemeral_followup(FAILED).execute(http, (None, token))
        })
        .await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "could not tell the user their press failed");
        }
    }
}

/// An ephemeral message answering an interaction.
fn ephemeral(text: impl Into<String>) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(text)
            .ephemeral(true)
            .allowed_mentions(no_mentions()),
    )
}

/// An ephemeral follow-up after a deferral.
fn ephemeral_followup(text: impl Into<String>) -> CreateInteractionResponseFollowup {
    CreateInteractionResponseFollowup::new()
        .content(text)
        .ephemeral(true)
        .allowed_mentions(no_mentions())
}

/// Largest `.abc` file read back from a message.
const MAX_ABC_FILE: u32 = 256 * 1024;
/// How long reading it back may take, inside Discord's three seconds.
const ABC_FETCH: std::time::Duration = std::time::Duration::from_millis(2000);

/// The jam a message holds: from its embed, and for the short layout (a jam too big for
/// one embed) its example from the message's `.abc` file.
async fn jam_of(data: &Data, message: &Message) -> Result<Jam, String> {
    let embed = message
        .embeds
        .first()
        .ok_or("this message has no jam on it; run /jam again")?;
    let attached = match kit::attached_example(embed) {
        None => None,
        Some(name) => Some(fetch_abc(data, message, &name).await?),
    };
    let jam = kit::jam_from_message(embed, attached.as_deref()).map_err(|e| e.to_string())?;
    // Within the sizes every door holds a jam to, before any operation reads it.
    ops::cost::check_jam(&jam).map_err(|e| format!("I could not read this jam: {e}"))?;
    Ok(jam)
}

/// Downloads the message's example file, only from Discord's CDN (or the configured API
/// base, which is where a proxy or the tests serve it) and only when small.
async fn fetch_abc(data: &Data, message: &Message, name: &str) -> Result<String, String> {
    let unreadable = "I could not read this jam's example back; run /jam again";
    let file = message
        .attachments
        .iter()
        .find(|a| a.filename == name)
        .ok_or(unreadable)?;
    let trusted = [
        "https://cdn.discordapp.com/",
        "https://media.discordapp.net/",
    ]
    .iter()
    .any(|p| file.url.starts_with(p))
        || data.api_url.as_deref().is_some_and(|base| {
            file.url
                .starts_with(&format!("{}/", base.trim_end_matches('/')))
        });
    if !trusted || file.size > MAX_ABC_FILE {
        return Err(unreadable.into());
    }
    let bytes = tokio::time::timeout(ABC_FETCH, file.download())
        .await
        .map_err(|_| unreadable)?
        .map_err(|_| unreadable)?;
    String::from_utf8(bytes).map_err(|_| unreadable.into())
}

/// Runs an operation on a jam, through the front door.
fn apply(jam: &Jam, action: Action, seed: u64, steer: &str) -> Result<Jam, String> {
    let result = match action {
        Action::NewMelody | Action::SteerSubmit => ops::new_melody(jam, seed, steer),
        Action::NewProgression => ops::new_progression(jam, seed),
        Action::Harmony => ops::harmony_with(jam, HarmonyKind::ThirdAbove),
        Action::TransposeUp => ops::transpose(jam, 1),
        Action::TransposeDown => ops::transpose(jam, -1),
        Action::Steer | Action::PlayAlong(_) | Action::Part => {
            return Err("that is not a take of the jam".into())
        }
    };
    result.map_err(|e| format!("I could not do that with this jam: {e}"))
}

/// Says what a steering text did: the words used, and those that steer nothing.
fn steer_note(text: &str, by_llm: bool) -> String {
    let unknown = ops::not_understood(text);
    let mut used: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty() && !unknown.contains(&w.to_ascii_lowercase()))
        .collect();
    while used
        .last()
        .is_some_and(|w| FILLER.contains(&w.to_ascii_lowercase().as_str()))
    {
        used.pop();
    }
    while used
        .first()
        .is_some_and(|w| FILLER.contains(&w.to_ascii_lowercase().as_str()))
    {
        used.remove(0);
    }
    if by_llm {
        return format!(
            "Steered by the model with “{}”.",
            crate::markdown::escape_markdown(text)
        );
    }
    let mut note = format!(
        "Steered by “{}”",
        crate::markdown::escape_markdown(&used.join(" "))
    );
    if !unknown.is_empty() {
        note.push_str(&format!(
            "; not understood: {}",
            crate::markdown::escape_markdown(&unknown.join(", "))
        ));
    }
    note.push('.');
    note
}

/// How a steered take is made.
enum Plan<'a> {
    /// By the engine, already.
    Ready(Box<Jam>),
    /// By the model, from the free text.
    Ask(Model<'a>),
}

/// Little words that steer nothing alone, trimmed from the ends of the words used.
const FILLER: &[&str] = &[
    "a", "an", "and", "the", "with", "please", "but", "it", "make",
];

/// The steering words a melody can follow, for a refusal.
const STEER_HELP: &str =
    "try “more syncopated”, “straighter”, “higher”, “lower”, “sparser”, “busier” or “bluesy”";

async fn component(ctx: &Context, data: &Data, ci: &ComponentInteraction) -> serenity::Result<()> {
    let refuse = |text: String| async move { ci.create_response(&ctx.http, ephemeral(text)).await };
    let action = match Action::parse(&ci.data.custom_id) {
        Ok(a) => a,
        Err(e) => return refuse(format!("Sorry, {e}. Run /jam again.")).await,
    };
    let jam = match jam_of(data, &ci.message).await {
        Ok(j) => j,
        Err(e) => return refuse(e).await,
    };
    if action == Action::Steer {
        let input = CreateInputText::new(
            InputTextStyle::Short,
            "How should the melody change?",
            "steer",
        )
        .placeholder("more syncopated, higher, sparser, bluesy…")
        .max_length(jamsesh_ops::MAX_PROMPT_CHARS as u16)
        .required(true);
        let modal = CreateModal::new(Action::SteerSubmit.custom_id(), "Steer the melody")
            .components(vec![CreateActionRow::InputText(input)]);
        return ci
            .create_response(&ctx.http, CreateInteractionResponse::Modal(modal))
            .await;
    }
    if action == Action::Part {
        return my_part(ctx, data, ci, &jam).await;
    }
    let ticket = match data.guard.admit(ci.user.id.get()) {
        Ok(t) => t,
        Err(busy) => return refuse(busy.to_string()).await,
    };
    let limit = u64::from(ci.attachment_size_limit);
    if let Action::PlayAlong(tempo) = action {
        return play_along(ctx, data, ci, &jam, tempo, ticket).await;
    }
    if action.edits_in_place() {
        // Acknowledged silently; the message itself changes.
        ci.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
            .await?;
        return transpose(ctx, data, ci, &jam, action, ticket, limit).await;
    }
    // The operation is cheap: run it now, so a refusal is still a private answer.
    let made = match apply(&jam, action, ci.id.get(), "") {
        Ok(m) => m,
        Err(e) => return refuse(e).await,
    };
    ci.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let note = matches!(action, Action::Harmony)
        .then(|| "With a harmony voice a third above (V:2).".to_string());
    let to = Destination::of(&ci.message, &ci.token);
    post_take(&ctx.http, to, &ticket, &made, note, limit).await
}

/// Where a new message under a pressed one goes: a follow-up of the press, or — when the
/// pressed message started a thread (`/jam thread:`) — that thread, so takes stay together.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Destination<'a> {
    /// A follow-up with the interaction's token.
    Followup(&'a str),
    /// The thread the pressed message started (its id is the message's), with the token for
    /// saying so, or for posting here when the thread cannot be reached.
    Thread(ChannelId, &'a str),
}

impl<'a> Destination<'a> {
    /// Where messages made from a press on `message` go.
    fn of(message: &Message, token: &'a str) -> Destination<'a> {
        let started = message.thread.is_some()
            || message
                .flags
                .is_some_and(|f| f.contains(MessageFlags::HAS_THREAD));
        if started {
            Destination::Thread(ChannelId::new(message.id.get()), token)
        } else {
            Destination::Followup(token)
        }
    }

    fn token(self) -> &'a str {
        match self {
            Destination::Followup(t) | Destination::Thread(_, t) => t,
        }
    }
}

/// A new message: a take, or a play-along.
#[derive(Clone)]
struct Outgoing {
    content: Option<String>,
    embed: CreateEmbed,
    files: Vec<CreateAttachment>,
    components: Vec<CreateActionRow>,
}

impl Outgoing {
    /// A jam message with its components and the notes to say above it.
    fn new(message: JamMessage, notes: Vec<String>, components: Vec<CreateActionRow>) -> Self {
        let notes: Vec<String> = notes.into_iter().chain(message.note).collect();
        Outgoing {
            content: (!notes.is_empty()).then(|| notes.join("\n")),
            embed: message.embed,
            files: message.files,
            components,
        }
    }

    fn followup(&self) -> CreateInteractionResponseFollowup {
        let mut f = CreateInteractionResponseFollowup::new()
            .components(self.components.clone())
            .add_files(self.files.clone())
            .embed(self.embed.clone())
            .allowed_mentions(no_mentions());
        if let Some(text) = &self.content {
            f = f.content(text.clone());
        }
        f
    }

    fn message(&self) -> CreateMessage {
        let mut m = CreateMessage::new()
            .components(self.components.clone())
            .add_files(self.files.clone())
            .embed(self.embed.clone())
            .allowed_mentions(no_mentions());
        if let Some(text) = &self.content {
            m = m.content(text.clone());
        }
        m
    }
}

/// Posts a new message where it belongs (each request retried once). A thread that cannot be
/// posted in (no permission, deleted) gets the message here instead, with a private word why.
async fn post(http: &Http, to: Destination<'_>, message: Outgoing) -> serenity::Result<()> {
    let token = to.token();
    if let Destination::Thread(thread, _) = to {
        // Plain `Http`, not the cache: the thread's permissions are Discord's to check.
        match with_retry("thread post", || {
            message.message().execute(http, (thread, None))
        })
        .await
        {
            Ok(_) => {
                let note = format!("Posted in this jam's thread: <#{thread}>.");
                let _ = ephemeral_followup(note).execute(http, (None, token)).await;
                return Ok(());
            }
            Err(e) => {
                tracing::warn!(error = %e, %thread, "could not post in the jam's thread");
                let note = format!(
                    "I could not post in this jam's thread ({}), so it is here.",
                    crate::commands::refusal_reason(&e)
                );
                let _ = ephemeral_followup(note).execute(http, (None, token)).await;
            }
        }
    }
    with_retry("take", || message.followup().execute(http, (None, token)))
        .await
        .map(drop)
}

/// Renders a take and posts it as a new message under the pressed one; a failure is told to
/// the presser alone.
async fn post_take(
    http: &Http,
    to: Destination<'_>,
    ticket: &Ticket,
    made: &Jam,
    note: Option<String>,
    limit: u64,
) -> serenity::Result<()> {
    let message = match render_jam(ticket, made, limit).await {
        Ok(media) => JamMessage::new(made, media),
        Err(e) => {
            return ephemeral_followup(e)
                .execute(http, (None, to.token()))
                .await
                .map(drop)
        }
    };
    post(
        http,
        to,
        Outgoing::new(message, note.into_iter().collect(), kit::buttons()),
    )
    .await
}

/// `m:ss`.
fn clock(seconds: f32) -> String {
    let s = seconds.round() as u32;
    format!("{}:{:02}", s / 60, s % 60)
}

/// What a play-along holds and why no more choruses, for the message above it.
fn play_along_note(jam: &Jam, plan: &BackingPlan, backing: &Backing, limit: u64) -> String {
    let n = plan.choruses;
    let choruses = if n == 1 {
        "1 chorus".to_string()
    } else {
        format!("{n} choruses")
    };
    let style = ops::style_name(&jam.style_id).unwrap_or("the style");
    let mut text = format!(
        "**Play-along** at {} bpm: {choruses} of the {}-bar form, a bar of count-in and an ending ({}) — drums, bass and comping, {style}; the melody is yours.",
        plan.tempo,
        jam.bars,
        clock(backing.seconds)
    );
    text.push_str(&match plan.bound {
        Bound::Band => format!(" {choruses}: the most the band plays."),
        Bound::Length => format!(
            " {choruses}: as many as fit in {}, the longest track I render.",
            clock(media::MAX_BACKING_SECONDS)
        ),
        Bound::Upload => format!(
            " {choruses}: as many as fit Discord's {} MiB upload limit here.",
            limit / (1024 * 1024)
        ),
    });
    if backing.bitrate < ops::audio::DEFAULT_BITRATE {
        text.push_str(&format!(
            " The audio is at {} kbit/s to fit the upload limit.",
            backing.bitrate / 1000
        ));
    }
    if plan.seconds > media::MAX_BACKING_SECONDS {
        text.push_str(&format!(
            " The track stops at {}.",
            clock(media::MAX_BACKING_SECONDS)
        ));
    }
    text
}

/// The band's backing track for the pressed jam, at the jam's tempo or the one asked for:
/// planned before acknowledging (so a refusal is private), rendered in a render slot, and
/// posted with buttons for a slower and a faster one.
async fn play_along(
    ctx: &Context,
    data: &Data,
    ci: &ComponentInteraction,
    jam: &Jam,
    tempo: Option<u32>,
    ticket: Ticket,
) -> serenity::Result<()> {
    let limit = u64::from(ci.attachment_size_limit);
    let tempo = tempo.unwrap_or(jam.tempo);
    let plan = match media::plan_backing(jam, tempo, limit) {
        Ok(p) => p,
        Err(e) => return ci.create_response(&ctx.http, ephemeral(e)).await,
    };
    ci.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let to = Destination::of(&ci.message, &ci.token);
    // Seconds of audio take seconds to render: say what is coming, privately.
    let coming = format!(
        "Rendering the play-along at {tempo} bpm ({} choruses, {})…",
        plan.choruses,
        clock(plan.seconds.min(media::MAX_BACKING_SECONDS))
    );
    let _ = ephemeral_followup(coming)
        .execute(&ctx.http, (None, to.token()))
        .await;
    let rendered = async {
        let _slot = ticket.render_slot().await.map_err(|e| e.to_string())?;
        let (jam, sound) = (jam.clone(), data.sound.clone());
        tokio::task::spawn_blocking(move || media::render_backing(&jam, &plan, limit, sound.font()))
            .await
            .map_err(|e| format!("rendering stopped: {e}"))?
            .map_err(|e| e.to_string())
    };
    let backing = match rendered.await {
        Ok(b) => b,
        Err(e) => {
            return ephemeral_followup(e)
                .execute(&ctx.http, (None, to.token()))
                .await
                .map(drop)
        }
    };
    let note = play_along_note(jam, &plan, &backing, limit);
    let stem = format!("{}-play-along-{tempo}bpm", kit::file_stem(jam));
    let media = Media {
        png: backing.png,
        midi: backing.midi,
        audio: Some(backing.ogg),
        note: None,
    };
    let message = JamMessage::with_stem(jam, media, &stem);
    post(
        &ctx.http,
        to,
        Outgoing::new(message, vec![note], kit::play_along_buttons(tempo)),
    )
    .await
}

/// "My instrument…": the jam written for the chosen instrument, to the presser alone; the
/// shared message is not touched. Chord names answer at once; a part on a staff is deferred
/// ephemerally (so its follow-up is private too) while its staff is drawn.
async fn my_part(
    ctx: &Context,
    data: &Data,
    ci: &ComponentInteraction,
    jam: &Jam,
) -> serenity::Result<()> {
    let refuse = |text: String| async move { ci.create_response(&ctx.http, ephemeral(text)).await };
    let chosen = match &ci.data.kind {
        ComponentInteractionDataKind::StringSelect { values } => {
            values.first().and_then(|v| Part::parse(v))
        }
        _ => None,
    };
    let Some(chosen) = chosen else {
        return refuse("Sorry, that is not one of the instruments I know. Run /jam again.".into())
            .await;
    };
    let chart = match part::chart(jam, chosen) {
        Ok(c) => c,
        Err(e) => return refuse(e).await,
    };
    let heading = format!("{} — {}", jam.title, chosen.label());
    if !chart.staff {
        let embed = CreateEmbed::new()
            .title(kit::title_text(&heading))
            .description(kit::clip_description(&format!(
                "{}\n{}",
                kit::progression_block(&chart.jam.chords),
                chart.detail
            )))
            .colour(kit::COLOUR);
        let answer = CreateInteractionResponseMessage::new()
            .content(chart.intro)
            .embed(embed)
            .ephemeral(true)
            .allowed_mentions(no_mentions());
        return ci
            .create_response(&ctx.http, CreateInteractionResponse::Message(answer))
            .await;
    }
    let ticket = match data.guard.admit(ci.user.id.get()) {
        Ok(t) => t,
        Err(busy) => return refuse(busy.to_string()).await,
    };
    let defer = CreateInteractionResponseMessage::new().ephemeral(true);
    ci.create_response(&ctx.http, CreateInteractionResponse::Defer(defer))
        .await?;
    let token = ci.token.as_str();
    let png = async {
        let _slot = ticket.render_slot().await.map_err(|e| e.to_string())?;
        let written = chart.jam.clone();
        tokio::task::spawn_blocking(move || media::staff_png(&written))
            .await
            .map_err(|e| format!("rendering stopped: {e}"))?
            .map_err(|e| e.to_string())
    };
    let png = match png.await {
        Ok(p) => p,
        Err(e) => {
            return ephemeral_followup(e)
                .execute(&ctx.http, (None, token))
                .await
                .map(drop)
        }
    };
    let stem = format!("{}-{}", kit::file_stem(jam), chosen.value());
    let layout = kit::layout(&chart.jam, &stem);
    let mut answer = ephemeral_followup(
        [Some(chart.intro), layout.note]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .embed(layout.embed.title(kit::title_text(&heading)))
    .add_file(CreateAttachment::bytes(png, format!("{stem}.png")));
    if let Some(abc) = layout.abc {
        answer = answer.add_file(CreateAttachment::bytes(
            abc.into_bytes(),
            format!("{stem}.abc"),
        ));
    }
    with_retry("part", || answer.clone().execute(&ctx.http, (None, token)))
        .await
        .map(drop)
}

/// Transposes the pressed message in place, one press at a time per message, each starting
/// from the version the previous one left.
async fn transpose(
    ctx: &Context,
    data: &Data,
    ci: &ComponentInteraction,
    shown: &Jam,
    action: Action,
    ticket: Ticket,
    limit: u64,
) -> serenity::Result<()> {
    let entry = data.edits.entry(ci.message.id);
    let mut latest = entry.lock().await;
    let base = latest.clone().unwrap_or_else(|| shown.clone());
    let made = match apply(&base, action, ci.id.get(), "") {
        Ok(m) => m,
        Err(e) => {
            return ephemeral_followup(e)
                .execute(&ctx.http, (None, ci.token.as_str()))
                .await
                .map(drop)
        }
    };
    let message = match render_jam(&ticket, &made, limit).await {
        Ok(media) => JamMessage::new(&made, media),
        Err(e) => {
            return ephemeral_followup(e)
                .execute(&ctx.http, (None, ci.token.as_str()))
                .await
                .map(drop)
        }
    };
    let files = message
        .files
        .into_iter()
        .fold(EditAttachments::new(), EditAttachments::add);
    let edit = EditInteractionResponse::new()
        .embed(message.embed)
        .components(kit::buttons())
        .attachments(files)
        .allowed_mentions(no_mentions());
    with_retry("edit", || ci.edit_response(&ctx.http, edit.clone())).await?;
    *latest = Some(made);
    Ok(())
}

/// The text typed into the steer dialog.
fn steer_text(mi: &ModalInteraction) -> String {
    mi.data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .find_map(|c| match c {
            ActionRowComponent::InputText(t) if t.custom_id == "steer" => t.value.clone(),
            _ => None,
        })
        .unwrap_or_default()
}

async fn modal(ctx: &Context, data: &Data, mi: &ModalInteraction) -> serenity::Result<()> {
    let refuse = |text: String| async move { mi.create_response(&ctx.http, ephemeral(text)).await };
    if Action::parse(&mi.data.custom_id) != Ok(Action::SteerSubmit) {
        return refuse("Sorry, that dialog is not one of mine.".into()).await;
    }
    let Some(message) = &mi.message else {
        return refuse("I can't see the jam this dialog was for.".into()).await;
    };
    let jam = match jam_of(data, message).await {
        Ok(j) => j,
        Err(e) => return refuse(e).await,
    };
    let steer = steer_text(mi);
    if let Err(e) = jamsesh_ops::steering(&steer) {
        return refuse(format!("I could not use that: {e}")).await;
    }
    // With an LLM set up, the model writes steered melodies (`Backend::Llm`).
    let model = Model::for_a_jam(Backend::Llm, data.llm.as_deref()).unwrap_or(None);
    if model.is_none() && ops::steers_nothing(&steer) {
        return refuse(format!(
            "Nothing in “{}” tells me how to change the melody; {STEER_HELP}.",
            crate::markdown::escape_markdown(&steer)
        ))
        .await;
    }
    let ticket = match data.guard.admit(mi.user.id.get()) {
        Ok(t) => t,
        Err(busy) => return refuse(busy.to_string()).await,
    };
    let seed = mi.id.get();
    // Without a model the operation is cheap: run it before acknowledging, so a refusal is
    // still a private answer. With one, the model gets the free text after the acknowledgement.
    let plan = match model {
        None => match apply(&jam, Action::SteerSubmit, seed, &steer) {
            Ok(made) => Plan::Ready(Box::new(made)),
            Err(e) => return refuse(e).await,
        },
        Some(model) => Plan::Ask(model),
    };
    // A dialog opened from a button may be acknowledged as an update of that message.
    mi.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let (made, by_llm) = match plan {
        Plan::Ready(made) => (*made, false),
        Plan::Ask(model) => match model.new_melody(&jam, seed, &steer).await {
            Ok(outcome) => (outcome.jam, outcome.fallback.is_none()),
            Err(e) => {
                return ephemeral_followup(format!("I could not do that with this jam: {e}"))
                    .execute(&ctx.http, (None, mi.token.as_str()))
                    .await
                    .map(drop)
            }
        },
    };
    let note = steer_note(&steer, by_llm);
    let limit = u64::from(mi.attachment_size_limit);
    let to = Destination::of(message, &mi.token);
    post_take(&ctx.http, to, &ticket, &made, Some(note), limit).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steer_note_names_the_words_used_and_the_rest() {
        assert_eq!(
            steer_note("more syncopated and wobbly", false),
            "Steered by “more syncopated”; not understood: wobbly."
        );
        assert_eq!(steer_note("higher", false), "Steered by “higher”.");
    }
}
