//! The fields partners set concurrently to different values, as a snapshot
//! export shows them: every value with the partner that chose it.

use serde::Serialize;

use super::content::dutch_date;
use crate::model::{AgreementStatus, ConflictView, InterestStatus};

/// A field partners set concurrently to different values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictEntry {
    /// The field (`title`, `status`, `review_date`, `obstacle`).
    pub field: String,
    /// The field (Dutch).
    pub field_label: String,
    /// Every value, with the partner that chose it.
    pub values: Vec<ConflictValueEntry>,
}

impl ConflictEntry {
    /// The conflict as one Dutch sentence: Titel niet beslist: ... "A"
    /// (Gemeente Zwolle) of "B" (Zorggroep Noord).
    pub fn sentence(&self) -> String {
        let values: Vec<String> = self
            .values
            .iter()
            .map(|v| {
                let by = v.partner.as_deref().unwrap_or("onbekende partner");
                format!("\u{201c}{}\u{201d} ({by})", v.value_label)
            })
            .collect();
        format!(
            "{} niet beslist: partners kozen tegelijk verschillende waarden: {}.",
            self.field_label,
            values.join(" of ")
        )
    }
}

/// One of a conflicting field's values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictValueEntry {
    /// The value as stored.
    pub value: String,
    /// The value as the export prints it (Dutch).
    pub value_label: String,
    /// The name of the partner that chose it, if known.
    pub partner: Option<String>,
}

/// The conflicting fields of an agreement or interest, in Dutch.
pub(crate) fn conflicts(
    conflicts: &[ConflictView],
    name: &dyn Fn(&str) -> String,
) -> Vec<ConflictEntry> {
    conflicts
        .iter()
        .map(|c| ConflictEntry {
            field: c.field.clone(),
            field_label: field_label_nl(&c.field).to_owned(),
            values: c
                .values
                .iter()
                .map(|v| ConflictValueEntry {
                    value: v.value.clone(),
                    value_label: value_label_nl(&c.field, &v.value),
                    partner: v.partner.as_deref().map(name),
                })
                .collect(),
        })
        .collect()
}

fn field_label_nl(field: &str) -> &'static str {
    match field {
        "title" => "Titel",
        "status" => "Status",
        "review_date" => "Herzieningsdatum",
        "outcome" => "Uitkomst",
        "obstacle" => "Knelpunt",
        "responsible" => "Verantwoordelijk voor",
        "mandate" => "Mandaat van de vertegenwoordiger",
        "brings_knowledge" => "Brengt in: kennis",
        "brings_capacity" => "Brengt in: capaciteit",
        "brings_money" => "Brengt in: geld",
        "brings_reach" => "Brengt in: bereik",
        "brings_data" => "Brengt in: data",
        "brings_mandate" => "Brengt in: mandaat",
        _ => "Veld",
    }
}

fn value_label_nl(field: &str, value: &str) -> String {
    let label = match field {
        "status" => value
            .parse::<AgreementStatus>()
            .map(|s| s.label_nl().to_owned())
            .or_else(|_| {
                value
                    .parse::<InterestStatus>()
                    .map(|s| s.label_nl().to_owned())
            })
            .ok(),
        "review_date" if value.is_empty() => Some("geen".to_owned()),
        "review_date" => Some(dutch_date(value)),
        "obstacle" => Some(if value == "true" { "ja" } else { "nee" }.to_owned()),
        _ => None,
    };
    label.unwrap_or_else(|| value.to_owned())
}
