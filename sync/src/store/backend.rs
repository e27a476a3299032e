//! Where a [`DocumentStore`](super::DocumentStore) keeps its files.
//!
//! A backend holds one folder per document with flat files in it. It must make
//! every write durable before returning: the store acknowledges a save only
//! after the backend says it is on stable storage.

use std::io;
use std::path::{Path, PathBuf};

use super::fs::{DirEntry, FileSystem, OsFileSystem};

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
    /// Removes a document's folder and everything in it (damaged files
    /// included) durably. Removing a missing folder is not an error.
    fn remove_document(&mut self, document: &str) -> io::Result<()>;
    /// Moves a damaged file out of the way, keeping it for inspection.
    /// Returns where it went, for the report.
    fn move_aside(&mut self, document: &str, name: &str) -> io::Result<String>;
}

/// Name of the sub-folder that receives damaged files.
pub const DAMAGED_DIR: &str = "damaged";
/// Suffix of files being written; they are never read back.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// A [`Backend`] on a file system: one directory per document under a root
/// directory. Writes go to a temporary file that is fsynced, renamed over
/// the target, after which the directory is fsynced. The file system is the
/// operating system's unless another [`FileSystem`] is given.
#[derive(Debug, Clone)]
pub struct FsBackend<F: FileSystem = OsFileSystem> {
    root: PathBuf,
    fs: F,
}

impl FsBackend {
    /// A backend rooted at `root`; the directory is created when first written.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self::with_file_system(root, OsFileSystem)
    }
}

impl<F: FileSystem> FsBackend<F> {
    /// A backend rooted at `root` on the file system `fs`.
    pub fn with_file_system(root: impl Into<PathBuf>, fs: F) -> Self {
        FsBackend {
            root: root.into(),
            fs,
        }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file system, for inspection.
    pub fn file_system(&self) -> &F {
        &self.fs
    }

    /// Consumes the backend, returning its file system.
    pub fn into_file_system(self) -> F {
        self.fs
    }

    fn document_dir(&self, document: &str) -> PathBuf {
        self.root.join(document)
    }

    /// Creates `dir` and its missing parents, outermost first, fsyncing each
    /// parent so that the new directory entries are durable too.
    fn ensure_dir(&mut self, dir: &Path) -> io::Result<()> {
        let missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|path| !path.as_os_str().is_empty() && !self.fs.is_dir(path))
            .map(Path::to_path_buf)
            .collect();
        for path in missing.iter().rev() {
            match self.fs.create_dir(path) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
            self.fs.sync_dir(parent_of(path))?;
        }
        Ok(())
    }

    /// Writes `bytes` to `temp`, syncs it, renames it to `target` and syncs
    /// the directory `dir`.
    fn write_durably(
        &mut self,
        dir: &Path,
        temp: &Path,
        target: &Path,
        bytes: &[u8],
    ) -> io::Result<()> {
        let file = self.fs.write_file(temp, bytes)?;
        self.fs.sync_file(file)?;
        self.fs.rename(temp, target)?;
        self.fs.sync_dir(dir)
    }

    /// A free name for `name` in the damaged folder.
    fn damaged_target(&self, damaged: &Path, name: &str) -> PathBuf {
        let mut target = damaged.join(name);
        let mut attempt = 1;
        while self.fs.exists(&target) {
            attempt += 1;
            target = damaged.join(format!("{name}.{attempt}"));
        }
        target
    }
}

impl<F: FileSystem> Backend for FsBackend<F> {
    fn list_documents(&self) -> io::Result<Vec<String>> {
        match self.fs.read_dir(&self.root) {
            Ok(entries) => Ok(names_of(entries, true)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    fn list_files(&self, document: &str) -> io::Result<Vec<String>> {
        Ok(names_of(
            self.fs.read_dir(&self.document_dir(document))?,
            false,
        ))
    }

    fn read(&self, document: &str, name: &str) -> io::Result<Vec<u8>> {
        self.fs.read(&self.document_dir(document).join(name))
    }

    fn write_atomic(&mut self, document: &str, name: &str, bytes: &[u8]) -> io::Result<()> {
        let dir = self.document_dir(document);
        self.ensure_dir(&dir)?;
        let target = dir.join(name);
        let temp = dir.join(format!("{name}{TEMP_SUFFIX}"));
        let result = self.write_durably(&dir, &temp, &target, bytes);
        if result.is_err() {
            // Best effort: a leftover temporary file is ignored and removed on
            // the next load anyway; the write error is what matters.
            let _ = self.fs.remove_file(&temp);
        }
        result
    }

    fn remove(&mut self, document: &str, name: &str) -> io::Result<()> {
        let dir = self.document_dir(document);
        match self.fs.remove_file(&dir.join(name)) {
            Ok(()) => self.fs.sync_dir(&dir),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn remove_document(&mut self, document: &str) -> io::Result<()> {
        let dir = self.document_dir(document);
        if !self.fs.is_dir(&dir) {
            return Ok(());
        }
        let damaged = dir.join(DAMAGED_DIR);
        if self.fs.is_dir(&damaged) {
            for name in names_of(self.fs.read_dir(&damaged)?, false) {
                self.fs.remove_file(&damaged.join(name))?;
            }
            self.fs.remove_dir(&damaged)?;
        }
        for name in names_of(self.fs.read_dir(&dir)?, false) {
            self.fs.remove_file(&dir.join(name))?;
        }
        self.fs.remove_dir(&dir)?;
        self.fs.sync_dir(&self.root.clone())
    }

    fn move_aside(&mut self, document: &str, name: &str) -> io::Result<String> {
        let dir = self.document_dir(document);
        let damaged = dir.join(DAMAGED_DIR);
        self.ensure_dir(&damaged)?;
        let target = self.damaged_target(&damaged, name);
        self.fs.rename(&dir.join(name), &target)?;
        self.fs.sync_dir(&dir)?;
        self.fs.sync_dir(&damaged)?;
        Ok(target.display().to_string())
    }
}

/// The sorted names of the directories (`dirs`) or files among `entries`.
fn names_of(entries: Vec<DirEntry>, dirs: bool) -> Vec<String> {
    let mut names: Vec<String> = entries
        .into_iter()
        .filter(|entry| entry.is_dir == dirs)
        .map(|entry| entry.name)
        .collect();
    names.sort();
    names
}

/// The directory holding `path`; the current directory for a bare name.
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}
