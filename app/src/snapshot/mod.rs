//! Ratification snapshots: the alliance at one exact version, exported for
//! the partners' boards (PDF, Word, HTML, Markdown, JSON), compared with another
//! version, and verified against a replica.
//!
//! - [`make`] finds or records the snapshot to export;
//! - [`content::build`] gathers what the export shows into a
//!   [`SnapshotDocument`] (the JSON export); `sections` lays it out once
//!   for the printed formats, and [`render`] writes it in a [`Format`];
//! - [`diff::agreements_diff`] says what changed between two versions;
//! - [`verify::verify`] checks an export against the local replica.
//!
//! See `docs/ratification.md` for the snapshot id, the export contents and
//! how verification works.

pub mod collaboration;
mod conflicts;
pub mod content;
pub mod coursecheck;
pub mod diff;
mod docx;
pub mod form;
mod html;
pub mod indicators;
pub mod inputs;
pub mod interventions;
mod labels;
mod layout;
mod markdown;
pub mod minutes;
#[cfg(feature = "pdf")]
mod pdf;
mod provenance;
pub mod reviews;
mod sections;
pub(crate) mod stored_zip;
mod summary;
pub mod verify;
pub(crate) mod xml;

use std::fmt;
use std::str::FromStr;

use automerge::ChangeHash;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

pub use conflicts::{ConflictEntry, ConflictValueEntry};
pub use content::SnapshotDocument;
pub use provenance::Provenance;
pub use summary::{Summary, SummaryRow};

use crate::model::ratification::parse_heads;
use crate::model::{Alliance, Author, ModelError, SnapshotRecord};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// PDF/A-2a, typeset with Typst.
    Pdf,
    /// Self-contained HTML.
    Html,
    /// Markdown.
    Md,
    /// JSON: the [`SnapshotDocument`] with the full heads.
    Json,
    /// Word (Office Open XML), for board offices.
    Docx,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::Pdf,
        Format::Docx,
        Format::Html,
        Format::Md,
        Format::Json,
    ];

    /// The file extension (and the name on the command line).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Md => "md",
            Format::Json => "json",
            Format::Docx => "docx",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("{s:?} is not a format; choose one of: pdf, docx, html, md, json")
            })
    }
}

/// Why a snapshot could not be made, rendered or checked.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// An alliance rule or lookup refused it.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The snapshot is not recorded at the version the export names.
    #[error("snapshot {0} is not recorded in this alliance")]
    NotRecorded(String),
    /// Typesetting failed.
    #[error("the export could not be rendered: {0}")]
    Render(String),
    /// The file is not a snapshot export.
    #[error("this is not a Rondetafel snapshot export: {0}")]
    NotAnExport(String),
}

/// The prefix of the metadata token embedded in every export.
pub const TOKEN_PREFIX: &str = "rondetafel-snapshot-v1:";

/// The version of the printed formats' layout (`sections.rs` and the
/// renderers). Bump it with every change to what a PDF, Word, HTML or
/// Markdown export of the same snapshot looks like: `verify` can compare a
/// printed export only with its own layout, and says so for another one.
/// Layout 1 (tokens without a `layout` field) is the layout before the
/// shared structure; layout 2 had no indicator charts and no effect
/// reviews.
pub const LAYOUT_VERSION: u32 = 3;

fn first_layout() -> u32 {
    1
}

/// The metadata every export carries, so that any replica can check it:
/// which alliance, which snapshot, its heads, and the version at which the
/// ratification status was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// The alliance id.
    pub alliance: String,
    /// The full snapshot id.
    pub snapshot: String,
    /// The snapshot's heads (hex, sorted).
    pub heads: Vec<String>,
    /// The heads at which the status was read (hex, sorted).
    pub status_heads: Vec<String>,
    /// The layout version of the printed export that carries this token
    /// ([`LAYOUT_VERSION`] when it was made by this program).
    #[serde(default = "first_layout")]
    pub layout: u32,
    /// The meeting, when the export is a meeting's decision list rather
    /// than a snapshot export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
}

impl Envelope {
    /// The token embedded in HTML, Markdown and PDF exports:
    /// [`TOKEN_PREFIX`] followed by the envelope's JSON in unpadded
    /// URL-safe base64.
    pub fn token(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(json))
    }

    /// Finds and decodes the first token in `bytes`.
    pub fn find(bytes: &[u8]) -> Result<Envelope, SnapshotError> {
        let prefix = TOKEN_PREFIX.as_bytes();
        let start = bytes
            .windows(prefix.len())
            .position(|w| w == prefix)
            .ok_or_else(|| SnapshotError::NotAnExport("it carries no snapshot metadata".into()))?
            + prefix.len();
        let encoded: Vec<u8> = bytes[start..]
            .iter()
            .copied()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
            .collect();
        let json = URL_SAFE_NO_PAD
            .decode(&encoded)
            .map_err(|_| SnapshotError::NotAnExport("its snapshot metadata is damaged".into()))?;
        serde_json::from_slice(&json)
            .map_err(|_| SnapshotError::NotAnExport("its snapshot metadata is damaged".into()))
    }
}

/// Finds the snapshot to export: the recorded one `at` names (id, unique id
/// prefix or label), or else the alliance as it is now. A version of now is
/// recorded first (an edit by `author`), unless the latest recorded
/// snapshot has the same content and `label` does not ask for another
/// label. Returns the record and whether it was recorded now.
pub fn make(
    alliance: &mut Alliance,
    author: Option<&Author>,
    at: Option<&str>,
    label: Option<&str>,
) -> Result<(SnapshotRecord, bool), SnapshotError> {
    if let Some(at) = at {
        let record = alliance.find_snapshot(at)?;
        if let Some(label) = label.map(str::trim)
            && label != record.label
        {
            return Err(ModelError::SnapshotLabelled {
                id: record.short_id,
                label: record.label,
            }
            .into());
        }
        return Ok((record, false));
    }
    let heads = alliance.heads();
    if let Some(latest) = alliance.snapshots().pop()
        && label.is_none_or(|l| l.trim() == latest.label)
        && same_content(alliance, &parse_heads(&latest.heads)?, &heads)
    {
        return Ok((latest, false));
    }
    let author = author.ok_or(ModelError::NotAMember)?;
    Ok(alliance.record_snapshot(author, &heads, label)?)
}

/// How many fields in a snapshot's content hold concurrent values that
/// partners have not settled.
pub fn open_conflicts(document: &SnapshotDocument) -> usize {
    let agreements: usize = document.agreements.iter().map(|a| a.conflicts.len()).sum();
    let interests: usize = document.interests.iter().map(|i| i.conflicts.len()).sum();
    agreements + interests
}

/// What changed in the agreements since the latest snapshot every current
/// partner adopted, until now; `None` when no snapshot was adopted by all.
pub fn changes_since_vastgesteld(
    alliance: &mut Alliance,
) -> Result<Option<(SnapshotRecord, diff::AgreementsDiff)>, SnapshotError> {
    let Some(vastgesteld) = alliance.ratification_status().vastgesteld else {
        return Ok(None);
    };
    let from = parse_heads(&vastgesteld.heads)?;
    let now = alliance.heads();
    let changes = diff::agreements_diff(alliance, &from, &now);
    Ok(Some((vastgesteld, changes)))
}

/// Whether the alliance reads the same at two versions (partners, ambition,
/// interests, agreements).
fn same_content(alliance: &mut Alliance, a: &[ChangeHash], b: &[ChangeHash]) -> bool {
    let mut first = alliance.view_at(a);
    let mut second = alliance.view_at(b);
    first.heads.clear();
    second.heads.clear();
    first == second
}

/// The file name an export is given by default:
/// `<alliance>-<label>-<short id>.<extension>`, in lowercase letters,
/// digits, dots and dashes.
pub fn file_name(alliance_name: &str, record: &SnapshotRecord, format: Format) -> String {
    format!(
        "{}-{}-{}.{}",
        file_stem(alliance_name),
        file_stem(&record.label),
        record.short_id,
        format.extension()
    )
}

pub(crate) fn file_stem(text: &str) -> String {
    let stem: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() {
        "snapshot".into()
    } else {
        stem
    }
}

/// A rendered export.
#[derive(Debug, Clone)]
pub struct Export {
    /// Its content.
    pub document: SnapshotDocument,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Builds and renders `snapshot` in `format`, with the ratification status
/// as it is now.
pub fn export(
    alliance: &mut Alliance,
    snapshot: &SnapshotRecord,
    format: Format,
) -> Result<Export, SnapshotError> {
    let status_heads = alliance.heads();
    let document = content::build(alliance, snapshot, &status_heads)?;
    let bytes = render(&document, format)?;
    Ok(Export { document, bytes })
}

/// Renders a snapshot's content in `format`. The same content always gives
/// the same bytes.
pub fn render(document: &SnapshotDocument, format: Format) -> Result<Vec<u8>, SnapshotError> {
    let layout = || sections::layout(document);
    match format {
        Format::Pdf => render_pdf(&layout()),
        Format::Html => Ok(html::render(&layout()).into_bytes()),
        Format::Docx => docx::render(&layout()),
        Format::Md => Ok(markdown::render(&layout()).into_bytes()),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(document)
                .map_err(|e| SnapshotError::Render(e.to_string()))?;
            json.push('\n');
            Ok(json.into_bytes())
        }
    }
}

#[cfg(feature = "pdf")]
fn render_pdf(layout: &layout::Layout) -> Result<Vec<u8>, SnapshotError> {
    pdf::render(layout)
}

#[cfg(not(feature = "pdf"))]
fn render_pdf(_layout: &layout::Layout) -> Result<Vec<u8>, SnapshotError> {
    Err(SnapshotError::Render(
        "this build of rondetafel cannot make PDFs (built without the `pdf` feature); \
         choose --format html, md or json"
            .to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope() -> Envelope {
        Envelope {
            alliance: "8366d486e491bd6bfb3b4fac83ef2b24".into(),
            snapshot: "ab".repeat(32),
            heads: vec!["cd".repeat(32), "ef".repeat(32)],
            status_heads: vec!["01".repeat(32)],
            layout: LAYOUT_VERSION,
            meeting: None,
        }
    }

    #[test]
    fn the_token_is_found_anywhere_in_a_file() {
        let token = envelope().token();
        assert!(token.starts_with(TOKEN_PREFIX));
        let file = format!("<html><meta content=\"{token}\"></html>");
        assert_eq!(Envelope::find(file.as_bytes()).expect("found"), envelope());
    }

    #[test]
    fn a_missing_or_damaged_token_is_refused() {
        assert!(matches!(
            Envelope::find(b"# Notities"),
            Err(SnapshotError::NotAnExport(_))
        ));
        let damaged = format!("{TOKEN_PREFIX}bm90IGpzb24");
        assert!(matches!(
            Envelope::find(damaged.as_bytes()),
            Err(SnapshotError::NotAnExport(_))
        ));
    }

    #[test]
    fn formats_parse_from_their_extension() {
        for format in Format::ALL {
            assert_eq!(format.extension().parse(), Ok(format));
        }
        assert!("odt".parse::<Format>().is_err());
    }
}
