//! The sans-IO sync core: requests, responses and connection events go in;
//! messages to send, documents to save and events for the application come
//! out as [`Effect`]s. No sockets, no clocks, no files: the event loop in
//! [`net`](crate::net) performs the effects.

use std::collections::{BTreeMap, HashMap, HashSet};

use automerge::sync::{Message, State, SyncDoc};
use automerge::{AutoCommit, Change, ChangeHash};
use libp2p::PeerId;

use super::limits::{self, Decoded, MessageCaps};
use super::screen::{self, Ledger};
use super::wire::{Request, Response};
use crate::DocumentId;
use crate::signing::{DeviceSigner, Signatures};

/// Decides who may sync a document. The sync layer knows nothing about what
/// documents mean; the application answers from their contents.
pub trait AccessPolicy: Send + 'static {
    /// The peers that may receive and change `document`, according to its
    /// current contents.
    fn members(&self, id: &DocumentId, document: &mut AutoCommit) -> HashSet<PeerId>;

    /// [`AccessPolicy::members`] after the changes of a sync message were
    /// applied, with every change of the message `arrived` decoded (the
    /// document holds most or all of them now). A policy that reads
    /// operations can take them from here instead of having Automerge
    /// rebuild and decode them again.
    fn members_after(
        &self,
        id: &DocumentId,
        document: &mut AutoCommit,
        arrived: &Decoded,
    ) -> HashSet<PeerId> {
        let _ = arrived;
        self.members(id, document)
    }

    /// Handles `peer`'s request to join `document` with an opaque `proof`.
    /// On success the policy has changed the document so that `peer` is a
    /// member; on refusal it returns a reason for the person joining and
    /// leaves the document untouched.
    fn admit(
        &self,
        id: &DocumentId,
        document: &mut AutoCommit,
        peer: &PeerId,
        proof: &[u8],
    ) -> Result<(), String>;
}

/// Identifies an inbound request whose response is still owed.
pub type InboundId = u64;

/// Something the event loop must do, in the order given.
#[derive(Debug)]
pub enum Effect {
    /// Send a request to a peer.
    Send {
        /// The peer.
        peer: PeerId,
        /// The document the request is about.
        document: DocumentId,
        /// The request.
        request: Request,
    },
    /// Answer an inbound request.
    Respond {
        /// The request being answered.
        inbound: InboundId,
        /// The answer.
        response: Response,
    },
    /// Close an inbound request's stream without an answer (it was malformed).
    Close {
        /// The request.
        inbound: InboundId,
    },
    /// Save the document durably (before the events after this effect).
    Save {
        /// The document.
        document: DocumentId,
    },
    /// Save the document durably before performing any later effect: it
    /// holds changes made here, which are never shared before they are
    /// saved with their signatures.
    SaveNow {
        /// The document.
        document: DocumentId,
    },
    /// Persist what a peer is known to have of a document.
    SaveSyncState {
        /// The document.
        document: DocumentId,
        /// The peer.
        peer: PeerId,
        /// An encoded `automerge::sync::State`.
        state: Vec<u8>,
    },
    /// Tell the application.
    Event(SyncEvent),
}

/// What the application hears from the sync core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    /// A document changed through sync (and was saved, unless a save error
    /// was reported just before).
    Changed {
        /// The document.
        document: DocumentId,
        /// Its new heads.
        heads: Vec<ChangeHash>,
        /// The peer the changes came from.
        from: PeerId,
        /// How many changes were applied.
        changes: usize,
    },
    /// Both sides have the same heads of a document.
    Synced {
        /// The document.
        document: DocumentId,
        /// The peer.
        peer: PeerId,
        /// The common heads.
        heads: Vec<ChangeHash>,
        /// How many changes of the document this node has received in sync
        /// messages since it started, duplicates included.
        received: u64,
        /// How many of them were new and applied.
        applied: u64,
    },
    /// A peer said a document is not available to us.
    Unavailable {
        /// The document.
        document: DocumentId,
        /// The peer.
        peer: PeerId,
    },
    /// A peer was admitted to a document.
    Admitted {
        /// The document.
        document: DocumentId,
        /// The new member's peer.
        peer: PeerId,
    },
    /// A peer answered our join request.
    JoinAnswered {
        /// The document.
        document: DocumentId,
        /// The peer asked.
        peer: PeerId,
        /// `Ok` if admitted, else the peer's reason.
        result: Result<(), String>,
    },
    /// Some changes a peer sent were refused (unsigned, wrongly signed,
    /// reusing an actor and sequence number, or depending on a refused
    /// change); the rest of its message was applied.
    ChangesRefused {
        /// The document.
        document: DocumentId,
        /// The peer.
        peer: PeerId,
        /// How many changes were refused.
        count: usize,
        /// Why the first was refused.
        reason: String,
    },
    /// A member said a document was replaced by another (an alliance
    /// restarted), with a proof for the application to check.
    Superseded {
        /// The document.
        document: DocumentId,
        /// The peer that said so.
        peer: PeerId,
        /// The successor.
        successor: DocumentId,
        /// The application's proof.
        proof: Vec<u8>,
    },
    /// A peer sent something invalid; it was not applied.
    Rejected {
        /// The peer.
        peer: PeerId,
        /// What was wrong.
        reason: String,
    },
}

/// The sync core for all documents of one node.
pub struct SyncCore<P> {
    policy: P,
    caps: MessageCaps,
    signer: Option<DeviceSigner>,
    replicas: BTreeMap<DocumentId, Replica>,
    /// Documents replaced by others: the successor, the proof and the
    /// peers that were members, who are told when they ask for it.
    superseded: BTreeMap<DocumentId, Superseded>,
    connected: HashSet<PeerId>,
    effects: Vec<Effect>,
    /// This node's peer id: with it, a room of peers catches up through
    /// one collecting peer per document (see [`SyncCore::with_local_peer`]).
    local: Option<PeerId>,
}

/// A document replaced by another.
struct Superseded {
    successor: DocumentId,
    proof: Vec<u8>,
    members: HashSet<PeerId>,
}

/// One document and what we know of each peer's copy.
struct Replica {
    doc: AutoCommit,
    /// The signatures of the document's changes.
    signatures: Signatures,
    /// Signatures not yet handed over for saving.
    unsaved_signatures: Signatures,
    /// Changes received (as encoded in their sync messages) and not yet
    /// handed over for saving.
    unsaved_received: Vec<Change>,
    ledger: Ledger,
    members: HashSet<PeerId>,
    /// Peers trusted while the document is still empty (joining).
    bootstrap: HashSet<PeerId>,
    peers: HashMap<PeerId, PeerSync>,
    /// Whether changes arrived since the last [`SyncCore::resume_deferred`].
    arrived: bool,
    /// Whether no changes arrived between the last two calls of
    /// [`SyncCore::resume_deferred`]: the catch-up has settled.
    settled: bool,
    /// Changes that came in sync messages, duplicates included, and the
    /// changes applied.
    stats: SyncStats,
    /// Settle checks passed while syncs waited for the collector since it
    /// last confirmed a version: after [`PATIENCE`] of them a node syncs
    /// with everyone, so a collector that never answers (a member's
    /// modified program, or a laptop that froze) cannot hold up the room.
    waited: u32,
}

/// How many settle checks a node waits for its collector before it syncs
/// with everyone anyway.
const PATIENCE: u32 = 8;

#[derive(Default)]
struct PeerSync {
    state: State,
    in_flight: bool,
    /// The heads last reported as synced, to report each state once.
    reported: Option<Vec<ChangeHash>>,
    /// Whether a sync with this peer waits for the catch-up through the
    /// collecting peer to settle.
    deferred: bool,
}

/// How many changes of a document arrived and how many were new.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    /// Changes received in sync messages, duplicates included.
    pub received: u64,
    /// Changes applied (new to this replica).
    pub applied: u64,
}

/// What a document gained since it was last handed over for saving.
#[derive(Debug, Default)]
pub struct Unsaved {
    /// Signatures received or made.
    pub signatures: Signatures,
    /// Changes received, as their sync messages encoded them, so that the
    /// store need not have Automerge rebuild them.
    pub received: Vec<Change>,
}

impl Replica {
    fn allows(&self, peer: &PeerId) -> bool {
        self.members.contains(peer) || (self.doc.is_empty() && self.bootstrap.contains(peer))
    }
}

impl<P: AccessPolicy> SyncCore<P> {
    /// A core with no documents and the default caps on incoming messages.
    pub fn new(policy: P) -> Self {
        Self::with_caps(policy, MessageCaps::default())
    }

    /// A core with no documents that refuses incoming sync messages over
    /// `caps`.
    pub fn with_caps(policy: P, caps: MessageCaps) -> Self {
        SyncCore {
            policy,
            caps,
            signer: None,
            replicas: BTreeMap::new(),
            superseded: BTreeMap::new(),
            connected: HashSet::new(),
            effects: Vec::new(),
            local: None,
        }
    }

    /// Names this node, which turns on meeting-scale sync: when many
    /// members are connected at once, each peer syncs a document first
    /// with one collecting peer only (the connected member, this node
    /// included, with the lowest peer id; every peer in the room computes
    /// the same one), which gathers every change once and sends each peer
    /// what it lacks. A peer answers every peer that asks. Once
    /// a peer is in sync with the collector and no changes arrived between
    /// two calls of [`SyncCore::resume_deferred`], it syncs with everyone,
    /// which then only confirms that they hold the same version. Nobody
    /// owns anything: when the collector leaves, the next lowest takes
    /// over.
    pub fn with_local_peer(mut self, peer: PeerId) -> Self {
        self.local = Some(peer);
        self
    }

    /// How many changes of `id` came in sync messages and how many were
    /// applied.
    pub fn sync_stats(&self, id: &DocumentId) -> Option<SyncStats> {
        self.replicas.get(id).map(|r| r.stats)
    }

    /// Whether a sync waits for a catch-up to settle.
    pub fn has_deferred(&self) -> bool {
        self.replicas
            .values()
            .any(|r| r.peers.values().any(|s| s.deferred))
    }

    /// Called periodically by the event loop: a document that received no
    /// changes since the last call has settled, and the syncs it deferred
    /// start (see [`SyncCore::with_local_peer`]).
    pub fn resume_deferred(&mut self) {
        let mut waiting = Vec::new();
        for (id, replica) in &mut self.replicas {
            replica.settled = !replica.arrived;
            replica.arrived = false;
            if replica.peers.values().any(|s| s.deferred) {
                replica.waited = replica.waited.saturating_add(1);
            }
            for (peer, sync) in &replica.peers {
                if sync.deferred {
                    waiting.push((id.clone(), *peer));
                }
            }
        }
        for (id, peer) in waiting {
            self.pump(&id, peer);
        }
    }

    /// The collecting peer of `id`: the lowest peer id among this node and
    /// the connected peers allowed to sync it.
    fn collector(&self, replica: &Replica) -> Option<PeerId> {
        let local = self.local?;
        self.connected
            .iter()
            .filter(|p| replica.allows(p))
            .copied()
            .chain(std::iter::once(local))
            .min()
    }

    /// Whether this node starts a sync of `id` with `peer` now, or defers
    /// it until the catch-up through the collector has settled.
    fn may_initiate(&mut self, id: &DocumentId, peer: &PeerId) -> bool {
        let Some(collector) = self.replicas.get(id).and_then(|r| self.collector(r)) else {
            return true;
        };
        let Some(replica) = self.replicas.get_mut(id) else {
            return true;
        };
        if Some(collector) == self.local || collector == *peer {
            return true;
        }
        let mut heads = replica.doc.get_heads();
        heads.sort();
        let caught_up = replica
            .peers
            .get(&collector)
            .is_some_and(|s| s.reported.as_ref() == Some(&heads));
        (caught_up && replica.settled) || replica.waited >= PATIENCE
    }

    /// Replaces document `old` by `successor`: `old` is no longer synced,
    /// and a peer among `members` that asks for it is answered with the
    /// successor and `proof`. `members` adds to the document's own members
    /// when it is still here.
    pub fn supersede(
        &mut self,
        old: &DocumentId,
        successor: DocumentId,
        proof: Vec<u8>,
        members: Vec<PeerId>,
    ) {
        let mut members: HashSet<PeerId> = members.into_iter().collect();
        if let Some(replica) = self.replicas.remove(old) {
            members.extend(replica.members);
        }
        self.superseded.insert(
            old.clone(),
            Superseded {
                successor,
                proof,
                members,
            },
        );
    }

    /// Signs the changes this device makes (through
    /// [`SyncCore::apply_local`] or an admission) with `signer`.
    pub fn with_signer(mut self, signer: DeviceSigner) -> Self {
        self.signer = Some(signer);
        self
    }

    /// Takes the signatures received or made since the last call, and the
    /// changes received since then, for saving with the document.
    pub fn take_unsaved(&mut self, id: &DocumentId) -> Unsaved {
        self.replicas
            .get_mut(id)
            .map(|r| Unsaved {
                signatures: std::mem::take(&mut r.unsaved_signatures),
                received: std::mem::take(&mut r.unsaved_received),
            })
            .unwrap_or_default()
    }

    /// Takes the effects produced so far, in order.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// A document, for reading.
    pub fn document(&self, id: &DocumentId) -> Option<&AutoCommit> {
        self.replicas.get(id).map(|r| &r.doc)
    }

    /// The signatures known for a document's changes.
    pub fn signatures(&self, id: &DocumentId) -> Option<&Signatures> {
        self.replicas.get(id).map(|r| &r.signatures)
    }

    /// A document, for saving. Changing it here bypasses sync: use
    /// [`SyncCore::apply_local`] for edits.
    pub fn document_mut(&mut self, id: &DocumentId) -> Option<&mut AutoCommit> {
        self.replicas.get_mut(id).map(|r| &mut r.doc)
    }

    /// The ids of all documents.
    pub fn document_ids(&self) -> Vec<DocumentId> {
        self.replicas.keys().cloned().collect()
    }

    /// The peers currently allowed to sync `id`.
    pub fn members(&self, id: &DocumentId) -> HashSet<PeerId> {
        self.replicas
            .get(id)
            .map(|r| r.members.clone())
            .unwrap_or_default()
    }

    /// Whether `peer` is connected.
    pub fn is_connected(&self, peer: &PeerId) -> bool {
        self.connected.contains(peer)
    }

    /// Adds (or replaces) a document, with the sync states persisted for it
    /// and the peers to trust while it is still empty. Starts syncing it
    /// with connected members.
    pub fn add_document(
        &mut self,
        id: DocumentId,
        mut doc: AutoCommit,
        signatures: Signatures,
        sync_states: Vec<(PeerId, Vec<u8>)>,
        bootstrap: Vec<PeerId>,
    ) {
        let ledger = Ledger::of(&mut doc);
        let mut signatures = signatures;
        let mut unsaved_signatures = Signatures::new();
        if let Some(signer) = &self.signer {
            // Our own changes are signed even if their signatures were lost.
            for change in doc.get_changes_meta(&[]) {
                if signer.owns(&change.actor) && !signatures.contains(&change.hash) {
                    let signature = signer.sign(&id, &change.hash);
                    signatures.insert(change.hash, signature);
                    unsaved_signatures.insert(change.hash, signature);
                }
            }
        }
        let members = self.policy.members(&id, &mut doc);
        let peers = sync_states
            .into_iter()
            .filter_map(|(peer, bytes)| {
                let state = State::decode(&bytes).ok()?;
                Some((
                    peer,
                    PeerSync {
                        state,
                        ..PeerSync::default()
                    },
                ))
            })
            .collect();
        self.replicas.insert(
            id.clone(),
            Replica {
                doc,
                signatures,
                unsaved_signatures,
                unsaved_received: Vec::new(),
                ledger,
                members,
                bootstrap: bootstrap.into_iter().collect(),
                peers,
                arrived: false,
                settled: false,
                stats: SyncStats::default(),
                waited: 0,
            },
        );
        let connected: Vec<PeerId> = self.connected.iter().copied().collect();
        for peer in connected {
            self.pump(&id, peer);
        }
    }

    /// Applies changes made locally (bytes from `save_incremental` or
    /// `save_after`), signs those made with this device's key, saves, and
    /// sends them to connected members.
    pub fn apply_local(
        &mut self,
        id: &DocumentId,
        changes: &[u8],
    ) -> Result<Vec<ChangeHash>, automerge::AutomergeError> {
        let Some(replica) = self.replicas.get_mut(id) else {
            return Err(automerge::AutomergeError::InvalidObjId(id.to_string()));
        };
        let before = replica.doc.get_heads();
        replica.doc.load_incremental(changes)?;
        let heads = replica.doc.get_heads();
        self.sign_local(id, &before);
        self.after_change(id);
        Ok(heads)
    }

    /// Applies changes that reached this device outside a sync session (a
    /// file carried by hand) with their `signatures`, screened by the rules
    /// of a sync message. Refuses them all, applying nothing, when any does
    /// not pass or when they build on changes this replica lacks. Returns
    /// how many were new.
    pub fn apply_carried(
        &mut self,
        id: &DocumentId,
        changes: Vec<Change>,
        signatures: &Signatures,
    ) -> Result<usize, String> {
        let Some(replica) = self.replicas.get_mut(id) else {
            return Err(format!("document {id} is not held here"));
        };
        let before = replica.doc.get_heads();
        let carried = screen::apply_carried(id, &mut replica.doc, changes, signatures)
            .map_err(|e| e.to_string())?;
        replica.signatures.extend(&carried.signatures);
        replica.unsaved_signatures.extend(&carried.signatures);
        replica.unsaved_received.extend(carried.changes);
        if carried.added > 0 {
            for change in replica.doc.get_changes_meta(&before) {
                replica.ledger.hold(&change.actor, change.seq, change.hash);
            }
            // Saved before anything is sent, as a local edit is.
            self.effects.push(Effect::SaveNow {
                document: id.clone(),
            });
            self.after_change(id);
        }
        Ok(carried.added)
    }

    /// Signs the changes after `before` that this device made, and asks for
    /// them to be saved before anything is sent.
    fn sign_local(&mut self, id: &DocumentId, before: &[ChangeHash]) {
        let Some(replica) = self.replicas.get_mut(id) else {
            return;
        };
        for change in replica.doc.get_changes_meta(before) {
            replica.ledger.hold(&change.actor, change.seq, change.hash);
            if let Some(signer) = self.signer.as_ref().filter(|s| s.owns(&change.actor))
                && !replica.signatures.contains(&change.hash)
            {
                let signature = signer.sign(id, &change.hash);
                replica.signatures.insert(change.hash, signature);
                replica.unsaved_signatures.insert(change.hash, signature);
            }
        }
        self.effects.push(Effect::SaveNow {
            document: id.clone(),
        });
    }

    /// A connection to `peer` was established.
    pub fn peer_connected(&mut self, peer: PeerId) {
        if !self.connected.insert(peer) {
            return;
        }
        for id in self.document_ids() {
            self.pump(&id, peer);
        }
    }

    /// The last connection to `peer` closed. What it is known to have is kept
    /// (and persisted), so a reconnect sends only what is missing.
    pub fn peer_disconnected(&mut self, peer: PeerId) {
        if !self.connected.remove(&peer) {
            return;
        }
        for (id, replica) in &mut self.replicas {
            if let Some(sync) = replica.peers.get_mut(&peer) {
                let encoded = sync.state.encode();
                sync.state = State::decode(&encoded).unwrap_or_default();
                sync.in_flight = false;
                sync.reported = None;
                sync.deferred = false;
                self.effects.push(Effect::SaveSyncState {
                    document: id.clone(),
                    peer,
                    state: encoded,
                });
            }
        }
        if self.local.is_some() {
            // The collector may have left: the next one takes over.
            let connected: Vec<PeerId> = self.connected.iter().copied().collect();
            for id in self.document_ids() {
                for peer in &connected {
                    self.pump(&id, *peer);
                }
            }
        }
    }

    /// Asks `peer` to admit us to `id` with an opaque `proof`.
    pub fn request_join(&mut self, id: &DocumentId, peer: PeerId, proof: Vec<u8>) {
        self.effects.push(Effect::Send {
            peer,
            document: id.clone(),
            request: Request::Join {
                document: id.to_string(),
                proof,
            },
        });
    }

    /// Handles a request from `peer`, answering through `inbound`.
    pub fn handle_request(&mut self, peer: PeerId, inbound: InboundId, request: Request) {
        match request {
            Request::Sync {
                document,
                message,
                signatures,
            } => self.handle_sync_request(peer, inbound, &document, &message, &signatures),
            Request::Join { document, proof } => self.handle_join(peer, inbound, &document, &proof),
        }
    }

    fn handle_sync_request(
        &mut self,
        peer: PeerId,
        inbound: InboundId,
        document: &str,
        message: &[u8],
        signatures: &[u8],
    ) {
        let Some(id) = self.allowed_document(document, &peer) else {
            let response = match document
                .parse::<DocumentId>()
                .ok()
                .and_then(|id| self.superseded.get(&id))
            {
                Some(s) if s.members.contains(&peer) => Response::Superseded {
                    successor: s.successor.as_str().to_owned(),
                    proof: s.proof.clone(),
                },
                _ => Response::Unavailable,
            };
            self.effects.push(Effect::Respond { inbound, response });
            return;
        };
        if let Err(reason) = self.receive(&id, peer, message, signatures) {
            self.reject(peer, reason);
            self.effects.push(Effect::Close { inbound });
            return;
        }
        let (message, signatures) = match self.answer(&id, peer) {
            Some((message, signatures)) => (Some(message), signatures),
            None => (None, Vec::new()),
        };
        self.effects.push(Effect::Respond {
            inbound,
            response: Response::Sync {
                message,
                signatures,
            },
        });
        self.report_if_synced(&id, peer);
    }

    fn handle_join(&mut self, peer: PeerId, inbound: InboundId, document: &str, proof: &[u8]) {
        let Some((id, replica)) = document
            .parse::<DocumentId>()
            .ok()
            .and_then(|id| self.replicas.get_mut(&id).map(|r| (id, r)))
        else {
            self.effects.push(Effect::Respond {
                inbound,
                response: Response::Unavailable,
            });
            return;
        };
        if replica.members.contains(&peer) {
            self.effects.push(Effect::Respond {
                inbound,
                response: Response::Admitted,
            });
            self.pump(&id, peer);
            return;
        }
        let before = replica.doc.get_heads();
        match self.policy.admit(&id, &mut replica.doc, &peer, proof) {
            Ok(()) => {
                self.sign_local(&id, &before);
                self.effects.push(Effect::Event(SyncEvent::Admitted {
                    document: id.clone(),
                    peer,
                }));
                self.effects.push(Effect::Respond {
                    inbound,
                    response: Response::Admitted,
                });
                self.after_change(&id);
            }
            Err(reason) => self.effects.push(Effect::Respond {
                inbound,
                response: Response::Refused { reason },
            }),
        }
    }

    /// Handles `peer`'s response to our request about `id`.
    pub fn handle_response(&mut self, peer: PeerId, id: &DocumentId, response: Response) {
        if let Some(sync) = self.peer_sync(id, &peer) {
            sync.in_flight = false;
        }
        match response {
            Response::Sync {
                message,
                signatures,
            } => {
                if !self.replicas.get(id).is_some_and(|r| r.allows(&peer)) {
                    return;
                }
                if let Some(message) = message
                    && let Err(reason) = self.receive(id, peer, &message, &signatures)
                {
                    self.reject(peer, reason);
                    return;
                }
                self.pump(id, peer);
            }
            Response::Unavailable => self.effects.push(Effect::Event(SyncEvent::Unavailable {
                document: id.clone(),
                peer,
            })),
            Response::Superseded { successor, proof } => {
                if !self.replicas.get(id).is_some_and(|r| r.allows(&peer)) {
                    return;
                }
                match successor.parse::<DocumentId>() {
                    Ok(successor) => self.effects.push(Effect::Event(SyncEvent::Superseded {
                        document: id.clone(),
                        peer,
                        successor,
                        proof,
                    })),
                    Err(_) => self.reject(peer, "a malformed successor document id".into()),
                }
            }
            Response::Admitted => {
                self.effects.push(Effect::Event(SyncEvent::JoinAnswered {
                    document: id.clone(),
                    peer,
                    result: Ok(()),
                }));
                self.pump(id, peer);
            }
            Response::Refused { reason } => {
                self.effects.push(Effect::Event(SyncEvent::JoinAnswered {
                    document: id.clone(),
                    peer,
                    result: Err(reason),
                }))
            }
        }
    }

    /// Our request to `peer` about `id` failed (timeout, closed connection,
    /// unsupported protocol). What we sent may be lost, so the sync state
    /// forgets what was in flight; with `retry` (the peer is still connected
    /// and the failure was transient) the exchange starts again at once,
    /// otherwise at the next change or connection.
    pub fn handle_failure(&mut self, peer: PeerId, id: &DocumentId, retry: bool) {
        if let Some(sync) = self.peer_sync(id, &peer) {
            sync.in_flight = false;
            sync.state = State::decode(&sync.state.encode()).unwrap_or_default();
        }
        if retry {
            self.pump(id, peer);
        }
    }

    /// Sends `peer` our next sync message for `id` if it is allowed, nothing
    /// is in flight, and we have something to say; reports when in sync.
    fn pump(&mut self, id: &DocumentId, peer: PeerId) {
        if !self.connected.contains(&peer) {
            return;
        }
        let Some(replica) = self.replicas.get_mut(id) else {
            return;
        };
        if !replica.allows(&peer) {
            return;
        }
        let initiate = self.may_initiate(id, &peer);
        let Some(replica) = self.replicas.get_mut(id) else {
            return;
        };
        let sync = replica.peers.entry(peer).or_default();
        if sync.in_flight {
            return;
        }
        sync.deferred = !initiate;
        if !initiate {
            return;
        }
        let message = replica.doc.sync().generate_sync_message(&mut sync.state);
        match message {
            Some(message) => {
                sync.in_flight = true;
                let signatures = signatures_for(&message, &replica.signatures);
                self.effects.push(Effect::Send {
                    peer,
                    document: id.clone(),
                    request: Request::Sync {
                        document: id.to_string(),
                        message: message.encode(),
                        signatures,
                    },
                });
            }
            None => self.report_if_synced(id, peer),
        }
    }

    /// Applies a sync message from `peer`, without the changes screening
    /// refuses. Saves and notifies if the document changed.
    fn receive(
        &mut self,
        id: &DocumentId,
        peer: PeerId,
        bytes: &[u8],
        signatures: &[u8],
    ) -> Result<(), String> {
        let mut message =
            Message::decode(bytes).map_err(|e| format!("malformed sync message: {e}"))?;
        let signatures = Signatures::decode(signatures)
            .ok_or_else(|| "malformed signatures in sync message".to_owned())?;
        let Some(replica) = self.replicas.get_mut(id) else {
            return Ok(());
        };
        let ledger = &replica.ledger;
        let (mut carried, verdicts) =
            limits::check_alongside(&self.caps, &message, &mut replica.doc, |changes| {
                screen::verify(id, ledger, changes, &signatures)
            })
            .map_err(|reason| format!("sync message refused: {reason}"))?;
        let screened = screen::screen(
            &mut replica.ledger,
            std::mem::take(&mut carried.changes),
            &signatures,
            verdicts,
        );
        if screened.refused > 0 || carried.whole_document {
            // Only what passed is applied, as change chunks: Automerge
            // would otherwise decode a whole document a second time.
            message.changes = screened
                .accepted
                .iter()
                .map(|c| c.raw_bytes().to_vec())
                .collect::<Vec<_>>()
                .into();
        }
        if screened.refused > 0 {
            self.effects.push(Effect::Event(SyncEvent::ChangesRefused {
                document: id.clone(),
                peer,
                count: screened.refused,
                reason: screened.reason.clone().unwrap_or_default(),
            }));
        }
        replica.stats.received += (screened.accepted.len() + screened.refused) as u64;
        replica.signatures.extend(&screened.signatures);
        replica.unsaved_signatures.extend(&screened.signatures);
        replica.unsaved_received.extend(screened.accepted);
        let before = replica.doc.get_heads();
        let sync = replica.peers.entry(peer).or_default();
        replica
            .doc
            .sync()
            .receive_sync_message(&mut sync.state, message)
            .map_err(|e| format!("invalid sync message: {e}"))?;
        let heads = replica.doc.get_heads();
        if heads != before {
            let applied = replica.doc.get_changes_meta(&before);
            replica.stats.applied += applied.len() as u64;
            replica.arrived = true;
            replica.settled = false;
            for change in &applied {
                replica.ledger.hold(&change.actor, change.seq, change.hash);
            }
            self.effects.push(Effect::Save {
                document: id.clone(),
            });
            self.effects.push(Effect::Event(SyncEvent::Changed {
                document: id.clone(),
                heads,
                from: peer,
                changes: applied.len(),
            }));
            self.after_change_with(id, &carried.decoded);
        }
        Ok(())
    }

    /// Our next sync message to `peer` and the signatures of what it
    /// carries.
    fn generate(&mut self, id: &DocumentId, peer: PeerId) -> Option<(Vec<u8>, Vec<u8>)> {
        let replica = self.replicas.get_mut(id)?;
        let sync = replica.peers.entry(peer).or_default();
        let message = replica.doc.sync().generate_sync_message(&mut sync.state)?;
        let signatures = signatures_for(&message, &replica.signatures);
        Some((message.encode(), signatures))
    }

    /// Our answer to `peer`'s sync request: always a message, even with
    /// nothing new in it. The asker's Automerge state counts its own message
    /// as in flight until it receives one back; an empty answer would leave
    /// it waiting with our heads unknown, and the pair would never confirm
    /// that it is in sync.
    fn answer(&mut self, id: &DocumentId, peer: PeerId) -> Option<(Vec<u8>, Vec<u8>)> {
        if let Some(found) = self.generate(id, peer) {
            return Some(found);
        }
        let sync = self.replicas.get_mut(id)?.peers.get_mut(&peer)?;
        sync.state.have_responded = false;
        self.generate(id, peer)
    }

    /// After any change: recompute who may sync, forget peers that may no
    /// longer, and offer the change to every connected member.
    fn after_change(&mut self, id: &DocumentId) {
        self.after_change_with(id, &Decoded::new());
    }

    /// [`SyncCore::after_change`] for changes that `arrived` in a message.
    fn after_change_with(&mut self, id: &DocumentId, arrived: &Decoded) {
        let Some(replica) = self.replicas.get_mut(id) else {
            return;
        };
        replica.members = self.policy.members_after(id, &mut replica.doc, arrived);
        let members = replica.members.clone();
        replica.peers.retain(|peer, _| members.contains(peer));
        for sync in replica.peers.values_mut() {
            sync.reported = None;
        }
        let connected: Vec<PeerId> = self.connected.iter().copied().collect();
        for peer in connected {
            self.pump(id, peer);
        }
    }

    /// Emits `Synced` (once per state) when both sides have the same heads,
    /// and persists that state.
    fn report_if_synced(&mut self, id: &DocumentId, peer: PeerId) {
        let Some(replica) = self.replicas.get_mut(id) else {
            return;
        };
        let heads = replica.doc.get_heads();
        let Some(sync) = replica.peers.get_mut(&peer) else {
            return;
        };
        let Some(mut theirs) = sync.state.their_heads.clone() else {
            return;
        };
        theirs.sort();
        let mut ours = heads.clone();
        ours.sort();
        if theirs != ours || sync.in_flight || sync.reported.as_ref() == Some(&ours) {
            return;
        }
        sync.reported = Some(ours);
        let state = sync.state.encode();
        self.effects.push(Effect::SaveSyncState {
            document: id.clone(),
            peer,
            state,
        });
        let stats = replica.stats;
        if self.local.is_some() && replica.peers.keys().all(|p| *p >= peer) {
            // The collector (or a lower peer) confirmed: wait for it again
            // next time.
            replica.waited = 0;
        }
        self.effects.push(Effect::Event(SyncEvent::Synced {
            document: id.clone(),
            peer,
            heads,
            received: stats.received,
            applied: stats.applied,
        }));
    }

    fn allowed_document(&self, document: &str, peer: &PeerId) -> Option<DocumentId> {
        let id: DocumentId = document.parse().ok()?;
        self.replicas
            .get(&id)
            .filter(|r| r.allows(peer))
            .map(|_| id)
    }

    fn peer_sync(&mut self, id: &DocumentId, peer: &PeerId) -> Option<&mut PeerSync> {
        self.replicas.get_mut(id)?.peers.get_mut(peer)
    }

    fn reject(&mut self, peer: PeerId, reason: String) {
        self.effects
            .push(Effect::Event(SyncEvent::Rejected { peer, reason }));
    }
}

/// The encoded signatures of the changes `message` carries (all we know
/// when it carries a whole document).
fn signatures_for(message: &Message, signatures: &Signatures) -> Vec<u8> {
    if message.changes.is_empty() {
        return Vec::new();
    }
    match limits::carried_hashes(message) {
        Some(hashes) => signatures.encode_for(&hashes),
        None => signatures.encode(),
    }
}
