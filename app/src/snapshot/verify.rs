//! Checking an export against the local replica: the snapshot id matches
//! the heads, the heads are in the replica, and the file is exactly what
//! this replica renders for that version (so any edit to the content shows).

use serde::Serialize;
use serde_json::Value;

use super::{Envelope, Format, SnapshotError, content, render};
use crate::model::Alliance;
use crate::model::ratification::{self, At, parse_heads, short_id, snapshot_id};

/// The result of checking one export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifyReport {
    /// Whether every check passed.
    pub verified: bool,
    /// The export's format.
    pub format: Format,
    /// The alliance id the export names.
    pub alliance: String,
    /// The full snapshot id the export names.
    pub snapshot: String,
    /// Its short form.
    pub short_id: String,
    /// The snapshot's label, when it is recorded in this replica.
    pub label: Option<String>,
    /// The meeting, when the file is a meeting's decision list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    /// Each check, in order.
    pub checks: Vec<Check>,
    /// Where the export differs from the version in this replica.
    pub differences: Vec<Difference>,
}

/// One check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// `alliance`, `id`, `heads`, `status-heads` or `content`.
    pub check: String,
    /// Whether it passed.
    pub passed: bool,
    /// What was found.
    pub detail: String,
}

/// One place where the export differs from the replica's version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// Where: a JSON path, a line range, or the PDF's pages.
    pub location: String,
    /// What the export says.
    pub export: String,
    /// What the replica's version says.
    pub replica: String,
}

/// The most differences reported.
const MAX_DIFFERENCES: usize = 20;

/// The format of an export, from its bytes.
pub fn detect(bytes: &[u8]) -> Format {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let rest = &bytes[start..];
    if rest.starts_with(b"%PDF") {
        Format::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        Format::Docx
    } else if rest.starts_with(b"{") {
        Format::Json
    } else if rest.starts_with(b"<!DOCTYPE html") || rest.starts_with(b"<html") {
        Format::Html
    } else {
        Format::Md
    }
}

/// Reads the metadata of an export.
pub fn read_envelope(bytes: &[u8]) -> Result<(Format, Envelope), SnapshotError> {
    let format = detect(bytes);
    if format != Format::Json {
        return Ok((format, Envelope::find(bytes)?));
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| SnapshotError::NotAnExport(format!("it is not valid JSON ({e})")))?;
    let strings = |v: &Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|h| h.as_str().map(str::to_owned))
            .collect()
    };
    let envelope = (|| {
        Some(Envelope {
            alliance: value["alliance"]["id"].as_str()?.to_owned(),
            snapshot: value["snapshot"]["id"].as_str()?.to_owned(),
            heads: strings(&value["snapshot"]["heads"])?,
            status_heads: strings(&value["status_heads"])?,
            layout: super::LAYOUT_VERSION,
            meeting: None,
        })
    })()
    .ok_or_else(|| SnapshotError::NotAnExport("the JSON has no snapshot id and heads".into()))?;
    Ok((format, envelope))
}

/// Checks `bytes`, an export, against `alliance`.
pub fn verify(alliance: &mut Alliance, bytes: &[u8]) -> Result<VerifyReport, SnapshotError> {
    let (format, envelope) = read_envelope(bytes)?;
    let mut report = VerifyReport {
        verified: false,
        format,
        alliance: envelope.alliance.clone(),
        short_id: short_id(&envelope.snapshot).to_owned(),
        snapshot: envelope.snapshot.clone(),
        label: None,
        meeting: envelope.meeting.clone(),
        checks: Vec::new(),
        differences: Vec::new(),
    };
    let mut check = |name: &str, passed: bool, detail: String| {
        report.checks.push(Check {
            check: name.to_owned(),
            passed,
            detail,
        });
        passed
    };
    let same_alliance = check(
        "alliance",
        envelope.alliance == alliance.id(),
        format!("the export is of alliance {}", envelope.alliance),
    );
    let heads = parse_heads(&envelope.heads)?;
    let status_heads = parse_heads(&envelope.status_heads)?;
    let computed = snapshot_id(&heads);
    let id_ok = check(
        "id",
        computed == envelope.snapshot,
        format!("SHA-256 of the heads is {computed}"),
    );
    let heads_ok = alliance.has_changes(&heads) && !heads.is_empty();
    check(
        "heads",
        heads_ok,
        presence(heads_ok, "the snapshot's version"),
    );
    let status_ok = alliance.has_changes(&status_heads) && !status_heads.is_empty();
    check(
        "status-heads",
        status_ok,
        presence(status_ok, "the version its ratification status was read at"),
    );
    if !(same_alliance && id_ok && heads_ok && status_ok) {
        return Ok(report);
    }
    if let Some(meeting) = &envelope.meeting {
        return verify_minutes(alliance, bytes, &envelope, meeting, report);
    }
    let snapshots = ratification::snapshots_at(
        alliance.document(),
        &alliance.trust_at(&status_heads),
        At::Heads(&status_heads),
    );
    let Some(record) = snapshots.into_iter().find(|s| s.id == envelope.snapshot) else {
        report.checks.push(Check {
            check: "content".into(),
            passed: false,
            detail: "the snapshot is not recorded at the version the export names".into(),
        });
        return Ok(report);
    };
    report.label = Some(record.label.clone());
    if envelope.layout != super::LAYOUT_VERSION {
        report
            .checks
            .push(other_layout(envelope.layout, &report.short_id));
        return Ok(report);
    }
    let expected = render(&content::build(alliance, &record, &status_heads)?, format)?;
    report.differences = differences(format, bytes, &expected);
    let passed = report.differences.is_empty();
    report.checks.push(Check {
        check: "content".into(),
        passed,
        detail: if passed {
            "the export is exactly the alliance at this version".into()
        } else {
            format!(
                "the export differs from the alliance at this version in {} place(s)",
                report.differences.len()
            )
        },
    });
    report.verified = report.checks.iter().all(|c| c.passed);
    Ok(report)
}

/// The content check of a meeting's decision list: the meeting was closed
/// at the version the file names, with the heads it names, and the file is
/// exactly what this replica renders for it.
fn verify_minutes(
    alliance: &mut Alliance,
    bytes: &[u8],
    envelope: &Envelope,
    meeting: &str,
    mut report: VerifyReport,
) -> Result<VerifyReport, SnapshotError> {
    let mut content = |passed: bool, detail: String| {
        report.checks.push(Check {
            check: "content".into(),
            passed,
            detail,
        });
    };
    if envelope.layout != super::LAYOUT_VERSION {
        report
            .checks
            .push(other_layout(envelope.layout, &report.short_id));
        return Ok(report);
    }
    let minutes = match super::minutes::build_at(alliance, meeting, &envelope.status_heads) {
        Ok(minutes) if minutes.heads == envelope.heads => minutes,
        Ok(_) => {
            content(
                false,
                "the meeting closed at another version than the file names".into(),
            );
            return Ok(report);
        }
        Err(_) => {
            content(
                false,
                "the meeting is not closed at the version the file names".into(),
            );
            return Ok(report);
        }
    };
    let expected = super::minutes::render(&minutes, report.format)?;
    let differences = differences(report.format, bytes, &expected);
    let passed = differences.is_empty();
    content(
        passed,
        if passed {
            "the decision list is exactly the meeting as it was closed".into()
        } else {
            format!(
                "the decision list differs from the meeting as it was closed in {} place(s)",
                differences.len()
            )
        },
    );
    report.label = Some(minutes.title);
    report.differences = differences;
    report.verified = report.checks.iter().all(|c| c.passed);
    Ok(report)
}

/// Adds the `signatures` check to `report`: every signed change of the
/// snapshot's version carries a valid signature, stored in this replica, of
/// the device key its actor names. (A replica accepts no change without
/// one; this checks the stored evidence itself.)
pub fn check_signatures(
    report: &mut VerifyReport,
    alliance: &Alliance,
    heads: &[String],
    signatures: &rondetafel_sync::Signatures,
) -> Result<(), SnapshotError> {
    use rondetafel_sync::signing::{self, SignedChange};
    let heads = parse_heads(heads)?;
    let trust = alliance.trust_at(&heads);
    let signed: Vec<SignedChange<'_>> = trust
        .log()
        .changes
        .iter()
        .filter(|c| trust.is_signed(&c.actor))
        .map(|c| SignedChange {
            hash: c.hash,
            actor: &c.actor,
            signature: signatures.get(&c.hash),
        })
        .collect();
    let document: rondetafel_sync::DocumentId = alliance
        .id()
        .parse()
        .map_err(|_| SnapshotError::Model(crate::model::ModelError::UnknownVersion))?;
    let failed = signing::verify(&document, &signed)
        .iter()
        .filter(|v| v.is_err())
        .count();
    report.checks.push(Check {
        check: "signatures".into(),
        passed: failed == 0,
        detail: if failed == 0 {
            format!(
                "all {} signed changes carry a valid signature of the device key they name",
                signed.len()
            )
        } else {
            format!(
                "{failed} of {} signed changes have no valid signature here",
                signed.len()
            )
        },
    });
    report.verified = report.checks.iter().all(|c| c.passed);
    Ok(())
}

/// The content check of a printed export made with another layout: its
/// text cannot be compared with what this program renders.
fn other_layout(layout: u32, short_id: &str) -> Check {
    Check {
        check: "content".into(),
        passed: false,
        detail: format!(
            "the export was printed with export layout {layout} and this version of Rondetafel \
             prints layout {}, so its text cannot be compared here; the id and heads above do \
             name this exact version. Verify the JSON export of this snapshot, or export it \
             again with `rondetafel snapshot --at {short_id}`",
            super::LAYOUT_VERSION
        ),
    }
}

fn presence(present: bool, what: &str) -> String {
    if present {
        format!("{what} is in this replica")
    } else {
        format!("{what} is not in this replica (sync first, or the heads were edited)")
    }
}

/// Where `found` (the file) differs from `expected` (the rendering).
fn differences(format: Format, found: &[u8], expected: &[u8]) -> Vec<Difference> {
    if found == expected {
        return Vec::new();
    }
    match format {
        Format::Json => match (
            serde_json::from_slice::<Value>(found),
            serde_json::from_slice::<Value>(expected),
        ) {
            (Ok(found), Ok(expected)) => {
                let mut out = Vec::new();
                json_differences("$", &found, &expected, &mut out);
                if out.is_empty() {
                    out.push(Difference {
                        location: "layout".into(),
                        export: "the same values, written differently".into(),
                        replica: "the canonical JSON export".into(),
                    });
                }
                out
            }
            _ => vec![whole("the file", "not valid JSON")],
        },
        Format::Docx => match (
            super::docx::paragraphs(found),
            super::docx::paragraphs(expected),
        ) {
            (Some(found), Some(expected)) if found != expected => {
                line_differences(&found.join("\n"), &expected.join("\n"))
            }
            _ => vec![whole(
                "the Word file",
                "text or metadata that differ from this version as rendered by this replica",
            )],
        },
        Format::Pdf => vec![whole(
            "the PDF",
            "pages or metadata that differ from this version as rendered by this replica",
        )],
        Format::Html | Format::Md => line_differences(
            &String::from_utf8_lossy(found),
            &String::from_utf8_lossy(expected),
        ),
    }
}

fn whole(location: &str, export: &str) -> Difference {
    Difference {
        location: location.into(),
        export: export.into(),
        replica: "the export of this version".into(),
    }
}

fn json_differences(path: &str, found: &Value, expected: &Value, out: &mut Vec<Difference>) {
    if out.len() >= MAX_DIFFERENCES || found == expected {
        return;
    }
    match (found, expected) {
        (Value::Object(f), Value::Object(e)) => {
            let mut keys: Vec<&String> = f.keys().chain(e.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let (a, b) = (
                    f.get(key).unwrap_or(&Value::Null),
                    e.get(key).unwrap_or(&Value::Null),
                );
                json_differences(&format!("{path}.{key}"), a, b, out);
            }
        }
        (Value::Array(f), Value::Array(e)) if f.len() == e.len() => {
            for (index, (a, b)) in f.iter().zip(e).enumerate() {
                json_differences(&format!("{path}[{index}]"), a, b, out);
            }
        }
        _ => out.push(Difference {
            location: path.to_owned(),
            export: found.to_string(),
            replica: expected.to_string(),
        }),
    }
}

/// The block of lines that differs, after the common beginning and end.
fn line_differences(found: &str, expected: &str) -> Vec<Difference> {
    let f: Vec<&str> = found.lines().collect();
    let e: Vec<&str> = expected.lines().collect();
    let prefix = f.iter().zip(&e).take_while(|(a, b)| a == b).count();
    let suffix = f[prefix..]
        .iter()
        .rev()
        .zip(e[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let found_block = &f[prefix..f.len() - suffix];
    let expected_block = &e[prefix..e.len() - suffix];
    let location = match found_block.len() {
        0 => format!("after line {prefix}"),
        1 => format!("line {}", prefix + 1),
        n => format!("lines {}-{}", prefix + 1, prefix + n),
    };
    vec![Difference {
        location,
        export: found_block.join("\n"),
        replica: expected_block.join("\n"),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_first_bytes() {
        assert_eq!(detect(b"%PDF-1.7"), Format::Pdf);
        assert_eq!(detect(b"PK\x03\x04\x14\x00"), Format::Docx);
        assert_eq!(detect(b"\n{ \"format\": 1 }"), Format::Json);
        assert_eq!(detect(b"<!DOCTYPE html>"), Format::Html);
        assert_eq!(detect(b"# Jeugd Noord"), Format::Md);
    }

    #[test]
    fn a_changed_line_is_shown_with_both_versions() {
        let found = "a\nb\nEén team\nc\n";
        let expected = "a\nb\nEén wijkteam\nc\n";
        let differences = line_differences(found, expected);
        assert_eq!(
            differences,
            vec![Difference {
                location: "line 3".into(),
                export: "Eén team".into(),
                replica: "Eén wijkteam".into(),
            }]
        );
    }

    #[test]
    fn json_differences_are_named_by_path() {
        let found: Value = serde_json::json!({"agreements": [{"body": "x", "title": "t"}]});
        let expected: Value = serde_json::json!({"agreements": [{"body": "y", "title": "t"}]});
        let mut out = Vec::new();
        json_differences("$", &found, &expected, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].location, "$.agreements[0].body");
        assert_eq!(out[0].export, "\"x\"");
    }
}
