//! The one-page summary a board secretary reads first: every agreement
//! with its status and each partner's position, and who has not given one.

use serde::Serialize;

use super::content::{AgreementEntry, PartyEntry};
use crate::model::{AgreementStatus, Stance};

/// The summary: one row per agreement, one column per partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The partners' names, in the order of the columns.
    pub partners: Vec<String>,
    /// One row per agreement.
    pub rows: Vec<SummaryRow>,
    /// The footnote for positions given on an earlier text.
    pub earlier_text_note: String,
}

/// One agreement in the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryRow {
    /// The agreement's title.
    pub title: String,
    /// Its status (Dutch).
    pub status_label: String,
    /// Each partner's position in a word, or "—" when it has none; "*"
    /// marks one given on an earlier text.
    pub positions: Vec<String>,
    /// Whether something is open: a conflict, or (unless withdrawn) a
    /// partner without a position on this text.
    pub open: bool,
}

impl Summary {
    /// The summary of `agreements` for `partners`.
    pub fn of(partners: &[PartyEntry], agreements: &[AgreementEntry]) -> Summary {
        let rows = agreements
            .iter()
            .map(|a| SummaryRow {
                title: a.title.clone(),
                status_label: a.status_label.clone(),
                positions: partners
                    .iter()
                    .map(|p| {
                        a.positions
                            .iter()
                            .find(|pos| pos.partner == p.name)
                            .map_or_else(
                                || "—".to_owned(),
                                |pos| {
                                    let word = short(pos.stance);
                                    if pos.on_earlier_text {
                                        format!("{word} *")
                                    } else {
                                        word.to_owned()
                                    }
                                },
                            )
                    })
                    .collect(),
                open: !a.conflicts.is_empty()
                    || (a.status != AgreementStatus::Withdrawn && !a.without_position.is_empty()),
            })
            .collect();
        Summary {
            partners: partners.iter().map(|p| p.name.clone()).collect(),
            rows,
            earlier_text_note: "* gegeven bij een eerdere tekst van de afspraak".to_owned(),
        }
    }
}

impl Summary {
    /// The column headings: agreement, status, then the partners.
    pub fn columns(&self) -> Vec<&str> {
        let mut columns = vec!["Afspraak", "Status"];
        columns.extend(self.partners.iter().map(String::as_str));
        columns
    }

    /// Whether any position is marked as given on an earlier text (so the
    /// footnote is needed).
    pub fn has_earlier_text(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.positions.iter().any(|p| p.ends_with('*')))
    }
}

impl SummaryRow {
    /// The row's cells as every format prints them.
    pub fn cells(&self) -> Vec<String> {
        let title = if self.open {
            format!("{} (open punt)", self.title)
        } else {
            self.title.clone()
        };
        let mut cells = vec![title, self.status_label.clone()];
        cells.extend(self.positions.iter().cloned());
        cells
    }
}

/// A stance in one word, for the summary's narrow columns.
fn short(stance: Stance) -> &'static str {
    match stance {
        Stance::Agree => "Akkoord",
        Stance::Reservations => "Voorbehoud",
        Stance::Object => "Bezwaar",
        Stance::Abstain => "Onthouding",
    }
}
