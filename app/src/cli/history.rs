//! `history`: who changed what, when.

use anyhow::Result;
use clap::Args;

use super::output::{self, print_json};
use crate::local::Workspace;

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
        println!(
            "{}  {}  {who}: {}",
            &entry.hash[..12],
            entry.time,
            entry.message
        );
    }
    Ok(())
}
