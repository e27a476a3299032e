//! A malicious member (its key is allowed by the access policy) against a
//! real node on loopback: an oversized change, a flood of changes and a
//! deeply nested structure, each in one sync message under the frame cap.
//! Each message is refused whole at its documented cap, nothing of it is
//! stored, the member is disconnected, and an honest peer keeps syncing.
//! An honest history of 10,000 changes still syncs.
//!
//! `RONDETAFEL_CAPS_HONEST_CHANGES` changes the size of the honest history.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod peer_kit;

use std::time::{Duration, Instant};

use automerge::sync::{State, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT};
use libp2p::futures::StreamExt;
use libp2p::request_response;
use libp2p::swarm::SwarmEvent;
use peer_kit::{OURS, World, connect, env_number, frame, raw_client, until_disconnected};
use rondetafel_sync::MessageCaps;
use rondetafel_sync::protocol::{MAX_MESSAGE_BYTES, Request};

/// The sync message a member holding `doc` sends a peer that has nothing.
fn message_from(doc: &mut AutoCommit) -> Vec<u8> {
    let mut theirs = State::new();
    let first = AutoCommit::new()
        .sync()
        .generate_sync_message(&mut theirs)
        .expect("first");
    let mut ours = State::new();
    doc.sync()
        .receive_sync_message(&mut ours, first)
        .expect("receive");
    doc.sync()
        .generate_sync_message(&mut ours)
        .expect("changes")
        .encode()
}

/// The rogue member sends `message` for the shared document; checks it is
/// refused, nothing of it is stored, the member is cut off and the honest
/// peer still gets an edit.
async fn refused(name: &str, mut document: AutoCommit, cap: &str) {
    let message = message_from(&mut document);
    assert!(
        message.len() < MAX_MESSAGE_BYTES as usize,
        "{name}: under the frame cap"
    );
    let mut world = World::start(|_| {}).await;
    let before = world.heads(&world.node).await;
    let mut rogue = raw_client(world.rogue.clone(), OURS, 8);
    connect(&mut rogue, &world.address).await;
    let request = Request::Sync {
        signatures: Vec::new(),
        document: world.id.to_string(),
        message,
    };
    let started = Instant::now();
    let id = rogue
        .behaviour_mut()
        .send_request(&world.server, frame(&request.encode()));
    let mut closed = false;
    let answered = loop {
        match rogue.select_next_some().await {
            SwarmEvent::ConnectionClosed {
                num_established: 0, ..
            } => {
                closed = true;
                break false;
            }
            SwarmEvent::Behaviour(request_response::Event::Message {
                message:
                    request_response::Message::Response {
                        request_id,
                        response,
                    },
                ..
            }) if request_id == id => break !response.is_empty(),
            SwarmEvent::Behaviour(request_response::Event::OutboundFailure {
                request_id, ..
            }) if request_id == id => {
                break false;
            }
            _ => {}
        }
    };
    let refused_after = started.elapsed();
    let cut_off = closed
        || until_disconnected(&mut rogue, world.server, Duration::from_secs(5))
            .await
            .is_some();
    let reason = tokio::time::timeout(Duration::from_secs(5), world.complaints.recv())
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let after = world.heads(&world.node).await;
    let edit = world.edit(name).await;
    let synced = world.reaches_honest(&edit, Duration::from_secs(10)).await;
    println!(
        "{name}: {} bytes, refused after {} ms ({reason}); member disconnected: {}; \
         heads unchanged: {}; honest peer got the next edit after {} ms",
        request.encode().len(),
        refused_after.as_millis(),
        cut_off,
        after == before,
        synced.map_or(-1, |d| d.as_millis() as i64),
    );
    assert!(!answered, "{name}: no answer to a refused message");
    assert!(reason.contains(cap), "{name}: refused at the cap: {reason}");
    assert_eq!(after, before, "{name}: nothing of it is stored");
    assert!(cut_off, "{name}: the member is disconnected");
    assert!(synced.is_some(), "{name}: the honest peer keeps syncing");
    world.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_change_is_refused() {
    let caps = MessageCaps::default();
    let mut doc = AutoCommit::new();
    let size = caps.max_change_bytes * 3;
    doc.put(ROOT, "blob", "x".repeat(size)).expect("put");
    doc.commit();
    refused("one change of 24 MiB", doc, "exceeds the limit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_changes_is_refused() {
    let caps = MessageCaps::default();
    let mut doc = AutoCommit::new();
    for i in 0..=caps.max_changes {
        doc.put(ROOT, "n", i as i64).expect("put");
        doc.commit();
    }
    refused(
        &format!("{} changes", caps.max_changes + 1),
        doc,
        "changes in one message",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_nesting_is_refused() {
    let mut doc = AutoCommit::new();
    let mut obj = ROOT;
    for _ in 0..100_000 {
        obj = doc.put_object(&obj, "d", ObjType::Map).expect("map");
    }
    doc.commit();
    refused("100,000 nested maps in one change", doc, "nested deeper").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_honest_history_of_ten_thousand_changes_syncs() {
    let count = env_number("RONDETAFEL_CAPS_HONEST_CHANGES", 10_000);
    let world = World::start(|_| {}).await;
    let mut doc = world
        .honest
        .document(world.id.clone())
        .await
        .expect("running")
        .expect("doc");
    let before = doc.get_heads();
    let text = doc.put_object(ROOT, "notes", ObjType::Text).expect("text");
    doc.commit();
    for i in 0..count {
        doc.splice_text(&text, 0, 0, &format!("{i} "))
            .expect("splice");
        doc.commit();
    }
    let changes = doc.save_after(&before);
    let started = Instant::now();
    let heads = world
        .honest
        .apply(world.id.clone(), changes)
        .await
        .expect("apply");
    let limit = Duration::from_secs(60);
    let mut arrived = None;
    while started.elapsed() < limit {
        let mut server = world
            .node
            .document(world.id.clone())
            .await
            .expect("running")
            .expect("doc");
        if heads.iter().all(|h| server.get_change_by_hash(h).is_some()) {
            arrived = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    println!(
        "honest history of {} changes synced in {} ms",
        count + 1,
        arrived.map_or(-1, |d| d.as_millis() as i64)
    );
    assert!(arrived.is_some(), "an honest history passes the caps");
    world.stop().await;
}

/// A member that takes the node's requests and never answers them: each
/// failed sync is retried on the node's next periodic tick, not at once, so
/// the member cannot keep the node busy with requests that fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_that_never_answers_is_not_asked_again_at_once() {
    let world = World::start(|config| config.redial_interval = Duration::from_secs(1)).await;
    let mut rogue = raw_client(world.rogue.clone(), OURS, 8);
    connect(&mut rogue, &world.address).await;
    let watch = Duration::from_secs(3);
    let started = Instant::now();
    let mut asked = 0;
    while let Some(left) = watch.checked_sub(started.elapsed()) {
        let Ok(event) = tokio::time::timeout(left, rogue.select_next_some()).await else {
            break;
        };
        if let SwarmEvent::Behaviour(request_response::Event::Message {
            message: request_response::Message::Request { channel, .. },
            ..
        }) = event
        {
            asked += 1;
            drop(channel); // never answered
        }
    }
    println!("a member that never answers was asked {asked} times in {watch:?}");
    assert!(asked >= 1, "the node asked the member at all");
    assert!(asked <= 5, "retried once per tick, not at once: {asked}");
    let heads = world.edit("nog steeds bereikbaar").await;
    assert!(
        world
            .reaches_honest(&heads, Duration::from_secs(5))
            .await
            .is_some(),
        "the honest peer keeps syncing"
    );
    world.stop().await;
}
