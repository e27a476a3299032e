//! `rondetafel` without a command (or `rondetafel gui`): the desktop client.

use std::path::Path;

use anyhow::{Result, bail};
use clap::Args;
use rondetafel_sync::Multiaddr;

use crate::network::NetworkOptions;

/// Arguments of `gui`.
#[derive(Debug, Args, Default)]
pub(super) struct WindowArgs {
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
}

/// Opens the window, or explains why it cannot.
pub(super) fn open(dir: &Path, args: WindowArgs) -> Result<()> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!(
            "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n\
             Everything the window does is also a command; see `rondetafel --help`."
        );
    }
    let network = NetworkOptions::listening(args.listen, args.peers, !args.no_mdns);
    crate::gui::run(dir.to_owned(), network)
}
