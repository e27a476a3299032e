//! `reachable`: the always-on addresses partners publish in an alliance
//! ("bereikbaar via"), which every member uses to reach them, and relay
//! through them, from another network.

use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;

use super::output::{self, print_json};
use crate::local::Workspace;

/// Arguments of `reachable`.
#[derive(Debug, Args)]
pub(super) struct ReachableArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// Publish an address of one of your organisation's devices (without
    /// `/p2p/…` it is this device's); repeat for several.
    #[arg(long = "add", value_name = "MULTIADDR")]
    add: Vec<String>,
    /// Withdraw an address your organisation published; repeat for several.
    #[arg(long = "remove", value_name = "MULTIADDR")]
    remove: Vec<String>,
    /// Print stable, machine-readable JSON.
    #[arg(long)]
    json: bool,
}

/// One partner's published addresses, as `reachable --json` prints them.
#[derive(Debug, Serialize)]
struct PartnerAddresses {
    partner: String,
    name: String,
    addresses: Vec<String>,
}

/// What `reachable --json` prints.
#[derive(Debug, Serialize)]
struct ReachableOutput {
    alliance: String,
    /// The addresses this command published (with `/p2p/…`), also those
    /// that were published already.
    published: Vec<String>,
    /// Every current partner's addresses, after the change.
    partners: Vec<PartnerAddresses>,
}

/// Runs `reachable`: publishes and withdraws, then lists.
pub(super) fn run(workspace: &mut Workspace, args: ReachableArgs) -> Result<()> {
    let changes = !args.add.is_empty() || !args.remove.is_empty();
    let (mut alliance, published) = if changes {
        let (mut alliance, author) = output::open_for_edit(workspace, &args.alliance)?;
        for address in &args.remove {
            alliance.withdraw_address(&author, address)?;
        }
        let mut published = Vec::new();
        for address in &args.add {
            published.push(alliance.publish_address(&author, address)?.0);
        }
        output::save(workspace, &mut alliance)?;
        (alliance, published)
    } else {
        (output::find(workspace, &args.alliance)?, Vec::new())
    };
    let view = alliance.view();
    let partners: Vec<PartnerAddresses> = view
        .partners
        .iter()
        .filter(|p| p.left.is_none())
        .map(|p| PartnerAddresses {
            partner: p.id.clone(),
            name: p.name.clone(),
            addresses: p.reachable_at.clone(),
        })
        .collect();
    if args.json {
        return print_json(&ReachableOutput {
            alliance: view.id.clone(),
            published,
            partners,
        });
    }
    for address in &published {
        println!("Published: {address}");
    }
    for address in &args.remove {
        println!("Withdrawn: {address}");
    }
    let listed: Vec<&PartnerAddresses> = partners
        .iter()
        .filter(|p| !p.addresses.is_empty())
        .collect();
    if listed.is_empty() {
        if changes {
            return Ok(());
        }
        bail!(
            "no partner of {} has published an address yet; an always-on device publishes one with: rondetafel reachable {} --add /ip4/ADDRESS/tcp/PORT",
            view.name,
            view.id
        );
    }
    println!("Reachable partners of {}:", view.name);
    for partner in listed {
        println!("  {}", partner.name);
        for address in &partner.addresses {
            println!("    {address}");
        }
    }
    Ok(())
}
