//! This device: its data directory, the lock that keeps it to one process,
//! its key pair, its organisation profile, and the alliances stored there.
//!
//! [`Workspace`] is the service that the command line and the desktop client
//! both use: open the data directory, find and change alliances, save them.

mod atomic;
mod identity;
mod lock;
pub mod profile;
pub mod restarts;
mod workspace;

use std::path::PathBuf;

pub use atomic::write_atomically;
pub use identity::{DeviceIdentity, IdentityError, KEY_FILE};
pub use lock::{DataDirLock, LOCK_FILE, LockError};
pub use profile::{Profile, ProfileError};
pub(crate) use workspace::ALLIANCES_DIR;
pub use workspace::{LoadWarning, Workspace, WorkspaceError, read_alliance_view};

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "RONDETAFEL_DATA_DIR";

/// The platform's data directory for Rondetafel (for example
/// `~/.local/share/rondetafel` on Linux), if the platform has one.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("nl", "Rondetafel", "Rondetafel")
        .map(|dirs| dirs.data_dir().to_owned())
}
