//! What this device remembers of the alliances it restarted: the old id,
//! the new one, the proof to show a partner that comes back with the old
//! document, and this device's own edits waiting to be carried over.
//! Kept in `restarted.json` in the data directory; it holds no text of the
//! old history except this device's own later edits, until its user has
//! reviewed them.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use automerge::ActorId;

use super::atomic::write_atomically;
use crate::model::epoch::{CarriedEdit, RestartProof, RestartState};
use crate::model::{Alliance, Author, ModelError};

/// The file in the data directory.
pub const RESTARTS_FILE: &str = "restarted.json";

/// One restarted alliance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestartRecord {
    /// The old alliance id (its document is gone).
    pub previous: String,
    /// The new alliance id.
    pub successor: String,
    /// The proof, for partners that come back with the old document.
    pub proof: RestartProof,
    /// The devices that were members of the old document (peer ids).
    pub members: Vec<String>,
    /// This device's edits after the restart's version, to review.
    #[serde(default)]
    pub carried: Vec<CarriedEdit>,
}

/// A restart carried out in memory: the new epoch (its first change and
/// this device's note that it moved over) and the record to keep.
#[derive(Debug)]
pub struct Prepared {
    /// The new epoch.
    pub alliance: Alliance,
    /// What to remember.
    pub record: RestartRecord,
}

/// Builds the new epoch of `alliance` when every partner accepted a
/// restart; `None` when none is agreed. `author` acts in the new epoch
/// with `actor`.
pub fn prepare(
    alliance: &mut Alliance,
    author: &Author,
    actor: ActorId,
) -> Result<Option<Prepared>, ModelError> {
    let Some(proposal) = alliance
        .restarts()
        .into_iter()
        .find(|p| p.state == RestartState::Agreed)
    else {
        return Ok(None);
    };
    let (document, genesis) = alliance.build_epoch(&proposal)?;
    let carried = alliance.edits_after(&author.device, &proposal.clock);
    let members = alliance.trust().member_devices();
    let mut new = Alliance::from_document(document, actor)?;
    if alliance.confirmed().all {
        new.confirm_all_not_personal();
    }
    new.note_switched(author)?;
    Ok(Some(Prepared {
        alliance: new,
        record: RestartRecord {
            previous: proposal.alliance.clone(),
            successor: proposal.successor.clone(),
            proof: RestartProof::of(&proposal, &genesis),
            members,
            carried,
        },
    }))
}

/// Every record of the data directory `dir` (none when the file is missing).
pub fn load(dir: &Path) -> io::Result<Vec<RestartRecord>> {
    match std::fs::read(dir.join(RESTARTS_FILE)) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{RESTARTS_FILE} cannot be read: {e}"),
            )
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Adds or replaces the record of `record.previous`.
pub fn remember(dir: &Path, record: RestartRecord) -> io::Result<()> {
    let mut records = load(dir)?;
    records.retain(|r| r.previous != record.previous);
    records.push(record);
    store(dir, &records)
}

/// The record whose successor is `alliance`, if it restarted here.
pub fn of_successor(dir: &Path, alliance: &str) -> io::Result<Option<RestartRecord>> {
    Ok(load(dir)?.into_iter().find(|r| r.successor == alliance))
}

/// Replaces the edits waiting to be carried over into `successor`.
pub fn set_carried(dir: &Path, successor: &str, carried: Vec<CarriedEdit>) -> io::Result<()> {
    let mut records = load(dir)?;
    for record in records.iter_mut().filter(|r| r.successor == successor) {
        record.carried = carried.clone();
    }
    store(dir, &records)
}

/// The new id of an alliance that restarted (following several restarts).
pub fn successor_of(records: &[RestartRecord], alliance: &str) -> Option<String> {
    let mut current = records.iter().find(|r| r.previous == alliance)?;
    for _ in 0..records.len() {
        match records.iter().find(|r| r.previous == current.successor) {
            Some(next) => current = next,
            None => break,
        }
    }
    Some(current.successor.clone())
}

fn store(dir: &Path, records: &[RestartRecord]) -> io::Result<()> {
    let bytes = serde_json::to_vec_pretty(records)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
    write_atomically(&dir.join(RESTARTS_FILE), &bytes, 0o600)
}
