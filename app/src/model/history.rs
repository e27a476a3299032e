//! Who changed what, and when: the alliance's change history, attributed to
//! devices and partners through the actor bindings in the document.

use serde::Serialize;

use super::read::At;
use super::view::{self, ActorBindings};

/// One change in the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// The change hash (hex).
    pub hash: String,
    /// When it was made, by the author's clock (RFC 3339).
    pub time: String,
    /// The Automerge actor id (hex) of the process that made it.
    pub actor: String,
    /// The device (peer id) the actor is bound to, if known.
    pub device: Option<String>,
    /// The partner id the actor is bound to, if known.
    pub partner: Option<String>,
    /// That partner's name, if known.
    pub partner_name: Option<String>,
    /// What the change did.
    pub message: String,
}

/// The history of `doc`, in causal order (every change after the changes it
/// depends on).
pub(crate) fn build(doc: &mut automerge::AutoCommit) -> Vec<HistoryEntry> {
    let bindings: ActorBindings = view::actor_bindings(doc, At::Now);
    let names = view::partner_names(doc, At::Now);
    doc.get_changes_meta(&[])
        .into_iter()
        .map(|change| {
            let actor = change.actor.to_hex_string();
            let binding = bindings.get(&actor);
            HistoryEntry {
                hash: change.hash.to_string(),
                time: view::format_ms(change.timestamp.saturating_mul(1000)),
                device: binding.map(|(device, _)| device.clone()),
                partner: binding.map(|(_, partner)| partner.clone()),
                partner_name: binding.and_then(|(_, partner)| names.get(partner).cloned()),
                message: change.message.map(|m| m.into_owned()).unwrap_or_default(),
                actor,
            }
        })
        .collect()
}
