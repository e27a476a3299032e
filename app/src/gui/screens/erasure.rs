//! Erasure on request, in Partners: propose to restart the alliance on a
//! new epoch with a text taken out, answer a proposal for the own
//! organisation (the background service signs an acceptance with the
//! device key), see the epoch this alliance began with, and review this
//! device's edits from before a restart.

use super::super::app::Env;
use super::super::backend::Request;
use super::super::dates;
use super::super::design::{self, Tone};
use super::super::i18n::{ErasureTexts, count, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::epoch::{EpochInfo, RestartProposal, RestartState};

/// The card's fields and what it last read from the alliance.
#[derive(Default)]
pub(crate) struct ErasureCard {
    text: String,
    reason: String,
    /// The proposals and the epoch, read at this view generation.
    read: Option<(u64, Vec<RestartProposal>, Option<EpochInfo>)>,
    /// Restarts answered in this run, until the answer comes back.
    answered: Vec<String>,
}

impl ErasureCard {
    /// Shows the card.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let words = env.texts.erasure();
        self.read_alliance(state);
        let own_name = env
            .author
            .as_ref()
            .map(|a| widgets::partner_name(state.view(), &a.partner_id, env.texts))
            .unwrap_or_default();
        design::card(ui, |ui| {
            design::subheading(ui, words.heading);
            ui.label(words.hint);
            if let Some((_, _, Some(epoch))) = &self.read {
                design::gap(ui);
                ui.label(epoch_line(env, words, epoch));
            }
            carried(ui, env, words, state);
            let proposals = self.read.as_ref().map_or(&[][..], |r| &r.1[..]);
            for proposal in proposals {
                design::gap(ui);
                show_proposal(
                    ui,
                    env,
                    words,
                    (state.id(), &own_name),
                    proposal,
                    &mut self.answered,
                );
            }
            design::gap(ui);
            self.propose_form(ui, env, words, state);
        });
    }

    fn read_alliance(&mut self, state: &AllianceState) {
        let fresh = self
            .read
            .as_ref()
            .is_some_and(|(generation, ..)| *generation == state.generation());
        if !fresh {
            let alliance = state.alliance();
            self.read = Some((state.generation(), alliance.restarts(), alliance.epoch()));
            self.answered.clear();
        }
    }

    fn propose_form(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        words: &ErasureTexts,
        state: &mut AllianceState,
    ) {
        widgets::text_field(ui, words.text_label, &mut self.text);
        widgets::text_field(ui, words.reason_label, &mut self.reason);
        let ready = !self.reason.trim().is_empty();
        let Some(author) = env.author.clone() else {
            return;
        };
        if !ui
            .add_enabled(ready, egui::Button::new(words.propose))
            .clicked()
        {
            return;
        }
        let text = Some(self.text.trim()).filter(|t| !t.is_empty());
        let reason = self.reason.trim().to_owned();
        match state.edit(env.backend, |a| a.propose_restart(&author, text, &reason)) {
            Ok(proposal) => {
                env.notices.push(Notice::info(words.proposed.to_owned()));
                if text.is_some() && proposal.replacements.is_empty() {
                    env.notices.push(Notice::info(words.not_found.to_owned()));
                }
                self.text.clear();
                self.reason.clear();
            }
            Err(error) => env.notices.push(Notice::refused(env.texts, &error)),
        }
    }
}

/// One proposal: who made it and why, what it replaces, where it stands.
fn show_proposal(
    ui: &mut egui::Ui,
    env: &mut Env<'_>,
    words: &ErasureTexts,
    alliance_and_own: (&str, &str),
    proposal: &RestartProposal,
    answered: &mut Vec<String>,
) {
    ui.label(fill(
        words.proposal,
        &[
            &proposal.proposed_by_name,
            &dates::date_time(env.texts, &proposal.proposed_at),
            &proposal.reason,
        ],
    ));
    ui.weak(count(words.replaced, proposal.replacements.len()));
    match proposal.state {
        RestartState::Agreed => {
            design::chip(ui, words.agreed, Tone::Good);
        }
        RestartState::Refused => {
            design::chip(ui, words.refused, Tone::Problem);
        }
        RestartState::Open => {
            ui.label(fill(words.waiting_for, &[&proposal.waiting_for.join(", ")]));
            answer_buttons(ui, env, words, alliance_and_own, proposal, answered);
        }
    }
}

/// Two plain buttons, neither chosen beforehand: the acceptance is
/// recorded only when the user presses one.
fn answer_buttons(
    ui: &mut egui::Ui,
    env: &mut Env<'_>,
    words: &ErasureTexts,
    (alliance, own_name): (&str, &str),
    proposal: &RestartProposal,
    answered_here: &mut Vec<String>,
) {
    let Some(author) = env.author.clone() else {
        return;
    };
    let answered = proposal
        .accepted
        .iter()
        .any(|a| a.partner == author.partner_id)
        || proposal.refused.contains(&author.partner_id)
        || answered_here.contains(&proposal.id);
    if answered {
        ui.weak(fill(words.answered, &[own_name]));
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for accept in [true, false] {
            let label = if accept { words.accept } else { words.refuse };
            if ui.button(fill(label, &[own_name])).clicked() {
                env.backend.send(Request::AnswerRestart {
                    alliance: alliance.to_owned(),
                    restart: proposal.id.clone(),
                    accept,
                });
                answered_here.push(proposal.id.clone());
            }
        }
    });
}

/// This device's edits from before the restart, with the two choices.
fn carried(ui: &mut egui::Ui, env: &mut Env<'_>, words: &ErasureTexts, state: &AllianceState) {
    if state.carried().is_empty() {
        return;
    }
    design::gap(ui);
    design::alert_card(ui, |ui| {
        ui.strong(words.carried_heading);
        ui.label(words.carried_hint);
        for edit in state.carried() {
            ui.label(format!(
                "{}: {}",
                edit.path.join(" › "),
                edit.value.display()
            ));
        }
        ui.horizontal_wrapped(|ui| {
            for apply in [true, false] {
                let label = if apply {
                    words.carried_apply
                } else {
                    words.carried_discard
                };
                if ui.button(label).clicked() {
                    env.backend.send(Request::SettleCarried {
                        alliance: state.id().to_owned(),
                        apply,
                    });
                }
            }
        });
    });
}

fn epoch_line(env: &Env<'_>, words: &ErasureTexts, epoch: &EpochInfo) -> String {
    let snapshots = if epoch.previous_snapshots.is_empty() {
        words.no_previous_snapshots.to_owned()
    } else {
        let labels: Vec<String> = epoch
            .previous_snapshots
            .iter()
            .map(|s| format!("{} ({})", s.label, dates::date(env.texts, &s.date)))
            .collect();
        fill(words.previous_snapshots, &[&labels.join(", ")])
    };
    fill(words.epoch, &[&epoch.reason, &snapshots])
}
