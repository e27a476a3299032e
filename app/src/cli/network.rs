//! `serve`, `sync` and `peers`: Rondetafel on the network.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;
use rondetafel_sync::{Multiaddr, NodeEvent, PeerId, RelayLimits, SyncEvent};
use serde_json::json;

use super::output::{self, print_json};
use super::progress::Progress;
use crate::local::{LockError, Workspace, WorkspaceError};
use crate::network::restart::{Moved, RestartContext};
use crate::network::{
    LiveNode, NetworkOptions, PeerBook, RelayDiscovery, peer_in, peer_report, start_node,
};

/// How a node reaches others; shared by `serve` and `gui`.
#[derive(Debug, Args, Default)]
pub(super) struct NetworkArgs {
    /// An address to listen on (default: all interfaces, TCP and QUIC, ports
    /// chosen by the system); repeat for several.
    #[arg(long = "listen", value_name = "MULTIADDR")]
    listen: Vec<Multiaddr>,
    /// A peer to connect to (and reconnect to); repeat for several.
    #[arg(long = "peer", value_name = "MULTIADDR")]
    peers: Vec<Multiaddr>,
    /// Do not look for peers on the local network.
    #[arg(long)]
    no_mdns: bool,
    /// A relay to listen through, so that members on other networks can
    /// reach this device (an address ending in `/p2p/…`); repeat for
    /// several. Relays the alliances publish are used without it.
    #[arg(long = "relay-via", value_name = "MULTIADDR")]
    relay_via: Vec<Multiaddr>,
}

impl NetworkArgs {
    /// The node's network options.
    pub(super) fn options(self) -> NetworkOptions {
        NetworkOptions {
            relays: self.relay_via,
            ..NetworkOptions::listening(self.listen, self.peers, !self.no_mdns)
        }
    }
}

/// Whether and how much `serve` relays for members.
#[derive(Debug, Args)]
pub(super) struct RelayArgs {
    /// Relay connections between members of this device's alliances that
    /// cannot reach each other directly (run it on an always-on device with
    /// a public address or a forwarded port). Relayed traffic stays
    /// end-to-end encrypted.
    #[arg(long)]
    relay: bool,
    /// The most members listening through this relay at once.
    #[arg(long, value_name = "N", default_value_t = RelayLimits::default().max_reservations, requires = "relay")]
    relay_max_reservations: usize,
    /// The most relayed connections at once.
    #[arg(long, value_name = "N", default_value_t = RelayLimits::default().max_circuits, requires = "relay")]
    relay_max_circuits: usize,
}

impl RelayArgs {
    /// The relay limits, when relaying.
    fn limits(&self) -> Option<RelayLimits> {
        self.relay.then(|| RelayLimits {
            max_reservations: self.relay_max_reservations,
            max_circuits: self.relay_max_circuits,
            ..RelayLimits::default()
        })
    }
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    #[command(flatten)]
    network: NetworkArgs,
    #[command(flatten)]
    relay: RelayArgs,
    /// Print one JSON object per line.
    #[arg(long)]
    json: bool,
}

/// Arguments of `sync`.
#[derive(Debug, Args)]
pub(super) struct SyncArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// The peer to sync with.
    #[arg(long, value_name = "MULTIADDR")]
    peer: Multiaddr,
    /// Give up after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    timeout: u64,
}

/// Arguments of `peers`.
#[derive(Debug, Args)]
pub(super) struct PeersArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// Print stable, machine-readable JSON.
    #[arg(long)]
    json: bool,
}

/// A tokio runtime for one network command.
pub(super) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("could not start the network runtime")
}

pub(super) fn serve(workspace: &mut Workspace, args: ServeArgs) -> Result<()> {
    workspace.exclusive()?;
    let options = NetworkOptions {
        relay: args.relay.limits(),
        ..args.network.options()
    };
    runtime()?.block_on(run_serve(workspace, options, args.json))
}

async fn run_serve(workspace: &Workspace, options: NetworkOptions, json: bool) -> Result<()> {
    let relaying = options.relay.is_some();
    // Before anything is printed: a script may stop us as soon as it reads
    // the start line, and a signal that arrives before its handler is set
    // up would end the process without the clean shutdown.
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate()).context("could not listen for SIGTERM")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("could not listen for Ctrl-C")?;
    let mut live = start_node(workspace, options, None).await?;
    output::warn(&live.warnings);
    // Commands run beside this node hand it their changes here.
    let (applied, mut handed_over) = tokio::sync::mpsc::unbounded_channel();
    let control = crate::network::control::listen(workspace.dir(), live.node.clone(), applied)
        .context("could not open the control socket in the data directory")?;
    let mut book = PeerBook::load(workspace.dir());
    book.pid = Some(std::process::id());
    book.clear_online();
    let (listen, early_events) = first_listen_addresses(&mut live).await;
    book.listen = listen.iter().map(ToString::to_string).collect();
    save_book(&book, workspace);
    let peer_id = live.node.peer_id();
    if json {
        println!(
            "{}",
            json!({"event": "started", "peer_id": peer_id.to_string(), "listen": book.listen, "alliances": live.alliances.iter().map(ToString::to_string).collect::<Vec<_>>(), "relaying": relaying, "relays": live.relays.iter().map(ToString::to_string).collect::<Vec<_>>()})
        );
    } else {
        println!(
            "Serving {} as {peer_id}",
            super::output::count(live.alliances.len(), "alliance", "alliances")
        );
        for address in &listen {
            println!("  listening on {address}/p2p/{peer_id}");
        }
        if relaying {
            println!("  relaying for members of these alliances");
        }
        for relay in &live.relays {
            println!("  listening through relay {relay}");
        }
    }
    let (relays, mut learned) = RelayDiscovery::start(
        live.node.clone(),
        workspace.actor().clone(),
        &live.alliances,
        &live.relays,
    );
    let mut handler = ServeHandler {
        workspace,
        book,
        restarts: RestartContext::of(workspace),
        relays,
        json,
    };
    for event in &early_events {
        handler.handle(&live.node, event).await;
    }
    loop {
        tokio::select! {
            event = live.events.recv() => match event {
                Some(event) => handler.handle(&live.node, &event).await,
                None => break,
            },
            Some(relay) = learned.recv() => report_relay_learned(&relay, json),
            Some(document) = handed_over.recv() => {
                report_restart(handler.restarts.after_local_change(&live.node, &document).await, json);
            }
            _ = interrupt.recv() => break,
            _ = terminate.recv() => break,
        }
    }
    control.abort();
    crate::network::control::remove(workspace.dir());
    live.node.shutdown().await.ok();
    let mut book = handler.book;
    book.pid = None;
    book.clear_online();
    save_book(&book, workspace);
    if json {
        println!("{}", json!({"event": "stopped"}));
    } else {
        println!("Stopped.");
    }
    Ok(())
}

/// What `serve` does with each node event: keep the peer book, print it,
/// have relays learned, carry out restarts.
struct ServeHandler<'a> {
    workspace: &'a Workspace,
    book: PeerBook,
    restarts: RestartContext,
    relays: RelayDiscovery,
    json: bool,
}

impl ServeHandler<'_> {
    async fn handle(&mut self, node: &rondetafel_sync::Node, event: &NodeEvent) {
        self.book.record(event);
        save_book(&self.book, self.workspace);
        report(event, self.json);
        self.relays.on_event(event);
        report_restart(self.restarts.on_event(node, event).await, self.json);
    }
}

/// Reports a relay learned from an alliance's published addresses.
fn report_relay_learned(relay: &Multiaddr, json: bool) {
    if json {
        println!(
            "{}",
            json!({"event": "relay_learned", "address": relay.to_string()})
        );
    } else {
        println!("learned relay {relay} from an alliance");
    }
}

/// Reports a restart a node carried out, or why it could not.
fn report_restart(outcome: Result<Option<Moved>, String>, json: bool) {
    match outcome {
        Ok(None) => {}
        Ok(Some(moved)) if json => println!(
            "{}",
            json!({"event": "restarted", "previous": moved.previous, "alliance": moved.successor, "carried": moved.carried})
        ),
        Ok(Some(moved)) => println!(
            "Restarted {} as {} ({} edit(s) of this device to review: rondetafel erase carried {})",
            moved.previous, moved.successor, moved.carried, moved.successor
        ),
        Err(reason) if json => println!("{}", json!({"event": "restart_failed", "reason": reason})),
        Err(reason) => eprintln!("warning: a restart could not be carried out: {reason}"),
    }
}

/// Waits briefly for the node's listen addresses to be known. Other events
/// that arrive meanwhile are returned, to be reported after the start line.
async fn first_listen_addresses(live: &mut LiveNode) -> (Vec<Multiaddr>, Vec<NodeEvent>) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    let mut addresses = Vec::new();
    let mut others = Vec::new();
    loop {
        let wait = if addresses.is_empty() {
            deadline
        } else {
            (tokio::time::Instant::now() + Duration::from_millis(200)).min(deadline)
        };
        match tokio::time::timeout_at(wait, live.events.recv()).await {
            Ok(Some(NodeEvent::Listening { address })) => addresses.push(address),
            Ok(Some(other)) => others.push(other),
            Err(_) | Ok(None) => break,
        }
    }
    (addresses, others)
}

fn save_book(book: &PeerBook, workspace: &Workspace) {
    if let Err(e) = book.save(workspace.dir()) {
        eprintln!(
            "warning: could not record peer status: {}",
            rondetafel_sync::describe_io(&e)
        );
    }
}

/// Updates the peer book from a node event.
/// Prints one node event, as JSON or for people.
fn report(event: &NodeEvent, json: bool) {
    crate::diagnostics::logs::node_event(event);
    let hex =
        |heads: &[automerge::ChangeHash]| heads.iter().map(ToString::to_string).collect::<Vec<_>>();
    let (value, text) = match event {
        NodeEvent::Listening { address } => (
            json!({"event": "listening", "address": address.to_string()}),
            format!("listening on {address}"),
        ),
        NodeEvent::PeerConnected { peer, address, .. } => (
            json!({"event": "peer_connected", "peer": peer.to_string(), "address": address.to_string()}),
            format!("connected: {peer} ({address})"),
        ),
        NodeEvent::Discovered { peer } => (
            json!({"event": "discovered", "peer": peer.to_string()}),
            format!("found on the local network: {peer}"),
        ),
        NodeEvent::PeerDisconnected { peer } => (
            json!({"event": "peer_disconnected", "peer": peer.to_string()}),
            format!("disconnected: {peer}"),
        ),
        NodeEvent::Route { peer, route } => {
            let via = match route {
                rondetafel_sync::Route::Direct => None,
                rondetafel_sync::Route::Relayed { relay } => Some(relay.to_string()),
            };
            let text = match &via {
                None => format!("{peer} is reached directly"),
                Some(relay) => format!("{peer} is reached through relay {relay}"),
            };
            (
                json!({"event": "route", "peer": peer.to_string(), "direct": via.is_none(), "relay": via}),
                text,
            )
        }
        NodeEvent::RelayReserved { relay } => (
            json!({"event": "relay_reserved", "relay": relay.to_string()}),
            format!("listening through relay {relay}"),
        ),
        NodeEvent::RelayRefused { relay, reason } => (
            json!({"event": "relay_refused", "relay": relay.to_string(), "reason": reason}),
            format!("relay {relay} refused or dropped this device: {reason}"),
        ),
        NodeEvent::HolePunch { peer, failure } => (
            json!({"event": "hole_punch", "peer": peer.to_string(), "direct": failure.is_none(), "error": failure}),
            match failure {
                None => format!("direct connection to {peer} (hole punched)"),
                Some(e) => format!("no direct connection to {peer}, staying on the relay: {e}"),
            },
        ),
        NodeEvent::Reachability { address, reachable } => (
            json!({"event": "reachability", "address": address.to_string(), "reachable": reachable}),
            format!(
                "{address} is {}reachable from other networks",
                if *reachable { "" } else { "not " }
            ),
        ),
        NodeEvent::Sync(SyncEvent::Synced {
            document,
            peer,
            heads,
            received,
            applied,
        }) => (
            json!({"event": "synced", "alliance": document.to_string(), "peer": peer.to_string(), "heads": hex(heads), "received": received, "applied": applied}),
            format!("in sync with {peer} on {document}"),
        ),
        NodeEvent::Sync(SyncEvent::Changed {
            document,
            heads,
            from,
            changes,
        }) => (
            json!({"event": "changes_received", "alliance": document.to_string(), "peer": from.to_string(), "heads": hex(heads), "changes": changes}),
            format!("{changes} change(s) received from {from} for {document} (saved)"),
        ),
        NodeEvent::Sync(SyncEvent::Superseded {
            document,
            peer,
            successor,
            ..
        }) => (
            json!({"event": "superseded", "alliance": document.to_string(), "peer": peer.to_string(), "successor": successor.to_string()}),
            format!("{peer} says {document} restarted as {successor}"),
        ),
        NodeEvent::Sync(SyncEvent::Admitted { document, peer }) => (
            json!({"event": "admitted", "alliance": document.to_string(), "peer": peer.to_string()}),
            format!("admitted {peer} to {document}"),
        ),
        NodeEvent::Sync(SyncEvent::Unavailable { document, peer }) => (
            json!({"event": "refused", "alliance": document.to_string(), "peer": peer.to_string()}),
            format!("{peer} does not share {document} with this device"),
        ),
        NodeEvent::Sync(SyncEvent::JoinAnswered {
            document,
            peer,
            result,
        }) => (
            json!({"event": "join_answered", "alliance": document.to_string(), "peer": peer.to_string(), "error": result.as_ref().err()}),
            format!(
                "join answered by {peer}: {}",
                result
                    .as_ref()
                    .map_or_else(String::clone, |()| "admitted".into())
            ),
        ),
        NodeEvent::Sync(SyncEvent::ChangesRefused {
            document,
            peer,
            count,
            reason,
        }) => (
            json!({"event": "protocol_error", "alliance": document.to_string(), "peer": peer.to_string(), "refused_changes": count, "reason": format!("{count} change(s) refused: {reason}")}),
            format!("refused {count} change(s) from {peer} for {document}: {reason}"),
        ),
        NodeEvent::Sync(SyncEvent::Rejected { peer, reason })
        | NodeEvent::ProtocolError { peer, reason } => (
            json!({"event": "protocol_error", "peer": peer.to_string(), "reason": reason}),
            format!("rejected input from {peer}: {reason}"),
        ),
        NodeEvent::SaveFailed { document, error } => (
            json!({"event": "save_failed", "alliance": document.to_string(), "error": error}),
            format!("could not save {document}: {error}"),
        ),
    };
    if json {
        println!("{value}");
    } else {
        println!("{text}");
    }
}

pub(super) fn sync(workspace: &mut Workspace, args: SyncArgs) -> Result<()> {
    workspace.exclusive()?;
    let alliance = output::find(workspace, &args.alliance)?;
    let id = alliance.id().to_owned();
    let name = alliance.name();
    let members = alliance.member_devices();
    drop(alliance);
    let timeout = Duration::from_secs(args.timeout);
    runtime()?.block_on(async {
        let options = NetworkOptions {
            listen: Vec::new(),
            peers: vec![args.peer.clone()],
            mdns: false,
            ..NetworkOptions::default()
        };
        let mut live = start_node(workspace, options, Some(&id)).await?;
        let mut book = PeerBook::load(workspace.dir());
        let wanted = peer_in(&args.peer);
        let progress = Progress::start(format!("Syncing {name} with {}", args.peer), false);
        let restarts = RestartContext::of(workspace);
        let outcome = tokio::time::timeout(
            timeout,
            wait_for_sync(
                &mut live, &id, &members, wanted, &mut book, &progress, &restarts,
            ),
        )
        .await;
        drop(progress);
        let stopped = stop(&mut live).await;
        book.clear_online();
        save_book(&book, workspace);
        match outcome {
            Ok(Ok((peer, id))) => {
                stopped?;
                println!("In sync with {peer}: {name} ({id})");
                Ok(())
            }
            Ok(Err(e)) => Err(e),
            Err(_) => bail!(
                "timed out after {} s without reaching the same version as {}",
                args.timeout,
                args.peer
            ),
        }
    })
}

/// Stops a one-shot node (which saves what is still unsaved) and reports a
/// save that failed on the way, so nothing is claimed that is not on disk.
pub(super) async fn stop(live: &mut LiveNode) -> Result<()> {
    live.node.shutdown().await.ok();
    let mut failure = None;
    while let Some(event) = live.events.recv().await {
        if let NodeEvent::SaveFailed { error, .. } = event {
            failure = Some(error);
        }
    }
    match failure {
        Some(error) => bail!("the changes received could not be saved: {error}"),
        None => Ok(()),
    }
}

async fn wait_for_sync(
    live: &mut LiveNode,
    id: &str,
    members: &std::collections::BTreeSet<String>,
    wanted: Option<PeerId>,
    book: &mut PeerBook,
    progress: &Progress,
    restarts: &RestartContext,
) -> Result<(PeerId, String)> {
    let mut id = id.to_owned();
    while let Some(event) = live.events.recv().await {
        book.record(&event);
        crate::diagnostics::logs::node_event(&event);
        match restarts.on_event(&live.node, &event).await {
            Ok(Some(moved)) if moved.previous == id => {
                id = moved.successor;
                continue;
            }
            Ok(_) => {}
            Err(reason) => bail!("a restart could not be carried out: {reason}"),
        }
        let id = id.as_str();
        if matches!(&event, NodeEvent::Sync(SyncEvent::Changed { document, .. }) if document.as_str() == id)
        {
            progress.add(1);
        }
        match event {
            NodeEvent::PeerConnected { peer, address, .. }
                if wanted.is_none_or(|w| w == peer) && !members.contains(&peer.to_string()) =>
            {
                bail!("refused: {peer} at {address} is not a device of a partner in this alliance");
            }
            NodeEvent::Sync(SyncEvent::Synced { document, peer, .. })
                if document.as_str() == id && wanted.is_none_or(|w| w == peer) =>
            {
                return Ok((peer, id.to_owned()));
            }
            NodeEvent::Sync(SyncEvent::Unavailable { document, peer })
                if document.as_str() == id =>
            {
                bail!(
                    "refused: {peer} does not share this alliance with this device (it is not a partner there, or this device was removed)"
                );
            }
            NodeEvent::ProtocolError { peer, reason } => bail!("{peer}: {reason}"),
            NodeEvent::SaveFailed { error, .. } => bail!("{error}"),
            _ => {}
        }
    }
    bail!("the network node stopped")
}

pub(super) fn peers(dir: &std::path::Path, args: PeersArgs) -> Result<()> {
    let (view, book, live, own) = match Workspace::open(dir) {
        Ok(mut workspace) if !workspace.beside_running_node() => {
            let own = workspace.identity().peer_id().to_string();
            let view = output::find(&mut workspace, &args.alliance)?.view();
            (view, PeerBook::load(dir), false, own)
        }
        Ok(_) | Err(WorkspaceError::Lock(LockError::InUse { .. })) => observe(dir, &args.alliance)?,
        Err(e) => return Err(e.into()),
    };
    let report = peer_report(&view, &book, live, &own);
    if args.json {
        return print_json(&report);
    }
    if !live {
        println!(
            "No Rondetafel node is running on this device: every other device is shown as offline."
        );
    }
    for partner in &report {
        println!("{}", partner.name);
        for device in &partner.devices {
            let missing = match device.missing_changes {
                Some(true) => "misses changes we have",
                Some(false) => "had everything we have",
                None => "never synced with this device",
            };
            let state = match (&device.relay, device.connection) {
                (Some(relay), _) => format!("{} via relay {relay}", device.state),
                (None, Some(connection)) => format!("{} {connection}", device.state),
                (None, None) => device.state.to_owned(),
            };
            println!(
                "  {}  {state}  last seen {}, last synced {}; {missing}",
                device.peer_id,
                device.last_seen.as_deref().unwrap_or("never"),
                device.last_synced.as_deref().unwrap_or("never"),
            );
        }
    }
    Ok(())
}

/// Reads status while another process (a running `serve`) holds the data
/// directory: nothing is written, the alliance is loaded read-only.
fn observe(
    dir: &std::path::Path,
    query: &str,
) -> Result<(crate::model::AllianceView, PeerBook, bool, String)> {
    let book = PeerBook::load(dir);
    let own = crate::local::DeviceIdentity::read(dir)?
        .peer_id()
        .to_string();
    let mut view = crate::local::read_alliance_view(dir, query)?;
    view.heads.sort();
    Ok((view, book, true, own))
}
