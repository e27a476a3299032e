//! Which relays a node listens through: the addresses partners published in
//! the alliances it holds ("bereikbaar via", see `model::reachable`), plus
//! any given on the command line. Learned in the background when a node
//! starts and again whenever an alliance comes in sync at a new version, so
//! a member that synced once knows where to reach the others from another
//! network. Reading an alliance's view takes time with a long history, so
//! it never holds up the node's start or its events.

use std::collections::{HashMap, HashSet};

use automerge::{ActorId, ChangeHash};
use rondetafel_sync::{DocumentId, Multiaddr, Node, NodeEvent, PeerId, SyncEvent};
use tokio::sync::mpsc;

use crate::model::{Alliance, PartnerView};

/// The addresses published by the current ones of `partners`, except
/// those of this device itself.
pub fn published_relays(partners: &[PartnerView], own: &PeerId) -> Vec<Multiaddr> {
    partners
        .iter()
        .filter(|p| p.left.is_none())
        .flat_map(|p| &p.reachable_at)
        .filter_map(|address| address.parse::<Multiaddr>().ok())
        .filter(|address| crate::model::reachable::address_peer(address).as_ref() != Some(own))
        .collect()
}

/// Keeps a running node's relays current with what its alliances publish:
/// a background task reads the alliances it is told about.
#[derive(Debug)]
pub struct RelayDiscovery {
    to_read: mpsc::UnboundedSender<DocumentId>,
    /// Per alliance, the version last sent to be read (a meeting's many
    /// syncs at one version are read once).
    read_at: HashMap<DocumentId, Vec<ChangeHash>>,
}

impl RelayDiscovery {
    /// Starts reading `alliances` of `node` in the background; `known` are
    /// the relays it was given. The relays added are sent on the returned
    /// receiver (which may be dropped).
    pub fn start(
        node: Node,
        actor: ActorId,
        alliances: &[DocumentId],
        known: &[Multiaddr],
    ) -> (RelayDiscovery, mpsc::UnboundedReceiver<Multiaddr>) {
        let (to_read, mut reading) = mpsc::unbounded_channel::<DocumentId>();
        let (learned, added) = mpsc::unbounded_channel();
        let mut known: HashSet<Multiaddr> = known.iter().cloned().collect();
        tokio::spawn(async move {
            while let Some(id) = reading.recv().await {
                for relay in read(&node, &actor, &id).await {
                    if known.insert(relay.clone()) && node.add_relay(relay.clone()).await.is_ok() {
                        let _ = learned.send(relay);
                    }
                }
            }
        });
        for id in alliances {
            let _ = to_read.send(id.clone());
        }
        let discovery = RelayDiscovery {
            to_read,
            read_at: HashMap::new(),
        };
        (discovery, added)
    }

    /// After an alliance came in sync at a version not read yet: has it
    /// read again.
    pub fn on_event(&mut self, event: &NodeEvent) {
        let NodeEvent::Sync(SyncEvent::Synced {
            document, heads, ..
        }) = event
        else {
            return;
        };
        if self.read_at.get(document) == Some(heads) {
            return;
        }
        self.read_at.insert(document.clone(), heads.clone());
        let _ = self.to_read.send(document.clone());
    }
}

/// The relays alliance `id` publishes, read off the runtime's own threads.
async fn read(node: &Node, actor: &ActorId, id: &DocumentId) -> Vec<Multiaddr> {
    let Ok(Some(document)) = node.document(id.clone()).await else {
        return Vec::new();
    };
    let own = node.peer_id();
    let actor = actor.clone();
    tokio::task::spawn_blocking(move || {
        Alliance::from_document(document, actor)
            .map(|alliance| published_relays(&alliance.partners(), &own))
            .unwrap_or_default()
    })
    .await
    .unwrap_or_default()
}
