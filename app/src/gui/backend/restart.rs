//! Restarts (erasure on request) in the background service: answering a
//! restart with the device key, carrying it out when the last acceptance
//! arrives or a partner says it happened, handing the new epoch to the UI,
//! and settling this device's edits from before it.

use rondetafel_sync::{DocumentId, NodeEvent, SyncEvent};

use super::super::problem::Problem;
use super::{Service, Update, parse_id};
use crate::local::restarts;
use crate::model::Alliance;
use crate::network::restart::{Moved, RestartContext};

impl Service {
    /// The restart context, made once the device is set up.
    fn restart_context(&mut self) -> Option<RestartContext> {
        if self.restart.is_none() && self.workspace.author().is_ok() {
            self.restart = Some(RestartContext::of(&self.workspace));
        }
        self.restart.clone()
    }

    /// Signs this organisation's acceptance of a restart, or records its
    /// refusal, on the node's copy; an acceptance that was the last one
    /// carries the restart out.
    pub(super) async fn answer_restart(
        &mut self,
        alliance: &str,
        restart: &str,
        accept: bool,
    ) -> Result<(), Problem> {
        let id = parse_id(alliance)?;
        let author = self.workspace.author().map_err(Problem::from)?;
        let signer = self.workspace.identity().signer();
        let mut copy = self.node_copy(&id).await?;
        let before = copy.heads();
        if accept {
            copy.accept_restart(&author, restart, &signer)
        } else {
            copy.refuse_restart(&author, restart)
        }
        .map_err(Problem::from)?;
        let changes = copy.document_mut().save_after(&before);
        self.apply(alliance, changes).await?;
        if let Some(context) = self.restart_context() {
            let live = self.node.as_ref().ok_or(Problem::NodeNotRunning)?;
            let outcome = context.after_local_change(&live.node, &id).await;
            match outcome {
                Ok(Some(moved)) => self.moved(moved).await,
                Ok(None) => {}
                Err(reason) => return Err(Problem::RestartFailed(reason)),
            }
        }
        Ok(())
    }

    /// Writes this device's edits from before a restart into the new epoch
    /// (or lets them go), and forgets them.
    pub(super) async fn settle_carried(
        &mut self,
        alliance: &str,
        apply: bool,
    ) -> Result<(), Problem> {
        let id = parse_id(alliance)?;
        let dir = self.workspace.dir().to_owned();
        let not_saved = |e: std::io::Error| Problem::ChangeNotSaved(e.to_string());
        let edits = restarts::of_successor(&dir, alliance)
            .map_err(not_saved)?
            .map(|record| record.carried)
            .unwrap_or_default();
        let mut applied = 0;
        if apply && !edits.is_empty() {
            let author = self.workspace.author().map_err(Problem::from)?;
            let mut copy = self.node_copy(&id).await?;
            let before = copy.heads();
            copy.apply_carried_edits(&author, &edits)
                .map_err(Problem::from)?;
            let changes = copy.document_mut().save_after(&before);
            self.apply(alliance, changes).await?;
            applied = edits.len();
        }
        restarts::set_carried(&dir, alliance, Vec::new()).map_err(not_saved)?;
        self.outbox.send(Update::CarriedSettled {
            alliance: alliance.to_owned(),
            applied,
        });
        Ok(())
    }

    /// Carries out a restart that a node event completes or announces.
    pub(super) async fn restart_on_event(&mut self, event: &NodeEvent) {
        let concerns_restarts = matches!(
            event,
            NodeEvent::Sync(SyncEvent::Changed { .. } | SyncEvent::Superseded { .. })
        );
        if !concerns_restarts {
            return;
        }
        let Some(context) = self.restart_context() else {
            return;
        };
        let Some(live) = self.node.as_ref() else {
            return;
        };
        let outcome = context.on_event(&live.node, event).await;
        match outcome {
            Ok(Some(moved)) => self.moved(moved).await,
            Ok(None) => {}
            Err(reason) => self
                .outbox
                .send(Update::Error(Problem::RestartFailed(reason))),
        }
    }

    /// An awaited epoch that changed: hands it to the UI once it holds
    /// the alliance.
    pub(super) async fn epoch_arrived(&mut self, document: &DocumentId) {
        if !self.awaiting.contains_key(document) {
            return;
        }
        let Some(mut copy) = self.document_if_whole(document).await else {
            return;
        };
        let Some(previous) = self.awaiting.remove(document) else {
            return;
        };
        self.forwarded.insert(document.clone(), copy.get_heads());
        self.outbox.send(Update::AllianceRestarted {
            previous,
            document: Some(Box::new(copy)),
            carried: self.carried_of(document.as_str()),
        });
    }

    /// The old document is gone: the UI drops it and gets the new epoch,
    /// now or once it arrives.
    async fn moved(&mut self, moved: Moved) {
        let (Ok(previous), Ok(successor)) = (parse_id(&moved.previous), parse_id(&moved.successor))
        else {
            return;
        };
        self.forwarded.remove(&previous);
        self.pending.remove(&previous);
        if let Some(live) = self.node.as_mut() {
            live.alliances.retain(|a| *a != previous);
            if !live.alliances.contains(&successor) {
                live.alliances.push(successor.clone());
            }
        }
        let carried = self.carried_of(&moved.successor);
        let mut document = self.document_if_whole(&successor).await;
        match document.as_mut() {
            Some(copy) => {
                self.forwarded.insert(successor, copy.get_heads());
            }
            None => {
                self.awaiting.insert(successor, moved.previous.clone());
            }
        }
        self.outbox.send(Update::AllianceRestarted {
            previous: moved.previous,
            document: document.map(Box::new),
            carried,
        });
    }

    /// The node's copy of `document` when it reads as an alliance.
    async fn document_if_whole(&self, document: &DocumentId) -> Option<automerge::AutoCommit> {
        let live = self.node.as_ref()?;
        let copy = live.node.document(document.clone()).await.ok()??;
        Alliance::from_document(copy.clone(), self.workspace.actor().clone()).ok()?;
        Some(copy)
    }

    /// The node's copy of an alliance to write to, under an actor of its
    /// own so that its changes never share a sequence number with the
    /// window's.
    async fn node_copy(&self, document: &DocumentId) -> Result<Alliance, Problem> {
        let live = self.node.as_ref().ok_or(Problem::NodeNotRunning)?;
        let copy = live
            .node
            .document(document.clone())
            .await
            .map_err(|_| Problem::NodeNotRunning)?
            .ok_or(Problem::AllianceMissing)?;
        let actor = self.workspace.identity().signer().new_actor();
        Alliance::from_document(copy, actor).map_err(Problem::from)
    }

    /// This device's edits waiting to be carried over into `successor`.
    fn carried_of(&self, successor: &str) -> Vec<crate::model::epoch::CarriedEdit> {
        restarts::of_successor(self.workspace.dir(), successor)
            .ok()
            .flatten()
            .map(|record| record.carried)
            .unwrap_or_default()
    }
}

/// Every restarted alliance's edits waiting for review, for the UI's start.
pub(super) fn waiting_carried(
    dir: &std::path::Path,
) -> Vec<(String, Vec<crate::model::epoch::CarriedEdit>)> {
    restarts::load(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|record| !record.carried.is_empty())
        .map(|record| (record.successor, record.carried))
        .collect()
}
