//! Who is in the room: every current partner with its check-in and whether
//! its devices are up to date with this one (bijgewerkt, bezig with the
//! changes received so far, niet bereikbaar), and the room as a whole.
//! Never "bijgewerkt" for a partner whose devices are all unreachable.

use std::collections::BTreeMap;

use super::super::app::Env;
use super::super::design::{self, Tone};
use super::super::i18n::{MeetingTexts, fill};
use crate::model::{AllianceView, MeetingView};
use crate::network::{PartnerStatus, peer_report};

/// How up to date a partner is with this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// This device, or a device with the same version as this one.
    UpToDate,
    /// Connected and catching up: the changes applied from it so far.
    Busy(u64),
    /// None of its devices is connected.
    Unreachable,
}

/// The presence of `partner`, from its devices' states.
pub(crate) fn presence(partner: &PartnerStatus, received: &BTreeMap<String, u64>) -> Presence {
    let devices = &partner.devices;
    if devices
        .iter()
        .any(|d| d.this_device || d.state == "in-sync")
    {
        return Presence::UpToDate;
    }
    if devices.iter().any(|d| d.online) {
        let changes = devices
            .iter()
            .filter_map(|d| received.get(&d.peer_id))
            .sum();
        return Presence::Busy(changes);
    }
    Presence::Unreachable
}

impl Presence {
    fn words(self, words: &MeetingTexts) -> String {
        match self {
            Presence::UpToDate => words.up_to_date.to_owned(),
            Presence::Busy(0) => words.busy.to_owned(),
            Presence::Busy(n) => fill(words.busy_received, &[&n.to_string()]),
            Presence::Unreachable => words.unreachable.to_owned(),
        }
    }

    fn tone(self) -> Tone {
        match self {
            Presence::UpToDate => Tone::Good,
            Presence::Busy(_) => Tone::Info,
            Presence::Unreachable => Tone::Neutral,
        }
    }
}

/// The room: one line per current partner, and the summary.
pub(crate) fn room(ui: &mut egui::Ui, env: &Env<'_>, view: &AllianceView, meeting: &MeetingView) {
    let words = env.texts.meeting();
    let report = peer_report(view, env.book, true, env.device);
    let mut states = Vec::new();
    design::subheading(ui, words.presence);
    for (index, partner) in view.partners.iter().enumerate() {
        if partner.left.is_some() {
            continue;
        }
        let state = report
            .iter()
            .find(|p| p.partner_id == partner.id)
            .map_or(Presence::Unreachable, |p| presence(p, env.receiving_from));
        states.push(state);
        ui.horizontal_wrapped(|ui| {
            design::partner_name(ui, &partner.name, design::partner_colour(ui, index));
            if meeting.attended(&partner.id) {
                design::chip(ui, words.present, Tone::Good);
            } else {
                design::chip(ui, words.not_checked_in, Tone::Neutral);
            }
            design::chip(ui, &state.words(words), state.tone());
        });
    }
    let total = states.len();
    let up = states.iter().filter(|s| **s == Presence::UpToDate).count();
    let busy = states
        .iter()
        .filter(|s| matches!(s, Presence::Busy(_)))
        .count();
    let summary = if up == total {
        crate::gui::i18n::count(words.room_all, total)
    } else {
        fill(
            words.room_some,
            &[
                &up.to_string(),
                &total.to_string(),
                &busy.to_string(),
                &(total - up - busy).to_string(),
            ],
        )
    };
    ui.strong(summary);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::DeviceStatus;

    fn device(peer: &str, online: bool, state: &'static str) -> DeviceStatus {
        DeviceStatus {
            peer_id: peer.into(),
            this_device: state == "this-device",
            online,
            last_seen: None,
            last_synced: None,
            missing_changes: None,
            state,
            refused_changes: 0,
            connection: None,
            relay: None,
        }
    }

    fn partner(devices: Vec<DeviceStatus>) -> PartnerStatus {
        PartnerStatus {
            partner_id: "p".into(),
            name: "Zorg".into(),
            devices,
        }
    }

    #[test]
    fn a_partner_is_up_to_date_only_while_a_device_is() {
        let received = BTreeMap::from([("b".to_owned(), 40)]);
        let cases = [
            (vec![device("a", true, "in-sync")], Presence::UpToDate),
            (vec![device("b", true, "syncing")], Presence::Busy(40)),
            (vec![device("c", true, "syncing")], Presence::Busy(0)),
            (vec![device("a", false, "offline")], Presence::Unreachable),
            (vec![device("me", false, "this-device")], Presence::UpToDate),
        ];
        for (devices, expected) in cases {
            assert_eq!(presence(&partner(devices), &received), expected);
        }
    }
}
