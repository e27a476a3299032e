//! The input from the work floor and clients as a snapshot export shows
//! it: each bottleneck or idea, who it came from as it was signed, its
//! support, and what became of it.

use serde::Serialize;

use super::layout::{Block, Numbering};
use crate::model::{AllianceView, InputKind, InputRole, InputStatus, Signing};

/// One piece of input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputEntry {
    /// Bottleneck or idea.
    pub kind: InputKind,
    /// What it says.
    pub text: String,
    /// Where it comes from.
    pub role: InputRole,
    /// How it was signed.
    pub signing: Signing,
    /// Who it came from, as signed ("Anja de Vries, professional, Zorg
    /// Dichtbij", or only the role when anonymous).
    pub from: String,
    /// How many partner-and-role pairs support it.
    pub supports: usize,
    /// What became of it.
    pub status: InputStatus,
    /// What became of it, in Dutch: the status with the agreement's title
    /// or the reason.
    pub outcome: String,
}

/// The input of `view`; `name` gives a partner's name.
pub fn entries(view: &AllianceView, name: &dyn Fn(&str) -> String) -> Vec<InputEntry> {
    view.inputs
        .iter()
        .map(|input| {
            let mut from = Vec::new();
            if !input.name.is_empty() {
                from.push(input.name.clone());
            }
            from.push(input.role.label_nl().to_lowercase());
            if let Some(partner) = &input.partner {
                from.push(name(partner));
            }
            let agreement = input.agreement.as_ref().map(|id| {
                view.agreements
                    .iter()
                    .find(|a| &a.id == id)
                    .map_or_else(|| id.clone(), |a| a.title.clone())
            });
            let outcome = match (input.status, agreement, input.reason.is_empty()) {
                (InputStatus::TakenUp | InputStatus::Done, Some(title), _) => {
                    format!("{}: afspraak “{title}”", input.status.label_nl())
                }
                (_, _, false) => format!("{}: {}", input.status.label_nl(), input.reason),
                _ => input.status.label_nl().to_owned(),
            };
            InputEntry {
                kind: input.kind,
                text: input.text.clone(),
                role: input.role,
                signing: input.signing,
                from: from.join(", "),
                supports: input.supports.len(),
                status: input.status,
                outcome,
            }
        })
        .collect()
}

/// The printed section.
pub(super) fn section(inputs: &[InputEntry], numbering: &mut Numbering) -> Vec<Block> {
    let rows = inputs
        .iter()
        .map(|i| {
            vec![
                i.kind.label_nl().to_owned(),
                i.text.clone(),
                i.from.clone(),
                i.supports.to_string(),
                i.outcome.clone(),
            ]
        })
        .collect();
    vec![
        numbering.section("Inbreng: knelpunten en ideeën"),
        Block::table(
            &[
                ("Soort", 0.8),
                ("Inbreng", 2.4),
                ("Van", 1.6),
                ("Steun", 0.6),
                ("Wat ermee gebeurde", 2.0),
            ],
            rows,
            "Nog geen inbreng.",
        ),
    ]
}
