//! Floods from one connected member against a real node on loopback: a
//! frame header announcing 4 GiB, 10,000 tiny requests as fast as possible,
//! 1,000 streams opened at once. For each, the node's memory grows by less
//! than 64 MB, the offender is disconnected within a second (and refused
//! when it comes back), and an honest peer connected to the same node
//! receives an edit made during the flood.
//!
//! `RONDETAFEL_FLOOD_TINY_FRAMES` and `RONDETAFEL_FLOOD_STREAMS` change the sizes of the floods.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod peer_kit;

use std::time::{Duration, Instant};

use peer_kit::{
    OURS, PeakRss, RawClient, World, connect, env_number, first_sync_message, frame, raw_client,
    refused, rss_bytes, until_disconnected,
};
use rondetafel_sync::protocol::Request;

/// Memory the node may grow by under a flood.
const MEMORY_BUDGET: u64 = 64 * 1024 * 1024;
/// How soon the offender must be cut off.
const CUT_OFF: Duration = Duration::from_secs(1);

/// The scenarios share the process's memory figure: one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A tiny, valid sync request for the shared document.
fn tiny_request(world: &World) -> Vec<u8> {
    frame(
        &Request::Sync {
            signatures: Vec::new(),
            document: world.id.to_string(),
            message: first_sync_message(),
        }
        .encode(),
    )
}

/// Runs one flood: `attack` sends it on a fresh connection of the rogue
/// member, then the figures are measured and checked.
async fn flood(name: &str, streams: usize, attack: impl FnOnce(&World, &mut RawClient)) {
    let _turn = ONE_AT_A_TIME.lock().await;
    let mut world = World::start(|_| {}).await;
    let mut rogue = raw_client(world.rogue.clone(), OURS, streams);
    connect(&mut rogue, &world.address).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = rss_bytes();
    let peak = PeakRss::start();
    let started = Instant::now();
    attack(&world, &mut rogue);
    let edit = world.edit(name).await;
    let (cut_off, synced) = tokio::join!(
        until_disconnected(&mut rogue, world.server, Duration::from_secs(10)),
        world.reaches_honest(&edit, Duration::from_secs(10)),
    );
    let cut_off = cut_off.map(|_| started.elapsed());
    let synced = synced.map(|_| started.elapsed());
    let peak = peak.stop();
    let growth = peak.saturating_sub(before);
    let complaint = world.complaints.try_recv().unwrap_or_default();
    let banned = refused(&mut rogue, &world.address).await;
    println!(
        "{name}: memory growth {growth} bytes ({:.1} MB, peak RSS {peak} bytes), \
         offender disconnected after {} ms, honest peer got the edit after {} ms, \
         reconnect refused: {banned}; reason: {complaint}",
        growth as f64 / 1e6,
        cut_off.map_or(-1, |d| d.as_millis() as i64),
        synced.map_or(-1, |d| d.as_millis() as i64),
    );
    assert!(
        growth < MEMORY_BUDGET,
        "{name}: memory grew by {growth} bytes"
    );
    let cut_off = cut_off.expect("the offender is disconnected");
    assert!(
        cut_off < CUT_OFF,
        "{name}: disconnected only after {cut_off:?}"
    );
    assert!(synced.is_some(), "{name}: the honest peer keeps syncing");
    assert!(banned, "{name}: the offender is refused for a while");
    world.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_four_gib_frame_header_is_cut_off() {
    flood("4 GiB header", 8, |_, rogue| {
        let server = *rogue.connected_peers().next().expect("connected");
        rogue.behaviour_mut().send_request(&server, vec![0xFF; 4]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_tiny_frames_are_cut_off() {
    let count = env_number("RONDETAFEL_FLOOD_TINY_FRAMES", 10_000);
    flood(&format!("{count} tiny frames"), 64, |world, rogue| {
        let request = tiny_request(world);
        for _ in 0..count {
            rogue
                .behaviour_mut()
                .send_request(&world.server, request.clone());
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_streams_at_once_are_cut_off() {
    let count = env_number("RONDETAFEL_FLOOD_STREAMS", 1_000);
    flood(
        &format!("{count} streams at once"),
        count,
        |world, rogue| {
            let request = tiny_request(world);
            for _ in 0..count {
                rogue
                    .behaviour_mut()
                    .send_request(&world.server, request.clone());
            }
        },
    )
    .await;
}
