//! Partition nemesis: five peers on loopback, each link between two peers a
//! TCP proxy that the nemesis cuts and restores at random while every peer
//! keeps editing. After the links heal, all peers must converge within five
//! seconds, and every edit a node acknowledged (saved) must be everywhere.
//!
//! `RONDETAFEL_NEMESIS_SECS` sets how long the nemesis runs (CI: 8 s; the
//! documented long run: 60 s); `RONDETAFEL_NEMESIS_SEED` repeats a run.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use automerge::ChangeHash;
use common::partner::{Partner, alliance_of, partner};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rondetafel::model::{Alliance, PartnerKind, Stance};
use rondetafel::network::AlliancePolicy;
use rondetafel_sync::{
    DocumentId, DocumentStore, MemoryBackend, Multiaddr, Node, NodeConfig, NodeEvent,
};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

const PEERS: usize = 5;
/// How long all peers may take to agree once every link is back.
const CONVERGENCE_LIMIT: Duration = Duration::from_secs(5);

/// One link between two peers: a proxy that can be cut. Cutting closes every
/// connection through it and refuses new ones until it is restored.
struct Link {
    address: Multiaddr,
    up: Arc<AtomicBool>,
    cuts: watch::Sender<u64>,
}

impl Link {
    async fn start(target: std::net::SocketAddr) -> Link {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("proxy listens");
        let port = listener.local_addr().expect("proxy address").port();
        let up = Arc::new(AtomicBool::new(true));
        let (cuts, _) = watch::channel(0u64);
        let link = Link {
            address: format!("/ip4/127.0.0.1/tcp/{port}")
                .parse()
                .expect("multiaddr"),
            up: up.clone(),
            cuts: cuts.clone(),
        };
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                if up.load(Ordering::SeqCst) {
                    tokio::spawn(forward(inbound, target, cuts.subscribe()));
                }
                // A cut link drops the connection at once.
            }
        });
        link
    }

    fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::SeqCst);
        if !up {
            self.cuts.send_modify(|generation| *generation += 1);
        }
    }

    fn is_up(&self) -> bool {
        self.up.load(Ordering::SeqCst)
    }
}

/// Copies bytes both ways until either side closes or the link is cut.
async fn forward(
    mut inbound: TcpStream,
    target: std::net::SocketAddr,
    mut cut: watch::Receiver<u64>,
) {
    let Ok(mut outbound) = TcpStream::connect(target).await else {
        return;
    };
    cut.borrow_and_update();
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
        _ = cut.changed() => {}
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Starts a node holding `document`, listening on loopback TCP only, and
/// returns it with its address.
async fn start_node(
    peer: &Partner,
    id: &DocumentId,
    document: automerge::AutoCommit,
) -> (Node, std::net::SocketAddr) {
    let config = NodeConfig {
        listen: vec!["/ip4/127.0.0.1/tcp/0".parse().expect("address")],
        mdns: false,
        redial_interval: Duration::from_millis(200),
        request_timeout: Duration::from_secs(5),
        ..NodeConfig::new(peer.keypair.clone())
    };
    let policy = AlliancePolicy::new(Some(peer.author.clone()), peer.actor());
    let (node, mut events) =
        Node::spawn(config, DocumentStore::new(MemoryBackend::new()), policy).expect("spawn");
    node.add_document(id.clone(), document, Vec::new())
        .await
        .expect("add");
    let address = loop {
        match tokio::time::timeout(Duration::from_secs(10), events.recv()).await {
            Ok(Some(NodeEvent::Listening { address })) => break address,
            Ok(Some(_)) => {}
            other => panic!("no listen address: {other:?}"),
        }
    };
    tokio::spawn(async move { while events.recv().await.is_some() {} });
    (node, socket_address(&address))
}

fn socket_address(address: &Multiaddr) -> std::net::SocketAddr {
    use rondetafel_sync::Protocol;
    let mut ip = None;
    let mut port = None;
    for part in address.iter() {
        match part {
            Protocol::Ip4(a) => ip = Some(a),
            Protocol::Tcp(p) => port = Some(p),
            _ => {}
        }
    }
    (ip.expect("ip4"), port.expect("tcp")).into()
}

/// One peer's editing: its own copy of the alliance, refreshed from its node
/// now and then, and every change hash its node acknowledged.
struct Editor {
    alliance: Alliance,
    acknowledged: Vec<ChangeHash>,
}

impl Editor {
    /// Makes one random edit and has the node save and share it: a new
    /// agreement, or a position on an agreement any peer made (when this
    /// peer has seen it already). `made` lists every agreement made so far.
    async fn edit(
        &mut self,
        peer: &Partner,
        node: &Node,
        id: &DocumentId,
        rng: &mut StdRng,
        made: &mut Vec<String>,
    ) {
        if rng.gen_bool(0.1) {
            let mut latest = node.document(id.clone()).await.expect("node").expect("doc");
            self.alliance
                .document_mut()
                .merge(&mut latest)
                .expect("merge");
        }
        let before = self.alliance.heads();
        let stance = if rng.gen_bool(0.8) {
            Stance::Agree
        } else {
            Stance::Object
        };
        let positioned = !made.is_empty() && rng.gen_bool(0.6) && {
            let target = &made[rng.gen_range(0..made.len())];
            self.alliance
                .set_position(&peer.author, target, stance, "omdat")
                .is_ok()
        };
        if !positioned {
            let title = format!("{} afspraak {}", peer.organisation.name, made.len());
            made.push(
                self.alliance
                    .add_agreement(&peer.author, &title, "tekst")
                    .expect("add"),
            );
        }
        let changes = self.alliance.document_mut().save_after(&before);
        node.apply(id.clone(), changes)
            .await
            .expect("node saves the edit");
        self.acknowledged.extend(self.alliance.heads());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_peers_converge_after_random_partitions() {
    let seconds = env_number("RONDETAFEL_NEMESIS_SECS", 8);
    let seed = env_number("RONDETAFEL_NEMESIS_SEED", rand::random());
    println!("partition nemesis: {seconds} s, seed {seed}");
    let mut rng = StdRng::seed_from_u64(seed);

    let peers: Vec<Partner> = (0..PEERS)
        .map(|n| partner(&format!("Partner {n}"), PartnerKind::Zorgaanbieder))
        .collect();
    let mut base = alliance_of("Tafel", &peers);
    let id: DocumentId = base.id().parse().expect("id");

    let mut nodes = Vec::new();
    let mut editors = Vec::new();
    let mut targets = Vec::new();
    for p in &peers {
        let (node, address) = start_node(p, &id, base.document_mut().fork()).await;
        nodes.push(node);
        targets.push(address);
        let alliance =
            Alliance::from_document(base.document_mut().fork(), p.actor()).expect("fork");
        editors.push(Editor {
            alliance,
            acknowledged: Vec::new(),
        });
    }
    // A proxy for every pair; the lower-numbered peer dials through it.
    let mut links = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        for target in &targets[i + 1..] {
            let link = Link::start(*target).await;
            node.dial(link.address.clone()).await.expect("dial");
            links.push(link);
        }
    }

    let started = Instant::now();
    let (mut round, mut cuts, mut restores) = (0usize, 0usize, 0usize);
    let mut made = Vec::new();
    while started.elapsed() < Duration::from_secs(seconds) {
        if rng.gen_bool(0.15) {
            let link = &links[rng.gen_range(0..links.len())];
            let up = !link.is_up();
            link.set_up(up);
            if up { restores += 1 } else { cuts += 1 }
        }
        for (n, editor) in editors.iter_mut().enumerate() {
            editor
                .edit(&peers[n], &nodes[n], &id, &mut rng, &mut made)
                .await;
        }
        round += 1;
        tokio::time::sleep(Duration::from_millis(rng.gen_range(5..40))).await;
    }
    let partitioned = links.iter().filter(|l| !l.is_up()).count();
    for link in &links {
        link.set_up(true);
    }

    let expected: HashSet<ChangeHash> = editors
        .iter()
        .flat_map(|e| e.acknowledged.iter().copied())
        .collect();
    let converged_in = wait_for_convergence(&nodes, &id, &expected).await;
    let edits = round * PEERS;
    println!(
        "partition nemesis: {edits} acknowledged edits, {cuts} cuts, {restores} restores, \
         {partitioned} links still cut at the end; converged {converged_in:?} after healing, 0 edits lost"
    );
    assert!(cuts > 0, "the nemesis cut no link");
    assert!(
        converged_in <= CONVERGENCE_LIMIT,
        "converged only after {converged_in:?}"
    );
    for node in &nodes {
        node.shutdown().await.expect("shutdown");
    }
}

/// Waits until every node has the heads of all their changes together, and
/// checks that those include every acknowledged change; fails after
/// [`CONVERGENCE_LIMIT`]. Returns how long it took.
async fn wait_for_convergence(
    nodes: &[Node],
    id: &DocumentId,
    expected: &HashSet<ChangeHash>,
) -> Duration {
    let started = Instant::now();
    // No one edits any more: the union of the replicas is the end state.
    let mut union = automerge::AutoCommit::new();
    for node in nodes {
        let mut doc = node.document(id.clone()).await.expect("node").expect("doc");
        union.merge(&mut doc).expect("merge");
    }
    let missing = expected
        .iter()
        .filter(|h| union.get_change_by_hash(h).is_none())
        .count();
    assert_eq!(missing, 0, "acknowledged changes lost");
    let mut target = union.get_heads();
    target.sort();
    loop {
        let mut behind = 0;
        for node in nodes {
            let (_, mut heads) = node
                .changes_since(id.clone(), target.clone())
                .await
                .expect("node")
                .expect("doc");
            heads.sort();
            behind += usize::from(heads != target);
        }
        let elapsed = started.elapsed();
        if behind == 0 {
            return elapsed;
        }
        assert!(
            elapsed < CONVERGENCE_LIMIT,
            "{behind} peers not converged {CONVERGENCE_LIMIT:?} after healing"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
