//! The new epoch's first change, built alike on every device, and what the
//! new epoch records about the old one.

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ChangeHash, ObjId, ObjType, ROOT, ScalarValue};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::proposal::{RestartProposal, RestartState};
use super::state::{Node, read_state};
use crate::model::alliance::Alliance;
use crate::model::error::ModelError;
use crate::model::ratification::status_at;
use crate::model::read::{self, At};
use crate::model::schema::*;
use crate::model::trust::Rule;

/// The key under `epoch` of who owned each owned object before the restart.
pub(crate) const EPOCH_OWNERS: &str = "owners";
/// The key under `epoch` where each device notes that it moved over.
pub(crate) const EPOCH_SWITCHED: &str = "switched";

/// A snapshot of an earlier epoch, as the new one records it. Its version
/// is not in this document: it stays verifiable from its export or archive
/// package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousSnapshot {
    /// The full snapshot id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its date (`YYYY-MM-DD`).
    pub date: String,
    /// The alliance (document) it was made in.
    pub alliance: String,
    /// Whether every partner of that time adopted it.
    pub adopted_by_all: bool,
    /// The board decisions recorded about it.
    pub decisions: Vec<PreviousDecision>,
}

/// A board decision of an earlier epoch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousDecision {
    /// The partner's name.
    pub partner_name: String,
    /// The body that decided.
    pub body: String,
    /// The decision (`adopted`, …).
    pub decision: String,
    /// Its date.
    pub date: String,
    /// Its reference, if any.
    pub reference: Option<String>,
}

/// What an epoch records about the restart it began with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EpochInfo {
    /// The alliance (document) it restarted from.
    pub previous: String,
    /// The version of that document it holds (hex, sorted).
    pub heads: Vec<String>,
    /// Why it restarted.
    pub reason: String,
    /// How many values the restart replaced.
    pub replaced: u64,
    /// The snapshots before it, oldest first.
    pub previous_snapshots: Vec<PreviousSnapshot>,
    /// The devices that moved over (peer ids).
    pub switched: Vec<String>,
}

impl Alliance {
    /// Builds the new epoch of an agreed restart: a document whose one
    /// change is the same, byte for byte, on every device that builds it.
    pub fn build_epoch(
        &mut self,
        proposal: &RestartProposal,
    ) -> Result<(AutoCommit, ChangeHash), ModelError> {
        if proposal.state != RestartState::Agreed {
            return Err(ModelError::RestartNotReady(
                "not every partner has accepted it",
            ));
        }
        let heads = proposal.parsed_heads()?;
        if !self.has_changes(&heads) {
            return Err(ModelError::RestartNotReady(
                "its version is not on this device",
            ));
        }
        let trust = self.trust_at(&heads);
        let mut state = read_state(self.document(), &trust, &heads);
        for replacement in &proposal.replacements {
            replace_at(&mut state, &replacement.path, &replacement.value);
        }
        let mut previous = self
            .epoch()
            .map(|e| e.previous_snapshots)
            .unwrap_or_default();
        let status = status_at(self.document(), &trust, At::Heads(&heads));
        previous.extend(status.snapshots.into_iter().map(|s| {
            PreviousSnapshot {
                id: s.snapshot.id,
                label: s.snapshot.label,
                date: s.snapshot.date,
                alliance: self.id().to_owned(),
                adopted_by_all: s.adopted_by_all,
                decisions: s
                    .decisions
                    .into_iter()
                    .map(|d| PreviousDecision {
                        partner_name: d.partner_name,
                        body: d.body,
                        decision: d.decision.to_string(),
                        date: d.date,
                        reference: d.reference,
                    })
                    .collect(),
            }
        }));
        let owners: Vec<(String, String)> = {
            let mut owners: Vec<(String, String)> = trust
                .owners()
                .iter()
                .filter(|(path, _)| {
                    path.first()
                        .is_some_and(|root| state.iter().any(|(k, _)| k == root))
                })
                .map(|(path, partner)| (path.join("/"), partner.clone()))
                .collect();
            owners.sort();
            owners
        };
        let mut doc = AutoCommit::new().with_actor(epoch_actor(&proposal.successor));
        write_entries(&mut doc, &ROOT, &state)?;
        doc.put(ROOT, ALLIANCE_ID, proposal.successor.as_str())?;
        doc.put_object(ROOT, RATIFICATIONS, ObjType::Map)?;
        let epoch = doc.put_object(ROOT, EPOCH, ObjType::Map)?;
        doc.put(&epoch, "previous", proposal.alliance.as_str())?;
        doc.put(&epoch, "heads", proposal.heads.join(" "))?;
        doc.put(&epoch, "restart", proposal.id.as_str())?;
        doc.put(&epoch, "reason", proposal.reason.as_str())?;
        doc.put(&epoch, "replaced", proposal.replacements.len() as u64)?;
        let snapshots = serde_json::to_string(&previous).unwrap_or_default();
        doc.put(&epoch, "previous_snapshots", snapshots)?;
        let accepted = doc.put_object(&epoch, "accepted", ObjType::Map)?;
        for acceptance in &proposal.accepted {
            let entry = doc.put_object(&accepted, acceptance.partner.as_str(), ObjType::Map)?;
            doc.put(&entry, "device", acceptance.device.as_str())?;
            doc.put(&entry, "key", acceptance.key.as_str())?;
            doc.put(&entry, "signature", acceptance.signature.as_str())?;
        }
        let owned = doc.put_object(&epoch, EPOCH_OWNERS, ObjType::Map)?;
        for (path, partner) in &owners {
            doc.put(&owned, path.as_str(), partner.as_str())?;
        }
        doc.put_object(&epoch, EPOCH_SWITCHED, ObjType::Map)?;
        let hash = doc
            .commit_with(
                CommitOptions::default()
                    .with_message("restart".to_owned())
                    .with_time(proposal.proposed_at_ms / 1000),
            )
            .ok_or(ModelError::RestartNotReady(
                "the new epoch could not be written",
            ))?;
        Ok((doc, hash))
    }

    /// What this epoch records about the restart it began with; `None` for
    /// an alliance that never restarted.
    pub fn epoch(&self) -> Option<EpochInfo> {
        self.reader(|reader| {
            let epoch = reader.map(&ROOT, EPOCH, &Rule::Founding)?;
            let founding = |key: &str| reader.text(&epoch, key, &Rule::Founding);
            let raw = match reader.scalar(&epoch, "previous_snapshots", &Rule::Founding) {
                Some(ScalarValue::Str(s)) => s.to_string(),
                _ => String::new(),
            };
            let switched = reader
                .map(&epoch, EPOCH_SWITCHED, &Rule::Founding)
                .map(|map| {
                    read::keys_at(reader.doc, reader.at, &map)
                        .into_iter()
                        .filter(|d| reader.scalar(&map, d, &Rule::Member).is_some())
                        .collect()
                })
                .unwrap_or_default();
            Some(EpochInfo {
                previous: founding("previous"),
                heads: founding("heads")
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
                reason: founding("reason"),
                replaced: match reader.scalar(&epoch, "replaced", &Rule::Founding) {
                    Some(ScalarValue::Uint(n)) => n,
                    _ => 0,
                },
                previous_snapshots: serde_json::from_str(&raw).unwrap_or_default(),
                switched,
            })
        })
    }

    /// Notes in the new epoch that `author`'s device moved over: the first
    /// signed change on top of the shared first one.
    pub fn note_switched(&mut self, author: &crate::model::Author) -> Result<(), ModelError> {
        let epoch = read::map_at(self.document(), At::Now, &ROOT, EPOCH)
            .and_then(|e| read::map_at(self.document(), At::Now, &e, EPOCH_SWITCHED))
            .ok_or(ModelError::RestartNotReady("this alliance did not restart"))?;
        self.change(author, "moved to the new epoch".into(), |doc| {
            doc.put(
                &epoch,
                author.device.as_str(),
                ScalarValue::Timestamp(crate::model::alliance::now_ms()),
            )?;
            Ok(())
        })
    }
}

/// The actor of a new epoch's first change: the same on every device.
fn epoch_actor(successor: &str) -> ActorId {
    let digest = Sha256::digest(format!("rondetafel-epoch-actor\n{successor}").as_bytes());
    ActorId::from(&digest[..16])
}

/// Puts `value` at `path` in the state, where a string or text is.
fn replace_at(entries: &mut [(String, Node)], path: &[String], value: &str) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Some((_, node)) = entries.iter_mut().find(|(k, _)| k == first) else {
        return;
    };
    match node {
        Node::Map(children) if !rest.is_empty() => replace_at(children, rest, value),
        Node::Text(text) if rest.is_empty() => *text = value.to_owned(),
        Node::Scalar(ScalarValue::Str(s)) if rest.is_empty() => *s = value.into(),
        _ => {}
    }
}

/// Writes the entries of a state into `obj`, in their order.
fn write_entries(
    doc: &mut AutoCommit,
    obj: &ObjId,
    entries: &[(String, Node)],
) -> Result<(), ModelError> {
    for (key, node) in entries {
        match node {
            Node::Map(children) => {
                let child = doc.put_object(obj, key.as_str(), ObjType::Map)?;
                write_entries(doc, &child, children)?;
            }
            Node::Text(text) => {
                let child = doc.put_object(obj, key.as_str(), ObjType::Text)?;
                doc.splice_text(&child, 0, 0, text)?;
            }
            Node::Scalar(value) => {
                doc.put(obj, key.as_str(), value.clone())?;
            }
        }
    }
    Ok(())
}
