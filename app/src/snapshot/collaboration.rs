//! How the partners work together, as a snapshot export shows it: each
//! partner's role card, who expects what of whom, and the closed rounds of
//! the course check.

use serde::Serialize;

use super::conflicts::conflicts;
use super::content::dutch_date;
use super::coursecheck::{self, CourseCheckEntry};
use super::layout::{Block, Field, Numbering, heading};
use crate::model::{AllianceView, Contribution, Recognition};

/// The collaboration part of a snapshot export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Collaboration {
    /// The role cards, in the order of the partners.
    pub roles: Vec<RoleCardEntry>,
    /// The partners without a role card.
    pub without_card: Vec<String>,
    /// Who expects what of whom.
    pub expectations: Vec<ExpectationEntry>,
    /// The closed course check rounds (left out while there are none).
    #[serde(skip_serializing_if = "CourseCheckEntry::is_empty")]
    pub coursecheck: CourseCheckEntry,
}

/// One partner's role card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleCardEntry {
    /// The partner's name.
    pub partner: String,
    /// What it brings, per kind.
    pub brings: Vec<BringsEntry>,
    /// Its responsibilities in the alliance.
    pub responsible: String,
    /// What its representative may decide without going back to its board.
    pub mandate: String,
    /// The review date (`YYYY-MM-DD`).
    pub review_date: Option<String>,
    /// The review date as Dutch documents write it.
    pub review_date_nl: Option<String>,
    /// What a reader must know first: fields set concurrently.
    pub notes: Vec<String>,
}

/// One kind of contribution on a role card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BringsEntry {
    /// The kind.
    pub kind: Contribution,
    /// The kind in Dutch.
    pub kind_label: String,
    /// What it brings of that kind.
    pub text: String,
}

/// One expectation with its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpectationEntry {
    /// The partner that expects it.
    pub from: String,
    /// The partner it is expected of.
    pub of: String,
    /// What is expected.
    pub text: String,
    /// The answer, if given.
    pub answer: Option<Recognition>,
    /// The answer in Dutch ("nog niet beantwoord" when there is none).
    pub answer_label: String,
    /// The remark with the answer.
    pub remark: String,
    /// Whether it is a point to discuss: unanswered or not recognised.
    pub to_discuss: bool,
}

impl Collaboration {
    /// The collaboration of `view`; `name` gives a partner's name.
    pub fn of(view: &AllianceView, name: &dyn Fn(&str) -> String) -> Collaboration {
        let roles = view
            .partners
            .iter()
            .filter_map(|p| view.roles.iter().find(|c| c.partner == p.id))
            .map(|card| RoleCardEntry {
                partner: name(&card.partner),
                brings: card
                    .brings
                    .iter()
                    .map(|(kind, text)| BringsEntry {
                        kind: *kind,
                        kind_label: kind.label_nl().to_owned(),
                        text: text.clone(),
                    })
                    .collect(),
                responsible: card.responsible.clone(),
                mandate: card.mandate.clone(),
                review_date_nl: card.review_date.as_deref().map(dutch_date),
                review_date: card.review_date.clone(),
                notes: conflicts(&card.conflicts, name)
                    .iter()
                    .map(|c| c.sentence())
                    .collect(),
            })
            .collect();
        let without_card = view
            .partners
            .iter()
            .filter(|p| !view.roles.iter().any(|c| c.partner == p.id))
            .map(|p| p.name.clone())
            .collect();
        let expectations = view
            .expectations
            .iter()
            .map(|e| ExpectationEntry {
                from: name(&e.from),
                of: name(&e.of),
                text: e.text.clone(),
                answer: e.answer.as_ref().map(|a| a.answer),
                answer_label: e.answer.as_ref().map_or_else(
                    || "nog niet beantwoord".to_owned(),
                    |a| a.answer.label_nl().to_owned(),
                ),
                remark: e
                    .answer
                    .as_ref()
                    .map(|a| a.remark.clone())
                    .unwrap_or_default(),
                to_discuss: e.to_discuss,
            })
            .collect();
        Collaboration {
            roles,
            without_card,
            expectations,
            coursecheck: CourseCheckEntry::of(view, name),
        }
    }

    /// Whether nothing is written yet (then older exports stay as they
    /// were: the JSON leaves it out).
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty() && self.expectations.is_empty() && self.coursecheck.is_empty()
    }
}

/// The printed section: each role card, who expects what of whom, and the
/// course check.
pub(super) fn section(collaboration: &Collaboration, numbering: &mut Numbering) -> Vec<Block> {
    let mut blocks = vec![numbering.section("Samenwerking")];
    if collaboration.is_empty() {
        blocks.push(Block::nothing(
            "Nog geen rolkaarten, verwachtingen of gesloten koerscheck.",
        ));
        return blocks;
    }
    for card in &collaboration.roles {
        blocks.push(numbering.part(&card.partner));
        blocks.push(Block::Fields {
            fields: card_fields(card),
        });
    }
    if !collaboration.without_card.is_empty() {
        blocks.push(Block::Fields {
            fields: vec![Field::new(
                "Nog geen rolkaart",
                collaboration.without_card.join(", "),
            )],
        });
    }
    blocks.push(heading(2, "Wie verwacht wat van wie"));
    let rows = collaboration
        .expectations
        .iter()
        .map(|e| {
            let answer = if e.to_discuss {
                format!("{} (te bespreken)", e.answer_label)
            } else {
                e.answer_label.clone()
            };
            vec![
                e.from.clone(),
                e.of.clone(),
                e.text.clone(),
                answer,
                e.remark.clone(),
            ]
        })
        .collect();
    blocks.push(Block::table(
        &[
            ("Van", 1.2),
            ("Aan", 1.2),
            ("Verwachting", 2.4),
            ("Antwoord", 1.2),
            ("Toelichting", 1.6),
        ],
        rows,
        "Nog geen verwachtingen uitgesproken.",
    ));
    blocks.extend(coursecheck::blocks(&collaboration.coursecheck));
    blocks
}

fn card_fields(card: &RoleCardEntry) -> Vec<Field> {
    let mut fields: Vec<Field> = card
        .brings
        .iter()
        .map(|b| {
            Field::new(
                format!("Brengt in ({})", b.kind_label.to_lowercase()),
                &b.text,
            )
        })
        .collect();
    let or_dash = |text: &str| {
        if text.is_empty() {
            "—".to_owned()
        } else {
            text.to_owned()
        }
    };
    fields.push(Field::new(
        "Verantwoordelijk voor",
        or_dash(&card.responsible),
    ));
    fields.push(Field::new(
        "Mandaat van de vertegenwoordiger",
        or_dash(&card.mandate),
    ));
    if let Some(date) = &card.review_date_nl {
        fields.push(Field::new("Evaluatiedatum", date));
    }
    fields.extend(card.notes.iter().map(|note| Field::new("Let op", note)));
    fields
}
