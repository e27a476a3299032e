//! The relayed line of `cargo bench --bench sync`: two peers with offline
//! edits that cannot dial each other (neither listens) converge through a
//! third peer's relay, which holds only another alliance of the same two
//! members; beside it, in the same run, the direct figure and the relay
//! process's memory.

use std::time::Instant;

use automerge::AutoCommit;
use rondetafel::model::Alliance;
use rondetafel::network::AlliancePolicy;
use rondetafel_sync::identity::Keypair;
use rondetafel_sync::{
    DeviceSigner, DocumentId, DocumentStore, FsBackend, Node, NodeConfig, NodeEvent, RelayLimits,
};
use serde_json::{Value, json};

use super::{Pairing, Peer, Setup, make_base, num, round, union_heads};

/// The id of the relay's own alliance.
const RELAY_DOCUMENT: &str = "relayhome";

/// One relayed run: `n` offline edits per peer; returns the figures.
pub(super) fn converge_relayed(n: usize, run: u32) -> Value {
    let Setup {
        keys,
        temp,
        mut peers,
        prepared,
    } = Setup::prepare_relayed(n, 1000 * run + 7, Pairing::BothEdit);
    // The relay's alliance: the two peers and the relay, nothing of theirs.
    let relay_key = Keypair::generate_ed25519();
    let members = [keys[0].clone(), keys[1].clone(), relay_key.clone()];
    let (home, _) = make_base(&members);
    let home_path = temp.path().join("relay-home.automerge");
    std::fs::write(&home_path, &home).expect("relay home");
    let mut relay = Peer::spawn();
    let started_relay = relay.ask(json!({
        "cmd": "relay", "home": home_path, "data": temp.path().join("data-relay"),
        "key": hex::encode(relay_key.to_protobuf_encoding().expect("key")),
    }));
    let relay_address = started_relay["address"]
        .as_str()
        .expect("address")
        .to_owned();
    let target = union_heads(&prepared);
    let started = Instant::now();
    for peer in peers.iter_mut() {
        peer.send(json!({"cmd": "go", "target": target, "dial": [], "relay": relay_address}));
    }
    for peer in peers.iter_mut() {
        let answer = peer.receive();
        assert_eq!(answer["converged"], true, "{answer}");
        assert_eq!(
            answer["relayed"], true,
            "the peers met through the relay: {answer}"
        );
    }
    let ours_ms = started.elapsed().as_secs_f64() * 1000.0;
    let relay_stats = relay.ask(json!({"cmd": "stats"}));
    let stats: Vec<Value> = peers
        .iter_mut()
        .map(|p| p.ask(json!({"cmd": "stats"})))
        .collect();
    for peer in peers.iter_mut().chain(std::iter::once(&mut relay)) {
        peer.finish();
    }
    json!({
        "bench": "converge-relayed", "peers": 2, "changes_per_peer": n,
        "ours_ms": round(ours_ms),
        "relay_rss_mb": round(num(&relay_stats, "rss_mb")),
        "relay_cpu_s": round(num(&relay_stats, "cpu_s")),
        "peak_rss_mb": round(stats.iter().map(|s| num(s, "rss_mb")).fold(0.0, f64::max)),
    })
}

/// The relay process: a node that relays for the members of its one
/// alliance. Answers with its address.
pub(super) async fn start_relay(
    command: &Value,
) -> (Value, (Node, tokio::sync::mpsc::Receiver<NodeEvent>)) {
    let text = |key: &str| command[key].as_str().expect(key).to_owned();
    let keypair =
        Keypair::from_protobuf_encoding(&hex::decode(text("key")).expect("hex")).expect("key");
    let signer = DeviceSigner::from_keypair(&keypair).expect("ed25519");
    let home = std::fs::read(text("home")).expect("home");
    let alliance =
        Alliance::from_document(AutoCommit::load(&home).expect("load"), signer.new_actor())
            .expect("alliance");
    let peer = keypair.public().to_peer_id();
    let config = NodeConfig {
        listen: vec!["/ip4/127.0.0.1/tcp/0".parse().expect("address")],
        mdns: false,
        relay: Some(RelayLimits::default()),
        ..NodeConfig::new(keypair)
    };
    let store = DocumentStore::new(FsBackend::new(text("data")));
    let policy = AlliancePolicy::new(None, signer.new_actor());
    let (node, mut events) = Node::spawn(config, store, policy).expect("spawn relay");
    let id: DocumentId = RELAY_DOCUMENT.parse().expect("id");
    node.add_document(id, alliance.into_document(), Vec::new())
        .await
        .expect("add");
    let address = loop {
        if let Some(NodeEvent::Listening { address }) = events.recv().await {
            break address;
        }
    };
    (
        json!({"address": format!("{address}/p2p/{peer}")}),
        (node, events),
    )
}
