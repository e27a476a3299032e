//! Which relays a node listens through: the addresses partners published in
//! the alliances it holds ("bereikbaar via", see `model::reachable`), plus
//! any given on the command line. Learned when a node starts and again
//! whenever an alliance comes in sync, so a member that synced once knows
//! where to reach the others from another network.

use std::collections::{HashMap, HashSet};

use automerge::ActorId;
use automerge::ChangeHash;
use rondetafel_sync::{DocumentId, Multiaddr, Node, NodeEvent, PeerId, SyncEvent};

use crate::model::{Alliance, AllianceView};

/// The addresses published by the current partners of `view`, except those
/// of this device itself.
pub fn published_relays(view: &AllianceView, own: &PeerId) -> Vec<Multiaddr> {
    view.partners
        .iter()
        .filter(|p| p.left.is_none())
        .flat_map(|p| &p.reachable_at)
        .filter_map(|address| address.parse::<Multiaddr>().ok())
        .filter(|address| crate::model::reachable::address_peer(address).as_ref() != Some(own))
        .collect()
}

/// Keeps a running node's relays current with what its alliances publish.
#[derive(Debug, Default)]
pub struct RelayDiscovery {
    known: HashSet<Multiaddr>,
    /// Per alliance, the version last read (a meeting's many syncs at the
    /// same version are read once).
    read_at: HashMap<DocumentId, Vec<ChangeHash>>,
}

impl RelayDiscovery {
    /// Starts from the relays the node was given when it started.
    pub fn new(known: impl IntoIterator<Item = Multiaddr>) -> Self {
        RelayDiscovery {
            known: known.into_iter().collect(),
            read_at: HashMap::new(),
        }
    }

    /// After an alliance came in sync: reads the addresses it publishes and
    /// hands the node the new ones. Returns the relays added.
    pub async fn on_event(
        &mut self,
        node: &Node,
        actor: &ActorId,
        event: &NodeEvent,
    ) -> Vec<Multiaddr> {
        let NodeEvent::Sync(SyncEvent::Synced {
            document, heads, ..
        }) = event
        else {
            return Vec::new();
        };
        if self.read_at.get(document) == Some(heads) {
            return Vec::new();
        }
        self.read_at.insert(document.clone(), heads.clone());
        self.learn(node, actor, document).await
    }

    async fn learn(&mut self, node: &Node, actor: &ActorId, id: &DocumentId) -> Vec<Multiaddr> {
        let Ok(Some(document)) = node.document(id.clone()).await else {
            return Vec::new();
        };
        let Ok(mut alliance) = Alliance::from_document(document, actor.clone()) else {
            return Vec::new();
        };
        let mut added = Vec::new();
        for address in published_relays(&alliance.view(), &node.peer_id()) {
            if self.known.insert(address.clone()) && node.add_relay(address.clone()).await.is_ok() {
                added.push(address);
            }
        }
        added
    }
}
