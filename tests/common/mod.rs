//! Helpers for end-to-end tests that drive the real `rondetafel` binary.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_rondetafel")
}

/// One device: a temporary data directory and commands run against it.
pub struct Device {
    _temp: tempfile::TempDir,
    pub dir: PathBuf,
}

impl Device {
    /// A fresh device with no profile.
    pub fn new() -> Self {
        let temp = tempfile::tempdir().expect("tempdir");
        let dir = temp.path().join("data");
        Device { _temp: temp, dir }
    }

    /// A device set up for `org` of `kind`.
    pub fn with_org(org: &str, kind: &str) -> Self {
        let device = Device::new();
        device.ok(&["init", "--org", org, "--kind", kind]);
        device
    }

    /// A command against this data directory.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(binary());
        command.arg("--data-dir").arg(&self.dir).args(args);
        command.env_remove("RONDETAFEL_DATA_DIR");
        command
    }

    /// Runs a command and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run rondetafel")
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "rondetafel {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    /// Runs a command that must fail; returns its stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            !output.status.success(),
            "rondetafel {args:?} succeeded unexpectedly"
        );
        String::from_utf8(output.stderr).expect("utf-8 stderr")
    }

    /// Runs a command and parses its JSON output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }

    /// The folder of one stored alliance.
    pub fn alliance_dir(&self, id: &str) -> PathBuf {
        self.dir.join("alliances").join(id)
    }
}

/// The last whitespace-separated word of a command's output (the new id).
pub fn last_word(output: &str) -> String {
    output
        .split_whitespace()
        .last()
        .expect("output has a word")
        .to_owned()
}

/// The files in `dir` whose names start with `prefix`, sorted.
pub fn files_starting_with(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    files.sort();
    files
}
