//! One process per data directory, enforced with an advisory file lock.
//!
//! The operating system releases the lock when the holding process ends,
//! however it ends, so a lock left by a killed process never blocks the next
//! start. The holder writes its process id into the lock file so that a
//! second process can say who holds the directory.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Name of the lock file inside the data directory.
pub const LOCK_FILE: &str = "rondetafel.lock";

/// Holds the data directory for this process until dropped.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

/// Why the data directory could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the directory.
    #[error(
        "the data directory {} is in use by another Rondetafel process{}; close that first, or choose another directory with --data-dir",
        .dir.display(),
        .holder.map(|pid| format!(" (process {pid})")).unwrap_or_default()
    )]
    InUse {
        /// The data directory.
        dir: PathBuf,
        /// The holder's process id, when it could be read.
        holder: Option<u32>,
    },
    /// The lock file could not be opened or locked.
    #[error("cannot use the data directory {}: {}", .dir.display(), rondetafel_sync::describe_io(.source))]
    Io {
        /// The data directory.
        dir: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

impl DataDirLock {
    /// Locks `dir` (which must exist) for this process.
    pub fn acquire(dir: &Path) -> Result<Self, LockError> {
        let io_error = |source| LockError::Io {
            dir: dir.to_owned(),
            source,
        };
        let path = dir.join(LOCK_FILE);
        let (mut file, writable) = open_lock_file(&path).map_err(io_error)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::InUse {
                    dir: dir.to_owned(),
                    holder: read_pid(&mut file),
                });
            }
            Err(TryLockError::Error(source)) => return Err(io_error(source)),
        }
        if writable {
            write_pid(&mut file).map_err(io_error)?;
        }
        Ok(DataDirLock { _file: file })
    }
}

/// Opens the lock file for writing, or read-only on a read-only directory
/// (a read-only data directory can still be read).
fn open_lock_file(path: &Path) -> io::Result<(File, bool)> {
    let writable = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path);
    match writable {
        Ok(file) => Ok((file, true)),
        Err(e) if is_read_only(&e) && path.exists() => Ok((File::open(path)?, false)),
        Err(e) => Err(e),
    }
}

fn is_read_only(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
    )
}

fn write_pid(file: &mut File) -> io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    writeln!(file, "{}", std::process::id())?;
    file.flush()
}

fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_names_the_holder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let _held = DataDirLock::acquire(dir.path()).expect("first lock");
        match DataDirLock::acquire(dir.path()) {
            Err(LockError::InUse { holder, .. }) => assert_eq!(holder, Some(std::process::id())),
            other => panic!("expected InUse, got {other:?}"),
        }
    }

    #[test]
    fn dropping_releases() {
        let dir = tempfile::tempdir().expect("tempdir");
        drop(DataDirLock::acquire(dir.path()).expect("first lock"));
        DataDirLock::acquire(dir.path()).expect("second lock after release");
    }
}
