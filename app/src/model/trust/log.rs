//! The change log of an alliance read as operations on paths: every change
//! with its author and every write it made (`partners/<id>/name`,
//! `agreements/<id>/positions/<partner>/stance`, …), including writes that
//! later writes replaced or deleted. Attribution and authorisation are
//! computed from this log, so a forged write cannot hide an earlier honest
//! one.

use std::collections::HashMap;

use automerge::legacy::{Key, ObjectId, OpType};
use automerge::{ActorId, AutoCommit, Change, ChangeHash, ExpandedChange, ScalarValue};
use rondetafel_sync::Decoded;

/// An object of the document: `None` is the root, else (counter, actor).
pub(crate) type ObjKey = Option<(u64, ActorId)>;

/// What one write did.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action {
    /// Made an object.
    Make,
    /// Put a value.
    Put(ScalarValue),
    /// Deleted a key.
    Delete,
    /// Edited a text or list (insert, delete or mark).
    Edit,
}

/// One write, on a map key of a known path.
#[derive(Debug, Clone)]
pub(crate) struct Write {
    /// The operation's counter (its actor is the change's).
    pub(crate) counter: u64,
    /// The object written in.
    pub(crate) obj: ObjKey,
    /// The path of the key written (for list and text edits: of the list).
    pub(crate) path: Vec<String>,
    /// What it did.
    pub(crate) action: Action,
}

/// One change of the log.
#[derive(Debug, Clone)]
pub(crate) struct ChangeRecord {
    /// Its hash.
    pub(crate) hash: ChangeHash,
    /// Its actor.
    pub(crate) actor: ActorId,
    /// The counter of its first and last operation.
    pub(crate) start_op: u64,
    /// The counter of its last operation.
    pub(crate) max_op: u64,
    /// Its dependencies.
    pub(crate) deps: Vec<ChangeHash>,
    /// Its time, by its author's clock (seconds since the Unix epoch).
    pub(crate) time: i64,
    /// Its message (what its author's program says it did).
    pub(crate) message: String,
    /// Its writes.
    pub(crate) writes: Vec<Write>,
}

/// The whole log with the parent of every object made, in one order every
/// replica agrees on: by the first operation counter of each change (a
/// Lamport clock, so every change comes after the changes it depends on),
/// then by hash. Rules that let the first of two concurrent writes win use
/// this order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Log {
    /// The changes, every change after the changes it depends on.
    pub(crate) changes: Vec<ChangeRecord>,
    /// Index of each change in `changes`.
    pub(crate) index: HashMap<ChangeHash, usize>,
    /// Every actor's changes as (first operation, last operation, hash),
    /// sorted: finds the change holding an operation without a scan.
    by_actor: HashMap<ActorId, Vec<(u64, u64, ChangeHash)>>,
    /// Every object ever made: its parent and key.
    objects: HashMap<(u64, ActorId), (ObjKey, String)>,
    /// The heads the log was read up to.
    pub(crate) heads: Vec<ChangeHash>,
}

/// The deepest path followed.
const MAX_DEPTH: usize = 16;

impl Log {
    /// Reads the log of `doc` up to `heads` (everything when `None`).
    pub(crate) fn read(doc: &AutoCommit, heads: Option<&[ChangeHash]>) -> Log {
        let mut log = Log::default();
        let mut doc = doc.clone();
        let changes = match heads {
            None => doc.get_changes(&[]),
            Some(heads) => {
                let later: std::collections::HashSet<ChangeHash> =
                    doc.get_changes(heads).iter().map(Change::hash).collect();
                doc.get_changes(&[])
                    .into_iter()
                    .filter(|c| !later.contains(&c.hash()))
                    .collect()
            }
        };
        for change in &changes {
            log.append(change);
        }
        log.heads = match heads {
            Some(heads) => heads.to_vec(),
            None => doc.get_heads(),
        };
        log.canonicalise();
        log
    }

    /// Puts the changes in the order every replica agrees on.
    fn canonicalise(&mut self) {
        let in_order = self
            .changes
            .windows(2)
            .all(|w| (w[0].start_op, w[0].hash) <= (w[1].start_op, w[1].hash));
        if in_order {
            return;
        }
        self.changes.sort_by_key(|c| (c.start_op, c.hash));
        self.index = self
            .changes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.hash, i))
            .collect();
    }

    /// Adds the changes of `doc` this log does not have yet, and returns
    /// their hashes. `supplied` may hold some of them already decoded (as
    /// they arrived): Automerge rebuilds every change it is asked for.
    pub(crate) fn update(&mut self, doc: &mut AutoCommit, supplied: &Decoded) -> Vec<ChangeHash> {
        let known: Vec<ChangeHash> = self
            .heads
            .iter()
            .filter(|h| self.index.contains_key(h))
            .copied()
            .collect();
        let new: Vec<ChangeHash> = doc
            .get_changes_meta(&known)
            .iter()
            .map(|meta| meta.hash)
            .filter(|hash| !self.index.contains_key(hash))
            .collect();
        let all_supplied = new.iter().all(|hash| supplied.contains_key(hash));
        if all_supplied {
            for hash in &new {
                if let Some(change) = supplied.get(hash) {
                    self.append_decoded(*hash, change);
                }
            }
        } else {
            for change in doc.get_changes(&known) {
                if !self.index.contains_key(&change.hash()) {
                    self.append(&change);
                }
            }
        }
        self.heads = doc.get_heads();
        self.canonicalise();
        new
    }

    fn append(&mut self, change: &Change) {
        self.append_decoded(change.hash(), &change.decode());
    }

    fn append_decoded(&mut self, hash: ChangeHash, expanded: &ExpandedChange) {
        let actor = expanded.actor_id.clone();
        let start = expanded.start_op.get();
        // As Automerge counts it: one before the start for a change without
        // operations.
        let max_op = start + expanded.operations.len() as u64 - 1;
        let mut writes = Vec::new();
        for (i, op) in expanded.operations.iter().enumerate() {
            let counter = start + i as u64;
            let obj = obj_key(&op.obj);
            // One write per edited text or list per change is enough to
            // attribute the edit.
            let repeat = matches!(op.key, Key::Seq(_))
                && writes
                    .last()
                    .is_some_and(|w: &Write| w.action == Action::Edit && w.obj == obj);
            if repeat {
                continue;
            }
            let Some(parent_path) = self.path_of(&obj) else {
                continue;
            };
            let (path, action) = match (&op.key, &op.action) {
                (Key::Map(key), action) => {
                    let mut path = parent_path;
                    path.push(key.to_string());
                    let action = match action {
                        OpType::Make(_) => {
                            self.objects
                                .insert((counter, actor.clone()), (obj.clone(), key.to_string()));
                            Action::Make
                        }
                        OpType::Put(value) => Action::Put(value.clone()),
                        OpType::Delete => Action::Delete,
                        _ => Action::Edit,
                    };
                    (path, action)
                }
                (Key::Seq(_), _) => (parent_path, Action::Edit),
            };
            writes.push(Write {
                counter,
                obj,
                path,
                action,
            });
        }
        self.index.insert(hash, self.changes.len());
        let ranges = self.by_actor.entry(actor.clone()).or_default();
        ranges.push((start, max_op, hash));
        if ranges.len() > 1 && ranges[ranges.len() - 2].0 > start {
            ranges.sort();
        }
        self.changes.push(ChangeRecord {
            hash,
            actor,
            start_op: start,
            max_op,
            deps: expanded.deps.clone(),
            time: expanded.time,
            message: expanded.message.clone().unwrap_or_default(),
            writes,
        });
    }

    /// The path of an object (empty for the root); `None` when it is not a
    /// map key's object we know, or lies deeper than we follow.
    pub(crate) fn path_of(&self, obj: &ObjKey) -> Option<Vec<String>> {
        let mut path = Vec::new();
        let mut current = obj.clone();
        while let Some(id) = current {
            if path.len() >= MAX_DEPTH {
                return None;
            }
            let (parent, key) = self.objects.get(&id)?;
            path.push(key.clone());
            current = parent.clone();
        }
        path.reverse();
        Some(path)
    }

    /// The object an object was made in.
    pub(crate) fn parent_of(&self, obj: &ObjKey) -> ObjKey {
        obj.as_ref()
            .and_then(|id| self.objects.get(id))
            .and_then(|(parent, _)| parent.clone())
    }

    /// The change holding operation `counter` of `actor`.
    pub(crate) fn change_of(&self, counter: u64, actor: &ActorId) -> Option<&ChangeRecord> {
        let ranges = self.by_actor.get(actor)?;
        let at = ranges.partition_point(|(start, _, _)| *start <= counter);
        let (_, max, hash) = ranges.get(at.checked_sub(1)?)?;
        (counter <= *max)
            .then(|| self.index.get(hash).map(|i| &self.changes[*i]))
            .flatten()
    }

    /// The highest operation counter of every actor among the ancestors of
    /// `hash` (itself included): an operation `(c, a)` is causally before
    /// the change exactly when `c <= clock[a]`.
    pub(crate) fn clock_of(&self, hash: &ChangeHash) -> HashMap<ActorId, u64> {
        let mut clock: HashMap<ActorId, u64> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![*hash];
        while let Some(h) = stack.pop() {
            if !seen.insert(h) {
                continue;
            }
            let Some(change) = self.index.get(&h).map(|i| &self.changes[*i]) else {
                continue;
            };
            let entry = clock.entry(change.actor.clone()).or_default();
            *entry = (*entry).max(change.max_op);
            stack.extend(change.deps.iter().copied());
        }
        clock
    }
}

/// The key of a legacy object id.
pub(crate) fn obj_key(obj: &ObjectId) -> ObjKey {
    match obj {
        ObjectId::Root => None,
        ObjectId::Id(id) => Some((id.0, id.1.clone())),
    }
}

/// The key of an exported object or operation id.
pub(crate) fn exid_key(id: &automerge::ObjId) -> ObjKey {
    match id {
        automerge::ObjId::Root => None,
        automerge::ObjId::Id(counter, actor, _) => Some((*counter, actor.clone())),
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT};

    use super::*;

    /// A document with nested maps, a text edited twice and a deletion,
    /// in several changes (one of them empty).
    fn document() -> AutoCommit {
        let mut doc = AutoCommit::new();
        let agreements = doc
            .put_object(ROOT, "agreements", ObjType::Map)
            .expect("map");
        let agreement = doc
            .put_object(&agreements, "a1", ObjType::Map)
            .expect("map");
        let body = doc
            .put_object(&agreement, "body", ObjType::Text)
            .expect("text");
        doc.commit();
        doc.splice_text(&body, 0, 0, "Samen ").expect("splice");
        doc.put(&agreement, "status", "proposed").expect("put");
        doc.commit();
        doc.empty_change(automerge::transaction::CommitOptions::default());
        doc.splice_text(&body, 6, 0, "sterk").expect("splice");
        doc.delete(&agreement, "status").expect("delete");
        doc.commit();
        doc
    }

    #[test]
    fn operations_decoded_on_arrival_give_the_same_log() {
        let mut doc = document();
        let read = Log::read(&doc, None);
        let decoded: Decoded = doc
            .get_changes(&[])
            .iter()
            .map(|c| (c.hash(), c.decode()))
            .collect();
        let mut supplied = Log::default();
        let added = supplied.update(&mut doc, &decoded);
        assert_eq!(added.len(), 4);
        assert_eq!(
            format!("{:?}", read.changes),
            format!("{:?}", supplied.changes)
        );
        let mut rebuilt = Log::default();
        rebuilt.update(&mut doc, &Decoded::new());
        assert_eq!(
            format!("{:?}", read.changes),
            format!("{:?}", rebuilt.changes)
        );
    }
}
