//! The positions on one agreement: every current partner's, in its colour
//! with a chip, its reason wrapped and how it went ("Bezwaar, daarna
//! Akkoord met voorbehoud"), and the form for the own position, where nothing is
//! preselected.

use super::super::app::Env;
use super::super::dates;
use super::super::design::{self, Tone};
use super::super::i18n::{Texts, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::{AgreementStatus, AgreementView, Author, PositionStep, Stance};

/// The own position being written.
#[derive(Debug, Default)]
pub(crate) struct PositionDraft {
    /// The stance chosen in the form: the own position's, or none.
    pub(crate) stance: Option<Stance>,
    /// The reason.
    pub(crate) reason: String,
}

impl PositionDraft {
    /// The draft for `agreement`, starting from `own`'s position.
    pub(crate) fn new(agreement: &AgreementView, own: Option<&str>) -> PositionDraft {
        let position = own.and_then(|p| agreement.positions.get(p));
        PositionDraft {
            stance: position.map(|p| p.stance),
            reason: position.map(|p| p.reason.clone()).unwrap_or_default(),
        }
    }
}

/// Every current partner's position, with reasons.
pub(crate) fn positions(
    ui: &mut egui::Ui,
    texts: &Texts,
    state: &AllianceState,
    agreement: &AgreementView,
) {
    design::gap(ui);
    design::subheading(ui, texts.positions);
    if agreement.awaiting_consent {
        ui.colored_label(ui.visuals().warn_fg_color, texts.awaiting_consent);
    }
    let history = position_history(ui, state, agreement);
    let view = state.view();
    if !agreement.without_position.is_empty() && agreement.status != AgreementStatus::Withdrawn {
        let names: Vec<&str> = view
            .partners
            .iter()
            .filter(|p| agreement.without_position.contains(&p.id))
            .map(|p| p.name.as_str())
            .collect();
        ui.label(fill(texts.without_position, &[&names.join(", ")]));
    }
    for (index, partner) in view.partners.iter().enumerate() {
        if partner.left.is_some() {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            design::partner_name(ui, &partner.name, design::partner_colour(ui, index));
            match agreement.positions.get(&partner.id) {
                Some(position) if position.on_earlier_text => {
                    let label =
                        format!("{} ({})", texts.stance(position.stance), texts.earlier_text);
                    design::chip(ui, &label, Tone::Neutral);
                }
                Some(position) => {
                    design::chip(
                        ui,
                        texts.stance(position.stance),
                        design::stance_tone(position.stance),
                    );
                }
                None => {
                    ui.weak(texts.no_position);
                }
            }
        });
        if let Some(position) = agreement.positions.get(&partner.id)
            && !position.reason.is_empty()
        {
            ui.indent(("reason", &partner.id), |ui| ui.label(&position.reason));
        }
        if let Some(line) = history_line(texts, &history, &partner.id) {
            ui.indent(("history", &partner.id), |ui| ui.weak(line));
        }
    }
}

/// Every position given on `agreement`, read once per change of the view.
fn position_history(
    ui: &egui::Ui,
    state: &AllianceState,
    agreement: &AgreementView,
) -> Vec<PositionStep> {
    let key = egui::Id::unique(("position_history", &agreement.id));
    let generation = state.generation();
    let cached = ui.data(|d| d.get_temp::<(u64, Vec<PositionStep>)>(key));
    if let Some((seen, steps)) = cached
        && seen == generation
    {
        return steps;
    }
    let steps = state
        .alliance()
        .position_history(&agreement.id)
        .unwrap_or_default();
    ui.data_mut(|d| d.insert_temp(key, (generation, steps.clone())));
    steps
}

/// How a partner's position went, when it changed at least once:
/// "Verloop: Bezwaar (10 maart 2027), daarna Akkoord met voorbehoud (12 maart
/// 2027)".
fn history_line(texts: &Texts, history: &[PositionStep], partner: &str) -> Option<String> {
    let steps: Vec<String> = history
        .iter()
        .filter(|s| s.partner == partner)
        .map(|s| {
            let day = dates::date(texts, s.time.get(..10).unwrap_or(&s.time));
            format!("{} ({day})", texts.stance(s.stance))
        })
        .collect();
    (steps.len() > 1).then(|| fill(texts.position_history, &[&steps.join(texts.position_then)]))
}

/// The form for the own partner's position.
pub(crate) fn own_position(
    ui: &mut egui::Ui,
    env: &mut Env<'_>,
    state: &mut AllianceState,
    agreement: &AgreementView,
    draft: &mut PositionDraft,
    author: &Author,
) {
    let texts = env.texts;
    design::gap(ui);
    design::card(ui, |ui| {
        design::subheading(ui, texts.your_position);
        let earlier = agreement
            .positions
            .get(&author.partner_id)
            .is_some_and(|p| p.on_earlier_text);
        if earlier {
            ui.colored_label(ui.visuals().warn_fg_color, texts.your_earlier_text);
        }
        ui.horizontal_wrapped(|ui| {
            for stance in Stance::ALL {
                ui.radio_value(&mut draft.stance, Some(*stance), texts.stance(*stance));
            }
        });
        widgets::text_area(ui, texts.reason, &mut draft.reason, 2);
        let needs_reason = matches!(draft.stance, Some(Stance::Object | Stance::Reservations))
            && draft.reason.trim().is_empty();
        let hint = if draft.stance.is_none() {
            Some(texts.choose_stance)
        } else if needs_reason {
            Some(texts.reason_needed)
        } else {
            None
        };
        if let Some(hint) = hint {
            let response = ui.colored_label(ui.visuals().warn_fg_color, hint);
            design::announce(ui, &response);
        }
        let button = if earlier {
            texts.confirm_position
        } else {
            texts.record_position
        };
        let ready = draft.stance.is_some() && !needs_reason;
        let clicked = ui.add_enabled(ready, egui::Button::new(button)).clicked();
        if let (true, Some(stance)) = (clicked, draft.stance) {
            let reason = draft.reason.trim().to_owned();
            match state.edit(env.backend, |a| {
                a.set_position(author, &agreement.id, stance, &reason)
            }) {
                Ok(()) => env.notices.push(Notice::info(fill(
                    texts.position_recorded,
                    &[texts.stance(stance)],
                ))),
                Err(error) => env.notices.push(Notice::refused(texts, &error)),
            }
        }
    });
}
