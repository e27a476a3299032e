//! The expectations part of Samenwerking: the matrix "wie verwacht wat van
//! wie", what partners expect of you (to answer), what you expect of
//! others (to add), and the points to discuss.

use std::collections::HashMap;

use egui::RichText;

use super::super::app::Env;
use super::super::design::{self, Tone};
use super::super::i18n::{Texts, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::{AllianceView, ExpectationView, Recognition};

/// The drafts of the expectations part.
#[derive(Default)]
pub(crate) struct ExpectationsPart {
    /// Per expectation of you: the answer chosen (none until the user
    /// chooses) and the remark typed.
    answers: HashMap<String, (Option<Recognition>, String)>,
    /// The partner a new expectation is of (none until chosen).
    new_of: Option<String>,
    new_text: String,
}

impl ExpectationsPart {
    /// Shows the matrix and what partners expect of the user, to answer.
    pub(crate) fn show_of_you(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
    ) {
        let texts = env.texts;
        design::heading(ui, texts.matrix_heading);
        matrix(ui, texts, state.view());
        let Some(own) = env.author.as_ref().map(|a| a.partner_id.clone()) else {
            return;
        };
        design::gap(ui);
        design::subheading(ui, texts.expectations_of_you);
        let of_you: Vec<ExpectationView> = state
            .view()
            .expectations
            .iter()
            .filter(|e| e.of == own)
            .cloned()
            .collect();
        if of_you.is_empty() {
            ui.weak(texts.none_of_you);
        }
        for expectation in &of_you {
            self.answer(ui, env, state, expectation);
        }
    }

    /// Shows what the user expects of others (and a new one), and the
    /// points to discuss.
    pub(crate) fn show_by_you(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
    ) {
        let texts = env.texts;
        if let Some(own) = env.author.as_ref().map(|a| a.partner_id.clone()) {
            design::subheading(ui, texts.your_expectations);
            for expectation in state.view().expectations.iter().filter(|e| e.from == own) {
                design::card(ui, |ui| {
                    expectation_lines(ui, texts, state.view(), expectation)
                });
            }
            self.new_expectation(ui, env, state, &own);
            design::gap(ui);
        }
        design::subheading(ui, texts.to_discuss);
        to_discuss(ui, texts, state.view());
    }

    fn answer(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        expectation: &ExpectationView,
    ) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        let (choice, remark) = self.answers.entry(expectation.id.clone()).or_default();
        let mut save = None;
        design::card(ui, |ui| {
            expectation_lines(ui, texts, state.view(), expectation);
            let label = ui.label(texts.your_answer);
            ui.horizontal_wrapped(|ui| {
                for answer in Recognition::ALL {
                    ui.radio_value(choice, Some(*answer), texts.recognition(*answer));
                }
            })
            .response
            .labelled_by(label.id);
            widgets::text_field(ui, texts.remark_optional, remark);
            let button = ui.add_enabled(choice.is_some(), egui::Button::new(texts.save_answer));
            design::name_button(
                &button,
                &format!("{} — {}", texts.save_answer, expectation.text),
            );
            if button.clicked() {
                save = *choice;
            }
        });
        let Some(answer) = save else {
            return;
        };
        let remark = remark.trim().to_owned();
        match state.edit(env.backend, |a| {
            a.answer_expectation(&author, &expectation.id, answer, &remark)
        }) {
            Ok(()) => {
                self.answers.remove(&expectation.id);
            }
            Err(error) => env.notices.push(Notice::refused(texts, &error)),
        }
    }

    fn new_expectation(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        own: &str,
    ) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        let others: Vec<(String, String)> = state
            .view()
            .partners
            .iter()
            .filter(|p| p.id != own && p.left.is_none())
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        if others.is_empty() {
            return;
        }
        let mut add = false;
        design::card(ui, |ui| {
            ui.strong(texts.new_expectation);
            let shown = self
                .new_of
                .as_ref()
                .and_then(|id| others.iter().find(|(p, _)| p == id))
                .map_or(texts.choose_partner, |(_, name)| name.as_str())
                .to_owned();
            let combo = egui::ComboBox::from_label(texts.of_partner)
                .selected_text(&shown)
                .show_ui(ui, |ui| {
                    for (id, name) in &others {
                        ui.selectable_value(&mut self.new_of, Some(id.clone()), name);
                    }
                });
            design::expose_choice(ui, &combo.response, &shown);
            widgets::text_area(ui, texts.expectation_text, &mut self.new_text, 2);
            let ready = self.new_of.is_some() && !self.new_text.trim().is_empty();
            add = ui
                .add_enabled(ready, egui::Button::new(texts.add_expectation))
                .clicked();
        });
        let (true, Some(of)) = (add, self.new_of.clone()) else {
            return;
        };
        let text = self.new_text.trim().to_owned();
        match state.edit(env.backend, |a| a.add_expectation(&author, &of, &text)) {
            Ok(_) => {
                self.new_text.clear();
                self.new_of = None;
            }
            Err(error) => env.notices.push(Notice::refused(texts, &error)),
        }
    }
}

/// Who expects what of whom, and the answer so far.
fn expectation_lines(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView, e: &ExpectationView) {
    let from = widgets::partner_name(view, &e.from, texts);
    let of = widgets::partner_name(view, &e.of, texts);
    ui.label(RichText::new(fill(texts.expects_of, &[&from, &of])).strong());
    ui.label(&e.text);
    ui.horizontal_wrapped(|ui| match &e.answer {
        Some(answer) => {
            let tone = match answer.answer {
                Recognition::Recognised => Tone::Good,
                Recognition::Partly => Tone::Attention,
                Recognition::NotRecognised => Tone::Problem,
            };
            design::chip(
                ui,
                &fill(texts.answer_by, &[&of, texts.recognition(answer.answer)]),
                tone,
            );
            if !answer.remark.is_empty() {
                ui.label(&answer.remark);
            }
        }
        None => {
            design::chip(ui, texts.not_answered, Tone::Attention);
        }
    });
}

/// The matrix: one row per expecting partner, one column per partner
/// expected of; each cell counts the expectations and those to discuss.
fn matrix(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView) {
    let partners: Vec<_> = view.partners.iter().filter(|p| p.left.is_none()).collect();
    egui::ScrollArea::horizontal()
        .id_salt("expectations-matrix")
        .show(ui, |ui| {
            egui::Grid::new("expectations-grid")
                .striped(true)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    ui.weak(texts.matrix_corner);
                    for of in &partners {
                        ui.strong(&of.name);
                    }
                    ui.end_row();
                    for from in &partners {
                        ui.strong(&from.name);
                        for of in &partners {
                            let cell: Vec<&ExpectationView> = view
                                .expectations
                                .iter()
                                .filter(|e| e.from == from.id && e.of == of.id)
                                .collect();
                            let open = cell.iter().filter(|e| e.to_discuss).count();
                            match (from.id == of.id, cell.len()) {
                                (true, _) | (false, 0) => ui.weak("—"),
                                (false, n) if open > 0 => ui.label(fill(
                                    texts.matrix_cell,
                                    &[&n.to_string(), &open.to_string()],
                                )),
                                (false, n) => ui.label(n.to_string()),
                            };
                        }
                        ui.end_row();
                    }
                });
        });
}

/// Every expectation not answered yet or not recognised.
fn to_discuss(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView) {
    let open: Vec<&ExpectationView> = view.expectations.iter().filter(|e| e.to_discuss).collect();
    if open.is_empty() {
        ui.weak(texts.to_discuss_none);
        return;
    }
    ui.label(texts.to_discuss_intro);
    for expectation in open {
        design::card(ui, |ui| expectation_lines(ui, texts, view, expectation));
    }
}
