//! The status bar: devices online, sync progress, and per partner of the
//! open alliance whether it is up to date. Never "up to date" for a partner
//! that is offline.

use super::super::app::Session;
use super::super::dates;
use super::super::i18n::{Texts, count, fill};
use crate::network::{PartnerStatus, peer_report};

/// Draws the status bar.
pub(crate) fn status_bar(ui: &mut egui::Ui, texts: &Texts, session: &Session) {
    ui.horizontal_wrapped(|ui| {
        let online = session.book.online.len();
        if online == 0 {
            ui.label(texts.no_peers);
        } else {
            ui.label(format!("• {}", count(texts.peers_online, online)));
        }
        if session.receiving > 0 {
            ui.separator();
            ui.spinner();
            ui.label(fill(texts.receiving, &[&session.receiving.to_string()]));
        }
        let Some(state) = session.open.as_ref().and_then(|open| {
            session
                .alliances
                .iter()
                .find(|a| a.id() == open.alliance_id())
        }) else {
            return;
        };
        for partner in peer_report(state.view(), &session.book, true, &session.device) {
            if partner.devices.iter().any(|d| d.this_device) {
                continue;
            }
            ui.separator();
            ui.label(fill(
                texts.partner_status,
                &[&partner.name, &sync_state(texts, &partner)],
            ));
        }
    });
}

/// Whether a partner is up to date with this device, in words: never "up
/// to date" while it is offline.
pub(crate) fn sync_state(texts: &Texts, partner: &PartnerStatus) -> String {
    let online = partner.devices.iter().any(|d| d.online);
    let in_sync = partner.devices.iter().any(|d| d.state == "in-sync");
    let last = partner
        .devices
        .iter()
        .filter_map(|d| d.last_synced.as_deref())
        .max();
    match (online, in_sync, last) {
        (true, true, _) => texts.in_sync.to_owned(),
        (true, false, _) => texts.syncing.to_owned(),
        (false, _, Some(at)) => format!(
            "{} · {}",
            texts.offline,
            fill(texts.last_synced, &[&dates::date_time(texts, at)])
        ),
        (false, _, None) => texts.offline.to_owned(),
    }
}
