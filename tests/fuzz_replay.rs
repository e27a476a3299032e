//! Replays every input kept for the fuzz targets — the seeds in
//! `fuzz/corpus/<target>/` and every crasher ever found, kept in
//! `fuzz/artifacts/<target>/` — through the same target bodies that
//! cargo-fuzz runs (`fuzz/harness.rs`). A crasher that is fixed stays here as
//! a regression test.
//!
//! `RONDETAFEL_WRITE_FUZZ_SEEDS=1` (re)writes the seeds made from real
//! protocol messages, stored files and tickets. The seeds of
//! `verify_export` are the golden exports of the ratification tests, in
//! `tests/golden/`, which `fuzz/run` passes as a second corpus.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "../fuzz/harness.rs"]
mod harness;

use std::fs;
use std::path::{Path, PathBuf};

use automerge::sync::{State, SyncDoc};
use automerge::transaction::Transactable;
use rondetafel::network::Ticket;
use rondetafel::network::ticket::DeviceOf;
use rondetafel_sync::protocol::{Request, Response};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden")
}

/// The seeds of `target`: its corpus folder, and for `verify_export` the
/// golden exports.
fn seeds_of(target: &str) -> Vec<PathBuf> {
    let mut seeds = files_in(&fuzz_dir().join("corpus").join(target));
    if target == "verify_export" {
        seeds.extend(files_in(&golden_dir()));
    }
    seeds
}

/// The files directly inside `dir` (none when it does not exist).
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_kept_fuzz_input_replays_without_a_crash() {
    if std::env::var_os("RONDETAFEL_WRITE_FUZZ_SEEDS").is_some_and(|v| v == "1") {
        write_seeds();
    }
    for target in harness::TARGETS {
        let seeds = seeds_of(target);
        let crashers = files_in(&fuzz_dir().join("artifacts").join(target));
        assert!(!seeds.is_empty(), "{target} has no seeds");
        for file in seeds.iter().chain(&crashers) {
            let bytes = fs::read(file).expect("readable input");
            assert!(harness::run(target, &bytes), "unknown target {target}");
        }
        println!(
            "fuzz replay: {target}: {} seeds, {} kept crashers, no panic",
            seeds.len(),
            crashers.len()
        );
    }
}

/// The golden exports are seeds of `verify_export` and verify against the
/// fixture, so the fuzzer starts from inputs that reach every check.
#[test]
fn export_seeds_verify_against_the_fixture() {
    for format in ["md", "html", "json"] {
        let name = format!("snapshot-1.0.{format}");
        let seed = fs::read(golden_dir().join(&name)).expect("golden export");
        let mut alliance = harness::fixture_alliance().expect("fixture loads");
        let report = rondetafel::snapshot::verify::verify(&mut alliance, &seed).expect("verifies");
        assert!(report.verified, "{name}: {:?}", report.checks);
    }
}

/// Writes the seeds: real frames of every message kind, real stored files
/// and real tickets.
fn write_seeds() {
    let mut seeds: Vec<(&str, String, Vec<u8>)> = Vec::new();
    for (name, frame) in request_frames() {
        seeds.push(("sync_message", name, [&[0u8][..], &frame].concat()));
    }
    for (name, frame) in response_frames() {
        seeds.push(("sync_message", name, [&[1u8][..], &frame].concat()));
    }
    let (snapshot, chunk) = harness::stored_files(&mut harness::small_document());
    seeds.push((
        "document_load",
        "snapshot".into(),
        [&[0u8][..], &snapshot].concat(),
    ));
    seeds.push((
        "document_load",
        "chunk".into(),
        [&[1u8][..], &chunk].concat(),
    ));
    let alliance = harness::FIXTURE_ALLIANCE;
    seeds.push((
        "document_load",
        "alliance".into(),
        [&[2u8][..], alliance].concat(),
    ));
    for (name, ticket) in tickets() {
        seeds.push(("ticket", name.into(), ticket.encode().into_bytes()));
    }
    for (target, name, bytes) in seeds {
        let dir = fuzz_dir().join("corpus").join(target);
        fs::create_dir_all(&dir).expect("corpus folder");
        fs::write(dir.join(format!("seed-{name}")), bytes).expect("seed written");
    }
}

fn frame(body: Vec<u8>) -> Vec<u8> {
    let len = u32::try_from(body.len()).expect("small").to_be_bytes();
    [&len[..], &body].concat()
}

/// A sync message from a peer that has one more change than the harness's
/// document, and one from a peer that has nothing yet.
fn sync_messages() -> Vec<(&'static str, Vec<u8>)> {
    let mut ahead = harness::small_document();
    ahead
        .put(automerge::ROOT, "extra", "van de zorgaanbieder")
        .unwrap();
    ahead.commit();
    let mut messages = Vec::new();
    for (name, mut doc) in [("ahead", ahead), ("empty", automerge::AutoCommit::new())] {
        let mut state = State::new();
        let message = doc
            .sync()
            .generate_sync_message(&mut state)
            .expect("a first message");
        messages.push((name, message.encode()));
    }
    messages
}

fn request_frames() -> Vec<(String, Vec<u8>)> {
    let mut frames: Vec<(String, Vec<u8>)> = sync_messages()
        .into_iter()
        .map(|(name, message)| {
            let request = Request::Sync {
                document: harness::DOCUMENT.into(),
                message,
                signatures: Vec::new(),
            };
            (format!("request-sync-{name}"), frame(request.encode()))
        })
        .collect();
    let join = Request::Join {
        document: harness::DOCUMENT.into(),
        proof: b"secret".to_vec(),
    };
    frames.push(("request-join".into(), frame(join.encode())));
    frames
}

fn response_frames() -> Vec<(String, Vec<u8>)> {
    let mut responses: Vec<(String, Response)> = sync_messages()
        .into_iter()
        .map(|(name, message)| {
            (
                format!("response-sync-{name}"),
                Response::Sync {
                    message: Some(message),
                    signatures: Vec::new(),
                },
            )
        })
        .collect();
    responses.push((
        "response-in-sync".into(),
        Response::Sync {
            message: None,
            signatures: Vec::new(),
        },
    ));
    responses.push(("response-admitted".into(), Response::Admitted));
    responses.push((
        "response-refused".into(),
        Response::Refused {
            reason: "verlopen".into(),
        },
    ));
    responses.push(("response-unavailable".into(), Response::Unavailable));
    responses
        .into_iter()
        .map(|(name, r)| (name, frame(r.encode())))
        .collect()
}

fn tickets() -> Vec<(&'static str, Ticket)> {
    let partner = Ticket {
        alliance: "3f2a9c0d1e4b5a6c".into(),
        alliance_name: "Jeugd Noord — samen sterk".into(),
        peer: harness::fuzz_peer().to_string(),
        addresses: vec![
            "/ip4/127.0.0.1/tcp/4001".into(),
            "/ip4/127.0.0.1/udp/4001/quic-v1".into(),
        ],
        always_on: Vec::new(),
        invitation: "inv-1".into(),
        secret: "00112233445566778899aabbccddeeff".into(),
        expires_ms: 1_800_000_000_000,
        device_of: None,
    };
    let device = Ticket {
        device_of: Some(DeviceOf {
            partner_id: "a1b2c3d4".into(),
            organisation: "Zorggroep Noord".into(),
            kind: "zorgaanbieder".into(),
        }),
        ..partner.clone()
    };
    vec![("partner", partner), ("device", device)]
}
