//! A hostile or broken peer against a real node on loopback: requests for a
//! document it may not see, malformed and oversized messages, a peer of
//! another protocol version, and a disconnect in the middle of a sync. The
//! node answers nothing of the document, applies nothing, and keeps serving
//! honest peers.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod peer_kit;

use std::time::Duration;

use automerge::sync::SyncDoc;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use libp2p::futures::StreamExt;
use libp2p::swarm::SwarmEvent;
use libp2p::{
    Multiaddr, PeerId, StreamProtocol, Swarm, identity::Keypair, noise, request_response, tcp,
    yamux,
};
use peer_kit::{Members, first_sync_message};
use rondetafel_sync::protocol::{PROTOCOL_NAME, Request, Response};
use rondetafel_sync::{
    DocumentId, DocumentStore, FrameCodec, MemoryBackend, Node, NodeConfig, NodeEvent, PeerLimits,
};

const CANARY: &str = "CANARY-hostile-5d2e";

type Client = Swarm<request_response::Behaviour<FrameCodec>>;

/// A bare client that speaks the protocol with generous size limits, so it
/// can send what an honest node never would.
fn client(keypair: Keypair) -> Client {
    client_speaking(keypair, PROTOCOL_NAME)
}

/// A client that speaks `protocol` (to play a peer of another version).
fn client_speaking(keypair: Keypair, protocol: &'static str) -> Client {
    libp2p::SwarmBuilder::with_existing_identity(keypair)
        .with_tokio()
        .with_tcp(
            tcp::Config::default(),
            noise::Config::new,
            yamux::Config::default,
        )
        .expect("tcp")
        .with_behaviour(|_| {
            request_response::Behaviour::with_codec(
                FrameCodec::with_max_bytes(u32::MAX),
                [(
                    StreamProtocol::new(protocol),
                    request_response::ProtocolSupport::Full,
                )],
                request_response::Config::default().with_request_timeout(Duration::from_secs(20)),
            )
        })
        .expect("behaviour")
        .build()
}

/// Sends one request and waits for its outcome: the response, or `None`
/// when the stream was closed without one.
async fn ask(client: &mut Client, peer: PeerId, request: Request) -> Option<Response> {
    let id = client.behaviour_mut().send_request(&peer, request.into());
    loop {
        match client.select_next_some().await {
            SwarmEvent::Behaviour(request_response::Event::Message {
                message:
                    request_response::Message::Response {
                        request_id,
                        response,
                    },
                ..
            }) if request_id == id => return Some(response),
            SwarmEvent::Behaviour(request_response::Event::OutboundFailure {
                request_id, ..
            }) if request_id == id => {
                return None;
            }
            _ => {}
        }
    }
}

async fn connect(client: &mut Client, address: &Multiaddr) {
    client.dial(address.clone()).expect("dial");
    loop {
        if let SwarmEvent::ConnectionEstablished { .. } = client.select_next_some().await {
            return;
        }
    }
}

fn document(members: &[PeerId]) -> AutoCommit {
    let mut doc = AutoCommit::new();
    let map = doc.put_object(ROOT, "members", ObjType::Map).expect("map");
    for member in members {
        doc.put(&map, member.to_string(), true).expect("put");
    }
    doc.put(ROOT, "secret", CANARY).expect("put");
    doc.commit();
    doc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_peers_get_nothing_and_break_nothing() {
    let member_key = Keypair::generate_ed25519();
    let outsider_key = Keypair::generate_ed25519();
    let server_key = Keypair::generate_ed25519();
    let member = member_key.public().to_peer_id();
    let server = server_key.public().to_peer_id();
    let id: DocumentId = "hostile".parse().expect("id");
    // The rogue member comes back after each offence and finally syncs
    // honestly: no ban here (bans are tested in `flood`).
    let config = NodeConfig {
        listen: vec!["/ip4/127.0.0.1/tcp/0".parse().expect("address")],
        mdns: false,
        limits: PeerLimits {
            ban: Duration::ZERO,
            ..PeerLimits::default()
        },
        ..NodeConfig::new(server_key)
    };
    let (node, mut events) =
        Node::spawn(config, DocumentStore::new(MemoryBackend::new()), Members).expect("spawn");
    node.add_document(id.clone(), document(&[server, member]), Vec::new())
        .await
        .expect("add");
    let address = loop {
        if let Some(NodeEvent::Listening { address }) = events.recv().await {
            break address;
        }
    };
    let (tx, mut protocol_errors) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            if let NodeEvent::ProtocolError { reason, .. }
            | NodeEvent::Sync(rondetafel_sync::SyncEvent::Rejected { reason, .. }) = event
            {
                let _ = tx.send(reason);
            }
        }
    });
    let heads_before = node
        .document(id.clone())
        .await
        .expect("node")
        .expect("doc")
        .get_heads();

    // An outsider asks for the document, by its id and with a valid message.
    let mut outsider = client(outsider_key);
    connect(&mut outsider, &address).await;
    let answer = ask(
        &mut outsider,
        server,
        Request::Sync {
            signatures: Vec::new(),
            document: id.to_string(),
            message: first_sync_message(),
        },
    )
    .await;
    assert_eq!(answer, Some(Response::Unavailable));
    let unknown = ask(
        &mut outsider,
        server,
        Request::Sync {
            signatures: Vec::new(),
            document: "nonexistent".into(),
            message: first_sync_message(),
        },
    )
    .await;
    assert_eq!(
        unknown, answer,
        "unknown and forbidden documents look the same"
    );
    let join = ask(
        &mut outsider,
        server,
        Request::Join {
            document: id.to_string(),
            proof: b"guess".to_vec(),
        },
    )
    .await;
    assert!(matches!(join, Some(Response::Refused { reason }) if !reason.contains(CANARY)));

    // A member sends garbage, then an oversized frame, then hangs up mid-sync.
    // Each offence gets the offender disconnected; it reconnects to try more.
    let mut rogue = client(member_key.clone());
    connect(&mut rogue, &address).await;
    let garbage = ask(
        &mut rogue,
        server,
        Request::Sync {
            signatures: Vec::new(),
            document: id.to_string(),
            message: vec![0x42; 64],
        },
    )
    .await;
    assert_eq!(garbage, None, "a malformed message closes its stream");
    connect(&mut rogue, &address).await;
    let huge = vec![0u8; 40 * 1024 * 1024];
    let started = std::time::Instant::now();
    let oversized = ask(
        &mut rogue,
        server,
        Request::Sync {
            signatures: Vec::new(),
            document: id.to_string(),
            message: huge,
        },
    )
    .await;
    assert_eq!(oversized, None, "an oversized message closes its stream");
    println!(
        "oversized frame: offender cut off after {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    connect(&mut rogue, &address).await;
    rogue.behaviour_mut().send_request(
        &server,
        Request::Sync {
            signatures: Vec::new(),
            document: id.to_string(),
            message: first_sync_message(),
        }
        .into(),
    );
    drop(rogue);
    let reason = tokio::time::timeout(Duration::from_secs(5), protocol_errors.recv())
        .await
        .expect("logged")
        .expect("reason");
    assert!(!reason.is_empty());

    // A peer of another protocol version gets a clear failure, not a hang.
    let mut old = client_speaking(Keypair::generate_ed25519(), "/rondetafel/sync/0");
    connect(&mut old, &address).await;
    let started = std::time::Instant::now();
    let skew = ask(
        &mut old,
        server,
        Request::Sync {
            signatures: Vec::new(),
            document: id.to_string(),
            message: first_sync_message(),
        },
    )
    .await;
    assert_eq!(skew, None, "an unknown protocol version is refused");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused at once, not after a timeout"
    );

    // The document is untouched and the node still serves an honest member.
    let after = node
        .document(id.clone())
        .await
        .expect("node still running")
        .expect("doc")
        .get_heads();
    assert_eq!(after, heads_before);
    let mut honest = client(member_key);
    connect(&mut honest, &address).await;
    let mut replica = AutoCommit::new();
    let mut state = automerge::sync::State::new();
    for _ in 0..10 {
        let Some(message) = replica.sync().generate_sync_message(&mut state) else {
            break;
        };
        let response = ask(
            &mut honest,
            server,
            Request::Sync {
                signatures: Vec::new(),
                document: id.to_string(),
                message: message.encode(),
            },
        )
        .await;
        match response {
            Some(Response::Sync {
                message: Some(bytes),
                ..
            }) => {
                let message = automerge::sync::Message::decode(&bytes).expect("valid message");
                replica
                    .sync()
                    .receive_sync_message(&mut state, message)
                    .expect("apply");
            }
            Some(Response::Sync { message: None, .. }) => {}
            other => panic!("unexpected answer {other:?}"),
        }
    }
    let secret = replica
        .get(ROOT, "secret")
        .expect("get")
        .map(|(v, _)| v.to_string());
    assert_eq!(
        secret.as_deref(),
        Some(format!("\"{CANARY}\"").as_str()),
        "the honest member gets the document"
    );
    node.shutdown().await.expect("shutdown");
}
