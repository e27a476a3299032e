//! The [`Workspace`]: one opened data directory and the alliances in it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use automerge::{ActorId, AutoCommit, ChangeHash};
use rondetafel_sync::{DocumentId, DocumentStore, FsBackend, LoadError, SaveError, SaveOutcome};

use super::identity::{DeviceIdentity, IdentityError};
use super::lock::{DataDirLock, LockError};
use super::profile::{self, Profile, ProfileError};
use super::restarts;
use crate::model::{Alliance, Author, ModelError, ids};
use crate::network::bundle;
use crate::network::control;

/// The folder inside the data directory that holds the alliances.
pub(crate) const ALLIANCES_DIR: &str = "alliances";

/// Something that went wrong while loading, which did not stop the rest
/// from loading. Shown to the user as a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    /// The stored document the warning is about.
    pub document: String,
    /// What happened, in plain words.
    pub message: String,
}

/// Why a workspace operation failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// The data directory could not be created or read.
    #[error("cannot use the data directory {}: {}", .dir.display(), rondetafel_sync::describe_io(.source))]
    DataDir {
        /// The data directory.
        dir: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The data directory is locked or unusable.
    #[error(transparent)]
    Lock(#[from] LockError),
    /// The device key is unusable.
    #[error(transparent)]
    Identity(#[from] IdentityError),
    /// The profile is unusable.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The device has no organisation profile yet.
    #[error("this device is not set up yet; run: rondetafel init --org NAME --kind KIND")]
    NoProfile,
    /// An alliance rule refused the operation.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// Saving failed; nothing was reported as saved.
    #[error(transparent)]
    Save(#[from] SaveError),
    /// The network node could not start or stopped.
    #[error("network: {0}")]
    Network(String),
    /// An alliance could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A change file could not be read in.
    #[error(transparent)]
    Bundle(Box<crate::network::bundle::BundleError>),
}

impl From<bundle::BundleError> for WorkspaceError {
    fn from(error: bundle::BundleError) -> Self {
        WorkspaceError::Bundle(Box::new(error))
    }
}

/// What a workspace opened beside a running `serve` keeps of what it read:
/// the heads each alliance was read at, so that what a command adds can be
/// handed to the node, and the signatures read with it (the store keeps
/// those only for documents it may write).
#[derive(Debug, Default)]
struct Beside {
    heads: HashMap<String, Vec<ChangeHash>>,
    signatures: HashMap<String, rondetafel_sync::Signatures>,
}

/// An opened data directory: locked for this process, with this device's
/// identity and a fresh Automerge actor id for this run.
#[derive(Debug)]
pub struct Workspace {
    dir: PathBuf,
    /// The lock, or `None` beside a running `serve` that holds it.
    _lock: Option<DataDirLock>,
    /// Beside a running `serve`: what was read (see [`Beside`]).
    beside: Option<Beside>,
    identity: DeviceIdentity,
    store: DocumentStore<FsBackend>,
    actor: ActorId,
    /// Whether this run confirmed every warning about likely personal data.
    not_personal_confirmed: bool,
}

impl Workspace {
    /// Opens (creating if needed) the data directory `dir` and locks it.
    /// A directory held by another process is refused before anything in
    /// it is touched.
    pub fn open(dir: &Path) -> Result<Self, WorkspaceError> {
        if !dir.is_dir() {
            fs::create_dir_all(dir).map_err(|source| WorkspaceError::DataDir {
                dir: dir.to_owned(),
                source,
            })?;
        }
        // A running `serve` holds the lock: work beside it through its
        // control socket.
        let lock = match DataDirLock::acquire(dir) {
            Ok(lock) => Some(lock),
            Err(LockError::InUse { .. }) if control::is_listening(dir) => None,
            Err(error) => return Err(error.into()),
        };
        let beside = lock.is_none().then(Beside::default);
        let identity = DeviceIdentity::load_or_create(dir)?;
        let signer = identity.signer();
        let mut store = DocumentStore::new(FsBackend::new(dir.join(ALLIANCES_DIR)));
        store.set_signer(signer.clone());
        Ok(Workspace {
            dir: dir.to_owned(),
            _lock: lock,
            beside,
            identity,
            store,
            actor: signer.new_actor(),
            not_personal_confirmed: false,
        })
    }

    /// Whether this workspace works beside a running `serve` (which holds
    /// the data directory and saves what this one changes).
    pub fn beside_running_node(&self) -> bool {
        self.beside.is_some()
    }

    /// Refuses, beside a running `serve`, what needs the data directory to
    /// itself (running a node, setting up, importing), with the lock's own
    /// message.
    pub fn exclusive(&self) -> Result<(), WorkspaceError> {
        match self.beside {
            Some(_) => DataDirLock::acquire(&self.dir)
                .map(drop)
                .map_err(Into::into),
            None => Ok(()),
        }
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder holding the stored alliances.
    pub fn alliances_dir(&self) -> PathBuf {
        self.dir.join(ALLIANCES_DIR)
    }

    /// The Automerge actor id of this process run: this device's public key
    /// and a nonce of this run, so every change names the key that signed
    /// it.
    pub fn actor(&self) -> &ActorId {
        &self.actor
    }

    /// This device's identity.
    pub fn identity(&self) -> &DeviceIdentity {
        &self.identity
    }

    /// The organisation profile, if the device is set up.
    pub fn profile(&self) -> Result<Option<Profile>, WorkspaceError> {
        Ok(profile::read(&self.dir)?)
    }

    /// Sets up this device for an organisation; refuses to overwrite.
    pub fn init_profile(
        &mut self,
        organisation: &str,
        kind: crate::model::PartnerKind,
        roles: Vec<crate::model::Role>,
    ) -> Result<Profile, WorkspaceError> {
        self.exclusive()?;
        let organisation = organisation.trim();
        if organisation.is_empty() {
            return Err(ModelError::Empty("the organisation name").into());
        }
        let profile = Profile {
            partner_id: ids::random_id(ids::ITEM_ID_BYTES),
            organisation: organisation.to_owned(),
            kind,
            roles,
        };
        profile::create(&self.dir, &profile)?;
        Ok(profile)
    }

    /// Sets up this device as another device of an existing partner (from a
    /// device invitation); refuses to overwrite a profile.
    pub fn adopt_profile(
        &mut self,
        partner_id: &str,
        organisation: &str,
        kind: crate::model::PartnerKind,
    ) -> Result<Profile, WorkspaceError> {
        self.exclusive()?;
        let profile = Profile {
            partner_id: partner_id.to_owned(),
            organisation: organisation.to_owned(),
            kind,
            roles: Vec::new(),
        };
        profile::create(&self.dir, &profile)?;
        Ok(profile)
    }

    /// Who acts when this device edits: its organisation and peer id.
    pub fn author(&self) -> Result<Author, WorkspaceError> {
        let profile = self.profile()?.ok_or(WorkspaceError::NoProfile)?;
        Ok(Author {
            partner_id: profile.partner_id,
            device: self.identity.peer_id().to_string(),
        })
    }

    /// Loads every stored alliance. One that cannot be loaded is reported as
    /// a warning; the others still load.
    pub fn load_alliances(&mut self) -> Result<(Vec<Alliance>, Vec<LoadWarning>), WorkspaceError> {
        let ids = self
            .store
            .stored_document_ids()
            .map_err(|source| WorkspaceError::DataDir {
                dir: self.dir.join(ALLIANCES_DIR),
                source,
            })?;
        let started = std::time::Instant::now();
        let mut alliances = Vec::new();
        let mut warnings = Vec::new();
        for id in ids {
            let one = std::time::Instant::now();
            match self.load(&id, &mut warnings) {
                Ok(alliance) => {
                    tracing::debug!(
                        alliance = alliance.id(),
                        ms = one.elapsed().as_millis() as u64,
                        "alliance loaded"
                    );
                    alliances.push(alliance);
                }
                Err(message) => warnings.push(LoadWarning {
                    document: id.to_string(),
                    message,
                }),
            }
        }
        alliances.sort_by_key(|a| (a.name().to_lowercase(), a.id().to_owned()));
        tracing::info!(
            alliances = alliances.len(),
            damaged = warnings.len(),
            ms = started.elapsed().as_millis() as u64,
            "alliances loaded"
        );
        Ok((alliances, warnings))
    }

    fn load(
        &mut self,
        id: &DocumentId,
        warnings: &mut Vec<LoadWarning>,
    ) -> Result<Alliance, String> {
        let loaded = match self.beside {
            Some(_) => self.store.load_read_only(id),
            None => self.store.load(id),
        }
        .map_err(|e| e.to_string())?;
        if let Some(beside) = &mut self.beside {
            beside
                .signatures
                .insert(id.to_string(), loaded.signatures.clone());
        }
        warnings.extend(loaded.problems.iter().map(|problem| LoadWarning {
            document: id.to_string(),
            message: problem.to_string(),
        }));
        let mut alliance = Alliance::from_document(loaded.document, self.actor.clone())
            .map_err(|e| format!("the stored alliance {id} cannot be used: {e}"))?;
        if let Some(beside) = &mut self.beside {
            beside
                .heads
                .insert(alliance.id().to_owned(), alliance.heads());
        }
        if self.not_personal_confirmed {
            alliance.confirm_all_not_personal();
        }
        Ok(alliance)
    }

    /// Confirms, for every alliance this workspace opens, that what looks
    /// like personal data in this run's edits is not (a citizen service
    /// number is refused regardless).
    pub fn confirm_not_personal_data(&mut self) {
        self.not_personal_confirmed = true;
    }

    /// Finds one alliance by id, unique id prefix or exact name.
    pub fn find_alliance(
        &mut self,
        query: &str,
    ) -> Result<(Alliance, Vec<LoadWarning>), WorkspaceError> {
        let (alliances, warnings) = self.load_alliances()?;
        let candidates: Vec<(String, Option<String>)> = alliances
            .iter()
            .map(|a| (a.id().to_owned(), Some(a.name())))
            .collect();
        // An alliance that restarted is found by its old id too.
        let records = restarts::load(&self.dir).unwrap_or_default();
        let id = ids::resolve("alliance", query, &candidates)
            .or_else(|error| restarts::successor_of(&records, query.trim()).ok_or(error))?;
        let alliance =
            alliances
                .into_iter()
                .find(|a| a.id() == id)
                .ok_or(ModelError::NotFound {
                    what: "alliance",
                    query: query.to_owned(),
                })?;
        Ok((alliance, warnings))
    }

    /// Creates an alliance with this device's organisation as first partner,
    /// and saves it.
    pub fn create_alliance(
        &mut self,
        name: &str,
        description: &str,
    ) -> Result<Alliance, WorkspaceError> {
        self.exclusive()?;
        let profile = self.profile()?.ok_or(WorkspaceError::NoProfile)?;
        let device = self.identity.peer_id().to_string();
        let confirmed = crate::model::privacy::Confirmed {
            all: self.not_personal_confirmed,
            texts: Default::default(),
        };
        let mut alliance = Alliance::create_with(
            name,
            description,
            &profile.organisation(),
            &device,
            self.actor.clone(),
            &confirmed,
        )?;
        self.save(&mut alliance)?;
        Ok(alliance)
    }

    /// The signatures stored with an alliance's changes (it must have been
    /// loaded by this workspace).
    pub fn signatures(&self, alliance_id: &str) -> rondetafel_sync::Signatures {
        if let Some(beside) = &self.beside {
            return beside
                .signatures
                .get(alliance_id)
                .cloned()
                .unwrap_or_default();
        }
        alliance_id
            .parse()
            .ok()
            .and_then(|id| self.store.signatures(&id).cloned())
            .unwrap_or_default()
    }

    /// Saves the alliance's unsaved changes durably.
    pub fn save(&mut self, alliance: &mut Alliance) -> Result<SaveOutcome, WorkspaceError> {
        if let Some(beside) = &mut self.beside {
            return hand_over(&self.dir, &mut beside.heads, alliance);
        }
        let id = document_id(alliance.id())?;
        Ok(self.store.save(&id, alliance.document_mut())?)
    }

    /// Adds an alliance from a raw Automerge document, merging it into the
    /// local replica if that alliance is already here. Returns the alliance
    /// and whether it was merged into an existing one.
    pub fn import(&mut self, bytes: &[u8]) -> Result<(Alliance, bool), WorkspaceError> {
        self.exclusive()?;
        let document = AutoCommit::load(bytes).map_err(|e| {
            ModelError::NotAnAlliance(format!("the file is not an Automerge document ({e})"))
        })?;
        let mut incoming = Alliance::from_document(document, self.actor.clone())?;
        let id = document_id(incoming.id())?;
        if self
            .store
            .contains(&id)
            .map_err(|source| WorkspaceError::DataDir {
                dir: self.dir.join(ALLIANCES_DIR),
                source,
            })?
        {
            let (mut existing, _) = self.find_alliance(incoming.id())?;
            existing
                .document_mut()
                .merge(incoming.document_mut())
                .map_err(ModelError::from)?;
            self.save(&mut existing)?;
            return Ok((existing, true));
        }
        self.save(&mut incoming)?;
        Ok((incoming, false))
    }
}

impl Workspace {
    /// Carries out an agreed restart of `alliance` on this device, when
    /// every partner accepted one: the new epoch is saved, the record kept,
    /// and the old document deleted with every file of it. Returns the new
    /// epoch; `None` when no restart is agreed. Beside a running `serve`,
    /// the node does this itself.
    pub fn carry_out_restart(
        &mut self,
        alliance: &mut Alliance,
    ) -> Result<Option<Alliance>, WorkspaceError> {
        if self.beside.is_some() {
            return Ok(None);
        }
        let author = self.author()?;
        let Some(prepared) = restarts::prepare(alliance, &author, self.actor.clone())? else {
            return Ok(None);
        };
        let mut new = prepared.alliance;
        self.save(&mut new)?;
        let data_dir = |source| WorkspaceError::DataDir {
            dir: self.dir.clone(),
            source,
        };
        let old = document_id(&prepared.record.previous)?;
        restarts::remember(&self.dir, prepared.record).map_err(data_dir)?;
        self.store.remove(&old).map_err(data_dir)?;
        Ok(Some(new))
    }

    /// Reads in a change file made by `rondetafel bundle`: every change is
    /// screened as a sync message's would be, and the file is refused whole
    /// unless all pass. Returns the alliance and how many changes were new
    /// (none when the file was read in before).
    pub fn import_bundle(&mut self, bytes: &[u8]) -> Result<(Alliance, usize), WorkspaceError> {
        self.exclusive()?;
        let opened = bundle::open(bytes)?;
        let (mut alliance, _) = self
            .find_alliance(&opened.manifest.alliance)
            .map_err(|_| bundle::BundleError::Unknown(opened.manifest.alliance_name.clone()))?;
        let (added, signatures) = bundle::apply(&mut alliance, opened)?;
        if added > 0 {
            let id = document_id(alliance.id())?;
            self.store.add_signatures(&id, &signatures);
            self.save(&mut alliance)?;
        }
        Ok((alliance, added))
    }
}

/// Beside a running `serve`: hands what `alliance` gained since it was read
/// to the node, which saves it before this returns.
fn hand_over(
    dir: &Path,
    loaded: &mut HashMap<String, Vec<ChangeHash>>,
    alliance: &mut Alliance,
) -> Result<SaveOutcome, WorkspaceError> {
    let since = loaded.get(alliance.id()).cloned().unwrap_or_default();
    let changes = alliance.save_after(&since);
    if !changes.is_empty() {
        control::hand_over(dir, alliance.id(), &changes).map_err(WorkspaceError::Network)?;
        loaded.insert(alliance.id().to_owned(), alliance.heads());
    }
    Ok(SaveOutcome {
        bytes_written: changes.len(),
        compacted: false,
    })
}

fn document_id(alliance_id: &str) -> Result<DocumentId, ModelError> {
    alliance_id
        .parse()
        .map_err(|_| ModelError::NotAnAlliance(format!("its id {alliance_id:?} is not valid")))
}

/// Reads one alliance of the data directory `dir` without taking the lock
/// and without writing anything, for status commands while another process
/// (a running node) uses the directory.
pub fn read_alliance_view(
    dir: &Path,
    query: &str,
) -> Result<crate::model::AllianceView, WorkspaceError> {
    let mut store = DocumentStore::new(FsBackend::new(dir.join(ALLIANCES_DIR)));
    let ids = store
        .stored_document_ids()
        .map_err(|source| WorkspaceError::DataDir {
            dir: dir.join(ALLIANCES_DIR),
            source,
        })?;
    let mut views = Vec::new();
    for id in ids {
        let Ok(loaded) = store.load_read_only(&id) else {
            continue;
        };
        if let Ok(mut alliance) = Alliance::from_document(loaded.document, ActorId::random()) {
            views.push(alliance.view());
        }
    }
    let candidates: Vec<(String, Option<String>)> = views
        .iter()
        .map(|v| (v.id.clone(), Some(v.name.clone())))
        .collect();
    let id = ids::resolve("alliance", query, &candidates)?;
    views.into_iter().find(|v| v.id == id).ok_or_else(|| {
        ModelError::NotFound {
            what: "alliance",
            query: query.to_owned(),
        }
        .into()
    })
}
