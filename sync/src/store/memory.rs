//! An in-memory [`Backend`] for tests and tools.

use std::collections::BTreeMap;
use std::io;

use super::backend::{Backend, DAMAGED_DIR};

/// Keeps every file in memory. Cloning shares nothing: each clone is an
/// independent copy, which makes "what was on disk at this point" easy to
/// capture in tests.
#[derive(Debug, Clone, Default)]
pub struct MemoryBackend {
    files: BTreeMap<(String, String), Vec<u8>>,
    damaged: BTreeMap<(String, String), Vec<u8>>,
}

impl MemoryBackend {
    /// An empty backend.
    pub fn new() -> Self {
        Self::default()
    }

    /// Direct access to a file's bytes, to simulate damage in tests.
    pub fn file_mut(&mut self, document: &str, name: &str) -> Option<&mut Vec<u8>> {
        self.files.get_mut(&(document.to_owned(), name.to_owned()))
    }

    /// The files moved aside as damaged, as `(document, name)`.
    pub fn damaged_files(&self) -> Vec<(String, String)> {
        self.damaged.keys().cloned().collect()
    }
}

impl Backend for MemoryBackend {
    fn list_documents(&self) -> io::Result<Vec<String>> {
        let mut documents: Vec<String> = self.files.keys().map(|(d, _)| d.clone()).collect();
        documents.dedup();
        Ok(documents)
    }

    fn list_files(&self, document: &str) -> io::Result<Vec<String>> {
        Ok(self
            .files
            .keys()
            .filter(|(d, _)| d == document)
            .map(|(_, n)| n.clone())
            .collect())
    }

    fn read(&self, document: &str, name: &str) -> io::Result<Vec<u8>> {
        self.files
            .get(&(document.to_owned(), name.to_owned()))
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{document}/{name}")))
    }

    fn write_atomic(&mut self, document: &str, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .insert((document.to_owned(), name.to_owned()), bytes.to_vec());
        Ok(())
    }

    fn remove(&mut self, document: &str, name: &str) -> io::Result<()> {
        self.files.remove(&(document.to_owned(), name.to_owned()));
        Ok(())
    }

    fn remove_document(&mut self, document: &str) -> io::Result<()> {
        self.files.retain(|(d, _), _| d != document);
        self.damaged.retain(|(d, _), _| d != document);
        Ok(())
    }

    fn move_aside(&mut self, document: &str, name: &str) -> io::Result<String> {
        let key = (document.to_owned(), name.to_owned());
        let bytes = self
            .files
            .remove(&key)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{document}/{name}")))?;
        self.damaged.insert(key, bytes);
        Ok(format!("{document}/{DAMAGED_DIR}/{name}"))
    }
}
