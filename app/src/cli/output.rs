//! Shared output helpers: JSON printing and warnings.

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use crate::local::{LoadWarning, Workspace, WorkspaceError};
use crate::model::{Alliance, Author};

/// A `--json` flag on its own.
#[derive(Debug, Args)]
pub(super) struct JsonFlag {
    /// Print stable, machine-readable JSON.
    #[arg(long)]
    pub(super) json: bool,
}

/// Prints `value` as pretty JSON on stdout.
pub(super) fn print_json<T: Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Prints load warnings on stderr.
pub(super) fn warn(warnings: &[LoadWarning]) {
    for warning in warnings {
        eprintln!(
            "warning: alliance {}: {}",
            warning.document, warning.message
        );
    }
}

/// Finds an alliance and the author acting on it, printing load warnings.
pub(super) fn open_for_edit(workspace: &mut Workspace, query: &str) -> Result<(Alliance, Author)> {
    let author = workspace.author()?;
    let alliance = find(workspace, query)?;
    Ok((alliance, author))
}

/// Finds an alliance, printing load warnings.
pub(super) fn find(workspace: &mut Workspace, query: &str) -> Result<Alliance> {
    let (alliance, warnings) = workspace.find_alliance(query)?;
    warn(&warnings);
    Ok(alliance)
}

/// Saves an edited alliance; only after this returns is the edit reported.
pub(super) fn save(
    workspace: &mut Workspace,
    alliance: &mut Alliance,
) -> Result<(), WorkspaceError> {
    workspace.save(alliance).map(drop)
}

/// A count with its noun in the right number: "1 device", "2 devices".
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
