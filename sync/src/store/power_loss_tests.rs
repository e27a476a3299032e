//! Simulated power loss: the real [`FsBackend`] runs a workload of saves and
//! compactions over a [`SimulatedDisk`] that loses power at every single
//! file-system operation in turn. For each crash point and seed, the disk
//! image a reboot would find is loaded by a fresh store, which must find
//! every save that was acknowledged and report nothing as damaged; for the
//! first seed of each crash point it must also carry on saving and
//! compacting, leaving one snapshot behind.
//!
//! `RONDETAFEL_POWER_LOSS_SEEDS` sets the number of seeds per crash point;
//! run with `--nocapture` to see the figures.

use std::collections::BTreeMap;
use std::time::Instant;

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ChangeHash, ROOT};

use super::simulated::{CrashFates, SimulatedDisk, SplitMix};
use super::*;

/// Where the documents live on the simulated disk.
const ROOT_DIR: &str = "/data/alliances";
/// Saves of the first document in a default workload
/// (`RONDETAFEL_POWER_LOSS_SAVES` sets another number).
const DEFAULT_SAVES: usize = 30;
/// Seeds per crash point in a default run.
const DEFAULT_SEEDS: u64 = 8;

/// Compacts after every few saves, so that the first snapshot, compactions
/// and the removal of old files are all interrupted many times.
fn policy() -> CompactionPolicy {
    CompactionPolicy {
        max_chunks: 3,
        max_chunk_bytes: 300,
    }
}

fn doc_id(name: &str) -> DocumentId {
    name.parse().expect("valid id")
}

/// What the workload was told before the power went.
#[derive(Debug, Default)]
struct Acknowledged {
    /// Per document, the heads of its last acknowledged save.
    heads: BTreeMap<DocumentId, Vec<ChangeHash>>,
    /// Saves that returned `Ok`.
    saves: usize,
    /// The save that failed when the power went: its document and heads.
    failed: Option<(DocumentId, Vec<ChangeHash>)>,
}

/// A deterministic edit: a few values, now and then a paragraph (so that
/// chunks sometimes exceed the byte limit).
fn edit(doc: &mut AutoCommit, step: usize) {
    let words = if step % 5 == 4 {
        "a longer paragraph about the agreement. ".repeat(4)
    } else {
        format!("step {step}")
    };
    doc.put(ROOT, format!("note{}", step % 5), words)
        .expect("put");
    doc.put(ROOT, format!("k{}", step % 7), step as i64)
        .expect("put");
    doc.commit_with(CommitOptions::default().with_time(step as i64));
}

fn new_document(actor: u8) -> AutoCommit {
    AutoCommit::new().with_actor(ActorId::from([actor; 16]))
}

/// Runs the workload on a fresh simulated disk that loses power at
/// operation `crash_at` (never, if `None`). Returns the disk as it was when
/// the power went, and what was acknowledged.
fn run_workload(crash_at: Option<u64>) -> (SimulatedDisk, Acknowledged) {
    let mut disk = SimulatedDisk::new();
    if let Some(at) = crash_at {
        disk.crash_at(at);
    }
    let backend = FsBackend::with_file_system(ROOT_DIR, disk);
    let mut store = DocumentStore::with_policy(backend, policy());
    let mut documents = [
        (doc_id("alpha"), new_document(1)),
        (doc_id("beta"), new_document(2)),
    ];
    let mut acknowledged = Acknowledged::default();
    'steps: for step in 0..env_number("RONDETAFEL_POWER_LOSS_SAVES", DEFAULT_SAVES) {
        for (index, (id, doc)) in documents.iter_mut().enumerate() {
            if index == 1 && step % 3 != 0 {
                continue;
            }
            edit(doc, step);
            match store.save(id, doc) {
                Ok(_) => {
                    acknowledged.heads.insert(id.clone(), doc.get_heads());
                    acknowledged.saves += 1;
                }
                Err(error) => {
                    let disk = store.backend().file_system();
                    assert!(disk.powered_off(), "save failed with power on: {error}");
                    acknowledged.failed = Some((id.clone(), doc.get_heads()));
                    break 'steps;
                }
            }
        }
    }
    (store.into_backend().into_file_system(), acknowledged)
}

/// The figures of the whole run.
#[derive(Debug, Default)]
struct Figures {
    images: u64,
    acknowledged_saves: usize,
    /// Documents whose acknowledged saves were missing after a crash.
    lost: u64,
    /// Documents that saved, compacted and reloaded after recovery.
    recoveries: u64,
    unacknowledged_survived: u64,
    unacknowledged_lost: u64,
    fates: CrashFates,
    failures: Vec<String>,
}

impl Figures {
    fn add_fates(&mut self, fates: CrashFates) {
        self.fates.applied += fates.applied;
        self.fates.dropped += fates.dropped;
        self.fates.garbled += fates.garbled;
        self.fates.dir_ops_kept += fates.dir_ops_kept;
        self.fates.dir_ops_lost += fates.dir_ops_lost;
    }

    fn fail(&mut self, message: String) {
        if self.failures.len() < 20 {
            self.failures.push(message);
        }
    }
}

/// Whether every change in `heads` is in `doc`.
fn holds(doc: &mut AutoCommit, heads: &[ChangeHash]) -> bool {
    heads
        .iter()
        .all(|hash| doc.get_change_by_hash(hash).is_some())
}

/// Loads a post-crash image and checks it; records what it found.
fn check_image(
    image: SimulatedDisk,
    acknowledged: &Acknowledged,
    recover: bool,
    context: &str,
    figures: &mut Figures,
) {
    let backend = FsBackend::with_file_system(ROOT_DIR, image);
    let mut store = DocumentStore::with_policy(backend, policy());
    let stored = store.stored_document_ids().expect("list documents");
    for id in acknowledged.heads.keys() {
        if !stored.contains(id) {
            figures.lost += 1;
            figures.fail(format!("{context}: {id} was saved but is gone"));
        }
    }
    for id in stored {
        let mut loaded = match store.load(&id) {
            Ok(loaded) => loaded,
            Err(error) => {
                figures.fail(format!("{context}: {id} does not load: {error}"));
                continue;
            }
        };
        if !loaded.problems.is_empty() {
            figures.fail(format!("{context}: {id}: {:?}", loaded.problems));
        }
        if let Some(heads) = acknowledged.heads.get(&id)
            && !holds(&mut loaded.document, heads)
        {
            figures.lost += 1;
            figures.fail(format!("{context}: {id} lost an acknowledged save"));
        }
        if let Some((failed, heads)) = &acknowledged.failed
            && *failed == id
        {
            if holds(&mut loaded.document, heads) {
                figures.unacknowledged_survived += 1;
            } else {
                figures.unacknowledged_lost += 1;
            }
        }
        if !recover {
            continue;
        }
        figures.recoveries += 1;
        if let Err(message) = keep_working(&mut store, &id, loaded.document) {
            figures.fail(format!("{context}: {id}: {message}"));
        }
    }
}

/// After recovery the store must save and compact as usual, leave exactly
/// one snapshot behind, and reload what it saved.
fn keep_working(
    store: &mut DocumentStore<FsBackend<SimulatedDisk>>,
    id: &DocumentId,
    mut doc: AutoCommit,
) -> Result<(), String> {
    edit(&mut doc, 1000);
    store.save(id, &mut doc).map_err(|e| e.to_string())?;
    store.compact(id, &mut doc).map_err(|e| e.to_string())?;
    let files = store
        .backend()
        .list_files(id.as_str())
        .map_err(|e| e.to_string())?;
    if files.len() != 1 || !files[0].starts_with("snapshot-") {
        return Err(format!("after a compaction the folder holds {files:?}"));
    }
    let mut again = DocumentStore::new(store.backend().clone());
    let mut reloaded = again.load(id).map_err(|e| e.to_string())?;
    if reloaded.document.get_heads() != doc.get_heads() || !reloaded.problems.is_empty() {
        return Err("what was saved after recovery did not reload".into());
    }
    Ok(())
}

/// A number from the environment, or `default`.
fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn power_loss_at_every_operation_never_loses_an_acknowledged_save() {
    let seeds: u64 = env_number("RONDETAFEL_POWER_LOSS_SEEDS", DEFAULT_SEEDS);
    let started = Instant::now();
    let (complete, all) = run_workload(None);
    let operations = complete.operations();
    let mut figures = Figures::default();
    // Crash point `operations` is a power loss after the last save returned.
    for crash_at in 0..=operations {
        let (disk, acknowledged) = run_workload(Some(crash_at));
        for seed in 0..seeds {
            let mut random = SplitMix::new(seed.wrapping_mul(0x1_0000_0001) ^ crash_at);
            let (image, fates) = disk.after_power_loss(&mut random);
            let context = format!("crash at operation {crash_at}, seed {seed}");
            check_image(image, &acknowledged, seed == 0, &context, &mut figures);
            figures.add_fates(fates);
            figures.images += 1;
            figures.acknowledged_saves += acknowledged.saves;
        }
    }
    let f = &figures;
    println!(
        "power loss: {} saves ({} file-system operations) in the workload; {} crash points x {seeds} seeds = {} images loaded in {:.1?}",
        all.saves,
        operations,
        operations + 1,
        f.images,
        started.elapsed()
    );
    println!(
        "power loss: {} acknowledged saves checked, {} lost, {} failed checks; {} recovered documents saved, compacted and reloaded; the save under way when the power went survived {} times and was lost {} times",
        f.acknowledged_saves,
        f.lost,
        f.failures.len(),
        f.recoveries,
        f.unacknowledged_survived,
        f.unacknowledged_lost
    );
    println!(
        "power loss: unsynced writes applied {}, dropped {}, garbled {}; unsynced directory changes kept {}, lost {}",
        f.fates.applied,
        f.fates.dropped,
        f.fates.garbled,
        f.fates.dir_ops_kept,
        f.fates.dir_ops_lost
    );
    assert!(f.failures.is_empty(), "{:#?}", f.failures);
}
