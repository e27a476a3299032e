//! The log: `tracing` events written to `logs/rondetafel.log` in the data
//! directory, rotated at 1 MiB with three older files kept (`.1` is the
//! newest of those). Info by default; more with `RONDETAFEL_LOG` or
//! `--log-level`: a level (`debug`) or targets (`rondetafel=debug,libp2p=info`).
//! At info the events carry ids, counts, peers and timings, never what
//! partners wrote.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The environment variable that sets what is logged.
pub const LOG_ENV: &str = "RONDETAFEL_LOG";
/// The folder of the log files inside the data directory.
pub const LOG_DIR: &str = "logs";
/// The current log file's name.
pub const LOG_FILE: &str = "rondetafel.log";
/// The size at which the log file is rotated.
pub const MAX_LOG_BYTES: u64 = 1 << 20;
/// How many rotated files are kept besides the current one.
pub const KEPT_LOGS: usize = 3;

/// The log file of data directory `dir`.
pub fn log_path(dir: &Path) -> PathBuf {
    dir.join(LOG_DIR).join(LOG_FILE)
}

/// Why logging could not start.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// The level or targets could not be read.
    #[error(
        "{0:?} is not a log level; write error, warn, info, debug or trace, or targets such as rondetafel=debug,libp2p=info"
    )]
    BadLevel(String),
}

/// Starts writing the log of data directory `dir` with `level` (or, when
/// `None`, `RONDETAFEL_LOG`, or info). A directory where no log can be
/// written (read-only, full) runs without one: the program's work never
/// depends on its log.
pub fn start(dir: &Path, level: Option<&str>) -> Result<(), LogError> {
    let from_env = std::env::var(LOG_ENV).ok();
    let spec = level
        .map(str::to_owned)
        .or(from_env)
        .unwrap_or_else(|| "info".to_owned());
    let targets = parse_targets(&spec).ok_or_else(|| LogError::BadLevel(spec.clone()))?;
    // No log creates a data directory: `doctor` reports a missing one.
    if !dir.is_dir() {
        return Ok(());
    }
    let Ok(file) = RotatingFile::open(&log_path(dir)) else {
        return Ok(());
    };
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .with_filter(targets);
    // A second start in one process (tests) keeps the first.
    let _ = tracing_subscriber::registry().with(layer).try_init();
    Ok(())
}

/// Logs what a node event says, with ids, counts and addresses only.
pub fn node_event(event: &rondetafel_sync::NodeEvent) {
    use rondetafel_sync::{NodeEvent, SyncEvent};
    match event {
        NodeEvent::Listening { address } => tracing::info!(%address, "listening"),
        NodeEvent::PeerConnected {
            peer,
            address,
            dialed,
        } => tracing::info!(%peer, %address, dialed, "peer connected"),
        NodeEvent::Discovered { peer } => tracing::info!(%peer, "found on the local network"),
        NodeEvent::PeerDisconnected { peer } => tracing::info!(%peer, "peer disconnected"),
        NodeEvent::Sync(SyncEvent::Synced {
            document,
            peer,
            heads,
            received,
            applied,
        }) => tracing::info!(
            alliance = %document,
            %peer,
            heads = heads.len(),
            received,
            applied,
            "in sync"
        ),
        NodeEvent::Sync(SyncEvent::Changed {
            document,
            from,
            heads,
            changes,
        }) => {
            tracing::info!(alliance = %document, peer = %from, heads = heads.len(), changes, "changes received");
        }
        NodeEvent::Sync(SyncEvent::ChangesRefused {
            document,
            peer,
            count,
            ..
        }) => tracing::warn!(alliance = %document, %peer, count, "changes refused"),
        NodeEvent::Sync(SyncEvent::Unavailable { document, peer }) => {
            tracing::info!(alliance = %document, %peer, "alliance not shared with the peer");
        }
        NodeEvent::ProtocolError { peer, .. } => tracing::warn!(%peer, "protocol error"),
        NodeEvent::SaveFailed { document, error } => {
            tracing::error!(alliance = %document, %error, "save failed");
        }
        _ => {}
    }
}

/// Reads a level, or comma-separated `target=level` directives with an
/// optional bare default level. Unlike `Targets`' own parser, a word that
/// is no level ("loud") is refused rather than taken as a target.
fn parse_targets(spec: &str) -> Option<Targets> {
    use tracing_subscriber::filter::LevelFilter;
    let spec = spec.trim();
    let valid = !spec.is_empty()
        && spec.split(',').all(|part| {
            let level = part.rsplit_once('=').map_or(part, |(target, level)| {
                if target.trim().is_empty() { "" } else { level }
            });
            level.trim().parse::<LevelFilter>().is_ok()
        });
    valid.then(|| spec.parse().ok()).flatten()
}

/// A log file that moves itself aside when it grows past
/// [`MAX_LOG_BYTES`], keeping [`KEPT_LOGS`] older files.
#[derive(Debug)]
pub struct RotatingFile {
    path: PathBuf,
    file: Option<File>,
    written: u64,
}

impl RotatingFile {
    /// Opens (appending) or creates the log file at `path`, and its folder.
    pub fn open(path: &Path) -> io::Result<RotatingFile> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let file = append(path)?;
        let written = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(RotatingFile {
            path: path.to_owned(),
            file: Some(file),
            written,
        })
    }

    /// Moves `log.2` to `log.3`, `log.1` to `log.2`, the log to `log.1`,
    /// and starts a new log.
    fn rotate(&mut self) -> io::Result<()> {
        self.file = None;
        for n in (1..KEPT_LOGS).rev() {
            let from = rotated(&self.path, n);
            if from.exists() {
                fs::rename(&from, rotated(&self.path, n + 1))?;
            }
        }
        fs::rename(&self.path, rotated(&self.path, 1))?;
        self.file = Some(append(&self.path)?);
        self.written = 0;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written > 0 && self.written + buf.len() as u64 > MAX_LOG_BYTES {
            // A failed rotation keeps writing to the file there is.
            if self.rotate().is_err() && self.file.is_none() {
                self.file = append(&self.path).ok();
            }
        }
        let Some(file) = self.file.as_mut() else {
            return Err(io::Error::other("the log file is not open"));
        };
        let n = file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

fn append(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

/// The `n`th older log beside `path` (`rondetafel.log.1`).
pub fn rotated(path: &Path, n: usize) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_rotates_at_its_size_and_keeps_three_older_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(LOG_DIR).join(LOG_FILE);
        let mut log = RotatingFile::open(&path).expect("log");
        let line = vec![b'x'; 100 * 1024];
        for _ in 0..60 {
            log.write_all(&line).expect("write");
        }
        let size = |p: &Path| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        assert!(size(&path) <= MAX_LOG_BYTES, "{}", size(&path));
        for n in 1..=KEPT_LOGS {
            let older = rotated(&path, n);
            assert!(older.exists(), "{older:?}");
            assert!(size(&older) <= MAX_LOG_BYTES);
        }
        assert!(
            !rotated(&path, KEPT_LOGS + 1).exists(),
            "only three are kept"
        );
    }

    #[test]
    fn a_bad_level_is_refused_with_the_levels_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = start(dir.path(), Some("loud")).expect_err("refused");
        assert!(error.to_string().contains("debug"), "{error}");
        assert!(parse_targets("rondetafel=debug,libp2p=info,warn").is_some());
        assert!(parse_targets("rondetafel=loud").is_none());
        assert!(parse_targets("").is_none());
    }
}
