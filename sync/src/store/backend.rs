//! Where a [`DocumentStore`](super::DocumentStore) keeps its files.
//!
//! A backend holds one folder per document with flat files in it. It must make
//! every write durable before returning: the store acknowledges a save only
//! after the backend says it is on stable storage.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Durable storage for the files of many documents.
pub trait Backend {
    /// The names of all document folders.
    fn list_documents(&self) -> io::Result<Vec<String>>;
    /// The names of the files in one document's folder (not of sub-folders).
    fn list_files(&self, document: &str) -> io::Result<Vec<String>>;
    /// The whole contents of one file.
    fn read(&self, document: &str, name: &str) -> io::Result<Vec<u8>>;
    /// Replaces or creates a file atomically and durably: after `Ok`, the
    /// new contents survive a crash or power loss, and a crash at any moment
    /// leaves either the old or the new contents.
    fn write_atomic(&mut self, document: &str, name: &str, bytes: &[u8]) -> io::Result<()>;
    /// Removes a file durably. Removing a missing file is not an error.
    fn remove(&mut self, document: &str, name: &str) -> io::Result<()>;
    /// Moves a damaged file out of the way, keeping it for inspection.
    /// Returns where it went, for the report.
    fn move_aside(&mut self, document: &str, name: &str) -> io::Result<String>;
}

/// Name of the sub-folder that receives damaged files.
pub const DAMAGED_DIR: &str = "damaged";
/// Suffix of files being written; they are never read back.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// A [`Backend`] on the local file system: one directory per document under
/// a root directory. Writes go to a temporary file that is fsynced, renamed
/// over the target, after which the directory is fsynced.
#[derive(Debug, Clone)]
pub struct FsBackend {
    root: PathBuf,
}

impl FsBackend {
    /// A backend rooted at `root`; the directory is created when first written.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FsBackend { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn document_dir(&self, document: &str) -> PathBuf {
        self.root.join(document)
    }

    /// Creates `dir` (and the root) if missing, fsyncing the parents so the
    /// new directory entries are durable too.
    fn ensure_dir(&self, dir: &Path) -> io::Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        fs::create_dir_all(dir)?;
        let mut current = Some(dir);
        while let Some(path) = current {
            if let Some(parent) = path.parent() {
                sync_dir(parent)?;
            }
            if path == self.root {
                break;
            }
            current = path.parent();
        }
        Ok(())
    }
}

impl Backend for FsBackend {
    fn list_documents(&self) -> io::Result<Vec<String>> {
        match fs::read_dir(&self.root) {
            Ok(entries) => names_of(entries, |t| t.is_dir()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    fn list_files(&self, document: &str) -> io::Result<Vec<String>> {
        names_of(fs::read_dir(self.document_dir(document))?, |t| t.is_file())
    }

    fn read(&self, document: &str, name: &str) -> io::Result<Vec<u8>> {
        fs::read(self.document_dir(document).join(name))
    }

    fn write_atomic(&mut self, document: &str, name: &str, bytes: &[u8]) -> io::Result<()> {
        let dir = self.document_dir(document);
        self.ensure_dir(&dir)?;
        let target = dir.join(name);
        let temp = dir.join(format!("{name}{TEMP_SUFFIX}"));
        let result = write_and_sync(&temp, bytes)
            .and_then(|()| fs::rename(&temp, &target))
            .and_then(|()| sync_dir(&dir));
        if result.is_err() {
            // Best effort: a leftover temporary file is ignored and removed on
            // the next load anyway; the write error is what matters.
            let _ = fs::remove_file(&temp);
        }
        result
    }

    fn remove(&mut self, document: &str, name: &str) -> io::Result<()> {
        let dir = self.document_dir(document);
        match fs::remove_file(dir.join(name)) {
            Ok(()) => sync_dir(&dir),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn move_aside(&mut self, document: &str, name: &str) -> io::Result<String> {
        let dir = self.document_dir(document);
        let damaged = dir.join(DAMAGED_DIR);
        self.ensure_dir(&damaged)?;
        let mut target = damaged.join(name);
        let mut attempt = 1;
        while target.exists() {
            attempt += 1;
            target = damaged.join(format!("{name}.{attempt}"));
        }
        fs::rename(dir.join(name), &target)?;
        sync_dir(&dir)?;
        sync_dir(&damaged)?;
        Ok(target.display().to_string())
    }
}

fn names_of(entries: fs::ReadDir, keep: impl Fn(&fs::FileType) -> bool) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry?;
        if keep(&entry.file_type()?)
            && let Some(name) = entry.file_name().to_str()
        {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

fn write_and_sync(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Fsyncs a directory so that entries created, renamed or removed in it are
/// durable.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}
