//! The alliances of this device: open one, create one, or join one.

use super::super::app::Env;
use super::super::backend::Request;
use super::super::design;
use super::super::i18n::{count, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;

/// The alliances screen and its forms.
#[derive(Default)]
pub(crate) struct HomeScreen {
    name: String,
    description: String,
    ticket: String,
}

impl HomeScreen {
    /// Shows the screen; returns the id of the alliance to open, if chosen.
    pub(crate) fn show(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        alliances: &[AllianceState],
        joining: Option<&str>,
    ) -> Option<String> {
        let texts = env.texts;
        let mut open = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            if let Some(profile) = env.profile {
                ui.label(fill(texts.acting_as, &[&profile.organisation]));
            }
            design::heading(ui, texts.your_alliances);
            if alliances.is_empty() {
                ui.label(texts.no_alliances);
            }
            for state in alliances {
                let view = state.view();
                design::card(ui, |ui| {
                    design::subheading(ui, &view.name);
                    if !view.description.is_empty() {
                        ui.label(&view.description);
                    }
                    let partners = view.partners.iter().filter(|p| p.left.is_none()).count();
                    ui.small(format!(
                        "{} · {}",
                        count(texts.partners_count, partners),
                        count(texts.agreements_count, view.agreements.len())
                    ));
                    if ui.button(format!("{} {}", texts.open, view.name)).clicked() {
                        open = Some(state.id().to_owned());
                    }
                });
            }
            ui.add_space(16.0);
            ui.separator();
            self.create_form(ui, env);
            ui.add_space(16.0);
            ui.separator();
            join_form(ui, env, &mut self.ticket, joining);
        });
        open
    }

    fn create_form(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>) {
        let texts = env.texts;
        design::heading(ui, texts.new_alliance);
        widgets::text_field(ui, texts.alliance_name, &mut self.name);
        widgets::text_field(ui, texts.alliance_description, &mut self.description);
        let ready = !self.name.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new(texts.create))
            .clicked()
        {
            let (name, description) = (self.name.trim(), self.description.trim());
            // The same check the alliance makes when it is founded, here, so
            // that the form keeps what was typed when it is refused.
            match crate::model::privacy::check_texts(&[name, description], env.confirmed) {
                Ok(()) => {
                    env.backend.send(Request::CreateAlliance {
                        name: name.to_owned(),
                        description: description.to_owned(),
                        confirmed: env.confirmed.texts.iter().cloned().collect(),
                    });
                    self.name.clear();
                    self.description.clear();
                }
                Err(error) => env.notices.push(Notice::refused(texts, &error)),
            }
        }
    }
}

/// The form to join an alliance with an invitation ticket.
pub(crate) fn join_form(
    ui: &mut egui::Ui,
    env: &mut Env<'_>,
    ticket: &mut String,
    joining: Option<&str>,
) {
    let texts = env.texts;
    design::heading(ui, texts.join_title);
    widgets::text_field(ui, texts.invitation, ticket);
    match joining {
        Some(name) => {
            ui.horizontal_wrapped(|ui| {
                ui.spinner();
                ui.label(fill(texts.joining, &[name]));
            });
        }
        None => {
            let ready = ticket.trim().starts_with("rondetafel1:");
            if ui
                .add_enabled(ready, egui::Button::new(texts.join))
                .clicked()
            {
                env.backend.send(Request::Join {
                    ticket: ticket.trim().to_owned(),
                });
                ticket.clear();
            }
        }
    }
}
