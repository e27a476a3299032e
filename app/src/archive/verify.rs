//! Checking an archive package on its own, with no replica: every file is
//! the one its MDTO metadata describes, the Automerge document in it is the
//! version the exports were made at, both exports are exactly what that
//! document renders, and every signed change carries a valid signature.

use std::collections::HashMap;

use automerge::{ActorId, AutoCommit};
use serde::Serialize;

use super::{
    ArchiveError, CONTENT_FILES, DOCUMENT, JSON, PDF, RECORD_METADATA, SIGNATURES, mdto,
    read_signatures, sha256_hex, sidecar,
};
use crate::model::Alliance;
use crate::model::ratification::heads_hex;
use crate::snapshot::stored_zip;
use crate::snapshot::verify::{self as export_verify, Check, Difference, VerifyReport};

/// The result of checking a package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageReport {
    /// Whether every check passed.
    pub verified: bool,
    /// The alliance the package is of, as its JSON export names it.
    pub alliance: Option<String>,
    /// The alliance's name, as the document holds it.
    pub alliance_name: Option<String>,
    /// The full snapshot id.
    pub snapshot: Option<String>,
    /// The snapshot's label.
    pub label: Option<String>,
    /// Whether every partner adopted the snapshot, as the JSON export says
    /// (read from a verified package only).
    pub vastgesteld: Option<bool>,
    /// Each check, in order.
    pub checks: Vec<Check>,
    /// Where an export differs from what the package's document renders.
    pub differences: Vec<Difference>,
}

impl PackageReport {
    fn check(&mut self, name: &str, passed: bool, detail: String) -> bool {
        self.checks.push(Check {
            check: name.to_owned(),
            passed,
            detail,
        });
        passed
    }
}

/// Checks the package in `bytes`. A file that is no zip file at all is an
/// error; anything wrong inside a package is a failed check.
pub fn verify_package(bytes: &[u8]) -> Result<PackageReport, ArchiveError> {
    let entries = stored_zip::read(bytes).map_err(ArchiveError::NotAPackage)?;
    let files: HashMap<String, Vec<u8>> = entries.into_iter().collect();
    let mut report = PackageReport {
        verified: false,
        alliance: None,
        alliance_name: None,
        snapshot: None,
        label: None,
        vastgesteld: None,
        checks: Vec::new(),
        differences: Vec::new(),
    };
    if !files_present(&mut report, &files) {
        return Ok(report);
    }
    let checksums_ok = checksums(&mut report, &files);
    let (json, pdf) = (&files[JSON], &files[PDF]);
    let Ok((_, envelope)) = export_verify::read_envelope(json) else {
        report.check("json", false, format!("{JSON} is not a snapshot export"));
        return Ok(report);
    };
    report.alliance = Some(envelope.alliance.clone());
    report.snapshot = Some(envelope.snapshot.clone());
    let record = String::from_utf8_lossy(&files[RECORD_METADATA]).into_owned();
    let named = mdto::first(&record, "identificatieKenmerk");
    report.check(
        "record",
        named.as_deref() == Some(envelope.snapshot.as_str()),
        format!(
            "{RECORD_METADATA} names snapshot {}",
            named.as_deref().unwrap_or("(none)")
        ),
    );
    let Some(mut alliance) = document(&mut report, &files[DOCUMENT], &envelope.status_heads) else {
        return Ok(report);
    };
    report.alliance_name = Some(alliance.name());
    let json_report = export(&mut report, &mut alliance, "json", json)?;
    export(&mut report, &mut alliance, "pdf", pdf)?;
    match read_signatures(&files[SIGNATURES]) {
        Ok(signatures) => {
            let mut signed = json_report.clone();
            export_verify::check_signatures(
                &mut signed,
                &alliance,
                &envelope.status_heads,
                &signatures,
            )?;
            report.checks.extend(
                signed
                    .checks
                    .into_iter()
                    .filter(|c| c.check == "signatures"),
            );
        }
        Err(reason) => {
            report.check("signatures", false, reason);
        }
    }
    report.label = json_report.label;
    report.verified = checksums_ok && report.checks.iter().all(|c| c.passed);
    if report.verified {
        report.vastgesteld = serde_json::from_slice::<serde_json::Value>(json)
            .ok()
            .and_then(|v| v.get("vastgesteld").and_then(serde_json::Value::as_bool));
    }
    Ok(report)
}

fn files_present(report: &mut PackageReport, files: &HashMap<String, Vec<u8>>) -> bool {
    let expected = std::iter::once(RECORD_METADATA.to_owned()).chain(
        CONTENT_FILES
            .iter()
            .flat_map(|f| [(*f).to_owned(), sidecar(f)]),
    );
    let missing: Vec<String> = expected.filter(|name| !files.contains_key(name)).collect();
    report.check(
        "files",
        missing.is_empty(),
        if missing.is_empty() {
            "the package holds both exports, the document, the signatures and their metadata".into()
        } else {
            format!("the package lacks {}", missing.join(", "))
        },
    )
}

/// Every content file has the size and SHA-256 its MDTO `bestand` names.
fn checksums(report: &mut PackageReport, files: &HashMap<String, Vec<u8>>) -> bool {
    let mut wrong = Vec::new();
    for name in CONTENT_FILES {
        let metadata = String::from_utf8_lossy(&files[&sidecar(name)]).into_owned();
        let content = &files[name];
        let size_ok = mdto::first(&metadata, "omvang") == Some(content.len().to_string());
        let sum_ok = mdto::first(&metadata, "checksumWaarde") == Some(sha256_hex(content));
        if !(size_ok && sum_ok) {
            wrong.push(name);
        }
    }
    report.check(
        "checksums",
        wrong.is_empty(),
        if wrong.is_empty() {
            "every file has the size and SHA-256 its MDTO metadata names".into()
        } else {
            format!("{} differ(s) from its MDTO metadata", wrong.join(", "))
        },
    )
}

/// The package's document as an alliance, if it loads and is at the
/// version the exports name as their status.
fn document(report: &mut PackageReport, bytes: &[u8], status_heads: &[String]) -> Option<Alliance> {
    let loaded = AutoCommit::load(bytes)
        .map_err(|e| e.to_string())
        .and_then(|doc| Alliance::from_document(doc, ActorId::random()).map_err(|e| e.to_string()));
    let mut alliance = match loaded {
        Ok(alliance) => alliance,
        Err(reason) => {
            report.check(
                "document",
                false,
                format!("{DOCUMENT} does not load: {reason}"),
            );
            return None;
        }
    };
    let mut heads = heads_hex(&alliance.heads());
    heads.sort();
    let mut expected = status_heads.to_vec();
    expected.sort();
    let same = heads == expected;
    report.check(
        "document",
        same,
        if same {
            format!("{DOCUMENT} is the alliance at the version the exports were made")
        } else {
            format!("{DOCUMENT} is at another version than the exports name")
        },
    );
    same.then_some(alliance)
}

/// Verifies one export against the package's document; its checks are
/// added with the format's name in front.
fn export(
    report: &mut PackageReport,
    alliance: &mut Alliance,
    format: &str,
    bytes: &[u8],
) -> Result<VerifyReport, ArchiveError> {
    let checked = export_verify::verify(alliance, bytes)?;
    for check in &checked.checks {
        report.check(
            &format!("{format} {}", check.check),
            check.passed,
            check.detail.clone(),
        );
    }
    report
        .differences
        .extend(checked.differences.iter().cloned());
    Ok(checked)
}
