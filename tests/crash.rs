//! Crash test: the real binary is killed with SIGKILL at random moments while
//! it saves edits. Every edit it reported as saved must be there afterwards,
//! and every reload must succeed.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{Device, last_word};

/// Iterations in CI; set RONDETAFEL_CRASH_ITERATIONS for a longer run.
const DEFAULT_ITERATIONS: u64 = 120;

/// A small deterministic generator, seeded per run (the seed is printed).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[test]
fn edits_reported_saved_survive_sigkill() {
    let iterations = std::env::var("RONDETAFEL_CRASH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ITERATIONS);
    let seed = std::env::var("RONDETAFEL_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    println!("crash test: seed {seed}, {iterations} iterations");
    let mut random = SplitMix(seed);

    let device = Device::with_org("Gemeente", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Tafel"]));
    // How long one edit takes here, so kills land before, during and after saving.
    let started = Instant::now();
    device.ok(&["agreement", "add", &alliance, "--title", "calibration"]);
    let edit_time = started.elapsed().as_micros() as u64;

    let mut reported = BTreeSet::from(["calibration".to_owned()]);
    let mut killed_midway = 0;
    for i in 0..iterations {
        let title = format!("edit-{i}");
        let mut child = device
            .command(&["agreement", "add", &alliance, "--title", &title])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let delay = random.next() % (edit_time * 4 + 1);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let mut stdout = String::new();
        if let Some(mut pipe) = child.stdout.take() {
            let _ = pipe.read_to_string(&mut stdout);
        }
        if stdout.contains("Added agreement") {
            reported.insert(title);
        } else if !status.success() {
            killed_midway += 1;
        }
        // Every reload succeeds and holds everything reported so far.
        let list = device.json(&["agreement", "list", &alliance, "--json"]);
        let titles: BTreeSet<String> = list
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|a| a["title"].as_str().map(str::to_owned))
            .collect();
        let lost: Vec<&String> = reported.difference(&titles).collect();
        assert!(lost.is_empty(), "seed {seed}, iteration {i}: lost {lost:?}");
    }
    println!(
        "crash test: {} edits reported saved, {killed_midway} processes killed before reporting, 0 lost",
        reported.len()
    );
    assert!(
        killed_midway > 0,
        "no kill landed mid-edit; the test proved nothing"
    );
}
