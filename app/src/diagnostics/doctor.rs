//! `rondetafel doctor`: whether this device can work, one check at a time —
//! the data directory (writable, free space, a durable write), the lock,
//! the device key, the organisation, the alliances, a network interface for
//! finding partners on the local network, the ports, whether known
//! partners answer, and the clock. It reads the data directory without
//! taking its lock, so it also runs beside the window or `serve`. The
//! network checks are in `network.rs`; what each finding means and what to
//! do about it is in `doctor_words.rs`.

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use super::network::{clock, multicast, peers, ports};

use serde::Serialize;

use crate::local::{DataDirLock, DeviceIdentity, IdentityError, LockError};
use crate::network::PeerBook;

/// What a finding says about its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// All is well.
    Ok,
    /// It works, but something needs attention.
    Warning,
    /// It does not work.
    Failed,
    /// Not checked (nothing to check, or not on this platform).
    Skipped,
}

/// One check's result, with the facts behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Finding {
    /// The data directory exists and takes a durable write.
    DataDir {
        /// The directory.
        path: String,
        /// Why a write failed, if one did.
        error: Option<String>,
    },
    /// The free space on the data directory's disk.
    FreeSpace {
        /// Free bytes, when the platform tells.
        free_bytes: Option<u64>,
    },
    /// Who holds the data directory's lock.
    Lock {
        /// The process that holds it, when another one does.
        holder: Option<u32>,
        /// Whether the holder is this process (the window asking).
        this_process: bool,
        /// Why the lock could not be checked, if so.
        error: Option<String>,
    },
    /// The device key.
    DeviceKey {
        /// This device's peer id, when the key is there.
        peer_id: Option<String>,
        /// Whether others than the owner can read the key file (Unix).
        readable_by_others: bool,
        /// Why the key cannot be used, if so.
        error: Option<String>,
        /// Whether there is no key yet.
        missing: bool,
    },
    /// The organisation this device acts for.
    Organisation {
        /// Its name, when set up.
        name: Option<String>,
    },
    /// The alliances load.
    Alliances {
        /// How many load.
        loaded: usize,
        /// How many changes they hold together.
        changes: usize,
        /// Per alliance that does not load or loaded with repairs: id and
        /// what was wrong.
        damaged: Vec<(String, String)>,
    },
    /// A network interface that can find partners on the local network.
    Multicast {
        /// The usable interfaces.
        interfaces: Vec<String>,
        /// Whether the platform says which interfaces do multicast.
        known: bool,
    },
    /// The listen ports can be bound.
    Ports {
        /// Why binding failed, if it did.
        error: Option<String>,
        /// The addresses a running node listens on.
        running: Vec<String>,
    },
    /// Whether the partners' addresses this device dialled before answer.
    Peers {
        /// The addresses tried.
        tried: Vec<String>,
        /// Those that answered.
        answered: Vec<String>,
    },
    /// The clock, against the newest change in the alliances.
    Clock {
        /// Now, by this device's clock (RFC 3339).
        now: String,
        /// The newest change's time (RFC 3339), when later than now.
        ahead_of_clock: Option<String>,
    },
}

/// A finding with its status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checked {
    /// What was found.
    #[serde(flatten)]
    pub finding: Finding,
    /// What it means.
    pub status: Status,
}

/// What `doctor` tries beyond the data directory.
#[derive(Debug, Clone, Default)]
pub struct DoctorOptions {
    /// More peer addresses to try (`--peer`).
    pub peers: Vec<String>,
    /// How long to wait for each peer.
    pub peer_timeout: Duration,
}

/// Free space below this is a warning.
const LOW_SPACE: u64 = 500 << 20;
/// Free space below this fails: a save may not fit.
const NO_SPACE: u64 = 50 << 20;

/// Runs every check on data directory `dir`.
pub fn run(dir: &Path, options: &DoctorOptions) -> Vec<Checked> {
    let book = PeerBook::load(dir);
    let (alliances, newest) = alliances(dir);
    let lock = lock(dir);
    let held = matches!(
        lock,
        Finding::Lock {
            holder: Some(_),
            ..
        }
    );
    let findings = vec![
        data_dir(dir),
        free_space(dir),
        lock,
        device_key(dir),
        organisation(dir),
        alliances,
        multicast(),
        ports(&book, held),
        peers(&book, options),
        clock(newest),
    ];
    findings
        .into_iter()
        .map(|finding| Checked {
            status: finding.status(),
            finding,
        })
        .collect()
}

impl Finding {
    /// Whether the finding is good, worrying or bad.
    pub fn status(&self) -> Status {
        match self {
            Finding::DataDir { error, .. } => fails_on(error),
            Finding::FreeSpace { free_bytes: None } => Status::Skipped,
            Finding::FreeSpace {
                free_bytes: Some(free),
            } => match *free {
                f if f < NO_SPACE => Status::Failed,
                f if f < LOW_SPACE => Status::Warning,
                _ => Status::Ok,
            },
            Finding::Lock { error, .. } => fails_on(error),
            Finding::DeviceKey { missing: true, .. } => Status::Warning,
            Finding::DeviceKey { error: Some(_), .. } => Status::Failed,
            Finding::DeviceKey {
                readable_by_others: true,
                ..
            } => Status::Warning,
            Finding::DeviceKey { .. } => Status::Ok,
            Finding::Organisation { name } => {
                if name.is_some() {
                    Status::Ok
                } else {
                    Status::Warning
                }
            }
            Finding::Alliances { damaged, .. } if !damaged.is_empty() => Status::Failed,
            Finding::Alliances { .. } => Status::Ok,
            Finding::Multicast { interfaces, .. } if interfaces.is_empty() => Status::Warning,
            Finding::Multicast { .. } => Status::Ok,
            Finding::Ports { error, .. } => fails_on(error),
            Finding::Peers { tried, .. } if tried.is_empty() => Status::Skipped,
            Finding::Peers { answered, .. } if answered.is_empty() => Status::Warning,
            Finding::Peers { .. } => Status::Ok,
            Finding::Clock { ahead_of_clock, .. } => {
                if ahead_of_clock.is_some() {
                    Status::Warning
                } else {
                    Status::Ok
                }
            }
        }
    }
}

fn fails_on(error: &Option<String>) -> Status {
    if error.is_some() {
        Status::Failed
    } else {
        Status::Ok
    }
}

/// The directory exists, and a file written there and synced reads back.
fn data_dir(dir: &Path) -> Finding {
    let probe = dir.join(format!(".doctor-{}", std::process::id()));
    let attempt = || -> std::io::Result<()> {
        let content = b"rondetafel doctor: a durable write";
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .open(&probe)?;
        file.write_all(content)?;
        file.sync_all()?;
        let mut back = Vec::new();
        fs::File::open(&probe)?.read_to_end(&mut back)?;
        if back != content {
            return Err(std::io::Error::other("what was written did not read back"));
        }
        Ok(())
    };
    let error = if dir.is_dir() {
        let result = attempt();
        let _ = fs::remove_file(&probe);
        result.err().map(|e| rondetafel_sync::describe_io(&e))
    } else {
        Some("it does not exist".to_owned())
    };
    Finding::DataDir {
        path: dir.display().to_string(),
        error,
    }
}

#[cfg(unix)]
fn free_space(dir: &Path) -> Finding {
    let free_bytes = rustix::fs::statvfs(dir)
        .ok()
        .map(|s| s.f_bavail.saturating_mul(s.f_frsize));
    Finding::FreeSpace { free_bytes }
}

#[cfg(not(unix))]
fn free_space(_dir: &Path) -> Finding {
    Finding::FreeSpace { free_bytes: None }
}

fn lock(dir: &Path) -> Finding {
    let (holder, error) = match DataDirLock::acquire(dir) {
        Ok(_released_at_once) => (None, None),
        Err(LockError::InUse { holder, .. }) => (holder, None),
        Err(other) => (None, Some(other.to_string())),
    };
    Finding::Lock {
        this_process: holder == Some(std::process::id()),
        holder,
        error,
    }
}

fn device_key(dir: &Path) -> Finding {
    let path = dir.join(crate::local::KEY_FILE);
    let readable_by_others = readable_by_others(&path);
    match DeviceIdentity::read(dir) {
        Ok(identity) => Finding::DeviceKey {
            peer_id: Some(identity.peer_id().to_string()),
            readable_by_others,
            error: None,
            missing: false,
        },
        Err(IdentityError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Finding::DeviceKey {
                peer_id: None,
                readable_by_others: false,
                error: None,
                missing: true,
            }
        }
        Err(error) => Finding::DeviceKey {
            peer_id: None,
            readable_by_others,
            error: Some(error.to_string()),
            missing: false,
        },
    }
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

fn organisation(dir: &Path) -> Finding {
    Finding::Organisation {
        name: crate::local::profile::read(dir)
            .ok()
            .flatten()
            .map(|p| p.organisation),
    }
}

/// Loads every alliance read-only; also returns the newest change's time
/// (seconds since 1970).
fn alliances(dir: &Path) -> (Finding, Option<i64>) {
    use rondetafel_sync::{DocumentStore, FsBackend};
    let mut store = DocumentStore::new(FsBackend::new(dir.join(crate::local::ALLIANCES_DIR)));
    let ids = store.stored_document_ids().unwrap_or_default();
    let (mut loaded, mut changes, mut damaged, mut newest) = (0, 0, Vec::new(), None::<i64>);
    for id in ids {
        match store.load_read_only(&id) {
            Ok(mut document) => {
                loaded += 1;
                let all = document.document.get_changes(&[]);
                changes += all.len();
                newest = all.iter().map(|c| c.timestamp()).max().max(newest);
                if let Some(problem) = document.problems.first() {
                    damaged.push((id.to_string(), problem.to_string()));
                }
            }
            Err(error) => damaged.push((id.to_string(), error.to_string())),
        }
    }
    (
        Finding::Alliances {
            loaded,
            changes,
            damaged,
        },
        newest,
    )
}

#[cfg(test)]
mod tests {
    use super::super::network::{clock, socket_address};
    use super::*;

    #[test]
    fn a_fresh_directory_warns_about_setup_and_passes_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        let checks = run(dir.path(), &DoctorOptions::default());
        let status = |name: &str| {
            checks
                .iter()
                .find(|c| {
                    serde_json::to_value(c)
                        .ok()
                        .is_some_and(|v| v["check"] == name)
                })
                .map(|c| c.status)
        };
        assert_eq!(status("data_dir"), Some(Status::Ok));
        assert_eq!(status("lock"), Some(Status::Ok));
        assert_eq!(
            status("device_key"),
            Some(Status::Warning),
            "not set up yet"
        );
        assert_eq!(status("organisation"), Some(Status::Warning));
        assert_eq!(status("alliances"), Some(Status::Ok));
        assert_eq!(status("peers"), Some(Status::Skipped), "no address known");
        assert_eq!(status("clock"), Some(Status::Ok));
    }

    #[test]
    fn a_missing_directory_fails_and_addresses_are_read_as_people_give_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("nowhere");
        assert_eq!(data_dir(&missing).status(), Status::Failed);
        assert!(socket_address("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW").is_some());
        assert!(socket_address("/ip4/127.0.0.1/udp/4001/quic-v1").is_none());
        assert_eq!(
            FreeSpace(10 << 20).status(),
            Status::Failed,
            "ten megabytes is too little"
        );
        let ahead = clock(Some(jiff::Timestamp::now().as_second() + 86_400));
        assert_eq!(ahead.status(), Status::Warning);
    }

    #[allow(non_snake_case)]
    fn FreeSpace(bytes: u64) -> Finding {
        Finding::FreeSpace {
            free_bytes: Some(bytes),
        }
    }
}
