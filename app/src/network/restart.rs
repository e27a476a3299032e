//! Restarts on a running node (`serve`, `sync`, `join`, the window): the
//! node moves an alliance to its new epoch when the last acceptance
//! arrives, and follows a peer that says the alliance it asks for was
//! restarted, after checking every partner's signature on it.

use std::path::Path;

use automerge::{ActorId, AutoCommit};
use rondetafel_sync::{DocumentId, Node, NodeEvent, PeerId, SyncEvent};

use crate::local::restarts::{self, RestartRecord};
use crate::model::epoch::RestartProof;
use crate::model::schema::RESTARTS;
use crate::model::{Alliance, Author};

/// What a restart did on this node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// The old alliance id.
    pub previous: String,
    /// The new one.
    pub successor: String,
    /// How many of this device's own edits wait to be carried over.
    pub carried: usize,
}

/// What a node needs to carry out restarts: the data directory, who acts
/// on this device and with which actor.
#[derive(Debug, Clone)]
pub struct RestartContext {
    /// The data directory (for the records).
    pub dir: std::path::PathBuf,
    /// The organisation and device acting here (none before set-up).
    pub author: Option<Author>,
    /// This run's actor.
    pub actor: ActorId,
}

impl RestartContext {
    /// The context of a workspace.
    pub fn of(workspace: &crate::local::Workspace) -> RestartContext {
        RestartContext {
            dir: workspace.dir().to_owned(),
            author: workspace.author().ok(),
            actor: workspace.actor().clone(),
        }
    }

    /// After this device changed `document` on the node (a command beside
    /// it, the window): carries out a restart that change completed.
    pub async fn after_local_change(
        &self,
        node: &Node,
        document: &DocumentId,
    ) -> Result<Option<Moved>, String> {
        match &self.author {
            Some(author) => after_change(node, &self.dir, author, &self.actor, document).await,
            None => Ok(None),
        }
    }

    /// Handles a node event: a change that completes a restart's
    /// acceptances, or a peer's notice that an alliance restarted.
    pub async fn on_event(&self, node: &Node, event: &NodeEvent) -> Result<Option<Moved>, String> {
        let Some(author) = &self.author else {
            return Ok(None);
        };
        match event {
            NodeEvent::Sync(SyncEvent::Changed { document, .. }) => {
                after_change(node, &self.dir, author, &self.actor, document).await
            }
            NodeEvent::Sync(SyncEvent::Superseded {
                document,
                peer,
                successor,
                proof,
            }) => {
                let notice = RestartNotice {
                    document,
                    peer: *peer,
                    successor,
                    proof,
                };
                follow(node, &self.dir, author, &self.actor, notice).await
            }
            _ => Ok(None),
        }
    }
}

/// Tells the node about every restart this device carried out, so that it
/// answers partners that come back with an old document.
pub async fn announce_known(node: &Node, dir: &Path) -> Result<(), String> {
    for record in restarts::load(dir).map_err(|e| e.to_string())? {
        supersede(node, &record).await?;
    }
    Ok(())
}

/// After `document` changed on the node: carries out a restart every
/// partner has now accepted.
pub async fn after_change(
    node: &Node,
    dir: &Path,
    author: &Author,
    actor: &ActorId,
    document: &DocumentId,
) -> Result<Option<Moved>, String> {
    // Most changes come to alliances without any restart proposal: look
    // before copying the whole document and computing its trust.
    let proposed = node
        .root_keys(document.clone())
        .await
        .map_err(|e| e.to_string())?
        .is_some_and(|keys| keys.iter().any(|k| k == RESTARTS));
    if !proposed {
        return Ok(None);
    }
    let Some(mut alliance) = alliance_on(node, document, actor).await? else {
        return Ok(None);
    };
    let Some(prepared) =
        restarts::prepare(&mut alliance, author, actor.clone()).map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    let successor = parse(&prepared.record.successor)?;
    node.add_document(successor, prepared.alliance.into_document(), Vec::new())
        .await
        .map_err(|e| e.to_string())?;
    finish(node, dir, prepared.record).await.map(Some)
}

/// A member's notice that an alliance was restarted.
pub struct RestartNotice<'a> {
    /// The old document.
    pub document: &'a DocumentId,
    /// The member that said so.
    pub peer: PeerId,
    /// The document of the new epoch.
    pub successor: &'a DocumentId,
    /// The encoded restart proof.
    pub proof: &'a [u8],
}

/// A member's `notice` that an alliance restarted: when its proof holds
/// against this device's copy, follows it — the new epoch comes from that
/// peer by ordinary sync — and deletes the old document.
pub async fn follow(
    node: &Node,
    dir: &Path,
    author: &Author,
    actor: &ActorId,
    notice: RestartNotice<'_>,
) -> Result<Option<Moved>, String> {
    let RestartNotice {
        document,
        peer,
        successor,
        proof,
    } = notice;
    let Some(mut alliance) = alliance_on(node, document, actor).await? else {
        return Ok(None);
    };
    let proof = RestartProof::decode(proof).map_err(|e| e.to_string())?;
    proof.check(&alliance).map_err(|e| e.to_string())?;
    if proof.successor != successor.as_str() {
        return Err("the restart notice names another successor".into());
    }
    // With the agreed proposal here, build the new epoch as its partners
    // did; else take it from the peer that told us.
    if let Some(prepared) =
        restarts::prepare(&mut alliance, author, actor.clone()).map_err(|e| e.to_string())?
    {
        node.add_document(
            successor.clone(),
            prepared.alliance.into_document(),
            Vec::new(),
        )
        .await
        .map_err(|e| e.to_string())?;
        return finish(node, dir, prepared.record).await.map(Some);
    }
    let record = RestartRecord {
        previous: proof.alliance.clone(),
        successor: proof.successor.clone(),
        carried: alliance.edits_after(&author.device, &proof.clock),
        members: alliance.trust().member_devices(),
        proof,
    };
    node.add_document(successor.clone(), AutoCommit::new(), vec![peer])
        .await
        .map_err(|e| e.to_string())?;
    finish(node, dir, record).await.map(Some)
}

async fn finish(node: &Node, dir: &Path, record: RestartRecord) -> Result<Moved, String> {
    restarts::remember(dir, record.clone()).map_err(|e| e.to_string())?;
    supersede(node, &record).await?;
    Ok(Moved {
        previous: record.previous,
        successor: record.successor,
        carried: record.carried.len(),
    })
}

async fn supersede(node: &Node, record: &RestartRecord) -> Result<(), String> {
    let members: Vec<PeerId> = record
        .members
        .iter()
        .filter_map(|m| m.parse().ok())
        .collect();
    node.supersede(
        parse(&record.previous)?,
        parse(&record.successor)?,
        record.proof.encode(),
        members,
    )
    .await
    .map_err(|e| e.to_string())
}

async fn alliance_on(
    node: &Node,
    document: &DocumentId,
    actor: &ActorId,
) -> Result<Option<Alliance>, String> {
    let Some(doc) = node
        .document(document.clone())
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    Ok(Alliance::from_document(doc, actor.clone()).ok())
}

fn parse(id: &str) -> Result<DocumentId, String> {
    id.parse()
        .map_err(|_| format!("{id:?} is not an alliance id"))
}
