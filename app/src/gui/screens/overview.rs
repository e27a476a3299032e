//! Overzicht, the landing page of an alliance: what needs you (positions
//! you have not given, open conflicts, reviews due, expectations to answer,
//! your role card, decisions awaited from your board), what changed since
//! you last looked, and who is in sync.

use std::collections::HashSet;

use super::super::activity;
use super::super::app::Env;
use super::super::dates;
use super::super::design::{self, Tone};
use super::super::i18n::{Texts, count, fill};
use super::super::state::AllianceState;
use super::alliance::Section;
use super::status::sync_state;
use crate::model::{AgreementStatus, AllianceView, HistoryEntry, RatificationStatus};
use crate::network::peer_report;

/// How many days ahead a review date counts as due.
const REVIEW_AHEAD_DAYS: i64 = 30;

/// How many changes since the last visit are listed.
const CHANGES_SHOWN: usize = 12;

/// Where the overview sends the user.
pub(crate) enum Jump {
    /// To a section.
    Section(Section),
    /// To one agreement.
    Agreement(String),
}

/// The overview and what it derived, per version of the view.
#[derive(Default)]
pub(crate) struct OverviewSection {
    /// The heads the user had seen before this visit (hex).
    baseline: Option<Vec<String>>,
    computed: Option<(u64, Computed)>,
}

/// What the overview shows, computed once per version.
struct Computed {
    ratification: RatificationStatus,
    /// How many texts hold a (masked) citizen service number.
    masked: usize,
    /// Changes by others since the baseline, newest first.
    changes: Vec<HistoryEntry>,
}

impl OverviewSection {
    /// Sets the version the user had seen before this visit.
    pub(crate) fn set_baseline(&mut self, heads: Vec<String>) {
        self.baseline = Some(heads);
        self.computed = None;
    }

    /// Shows the overview; returns where the user chose to go.
    pub(crate) fn show(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
    ) -> Option<Jump> {
        let own = env.author.as_ref().map(|a| a.partner_id.clone());
        self.refresh(state, own.as_deref());
        let texts = env.texts;
        let computed = &self.computed.as_ref()?.1;
        let view = state.view();
        let mut jump = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            design::heading(ui, texts.overview_needs_you);
            let needs = needs_you(ui, texts, view, computed, own.as_deref(), &mut jump);
            if needs == 0 {
                ui.label(texts.overview_nothing_needed);
            }
            design::gap(ui);
            design::heading(ui, texts.overview_changed);
            changed(ui, texts, view, &computed.changes);
            design::gap(ui);
            design::heading(ui, texts.overview_in_sync);
            in_sync(ui, env, view);
        });
        jump
    }

    fn refresh(&mut self, state: &mut AllianceState, own: Option<&str>) {
        let generation = state.generation();
        if self
            .computed
            .as_ref()
            .is_some_and(|(g, _)| *g == generation)
        {
            return;
        }
        let alliance = state.alliance_mut_for_reading();
        let ratification = alliance.ratification_status();
        let new: HashSet<String> = match &self.baseline {
            Some(heads) => {
                let parsed = crate::model::ratification::parse_heads(heads).unwrap_or_default();
                alliance
                    .document_mut()
                    .get_changes(&parsed)
                    .iter()
                    .map(|c| c.hash().to_string())
                    .collect()
            }
            None => HashSet::new(),
        };
        let mut changes: Vec<HistoryEntry> = if new.is_empty() {
            Vec::new()
        } else {
            alliance
                .history()
                .into_iter()
                .filter(|h| new.contains(&h.hash) && h.partner.as_deref() != own)
                .collect()
        };
        changes.reverse();
        let masked = crate::model::privacy::masked_texts(state.view());
        self.computed = Some((
            generation,
            Computed {
                ratification,
                masked,
                changes,
            },
        ));
    }
}

/// The list of what needs the user; returns how many items it shows.
fn needs_you(
    ui: &mut egui::Ui,
    texts: &Texts,
    view: &AllianceView,
    computed: &Computed,
    own: Option<&str>,
    jump: &mut Option<Jump>,
) -> usize {
    let mut shown = 0;
    if computed.masked > 0 {
        shown += 1;
        design::alert_card(ui, |ui| {
            ui.label(count(texts.privacy().hidden_bsn, computed.masked));
        });
    }
    let today = jiff::Zoned::now().date();
    let ahead = today
        .checked_add(jiff::Span::new().days(REVIEW_AHEAD_DAYS))
        .unwrap_or(today);
    for agreement in &view.agreements {
        let mut reasons: Vec<(String, Tone)> = Vec::new();
        let open = matches!(
            agreement.status,
            AgreementStatus::Proposed | AgreementStatus::Agreed
        ) || agreement.awaiting_consent;
        if let Some(own) = own
            && open
            && agreement.without_position.iter().any(|p| p == own)
        {
            reasons.push((texts.overview_give_position.to_owned(), Tone::Attention));
        }
        if !agreement.conflicts.is_empty() {
            reasons.push((
                count(texts.conflicts_count, agreement.conflicts.len()),
                Tone::Problem,
            ));
        }
        if let Some(date) = agreement
            .review_date
            .as_deref()
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            && date <= ahead
            && agreement.status != AgreementStatus::Withdrawn
        {
            reasons.push((
                fill(
                    texts.overview_review_due,
                    &[&dates::date(texts, &date.to_string())],
                ),
                Tone::Info,
            ));
        }
        if reasons.is_empty() {
            continue;
        }
        shown += 1;
        design::card(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(&agreement.title);
                for (reason, tone) in &reasons {
                    design::chip(ui, reason, *tone);
                }
            });
            let button = ui.button(texts.overview_to_agreement);
            let name = fill(texts.overview_to_agreement_named, &[&agreement.title]);
            design::name_button(&button, &name);
            if button.clicked() {
                *jump = Some(Jump::Agreement(agreement.id.clone()));
            }
        });
    }
    for interest in &view.interests {
        if interest.conflicts.is_empty() {
            continue;
        }
        shown += 1;
        design::card(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(&interest.text);
                design::chip(
                    ui,
                    &count(texts.conflicts_count, interest.conflicts.len()),
                    Tone::Problem,
                );
            });
            if ui.button(texts.overview_to_interests).clicked() {
                *jump = Some(Jump::Section(Section::Interests));
            }
        });
    }
    shown += new_input(ui, texts, view, jump);
    if let Some(own) = own {
        shown += collaboration_needs(ui, texts, view, own, ahead, jump);
        shown += decisions_awaited(ui, texts, computed, own, jump);
    }
    shown
}

/// Input nobody has responded to yet.
fn new_input(
    ui: &mut egui::Ui,
    texts: &Texts,
    view: &AllianceView,
    jump: &mut Option<Jump>,
) -> usize {
    let new = view
        .inputs
        .iter()
        .filter(|i| i.status == crate::model::InputStatus::New)
        .count();
    if new == 0 {
        return 0;
    }
    design::card(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.strong(texts.section_input);
            design::chip(ui, &count(texts.overview_new_input, new), Tone::Info);
        });
        if ui.button(texts.overview_to_input).clicked() {
            *jump = Some(Jump::Section(Section::Input));
        }
    });
    1
}

/// Course check rounds the user's organisation has not answered,
/// expectations of it waiting for its answer, and its role card when it is
/// missing or its review date comes up.
fn collaboration_needs(
    ui: &mut egui::Ui,
    texts: &Texts,
    view: &AllianceView,
    own: &str,
    ahead: jiff::civil::Date,
    jump: &mut Option<Jump>,
) -> usize {
    let waiting = view
        .expectations
        .iter()
        .filter(|e| e.of == own && e.answer.is_none())
        .count();
    let card = view.roles.iter().find(|c| c.partner == own);
    let mut reasons: Vec<(String, Tone)> = Vec::new();
    for round in view.coursechecks.iter().filter(|r| r.closed_at.is_none()) {
        if !round.answered_by.iter().any(|p| p == own) {
            reasons.push((
                fill(
                    texts.overview_round_open,
                    &[&dates::date(texts, &round.closes)],
                ),
                Tone::Attention,
            ));
        }
    }
    if waiting > 0 {
        reasons.push((
            count(texts.overview_expectations_waiting, waiting),
            Tone::Attention,
        ));
    }
    match card.and_then(|c| c.review_date.as_deref()) {
        _ if card.is_none() => reasons.push((texts.overview_no_card.to_owned(), Tone::Info)),
        Some(date) if date.parse::<jiff::civil::Date>().is_ok_and(|d| d <= ahead) => {
            reasons.push((
                fill(texts.overview_card_review, &[&dates::date(texts, date)]),
                Tone::Info,
            ));
        }
        _ => {}
    }
    if reasons.is_empty() {
        return 0;
    }
    design::card(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.strong(texts.section_collaboration);
            for (reason, tone) in &reasons {
                design::chip(ui, reason, *tone);
            }
        });
        if ui.button(texts.overview_to_collaboration).clicked() {
            *jump = Some(Jump::Section(Section::Collaboration));
        }
    });
    1
}

/// Snapshots the own board has not decided on, while other partners did
/// or the snapshot is the latest.
fn decisions_awaited(
    ui: &mut egui::Ui,
    texts: &Texts,
    computed: &Computed,
    own: &str,
    jump: &mut Option<Jump>,
) -> usize {
    let snapshots = &computed.ratification.snapshots;
    let latest = snapshots.last().map(|s| s.snapshot.id.clone());
    let mut shown = 0;
    for status in snapshots {
        let undecided = status
            .partners
            .iter()
            .any(|p| p.partner == own && p.decision.is_none());
        let others_decided = status.partners.iter().any(|p| p.decision.is_some());
        let is_latest = latest.as_deref() == Some(status.snapshot.id.as_str());
        if !undecided || !(others_decided || is_latest) {
            continue;
        }
        shown += 1;
        design::card(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(fill(texts.version, &[&status.snapshot.label]));
                design::chip(ui, texts.overview_decision_awaited, Tone::Attention);
            });
            if ui.button(texts.overview_to_ratification).clicked() {
                *jump = Some(Jump::Section(Section::Ratification));
            }
        });
    }
    shown
}

/// What other partners changed since the last visit.
fn changed(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView, changes: &[HistoryEntry]) {
    if changes.is_empty() {
        ui.label(texts.overview_nothing_changed);
        return;
    }
    ui.label(count(texts.overview_changes_count, changes.len()));
    let groups = activity::group(changes);
    for group in groups.iter().take(CHANGES_SHOWN) {
        let Some(entry) = changes.get(group.first) else {
            continue;
        };
        let who = entry
            .partner_name
            .as_deref()
            .unwrap_or(texts.unknown_partner);
        ui.horizontal_wrapped(|ui| {
            ui.weak(dates::date_time(texts, &entry.time));
            ui.label(activity::sentence(texts, view, who, entry, group.count));
        });
    }
}

/// Per partner: in sync, syncing, or offline since when.
fn in_sync(ui: &mut egui::Ui, env: &Env<'_>, view: &AllianceView) {
    let texts = env.texts;
    let report = peer_report(view, env.book, true, env.device);
    let others: Vec<_> = report
        .iter()
        .filter(|p| !p.devices.iter().any(|d| d.this_device))
        .collect();
    if others.is_empty() {
        ui.label(texts.overview_alone);
    }
    for partner in others {
        let index = view
            .partners
            .iter()
            .position(|p| p.id == partner.partner_id)
            .unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            design::partner_name(ui, &partner.name, design::partner_colour(ui, index));
            ui.label(sync_state(texts, partner));
        });
    }
}
