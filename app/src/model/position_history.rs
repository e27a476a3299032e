//! How each partner's position on an agreement went ("bezwaar → akkoord met
//! voorbehoud"), read from the writes that count: a position written for a
//! partner by another partner's device never appears.

use serde::Serialize;

use super::Alliance;
use super::error::ModelError;
use super::kinds::Stance;
use super::schema::AGREEMENTS;
use super::trust::{Action, ChangeRecord, Trust};
use super::view;

/// One position a partner gave on an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositionStep {
    /// The partner's id.
    pub partner: String,
    /// The position given.
    pub stance: Stance,
    /// Its reason (empty when none was given).
    pub reason: String,
    /// When, by the author's clock (RFC 3339).
    pub time: String,
}

impl Alliance {
    /// Every position given on an agreement, oldest first.
    pub fn position_history(&self, query: &str) -> Result<Vec<PositionStep>, ModelError> {
        let (id, _) = self.find_item(AGREEMENTS, "agreement", query)?;
        Ok(steps(&self.trust(), &id))
    }
}

/// The positions on agreement `id` in the order of the log every replica
/// agrees on.
fn steps(trust: &Trust, id: &str) -> Vec<PositionStep> {
    trust
        .log()
        .changes
        .iter()
        .flat_map(|change| steps_of(trust, change, id))
        .collect()
}

/// The positions one change gave on agreement `id` (one per partner).
fn steps_of(trust: &Trust, change: &ChangeRecord, id: &str) -> Vec<PositionStep> {
    // Per partner: the stance and reason this change wrote.
    let mut given: Vec<(&str, Option<Stance>, &str)> = Vec::new();
    for write in &change.writes {
        let [root, agreement, positions, partner, field] = write.path.as_slice() else {
            continue;
        };
        if root != AGREEMENTS || agreement != id || positions != "positions" {
            continue;
        }
        let Action::Put(automerge::ScalarValue::Str(value)) = &write.action else {
            continue;
        };
        if !trust.judge(change, write).counts {
            continue;
        }
        let entry = match given.iter().position(|(p, _, _)| p == partner) {
            Some(index) => &mut given[index],
            None => {
                given.push((partner.as_str(), None, ""));
                let last = given.len() - 1;
                &mut given[last]
            }
        };
        match field.as_str() {
            "stance" => entry.1 = value.parse().ok(),
            "reason" => entry.2 = value.as_str(),
            _ => {}
        }
    }
    given
        .into_iter()
        .filter_map(|(partner, stance, reason)| {
            Some(PositionStep {
                partner: partner.to_owned(),
                stance: stance?,
                reason: reason.to_owned(),
                time: view::format_ms(change.time.saturating_mul(1000)),
            })
        })
        .collect()
}
