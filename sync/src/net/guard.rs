//! Per-peer budgets and bans: a peer that floods the node with requests or
//! breaks the protocol is disconnected and refused for a while.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use libp2p::core::{Endpoint, transport::PortUse};
use libp2p::swarm::{
    CloseConnection, ConnectionDenied, ConnectionId, FromSwarm, NetworkBehaviour, THandler,
    THandlerInEvent, THandlerOutEvent, ToSwarm, dummy,
};
use libp2p::{Multiaddr, PeerId};

/// Limits on what one connected peer may ask of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerLimits {
    /// Requests a peer may send in a burst (the size of its token bucket).
    pub request_burst: u32,
    /// Requests per second a peer may send over time (the bucket's refill).
    pub requests_per_second: u32,
    /// How long an offending peer is refused after being disconnected.
    pub ban: Duration,
}

impl Default for PeerLimits {
    fn default() -> Self {
        PeerLimits {
            request_burst: 256,
            requests_per_second: 128,
            ban: Duration::from_secs(60),
        }
    }
}

/// A token bucket of requests for one peer.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Counts each peer's requests against its budget.
#[derive(Debug)]
pub(crate) struct RequestBudget {
    limits: PeerLimits,
    buckets: HashMap<PeerId, Bucket>,
}

impl RequestBudget {
    pub(crate) fn new(limits: PeerLimits) -> Self {
        RequestBudget {
            limits,
            buckets: HashMap::new(),
        }
    }

    /// Takes one request from `peer`'s budget; `false` when it is spent.
    pub(crate) fn take(&mut self, peer: PeerId, now: Instant) -> bool {
        let burst = f64::from(self.limits.request_burst);
        let rate = f64::from(self.limits.requests_per_second);
        let bucket = self.buckets.entry(peer).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.updated = now;
        if bucket.tokens < 1.0 {
            return false;
        }
        bucket.tokens -= 1.0;
        true
    }

    /// Forgets a peer (its last connection closed).
    pub(crate) fn forget(&mut self, peer: &PeerId) {
        self.buckets.remove(peer);
    }
}

/// Why a connection was refused: the peer is banned.
#[derive(Debug)]
struct Banned;

impl std::fmt::Display for Banned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the peer is banned for a while after breaking the protocol")
    }
}

impl std::error::Error for Banned {}

/// Refuses connections of banned peers until their ban ends, and closes
/// their connections when they are banned.
#[derive(Debug, Default)]
pub(crate) struct Bans {
    until: HashMap<PeerId, Instant>,
    to_close: VecDeque<PeerId>,
    waker: Option<Waker>,
}

impl Bans {
    /// Bans `peer` for `duration` and closes all its connections.
    pub(crate) fn ban(&mut self, peer: PeerId, duration: Duration) {
        let now = Instant::now();
        self.until.retain(|_, until| *until > now);
        if let Some(until) = now.checked_add(duration) {
            self.until.insert(peer, until);
        }
        self.to_close.push_back(peer);
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }

    /// Whether `peer` is banned now.
    pub(crate) fn is_banned(&self, peer: &PeerId) -> bool {
        self.check(peer).is_err()
    }

    fn check(&self, peer: &PeerId) -> Result<(), ConnectionDenied> {
        match self.until.get(peer) {
            Some(until) if *until > Instant::now() => Err(ConnectionDenied::new(Banned)),
            _ => Ok(()),
        }
    }
}

impl NetworkBehaviour for Bans {
    type ConnectionHandler = dummy::ConnectionHandler;
    type ToSwarm = Infallible;

    fn handle_established_inbound_connection(
        &mut self,
        _: ConnectionId,
        peer: PeerId,
        _: &Multiaddr,
        _: &Multiaddr,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        self.check(&peer)?;
        Ok(dummy::ConnectionHandler)
    }

    fn handle_pending_outbound_connection(
        &mut self,
        _: ConnectionId,
        peer: Option<PeerId>,
        _: &[Multiaddr],
        _: Endpoint,
    ) -> Result<Vec<Multiaddr>, ConnectionDenied> {
        if let Some(peer) = peer {
            self.check(&peer)?;
        }
        Ok(Vec::new())
    }

    fn handle_established_outbound_connection(
        &mut self,
        _: ConnectionId,
        peer: PeerId,
        _: &Multiaddr,
        _: Endpoint,
        _: PortUse,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        self.check(&peer)?;
        Ok(dummy::ConnectionHandler)
    }

    fn on_swarm_event(&mut self, _: FromSwarm) {}

    fn on_connection_handler_event(
        &mut self,
        _: PeerId,
        _: ConnectionId,
        event: THandlerOutEvent<Self>,
    ) {
        match event {}
    }

    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<ToSwarm<Infallible, THandlerInEvent<Self>>> {
        if let Some(peer_id) = self.to_close.pop_front() {
            return Poll::Ready(ToSwarm::CloseConnection {
                peer_id,
                connection: CloseConnection::All,
            });
        }
        self.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_and_then_the_rate() {
        let limits = PeerLimits {
            request_burst: 10,
            requests_per_second: 100,
            ban: Duration::from_secs(1),
        };
        let mut budget = RequestBudget::new(limits);
        let peer = PeerId::random();
        let start = Instant::now();
        assert!((0..10).all(|_| budget.take(peer, start)));
        assert!(!budget.take(peer, start));
        assert!(budget.take(peer, start + Duration::from_millis(20)));
        assert!(budget.take(PeerId::random(), start), "budgets are per peer");
    }

    #[test]
    fn a_ban_refuses_until_it_ends() {
        let mut bans = Bans::default();
        let peer = PeerId::random();
        bans.ban(peer, Duration::from_secs(60));
        assert!(bans.check(&peer).is_err());
        assert!(bans.check(&PeerId::random()).is_ok());
        bans.ban(peer, Duration::ZERO);
        assert!(bans.check(&peer).is_ok());
    }
}
