//! Roles and expectations (*rollen en verwachtingen*): each partner's card —
//! what it brings, what it is responsible for, what its representative may
//! decide — and what partners expect of one another, each expectation
//! answered by the partner it is of. A card is its partner's own
//! (`roles/<partner>`), an expectation its maker's, and an answer the
//! answering partner's (`expectations/<id>/answers/<partner>`): whatever
//! another partner writes there does not count.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc, ScalarValue};
use serde::Serialize;

use super::alliance::{Alliance, Author, non_empty, now_ms};
use super::collections;
use super::dates::{parse_date, six_months_from_today};
use super::error::ModelError;
use super::ids::{self, ITEM_ID_BYTES};
use super::kinds::{Contribution, Recognition};
use super::schema::{EXPECTATIONS, ROLES};
use super::trust::Rule;
use super::view::{ConflictView, Reader, format_ms};

/// Changes to the author's own role card; `None` leaves a field as it is,
/// an empty text clears it.
#[derive(Debug, Clone, Default)]
pub struct RoleEdit {
    /// What it brings, per kind.
    pub brings: BTreeMap<Contribution, String>,
    /// Its responsibilities in the alliance.
    pub responsible: Option<String>,
    /// What its representative may decide without going back to its board.
    pub mandate: Option<String>,
    /// When the card is to be discussed again (`YYYY-MM-DD` or as people
    /// type dates).
    pub review_date: Option<String>,
}

/// A partner's role card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleCardView {
    /// The partner's id.
    pub partner: String,
    /// What it brings, per kind (slug → text); kinds left empty are absent.
    pub brings: BTreeMap<Contribution, String>,
    /// Its responsibilities in the alliance.
    pub responsible: String,
    /// What its representative may decide without going back to its board.
    pub mandate: String,
    /// When the card is to be discussed again (`YYYY-MM-DD`).
    pub review_date: Option<String>,
    /// When it was last changed (RFC 3339).
    pub updated_at: Option<String>,
    /// Fields its partner's devices set concurrently to different values.
    pub conflicts: Vec<ConflictView>,
}

/// What one partner expects of another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpectationView {
    /// The expectation's id.
    pub id: String,
    /// The partner that expects it (the one that wrote it).
    pub from: String,
    /// The partner it is expected of.
    pub of: String,
    /// What is expected.
    pub text: String,
    /// When it was stated (RFC 3339).
    pub created_at: Option<String>,
    /// The answer of the partner it is of, if it gave one.
    pub answer: Option<AnswerView>,
    /// Whether it is a point to discuss: unanswered or not recognised.
    pub to_discuss: bool,
}

/// A partner's answer to an expectation of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerView {
    /// Recognised, partly or not.
    pub answer: Recognition,
    /// Its remark.
    pub remark: String,
    /// When (RFC 3339).
    pub at: Option<String>,
}

/// The key of a contribution kind on a role card.
fn brings_key(kind: Contribution) -> String {
    format!("brings_{}", kind.slug())
}

impl Alliance {
    /// Writes the author's own role card. A new card gets a review date six
    /// months on unless one is given.
    pub fn set_role(&mut self, author: &Author, edit: &RoleEdit) -> Result<(), ModelError> {
        self.require_member(author)?;
        let review_date = edit.review_date.as_deref().map(parse_date).transpose()?;
        let roles = self.collection_for_write(ROLES);
        let card = roles
            .as_ref()
            .and_then(|map| self.reader(|r| r.map(map, &author.partner_id, &self.own(author))));
        let review_date = match (&card, review_date) {
            (_, Some(date)) => Some(date),
            (None, None) => Some(six_months_from_today()),
            (Some(_), None) => None,
        };
        let partner = author.partner_id.clone();
        self.change(author, format!("set role card of {partner}"), |doc| {
            let roles = collections::ensure(doc, roles, ROLES)?;
            let card = match card {
                Some(card) => card,
                None => doc.put_object(&roles, partner.as_str(), ObjType::Map)?,
            };
            for (kind, text) in &edit.brings {
                doc.put(&card, brings_key(*kind).as_str(), text.trim())?;
            }
            if let Some(text) = &edit.responsible {
                doc.put(&card, "responsible", text.trim())?;
            }
            if let Some(text) = &edit.mandate {
                doc.put(&card, "mandate", text.trim())?;
            }
            if let Some(date) = &review_date {
                doc.put(&card, "review_date", date.as_str())?;
            }
            doc.put(&card, "updated_at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })
    }

    /// States what the author's organisation expects of partner `of` (id,
    /// prefix or name); returns the expectation's id.
    pub fn add_expectation(
        &mut self,
        author: &Author,
        of: &str,
        text: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let text = non_empty(text, "the expectation")?;
        let of = self
            .resolve_partners(&[of.to_owned()])?
            .pop()
            .unwrap_or_default();
        if of == author.partner_id {
            return Err(ModelError::ExpectationOfYourself);
        }
        if !self.is_current_partner(&of) {
            return Err(ModelError::AlreadyRemoved(self.partner_name(&of)));
        }
        let expectations = self.collection_for_write(EXPECTATIONS);
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("add expectation {id}"), |doc| {
            let expectations = collections::ensure(doc, expectations, EXPECTATIONS)?;
            let obj = doc.put_object(&expectations, id.as_str(), ObjType::Map)?;
            doc.put(&obj, "of", of.as_str())?;
            doc.put(&obj, "text", text)?;
            doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
            doc.put_object(&obj, "answers", ObjType::Map)?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Answers an expectation of the author's organisation; a later answer
    /// replaces an earlier one (the history keeps both).
    pub fn answer_expectation(
        &mut self,
        author: &Author,
        query: &str,
        answer: Recognition,
        remark: &str,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj) =
            self.find_in_collection(EXPECTATIONS, "expectation", query, |_| Rule::Member)?;
        let view =
            self.reader(|r| r.expectation(id.clone(), &obj))
                .ok_or(ModelError::NotFound {
                    what: "expectation",
                    query: query.to_owned(),
                })?;
        if view.of != author.partner_id {
            return Err(ModelError::NotExpectedOfYou {
                of: self.partner_name(&view.of),
            });
        }
        let owner = Rule::Partner(view.from.clone());
        let answers = self
            .reader(|r| r.map(&obj, "answers", &owner))
            .ok_or_else(|| ModelError::NotAnAlliance("the answers map is missing".into()))?;
        let partner = author.partner_id.clone();
        self.change(
            author,
            format!("answer expectation {id}: {answer}"),
            |doc| {
                let mine = doc.put_object(&answers, partner.as_str(), ObjType::Map)?;
                doc.put(&mine, "answer", answer.slug())?;
                doc.put(&mine, "remark", remark.trim())?;
                doc.put(&mine, "at", ScalarValue::Timestamp(now_ms()))?;
                Ok(())
            },
        )
    }

    fn own(&self, author: &Author) -> Rule {
        Rule::Partner(author.partner_id.clone())
    }
}

impl<D: ReadDoc> Reader<'_, D> {
    /// Every partner's role card, in the order they were first written.
    pub(crate) fn role_cards(&self) -> Vec<RoleCardView> {
        self.collection_items(ROLES, |partner| Rule::Partner(partner.to_owned()))
            .into_iter()
            .map(|(partner, card)| self.role_card(partner, &card))
            .collect()
    }

    fn role_card(&self, partner: String, card: &ObjId) -> RoleCardView {
        let own = Rule::Partner(partner.clone());
        let brings = Contribution::ALL
            .iter()
            .map(|kind| (*kind, self.text(card, &brings_key(*kind), &own)))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        let review_date = self.text(card, "review_date", &own);
        let mut fields: Vec<String> = Contribution::ALL.iter().map(|k| brings_key(*k)).collect();
        fields.extend(["responsible", "mandate", "review_date"].map(str::to_owned));
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        RoleCardView {
            brings,
            responsible: self.text(card, "responsible", &own),
            mandate: self.text(card, "mandate", &own),
            review_date: (!review_date.is_empty()).then_some(review_date),
            updated_at: self.time(card, "updated_at", &own).map(format_ms),
            conflicts: self.conflicts(card, &fields, &own),
            partner,
        }
    }

    /// Every expectation, in the order they were stated.
    pub(crate) fn expectations(&self) -> Vec<ExpectationView> {
        self.collection_items(EXPECTATIONS, |_| Rule::Member)
            .into_iter()
            .filter_map(|(id, obj)| self.expectation(id, &obj))
            .collect()
    }

    /// One expectation, if a partner's device stated it.
    pub(crate) fn expectation(&self, id: String, obj: &ObjId) -> Option<ExpectationView> {
        let from = self.trust.owner_at(&[EXPECTATIONS, &id])?.to_owned();
        let theirs = Rule::Partner(from.clone());
        let of = self.text(obj, "of", &theirs);
        if of.is_empty() {
            return None;
        }
        let answer = self
            .map(obj, "answers", &theirs)
            .and_then(|answers| self.answer(&answers, &of));
        Some(ExpectationView {
            text: self.text(obj, "text", &theirs),
            created_at: self.time(obj, "created_at", &theirs).map(format_ms),
            to_discuss: answer
                .as_ref()
                .is_none_or(|a| a.answer == Recognition::NotRecognised),
            answer,
            from,
            of,
            id,
        })
    }

    /// The answer partner `of` gave, if its device wrote it.
    fn answer(&self, answers: &ObjId, of: &str) -> Option<AnswerView> {
        let own = Rule::Partner(of.to_owned());
        let mine = self.map(answers, of, &own)?;
        Some(AnswerView {
            answer: self.text(&mine, "answer", &own).parse().ok()?,
            remark: self.text(&mine, "remark", &own),
            at: self.time(&mine, "at", &own).map(format_ms),
        })
    }
}
