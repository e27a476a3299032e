//! `ambition`, `effect` and `interest` commands.

use anyhow::Result;
use clap::Subcommand;

use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::{InterestEdit, InterestStatus, NewEffect};

#[derive(Debug, Subcommand)]
pub(super) enum AmbitionCommand {
    /// Replace the shared ambition text (merged as a text edit, so others'
    /// concurrent edits elsewhere in the text are kept).
    Set {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The ambition.
        #[arg(long, value_name = "TEXT")]
        text: String,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum EffectCommand {
    /// Add an intended societal effect; prints the new effect id.
    Add {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The intended effect.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        text: String,
        /// How we notice it.
        #[arg(
            long,
            value_name = "TEXT",
            default_value = "",
            allow_hyphen_values = true
        )]
        indicator: String,
        /// The target (may start with a minus: "-20% in 2027").
        #[arg(
            long,
            value_name = "TEXT",
            default_value = "",
            allow_hyphen_values = true
        )]
        target: String,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum InterestCommand {
    /// Put one of your organisation's interests on the table; prints its id.
    Add {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The interest.
        #[arg(long, value_name = "TEXT")]
        text: String,
        /// Mark it as an obstacle: it conflicts with the shared ambition.
        #[arg(long)]
        obstacle: bool,
    },
    /// Change one of your own interests.
    Edit {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Interest id or unique prefix.
        interest: String,
        /// The new text.
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
        /// Whether it is an obstacle (true or false).
        #[arg(long, value_name = "BOOL")]
        obstacle: Option<bool>,
        /// open, being-addressed or resolved.
        #[arg(long, value_name = "STATUS")]
        status: Option<InterestStatus>,
    },
    /// Respond to another partner's interest; prints the response id.
    Respond {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Interest id or unique prefix.
        interest: String,
        /// The response.
        #[arg(long, value_name = "TEXT")]
        text: String,
    },
    /// List the interests on the table.
    List {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

pub(super) fn run_ambition(workspace: &mut Workspace, command: AmbitionCommand) -> Result<()> {
    let AmbitionCommand::Set { alliance, text } = command;
    let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
    alliance.set_ambition(&author, &text)?;
    output::save(workspace, &mut alliance)?;
    println!("Saved the shared ambition of {}", alliance.name());
    Ok(())
}

pub(super) fn run_effect(workspace: &mut Workspace, command: EffectCommand) -> Result<()> {
    let EffectCommand::Add {
        alliance,
        text,
        indicator,
        target,
    } = command;
    let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
    let id = alliance.add_effect(
        &author,
        &NewEffect {
            text,
            indicator,
            target,
        },
    )?;
    output::save(workspace, &mut alliance)?;
    println!("Added effect: {id}");
    Ok(())
}

pub(super) fn run_interest(workspace: &mut Workspace, command: InterestCommand) -> Result<()> {
    match command {
        InterestCommand::Add {
            alliance,
            text,
            obstacle,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.add_interest(&author, &text, obstacle)?;
            output::save(workspace, &mut alliance)?;
            println!("Added interest: {id}");
        }
        InterestCommand::Edit {
            alliance,
            interest,
            text,
            obstacle,
            status,
        } => {
            if text.is_none() && obstacle.is_none() && status.is_none() {
                anyhow::bail!("nothing to change: give --text, --obstacle and/or --status");
            }
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.edit_interest(
                &author,
                &interest,
                &InterestEdit {
                    text,
                    obstacle,
                    status,
                },
            )?;
            output::save(workspace, &mut alliance)?;
            println!("Saved interest {interest}");
        }
        InterestCommand::Respond {
            alliance,
            interest,
            text,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.respond_to_interest(&author, &interest, &text)?;
            output::save(workspace, &mut alliance)?;
            println!("Added response: {id}");
        }
        InterestCommand::List { alliance, json } => {
            let view = output::find(workspace, &alliance)?.view();
            if json.json {
                return print_json(&view.interests);
            }
            let names = super::alliance::partner_names(&view);
            for i in &view.interests {
                let owner = names
                    .get(&i.partner)
                    .map_or(i.partner.as_str(), String::as_str);
                let obstacle = if i.obstacle { " [obstacle]" } else { "" };
                println!("{}  {owner}: {} ({}){obstacle}", i.id, i.text, i.status);
                for r in &i.responses {
                    let who = names
                        .get(&r.partner)
                        .map_or(r.partner.as_str(), String::as_str);
                    println!("    {who}: {}", r.text);
                }
            }
        }
    }
    Ok(())
}
