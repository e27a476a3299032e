//! The event loop: the only owner of the swarm, the sync core and the store.
//! It turns swarm events and commands into core inputs, and performs the
//! core's effects.

use std::collections::{HashMap, HashSet};

use libp2p::futures::StreamExt;
use libp2p::request_response::{self, OutboundRequestId, ResponseChannel};
use libp2p::swarm::SwarmEvent;
use libp2p::swarm::dial_opts::DialOpts;
use libp2p::{Multiaddr, PeerId, Swarm, identify, mdns, multiaddr::Protocol, noise, tcp, yamux};
use tokio::sync::mpsc;

mod reach;

use super::behaviour::{Behaviour, BehaviourEvent, Setup};
use super::codec::Framed;
use super::guard::RequestBudget;
use super::reach::Members;
use crate::DocumentId;
use crate::node::{Command, NodeConfig, NodeError, NodeEvent, SpawnError};
use crate::protocol::{
    AccessPolicy, Effect, InboundId, PROTOCOL_NAME, Request, Response, SyncCore, SyncEvent,
};
use crate::signing::DeviceSigner;
use crate::store::{Backend, DocumentStore, describe_io};

/// How often a catch-up through the collecting peer is checked for having
/// settled: a room syncs with everyone once no changes arrived for one
/// to two of these.
const SETTLE_CHECK: std::time::Duration = std::time::Duration::from_millis(250);

/// Owns everything mutable of a node; reached only through commands.
pub(crate) struct EventLoop<B: Backend, P: AccessPolicy> {
    swarm: Swarm<Behaviour>,
    core: SyncCore<P>,
    store: DocumentStore<B>,
    commands: mpsc::Receiver<Command>,
    events: mpsc::Sender<NodeEvent>,
    outbound: HashMap<OutboundRequestId, (PeerId, DocumentId)>,
    inbound: HashMap<InboundId, ResponseChannel<Response>>,
    next_inbound: InboundId,
    /// Addresses to keep dialling while unreachable.
    redial: Vec<Multiaddr>,
    redial_interval: std::time::Duration,
    /// Remote addresses of established connections.
    connected_addresses: HashMap<Multiaddr, PeerId>,
    /// Join requests waiting for a connection to their peer.
    pending_joins: HashMap<PeerId, Vec<(DocumentId, Vec<u8>)>>,
    /// Peers found on the local network, with their addresses.
    discovered: HashMap<PeerId, Vec<Multiaddr>>,
    /// Documents changed but not yet saved.
    dirty: Vec<DocumentId>,
    /// Documents whose local changes failed to save: not sent until saved.
    unsaved_local: HashSet<DocumentId>,
    /// `Changed` and `Synced` events waiting for pending saves.
    held: Vec<SyncEvent>,
    /// Each peer's request budget.
    budget: RequestBudget,
    /// How long an offending peer is refused.
    ban: std::time::Duration,
    /// Syncs whose request failed, retried on the next periodic tick rather
    /// than at once, so a peer that keeps failing requests cannot keep the
    /// node busy.
    retry_later: HashSet<(PeerId, DocumentId)>,
    /// Relays, routes and reservations.
    reach: reach::Reach,
    /// The relays and peers given at start, dialled once the node listens
    /// (see [`EventLoop::dial_at_start`]).
    at_start: Option<(Vec<Multiaddr>, Vec<Multiaddr>)>,
}

impl<B: Backend + Send + 'static, P: AccessPolicy> EventLoop<B, P> {
    pub(crate) fn new(
        config: NodeConfig,
        store: DocumentStore<B>,
        policy: P,
        commands: mpsc::Receiver<Command>,
        events: mpsc::Sender<NodeEvent>,
    ) -> Result<Self, SpawnError> {
        let setup = |e: &dyn std::fmt::Display| SpawnError::Setup(e.to_string());
        let limits = config.limits;
        let relay_members = config.relay.map(|_| Members::default());
        let setup_of = Setup {
            mdns: config.mdns,
            caps: config.caps,
            request_timeout: config.request_timeout,
            relay: config.relay.zip(relay_members.clone()),
        };
        let mut swarm = libp2p::SwarmBuilder::with_existing_identity(config.keypair.clone())
            .with_tokio()
            .with_tcp(
                tcp::Config::default().nodelay(true),
                noise::Config::new,
                yamux::Config::default,
            )
            .map_err(|e| setup(&e))?
            .with_quic()
            .with_relay_client(noise::Config::new, yamux::Config::default)
            .map_err(|e| setup(&e))?
            .with_behaviour(
                |key,
                 relay_client|
                 -> Result<Behaviour, Box<dyn std::error::Error + Send + Sync>> {
                    Ok(Behaviour::new(key, relay_client, setup_of)?)
                },
            )
            .map_err(|e| setup(&e))?
            .with_swarm_config(|c| {
                c.with_idle_connection_timeout(std::time::Duration::from_secs(3600))
            })
            .build();
        for address in &config.listen {
            swarm
                .listen_on(address.clone())
                .map_err(|e| SpawnError::Listen {
                    address: address.clone(),
                    reason: e.to_string(),
                })?;
        }
        let local = *swarm.local_peer_id();
        let core = SyncCore::with_caps(policy, config.message_caps).with_local_peer(local);
        let mut event_loop = EventLoop {
            swarm,
            core: match DeviceSigner::from_keypair(&config.keypair) {
                Some(signer) => core.with_signer(signer),
                None => core,
            },
            unsaved_local: HashSet::new(),
            store,
            commands,
            events,
            outbound: HashMap::new(),
            inbound: HashMap::new(),
            next_inbound: 0,
            redial: Vec::new(),
            redial_interval: config.redial_interval,
            connected_addresses: HashMap::new(),
            pending_joins: HashMap::new(),
            discovered: HashMap::new(),
            dirty: Vec::new(),
            held: Vec::new(),
            budget: RequestBudget::new(limits),
            ban: limits.ban,
            retry_later: HashSet::new(),
            reach: reach::Reach::new(relay_members),
            at_start: None,
        };
        if let Some(bad) = config
            .relays
            .iter()
            .find(|a| !matches!(a.iter().last(), Some(libp2p::multiaddr::Protocol::P2p(_))))
        {
            return Err(SpawnError::Setup(
                NodeError::RelayAddress(bad.clone()).to_string(),
            ));
        }
        event_loop.at_start = Some((config.relays, config.peers));
        if config.listen.is_empty() {
            event_loop.dial_at_start()?;
        }
        Ok(event_loop)
    }

    /// Dials the relays and peers given at start. Held back until the node
    /// listens, so the connections leave from its listening port (port
    /// reuse): the address a relay observes is then one that a hole punch
    /// through this node's NAT can use.
    fn dial_at_start(&mut self) -> Result<(), SpawnError> {
        let Some((relays, peers)) = self.at_start.take() else {
            return Ok(());
        };
        let mut failed = None;
        for address in relays {
            failed = self.add_relay(address).err().or(failed);
        }
        for address in peers {
            failed = self.dial(address).err().or(failed);
        }
        failed.map_or(Ok(()), |e| Err(SpawnError::Setup(e.to_string())))
    }

    /// Runs until shut down or until every handle is dropped.
    pub(crate) async fn run(mut self) {
        let mut redial = tokio::time::interval(self.redial_interval);
        redial.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // How often a catch-up through the collecting peer is checked for
        // having settled (see `SyncCore::with_local_peer`).
        let mut settle = tokio::time::interval(SETTLE_CHECK);
        settle.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                // The swarm first, so responses are sent before saves run.
                biased;
                event = self.swarm.select_next_some() => self.handle_swarm_event(event).await,
                command = self.commands.recv() => match command {
                    Some(Command::Shutdown { reply }) => {
                        self.shutdown().await;
                        let _ = reply.send(());
                        return;
                    }
                    Some(command) => self.handle_command(command).await,
                    None => {
                        self.shutdown().await;
                        return;
                    }
                },
                _ = redial.tick() => {
                    self.dial_late_at_start();
                    self.redial_unreachable();
                    self.reach_through_relays();
                    self.retry_failed().await;
                    if self.dirty.is_empty() {
                        self.compact_due();
                    }
                }
                _ = settle.tick(), if self.core.has_deferred() => {
                    self.core.resume_deferred();
                    self.perform_effects().await;
                }
                () = std::future::ready(()), if !self.dirty.is_empty() => {
                    self.flush_saves().await;
                }
            }
        }
    }

    async fn handle_command(&mut self, command: Command) {
        match command {
            Command::AddDocument {
                id,
                mut document,
                bootstrap,
                reply,
            } => {
                let states = self.peer_states(&id);
                let unsaved = !self.store.is_tracked(&id) && !document.get_heads().is_empty();
                let signatures = self.store.signatures(&id).cloned().unwrap_or_default();
                self.core
                    .add_document(id.clone(), *document, signatures, states, bootstrap);
                self.perform_effects().await;
                let mut result = Ok(());
                if unsaved {
                    // A document new to this device is durable before the
                    // caller hears it was added.
                    if !self.dirty.contains(&id) {
                        self.dirty.push(id.clone());
                    }
                    let failures = self.flush_saves().await;
                    if let Some((_, error)) = failures.into_iter().find(|(doc, _)| *doc == id) {
                        result = Err(NodeError::Save(error));
                    }
                }
                let _ = reply.send(result);
            }
            Command::Apply { id, changes, reply } => {
                let result = match self.core.apply_local(&id, &changes) {
                    Ok(heads) => {
                        self.perform_effects().await;
                        let failures = self.flush_saves().await;
                        match failures.into_iter().find(|(doc, _)| *doc == id) {
                            Some((_, error)) => Err(NodeError::Save(error)),
                            None => Ok(heads),
                        }
                    }
                    Err(_) if self.core.document(&id).is_none() => {
                        Err(NodeError::UnknownDocument(id))
                    }
                    Err(e) => Err(NodeError::Apply(e.to_string())),
                };
                let _ = reply.send(result);
            }
            Command::ApplyCarried {
                id,
                changes,
                signatures,
                reply,
            } => {
                let result = match self.core.apply_carried(&id, changes, &signatures) {
                    Ok(added) => {
                        self.perform_effects().await;
                        let failures = self.flush_saves().await;
                        match failures.into_iter().find(|(doc, _)| *doc == id) {
                            Some((_, error)) => Err(NodeError::Save(error)),
                            None => Ok(added),
                        }
                    }
                    Err(_) if self.core.document(&id).is_none() => {
                        Err(NodeError::UnknownDocument(id))
                    }
                    Err(reason) => Err(NodeError::Apply(reason)),
                };
                let _ = reply.send(result);
            }
            Command::Document { id, reply } => {
                let _ = reply.send(self.core.document(&id).cloned());
            }
            Command::RootKeys { id, reply } => {
                use automerge::ReadDoc;
                let keys = self
                    .core
                    .document(&id)
                    .map(|doc| doc.keys(automerge::ROOT).collect());
                let _ = reply.send(keys);
            }
            Command::Signatures { id, reply } => {
                let _ = reply.send(self.core.signatures(&id).cloned());
            }
            Command::SyncStats { id, reply } => {
                let _ = reply.send(self.core.sync_stats(&id));
            }
            Command::ChangesSince { id, heads, reply } => {
                let changes = self.core.document_mut(&id).map(|doc| {
                    let known: Vec<_> = heads
                        .into_iter()
                        .filter(|h| doc.get_change_by_hash(h).is_some())
                        .collect();
                    (doc.save_after(&known), doc.get_heads())
                });
                let _ = reply.send(changes);
            }
            Command::Dial { address, reply } => {
                let result = self.dial(address);
                let _ = reply.send(result);
            }
            Command::Join {
                id,
                candidates,
                proof,
                reply,
            } => {
                let result = self.join(id, candidates, proof).await;
                let _ = reply.send(result);
            }
            Command::Supersede {
                old,
                successor,
                proof,
                members,
                reply,
            } => {
                self.core.supersede(&old, successor, proof, members);
                self.dirty.retain(|id| *id != old);
                let result = self
                    .store
                    .remove(&old)
                    .map_err(|e| NodeError::Save(crate::store::describe_io(&e)));
                let _ = reply.send(result);
            }
            Command::ListenAddresses { reply } => {
                let _ = reply.send(self.swarm.listeners().cloned().collect());
            }
            Command::AddRelay { address, reply } => {
                let _ = reply.send(self.add_relay(address));
            }
            Command::Routes { reply } => {
                let _ = reply.send(self.reach.routes());
            }
            Command::ConnectedPeers { reply } => {
                let _ = reply.send(self.swarm.connected_peers().copied().collect());
            }
            Command::Shutdown { reply } => {
                let _ = reply.send(());
            }
        }
    }

    /// Asks the first of `candidates` that is (or gets) connected to admit
    /// this node to `id`; the others are dialled too.
    async fn join(
        &mut self,
        id: DocumentId,
        candidates: Vec<(PeerId, Vec<Multiaddr>)>,
        proof: Vec<u8>,
    ) -> Result<(), NodeError> {
        if self.core.document(&id).is_none() {
            self.core.add_document(
                id.clone(),
                automerge::AutoCommit::new(),
                Default::default(),
                Vec::new(),
                candidates.iter().map(|(peer, _)| *peer).collect(),
            );
        }
        if let Some((peer, _)) = candidates.iter().find(|(p, _)| self.swarm.is_connected(p)) {
            self.core.request_join(&id, *peer, proof);
            self.perform_effects().await;
            return Ok(());
        }
        let mut failure = None;
        for (peer, addresses) in candidates {
            self.pending_joins
                .entry(peer)
                .or_default()
                .push((id.clone(), proof.clone()));
            if addresses.is_empty() {
                // Asked once a connection stands: found on the local
                // network, or dialled by the peer.
                continue;
            }
            let opts = DialOpts::peer_id(peer).addresses(addresses.clone()).build();
            if let Err(e) = self.swarm.dial(opts) {
                failure = Some(NodeError::Dial {
                    address: addresses.first().cloned().unwrap_or_else(Multiaddr::empty),
                    reason: e.to_string(),
                });
            }
        }
        failure.map_or(Ok(()), Err)
    }

    /// A candidate to admit this node connected: asks it, and no longer
    /// the others, for the same documents.
    fn join_through(&mut self, peer: PeerId) {
        let asked = self.pending_joins.remove(&peer).unwrap_or_default();
        for (id, proof) in asked {
            for pending in self.pending_joins.values_mut() {
                pending.retain(|(other, _)| *other != id);
            }
            self.core.request_join(&id, peer, proof);
        }
        self.pending_joins.retain(|_, pending| !pending.is_empty());
    }

    fn dial(&mut self, address: Multiaddr) -> Result<(), NodeError> {
        if !self.redial.contains(&address) {
            self.redial.push(address.clone());
        }
        self.swarm
            .dial(address.clone())
            .map_err(|e| NodeError::Dial {
                address,
                reason: e.to_string(),
            })
    }

    /// The start's dials, once the node listens (or at the first redial
    /// tick if it never does). A failed dial is retried by the redial tick.
    fn dial_late_at_start(&mut self) {
        if let Err(e) = self.dial_at_start() {
            tracing::warn!(error = %e, "a dial given at start failed");
        }
    }

    /// Dials every peer found on the local network that is not connected,
    /// once per peer with all its addresses (separate dials would be refused
    /// while the first is in progress). Repeated on the periodic tick, so a
    /// failed first attempt is not the last.
    fn dial_discovered(&mut self) {
        for (peer, addresses) in &self.discovered {
            if !self.swarm.is_connected(peer) {
                let opts = DialOpts::peer_id(*peer)
                    .addresses(addresses.clone())
                    .build();
                let _ = self.swarm.dial(opts);
            }
        }
    }

    fn redial_unreachable(&mut self) {
        self.dial_discovered();
        let unreachable: Vec<Multiaddr> = self
            .redial
            .iter()
            .filter(|address| match peer_of(address) {
                Some(peer) => !self.swarm.is_connected(&peer),
                None => !self.connected_addresses.contains_key(*address),
            })
            .cloned()
            .collect();
        for address in unreachable {
            let _ = self.swarm.dial(address);
        }
    }

    async fn handle_swarm_event(&mut self, event: SwarmEvent<BehaviourEvent>) {
        match event {
            SwarmEvent::NewListenAddr { address, .. } => {
                self.dial_late_at_start();
                self.listening_on(&address);
                self.emit(NodeEvent::Listening { address }).await;
            }
            SwarmEvent::ConnectionEstablished {
                peer_id,
                connection_id,
                endpoint,
                num_established,
                ..
            } => {
                let address = endpoint.get_remote_address().clone();
                self.connected_addresses.insert(address.clone(), peer_id);
                self.connection_opened(peer_id, connection_id, &endpoint)
                    .await;
                if num_established.get() == 1 {
                    self.core.peer_connected(peer_id);
                    self.emit(NodeEvent::PeerConnected {
                        peer: peer_id,
                        address,
                        dialed: endpoint.is_dialer(),
                    })
                    .await;
                }
                self.join_through(peer_id);
                self.perform_effects().await;
            }
            SwarmEvent::ConnectionClosed {
                peer_id,
                connection_id,
                endpoint,
                num_established,
                ..
            } => {
                self.connected_addresses
                    .remove(endpoint.get_remote_address());
                self.connection_closed(peer_id, connection_id).await;
                if num_established == 0 {
                    self.budget.forget(&peer_id);
                    self.core.peer_disconnected(peer_id);
                    self.perform_effects().await;
                    self.emit(NodeEvent::PeerDisconnected { peer: peer_id })
                        .await;
                }
            }
            SwarmEvent::Behaviour(BehaviourEvent::Mdns(mdns::Event::Discovered(found))) => {
                let mut new_peers = Vec::new();
                for (peer, address) in found {
                    // A peer's loopback address means our own machine here.
                    if is_loopback(&address) {
                        continue;
                    }
                    let addresses = self.discovered.entry(peer).or_default();
                    if addresses.is_empty() {
                        new_peers.push(peer);
                    }
                    if !addresses.contains(&address) {
                        addresses.push(address);
                    }
                }
                for peer in new_peers {
                    tracing::debug!(%peer, "discovered on the local network");
                    self.emit(NodeEvent::Discovered { peer }).await;
                }
                self.dial_discovered();
            }
            SwarmEvent::Behaviour(BehaviourEvent::Mdns(mdns::Event::Expired(gone))) => {
                for (peer, address) in gone {
                    if let Some(addresses) = self.discovered.get_mut(&peer) {
                        addresses.retain(|a| *a != address);
                        if addresses.is_empty() {
                            self.discovered.remove(&peer);
                        }
                    }
                }
            }
            SwarmEvent::Behaviour(BehaviourEvent::Sync(event)) => {
                self.handle_sync_event(event).await
            }
            SwarmEvent::Behaviour(BehaviourEvent::Identify(identify::Event::Received {
                peer_id,
                info,
                ..
            })) => self.check_version(peer_id, &info.protocols).await,
            SwarmEvent::Behaviour(event) => self.handle_reach_event(event).await,
            SwarmEvent::ListenerClosed {
                listener_id,
                reason,
                ..
            } => self.listener_closed(listener_id, reason).await,
            _ => {}
        }
    }

    async fn handle_sync_event(&mut self, event: request_response::Event<Framed, Response>) {
        match event {
            request_response::Event::Message { peer, message, .. } => match message {
                request_response::Message::Request {
                    request, channel, ..
                } => {
                    // A request not handled drops its channel, which closes
                    // the stream unanswered.
                    if !self.within_budget(peer).await {
                        return;
                    }
                    match request {
                        Framed::Request(request) => self.handle_request(peer, request, channel),
                        Framed::Malformed(reason) => self.punish(peer, reason).await,
                    }
                }
                request_response::Message::Response {
                    request_id,
                    response,
                } => {
                    if let Some((peer, id)) = self.outbound.remove(&request_id) {
                        let core = &mut self.core;
                        off_the_runtime(|| core.handle_response(peer, &id, response));
                    }
                }
            },
            request_response::Event::OutboundFailure {
                peer,
                request_id,
                error,
                ..
            } => {
                if let Some((peer, id)) = self.outbound.remove(&request_id) {
                    let transient = !matches!(
                        error,
                        request_response::OutboundFailure::UnsupportedProtocols
                    );
                    self.core.handle_failure(peer, &id, false);
                    if transient && self.swarm.is_connected(&peer) {
                        self.retry_later.insert((peer, id));
                    }
                }
                if matches!(
                    error,
                    request_response::OutboundFailure::UnsupportedProtocols
                ) {
                    tracing::warn!(%peer, "peer speaks an unsupported protocol version");
                    let reason = format!(
                        "the peer does not speak this version of the Rondetafel protocol \
                         ({PROTOCOL_NAME})"
                    );
                    self.emit(NodeEvent::ProtocolError { peer, reason }).await;
                }
            }
            request_response::Event::InboundFailure { peer, error, .. } => {
                if !matches!(
                    error,
                    request_response::InboundFailure::ConnectionClosed
                        | request_response::InboundFailure::ResponseOmission
                ) {
                    // A malformed or oversized frame: cut the offender off.
                    self.punish(peer, error.to_string()).await;
                }
            }
            request_response::Event::ResponseSent { .. } => {}
        }
        self.perform_effects().await;
    }

    fn handle_request(
        &mut self,
        peer: PeerId,
        request: Request,
        channel: ResponseChannel<Response>,
    ) {
        let inbound = self.next_inbound;
        self.next_inbound += 1;
        self.inbound.insert(inbound, channel);
        let core = &mut self.core;
        off_the_runtime(|| core.handle_request(peer, inbound, request));
    }

    /// Performs the core's effects in order. Saves are deferred until the
    /// swarm has nothing ready (see [`EventLoop::flush_saves`]), so that
    /// responses go out before the disk is touched; `Changed` events wait
    /// for their document's save.
    /// Resumes the syncs whose request failed since the last tick, with
    /// peers that are still connected.
    async fn retry_failed(&mut self) {
        for (peer, id) in std::mem::take(&mut self.retry_later) {
            if self.swarm.is_connected(&peer) {
                self.core.handle_failure(peer, &id, true);
            }
        }
        self.perform_effects().await;
    }

    async fn perform_effects(&mut self) {
        loop {
            let effects = self.core.take_effects();
            if effects.is_empty() {
                self.refresh_relay_members();
                return;
            }
            for effect in effects {
                self.perform(effect).await;
            }
        }
    }

    async fn perform(&mut self, effect: Effect) {
        match effect {
            Effect::Send { peer, document, .. } if self.unsaved_local.contains(&document) => {
                // Changes made here are never shared before they are saved.
                self.core.handle_failure(peer, &document, false);
            }
            Effect::Send {
                peer,
                document,
                request,
            } => {
                let id = self
                    .swarm
                    .behaviour_mut()
                    .sync
                    .send_request(&peer, request.into());
                self.outbound.insert(id, (peer, document));
            }
            Effect::Respond { inbound, response } => {
                if let Some(channel) = self.inbound.remove(&inbound) {
                    let _ = self
                        .swarm
                        .behaviour_mut()
                        .sync
                        .send_response(channel, response);
                }
            }
            Effect::Close { inbound } => {
                self.inbound.remove(&inbound);
            }
            Effect::Save { document } => {
                if !self.dirty.contains(&document) {
                    self.dirty.push(document);
                }
            }
            Effect::SaveNow { document } => {
                if !self.dirty.contains(&document) {
                    self.dirty.push(document.clone());
                }
                let failed = self.flush_saves().await;
                if failed.iter().any(|(d, _)| *d == document) {
                    self.unsaved_local.insert(document);
                } else {
                    self.unsaved_local.remove(&document);
                }
            }
            Effect::SaveSyncState { document, .. } if !self.store.is_tracked(&document) => {
                // Not stored yet (a join in progress): nothing to resume from.
            }
            Effect::SaveSyncState {
                document,
                peer,
                state,
            } => {
                if let Err(e) = self
                    .store
                    .save_peer_state(&document, &peer.to_string(), &state)
                {
                    tracing::warn!(
                        "could not save sync state of {document} for {peer}: {}",
                        describe_io(&e)
                    );
                }
            }
            Effect::Event(event @ (SyncEvent::Changed { .. } | SyncEvent::Synced { .. }))
                if !self.dirty.is_empty() =>
            {
                self.held.push(event);
            }
            Effect::Event(SyncEvent::Rejected { peer, reason }) => {
                self.ban(peer);
                self.emit(NodeEvent::Sync(SyncEvent::Rejected { peer, reason }))
                    .await;
            }
            Effect::Event(event) => self.emit(NodeEvent::Sync(event)).await,
        }
    }

    /// Saves every document changed since the last flush, then releases the
    /// `Changed` events that waited for it. Returns the documents whose save
    /// failed, with the error; their changes stay in memory and the next
    /// save writes them.
    async fn flush_saves(&mut self) -> Vec<(DocumentId, String)> {
        let mut failed = Vec::new();
        for document in std::mem::take(&mut self.dirty) {
            if let Some(error) = self.save(&document) {
                failed.push((document.clone(), error.clone()));
                self.emit(NodeEvent::SaveFailed { document, error }).await;
            }
        }
        for event in std::mem::take(&mut self.held) {
            let unsaved = matches!(
                &event,
                SyncEvent::Changed { document, .. } | SyncEvent::Synced { document, .. }
                    if failed.iter().any(|(d, _)| d == document)
            );
            if !unsaved {
                self.emit(NodeEvent::Sync(event)).await;
            }
        }
        failed
    }

    /// Appends a document's unsaved changes durably (compaction waits for
    /// a quiet moment: see [`EventLoop::compact_due`]).
    fn save(&mut self, id: &DocumentId) -> Option<String> {
        let unsaved = self.core.take_unsaved(id);
        self.store.add_signatures(id, &unsaved.signatures);
        let document = self.core.document_mut(id)?;
        let error = self
            .store
            .append_known(id, document, &unsaved.received)
            .err()
            .map(|e| e.to_string());
        if error.is_none() {
            self.unsaved_local.remove(id);
        }
        error
    }

    /// Compacts the documents whose chunks have piled up. Runs on the
    /// periodic tick, never between a message and its answer.
    fn compact_due(&mut self) {
        for id in self.core.document_ids() {
            if !self.store.compaction_due(&id) {
                continue;
            }
            if let Some(document) = self.core.document_mut(&id)
                && let Err(e) = self.store.compact(&id, document)
            {
                tracing::warn!("could not compact {id}: {e}");
            }
        }
    }

    fn peer_states(&self, id: &DocumentId) -> Vec<(PeerId, Vec<u8>)> {
        self.store
            .peer_states(id)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(peer, bytes)| Some((peer.parse().ok()?, bytes)))
            .collect()
    }

    async fn shutdown(&mut self) {
        let peers: Vec<PeerId> = self.swarm.connected_peers().copied().collect();
        for peer in peers {
            self.core.peer_disconnected(peer);
            let _ = self.swarm.disconnect_peer_id(peer);
        }
        self.perform_effects().await;
        self.flush_saves().await;
        self.compact_due();
    }

    /// Takes one request from `peer`'s budget. A peer over budget, or
    /// already banned, is cut off and its request dropped.
    async fn within_budget(&mut self, peer: PeerId) -> bool {
        if self.swarm.behaviour().bans.is_banned(&peer) {
            return false;
        }
        if self.budget.take(peer, std::time::Instant::now()) {
            return true;
        }
        let reason = "the peer sent more requests than its budget allows".to_owned();
        self.punish(peer, reason).await;
        false
    }

    /// Disconnects and bans a peer that broke the protocol, and reports it
    /// (once per ban).
    async fn punish(&mut self, peer: PeerId, reason: String) {
        if self.swarm.behaviour().bans.is_banned(&peer) {
            return;
        }
        self.ban(peer);
        self.emit(NodeEvent::ProtocolError { peer, reason }).await;
    }

    /// Closes every connection of `peer` and refuses it for a while.
    fn ban(&mut self, peer: PeerId) {
        tracing::warn!(%peer, "disconnected and banned for {:?}", self.ban);
        self.swarm.behaviour_mut().bans.ban(peer, self.ban);
        let _ = self.swarm.disconnect_peer_id(peer);
    }

    /// Reports a peer that announces another version of the sync protocol
    /// than ours: it will not be able to sync with this node.
    async fn check_version(&mut self, peer: PeerId, protocols: &[libp2p::StreamProtocol]) {
        let ours = protocols.iter().any(|p| p.as_ref() == PROTOCOL_NAME);
        let family = PROTOCOL_NAME.trim_end_matches(|c: char| c != '/');
        let theirs: Vec<&str> = protocols
            .iter()
            .map(AsRef::as_ref)
            .filter(|p| p.starts_with(family))
            .collect();
        if ours || theirs.is_empty() {
            return;
        }
        let theirs = theirs.join(", ");
        tracing::warn!(%peer, "peer speaks an unsupported protocol version: {theirs}");
        let reason = format!(
            "the peer speaks an unsupported version of the Rondetafel protocol ({theirs}); \
             this device speaks {PROTOCOL_NAME}"
        );
        self.emit(NodeEvent::ProtocolError { peer, reason }).await;
    }

    async fn emit(&mut self, event: NodeEvent) {
        // A dropped receiver means the application stopped listening; the
        // node keeps syncing regardless.
        let _ = self.events.send(event).await;
    }
}

/// Runs CPU-heavy sync work (applying thousands of changes can take a
/// second) without stalling other tasks: on a multi-threaded runtime the
/// worker hands its queued tasks — the connection tasks that carry the
/// answers just queued — to another thread meanwhile.
fn off_the_runtime<R>(work: impl FnOnce() -> R) -> R {
    let multi_thread = tokio::runtime::Handle::try_current()
        .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if multi_thread {
        tokio::task::block_in_place(work)
    } else {
        work()
    }
}

/// Whether an address is on a loopback network.
fn is_loopback(address: &Multiaddr) -> bool {
    address.iter().any(|p| match p {
        Protocol::Ip4(ip) => ip.is_loopback(),
        Protocol::Ip6(ip) => ip.is_loopback(),
        _ => false,
    })
}

/// The peer id at the end of a `/p2p/…` address.
fn peer_of(address: &Multiaddr) -> Option<PeerId> {
    address.iter().find_map(|p| match p {
        Protocol::P2p(peer) => Some(peer),
        _ => None,
    })
}
