//! The file-system operations [`FsBackend`](super::FsBackend) performs, behind
//! a trait so that the very same sequence of steps can run over the real
//! file system or over a simulated disk that loses power in tests.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// One entry of a directory listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// The entry's name (entries whose names are not UTF-8 are left out).
    pub name: String,
    /// Whether it is a directory (otherwise it is a file).
    pub is_dir: bool,
}

/// The primitive operations of a file system that durable storage needs.
/// Nothing is durable until it is synced: file contents by
/// [`FileSystem::sync_file`], entries created, renamed or removed in a
/// directory by [`FileSystem::sync_dir`] of that directory.
pub trait FileSystem {
    /// An open file that was written and may still need syncing.
    type File;

    /// The entries of a directory, sorted by name.
    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>>;
    /// The whole contents of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Whether `path` exists (as a file or a directory).
    fn exists(&self, path: &Path) -> bool;
    /// Whether `path` is an existing directory.
    fn is_dir(&self, path: &Path) -> bool;
    /// Creates one directory; its parent must exist.
    fn create_dir(&mut self, dir: &Path) -> io::Result<()>;
    /// Creates or truncates a file and writes `bytes`, without syncing.
    fn write_file(&mut self, path: &Path, bytes: &[u8]) -> io::Result<Self::File>;
    /// Makes the contents written to `file` durable.
    fn sync_file(&mut self, file: Self::File) -> io::Result<()>;
    /// Renames a file, replacing `to` if it exists.
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    /// Removes a file.
    fn remove_file(&mut self, path: &Path) -> io::Result<()>;
    /// Removes an empty directory.
    fn remove_dir(&mut self, dir: &Path) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("cannot remove {}", dir.display()),
        ))
    }
    /// Makes the entries of `dir` durable.
    fn sync_dir(&mut self, dir: &Path) -> io::Result<()>;
}

/// The operating system's file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsFileSystem;

impl FileSystem for OsFileSystem {
    type File = File;

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            if let Some(name) = entry.file_name().to_str() {
                entries.push(DirEntry {
                    name: name.to_owned(),
                    is_dir: entry.file_type()?.is_dir(),
                });
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        fs::read(path)
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn create_dir(&mut self, dir: &Path) -> io::Result<()> {
        fs::create_dir(dir)
    }

    fn write_file(&mut self, path: &Path, bytes: &[u8]) -> io::Result<File> {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        file.write_all(bytes)?;
        Ok(file)
    }

    fn sync_file(&mut self, file: File) -> io::Result<()> {
        file.sync_all()
    }

    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn remove_dir(&mut self, dir: &Path) -> io::Result<()> {
        std::fs::remove_dir(dir)
    }

    fn remove_file(&mut self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
        File::open(dir)?.sync_all()
    }
}
