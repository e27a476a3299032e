//! The effect review (effectgesprek) of Effecten: open one per period; see
//! every indicator's latest figure against its target; answer the three
//! prompts for your organisation (the client organisations' answers come
//! first); and decide per intervention: doorgaan, bijstellen or stoppen.
//! Bijstellen puts the agreed agreements the intervention carries out back
//! to proposed, in the same action.

use std::collections::HashMap;

use super::super::app::Env;
use super::super::dates;
use super::super::design;
use super::super::i18n::{MonitoringTexts, Texts, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use super::monitoring::standing_tone;
use crate::model::monitoring::intervention::InterventionView;
use crate::model::monitoring::kinds::{Prompt, ReviewDecision};
use crate::model::monitoring::review::ReviewView;
use crate::model::{AgreementStatus, AllianceView};

/// The reviews and their drafts.
#[derive(Default)]
pub(crate) struct ReviewsPart {
    /// The review shown (the newest when none was chosen).
    selected: Option<String>,
    /// The period of a review to open.
    period: String,
    /// The own answer being typed, per review and prompt.
    answers: HashMap<(String, Prompt), String>,
    /// The note of a decision being typed, per review and intervention.
    notes: HashMap<(String, String), String>,
}

impl ReviewsPart {
    /// Shows the reviews and the chosen one.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let t = env.texts.monitoring();
        design::heading(ui, t.review_heading);
        ui.label(t.review_intro);
        if env.author.is_some() {
            self.open(ui, env, state);
        }
        let reviews = state.view().reviews.clone();
        if reviews.is_empty() {
            ui.weak(t.no_reviews_yet);
            return;
        }
        let shown = self
            .selected
            .as_ref()
            .and_then(|id| reviews.iter().find(|r| &r.id == id))
            .or(reviews.last())
            .cloned();
        ui.horizontal_wrapped(|ui| {
            for review in reviews.iter().rev() {
                let selected = shown.as_ref().is_some_and(|s| s.id == review.id);
                let label = fill(t.review_of, &[&review.period]);
                let response = ui.selectable_label(selected, &label);
                design::as_tab(ui, &response, selected, &label);
                if response.clicked() {
                    self.selected = Some(review.id.clone());
                }
            }
        });
        if let Some(review) = shown {
            self.review(ui, env, state, &review);
        }
    }

    fn open(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        let Some(author) = env.author.clone() else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(t.review_period);
            ui.add(egui::TextEdit::singleline(&mut self.period).desired_width(160.0))
                .labelled_by(label.id);
            let ready = !self.period.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(t.open_review))
                .clicked()
            {
                match state.edit(env.backend, |a| a.open_review(&author, &self.period)) {
                    Ok(id) => {
                        self.selected = Some(id);
                        self.period.clear();
                    }
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
        });
        ui.weak(t.period_hint);
    }

    fn review(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        review: &ReviewView,
    ) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        design::subheading(ui, &fill(t.review_of, &[&review.period]));
        if let Some(at) = &review.created_at {
            ui.weak(fill(t.opened_on, &[&dates::date_time(texts, at)]));
        }
        standings(ui, texts, state.view());
        design::gap(ui);
        for prompt in Prompt::ALL {
            design::card(ui, |ui| self.prompt(ui, env, state, review, *prompt));
        }
        design::gap(ui);
        design::subheading(ui, t.decisions_heading);
        let interventions = state.view().interventions.clone();
        if interventions.is_empty() {
            ui.weak(t.no_interventions_yet);
        }
        for intervention in &interventions {
            design::card(ui, |ui| self.decision(ui, env, state, review, intervention));
        }
    }

    fn prompt(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        review: &ReviewView,
        prompt: Prompt,
    ) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        ui.strong(t.prompt(prompt));
        let mut any = false;
        for answer in review.answers.iter().filter(|a| a.prompt == prompt) {
            any = true;
            let name = widgets::partner_name(state.view(), &answer.partner, texts);
            ui.label(format!("{name}: {}", answer.text));
        }
        if !any {
            ui.weak(t.no_answers_yet);
        }
        let Some(author) = env.author.clone() else {
            return;
        };
        let key = (review.id.clone(), prompt);
        let own = review
            .answers
            .iter()
            .find(|a| a.prompt == prompt && a.partner == author.partner_id)
            .map(|a| a.text.clone());
        let draft = self
            .answers
            .entry(key.clone())
            .or_insert_with(|| own.clone().unwrap_or_default());
        widgets::text_area(ui, &fill(t.your_answer_to, &[t.prompt(prompt)]), draft, 2);
        let changed = !draft.trim().is_empty() && Some(draft.trim()) != own.as_deref();
        let button = ui.add_enabled(changed, egui::Button::new(t.save_answer));
        design::name_button(&button, &fill(t.save_answer_named, &[t.prompt(prompt)]));
        if button.clicked() {
            let text = draft.clone();
            match state.edit(env.backend, |a| {
                a.answer_prompt(&author, &review.id, prompt, &text)
            }) {
                Ok(()) => {
                    self.answers.remove(&key);
                }
                Err(error) => env.notices.push(Notice::refused(texts, &error)),
            }
        }
    }

    fn decision(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        review: &ReviewView,
        intervention: &InterventionView,
    ) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        ui.strong(&intervention.title);
        match review
            .decisions
            .iter()
            .find(|d| d.intervention == intervention.id)
        {
            Some(d) => {
                let note = if d.note.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", d.note)
                };
                ui.label(format!("{}: {}{note}", t.decided, t.decision(d.decision)));
            }
            None => {
                ui.weak(t.no_decision_yet);
            }
        }
        let Some(author) = env.author.clone() else {
            return;
        };
        let reopens = agreed_agreements(state.view(), intervention);
        let key = (review.id.clone(), intervention.id.clone());
        let note = self.notes.entry(key.clone()).or_default();
        widgets::text_field(ui, &fill(t.decision_note, &[&intervention.title]), note);
        if !reopens.is_empty() {
            ui.weak(fill(t.adjust_reopens, &[&reopens.join(", ")]));
        }
        let mut chosen = None;
        ui.horizontal_wrapped(|ui| {
            for decision in ReviewDecision::ALL {
                let button = ui.button(t.decision(*decision));
                design::name_button(
                    &button,
                    &fill(
                        t.decide_named,
                        &[t.decision(*decision), &intervention.title],
                    ),
                );
                if button.clicked() {
                    chosen = Some(*decision);
                }
            }
        });
        let Some(decision) = chosen else {
            return;
        };
        let text = note.clone();
        match state.edit(env.backend, |a| {
            a.decide_in_review(&author, &review.id, &intervention.id, decision, &text)
        }) {
            Ok(reopened) => {
                self.notes.remove(&key);
                if !reopened.is_empty() {
                    env.notices
                        .push(Notice::info(fill(t.reopened, &[&reopens.join(", ")])));
                }
            }
            Err(error) => env.notices.push(Notice::refused(texts, &error)),
        }
    }
}

/// Every indicator's latest figure against its target, and its trend.
fn standings(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView) {
    let t: &MonitoringTexts = texts.monitoring();
    if view.indicators.is_empty() {
        ui.weak(t.no_indicators_yet);
        return;
    }
    // One wrapped row per indicator: a grid would run past a narrow window.
    for i in &view.indicators {
        ui.horizontal_wrapped(|ui| {
            ui.strong(&i.name);
            let latest = i.measurements.last().map_or_else(
                || "—".to_owned(),
                |m| format!("{} ({})", t.figure(m.value, i.unit), m.period),
            );
            ui.label(format!("{}: {latest}", t.latest));
            if let Some(target) = i.target {
                ui.label(format!("{}: {}", t.target, t.figure(target, i.unit)));
            }
            if let Some(s) = i.standing {
                design::chip(ui, t.standing(s), standing_tone(s));
            }
            if let Some(trend) = i.trend {
                ui.label(fill(t.trend_is, &[texts.trend(trend)]));
            }
        });
    }
}

/// The titles of the agreed agreements an intervention carries out: those
/// that adjusting it puts back to proposed.
fn agreed_agreements(view: &AllianceView, intervention: &InterventionView) -> Vec<String> {
    view.agreements
        .iter()
        .filter(|a| intervention.agreements.contains(&a.id) && a.status == AgreementStatus::Agreed)
        .map(|a| format!("“{}”", a.title))
        .collect()
}
