//! The course check as a snapshot export shows it: every closed round as
//! a column of a heatmap (dimension × round), and the follow-up actions of
//! the last closed round. Open rounds are left out: their ratings are not
//! shown until they close.

use serde::Serialize;

use super::content::dutch_date;
use super::layout::{Block, Field, Table, heading};
use crate::model::{AllianceView, Dimension, Rating};

/// The course check part of a snapshot export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseCheckEntry {
    /// The closed rounds, oldest first.
    pub rounds: Vec<RoundEntry>,
    /// The follow-up actions of the last closed round.
    pub actions: Vec<ActionEntry>,
}

/// One closed round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundEntry {
    /// The round's id.
    pub id: String,
    /// Its closing date (`YYYY-MM-DD`).
    pub closes: String,
    /// Its closing date as Dutch documents write it.
    pub closes_nl: String,
    /// One cell per dimension.
    pub dimensions: Vec<CellEntry>,
}

/// One dimension of one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellEntry {
    /// The dimension.
    pub dimension: Dimension,
    /// Its Dutch name.
    pub dimension_label: String,
    /// The rating most partners gave (the worse one on a tie).
    pub overall: Option<Rating>,
    /// How many rated it green, orange and red.
    pub green: usize,
    /// Orange.
    pub orange: usize,
    /// Red.
    pub red: usize,
    /// Whether partners differ by two colours.
    pub apart: bool,
}

/// A follow-up action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionEntry {
    /// What is to be done.
    pub text: String,
    /// The owner partner's name.
    pub owner: String,
    /// When it is due (`YYYY-MM-DD`).
    pub due: String,
    /// The due date as Dutch documents write it.
    pub due_nl: String,
}

impl CourseCheckEntry {
    /// The closed rounds of `view`; `name` gives a partner's name.
    pub fn of(view: &AllianceView, name: &dyn Fn(&str) -> String) -> CourseCheckEntry {
        let closed: Vec<_> = view
            .coursechecks
            .iter()
            .filter(|r| r.closed_at.is_some())
            .collect();
        let rounds = closed
            .iter()
            .map(|r| RoundEntry {
                id: r.id.clone(),
                closes_nl: dutch_date(&r.closes),
                closes: r.closes.clone(),
                dimensions: r
                    .dimensions
                    .iter()
                    .map(|d| CellEntry {
                        dimension: d.dimension,
                        dimension_label: d.dimension.label_nl().to_owned(),
                        overall: d.overall,
                        green: d.green,
                        orange: d.orange,
                        red: d.red,
                        apart: d.apart,
                    })
                    .collect(),
            })
            .collect();
        let actions = closed
            .last()
            .map(|r| {
                r.actions
                    .iter()
                    .map(|a| ActionEntry {
                        text: a.text.clone(),
                        owner: name(&a.owner),
                        due_nl: dutch_date(&a.due),
                        due: a.due.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        CourseCheckEntry { rounds, actions }
    }

    /// Whether no round is closed yet.
    pub fn is_empty(&self) -> bool {
        self.rounds.is_empty()
    }
}

/// A cell as the heatmap prints it: the overall colour and the counts.
fn cell(c: &CellEntry) -> String {
    let Some(overall) = c.overall else {
        return "—".to_owned();
    };
    let apart = if c.apart { "; ver uiteen" } else { "" };
    format!(
        "{} ({} groen, {} oranje, {} rood{apart})",
        overall.label_nl(),
        c.green,
        c.orange,
        c.red
    )
}

/// The printed part: the heatmap and the last round's actions.
pub(super) fn blocks(entry: &CourseCheckEntry) -> Vec<Block> {
    let mut blocks = vec![heading(2, "Koerscheck")];
    if entry.is_empty() {
        blocks.push(Block::nothing("Nog geen gesloten koerscheck."));
        return blocks;
    }
    let mut columns = vec!["Dimensie".to_owned()];
    columns.extend(entry.rounds.iter().map(|r| format!("Tot {}", r.closes_nl)));
    let rows = Dimension::ALL
        .iter()
        .map(|dimension| {
            let mut row = vec![dimension.label_nl().to_owned()];
            row.extend(entry.rounds.iter().map(|r| {
                r.dimensions
                    .iter()
                    .find(|c| c.dimension == *dimension)
                    .map_or_else(|| "—".to_owned(), cell)
            }));
            row
        })
        .collect();
    let mut widths = vec![1.4];
    widths.extend(entry.rounds.iter().map(|_| 2.0));
    blocks.push(Block::Table(Table {
        columns,
        widths,
        rows,
        compact: entry.rounds.len() > 2,
    }));
    blocks.push(Block::text(
        "Per dimensie de kleur die de meeste partners gaven (bij gelijke aantallen de zwaarste), \
         met hoe de kleuren verdeeld zijn; \"ver uiteen\": partners gaven zowel groen als rood.",
    ));
    if !entry.actions.is_empty() {
        blocks.push(Block::Fields {
            fields: entry
                .actions
                .iter()
                .map(|a| {
                    Field::new(
                        "Vervolgactie",
                        format!("{} — {}, vóór {}", a.text, a.owner, a.due_nl),
                    )
                })
                .collect(),
        });
    }
    blocks
}
