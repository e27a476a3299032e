//! The intended effects of the shared ambition: one card each, edited in
//! place or removed (after a confirmation), and the form to add one.

use super::super::app::Env;
use super::super::design;
use super::super::i18n::fill;
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::{EffectView, NewEffect};

/// The effects and their drafts.
#[derive(Default)]
pub(crate) struct EffectsPart {
    /// The effect being edited, and its draft.
    editing: Option<(String, NewEffect)>,
    /// The effect whose removal waits for confirmation.
    removing: Option<String>,
    /// The effect being added.
    new: NewEffect,
}

impl EffectsPart {
    /// Shows every effect and the form to add one.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let effects = state.view().ambition.effects.clone();
        if effects.is_empty() {
            ui.label(texts.no_effects);
        }
        for effect in &effects {
            design::card(ui, |ui| self.effect(ui, env, state, effect));
        }
        design::gap(ui);
        self.add(ui, env, state);
    }

    fn effect(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        effect: &EffectView,
    ) {
        let texts = env.texts;
        if let Some((id, draft)) = self.editing.as_mut().filter(|(id, _)| *id == effect.id) {
            fields(ui, texts, draft);
            let ready = !draft.text.trim().is_empty();
            let (save, cancel) = ui
                .horizontal_wrapped(|ui| {
                    let save = ui
                        .add_enabled(ready, egui::Button::new(texts.save))
                        .clicked();
                    (save, ui.button(texts.cancel).clicked())
                })
                .inner;
            if save && let Some(author) = env.author.clone() {
                let (id, draft) = (id.clone(), draft.clone());
                match state.edit(env.backend, |a| a.edit_effect(&author, &id, &draft)) {
                    Ok(()) => self.editing = None,
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
            if cancel {
                self.editing = None;
            }
            return;
        }
        ui.strong(&effect.text);
        if !effect.indicator.is_empty() {
            ui.label(format!("{}: {}", texts.indicator, effect.indicator));
        }
        if !effect.target.is_empty() {
            ui.label(format!("{}: {}", texts.target, effect.target));
        }
        let Some(author) = env.author.clone() else {
            return;
        };
        if self.removing.as_deref() == Some(effect.id.as_str()) {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                fill(texts.confirm_remove_effect, &[&effect.text]),
            );
            ui.horizontal_wrapped(|ui| {
                if ui.button(texts.remove_effect).clicked() {
                    self.removing = None;
                    if let Err(error) =
                        state.edit(env.backend, |a| a.remove_effect(&author, &effect.id))
                    {
                        env.notices.push(Notice::refused(texts, &error));
                    }
                }
                if ui.button(texts.cancel).clicked() {
                    self.removing = None;
                }
            });
            return;
        }
        ui.horizontal_wrapped(|ui| {
            let edit = ui.button(texts.edit);
            design::name_button(&edit, &fill(texts.edit_named, &[&effect.text]));
            if edit.clicked() {
                self.editing = Some((
                    effect.id.clone(),
                    NewEffect {
                        text: effect.text.clone(),
                        indicator: effect.indicator.clone(),
                        target: effect.target.clone(),
                    },
                ));
            }
            let remove = ui.button(texts.remove);
            design::name_button(&remove, &fill(texts.remove_named, &[&effect.text]));
            if remove.clicked() {
                self.removing = Some(effect.id.clone());
            }
        });
    }

    fn add(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        design::card(ui, |ui| {
            design::subheading(ui, texts.add_effect);
            fields(ui, texts, &mut self.new);
            let ready = !self.new.text.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(texts.add_effect))
                .clicked()
            {
                match state.edit(env.backend, |a| a.add_effect(&author, &self.new)) {
                    Ok(_) => self.new = NewEffect::default(),
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
        });
    }
}

/// The three fields of an effect.
fn fields(ui: &mut egui::Ui, texts: &super::super::i18n::Texts, effect: &mut NewEffect) {
    widgets::text_field(ui, texts.effect, &mut effect.text);
    widgets::text_field(ui, texts.indicator, &mut effect.indicator);
    widgets::text_field(ui, texts.target, &mut effect.target);
}
