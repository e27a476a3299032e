//! This device's organisation profile, set once with `rondetafel init`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Organisation, PartnerKind, Role};

/// Name of the profile file inside the data directory.
pub const PROFILE_FILE: &str = "profile.json";

/// The organisation this device acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The partner id this organisation uses in every alliance.
    pub partner_id: String,
    /// The organisation's name.
    pub organisation: String,
    /// The kind of organisation.
    pub kind: PartnerKind,
    /// Its roles.
    #[serde(default)]
    pub roles: Vec<Role>,
}

impl Profile {
    /// The profile as a partner organisation.
    pub fn organisation(&self) -> Organisation {
        Organisation {
            partner_id: self.partner_id.clone(),
            name: self.organisation.clone(),
            kind: self.kind,
            roles: self.roles.clone(),
        }
    }
}

/// Why the profile could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// Reading or writing failed.
    #[error("cannot use the profile {}: {}", .path.display(), rondetafel_sync::describe_io(.source))]
    Io {
        /// The profile file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The file is not a valid profile.
    #[error("the profile {} is damaged: {reason}", .path.display())]
    Damaged {
        /// The profile file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `init` was run when a profile already exists.
    #[error("this device is already set up for {0}; the profile is not overwritten")]
    AlreadyExists(String),
}

/// Reads the profile in `dir`, if there is one.
pub fn read(dir: &Path) -> Result<Option<Profile>, ProfileError> {
    let path = dir.join(PROFILE_FILE);
    match fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| ProfileError::Damaged {
                path,
                reason: e.to_string(),
            }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ProfileError::Io { path, source }),
    }
}

/// Writes a new profile in `dir`; refuses if one exists.
pub fn create(dir: &Path, profile: &Profile) -> Result<(), ProfileError> {
    if let Some(existing) = read(dir)? {
        return Err(ProfileError::AlreadyExists(existing.organisation));
    }
    let path = dir.join(PROFILE_FILE);
    let io_error = |source| ProfileError::Io {
        path: path.clone(),
        source,
    };
    let bytes = serde_json::to_vec_pretty(profile).map_err(|e| ProfileError::Damaged {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    super::write_atomically(&path, &bytes, 0o644).map_err(io_error)
}
