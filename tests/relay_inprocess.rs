//! Relaying on loopback: two members that only know a third partner's
//! node reach each other through it as a circuit relay and sync an
//! alliance the relay does not hold; a stranger gets no reservation.

use std::time::Duration;

use crate::common::partner::{alliance_of, partner};
use rondetafel::model::{Alliance, PartnerKind};
use rondetafel::network::AlliancePolicy;
use rondetafel_sync::{
    DocumentId, DocumentStore, MemoryBackend, Multiaddr, Node, NodeConfig, NodeEvent, Protocol,
    RelayLimits, Route,
};
use tokio::sync::mpsc::Receiver;

fn loopback() -> Multiaddr {
    "/ip4/127.0.0.1/tcp/0".parse().expect("address")
}

async fn listening(rx: &mut Receiver<NodeEvent>) -> Multiaddr {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
            Ok(Some(NodeEvent::Listening { address })) => return address,
            Ok(Some(_)) => {}
            other => panic!("no listen address: {other:?}"),
        }
    }
}

/// Waits for the first event that `pick` accepts.
async fn wait_for<T>(
    rx: &mut Receiver<NodeEvent>,
    what: &str,
    mut pick: impl FnMut(&NodeEvent) -> Option<T>,
) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(event)) => {
                if let Some(found) = pick(&event) {
                    return found;
                }
            }
            other => panic!("no {what}: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_sync_through_a_partners_relay_and_a_stranger_gets_no_slot() {
    let team = [
        partner("Woon", PartnerKind::Woningcorporatie),
        partner("Gemeente", PartnerKind::Gemeente),
        partner("Zorg", PartnerKind::Zorgaanbieder),
        partner("Vreemd", PartnerKind::Zorgaanbieder),
    ];
    let [relay_partner, a, b, stranger] = &team;
    // The relay is a member of one alliance with both; the second one,
    // which they sync through it, it does not hold.
    let mut shared = alliance_of("Tafel", &team[0..3]);
    let shared_id: DocumentId = shared.id().parse().expect("id");
    let mut private = alliance_of("Onder ons", &team[1..3]);
    let private_id: DocumentId = private.id().parse().expect("id");
    let b_private = private.document_mut().fork();
    let mut a_private =
        Alliance::from_document(private.document_mut().fork(), a.actor()).expect("fork");
    a_private
        .add_interest(&a.author, "CANARY-door-de-relay", true)
        .expect("interest");

    let spawn = |who: &crate::common::partner::Partner, relay: Option<RelayLimits>, relays| {
        let config = NodeConfig {
            listen: vec![loopback()],
            mdns: false,
            relay,
            relays,
            redial_interval: Duration::from_millis(200),
            ..NodeConfig::new(who.keypair.clone())
        };
        let policy = AlliancePolicy::new(Some(who.author.clone()), who.actor());
        Node::spawn(config, DocumentStore::new(MemoryBackend::new()), policy).expect("spawn")
    };
    let (relay, mut relay_rx) = spawn(relay_partner, Some(RelayLimits::default()), Vec::new());
    relay
        .add_document(shared_id.clone(), shared.document_mut().fork(), Vec::new())
        .await
        .expect("add");
    let relay_address = listening(&mut relay_rx)
        .await
        .with(Protocol::P2p(relay.peer_id()));
    tokio::spawn(async move { while relay_rx.recv().await.is_some() {} });

    let (node_a, mut a_rx) = spawn(a, None, vec![relay_address.clone()]);
    let (node_b, mut b_rx) = spawn(b, None, vec![relay_address.clone()]);
    for (node, private_doc) in [(&node_a, a_private.into_document()), (&node_b, b_private)] {
        node.add_document(shared_id.clone(), shared.document_mut().fork(), Vec::new())
            .await
            .expect("add");
        node.add_document(private_id.clone(), private_doc, Vec::new())
            .await
            .expect("add");
    }
    let relay_peer = relay.peer_id();
    let b_peer = node_b.peer_id();
    // The first route to B (a reservation on the relay comes before it,
    // though its event may be reported after).
    let route = wait_for(&mut a_rx, "route to the other member", |e| match e {
        NodeEvent::Route { peer, route } if *peer == b_peer => Some(route.clone()),
        _ => None,
    })
    .await;
    assert_eq!(
        route,
        Route::Relayed { relay: relay_peer },
        "the members first meet through the relay"
    );
    tokio::spawn(async move { while a_rx.recv().await.is_some() {} });
    tokio::spawn(async move { while b_rx.recv().await.is_some() {} });

    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let doc = node_b
            .document(private_id.clone())
            .await
            .expect("node")
            .expect("doc");
        let view = Alliance::from_document(doc, automerge::ActorId::random())
            .expect("alliance")
            .view();
        if view.interests.iter().any(|i| i.text.contains("CANARY")) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the private alliance did not cross the relay in 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        relay
            .document(private_id.clone())
            .await
            .expect("node")
            .is_none(),
        "the relay holds nothing of an alliance it is not in"
    );
    let routes = node_a.routes().await.expect("routes");
    println!("routes of A after syncing (hole punching may have made them direct): {routes:?}");

    // A stranger, in none of the relay's alliances, gets no reservation.
    let (outsider, mut outsider_rx) = spawn(stranger, None, vec![relay_address]);
    let refused = wait_for(&mut outsider_rx, "answer of the relay", |e| match e {
        NodeEvent::RelayReserved { .. } => Some(false),
        NodeEvent::RelayRefused { .. } => Some(true),
        _ => None,
    })
    .await;
    assert!(refused, "a stranger got a slot on a member-only relay");
    for node in [&relay, &node_a, &node_b, &outsider] {
        node.shutdown().await.expect("shutdown");
    }
}
