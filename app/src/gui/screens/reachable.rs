//! "Bereikbaar via", in Partners: the addresses where partners' always-on
//! devices can be reached from other networks (and relay through), and a
//! form for the own organisation to publish or withdraw one.

use super::super::app::Env;
use super::super::design;
use super::super::i18n::fill;
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::PartnerView;

/// The card's draft address.
#[derive(Default)]
pub(crate) struct ReachableCard {
    draft: String,
}

/// One partner's published addresses, under its name in its card.
pub(crate) fn addresses(ui: &mut egui::Ui, env: &Env<'_>, partner: &PartnerView) {
    if partner.reachable_at.is_empty() {
        return;
    }
    design::subheading(ui, env.texts.reach().reachable_at);
    for address in &partner.reachable_at {
        ui.add(egui::Label::new(egui::RichText::new(address).monospace()).wrap());
    }
}

impl ReachableCard {
    /// Shows the form for the own organisation's addresses.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let Some(author) = env.author.clone() else {
            return;
        };
        let words = env.texts.reach();
        let own: Vec<String> = state
            .view()
            .partners
            .iter()
            .find(|p| p.id == author.partner_id)
            .map(|p| p.reachable_at.clone())
            .unwrap_or_default();
        design::card(ui, |ui| {
            design::subheading(ui, words.reachable_at);
            ui.label(words.reachable_hint);
            if own.is_empty() {
                ui.weak(words.none_published);
            }
            for address in &own {
                ui.horizontal_wrapped(|ui| {
                    // The button first: at any width it stays with its address.
                    let withdraw = ui.button(words.withdraw);
                    design::name_button(&withdraw, &format!("{} {address}", words.withdraw));
                    ui.add(egui::Label::new(egui::RichText::new(address).monospace()).wrap());
                    if withdraw.clicked() {
                        match state.edit(env.backend, |a| a.withdraw_address(&author, address)) {
                            Ok(()) => env
                                .notices
                                .push(Notice::info(fill(words.withdrawn, &[address]))),
                            Err(error) => env.notices.push(Notice::refused(env.texts, &error)),
                        }
                    }
                });
            }
            widgets::text_field(ui, words.address_label, &mut self.draft);
            let typed = !self.draft.trim().is_empty();
            if ui
                .add_enabled(typed, egui::Button::new(words.publish))
                .clicked()
            {
                let draft = self.draft.trim().to_owned();
                match state.edit(env.backend, |a| a.publish_address(&author, &draft)) {
                    Ok((stored, new)) => {
                        let template = if new {
                            words.published
                        } else {
                            words.already_published
                        };
                        env.notices.push(Notice::info(fill(template, &[&stored])));
                        self.draft.clear();
                    }
                    Err(error) => env.notices.push(Notice::refused(env.texts, &error)),
                }
            }
        });
    }
}
