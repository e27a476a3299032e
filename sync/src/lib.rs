//! Keeps Automerge documents stored durably and, in time, replicated among
//! authorised peers. This crate knows nothing about alliances: it stores and
//! moves opaque Automerge documents identified by a [`DocumentId`].
//!
//! # Storage
//!
//! A [`DocumentStore`] saves each document incrementally through a
//! [`Backend`] ([`FsBackend`] on disk, [`MemoryBackend`] in tests):
//!
//! ```
//! use automerge::{AutoCommit, ROOT, transaction::Transactable};
//! use rondetafel_sync::{DocumentStore, MemoryBackend};
//!
//! let mut store = DocumentStore::new(MemoryBackend::new());
//! let id = "example".parse()?;
//! let mut doc = AutoCommit::new();
//! doc.put(ROOT, "greeting", "hallo")?;
//! store.save(&id, &mut doc)?; // durable when this returns
//! let loaded = store.load(&id)?;
//! assert!(loaded.problems.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod store;

pub use store::{
    Backend, CompactionPolicy, DAMAGED_DIR, DocumentId, DocumentStore, FrameError, FsBackend,
    InvalidDocumentId, LoadError, LoadProblem, Loaded, MemoryBackend, ProblemKind, SaveError,
    SaveOutcome, describe_io,
};
