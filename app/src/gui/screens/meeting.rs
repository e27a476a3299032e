//! Vergadering: start a meeting, check in the own organisation, go through
//! the agenda with every partner's position arriving live and the own
//! position recorded on this device, record each item's outcome, close the
//! meeting, and save its decision list (besluitenlijst). Nothing is checked
//! in, chosen or closed for the user.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::super::app::Env;
use super::super::backend::Request;
use super::super::dates;
use super::super::design::{self, Tone};
use super::super::folder_picker::{self, FolderPicker};
use super::super::i18n::fill;
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use super::meeting_room;
use super::positions::{self, PositionDraft};
use crate::model::{AgendaItemView, AgreementStatus, AgreementView, MeetingView};
use crate::snapshot::Format;

/// The section and its drafts.
pub(crate) struct MeetingSection {
    /// The meeting shown; `None` shows the list.
    selected: Option<String>,
    title: String,
    /// The agreement chosen to put on the agenda.
    to_add: Option<String>,
    /// Per agreement: the outcome being written.
    outcomes: BTreeMap<String, String>,
    /// Per agreement: the own position being written.
    positions: BTreeMap<String, PositionDraft>,
    confirm_close: bool,
    folder: String,
    folder_picker: FolderPicker,
}

impl Default for MeetingSection {
    fn default() -> Self {
        MeetingSection {
            selected: None,
            title: String::new(),
            to_add: None,
            outcomes: BTreeMap::new(),
            positions: BTreeMap::new(),
            confirm_close: false,
            folder: folder_picker::default_folder(),
            folder_picker: FolderPicker::default(),
        }
    }
}

impl MeetingSection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let words = env.texts.meeting();
        let shown = self
            .selected
            .as_ref()
            .and_then(|id| state.view().meetings.iter().find(|m| &m.id == id))
            .cloned();
        // Each meeting, and the list, keeps its own scroll position.
        let scroll = shown.as_ref().map(|m| m.id.clone());
        egui::ScrollArea::vertical()
            .id_salt(("meeting", scroll))
            .show(ui, |ui| match shown {
                Some(meeting) => self.meeting(ui, env, state, &meeting),
                None => {
                    design::heading(ui, words.heading);
                    ui.label(words.hint);
                    design::gap(ui);
                    self.list(ui, env, state);
                }
            });
    }

    fn list(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let words = texts.meeting();
        let meetings = state.view().meetings.clone();
        let (open, past): (Vec<&MeetingView>, Vec<&MeetingView>) =
            meetings.iter().partition(|m| m.closed.is_none());
        if !open.is_empty() {
            design::subheading(ui, words.open_meetings);
            for meeting in open.iter().rev() {
                self.list_card(ui, env, state, meeting);
            }
            design::gap(ui);
        }
        self.new_meeting(ui, env, state);
        design::gap(ui);
        design::subheading(ui, words.past_meetings);
        if past.is_empty() {
            ui.weak(words.none);
        }
        for meeting in past.iter().rev() {
            self.list_card(ui, env, state, meeting);
        }
    }

    fn list_card(
        &mut self,
        ui: &mut egui::Ui,
        env: &Env<'_>,
        state: &AllianceState,
        meeting: &MeetingView,
    ) {
        let texts = env.texts;
        let words = texts.meeting();
        design::card(ui, |ui| {
            ui.strong(&meeting.title);
            ui.label(started_line(env, state, meeting));
            if let Some(at) = meeting.closed.as_ref().and_then(|c| c.at.as_deref()) {
                ui.label(fill(words.closed_on, &[&dates::date_time(texts, at)]));
            }
            let names: Vec<String> = meeting
                .attendance
                .iter()
                .map(|a| widgets::partner_name(state.view(), &a.partner, texts))
                .collect();
            let present = if names.is_empty() {
                words.nobody.to_owned()
            } else {
                names.join(", ")
            };
            ui.label(fill(words.attendance, &[&present]));
            let button = ui.button(words.open_label);
            design::name_button(&button, &format!("{} {}", words.open_label, meeting.title));
            if button.clicked() {
                self.selected = Some(meeting.id.clone());
                self.confirm_close = false;
            }
        });
    }

    fn new_meeting(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let words = texts.meeting();
        let Some(author) = env.author.clone() else {
            return;
        };
        design::card(ui, |ui| {
            design::subheading(ui, words.new_meeting);
            widgets::text_field(ui, words.title_label, &mut self.title);
            if ui.button(words.start).clicked() {
                let title = Some(self.title.trim()).filter(|t| !t.is_empty());
                match state.edit(env.backend, |a| a.start_meeting(&author, title)) {
                    Ok(id) => {
                        self.title.clear();
                        self.selected = Some(id);
                    }
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
        });
    }

    fn meeting(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        meeting: &MeetingView,
    ) {
        let texts = env.texts;
        let words = texts.meeting();
        if ui.button(words.back).clicked() {
            self.selected = None;
            return;
        }
        design::heading(ui, &meeting.title);
        ui.label(started_line(env, state, meeting));
        if let Some(closed) = &meeting.closed {
            let by = closed
                .by
                .as_deref()
                .map(|p| widgets::partner_name(state.view(), p, texts))
                .unwrap_or_default();
            let at = closed.at.as_deref().map(|t| dates::date_time(texts, t));
            ui.label(fill(words.closed_by, &[&by, &at.unwrap_or_default()]));
            let short = crate::model::ratification::short_id(&closed.snapshot);
            ui.label(fill(words.version_at_close, &[short]))
                .on_hover_text(&closed.snapshot);
            ui.weak(words.version_hint);
        }
        design::card(ui, |ui| {
            if meeting.closed.is_some() {
                attendance(ui, env, state, meeting);
            } else {
                meeting_room::room(ui, env, state.view(), meeting);
                self.check_in(ui, env, state, meeting);
            }
        });
        design::gap(ui);
        design::subheading(ui, words.agenda);
        if meeting.agenda.is_empty() {
            ui.weak(words.agenda_empty);
        }
        for item in &meeting.agenda {
            let Some(agreement) = state
                .view()
                .agreements
                .iter()
                .find(|a| a.id == item.agreement)
                .cloned()
            else {
                continue;
            };
            design::card(ui, |ui| {
                self.agenda_item(ui, env, state, meeting, item, &agreement);
            });
        }
        if meeting.closed.is_none() {
            self.add_item(ui, env, state, meeting);
            design::gap(ui);
            self.close(ui, env, state, meeting);
        } else {
            design::gap(ui);
            self.minutes(ui, env, state, meeting);
        }
    }

    fn check_in(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        meeting: &MeetingView,
    ) {
        let texts = env.texts;
        let words = texts.meeting();
        let Some(author) = env.author.clone() else {
            return;
        };
        if meeting.closed.is_some() {
            return;
        }
        if meeting.attended(&author.partner_id) {
            ui.weak(words.checked_in);
        } else if ui.button(words.check_in).clicked()
            && let Err(error) = state.edit(env.backend, |a| a.attend_meeting(&author, &meeting.id))
        {
            env.notices.push(Notice::refused(texts, &error));
        }
    }

    fn agenda_item(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        meeting: &MeetingView,
        item: &AgendaItemView,
        agreement: &AgreementView,
    ) {
        let texts = env.texts;
        let words = texts.meeting();
        let open = meeting.closed.is_none();
        design::heading(ui, &agreement.title);
        ui.horizontal_wrapped(|ui| {
            design::chip(
                ui,
                texts.agreement_status(agreement.status),
                design::status_tone(agreement.status),
            );
            if let (true, Some(author)) = (open, env.author.clone())
                && ui.button(words.remove).clicked()
                && let Err(error) = state.edit(env.backend, |a| {
                    a.remove_agenda_item(&author, &meeting.id, &agreement.id)
                })
            {
                env.notices.push(Notice::refused(texts, &error));
            }
        });
        if !agreement.body.is_empty() {
            ui.label(&agreement.body);
        }
        positions::positions(ui, texts, state, agreement);
        if let (true, Some(author)) = (open, env.author.clone()) {
            let draft = self
                .positions
                .entry(agreement.id.clone())
                .or_insert_with(|| PositionDraft::new(agreement, Some(&author.partner_id)));
            positions::own_position(ui, env, state, agreement, draft, &author);
        }
        design::gap(ui);
        design::subheading(ui, words.outcome);
        outcome(ui, env, state, item, open);
        if let (true, Some(author)) = (open, env.author.clone()) {
            let text = self.outcomes.entry(agreement.id.clone()).or_default();
            let label = if item.outcome.is_some() {
                words.replace_outcome_label
            } else {
                words.outcome_label
            };
            widgets::text_area(ui, label, text, 2);
            ui.horizontal_wrapped(|ui| {
                let ready = !text.trim().is_empty();
                if ui
                    .add_enabled(ready, egui::Button::new(words.record_outcome))
                    .clicked()
                {
                    let written = text.trim().to_owned();
                    match state.edit(env.backend, |a| {
                        a.record_outcome(&author, &meeting.id, &agreement.id, &written)
                    }) {
                        Ok(()) => {
                            text.clear();
                            env.notices.push(Notice::info(words.outcome_recorded));
                        }
                        Err(error) => env.notices.push(Notice::refused(texts, &error)),
                    }
                }
            });
        }
    }

    fn add_item(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        meeting: &MeetingView,
    ) {
        let texts = env.texts;
        let words = texts.meeting();
        let Some(author) = env.author.clone() else {
            return;
        };
        let candidates = agenda_candidates(state.view().agreements.as_slice(), meeting);
        if candidates.is_empty() {
            return;
        }
        design::gap(ui);
        design::card(ui, |ui| {
            design::subheading(ui, words.add_item);
            let label = |agreement: Option<&AgreementView>| match agreement {
                None => words.choose_agreement.to_owned(),
                Some(a) => match &a.review_date {
                    Some(date) => format!(
                        "{} · {} · {}",
                        a.title,
                        texts.agreement_status(a.status),
                        fill(words.review_due, &[&dates::date(texts, date)])
                    ),
                    None => format!("{} · {}", a.title, texts.agreement_status(a.status)),
                },
            };
            let mut options: Vec<Option<usize>> = vec![None];
            options.extend((0..candidates.len()).map(Some));
            let current = self
                .to_add
                .as_ref()
                .and_then(|id| candidates.iter().position(|a| &a.id == id));
            if let Some(choice) = widgets::choice(
                ui,
                ("agenda-add", &meeting.id),
                words.agreement_label,
                current,
                &options,
                |o| label(o.map(|i| &candidates[i])),
            ) {
                self.to_add = choice.map(|i| candidates[i].id.clone());
            }
            let chosen = current.map(|i| candidates[i].id.clone());
            if ui
                .add_enabled(chosen.is_some(), egui::Button::new(words.add))
                .clicked()
                && let Some(agreement) = chosen
            {
                match state.edit(env.backend, |a| {
                    a.add_agenda_item(&author, &meeting.id, &agreement)
                }) {
                    Ok(_) => self.to_add = None,
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
        });
    }

    fn close(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        meeting: &MeetingView,
    ) {
        let texts = env.texts;
        let words = texts.meeting();
        let Some(author) = env.author.clone() else {
            return;
        };
        let present = meeting.attended(&author.partner_id);
        if !self.confirm_close {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .add_enabled(present, egui::Button::new(words.close))
                    .clicked()
                {
                    self.confirm_close = true;
                }
                if !present {
                    ui.weak(words.close_needs_presence);
                }
            });
            return;
        }
        let without = meeting
            .agenda
            .iter()
            .filter(|item| item.outcome.is_none() || !item.outcome_conflicts.is_empty())
            .count();
        design::alert_card(ui, |ui| {
            if without > 0 {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    crate::gui::i18n::count(words.without_outcome, without),
                );
            }
            ui.label(words.close_confirm);
            ui.horizontal_wrapped(|ui| {
                if ui.button(words.close_yes).clicked() {
                    self.confirm_close = false;
                    match state.edit(env.backend, |a| a.close_meeting(&author, &meeting.id)) {
                        Ok(closed) => env.notices.push(Notice::info(fill(
                            words.closed,
                            &[crate::model::ratification::short_id(&closed.snapshot)],
                        ))),
                        Err(error) => env.notices.push(Notice::refused(texts, &error)),
                    }
                }
                if ui.button(words.cancel).clicked() {
                    self.confirm_close = false;
                }
            });
        });
    }

    fn minutes(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &AllianceState,
        meeting: &MeetingView,
    ) {
        let texts = env.texts;
        let words = texts.meeting();
        design::card(ui, |ui| {
            self.folder_picker.show(
                ui,
                words.save_in,
                texts.choose_folder,
                texts.choose_folder_title,
                &mut self.folder,
            );
            ui.horizontal_wrapped(|ui| {
                for (format, label) in [
                    (Format::Pdf, words.minutes_pdf),
                    (Format::Md, words.minutes_md),
                ] {
                    if ui.button(label).clicked() {
                        env.backend.send(Request::Minutes {
                            alliance: state.id().to_owned(),
                            meeting: meeting.id.clone(),
                            format,
                            folder: PathBuf::from(self.folder.trim()),
                        });
                    }
                }
            });
        });
    }
}

/// The recorded outcome, who recorded it, or the outcomes that disagree.
fn outcome(
    ui: &mut egui::Ui,
    env: &Env<'_>,
    state: &AllianceState,
    item: &AgendaItemView,
    open: bool,
) {
    let texts = env.texts;
    let words = texts.meeting();
    let name = |p: &Option<String>| {
        p.as_deref()
            .map(|p| widgets::partner_name(state.view(), p, texts))
            .unwrap_or_default()
    };
    if !item.outcome_conflicts.is_empty() {
        ui.colored_label(ui.visuals().warn_fg_color, words.outcome_unsettled);
        for outcome in &item.outcome_conflicts {
            ui.horizontal_wrapped(|ui| {
                design::chip(ui, &name(&outcome.recorded_by), Tone::Attention);
                ui.label(&outcome.text);
            });
        }
        return;
    }
    match &item.outcome {
        Some(outcome) => {
            ui.label(&outcome.text);
            let by = name(&outcome.recorded_by);
            match outcome.at.as_deref() {
                Some(at) => ui.weak(fill(
                    words.recorded_by_at,
                    &[&by, &dates::date_time(texts, at)],
                )),
                None => ui.weak(fill(words.recorded_by, &[&by])),
            };
        }
        None if open => {
            ui.weak(words.no_outcome);
        }
        None => {
            ui.weak(words.no_outcome_closed);
        }
    }
}

/// Who was present at a closed meeting, and who was not.
fn attendance(ui: &mut egui::Ui, env: &Env<'_>, state: &AllianceState, meeting: &MeetingView) {
    let texts = env.texts;
    let words = texts.meeting();
    let list = |names: Vec<String>| {
        if names.is_empty() {
            words.nobody.to_owned()
        } else {
            names.join(", ")
        }
    };
    let present = meeting
        .attendance
        .iter()
        .map(|a| widgets::partner_name(state.view(), &a.partner, texts))
        .collect();
    let absent = state
        .view()
        .partners
        .iter()
        .filter(|p| p.left.is_none() && !meeting.attended(&p.id))
        .map(|p| p.name.clone())
        .collect();
    ui.label(fill(words.attendance, &[&list(present)]));
    ui.label(fill(words.absent, &[&list(absent)]));
}

/// "Gestart door … op …".
fn started_line(env: &Env<'_>, state: &AllianceState, meeting: &MeetingView) -> String {
    let texts = env.texts;
    let by = widgets::partner_name(state.view(), &meeting.started_by, texts);
    let at = meeting
        .started_at
        .as_deref()
        .map(|t| dates::date_time(texts, t))
        .unwrap_or_default();
    fill(texts.meeting().started_by, &[&by, &at])
}

/// The agreements that can go on the agenda: not withdrawn and not on it
/// yet; proposed ones first, then those with a review date (soonest
/// first), then the rest.
fn agenda_candidates(agreements: &[AgreementView], meeting: &MeetingView) -> Vec<AgreementView> {
    let mut candidates: Vec<AgreementView> = agreements
        .iter()
        .filter(|a| a.status != AgreementStatus::Withdrawn && !meeting.on_agenda(&a.id))
        .cloned()
        .collect();
    candidates.sort_by_key(|a| {
        (
            a.status != AgreementStatus::Proposed,
            a.review_date.is_none(),
            a.review_date.clone(),
        )
    });
    candidates
}
