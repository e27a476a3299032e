//! Keeps Automerge documents stored durably and replicated among authorised
//! peers. This crate knows nothing about alliances: it stores and
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
//!
//! # Sync
//!
//! A [`Node`] owns a libp2p swarm (TCP and QUIC, Noise, Yamux, identify,
//! ping, optional mDNS) and syncs every document it holds with connected
//! peers over the `/rondetafel/sync/3` protocol. Who may sync a document is
//! decided by the application's [`AccessPolicy`], from the document's
//! contents. The protocol logic is the sans-IO [`protocol::SyncCore`]; the
//! node only performs its effects.

#![cfg_attr(test, allow(clippy::expect_used, clippy::unwrap_used))]

mod net;
mod node;
pub mod protocol;
pub mod signing;
mod store;

pub use libp2p::{Multiaddr, PeerId, identity, multiaddr::Protocol};
pub use net::{
    ConnectionCaps, FrameCodec, Framed, MAX_RECEIVING_BYTES, PeerLimits, RelayLimits, Route,
    circuit_to, relay_of,
};
pub use node::{Node, NodeConfig, NodeError, NodeEvent, SpawnError};
pub use protocol::{AccessPolicy, Decoded, MessageCaps, SyncEvent, SyncStats};
pub use signing::{DeviceSigner, Signatures};

pub use store::{
    Backend, CompactionPolicy, DAMAGED_DIR, DirEntry, DocumentId, DocumentStore, FileSystem,
    FrameError, FsBackend, InvalidDocumentId, LoadError, LoadProblem, Loaded, MemoryBackend,
    OsFileSystem, ProblemKind, SaveError, SaveOutcome, describe_io,
};
