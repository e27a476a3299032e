//! The effect conversation (*effectgesprek*): a review per period. For each
//! indicator its latest figure against the target is read from the
//! indicators; each partner answers three prompts — wat zien we, wat
//! verklaart het, wat stellen we bij — in its own words (the client
//! organisations' view is shown first); and per intervention the alliance
//! decides: doorgaan, bijstellen or stoppen. Bijstellen reopens the
//! agreements the intervention carries out as proposed, with one action.

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc, ScalarValue};
use serde::Serialize;

use super::kinds::{Prompt, ReviewDecision};
use super::period::Period;
use crate::model::alliance::{Alliance, Author, now_ms};
use crate::model::collections;
use crate::model::error::ModelError;
use crate::model::ids::{self, ITEM_ID_BYTES};
use crate::model::kinds::{AgreementStatus, PartnerKind};
use crate::model::schema::{AGREEMENTS, REVIEWS};
use crate::model::trust::Rule;
use crate::model::view::{Reader, format_ms};

/// A review as partners see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewView {
    /// Its id.
    pub id: String,
    /// The period it looks back on.
    pub period: String,
    /// When it was opened (RFC 3339).
    pub created_at: Option<String>,
    /// Each partner's answers to the prompts, client organisations first.
    pub answers: Vec<PromptAnswer>,
    /// The decision per intervention.
    pub decisions: Vec<DecisionView>,
}

/// One partner's answer to one prompt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PromptAnswer {
    /// The partner.
    pub partner: String,
    /// The prompt.
    pub prompt: Prompt,
    /// The answer.
    pub text: String,
}

/// What the review decided about an intervention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionView {
    /// The intervention.
    pub intervention: String,
    /// Continue, adjust or stop.
    pub decision: ReviewDecision,
    /// Why.
    pub note: String,
    /// When (RFC 3339).
    pub at: Option<String>,
}

impl Alliance {
    /// Opens a review of `period`; returns its id.
    pub fn open_review(&mut self, author: &Author, period: &str) -> Result<String, ModelError> {
        self.require_member(author)?;
        let period = Period::parse(period).map_err(|e| ModelError::BadPeriod(e.0))?;
        let map = self.collection_for_write(REVIEWS);
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(
            author,
            format!("open review {id} of {}", period.text),
            |doc| {
                let map = collections::ensure(doc, map, REVIEWS)?;
                let obj = doc.put_object(&map, id.as_str(), ObjType::Map)?;
                doc.put(&obj, "period", period.text.as_str())?;
                doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
                doc.put_object(&obj, "answers", ObjType::Map)?;
                doc.put_object(&obj, "decisions", ObjType::Map)?;
                Ok(())
            },
        )?;
        Ok(id)
    }

    /// Records the author's organisation's answer to a prompt.
    pub fn answer_prompt(
        &mut self,
        author: &Author,
        review: &str,
        prompt: Prompt,
        text: &str,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let text = crate::model::alliance::non_empty(text, "the answer")?;
        let (id, obj) = self.find_review(review)?;
        let answers = self.review_map(&id, &obj, "answers")?;
        let key = format!("{}:{}", author.partner_id, prompt.slug());
        self.change(author, format!("answer review {id}: {prompt}"), |doc| {
            doc.put(&answers, key.as_str(), text)?;
            Ok(())
        })
    }

    /// Records the decision about an intervention. Adjusting reopens the
    /// agreed agreements it carries out as proposed, in the same change.
    pub fn decide_in_review(
        &mut self,
        author: &Author,
        review: &str,
        intervention: &str,
        decision: ReviewDecision,
        note: &str,
    ) -> Result<Vec<String>, ModelError> {
        self.require_member(author)?;
        let (id, obj) = self.find_review(review)?;
        let (intervention, _, found) = self.find_intervention(intervention)?;
        let decisions = self.review_map(&id, &obj, "decisions")?;
        let reopen: Vec<(String, ObjId)> = if decision == ReviewDecision::Adjust {
            found
                .agreements
                .iter()
                .filter_map(|a| self.find_item(AGREEMENTS, "agreement", a).ok())
                .filter(|(_, obj)| {
                    crate::model::read::str(self.document(), obj, "status")
                        .is_some_and(|s| s == AgreementStatus::Agreed.slug())
                })
                .collect()
        } else {
            Vec::new()
        };
        let message = format!("review {id}: {decision} intervention {intervention}");
        self.change(author, message, |doc| {
            let d = doc.put_object(&decisions, intervention.as_str(), ObjType::Map)?;
            doc.put(&d, "decision", decision.slug())?;
            doc.put(&d, "note", note.trim())?;
            doc.put(&d, "at", ScalarValue::Timestamp(now_ms()))?;
            for (_, agreement) in &reopen {
                doc.put(agreement, "status", AgreementStatus::Proposed.slug())?;
            }
            Ok(())
        })?;
        Ok(reopen.into_iter().map(|(id, _)| id).collect())
    }

    fn find_review(&self, query: &str) -> Result<(String, ObjId), ModelError> {
        self.find_in_collection(REVIEWS, "review", query, |_| Rule::Member)
    }

    fn review_map(&self, id: &str, obj: &ObjId, key: &str) -> Result<ObjId, ModelError> {
        let opener = self.reader(|r| r.trust.owner_at(&[REVIEWS, id]).map(str::to_owned));
        let rule = Rule::Partner(opener.unwrap_or_default());
        self.reader(|r| r.map(obj, key, &rule))
            .ok_or_else(|| ModelError::NotAnAlliance(format!("a review has no {key} map")))
    }
}

impl<D: ReadDoc> Reader<'_, D> {
    /// Every review, oldest first.
    pub(crate) fn reviews(&self) -> Vec<ReviewView> {
        let client_first: Vec<String> = self
            .partners()
            .into_iter()
            .filter(|p| p.kind == PartnerKind::Clientenorganisatie.slug())
            .map(|p| p.id)
            .collect();
        self.collection_items(REVIEWS, |_| Rule::Member)
            .into_iter()
            .filter_map(|(id, obj)| self.review(id, &obj, &client_first))
            .collect()
    }

    fn review(&self, id: String, obj: &ObjId, client_first: &[String]) -> Option<ReviewView> {
        let opener = Rule::Partner(self.trust.owner_at(&[REVIEWS, &id])?.to_owned());
        let period = self.text(obj, "period", &opener);
        if period.is_empty() {
            return None;
        }
        let mut answers = Vec::new();
        if let Some(map) = self.map(obj, "answers", &opener) {
            for key in self.trust.keys(self.doc, self.at, &map) {
                let Some((partner, prompt)) = key.split_once(':') else {
                    continue;
                };
                let Ok(prompt) = prompt.parse::<Prompt>() else {
                    continue;
                };
                let text = self.text(&map, &key, &Rule::Partner(partner.to_owned()));
                if !text.is_empty() {
                    answers.push(PromptAnswer {
                        partner: partner.to_owned(),
                        prompt,
                        text,
                    });
                }
            }
        }
        answers.sort_by_key(|a| {
            (
                a.prompt,
                !client_first.contains(&a.partner),
                a.partner.clone(),
            )
        });
        let decisions = self
            .items(self.map(obj, "decisions", &opener), |_| Rule::Member)
            .into_iter()
            .filter_map(|(intervention, d)| {
                Some(DecisionView {
                    decision: self.text(&d, "decision", &Rule::Member).parse().ok()?,
                    note: self.text(&d, "note", &Rule::Member),
                    at: self.time(&d, "at", &Rule::Member).map(format_ms),
                    intervention,
                })
            })
            .collect();
        Some(ReviewView {
            created_at: self.time(obj, "created_at", &opener).map(format_ms),
            answers,
            decisions,
            period,
            id,
        })
    }
}
