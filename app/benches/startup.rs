//! `cargo bench --bench startup`: how soon Rondetafel answers with 20
//! alliances of 10,000 changes each in its data directory — the time from
//! start to the first frame of the window and to the frame that lists the
//! alliances (in process, headless: laying out and tessellating, not
//! painting on the GPU), and to the first answer of `alliance list` (the
//! real binary, as a process). Prints JSON lines, then a table. Set
//! `RONDETAFEL_BENCH_ALLIANCES` and `RONDETAFEL_BENCH_CHANGES` for other
//! sizes, and `RONDETAFEL_BENCH_DIR` to build the data directory there and
//! keep it (for profiling `rondetafel --data-dir DIR alliance list`).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod workload;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use rondetafel::gui::{Backend, BackendConfig, Preferences, RondetafelApp, Section};
use rondetafel::local::Workspace;
use rondetafel::model::PartnerKind;
use rondetafel::network::NetworkOptions;
use rondetafel_sync::{DocumentId, DocumentStore, FsBackend};
use serde_json::json;

const RUNS: usize = 3;

fn size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let alliances = size("RONDETAFEL_BENCH_ALLIANCES", 20);
    let changes = size("RONDETAFEL_BENCH_CHANGES", 10_000);
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = std::env::var_os("RONDETAFEL_BENCH_DIR")
        .map_or_else(|| temp.path().join("data"), std::path::PathBuf::from);
    let ids = fill(&dir, alliances, changes);

    let mut list = Vec::new();
    let mut first_frame = Vec::new();
    let mut listed = Vec::new();
    for _ in 0..RUNS {
        list.push(alliance_list(&dir, alliances));
        let (first, ready) = window(&dir, &ids[0]);
        first_frame.push(first);
        listed.push(ready);
    }
    let rows = [
        ("alliance_list", median(&mut list)),
        ("window_first_frame", median(&mut first_frame)),
        ("window_alliances_listed", median(&mut listed)),
    ];
    for (bench, ms) in rows {
        println!(
            "{}",
            json!({"bench": bench, "alliances": alliances, "changes_each": changes, "median_ms": round(ms), "runs": RUNS})
        );
    }
    println!();
    println!(
        "{:<26} {:>10} {:>10} {:>12}",
        "bench", "alliances", "changes", "median"
    );
    for (bench, ms) in rows {
        println!("{bench:<26} {alliances:>10} {changes:>10} {:>9.1} ms", ms);
    }
}

/// A data directory set up for an organisation, holding `count` alliances
/// of `changes` changes each (made by the workload's two partners);
/// returns their ids.
fn fill(dir: &Path, count: usize, changes: usize) -> Vec<String> {
    let mut workspace = Workspace::open(dir).expect("workspace");
    workspace
        .init_profile("Gemeente Benchmark", PartnerKind::Gemeente, Vec::new())
        .expect("profile");
    drop(workspace);
    let mut store = DocumentStore::new(FsBackend::new(dir.join("alliances")));
    let started = Instant::now();
    let ids = (0..count)
        .map(|_| {
            let (mut alliance, mut editor) = workload::second_partner_editing(20, 2000);
            let made = alliance.history().len();
            for i in 0..changes.saturating_sub(made) {
                editor.edit(&mut alliance, i);
            }
            let id: DocumentId = alliance.id().parse().expect("id");
            store.save(&id, alliance.document_mut()).expect("save");
            alliance.id().to_owned()
        })
        .collect();
    eprintln!(
        "made {count} alliances of {changes} changes in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    ids
}

/// Runs `rondetafel alliance list` and times it until it answered.
fn alliance_list(dir: &Path, count: usize) -> f64 {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_rondetafel"))
        .arg("--data-dir")
        .arg(dir)
        .args(["alliance", "list"])
        .output()
        .expect("alliance list");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(output.status.success(), "{output:?}");
    let lines = String::from_utf8_lossy(&output.stdout).lines().count();
    assert!(lines >= count, "{lines} lines for {count} alliances");
    ms
}

/// Starts the window's background service and the window over `dir`;
/// returns the time to its first frame and to the frame where alliance
/// `id` can be opened.
fn window(dir: &Path, id: &str) -> (f64, f64) {
    let started = Instant::now();
    let config = BackendConfig {
        data_dir: dir.to_owned(),
        network: NetworkOptions {
            listen: Vec::new(),
            peers: Vec::new(),
            mdns: false,
            ..NetworkOptions::default()
        },
    };
    let backend = Backend::start(config, Arc::new(|| {}));
    let mut app = RondetafelApp::new(backend, Preferences::default());
    let ctx = egui::Context::default();
    frame(&ctx, &mut app);
    let first = started.elapsed().as_secs_f64() * 1000.0;
    loop {
        frame(&ctx, &mut app);
        if app.open(id, Section::Overview) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let ready = started.elapsed().as_secs_f64() * 1000.0;
    drop(app);
    (first, ready)
}

fn frame(ctx: &egui::Context, app: &mut RondetafelApp) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| app.show(ui));
    std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn round(ms: f64) -> f64 {
    (ms * 10.0).round() / 10.0
}
