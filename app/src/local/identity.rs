//! This device's Ed25519 key pair: its libp2p identity.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use libp2p_identity::{Keypair, PeerId};
use rondetafel_sync::DeviceSigner;

/// Name of the key file inside the data directory.
pub const KEY_FILE: &str = "device.key";

/// The device's key pair and the peer id derived from it.
#[derive(Debug, Clone)]
pub struct DeviceIdentity {
    keypair: Keypair,
    signer: DeviceSigner,
}

/// Why the device key could not be loaded or created.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    /// Reading or writing the key file failed.
    #[error("cannot use the device key {}: {}", .path.display(), rondetafel_sync::describe_io(.source))]
    Io {
        /// The key file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The key file exists but is not a valid key. It is left untouched: a
    /// new key would make this device a stranger to its alliances.
    #[error("the device key {} is damaged ({reason}); restore it from a backup, or move it away to start as a new device", .path.display())]
    Damaged {
        /// The key file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

impl DeviceIdentity {
    /// Loads the key from `dir`, creating it (mode 0600) on first use.
    pub fn load_or_create(dir: &Path) -> Result<Self, IdentityError> {
        let path = dir.join(KEY_FILE);
        let io_error = |source| IdentityError::Io {
            path: path.clone(),
            source,
        };
        match fs::read(&path) {
            Ok(bytes) => Self::decode(&path, &bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let keypair = Keypair::generate_ed25519();
                let bytes = keypair
                    .to_protobuf_encoding()
                    .map_err(|e| IdentityError::Damaged {
                        path: path.clone(),
                        reason: e.to_string(),
                    })?;
                super::write_atomically(&path, &bytes, 0o600).map_err(io_error)?;
                Self::decode(&path, &bytes)
            }
            Err(e) => Err(io_error(e)),
        }
    }

    /// Reads the key from `dir` without creating one.
    pub fn read(dir: &Path) -> Result<Self, IdentityError> {
        let path = dir.join(KEY_FILE);
        let bytes = fs::read(&path).map_err(|source| IdentityError::Io {
            path: path.clone(),
            source,
        })?;
        Self::decode(&path, &bytes)
    }

    /// An Ed25519 key pair from the key file's bytes.
    fn decode(path: &Path, bytes: &[u8]) -> Result<Self, IdentityError> {
        let damaged = |reason: String| IdentityError::Damaged {
            path: path.to_owned(),
            reason,
        };
        let keypair = Keypair::from_protobuf_encoding(bytes).map_err(|e| damaged(e.to_string()))?;
        let signer = DeviceSigner::from_keypair(&keypair)
            .ok_or_else(|| damaged("it is not an Ed25519 key".into()))?;
        Ok(DeviceIdentity { keypair, signer })
    }

    /// What signs this device's changes.
    pub fn signer(&self) -> DeviceSigner {
        self.signer.clone()
    }

    /// The device's peer id.
    pub fn peer_id(&self) -> PeerId {
        self.keypair.public().to_peer_id()
    }

    /// The key pair, for the network layer.
    pub fn keypair(&self) -> &Keypair {
        &self.keypair
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn created_once_private_and_stable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = DeviceIdentity::load_or_create(dir.path()).expect("create");
        let second = DeviceIdentity::load_or_create(dir.path()).expect("load");
        assert_eq!(first.peer_id(), second.peer_id());
        let mode = fs::metadata(dir.path().join(KEY_FILE))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_damaged_key_is_reported_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join(KEY_FILE), b"not a key").expect("write");
        let error = DeviceIdentity::load_or_create(dir.path()).expect_err("damaged");
        assert!(error.to_string().contains("damaged"), "{error}");
        assert_eq!(
            fs::read(dir.path().join(KEY_FILE)).expect("kept"),
            b"not a key"
        );
    }
}
