//! Belangen: every partner's interests on the table. A partner edits its
//! own; the others respond.

use std::collections::HashMap;

use egui::RichText;

use super::super::app::Env;
use super::super::design;
use super::super::i18n::fill;
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::{InterestEdit, InterestStatus, InterestView};

/// The interests section and its drafts.
#[derive(Default)]
pub(crate) struct InterestsSection {
    new_text: String,
    new_obstacle: bool,
    /// Per interest: the response being written.
    responses: HashMap<String, String>,
    /// Per own interest: its text being edited.
    texts: HashMap<String, String>,
}

impl InterestsSection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let own = env.author.as_ref().map(|a| a.partner_id.clone());
        let partners: Vec<(String, String)> = state
            .view()
            .partners
            .iter()
            .filter(|p| p.left.is_none())
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        egui::ScrollArea::vertical().show(ui, |ui| {
            if state.view().interests.is_empty() {
                ui.label(texts.no_interests);
            }
            for (partner, name) in &partners {
                let interests: Vec<InterestView> = state
                    .view()
                    .interests
                    .iter()
                    .filter(|i| &i.partner == partner)
                    .cloned()
                    .collect();
                if interests.is_empty() && own.as_ref() != Some(partner) {
                    continue;
                }
                design::heading(ui, &fill(texts.interests_of, &[name]));
                let mine = own.as_ref() == Some(partner);
                for interest in &interests {
                    design::card(ui, |ui| self.interest(ui, env, state, interest, mine));
                }
                if mine {
                    self.new_interest(ui, env, state);
                }
                ui.add_space(8.0);
            }
        });
    }

    fn interest(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        interest: &InterestView,
        mine: bool,
    ) {
        let texts = env.texts;
        ui.horizontal_wrapped(|ui| {
            if interest.obstacle {
                ui.label(
                    RichText::new(texts.obstacle_mark)
                        .color(ui.visuals().warn_fg_color)
                        .strong(),
                );
            }
            ui.label(&interest.text);
            design::chip(
                ui,
                texts.interest_status(interest.status),
                design::interest_tone(interest.status),
            );
        });
        let mut edit = InterestEdit::default();
        if mine {
            let draft = self
                .texts
                .entry(interest.id.clone())
                .or_insert_with(|| interest.text.clone());
            ui.horizontal_wrapped(|ui| {
                let label = ui.label(texts.interest_text);
                ui.add(
                    egui::TextEdit::singleline(draft)
                        .desired_width(420.0_f32.min(ui.available_width())),
                )
                .labelled_by(label.id);
                let changed = draft.trim() != interest.text && !draft.trim().is_empty();
                if ui
                    .add_enabled(changed, egui::Button::new(texts.save))
                    .clicked()
                {
                    edit.text = Some(draft.trim().to_owned());
                }
            });
            ui.horizontal_wrapped(|ui| {
                edit.status = widgets::choice(
                    ui,
                    ("interest-status", &interest.id),
                    texts.status,
                    interest.status,
                    InterestStatus::ALL,
                    |s| texts.interest_status(s).to_owned(),
                );
                let mut obstacle = interest.obstacle;
                if ui.checkbox(&mut obstacle, texts.obstacle).changed() {
                    edit.obstacle = Some(obstacle);
                }
            });
        } else {
            ui.label(format!(
                "{}: {}",
                texts.status,
                texts.interest_status(interest.status)
            ));
        }
        let chosen = widgets::conflicts(
            ui,
            texts,
            state.view(),
            &interest.conflicts,
            |field| match field {
                "obstacle" => texts.obstacle.to_owned(),
                _ => texts.status.to_owned(),
            },
            |field, value| match field {
                "status" => value
                    .parse()
                    .map(|s| texts.interest_status(s).to_owned())
                    .unwrap_or_else(|_| value.to_owned()),
                _ => value.to_owned(),
            },
            mine,
        );
        match chosen.as_ref().map(|(f, v)| (f.as_str(), v.as_str())) {
            Some(("status", value)) => edit.status = value.parse().ok(),
            Some(("obstacle", value)) => edit.obstacle = Some(value == "true"),
            _ => {}
        }
        if let Some(author) = env.author.clone()
            && (edit.status.is_some() || edit.obstacle.is_some() || edit.text.is_some())
            && let Err(error) = state.edit(env.backend, |a| {
                a.edit_interest(&author, &interest.id, &edit)
            })
        {
            env.notices.push(Notice::refused(texts, &error));
        }
        self.responses_of(ui, env, state, interest, mine);
    }

    fn responses_of(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        interest: &InterestView,
        mine: bool,
    ) {
        let texts = env.texts;
        if !interest.responses.is_empty() {
            design::subheading(ui, texts.responses);
            for response in &interest.responses {
                let who = widgets::partner_name(state.view(), &response.partner, texts);
                ui.label(format!("{who}: {}", response.text));
            }
        }
        let Some(author) = env.author.clone() else {
            return;
        };
        if mine {
            return;
        }
        let draft = self.responses.entry(interest.id.clone()).or_default();
        widgets::text_field(ui, texts.your_response, draft);
        let ready = !draft.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new(texts.respond))
            .clicked()
        {
            let text = draft.trim().to_owned();
            match state.edit(env.backend, |a| {
                a.respond_to_interest(&author, &interest.id, &text)
            }) {
                Ok(_) => draft.clear(),
                Err(error) => env.notices.push(Notice::refused(texts, &error)),
            }
        }
    }

    fn new_interest(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        design::card(ui, |ui| {
            widgets::text_area(ui, texts.new_interest, &mut self.new_text, 2);
            ui.checkbox(&mut self.new_obstacle, texts.obstacle);
            let ready = !self.new_text.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(texts.add_interest))
                .clicked()
            {
                let text = self.new_text.trim().to_owned();
                let obstacle = self.new_obstacle;
                match state.edit(env.backend, |a| a.add_interest(&author, &text, obstacle)) {
                    Ok(_) => {
                        self.new_text.clear();
                        self.new_obstacle = false;
                    }
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
        });
    }
}
