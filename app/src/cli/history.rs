//! `history` and `audit`: who changed what, when, and what does not count.

use anyhow::Result;
use clap::Args;

use super::output::{self, print_json};
use crate::local::Workspace;
use crate::model::IgnoredWrite;

/// Arguments of `history`.
#[derive(Debug, Args)]
pub(super) struct HistoryArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// Print stable, machine-readable JSON.
    #[arg(long)]
    json: bool,
}

pub(super) fn run(workspace: &mut Workspace, args: HistoryArgs) -> Result<()> {
    let history = output::find(workspace, &args.alliance)?.history();
    if args.json {
        return print_json(&history);
    }
    for entry in &history {
        let who = entry
            .partner_name
            .as_deref()
            .or(entry.partner.as_deref())
            .unwrap_or("unknown device");
        let mark = if entry.verified {
            "signed  "
        } else {
            "unsigned"
        };
        println!(
            "{}  {}  {mark}  {who}: {}",
            &entry.hash[..12],
            entry.time,
            entry.message
        );
        for ignored in &entry.ignored {
            println!("    {}", describe_ignored(ignored, who));
        }
    }
    Ok(())
}

/// One ignored write, for people.
fn describe_ignored(ignored: &IgnoredWrite, writer: &str) -> String {
    match &ignored.on_behalf_of_name {
        Some(owner) => format!(
            "ignored: written on behalf of {owner} by a device of {writer} ({})",
            ignored.path
        ),
        None => format!(
            "ignored: {writer} may not write {} (not a current member's device, or not allowed)",
            ignored.path
        ),
    }
}

/// Arguments of `audit`.
#[derive(Debug, Args)]
pub(super) struct AuditArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// Print stable, machine-readable JSON.
    #[arg(long)]
    json: bool,
}

/// `audit`: every change with what a BIO audit log needs.
pub(super) fn audit(workspace: &mut Workspace, args: AuditArgs) -> Result<()> {
    let device = workspace.identity().peer_id().to_string();
    let entries = output::find(workspace, &args.alliance)?.audit(&device);
    if args.json {
        return print_json(&entries);
    }
    println!("time\tchange\tresult\tsigned\tpartner\tdevice\tsource\taction\tobjects");
    for entry in &entries {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            entry.time,
            &entry.change[..12],
            entry.result,
            if entry.verified { "yes" } else { "no" },
            entry
                .partner_name
                .as_deref()
                .or(entry.partner.as_deref())
                .unwrap_or("unknown"),
            entry.device.as_deref().unwrap_or("unknown"),
            entry.source,
            entry.action,
            entry.objects.join(" "),
        );
    }
    Ok(())
}
