//! Edits this device made in the old epoch that the new one lacks (made
//! offline, or after the proposal): found when the device moves over, kept
//! for its user to review, and written into the new epoch as new changes.

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ROOT, ScalarValue};
use rondetafel_sync::signing;
use serde::{Deserialize, Serialize};

use super::state::{Node, read_state};
use crate::model::alliance::{Alliance, Author};
use crate::model::error::ModelError;
use crate::model::read::{self, At};
use crate::model::trust::Action;

/// One value to carry over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarriedEdit {
    /// Where (`interests/<id>/text`).
    pub path: Vec<String>,
    /// What it was in the old epoch on this device.
    pub value: CarriedValue,
}

/// The value of a carried edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum CarriedValue {
    /// A map made here.
    Map,
    /// A text's contents.
    Text(String),
    /// A string.
    Str(String),
    /// A number.
    Int(i64),
    /// A non-negative number.
    Uint(u64),
    /// A yes or no.
    Bool(bool),
    /// A moment (milliseconds since the Unix epoch).
    Timestamp(i64),
}

impl CarriedValue {
    /// The value as the user reads it.
    pub fn display(&self) -> String {
        match self {
            CarriedValue::Map => String::new(),
            CarriedValue::Text(s) | CarriedValue::Str(s) => s.clone(),
            CarriedValue::Int(n) | CarriedValue::Timestamp(n) => n.to_string(),
            CarriedValue::Uint(n) => n.to_string(),
            CarriedValue::Bool(b) => b.to_string(),
        }
    }
}

impl Alliance {
    /// The edits `device` made in this (old) document after the version a
    /// restart started from (`clock`: the last sequence number of every
    /// actor in it), with their values now, parents first.
    pub fn edits_after(&mut self, device: &str, clock: &BTreeMap<String, u64>) -> Vec<CarriedEdit> {
        let mine: BTreeSet<automerge::ChangeHash> = self
            .change_sequence()
            .into_iter()
            .filter(|(actor, seq, _)| {
                signing::device_peer(actor).is_some_and(|p| p.to_string() == device)
                    && clock
                        .get(&actor.to_hex_string())
                        .is_none_or(|last| seq > last)
            })
            .map(|(_, _, hash)| hash)
            .collect();
        if mine.is_empty() {
            return Vec::new();
        }
        let trust = self.trust();
        let mut paths: BTreeSet<Vec<String>> = BTreeSet::new();
        for change in trust
            .log()
            .changes
            .iter()
            .filter(|c| mine.contains(&c.hash))
        {
            for write in change.writes.iter().filter(|w| w.action != Action::Delete) {
                paths.insert(write.path.clone());
            }
        }
        let heads = self.heads();
        let state = read_state(self.document(), &trust, &heads);
        let mut edits: Vec<CarriedEdit> = paths
            .into_iter()
            .filter_map(|path| {
                let value = carried_value(lookup(&state, &path)?)?;
                Some(CarriedEdit { path, value })
            })
            .collect();
        edits.sort_by_key(|e| e.path.len());
        edits
    }

    /// Writes carried edits into this (new) epoch as one change by
    /// `author`; each follows the rules of the alliance like any edit.
    pub fn apply_carried_edits(
        &mut self,
        author: &Author,
        edits: &[CarriedEdit],
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        if edits.is_empty() {
            return Ok(());
        }
        self.change(
            author,
            format!("carry over {} edit(s) from before the restart", edits.len()),
            |doc| {
                for edit in edits {
                    write_edit(doc, edit)?;
                }
                Ok(())
            },
        )
    }
}

fn lookup<'a>(entries: &'a [(String, Node)], path: &[String]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let (_, node) = entries.iter().find(|(k, _)| k == first)?;
    match (node, rest.is_empty()) {
        (_, true) => Some(node),
        (Node::Map(children), false) => lookup(children, rest),
        _ => None,
    }
}

fn carried_value(node: &Node) -> Option<CarriedValue> {
    Some(match node {
        Node::Map(_) => CarriedValue::Map,
        Node::Text(text) => CarriedValue::Text(text.clone()),
        Node::Scalar(ScalarValue::Str(s)) => CarriedValue::Str(s.to_string()),
        Node::Scalar(ScalarValue::Int(n)) => CarriedValue::Int(*n),
        Node::Scalar(ScalarValue::Uint(n)) => CarriedValue::Uint(*n),
        Node::Scalar(ScalarValue::Boolean(b)) => CarriedValue::Bool(*b),
        Node::Scalar(ScalarValue::Timestamp(t)) => CarriedValue::Timestamp(*t),
        Node::Scalar(_) => return None,
    })
}

/// Writes one edit, making the maps on its path where the new epoch lacks
/// them.
fn write_edit(
    doc: &mut automerge::AutoCommit,
    edit: &CarriedEdit,
) -> Result<(), automerge::AutomergeError> {
    let Some((last, parents)) = edit.path.split_last() else {
        return Ok(());
    };
    let mut obj: ObjId = ROOT;
    for key in parents {
        obj = match read::map_at(doc, At::Now, &obj, key) {
            Some(map) => map,
            None => doc.put_object(&obj, key.as_str(), ObjType::Map)?,
        };
    }
    let key = last.as_str();
    match &edit.value {
        CarriedValue::Map => {
            if read::map_at(doc, At::Now, &obj, key).is_none() {
                doc.put_object(&obj, key, ObjType::Map)?;
            }
        }
        CarriedValue::Text(text) => {
            let text_obj = match read::object_at(doc, At::Now, &obj, key, ObjType::Text) {
                Some(t) => t,
                None => doc.put_object(&obj, key, ObjType::Text)?,
            };
            doc.update_text(&text_obj, text)?;
        }
        CarriedValue::Str(s) => doc.put(&obj, key, s.as_str())?,
        CarriedValue::Int(n) => doc.put(&obj, key, *n)?,
        CarriedValue::Uint(n) => doc.put(&obj, key, *n)?,
        CarriedValue::Bool(b) => doc.put(&obj, key, *b)?,
        CarriedValue::Timestamp(t) => doc.put(&obj, key, ScalarValue::Timestamp(*t))?,
    }
    Ok(())
}
