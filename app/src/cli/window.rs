//! `rondetafel` without a command (or `rondetafel gui`): the desktop client.

use std::path::Path;

use anyhow::{Result, bail};

use super::network::NetworkArgs;

/// Opens the window, or explains why it cannot.
pub(super) fn open(dir: &Path, network: NetworkArgs) -> Result<()> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!(
            "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n\
             Everything the window does is also a command; see `rondetafel --help`."
        );
    }
    run_window(dir, network)
}

#[cfg(feature = "gui")]
fn run_window(dir: &Path, network: NetworkArgs) -> Result<()> {
    crate::gui::run(dir.to_owned(), network.options())
}

#[cfg(not(feature = "gui"))]
fn run_window(_dir: &Path, _network: NetworkArgs) -> Result<()> {
    bail!(
        "this build of rondetafel has no window (built without the `gui` feature).\n\
         Everything the window does is also a command; see `rondetafel --help`."
    )
}
