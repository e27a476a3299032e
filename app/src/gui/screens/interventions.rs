//! The interventions of Effecten: what partners do, for which effects and
//! agreements, on which assumption; where delivery stands and its
//! milestones (kept apart from whether it works); and the form to add one.

use std::collections::{BTreeSet, HashMap};

use super::super::app::Env;
use super::super::calendar;
use super::super::dates;
use super::super::design::{self, Tone};
use super::super::i18n::{Texts, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::AllianceView;
use crate::model::monitoring::intervention::{InterventionEdit, InterventionView};
use crate::model::monitoring::kinds::InterventionStatus;

/// The interventions and their drafts.
#[derive(Default)]
pub(crate) struct InterventionsPart {
    new: InterventionDraft,
    /// The milestone being typed, per intervention: date, title, note.
    milestones: HashMap<String, (String, String, String)>,
}

/// A new intervention as typed.
#[derive(Debug, Clone, Default)]
struct InterventionDraft {
    title: String,
    description: String,
    assumption: String,
    start: String,
    end: String,
    effects: BTreeSet<String>,
    agreements: BTreeSet<String>,
    partners: BTreeSet<String>,
}

impl InterventionsPart {
    /// Shows every intervention and the form to add one.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let t = env.texts.monitoring();
        design::heading(ui, t.interventions_heading);
        ui.label(t.delivery_is_not_effect);
        let interventions = state.view().interventions.clone();
        if interventions.is_empty() {
            ui.weak(t.no_interventions_yet);
        }
        for intervention in &interventions {
            design::card(ui, |ui| {
                describe(ui, env.texts, state.view(), intervention);
                if env.author.is_some() {
                    self.status(ui, env, state, intervention);
                    self.milestone(ui, env, state, intervention);
                }
            });
        }
        design::gap(ui);
        if env.author.is_some() {
            self.add(ui, env, state);
        }
    }

    fn status(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        intervention: &InterventionView,
    ) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        let Some(author) = env.author.clone() else {
            return;
        };
        let Some(status) = widgets::choice(
            ui,
            ("intervention-status", &intervention.id),
            t.delivery,
            intervention.status,
            InterventionStatus::ALL,
            |s| t.intervention_status(s).to_owned(),
        ) else {
            return;
        };
        let edit = InterventionEdit {
            status: Some(status),
            ..InterventionEdit::default()
        };
        if let Err(error) = state.edit(env.backend, |a| {
            a.edit_intervention(&author, &intervention.id, &edit)
        }) {
            env.notices.push(Notice::refused(texts, &error));
        }
    }

    fn milestone(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        intervention: &InterventionView,
    ) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        let Some(author) = env.author.clone() else {
            return;
        };
        let (date, title, note) = self.milestones.entry(intervention.id.clone()).or_default();
        let mut save = false;
        egui::CollapsingHeader::new(t.add_milestone)
            .id_salt(("add-milestone", &intervention.id))
            .show(ui, |ui| {
                calendar::date_field(
                    ui,
                    texts,
                    ("milestone-date", &intervention.id),
                    t.milestone_date,
                    date,
                );
                widgets::text_field(ui, t.milestone_title, title);
                widgets::text_field(ui, t.note, note);
                let ready = !date.trim().is_empty() && !title.trim().is_empty();
                let button = ui.add_enabled(ready, egui::Button::new(t.add_milestone));
                design::name_button(
                    &button,
                    &fill(t.add_milestone_named, &[&intervention.title]),
                );
                save = button.clicked();
            });
        if !save {
            return;
        }
        let (date, title, note) = (date.clone(), title.clone(), note.clone());
        match state.edit(env.backend, |a| {
            a.add_milestone(&author, &intervention.id, &date, &title, &note)
        }) {
            Ok(_) => {
                self.milestones.remove(&intervention.id);
            }
            Err(error) => env.notices.push(Notice::refused(texts, &error)),
        }
    }

    fn add(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let (texts, t) = (env.texts, env.texts.monitoring());
        let Some(author) = env.author.clone() else {
            return;
        };
        design::folding_card(ui, t.add_intervention, "add_intervention", |ui| {
            let draft = &mut self.new;
            widgets::text_field(ui, t.intervention_title, &mut draft.title);
            widgets::text_area(ui, t.description, &mut draft.description, 2);
            widgets::text_area(ui, t.assumption, &mut draft.assumption, 2);
            ui.weak(t.assumption_hint);
            calendar::date_field(ui, texts, "intervention-start", t.start, &mut draft.start);
            calendar::date_field(ui, texts, "intervention-end", t.end, &mut draft.end);
            let view = state.view();
            let effects = view
                .ambition
                .effects
                .iter()
                .map(|e| (e.id.clone(), e.text.clone()));
            ticks(ui, t.serves_effects, effects, &mut draft.effects);
            let agreements = view
                .agreements
                .iter()
                .map(|a| (a.id.clone(), a.title.clone()));
            ticks(ui, t.carries_out, agreements, &mut draft.agreements);
            let partners = view
                .partners
                .iter()
                .filter(|p| p.left.is_none())
                .map(|p| (p.id.clone(), p.name.clone()));
            ticks(ui, t.responsible_partners, partners, &mut draft.partners);
            let ready = !draft.title.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(t.add_intervention))
                .clicked()
            {
                let set = |s: &BTreeSet<String>| Some(s.iter().cloned().collect::<Vec<_>>());
                let optional = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
                let edit = InterventionEdit {
                    title: Some(draft.title.trim().to_owned()),
                    description: optional(&draft.description),
                    assumption: optional(&draft.assumption),
                    start: optional(&draft.start),
                    end: optional(&draft.end),
                    effects: set(&draft.effects),
                    agreements: set(&draft.agreements),
                    partners: set(&draft.partners),
                    status: None,
                };
                match state.edit(env.backend, |a| a.add_intervention(&author, &edit)) {
                    Ok(_) => self.new = InterventionDraft::default(),
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
        });
    }
}

/// A group of check boxes, one per `(id, name)`, none ticked for the user.
fn ticks(
    ui: &mut egui::Ui,
    label: &str,
    items: impl Iterator<Item = (String, String)>,
    chosen: &mut BTreeSet<String>,
) {
    ui.label(label);
    ui.horizontal_wrapped(|ui| {
        for (id, name) in items {
            let mut on = chosen.contains(&id);
            if ui.checkbox(&mut on, name).changed() {
                if on {
                    chosen.insert(id);
                } else {
                    chosen.remove(&id);
                }
            }
        }
    });
}

/// An intervention: what it is, for what, on which assumption, by whom,
/// when, and its milestones.
fn describe(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView, i: &InterventionView) {
    let t = texts.monitoring();
    ui.horizontal_wrapped(|ui| {
        ui.strong(&i.title);
        design::chip(ui, t.intervention_status(i.status), Tone::Neutral);
    });
    if !i.description.is_empty() {
        ui.label(&i.description);
    }
    if !i.assumption.is_empty() {
        ui.label(egui::RichText::new(&i.assumption).italics());
    }
    let names = |ids: &[String], find: &dyn Fn(&str) -> Option<String>| -> String {
        ids.iter()
            .map(|id| find(id).unwrap_or_else(|| id.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let lines = [
        (
            t.responsible_partners,
            names(&i.partners, &|id| {
                Some(widgets::partner_name(view, id, texts))
            }),
        ),
        (
            t.serves_effects,
            names(&i.effects, &|id| {
                view.ambition
                    .effects
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| e.text.clone())
            }),
        ),
        (
            t.carries_out,
            names(&i.agreements, &|id| {
                view.agreements
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| a.title.clone())
            }),
        ),
    ];
    for (name, value) in lines {
        if !value.is_empty() {
            ui.label(format!("{name}: {value}"));
        }
    }
    if !i.start.is_empty() || !i.end.is_empty() {
        let date = |d: &str| {
            if d.is_empty() {
                "…".to_owned()
            } else {
                dates::date(texts, d)
            }
        };
        ui.label(format!("{}: {} – {}", t.runs, date(&i.start), date(&i.end)));
    }
    for m in &i.milestones {
        let note = if m.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", m.note)
        };
        ui.label(format!(
            "• {}: {}{note}",
            dates::date(texts, &m.date),
            m.title
        ));
    }
}
