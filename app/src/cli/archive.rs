//! `archive` (the archive package of a snapshot) and `verify` of a package,
//! which needs no data directory.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use serde::Serialize;

use super::output::{self, JsonFlag, print_json};
use super::progress::Progress;
use crate::archive::verify::{PackageReport, verify_package};
use crate::archive::{self, ArchiveOptions, PackedFile, Valuation};
use crate::local::{Workspace, write_atomically};

/// Arguments of `archive`.
#[derive(Debug, Args)]
pub(super) struct ArchiveArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// The snapshot to archive (id, unique id prefix or label).
    #[arg(long, value_name = "LABEL|ID")]
    snapshot: String,
    /// The zip file to write (default:
    /// <alliance>-<label>-<short id>-archief.zip in the current folder).
    #[arg(short, long, value_name = "FILE.zip")]
    output: Option<PathBuf>,
    /// How long your archive keeps it: permanent (blijvend), temporary
    /// (tijdelijk, with --retention-years) or undetermined (nader te
    /// bepalen).
    #[arg(long, value_name = "VALUATION", default_value = "undetermined")]
    valuation: Valuation,
    /// The retention period in years (with --valuation temporary).
    #[arg(long, value_name = "YEARS")]
    retention_years: Option<u32>,
    #[command(flatten)]
    json: JsonFlag,
}

/// What `archive --json` prints.
#[derive(Debug, Serialize)]
struct ArchiveOutput {
    file: String,
    snapshot: String,
    short_id: String,
    label: String,
    vastgesteld: bool,
    bytes: usize,
    files: Vec<PackedFile>,
}

pub(super) fn archive(workspace: &mut Workspace, args: ArchiveArgs) -> Result<()> {
    let profile = workspace
        .profile()?
        .context("this device has no organisation yet; run `rondetafel init` first")?;
    let mut alliance = output::find(workspace, &args.alliance)?;
    let record = alliance.find_snapshot(&args.snapshot)?;
    let signatures = workspace.signatures(alliance.id());
    let options = ArchiveOptions {
        archive_creator: profile.organisation,
        valuation: args.valuation,
        retention_years: args.retention_years,
    };
    let progress = Progress::start("Writing the archive package", args.json.json);
    let package = archive::build(
        &mut alliance,
        &record,
        &signatures,
        &options,
        jiff::Timestamp::now(),
    )?;
    drop(progress);
    let file = args
        .output
        .unwrap_or_else(|| PathBuf::from(archive::file_name(&alliance.name(), &record)));
    write_atomically(&file, &package.bytes, 0o644)
        .with_context(|| format!("could not write {}", file.display()))?;
    tracing::info!(
        alliance = alliance.id(),
        snapshot = record.id.as_str(),
        bytes = package.bytes.len(),
        "archive package written"
    );
    if args.json.json {
        return print_json(&ArchiveOutput {
            file: file.display().to_string(),
            snapshot: record.id,
            short_id: record.short_id,
            label: record.label,
            vastgesteld: package.document.vastgesteld,
            bytes: package.bytes.len(),
            files: package.files,
        });
    }
    println!(
        "Archive package of snapshot {} (version {}, {}{})",
        record.short_id,
        record.label,
        record.date,
        if package.document.vastgesteld {
            ", vastgesteld"
        } else {
            ", not adopted by every partner yet"
        }
    );
    for f in &package.files {
        println!(
            "  {:<20} {:>10} bytes  sha256 {}",
            f.name, f.bytes, f.sha256
        );
    }
    println!("Wrote {}", file.display());
    Ok(())
}

/// Whether `file` is an archive package (to verify on its own).
pub(super) fn is_package(file: &Path) -> bool {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    fs::read(file).is_ok_and(|bytes| archive::looks_like_package(&name, &bytes))
}

/// `verify FILE.zip`: checks a package on its own.
pub(super) fn verify(file: &Path, json: bool) -> Result<()> {
    let bytes = fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let report =
        verify_package(&bytes).with_context(|| format!("could not verify {}", file.display()))?;
    if json {
        print_json(&report)?;
    } else {
        print_report(&report);
    }
    if !report.verified {
        bail!("{} is not an intact archive package", file.display());
    }
    Ok(())
}

fn print_report(report: &PackageReport) {
    println!(
        "Archive package of {}, snapshot {} (version {})",
        report.alliance_name.as_deref().unwrap_or("?"),
        report
            .snapshot
            .as_deref()
            .map_or("?", |s| &s[..12.min(s.len())]),
        report.label.as_deref().unwrap_or("?")
    );
    super::ratification::print_checks(&report.checks, &report.differences, "document");
    if report.verified {
        println!(
            "Verified: this package is snapshot {} exactly{}.",
            report.snapshot.as_deref().unwrap_or("?"),
            match report.vastgesteld {
                Some(true) => ", adopted by every partner",
                _ => "",
            }
        );
    }
}
