//! `review`: the effect conversation per period — each indicator's latest
//! figure against its target, the partners' answers to the three prompts,
//! and a decision per intervention.

use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

use super::alliance::partner_names;
use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::monitoring::kinds::{Prompt, ReviewDecision};
use crate::model::monitoring::review::ReviewView;
use crate::model::monitoring::values::dutch;
use crate::model::monitoring::view::IndicatorView;
use crate::model::{AllianceView, ids};

#[derive(Debug, Subcommand)]
pub(super) enum ReviewCommand {
    /// Open the effect review of a period; prints its id.
    Open {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// 2026, 2026-Q3, 2026-07 or 2026-01-01..2026-06-30.
        #[arg(long, value_name = "PERIOD")]
        period: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Answer one of the three prompts for your organisation: seen (wat
    /// zien we), explained (wat verklaart het) or change (wat stellen we bij).
    Answer {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Review id or unique prefix.
        review: String,
        /// seen, explained or change.
        #[arg(long, value_name = "PROMPT")]
        prompt: Prompt,
        /// Your answer.
        #[arg(long, value_name = "TEXT")]
        text: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Record the decision about an intervention: continue, adjust (reopens
    /// the agreed agreements it carries out as proposed) or stop.
    Record {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Review id or unique prefix.
        review: String,
        /// Intervention id or unique prefix.
        #[arg(long, value_name = "ID")]
        intervention: String,
        /// continue, adjust or stop.
        decision: ReviewDecision,
        /// Why.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Show the reviews, or one with every indicator against its target.
    Show {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Review id or unique prefix.
        review: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// `review show --json` of one review: the review and the indicators as
/// they stand.
#[derive(Serialize)]
struct ReviewWithIndicators<'a> {
    #[serde(flatten)]
    review: &'a ReviewView,
    indicators: Vec<IndicatorLine<'a>>,
}

/// One indicator's latest figure against its target.
#[derive(Serialize)]
struct IndicatorLine<'a> {
    id: &'a str,
    name: &'a str,
    latest: Option<f64>,
    latest_period: Option<&'a str>,
    target: Option<f64>,
    standing: Option<crate::model::monitoring::kinds::Standing>,
    trend: Option<crate::model::kinds::Trend>,
}

fn line(i: &IndicatorView) -> IndicatorLine<'_> {
    let latest = i.measurements.last();
    IndicatorLine {
        id: &i.id,
        name: &i.name,
        latest: latest.map(|m| m.value),
        latest_period: latest.map(|m| m.period.as_str()),
        target: i.target,
        standing: i.standing,
        trend: i.trend,
    }
}

pub(super) fn run(workspace: &mut Workspace, command: ReviewCommand) -> Result<()> {
    match command {
        ReviewCommand::Open {
            alliance,
            period,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.open_review(&author, &period)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&serde_json::json!({ "id": id }));
            }
            println!("Opened review: {id}");
        }
        ReviewCommand::Answer {
            alliance,
            review,
            prompt,
            text,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.answer_prompt(&author, &review, prompt, &text)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&serde_json::json!({ "review": review, "prompt": prompt }));
            }
            println!("Saved your answer to “{}”", prompt.label_nl());
        }
        ReviewCommand::Record {
            alliance,
            review,
            intervention,
            decision,
            note,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let reopened =
                alliance.decide_in_review(&author, &review, &intervention, decision, &note)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(
                    &serde_json::json!({ "decision": decision, "reopened": reopened }),
                );
            }
            println!("Recorded: {}", decision.label_nl().to_lowercase());
            for agreement in reopened {
                println!("Reopened agreement {agreement} as proposed");
            }
        }
        ReviewCommand::Show {
            alliance,
            review,
            json,
        } => {
            let view = output::find(workspace, &alliance)?.view();
            let Some(query) = review else {
                if json.json {
                    return print_json(&view.reviews);
                }
                for r in &view.reviews {
                    println!(
                        "{}  {} ({} answers, {} decisions)",
                        r.id,
                        r.period,
                        r.answers.len(),
                        r.decisions.len()
                    );
                }
                return Ok(());
            };
            let candidates: Vec<(String, Option<String>)> =
                view.reviews.iter().map(|r| (r.id.clone(), None)).collect();
            let id = ids::resolve("review", &query, &candidates)?;
            let Some(found) = view.reviews.iter().find(|r| r.id == id) else {
                anyhow::bail!("no review matches {query:?}");
            };
            if json.json {
                return print_json(&ReviewWithIndicators {
                    review: found,
                    indicators: view.indicators.iter().map(line).collect(),
                });
            }
            print_review(&view, found);
        }
    }
    Ok(())
}

fn print_review(view: &AllianceView, review: &ReviewView) {
    let names = partner_names(view);
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    println!("Review of {}", review.period);
    for i in &view.indicators {
        let l = line(i);
        println!(
            "  {}: latest {} ({}), target {}, {}",
            l.name,
            l.latest.map_or_else(|| "—".to_owned(), dutch),
            l.latest_period.unwrap_or("—"),
            l.target.map_or_else(|| "—".to_owned(), dutch),
            l.standing.map_or("no standing", |s| s.slug())
        );
    }
    for prompt in Prompt::ALL {
        println!("{}", prompt.label_nl());
        for a in review.answers.iter().filter(|a| a.prompt == *prompt) {
            println!("    {}: {}", name(&a.partner), a.text);
        }
    }
    for d in &review.decisions {
        let title = view
            .interventions
            .iter()
            .find(|i| i.id == d.intervention)
            .map_or(d.intervention.as_str(), |i| i.title.as_str());
        println!("  {title}: {} {}", d.decision.label_nl(), d.note);
    }
}
