//! The event loop's part in reaching peers beyond one network: listening
//! through relays, dialling members through them, hole punching, the route
//! of each peer, and the member list a relaying node serves.

use std::collections::{HashMap, HashSet};

use libp2p::core::ConnectedPoint;
use libp2p::core::transport::ListenerId;
use libp2p::multiaddr::Protocol;
use libp2p::swarm::ConnectionId;
use libp2p::swarm::dial_opts::{DialOpts, PeerCondition};
use libp2p::{Multiaddr, PeerId, autonat, dcutr, relay};

use super::EventLoop;
use crate::net::behaviour::BehaviourEvent;
use crate::net::reach::{Members, Route, circuit_to, relay_of};
use crate::node::{NodeError, NodeEvent};
use crate::protocol::AccessPolicy;
use crate::store::Backend;

/// Members are dialled through relays on every this many redial ticks
/// (and whenever a reservation is accepted): an offline member costs the
/// relay a refused circuit each time.
const RELAY_DIAL_EVERY: u32 = 6;

/// What the event loop keeps about relays and routes.
pub(super) struct Reach {
    /// Relays to listen through, by peer, with the address they are dialled at.
    relays: HashMap<PeerId, Multiaddr>,
    /// Circuit listeners, by relay.
    listeners: HashMap<PeerId, ListenerId>,
    /// Relays that accepted our reservation.
    reserved: HashSet<PeerId>,
    /// Every open connection, by peer.
    connections: HashMap<PeerId, Vec<(ConnectionId, Route)>>,
    /// The route last reported for each peer.
    reported: HashMap<PeerId, Route>,
    /// The members a relaying node serves; `None` when it does not relay.
    members: Option<Members>,
    ticks: u32,
}

impl Reach {
    pub(super) fn new(members: Option<Members>) -> Self {
        Reach {
            relays: HashMap::new(),
            listeners: HashMap::new(),
            reserved: HashSet::new(),
            connections: HashMap::new(),
            reported: HashMap::new(),
            members,
            ticks: 0,
        }
    }

    /// How each connected peer is reached.
    pub(super) fn routes(&self) -> Vec<(PeerId, Route)> {
        self.connections
            .iter()
            .filter_map(|(peer, connections)| {
                Some((
                    *peer,
                    Route::best(connections.iter().map(|(_, r)| r.clone()))?,
                ))
            })
            .collect()
    }

    fn route(&self, peer: &PeerId) -> Option<Route> {
        Route::best(self.connections.get(peer)?.iter().map(|(_, r)| r.clone()))
    }
}

impl<B: Backend + Send + 'static, P: AccessPolicy> EventLoop<B, P> {
    /// Adds a relay and dials it; once connected, the node listens through it.
    pub(super) fn add_relay(&mut self, address: Multiaddr) -> Result<(), NodeError> {
        let Some(Protocol::P2p(relay)) = address.iter().last() else {
            return Err(NodeError::RelayAddress(address));
        };
        if relay == *self.swarm.local_peer_id() || self.reach.relays.contains_key(&relay) {
            return Ok(());
        }
        self.reach.relays.insert(relay, address.clone());
        if self.swarm.is_connected(&relay) {
            self.listen_through(relay);
            Ok(())
        } else {
            self.dial(address)
        }
    }

    /// Asks `relay` for a reservation by listening on a circuit through it.
    fn listen_through(&mut self, relay: PeerId) {
        if self.reach.listeners.contains_key(&relay) {
            return;
        }
        let Some(address) = self.reach.relays.get(&relay) else {
            return;
        };
        match self
            .swarm
            .listen_on(address.clone().with(Protocol::P2pCircuit))
        {
            Ok(listener) => {
                self.reach.listeners.insert(relay, listener);
            }
            Err(e) => tracing::warn!(%relay, "could not listen through the relay: {e}"),
        }
    }

    /// Dials every member not connected through every relay that holds our
    /// reservation (the member must hold one there too), now and then.
    pub(super) fn reach_through_relays(&mut self) {
        self.reach.ticks = self.reach.ticks.wrapping_add(1);
        if self.reach.ticks.is_multiple_of(RELAY_DIAL_EVERY) {
            self.dial_members_through_relays();
        }
    }

    fn dial_members_through_relays(&mut self) {
        let local = *self.swarm.local_peer_id();
        let mut members = self.all_members();
        members.remove(&local);
        for member in members {
            if self.swarm.is_connected(&member) {
                continue;
            }
            let addresses: Vec<Multiaddr> = self
                .reach
                .reserved
                .iter()
                .filter(|relay| **relay != member)
                .filter_map(|relay| self.reach.relays.get(relay))
                .map(|address| circuit_to(address, member))
                .collect();
            if addresses.is_empty() {
                continue;
            }
            let opts = DialOpts::peer_id(member)
                .addresses(addresses)
                .condition(PeerCondition::DisconnectedAndNotDialing)
                .build();
            let _ = self.swarm.dial(opts);
        }
    }

    /// The members of every document this node holds.
    fn all_members(&self) -> HashSet<PeerId> {
        self.core
            .document_ids()
            .iter()
            .flat_map(|id| self.core.members(id))
            .collect()
    }

    /// Keeps the relay's member list current (when this node relays).
    pub(super) fn refresh_relay_members(&mut self) {
        if let Some(members) = &self.reach.members {
            let current = self.all_members();
            members.set(current);
        }
    }

    pub(super) async fn connection_opened(
        &mut self,
        peer: PeerId,
        connection: ConnectionId,
        endpoint: &ConnectedPoint,
    ) {
        // A circuit a peer opened to us shows as relayed in our own
        // (listening) address, not in the peer's.
        let address = match endpoint {
            ConnectedPoint::Dialer { address, .. } => address,
            ConnectedPoint::Listener { local_addr, .. } => local_addr,
        };
        let route = Route::of(address);
        self.reach
            .connections
            .entry(peer)
            .or_default()
            .push((connection, route));
        if self.reach.relays.contains_key(&peer) && relay_of(address).is_none() {
            self.listen_through(peer);
        }
        self.report_route(peer).await;
    }

    pub(super) async fn connection_closed(&mut self, peer: PeerId, connection: ConnectionId) {
        if let Some(connections) = self.reach.connections.get_mut(&peer) {
            connections.retain(|(id, _)| *id != connection);
            if connections.is_empty() {
                self.reach.connections.remove(&peer);
            }
        }
        self.report_route(peer).await;
    }

    /// Reports a connected peer's route when it differs from the last report.
    async fn report_route(&mut self, peer: PeerId) {
        let Some(route) = self.reach.route(&peer) else {
            self.reach.reported.remove(&peer);
            return;
        };
        if self.reach.reported.get(&peer) == Some(&route) {
            return;
        }
        self.reach.reported.insert(peer, route.clone());
        self.emit(NodeEvent::Route { peer, route }).await;
    }

    /// A circuit listener closed: the relay dropped our reservation or the
    /// connection to it. It is asked again once reconnected.
    pub(super) async fn listener_closed(
        &mut self,
        listener: ListenerId,
        reason: Result<(), std::io::Error>,
    ) {
        let Some(relay) = self
            .reach
            .listeners
            .iter()
            .find_map(|(relay, id)| (*id == listener).then_some(*relay))
        else {
            return;
        };
        self.reach.listeners.remove(&relay);
        self.reach.reserved.remove(&relay);
        let reason = match reason {
            Ok(()) => "the relay closed the reservation".to_owned(),
            Err(e) => e.to_string(),
        };
        self.emit(NodeEvent::RelayRefused { relay, reason }).await;
    }

    /// Events of the relay, hole punching and AutoNAT behaviours.
    pub(super) async fn handle_reach_event(&mut self, event: BehaviourEvent) {
        match event {
            BehaviourEvent::RelayClient(relay::client::Event::ReservationReqAccepted {
                relay_peer_id,
                renewal,
                ..
            }) => {
                self.reach.reserved.insert(relay_peer_id);
                if !renewal {
                    tracing::info!(relay = %relay_peer_id, "reserved a slot on the relay");
                    self.emit(NodeEvent::RelayReserved {
                        relay: relay_peer_id,
                    })
                    .await;
                    self.dial_members_through_relays();
                }
            }
            BehaviourEvent::Dcutr(dcutr::Event {
                remote_peer_id,
                result,
            }) => self.hole_punched(remote_peer_id, result).await,
            BehaviourEvent::Autonat(autonat::v2::client::Event {
                tested_addr,
                result,
                ..
            }) => {
                self.emit(NodeEvent::Reachability {
                    address: tested_addr,
                    reachable: result.is_ok(),
                })
                .await;
            }
            BehaviourEvent::Relay(
                relay::Event::ReservationReqDenied { src_peer_id, .. }
                | relay::Event::CircuitReqDenied { src_peer_id, .. },
            ) => tracing::info!(peer = %src_peer_id, "refused to relay for a non-member"),
            _ => {}
        }
    }

    /// After a successful hole punch the relayed connections of the peer
    /// are closed: the direct one carries the sync, the relay is spared.
    async fn hole_punched(&mut self, peer: PeerId, result: Result<ConnectionId, dcutr::Error>) {
        let failure = match result {
            Ok(direct) => {
                let relayed: Vec<ConnectionId> = self
                    .reach
                    .connections
                    .get(&peer)
                    .into_iter()
                    .flatten()
                    .filter(|(id, route)| *id != direct && *route != Route::Direct)
                    .map(|(id, _)| *id)
                    .collect();
                for connection in relayed {
                    self.swarm.close_connection(connection);
                }
                None
            }
            Err(e) => Some(e.to_string()),
        };
        self.emit(NodeEvent::HolePunch { peer, failure }).await;
    }

    /// A relaying node announces the addresses it listens on: a relay
    /// hands its addresses out with every reservation and may not hand out
    /// none.
    pub(super) fn listening_on(&mut self, address: &Multiaddr) {
        if self.reach.members.is_some() && relay_of(address).is_none() {
            self.swarm.add_external_address(address.clone());
        }
    }
}
