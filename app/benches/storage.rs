//! `cargo bench --bench storage`: load and save of an alliance with 10,000
//! and 100,000 changes through Rondetafel's storage, beside plain Automerge
//! `load`/`save` of the same document writing the same bytes to the same
//! disk (with fsync, as a durable save needs). Prints one JSON object per
//! line, then a table for people. Set `RONDETAFEL_BENCH_SIZES=1000,5000` to
//! choose other sizes.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod workload;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use automerge::AutoCommit;
use rondetafel_sync::{DocumentId, DocumentStore, FsBackend};
use serde_json::json;

const RUNS: usize = 5;

fn main() {
    let sizes: Vec<usize> = std::env::var("RONDETAFEL_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let mut rows = Vec::new();
    for changes in sizes {
        rows.extend(bench_size(changes));
    }
    println!();
    println!(
        "{:<18} {:>9} {:>12} {:>14} {:>7}",
        "bench", "changes", "ours", "automerge", "ratio"
    );
    for row in &rows {
        println!(
            "{:<18} {:>9} {:>12} {:>14} {:>7.2}",
            row.bench, row.changes, row.ours, row.baseline, row.ratio
        );
    }
}

struct Row {
    bench: &'static str,
    changes: usize,
    ours: String,
    baseline: String,
    ratio: f64,
}

fn bench_size(changes: usize) -> Vec<Row> {
    let started = Instant::now();
    let mut doc = build_document(changes);
    eprintln!(
        "built an alliance with {changes} changes in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let temp = tempfile::tempdir().expect("tempdir");
    let id: DocumentId = "bench".parse().expect("id");

    // Save: a full, compacted save to disk.
    let mut ours_save = Vec::new();
    let mut plain_save = Vec::new();
    let mut ours_bytes = 0;
    let mut plain_bytes = 0;
    for run in 0..RUNS {
        let dir = temp.path().join(format!("ours-{run}"));
        let mut store = DocumentStore::new(FsBackend::new(&dir));
        let t = Instant::now();
        store.save(&id, &mut doc).expect("save");
        ours_save.push(ms(t));
        ours_bytes = dir_size(&dir.join("bench"));

        let file = temp.path().join(format!("plain-{run}.automerge"));
        let t = Instant::now();
        let bytes = doc.save();
        write_durably(&file, &bytes);
        plain_save.push(ms(t));
        plain_bytes = bytes.len() as u64;
    }

    // Load: read the files back and rebuild the document.
    let mut ours_load = Vec::new();
    let mut plain_load = Vec::new();
    for run in 0..RUNS {
        let dir = temp.path().join(format!("ours-{run}"));
        let t = Instant::now();
        let loaded = DocumentStore::new(FsBackend::new(&dir))
            .load(&id)
            .expect("load");
        ours_load.push(ms(t));
        assert!(loaded.problems.is_empty());

        let file = temp.path().join(format!("plain-{run}.automerge"));
        let t = Instant::now();
        let bytes = fs::read(&file).expect("read");
        let _doc = AutoCommit::load(&bytes).expect("load");
        plain_load.push(ms(t));
    }

    // Incremental save of one more change: our chunk vs. save_incremental.
    let mut ours_incr = Vec::new();
    let mut plain_incr = Vec::new();
    let dir = temp.path().join("incremental");
    let mut store = DocumentStore::new(FsBackend::new(&dir));
    store.save(&id, &mut doc).expect("initial save");
    let mut plain = doc.fork();
    plain.save_incremental();
    let (_, ids) = (0, list_agreements(&mut doc));
    for run in 0..RUNS {
        touch(&mut doc, &ids, run);
        let t = Instant::now();
        store.save(&id, &mut doc).expect("save");
        ours_incr.push(ms(t));

        touch_plain(&mut plain, run);
        let t = Instant::now();
        let bytes = plain.save_incremental();
        write_durably(&temp.path().join(format!("plain-incr-{run}")), &bytes);
        plain_incr.push(ms(t));
    }

    let mut rows = Vec::new();
    for (bench, ours, baseline) in [
        ("save", median(&mut ours_save), median(&mut plain_save)),
        ("load", median(&mut ours_load), median(&mut plain_load)),
        (
            "save_incremental",
            median(&mut ours_incr),
            median(&mut plain_incr),
        ),
    ] {
        let ratio = ours / baseline;
        println!(
            "{}",
            json!({"bench": bench, "changes": changes, "ours_ms": round(ours), "automerge_ms": round(baseline), "ratio": round(ratio)})
        );
        rows.push(Row {
            bench,
            changes,
            ours: format!("{ours:.2} ms"),
            baseline: format!("{baseline:.2} ms"),
            ratio,
        });
    }
    let ratio = ours_bytes as f64 / plain_bytes as f64;
    println!(
        "{}",
        json!({"bench": "size", "changes": changes, "ours_bytes": ours_bytes, "automerge_bytes": plain_bytes, "ratio": round(ratio)})
    );
    rows.push(Row {
        bench: "size_on_disk",
        changes,
        ours: format!("{ours_bytes} B"),
        baseline: format!("{plain_bytes} B"),
        ratio,
    });
    rows
}

/// An alliance with `changes` changes from the shared-agreements workload.
fn build_document(changes: usize) -> AutoCommit {
    let (mut alliance, mut editor) = workload::second_partner_editing(20, 2000);
    let made = alliance.history().len();
    for i in 0..changes.saturating_sub(made) {
        editor.edit(&mut alliance, i);
    }
    alliance.document_mut().fork()
}

fn list_agreements(doc: &mut AutoCommit) -> Vec<String> {
    let alliance =
        rondetafel::model::Alliance::from_document(doc.fork(), automerge::ActorId::random())
            .expect("alliance");
    let mut alliance = alliance;
    alliance
        .view()
        .agreements
        .into_iter()
        .map(|a| a.id)
        .collect()
}

fn touch(doc: &mut AutoCommit, ids: &[String], run: usize) {
    use automerge::transaction::Transactable;
    let agreements = match automerge::ReadDoc::get(doc, automerge::ROOT, "agreements") {
        Ok(Some((_, obj))) => obj,
        _ => panic!("no agreements"),
    };
    let agreement = match automerge::ReadDoc::get(doc, &agreements, ids[run % ids.len()].as_str()) {
        Ok(Some((_, obj))) => obj,
        _ => panic!("no agreement"),
    };
    doc.put(&agreement, "status", "proposed").expect("put");
    doc.commit();
}

fn touch_plain(doc: &mut AutoCommit, run: usize) {
    use automerge::transaction::Transactable;
    doc.put(automerge::ROOT, "bench", run as i64).expect("put");
    doc.commit();
}

fn write_durably(path: &Path, bytes: &[u8]) {
    let mut file = fs::File::create(path).expect("create");
    file.write_all(bytes).expect("write");
    file.sync_all().expect("sync");
    if let Some(dir) = path.parent() {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .expect("sync dir");
    }
}

fn dir_size(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
