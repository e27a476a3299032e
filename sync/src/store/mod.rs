//! Durable, incremental storage of Automerge documents.
//!
//! Each document lives in its own folder as one compacted *snapshot* plus the
//! *chunks* saved after it. A save appends only the changes made since the
//! previous save, as a checksummed chunk; when chunks pile up they are folded
//! into a new snapshot, which is durable before the chunks it replaces are
//! removed. Loading verifies every file and moves damaged ones aside (a
//! cut-short last chunk included) while keeping everything else.

mod backend;
mod frame;
mod fs;
mod memory;

#[cfg(test)]
mod simulated;

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::str::FromStr;

use automerge::{AutoCommit, Change, ChangeHash};

use crate::signing::{DeviceSigner, Signatures};

pub use backend::{Backend, DAMAGED_DIR, FsBackend};
pub use frame::FrameError;
pub use fs::{DirEntry, FileSystem, OsFileSystem};
pub use memory::MemoryBackend;

use frame::FrameKind;

/// The name of a stored document: 1 to 64 characters from `[A-Za-z0-9_-]`,
/// so it is always a safe folder name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId(String);

impl DocumentId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a string is not a valid [`DocumentId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a valid document id (1 to 64 letters, digits, '-' or '_')")]
pub struct InvalidDocumentId(pub String);

impl FromStr for DocumentId {
    type Err = InvalidDocumentId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let valid = (1..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && s != DAMAGED_DIR;
        if valid {
            Ok(DocumentId(s.to_owned()))
        } else {
            Err(InvalidDocumentId(s.to_owned()))
        }
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// When chunks are folded into a new snapshot.
#[derive(Debug, Clone, Copy)]
pub struct CompactionPolicy {
    /// Compact once this many chunks exist.
    pub max_chunks: usize,
    /// Compact once the chunks together exceed this many bytes and are larger
    /// than the snapshot.
    pub max_chunk_bytes: usize,
}

impl Default for CompactionPolicy {
    fn default() -> Self {
        CompactionPolicy {
            max_chunks: 64,
            max_chunk_bytes: 256 * 1024,
        }
    }
}

/// Something found wrong while loading a document. The document still loads
/// with everything else; the damaged file was moved aside.
#[derive(Debug, Clone)]
pub struct LoadProblem {
    /// The file that was affected.
    pub file: String,
    /// What was wrong with it.
    pub kind: ProblemKind,
    /// Where the damaged file was moved, if it was.
    pub moved_to: Option<String>,
}

/// The kinds of [`LoadProblem`].
#[derive(Debug, Clone)]
pub enum ProblemKind {
    /// The last chunk was cut short. A save writes its file whole before
    /// giving it its name, so an interrupted save cannot leave this behind:
    /// the file was damaged afterwards (or the file system broke its
    /// promises), and the save it held may have been acknowledged.
    TornLastChunk,
    /// A file failed its integrity check.
    Damaged(FrameError),
    /// A file passed its checksum but Automerge could not read its contents.
    Unreadable(String),
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ProblemKind::TornLastChunk => write!(
                f,
                "the last save in {} is cut short (interrupted or damaged after it was written) and is skipped",
                self.file
            )?,
            ProblemKind::Damaged(e) => write!(f, "{} is damaged: {e}", self.file)?,
            ProblemKind::Unreadable(e) => write!(f, "{} cannot be read: {e}", self.file)?,
        }
        if let Some(to) = &self.moved_to {
            write!(f, "; it was moved to {to}")?;
        }
        Ok(())
    }
}

impl LoadProblem {
    /// Whether data that was once saved may be missing because of this.
    /// Always true: saves write every file whole before naming it, so any
    /// damaged file, a cut-short last chunk included, may have held an
    /// acknowledged save.
    pub fn may_have_lost_data(&self) -> bool {
        match self.kind {
            ProblemKind::TornLastChunk | ProblemKind::Damaged(_) | ProblemKind::Unreadable(_) => {
                true
            }
        }
    }
}

/// A document as loaded from storage, with anything found wrong on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The document.
    pub document: AutoCommit,
    /// Problems found (empty when all is well).
    pub problems: Vec<LoadProblem>,
    /// The signatures stored with its changes.
    pub signatures: Signatures,
}

/// Why a document could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The storage could not be read.
    #[error("could not read the stored files of {document}: {source}")]
    Io {
        /// The document.
        document: DocumentId,
        /// The underlying error.
        source: io::Error,
    },
    /// No file of the document could be read; the damaged ones were moved aside.
    #[error("nothing of {document} could be read ({})", describe_problems(.problems))]
    NothingReadable {
        /// The document.
        document: DocumentId,
        /// What was found wrong.
        problems: Vec<LoadProblem>,
    },
}

fn describe_problems(problems: &[LoadProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a save failed. Nothing was acknowledged: the changes stay in memory
/// and the next save tries again.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Writing or syncing a file failed (disk full, no permission, ...).
    #[error("could not save {document}: {}", describe_io(.source))]
    Io {
        /// The document.
        document: DocumentId,
        /// The underlying error.
        source: io::Error,
    },
    /// Files of this document exist on disk but were never loaded here, so
    /// a save could overwrite them.
    #[error("{0} already exists in storage; load it before saving")]
    NotLoaded(DocumentId),
}

/// Plain words for the I/O errors people run into.
pub fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::StorageFull => format!("the disk is full ({error})"),
        io::ErrorKind::PermissionDenied => format!("permission denied ({error})"),
        io::ErrorKind::ReadOnlyFilesystem => format!("the disk is read-only ({error})"),
        _ => error.to_string(),
    }
}

/// What a successful save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveOutcome {
    /// Bytes written (0 when there was nothing new to save).
    pub bytes_written: usize,
    /// Whether the chunks were folded into a new snapshot.
    pub compacted: bool,
}

/// What the store knows about one document's files.
#[derive(Debug, Default)]
struct Persisted {
    saved_heads: Vec<ChangeHash>,
    snapshot: Option<(u64, String)>,
    snapshot_len: usize,
    /// Chunks on disk: sequence number, file name, size.
    chunks: Vec<(u64, String, usize)>,
    /// Older snapshots still on disk (left by an interrupted compaction),
    /// removed by the next compaction.
    stale_snapshots: Vec<String>,
    next_seq: u64,
    /// The signatures of the saved changes (and of changes about to be).
    signatures: Signatures,
}

impl Persisted {
    fn chunk_bytes(&self) -> usize {
        self.chunks.iter().map(|(_, _, len)| len).sum()
    }
}

/// Stores many Automerge documents durably through a [`Backend`].
#[derive(Debug)]
pub struct DocumentStore<B: Backend = FsBackend> {
    backend: B,
    policy: CompactionPolicy,
    persisted: HashMap<DocumentId, Persisted>,
    signer: Option<DeviceSigner>,
    /// Signatures for documents not stored yet (a join in progress).
    pending_signatures: HashMap<DocumentId, Signatures>,
}

impl<B: Backend> DocumentStore<B> {
    /// A store over `backend` with the default compaction policy.
    pub fn new(backend: B) -> Self {
        Self::with_policy(backend, CompactionPolicy::default())
    }

    /// A store over `backend` with the given compaction policy.
    pub fn with_policy(backend: B, policy: CompactionPolicy) -> Self {
        DocumentStore {
            backend,
            policy,
            signer: None,
            pending_signatures: HashMap::new(),
            persisted: HashMap::new(),
        }
    }

    /// Signs, when saving, every change this device's key made (its actor
    /// names the key) that has no signature yet.
    pub fn set_signer(&mut self, signer: DeviceSigner) {
        self.signer = Some(signer);
    }

    /// The signatures stored for a loaded document.
    pub fn signatures(&self, id: &DocumentId) -> Option<&Signatures> {
        self.persisted.get(id).map(|p| &p.signatures)
    }

    /// Adds signatures (received with changes) to be saved with the next
    /// save of `id`.
    pub fn add_signatures(&mut self, id: &DocumentId, signatures: &Signatures) {
        match self.persisted.get_mut(id) {
            Some(persisted) => persisted.signatures.extend(signatures),
            None => self
                .pending_signatures
                .entry(id.clone())
                .or_default()
                .extend(signatures),
        }
    }

    /// The signature records of the changes of `document` after `since`,
    /// signing those of this device that have none; the new signatures are
    /// kept in `signatures`.
    fn records_after(
        signer: Option<&DeviceSigner>,
        id: &DocumentId,
        document: &mut AutoCommit,
        since: &[ChangeHash],
        signatures: &mut Signatures,
    ) -> Vec<u8> {
        let mut records = Vec::new();
        for change in document.get_changes_meta(since) {
            if !signatures.contains(&change.hash)
                && let Some(signer) = signer.filter(|s| s.owns(&change.actor))
            {
                signatures.insert(change.hash, signer.sign(id, &change.hash));
            }
            records.extend(signatures.encode_for([&change.hash]));
        }
        records
    }

    /// Deletes a document and every file of it, damaged files and peer
    /// states included (for a restarted alliance: its old history must
    /// leave the device).
    pub fn remove(&mut self, id: &DocumentId) -> io::Result<()> {
        self.persisted.remove(id);
        self.pending_signatures.remove(id);
        self.backend.remove_document(id.as_str())
    }

    /// The backend, for inspection.
    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// Consumes the store, returning its backend.
    pub fn into_backend(self) -> B {
        self.backend
    }

    /// The ids of all stored documents (folders with an invalid name are
    /// ignored).
    pub fn document_ids(&self) -> io::Result<Vec<DocumentId>> {
        Ok(self
            .backend
            .list_documents()?
            .iter()
            .filter_map(|name| name.parse().ok())
            .collect())
    }

    /// The ids of the documents that hold data (a folder with only peer
    /// states, left by a join that never completed, does not count).
    pub fn stored_document_ids(&self) -> io::Result<Vec<DocumentId>> {
        let mut ids = Vec::new();
        for id in self.document_ids()? {
            if self.contains(&id)? {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Whether any data (snapshot or chunk) of `id` is stored.
    pub fn contains(&self, id: &DocumentId) -> io::Result<bool> {
        if !self.document_ids()?.contains(id) {
            return Ok(false);
        }
        let files = StoredFiles::scan(self.backend.list_files(id.as_str())?);
        Ok(!files.snapshots.is_empty() || !files.chunks.is_empty())
    }

    /// Whether `id` was loaded or saved through this store (so that saving
    /// it appends to what is on disk).
    pub fn is_tracked(&self, id: &DocumentId) -> bool {
        self.persisted.contains_key(id)
    }

    /// Loads a document: the newest readable snapshot and every chunk after
    /// it. Damaged files are moved aside and reported in [`Loaded::problems`].
    pub fn load(&mut self, id: &DocumentId) -> Result<Loaded, LoadError> {
        self.load_inner(id, false)
    }

    /// Loads a document without changing anything on disk (nothing is moved
    /// aside or removed), for reading a data directory that another process
    /// is using. A file that disappears meanwhile (a compaction) makes the
    /// load retry.
    pub fn load_read_only(&mut self, id: &DocumentId) -> Result<Loaded, LoadError> {
        let mut attempt = 0;
        loop {
            match self.load_inner(id, true) {
                Err(LoadError::Io { source, .. })
                    if source.kind() == io::ErrorKind::NotFound && attempt < 5 =>
                {
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn load_inner(&mut self, id: &DocumentId, read_only: bool) -> Result<Loaded, LoadError> {
        let io_error = |source| LoadError::Io {
            document: id.clone(),
            source,
        };
        let files = StoredFiles::scan(self.backend.list_files(id.as_str()).map_err(io_error)?);
        let mut loading = Loading {
            read_only,
            ..Loading::default()
        };
        if !read_only {
            for temp in &files.leftover_temps {
                self.backend.remove(id.as_str(), temp).map_err(io_error)?;
            }
        }
        self.load_snapshot(id, &files, &mut loading)
            .map_err(io_error)?;
        self.load_chunks(id, &files, &mut loading)
            .map_err(io_error)?;
        let Loading {
            document,
            problems,
            mut persisted,
            anything_read,
            signatures,
            ..
        } = loading;
        persisted.signatures = signatures.clone();
        let mut document = match document {
            Some(document) if anything_read => document,
            _ => {
                return Err(LoadError::NothingReadable {
                    document: id.clone(),
                    problems,
                });
            }
        };
        let persisted = Persisted {
            saved_heads: document.get_heads(),
            next_seq: files.highest_seq() + 1,
            ..persisted
        };
        if !read_only {
            self.persisted.insert(id.clone(), persisted);
        }
        Ok(Loaded {
            document,
            problems,
            signatures,
        })
    }

    fn load_snapshot(
        &mut self,
        id: &DocumentId,
        files: &StoredFiles,
        loading: &mut Loading,
    ) -> io::Result<()> {
        for (index, (covers, name)) in files.snapshots.iter().enumerate().rev() {
            let bytes = self.backend.read(id.as_str(), name)?;
            let outcome = frame::decode(FrameKind::Snapshot, &bytes)
                .map_err(ProblemKind::Damaged)
                .and_then(|frame| {
                    let signatures = decode_signatures(frame.signatures)?;
                    AutoCommit::load(frame.payload)
                        .map(|document| (document, signatures))
                        .map_err(|e| ProblemKind::Unreadable(e.to_string()))
                });
            match outcome {
                Ok((document, signatures)) => {
                    loading.signatures.extend(&signatures);
                    loading.document = Some(document);
                    loading.anything_read = true;
                    loading.persisted.snapshot = Some((*covers, name.clone()));
                    loading.persisted.snapshot_len = bytes.len();
                    loading.persisted.stale_snapshots = files.snapshots[..index]
                        .iter()
                        .map(|(_, older)| older.clone())
                        .collect();
                    return Ok(());
                }
                Err(kind) => self.report_damage(id, name, kind, loading)?,
            }
        }
        Ok(())
    }

    /// Records a damaged file, moving it aside unless loading read-only.
    fn report_damage(
        &mut self,
        id: &DocumentId,
        name: &str,
        kind: ProblemKind,
        loading: &mut Loading,
    ) -> io::Result<()> {
        let moved_to = if loading.read_only {
            None
        } else {
            Some(self.backend.move_aside(id.as_str(), name)?)
        };
        loading.problems.push(LoadProblem {
            file: name.to_owned(),
            kind,
            moved_to,
        });
        Ok(())
    }

    fn load_chunks(
        &mut self,
        id: &DocumentId,
        files: &StoredFiles,
        loading: &mut Loading,
    ) -> io::Result<()> {
        let covered = loading.persisted.snapshot.as_ref().map_or(0, |(c, _)| *c);
        loading.document.get_or_insert_with(AutoCommit::new);
        let last_seq = files.chunks.last().map(|(seq, _)| *seq);
        for (seq, name) in &files.chunks {
            let bytes = self.backend.read(id.as_str(), name)?;
            if *seq <= covered {
                // Left over from an interrupted compaction: already in the
                // snapshot; removed by the next compaction.
                loading
                    .persisted
                    .chunks
                    .push((*seq, name.clone(), bytes.len()));
                continue;
            }
            let outcome = match frame::decode(FrameKind::Chunk, &bytes) {
                Err(FrameError::Truncated { .. }) if Some(*seq) == last_seq => {
                    Err(ProblemKind::TornLastChunk)
                }
                Err(e) => Err(ProblemKind::Damaged(e)),
                Ok(frame) => decode_signatures(frame.signatures).and_then(|signatures| {
                    loading
                        .document
                        .get_or_insert_with(AutoCommit::new)
                        .load_incremental(frame.payload)
                        .map(|_| loading.signatures.extend(&signatures))
                        .map_err(|e| ProblemKind::Unreadable(e.to_string()))
                }),
            };
            match outcome {
                Ok(()) => {
                    loading.anything_read = true;
                    loading
                        .persisted
                        .chunks
                        .push((*seq, name.clone(), bytes.len()));
                }
                Err(kind) => self.report_damage(id, name, kind, loading)?,
            }
        }
        Ok(())
    }

    /// Saves the changes made to `document` since it was last loaded or
    /// saved, as one chunk, then compacts if the policy says so. Returns only
    /// after the data is durable. A document not yet in storage is written
    /// as a snapshot.
    pub fn save(
        &mut self,
        id: &DocumentId,
        document: &mut AutoCommit,
    ) -> Result<SaveOutcome, SaveError> {
        let mut outcome = self.append(id, document)?;
        if !outcome.compacted && self.compaction_due(id) {
            outcome.bytes_written += self.compact(id, document)?;
            outcome.compacted = true;
        }
        Ok(outcome)
    }

    /// Like [`DocumentStore::save`], but never compacts: for callers that
    /// compact later, off their critical path (see
    /// [`DocumentStore::compaction_due`]).
    pub fn append(
        &mut self,
        id: &DocumentId,
        document: &mut AutoCommit,
    ) -> Result<SaveOutcome, SaveError> {
        self.append_known(id, document, &[])
    }

    /// Like [`DocumentStore::append`], given changes the caller already
    /// holds encoded (as a sync message carried them): when they are all
    /// the document gained, their bytes are written as they are, instead of
    /// having Automerge rebuild each change from its operations (about
    /// 25 µs a change).
    pub fn append_known(
        &mut self,
        id: &DocumentId,
        document: &mut AutoCommit,
        known: &[Change],
    ) -> Result<SaveOutcome, SaveError> {
        if !self.persisted.contains_key(id) {
            return self.create(id, document);
        }
        let io_error = |source| SaveError::Io {
            document: id.clone(),
            source,
        };
        let Some(persisted) = self.persisted.get(id) else {
            return Err(SaveError::NotLoaded(id.clone()));
        };
        let changes = changes_after(document, &persisted.saved_heads, known);
        if changes.is_empty() {
            return Ok(SaveOutcome {
                bytes_written: 0,
                compacted: false,
            });
        }
        let seq = persisted.next_seq;
        let since = persisted.saved_heads.clone();
        let name = chunk_name(seq);
        let signer = self.signer.as_ref();
        let Some(persisted) = self.persisted.get_mut(id) else {
            return Err(SaveError::NotLoaded(id.clone()));
        };
        let records = Self::records_after(signer, id, document, &since, &mut persisted.signatures);
        let bytes = frame::encode(FrameKind::Chunk, seq, &changes, &records);
        self.backend
            .write_atomic(id.as_str(), &name, &bytes)
            .map_err(io_error)?;
        let heads = document.get_heads();
        let persisted = self.persisted.entry(id.clone()).or_default();
        persisted.saved_heads = heads;
        persisted.next_seq = seq + 1;
        persisted.chunks.push((seq, name, bytes.len()));
        Ok(SaveOutcome {
            bytes_written: bytes.len(),
            compacted: false,
        })
    }

    /// Writes a document that is not yet stored as its first snapshot.
    fn create(
        &mut self,
        id: &DocumentId,
        document: &mut AutoCommit,
    ) -> Result<SaveOutcome, SaveError> {
        let exists = self.contains(id).map_err(|source| SaveError::Io {
            document: id.clone(),
            source,
        })?;
        if exists {
            return Err(SaveError::NotLoaded(id.clone()));
        }
        self.persisted.insert(
            id.clone(),
            Persisted {
                next_seq: 1,
                signatures: self.pending_signatures.remove(id).unwrap_or_default(),
                ..Persisted::default()
            },
        );
        let result = self.compact(id, document);
        if result.is_err() {
            self.persisted.remove(id);
        }
        result.map(|bytes_written| SaveOutcome {
            bytes_written,
            compacted: true,
        })
    }

    /// Whether the policy says the chunks of `id` should be folded into a
    /// new snapshot.
    pub fn compaction_due(&self, id: &DocumentId) -> bool {
        self.persisted.get(id).is_some_and(|p| {
            p.chunks.len() >= self.policy.max_chunks
                || (p.chunk_bytes() > self.policy.max_chunk_bytes
                    && p.chunk_bytes() > p.snapshot_len)
        })
    }

    /// Folds everything into one new snapshot: the snapshot is written and
    /// made durable first, then the chunks and every older snapshot it
    /// replaces (including any left by an interrupted compaction) are
    /// removed. A crash at any step leaves a loadable state. `document`
    /// must hold everything saved so far (it normally is the document that
    /// was loaded and saved through this store). Returns the bytes written.
    pub fn compact(
        &mut self,
        id: &DocumentId,
        document: &mut AutoCommit,
    ) -> Result<usize, SaveError> {
        let io_error = |source| SaveError::Io {
            document: id.clone(),
            source,
        };
        let Some(persisted) = self.persisted.get(id) else {
            return Err(SaveError::NotLoaded(id.clone()));
        };
        let covers = persisted.next_seq.saturating_sub(1);
        let name = snapshot_name(covers);
        let signer = self.signer.as_ref();
        let Some(persisted) = self.persisted.get_mut(id) else {
            return Err(SaveError::NotLoaded(id.clone()));
        };
        Self::records_after(signer, id, document, &[], &mut persisted.signatures);
        let records = persisted.signatures.encode();
        let bytes = frame::encode(FrameKind::Snapshot, covers, &document.save(), &records);
        self.backend
            .write_atomic(id.as_str(), &name, &bytes)
            .map_err(io_error)?;
        let heads = document.get_heads();
        let persisted = self.persisted.entry(id.clone()).or_default();
        let old_snapshot = persisted.snapshot.replace((covers, name.clone()));
        let old_chunks = std::mem::take(&mut persisted.chunks);
        let mut old_snapshots = std::mem::take(&mut persisted.stale_snapshots);
        old_snapshots.extend(old_snapshot.map(|(_, old)| old));
        old_snapshots.retain(|old| *old != name);
        persisted.snapshot_len = bytes.len();
        persisted.saved_heads = heads;
        for (_, chunk, _) in &old_chunks {
            self.backend.remove(id.as_str(), chunk).map_err(io_error)?;
        }
        for old in &old_snapshots {
            self.backend.remove(id.as_str(), old).map_err(io_error)?;
        }
        Ok(bytes.len())
    }
}

impl<B: Backend> DocumentStore<B> {
    /// Persists what `peer` is known to have of document `id` (an encoded
    /// Automerge sync state), so a reconnect after a restart sends only what
    /// is missing.
    pub fn save_peer_state(&mut self, id: &DocumentId, peer: &str, state: &[u8]) -> io::Result<()> {
        let name = peer_state_name(peer).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("invalid peer name {peer:?}"),
            )
        })?;
        self.backend.write_atomic(id.as_str(), &name, state)
    }

    /// Every persisted peer state of document `id`, as `(peer, state)`.
    pub fn peer_states(&self, id: &DocumentId) -> io::Result<Vec<(String, Vec<u8>)>> {
        let mut states = Vec::new();
        for name in self.backend.list_files(id.as_str())? {
            if let Some(peer) = name
                .strip_prefix(PEER_STATE_PREFIX)
                .and_then(|n| n.strip_suffix(PEER_STATE_SUFFIX))
            {
                states.push((peer.to_owned(), self.backend.read(id.as_str(), &name)?));
            }
        }
        Ok(states)
    }
}

const PEER_STATE_PREFIX: &str = "peer-";
const PEER_STATE_SUFFIX: &str = ".sync";

/// The file name of a peer's sync state; `None` for names that are not safe.
fn peer_state_name(peer: &str) -> Option<String> {
    let safe =
        !peer.is_empty() && peer.len() <= 128 && peer.bytes().all(|b| b.is_ascii_alphanumeric());
    safe.then(|| format!("{PEER_STATE_PREFIX}{peer}{PEER_STATE_SUFFIX}"))
}

/// Decodes the signature records of a file.
fn decode_signatures(bytes: &[u8]) -> Result<Signatures, ProblemKind> {
    Signatures::decode(bytes)
        .ok_or_else(|| ProblemKind::Unreadable("its signature records are cut short".into()))
}

/// State accumulated while loading one document.
#[derive(Default)]
struct Loading {
    signatures: Signatures,
    document: Option<AutoCommit>,
    problems: Vec<LoadProblem>,
    persisted: Persisted,
    anything_read: bool,
    read_only: bool,
}

/// A document folder's files, sorted by sequence number.
#[derive(Debug, Default)]
struct StoredFiles {
    snapshots: Vec<(u64, String)>,
    chunks: Vec<(u64, String)>,
    leftover_temps: Vec<String>,
}

impl StoredFiles {
    fn scan(names: Vec<String>) -> Self {
        let mut files = StoredFiles::default();
        for name in names {
            if name.ends_with(backend::TEMP_SUFFIX) {
                files.leftover_temps.push(name);
            } else if let Some(seq) = parse_seq(&name, "snapshot-", ".rtd") {
                files.snapshots.push((seq, name));
            } else if let Some(seq) = parse_seq(&name, "chunk-", ".rtc") {
                files.chunks.push((seq, name));
            }
        }
        files.snapshots.sort();
        files.chunks.sort();
        files
    }

    fn highest_seq(&self) -> u64 {
        let snapshot = self.snapshots.last().map_or(0, |(s, _)| *s);
        let chunk = self.chunks.last().map_or(0, |(s, _)| *s);
        snapshot.max(chunk)
    }
}

fn parse_seq(name: &str, prefix: &str, suffix: &str) -> Option<u64> {
    name.strip_prefix(prefix)?
        .strip_suffix(suffix)?
        .parse()
        .ok()
}

fn chunk_name(seq: u64) -> String {
    format!("chunk-{seq:020}.rtc")
}

fn snapshot_name(covers: u64) -> String {
    format!("snapshot-{covers:020}.rtd")
}

/// The encoded changes of `document` since `since`: the `known` ones' own
/// bytes when they cover every such change, else as Automerge saves them.
fn changes_after(document: &mut AutoCommit, since: &[ChangeHash], known: &[Change]) -> Vec<u8> {
    if !known.is_empty() {
        let by_hash: HashMap<ChangeHash, &Change> = known.iter().map(|c| (c.hash(), c)).collect();
        let gained = document.get_changes_meta(since);
        let encoded: Option<Vec<&[u8]>> = gained
            .iter()
            .map(|meta| by_hash.get(&meta.hash).map(|c| c.raw_bytes()))
            .collect();
        if let Some(encoded) = encoded {
            return encoded.concat();
        }
    }
    document.save_after(since)
}

#[cfg(test)]
mod corruption_tests;
#[cfg(test)]
mod power_loss_tests;
#[cfg(test)]
mod tests;
