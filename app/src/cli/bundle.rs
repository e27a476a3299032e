//! `bundle` (a file with the changes a partner lacks) and `bundle import`.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{self, JsonFlag, print_json};
use crate::local::{Workspace, write_atomically};
use crate::network::PeerBook;
use crate::network::bundle::{self, MAX_BUNDLE_BYTES};

/// Arguments of `bundle`: make a file, or (`bundle import`) read one in.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(super) struct BundleArgs {
    /// Alliance id, unique id prefix, or exact name.
    #[arg(required = true)]
    alliance: Option<String>,
    /// Only what this partner lacks, from the version its devices last
    /// synced with this one (default: every change).
    #[arg(long = "for", value_name = "PARTNER")]
    for_partner: Option<String>,
    /// The file to write.
    #[arg(short, long, value_name = "FILE", required = true)]
    output: Option<PathBuf>,
    #[command(flatten)]
    json: JsonFlag,
    #[command(subcommand)]
    command: Option<BundleCommand>,
}

/// `bundle` subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum BundleCommand {
    /// Read in a change file made by `rondetafel bundle`.
    Import {
        /// The file.
        file: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// What `bundle --json` prints.
#[derive(Debug, Serialize)]
struct Made {
    file: String,
    alliance: String,
    changes: usize,
    since: Vec<String>,
    bytes: usize,
}

/// What `bundle import --json` prints.
#[derive(Debug, Serialize)]
struct Imported {
    alliance: String,
    name: String,
    new_changes: usize,
}

pub(super) fn run(workspace: &mut Workspace, args: BundleArgs) -> Result<()> {
    if let Some(BundleCommand::Import { file, json }) = args.command {
        return import(workspace, &file, json.json);
    }
    let (Some(query), Some(file)) = (args.alliance, args.output) else {
        bail!("give the alliance and -o FILE, or use `bundle import FILE`");
    };
    let mut alliance = output::find(workspace, &query)?;
    let since = match &args.for_partner {
        Some(partner) => {
            let view = alliance.view();
            let id = crate::model::ids::resolve(
                "partner",
                partner,
                &view
                    .partners
                    .iter()
                    .map(|p| (p.id.clone(), Some(p.name.clone())))
                    .collect::<Vec<_>>(),
            )?;
            bundle::known_heads_of(&view, &id, &PeerBook::load(workspace.dir()))
        }
        None => Vec::new(),
    };
    let signatures = workspace.signatures(alliance.id());
    let (bytes, manifest) = bundle::make(&mut alliance, &since, &signatures)?;
    write_atomically(&file, &bytes, 0o644)
        .with_context(|| format!("could not write {}", file.display()))?;
    if args.json.json {
        return print_json(&Made {
            file: file.display().to_string(),
            alliance: manifest.alliance,
            changes: manifest.changes,
            since: manifest.since,
            bytes: bytes.len(),
        });
    }
    let from = if manifest.since.is_empty() {
        "every change".to_owned()
    } else {
        "the changes since the partner's last sync".to_owned()
    };
    println!(
        "Wrote {} ({}, {} change(s)) of {} to {}",
        from,
        super::output::count(bytes.len(), "byte", "bytes"),
        manifest.changes,
        manifest.alliance_name,
        file.display()
    );
    Ok(())
}

fn import(workspace: &mut Workspace, file: &std::path::Path, json: bool) -> Result<()> {
    let size = fs::metadata(file)
        .with_context(|| format!("could not read {}", file.display()))?
        .len();
    if size > MAX_BUNDLE_BYTES {
        bail!("{} is larger than a change file can be", file.display());
    }
    let bytes = fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let (alliance, new_changes) = workspace
        .import_bundle(&bytes)
        .with_context(|| format!("could not read in {}", file.display()))?;
    if json {
        return print_json(&Imported {
            alliance: alliance.id().to_owned(),
            name: alliance.name(),
            new_changes,
        });
    }
    if new_changes == 0 {
        println!(
            "Nothing new for {}: this device had every change in the file",
            alliance.name()
        );
    } else {
        println!("Read in {new_changes} new change(s) of {}", alliance.name());
    }
    Ok(())
}
