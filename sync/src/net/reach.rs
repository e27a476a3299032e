//! Reaching peers beyond one network: this node as a circuit relay (libp2p
//! relay v2) for members of its documents only, and the route each
//! connected peer is reached by.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use libp2p::{Multiaddr, PeerId, multiaddr::Protocol, relay};

/// How much a node acting as relay lends to members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelayLimits {
    /// Reservations (members listening through this node) at once.
    pub max_reservations: usize,
    /// Relayed connections at once.
    pub max_circuits: usize,
    /// Bytes one relayed connection may carry before the relay closes it.
    pub max_circuit_bytes: u64,
    /// How long one relayed connection may last.
    pub max_circuit_duration: Duration,
}

impl Default for RelayLimits {
    /// Sized for syncing a week of offline edits, not for the library's
    /// 128 KiB and two minutes, which cut a sync off.
    fn default() -> Self {
        RelayLimits {
            max_reservations: 128,
            max_circuits: 64,
            max_circuit_bytes: 1 << 30,
            max_circuit_duration: Duration::from_secs(60 * 60),
        }
    }
}

/// The peers a relay serves: the members of the documents this node holds.
/// Shared between the event loop, which keeps it current, and the relay,
/// which asks it for every reservation and circuit.
#[derive(Debug, Clone, Default)]
pub(crate) struct Members(Arc<Mutex<HashSet<PeerId>>>);

impl Members {
    /// Replaces the set.
    pub(crate) fn set(&self, members: HashSet<PeerId>) {
        if let Ok(mut guard) = self.0.lock() {
            *guard = members;
        }
    }

    fn contains(&self, peer: &PeerId) -> bool {
        self.0.lock().is_ok_and(|guard| guard.contains(peer))
    }
}

/// Lets a reservation or circuit through only for members.
struct MembersOnly(Members);

impl relay::RateLimiter for MembersOnly {
    fn try_next(&mut self, peer: PeerId, _address: &Multiaddr, _now: Instant) -> bool {
        self.0.contains(&peer)
    }
}

/// The relay configuration for `limits`, serving `members` only: a
/// non-member gets neither a reservation nor a circuit. A circuit needs the
/// destination's reservation too, so both ends are members.
pub(crate) fn relay_config(limits: RelayLimits, members: &Members) -> relay::Config {
    let mut config = relay::Config {
        max_reservations: limits.max_reservations,
        max_circuits: limits.max_circuits,
        max_circuit_bytes: limits.max_circuit_bytes,
        max_circuit_duration: limits.max_circuit_duration,
        ..relay::Config::default()
    };
    config
        .reservation_rate_limiters
        .push(Box::new(MembersOnly(members.clone())));
    config
        .circuit_src_rate_limiters
        .push(Box::new(MembersOnly(members.clone())));
    config
}

/// How a connected peer is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A direct connection.
    Direct,
    /// Only through a relay.
    Relayed {
        /// The relay.
        relay: PeerId,
    },
}

impl Route {
    /// The route of a connection with remote address `address`.
    pub fn of(address: &Multiaddr) -> Route {
        match relay_of(address) {
            Some(relay) => Route::Relayed { relay },
            None => Route::Direct,
        }
    }

    /// The best of several connections' routes: direct if any is.
    pub fn best(routes: impl IntoIterator<Item = Route>) -> Option<Route> {
        let mut best = None;
        for route in routes {
            match route {
                Route::Direct => return Some(Route::Direct),
                relayed => best = Some(relayed),
            }
        }
        best
    }
}

/// The relay of a `/p2p/RELAY/p2p-circuit/…` address; `None` for a direct
/// address.
pub fn relay_of(address: &Multiaddr) -> Option<PeerId> {
    let mut last_peer = None;
    for protocol in address.iter() {
        match protocol {
            Protocol::P2p(peer) => last_peer = Some(peer),
            Protocol::P2pCircuit => return last_peer,
            _ => {}
        }
    }
    None
}

/// The address that reaches `peer` through the relay at `relay_address`
/// (which ends in the relay's `/p2p/…`).
pub fn circuit_to(relay_address: &Multiaddr, peer: PeerId) -> Multiaddr {
    relay_address
        .clone()
        .with(Protocol::P2pCircuit)
        .with(Protocol::P2p(peer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer() -> PeerId {
        libp2p::identity::Keypair::generate_ed25519()
            .public()
            .to_peer_id()
    }

    #[test]
    fn a_circuit_address_names_its_relay_and_a_direct_one_none() {
        let (relay, target) = (peer(), peer());
        let base: Multiaddr = format!("/ip4/10.0.0.1/tcp/4001/p2p/{relay}")
            .parse()
            .unwrap();
        let circuit = circuit_to(&base, target);
        assert_eq!(Route::of(&circuit), Route::Relayed { relay });
        assert_eq!(Route::of(&base), Route::Direct);
        assert_eq!(
            Route::best([Route::Relayed { relay }, Route::Direct]),
            Some(Route::Direct)
        );
        assert_eq!(Route::best([]), None);
    }

    #[test]
    fn only_members_pass_the_relay() {
        let members = Members::default();
        let (member, stranger) = (peer(), peer());
        members.set(HashSet::from([member]));
        let mut limiter = MembersOnly(members.clone());
        let address = Multiaddr::empty();
        assert!(relay::RateLimiter::try_next(
            &mut limiter,
            member,
            &address,
            Instant::now()
        ));
        assert!(!relay::RateLimiter::try_next(
            &mut limiter,
            stranger,
            &address,
            Instant::now()
        ));
        members.set(HashSet::new());
        assert!(!relay::RateLimiter::try_next(
            &mut limiter,
            member,
            &address,
            Instant::now()
        ));
    }
}
