//! Small Dutch wordings shared by the Markdown and HTML exports.

use super::diff::Contributor;
use crate::model::{AgreementStatus, Stance};

/// An agreement status in Dutch.
pub(super) fn status_nl(status: AgreementStatus) -> String {
    status.label_nl().to_owned()
}

/// A stance in Dutch.
pub(super) fn stance_nl(stance: Stance) -> String {
    stance.label_nl().to_owned()
}

/// The value, or a dash when there is none.
pub(super) fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_owned())
}

/// Who made changes, as a list of partner names.
pub(super) fn contributors(by: &[Contributor]) -> String {
    by.iter()
        .map(|c| {
            c.partner_name
                .clone()
                .or_else(|| c.partner.clone())
                .unwrap_or_else(|| "onbekend apparaat".to_owned())
        })
        .collect::<Vec<_>>()
        .join(", ")
}
