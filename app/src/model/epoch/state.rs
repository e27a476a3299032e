//! The state of an alliance at one version as the trust rules read it: every
//! value that counts, nothing a forged write put there. A restart copies
//! this tree into the new epoch's first change, and looks in it for the text
//! to erase.

use std::collections::HashMap;

use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};

use crate::model::privacy;
use crate::model::read::At;
use crate::model::schema::*;
use crate::model::trust::{ChangeRecord, Found, Rule, Trust, Write};

/// One value of the state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A map: its entries, objects in the order they were created.
    Map(Vec<(String, Node)>),
    /// A collaborative text's contents.
    Text(String),
    /// A scalar.
    Scalar(ScalarValue),
}

/// Root keys a restart does not copy as they are: the bindings and the
/// checkpoint of history before signing (the new epoch has no such history),
/// the ratification records (their versions stay behind in the old
/// document; the new epoch lists them instead), the restart proposals, the
/// epoch record (written anew) and the alliance id (the successor's).
const NOT_COPIED: [&str; 6] = [ACTORS, TRUST, RATIFICATIONS, RESTARTS, EPOCH, ALLIANCE_ID];

/// The state of `doc` at `heads`, read through `trust` (computed at the
/// same heads).
pub(crate) fn read_state(
    doc: &AutoCommit,
    trust: &Trust,
    heads: &[ChangeHash],
) -> Vec<(String, Node)> {
    let reader = StateReader {
        doc,
        trust,
        at: At::Heads(heads),
        latest_writes: latest_writes(trust),
    };
    reader
        .map(&ROOT, &[])
        .into_iter()
        .filter(|(key, _)| !NOT_COPIED.contains(&key.as_str()))
        .collect()
}

/// Every string and text of a state with its path.
pub(crate) fn strings(entries: &[(String, Node)]) -> Vec<(Vec<String>, String)> {
    let mut found = Vec::new();
    collect_strings(entries, &mut Vec::new(), &mut found);
    found
}

fn collect_strings(
    entries: &[(String, Node)],
    path: &mut Vec<String>,
    found: &mut Vec<(Vec<String>, String)>,
) {
    for (key, node) in entries {
        path.push(key.clone());
        match node {
            Node::Map(children) => collect_strings(children, path, found),
            Node::Text(text) => found.push((path.clone(), text.clone())),
            Node::Scalar(ScalarValue::Str(s)) => found.push((path.clone(), s.to_string())),
            Node::Scalar(_) => {}
        }
        path.pop();
    }
}

struct StateReader<'a> {
    doc: &'a AutoCommit,
    trust: &'a Trust,
    at: At<'a>,
    /// The latest write on every path: the rule of a key whose values were
    /// all replaced or deleted follows from it.
    latest_writes: HashMap<Vec<String>, (usize, usize)>,
}

impl StateReader<'_> {
    fn map(&self, obj: &ObjId, path: &[String]) -> Vec<(String, Node)> {
        let mut entries: Vec<((u64, String), String, Node)> = Vec::new();
        for key in self.trust.keys(self.doc, self.at, obj) {
            let mut child_path = path.to_vec();
            child_path.push(key.clone());
            let counted = self.counted(obj, &key, &child_path);
            let Some((order, node)) = self.node(&counted, &child_path) else {
                continue;
            };
            entries.push((order, key, node));
        }
        entries.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        entries
            .into_iter()
            .map(|(_, key, node)| (key, node))
            .collect()
    }

    /// The values of `key` that count, oldest first: normally one; several
    /// when two replicas made the same map at once (they are merged).
    fn counted(&self, obj: &ObjId, key: &str, path: &[String]) -> Vec<(Found, ObjId)> {
        let values: Vec<(Found, ObjId)> = match self.at {
            At::Now => self.doc.get_all(obj, key),
            At::Heads(heads) => self.doc.get_all_at(obj, key, heads),
        }
        .unwrap_or_default()
        .into_iter()
        .map(|(value, id)| (found(value), id))
        .collect();
        let mut counting: Vec<(Found, ObjId)> = values
            .iter()
            .filter(|(_, id)| self.counts(id))
            .cloned()
            .collect();
        if counting.is_empty() {
            // Every value there was written by someone who may not: the
            // latest that counted before them, as every view reads it.
            let rule = self.rule_of_latest_write(path);
            counting.extend(self.trust.get(self.doc, self.at, obj, key, &rule));
        }
        counting.sort_by_key(|(_, id)| op_order(id));
        counting
    }

    fn node(&self, counted: &[(Found, ObjId)], path: &[String]) -> Option<((u64, String), Node)> {
        let (latest, latest_id) = counted.last()?;
        let order = op_order(&counted[0].1);
        let node = match latest {
            Found::Object(ObjType::Map) => {
                let mut merged: Vec<(String, Node)> = Vec::new();
                for (value, id) in counted {
                    if *value != Found::Object(ObjType::Map) {
                        continue;
                    }
                    for (key, child) in self.map(id, path) {
                        merged.retain(|(k, _)| *k != key);
                        merged.push((key, child));
                    }
                }
                Node::Map(merged)
            }
            Found::Object(ObjType::Text) => {
                let text = match self.at {
                    At::Now => self.doc.text(latest_id),
                    At::Heads(heads) => self.doc.text_at(latest_id, heads),
                }
                .unwrap_or_default();
                Node::Text(privacy::mask(&text).into_owned())
            }
            Found::Object(_) => return None,
            Found::Scalar(ScalarValue::Str(s)) => {
                Node::Scalar(ScalarValue::Str(privacy::mask(s).as_ref().into()))
            }
            Found::Scalar(scalar) => Node::Scalar(scalar.clone()),
        };
        let order = match latest {
            Found::Object(_) => order,
            Found::Scalar(_) => (0, String::new()),
        };
        Some((order, node))
    }

    /// Whether the write of `id` counts.
    fn counts(&self, id: &ObjId) -> bool {
        let ObjId::Id(counter, actor, _) = id else {
            return false;
        };
        let Some(change) = self.trust.log().change_of(*counter, actor) else {
            return false;
        };
        let Some(write) = change.writes.iter().find(|w| w.counter == *counter) else {
            return false;
        };
        self.trust.judge(change, write).counts
    }

    fn rule_of_latest_write(&self, path: &[String]) -> Rule {
        let Some((c, w)) = self.latest_writes.get(path) else {
            return Rule::Nobody;
        };
        let change: &ChangeRecord = &self.trust.log().changes[*c];
        let write: &Write = &change.writes[*w];
        crate::model::trust::rule_for(self.trust, path, write, change)
    }
}

/// The latest write (change index, write index) on every path of the log.
fn latest_writes(trust: &Trust) -> HashMap<Vec<String>, (usize, usize)> {
    let mut latest = HashMap::new();
    for (c, change) in trust.log().changes.iter().enumerate() {
        for (w, write) in change.writes.iter().enumerate() {
            latest.insert(write.path.clone(), (c, w));
        }
    }
    latest
}

fn op_order(id: &ObjId) -> (u64, String) {
    match id {
        ObjId::Id(counter, actor, _) => (*counter, actor.to_hex_string()),
        ObjId::Root => (0, String::new()),
    }
}

fn found(value: Value<'_>) -> Found {
    match value {
        Value::Object(kind) => Found::Object(kind),
        Value::Scalar(scalar) => Found::Scalar(scalar.into_owned()),
    }
}
