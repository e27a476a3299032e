//! Screening the changes of an incoming sync message before any of them is
//! applied: each must be signed by the device key its actor names, must not
//! reuse an actor and sequence number for different content, and must not
//! depend on a change that was refused. The rest of the message is applied.

use std::collections::{HashMap, HashSet};

use automerge::{ActorId, AutoCommit, Change, ChangeHash};

use super::limits::Authored;
use crate::DocumentId;
use crate::signing::{self, Signatures, SignedChange};

/// What this replica knows that screening needs.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// The highest sequence number of every actor in the document (an
    /// actor's changes there are contiguous from 1).
    clock: HashMap<ActorId, u64>,
    /// The hashes of the document's changes. Automerge rebuilds a change to
    /// look it up by hash, far too slow to do for every change received.
    held: HashSet<ChangeHash>,
    /// Changes passed by screening that the document may not hold yet
    /// (Automerge queues a change until its dependencies arrive): a peer
    /// sending one of them again is not equivocating.
    pending: HashMap<(ActorId, u64), ChangeHash>,
    /// Changes refused before: anything depending on them is refused too.
    refused: HashSet<ChangeHash>,
}

impl Ledger {
    /// The ledger of a document's current changes.
    pub(crate) fn of(doc: &mut AutoCommit) -> Ledger {
        let mut ledger = Ledger::default();
        for change in doc.get_changes_meta(&[]) {
            ledger.hold(&change.actor, change.seq, change.hash);
        }
        ledger
    }

    /// Records that the document holds the change `hash` of `actor` with
    /// sequence number `seq`.
    pub(crate) fn hold(&mut self, actor: &ActorId, seq: u64, hash: ChangeHash) {
        let held = self.clock.entry(actor.clone()).or_default();
        *held = (*held).max(seq);
        self.held.insert(hash);
    }

    /// Whether the document holds the change `hash`.
    fn holds(&self, hash: &ChangeHash) -> bool {
        self.held.contains(hash)
    }

    fn held_seq(&self, actor: &ActorId) -> u64 {
        self.clock.get(actor).copied().unwrap_or(0)
    }
}

/// The signature verdicts of a message's changes, by hash.
pub(crate) type Verdicts = HashMap<ChangeHash, Result<(), signing::SignatureError>>;

/// Checks the signatures of those `changes` that the replica does not hold
/// yet and whose actors name a device key (the rest need none).
pub(crate) fn verify(
    document: &DocumentId,
    ledger: &Ledger,
    changes: &[Authored],
    signatures: &Signatures,
) -> Verdicts {
    let to_verify: Vec<SignedChange<'_>> = changes
        .iter()
        .filter(|c| !ledger.holds(&c.hash) && signing::device_key(&c.actor).is_some())
        .map(|c| SignedChange {
            hash: c.hash,
            actor: &c.actor,
            signature: signatures.get(&c.hash),
        })
        .collect();
    to_verify
        .iter()
        .map(|c| c.hash)
        .zip(signing::verify(document, &to_verify))
        .collect()
}

/// The outcome of screening one message.
#[derive(Debug, Default)]
pub struct Screened {
    /// The changes to apply, in message order.
    pub accepted: Vec<Change>,
    /// The signatures of the accepted changes.
    pub signatures: Signatures,
    /// How many were refused, and the first reason.
    pub refused: usize,
    /// Why the first refused change was refused.
    pub reason: Option<String>,
}

/// Changes carried by hand, applied.
#[derive(Debug)]
pub struct Carried {
    /// How many changes were new to the document.
    pub added: usize,
    /// The changes applied (for saving as they came).
    pub changes: Vec<Change>,
    /// Their signatures.
    pub signatures: Signatures,
}

/// Why changes carried by hand were not applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CarriedError {
    /// Screening refused some.
    #[error("{count} change(s) do not pass ({reason})")]
    Refused {
        /// How many.
        count: usize,
        /// Why the first did not.
        reason: String,
    },
    /// They build on changes the document lacks.
    #[error("the changes build on changes this device does not have")]
    MissingHistory,
    /// Automerge could not apply them.
    #[error("the changes could not be applied: {0}")]
    Apply(String),
}

/// Screens `changes` carried by hand to `doc` (see [`screen_changes`]) and
/// applies them all, or none: nothing changes when any is refused or when
/// they build on changes `doc` lacks.
pub fn apply_carried(
    document: &DocumentId,
    doc: &mut AutoCommit,
    changes: Vec<Change>,
    signatures: &Signatures,
) -> Result<Carried, CarriedError> {
    let screened = screen_changes(document, doc, changes, signatures);
    if screened.refused > 0 {
        return Err(CarriedError::Refused {
            count: screened.refused,
            reason: screened.reason.unwrap_or_default(),
        });
    }
    let apply = |doc: &mut AutoCommit| {
        doc.apply_changes(screened.accepted.clone())
            .map_err(|e| CarriedError::Apply(e.to_string()))
    };
    let mut trial = doc.fork();
    apply(&mut trial)?;
    if !trial.get_missing_deps(&[]).is_empty() {
        return Err(CarriedError::MissingHistory);
    }
    let before = doc.get_heads();
    apply(doc)?;
    Ok(Carried {
        added: doc.get_changes_meta(&before).len(),
        changes: screened.accepted,
        signatures: screened.signatures,
    })
}

/// Screens `changes` that reach `doc` (document `document`) outside a sync
/// session, such as a file carried by hand, by the same rules as a sync
/// message: each signed by the device key its actor names, no actor and
/// sequence number reused, nothing depending on a refused change, unsigned
/// history only below a signed change. Changes `doc` holds already pass.
pub fn screen_changes(
    document: &DocumentId,
    doc: &mut AutoCommit,
    changes: Vec<Change>,
    signatures: &Signatures,
) -> Screened {
    let mut ledger = Ledger::of(doc);
    let authored: Vec<Authored> = changes
        .iter()
        .map(|c| Authored {
            hash: c.hash(),
            actor: c.actor_id().clone(),
        })
        .collect();
    let verdicts = verify(document, &ledger, &authored, signatures);
    screen(&mut ledger, changes, signatures, verdicts)
}

/// Screens `changes` (already checked against the message caps) arriving
/// for `document` with `signatures`. Changes the replica holds already pass
/// unchecked. Unsigned changes (written before changes were signed) pass
/// only as the history of an accepted signed change of the same message.
///
/// `verdicts` are [`verify`]'s for the same changes; a change with a device
/// key and no verdict is refused.
pub(crate) fn screen(
    ledger: &mut Ledger,
    changes: Vec<Change>,
    signatures: &Signatures,
    mut verdicts: Verdicts,
) -> Screened {
    let fresh: Vec<Change> = changes
        .into_iter()
        .filter(|c| !ledger.holds(&c.hash()))
        .collect();
    let held = &ledger.held;
    ledger.pending.retain(|_, hash| !held.contains(hash));
    let mut outcome = Screened::default();
    let mut refused_here: HashSet<ChangeHash> = HashSet::new();
    let mut seen: HashMap<(ActorId, u64), ChangeHash> = HashMap::new();
    let mut unsigned: Vec<Change> = Vec::new();
    let refuse = |refused_here: &mut HashSet<ChangeHash>,
                  outcome: &mut Screened,
                  change: &Change,
                  reason: String| {
        refused_here.insert(change.hash());
        outcome.refused += 1;
        outcome.reason.get_or_insert(reason);
    };
    let mut has_root = !ledger.held.is_empty();
    for change in fresh {
        let hash = change.hash();
        let key = (change.actor_id().clone(), change.seq());
        if change.deps().is_empty() {
            // A document has one first change; a second would compete
            // with it for what the first change may decide.
            if has_root {
                refuse(
                    &mut refused_here,
                    &mut outcome,
                    &change,
                    "a second first change for a document that has one".into(),
                );
                continue;
            }
            has_root = true;
        }
        if change
            .deps()
            .iter()
            .any(|d| ledger.refused.contains(d) || refused_here.contains(d))
        {
            refuse(
                &mut refused_here,
                &mut outcome,
                &change,
                "it depends on a refused change".into(),
            );
            continue;
        }
        let pending = ledger.pending.get(&key).copied();
        let equivocates = match pending {
            // Passed before and still queued: the same change again is fine.
            Some(held) => held != hash,
            None => change.seq() <= ledger.held_seq(change.actor_id()),
        } || seen.get(&key).is_some_and(|other| *other != hash);
        if equivocates {
            refuse(
                &mut refused_here,
                &mut outcome,
                &change,
                "another change with the same actor and sequence number exists".into(),
            );
            continue;
        }
        seen.insert(key, hash);
        match verdicts.remove(&hash) {
            None if signing::device_key(change.actor_id()).is_some() => refuse(
                &mut refused_here,
                &mut outcome,
                &change,
                "its signature was not checked".into(),
            ),
            None => unsigned.push(change),
            Some(Err(e)) => refuse(&mut refused_here, &mut outcome, &change, e.to_string()),
            Some(Ok(())) => {
                if let Some(signature) = signatures.get(&hash) {
                    outcome.signatures.insert(hash, *signature);
                }
                outcome.accepted.push(change);
            }
        }
    }
    let vouched = history_of(&outcome.accepted, &unsigned);
    let (kept, orphans): (Vec<Change>, Vec<Change>) = unsigned
        .into_iter()
        .partition(|c| vouched.contains(&c.hash()));
    for change in &orphans {
        refuse(
            &mut refused_here,
            &mut outcome,
            change,
            "the change is not signed and no signed change builds on it".into(),
        );
    }
    // Unsigned history goes first: the signed changes depend on it.
    let mut accepted = kept;
    accepted.append(&mut outcome.accepted);
    // A signed change that depends on a refused unsigned one is refused too.
    let mut applied = Vec::with_capacity(accepted.len());
    for change in accepted {
        if change.deps().iter().any(|d| refused_here.contains(d)) {
            refused_here.insert(change.hash());
            outcome.signatures = without(&outcome.signatures, &change.hash());
            outcome.refused += 1;
            outcome
                .reason
                .get_or_insert_with(|| "it depends on a refused change".into());
            continue;
        }
        ledger
            .pending
            .insert((change.actor_id().clone(), change.seq()), change.hash());
        applied.push(change);
    }
    outcome.accepted = applied;
    ledger.refused.extend(refused_here);
    outcome
}

/// The hashes among `candidates` that some change of `signed` depends on,
/// directly or through other candidates.
fn history_of(signed: &[Change], candidates: &[Change]) -> HashSet<ChangeHash> {
    let by_hash: HashMap<ChangeHash, &Change> = candidates.iter().map(|c| (c.hash(), c)).collect();
    let mut reached = HashSet::new();
    let mut stack: Vec<ChangeHash> = signed.iter().flat_map(|c| c.deps().to_vec()).collect();
    while let Some(hash) = stack.pop() {
        if let Some(change) = by_hash.get(&hash)
            && reached.insert(hash)
        {
            stack.extend(change.deps().iter().copied());
        }
    }
    reached
}

fn without(signatures: &Signatures, hash: &ChangeHash) -> Signatures {
    let mut kept = Signatures::new();
    for (h, s) in signatures.iter().filter(|(h, _)| *h != hash) {
        kept.insert(*h, *s);
    }
    kept
}
