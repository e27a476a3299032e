//! Version skew: a member device that speaks only an older or a newer sync
//! protocol than `/rondetafel/sync/3`. Protocol negotiation fails on both
//! sides at once, our node reports it in plain words, and neither side
//! waits for a timeout.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod peer_kit;

use std::time::{Duration, Instant};

use libp2p::futures::StreamExt;
use libp2p::swarm::{NetworkBehaviour, SwarmEvent};
use libp2p::{StreamProtocol, Swarm, identify, noise, request_response, tcp, yamux};
use peer_kit::{RawCodec, World, connect, first_sync_message, frame};
use rondetafel_sync::protocol::Request;

/// What a device of another version speaks.
#[derive(NetworkBehaviour)]
struct Skewed {
    identify: identify::Behaviour,
    sync: request_response::Behaviour<RawCodec>,
}

fn skewed(keypair: libp2p::identity::Keypair, protocol: &'static str) -> Swarm<Skewed> {
    libp2p::SwarmBuilder::with_existing_identity(keypair)
        .with_tokio()
        .with_tcp(
            tcp::Config::default(),
            noise::Config::new,
            yamux::Config::default,
        )
        .expect("tcp")
        .with_behaviour(|key| Skewed {
            identify: identify::Behaviour::new(identify::Config::new(
                "/rondetafel/id/1".into(),
                key.public(),
            )),
            sync: request_response::Behaviour::with_codec(
                RawCodec,
                [(
                    StreamProtocol::new(protocol),
                    request_response::ProtocolSupport::Full,
                )],
                request_response::Config::default().with_request_timeout(Duration::from_secs(30)),
            ),
        })
        .expect("behaviour")
        .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(60)))
        .build()
}

/// Connects a device speaking `protocol`; both sides must give up on each
/// other's requests within a few seconds, and our node must say why.
async fn skew(protocol: &'static str) {
    let mut world = World::start(|_| {}).await;
    let mut device = skewed(world.rogue.clone(), protocol);
    let started = Instant::now();
    connect(&mut device, &world.address).await;
    let request = Request::Sync {
        signatures: Vec::new(),
        document: world.id.to_string(),
        message: first_sync_message(),
    };
    let id = device
        .behaviour_mut()
        .sync
        .send_request(&world.server, frame(&request.encode()));
    let theirs = async {
        loop {
            if let SwarmEvent::Behaviour(SkewedEvent::Sync(
                request_response::Event::OutboundFailure {
                    request_id, error, ..
                },
            )) = device.select_next_some().await
                && request_id == id
            {
                return (started.elapsed(), error.to_string());
            }
        }
    };
    let ours = async {
        let mut reasons = Vec::new();
        // Two reports, in either order: our request to them failed, and
        // identify told us which version they speak.
        while let Some(reason) = world.complaints.recv().await {
            reasons.push(reason);
            let refused = reasons
                .iter()
                .any(|r| r.contains("does not speak this version"));
            let named = reasons.iter().any(|r| r.contains(protocol));
            if refused && named {
                return (started.elapsed(), reasons);
            }
        }
        (started.elapsed(), reasons)
    };
    let limit = Duration::from_secs(5);
    let ((their_time, their_error), (our_time, our_reasons)) =
        tokio::time::timeout(limit, async { tokio::join!(theirs, ours) })
            .await
            .expect("both sides give up in time");
    println!(
        "{protocol}: the other device gave up after {} ms ({their_error}); \
         our node reported after {} ms: {our_reasons:?}",
        their_time.as_millis(),
        our_time.as_millis(),
    );
    assert!(their_error.contains("protocol"), "{their_error}");
    assert!(our_reasons.iter().any(|r| r.contains("/rondetafel/sync/3")));
    assert!(
        our_reasons.iter().any(|r| r.contains(protocol)),
        "identify names their version"
    );
    world.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_version_is_refused_at_once() {
    skew("/rondetafel/sync/2").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_version_is_refused_at_once() {
    skew("/rondetafel/sync/4").await;
}
