//! The indicators of Effecten: one card each with what it measures, its
//! chart, its figures and the form to add one; editing an indicator; and
//! the form to add an indicator, optionally from the catalogue.

use std::collections::HashMap;

use super::super::app::Env;
use super::super::chart;
use super::super::design;
use super::super::i18n::{MonitoringTexts, Texts, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use super::indicator_form::IndicatorDraft;
use super::monitoring::standing_tone;
use crate::model::AllianceView;
use crate::model::monitoring::chart::chart as chart_of;
use crate::model::monitoring::kinds::MeasurementStatus;
use crate::model::monitoring::measurement::NewMeasurement;
use crate::model::monitoring::view::IndicatorView;

/// The indicators and their drafts.
#[derive(Default)]
pub(crate) struct IndicatorsPart {
    /// The figure being typed, per indicator.
    measurements: HashMap<String, MeasurementDraft>,
    /// The indicator being edited: its id, the draft it started as, and the
    /// draft.
    editing: Option<(String, IndicatorDraft, IndicatorDraft)>,
    /// The indicator being added.
    new: IndicatorDraft,
}

/// A figure as typed.
#[derive(Debug, Clone)]
struct MeasurementDraft {
    period: String,
    value: String,
    status: MeasurementStatus,
    note: String,
}

impl Default for MeasurementDraft {
    fn default() -> MeasurementDraft {
        MeasurementDraft {
            period: String::new(),
            value: String::new(),
            status: MeasurementStatus::Provisional,
            note: String::new(),
        }
    }
}

impl IndicatorsPart {
    /// Shows every indicator and the form to add one.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let t = env.texts.monitoring();
        design::heading(ui, t.indicators_heading);
        ui.label(t.aggregates_only);
        let indicators = state.view().indicators.clone();
        if indicators.is_empty() {
            ui.weak(t.no_indicators_yet);
        }
        for indicator in &indicators {
            design::card(ui, |ui| self.indicator(ui, env, state, indicator));
        }
        design::gap(ui);
        if env.author.is_some() && !state.view().ambition.effects.is_empty() {
            self.add(ui, env, state);
        }
    }

    fn indicator(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        indicator: &IndicatorView,
    ) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        if let Some((_, from, draft)) = self
            .editing
            .as_mut()
            .filter(|(id, _, _)| *id == indicator.id)
        {
            design::subheading(ui, &fill(t.edit_indicator_named, &[&indicator.name]));
            draft.fields(ui, texts, state.view(), "edit-indicator");
            let edit = draft.edit_from(from);
            let (save, cancel) = ui
                .horizontal_wrapped(|ui| {
                    let save = ui
                        .add_enabled(edit.is_some(), egui::Button::new(texts.save))
                        .clicked();
                    (save, ui.button(texts.cancel).clicked())
                })
                .inner;
            if save && let (Some(author), Some(edit)) = (env.author.clone(), edit) {
                match state.edit(env.backend, |a| {
                    a.edit_indicator(&author, &indicator.id, &edit)
                }) {
                    Ok(()) => self.editing = None,
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
            if cancel {
                self.editing = None;
            }
            return;
        }
        describe(ui, texts, state.view(), indicator);
        match chart_of(indicator) {
            Some(chart) => chart::show(ui, texts, &chart, &chart_description(t, indicator)),
            None => {
                ui.weak(t.no_figures_yet);
            }
        }
        figures(ui, texts, state.view(), indicator);
        widgets::conflicts(
            ui,
            texts,
            state.view(),
            &indicator.conflicts,
            |field| t.indicator_field(field).to_owned(),
            |_, value| value.to_owned(),
            false,
        );
        if env.author.is_some() {
            self.add_figure(ui, env, state, indicator);
            let edit = ui.button(texts.edit);
            design::name_button(&edit, &fill(texts.edit_named, &[&indicator.name]));
            if edit.clicked() {
                let draft = IndicatorDraft::of(indicator);
                self.editing = Some((indicator.id.clone(), draft.clone(), draft));
            }
        }
    }

    fn add_figure(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        indicator: &IndicatorView,
    ) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        let Some(author) = env.author.clone() else {
            return;
        };
        let draft = self.measurements.entry(indicator.id.clone()).or_default();
        let mut save = false;
        egui::CollapsingHeader::new(t.add_figure)
            .id_salt(("add-figure", &indicator.id))
            .show(ui, |ui| {
                widgets::text_field(ui, t.period, &mut draft.period);
                ui.weak(t.period_hint);
                widgets::text_field(ui, &t.value_in(indicator.unit), &mut draft.value);
                if let Some(status) = widgets::choice(
                    ui,
                    ("figure-status", &indicator.id),
                    t.status,
                    draft.status,
                    MeasurementStatus::ALL,
                    |s| t.measurement_status(s).to_owned(),
                ) {
                    draft.status = status;
                }
                widgets::text_field(ui, t.note, &mut draft.note);
                let ready = !draft.period.trim().is_empty() && !draft.value.trim().is_empty();
                let button = ui.add_enabled(ready, egui::Button::new(t.save_figure));
                design::name_button(&button, &fill(t.save_figure_named, &[&indicator.name]));
                save = button.clicked();
            });
        if !save {
            return;
        }
        let new = NewMeasurement {
            period: draft.period.clone(),
            value: draft.value.clone(),
            status: draft.status,
            note: draft.note.clone(),
        };
        match state.edit(env.backend, |a| {
            a.add_measurements(&author, &indicator.id, std::slice::from_ref(&new))
        }) {
            Ok(_) => {
                self.measurements.remove(&indicator.id);
            }
            Err(error) => env.notices.push(Notice::refused(texts, &error)),
        }
    }

    fn add(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        let Some(author) = env.author.clone() else {
            return;
        };
        design::folding_card(ui, t.add_indicator, "add_indicator", |ui| {
            self.new.catalogue_choice(ui, t);
            self.new.fields(ui, texts, state.view(), "new-indicator");
            let edit = self.new.edit_from(&IndicatorDraft::default());
            let ready = edit.as_ref().is_some_and(IndicatorDraft::complete);
            if ui
                .add_enabled(ready, egui::Button::new(t.add_indicator))
                .clicked()
                && let Some(edit) = edit
            {
                match state.edit(env.backend, |a| a.add_indicator(&author, &edit)) {
                    Ok(_) => self.new = IndicatorDraft::default(),
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
            if !ready {
                ui.weak(t.indicator_needs);
            }
        });
    }
}

/// What an indicator measures, from where, kept by whom, and how it stands.
fn describe(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView, indicator: &IndicatorView) {
    let t = texts.monitoring();
    ui.horizontal_wrapped(|ui| {
        ui.strong(&indicator.name);
        if let Some(standing) = indicator.standing {
            design::chip(ui, t.standing(standing), standing_tone(standing));
        }
        if let Some(trend) = indicator.trend {
            ui.weak(fill(t.trend_is, &[texts.trend(trend)]));
        }
    });
    if let Some(effect) = view
        .ambition
        .effects
        .iter()
        .find(|e| e.id == indicator.effect)
    {
        ui.weak(fill(t.for_effect, &[&effect.text]));
    }
    let mut facts = vec![
        t.unit(indicator.unit).to_owned(),
        t.direction(indicator.direction).to_owned(),
    ];
    facts.extend(indicator.level.map(|l| t.level(l).to_owned()));
    ui.label(facts.join(" · "));
    if !indicator.definition.is_empty() {
        ui.label(&indicator.definition);
    }
    let mut goal = Vec::new();
    if let Some(baseline) = indicator.baseline {
        goal.push(fill(
            t.baseline_is,
            &[
                &t.figure(baseline, indicator.unit),
                &indicator.baseline_period,
            ],
        ));
    }
    if let Some(target) = indicator.target {
        goal.push(fill(
            t.target_is,
            &[
                &t.figure(target, indicator.unit),
                &super::super::dates::date(texts, &indicator.target_date),
            ],
        ));
    }
    if !goal.is_empty() {
        ui.label(goal.join(" · "));
    }
    if !indicator.source.is_empty() || !indicator.source_url.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(fill(t.source_is, &[&indicator.source]));
            if !indicator.source_url.is_empty() {
                ui.hyperlink(&indicator.source_url);
            }
        });
    }
    let mut kept = Vec::new();
    if !indicator.owner.is_empty() {
        kept.push(fill(
            t.kept_by,
            &[&widgets::partner_name(view, &indicator.owner, texts)],
        ));
    }
    if !indicator.frequency.is_empty() {
        kept.push(indicator.frequency.clone());
    }
    if !indicator.proxy_for.is_empty() {
        kept.push(fill(t.proxy_for_is, &[&indicator.proxy_for]));
    }
    if !kept.is_empty() {
        ui.weak(kept.join(" · "));
    }
}

/// The current figure per period, with how final it is and who entered it.
fn figures(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView, indicator: &IndicatorView) {
    let t = texts.monitoring();
    if indicator.measurements.is_empty() {
        return;
    }
    // One wrapped row per period: a grid would run past a narrow window.
    for m in &indicator.measurements {
        ui.horizontal_wrapped(|ui| {
            ui.strong(&m.period);
            ui.label(t.figure(m.value, indicator.unit));
            ui.label(t.measurement_status(m.status));
            ui.weak(fill(
                t.entered_by_is,
                &[&widgets::partner_name(view, &m.partner, texts)],
            ));
        });
    }
    let replaced =
        indicator.history.len() - indicator.measurements.len().min(indicator.history.len());
    if replaced > 0 {
        ui.weak(super::super::i18n::count(t.figures_replaced, replaced));
    }
}

/// What a screen reader says about the chart: its figures in words.
fn chart_description(t: &MonitoringTexts, indicator: &IndicatorView) -> String {
    let figures: Vec<String> = indicator
        .measurements
        .iter()
        .map(|m| {
            format!(
                "{} {} ({})",
                m.period,
                t.figure(m.value, indicator.unit),
                t.measurement_status(m.status).to_lowercase()
            )
        })
        .collect();
    fill(t.chart_of, &[&indicator.name, &figures.join(", ")])
}
