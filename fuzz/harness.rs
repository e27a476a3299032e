//! The bodies of the fuzz targets, shared by the cargo-fuzz binaries in
//! `fuzz_targets/` and by the ordinary test `tests/fuzz_replay.rs`, which
//! replays every seed and every crasher kept in `corpus/` and `artifacts/`.
//!
//! Each function takes arbitrary bytes and must neither panic nor hang,
//! whatever they are. Checks beyond "no panic" are asserted here too, so a
//! broken invariant is a crash the fuzzer can find.

use std::collections::HashSet;
use std::sync::OnceLock;

use automerge::{ActorId, AutoCommit};
use libp2p::futures::executor::block_on;
use libp2p::futures::io::Cursor;
use libp2p::request_response::Codec;
use libp2p::{PeerId, StreamProtocol};
use rondetafel::model::Alliance;
use rondetafel::network::Ticket;
use rondetafel::snapshot::verify;
use rondetafel_sync::protocol::{PROTOCOL_NAME, SyncCore};
use rondetafel_sync::{
    AccessPolicy, Backend, DocumentId, DocumentStore, FrameCodec, Framed, MemoryBackend,
};

/// The names of the fuzz targets, as folders under `corpus/` and `artifacts/`.
pub(crate) const TARGETS: [&str; 4] = ["sync_message", "document_load", "ticket", "verify_export"];

/// Runs the target called `name` on `data`; `false` for an unknown name.
pub(crate) fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "sync_message" => sync_message(data),
        "document_load" => document_load(data),
        "ticket" => ticket(data),
        "verify_export" => verify_export(data),
        _ => return false,
    }
    true
}

/// The id of the one document every target works on.
pub(crate) const DOCUMENT: &str = "fuzzed";

/// The replica that `verify_export` checks exports against: the fixed
/// alliance of the ratification tests, whose golden exports are seeds.
pub(crate) const FIXTURE_ALLIANCE: &[u8] = include_bytes!("../tests/golden/alliance.automerge");

fn document_id() -> DocumentId {
    #[allow(clippy::expect_used)]
    DOCUMENT.parse().expect("the constant id is valid")
}

/// The first byte picks what the rest is: a request frame or a response
/// frame, read by the real codec and handled by a sync core that holds a
/// document the sender may sync.
pub(crate) fn sync_message(data: &[u8]) {
    let Some((&mode, frame)) = data.split_first() else {
        return;
    };
    let peer = fuzz_peer();
    let mut core = SyncCore::new(EveryoneIsMember);
    core.peer_connected(peer);
    core.add_document(
        document_id(),
        small_document(),
        Default::default(),
        Vec::new(),
        Vec::new(),
    );
    core.take_effects();
    let protocol = StreamProtocol::new(PROTOCOL_NAME);
    let mut codec = FrameCodec::default();
    if mode % 2 == 0 {
        if let Ok(Framed::Request(request)) =
            block_on(codec.read_request(&protocol, &mut Cursor::new(frame)))
        {
            core.handle_request(peer, 1, request);
        }
    } else if let Ok(response) = block_on(codec.read_response(&protocol, &mut Cursor::new(frame))) {
        core.handle_response(peer, &document_id(), response);
    }
    core.take_effects();
    let document = core.document(&document_id());
    assert!(document.is_some(), "the document survives any message");
}

/// The first byte picks what the rest is: a stored snapshot file, a chunk
/// file after a good snapshot, or raw Automerge bytes read as an alliance.
pub(crate) fn document_load(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        0 => load_stored(&[(SNAPSHOT_FILE, rest)]),
        1 => load_stored(&[(SNAPSHOT_FILE, good_snapshot_file()), (CHUNK_FILE, rest)]),
        _ => {
            if let Ok(document) = AutoCommit::load(rest) {
                read_as_alliance(document);
            }
        }
    }
}

/// A ticket that decodes must encode back to one that decodes the same.
pub(crate) fn ticket(data: &[u8]) {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(ticket) = Ticket::decode(line) {
        let again = Ticket::decode(&ticket.encode());
        assert_eq!(
            again.as_ref(),
            Ok(&ticket),
            "a ticket survives a round trip"
        );
    }
}

/// Verifies arbitrary bytes as an export of the fixture alliance. Whatever
/// they are, verification answers; it never panics.
pub(crate) fn verify_export(data: &[u8]) {
    let Some(mut alliance) = fixture_alliance() else {
        return;
    };
    if let Ok(report) = verify::verify(&mut alliance, data)
        && report.verified
    {
        assert!(report.checks.iter().all(|check| check.passed));
    }
}

/// The fixture alliance (`None` only if its file were unreadable).
pub(crate) fn fixture_alliance() -> Option<Alliance> {
    let document = AutoCommit::load(FIXTURE_ALLIANCE).ok()?;
    Alliance::from_document(document, ActorId::random()).ok()
}

fn load_stored(files: &[(&str, &[u8])]) {
    let mut backend = MemoryBackend::new();
    for (name, bytes) in files {
        if backend.write_atomic(DOCUMENT, name, bytes).is_err() {
            return;
        }
    }
    let mut store = DocumentStore::new(backend);
    if let Ok(loaded) = store.load(&document_id()) {
        read_as_alliance(loaded.document);
    }
}

/// Reads a document as the model does: migration, then the whole view.
fn read_as_alliance(mut document: AutoCommit) {
    let _ = document.get_heads();
    if let Ok(mut alliance) = Alliance::from_document(document, ActorId::random()) {
        let _ = alliance.view();
        let _ = alliance.snapshots();
    }
}

/// The name of a document's first snapshot file.
pub(crate) const SNAPSHOT_FILE: &str = "snapshot-00000000000000000000.rtd";
/// The name of the first chunk saved after it.
pub(crate) const CHUNK_FILE: &str = "chunk-00000000000000000001.rtc";

/// A stored snapshot file of [`small_document`].
fn good_snapshot_file() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| stored_files(&mut small_document()).0)
}

/// The files a store writes for `document`: its first snapshot, and the
/// chunk of one more edit saved after it.
pub(crate) fn stored_files(document: &mut AutoCommit) -> (Vec<u8>, Vec<u8>) {
    use automerge::transaction::Transactable;
    let mut store = DocumentStore::new(MemoryBackend::new());
    let _ = store.save(&document_id(), document);
    let _ = document.put(automerge::ROOT, "edited", true);
    document.commit();
    let _ = store.save(&document_id(), document);
    let read = |name| store.backend().read(DOCUMENT, name).unwrap_or_default();
    (read(SNAPSHOT_FILE), read(CHUNK_FILE))
}

/// A small document with a map, a list and a text, always the same.
pub(crate) fn small_document() -> AutoCommit {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT};
    let mut document = AutoCommit::new().with_actor(ActorId::from(&[7u8; 16][..]));
    let _ = document.put(ROOT, "name", "Jeugd Noord");
    if let Ok(list) = document.put_object(ROOT, "items", ObjType::List) {
        let _ = document.insert(&list, 0, 1_i64);
    }
    if let Ok(text) = document.put_object(ROOT, "text", ObjType::Text) {
        let _ = document.splice_text(&text, 0, 0, "samen");
    }
    document.commit();
    document
}

/// The peer that sends the fuzzed messages; always the same.
pub(crate) fn fuzz_peer() -> PeerId {
    static PEER: OnceLock<PeerId> = OnceLock::new();
    *PEER.get_or_init(|| {
        let key = libp2p::identity::Keypair::ed25519_from_bytes([9u8; 32])
            .unwrap_or_else(|_| libp2p::identity::Keypair::generate_ed25519());
        key.public().to_peer_id()
    })
}

/// Lets everyone sync and admits no one: the fuzzer plays a member.
struct EveryoneIsMember;

impl AccessPolicy for EveryoneIsMember {
    fn members(&self, _: &DocumentId, _: &mut AutoCommit) -> HashSet<PeerId> {
        HashSet::from([fuzz_peer()])
    }

    fn admit(
        &self,
        _: &DocumentId,
        _: &mut AutoCommit,
        _: &PeerId,
        _: &[u8],
    ) -> Result<(), String> {
        Err("joining is not fuzzed".to_owned())
    }
}
