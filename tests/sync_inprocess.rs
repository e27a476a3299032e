//! In-process peers on loopback: three partners, each with many offline
//! edits (including concurrent edits of the same agreement body and status),
//! connect through real libp2p nodes and converge to the same heads and the
//! same `alliance show --json`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;
#[path = "../app/benches/workload/mod.rs"]
mod workload;

use std::time::Duration;

use automerge::ActorId;
use common::partner::{alliance_of, partner};
use rondetafel::model::{AgreementEdit, AgreementStatus, Alliance, PartnerKind, Stance};
use rondetafel::network::AlliancePolicy;
use rondetafel_sync::{
    DocumentId, DocumentStore, MemoryBackend, Multiaddr, Node, NodeConfig, NodeEvent,
};

fn loopback() -> Multiaddr {
    "/ip4/127.0.0.1/tcp/0".parse().expect("address")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_peers_with_offline_edits_converge() {
    let peers = [
        partner("Gemeente", PartnerKind::Gemeente),
        partner("Zorg", PartnerKind::Zorgaanbieder),
        partner("Woon", PartnerKind::Woningcorporatie),
    ];
    let mut base = alliance_of("Tafel", &peers);
    let shared = base
        .add_agreement(&peers[0].author, "Wijkteams", "begin midden eind")
        .expect("agreement");
    let id: DocumentId = base.id().parse().expect("id");

    // Offline: many edits each, two of them on the same body and status.
    let mut replicas: Vec<Alliance> = peers
        .iter()
        .map(|p| Alliance::from_document(base.document_mut().fork(), p.actor()).expect("fork"))
        .collect();
    let bodies = [
        "BEGIN midden eind",
        "begin MIDDEN eind",
        "begin midden EIND",
    ];
    let statuses = [
        AgreementStatus::Proposed,
        AgreementStatus::Withdrawn,
        AgreementStatus::Draft,
    ];
    for (i, replica) in replicas.iter_mut().enumerate() {
        let author = &peers[i].author;
        replica
            .edit_agreement(
                author,
                &shared,
                &AgreementEdit {
                    body: Some(bodies[i].into()),
                    status: Some(statuses[i]),
                    ..AgreementEdit::default()
                },
            )
            .expect("edit");
        for n in 0..100 {
            let new = replica
                .add_agreement(author, &format!("{i}-{n}"), "tekst")
                .expect("add");
            replica
                .set_position(author, &new, Stance::Agree, "")
                .expect("position");
        }
        replica
            .add_interest(author, &format!("Belang {i}"), i == 1)
            .expect("interest");
    }

    // They meet on loopback.
    let mut nodes = Vec::new();
    let mut events = Vec::new();
    for (i, replica) in replicas.into_iter().enumerate() {
        let config = NodeConfig {
            listen: vec![loopback()],
            mdns: false,
            ..NodeConfig::new(peers[i].keypair.clone())
        };
        let policy = AlliancePolicy::new(Some(peers[i].author.clone()), peers[i].actor());
        let (node, rx) =
            Node::spawn(config, DocumentStore::new(MemoryBackend::new()), policy).expect("spawn");
        node.add_document(id.clone(), replica.into_document(), Vec::new())
            .await
            .expect("add");
        nodes.push(node);
        events.push(rx);
    }
    let mut addresses = Vec::new();
    for rx in &mut events {
        loop {
            match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
                Ok(Some(NodeEvent::Listening { address })) => {
                    addresses.push(address);
                    break;
                }
                Ok(Some(_)) => {}
                other => panic!("no listen address: {other:?}"),
            }
        }
    }
    // Drain events in the background so the nodes never wait on us.
    for mut rx in events {
        tokio::spawn(async move { while rx.recv().await.is_some() {} });
    }
    nodes[0].dial(addresses[1].clone()).await.expect("dial");
    nodes[1].dial(addresses[2].clone()).await.expect("dial");

    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let mut views = Vec::new();
    loop {
        views.clear();
        for node in &nodes {
            let doc = node.document(id.clone()).await.expect("node").expect("doc");
            views.push(
                Alliance::from_document(doc, ActorId::random())
                    .expect("alliance")
                    .view(),
            );
        }
        if views.windows(2).all(|w| w[0] == w[1]) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "did not converge in 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let json: Vec<String> = views
        .iter()
        .map(|v| serde_json::to_string(v).expect("json"))
        .collect();
    assert!(json.windows(2).all(|w| w[0] == w[1]));
    let view = &views[0];
    assert_eq!(view.agreements.len(), 301);
    let wijkteams = view
        .agreements
        .iter()
        .find(|a| a.title == "Wijkteams")
        .expect("shared");
    assert_eq!(
        wijkteams.body, "BEGIN MIDDEN EIND",
        "all three concurrent text edits survive"
    );
    assert_eq!(
        wijkteams.conflicts[0].values.len(),
        2,
        "both concurrent statuses shown (the third edit left it a draft)"
    );

    // Live: a change on one node reaches the others quickly.
    let mut doc = nodes[2]
        .document(id.clone())
        .await
        .expect("node")
        .expect("doc");
    let mut alliance = Alliance::from_document(doc.fork(), peers[2].actor()).expect("alliance");
    let before = alliance.heads();
    alliance
        .set_ambition(&peers[2].author, "Live gewijzigd")
        .expect("edit");
    let changes = alliance.document_mut().save_after(&before);
    let started = tokio::time::Instant::now();
    nodes[2].apply(id.clone(), changes).await.expect("apply");
    loop {
        doc = nodes[0]
            .document(id.clone())
            .await
            .expect("node")
            .expect("doc");
        let view = Alliance::from_document(doc, ActorId::random())
            .expect("alliance")
            .view();
        if view.ambition.text == "Live gewijzigd" {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "live change did not arrive"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    println!(
        "live change reached a peer two hops away in {:?}",
        started.elapsed()
    );
    for node in &nodes {
        node.shutdown().await.expect("shutdown");
    }
}

/// The benchmarks' workload keeps to the model's rules (it is not run
/// elsewhere in the tests, and a rule it breaks stops `cargo bench`).
#[test]
fn the_benchmark_workload_obeys_the_model() {
    let (mut alliance, mut editor) = workload::second_partner_editing(3, 200);
    let before = alliance.history().len();
    for i in 0..1_000 {
        editor.edit(&mut alliance, i);
    }
    // An edit that sets a value it already has makes no change.
    let made = alliance.history().len() - before;
    assert!(made > 900, "{made} changes from 1,000 edits");
}

#[path = "relay_inprocess.rs"]
mod relay_inprocess;
