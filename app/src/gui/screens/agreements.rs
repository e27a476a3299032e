//! Afspraken: the agreements, searchable and filterable, and one agreement
//! in detail with its body editor, every partner's position, and the own
//! position form.

use super::super::app::Env;
use super::super::calendar;
use super::super::design;
use super::super::editor::CollaborativeEditor;
use super::super::i18n::{Texts, count, fill};
use super::super::notice::Notice;
use super::super::search;
use super::super::state::AllianceState;
use super::super::widgets;
use super::outcome;
use super::positions::{self, PositionDraft};
use crate::model::{AgreementEdit, AgreementStatus, AgreementView, TextField};

/// The agreements section and its drafts.
#[derive(Default)]
pub(crate) struct AgreementsSection {
    search: String,
    status: Option<AgreementStatus>,
    /// Indices into the view's agreements that pass the search and filter,
    /// and the version of the view they were computed for.
    shown: Vec<usize>,
    shown_for: Option<(u64, String, Option<AgreementStatus>)>,
    selected: Option<String>,
    /// Whether the chosen agreement's first field should take the focus
    /// (a skip link from the list).
    focus_detail: bool,
    detail: Option<Detail>,
    new_title: String,
    new_body: String,
}

/// Below this width (in points) the list and the chosen agreement are
/// shown one at a time.
const NARROW: f32 = 620.0;

/// The id of the panel holding the list.
const LIST_PANEL: &str = "agreement-list";

/// Up to how many rows the list wraps long titles; longer lists show one
/// line per row so that only the visible rows are laid out.
const WRAPPED_ROWS: usize = 300;
/// The list shows at least this many rows' height.
const MIN_LIST_ROWS: f32 = 5.0;

/// One row of the list: the title, its status and conflicts; returns
/// whether it was clicked.
fn list_row(
    ui: &mut egui::Ui,
    texts: &Texts,
    agreement: &AgreementView,
    selected: Option<&str>,
    wrap: bool,
) -> bool {
    let is_selected = selected == Some(agreement.id.as_str());
    let mut label = format!(
        "{} — {}",
        agreement.title,
        texts.agreement_status(agreement.status)
    );
    if !agreement.conflicts.is_empty() {
        label.push_str(" · ");
        label.push_str(&count(texts.conflicts_count, agreement.conflicts.len()));
    }
    let mut button = egui::Button::selectable(is_selected, label);
    button = if wrap {
        button.wrap()
    } else {
        button.truncate()
    };
    let response = ui.add(button);
    design::as_list_item(ui, &response, is_selected);
    response.clicked()
}

/// Drafts of the selected agreement's form fields.
struct Detail {
    id: String,
    title: String,
    review_date: String,
    outcome: String,
    position: PositionDraft,
    body: CollaborativeEditor,
}

impl Detail {
    fn new(agreement: &AgreementView, own: Option<&str>) -> Detail {
        Detail {
            id: agreement.id.clone(),
            title: agreement.title.clone(),
            review_date: agreement
                .review_date
                .as_deref()
                .map(dutch_typed_date)
                .unwrap_or_default(),
            outcome: agreement.outcome.clone(),
            position: PositionDraft::new(agreement, own),
            body: CollaborativeEditor::new(TextField::AgreementBody(agreement.id.clone())),
        }
    }
}

impl AgreementsSection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        if ui.available_width() < NARROW {
            // One column: the list, or the chosen agreement with a way back.
            if self.selected.is_some() {
                if ui.button(env.texts.all_agreements).clicked() {
                    self.selected = None;
                }
                egui::ScrollArea::vertical().show(ui, |ui| self.detail(ui, env, state));
            } else {
                self.list_column(ui, env, state);
            }
            return;
        }
        let width = ui.available_width();
        // egui names the handle between the panels in English; the id is
        // the one egui gives it.
        let handle = ui.scope_id().with(LIST_PANEL).with("__resize");
        egui::Panel::left(LIST_PANEL)
            .resizable(true)
            .default_size((width * 0.36).clamp(200.0, 340.0))
            .max_size(width * 0.45)
            .show(ui, |ui| self.list_column(ui, env, state));
        ui.ctx()
            .accesskit_node_builder(handle, |node| node.set_label(env.texts.list_width));
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| self.detail(ui, env, state));
        });
    }

    /// Selects the agreement `id`.
    pub(crate) fn select(&mut self, id: String) {
        self.selected = Some(id);
    }

    fn refilter(&mut self, state: &AllianceState) {
        let key = (state.generation(), self.search.clone(), self.status);
        if self.shown_for.as_ref() == Some(&key) {
            return;
        }
        let needle = search::fold(self.search.trim());
        self.shown = state
            .view()
            .agreements
            .iter()
            .enumerate()
            .filter(|(_, a)| self.status.is_none_or(|s| a.status == s))
            .filter(|(_, a)| {
                search::contains(&a.title, &needle)
                    || search::contains(&a.body, &needle)
                    || a.positions
                        .values()
                        .any(|p| search::contains(&p.reason, &needle))
            })
            .map(|(index, _)| index)
            .collect();
        self.shown_for = Some(key);
    }

    /// The list with its search and filter, scrollable as a whole: with
    /// large text in a low window the controls alone can fill the height,
    /// and the rows must stay reachable.
    fn list_column(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let column_height = ui.available_height();
        egui::ScrollArea::vertical()
            .id_salt("agreement-list-column")
            .show(ui, |ui| self.list(ui, env, state, column_height));
    }

    /// The list's controls and rows, in a column `column_height` high.
    fn list(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        column_height: f32,
    ) {
        let texts = env.texts;
        if self.selected.is_some() && ui.button(texts.to_selected).clicked() {
            self.focus_detail = true;
        }
        widgets::text_field(ui, texts.search, &mut self.search);
        let mut options = vec![None];
        options.extend(AgreementStatus::ALL.iter().copied().map(Some));
        if let Some(status) = widgets::choice(
            ui,
            "status-filter",
            texts.filter_status,
            self.status,
            &options,
            |s| {
                s.map_or(texts.all_statuses, |s| texts.agreement_status(s))
                    .to_owned()
            },
        ) {
            self.status = status;
        }
        self.refilter(state);
        let total = state.view().agreements.len();
        ui.small(fill(
            texts.shown_of,
            &[
                &self.shown.len().to_string(),
                &count(texts.agreements_count, total),
            ],
        ));
        ui.collapsing(texts.new_agreement, |ui| self.new_agreement(ui, env, state));
        ui.separator();
        if total == 0 {
            ui.label(texts.no_agreements);
        } else if self.shown.is_empty() && self.search.trim().is_empty() {
            ui.label(texts.no_status_matches);
        } else if self.shown.is_empty() {
            ui.label(fill(texts.no_matches, &[self.search.trim()]));
        }
        let view = state.view();
        let shown = &self.shown;
        let selected = &mut self.selected;
        let mut row = |ui: &mut egui::Ui, index: usize, wrap: bool| {
            let Some(agreement) = shown.get(index).and_then(|i| view.agreements.get(*i)) else {
                return;
            };
            if list_row(ui, texts, agreement, selected.as_deref(), wrap) {
                *selected = Some(agreement.id.clone());
            }
        };
        // As high as what the controls leave of the column, and never less
        // than a few rows (the column scrolls to them).
        let row_height =
            ui.text_style_height(&egui::TextStyle::Body) + 2.0 * ui.spacing().button_padding.y;
        let left = column_height - (ui.cursor().top() - ui.min_rect().top());
        let least_rows = (shown.len().max(1) as f32).min(MIN_LIST_ROWS);
        let height = left.max(least_rows * (row_height + ui.spacing().item_spacing.y));
        let scroll = egui::ScrollArea::vertical()
            .id_salt("agreement-rows")
            .auto_shrink([false, false])
            .max_height(height)
            .min_scrolled_height(height);
        if shown.len() <= WRAPPED_ROWS {
            scroll.show(ui, |ui| {
                for index in 0..shown.len() {
                    row(ui, index, true);
                }
            });
        } else {
            // Thousands of rows: one line each, laid out only when visible.
            scroll.show_rows(ui, row_height, shown.len(), |ui, rows| {
                for index in rows {
                    row(ui, index, false);
                }
            });
        }
    }

    fn new_agreement(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        widgets::text_field(ui, texts.title, &mut self.new_title);
        widgets::text_area(ui, texts.body, &mut self.new_body, 3);
        let ready = !self.new_title.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new(texts.add_agreement))
            .clicked()
        {
            let (title, body) = (
                self.new_title.trim().to_owned(),
                self.new_body.trim().to_owned(),
            );
            match state.edit(env.backend, |a| a.add_agreement(&author, &title, &body)) {
                Ok(id) => {
                    self.selected = Some(id);
                    self.new_title.clear();
                    self.new_body.clear();
                }
                Err(error) => env.notices.push(Notice::refused(texts, &error)),
            }
        }
    }

    fn detail(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(agreement) = self
            .selected
            .as_ref()
            .and_then(|id| state.view().agreements.iter().find(|a| &a.id == id))
            .cloned()
        else {
            ui.label(texts.select_agreement);
            return;
        };
        let own = env.author.as_ref().map(|a| a.partner_id.clone());
        if self.detail.as_ref().is_none_or(|d| d.id != agreement.id) {
            self.detail = Some(Detail::new(&agreement, own.as_deref()));
        }
        let Some(detail) = self.detail.as_mut() else {
            return;
        };
        design::heading(ui, &agreement.title);
        ui.horizontal_wrapped(|ui| {
            design::chip(
                ui,
                texts.agreement_status(agreement.status),
                design::status_tone(agreement.status),
            );
            if !agreement.conflicts.is_empty() {
                design::chip(
                    ui,
                    &count(texts.conflicts_count, agreement.conflicts.len()),
                    design::Tone::Problem,
                );
            }
        });
        let mut edit = AgreementEdit::default();
        let author = env.author.clone();
        fields(
            ui,
            texts,
            &agreement,
            detail,
            &mut edit,
            author.is_some(),
            &mut self.focus_detail,
        );
        outcome::outcome(
            ui,
            texts,
            &agreement,
            &mut detail.outcome,
            &mut edit,
            author.is_some(),
        );
        let chosen = widgets::conflicts(
            ui,
            texts,
            state.view(),
            &agreement.conflicts,
            |field| field_label(texts, field),
            |field, value| value_label(texts, field, value),
            author.is_some(),
        );
        if let Some((field, value)) = chosen {
            settle(&mut edit, &field, value);
        }
        if let Some(author) = &author
            && has_changes(&edit)
            && let Err(error) = state.edit(env.backend, |a| {
                a.edit_agreement(author, &agreement.id, &edit)
            })
        {
            env.notices.push(Notice::refused(texts, &error));
        }
        owners(ui, env, state, &agreement);
        let editing = author.as_ref().map(|a| (env.backend, a));
        if let Err(error) = detail
            .body
            .show(ui, texts.body, state, editing, env.focused)
        {
            env.notices.push(Notice::refused(texts, &error));
        }
        positions::positions(ui, texts, state, &agreement);
        if let Some(author) = &author {
            positions::own_position(ui, env, state, &agreement, &mut detail.position, author);
        }
    }
}

/// Title, status and review date.
fn fields(
    ui: &mut egui::Ui,
    texts: &Texts,
    agreement: &AgreementView,
    detail: &mut Detail,
    edit: &mut AgreementEdit,
    editable: bool,
    focus: &mut bool,
) {
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(texts.title);
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut detail.title)
                        .desired_width(360.0_f32.min(ui.available_width())),
                )
                .labelled_by(label.id);
            if std::mem::take(focus) {
                field.request_focus();
            }
            let changed = detail.title.trim() != agreement.title && !detail.title.trim().is_empty();
            let save = ui.add_enabled(changed, egui::Button::new(texts.save));
            let name = format!("{} — {}", texts.save, texts.title);
            design::name_button(&save, &name);
            if save.clicked() {
                edit.title = Some(detail.title.trim().to_owned());
            }
        });
        edit.status = widgets::choice(
            ui,
            ("agreement-status", &agreement.id),
            texts.status,
            agreement.status,
            AgreementStatus::ALL,
            |s| texts.agreement_status(s).to_owned(),
        );
        calendar::date_field(
            ui,
            texts,
            ("review-date", &agreement.id),
            texts.review_date,
            &mut detail.review_date,
        );
        let current = agreement.review_date.clone().unwrap_or_default();
        let typed = detail.review_date.trim();
        let parsed = crate::model::parse_date_for_ui(typed).ok();
        let changed = match &parsed {
            Some(date) => *date != current,
            None => typed.is_empty() && !current.is_empty(),
        };
        if !typed.is_empty() && parsed.is_none() {
            ui.colored_label(ui.visuals().warn_fg_color, texts.date_not_understood);
        }
        let save = ui.add_enabled(changed, egui::Button::new(texts.save));
        let name = format!("{} — {}", texts.save, texts.review_date);
        design::name_button(&save, &name);
        if save.clicked() {
            edit.review_date = Some(parsed);
        }
    });
}

/// The responsible partners, as checkboxes.
fn owners(
    ui: &mut egui::Ui,
    env: &mut Env<'_>,
    state: &mut AllianceState,
    agreement: &AgreementView,
) {
    let texts = env.texts;
    design::subheading(ui, texts.responsible);
    let partners: Vec<(String, String)> = state
        .view()
        .partners
        .iter()
        .filter(|p| p.left.is_none())
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let mut owners = agreement.owners.clone();
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        for (id, name) in &partners {
            let mut on = owners.contains(id);
            if ui
                .add_enabled(env.author.is_some(), egui::Checkbox::new(&mut on, name))
                .changed()
            {
                changed = true;
                if on {
                    owners.push(id.clone());
                } else {
                    owners.retain(|o| o != id);
                }
            }
        }
    });
    if let (true, Some(author)) = (changed, env.author.clone()) {
        let edit = AgreementEdit {
            owners: Some(owners),
            ..AgreementEdit::default()
        };
        if let Err(error) = state.edit(env.backend, |a| {
            a.edit_agreement(&author, &agreement.id, &edit)
        }) {
            env.notices.push(Notice::refused(texts, &error));
        }
    }
}

fn has_changes(edit: &AgreementEdit) -> bool {
    edit.title.is_some()
        || edit.status.is_some()
        || edit.review_date.is_some()
        || edit.owners.is_some()
        || edit.outcome.is_some()
}

/// Settles a conflicting field on the chosen value.
fn settle(edit: &mut AgreementEdit, field: &str, value: String) {
    match field {
        "title" => edit.title = Some(value),
        "status" => edit.status = value.parse().ok(),
        "review_date" => edit.review_date = Some((!value.is_empty()).then_some(value)),
        "outcome" => edit.outcome = Some(value),
        _ => {}
    }
}

fn field_label(texts: &Texts, field: &str) -> String {
    match field {
        "title" => texts.title,
        "review_date" => texts.review_date,
        "outcome" => texts.outcome,
        _ => texts.status,
    }
    .to_owned()
}

fn value_label(texts: &Texts, field: &str, value: &str) -> String {
    match field {
        "status" => value
            .parse()
            .map(|s| texts.agreement_status(s).to_owned())
            .unwrap_or_else(|_| value.to_owned()),
        "review_date" if value.is_empty() => texts.no_review_date.to_owned(),
        _ => value.to_owned(),
    }
}

/// A stored date (`YYYY-MM-DD`) as people type it (`1-3-2027`).
fn dutch_typed_date(iso: &str) -> String {
    iso.parse::<jiff::civil::Date>().map_or_else(
        |_| iso.to_owned(),
        |d| format!("{}-{}-{}", d.day(), d.month(), d.year()),
    )
}
