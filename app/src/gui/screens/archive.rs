//! The archive package card of Vaststelling: choose a snapshot and how long
//! the archive keeps it, and write the package into the export folder.

use std::path::PathBuf;

use super::super::app::Env;
use super::super::backend::Request;
use super::super::design;
use super::super::i18n::{Texts, fill};
use super::super::state::AllianceState;
use super::super::widgets;
use crate::archive::{self, Valuation};
use crate::model::SnapshotRecord;

/// What the user chose for the next archive package.
#[derive(Default)]
pub(crate) struct ArchiveCard {
    snapshot: Option<String>,
    valuation: Valuation,
    years: String,
}

impl ArchiveCard {
    /// Shows the card for `records` (oldest first); the package goes into
    /// `folder`.
    pub(crate) fn show(
        &mut self,
        ui: &mut egui::Ui,
        env: &mut Env<'_>,
        state: &AllianceState,
        records: &[SnapshotRecord],
        folder: &str,
    ) {
        let texts = env.texts;
        let words = texts.privacy();
        if records.is_empty() {
            return;
        }
        design::card(ui, |ui| {
            design::subheading(ui, words.archive_heading);
            ui.label(words.archive_hint);
            let chosen =
                snapshot_choice(ui, texts, "archive-snapshot", records, &mut self.snapshot);
            let options = [
                Valuation::Undetermined,
                Valuation::Permanent,
                Valuation::Temporary,
            ];
            if let Some(valuation) = widgets::choice(
                ui,
                "archive-valuation",
                words.valuation,
                self.valuation,
                &options,
                |v| valuation_name(texts, v).to_owned(),
            ) {
                self.valuation = valuation;
            }
            let mut years = None;
            if self.valuation == Valuation::Temporary {
                widgets::text_field(ui, words.retention_years, &mut self.years);
                years = self.years.trim().parse::<u32>().ok().filter(|y| *y > 0);
                if !self.years.trim().is_empty() && years.is_none() {
                    ui.colored_label(ui.visuals().warn_fg_color, words.retention_not_number);
                }
            }
            ui.weak(fill(words.archive_goes_to, &[folder.trim()]));
            let ready = self.valuation != Valuation::Temporary || years.is_some();
            if ui
                .add_enabled(ready, egui::Button::new(words.archive_button))
                .clicked()
                && let Some(record) = chosen
            {
                let name = archive::file_name(&state.view().name, record);
                env.backend.send(Request::Archive {
                    alliance: state.id().to_owned(),
                    snapshot: Box::new(record.clone()),
                    valuation: self.valuation,
                    retention_years: years,
                    path: PathBuf::from(folder.trim()).join(name),
                });
            }
        });
    }
}

/// A choice of one of `records` (newest first in the list), remembered in
/// `chosen` by id; the latest until the user picks another.
pub(crate) fn snapshot_choice<'a>(
    ui: &mut egui::Ui,
    texts: &Texts,
    id: &str,
    records: &'a [SnapshotRecord],
    chosen: &mut Option<String>,
) -> Option<&'a SnapshotRecord> {
    let current = chosen
        .as_deref()
        .and_then(|c| records.iter().find(|r| r.id == c))
        .or_else(|| records.last())?;
    let label =
        |r: &SnapshotRecord| format!("{} ({})", fill(texts.version, &[&r.label]), r.short_id);
    let mut selected = current.id.clone();
    let shown = egui::ComboBox::new(id, texts.snapshot)
        .selected_text(label(current))
        .show_ui(ui, |ui| {
            for record in records.iter().rev() {
                ui.selectable_value(&mut selected, record.id.clone(), label(record));
            }
        });
    let picked = records.iter().find(|r| r.id == selected).unwrap_or(current);
    design::expose_choice(ui, &shown.response, &label(picked));
    *chosen = Some(picked.id.clone());
    Some(picked)
}

fn valuation_name(texts: &Texts, valuation: Valuation) -> &'static str {
    let words = texts.privacy();
    match valuation {
        Valuation::Undetermined => words.valuation_undetermined,
        Valuation::Permanent => words.valuation_permanent,
        Valuation::Temporary => words.valuation_temporary,
    }
}
