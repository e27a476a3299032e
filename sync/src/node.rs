//! The [`Node`]: a cloneable handle over the event loop that owns the libp2p
//! swarm, the sync core and the document store.

use std::time::Duration;

use automerge::{AutoCommit, ChangeHash};
use libp2p::{Multiaddr, PeerId, identity::Keypair};
use tokio::sync::{mpsc, oneshot};

use crate::DocumentId;
use crate::net::{ConnectionCaps, EventLoop, PeerLimits, RelayLimits, Route};
use crate::protocol::{AccessPolicy, MessageCaps, SyncEvent};
use crate::signing::Signatures;
use crate::store::{Backend, DocumentStore};

/// How a node is set up.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    /// The device's key pair; its peer id is the node's identity.
    pub keypair: Keypair,
    /// Addresses to listen on (TCP and/or QUIC multiaddrs).
    pub listen: Vec<Multiaddr>,
    /// Peers to dial at start and to redial while they are unreachable.
    pub peers: Vec<Multiaddr>,
    /// Whether to find peers on the local network with mDNS.
    pub mdns: bool,
    /// Connection limits.
    pub caps: ConnectionCaps,
    /// Request budget and ban of each peer.
    pub limits: PeerLimits,
    /// Caps on what one incoming sync message may add to a document.
    pub message_caps: MessageCaps,
    /// How long a request may take before it counts as failed.
    pub request_timeout: Duration,
    /// How often unreachable `peers` are dialled again.
    pub redial_interval: Duration,
    /// Relay for members of this node's documents with these limits, or
    /// not at all. Worth it only on a node others can reach.
    pub relay: Option<RelayLimits>,
    /// Relays to listen through and to reach members by (addresses ending
    /// in the relay's `/p2p/…`).
    pub relays: Vec<Multiaddr>,
}

impl NodeConfig {
    /// A configuration listening on all interfaces (TCP and QUIC, ports
    /// chosen by the system), with mDNS on.
    pub fn new(keypair: Keypair) -> Self {
        NodeConfig {
            keypair,
            listen: vec![
                "/ip4/0.0.0.0/tcp/0"
                    .parse()
                    .unwrap_or_else(|_| Multiaddr::empty()),
                "/ip4/0.0.0.0/udp/0/quic-v1"
                    .parse()
                    .unwrap_or_else(|_| Multiaddr::empty()),
            ],
            peers: Vec::new(),
            mdns: true,
            caps: ConnectionCaps::default(),
            limits: PeerLimits::default(),
            message_caps: MessageCaps::default(),
            request_timeout: Duration::from_secs(60),
            redial_interval: Duration::from_secs(5),
            relay: None,
            relays: Vec::new(),
        }
    }
}

/// What a node tells the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeEvent {
    /// The node listens on an address.
    Listening {
        /// The address.
        address: Multiaddr,
    },
    /// A peer connected (its first connection).
    PeerConnected {
        /// The peer.
        peer: PeerId,
        /// Its address.
        address: Multiaddr,
        /// Whether this node dialled it (so the address can be dialled
        /// again), rather than it dialling in.
        dialed: bool,
    },
    /// A peer was found on the local network (mDNS); it is dialled.
    Discovered {
        /// The peer.
        peer: PeerId,
    },
    /// The way a connected peer is reached changed: it connected, was
    /// upgraded from a relay to a direct connection, or lost one of them.
    Route {
        /// The peer.
        peer: PeerId,
        /// How it is reached now.
        route: Route,
    },
    /// A relay accepted this node's reservation: members can reach it
    /// through that relay.
    RelayReserved {
        /// The relay.
        relay: PeerId,
    },
    /// A relay refused this node, or the reservation was lost.
    RelayRefused {
        /// The relay.
        relay: PeerId,
        /// Why, in plain words.
        reason: String,
    },
    /// A hole punch to a peer reached through a relay ended.
    HolePunch {
        /// The peer.
        peer: PeerId,
        /// `None` when a direct connection stands now; otherwise why not.
        failure: Option<String>,
    },
    /// A peer tested whether one of this node's addresses can be reached
    /// from outside (AutoNAT).
    Reachability {
        /// The address tested.
        address: Multiaddr,
        /// Whether it could be reached.
        reachable: bool,
    },
    /// A peer's last connection closed.
    PeerDisconnected {
        /// The peer.
        peer: PeerId,
    },
    /// Something happened in sync.
    Sync(SyncEvent),
    /// A document changed through sync but could not be saved. The change
    /// stays in memory and the next save tries again; it was not reported
    /// as changed.
    SaveFailed {
        /// The document.
        document: DocumentId,
        /// What went wrong, in plain words.
        error: String,
    },
    /// A peer sent a malformed, oversized or otherwise invalid message, or
    /// does not speak our protocol. Nothing of it was applied.
    ProtocolError {
        /// The peer.
        peer: PeerId,
        /// What was wrong.
        reason: String,
    },
}

/// Why a node could not start.
#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    /// The transport or a protocol could not be set up.
    #[error("could not start networking: {0}")]
    Setup(String),
    /// An address could not be listened on.
    #[error("could not listen on {address}: {reason}")]
    Listen {
        /// The address.
        address: Multiaddr,
        /// Why.
        reason: String,
    },
}

/// Why a command to the node failed.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The node has shut down.
    #[error("the network node has stopped")]
    Stopped,
    /// The document is not known to the node.
    #[error("document {0} is not open in the network node")]
    UnknownDocument(DocumentId),
    /// Local changes could not be applied.
    #[error("could not apply changes: {0}")]
    Apply(String),
    /// The changes were applied but not saved.
    #[error("{0}")]
    Save(String),
    /// A relay address does not end in the relay's peer id.
    #[error("the relay address {0} does not end in /p2p/ and the relay's peer id")]
    RelayAddress(Multiaddr),
    /// Dialling failed.
    #[error("could not dial {address}: {reason}")]
    Dial {
        /// The address.
        address: Multiaddr,
        /// Why.
        reason: String,
    },
}

/// A command for the event loop, with its reply channel.
pub(crate) enum Command {
    AddDocument {
        id: DocumentId,
        document: Box<AutoCommit>,
        bootstrap: Vec<PeerId>,
        reply: oneshot::Sender<Result<(), NodeError>>,
    },
    Apply {
        id: DocumentId,
        changes: Vec<u8>,
        reply: oneshot::Sender<Result<Vec<ChangeHash>, NodeError>>,
    },
    Document {
        id: DocumentId,
        reply: oneshot::Sender<Option<AutoCommit>>,
    },
    Signatures {
        id: DocumentId,
        reply: oneshot::Sender<Option<Signatures>>,
    },
    SyncStats {
        id: DocumentId,
        reply: oneshot::Sender<Option<crate::SyncStats>>,
    },
    RootKeys {
        id: DocumentId,
        reply: oneshot::Sender<Option<Vec<String>>>,
    },
    ApplyCarried {
        id: DocumentId,
        changes: Vec<automerge::Change>,
        signatures: Signatures,
        reply: oneshot::Sender<Result<usize, NodeError>>,
    },
    ChangesSince {
        id: DocumentId,
        heads: Vec<ChangeHash>,
        reply: oneshot::Sender<Option<(Vec<u8>, Vec<ChangeHash>)>>,
    },
    Dial {
        address: Multiaddr,
        reply: oneshot::Sender<Result<(), NodeError>>,
    },
    Join {
        id: DocumentId,
        candidates: Vec<(PeerId, Vec<Multiaddr>)>,
        proof: Vec<u8>,
        reply: oneshot::Sender<Result<(), NodeError>>,
    },
    Supersede {
        old: DocumentId,
        successor: DocumentId,
        proof: Vec<u8>,
        members: Vec<PeerId>,
        reply: oneshot::Sender<Result<(), NodeError>>,
    },
    ListenAddresses {
        reply: oneshot::Sender<Vec<Multiaddr>>,
    },
    AddRelay {
        address: Multiaddr,
        reply: oneshot::Sender<Result<(), NodeError>>,
    },
    Routes {
        reply: oneshot::Sender<Vec<(PeerId, Route)>>,
    },
    ConnectedPeers {
        reply: oneshot::Sender<Vec<PeerId>>,
    },
    Shutdown {
        reply: oneshot::Sender<()>,
    },
}

/// Capacity of the command and event channels.
const CHANNEL_CAPACITY: usize = 1024;

/// A cheap, cloneable handle to a running node. The node stops when
/// [`Node::shutdown`] is called or the last handle is dropped.
#[derive(Clone, Debug)]
pub struct Node {
    commands: mpsc::Sender<Command>,
    peer_id: PeerId,
}

impl Node {
    /// Starts a node on the current tokio runtime. Returns its handle and its
    /// events; the events must be drained, or the node slows down to wait.
    pub fn spawn<B, P>(
        config: NodeConfig,
        store: DocumentStore<B>,
        policy: P,
    ) -> Result<(Node, mpsc::Receiver<NodeEvent>), SpawnError>
    where
        B: Backend + Send + 'static,
        P: AccessPolicy,
    {
        let peer_id = config.keypair.public().to_peer_id();
        let (command_tx, command_rx) = mpsc::channel(CHANNEL_CAPACITY);
        let (event_tx, event_rx) = mpsc::channel(CHANNEL_CAPACITY);
        let event_loop = EventLoop::new(config, store, policy, command_rx, event_tx)?;
        tokio::spawn(event_loop.run());
        Ok((
            Node {
                commands: command_tx,
                peer_id,
            },
            event_rx,
        ))
    }

    /// This node's peer id.
    pub fn peer_id(&self) -> PeerId {
        self.peer_id
    }

    async fn ask<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<T>) -> Command,
    ) -> Result<T, NodeError> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(make(reply))
            .await
            .map_err(|_| NodeError::Stopped)?;
        answer.await.map_err(|_| NodeError::Stopped)
    }

    /// Adds a document to sync (loading what peers are known to have of it
    /// from the store). `bootstrap` peers are trusted while the document is
    /// still empty, for joining. A non-empty document that the store does not
    /// hold yet (one just created) is saved durably before this returns.
    pub async fn add_document(
        &self,
        id: DocumentId,
        document: AutoCommit,
        bootstrap: Vec<PeerId>,
    ) -> Result<(), NodeError> {
        self.ask(|reply| Command::AddDocument {
            id,
            document: Box::new(document),
            bootstrap,
            reply,
        })
        .await?
    }

    /// Applies local changes, saves them durably and sends them to connected
    /// members. Returns the new heads once saved.
    pub async fn apply(
        &self,
        id: DocumentId,
        changes: Vec<u8>,
    ) -> Result<Vec<ChangeHash>, NodeError> {
        self.ask(|reply| Command::Apply { id, changes, reply })
            .await?
    }

    /// Replaces document `old` by `successor` (which must have been added):
    /// `old` stops syncing, its files are deleted, and members asking for
    /// it are told of the successor with `proof`. `members` are told too
    /// (the members `old` had when it was replaced, after a restart).
    pub async fn supersede(
        &self,
        old: DocumentId,
        successor: DocumentId,
        proof: Vec<u8>,
        members: Vec<PeerId>,
    ) -> Result<(), NodeError> {
        self.ask(|reply| Command::Supersede {
            old,
            successor,
            proof,
            members,
            reply,
        })
        .await?
    }

    /// The keys of a document's root map, without copying the document
    /// (a cheap look before asking for a whole copy).
    pub async fn root_keys(&self, id: DocumentId) -> Result<Option<Vec<String>>, NodeError> {
        self.ask(|reply| Command::RootKeys { id, reply }).await
    }

    /// A copy of a document as the node has it now.
    pub async fn document(&self, id: DocumentId) -> Result<Option<AutoCommit>, NodeError> {
        self.ask(|reply| Command::Document { id, reply }).await
    }

    /// Applies changes carried by hand (a file) with their signatures,
    /// screened as a sync message's are; all or nothing. Saves them durably
    /// and offers them to connected members. Returns how many were new.
    pub async fn apply_carried(
        &self,
        id: DocumentId,
        changes: Vec<automerge::Change>,
        signatures: Signatures,
    ) -> Result<usize, NodeError> {
        self.ask(|reply| Command::ApplyCarried {
            id,
            changes,
            signatures,
            reply,
        })
        .await?
    }

    /// How many changes of a document came in sync messages (duplicates
    /// included) and how many were applied, since the node started.
    pub async fn sync_stats(&self, id: DocumentId) -> Result<Option<crate::SyncStats>, NodeError> {
        self.ask(|reply| Command::SyncStats { id, reply }).await
    }

    /// A copy of the signatures the node holds for a document's changes.
    pub async fn signatures(&self, id: DocumentId) -> Result<Option<Signatures>, NodeError> {
        self.ask(|reply| Command::Signatures { id, reply }).await
    }

    /// The changes of a document that are not among `heads` and their
    /// ancestors (encoded for `AutoCommit::load_incremental`), and the
    /// document's heads; `None` for an unknown document. Lets an application
    /// that keeps its own copy catch up after [`SyncEvent::Changed`] without
    /// copying the whole document.
    pub async fn changes_since(
        &self,
        id: DocumentId,
        heads: Vec<ChangeHash>,
    ) -> Result<Option<(Vec<u8>, Vec<ChangeHash>)>, NodeError> {
        self.ask(|reply| Command::ChangesSince { id, heads, reply })
            .await
    }

    /// Dials an address (and keeps redialling it while unreachable).
    pub async fn dial(&self, address: Multiaddr) -> Result<(), NodeError> {
        self.ask(|reply| Command::Dial { address, reply }).await?
    }

    /// Asks `peer` to admit this node to document `id` with `proof`; the
    /// answer arrives as [`SyncEvent::JoinAnswered`], then the document
    /// arrives by sync.
    pub async fn join(
        &self,
        id: DocumentId,
        peer: PeerId,
        addresses: Vec<Multiaddr>,
        proof: Vec<u8>,
    ) -> Result<(), NodeError> {
        self.join_any(id, vec![(peer, addresses)], proof).await
    }

    /// Like [`Node::join`], with several members that may admit this node
    /// (the inviter, and partners' always-on devices): each is dialled, and
    /// the first that connects is asked. All of them are trusted to send
    /// the document's first version, as the inviter is.
    pub async fn join_any(
        &self,
        id: DocumentId,
        candidates: Vec<(PeerId, Vec<Multiaddr>)>,
        proof: Vec<u8>,
    ) -> Result<(), NodeError> {
        self.ask(|reply| Command::Join {
            id,
            candidates,
            proof,
            reply,
        })
        .await?
    }

    /// The addresses the node listens on.
    pub async fn listen_addresses(&self) -> Result<Vec<Multiaddr>, NodeError> {
        self.ask(|reply| Command::ListenAddresses { reply }).await
    }

    /// Adds a relay (an address ending in its `/p2p/…`) to listen through
    /// and to reach members by; one already known is left as it is.
    pub async fn add_relay(&self, address: Multiaddr) -> Result<(), NodeError> {
        self.ask(|reply| Command::AddRelay { address, reply })
            .await?
    }

    /// How each connected peer is reached.
    pub async fn routes(&self) -> Result<Vec<(PeerId, Route)>, NodeError> {
        self.ask(|reply| Command::Routes { reply }).await
    }

    /// The peers currently connected.
    pub async fn connected_peers(&self) -> Result<Vec<PeerId>, NodeError> {
        self.ask(|reply| Command::ConnectedPeers { reply }).await
    }

    /// Stops the node gracefully: persists what each peer is known to have,
    /// closes connections, and returns when the event loop has ended.
    pub async fn shutdown(&self) -> Result<(), NodeError> {
        self.ask(|reply| Command::Shutdown { reply }).await
    }
}
