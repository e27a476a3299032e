//! The archive package of one snapshot (`rondetafel archive`): what a
//! partner hands its archivist for its own records system. One zip file
//! holding the PDF/A export, the JSON export, the raw Automerge document at
//! the version the exports were made, the signatures of its changes, and a
//! metadata file in the Dutch archival standard MDTO beside each of them.
//! [`verify`] checks a package on its own, with no replica present.

mod mdto;
pub mod verify;

use std::collections::BTreeMap;

use automerge::ChangeHash;
use rondetafel_sync::Signatures;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{Alliance, SnapshotRecord};
use crate::snapshot::content::{self, SnapshotDocument};
use crate::snapshot::{self, Format, SnapshotError, stored_zip};

/// The PDF/A export in a package.
pub const PDF: &str = "snapshot.pdf";
/// The JSON export in a package.
pub const JSON: &str = "snapshot.json";
/// The raw Automerge document in a package.
pub const DOCUMENT: &str = "alliance.automerge";
/// The signatures of the document's changes in a package.
pub const SIGNATURES: &str = "signatures.json";
/// The MDTO metadata of the snapshot itself (the informatieobject).
pub const RECORD_METADATA: &str = "afsprakenset.MDTO.xml";

/// The files of a package that have a content and an MDTO `bestand` file.
pub const CONTENT_FILES: [&str; 4] = [PDF, JSON, DOCUMENT, SIGNATURES];

/// The format tag of the signatures file.
const SIGNATURES_FORMAT: &str = "rondetafel-signatures/1";

/// The name of the MDTO `bestand` file that describes `file`.
pub fn sidecar(file: &str) -> String {
    format!("{file}.bestand.MDTO.xml")
}

/// How long the archivist keeps the snapshot (MDTO *waardering*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Valuation {
    /// Blijvend te bewaren (B).
    Permanent,
    /// Tijdelijk te bewaren (V), with a retention period.
    Temporary,
    /// Nader te bepalen (N): the archivist decides.
    #[default]
    Undetermined,
}

impl std::str::FromStr for Valuation {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "permanent" => Ok(Valuation::Permanent),
            "temporary" => Ok(Valuation::Temporary),
            "undetermined" => Ok(Valuation::Undetermined),
            other => Err(format!(
                "{other:?} is not a valuation: use permanent, temporary or undetermined"
            )),
        }
    }
}

/// What the archivist's organisation says about the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveOptions {
    /// The organisation that archives it (MDTO *archiefvormer*): the
    /// partner making the package.
    pub archive_creator: String,
    /// How long it is kept.
    pub valuation: Valuation,
    /// The retention period in years (with [`Valuation::Temporary`] only).
    pub retention_years: Option<u32>,
}

/// Why a package cannot be made or read.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The snapshot could not be exported.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// The options do not go together.
    #[error("{0}")]
    Options(String),
    /// The file is not a readable archive package.
    #[error("this is not a Rondetafel archive package: {0}")]
    NotAPackage(String),
}

/// One file of a package, as its MDTO metadata describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackedFile {
    /// The file's name in the package.
    pub name: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// The SHA-256 of its content (hex).
    pub sha256: String,
}

/// A package made by [`build`].
#[derive(Debug, Clone)]
pub struct Package {
    /// The zip file's bytes.
    pub bytes: Vec<u8>,
    /// The snapshot's content, as the exports hold it.
    pub document: SnapshotDocument,
    /// The content files with their sizes and checksums.
    pub files: Vec<PackedFile>,
}

/// Builds the archive package of `record`, with the ratification status as
/// it is now. `signatures` are this replica's stored signatures; `now` is
/// written as the date the checksums were made.
pub fn build(
    alliance: &mut Alliance,
    record: &SnapshotRecord,
    signatures: &Signatures,
    options: &ArchiveOptions,
    now: jiff::Timestamp,
) -> Result<Package, ArchiveError> {
    if options.retention_years.is_some() != (options.valuation == Valuation::Temporary) {
        return Err(ArchiveError::Options(
            "a retention period goes with, and only with, --valuation temporary".into(),
        ));
    }
    let status_heads = alliance.heads();
    let document = content::build(alliance, record, &status_heads)?;
    let pdf = snapshot::render(&document, Format::Pdf)?;
    let json = snapshot::render(&document, Format::Json)?;
    let raw = alliance.save_bytes();
    let signed = signatures_file(alliance, signatures);
    let contents: [(&str, &[u8]); 4] = [
        (PDF, &pdf),
        (JSON, &json),
        (DOCUMENT, &raw),
        (SIGNATURES, &signed),
    ];
    let files: Vec<PackedFile> = contents
        .iter()
        .map(|(name, bytes)| PackedFile {
            name: (*name).to_owned(),
            bytes: bytes.len(),
            sha256: sha256_hex(bytes),
        })
        .collect();
    let checked_at = now.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let record_xml = mdto::record(&document, &files, options);
    let sidecars: Vec<(String, String)> = files
        .iter()
        .map(|f| (sidecar(&f.name), mdto::file(&document, f, &checked_at)))
        .collect();
    let mut parts: Vec<(&str, &[u8])> = vec![(RECORD_METADATA, record_xml.as_bytes())];
    for ((name, bytes), (sidecar_name, xml)) in contents.iter().zip(&sidecars) {
        parts.push((name, bytes));
        parts.push((sidecar_name, xml.as_bytes()));
    }
    let bytes = stored_zip::write(parts).map_err(|e| SnapshotError::Render(format!("zip: {e}")))?;
    Ok(Package {
        bytes,
        document,
        files,
    })
}

/// The default file name of a package:
/// `<alliance>-<label>-<short id>-archief.zip`.
pub fn file_name(alliance_name: &str, record: &SnapshotRecord) -> String {
    format!(
        "{}-{}-{}-archief.zip",
        snapshot::file_stem(alliance_name),
        snapshot::file_stem(&record.label),
        record.short_id
    )
}

/// Whether `bytes`, the content of a file called `file_name`, are meant
/// as an archive package: a zip file that is called `….zip` or holds the
/// package's MDTO record (a Word export is a zip file too, but neither).
pub fn looks_like_package(file_name: &str, bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    file_name.to_ascii_lowercase().ends_with(".zip")
        || zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .is_ok_and(|zip| zip.index_for_name(RECORD_METADATA).is_some())
}

/// The signatures file: one record per change of the document that has a
/// stored signature, sorted by change hash.
#[derive(Debug, Serialize, Deserialize)]
struct SignaturesFile {
    format: String,
    alliance: String,
    signatures: Vec<SignatureEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SignatureEntry {
    change: String,
    signature: String,
}

fn signatures_file(alliance: &mut Alliance, signatures: &Signatures) -> Vec<u8> {
    let mut entries: BTreeMap<String, String> = BTreeMap::new();
    for hash in alliance.change_hashes() {
        if let Some(signature) = signatures.get(&hash) {
            entries.insert(hex::encode(hash.0), hex::encode(signature));
        }
    }
    let file = SignaturesFile {
        format: SIGNATURES_FORMAT.into(),
        alliance: alliance.id().to_owned(),
        signatures: entries
            .into_iter()
            .map(|(change, signature)| SignatureEntry { change, signature })
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&file).unwrap_or_default();
    json.push(b'\n');
    json
}

/// Reads a signatures file back.
fn read_signatures(bytes: &[u8]) -> Result<Signatures, String> {
    let file: SignaturesFile =
        serde_json::from_slice(bytes).map_err(|e| format!("{SIGNATURES} is damaged: {e}"))?;
    if file.format != SIGNATURES_FORMAT {
        return Err(format!(
            "{SIGNATURES} has the unknown format {:?}",
            file.format
        ));
    }
    let mut signatures = Signatures::new();
    for entry in file.signatures {
        let hash: [u8; 32] = hex::decode(&entry.change)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                format!(
                    "{SIGNATURES} names a change {:?} that is not a hash",
                    entry.change
                )
            })?;
        let signature: [u8; 64] = hex::decode(&entry.signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                format!(
                    "{SIGNATURES} holds a damaged signature for {}",
                    entry.change
                )
            })?;
        signatures.insert(ChangeHash(hash), signature);
    }
    Ok(signatures)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
