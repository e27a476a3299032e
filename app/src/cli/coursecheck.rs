//! `coursecheck`: rounds of the course check (koerscheck), their ratings,
//! the results once closed, and follow-up actions.

use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

use super::alliance::partner_names;
use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::{
    AllianceView, CourseCheckView, Dimension, NewRating, Rating, RatingView, Trend, ids,
};

#[derive(Debug, Subcommand)]
pub(super) enum CourseCheckCommand {
    /// Open a round of the course check; prints its id.
    Open {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// When answering closes: 2027-06-01 or 1-6-2027.
        #[arg(long, value_name = "DATE")]
        closes: String,
        /// When answering opens (default: today).
        #[arg(long, value_name = "DATE")]
        opens: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Rate one dimension for your organisation: green, orange or red.
    Answer {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Round id or unique prefix.
        round: String,
        /// shared-ambition, interests, relationship, roles, process or effect
        /// (or its Dutch name).
        #[arg(long, value_name = "DIMENSION")]
        dimension: Dimension,
        /// green, orange or red (groen, oranje, rood).
        rating: Rating,
        /// better, same or worse (beter, gelijk, slechter).
        #[arg(long, value_name = "TREND")]
        trend: Trend,
        /// A remark with the rating.
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
    /// Close a round: the partner that opened it at any time, any partner
    /// once the closing date has passed.
    Close {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Round id or unique prefix.
        round: String,
    },
    /// Show the rounds, or one: while open who answered (and your own
    /// ratings), once closed how the ratings spread per dimension.
    Show {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Round id or unique prefix.
        round: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Follow-up actions of a closed round.
    #[command(subcommand)]
    Action(ActionCommand),
}

#[derive(Debug, Subcommand)]
pub(super) enum ActionCommand {
    /// Add a follow-up action (at most three per round); prints its id.
    Add {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Round id or unique prefix.
        round: String,
        /// What is to be done.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        text: String,
        /// The partner that owns it (id, unique id prefix, or exact name).
        #[arg(long, value_name = "PARTNER")]
        owner: String,
        /// When it is due: 2027-06-01 or 1-6-2027.
        #[arg(long, value_name = "DATE")]
        due: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// `coursecheck show --json` of one round: the round and your own ratings.
#[derive(Serialize)]
struct RoundWithOwn<'a> {
    #[serde(flatten)]
    round: &'a CourseCheckView,
    own_ratings: Vec<RatingView>,
}

/// The `--json` answer of an addition.
#[derive(Serialize)]
struct Added {
    id: String,
}

pub(super) fn run(workspace: &mut Workspace, command: CourseCheckCommand) -> Result<()> {
    match command {
        CourseCheckCommand::Open {
            alliance,
            closes,
            opens,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.open_coursecheck(&author, opens.as_deref(), &closes)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&Added { id });
            }
            println!("Opened course check round: {id}");
        }
        CourseCheckCommand::Answer {
            alliance,
            round,
            dimension,
            rating,
            trend,
            remark,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let new = NewRating {
                dimension,
                rating,
                trend,
                remark,
            };
            alliance.answer_coursecheck(&author, &round, &[new])?;
            output::save(workspace, &mut alliance)?;
            let own = alliance.own_ratings(&author, &round)?;
            if json.json {
                return print_json(&own);
            }
            println!(
                "Rated {}: {} ({}); {} of {} dimensions rated",
                dimension.label_nl(),
                rating.label_nl(),
                trend.label_nl(),
                own.len(),
                Dimension::ALL.len()
            );
        }
        CourseCheckCommand::Close { alliance, round } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.close_coursecheck(&author, &round)?;
            output::save(workspace, &mut alliance)?;
            println!("Closed the round; the ratings are now shown to every partner");
        }
        CourseCheckCommand::Show {
            alliance,
            round,
            json,
        } => {
            let author = workspace.author().ok();
            let mut alliance = output::find(workspace, &alliance)?;
            let view = alliance.view();
            let Some(round) = round else {
                if json.json {
                    return print_json(&view.coursechecks);
                }
                print_heatmap(&view);
                return Ok(());
            };
            let id = resolve_round(&view, &round)?;
            let Some(found) = view.coursechecks.iter().find(|r| r.id == id) else {
                anyhow::bail!("no course check round matches {round:?}");
            };
            let own = match &author {
                Some(author) => alliance.own_ratings(author, &id)?,
                None => Vec::new(),
            };
            if json.json {
                return print_json(&RoundWithOwn {
                    round: found,
                    own_ratings: own,
                });
            }
            print_round(&view, found, &own);
        }
        CourseCheckCommand::Action(ActionCommand::Add {
            alliance,
            round,
            text,
            owner,
            due,
            json,
        }) => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.add_coursecheck_action(&author, &round, &text, &owner, &due)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&Added { id });
            }
            println!("Added follow-up action: {id}");
        }
    }
    Ok(())
}

fn resolve_round(view: &AllianceView, query: &str) -> Result<String> {
    let candidates: Vec<(String, Option<String>)> = view
        .coursechecks
        .iter()
        .map(|r| (r.id.clone(), None))
        .collect();
    Ok(ids::resolve("course check round", query, &candidates)?)
}

/// Every round's state, and for the closed ones the overall rating per
/// dimension: the heatmap as text.
fn print_heatmap(view: &AllianceView) {
    if view.coursechecks.is_empty() {
        println!("No course check rounds yet.");
        return;
    }
    for round in &view.coursechecks {
        let state = match &round.closed_at {
            Some(_) => "closed".to_owned(),
            None => format!(
                "open until {}, {} of {} partners answered",
                round.closes,
                round.answered_by.len(),
                view.partners.iter().filter(|p| p.left.is_none()).count()
            ),
        };
        println!(
            "{}  {} – {}  ({state})",
            round.id, round.opens, round.closes
        );
        for d in &round.dimensions {
            let overall = d.overall.map_or("—", |r| r.slug());
            let apart = if d.apart {
                "  [partners differ by two colours]"
            } else {
                ""
            };
            println!(
                "    {:<24} {overall:<7} green {} · orange {} · red {}{apart}",
                d.dimension.label_nl(),
                d.green,
                d.orange,
                d.red
            );
        }
    }
}

fn print_round(view: &AllianceView, round: &CourseCheckView, own: &[RatingView]) {
    let names = partner_names(view);
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    println!(
        "Round {} ({} – {}), opened by {}",
        round.id,
        round.opens,
        round.closes,
        name(&round.opened_by)
    );
    if round.closed_at.is_none() {
        let answered: Vec<String> = round.answered_by.iter().map(|p| name(p)).collect();
        println!(
            "Open. Answered: {}",
            if answered.is_empty() {
                "nobody yet".to_owned()
            } else {
                answered.join(", ")
            }
        );
        println!("Your ratings ({} of {}):", own.len(), Dimension::ALL.len());
        for r in own {
            println!(
                "    {}: {} ({}) {}",
                r.dimension.label_nl(),
                r.rating,
                r.trend,
                r.remark
            );
        }
        return;
    }
    for d in &round.dimensions {
        let apart = if d.apart {
            "  [partners differ by two colours]"
        } else {
            ""
        };
        println!(
            "{}: green {} · orange {} · red {}{apart}",
            d.dimension.label_nl(),
            d.green,
            d.orange,
            d.red
        );
        for r in round
            .answers
            .iter()
            .filter(|r| r.dimension == d.dimension && !r.remark.is_empty())
        {
            println!("    {}: {}", name(&r.partner), r.remark);
        }
    }
    for action in &round.actions {
        println!(
            "Action: {} — {} by {}",
            action.text,
            name(&action.owner),
            action.due
        );
    }
}
