//! Starting a sync node over the alliances of a [`Workspace`], shared by
//! `serve`, `sync`, `join` and the desktop client.

use rondetafel_sync::{
    DocumentId, DocumentStore, FsBackend, Multiaddr, Node, NodeConfig, NodeEvent, PeerId,
    RelayLimits,
};
use tokio::sync::mpsc;

use super::AlliancePolicy;
use crate::local::{LoadWarning, Workspace, WorkspaceError};
use crate::model::Alliance;

/// How the node reaches others.
#[derive(Debug, Clone, Default)]
pub struct NetworkOptions {
    /// Addresses to listen on (none: dial only).
    pub listen: Vec<Multiaddr>,
    /// Peers to dial and keep redialling.
    pub peers: Vec<Multiaddr>,
    /// Find peers on the local network.
    pub mdns: bool,
    /// Relays to listen through, besides those the alliances publish.
    pub relays: Vec<Multiaddr>,
    /// Act as a relay for members of this node's alliances, within these
    /// limits.
    pub relay: Option<RelayLimits>,
}

impl NetworkOptions {
    /// Options for a node that listens on every interface (TCP and QUIC,
    /// ports chosen by the system) unless `listen` names addresses, dials
    /// `peers`, and finds peers on the local network when `mdns` is set.
    pub fn listening(listen: Vec<Multiaddr>, peers: Vec<Multiaddr>, mdns: bool) -> Self {
        let listen = if listen.is_empty() {
            ["/ip4/0.0.0.0/tcp/0", "/ip4/0.0.0.0/udp/0/quic-v1"]
                .iter()
                .filter_map(|a| a.parse().ok())
                .collect()
        } else {
            listen
        };
        NetworkOptions {
            listen,
            peers,
            mdns,
            ..NetworkOptions::default()
        }
    }
}

/// A running node and its events.
pub struct LiveNode {
    /// The node handle.
    pub node: Node,
    /// Its events; drain them.
    pub events: mpsc::Receiver<NodeEvent>,
    /// Alliances that could not be loaded, or loaded with damage.
    pub warnings: Vec<LoadWarning>,
    /// The alliances being synced.
    pub alliances: Vec<DocumentId>,
    /// The relays it was given. Those its alliances publish are added by
    /// [`super::RelayDiscovery`].
    pub relays: Vec<Multiaddr>,
}

/// Starts a node (on the current tokio runtime) that syncs the workspace's
/// alliances — all of them, or only `only`.
pub async fn start_node(
    workspace: &Workspace,
    options: NetworkOptions,
    only: Option<&str>,
) -> Result<LiveNode, WorkspaceError> {
    let mut store = DocumentStore::new(FsBackend::new(workspace.alliances_dir()));
    let ids = store
        .stored_document_ids()
        .map_err(|source| WorkspaceError::DataDir {
            dir: workspace.alliances_dir(),
            source,
        })?;
    let mut warnings = Vec::new();
    let mut documents = Vec::new();
    for id in ids
        .into_iter()
        .filter(|id| only.is_none_or(|o| o == id.as_str()))
    {
        match store.load(&id) {
            Ok(loaded) => {
                warnings.extend(loaded.problems.iter().map(|p| warning(&id, p.to_string())));
                match Alliance::from_document(loaded.document, workspace.actor().clone()) {
                    Ok(alliance) => documents.push((id, alliance.into_document())),
                    Err(e) => warnings.push(warning(&id, e.to_string())),
                }
            }
            Err(e) => warnings.push(warning(&id, e.to_string())),
        }
    }
    let author = workspace.author().ok();
    let policy = AlliancePolicy::new(author, workspace.actor().clone());
    let config = NodeConfig {
        listen: options.listen,
        peers: options.peers,
        mdns: options.mdns,
        relay: options.relay,
        relays: options.relays.clone(),
        ..NodeConfig::new(workspace.identity().keypair().clone())
    };
    let (node, events) =
        Node::spawn(config, store, policy).map_err(|e| WorkspaceError::Network(e.to_string()))?;
    let mut alliances = Vec::new();
    for (id, document) in documents {
        node.add_document(id.clone(), document, Vec::new())
            .await
            .map_err(|e| WorkspaceError::Network(e.to_string()))?;
        alliances.push(id);
    }
    super::restart::announce_known(&node, workspace.dir())
        .await
        .map_err(WorkspaceError::Network)?;
    Ok(LiveNode {
        node,
        events,
        warnings,
        alliances,
        relays: options.relays,
    })
}

/// The peer id in a `/p2p/…` address, if any.
pub fn peer_in(address: &Multiaddr) -> Option<PeerId> {
    address.iter().find_map(|p| match p {
        rondetafel_sync::Protocol::P2p(peer) => Some(peer),
        _ => None,
    })
}

fn warning(id: &DocumentId, message: String) -> LoadWarning {
    LoadWarning {
        document: id.to_string(),
        message,
    }
}
