//! Who wrote what, and whether it counts. A pure function of the document,
//! so every replica agrees.
//!
//! Every change names its device: a signed actor id starts with the
//! device's public key (the sync layer refuses changes whose signature does
//! not match it), and history written before signing names its device
//! through the self-asserted bindings of that time, trusted only up to the
//! alliance's signed checkpoint. [`registry`] decides which devices belong
//! to which partner and until when; [`rules`] which partner may write
//! where. Reads of partner-owned values go through [`Trust::get`], which
//! skips writes that do not count and falls back to the latest write that
//! does, even when a forged write replaced or deleted it.

mod log;
mod registry;
mod rules;

use std::collections::{HashMap, HashSet};

use automerge::{ActorId, AutoCommit, ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue, Value};
use rondetafel_sync::{Decoded, signing};

pub(crate) use log::{Action, ChangeRecord, Log, Write, exid_key as obj_key};
pub(crate) use registry::Registry;
pub(crate) use rules::{Judgement, Rule, rule_for};

use super::read::At;

/// What a trusted read found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Found {
    /// An object of this type.
    Object(ObjType),
    /// A scalar.
    Scalar(ScalarValue),
}

/// Attribution and authorisation of one alliance at one version.
#[derive(Debug, Clone)]
pub struct Trust {
    log: Log,
    registry: Registry,
    /// The device of every actor that has one.
    devices: HashMap<ActorId, String>,
    /// Changes made before signing whose bindings are trusted.
    legacy_trusted: HashSet<ChangeHash>,
    /// Deletions of map keys: (object, key) → indexes of the changes.
    deletes: HashMap<(log::ObjKey, String), Vec<ChangeHash>>,
    /// The change that founded the alliance.
    founding: Option<ChangeHash>,
    /// The founding change when it began a new epoch: every partner
    /// accepted it, so each of its writes counts as its owner's.
    genesis: Option<ChangeHash>,
    /// The partner that first made the object at each owned path
    /// (`interests/<id>`, its responses, board decisions).
    owners: HashMap<Vec<String>, String>,
}

impl Trust {
    /// The trust of `doc` at `at`.
    pub fn of(doc: &AutoCommit, at: At<'_>) -> Trust {
        let heads = match at {
            At::Now => None,
            At::Heads(heads) => Some(heads),
        };
        Trust::from_log(Log::read(doc, heads))
    }

    /// The trust of `doc` now, read without copying it.
    pub fn now(doc: &mut AutoCommit) -> Trust {
        let mut log = Log::default();
        log.update(doc, &Decoded::new());
        Trust::from_log(log)
    }

    /// Brings the trust up to date with every change of `doc`. Changes
    /// that touch neither membership, nor owned objects' creation, nor the
    /// history before signing are added without recomputing the rest.
    pub fn update(&mut self, doc: &mut AutoCommit) {
        self.update_with(doc, &Decoded::new());
    }

    /// [`Trust::update`], taking the new changes' operations from
    /// `supplied` where it holds them (the changes of a sync message just
    /// applied) instead of asking the document to rebuild them.
    pub fn update_with(&mut self, doc: &mut AutoCommit, supplied: &Decoded) {
        let added = self.log.update(doc, supplied);
        let mut new: Vec<usize> = added
            .iter()
            .filter_map(|hash| self.log.index.get(hash).copied())
            .collect();
        new.sort_unstable();
        let simple = new.iter().all(|i| {
            let change = &self.log.changes[*i];
            signing::device_key(&change.actor).is_some()
                && change.writes.iter().all(|w| !shapes_trust(w))
        });
        if !simple {
            *self = Trust::from_log(std::mem::take(&mut self.log));
            return;
        }
        for index in new {
            let change = &self.log.changes[index];
            if !self.devices.contains_key(&change.actor)
                && let Some(peer) = signing::device_peer(&change.actor)
            {
                self.devices.insert(change.actor.clone(), peer.to_string());
            }
            add_deletes(&mut self.deletes, change);
        }
    }

    fn from_log(log: Log) -> Trust {
        let legacy_trusted = legacy_trusted(&log);
        let mut devices = HashMap::new();
        for change in &log.changes {
            if devices.contains_key(&change.actor) {
                continue;
            }
            if let Some(peer) = signing::device_peer(&change.actor) {
                devices.insert(change.actor.clone(), peer.to_string());
            }
        }
        for (actor, device) in legacy_bindings(&log, &legacy_trusted) {
            devices.entry(actor).or_insert(device);
        }
        let founding = log
            .changes
            .iter()
            .find(|c| {
                c.writes.iter().any(|w| {
                    w.obj.is_none()
                        && w.path == [super::schema::PARTNERS]
                        && w.action == Action::Make
                })
            })
            .map(|c| c.hash);
        // A new epoch's first change counts for every partner only while it
        // is the document's one change without dependencies: a second such
        // change, forged to sort first, must not take its place.
        let roots = log.changes.iter().filter(|c| c.deps.is_empty()).count();
        let genesis = founding.filter(|_| roots == 1).filter(|hash| {
            log.index.get(hash).is_some_and(|i| {
                log.changes[*i].writes.iter().any(|w| {
                    w.obj.is_none() && w.path == [super::schema::EPOCH] && w.action == Action::Make
                })
            })
        });
        let registry = Registry::compute(&log, &|actor| devices.get(actor).cloned(), genesis);
        let mut deletes = HashMap::new();
        for change in &log.changes {
            add_deletes(&mut deletes, change);
        }
        let mut trust = Trust {
            log,
            registry,
            devices,
            legacy_trusted,
            deletes,
            founding,
            genesis,
            owners: HashMap::new(),
        };
        trust.owners = owners(&trust);
        trust
    }

    /// The change that founded the alliance.
    pub(crate) fn founding(&self) -> Option<&ChangeHash> {
        self.founding.as_ref()
    }

    /// Whether operation `(counter, actor)` belongs to the first change of
    /// a new epoch.
    pub(crate) fn is_genesis(&self, counter: u64, actor: &ActorId) -> bool {
        self.genesis.is_some() && self.log.change_of(counter, actor).map(|c| c.hash) == self.genesis
    }

    /// The partner that made each owned object, by path.
    pub(crate) fn owners(&self) -> &HashMap<Vec<String>, String> {
        &self.owners
    }

    /// The partner that made the object at an owned path.
    pub(crate) fn owner_at(&self, path: &[&str]) -> Option<&str> {
        let path: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
        self.owners.get(&path).map(String::as_str)
    }

    /// The partners whose own devices recorded their presence at meeting
    /// `id`, anywhere in the log: whose close of it counts.
    pub(crate) fn meeting_attendees(&self, id: &str) -> Vec<String> {
        let mut present: Vec<String> = Vec::new();
        for change in &self.log.changes {
            for write in &change.writes {
                if let [collection, meeting, field, partner] = write.path.as_slice()
                    && collection == super::schema::MEETINGS
                    && meeting == id
                    && field == "attendance"
                    && matches!(write.action, Action::Put(_))
                    && self.partner_of_write(write.counter, &change.actor) == Some(partner)
                    && !present.contains(partner)
                {
                    present.push(partner.clone());
                }
            }
        }
        present
    }

    /// Whether a close of meeting `id` by one of the partners `present`
    /// is in the causal past of the write `(counter, actor)`: then that
    /// write comes after the meeting was closed and cannot close it again.
    pub(crate) fn closed_before(
        &self,
        id: &str,
        present: &[String],
        counter: u64,
        actor: &ActorId,
    ) -> bool {
        let Some(change) = self.log.change_of(counter, actor) else {
            return false;
        };
        let mut past: Option<HashMap<ActorId, u64>> = None;
        for earlier in &self.log.changes {
            for write in &earlier.writes {
                let is_close = matches!(write.path.as_slice(),
                    [collection, meeting, field]
                        if collection == super::schema::MEETINGS && meeting == id && field == "closed")
                    && write.action == Action::Make;
                if !is_close || (write.counter, &earlier.actor) == (counter, actor) {
                    continue;
                }
                let by_present = self
                    .partner_of_write(write.counter, &earlier.actor)
                    .is_some_and(|p| present.iter().any(|o| o == p));
                if !by_present {
                    continue;
                }
                let clock = past.get_or_insert_with(|| self.clock_of_heads(&change.deps));
                let seen = clock
                    .get(&earlier.actor)
                    .is_some_and(|m| *m >= write.counter)
                    || (earlier.actor == *actor && write.counter < counter);
                if seen {
                    return true;
                }
            }
        }
        false
    }

    /// The change log this trust was computed from.
    pub(crate) fn log(&self) -> &Log {
        &self.log
    }

    /// The registry of devices.
    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The device (peer id) that made a change of `actor`, if known.
    pub(crate) fn device_of(&self, actor: &ActorId) -> Option<&str> {
        self.devices.get(actor).map(String::as_str)
    }

    /// Whether a change was signed (its actor names its key).
    pub(crate) fn is_signed(&self, actor: &ActorId) -> bool {
        signing::device_key(actor).is_some()
    }

    /// Whether an unsigned change's attribution is trusted.
    pub(crate) fn is_trusted_legacy(&self, hash: &ChangeHash) -> bool {
        self.legacy_trusted.contains(hash)
    }

    /// The partner a write `(counter, actor)` counts for: the partner of
    /// its device, if that device is registered and the write comes before
    /// any removal that cut the device off.
    pub(crate) fn partner_of_write(&self, counter: u64, actor: &ActorId) -> Option<&str> {
        let device = self.devices.get(actor)?;
        let entry = self.registry.devices.get(device)?;
        self.registry
            .counts(device, counter, actor)
            .then_some(entry.partner.as_str())
    }

    /// The partner the operation `op` (an object or value id) counts for.
    pub(crate) fn partner_of(&self, op: &ObjId) -> Option<&str> {
        match op {
            ObjId::Id(counter, actor, _) => self.partner_of_write(*counter, actor),
            ObjId::Root => None,
        }
    }

    /// The partner and device that wrote `op`, whether or not it counts.
    pub(crate) fn writer_of(&self, op: &ObjId) -> (Option<String>, Option<String>) {
        let ObjId::Id(_, actor, _) = op else {
            return (None, None);
        };
        let device = self.devices.get(actor).cloned();
        let partner = device
            .as_ref()
            .and_then(|d| self.registry.devices.get(d))
            .map(|d| d.partner.clone());
        (partner, device)
    }

    /// Whether operation `op` may be written under `rule`.
    pub(crate) fn allows(&self, rule: &Rule, op: &ObjId) -> bool {
        let ObjId::Id(counter, actor, _) = op else {
            return false;
        };
        rules::allows(self, rule, *counter, actor)
    }

    /// The current devices of current partners: the peers that may sync.
    pub fn member_devices(&self) -> Vec<String> {
        self.registry
            .devices
            .iter()
            .filter(|(_, d)| !d.retired && !self.registry.removed.contains(&d.partner))
            .map(|(peer, _)| peer.clone())
            .collect()
    }

    /// The value of `key` in `obj` at `at` that counts under `rule`: the
    /// winner among the values that count, or, when none does, the latest
    /// one that counted before the writes that replaced or deleted it.
    pub(crate) fn get<D: ReadDoc>(
        &self,
        doc: &D,
        at: At<'_>,
        obj: &ObjId,
        key: &str,
        rule: &Rule,
    ) -> Option<(Found, ObjId)> {
        self.get_depth(doc, at, obj, key, rule, 0)
    }

    fn get_depth<D: ReadDoc>(
        &self,
        doc: &D,
        at: At<'_>,
        obj: &ObjId,
        key: &str,
        rule: &Rule,
        depth: usize,
    ) -> Option<(Found, ObjId)> {
        let values: Vec<(Found, ObjId)> = match at {
            At::Now => doc.get_all(obj, key),
            At::Heads(heads) => doc.get_all_at(obj, key, heads),
        }
        .unwrap_or_default()
        .into_iter()
        .map(|(value, id)| (found(value), id))
        .collect();
        if let Some(best) = latest(values.iter().filter(|(_, id)| self.allows(rule, id))) {
            return Some(best.clone());
        }
        if depth >= 8 {
            return None;
        }
        let mut earlier: Vec<Vec<ChangeHash>> = Vec::new();
        for (_, id) in &values {
            if let ObjId::Id(counter, actor, _) = id
                && let Some(change) = self.log.change_of(*counter, actor)
            {
                earlier.push(change.deps.clone());
            }
        }
        let visible = match at {
            At::Now => None,
            At::Heads(heads) => Some(self.clock_of_heads(heads)),
        };
        for hash in self
            .deletes
            .get(&(log::exid_key(obj), key.to_owned()))
            .into_iter()
            .flatten()
        {
            let Some(change) = self.log.index.get(hash).map(|i| &self.log.changes[*i]) else {
                continue;
            };
            let seen = visible.as_ref().is_none_or(|clock| {
                clock
                    .get(&change.actor)
                    .is_some_and(|m| *m >= change.max_op)
            });
            let counts = change.writes.iter().any(|w| {
                w.action == Action::Delete
                    && w.path.last().map(String::as_str) == Some(key)
                    && rules::allows_delete(self, rule, w.counter, &change.actor)
            });
            if seen && !counts {
                earlier.push(change.deps.clone());
            }
        }
        earlier.sort();
        earlier.dedup();
        let candidates: Vec<(Found, ObjId)> = earlier
            .iter()
            .filter_map(|heads| self.get_depth(doc, At::Heads(heads), obj, key, rule, depth + 1))
            .collect();
        latest(candidates.iter()).cloned()
    }

    /// The keys of `obj` at `at`, with every key a write deleted: the
    /// collections read this way (partners, interests, agreements,
    /// positions, decisions) are never deleted from by the program, and a
    /// deleted item's value is found again by [`Trust::get`].
    pub(crate) fn keys<D: ReadDoc>(&self, doc: &D, at: At<'_>, obj: &ObjId) -> Vec<String> {
        let mut keys = super::read::keys_at(doc, at, obj);
        let target = log::exid_key(obj);
        for (deleted_in, key) in self.deletes.keys() {
            if *deleted_in == target && !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        keys.sort();
        keys
    }

    fn clock_of_heads(&self, heads: &[ChangeHash]) -> HashMap<ActorId, u64> {
        let mut clock: HashMap<ActorId, u64> = HashMap::new();
        for head in heads {
            for (actor, max) in self.log.clock_of(head) {
                let entry = clock.entry(actor).or_default();
                *entry = (*entry).max(max);
            }
        }
        clock
    }

    /// What a write of a change means and whether it counts.
    pub(crate) fn judge(&self, change: &ChangeRecord, write: &Write) -> Judgement {
        rules::judge(self, change, write)
    }
}

/// Records the deletions of map keys that `change` made.
fn add_deletes(
    deletes: &mut HashMap<(log::ObjKey, String), Vec<ChangeHash>>,
    change: &ChangeRecord,
) {
    for write in change.writes.iter().filter(|w| w.action == Action::Delete) {
        if let Some(key) = write.path.last() {
            deletes
                .entry((write.obj.clone(), key.clone()))
                .or_default()
                .push(change.hash);
        }
    }
}

/// Whether a write can change who belongs to the alliance, who owns an
/// object, or which history before signing is trusted: then the trust is
/// computed anew.
fn shapes_trust(write: &Write) -> bool {
    let p: Vec<&str> = write.path.iter().map(String::as_str).collect();
    match p.as_slice() {
        [super::schema::PARTNERS, ..]
        | [super::schema::INVITATIONS, ..]
        | [super::schema::TRUST, ..]
        | [super::schema::ACTORS, ..]
        | [_] => true,
        [super::schema::INTERESTS, _] | [super::schema::INTERESTS, _, "responses", _] => {
            write.action == Action::Make
        }
        [super::schema::RATIFICATIONS, _]
        | [super::schema::EXPECTATIONS, _]
        | [super::schema::COURSECHECKS, _]
        | [super::schema::INPUTS, _]
        | [super::schema::INDICATORS, _]
        | [super::schema::REVIEWS, _]
        | [super::schema::MEETINGS, _]
        | [super::schema::RESTARTS, _]
        | [super::schema::INDICATORS, _, "measurements", _] => write.action == Action::Make,
        _ => false,
    }
}

/// Who first made each object that its maker owns: interests, their
/// responses, board decisions and expectations.
fn owners(trust: &Trust) -> HashMap<Vec<String>, String> {
    let mut owners = HashMap::new();
    // A new epoch's first change records who owned what before it.
    if let Some(genesis) = trust.genesis.and_then(|h| trust.log.index.get(&h)) {
        for write in &trust.log.changes[*genesis].writes {
            if let (Action::Put(ScalarValue::Str(partner)), [root, field, path]) =
                (&write.action, write.path.as_slice())
                && root == super::schema::EPOCH
                && field == super::epoch::EPOCH_OWNERS
            {
                let path: Vec<String> = path.split('/').map(str::to_owned).collect();
                owners.insert(path, partner.to_string());
            }
        }
    }
    for change in &trust.log.changes {
        for write in change.writes.iter().filter(|w| w.action == Action::Make) {
            let p: Vec<&str> = write.path.iter().map(String::as_str).collect();
            let owned = match p.as_slice() {
                [super::schema::INTERESTS, _] | [super::schema::INTERESTS, _, "responses", _] => {
                    true
                }
                [super::schema::RATIFICATIONS, key] => {
                    key.starts_with(super::ratification::DECISION_PREFIX)
                }
                [super::schema::RESTARTS, _] => true,
                [super::schema::EXPECTATIONS, _]
                | [super::schema::COURSECHECKS, _]
                | [super::schema::INPUTS, _]
                | [super::schema::INDICATORS, _]
                | [super::schema::REVIEWS, _]
                | [super::schema::MEETINGS, _]
                | [super::schema::INDICATORS, _, "measurements", _] => true,
                _ => false,
            };
            if owned
                && !owners.contains_key(&write.path)
                && let Some(partner) = trust.partner_of_write(write.counter, &change.actor)
            {
                owners.insert(write.path.clone(), partner.to_owned());
            }
        }
    }
    owners
}

/// The latest of some values, by Automerge's own order of operations.
fn latest<'a>(values: impl Iterator<Item = &'a (Found, ObjId)>) -> Option<&'a (Found, ObjId)> {
    values.max_by(|(_, a), (_, b)| op_order(a).cmp(&op_order(b)))
}

fn op_order(id: &ObjId) -> (u64, Vec<u8>) {
    match id {
        ObjId::Id(counter, actor, _) => (*counter, actor.to_bytes().to_vec()),
        ObjId::Root => (0, Vec::new()),
    }
}

fn found(value: Value<'_>) -> Found {
    match value {
        Value::Object(kind) => Found::Object(kind),
        Value::Scalar(scalar) => Found::Scalar(scalar.into_owned()),
    }
}

/// The changes written before signing whose bindings count: every unsigned
/// change when no checkpoint was written yet, else those the signed
/// checkpoints cover.
fn legacy_trusted(log: &Log) -> HashSet<ChangeHash> {
    let unsigned = || {
        log.changes
            .iter()
            .filter(|c| signing::device_key(&c.actor).is_none())
    };
    // Every signed checkpoint counts: two devices that upgraded at the same
    // time each vouch for the history they had.
    let checkpoints: Vec<String> = log
        .changes
        .iter()
        .filter(|change| signing::device_key(&change.actor).is_some())
        .flat_map(|change| {
            change
                .writes
                .iter()
                .filter_map(|w| match (&w.action, w.path.as_slice()) {
                    (Action::Put(ScalarValue::Str(heads)), [root, field])
                        if root == super::schema::TRUST && field == "checkpoint" =>
                    {
                        Some(heads.to_string())
                    }
                    _ => None,
                })
        })
        .collect();
    if checkpoints.is_empty() {
        return unsigned().map(|c| c.hash).collect();
    }
    let mut covered = HashSet::new();
    let mut stack: Vec<ChangeHash> = checkpoints
        .iter()
        .flat_map(|c| c.split_whitespace())
        .filter_map(|h| h.parse().ok())
        .collect();
    while let Some(hash) = stack.pop() {
        if let Some(index) = log.index.get(&hash)
            && covered.insert(hash)
        {
            stack.extend(log.changes[*index].deps.iter().copied());
        }
    }
    unsigned()
        .map(|c| c.hash)
        .filter(|h| covered.contains(h))
        .collect()
}

/// The devices of unsigned actors, from the bindings each wrote about
/// itself in trusted changes.
fn legacy_bindings(log: &Log, trusted: &HashSet<ChangeHash>) -> Vec<(ActorId, String)> {
    let mut found = Vec::new();
    for change in log.changes.iter().filter(|c| trusted.contains(&c.hash)) {
        let own = change.actor.to_hex_string();
        for write in &change.writes {
            if let (Action::Put(ScalarValue::Str(device)), [root, actor, field]) =
                (&write.action, write.path.as_slice())
                && root == super::schema::ACTORS
                && *actor == own
                && field == "device"
            {
                found.push((change.actor.clone(), device.to_string()));
            }
        }
    }
    found
}
