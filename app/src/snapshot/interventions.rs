//! The interventions as a snapshot export shows them: what partners do,
//! for which effects and agreements, with the assumption behind it and
//! where delivery stands.

use serde::Serialize;

use super::content::dutch_date;
use super::layout::{Block, heading};
use crate::model::AllianceView;
use crate::model::monitoring::kinds::InterventionStatus;

/// One intervention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterventionEntry {
    /// Its title.
    pub title: String,
    /// The responsible partners' names.
    pub partners: Vec<String>,
    /// The effects it serves (their texts).
    pub effects: Vec<String>,
    /// The agreements it carries out (their titles).
    pub agreements: Vec<String>,
    /// The assumption.
    pub assumption: String,
    /// From when to when, as Dutch documents write it.
    pub period_nl: String,
    /// Where delivery stands.
    pub status: InterventionStatus,
    /// The milestones: date (Dutch) and title.
    pub milestones: Vec<String>,
}

/// The interventions of `view`; `name` gives a partner's name.
pub fn entries(view: &AllianceView, name: &dyn Fn(&str) -> String) -> Vec<InterventionEntry> {
    view.interventions
        .iter()
        .map(|i| {
            let date = |d: &str| {
                if d.is_empty() {
                    "…".to_owned()
                } else {
                    dutch_date(d)
                }
            };
            InterventionEntry {
                title: i.title.clone(),
                partners: i.partners.iter().map(|p| name(p)).collect(),
                effects: i
                    .effects
                    .iter()
                    .filter_map(|e| view.ambition.effects.iter().find(|x| &x.id == e))
                    .map(|e| e.text.clone())
                    .collect(),
                agreements: i
                    .agreements
                    .iter()
                    .filter_map(|a| view.agreements.iter().find(|x| &x.id == a))
                    .map(|a| a.title.clone())
                    .collect(),
                assumption: i.assumption.clone(),
                period_nl: format!("{} – {}", date(&i.start), date(&i.end)),
                status: i.status,
                milestones: i
                    .milestones
                    .iter()
                    .map(|m| format!("{}: {}", dutch_date(&m.date), m.title))
                    .collect(),
            }
        })
        .collect()
}

/// The printed part, under the indicators.
pub(super) fn blocks(entries: &[InterventionEntry]) -> Vec<Block> {
    if entries.is_empty() {
        return Vec::new();
    }
    let rows = entries
        .iter()
        .map(|i| {
            let mut what = i.title.clone();
            if !i.assumption.is_empty() {
                what.push_str(&format!(" — {}", i.assumption));
            }
            vec![
                what,
                i.partners.join(", "),
                i.period_nl.clone(),
                i.status.label_nl().to_owned(),
                [i.effects.join("; "), i.agreements.join("; ")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
            ]
        })
        .collect();
    vec![
        heading(2, "Interventies"),
        Block::table(
            &[
                ("Interventie en aanname", 2.6),
                ("Wie", 1.2),
                ("Looptijd", 1.2),
                ("Uitvoering", 0.9),
                ("Voor effect en afspraak", 1.8),
            ],
            rows,
            "Geen interventies.",
        ),
        Block::text(
            "De uitvoering zegt niet of een interventie werkt; dat laten de indicatoren zien.",
        ),
    ]
}
