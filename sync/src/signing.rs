//! Signed changes: every change names the device key that made it, and is
//! signed by that key.
//!
//! An actor id made by [`DeviceSigner::new_actor`] is the device's 32-byte
//! Ed25519 public key followed by a 16-byte random nonce (one per process
//! run), so the key that must have signed a change follows from the change
//! itself. The signature is Ed25519 over
//!
//! ```text
//! "rondetafel-change-v1" 0x00 len(document id) document-id change-hash
//! ```
//!
//! so a signature made for one document or one change is worthless for any
//! other. Actors of any other length are *unsigned*: the history written
//! before signing existed (see `docs/trust.md`).

use std::collections::HashMap;

use automerge::{ActorId, ChangeHash};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use libp2p::PeerId;
use libp2p::identity::{self, Keypair};

use crate::DocumentId;

/// The label every change signature starts with.
pub const CHANGE_LABEL: &[u8] = b"rondetafel-change-v1";
/// Bytes of a device key at the start of a signed actor id.
pub const KEY_BYTES: usize = 32;
/// Bytes of the per-run nonce after the key.
pub const NONCE_BYTES: usize = 16;
/// Bytes of one stored or sent signature record: change hash, signature.
pub const RECORD_BYTES: usize = 32 + 64;

/// The key a device signs its changes with.
#[derive(Clone)]
pub struct DeviceSigner {
    key: SigningKey,
}

impl std::fmt::Debug for DeviceSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSigner")
            .field("public", &hex_prefix(self.key.verifying_key().as_bytes()))
            .finish()
    }
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

impl DeviceSigner {
    /// The signer of a libp2p Ed25519 key pair; `None` for other key types.
    pub fn from_keypair(keypair: &Keypair) -> Option<Self> {
        let ed = keypair.clone().try_into_ed25519().ok()?;
        let secret: [u8; 32] = ed.secret().as_ref().try_into().ok()?;
        Some(DeviceSigner {
            key: SigningKey::from_bytes(&secret),
        })
    }

    /// A fresh actor id for one process run: the public key, then a random
    /// nonce. A new nonce per run means a crash that lost unsaved changes,
    /// or a data directory restored from a backup, can never make this
    /// device reuse an actor and sequence number a peer has seen.
    pub fn new_actor(&self) -> ActorId {
        let mut bytes = self.key.verifying_key().to_bytes().to_vec();
        let mut nonce = [0u8; NONCE_BYTES];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut nonce);
        bytes.extend_from_slice(&nonce);
        ActorId::from(bytes)
    }

    /// Whether `actor` was made from this device's key.
    pub fn owns(&self, actor: &ActorId) -> bool {
        device_key(actor).is_some_and(|key| key == self.key.verifying_key().to_bytes())
    }

    /// The signature of change `hash` in `document`.
    pub fn sign(&self, document: &DocumentId, hash: &ChangeHash) -> [u8; 64] {
        self.key.sign(&signed_bytes(document, hash)).to_bytes()
    }

    /// This device's public key.
    pub fn public_key(&self) -> [u8; KEY_BYTES] {
        self.key.verifying_key().to_bytes()
    }

    /// The signature of a statement that is not a change (an agreement to
    /// restart an alliance, say): Ed25519 over `label`, a zero byte and
    /// `statement`. Labels keep statements and change signatures apart.
    pub fn sign_statement(&self, label: &[u8], statement: &[u8]) -> [u8; 64] {
        self.key.sign(&statement_bytes(label, statement)).to_bytes()
    }
}

/// Whether `signature` is `key`'s signature of `statement` under `label`
/// (see [`DeviceSigner::sign_statement`]).
pub fn verify_statement(
    key: &[u8; KEY_BYTES],
    label: &[u8],
    statement: &[u8],
    signature: &[u8; 64],
) -> bool {
    VerifyingKey::from_bytes(key).is_ok_and(|key| {
        key.verify_strict(
            &statement_bytes(label, statement),
            &Signature::from_bytes(signature),
        )
        .is_ok()
    })
}

/// The libp2p peer id of a device key, if it is a valid Ed25519 key.
pub fn key_peer(key: &[u8; KEY_BYTES]) -> Option<PeerId> {
    let public = identity::ed25519::PublicKey::try_from_bytes(key).ok()?;
    Some(PeerId::from_public_key(&identity::PublicKey::from(public)))
}

fn statement_bytes(label: &[u8], statement: &[u8]) -> Vec<u8> {
    [label, &[0], statement].concat()
}

/// The device key an actor id names, if it is a signed actor.
pub fn device_key(actor: &ActorId) -> Option<[u8; KEY_BYTES]> {
    let bytes = actor.to_bytes();
    if bytes.len() != KEY_BYTES + NONCE_BYTES {
        return None;
    }
    bytes[..KEY_BYTES].try_into().ok()
}

/// The libp2p peer id of the device an actor id names, if it is a signed
/// actor with a valid Ed25519 key.
pub fn device_peer(actor: &ActorId) -> Option<PeerId> {
    key_peer(&device_key(actor)?)
}

/// The bytes a change signature covers.
fn signed_bytes(document: &DocumentId, hash: &ChangeHash) -> Vec<u8> {
    let id = document.as_str().as_bytes();
    let mut bytes = Vec::with_capacity(CHANGE_LABEL.len() + 2 + id.len() + 32);
    bytes.extend_from_slice(CHANGE_LABEL);
    bytes.push(0);
    bytes.push(id.len() as u8);
    bytes.extend_from_slice(id);
    bytes.extend_from_slice(&hash.0);
    bytes
}

/// One change to check: its hash, the actor that made it and the signature
/// that came with it.
#[derive(Debug, Clone)]
pub struct SignedChange<'a> {
    /// The change hash.
    pub hash: ChangeHash,
    /// Its actor.
    pub actor: &'a ActorId,
    /// The signature, if one came with it.
    pub signature: Option<&'a [u8; 64]>,
}

/// Why a change's signature does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No signature came with the change.
    #[error("the change is not signed")]
    Missing,
    /// The actor does not name a valid device key.
    #[error("the change's actor does not name a device key")]
    NoKey,
    /// The signature is not the actor's key's signature of this change.
    #[error("the signature does not match the change and its device key")]
    Wrong,
}

/// Checks the signatures of `changes` in `document`; returns one verdict per
/// change, in order. Verifies them in one batch first (about twice as fast
/// as one by one) and only looks at each one when the batch fails.
pub fn verify(
    document: &DocumentId,
    changes: &[SignedChange<'_>],
) -> Vec<Result<(), SignatureError>> {
    let mut verdicts: Vec<Result<(), SignatureError>> = Vec::with_capacity(changes.len());
    let mut batch = Vec::new();
    // Reading a key decompresses a curve point, about a third of the cost
    // of checking a signature; a message's changes share few keys.
    let mut keys_read: HashMap<[u8; KEY_BYTES], Option<VerifyingKey>> = HashMap::new();
    for (index, change) in changes.iter().enumerate() {
        let Some(signature) = change.signature else {
            verdicts.push(Err(SignatureError::Missing));
            continue;
        };
        let key = device_key(change.actor).and_then(|k| {
            *keys_read
                .entry(k)
                .or_insert_with(|| VerifyingKey::from_bytes(&k).ok())
        });
        let Some(key) = key else {
            verdicts.push(Err(SignatureError::NoKey));
            continue;
        };
        verdicts.push(Ok(()));
        batch.push((
            index,
            signed_bytes(document, &change.hash),
            Signature::from_bytes(signature),
            key,
        ));
    }
    if batch.is_empty() {
        return verdicts;
    }
    let messages: Vec<&[u8]> = batch.iter().map(|(_, m, _, _)| m.as_slice()).collect();
    let signatures: Vec<Signature> = batch.iter().map(|(_, _, s, _)| *s).collect();
    let keys: Vec<VerifyingKey> = batch.iter().map(|(_, _, _, k)| *k).collect();
    if ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok() {
        return verdicts;
    }
    for (index, message, signature, key) in &batch {
        if key.verify_strict(message, signature).is_err() {
            verdicts[*index] = Err(SignatureError::Wrong);
        }
    }
    verdicts
}

/// The signatures known for a document's changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signatures(HashMap<ChangeHash, [u8; 64]>);

impl Signatures {
    /// No signatures.
    pub fn new() -> Self {
        Signatures::default()
    }

    /// The signature of a change.
    pub fn get(&self, hash: &ChangeHash) -> Option<&[u8; 64]> {
        self.0.get(hash)
    }

    /// Whether a change's signature is known.
    pub fn contains(&self, hash: &ChangeHash) -> bool {
        self.0.contains_key(hash)
    }

    /// Records a signature (the first one kept for a hash wins).
    pub fn insert(&mut self, hash: ChangeHash, signature: [u8; 64]) {
        self.0.entry(hash).or_insert(signature);
    }

    /// Adds every signature of `other`.
    pub fn extend(&mut self, other: &Signatures) {
        for (hash, signature) in &other.0 {
            self.insert(*hash, *signature);
        }
    }

    /// How many signatures are known.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none are known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every (hash, signature), in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&ChangeHash, &[u8; 64])> {
        self.0.iter()
    }

    /// The records of the given hashes that are known, encoded.
    pub fn encode_for<'a>(&self, hashes: impl IntoIterator<Item = &'a ChangeHash>) -> Vec<u8> {
        let mut out = Vec::new();
        for hash in hashes {
            if let Some(signature) = self.0.get(hash) {
                out.extend_from_slice(&hash.0);
                out.extend_from_slice(signature);
            }
        }
        out
    }

    /// Every record, encoded (sorted, so equal sets encode equally).
    pub fn encode(&self) -> Vec<u8> {
        let mut hashes: Vec<&ChangeHash> = self.0.keys().collect();
        hashes.sort();
        self.encode_for(hashes)
    }

    /// Decodes records; `None` when the length is not a whole number of
    /// records.
    pub fn decode(bytes: &[u8]) -> Option<Signatures> {
        if !bytes.len().is_multiple_of(RECORD_BYTES) {
            return None;
        }
        let mut signatures = Signatures::new();
        for record in bytes.chunks_exact(RECORD_BYTES) {
            let hash: [u8; 32] = record[..32].try_into().ok()?;
            let signature: [u8; 64] = record[32..].try_into().ok()?;
            signatures.insert(ChangeHash(hash), signature);
        }
        Some(signatures)
    }
}

/// The signer every test document is written with, and helpers around it.
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::OnceLock;

    use automerge::AutoCommit;

    use super::*;

    /// One key for every test author.
    pub(crate) fn signer() -> &'static DeviceSigner {
        static SIGNER: OnceLock<DeviceSigner> = OnceLock::new();
        SIGNER.get_or_init(|| {
            DeviceSigner::from_keypair(&Keypair::generate_ed25519()).expect("ed25519")
        })
    }

    /// A new document written by the test signer.
    pub(crate) fn document() -> AutoCommit {
        AutoCommit::new().with_actor(signer().new_actor())
    }

    /// The test signer's signatures of every change of `doc`.
    pub(crate) fn sign_all(id: &DocumentId, doc: &mut AutoCommit) -> Signatures {
        let mut signatures = Signatures::new();
        for change in doc.get_changes_meta(&[]) {
            if signer().owns(&change.actor) {
                signatures.insert(change.hash, signer().sign(id, &change.hash));
            }
        }
        signatures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> DocumentId {
        "doc".parse().unwrap()
    }

    #[test]
    fn a_signature_holds_only_for_its_change_document_and_key() {
        let signer = DeviceSigner::from_keypair(&Keypair::generate_ed25519()).unwrap();
        let other = DeviceSigner::from_keypair(&Keypair::generate_ed25519()).unwrap();
        let actor = signer.new_actor();
        assert!(signer.owns(&actor) && !other.owns(&actor));
        let hash = ChangeHash([7; 32]);
        let good = signer.sign(&document(), &hash);
        let for_other_doc = signer.sign(&"other".parse().unwrap(), &hash);
        let by_other_key = other.sign(&document(), &hash);
        let legacy = ActorId::random();
        let changes = [
            SignedChange {
                hash,
                actor: &actor,
                signature: Some(&good),
            },
            SignedChange {
                hash,
                actor: &actor,
                signature: Some(&for_other_doc),
            },
            SignedChange {
                hash,
                actor: &actor,
                signature: Some(&by_other_key),
            },
            SignedChange {
                hash: ChangeHash([8; 32]),
                actor: &actor,
                signature: Some(&good),
            },
            SignedChange {
                hash,
                actor: &actor,
                signature: None,
            },
            SignedChange {
                hash,
                actor: &legacy,
                signature: Some(&good),
            },
        ];
        let verdicts = verify(&document(), &changes);
        assert_eq!(
            verdicts,
            vec![
                Ok(()),
                Err(SignatureError::Wrong),
                Err(SignatureError::Wrong),
                Err(SignatureError::Wrong),
                Err(SignatureError::Missing),
                Err(SignatureError::NoKey),
            ]
        );
    }

    #[test]
    fn actors_name_their_device() {
        let keypair = Keypair::generate_ed25519();
        let signer = DeviceSigner::from_keypair(&keypair).unwrap();
        let a = signer.new_actor();
        let b = signer.new_actor();
        assert_ne!(a, b, "every run gets its own nonce");
        assert_eq!(device_peer(&a), Some(keypair.public().to_peer_id()));
        assert_eq!(device_peer(&ActorId::random()), None);
    }

    #[test]
    fn records_round_trip_and_reject_odd_lengths() {
        let mut signatures = Signatures::new();
        signatures.insert(ChangeHash([1; 32]), [2; 64]);
        signatures.insert(ChangeHash([3; 32]), [4; 64]);
        assert_eq!(Signatures::decode(&signatures.encode()), Some(signatures));
        assert_eq!(Signatures::decode(&[0; 95]), None);
    }
}
