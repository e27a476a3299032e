//! An agreement's outcome statement: what was agreed and who does what,
//! saved with its own button like the other fields.

use super::super::design;
use super::super::i18n::Texts;
use super::super::widgets;
use crate::model::{AgreementEdit, AgreementStatus, AgreementView};

/// The outcome field; a click on its save button puts the typed text in
/// `edit`. An agreed agreement without an outcome says so.
pub(crate) fn outcome(
    ui: &mut egui::Ui,
    texts: &Texts,
    agreement: &AgreementView,
    draft: &mut String,
    edit: &mut AgreementEdit,
    editable: bool,
) {
    ui.add_enabled_ui(editable, |ui| {
        widgets::text_area(ui, texts.outcome, draft, 2);
        if agreement.outcome.is_empty() && agreement.status == AgreementStatus::Agreed {
            ui.colored_label(ui.visuals().warn_fg_color, texts.outcome_missing);
        }
        let typed = draft.trim();
        let changed = !typed.is_empty() && typed != agreement.outcome;
        let save = ui.add_enabled(changed, egui::Button::new(texts.save));
        design::name_button(&save, &format!("{} — {}", texts.save, texts.outcome));
        if save.clicked() {
            edit.outcome = Some(typed.to_owned());
        }
    });
}
