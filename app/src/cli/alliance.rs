//! `alliance create | list | show | edit`.

use std::collections::HashMap;

use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::{AllianceView, PartnerKind, RatificationStatus};

#[derive(Debug, Subcommand)]
pub(super) enum AllianceCommand {
    /// Create an alliance with your organisation as its first partner;
    /// prints the new alliance id.
    Create {
        /// The alliance's name.
        name: String,
        /// What the alliance is about.
        #[arg(long, value_name = "TEXT", default_value = "")]
        description: String,
    },
    /// List the alliances on this device.
    List(JsonFlag),
    /// Show everything in one alliance.
    Show {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Rename an alliance or change its description.
    Edit {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The new name.
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// The new description.
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
    },
}

pub(super) fn run(workspace: &mut Workspace, command: AllianceCommand) -> Result<()> {
    match command {
        AllianceCommand::Create { name, description } => {
            let alliance = workspace.create_alliance(&name, &description)?;
            println!("Created alliance {}: {}", alliance.name(), alliance.id());
        }
        AllianceCommand::List(flag) => list(workspace, flag.json)?,
        AllianceCommand::Show { alliance, json } => {
            let mut alliance = output::find(workspace, &alliance)?;
            let view = alliance.view();
            let ratification = alliance.ratification_status();
            let masked = crate::model::privacy::masked_texts(&view);
            if masked > 0 {
                eprintln!(
                    "warning: {} a citizen service number, shown masked; ask the partners to have it erased",
                    output::count(masked, "text holds", "texts hold")
                );
            }
            if json.json {
                print_json(&ShowOutput {
                    view: &view,
                    ratification: RatificationSummary::of(&ratification),
                })?;
            } else {
                print_alliance(&view);
                println!();
                super::ratification::print_summary(&ratification, &view.name);
            }
        }
        AllianceCommand::Edit {
            alliance,
            name,
            description,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            if name.is_none() && description.is_none() {
                anyhow::bail!("nothing to change: give --name and/or --description");
            }
            if let Some(name) = name {
                alliance.rename(&author, &name)?;
            }
            if let Some(description) = description {
                alliance.set_description(&author, &description)?;
            }
            output::save(workspace, &mut alliance)?;
            println!("Saved alliance {}: {}", alliance.name(), alliance.id());
        }
    }
    Ok(())
}

/// What `alliance show --json` prints: the view plus the ratification
/// state.
#[derive(Debug, Serialize)]
struct ShowOutput<'a> {
    #[serde(flatten)]
    view: &'a AllianceView,
    ratification: RatificationSummary,
}

/// The ratification state in `alliance show --json`.
#[derive(Debug, Serialize)]
struct RatificationSummary {
    /// Whether a snapshot was adopted by every current partner.
    vastgesteld: bool,
    /// That snapshot's full id.
    snapshot: Option<String>,
    /// Its label.
    label: Option<String>,
    /// Whether the agreements changed since.
    agreements_changed_since: bool,
    /// How many snapshots are recorded.
    snapshot_count: usize,
}

impl RatificationSummary {
    fn of(status: &RatificationStatus) -> Self {
        RatificationSummary {
            vastgesteld: status.vastgesteld.is_some(),
            snapshot: status.vastgesteld.as_ref().map(|s| s.id.clone()),
            label: status.vastgesteld.as_ref().map(|s| s.label.clone()),
            agreements_changed_since: status.agreements_changed_since,
            snapshot_count: status.snapshots.len(),
        }
    }
}

/// One line of `alliance list --json`.
#[derive(Debug, Serialize)]
struct AllianceSummary {
    id: String,
    name: String,
    description: String,
    partner_count: usize,
    agreement_count: usize,
    heads: Vec<String>,
}

fn list(workspace: &mut Workspace, json: bool) -> Result<()> {
    let (alliances, warnings) = workspace.load_alliances()?;
    output::warn(&warnings);
    let summaries: Vec<AllianceSummary> = alliances
        .into_iter()
        .map(|mut alliance| {
            let view = alliance.view();
            AllianceSummary {
                partner_count: view.partners.len(),
                agreement_count: view.agreements.len(),
                id: view.id,
                name: view.name,
                description: view.description,
                heads: view.heads,
            }
        })
        .collect();
    if json {
        return print_json(&summaries);
    }
    if summaries.is_empty() {
        println!("No alliances yet. Create one with: rondetafel alliance create NAME");
    }
    for s in &summaries {
        println!(
            "{}  {}  ({} partners, {} agreements)",
            s.id, s.name, s.partner_count, s.agreement_count
        );
    }
    Ok(())
}

/// Partner id → name, for printing.
pub(super) fn partner_names(view: &AllianceView) -> HashMap<String, String> {
    view.partners
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect()
}

fn print_alliance(view: &AllianceView) {
    let names = partner_names(view);
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    println!("{} ({})", view.name, view.id);
    if !view.description.is_empty() {
        println!("{}", view.description);
    }
    println!("\nPartners:");
    for p in &view.partners {
        let kind = p
            .kind
            .parse::<PartnerKind>()
            .map(|k| k.label_nl().to_owned())
            .unwrap_or_else(|_| p.kind.clone());
        let roles = if p.roles.is_empty() {
            String::new()
        } else {
            format!("; {}", p.roles.join(", "))
        };
        println!(
            "  {}  {} ({kind}{roles}), {}",
            p.id,
            p.name,
            super::output::count(p.devices.len(), "device", "devices")
        );
    }
    println!("\nShared ambition:");
    println!(
        "  {}",
        if view.ambition.text.is_empty() {
            "(not written yet)"
        } else {
            &view.ambition.text
        }
    );
    for e in &view.ambition.effects {
        println!("  effect {}: {}", e.id, e.text);
    }
    println!("\nInterests:");
    for i in &view.interests {
        let obstacle = if i.obstacle { " [obstacle]" } else { "" };
        println!(
            "  {}  {}: {} ({}){obstacle}",
            i.id,
            name_of(&i.partner),
            i.text,
            i.status
        );
    }
    println!("\nAgreements:");
    for a in &view.agreements {
        super::agreement::print_agreement_line(a);
    }
}
