//! Effecten, in three parts: the chain from the shared ambition through the
//! intended effects and their indicators to the interventions, with every
//! indicator's chart and figures (`indicators.rs`); the interventions and
//! their milestones (`interventions.rs`); and the effect review per period
//! (`reviews.rs`).

use super::super::app::Env;
use super::super::design::{self, Tone};
use super::super::i18n::MonitoringTexts;
use super::super::state::AllianceState;
use super::indicators::IndicatorsPart;
use super::interventions::InterventionsPart;
use super::reviews::ReviewsPart;
use crate::model::AllianceView;
use crate::model::monitoring::kinds::Standing;

/// The section and its drafts.
#[derive(Default)]
pub(crate) struct MonitoringSection {
    part: Part,
    indicators: IndicatorsPart,
    interventions: InterventionsPart,
    reviews: ReviewsPart,
}

/// The three parts of Effecten.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Part {
    /// The chain and the indicators.
    #[default]
    Chain,
    /// Interventies.
    Interventions,
    /// Effectgesprek.
    Review,
}

/// Below this width the chain's four columns become one.
const COLUMNS_FROM: f32 = 880.0;

impl MonitoringSection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let t = env.texts.monitoring();
        ui.horizontal_wrapped(|ui| {
            for (part, label) in [
                (Part::Chain, t.chain_tab),
                (Part::Interventions, t.interventions_heading),
                (Part::Review, t.review_heading),
            ] {
                let selected = self.part == part;
                let response = ui.selectable_label(selected, label);
                design::as_tab(ui, &response, selected, label);
                if response.clicked() {
                    self.part = part;
                }
            }
        });
        egui::ScrollArea::vertical().show(ui, |ui| match self.part {
            Part::Chain => {
                design::heading(ui, t.chain_heading);
                ui.label(t.chain_intro);
                design::gap(ui);
                chain(ui, t, state.view());
                design::gap(ui);
                self.indicators.show(ui, env, state);
            }
            Part::Interventions => self.interventions.show(ui, env, state),
            Part::Review => self.reviews.show(ui, env, state),
        });
    }
}

/// Ambition → effects → indicators → interventions: four columns on a wide
/// window, one effect after another on a narrow one.
fn chain(ui: &mut egui::Ui, t: &MonitoringTexts, view: &AllianceView) {
    let wide = ui.available_width() >= COLUMNS_FROM;
    let ambition = if view.ambition.text.is_empty() {
        t.no_ambition
    } else {
        view.ambition.text.as_str()
    };
    if view.ambition.effects.is_empty() {
        design::card(ui, |ui| {
            ui.strong(t.column_ambition);
            ui.label(ambition);
            ui.weak(t.no_effects_yet);
        });
        return;
    }
    if wide {
        ui.columns(4, |columns| {
            for (column, name) in columns.iter_mut().zip([
                t.column_ambition,
                t.column_effects,
                t.column_indicators,
                t.column_interventions,
            ]) {
                design::subheading(column, name);
            }
        });
    } else {
        design::card(ui, |ui| {
            ui.strong(t.column_ambition);
            ui.label(ambition);
        });
    }
    for (index, effect) in view.ambition.effects.iter().enumerate() {
        let indicators = |ui: &mut egui::Ui| indicator_lines(ui, t, view, &effect.id);
        let interventions = |ui: &mut egui::Ui| intervention_lines(ui, t, view, &effect.id);
        if wide {
            ui.columns(4, |columns| {
                // Columns justify their text; these read as running text.
                let left = egui::Layout::top_down(egui::Align::Min);
                if index == 0 {
                    columns[0].with_layout(left, |ui| ui.label(ambition));
                }
                columns[1].with_layout(left, |ui| design::card(ui, |ui| ui.label(&effect.text)));
                columns[2].with_layout(left, indicators);
                columns[3].with_layout(left, interventions);
            });
            ui.separator();
        } else {
            design::card(ui, |ui| {
                ui.strong(&effect.text);
                ui.weak(t.column_indicators);
                indicators(ui);
                ui.weak(t.column_interventions);
                interventions(ui);
            });
        }
    }
}

/// The indicators of an effect, each with its latest figure and standing.
fn indicator_lines(ui: &mut egui::Ui, t: &MonitoringTexts, view: &AllianceView, effect: &str) {
    let mut any = false;
    for indicator in view.indicators.iter().filter(|i| i.effect == effect) {
        any = true;
        ui.horizontal_wrapped(|ui| {
            ui.label(&indicator.name);
            if let Some(latest) = indicator.measurements.last() {
                ui.weak(format!(
                    "{} ({})",
                    t.figure(latest.value, indicator.unit),
                    latest.period
                ));
            }
            if let Some(standing) = indicator.standing {
                design::chip(ui, t.standing(standing), standing_tone(standing));
            }
        });
    }
    if !any {
        ui.weak(t.no_indicators_yet);
    }
}

/// The interventions that serve an effect, each with where delivery stands.
fn intervention_lines(ui: &mut egui::Ui, t: &MonitoringTexts, view: &AllianceView, effect: &str) {
    let mut any = false;
    for intervention in view
        .interventions
        .iter()
        .filter(|i| i.effects.iter().any(|e| e == effect))
    {
        any = true;
        ui.horizontal_wrapped(|ui| {
            ui.label(&intervention.title);
            design::chip(
                ui,
                t.intervention_status(intervention.status),
                Tone::Neutral,
            );
        });
    }
    if !any {
        ui.weak(t.no_interventions_yet);
    }
}

/// The tone of a standing against the target.
pub(super) fn standing_tone(standing: Standing) -> Tone {
    match standing {
        Standing::Green => Tone::Good,
        Standing::Orange => Tone::Attention,
        Standing::Red => Tone::Problem,
    }
}
