//! Disk full: the real binary works on a small tmpfs that the test mounts
//! and then fills. Edits must fail with a clear message about the full disk
//! and a non-zero exit, nothing may be reported saved that is not, and once
//! space is freed every acknowledged edit is there and new edits save.
//!
//! Mounting needs root; without it the test prints why and is skipped.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// Size of the file system the test mounts.
const DISK_SIZE: &str = "2m";
/// Edits attempted while the disk is full.
const ATTEMPTS_WHILE_FULL: usize = 8;
/// Room left free before saving until the disk runs out.
const SLACK: u64 = 64 * 1024;

/// A tmpfs mounted on a temporary directory; unmounted when dropped, also
/// when the test fails.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount() -> Result<SmallDisk, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={DISK_SIZE}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if output.status.success() {
            Ok(SmallDisk { dir })
        } else {
            Err(format!(
                "mounting a tmpfs failed (this needs root): {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(self.dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !unmounted {
            let _ = Command::new("umount")
                .arg("-l")
                .arg(self.dir.path())
                .status();
        }
    }
}

/// Runs the binary against the data directory `data`.
fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(common::binary())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("RONDETAFEL_DATA_DIR")
        .output()
        .expect("run rondetafel")
}

fn ok(data: &Path, args: &[&str]) -> String {
    let output = run(data, args);
    assert!(
        output.status.success(),
        "rondetafel {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The agreement titles of the alliance, and what the listing printed on
/// stderr.
fn titles(data: &Path, alliance: &str) -> (BTreeSet<String>, String) {
    let output = run(data, &["agreement", "list", alliance, "--json"]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "listing failed: {stderr}");
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let titles = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|a| a["title"].as_str().map(str::to_owned))
        .collect();
    (titles, stderr)
}

/// A long agreement text, so each edit needs real space.
fn body(i: usize) -> String {
    format!("Paragraph {i} of the shared agreement on youth care. ").repeat(60)
}

/// Fills the file system holding `path` with a file; returns its size.
fn fill(path: &Path) -> u64 {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("open filler");
    let block = vec![0x5a_u8; 16 * 1024];
    let mut written = 0;
    loop {
        match file.write(&block) {
            Ok(0) => break,
            Ok(n) => written += n as u64,
            Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
            Err(e) => panic!("filling the disk: {e}"),
        }
    }
    let _ = file.sync_all();
    written
}

/// Tries one edit on the full disk; returns whether it was reported saved.
fn attempt(data: &Path, alliance: &str, title: &str, body: &str) -> bool {
    let output = run(
        data,
        &[
            "agreement",
            "add",
            alliance,
            "--title",
            title,
            "--body",
            body,
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        assert!(stdout.contains("Added agreement"), "{stdout}");
        return true;
    }
    assert!(
        !stdout.contains("Added agreement"),
        "a failed edit was reported: {stdout}"
    );
    assert!(
        stderr.contains("disk is full"),
        "the error does not mention the full disk: {stderr}"
    );
    false
}

#[test]
fn a_full_disk_is_reported_and_nothing_unsaved_is_claimed() {
    let disk = match SmallDisk::mount() {
        Ok(disk) => disk,
        Err(reason) => {
            println!("disk full: skipped: {reason}");
            return;
        }
    };
    let started = Instant::now();
    let data: PathBuf = disk.path().join("data");
    ok(&data, &["init", "--org", "Gemeente", "--kind", "gemeente"]);
    let alliance = common::last_word(&ok(&data, &["alliance", "create", "Tafel"]));
    let mut acknowledged = BTreeSet::new();
    for i in 0..5 {
        let title = format!("before-{i}");
        ok(
            &data,
            &[
                "agreement",
                "add",
                &alliance,
                "--title",
                &title,
                "--body",
                &body(i),
            ],
        );
        acknowledged.insert(title);
    }

    // Leave a little room, then save long texts until the disk runs out.
    let filler = disk.path().join("filler");
    let filled = fill(&filler);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .expect("open filler");
    file.set_len(filled - SLACK).expect("free some room");
    drop(file);
    let (mut saved_while_full, mut refused) = (Vec::new(), Vec::new());
    let mut saved_near_full = 0;
    for i in 0..100 {
        let title = format!("near-full-{i}");
        if !attempt(&data, &alliance, &title, &body(i)) {
            refused.push(title);
            break;
        }
        saved_near_full += 1;
        acknowledged.insert(title);
    }
    assert!(!refused.is_empty(), "the room never ran out");
    // Now fill it completely.
    fill(&filler);
    for i in 0..ATTEMPTS_WHILE_FULL {
        let title = format!("while-full-{i}");
        let text = if i % 2 == 0 { body(i) } else { String::new() };
        if attempt(&data, &alliance, &title, &text) {
            saved_while_full.push(title);
        } else {
            refused.push(title);
        }
    }
    let (while_full, _) = titles(&data, &alliance);
    assert!(
        acknowledged.is_subset(&while_full),
        "lost while full: {while_full:?}"
    );

    std::fs::remove_file(&filler).expect("remove filler");
    let (after, warnings) = titles(&data, &alliance);
    acknowledged.extend(saved_while_full.iter().cloned());
    let lost: Vec<&String> = acknowledged.difference(&after).collect();
    let phantoms: Vec<&String> = refused.iter().filter(|t| after.contains(*t)).collect();
    assert!(lost.is_empty(), "acknowledged edits lost: {lost:?}");
    assert!(phantoms.is_empty(), "refused edits appeared: {phantoms:?}");
    assert!(!warnings.contains("damaged"), "load warnings: {warnings}");

    ok(
        &data,
        &[
            "agreement",
            "add",
            &alliance,
            "--title",
            "after-space-freed",
        ],
    );
    let (last, _) = titles(&data, &alliance);
    assert!(last.contains("after-space-freed"), "{last:?}");
    println!(
        "disk full: {DISK_SIZE} tmpfs, filler {} KiB; 5 edits saved before filling, {saved_near_full} long edits saved in the last {} KiB until one was refused; then {} of {ATTEMPTS_WHILE_FULL} edits refused with a full-disk error on the full disk ({} saved); {} acknowledged, 0 lost, 0 refused edits present afterwards; a new edit saved after freeing space; {:.1?}",
        filled / 1024,
        SLACK / 1024,
        refused.len() - 1,
        saved_while_full.len(),
        acknowledged.len(),
        started.elapsed()
    );
    assert!(
        !refused.is_empty(),
        "no edit was refused: the disk never filled"
    );
}
