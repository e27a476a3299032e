//! `agreement add | edit | position | list | show`.

use anyhow::Result;
use clap::Subcommand;

use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::{AgreementEdit, AgreementStatus, AgreementView, PositionStep, Stance};

#[derive(Debug, Subcommand)]
pub(super) enum AgreementCommand {
    /// Add a draft agreement; prints the new agreement id.
    Add {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The title.
        #[arg(long, value_name = "TEXT")]
        title: String,
        /// The body text.
        #[arg(long, value_name = "TEXT", default_value = "")]
        body: String,
    },
    /// Change an agreement's title, body, status, review date or responsible
    /// partners.
    Edit {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Agreement id or unique prefix.
        agreement: String,
        /// The new title.
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// The new body (merged as a text edit).
        #[arg(long, value_name = "TEXT")]
        body: Option<String>,
        /// draft, proposed, agreed or withdrawn.
        #[arg(long, value_name = "STATUS")]
        status: Option<AgreementStatus>,
        /// The review date: 2027-03-01 or 1-3-2027.
        #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "clear_review_date")]
        review_date: Option<String>,
        /// Remove the review date.
        #[arg(long)]
        clear_review_date: bool,
        /// A responsible partner (id, prefix or name); repeat for several.
        /// Replaces the current responsible partners.
        #[arg(long = "owner", value_name = "PARTNER")]
        owners: Vec<String>,
    },
    /// Give your organisation's position: agree, reservations (needs
    /// --reason), object (needs --reason) or abstain.
    Position {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Agreement id or unique prefix.
        agreement: String,
        /// agree, reservations, object or abstain.
        stance: Stance,
        /// Why (required for object and reservations).
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
    /// Record the outcome of an agreement: what was agreed and who does
    /// what, and when to review it.
    Outcome {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Agreement id or unique prefix.
        agreement: String,
        /// The outcome statement.
        #[arg(long, value_name = "TEXT")]
        text: String,
        /// The review date: 2027-03-01, 1-3-2027 or today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        review_date: Option<String>,
    },
    /// List the agreements.
    List {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Show one agreement with every partner's position.
    Show {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Agreement id or unique prefix.
        agreement: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

pub(super) fn run(workspace: &mut Workspace, command: AgreementCommand) -> Result<()> {
    match command {
        AgreementCommand::Add {
            alliance,
            title,
            body,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.add_agreement(&author, &title, &body)?;
            output::save(workspace, &mut alliance)?;
            println!("Added agreement: {id}");
        }
        AgreementCommand::Edit {
            alliance,
            agreement,
            title,
            body,
            status,
            review_date,
            clear_review_date,
            owners,
        } => {
            let edit = AgreementEdit {
                title,
                body,
                status,
                review_date: if clear_review_date {
                    Some(None)
                } else {
                    review_date.map(Some)
                },
                owners: (!owners.is_empty()).then_some(owners),
                outcome: None,
            };
            if edit.title.is_none()
                && edit.body.is_none()
                && edit.status.is_none()
                && edit.review_date.is_none()
                && edit.owners.is_none()
            {
                anyhow::bail!(
                    "nothing to change: give --title, --body, --status, --review-date, --clear-review-date or --owner"
                );
            }
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let was_agreed = agreed(&mut alliance, &agreement);
            alliance.edit_agreement(&author, &agreement, &edit)?;
            output::save(workspace, &mut alliance)?;
            println!("Saved agreement {agreement}");
            if was_agreed && !agreed(&mut alliance, &agreement) {
                println!(
                    "The text changed, so the agreement goes back to the partners: it is agreed again once every partner confirms its position."
                );
            }
        }
        AgreementCommand::Position {
            alliance,
            agreement,
            stance,
            reason,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.set_position(&author, &agreement, stance, &reason)?;
            output::save(workspace, &mut alliance)?;
            println!(
                "Saved your position ({}) on agreement {agreement}",
                stance.label_nl()
            );
        }
        AgreementCommand::Outcome {
            alliance,
            agreement,
            text,
            review_date,
        } => {
            let edit = AgreementEdit {
                outcome: Some(text),
                review_date: review_date.map(Some),
                ..AgreementEdit::default()
            };
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.edit_agreement(&author, &agreement, &edit)?;
            output::save(workspace, &mut alliance)?;
            println!("Saved the outcome of agreement {agreement}");
        }
        AgreementCommand::List { alliance, json } => {
            let view = output::find(workspace, &alliance)?.view();
            if json.json {
                return print_json(&view.agreements);
            }
            if view.agreements.is_empty() {
                println!("No agreements yet.");
            }
            for a in &view.agreements {
                print_agreement_line(a);
            }
        }
        AgreementCommand::Show {
            alliance,
            agreement,
            json,
        } => {
            let mut alliance = output::find(workspace, &alliance)?;
            let view = alliance.view();
            let candidates: Vec<(String, Option<String>)> = view
                .agreements
                .iter()
                .map(|a| (a.id.clone(), None))
                .collect();
            let id = crate::model::ids::resolve("agreement", &agreement, &candidates)?;
            let Some(found) = view.agreements.iter().find(|a| a.id == id) else {
                anyhow::bail!("no agreement matches {agreement:?}");
            };
            let position_history = alliance.position_history(&id)?;
            if json.json {
                return print_json(&AgreementShown {
                    agreement: found,
                    position_history,
                });
            }
            let names = super::alliance::partner_names(&view);
            print_agreement(found, &names);
            print_position_history(&position_history, &names);
        }
    }
    Ok(())
}

/// `agreement show --json`: the agreement and how its positions went.
#[derive(serde::Serialize)]
struct AgreementShown<'a> {
    #[serde(flatten)]
    agreement: &'a AgreementView,
    position_history: Vec<PositionStep>,
}

/// Each partner's positions in the order they were given, as
/// "Zorg Dichtbij: Bezwaar → Akkoord met voorbehoud (2027-03-12)".
fn print_position_history(
    steps: &[PositionStep],
    names: &std::collections::HashMap<String, String>,
) {
    let mut partners: Vec<&str> = Vec::new();
    for step in steps {
        if !partners.contains(&step.partner.as_str()) {
            partners.push(&step.partner);
        }
    }
    if partners.is_empty() {
        return;
    }
    println!("\nPosition history:");
    for partner in partners {
        let given: Vec<String> = steps
            .iter()
            .filter(|s| s.partner == partner)
            .map(|s| {
                format!(
                    "{} ({})",
                    s.stance.label_nl(),
                    s.time.get(..10).unwrap_or(&s.time)
                )
            })
            .collect();
        let name = names.get(partner).map_or(partner, String::as_str);
        println!("  {name}: {}", given.join(" → "));
    }
}

/// One line per agreement, for lists.
pub(super) fn print_agreement_line(a: &AgreementView) {
    let conflict = if a.conflicts.is_empty() {
        ""
    } else {
        "  [conflict]"
    };
    println!(
        "  {}  [{}] {}{conflict}",
        a.id,
        a.status.label_nl(),
        a.title
    );
}

fn print_agreement(a: &AgreementView, names: &std::collections::HashMap<String, String>) {
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    println!("{} ({})", a.title, a.id);
    println!("Status: {}", a.status.label_nl());
    if a.awaiting_consent {
        println!("  (set to agreed; waits until every partner has a position on this text)");
    }
    if let Some(date) = &a.review_date {
        println!("Review date: {date}");
    }
    if !a.outcome.is_empty() {
        println!("Outcome: {}", a.outcome);
    }
    if !a.owners.is_empty() {
        let owners: Vec<String> = a.owners.iter().map(|o| name_of(o)).collect();
        println!("Responsible: {}", owners.join(", "));
    }
    println!("\n{}\n", a.body);
    println!("Positions:");
    for (partner, position) in &a.positions {
        let reason = if position.reason.is_empty() {
            String::new()
        } else {
            format!(": {}", position.reason)
        };
        let earlier = if position.on_earlier_text {
            " (given on an earlier text)"
        } else {
            ""
        };
        println!(
            "  {}: {}{earlier}{reason}",
            name_of(partner),
            position.stance.label_nl()
        );
    }
    if !a.without_position.is_empty() {
        let names: Vec<String> = a.without_position.iter().map(|p| name_of(p)).collect();
        println!("  No position on this text yet: {}", names.join(", "));
    }
    for conflict in &a.conflicts {
        println!(
            "\nConflict in {} — partners chose different values:",
            conflict.field
        );
        for value in &conflict.values {
            let who = value
                .partner
                .as_deref()
                .map_or_else(|| "unknown".to_owned(), name_of);
            println!("  {:?} chosen by {who}", value.value);
        }
        println!("  Settle it by setting the field again (rondetafel agreement edit).");
    }
}

/// Whether the agreement `query` names reads as agreed now.
fn agreed(alliance: &mut crate::model::Alliance, query: &str) -> bool {
    let view = alliance.view();
    let candidates: Vec<(String, Option<String>)> = view
        .agreements
        .iter()
        .map(|a| (a.id.clone(), None))
        .collect();
    crate::model::ids::resolve("agreement", query, &candidates).is_ok_and(|id| {
        view.agreements
            .iter()
            .any(|a| a.id == id && a.status == crate::model::AgreementStatus::Agreed)
    })
}
