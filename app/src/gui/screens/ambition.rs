//! Ambitie: the shared ambition, edited together, and the intended effects.

use super::super::app::Env;
use super::super::design;
use super::super::editor::CollaborativeEditor;
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use super::effects::EffectsPart;
use crate::model::TextField;

/// The ambition section.
pub(crate) struct AmbitionSection {
    editor: CollaborativeEditor,
    effects: EffectsPart,
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
            effects: EffectsPart::default(),
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
            self.effects.show(ui, env, state);
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
}
