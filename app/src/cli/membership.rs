//! `invite`, `join`, `partner remove`, `device invite` and `device remove`.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use rondetafel_sync::{DocumentId, Multiaddr, NodeEvent, SyncEvent};

use super::network::{runtime, stop};
use super::output;
use crate::local::Workspace;
use crate::model::Alliance;
use crate::network::{NetworkOptions, PeerBook, make_invitation, prepare_join, start_node};

/// Arguments of `invite` and `device invite`.
#[derive(Debug, Args)]
pub(super) struct InviteArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// How long the invitation is valid: a number with m, h, d or w
    /// (minutes, hours, days, weeks).
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    expires: String,
    /// An address where this device can be reached (default: the addresses
    /// of the last `rondetafel serve`); repeat for several.
    #[arg(long = "address", value_name = "MULTIADDR")]
    addresses: Vec<Multiaddr>,
}

/// Arguments of `join`.
#[derive(Debug, Args)]
pub(super) struct JoinArgs {
    /// The invitation ticket (one line starting with rondetafel1:).
    ticket: String,
    /// Another partner's address to try, besides those in the ticket (the
    /// inviter is also looked for on the local network).
    #[arg(long = "peer", value_name = "MULTIADDR")]
    peers: Vec<Multiaddr>,
    /// Do not look for the inviter on the local network.
    #[arg(long)]
    no_mdns: bool,
    /// Give up after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    timeout: u64,
}

#[derive(Debug, Subcommand)]
pub(super) enum PartnerCommand {
    /// Remove a partner: it receives no new changes, and its later changes
    /// are not accepted. The removal is visible in the history.
    Remove {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Partner id, unique prefix, or exact organisation name.
        partner: String,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum DeviceCommand {
    /// Invite another device of your own organisation; prints a ticket to
    /// use with `rondetafel join` on that device.
    Invite(InviteArgs),
    /// Retire one of your organisation's devices (lost, stolen, replaced).
    Remove {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The device's peer id or a unique prefix.
        device: String,
    },
}

pub(super) fn invite(workspace: &mut Workspace, args: InviteArgs, for_device: bool) -> Result<()> {
    let (mut alliance, author) = output::open_for_edit(workspace, &args.alliance)?;
    let profile = workspace
        .profile()?
        .ok_or(crate::local::WorkspaceError::NoProfile)?;
    let expires_ms =
        jiff::Timestamp::now().as_millisecond() + parse_duration(&args.expires)?.as_millis() as i64;
    let addresses = if args.addresses.is_empty() {
        PeerBook::load(workspace.dir()).listen
    } else {
        args.addresses.iter().map(ToString::to_string).collect()
    };
    if addresses.is_empty() {
        eprintln!(
            "note: the ticket holds no address: the invitee finds this device on the local network while `rondetafel serve` or the window runs here. To be reached from another network, pass --address."
        );
    }
    let ticket = make_invitation(
        &mut alliance,
        &author,
        &profile,
        for_device,
        expires_ms,
        addresses,
    )?;
    output::save(workspace, &mut alliance)?;
    let until = jiff::Timestamp::from_millisecond(expires_ms)
        .map(|t| t.to_string())
        .unwrap_or_default();
    println!(
        "Invitation for {} (single use, valid until {until}):",
        alliance.name()
    );
    println!("{}", ticket.encode());
    Ok(())
}

pub(super) fn join(workspace: &mut Workspace, args: JoinArgs) -> Result<()> {
    workspace.exclusive()?;
    let plan = prepare_join(workspace, &args.ticket, &args.peers)?;
    if !plan.has_addresses() && args.no_mdns {
        bail!(
            "the invitation holds no address to reach {} and --no-mdns keeps this device off the local network: pass --peer MULTIADDR",
            plan.alliance_name
        );
    }
    let id = plan.alliance.clone();
    let timeout = Duration::from_secs(args.timeout);
    runtime()?.block_on(async {
        let options = NetworkOptions {
            listen: Vec::new(),
            peers: Vec::new(),
            mdns: !args.no_mdns,
            ..NetworkOptions::default()
        };
        let where_looked = match (!plan.has_addresses(), args.no_mdns) {
            (true, _) => {
                "on the local network (the ticket holds no address); is `rondetafel serve` or the window running at the inviting partner, on this network? Otherwise pass --peer MULTIADDR"
            }
            (false, true) => "at the addresses in the ticket",
            (false, false) => "at the addresses in the ticket and on the local network",
        };
        let mut live = start_node(workspace, options, Some(id.as_str())).await?;
        live.node
            .join_any(id.clone(), plan.candidates(), plan.proof.clone())
            .await?;
        let mut book = PeerBook::load(workspace.dir());
        let outcome =
            tokio::time::timeout(timeout, wait_for_join(&mut live.events, &id, &mut book)).await;
        let document = live.node.document(id.clone()).await.ok().flatten();
        let stopped = stop(&mut live).await;
        book.clear_online();
        let _ = book.save(workspace.dir());
        match outcome {
            Err(_) => bail!(
                "timed out after {} s: no partner of {} answered, looked for {where_looked}",
                args.timeout,
                plan.alliance_name
            ),
            Ok(Err(e)) => Err(e),
            Ok(Ok(())) => {
                stopped?;
                let document = document.context("the alliance did not arrive")?;
                let alliance = Alliance::from_document(document, workspace.actor().clone())?;
                println!("Joined alliance {}: {}", alliance.name(), alliance.id());
                Ok(())
            }
        }
    })
}

async fn wait_for_join(
    events: &mut tokio::sync::mpsc::Receiver<NodeEvent>,
    id: &DocumentId,
    book: &mut PeerBook,
) -> Result<()> {
    let mut admitted = false;
    while let Some(event) = events.recv().await {
        book.record(&event);
        match event {
            NodeEvent::Sync(SyncEvent::JoinAnswered {
                document, result, ..
            }) if document == *id => match result {
                Ok(()) => admitted = true,
                Err(reason) => bail!("the invitation was refused: {reason}"),
            },
            // Before admission the partner rightly refuses to sync with us.
            NodeEvent::Sync(SyncEvent::Synced { document, .. }) if document == *id && admitted => {
                return Ok(());
            }
            NodeEvent::ProtocolError { peer, reason } => bail!("{peer}: {reason}"),
            NodeEvent::SaveFailed { error, .. } => bail!("{error}"),
            _ => {}
        }
    }
    bail!("the network node stopped")
}

pub(super) fn run_partner(workspace: &mut Workspace, command: PartnerCommand) -> Result<()> {
    let PartnerCommand::Remove { alliance, partner } = command;
    let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
    let name = alliance.remove_partner(&author, &partner)?;
    output::save(workspace, &mut alliance)?;
    println!("Removed {name} from {}", alliance.name());
    Ok(())
}

pub(super) fn run_device(workspace: &mut Workspace, command: DeviceCommand) -> Result<()> {
    match command {
        DeviceCommand::Invite(args) => invite(workspace, args, true),
        DeviceCommand::Remove { alliance, device } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let device = alliance.remove_device(&author, &device)?;
            output::save(workspace, &mut alliance)?;
            println!("Retired device {device} from {}", alliance.name());
            Ok(())
        }
    }
}

/// Parses `30m`, `24h`, `7d` or `2w`.
fn parse_duration(text: &str) -> Result<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .with_context(|| format!("{text:?} is not a duration; use e.g. 30m, 24h, 7d or 2w"))?;
    let seconds = match unit {
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => bail!("{text:?} is not a duration; use e.g. 30m, 24h, 7d or 2w"),
    };
    if number == 0 {
        bail!("an invitation must be valid for some time");
    }
    Ok(Duration::from_secs(number.saturating_mul(seconds)))
}
