//! `intervention` and `milestone`: what partners do to bring the effects
//! about, and its milestones. Delivery only: whether it works, the
//! indicators tell.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};

use super::alliance::partner_names;
use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::monitoring::intervention::InterventionEdit;
use crate::model::monitoring::kinds::InterventionStatus;

#[derive(Debug, Subcommand)]
pub(super) enum InterventionCommand {
    /// Add an intervention; prints its id.
    Add {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        fields: InterventionFields,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Change an intervention; fields not given stay as they are, lists
    /// given replace the old ones.
    Edit {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Intervention id or unique prefix.
        intervention: String,
        #[command(flatten)]
        fields: InterventionFields,
        /// planned, running, finished or stopped (delivery, not effect).
        #[arg(long, value_name = "STATUS")]
        status: Option<InterventionStatus>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List the interventions with their milestones.
    List {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// An intervention's fields on the command line.
#[derive(Debug, Args)]
pub(super) struct InterventionFields {
    /// Its title.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// What is done.
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// An effect it serves (id or unique prefix); repeat for several.
    #[arg(long, value_name = "EFFECT")]
    effect: Vec<String>,
    /// An agreement it carries out (id or unique prefix); repeat for several.
    #[arg(long, value_name = "AGREEMENT")]
    agreement: Vec<String>,
    /// A responsible partner (id, prefix or name); repeat for several.
    #[arg(long, value_name = "PARTNER")]
    partner: Vec<String>,
    /// "We verwachten dat … omdat …".
    #[arg(long, value_name = "TEXT")]
    assumption: Option<String>,
    /// When it starts: 2027-01-01 or 1-1-2027.
    #[arg(long, value_name = "DATE")]
    start: Option<String>,
    /// When it ends.
    #[arg(long, value_name = "DATE")]
    end: Option<String>,
}

impl InterventionFields {
    fn edit(self, status: Option<InterventionStatus>) -> InterventionEdit {
        let list = |v: Vec<String>| (!v.is_empty()).then_some(v);
        InterventionEdit {
            title: self.title,
            description: self.description,
            partners: list(self.partner),
            agreements: list(self.agreement),
            effects: list(self.effect),
            assumption: self.assumption,
            start: self.start,
            end: self.end,
            status,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(super) enum MilestoneCommand {
    /// Add a milestone to an intervention; prints its id.
    Add {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Intervention id or unique prefix.
        intervention: String,
        /// When: 2027-03-01 or 1-3-2027.
        #[arg(long, value_name = "DATE")]
        date: String,
        /// What.
        #[arg(long, value_name = "TEXT")]
        title: String,
        /// A note.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

pub(super) fn run_intervention(
    workspace: &mut Workspace,
    command: InterventionCommand,
) -> Result<()> {
    match command {
        InterventionCommand::Add {
            alliance,
            fields,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.add_intervention(&author, &fields.edit(None))?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&serde_json::json!({ "id": id }));
            }
            println!("Added intervention: {id}");
        }
        InterventionCommand::Edit {
            alliance,
            intervention,
            fields,
            status,
            json,
        } => {
            let edit = fields.edit(status);
            if edit == InterventionEdit::default() {
                bail!("nothing to change: give at least one field, such as --title or --status");
            }
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.edit_intervention(&author, &intervention, &edit)?;
            output::save(workspace, &mut alliance)?;
            let (_, _, found) = alliance.find_intervention(&intervention)?;
            if json.json {
                return print_json(&found);
            }
            println!("Saved intervention {}", found.id);
        }
        InterventionCommand::List { alliance, json } => {
            let view = output::find(workspace, &alliance)?.view();
            if json.json {
                return print_json(&view.interventions);
            }
            let names = partner_names(&view);
            if view.interventions.is_empty() {
                println!("No interventions yet.");
            }
            for i in &view.interventions {
                let partners: Vec<&str> = i
                    .partners
                    .iter()
                    .map(|p| names.get(p).map_or(p.as_str(), String::as_str))
                    .collect();
                println!(
                    "{}  {} [{}] {}–{}, by {}",
                    i.id,
                    i.title,
                    i.status,
                    or_dash(&i.start),
                    or_dash(&i.end),
                    if partners.is_empty() {
                        "—".to_owned()
                    } else {
                        partners.join(", ")
                    }
                );
                if !i.assumption.is_empty() {
                    println!("    assumption: {}", i.assumption);
                }
                for m in &i.milestones {
                    println!("    {}  {}  {}", m.date, m.title, m.note);
                }
            }
        }
    }
    Ok(())
}

pub(super) fn run_milestone(workspace: &mut Workspace, command: MilestoneCommand) -> Result<()> {
    let MilestoneCommand::Add {
        alliance,
        intervention,
        date,
        title,
        note,
        json,
    } = command;
    let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
    let id = alliance.add_milestone(&author, &intervention, &date, &title, &note)?;
    output::save(workspace, &mut alliance)?;
    if json.json {
        return print_json(&serde_json::json!({ "id": id }));
    }
    println!("Added milestone: {id}");
    Ok(())
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}
