//! The desktop client (egui/eframe): what `rondetafel` opens without a
//! command.
//!
//! - [`backend`]: a background thread with the data directory and the sync
//!   node; the UI thread talks to it only through channels.
//! - [`state`]: the UI's copy of each alliance, kept current from patches.
//! - [`app`]: the window: setup, the list of alliances, and one alliance's
//!   sections, drawn by the modules in `screens`.
//! - [`i18n`]: every user-visible string, Dutch and English.

mod activity;
pub mod app;
pub mod backend;
mod calendar;
mod chart;
mod dates;
mod design;
mod editor;
mod folder_picker;
pub mod i18n;
mod icons;
mod notice;
pub mod problem;
mod restarted;
mod screens;
mod search;
pub mod state;
mod widgets;

use std::path::PathBuf;
use std::sync::Arc;

pub use app::{Preferences, RondetafelApp};
pub use backend::{Backend, BackendConfig, DetachedService, Request, Update, Waker};
pub use screens::Section;

use crate::network::NetworkOptions;

/// The file (in the data directory) where the window keeps its preferences.
const PREFERENCES_FILE: &str = "ui-preferences.ron";

/// The window's icon: the round table of `packaging/icons/rondetafel.svg`,
/// 64 × 64 pixels of RGBA.
fn icon() -> egui::IconData {
    egui::IconData {
        rgba: include_bytes!("../../assets/icon-64.rgba").to_vec(),
        width: 64,
        height: 64,
    }
}

/// Opens the window over the data directory `data_dir` and runs until it is
/// closed.
pub fn run(data_dir: PathBuf, network: NetworkOptions) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Rondetafel")
            .with_app_id("rondetafel")
            .with_inner_size([1200.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_icon(Arc::new(icon())),
        renderer: eframe::Renderer::Glow,
        persistence_path: Some(data_dir.join(PREFERENCES_FILE)),
        ..Default::default()
    };
    eframe::run_native(
        "Rondetafel",
        options,
        Box::new(move |cc| {
            let ctx = cc.egui_ctx.clone();
            let wake: Waker = Arc::new(move || ctx.request_repaint());
            let backend = Backend::start(BackendConfig { data_dir, network }, wake);
            let preferences = cc
                .storage
                .and_then(|storage| eframe::get_value(storage, app::PREFERENCES_KEY))
                .unwrap_or_default();
            Ok(Box::new(RondetafelApp::new(backend, preferences)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not be opened: {e}"))
}
