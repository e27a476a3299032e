use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT, ReadDoc};

use super::*;

fn id() -> DocumentId {
    "doc-1".parse().expect("valid id")
}

fn edit(doc: &mut AutoCommit, key: &str, value: i64) {
    doc.put(ROOT, key, value).expect("put");
    doc.commit();
}

fn value(doc: &AutoCommit, key: &str) -> Option<i64> {
    match doc.get(ROOT, key).expect("get") {
        Some((automerge::Value::Scalar(s), _)) => s.as_i64(),
        _ => None,
    }
}

fn reload(backend: MemoryBackend) -> Loaded {
    DocumentStore::new(backend).load(&id()).expect("loads")
}

#[test]
fn saves_incrementally_and_reloads() {
    let mut store = DocumentStore::new(MemoryBackend::new());
    let mut doc = AutoCommit::new();
    edit(&mut doc, "a", 1);
    store.save(&id(), &mut doc).expect("first save");
    edit(&mut doc, "b", 2);
    let second = store.save(&id(), &mut doc).expect("second save");
    assert!(!second.compacted);
    assert!(
        second.bytes_written < 200,
        "chunk holds only the new change"
    );
    let nothing = store.save(&id(), &mut doc).expect("empty save");
    assert_eq!(nothing.bytes_written, 0);

    let files = store.backend().list_files("doc-1").expect("list");
    assert_eq!(files.len(), 2, "one snapshot and one chunk: {files:?}");
    let mut loaded = reload(store.into_backend());
    assert!(loaded.problems.is_empty());
    assert_eq!(value(&loaded.document, "b"), Some(2));
    assert_eq!(loaded.document.get_heads(), doc.get_heads());
}

#[test]
fn compacts_into_one_snapshot() {
    let policy = CompactionPolicy {
        max_chunks: 4,
        max_chunk_bytes: usize::MAX,
    };
    let mut store = DocumentStore::with_policy(MemoryBackend::new(), policy);
    let mut doc = AutoCommit::new();
    for i in 0..10 {
        edit(&mut doc, "n", i);
        store.save(&id(), &mut doc).expect("save");
    }
    let files = store.backend().list_files("doc-1").expect("list");
    assert!(files.len() <= 4, "{files:?}");
    assert_eq!(
        files.iter().filter(|f| f.starts_with("snapshot")).count(),
        1
    );
    let loaded = reload(store.into_backend());
    assert_eq!(value(&loaded.document, "n"), Some(9));
}

#[test]
fn continues_saving_after_reload() {
    let mut store = DocumentStore::new(MemoryBackend::new());
    let mut doc = AutoCommit::new();
    edit(&mut doc, "a", 1);
    store.save(&id(), &mut doc).expect("save");
    let mut store = DocumentStore::new(store.into_backend());
    let mut doc = store.load(&id()).expect("load").document;
    edit(&mut doc, "a", 2);
    store.save(&id(), &mut doc).expect("save after reload");
    assert_eq!(value(&reload(store.into_backend()).document, "a"), Some(2));
}

#[test]
fn skips_a_torn_last_chunk() {
    let mut store = DocumentStore::new(MemoryBackend::new());
    let mut doc = AutoCommit::new();
    edit(&mut doc, "a", 1);
    store.save(&id(), &mut doc).expect("save");
    edit(&mut doc, "b", 2);
    store.save(&id(), &mut doc).expect("save");
    let mut backend = store.into_backend();
    let chunk = backend
        .file_mut("doc-1", &chunk_name(1))
        .expect("chunk exists");
    chunk.truncate(chunk.len() - 3);

    let loaded = reload(backend);
    assert_eq!(value(&loaded.document, "a"), Some(1));
    assert_eq!(value(&loaded.document, "b"), None);
    assert!(matches!(
        loaded.problems[0].kind,
        ProblemKind::TornLastChunk
    ));
    // Saves write files whole, so a cut-short chunk is damage to a save
    // that may have been acknowledged.
    assert!(loaded.problems[0].may_have_lost_data());
}

#[test]
fn moves_a_damaged_snapshot_aside_and_keeps_the_chunks() {
    let mut store = DocumentStore::new(MemoryBackend::new());
    let mut doc = AutoCommit::new();
    edit(&mut doc, "a", 1);
    store.save(&id(), &mut doc).expect("save");
    edit(&mut doc, "b", 2);
    store.save(&id(), &mut doc).expect("save");
    let mut backend = store.into_backend();
    let snapshot = backend
        .file_mut("doc-1", &snapshot_name(0))
        .expect("snapshot exists");
    let middle = snapshot.len() / 2;
    snapshot[middle] ^= 0xff;

    let mut store = DocumentStore::new(backend);
    let loaded = store.load(&id()).expect("chunks still load");
    assert!(matches!(
        loaded.problems[0].kind,
        ProblemKind::Damaged(FrameError::ChecksumMismatch)
    ));
    assert!(loaded.problems[0].to_string().contains("moved to"));
    assert_eq!(store.backend().damaged_files().len(), 1);
}

#[test]
fn a_document_with_nothing_readable_is_an_error_not_a_panic() {
    let mut backend = MemoryBackend::new();
    backend
        .write_atomic("doc-1", &snapshot_name(0), b"garbage")
        .expect("write");
    let mut store = DocumentStore::new(backend);
    let error = store.load(&id()).expect_err("nothing readable");
    assert!(
        error.to_string().contains("nothing of doc-1 could be read"),
        "{error}"
    );
}

#[test]
fn refuses_to_overwrite_a_document_it_did_not_load() {
    let mut store = DocumentStore::new(MemoryBackend::new());
    let mut doc = AutoCommit::new();
    edit(&mut doc, "a", 1);
    store.save(&id(), &mut doc).expect("save");
    let mut other = DocumentStore::new(store.into_backend());
    let mut stranger = AutoCommit::new();
    assert!(matches!(
        other.save(&id(), &mut stranger),
        Err(SaveError::NotLoaded(_))
    ));
}

#[test]
fn removes_leftover_temporary_files() {
    let mut store = DocumentStore::new(MemoryBackend::new());
    let mut doc = AutoCommit::new();
    edit(&mut doc, "a", 1);
    store.save(&id(), &mut doc).expect("save");
    let mut backend = store.into_backend();
    backend
        .write_atomic("doc-1", "chunk-00000000000000000001.rtc.tmp", b"half")
        .expect("write");
    let mut store = DocumentStore::new(backend);
    store.load(&id()).expect("load");
    assert_eq!(store.backend().list_files("doc-1").expect("list").len(), 1);
}

#[test]
fn document_ids_are_safe_folder_names() {
    for bad in ["", "../x", "a/b", "damaged", &"x".repeat(65)] {
        assert!(bad.parse::<DocumentId>().is_err(), "{bad:?} accepted");
    }
    assert!("0123abcd-_X".parse::<DocumentId>().is_ok());
}

#[test]
fn fs_backend_round_trip_and_damaged_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = DocumentStore::new(FsBackend::new(dir.path().join("docs")));
    let mut doc = AutoCommit::new();
    edit(&mut doc, "a", 1);
    store.save(&id(), &mut doc).expect("save");
    edit(&mut doc, "a", 2);
    store.save(&id(), &mut doc).expect("save");
    let chunk = dir.path().join("docs/doc-1").join(chunk_name(1));
    std::fs::write(&chunk, b"RTDC\x01garbage").expect("damage");
    let mut store = DocumentStore::new(FsBackend::new(dir.path().join("docs")));
    let loaded = store.load(&id()).expect("load");
    assert_eq!(value(&loaded.document, "a"), Some(1));
    assert_eq!(loaded.problems.len(), 1);
    assert!(
        dir.path()
            .join("docs/doc-1")
            .join(DAMAGED_DIR)
            .join(chunk_name(1))
            .exists()
    );
    assert_eq!(store.document_ids().expect("ids"), vec![id()]);
}

#[test]
fn changes_received_encoded_are_written_as_they_came_and_gaps_fall_back() {
    let mut store = DocumentStore::new(MemoryBackend::new());
    let mut doc = AutoCommit::new();
    edit(&mut doc, "a", 1);
    store.save(&id(), &mut doc).expect("first save");

    let mut remote = doc.fork();
    let before = remote.get_heads();
    edit(&mut remote, "b", 2);
    edit(&mut remote, "c", 3);
    let received: Vec<Change> = remote.get_changes(&before);
    doc.apply_changes(received.clone()).expect("apply");
    let all = store
        .append_known(&id(), &mut doc, &received)
        .expect("all known");
    assert!(all.bytes_written > 0);

    edit(&mut remote, "d", 4);
    let before = doc.get_heads();
    let one: Vec<Change> = remote.get_changes(&before);
    doc.apply_changes(one).expect("apply");
    edit(&mut doc, "e", 5);
    // Only some of what the document gained is known: Automerge saves it.
    store
        .append_known(&id(), &mut doc, &received)
        .expect("partly known");

    let mut loaded = reload(store.into_backend());
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.document.get_heads(), doc.get_heads());
    for (key, expected) in [("b", 2), ("c", 3), ("d", 4), ("e", 5)] {
        assert_eq!(value(&loaded.document, key), Some(expected), "{key}");
    }
}
