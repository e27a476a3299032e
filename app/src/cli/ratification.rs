//! `snapshot`, `ratify`, `ratification list`, `diff` and `verify`.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{self, JsonFlag, print_json};
use super::progress::Progress;
use crate::local::{Workspace, write_atomically};
use crate::model::ratification::{heads_hex, parse_heads};
use crate::model::{Decision, NewDecision, RatificationStatus};
use crate::snapshot::diff::{AgreementChange, PieceOp, agreements_diff};
use crate::snapshot::verify::{self, VerifyReport};
use crate::snapshot::{self, Format};

/// Arguments of `snapshot`.
#[derive(Debug, Args)]
pub(super) struct SnapshotArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// pdf, docx (Word), html, md or json.
    #[arg(long, value_name = "FORMAT")]
    format: Format,
    /// The file to write (default: <alliance>-<label>-<short id>.<format>
    /// in the current folder).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The version label, e.g. 0.3 (concept) or 1.0 (final); default: the
    /// next concept number.
    #[arg(long, value_name = "TEXT")]
    label: Option<String>,
    /// Export an earlier snapshot (id, unique id prefix or label) instead of
    /// the alliance as it is now.
    #[arg(long, value_name = "SNAPSHOT")]
    at: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

/// Arguments of `ratify`.
#[derive(Debug, Args)]
pub(super) struct RatifyArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// The snapshot decided on (id, unique id prefix or label).
    #[arg(long, value_name = "ID")]
    snapshot: String,
    /// The body that decided, e.g. "College van B&W".
    #[arg(long, value_name = "TEXT")]
    body: String,
    /// adopted, adopted-with-conditions, rejected or postponed.
    #[arg(long, value_name = "DECISION")]
    decision: Decision,
    /// The date of the decision: 2027-03-01, 1-3-2027 or today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: String,
    /// The decision's reference (kenmerk).
    #[arg(long, value_name = "TEXT")]
    reference: Option<String>,
    /// The conditions (only with adopted-with-conditions, and required there).
    #[arg(long, value_name = "TEXT")]
    conditions: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

/// `ratification` subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum RatificationCommand {
    /// Per snapshot, which partner's body decided what, when, with which
    /// reference.
    List {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub(super) struct DiffArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// The earlier snapshot (id, unique id prefix or label).
    #[arg(long, value_name = "SNAPSHOT")]
    from: String,
    /// The later snapshot (default: the alliance as it is now).
    #[arg(long, value_name = "SNAPSHOT")]
    to: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

/// Arguments of `verify`.
#[derive(Debug, Args)]
pub(super) struct VerifyArgs {
    /// An export written by `rondetafel snapshot` (pdf, docx, html, md or
    /// json), or an archive package written by `rondetafel archive`.
    file: PathBuf,
    /// The alliance to check against (default: the one the export names).
    #[arg(long, value_name = "ALLIANCE")]
    alliance: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

impl VerifyArgs {
    /// The file to verify.
    pub(super) fn file(&self) -> &std::path::Path {
        &self.file
    }

    /// Whether `--json` was given.
    pub(super) fn json(&self) -> bool {
        self.json.json
    }
}

/// What `snapshot --json` prints.
#[derive(Debug, Serialize)]
struct SnapshotOutput {
    id: String,
    short_id: String,
    label: String,
    date: String,
    heads: Vec<String>,
    status_heads: Vec<String>,
    format: Format,
    file: String,
    recorded: bool,
    open_conflicts: usize,
}

pub(super) fn snapshot(workspace: &mut Workspace, args: SnapshotArgs) -> Result<()> {
    let mut alliance = output::find(workspace, &args.alliance)?;
    let author = workspace.author().ok();
    let (record, recorded) = snapshot::make(
        &mut alliance,
        author.as_ref(),
        args.at.as_deref(),
        args.label.as_deref(),
    )?;
    let started = std::time::Instant::now();
    let progress = Progress::start(
        format!("Writing the {} export", args.format),
        args.json.json,
    );
    let export = snapshot::export(&mut alliance, &record, args.format)?;
    drop(progress);
    tracing::info!(
        alliance = alliance.id(),
        snapshot = record.id.as_str(),
        format = %args.format,
        bytes = export.bytes.len(),
        ms = started.elapsed().as_millis() as u64,
        "snapshot exported"
    );
    let file = args.output.unwrap_or_else(|| {
        PathBuf::from(snapshot::file_name(&alliance.name(), &record, args.format))
    });
    let conflicts = snapshot::open_conflicts(&export.document);
    if conflicts > 0 {
        eprintln!(
            "warning: {conflicts} {} open: partners set {} differently; the snapshot shows every value with who chose it",
            if conflicts == 1 {
                "conflict is"
            } else {
                "conflicts are"
            },
            if conflicts == 1 { "a field" } else { "fields" },
        );
    }
    // The file first: a snapshot is recorded only when its export exists.
    write_atomically(&file, &export.bytes, 0o644)
        .with_context(|| format!("could not write {}", file.display()))?;
    if recorded && let Err(error) = output::save(workspace, &mut alliance) {
        let _ = fs::remove_file(&file);
        return Err(error).context("the snapshot could not be recorded, so its export was removed");
    }
    if args.json.json {
        return print_json(&SnapshotOutput {
            id: record.id,
            short_id: record.short_id,
            label: record.label,
            date: record.date,
            heads: record.heads,
            status_heads: export.document.status_heads,
            format: args.format,
            file: file.display().to_string(),
            recorded,
            open_conflicts: conflicts,
        });
    }
    println!(
        "Snapshot {} (version {}, {}){}",
        record.short_id,
        record.label,
        record.date,
        if recorded { ", recorded now" } else { "" }
    );
    println!("Full id: {}", record.id);
    println!("Wrote {} to {}", args.format, file.display());
    Ok(())
}

pub(super) fn ratify(workspace: &mut Workspace, args: RatifyArgs) -> Result<()> {
    let (mut alliance, author) = output::open_for_edit(workspace, &args.alliance)?;
    let decision = NewDecision {
        body: args.body,
        decision: args.decision,
        date: args.date,
        reference: args.reference,
        conditions: args.conditions,
    };
    let record = alliance.ratify(&author, &args.snapshot, &decision)?;
    output::save(workspace, &mut alliance)?;
    let status = alliance.ratification_status();
    if args.json.json {
        return print_json(&record);
    }
    println!(
        "Recorded: {} ({}) {} snapshot {} on {}",
        record.partner_name,
        record.body,
        record.decision,
        &record.snapshot[..12.min(record.snapshot.len())],
        record.date
    );
    if status
        .vastgesteld
        .as_ref()
        .is_some_and(|v| v.id == record.snapshot)
    {
        println!("Every partner has adopted this snapshot: the agreements are vastgesteld.");
    }
    Ok(())
}

pub(super) fn run_ratification(
    workspace: &mut Workspace,
    command: RatificationCommand,
) -> Result<()> {
    let RatificationCommand::List { alliance, json } = command;
    let status = output::find(workspace, &alliance)?.ratification_status();
    if json.json {
        return print_json(&status);
    }
    print_status(&status, &alliance);
    Ok(())
}

fn print_status(status: &RatificationStatus, alliance: &str) {
    if status.snapshots.is_empty() {
        println!("No snapshots yet. Make one with: rondetafel snapshot ALLIANCE --format pdf");
        return;
    }
    for s in &status.snapshots {
        let adopted = if s.adopted_by_all {
            "  [vastgesteld]"
        } else {
            ""
        };
        println!(
            "{}  version {}  {}{adopted}",
            s.snapshot.short_id, s.snapshot.label, s.snapshot.date
        );
        for p in &s.partners {
            match &p.decision {
                Some(d) => println!(
                    "  {}: {} {} on {}{}{}",
                    p.partner_name,
                    d.body,
                    d.decision,
                    d.date,
                    d.reference
                        .as_deref()
                        .map(|r| format!(" (ref. {r})"))
                        .unwrap_or_default(),
                    d.conditions
                        .as_deref()
                        .map(|c| format!("; conditions: {c}"))
                        .unwrap_or_default()
                ),
                None => println!("  {}: no decision yet", p.partner_name),
            }
        }
    }
    print_summary(status, alliance);
}

/// The lines `alliance show` and `ratification list` end with.
pub(super) fn print_summary(status: &RatificationStatus, alliance: &str) {
    match &status.vastgesteld {
        Some(v) => {
            println!(
                "Vastgesteld: snapshot {} (version {}, {}) was adopted by every partner.",
                v.short_id, v.label, v.date
            );
            if status.agreements_changed_since {
                println!(
                    "The agreements have changed since then; see: rondetafel diff {alliance:?} --from {}",
                    v.short_id
                );
            }
        }
        None => println!("Not vastgesteld: no snapshot has been adopted by every partner."),
    }
}

pub(super) fn diff(workspace: &mut Workspace, args: DiffArgs) -> Result<()> {
    let mut alliance = output::find(workspace, &args.alliance)?;
    let from = alliance.find_snapshot(&args.from)?;
    let to_heads = match &args.to {
        Some(to) => parse_heads(&alliance.find_snapshot(to)?.heads)?,
        None => alliance.heads(),
    };
    let diff = agreements_diff(&mut alliance, &parse_heads(&from.heads)?, &to_heads);
    if args.json.json {
        #[derive(Serialize)]
        struct DiffOutput<'a> {
            from: &'a str,
            to: Vec<String>,
            #[serde(flatten)]
            diff: &'a snapshot::diff::AgreementsDiff,
        }
        return print_json(&DiffOutput {
            from: &from.id,
            to: heads_hex(&to_heads),
            diff: &diff,
        });
    }
    let to = args.to.as_deref().unwrap_or("now");
    println!(
        "Changes from {} (version {}) to {to}:",
        from.short_id, from.label
    );
    if diff.agreements.is_empty() {
        println!("  no changes to the agreements");
    }
    for change in &diff.agreements {
        print_change(change);
    }
    Ok(())
}

fn print_change(c: &AgreementChange) {
    println!("\n{} {}  {}", c.kind.slug(), c.id, c.title);
    if let Some(t) = &c.title_change {
        println!("  title: {} -> {}", t.before, t.after);
    }
    if let Some(s) = &c.status {
        let show = |v: Option<crate::model::AgreementStatus>| {
            v.map_or_else(|| "-".to_owned(), |s| s.to_string())
        };
        println!("  status: {} -> {}", show(s.before), show(s.after));
    }
    if let Some(o) = &c.owners {
        println!("  responsible: {:?} -> {:?}", o.before, o.after);
    }
    if let Some(r) = &c.review_date {
        println!("  review date: {:?} -> {:?}", r.before, r.after);
    }
    for p in &c.positions {
        let show = |v: &Option<crate::model::PositionView>| {
            v.as_ref()
                .map_or_else(|| "-".to_owned(), |p| p.stance.to_string())
        };
        println!(
            "  position {}: {} -> {}",
            p.partner_name,
            show(&p.before),
            show(&p.after)
        );
    }
    if let Some(body) = &c.body {
        let text: String = body
            .iter()
            .map(|p| match p.op {
                PieceOp::Same => p.text.clone(),
                PieceOp::Added => format!("{{+{}+}}", p.text),
                PieceOp::Removed => format!("[-{}-]", p.text),
            })
            .collect();
        println!("  body: {text}");
    }
    for b in &c.by {
        println!(
            "  by {} ({})",
            b.partner_name
                .as_deref()
                .or(b.partner.as_deref())
                .unwrap_or("unknown device"),
            super::output::count(b.changes, "change", "changes")
        );
    }
}

pub(super) fn verify(workspace: &mut Workspace, args: VerifyArgs) -> Result<()> {
    let bytes =
        fs::read(&args.file).with_context(|| format!("could not read {}", args.file.display()))?;
    let (_, envelope) = verify::read_envelope(&bytes)
        .with_context(|| format!("could not verify {}", args.file.display()))?;
    let query = args.alliance.clone().unwrap_or(envelope.alliance.clone());
    let mut alliance = output::find(workspace, &query)?;
    let mut report = verify::verify(&mut alliance, &bytes)?;
    if report.verified {
        let signatures = workspace.signatures(alliance.id());
        verify::check_signatures(&mut report, &alliance, &envelope.heads, &signatures)?;
    }
    if args.json.json {
        print_json(&report)?;
    } else {
        print_report(&report, &alliance.name());
    }
    if !report.verified {
        bail!(
            "{} does not match the alliance in this replica",
            args.file.display()
        );
    }
    Ok(())
}

fn print_report(report: &VerifyReport, name: &str) {
    let label = report.label.as_deref().unwrap_or("?");
    let (format, short, full) = (report.format, &report.short_id, &report.snapshot);
    let (what, verified) = if report.meeting.is_some() {
        (
            format!(
                "{format} decision list of {name}, meeting {label:?}, closed at version {short}"
            ),
            format!(
                "Verified: this decision list is the meeting exactly as it was closed, at version {full}."
            ),
        )
    } else {
        (
            format!("{format} export of {name}, snapshot {short} (version {label})"),
            format!("Verified: this export is snapshot {full} exactly."),
        )
    };
    println!("{what}");
    print_checks(&report.checks, &report.differences, "replica");
    if report.verified {
        println!("{verified}");
    }
}

/// Prints each check with its mark, then each difference between the
/// export and `source` (the replica, or a package's document).
pub(super) fn print_checks(
    checks: &[verify::Check],
    differences: &[verify::Difference],
    source: &str,
) {
    for check in checks {
        let mark = if check.passed { "ok  " } else { "FAIL" };
        println!("  {mark} {}: {}", check.check, check.detail);
    }
    let indent = " ".repeat(source.len() + 6);
    for d in differences {
        println!("  differs at {}:", d.location);
        let pad = " ".repeat(source.len().saturating_sub("export".len()));
        println!(
            "    export:{pad} {}",
            d.export.replace('\n', &format!("\n{indent}"))
        );
        println!(
            "    {source}: {}",
            d.replica.replace('\n', &format!("\n{indent}"))
        );
    }
}
