//! Ambitie: the shared ambition, edited together, and the intended effects.

use super::super::app::Env;
use super::super::design;
use super::super::editor::CollaborativeEditor;
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::{NewEffect, TextField};

/// The ambition section.
pub(crate) struct AmbitionSection {
    editor: CollaborativeEditor,
    effect: String,
    indicator: String,
    target: String,
    /// Drafts of the alliance's name and description, and the version of
    /// the view they were taken from.
    name: String,
    description: String,
    drafts_for: Option<u64>,
}

impl Default for AmbitionSection {
    fn default() -> Self {
        AmbitionSection {
            editor: CollaborativeEditor::new(TextField::Ambition),
            effect: String::new(),
            indicator: String::new(),
            target: String::new(),
            name: String::new(),
            description: String::new(),
            drafts_for: None,
        }
    }
}

impl AmbitionSection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        egui::ScrollArea::vertical().show(ui, |ui| {
            design::heading(ui, texts.shared_ambition);
            ui.label(texts.ambition_hint);
            let editing = env.author.as_ref().map(|a| (env.backend, a));
            if let Err(error) =
                self.editor
                    .show(ui, texts.shared_ambition, state, editing, env.focused)
            {
                env.notices.push(Notice::refused(texts, &error));
            }
            ui.add_space(12.0);
            design::heading(ui, texts.effects);
            self.effects(ui, env, state);
            ui.add_space(8.0);
            self.new_effect(ui, env, state);
            ui.add_space(12.0);
            self.name_and_description(ui, env, state);
        });
    }

    fn name_and_description(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
    ) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        if self.drafts_for != Some(state.generation()) {
            self.name = state.view().name.clone();
            self.description = state.view().description.clone();
            self.drafts_for = Some(state.generation());
        }
        ui.collapsing(texts.name_and_description, |ui| {
            widgets::text_field(ui, texts.alliance_name, &mut self.name);
            widgets::text_field(ui, texts.alliance_description, &mut self.description);
            let view = state.view();
            let changed =
                self.name.trim() != view.name || self.description.trim() != view.description;
            if ui
                .add_enabled(
                    changed && !self.name.trim().is_empty(),
                    egui::Button::new(texts.save),
                )
                .clicked()
            {
                let (name, description) = (
                    self.name.trim().to_owned(),
                    self.description.trim().to_owned(),
                );
                let rename = name != view.name;
                let result = state.edit(env.backend, |a| {
                    if rename {
                        a.rename(&author, &name)?;
                    }
                    a.set_description(&author, &description)
                });
                if let Err(error) = result {
                    env.notices.push(Notice::refused(texts, &error));
                }
            }
        });
    }

    fn effects(&self, ui: &mut egui::Ui, env: &Env<'_>, state: &AllianceState) {
        let texts = env.texts;
        let effects = &state.view().ambition.effects;
        if effects.is_empty() {
            ui.label(texts.no_effects);
            return;
        }
        egui::Grid::new("effects")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                ui.strong(texts.effect);
                ui.strong(texts.indicator);
                ui.strong(texts.target);
                ui.end_row();
                for effect in effects {
                    ui.label(&effect.text);
                    ui.label(&effect.indicator);
                    ui.label(&effect.target);
                    ui.end_row();
                }
            });
    }

    fn new_effect(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        design::card(ui, |ui| {
            widgets::text_field(ui, texts.effect, &mut self.effect);
            widgets::text_field(ui, texts.indicator, &mut self.indicator);
            widgets::text_field(ui, texts.target, &mut self.target);
            let ready = !self.effect.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(texts.add_effect))
                .clicked()
            {
                let effect = NewEffect {
                    text: self.effect.trim().to_owned(),
                    indicator: self.indicator.trim().to_owned(),
                    target: self.target.trim().to_owned(),
                };
                match state.edit(env.backend, |a| a.add_effect(&author, &effect)) {
                    Ok(_) => {
                        self.effect.clear();
                        self.indicator.clear();
                        self.target.clear();
                    }
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
        });
    }
}
