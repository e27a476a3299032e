//! Shared pieces of the network abuse tests: a node under test with an
//! honest peer beside it, a bare client that writes raw bytes on sync
//! streams, and the process's memory use.

#![allow(dead_code, unreachable_pub, clippy::expect_used, clippy::unwrap_used)]

use std::collections::HashSet;
use std::io;
use std::time::{Duration, Instant};

use automerge::sync::SyncDoc;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ObjType, ROOT, ReadDoc};
use libp2p::futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, StreamExt};
use libp2p::swarm::SwarmEvent;
use libp2p::{
    Multiaddr, PeerId, StreamProtocol, Swarm, identity::Keypair, noise, request_response, tcp,
    yamux,
};
use rondetafel_sync::protocol::PROTOCOL_NAME;
use rondetafel_sync::{
    AccessPolicy, DocumentId, DocumentStore, MemoryBackend, Node, NodeConfig, NodeEvent,
};
use tokio::sync::mpsc;

/// Members: the keys of the root `members` map.
pub struct Members;

impl AccessPolicy for Members {
    fn members(&self, _: &DocumentId, doc: &mut AutoCommit) -> HashSet<PeerId> {
        let Ok(Some((_, members))) = doc.get(ROOT, "members") else {
            return HashSet::new();
        };
        doc.keys(&members).filter_map(|k| k.parse().ok()).collect()
    }

    fn admit(
        &self,
        _: &DocumentId,
        _: &mut AutoCommit,
        _: &PeerId,
        _: &[u8],
    ) -> Result<(), String> {
        Err("no joining here".into())
    }
}

/// Writes each request's bytes verbatim (frame header included) and reads
/// whatever comes back, so a test can send what no honest node would.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawCodec;

#[async_trait::async_trait]
impl request_response::Codec for RawCodec {
    type Protocol = StreamProtocol;
    type Request = Vec<u8>;
    type Response = Vec<u8>;

    async fn read_request<T>(&mut self, _: &StreamProtocol, io: &mut T) -> io::Result<Vec<u8>>
    where
        T: AsyncRead + Unpin + Send,
    {
        read_some(io).await
    }

    async fn read_response<T>(&mut self, _: &StreamProtocol, io: &mut T) -> io::Result<Vec<u8>>
    where
        T: AsyncRead + Unpin + Send,
    {
        read_some(io).await
    }

    async fn write_request<T>(
        &mut self,
        _: &StreamProtocol,
        io: &mut T,
        bytes: Vec<u8>,
    ) -> io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        io.write_all(&bytes).await?;
        io.close().await
    }

    async fn write_response<T>(
        &mut self,
        _: &StreamProtocol,
        io: &mut T,
        bytes: Vec<u8>,
    ) -> io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        io.write_all(&bytes).await?;
        io.close().await
    }
}

async fn read_some<T: AsyncRead + Unpin + Send>(io: &mut T) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    io.take(1 << 20).read_to_end(&mut bytes).await?;
    Ok(bytes)
}

/// A bare client of raw frames.
pub type RawClient = Swarm<request_response::Behaviour<RawCodec>>;

/// A raw client speaking `protocol`, with up to `streams` requests at once.
pub fn raw_client(keypair: Keypair, protocol: &'static str, streams: usize) -> RawClient {
    libp2p::SwarmBuilder::with_existing_identity(keypair)
        .with_tokio()
        .with_tcp(
            tcp::Config::default().nodelay(true),
            noise::Config::new,
            yamux::Config::default,
        )
        .expect("tcp")
        .with_behaviour(|_| {
            request_response::Behaviour::with_codec(
                RawCodec,
                [(
                    StreamProtocol::new(protocol),
                    request_response::ProtocolSupport::Full,
                )],
                request_response::Config::default()
                    .with_request_timeout(Duration::from_secs(10))
                    .with_max_concurrent_streams(streams),
            )
        })
        .expect("behaviour")
        .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(60)))
        .build()
}

/// A fresh signed actor of the device of `key`.
pub fn actor_of(key: &Keypair) -> automerge::ActorId {
    rondetafel_sync::DeviceSigner::from_keypair(key)
        .expect("ed25519")
        .new_actor()
}

/// A frame: the 4-byte big-endian length, then the body.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(body);
    bytes
}

/// The sync message of a peer that has nothing yet.
pub fn first_sync_message() -> Vec<u8> {
    AutoCommit::new()
        .sync()
        .generate_sync_message(&mut automerge::sync::State::new())
        .expect("a first message")
        .encode()
}

/// Dials and waits until connected; panics after 5 seconds.
pub async fn connect<B: libp2p::swarm::NetworkBehaviour>(
    client: &mut Swarm<B>,
    address: &Multiaddr,
) {
    client.dial(address.clone()).expect("dial");
    let wait = async {
        loop {
            if let SwarmEvent::ConnectionEstablished { .. } = client.select_next_some().await {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(5), wait)
        .await
        .expect("connected in time");
}

/// Drives `client` until its connection to `peer` closes; the time it took,
/// or `None` if still open after `limit`.
pub async fn until_disconnected<B: libp2p::swarm::NetworkBehaviour>(
    client: &mut Swarm<B>,
    peer: PeerId,
    limit: Duration,
) -> Option<Duration> {
    let started = Instant::now();
    let wait = async {
        loop {
            if let SwarmEvent::ConnectionClosed {
                peer_id,
                num_established: 0,
                ..
            } = client.select_next_some().await
                && peer_id == peer
            {
                return started.elapsed();
            }
        }
    };
    tokio::time::timeout(limit, wait).await.ok()
}

/// Whether a new connection of `client` to `address` is refused (closed or
/// failed within a second).
pub async fn refused<B: libp2p::swarm::NetworkBehaviour>(
    client: &mut Swarm<B>,
    address: &Multiaddr,
) -> bool {
    if client.dial(address.clone()).is_err() {
        return true;
    }
    let wait = async {
        loop {
            match client.select_next_some().await {
                SwarmEvent::OutgoingConnectionError { .. } => return true,
                SwarmEvent::ConnectionClosed {
                    num_established: 0, ..
                } => return true,
                _ => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(1), wait)
        .await
        .unwrap_or(false)
}

/// The process's resident memory, in bytes.
pub fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kb| kb * 1024)
}

/// Samples the resident memory until stopped; the peak seen.
pub struct PeakRss {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<u64>,
}

impl PeakRss {
    /// Starts sampling every 2 ms.
    pub fn start() -> Self {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut peak = rss_bytes();
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rss_bytes());
                std::thread::sleep(Duration::from_millis(2));
            }
            peak.max(rss_bytes())
        });
        PeakRss { stop, thread }
    }

    /// Stops sampling; the peak.
    pub fn stop(self) -> u64 {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().unwrap_or(0)
    }
}

/// A document whose root `members` map lists `members`, written by the
/// device of `key`.
pub fn document(key: &Keypair, members: &[PeerId]) -> AutoCommit {
    let mut doc = AutoCommit::new().with_actor(actor_of(key));
    let map = doc.put_object(ROOT, "members", ObjType::Map).expect("map");
    for member in members {
        doc.put(&map, member.to_string(), true).expect("put");
    }
    doc.put(ROOT, "title", "start").expect("put");
    doc.commit();
    doc
}

/// A node under test, an honest member node synced with it, and the key of
/// a member that will misbehave.
pub struct World {
    /// The node under test.
    pub node: Node,
    /// Its peer id.
    pub server: PeerId,
    /// Where it listens.
    pub address: Multiaddr,
    /// The document both hold.
    pub id: DocumentId,
    /// The honest peer.
    pub honest: Node,
    /// Reasons the node under test gave for cutting peers off.
    pub complaints: mpsc::UnboundedReceiver<String>,
    /// The key of the misbehaving member.
    pub rogue: Keypair,
}

impl World {
    /// Starts both nodes on loopback and waits until they are in sync.
    pub async fn start(configure: impl FnOnce(&mut NodeConfig)) -> World {
        let server_key = Keypair::generate_ed25519();
        let honest_key = Keypair::generate_ed25519();
        let rogue = Keypair::generate_ed25519();
        let server = server_key.public().to_peer_id();
        let members = [
            server,
            honest_key.public().to_peer_id(),
            rogue.public().to_peer_id(),
        ];
        let id: DocumentId = "abuse".parse().expect("id");
        let mut config = NodeConfig {
            listen: vec!["/ip4/127.0.0.1/tcp/0".parse().expect("address")],
            mdns: false,
            ..NodeConfig::new(server_key.clone())
        };
        configure(&mut config);
        let (node, mut events) =
            Node::spawn(config, DocumentStore::new(MemoryBackend::new()), Members).expect("spawn");
        let mut doc = document(&server_key, &members);
        node.add_document(id.clone(), doc.clone(), Vec::new())
            .await
            .expect("add");
        let address = loop {
            if let Some(NodeEvent::Listening { address }) = events.recv().await {
                break address;
            }
        };
        let (tx, complaints) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if let NodeEvent::ProtocolError { reason, .. }
                | NodeEvent::Sync(rondetafel_sync::SyncEvent::Rejected { reason, .. }) = event
                {
                    let _ = tx.send(reason);
                }
            }
        });
        let honest_config = NodeConfig {
            listen: Vec::new(),
            mdns: false,
            peers: vec![address.clone()],
            ..NodeConfig::new(honest_key.clone())
        };
        let (honest, mut honest_events) = Node::spawn(
            honest_config,
            DocumentStore::new(MemoryBackend::new()),
            Members,
        )
        .expect("spawn honest");
        tokio::spawn(async move { while honest_events.recv().await.is_some() {} });
        let mut replica = doc.fork().with_actor(actor_of(&honest_key));
        replica.put(ROOT, "honest", true).expect("put");
        replica.commit();
        honest
            .add_document(id.clone(), replica, Vec::new())
            .await
            .expect("add");
        let world = World {
            node,
            server,
            address,
            id,
            honest,
            complaints,
            rogue,
        };
        world.until_in_sync(Duration::from_secs(10)).await;
        world
    }

    /// Waits until both nodes have the same heads; panics after `limit`.
    pub async fn until_in_sync(&self, limit: Duration) {
        let started = Instant::now();
        while self.heads(&self.node).await != self.heads(&self.honest).await {
            assert!(started.elapsed() < limit, "the nodes did not sync");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// A node's heads of the document.
    pub async fn heads(&self, node: &Node) -> Vec<ChangeHash> {
        node.document(self.id.clone())
            .await
            .expect("running")
            .expect("document")
            .get_heads()
    }

    /// Makes an edit on the node under test; its heads.
    pub async fn edit(&self, value: &str) -> Vec<ChangeHash> {
        let mut doc = self
            .node
            .document(self.id.clone())
            .await
            .expect("running")
            .expect("doc");
        let before = doc.get_heads();
        doc.put(ROOT, "title", value).expect("put");
        doc.commit();
        let changes = doc.save_after(&before);
        self.node
            .apply(self.id.clone(), changes)
            .await
            .expect("apply")
    }

    /// How long until the honest node has `heads` (and the node under test
    /// the honest node's), or `None` after `limit`.
    pub async fn reaches_honest(&self, heads: &[ChangeHash], limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        while started.elapsed() < limit {
            let doc = self
                .honest
                .document(self.id.clone())
                .await
                .expect("running")?;
            if heads.iter().all(|h| doc.get_change_by_hash(h).is_some()) {
                return Some(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        None
    }

    /// Stops both nodes.
    pub async fn stop(self) {
        self.honest.shutdown().await.expect("shutdown honest");
        self.node.shutdown().await.expect("shutdown");
    }
}

/// The protocol name the node speaks.
pub const OURS: &str = PROTOCOL_NAME;

/// A number from the environment, or `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
