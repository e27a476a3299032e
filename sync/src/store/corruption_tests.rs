//! Corruption: one stored file is truncated or has bits flipped, many times
//! over. The damage must be found and reported, the damaged file moved to
//! `damaged/`, everything saved before it kept, the other document left
//! alone, and a sync with a peer that holds the whole document must bring
//! every change back.
//!
//! `RONDETAFEL_CORRUPTION_TRIALS` sets the number of trials; run with
//! `--nocapture` to see the figures.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::time::Instant;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ROOT};
use libp2p::PeerId;

use super::fs::FileSystem;
use super::simulated::{SimulatedDisk, SplitMix};
use super::*;
use crate::protocol::{AccessPolicy, Effect, InboundId, Request, Response, SyncCore};

const ROOT_DIR: &str = "/data/alliances";
const DEFAULT_TRIALS: u64 = 1000;

type Store = DocumentStore<FsBackend<SimulatedDisk>>;

fn policy() -> CompactionPolicy {
    CompactionPolicy {
        max_chunks: 100,
        max_chunk_bytes: usize::MAX,
    }
}

fn doc_id(name: &str) -> DocumentId {
    name.parse().expect("valid id")
}

fn edit(doc: &mut AutoCommit, step: usize) {
    doc.put(
        ROOT,
        format!("item{step}"),
        format!("agreed in step {step}"),
    )
    .expect("put");
    doc.put(ROOT, "last", step as i64).expect("put");
    doc.commit();
}

/// One stored file and the heads of its document right after it was
/// written.
#[derive(Debug, Clone)]
struct StoredFile {
    document: DocumentId,
    name: String,
    heads: Vec<ChangeHash>,
}

/// A store holding "shared" as a snapshot plus five chunks and "single" as
/// one snapshot, with the whole documents as a peer would hold them.
struct Fixture {
    disk: SimulatedDisk,
    files: Vec<StoredFile>,
    full: HashMap<DocumentId, AutoCommit>,
}

fn fixture() -> Fixture {
    let mut store = DocumentStore::with_policy(
        FsBackend::with_file_system(ROOT_DIR, SimulatedDisk::new()),
        policy(),
    );
    let mut files = Vec::new();
    let shared = doc_id("shared");
    let mut doc = crate::signing::testing::document();
    for step in 0..4 {
        edit(&mut doc, step);
        store.save(&shared, &mut doc).expect("save");
    }
    store.compact(&shared, &mut doc).expect("compact");
    files.push(stored(
        &shared,
        "snapshot-00000000000000000003.rtd",
        &mut doc,
    ));
    for step in 4..9 {
        edit(&mut doc, step);
        store.save(&shared, &mut doc).expect("save");
        files.push(stored(&shared, &chunk_name(step as u64), &mut doc));
    }
    let single = doc_id("single");
    let mut other = crate::signing::testing::document();
    edit(&mut other, 100);
    store.save(&single, &mut other).expect("save");
    files.push(stored(&single, &snapshot_name(0), &mut other));
    for file in &files {
        let listed = store.backend().list_files(file.document.as_str());
        assert!(listed.expect("list").contains(&file.name), "{file:?}");
    }
    Fixture {
        disk: store.into_backend().into_file_system(),
        files,
        full: HashMap::from([(shared, doc), (single, other)]),
    }
}

fn stored(document: &DocumentId, name: &str, doc: &mut AutoCommit) -> StoredFile {
    StoredFile {
        document: document.clone(),
        name: name.to_owned(),
        heads: doc.get_heads(),
    }
}

fn path_of(document: &DocumentId, name: &str) -> PathBuf {
    Path::new(ROOT_DIR).join(document.as_str()).join(name)
}

/// Truncates `bytes` or flips 1 to 8 distinct bits in them; returns whether
/// it truncated.
fn damage(bytes: &mut Vec<u8>, random: &mut SplitMix) -> bool {
    if random.below(2) == 0 {
        bytes.truncate(random.below(bytes.len()));
        return true;
    }
    let flips = 1 + random.below(8);
    let mut bits = BTreeSet::new();
    while bits.len() < flips {
        bits.insert(random.below(bytes.len() * 8));
    }
    for bit in bits {
        bytes[bit / 8] ^= 1 << (bit % 8);
    }
    false
}

/// What the trials found.
#[derive(Debug, Default)]
struct Figures {
    trials: u64,
    truncated: u64,
    bits_flipped: u64,
    snapshots_hit: u64,
    detected: u64,
    moved_aside: u64,
    nothing_readable: u64,
    healed: u64,
    failures: Vec<String>,
}

impl Figures {
    fn check(&mut self, ok: bool, message: impl FnOnce() -> String) {
        if !ok && self.failures.len() < 20 {
            self.failures.push(message());
        }
    }
}

fn same_heads(doc: &mut AutoCommit, full: &mut AutoCommit) -> bool {
    doc.get_heads() == full.get_heads()
}

/// Whether every change in `heads` is in `doc`.
fn holds(doc: &mut AutoCommit, heads: &[ChangeHash]) -> bool {
    heads
        .iter()
        .all(|hash| doc.get_change_by_hash(hash).is_some())
}

/// Checks that the problems name the victim, say data may be lost, and
/// that the victim now lies in `damaged/`.
fn check_reported(
    store: &Store,
    victim: &StoredFile,
    problems: &[LoadProblem],
    figures: &mut Figures,
    context: &str,
) {
    let named = problems.len() == 1 && problems[0].file == victim.name;
    figures.check(named, || format!("{context}: reported {problems:?}"));
    let lost = problems.iter().all(LoadProblem::may_have_lost_data);
    figures.check(lost, || {
        format!("{context}: damage to a saved file not reported as possible loss: {problems:?}")
    });
    let disk = store.backend().file_system();
    let aside = path_of(&victim.document, DAMAGED_DIR).join(&victim.name);
    let moved = disk.exists(&aside) && !disk.exists(&path_of(&victim.document, &victim.name));
    let reported = problems
        .iter()
        .any(|p| p.moved_to.as_deref() == Some(&aside.display().to_string()));
    figures.check(moved && reported, || {
        format!("{context}: not moved aside as reported: {problems:?}")
    });
    if named && moved && reported {
        figures.moved_aside += 1;
    }
}

/// Loads the damaged document; returns what loaded (empty when nothing
/// could be read).
fn load_victim(
    store: &mut Store,
    fixture: &Fixture,
    victim: &StoredFile,
    figures: &mut Figures,
    context: &str,
) -> AutoCommit {
    match store.load(&victim.document) {
        Ok(mut loaded) => {
            figures.detected += u64::from(!loaded.problems.is_empty());
            check_reported(store, victim, &loaded.problems, figures, context);
            let index = fixture
                .files
                .iter()
                .position(|f| f.name == victim.name && f.document == victim.document);
            if let Some(before) = index
                .and_then(|i| i.checked_sub(1))
                .map(|i| &fixture.files[i])
                .filter(|f| f.document == victim.document)
            {
                let kept = holds(&mut loaded.document, &before.heads);
                figures.check(kept, || format!("{context}: lost changes saved before"));
            }
            loaded.document
        }
        Err(LoadError::NothingReadable { problems, .. }) => {
            figures.detected += 1;
            figures.nothing_readable += 1;
            let alone = fixture
                .files
                .iter()
                .filter(|f| f.document == victim.document)
                .count()
                == 1;
            figures.check(alone, || {
                format!("{context}: nothing readable, yet other files were intact")
            });
            check_reported(store, victim, &problems, figures, context);
            crate::signing::testing::document()
        }
        Err(error) => {
            figures.check(false, || format!("{context}: load failed: {error}"));
            crate::signing::testing::document()
        }
    }
}

fn trial(fixture: &Fixture, seed: u64, figures: &mut Figures) {
    let context = format!("trial {seed}");
    let mut random = SplitMix::new(seed);
    let victim = &fixture.files[random.below(fixture.files.len())];
    let mut disk = fixture.disk.clone();
    let path = path_of(&victim.document, &victim.name);
    let mut bytes = disk.read(&path).expect("read");
    if damage(&mut bytes, &mut random) {
        figures.truncated += 1;
    } else {
        figures.bits_flipped += 1;
    }
    figures.snapshots_hit += u64::from(victim.name.starts_with("snapshot-"));
    disk.replace(&path, bytes).expect("damage");
    let mut store =
        DocumentStore::with_policy(FsBackend::with_file_system(ROOT_DIR, disk), policy());

    for (id, full) in &fixture.full {
        if *id != victim.document {
            let unaffected = store.load(id).is_ok_and(|mut loaded| {
                loaded.problems.is_empty() && same_heads(&mut loaded.document, &mut full.clone())
            });
            figures.check(unaffected, || format!("{context}: {id} was affected"));
        }
    }
    let doc = load_victim(&mut store, fixture, victim, figures, &context);
    let mut full = fixture.full[&victim.document].clone();
    let healed = heal(&mut store, &victim.document, doc, &full)
        .and_then(|()| reload(&store, &victim.document))
        .map(|mut doc| same_heads(&mut doc, &mut full));
    match healed {
        Ok(true) => figures.healed += 1,
        Ok(false) => figures.check(false, || format!("{context}: not healed")),
        Err(e) => figures.check(false, || format!("{context}: healing failed: {e}")),
    }
    figures.trials += 1;
}

/// Loads `id` in a fresh store over the same files; it must load cleanly.
fn reload(store: &Store, id: &DocumentId) -> Result<AutoCommit, String> {
    let mut fresh = DocumentStore::with_policy(store.backend().clone(), policy());
    let loaded = fresh.load(id).map_err(|e| e.to_string())?;
    if loaded.problems.is_empty() {
        Ok(loaded.document)
    } else {
        Err(format!("problems after healing: {:?}", loaded.problems))
    }
}

/// Lets the two peers of a test sync every document.
struct BothPeers(HashSet<PeerId>);

impl AccessPolicy for BothPeers {
    fn members(&self, _: &DocumentId, _: &mut AutoCommit) -> HashSet<PeerId> {
        self.0.clone()
    }

    fn admit(
        &self,
        _: &DocumentId,
        _: &mut AutoCommit,
        _: &PeerId,
        _: &[u8],
    ) -> Result<(), String> {
        Err("no joining in this test".into())
    }
}

/// A message in flight between the two cores.
enum Wire {
    Request {
        to: usize,
        inbound: InboundId,
        request: Request,
    },
    Response {
        to: usize,
        response: Response,
    },
}

/// Syncs `doc` (peer 0, saving into `store` whenever its core asks) with a
/// peer holding `full` (peer 1), over an in-memory network, until nothing
/// is left to do; then saves once more.
fn heal(
    store: &mut Store,
    id: &DocumentId,
    doc: AutoCommit,
    full: &AutoCommit,
) -> Result<(), String> {
    let peers = [PeerId::random(), PeerId::random()];
    let members: HashSet<PeerId> = peers.into_iter().collect();
    let mut cores = [
        SyncCore::new(BothPeers(members.clone())),
        SyncCore::new(BothPeers(members)),
    ];
    let mut doc = doc;
    let mut full = full.clone();
    let ours = crate::signing::testing::sign_all(id, &mut doc);
    let theirs = crate::signing::testing::sign_all(id, &mut full);
    cores[0].add_document(id.clone(), doc, ours, Vec::new(), Vec::new());
    cores[1].add_document(id.clone(), full, theirs, Vec::new(), Vec::new());
    cores[0].peer_connected(peers[1]);
    cores[1].peer_connected(peers[0]);
    let mut wire = VecDeque::new();
    let mut open: HashMap<InboundId, usize> = HashMap::new();
    let mut next_inbound: InboundId = 0;
    for _ in 0..10_000 {
        let mut progressed = false;
        for at in 0..2 {
            for effect in cores[at].take_effects() {
                progressed = true;
                match effect {
                    Effect::Send { request, .. } => {
                        next_inbound += 1;
                        open.insert(next_inbound, at);
                        wire.push_back(Wire::Request {
                            to: 1 - at,
                            inbound: next_inbound,
                            request,
                        });
                    }
                    Effect::Respond { inbound, response } => {
                        if let Some(asker) = open.remove(&inbound) {
                            wire.push_back(Wire::Response {
                                to: asker,
                                response,
                            });
                        }
                    }
                    Effect::Close { inbound } => {
                        return Err(format!("peer {at} closed request {inbound}"));
                    }
                    Effect::Save { document } if at == 0 => save(store, &mut cores[0], &document)?,
                    _ => {}
                }
            }
        }
        match wire.pop_front() {
            Some(Wire::Request {
                to,
                inbound,
                request,
            }) => {
                cores[to].handle_request(peers[1 - to], inbound, request);
            }
            Some(Wire::Response { to, response }) => {
                cores[to].handle_response(peers[1 - to], id, response);
            }
            None if !progressed => return save(store, &mut cores[0], id),
            None => {}
        }
    }
    Err("the sync did not settle".into())
}

fn save(store: &mut Store, core: &mut SyncCore<BothPeers>, id: &DocumentId) -> Result<(), String> {
    let doc = core.document_mut(id).ok_or("the core lost the document")?;
    store.save(id, doc).map(drop).map_err(|e| e.to_string())
}

fn trials() -> u64 {
    std::env::var("RONDETAFEL_CORRUPTION_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_TRIALS)
}

#[test]
fn damaged_files_are_reported_set_aside_and_healed_by_sync() {
    let started = Instant::now();
    let fixture = fixture();
    let mut figures = Figures::default();
    for seed in 0..trials() {
        trial(&fixture, seed, &mut figures);
    }
    let f = &figures;
    println!(
        "corruption: {} trials in {:.1?} over {} files ({} truncated, {} with bits flipped; {} hit a snapshot)",
        f.trials,
        started.elapsed(),
        fixture.files.len(),
        f.truncated,
        f.bits_flipped,
        f.snapshots_hit
    );
    println!(
        "corruption: damage detected {}, moved to damaged/ and reported {}, nothing readable {}, healed by sync {}; {} failed checks",
        f.detected,
        f.moved_aside,
        f.nothing_readable,
        f.healed,
        f.failures.len()
    );
    assert!(f.failures.is_empty(), "{:#?}", f.failures);
    assert_eq!(f.detected, f.trials);
    assert_eq!(f.healed, f.trials);
}
