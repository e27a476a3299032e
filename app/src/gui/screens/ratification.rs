//! Vaststelling: make and export a snapshot for the boards, see per snapshot
//! which partner's board decided what, record the own board's decision, and
//! see what changed since the version every partner adopted.

use std::path::PathBuf;

use egui::{Color32, RichText};

use super::super::app::Env;
use super::super::backend::Request;
use super::super::calendar;
use super::super::dates;
use super::super::design;
use super::super::folder_picker::FolderPicker;
use super::super::i18n::{Texts, count, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use super::archive::{ArchiveCard, snapshot_choice};
use crate::model::{Decision, NewDecision, RatificationStatus, SnapshotRecord};
use crate::snapshot::diff::{AgreementsDiff, ChangeKind, PieceOp};
use crate::snapshot::{self, Format};

/// The ratification status and the changes since the adopted version, with
/// the view version they were computed for.
type Computed = (
    u64,
    RatificationStatus,
    Option<(SnapshotRecord, AgreementsDiff)>,
);

/// The Vaststelling section and its drafts.
pub(crate) struct RatificationSection {
    label: String,
    format: Format,
    folder: String,
    folder_picker: FolderPicker,
    /// Whether the user chose to make a snapshot while fields are in
    /// conflict (never preset; cleared after each export).
    despite_conflicts: bool,
    status: Option<Computed>,
    decision: DecisionDraft,
    archive: ArchiveCard,
}

/// The own board's decision being written.
struct DecisionDraft {
    snapshot: Option<String>,
    body: String,
    /// None until the user chooses: no decision is preselected.
    decision: Option<Decision>,
    date: String,
    reference: String,
    conditions: String,
}

impl Default for RatificationSection {
    fn default() -> Self {
        let folder = super::super::folder_picker::default_folder();
        RatificationSection {
            label: String::new(),
            format: Format::Pdf,
            folder,
            folder_picker: FolderPicker::default(),
            despite_conflicts: false,
            status: None,
            decision: DecisionDraft {
                snapshot: None,
                body: String::new(),
                decision: None,
                date: String::new(),
                reference: String::new(),
                conditions: String::new(),
            },
            archive: ArchiveCard::default(),
        }
    }
}

impl RatificationSection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        self.refresh(env, state);
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.summary(ui, texts);
            ui.add_space(8.0);
            self.make_snapshot(ui, env, state);
            Self::open_export(ui, env);
            ui.add_space(12.0);
            self.snapshots(ui, texts);
            ui.add_space(12.0);
            self.record_decision(ui, env, state);
            ui.add_space(12.0);
            let records = self.records();
            self.archive.show(ui, env, state, &records, &self.folder);
            ui.add_space(12.0);
            self.changes(ui, texts);
        });
    }

    fn refresh(&mut self, env: &mut Env<'_>, state: &mut AllianceState) {
        let generation = state.generation();
        if self
            .status
            .as_ref()
            .is_some_and(|(g, _, _)| *g == generation)
        {
            return;
        }
        let alliance = state.alliance_mut_for_reading();
        let status = alliance.ratification_status();
        let changes = match snapshot::changes_since_vastgesteld(alliance) {
            Ok(changes) => changes,
            Err(error) => {
                env.notices.push(Notice::snapshot(env.texts, &error));
                None
            }
        };
        self.status = Some((generation, status, changes));
    }

    fn summary(&self, ui: &mut egui::Ui, texts: &Texts) {
        let Some((_, status, _)) = &self.status else {
            return;
        };
        match &status.vastgesteld {
            Some(record) => {
                ui.label(
                    RichText::new(fill(
                        texts.vastgesteld_version,
                        &[&record.label, &record.short_id],
                    ))
                    .strong(),
                );
                if status.agreements_changed_since {
                    ui.colored_label(ui.visuals().warn_fg_color, texts.changed_since_vastgesteld);
                }
            }
            None => {
                design::subheading(ui, texts.not_vastgesteld);
            }
        }
    }

    fn make_snapshot(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        design::card(ui, |ui| {
            design::subheading(ui, texts.make_snapshot);
            ui.label(texts.make_snapshot_hint);
            widgets::text_field(ui, texts.version_label, &mut self.label);
            if let Some(format) = widgets::choice(
                ui,
                "export-format",
                texts.format,
                self.format,
                &Format::ALL,
                |f| format_name(f).to_owned(),
            ) {
                self.format = format;
            }
            self.folder_picker.show(
                ui,
                texts.folder,
                texts.choose_folder,
                texts.choose_folder_title,
                &mut self.folder,
            );
            let conflicts = open_conflicts(state);
            if conflicts > 0 {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    count(texts.open_conflicts, conflicts),
                );
                ui.checkbox(&mut self.despite_conflicts, texts.export_anyway);
            }
            let allowed = conflicts == 0 || self.despite_conflicts;
            if ui
                .add_enabled(allowed, egui::Button::new(texts.export))
                .clicked()
            {
                self.despite_conflicts = false;
                let label = Some(self.label.trim())
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned);
                // Recorded on a copy: the record reaches the alliance only
                // once the export is written.
                let mut trial = state.alliance_mut_for_reading().fork();
                let before = trial.heads();
                match snapshot::make(&mut trial, Some(&author), None, label.as_deref()) {
                    Ok((record, recorded)) => {
                        let recording = if recorded {
                            trial.document_mut().save_after(&before)
                        } else {
                            Vec::new()
                        };
                        let name = snapshot::file_name(&state.view().name, &record, self.format);
                        let path = PathBuf::from(self.folder.trim()).join(name);
                        env.backend.send(Request::Export {
                            alliance: state.id().to_owned(),
                            snapshot: Box::new(record),
                            recording,
                            format: self.format,
                            path,
                        });
                        self.label.clear();
                    }
                    Err(error) => env.notices.push(Notice::snapshot(texts, &error)),
                }
            }
        });
    }

    /// A button to open the export written last, with the system's viewer.
    fn open_export(ui: &mut egui::Ui, env: &mut Env<'_>) {
        let Some(path) = env.last_export else {
            return;
        };
        let texts = env.texts;
        let button = ui.button(texts.open_export);
        let name = fill(texts.open_export_named, &[&path.display().to_string()]);
        design::name_button(&button, &name);
        if button.clicked() && open_with_system(path).is_err() {
            env.notices.push(Notice::info(fill(
                texts.open_export_failed,
                &[&path.display().to_string()],
            )));
        }
    }

    fn snapshots(&self, ui: &mut egui::Ui, texts: &Texts) {
        let Some((_, status, _)) = &self.status else {
            return;
        };
        design::heading(ui, texts.snapshots);
        if status.snapshots.is_empty() {
            ui.label(texts.no_snapshots);
        }
        for snapshot in status.snapshots.iter().rev() {
            design::card(ui, |ui| {
                let record = &snapshot.snapshot;
                ui.horizontal_wrapped(|ui| {
                    ui.strong(fill(texts.version, &[&record.label]));
                    ui.monospace(&record.short_id);
                    ui.label(dates::date(texts, &record.date));
                    if snapshot.adopted_by_all {
                        ui.colored_label(Color32::from_rgb(0x1a, 0x7f, 0x37), texts.adopted_by_all);
                    }
                });
                egui::Grid::new(("decisions", &record.id))
                    .striped(true)
                    .num_columns(2)
                    .show(ui, |ui| {
                        for partner in &snapshot.partners {
                            ui.label(&partner.partner_name);
                            match &partner.decision {
                                Some(decision) => {
                                    let mut text = format!(
                                        "{} — {}, {}",
                                        texts.decision(decision.decision),
                                        decision.body,
                                        dates::date(texts, &decision.date)
                                    );
                                    if let Some(reference) = &decision.reference {
                                        text.push_str(&format!(" ({reference})"));
                                    }
                                    if let Some(conditions) = &decision.conditions {
                                        text.push_str(&format!(" — {conditions}"));
                                    }
                                    ui.label(text);
                                }
                                None => {
                                    ui.weak(texts.no_decision);
                                }
                            }
                            ui.end_row();
                        }
                    });
            });
        }
    }

    /// The recorded snapshots, oldest first.
    fn records(&self) -> Vec<SnapshotRecord> {
        self.status
            .as_ref()
            .map(|(_, status, _)| {
                status
                    .snapshots
                    .iter()
                    .map(|s| s.snapshot.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn record_decision(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        let records = self.records();
        if records.is_empty() {
            return;
        }
        let draft = &mut self.decision;
        design::card(ui, |ui| {
            design::subheading(ui, texts.record_decision);
            let Some(selected) = snapshot_choice(
                ui,
                texts,
                "decision-snapshot",
                &records,
                &mut draft.snapshot,
            )
            .map(|r| r.id.clone()) else {
                return;
            };
            widgets::text_field(ui, texts.board, &mut draft.body);
            let mut options = vec![None];
            options.extend(Decision::ALL.iter().copied().map(Some));
            if let Some(decision) = widgets::choice(
                ui,
                "decision",
                texts.decision_label,
                draft.decision,
                &options,
                |d| {
                    d.map_or(texts.choose_decision, |d| texts.decision(d))
                        .to_owned()
                },
            ) {
                draft.decision = decision;
            }
            calendar::date_field(
                ui,
                texts,
                "decision-date",
                texts.decision_date,
                &mut draft.date,
            );
            let date_known = crate::model::parse_date_for_ui(&draft.date).is_ok();
            if !draft.date.trim().is_empty() && !date_known {
                ui.colored_label(ui.visuals().warn_fg_color, texts.date_not_understood);
            }
            widgets::text_field(ui, texts.reference, &mut draft.reference);
            if draft.decision == Some(Decision::AdoptedWithConditions) {
                widgets::text_field(ui, texts.conditions, &mut draft.conditions);
            }
            let ready = !draft.body.trim().is_empty() && date_known;
            let clicked = ui
                .add_enabled(
                    ready && draft.decision.is_some(),
                    egui::Button::new(texts.record_decision_button),
                )
                .clicked();
            if let (true, Some(chosen_decision)) = (clicked, draft.decision) {
                let decision = NewDecision {
                    body: draft.body.trim().to_owned(),
                    decision: chosen_decision,
                    date: draft.date.trim().to_owned(),
                    reference: Some(draft.reference.trim())
                        .filter(|r| !r.is_empty())
                        .map(str::to_owned),
                    conditions: (chosen_decision == Decision::AdoptedWithConditions)
                        .then(|| draft.conditions.trim().to_owned()),
                };
                match state.edit(env.backend, |a| a.ratify(&author, &selected, &decision)) {
                    Ok(_) => {
                        draft.reference.clear();
                        draft.conditions.clear();
                        draft.decision = None;
                    }
                    Err(error) => env.notices.push(Notice::refused(texts, &error)),
                }
            }
        });
    }

    fn changes(&self, ui: &mut egui::Ui, texts: &Texts) {
        let Some((_, _, Some((record, diff)))) = &self.status else {
            return;
        };
        design::heading(ui, &fill(texts.changes_since, &[&record.label]));
        if diff.agreements.is_empty() {
            ui.label(texts.no_changes);
        }
        for change in &diff.agreements {
            design::card(ui, |ui| {
                ui.strong(format!(
                    "{}: {}",
                    change_kind(texts, change.kind),
                    change.title
                ));
                if let Some(status) = &change.status {
                    let name = |s: &Option<crate::model::AgreementStatus>| {
                        s.map(|s| texts.agreement_status(s))
                            .unwrap_or("—")
                            .to_owned()
                    };
                    ui.label(format!(
                        "{}: {} → {}",
                        texts.status,
                        name(&status.before),
                        name(&status.after)
                    ));
                }
                if let Some(pieces) = &change.body {
                    ui.horizontal_wrapped(|ui| {
                        ui.spacing_mut().item_spacing.x = 0.0;
                        for piece in pieces {
                            let text = RichText::new(&piece.text);
                            match piece.op {
                                PieceOp::Same => ui.label(text),
                                PieceOp::Added => ui.label(
                                    text.color(Color32::from_rgb(0x1a, 0x7f, 0x37)).underline(),
                                ),
                                PieceOp::Removed => ui
                                    .label(text.color(ui.visuals().error_fg_color).strikethrough()),
                            };
                        }
                    });
                }
            });
        }
    }
}

/// Opens `path` with the program the system uses for its kind of file.
fn open_with_system(path: &std::path::Path) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "windows") {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(path).spawn().map(drop)
}

/// How many fields of agreements and interests hold unsettled concurrent
/// values now.
fn open_conflicts(state: &AllianceState) -> usize {
    let view = state.view();
    let agreements: usize = view.agreements.iter().map(|a| a.conflicts.len()).sum();
    let interests: usize = view.interests.iter().map(|i| i.conflicts.len()).sum();
    agreements + interests
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Pdf => "PDF",
        Format::Html => "HTML",
        Format::Md => "Markdown",
        Format::Json => "JSON",
        Format::Docx => "Word",
    }
}

fn change_kind(texts: &Texts, kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => texts.change_added,
        ChangeKind::Removed => texts.change_removed,
        ChangeKind::Withdrawn => texts.change_withdrawn,
        ChangeKind::Changed => texts.change_changed,
    }
}
