//! Messages for the user at the top of the window: what went wrong (in
//! plain words, with the technical detail on hover) or what was done.

use egui::RichText;

use super::i18n::{Texts, fill};
use super::problem::{self, Problem};
use crate::model::ModelError;
use crate::snapshot::SnapshotError;

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notice {
    /// What to tell the user.
    pub(crate) text: String,
    /// The technical cause, for whoever helps them.
    pub(crate) detail: Option<String>,
    /// Whether something went wrong.
    pub(crate) error: bool,
    /// Texts the user may confirm are not personal data (an edit refused
    /// for likely personal data); empty otherwise.
    pub(crate) confirmable: Vec<String>,
}

/// What the user did with a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoticeAction {
    /// Nothing.
    None,
    /// Closed it.
    Dismissed,
    /// Confirmed its texts are not personal data.
    Confirmed,
}

impl Notice {
    /// Something that was done.
    pub(crate) fn info(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            detail: None,
            error: false,
            confirmable: Vec::new(),
        }
    }

    /// A problem of the background service.
    pub(crate) fn problem(texts: &Texts, problem: &Problem) -> Notice {
        let (text, detail) = problem.words(texts);
        Notice {
            text,
            detail,
            error: true,
            confirmable: Vec::new(),
        }
    }

    /// An edit the alliance's rules refused.
    pub(crate) fn refused(texts: &Texts, error: &ModelError) -> Notice {
        let confirmable = match error {
            ModelError::LikelyPersonalData(findings) => {
                findings.iter().map(|f| f.text.clone()).collect()
            }
            _ => Vec::new(),
        };
        Notice {
            text: problem::refusal(texts, error),
            detail: None,
            error: true,
            confirmable,
        }
    }

    /// A snapshot that could not be made or read.
    pub(crate) fn snapshot(texts: &Texts, error: &SnapshotError) -> Notice {
        match error {
            SnapshotError::Model(error) => Notice::refused(texts, error),
            other => Notice {
                text: texts.problem_export.to_owned(),
                detail: Some(other.to_string()),
                error: true,
                confirmable: Vec::new(),
            },
        }
    }
}

/// Draws a notice, framed (red for a problem); returns what the user did.
pub(crate) fn show(ui: &mut egui::Ui, texts: &Texts, notice: &Notice) -> NoticeAction {
    let color = if notice.error {
        ui.visuals().error_fg_color
    } else {
        ui.visuals().hyperlink_color
    };
    let mut action = NoticeAction::None;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.5, color))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label(RichText::new(&notice.text).color(color));
                super::design::announce(ui, &label);
                if let Some(detail) = &notice.detail {
                    label.on_hover_text(fill(texts.technical_detail, &[detail]));
                }
                if !notice.confirmable.is_empty()
                    && ui.button(texts.privacy().not_personal).clicked()
                {
                    action = NoticeAction::Confirmed;
                }
                if ui.button(texts.dismiss).clicked() {
                    action = NoticeAction::Dismissed;
                }
            });
        });
    action
}
