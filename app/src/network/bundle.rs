//! Changes carried by hand, for the partner who missed the meeting and
//! cannot connect: a file with the changes a partner lacks and their
//! signatures (`rondetafel bundle`), read in on the other side by the same
//! rules as a sync message (`rondetafel bundle import`). Reading a file
//! twice is the same as once; a damaged or foreign file, or one with any
//! change that does not pass, is refused whole.

use automerge::{Change, ChangeHash};
use rondetafel_sync::protocol::CarriedError;
use rondetafel_sync::{DocumentId, Signatures};
use serde::{Deserialize, Serialize};

use super::PeerBook;
use crate::model::ratification::{heads_hex, parse_heads};
use crate::model::{Alliance, AllianceView};
use crate::snapshot::stored_zip;

/// The format tag of a bundle's manifest.
pub const FORMAT: &str = "rondetafel-bundle/1";

const MANIFEST: &str = "bundle.json";
const CHANGES: &str = "changes.bin";
const SIGNATURES: &str = "signatures.bin";

/// The most bytes a bundle file may have.
pub const MAX_BUNDLE_BYTES: u64 = 512 << 20;

/// What a bundle says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The alliance id.
    pub alliance: String,
    /// Its name when the bundle was made.
    pub alliance_name: String,
    /// The heads the changes follow on (hex, sorted; empty: everything).
    pub since: Vec<String>,
    /// How many changes it carries.
    pub changes: usize,
}

/// Why a bundle cannot be made or read.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The file is not a readable bundle.
    #[error("this is not a Rondetafel change file: {0}")]
    NotABundle(String),
    /// This device does not hold the alliance the file is of.
    #[error(
        "this change file is of alliance {0:?}, which this device does not hold; join it first"
    )]
    Unknown(String),
    /// The file is of another alliance than the one it is read into.
    #[error("this change file is of alliance {0}, not of this one")]
    Foreign(String),
    /// Changes in the file do not pass.
    #[error(
        "nothing was read in: {count} change(s) in the file do not pass ({reason}); ask the partner for a new file"
    )]
    Refused {
        /// How many.
        count: usize,
        /// Why the first did not.
        reason: String,
    },
    /// The node did not apply the changes.
    #[error("nothing was read in: {0}")]
    NotApplied(String),
    /// The changes build on changes this device does not have.
    #[error(
        "nothing was read in: the file builds on changes this device does not have yet; ask the partner for a file with everything (made without --for)"
    )]
    MissingHistory,
    /// The alliance refused the document.
    #[error(transparent)]
    Model(#[from] crate::model::ModelError),
}

/// The heads a partner's devices were last known to have of `alliance`
/// (from the peer book: the latest moment one of them was in sync with
/// this device); empty when none is known.
pub fn known_heads_of(view: &AllianceView, partner: &str, book: &PeerBook) -> Vec<String> {
    let Some(partner) = view.partners.iter().find(|p| p.id == partner) else {
        return Vec::new();
    };
    partner
        .devices
        .iter()
        .chain(&partner.removed_devices)
        .filter_map(|device| book.peers.get(device)?.synced.get(&view.id))
        .max_by(|a, b| a.at.cmp(&b.at))
        .map(|record| record.heads.clone())
        .unwrap_or_default()
}

/// Writes the changes of `alliance` after `since` (everything when empty,
/// or when this replica does not hold all of `since`) with their
/// `signatures` as a bundle file.
pub fn make(
    alliance: &mut Alliance,
    since: &[String],
    signatures: &Signatures,
) -> Result<(Vec<u8>, Manifest), BundleError> {
    let mut since = parse_heads(since).unwrap_or_default();
    if !alliance.has_changes(&since) {
        since.clear();
    }
    let changes = alliance.changes_after(&since);
    let mut encoded = Vec::new();
    for change in &changes {
        let raw = change.raw_bytes();
        encoded.extend_from_slice(&(raw.len() as u32).to_be_bytes());
        encoded.extend_from_slice(raw);
    }
    let hashes: Vec<ChangeHash> = changes.iter().map(Change::hash).collect();
    let records = signatures.encode_for(&hashes);
    let mut since_hex = heads_hex(&since);
    since_hex.sort();
    let manifest = Manifest {
        format: FORMAT.into(),
        alliance: alliance.id().to_owned(),
        alliance_name: alliance.name(),
        since: since_hex,
        changes: changes.len(),
    };
    let json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    let bytes = stored_zip::write([
        (MANIFEST, json.as_slice()),
        (CHANGES, encoded.as_slice()),
        (SIGNATURES, records.as_slice()),
    ])
    .map_err(BundleError::NotABundle)?;
    Ok((bytes, manifest))
}

/// A bundle read from a file, not yet applied.
#[derive(Debug)]
pub struct Opened {
    /// What it says about itself.
    pub manifest: Manifest,
    changes: Vec<Change>,
    signatures: Signatures,
}

impl Opened {
    /// The changes and their signatures, for a node to apply
    /// (`Node::apply_carried`).
    pub fn into_parts(self) -> (Manifest, Vec<Change>, Signatures) {
        (self.manifest, self.changes, self.signatures)
    }
}

/// Reads a bundle file; anything damaged refuses it whole.
pub fn open(bytes: &[u8]) -> Result<Opened, BundleError> {
    let damaged = |what: &str| BundleError::NotABundle(what.to_owned());
    let entries = stored_zip::read(bytes).map_err(BundleError::NotABundle)?;
    let part = |name: &str| {
        entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
            .ok_or_else(|| damaged(&format!("it has no {name}")))
    };
    let manifest: Manifest =
        serde_json::from_slice(part(MANIFEST)?).map_err(|_| damaged("its manifest is damaged"))?;
    if manifest.format != FORMAT {
        return Err(damaged(&format!(
            "it has the unknown format {:?}",
            manifest.format
        )));
    }
    let signatures = Signatures::decode(part(SIGNATURES)?)
        .ok_or_else(|| damaged("its signatures are damaged"))?;
    let mut rest = part(CHANGES)?;
    let mut changes = Vec::new();
    while !rest.is_empty() {
        let (length, tail) = rest
            .split_first_chunk::<4>()
            .ok_or_else(|| damaged("its changes are cut off"))?;
        let length = u32::from_be_bytes(*length) as usize;
        if tail.len() < length {
            return Err(damaged("its changes are cut off"));
        }
        let change = Change::from_bytes(tail[..length].to_vec())
            .map_err(|_| damaged("a change in it is damaged"))?;
        changes.push(change);
        rest = &tail[length..];
    }
    if changes.len() != manifest.changes {
        return Err(damaged("it holds another number of changes than it says"));
    }
    Ok(Opened {
        manifest,
        changes,
        signatures,
    })
}

/// Applies an opened bundle to `alliance` after screening every change;
/// returns how many changes were new and the signatures to store.
pub fn apply(alliance: &mut Alliance, opened: Opened) -> Result<(usize, Signatures), BundleError> {
    if opened.manifest.alliance != alliance.id() {
        return Err(BundleError::Foreign(opened.manifest.alliance));
    }
    let id: DocumentId = alliance
        .id()
        .parse()
        .map_err(|_| BundleError::Foreign(alliance.id().to_owned()))?;
    let carried = rondetafel_sync::protocol::apply_carried(
        &id,
        alliance.document_mut(),
        opened.changes,
        &opened.signatures,
    )
    .map_err(|error| match error {
        CarriedError::Refused { count, reason } => BundleError::Refused { count, reason },
        CarriedError::MissingHistory => BundleError::MissingHistory,
        CarriedError::Apply(reason) => BundleError::NotApplied(reason),
    })?;
    Ok((carried.added, carried.signatures))
}

#[cfg(test)]
mod tests {
    use rondetafel_sync::DeviceSigner;
    use rondetafel_sync::identity::Keypair;

    use super::*;
    use crate::model::{Author, Organisation, PartnerKind};

    fn founded() -> (Alliance, Author, DeviceSigner) {
        let signer = DeviceSigner::from_keypair(&Keypair::generate_ed25519()).expect("ed25519");
        let actor = signer.new_actor();
        let device = rondetafel_sync::signing::device_peer(&actor)
            .expect("signed")
            .to_string();
        let organisation = Organisation {
            partner_id: "gemeente".into(),
            name: "Gemeente Zwolle".into(),
            kind: PartnerKind::Gemeente,
            roles: Vec::new(),
        };
        let alliance =
            Alliance::create("Jeugd Noord", "", &organisation, &device, actor).expect("create");
        let author = Author {
            partner_id: "gemeente".into(),
            device,
        };
        (alliance, author, signer)
    }

    fn signed(alliance: &mut Alliance, signer: &DeviceSigner) -> Signatures {
        let id: DocumentId = alliance.id().parse().expect("id");
        let mut signatures = Signatures::new();
        for change in alliance.changes_after(&[]) {
            signatures.insert(change.hash(), signer.sign(&id, &change.hash()));
        }
        signatures
    }

    #[test]
    fn a_bundle_reads_back_and_applies_once() {
        let (mut alliance, author, signer) = founded();
        let copy_bytes = alliance.save_bytes();
        let since = heads_hex(&alliance.heads());
        alliance
            .add_agreement(&author, "Eén loket", "Per wijk")
            .expect("add");
        let signatures = signed(&mut alliance, &signer);
        let (bytes, manifest) = make(&mut alliance, &since, &signatures).expect("make");
        assert_eq!(manifest.changes, 1);
        let mut behind = Alliance::from_document(
            automerge::AutoCommit::load(&copy_bytes).expect("load"),
            automerge::ActorId::random(),
        )
        .expect("copy");
        let (added, stored) = apply(&mut behind, open(&bytes).expect("open")).expect("apply");
        assert_eq!(added, 1);
        assert_eq!(stored.len(), 1);
        assert_eq!(behind.heads(), alliance.heads());
        let (again, _) = apply(&mut behind, open(&bytes).expect("open")).expect("again");
        assert_eq!(again, 0, "twice is the same as once");
    }

    #[test]
    fn damaged_unsigned_and_unconnected_bundles_change_nothing() {
        let (mut alliance, author, signer) = founded();
        let copy_bytes = alliance.save_bytes();
        let since = heads_hex(&alliance.heads());
        alliance
            .add_agreement(&author, "Eén loket", "")
            .expect("add");
        alliance.add_agreement(&author, "Twee", "").expect("add");
        let signatures = signed(&mut alliance, &signer);
        let behind = || {
            Alliance::from_document(
                automerge::AutoCommit::load(&copy_bytes).expect("load"),
                automerge::ActorId::random(),
            )
            .expect("copy")
        };
        let (bytes, _) = make(&mut alliance, &since, &signatures).expect("make");
        let cut = &bytes[..bytes.len() - 30];
        assert!(matches!(open(cut), Err(BundleError::NotABundle(_))));
        assert!(matches!(
            open(b"PK\x03\x04junk"),
            Err(BundleError::NotABundle(_))
        ));

        let (unsigned, _) = make(&mut alliance, &since, &Signatures::new()).expect("make");
        let mut copy = behind();
        let heads = copy.heads();
        let refused = apply(&mut copy, open(&unsigned).expect("open"));
        assert!(
            matches!(refused, Err(BundleError::Refused { count: 2, .. })),
            "{refused:?}"
        );
        assert_eq!(copy.heads(), heads);

        // Only the last change, without the one it builds on.
        let all = alliance.changes_after(&[]);
        let last = all.last().expect("a change").hash();
        let before_last = heads_hex(&[all[all.len() - 2].hash()]);
        let (tail, _) = make(&mut alliance, &before_last, &signatures).expect("make");
        let mut copy = behind();
        let missing = apply(&mut copy, open(&tail).expect("open"));
        assert!(
            matches!(missing, Err(BundleError::MissingHistory)),
            "{missing:?} {last}"
        );
    }
}
