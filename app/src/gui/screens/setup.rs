//! First run: set up the organisation this device acts for.

use super::super::app::Env;
use super::super::backend::Request;
use super::super::design;
use super::super::widgets;
use super::home::join_form;
use crate::model::{PartnerKind, Role};

/// The first-run form.
pub(crate) struct SetupScreen {
    organisation: String,
    kind: PartnerKind,
    roles: Vec<Role>,
    sent: bool,
    ticket: String,
}

impl Default for SetupScreen {
    fn default() -> Self {
        SetupScreen {
            organisation: String::new(),
            kind: PartnerKind::Gemeente,
            roles: Vec::new(),
            sent: false,
            ticket: String::new(),
        }
    }
}

impl SetupScreen {
    /// Shows the form; sends the profile to the background service.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, joining: Option<&str>) {
        let texts = env.texts;
        design::heading(ui, texts.welcome);
        ui.label(texts.setup_intro);
        ui.add_space(8.0);
        widgets::text_field(ui, texts.organisation_name, &mut self.organisation);
        if let Some(kind) = widgets::choice(
            ui,
            "organisation-kind",
            texts.organisation_kind,
            self.kind,
            PartnerKind::ALL,
            |k| texts.partner_kind(k).to_owned(),
        ) {
            self.kind = kind;
        }
        ui.label(texts.roles);
        ui.horizontal_wrapped(|ui| {
            for role in Role::ALL {
                let mut on = self.roles.contains(role);
                if ui.checkbox(&mut on, texts.role(*role)).changed() {
                    if on {
                        self.roles.push(*role);
                    } else {
                        self.roles.retain(|r| r != role);
                    }
                }
            }
        });
        let ready = !self.organisation.trim().is_empty() && !self.sent;
        if ui
            .add_enabled(ready, egui::Button::new(texts.set_up))
            .clicked()
        {
            env.backend.send(Request::SetUp {
                organisation: self.organisation.trim().to_owned(),
                kind: self.kind,
                roles: self.roles.clone(),
            });
            self.sent = true;
        }
        if self.sent {
            ui.spinner();
        }
        ui.add_space(16.0);
        ui.separator();
        join_form(ui, env, &mut self.ticket, joining);
    }
}
