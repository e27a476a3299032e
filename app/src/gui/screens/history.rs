//! Geschiedenis: who changed what and when; any moment can be opened to see
//! the alliance as it was then, read-only.

use super::super::activity;
use super::super::app::Env;
use super::super::dates;
use super::super::design;
use super::super::i18n::{Texts, fill};
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::{AllianceView, HistoryEntry};

/// How many rows the history shows at first, and adds per "show more".
const PAGE: usize = 200;

/// The history section.
#[derive(Default)]
pub(crate) struct HistorySection {
    /// Every change, newest first, and the groups shown as rows.
    entries: Vec<HistoryEntry>,
    groups: Vec<activity::Group>,
    entries_for: Option<u64>,
    /// How many groups are shown.
    shown: usize,
    past: Option<(HistoryEntry, AllianceView)>,
}

impl HistorySection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        if let Some((entry, view)) = &self.past {
            let who = entry
                .partner_name
                .clone()
                .unwrap_or_else(|| texts.unknown_partner.to_owned());
            ui.colored_label(
                ui.visuals().warn_fg_color,
                fill(
                    texts.viewing_past,
                    &[&format!("{who}, {}", dates::date_time(texts, &entry.time))],
                ),
            );
            if ui.button(texts.back_to_now).clicked() {
                self.past = None;
                return;
            }
            egui::ScrollArea::vertical().show(ui, |ui| past_view(ui, texts, view));
            return;
        }
        if self.entries_for != Some(state.generation()) {
            self.entries = state.alliance_mut_for_reading().history();
            self.entries.reverse();
            self.groups = activity::group(&self.entries);
            self.entries_for = Some(state.generation());
        }
        if self.shown == 0 {
            self.shown = PAGE;
        }
        ui.label(texts.history_intro);
        let mut chosen = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for group in self.groups.iter().take(self.shown) {
                    let Some(entry) = self.entries.get(group.first) else {
                        continue;
                    };
                    if row(ui, texts, state.view(), entry, group.count) {
                        chosen = Some(entry.clone());
                    }
                    ui.separator();
                }
                if self.groups.len() > self.shown && ui.button(texts.show_more).clicked() {
                    self.shown += PAGE;
                }
            });
        if let Some(entry) = chosen
            && let Ok(hash) = entry.hash.parse::<automerge::ChangeHash>()
        {
            let view = state.alliance_mut_for_reading().view_at(&[hash]);
            self.past = Some((entry, view));
        }
    }
}

/// One row: when, a button to view that moment, what was done, and the
/// marks of trust. Returns whether the button was clicked.
fn row(
    ui: &mut egui::Ui,
    texts: &Texts,
    view: &AllianceView,
    entry: &HistoryEntry,
    count: usize,
) -> bool {
    let who = entry
        .partner_name
        .as_deref()
        .unwrap_or(texts.unknown_partner);
    let when = dates::date_time(texts, &entry.time);
    let mut clicked = false;
    ui.horizontal_wrapped(|ui| {
        ui.weak(&when);
        let button = ui.small_button(texts.show_moment);
        let name = fill(
            texts.show_moment_named,
            &[who, &dates::time_of_day(&entry.time)],
        );
        design::name_button(&button, &name);
        clicked = button.clicked();
        ui.label(activity::sentence(texts, view, who, entry, count));
        trust_marks(ui, texts, entry);
    });
    clicked
}

/// Whether a change is signed, and the writes of it that do not count.
fn trust_marks(ui: &mut egui::Ui, texts: &Texts, entry: &HistoryEntry) {
    if !entry.verified {
        ui.weak(texts.history_unsigned);
    }
    let writer = entry
        .partner_name
        .as_deref()
        .unwrap_or(texts.unknown_partner);
    let mut unique: Vec<(String, String)> = entry
        .ignored
        .iter()
        .map(|ignored| match &ignored.on_behalf_of_name {
            Some(owner) => (
                fill(texts.history_ignored_short, &[owner]),
                fill(texts.history_ignored_for, &[owner, writer]),
            ),
            None => (
                texts.history_ignored_other.to_owned(),
                texts.history_ignored_other.to_owned(),
            ),
        })
        .collect();
    unique.dedup();
    let Some((first, _)) = unique.first() else {
        return;
    };
    let mut shown = first.clone();
    if unique.len() > 1 {
        shown.push(' ');
        shown.push_str(&fill(
            texts.history_more_ignored,
            &[&(unique.len() - 1).to_string()],
        ));
    }
    ui.colored_label(ui.visuals().error_fg_color, shown)
        .on_hover_text(
            unique
                .iter()
                .map(|(_, full)| full.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        );
}

/// The alliance at an earlier moment, read-only.
fn past_view(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView) {
    design::heading(ui, &view.name);
    design::subheading(ui, texts.shared_ambition);
    ui.label(&view.ambition.text);
    ui.add_space(8.0);
    design::subheading(ui, texts.section_partners);
    for partner in view.partners.iter().filter(|p| p.left.is_none()) {
        ui.label(format!(
            "{} · {}",
            partner.name,
            texts.slug_label(&partner.kind)
        ));
    }
    ui.add_space(8.0);
    design::subheading(ui, texts.section_interests);
    for interest in &view.interests {
        let who = widgets::partner_name(view, &interest.partner, texts);
        ui.label(format!(
            "{who}: {} ({})",
            interest.text,
            texts.interest_status(interest.status)
        ));
    }
    ui.add_space(8.0);
    design::subheading(ui, texts.section_agreements);
    for agreement in &view.agreements {
        design::card(ui, |ui| {
            ui.strong(format!(
                "{} — {}",
                agreement.title,
                texts.agreement_status(agreement.status)
            ));
            ui.label(&agreement.body);
            for (partner, position) in &agreement.positions {
                let who = widgets::partner_name(view, partner, texts);
                ui.label(format!(
                    "{who}: {} {}",
                    texts.stance(position.stance),
                    position.reason
                ));
            }
        });
    }
}
