//! `export` and `import` of raw Automerge documents.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::output;
use super::progress::Progress;
use crate::local::{Workspace, write_atomically};

/// Arguments of `export`.
#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
}

/// Arguments of `import`.
#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    /// A raw Automerge document written by `rondetafel export`.
    file: PathBuf,
}

pub(super) fn export(workspace: &mut Workspace, args: ExportArgs) -> Result<()> {
    let mut alliance = output::find(workspace, &args.alliance)?;
    let progress = Progress::start("Writing the alliance", false);
    let bytes = alliance.document_mut().save();
    drop(progress);
    write_atomically(&args.output, &bytes, 0o644)
        .with_context(|| format!("could not write {}", args.output.display()))?;
    println!(
        "Exported {} ({} bytes) to {}",
        alliance.name(),
        bytes.len(),
        args.output.display()
    );
    Ok(())
}

pub(super) fn import(workspace: &mut Workspace, args: ImportArgs) -> Result<()> {
    let bytes =
        fs::read(&args.file).with_context(|| format!("could not read {}", args.file.display()))?;
    let progress = Progress::start(format!("Reading {}", args.file.display()), false);
    let imported = workspace.import(&bytes);
    drop(progress);
    let (alliance, merged) =
        imported.with_context(|| format!("could not import {}", args.file.display()))?;
    let verb = if merged {
        "Merged into existing alliance"
    } else {
        "Imported alliance"
    };
    println!("{verb} {}: {}", alliance.name(), alliance.id());
    Ok(())
}
