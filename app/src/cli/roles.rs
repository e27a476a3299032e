//! `role` and `expectation`: each partner's role card, and what partners
//! expect of one another.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use clap::Subcommand;
use serde::Serialize;

use super::alliance::partner_names;
use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::{AllianceView, Contribution, Recognition, RoleCardView, RoleEdit, ids};

#[derive(Debug, Subcommand)]
pub(super) enum RoleCommand {
    /// Show the partners' role cards: what each brings, is responsible for
    /// and may decide.
    Show {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Only this partner (id, unique id prefix, or exact name).
        partner: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Write your organisation's own role card; fields not given stay as
    /// they are, an empty text clears one.
    Set {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// What you bring, as KIND=TEXT; kinds: knowledge, capacity, money,
        /// reach, data, mandate (or kennis, capaciteit, geld, bereik, data,
        /// mandaat). Repeat for several.
        #[arg(long, value_name = "KIND=TEXT", value_parser = parse_brings)]
        brings: Vec<(Contribution, String)>,
        /// Your responsibilities in the alliance.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        responsible: Option<String>,
        /// What your representative may decide without going back to the
        /// board.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        mandate: Option<String>,
        /// When the card is to be discussed again: 2027-06-01 or 1-6-2027
        /// (a new card gets six months from today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        review_date: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum ExpectationCommand {
    /// State what your organisation expects of another partner; prints its
    /// id.
    Add {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The partner you expect it of (id, unique id prefix, or exact name).
        #[arg(long, value_name = "PARTNER")]
        of: String,
        /// What you expect.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        text: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Answer an expectation of your organisation: recognised, partly or
    /// not.
    Answer {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Expectation id or unique prefix.
        expectation: String,
        /// recognised (herken ik), partly (deels) or not (herken ik niet).
        answer: Recognition,
        /// A remark with the answer.
        #[arg(
            long,
            value_name = "TEXT",
            default_value = "",
            allow_hyphen_values = true
        )]
        remark: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List who expects what of whom, with the answers; unanswered and
    /// unrecognised ones are points to discuss.
    List {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// Reads `KIND=TEXT`.
fn parse_brings(text: &str) -> Result<(Contribution, String), String> {
    let Some((kind, value)) = text.split_once('=') else {
        return Err(format!(
            "{text:?} has no kind; write it as KIND=TEXT, e.g. knowledge=\"Wijkdata\""
        ));
    };
    let kind: Contribution = kind
        .parse()
        .map_err(|e: crate::model::UnknownValue| e.to_string())?;
    Ok((kind, value.to_owned()))
}

pub(super) fn run_role(workspace: &mut Workspace, command: RoleCommand) -> Result<()> {
    match command {
        RoleCommand::Show {
            alliance,
            partner,
            json,
        } => {
            let view = output::find(workspace, &alliance)?.view();
            let partner = partner.map(|p| resolve_partner(&view, &p)).transpose()?;
            let cards: Vec<&RoleCardView> = view
                .roles
                .iter()
                .filter(|c| partner.as_ref().is_none_or(|p| *p == c.partner))
                .collect();
            if json.json {
                return print_json(&cards);
            }
            print_cards(&view, partner.as_deref(), &cards);
        }
        RoleCommand::Set {
            alliance,
            brings,
            responsible,
            mandate,
            review_date,
            json,
        } => {
            if brings.is_empty()
                && responsible.is_none()
                && mandate.is_none()
                && review_date.is_none()
            {
                bail!(
                    "nothing to change: give --brings, --responsible, --mandate or --review-date"
                );
            }
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let edit = RoleEdit {
                brings: brings.into_iter().collect::<BTreeMap<_, _>>(),
                responsible,
                mandate,
                review_date,
            };
            alliance.set_role(&author, &edit)?;
            output::save(workspace, &mut alliance)?;
            let view = alliance.view();
            let card = view.roles.iter().find(|c| c.partner == author.partner_id);
            if json.json {
                return print_json(&card);
            }
            println!(
                "Saved the role card of {}",
                author_name(&view, &author.partner_id)
            );
        }
    }
    Ok(())
}

pub(super) fn run_expectation(
    workspace: &mut Workspace,
    command: ExpectationCommand,
) -> Result<()> {
    match command {
        ExpectationCommand::Add {
            alliance,
            of,
            text,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.add_expectation(&author, &of, &text)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&Added { id });
            }
            println!("Added expectation: {id}");
        }
        ExpectationCommand::Answer {
            alliance,
            expectation,
            answer,
            remark,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.answer_expectation(&author, &expectation, answer, &remark)?;
            output::save(workspace, &mut alliance)?;
            let view = alliance.view();
            let answered = view
                .expectations
                .iter()
                .filter(|e| e.id.starts_with(expectation.trim()))
                .find(|e| e.of == author.partner_id);
            if json.json {
                return print_json(&answered);
            }
            println!("Answered: {}", answer.label_nl().to_lowercase());
        }
        ExpectationCommand::List { alliance, json } => {
            let view = output::find(workspace, &alliance)?.view();
            if json.json {
                return print_json(&view.expectations);
            }
            print_expectations(&view);
        }
    }
    Ok(())
}

/// The `--json` answer of an addition.
#[derive(Serialize)]
struct Added {
    id: String,
}

fn resolve_partner(view: &AllianceView, query: &str) -> Result<String> {
    let candidates: Vec<(String, Option<String>)> = view
        .partners
        .iter()
        .map(|p| (p.id.clone(), Some(p.name.clone())))
        .collect();
    Ok(ids::resolve("partner", query, &candidates)?)
}

fn author_name(view: &AllianceView, partner: &str) -> String {
    partner_names(view)
        .remove(partner)
        .unwrap_or_else(|| partner.to_owned())
}

fn print_cards(view: &AllianceView, only: Option<&str>, cards: &[&RoleCardView]) {
    for partner in view
        .partners
        .iter()
        .filter(|p| only.is_none_or(|o| o == p.id))
    {
        println!("{}", partner.name);
        let Some(card) = cards.iter().find(|c| c.partner == partner.id) else {
            println!("  (no role card yet)\n");
            continue;
        };
        for (kind, text) in &card.brings {
            println!("  Brings ({kind}): {text}");
        }
        if !card.responsible.is_empty() {
            println!("  Responsible for: {}", card.responsible);
        }
        if !card.mandate.is_empty() {
            println!("  Mandate: {}", card.mandate);
        }
        if let Some(date) = &card.review_date {
            println!("  Review date: {date}");
        }
        for conflict in &card.conflicts {
            println!(
                "  Conflict in {}: {} values set at once",
                conflict.field,
                conflict.values.len()
            );
        }
        println!();
    }
}

fn print_expectations(view: &AllianceView) {
    let names = partner_names(view);
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    if view.expectations.is_empty() {
        println!("No expectations yet.");
    }
    for e in &view.expectations {
        let answer = e.answer.as_ref().map_or_else(
            || "unanswered".to_owned(),
            |a| {
                if a.remark.is_empty() {
                    a.answer.slug().to_owned()
                } else {
                    format!("{} ({})", a.answer.slug(), a.remark)
                }
            },
        );
        let discuss = if e.to_discuss { " [to discuss]" } else { "" };
        println!(
            "{}  {} expects of {}: {}\n    answer: {answer}{discuss}",
            e.id,
            name(&e.from),
            name(&e.of),
            e.text
        );
    }
}
