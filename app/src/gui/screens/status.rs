//! The status bar: devices online, sync progress, and how many partners of
//! the open alliance are up to date, syncing or offline (each partner on
//! hover). Never "up to date" for a partner that is offline.

use super::super::app::Session;
use super::super::dates;
use super::super::i18n::{Texts, count, fill};
use crate::network::{PartnerStatus, peer_report};

/// Draws the status bar.
pub(crate) fn status_bar(ui: &mut egui::Ui, texts: &Texts, session: &Session) {
    ui.horizontal_wrapped(|ui| {
        let online = session.book.online.len();
        if online == 0 {
            // The longest line of the bar: it wraps in a narrow window.
            ui.add(egui::Label::new(texts.no_peers).wrap());
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
        let others: Vec<PartnerStatus> =
            peer_report(state.view(), &session.book, true, &session.device)
                .into_iter()
                .filter(|p| !p.devices.iter().any(|d| d.this_device))
                .collect();
        if others.is_empty() {
            return;
        }
        // One line however many partners there are; each partner's state is
        // in the hover text, and in full on the overview.
        let (mut in_sync, mut syncing, mut offline) = (0, 0, 0);
        for partner in &others {
            let online = partner.devices.iter().any(|d| d.online);
            match (online, partner.devices.iter().any(|d| d.state == "in-sync")) {
                (true, true) => in_sync += 1,
                (true, false) => syncing += 1,
                (false, _) => offline += 1,
            }
        }
        let details: Vec<String> = others
            .iter()
            .map(|p| fill(texts.partner_status, &[&p.name, &sync_state(texts, p)]))
            .collect();
        ui.separator();
        ui.label(fill(
            texts.partners_summary,
            &[
                &in_sync.to_string(),
                &syncing.to_string(),
                &offline.to_string(),
            ],
        ))
        .on_hover_text(details.join("\n"));
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
