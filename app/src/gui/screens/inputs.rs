//! Inbreng: bottlenecks and ideas from the work floor and clients. Enter
//! one (nothing chosen for the user, and a reminder that no client's data
//! belongs here), support, respond, turn an idea into a proposed agreement,
//! see what became of the input per role, and save the printable form.

use std::collections::HashMap;
use std::path::PathBuf;

use super::super::app::Env;
use super::super::backend::Request;
use super::super::design::{self, Tone};
use super::super::folder_picker::{FolderPicker, default_folder};
use super::super::i18n::{Texts, fill};
use super::super::notice::Notice;
use super::super::state::AllianceState;
use super::super::widgets;
use crate::model::input_csv::{CsvFault, read_inputs};
use crate::model::{
    AllianceView, InputKind, InputResponse, InputRole, InputStatus, InputView, NewInput, Signing,
};

/// An edit chosen in a frame, made after it is drawn.
type Edit = Box<dyn FnOnce(&mut crate::model::Alliance) -> Result<(), crate::model::ModelError>>;

/// The section and its drafts.
pub(crate) struct InputsSection {
    kind: Option<InputKind>,
    role: Option<InputRole>,
    signing: Option<Signing>,
    name: String,
    text: String,
    /// Per piece of input: the role to support it in, the status and
    /// reason of a response.
    drafts: HashMap<String, ResponseDraft>,
    folder: String,
    folder_picker: FolderPicker,
    csv_path: String,
    /// What was wrong with the file read last, line by line.
    csv_problems: Vec<String>,
}

#[derive(Default)]
struct ResponseDraft {
    support_role: Option<InputRole>,
    status: Option<InputStatus>,
    reason: String,
}

impl Default for InputsSection {
    fn default() -> Self {
        InputsSection {
            kind: None,
            role: None,
            signing: None,
            name: String::new(),
            text: String::new(),
            drafts: HashMap::new(),
            folder: default_folder(),
            folder_picker: FolderPicker::default(),
            csv_path: String::new(),
            csv_problems: Vec::new(),
        }
    }
}

impl InputsSection {
    /// Shows the section.
    pub(crate) fn show(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        egui::ScrollArea::vertical().show(ui, |ui| {
            design::heading(ui, texts.input_heading);
            ui.label(texts.input_intro);
            design::gap(ui);
            self.new_input(ui, env, state);
            design::gap(ui);
            let inputs = state.view().inputs.clone();
            if inputs.is_empty() {
                ui.weak(texts.no_input);
            }
            for input in inputs.iter().rev() {
                self.input(ui, env, state, input);
            }
            design::gap(ui);
            design::subheading(ui, texts.what_became);
            per_role(ui, texts, state.view());
            design::gap(ui);
            self.form(ui, env, state);
        });
    }

    fn new_input(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        let mut add = None;
        design::card(ui, |ui| {
            ui.strong(texts.new_input);
            ui.colored_label(ui.visuals().warn_fg_color, texts.no_client_data);
            ui.horizontal_wrapped(|ui| {
                ui.label(texts.input_kind);
                for kind in InputKind::ALL {
                    let radio =
                        ui.radio_value(&mut self.kind, Some(*kind), texts.input_kind(*kind));
                    design::name_button(
                        &radio,
                        &format!("{} — {}", texts.input_kind, texts.input_kind(*kind)),
                    );
                }
            });
            let shown = self
                .role
                .map_or(texts.choose_role, |r| texts.input_role(r))
                .to_owned();
            let combo = egui::ComboBox::from_label(texts.input_role)
                .selected_text(&shown)
                .show_ui(ui, |ui| {
                    for role in InputRole::ALL {
                        ui.selectable_value(&mut self.role, Some(*role), texts.input_role(*role));
                    }
                });
            design::expose_choice(ui, &combo.response, &shown);
            ui.horizontal_wrapped(|ui| {
                ui.label(texts.input_signing);
                for signing in Signing::ALL {
                    let radio =
                        ui.radio_value(&mut self.signing, Some(*signing), texts.signing(*signing));
                    design::name_button(
                        &radio,
                        &format!("{} — {}", texts.input_signing, texts.signing(*signing)),
                    );
                }
            });
            ui.add_enabled_ui(self.signing == Some(Signing::Named), |ui| {
                widgets::text_field(ui, texts.input_name, &mut self.name);
            });
            widgets::text_area(ui, texts.input_text, &mut self.text, 3);
            if let (Some(kind), Some(role), Some(signing)) = (self.kind, self.role, self.signing) {
                let ready = !self.text.trim().is_empty();
                if ui
                    .add_enabled(ready, egui::Button::new(texts.add_input))
                    .clicked()
                {
                    add = Some(NewInput {
                        kind,
                        text: self.text.trim().to_owned(),
                        role,
                        signing,
                        name: if signing == Signing::Named {
                            self.name.trim().to_owned()
                        } else {
                            String::new()
                        },
                    });
                }
            } else {
                ui.add_enabled(false, egui::Button::new(texts.add_input));
            }
        });
        let Some(input) = add else {
            return;
        };
        match state.edit(env.backend, |a| a.add_input(&author, &input)) {
            Ok(_) => {
                self.text.clear();
                self.name.clear();
                self.kind = None;
                self.role = None;
                self.signing = None;
            }
            Err(error) => env.notices.push(Notice::refused(texts, &error)),
        }
    }

    fn input(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        input: &InputView,
    ) {
        let texts = env.texts;
        design::card(ui, |ui| {
            let view = state.view();
            let who = from(texts, view, input);
            let agreement = input.agreement.as_ref().map(|id| {
                view.agreements
                    .iter()
                    .find(|a| &a.id == id)
                    .map_or_else(|| id.clone(), |a| a.title.clone())
            });
            ui.horizontal_wrapped(|ui| {
                design::chip(ui, texts.input_kind(input.kind), Tone::Neutral);
                design::chip(
                    ui,
                    texts.input_status(input.status),
                    status_tone(input.status),
                );
            });
            ui.label(&input.text);
            ui.weak(fill(texts.input_from, &[&who]));
            ui.weak(fill(
                texts.input_supports,
                &[&input.supports.len().to_string()],
            ));
            if let Some(title) = &agreement {
                ui.label(fill(texts.became_agreement, &[title]));
            }
            if !input.reason.is_empty() {
                ui.label(fill(texts.not_taken_up_because, &[&input.reason]));
            }
            self.actions(ui, env, state, input);
        });
    }

    fn actions(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &mut AllianceState,
        input: &InputView,
    ) {
        let texts = env.texts;
        let Some(author) = env.author.clone() else {
            return;
        };
        let draft = self.drafts.entry(input.id.clone()).or_default();
        let mut edit: Option<Edit> = None;
        ui.horizontal_wrapped(|ui| {
            let shown = draft
                .support_role
                .map_or(texts.choose_role, |r| texts.input_role(r))
                .to_owned();
            let combo = egui::ComboBox::new(("support-role", &input.id), texts.support_as)
                .selected_text(&shown)
                .show_ui(ui, |ui| {
                    for role in InputRole::ALL {
                        ui.selectable_value(
                            &mut draft.support_role,
                            Some(*role),
                            texts.input_role(*role),
                        );
                    }
                });
            design::expose_choice(ui, &combo.response, &shown);
            if let Some(role) = draft.support_role {
                let button = ui.button(texts.support);
                design::name_button(&button, &format!("{} — {}", texts.support, input.text));
                if button.clicked() {
                    let (author, id) = (author.clone(), input.id.clone());
                    edit = Some(Box::new(move |a| a.support_input(&author, &id, role)));
                }
            }
        });
        if input.agreement.is_none() {
            let button = ui.button(texts.promote);
            design::name_button(&button, &format!("{} — {}", texts.promote, input.text));
            if button.clicked() {
                let (author, id) = (author.clone(), input.id.clone());
                edit = Some(Box::new(move |a| a.promote_input(&author, &id).map(drop)));
            }
        }
        let next: Vec<InputStatus> = InputStatus::ALL
            .iter()
            .copied()
            .filter(|s| *s != input.status && *s != InputStatus::New && *s != InputStatus::TakenUp)
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.label(texts.respond_input);
            for status in &next {
                ui.radio_value(
                    &mut draft.status,
                    Some(*status),
                    texts.input_status(*status),
                );
            }
        });
        if draft.status == Some(InputStatus::NotTakenUp) {
            widgets::text_field(ui, texts.input_reason, &mut draft.reason);
        }
        let ready = draft.status.is_some()
            && (draft.status != Some(InputStatus::NotTakenUp) || !draft.reason.trim().is_empty());
        let save = ui.add_enabled(ready, egui::Button::new(texts.save_response));
        design::name_button(&save, &format!("{} — {}", texts.save_response, input.text));
        if save.clicked() {
            let response = InputResponse {
                status: draft.status,
                reason: draft.reason.trim().to_owned(),
                agreement: None,
            };
            let (author, id) = (author.clone(), input.id.clone());
            edit = Some(Box::new(move |a| {
                a.respond_to_input(&author, &id, &response)
            }));
        }
        let Some(edit) = edit else {
            return;
        };
        match state.edit(env.backend, edit) {
            Ok(()) => {
                self.drafts.remove(&input.id);
            }
            Err(error) => env.notices.push(Notice::refused(texts, &error)),
        }
    }

    fn form(&mut self, ui: &mut egui::Ui, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        design::subheading(ui, texts.form_heading);
        ui.label(texts.form_intro);
        self.folder_picker.show(
            ui,
            texts.folder,
            texts.choose_folder,
            texts.choose_folder_title,
            &mut self.folder,
        );
        if ui.button(texts.save_form).clicked() {
            let name = state.view().name.clone();
            let file = format!("{}-invulformulier.pdf", crate::snapshot::file_stem(&name));
            env.backend.send(Request::InputForm {
                name,
                alliance: state.id().to_owned(),
                path: PathBuf::from(self.folder.trim()).join(file),
            });
        }
        design::gap(ui);
        widgets::text_field(ui, texts.csv_file, &mut self.csv_path);
        let ready = !self.csv_path.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new(texts.csv_read))
            .clicked()
        {
            self.read_csv(env, state);
        }
        if !self.csv_problems.is_empty() {
            design::alert_card(ui, |ui| {
                ui.strong(texts.csv_nothing);
                for problem in &self.csv_problems {
                    ui.label(problem);
                }
            });
        }
    }

    /// Reads the CSV file named in the field: all its rows, or none.
    fn read_csv(&mut self, env: &mut Env<'_>, state: &mut AllianceState) {
        let texts = env.texts;
        self.csv_problems.clear();
        let path = PathBuf::from(self.csv_path.trim());
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                let why = super::super::problem::io_words(texts, &error);
                self.csv_problems.push(fill(
                    texts.csv_cannot_open,
                    &[&path.display().to_string(), &why],
                ));
                return;
            }
        };
        let inputs = match read_inputs(&bytes, state.alliance().confirmed()) {
            Ok(inputs) => inputs,
            Err(problems) => {
                self.csv_problems = problems
                    .iter()
                    .map(|p| {
                        fill(
                            texts.csv_line,
                            &[&p.line.to_string(), &fault(texts, &p.fault)],
                        )
                    })
                    .collect();
                return;
            }
        };
        let Some(author) = env.author.clone() else {
            return;
        };
        match state.edit(env.backend, |a| a.add_inputs(&author, &inputs)) {
            Ok(ids) => {
                env.notices.push(Notice::info(fill(
                    texts.csv_imported,
                    &[&ids.len().to_string()],
                )));
                self.csv_path.clear();
            }
            Err(error) => env.notices.push(Notice::refused(texts, &error)),
        }
    }
}

/// What is wrong with a line of a CSV file, in the window's language.
fn fault(texts: &Texts, fault: &CsvFault) -> String {
    match fault {
        CsvFault::Unreadable(_) => texts.csv_unreadable.to_owned(),
        CsvFault::MissingColumns(columns) => {
            fill(texts.csv_missing_columns, &[&columns.join(", ")])
        }
        CsvFault::NoRows => texts.csv_no_rows.to_owned(),
        CsvFault::Value(value) => {
            let what = match value.what {
                "kind of input" => texts.csv_what_kind,
                "signing" => texts.csv_what_signing,
                _ => texts.csv_what_role,
            };
            fill(
                texts.csv_bad_value,
                &[&value.value, what, &value.allowed.join(", ")],
            )
        }
        CsvFault::Rule(error) => super::super::problem::refusal(texts, error),
    }
}

/// Who a piece of input came from, as it was signed.
fn from(texts: &Texts, view: &AllianceView, input: &InputView) -> String {
    let mut parts = Vec::new();
    if !input.name.is_empty() {
        parts.push(input.name.clone());
    }
    parts.push(texts.input_role(input.role).to_lowercase());
    if let Some(partner) = &input.partner {
        parts.push(widgets::partner_name(view, partner, texts));
    }
    parts.join(", ")
}

/// The tone of an input status chip.
fn status_tone(status: InputStatus) -> Tone {
    match status {
        InputStatus::New => Tone::Info,
        InputStatus::InProgress => Tone::Attention,
        InputStatus::TakenUp | InputStatus::Done => Tone::Good,
        InputStatus::NotTakenUp => Tone::Neutral,
    }
}

/// Per role: how much input came in, and what became of it.
fn per_role(ui: &mut egui::Ui, texts: &Texts, view: &AllianceView) {
    for role in InputRole::ALL {
        let of_role: Vec<&InputView> = view.inputs.iter().filter(|i| i.role == *role).collect();
        if of_role.is_empty() {
            continue;
        }
        let counts: Vec<String> = InputStatus::ALL
            .iter()
            .map(|status| {
                (
                    status,
                    of_role.iter().filter(|i| i.status == *status).count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .map(|(status, n)| format!("{n} {}", texts.input_status(*status).to_lowercase()))
            .collect();
        ui.label(fill(
            texts.per_role_line,
            &[
                texts.input_role(*role),
                &of_role.len().to_string(),
                &counts.join(", "),
            ],
        ));
    }
}
