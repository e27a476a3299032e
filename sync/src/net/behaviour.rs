//! The libp2p behaviour of a node: the sync protocol plus the standard
//! protocols it rests on.

use std::time::Duration;

use libp2p::swarm::NetworkBehaviour;
use libp2p::swarm::behaviour::toggle::Toggle;
use libp2p::{
    StreamProtocol, autonat, connection_limits, dcutr, identify, identity, mdns, ping, relay,
    request_response,
};

use super::codec::FrameCodec;
use super::guard::Bans;
use super::reach::{Members, RelayLimits, relay_config};
use crate::protocol::PROTOCOL_NAME;

/// The identify protocol version announced to peers.
const IDENTIFY_PROTOCOL: &str = "/rondetafel/id/1";

/// Sync requests handled at once per connection; a stream opened beyond
/// this is dropped unread.
const MAX_CONCURRENT_STREAMS: usize = 128;

/// Limits that guard a node against connection floods.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionCaps {
    /// Established connections in total.
    pub max_established: u32,
    /// Established connections per peer.
    pub max_per_peer: u32,
    /// Incoming connections still in their handshake.
    pub max_pending_incoming: u32,
}

impl Default for ConnectionCaps {
    fn default() -> Self {
        ConnectionCaps {
            max_established: 256,
            max_per_peer: 4,
            max_pending_incoming: 64,
        }
    }
}

/// Everything a node speaks.
#[derive(NetworkBehaviour)]
pub(crate) struct Behaviour {
    pub(crate) bans: Bans,
    pub(crate) limits: connection_limits::Behaviour,
    pub(crate) sync: request_response::Behaviour<FrameCodec>,
    pub(crate) identify: identify::Behaviour,
    pub(crate) ping: ping::Behaviour,
    pub(crate) mdns: Toggle<mdns::tokio::Behaviour>,
    /// Listening and dialling through relays.
    pub(crate) relay_client: relay::client::Behaviour,
    /// Relaying for members, when this node offers it.
    pub(crate) relay: Toggle<relay::Behaviour>,
    /// Upgrading a relayed connection to a direct one (hole punching).
    pub(crate) dcutr: dcutr::Behaviour,
    /// Asking peers whether our addresses are reachable.
    pub(crate) autonat: autonat::v2::client::Behaviour,
    /// Answering peers that ask whether theirs are.
    pub(crate) autonat_server: autonat::v2::server::Behaviour,
}

/// What the behaviour is built from.
pub(crate) struct Setup {
    pub(crate) mdns: bool,
    pub(crate) caps: ConnectionCaps,
    pub(crate) request_timeout: Duration,
    /// Relay for `members` with these limits, or not at all.
    pub(crate) relay: Option<(RelayLimits, Members)>,
}

impl Behaviour {
    /// Builds the behaviour; mDNS and relaying only when set up so.
    pub(crate) fn new(
        key: &identity::Keypair,
        relay_client: relay::client::Behaviour,
        setup: Setup,
    ) -> std::io::Result<Self> {
        let Setup {
            mdns,
            caps,
            request_timeout,
            relay,
        } = setup;
        let limits = connection_limits::ConnectionLimits::default()
            .with_max_established(Some(caps.max_established))
            .with_max_established_per_peer(Some(caps.max_per_peer))
            .with_max_pending_incoming(Some(caps.max_pending_incoming));
        let sync = request_response::Behaviour::with_codec(
            FrameCodec::default(),
            [(
                StreamProtocol::new(PROTOCOL_NAME),
                request_response::ProtocolSupport::Full,
            )],
            request_response::Config::default()
                .with_request_timeout(request_timeout)
                .with_max_concurrent_streams(MAX_CONCURRENT_STREAMS),
        );
        let peer_id = key.public().to_peer_id();
        let mdns = if mdns {
            let config = mdns::Config {
                query_interval: Duration::from_secs(10),
                ..mdns::Config::default()
            };
            Some(mdns::tokio::Behaviour::new(config, peer_id)?)
        } else {
            None
        };
        Ok(Behaviour {
            bans: Bans::default(),
            limits: connection_limits::Behaviour::new(limits),
            sync,
            identify: identify::Behaviour::new(identify::Config::new(
                IDENTIFY_PROTOCOL.into(),
                key.public(),
            )),
            ping: ping::Behaviour::new(ping::Config::new()),
            mdns: mdns.into(),
            relay_client,
            relay: relay
                .map(|(limits, members)| {
                    relay::Behaviour::new(peer_id, relay_config(limits, &members))
                })
                .into(),
            dcutr: dcutr::Behaviour::new(peer_id),
            autonat: autonat::v2::client::Behaviour::default(),
            autonat_server: autonat::v2::server::Behaviour::default(),
        })
    }
}
