//! Agreements: adding and editing them, and each partner's position. An
//! agreement is agreed only with every current partner's consent on its
//! current text (see [`super::consent`]).

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ScalarValue};

use super::alliance::{Alliance, Author, non_empty, now_ms, parse_date, replace_set};
use super::consent::Consent;
use super::dates::six_months_from_today;
use super::error::ModelError;
use super::ids::{self, ITEM_ID_BYTES};
use super::kinds::{AgreementStatus, Stance};
use super::read::{self, At};
use super::schema::*;
use super::view::Reader;

/// Changes to an agreement; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AgreementEdit {
    /// New title.
    pub title: Option<String>,
    /// New body (applied as a minimal text diff).
    pub body: Option<String>,
    /// New status.
    pub status: Option<AgreementStatus>,
    /// New review date (`YYYY-MM-DD`), or `Some(None)` to clear it.
    pub review_date: Option<Option<String>>,
    /// The responsible partners (ids), replacing the current set.
    pub owners: Option<Vec<String>>,
    /// The outcome statement: what was agreed and who does what.
    pub outcome: Option<String>,
}

impl Alliance {
    /// Adds a draft agreement; returns its id.
    pub fn add_agreement(
        &mut self,
        author: &Author,
        title: &str,
        body: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let title = non_empty(title, "the title")?;
        let agreements = self.root_map(AGREEMENTS)?;
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("add agreement {id}: {title}"), |doc| {
            let obj = doc.put_object(&agreements, id.as_str(), ObjType::Map)?;
            doc.put(&obj, "title", title)?;
            let body_obj = doc.put_object(&obj, "body", ObjType::Text)?;
            doc.update_text(&body_obj, body.trim())?;
            doc.put(&obj, "status", AgreementStatus::Draft.slug())?;
            doc.put_object(&obj, "owners", ObjType::Map)?;
            doc.put_object(&obj, "positions", ObjType::Map)?;
            doc.put(&obj, "created_by", author.partner_id.as_str())?;
            doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Edits an agreement. Setting the status to agreed is refused while a
    /// current partner objects, and gives an agreement without a review date
    /// one six months on.
    pub fn edit_agreement(
        &mut self,
        author: &Author,
        query: &str,
        edit: &AgreementEdit,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj) = self.find_item(AGREEMENTS, "agreement", query)?;
        let title = edit
            .title
            .as_deref()
            .map(|t| non_empty(t, "the title"))
            .transpose()?;
        if let Some(outcome) = &edit.outcome {
            non_empty(outcome, "the outcome")?;
        }
        if edit.status == Some(AgreementStatus::Agreed) {
            self.require_consent(&obj, edit)?;
        }
        let review_date = match &edit.review_date {
            Some(Some(date)) => Some(Some(parse_date(date)?)),
            None if edit.status == Some(AgreementStatus::Agreed)
                && read::str(self.document(), &obj, "review_date").is_none() =>
            {
                Some(Some(six_months_from_today()))
            }
            other => other.clone(),
        };
        let mut edit = edit.clone();
        edit.review_date.clone_from(&review_date);
        let owners = edit
            .owners
            .as_ref()
            .map(|o| self.resolve_partners(o))
            .transpose()?;
        let body_obj = self.text_obj(&obj, "body")?;
        let owners_obj = self.map(&obj, "owners")?;
        let message = describe_agreement_edit(&id, &edit);
        self.change(author, message, |doc| {
            if let Some(title) = title {
                doc.put(&obj, "title", title)?;
            }
            if let Some(body) = &edit.body {
                doc.update_text(&body_obj, body.trim())?;
            }
            if let Some(status) = edit.status {
                doc.put(&obj, "status", status.slug())?;
            }
            match &review_date {
                Some(Some(date)) => doc.put(&obj, "review_date", date.as_str())?,
                Some(None) => doc.delete(&obj, "review_date")?,
                None => {}
            }
            if let Some(owners) = &owners {
                replace_set(doc, &owners_obj, owners)?;
            }
            if let Some(outcome) = &edit.outcome {
                doc.put(&obj, "outcome", outcome.trim())?;
            }
            Ok(())
        })
    }

    /// Replaces `delete` characters at `position` of an agreement's body with
    /// `insert`: the edit a text box makes as someone types. Positions count
    /// Unicode scalar values and are clamped to the text.
    pub fn splice_agreement_body(
        &mut self,
        author: &Author,
        query: &str,
        position: usize,
        delete: usize,
        insert: &str,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj) = self.find_item(AGREEMENTS, "agreement", query)?;
        let body = self.text_obj(&obj, "body")?;
        let length = automerge::ReadDoc::length(self.document(), &body);
        let position = position.min(length);
        let delete = delete.min(length - position) as isize;
        self.change(author, format!("edit agreement {id}: body"), |doc| {
            doc.splice_text(&body, position, delete, insert)?;
            Ok(())
        })
    }

    /// Records the author's own position on an agreement. An objection and
    /// reservations need a reason; an objection sends an agreed agreement
    /// back to proposed: an objection is never overruled.
    pub fn set_position(
        &mut self,
        author: &Author,
        query: &str,
        stance: Stance,
        reason: &str,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let reason = reason.trim();
        if matches!(stance, Stance::Object | Stance::Reservations) && reason.is_empty() {
            return Err(ModelError::PositionWithoutReason(stance));
        }
        let (id, obj) = self.find_item(AGREEMENTS, "agreement", query)?;
        let status = self.agreement_status(&obj);
        if status == AgreementStatus::Withdrawn {
            return Err(ModelError::NotOpenForPositions(status));
        }
        let positions = self.map(&obj, "positions")?;
        let text_version = self.reader(|r| r.text_version(&obj));
        let reopen = stance == Stance::Object && status == AgreementStatus::Agreed;
        let mut message = format!("position on agreement {id}: {stance}");
        if reopen {
            message.push_str(" (agreement back to proposed)");
        }
        self.change(author, message, |doc| {
            let position = doc.put_object(&positions, author.partner_id.as_str(), ObjType::Map)?;
            doc.put(&position, "stance", stance.slug())?;
            doc.put(&position, "reason", reason)?;
            doc.put(&position, POSITION_TEXT_VERSION, text_version.as_str())?;
            doc.put(&position, "at", ScalarValue::Timestamp(now_ms()))?;
            if reopen {
                doc.put(&obj, "status", AgreementStatus::Proposed.slug())?;
            }
            Ok(())
        })
    }

    fn agreement_status(&self, obj: &ObjId) -> AgreementStatus {
        read::str(self.document(), obj, "status")
            .and_then(|s| s.parse().ok())
            .unwrap_or(AgreementStatus::Draft)
    }

    /// Runs `read` with a reader of the alliance as it is now.
    pub(crate) fn reader<T>(
        &self,
        read: impl FnOnce(&Reader<'_, automerge::AutoCommit>) -> T,
    ) -> T {
        let trust = self.trust();
        read(&Reader {
            doc: self.document(),
            at: At::Now,
            trust: &trust,
        })
    }

    /// Refuses to set an agreement agreed unless every current partner has
    /// a position on the text it will have and none objects.
    fn require_consent(&self, agreement: &ObjId, edit: &AgreementEdit) -> Result<(), ModelError> {
        let (mut consent, changes_text) = self.reader(|r| {
            let consent = Consent::of(&r.positions(agreement), &r.current_partners());
            let title = edit.title.as_deref().map(str::trim);
            let body = edit.body.as_deref().map(str::trim);
            let current_body = read::text_at(r.doc, At::Now, agreement, "body");
            let changes_text = title
                .is_some_and(|t| t != read::str(r.doc, agreement, "title").unwrap_or_default())
                || body.is_some_and(|b| b != current_body.trim());
            (consent, changes_text.then(|| r.current_partners()))
        });
        if let Some(everyone) = changes_text {
            consent.missing = everyone;
        }
        let names = |ids: &[String]| {
            ids.iter()
                .map(|id| self.partner_name(id))
                .collect::<Vec<_>>()
        };
        if !consent.objecting.is_empty() {
            return Err(ModelError::Objections {
                objectors: names(&consent.objecting),
            });
        }
        if !consent.missing.is_empty() {
            return Err(ModelError::ConsentMissing {
                partners: names(&consent.missing),
            });
        }
        Ok(())
    }
}

fn describe_agreement_edit(id: &str, edit: &AgreementEdit) -> String {
    let mut parts = Vec::new();
    if let Some(title) = &edit.title {
        parts.push(format!("title \"{}\"", title.trim()));
    }
    if edit.body.is_some() {
        parts.push("body".to_owned());
    }
    if let Some(status) = edit.status {
        parts.push(format!("status {status}"));
    }
    if let Some(date) = &edit.review_date {
        parts.push(format!(
            "review date {}",
            date.as_deref().unwrap_or("cleared")
        ));
    }
    if edit.owners.is_some() {
        parts.push("responsible partners".to_owned());
    }
    if edit.outcome.is_some() {
        parts.push("outcome".to_owned());
    }
    format!("edit agreement {id}: {}", parts.join(", "))
}
