//! Helpers for end-to-end tests that drive the real `rondetafel` binary.

#![allow(dead_code, unreachable_pub, clippy::expect_used, clippy::unwrap_used)]

pub mod partner;

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
        command.env_remove("RONDETAFEL_LOG");
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

    /// A device that claims to be this one: a copy of its data directory
    /// (profile and alliances) with a device key of its own, as someone who
    /// copied the files without the key would have.
    pub fn impostor(&self) -> Device {
        let impostor = Device::new();
        copy_dir(
            &self.dir,
            &impostor.dir,
            &["device.key", "rondetafel.lock", "peers.json"],
        );
        impostor
    }

    /// The same device restored from a backup: a copy of its data
    /// directory, key included. Each run still writes with an actor of
    /// its own, so the copies' edits are concurrent, not conflicting
    /// histories.
    pub fn restored_copy(&self) -> Device {
        let copy = Device::new();
        copy_dir(&self.dir, &copy.dir, &["rondetafel.lock"]);
        copy
    }

    /// The folder of one stored alliance.
    pub fn alliance_dir(&self, id: &str) -> PathBuf {
        self.dir.join("alliances").join(id)
    }
}

/// Copies `from` into `to` recursively, leaving out top-level `skip` names.
fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).expect("create copy");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let target = to.join(&name);
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target, &[]);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
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

/// A running `rondetafel serve` on loopback, stopped with SIGTERM on drop.
pub struct Serve {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<serde_json::Value>,
    /// Everything it wrote to stderr so far (also echoed to the test's).
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    /// The node's peer id.
    pub peer_id: String,
    /// Its first listen address, without the peer id.
    pub address: String,
}

impl Serve {
    /// Starts `serve --json --no-mdns` listening on `listen`, with `extra` args.
    pub fn start(device: &Device, listen: &str, extra: &[&str]) -> Serve {
        let mut args = vec!["serve", "--json", "--no-mdns", "--listen", listen];
        args.extend_from_slice(extra);
        Serve::spawn(device.command(&args))
    }

    /// Starts `serve --json` (mDNS on) inside network namespace `namespace`.
    pub fn start_in_namespace(device: &Device, namespace: &str) -> Serve {
        let mut command = Command::new("ip");
        command
            .args(["netns", "exec", namespace, binary(), "--data-dir"])
            .arg(&device.dir)
            .args(["serve", "--json", "--listen", "/ip4/0.0.0.0/tcp/0"]);
        Serve::spawn(command)
    }

    /// Runs a prepared `serve --json` command and reads its start line.
    pub fn spawn(mut command: Command) -> Serve {
        use std::io::BufRead;
        let mut child = command
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn serve");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let errors = child.stderr.take().expect("stderr");
        let written = stderr.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(errors)
                .lines()
                .map_while(Result::ok)
            {
                eprintln!("{line}");
                if let Ok(mut all) = written.lock() {
                    all.push_str(&line);
                    all.push('\n');
                }
            }
        });
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if let Ok(value) = serde_json::from_str(&line)
                    && tx.send(value).is_err()
                {
                    break;
                }
            }
        });
        let started: serde_json::Value = lines
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("serve prints its start line");
        assert_eq!(started["event"], "started", "{started}");
        Serve {
            child,
            lines,
            stderr,
            peer_id: started["peer_id"].as_str().expect("peer id").to_owned(),
            address: started["listen"][0].as_str().expect("address").to_owned(),
        }
    }

    /// The full dialable address.
    pub fn multiaddr(&self) -> String {
        format!("{}/p2p/{}", self.address, self.peer_id)
    }

    /// Waits up to `secs` for an event matching `wanted`.
    pub fn wait_for(
        &self,
        secs: u64,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> Option<serde_json::Value> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(value) if wanted(&value) => return Some(value),
                Ok(value) => seen.push(value),
                Err(_) => break,
            }
        }
        eprintln!("events seen while waiting: {seen:?}");
        None
    }

    /// Stops it gracefully and waits; returns whether it exited cleanly.
    pub fn stop(mut self) -> bool {
        self.terminate()
    }

    /// Stops it and returns everything it printed from here on, stdout
    /// (one JSON object per line) and all of its stderr.
    pub fn stop_and_collect(mut self) -> String {
        assert!(self.terminate(), "serve exited cleanly");
        let mut all: Vec<String> = self.lines.try_iter().map(|v| v.to_string()).collect();
        // The reader thread may still hold the last lines.
        while let Ok(value) = self
            .lines
            .recv_timeout(std::time::Duration::from_millis(200))
        {
            all.push(value.to_string());
        }
        all.push(self.stderr.lock().map(|s| s.clone()).unwrap_or_default());
        all.join("\n")
    }

    fn terminate(&mut self) -> bool {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        false
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.terminate();
        }
    }
}

/// Every file under `dir` contains no occurrence of `needle`.
pub fn no_file_contains(dir: &Path, needle: &[u8]) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return true;
    };
    entries.filter_map(|e| e.ok()).all(|entry| {
        let path = entry.path();
        if path.is_dir() {
            no_file_contains(&path, needle)
        } else {
            let bytes = std::fs::read(&path).unwrap_or_default();
            !bytes.windows(needle.len()).any(|w| w == needle)
        }
    })
}

/// The date `days` days from today (UTC, as snapshots are dated), as
/// `YYYY-MM-DD`: tests date board decisions relative to today, so that they
/// keep passing as the calendar moves on.
pub fn days_from_today(days: i64) -> String {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .checked_add(jiff::Span::new().days(days))
        .expect("a date in range")
        .to_string()
}

/// The text of each page of `pdf`, or `None` when `pdftotext` (poppler)
/// is not installed.
pub fn pdftotext(pdf: &Path) -> Option<Vec<String>> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8(out.stdout).unwrap();
    Some(
        text.split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// Every entry of a zip file, in order.
pub fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).expect("read zip");
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("zip");
            let name = entry.name().expect("zip").into_owned();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).expect("zip");
            (name, content)
        })
        .collect()
}

/// Writes `entries` as a new zip file at `path` (stored, as a package is).
pub fn rezip(path: &Path, entries: &[(String, Vec<u8>)]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in entries {
        zip.start_file(name.as_str(), options).expect("zip");
        zip.write_all(content).expect("zip");
    }
    std::fs::write(path, zip.finish().expect("zip").into_inner()).expect("zip");
}

/// Makes `joiners` partners of `alliance`, held by `founder`: the founder
/// serves on a loopback address, invites each (the ticket names that
/// address) and each joins. Returns the address, so the founder can serve
/// on it again.
pub fn admit(founder: &Device, alliance: &str, joiners: &[&Device]) -> String {
    let address = {
        let serve = Serve::start(founder, "/ip4/127.0.0.1/tcp/0", &[]);
        let address = serve.address.clone();
        assert!(serve.stop());
        address
    };
    let tickets: Vec<String> = joiners
        .iter()
        .map(|_| last_word(&founder.ok(&["invite", alliance, "--address", &address])))
        .collect();
    let serve = Serve::start(founder, &address, &[]);
    for (joiner, ticket) in joiners.iter().zip(&tickets) {
        joiner.ok(&["join", ticket]);
    }
    assert!(serve.stop());
    address
}
