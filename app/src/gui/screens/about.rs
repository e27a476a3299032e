//! Over Rondetafel (Instellingen → Over): the version, where the data and
//! the log are, and the `doctor` checks run from the window, each with what
//! to do when it is not good — what a user sends along when reporting a
//! problem.

use std::path::{Path, PathBuf};

use super::super::backend::{Backend, Request};
use super::super::design::{self, Tone};
use super::super::i18n::{Language, Texts, fill};
use crate::diagnostics::doctor::{Checked, Status};
use crate::diagnostics::doctor_words::{Words, said};
use crate::diagnostics::logs::log_path;

/// The screen and the last report.
#[derive(Debug, Default)]
pub(crate) struct AboutScreen {
    /// The checks' findings, once they ran.
    report: Option<Vec<Checked>>,
    /// Whether the checks are running.
    running: bool,
}

impl AboutScreen {
    /// Takes in what the checks found.
    pub(crate) fn take_report(&mut self, report: Vec<Checked>) {
        self.report = Some(report);
        self.running = false;
    }

    /// Shows the screen; returns whether the user wants to go back.
    pub(crate) fn show(
        &mut self,
        ui: &mut egui::Ui,
        texts: &'static Texts,
        language: Language,
        backend: &Backend,
        data_dir: Option<&Path>,
    ) -> bool {
        let back = ui.button(texts.about_back).clicked();
        egui::ScrollArea::vertical().show(ui, |ui| {
            design::heading(ui, texts.about_heading);
            ui.label(fill(texts.about_version, &[env!("CARGO_PKG_VERSION")]));
            if let Some(dir) = data_dir {
                path_line(ui, texts.about_data_dir, dir.to_path_buf());
                path_line(ui, texts.about_log, log_path(dir));
                ui.weak(texts.about_log_note);
            }
            design::gap(ui);
            design::subheading(ui, texts.doctor_heading);
            ui.label(texts.doctor_intro);
            let run = ui.add_enabled(!self.running, egui::Button::new(texts.doctor_run));
            if run.clicked() {
                self.running = true;
                backend.send(Request::Doctor);
            }
            if self.running {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(texts.doctor_running);
                });
            }
            if let Some(report) = &self.report {
                let words = match language {
                    Language::Dutch => Words::Dutch,
                    Language::English => Words::English,
                };
                for checked in report {
                    design::card(ui, |ui| finding(ui, texts, checked, words));
                }
            }
        });
        back
    }
}

/// A labelled path; labels are selectable, so it can be copied.
fn path_line(ui: &mut egui::Ui, label: &str, path: PathBuf) {
    ui.horizontal_wrapped(|ui| {
        ui.strong(label);
        ui.label(path.display().to_string());
    });
}

/// One finding: its status, what was found and what to do.
fn finding(ui: &mut egui::Ui, texts: &Texts, checked: &Checked, words: Words) {
    let said = said(checked, words);
    let (label, tone) = match checked.status {
        Status::Ok => (texts.doctor_ok, Tone::Good),
        Status::Warning => (texts.doctor_warning, Tone::Attention),
        Status::Failed => (texts.doctor_failed, Tone::Problem),
        Status::Skipped => (texts.doctor_skipped, Tone::Neutral),
    };
    ui.horizontal_wrapped(|ui| {
        design::chip(ui, label, tone);
        ui.strong(said.name);
    });
    ui.label(said.found);
    if let Some(fix) = said.fix {
        ui.label(fill(texts.doctor_fix, &[&fix]));
    }
}
