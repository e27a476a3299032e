//! Partners: the organisations, their kinds, roles and devices; who is
//! online and when each device last synced; invitations (with a QR code);
//! removing a partner or retiring a device; connecting by address.

use super::super::app::Env;
use super::super::backend::Request;
use super::super::dates;
use super::super::design;
use super::super::i18n::fill;
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::InvitationInfo;
use crate::network::{DeviceStatus, make_invitation, peer_report};

/// How long an invitation made in the window is valid.
const INVITATION_DAYS: i64 = 7;

/// The partners section and its drafts.
#[derive(Default)]
pub(crate) struct PartnersSection {
    /// The ticket just made, until when it is valid, and whether it is
    /// for a device of the own organisation.
    ticket: Option<(String, String, bool)>,
    confirm: Option<Removal>,
    address: String,
    carry: super::carry::CarryCard,
    reachable: super::reachable::ReachableCard,
    erasure: super::erasure::ErasureCard,
}

/// A removal waiting for confirmation.
#[derive(Clone, PartialEq)]
enum Removal {
    Partner { id: String, name: String },
    Device { peer: String },
}

impl PartnersSection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let report = peer_report(state.view(), env.book, true, env.device);
        egui::ScrollArea::vertical().show(ui, |ui| {
            for partner in state.view().partners.clone() {
                design::card(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.strong(&partner.name);
                        ui.label(format!("· {}", texts.slug_label(&partner.kind)));
                        if !partner.roles.is_empty() {
                            let roles: Vec<String> =
                                partner.roles.iter().map(|r| texts.slug_label(r)).collect();
                            ui.label(format!("· {}: {}", texts.roles, roles.join(", ")));
                        }
                    });
                    if let Some(left) = &partner.left {
                        ui.weak(fill(texts.left_alliance, &[&dates::date_time(texts, left)]));
                        return;
                    }
                    let devices = report
                        .iter()
                        .find(|p| p.partner_id == partner.id)
                        .map(|p| p.devices.clone())
                        .unwrap_or_default();
                    design::subheading(ui, texts.devices);
                    for device in &devices {
                        self.device_row(ui, env, device, &partner.id);
                    }
                    super::reachable::addresses(ui, env, &partner);
                    let own = env
                        .author
                        .as_ref()
                        .is_some_and(|a| a.partner_id == partner.id);
                    if !own && env.author.is_some() && ui.button(texts.remove_partner).clicked() {
                        self.confirm = Some(Removal::Partner {
                            id: partner.id.clone(),
                            name: partner.name.clone(),
                        });
                    }
                });
            }
            self.confirmation(ui, env, state);
            design::gap(ui);
            self.invitations(ui, env, state);
            design::gap(ui);
            self.own_address(ui, env);
            design::gap(ui);
            self.reachable.show(ui, env, state);
            design::gap(ui);
            self.connect(ui, env);
            design::gap(ui);
            self.carry.show(ui, env, state);
            design::gap(ui);
            self.erasure.show(ui, env, state);
        });
    }

    fn device_row(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        device: &DeviceStatus,
        partner: &str,
    ) {
        let texts = env.texts;
        ui.horizontal_wrapped(|ui| {
            ui.monospace(format!("…{}", short_id(&device.peer_id)));
            let state = match device.state {
                "this-device" => texts.this_device,
                "in-sync" => texts.in_sync,
                "syncing" => texts.syncing,
                _ => texts.offline,
            };
            let color = match device.state {
                "in-sync" | "syncing" => egui::Color32::from_rgb(0x1a, 0x7f, 0x37),
                _ => ui.visuals().weak_text_color(),
            };
            if device.online {
                ui.colored_label(color, format!("• {} · {state}", texts.online));
                let reach = texts.reach();
                match (&device.relay, device.connection) {
                    (Some(relay), _) => {
                        let relay = short_id(relay);
                        ui.weak(fill(reach.relayed, &[&format!("…{relay}")]))
                    }
                    (None, Some(_)) => ui.weak(reach.direct),
                    (None, None) => ui.weak(""),
                };
            } else {
                ui.colored_label(color, state);
            }
            if !device.this_device {
                match &device.last_synced {
                    Some(at) => ui.weak(fill(texts.last_synced, &[&dates::date_time(texts, at)])),
                    None => ui.weak(texts.never_synced),
                };
            }
            let own = env.author.as_ref().is_some_and(|a| a.partner_id == partner);
            if own && !device.this_device && ui.button(texts.retire_device).clicked() {
                self.confirm = Some(Removal::Device {
                    peer: device.peer_id.clone(),
                });
            }
        });
    }

    fn confirmation(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let (Some(removal), Some(author)) = (self.confirm.clone(), env.author.clone()) else {
            return;
        };
        let who = match &removal {
            Removal::Partner { name, .. } => name.clone(),
            Removal::Device { peer } => peer.clone(),
        };
        design::card(ui, |ui| {
            ui.label(fill(texts.confirm_remove, &[&who]));
            ui.horizontal_wrapped(|ui| {
                if ui.button(texts.confirm).clicked() {
                    let result =
                        match &removal {
                            Removal::Partner { id, .. } => state
                                .edit(env.backend, |a| a.remove_partner(&author, id).map(|_| ())),
                            Removal::Device { peer } => state
                                .edit(env.backend, |a| a.remove_device(&author, peer).map(|_| ())),
                        };
                    if let Err(error) = result {
                        env.notices.push(Notice::refused(texts, &error));
                    }
                    self.confirm = None;
                }
                if ui.button(texts.cancel).clicked() {
                    self.confirm = None;
                }
            });
        });
    }

    fn invitations(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let (Some(author), Some(profile)) = (env.author.clone(), env.profile.cloned()) else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            for (for_device, label) in [(false, texts.invite_partner), (true, texts.invite_device)]
            {
                if ui.button(label).clicked() {
                    let expires_ms =
                        jiff::Timestamp::now().as_millisecond() + INVITATION_DAYS * 86_400_000;
                    let addresses = env.book.listen.clone();
                    match state.edit(env.backend, |a| {
                        make_invitation(a, &author, &profile, for_device, expires_ms, addresses)
                    }) {
                        Ok(ticket) => {
                            let until = jiff::Timestamp::from_millisecond(expires_ms)
                                .map(|t| dates::date_time(texts, &t.to_string()))
                                .unwrap_or_default();
                            self.ticket = Some((ticket.encode(), until, for_device));
                        }
                        Err(error) => env.notices.push(Notice::refused(texts, &error)),
                    }
                }
            }
        });
        self.open_invitations(ui, env, state);
        let Some((ticket, until, for_device)) = &self.ticket else {
            return;
        };
        design::card(ui, |ui| {
            if *for_device {
                let warning = ui.colored_label(
                    ui.visuals().warn_fg_color,
                    fill(texts.device_ticket_warning, &[&profile.organisation]),
                );
                design::announce(ui, &warning);
            }
            let label = ui.label(fill(texts.ticket_for, &[until]));
            let mut shown = ticket.as_str();
            ui.add(
                egui::TextEdit::multiline(&mut shown)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            if ui.button(texts.copy).clicked() {
                ui.ctx().copy_text(ticket.clone());
                env.notices.push(Notice::info(texts.copied));
            }
            if env.book.listen.is_empty() {
                ui.colored_label(ui.visuals().warn_fg_color, texts.no_address);
            }
            ui.label(texts.ticket_qr);
            widgets::qr_code(ui, ticket, texts.ticket_qr);
        });
    }

    /// The invitations still open, each with a way to withdraw it.
    fn open_invitations(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
    ) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        let now = jiff::Timestamp::now().as_millisecond();
        let open: Vec<InvitationInfo> = state
            .alliance()
            .invitations(now)
            .into_iter()
            .filter(|i| i.state == "open")
            .collect();
        if open.is_empty() {
            return;
        }
        design::subheading(ui, texts.open_invitations);
        for invitation in &open {
            ui.horizontal_wrapped(|ui| {
                let what = if invitation.kind == "device" {
                    texts.invitation_for_device
                } else {
                    texts.invitation_for_partner
                };
                let by = invitation
                    .created_by
                    .as_deref()
                    .map(|p| widgets::partner_name(state.view(), p, texts))
                    .unwrap_or_default();
                ui.label(fill(
                    texts.invitation_line,
                    &[what, &by, &dates::date_time(texts, &invitation.expires)],
                ));
                if invitation.created_by.as_deref() == Some(author.partner_id.as_str()) {
                    let withdraw = ui.button(texts.withdraw);
                    let name = fill(texts.withdraw_named, &[what]);
                    design::name_button(&withdraw, &name);
                    if withdraw.clicked() {
                        match state.edit(env.backend, |a| {
                            a.withdraw_invitation(&author, &invitation.id)
                        }) {
                            Ok(_) => env
                                .notices
                                .push(Notice::info(texts.invitation_withdrawn_done)),
                            Err(error) => env.notices.push(Notice::refused(texts, &error)),
                        }
                    }
                }
            });
        }
    }

    /// This device's addresses, to give to a partner who connects by
    /// address.
    fn own_address(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>) {
        let texts = env.texts;
        design::subheading(ui, texts.own_address_title);
        if env.book.listen.is_empty() {
            ui.label(texts.own_address_none);
            return;
        }
        ui.label(texts.own_address_hint);
        for address in &env.book.listen {
            let full = format!("{address}/p2p/{}", env.device);
            ui.horizontal_wrapped(|ui| {
                ui.add(egui::Label::new(egui::RichText::new(&full).monospace()).wrap());
                let copy = ui.button(texts.copy);
                let name = fill(texts.copy_named, &[&full]);
                design::name_button(&copy, &name);
                if copy.clicked() {
                    ui.ctx().copy_text(full.clone());
                    env.notices.push(Notice::info(texts.copied));
                }
            });
        }
    }

    fn connect(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>) {
        let texts = env.texts;
        design::subheading(ui, texts.connect_title);
        widgets::text_field(ui, texts.address, &mut self.address);
        let typed = self.address.trim();
        let address = typed.parse::<rondetafel_sync::Multiaddr>();
        if !typed.is_empty() && address.is_err() {
            let hint = ui.colored_label(ui.visuals().warn_fg_color, texts.address_unusable);
            design::announce(ui, &hint);
        }
        if ui.button(texts.connect).clicked() {
            match address {
                Ok(address) => {
                    env.backend.send(Request::Dial { address });
                    self.address.clear();
                }
                Err(_) if typed.is_empty() => {
                    env.notices.push(Notice::info(texts.address_missing));
                }
                Err(_) => env.notices.push(Notice::info(texts.address_unusable)),
            }
        }
    }
}

/// The last eight characters of a peer id, as the window shows devices.
fn short_id(peer: &str) -> String {
    let skip = peer.chars().count().saturating_sub(8);
    peer.chars().skip(skip).collect()
}
