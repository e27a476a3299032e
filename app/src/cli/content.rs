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
    /// Change an intended effect; fields not given stay as they are.
    Edit {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The effect id or a unique prefix.
        effect: String,
        /// The new text.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        text: Option<String>,
        /// How we notice it.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        indicator: Option<String>,
        /// The target.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        target: Option<String>,
    },
    /// Remove an intended effect (the history keeps it).
    Remove {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The effect id or a unique prefix.
        effect: String,
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
    match command {
        EffectCommand::Add {
            alliance,
            text,
            indicator,
            target,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let effect = NewEffect {
                text,
                indicator,
                target,
            };
            let id = alliance.add_effect(&author, &effect)?;
            output::save(workspace, &mut alliance)?;
            println!("Added effect: {id}");
        }
        EffectCommand::Edit {
            alliance,
            effect,
            text,
            indicator,
            target,
        } => {
            if text.is_none() && indicator.is_none() && target.is_none() {
                anyhow::bail!("nothing to change: give --text, --indicator or --target");
            }
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let view = alliance.view();
            let candidates: Vec<(String, Option<String>)> = view
                .ambition
                .effects
                .iter()
                .map(|e| (e.id.clone(), None))
                .collect();
            let id = crate::model::ids::resolve("effect", &effect, &candidates)?;
            let Some(current) = view.ambition.effects.iter().find(|e| e.id == id) else {
                anyhow::bail!("no effect matches {effect:?}");
            };
            let edited = NewEffect {
                text: text.unwrap_or_else(|| current.text.clone()),
                indicator: indicator.unwrap_or_else(|| current.indicator.clone()),
                target: target.unwrap_or_else(|| current.target.clone()),
            };
            alliance.edit_effect(&author, &id, &edited)?;
            output::save(workspace, &mut alliance)?;
            println!("Saved effect {id}");
        }
        EffectCommand::Remove { alliance, effect } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.remove_effect(&author, &effect)?;
            output::save(workspace, &mut alliance)?;
            println!("Removed effect {effect}");
        }
    }
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
