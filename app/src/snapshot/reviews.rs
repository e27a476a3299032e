//! The effect reviews as a snapshot export shows them: per period what each
//! partner saw, how it explains it and what it would change (the client
//! organisations first), and the decision about each intervention.

use serde::Serialize;

use super::content::dutch_date;
use super::layout::{Block, Field, heading};
use crate::model::AllianceView;
use crate::model::monitoring::kinds::{Prompt, ReviewDecision};

/// One review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewEntry {
    /// The period it looks back on.
    pub period: String,
    /// The day it was opened, as Dutch documents write it.
    pub opened_nl: String,
    /// The answers, per prompt, client organisations first.
    pub answers: Vec<ReviewAnswer>,
    /// The decision per intervention.
    pub decisions: Vec<ReviewDecisionEntry>,
}

/// One partner's answer to one prompt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewAnswer {
    /// The partner's name.
    pub partner: String,
    /// The prompt.
    pub prompt: Prompt,
    /// The answer.
    pub text: String,
}

/// What a review decided about one intervention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewDecisionEntry {
    /// The intervention's title.
    pub intervention: String,
    /// Continue, adjust or stop.
    pub decision: ReviewDecision,
    /// Why.
    pub note: String,
}

/// The reviews of `view`; `name` gives a partner's name.
pub fn entries(view: &AllianceView, name: &dyn Fn(&str) -> String) -> Vec<ReviewEntry> {
    view.reviews
        .iter()
        .map(|r| ReviewEntry {
            period: r.period.clone(),
            opened_nl: r
                .created_at
                .as_deref()
                .and_then(|at| at.get(..10))
                .map(dutch_date)
                .unwrap_or_default(),
            answers: r
                .answers
                .iter()
                .map(|a| ReviewAnswer {
                    partner: name(&a.partner),
                    prompt: a.prompt,
                    text: a.text.clone(),
                })
                .collect(),
            decisions: r
                .decisions
                .iter()
                .map(|d| ReviewDecisionEntry {
                    intervention: view
                        .interventions
                        .iter()
                        .find(|i| i.id == d.intervention)
                        .map_or_else(|| d.intervention.clone(), |i| i.title.clone()),
                    decision: d.decision,
                    note: d.note.clone(),
                })
                .collect(),
        })
        .collect()
}

/// The printed part, under the interventions: one part per review.
pub(super) fn blocks(entries: &[ReviewEntry]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for review in entries {
        blocks.push(heading(2, format!("Effectgesprek {}", review.period)));
        if !review.opened_nl.is_empty() {
            blocks.push(Block::Fields {
                fields: vec![Field::new("Geopend", &review.opened_nl)],
            });
        }
        for prompt in [Prompt::Seen, Prompt::Explained, Prompt::Change] {
            let answers: Vec<Field> = review
                .answers
                .iter()
                .filter(|a| a.prompt == prompt)
                .map(|a| Field::new(&a.partner, &a.text))
                .collect();
            blocks.push(Block::Together {
                blocks: vec![
                    Block::Paragraph {
                        spans: vec![super::layout::Span::Strong(prompt.label_nl().to_owned())],
                    },
                    if answers.is_empty() {
                        Block::nothing("Nog geen antwoorden.")
                    } else {
                        Block::Fields { fields: answers }
                    },
                ],
            });
        }
        let rows = review
            .decisions
            .iter()
            .map(|d| {
                vec![
                    d.intervention.clone(),
                    d.decision.label_nl().to_owned(),
                    d.note.clone(),
                ]
            })
            .collect();
        blocks.push(Block::table(
            &[("Interventie", 2.0), ("Besluit", 0.9), ("Toelichting", 2.4)],
            rows,
            "Nog geen besluiten over de interventies.",
        ));
    }
    blocks
}
