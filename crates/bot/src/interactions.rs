//! Buttons and the steer dialog. Each press reads the jam back from the message it sits on
//! (no state in memory, so presses work after restarts and on any process), runs one jam
//! operation with the interaction's id as the seed, and answers: transposing edits the message
//! in place, everything else posts a new message so the band can compare takes.

use crate::commands::{no_mentions, render_jam, JamMessage};
use crate::kit::{self, Action};
use crate::Data;
use jamsesh_core::harmony::{harmony, HarmonyKind};
use jamsesh_core::{jam, Jam};
use poise::serenity_prelude as serenity;
use serenity::{
    ActionRowComponent, ComponentInteraction, Context, CreateActionRow, CreateInputText,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateModal, EditAttachments, EditInteractionResponse, InputTextStyle, Interaction, Message,
    ModalInteraction,
};

/// Longest steering text.
const MAX_STEER: usize = 100;

/// Handles a component or modal interaction; other interactions are left to poise.
pub async fn handle(ctx: &Context, data: &Data, interaction: &Interaction) {
    let result = match interaction {
        Interaction::Component(ci) => component(ctx, data, ci).await,
        Interaction::Modal(mi) => modal(ctx, data, mi).await,
        _ => return,
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, "interaction failed");
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

/// The jam a message holds.
fn jam_of(message: &Message) -> Result<Jam, String> {
    let embed = message
        .embeds
        .first()
        .ok_or("this message has no jam on it; run /jam again")?;
    kit::jam_from_embed(embed).map_err(|e| e.to_string())
}

/// Runs an operation on a jam.
fn apply(jam: &Jam, action: Action, seed: u64, steer: &str) -> Result<Jam, String> {
    let result = match action {
        Action::NewMelody | Action::SteerSubmit => jam::new_melody(jam, seed, steer),
        Action::NewProgression => jam::new_progression(jam, seed),
        Action::Harmony => {
            if jam.example.contains("V:2") {
                return Err("this jam already has a second voice".into());
            }
            harmony(jam, HarmonyKind::ThirdAbove)
        }
        Action::TransposeUp => jam::transpose(jam, 1),
        Action::TransposeDown => jam::transpose(jam, -1),
        Action::Steer => return Err("the steer button opens a dialog".into()),
    };
    result.map_err(|e| format!("I could not do that with this jam: {e}"))
}

async fn component(ctx: &Context, data: &Data, ci: &ComponentInteraction) -> serenity::Result<()> {
    let action = match Action::parse(&ci.data.custom_id) {
        Ok(a) => a,
        Err(e) => {
            return ci
                .create_response(&ctx.http, ephemeral(format!("Sorry, {e}. Run /jam again.")))
                .await;
        }
    };
    if let Err(busy) = data.guard.check(ci.user.id.get()) {
        return ci
            .create_response(&ctx.http, ephemeral(busy.to_string()))
            .await;
    }
    let jam = match jam_of(&ci.message) {
        Ok(j) => j,
        Err(e) => return ci.create_response(&ctx.http, ephemeral(e)).await,
    };
    if action == Action::Steer {
        let input = CreateInputText::new(
            InputTextStyle::Short,
            "How should the melody change?",
            "steer",
        )
        .placeholder("more syncopated, higher, sparser, bluesy…")
        .max_length(MAX_STEER as u16)
        .required(true);
        let modal = CreateModal::new(Action::SteerSubmit.custom_id(), "Steer the melody")
            .components(vec![CreateActionRow::InputText(input)]);
        return ci
            .create_response(&ctx.http, CreateInteractionResponse::Modal(modal))
            .await;
    }
    let in_place = action.edits_in_place();
    // Within Discord's three seconds: a new message is "thinking…", an edit is silent.
    let deferral = if in_place {
        CreateInteractionResponse::Acknowledge
    } else {
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new())
    };
    ci.create_response(&ctx.http, deferral).await?;
    let message = match make(data, &jam, action, ci.id.get(), "").await {
        Ok(m) => m,
        Err(e) => {
            return ci
                .create_followup(&ctx.http, ephemeral_followup(e))
                .await
                .map(drop)
        }
    };
    if in_place {
        let files = message
            .files
            .into_iter()
            .fold(EditAttachments::new(), EditAttachments::add);
        let edit = EditInteractionResponse::new()
            .embed(message.embed)
            .components(kit::buttons())
            .attachments(files)
            .allowed_mentions(no_mentions());
        ci.edit_response(&ctx.http, edit).await.map(drop)
    } else {
        let note = matches!(action, Action::Harmony)
            .then(|| "With a harmony voice a third above (V:2).".to_string());
        ci.create_followup(&ctx.http, followup(message, note))
            .await
            .map(drop)
    }
}

/// Runs the operation and renders the new jam as a message.
async fn make(
    data: &Data,
    jam: &Jam,
    action: Action,
    seed: u64,
    steer: &str,
) -> Result<JamMessage, String> {
    let made = apply(jam, action, seed, steer)?;
    let media = render_jam(data, &made).await?;
    JamMessage::new(&made, media).map_err(|e| e.to_string())
}

/// A new message under the old one, with the buttons.
fn followup(message: JamMessage, note: Option<String>) -> CreateInteractionResponseFollowup {
    let mut f = CreateInteractionResponseFollowup::new()
        .components(kit::buttons())
        .add_files(message.files)
        .embed(message.embed)
        .allowed_mentions(no_mentions());
    if let Some(note) = note {
        f = f.content(note);
    }
    f
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
        .chars()
        .take(MAX_STEER)
        .collect()
}

async fn modal(ctx: &Context, data: &Data, mi: &ModalInteraction) -> serenity::Result<()> {
    if Action::parse(&mi.data.custom_id) != Ok(Action::SteerSubmit) {
        return mi
            .create_response(
                &ctx.http,
                ephemeral("Sorry, that dialog is not one of mine."),
            )
            .await;
    }
    let Some(message) = &mi.message else {
        return mi
            .create_response(
                &ctx.http,
                ephemeral("I can't see the jam this dialog was for."),
            )
            .await;
    };
    let jam = match jam_of(message) {
        Ok(j) => j,
        Err(e) => return mi.create_response(&ctx.http, ephemeral(e)).await,
    };
    let steer = steer_text(mi);
    mi.create_response(
        &ctx.http,
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new()),
    )
    .await?;
    let reply = match make(data, &jam, Action::SteerSubmit, mi.id.get(), &steer).await {
        Ok(message) => followup(
            message,
            Some(format!("Steered: “{}”", kit::escape_markdown(&steer))),
        ),
        Err(e) => ephemeral_followup(e),
    };
    mi.create_followup(&ctx.http, reply).await.map(drop)
}
