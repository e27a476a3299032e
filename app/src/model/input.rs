//! Inbreng: bottlenecks and ideas from professionals, clients, managers and
//! board members, not only from the people at the table. Anyone at a
//! partner enters one, signed with a name, the role only, or anonymously;
//! other partners support it (one support per partner and role); the
//! alliance responds (new → in progress → taken up in an agreement, or not
//! taken up with a reason → done). One action turns an idea into a proposed
//! agreement, linked both ways.
//!
//! The text, kind, role and signing are the entering partner's own; a
//! support is the supporting partner's; the response is the alliance's
//! (any current partner). "Anonymous" hides the person and the
//! organisation on screen and in exports; the history still shows which
//! partner's device entered it.

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc, ScalarValue};
use serde::Serialize;

use super::alliance::{Alliance, Author, non_empty, now_ms};
use super::collections;
use super::error::ModelError;
use super::ids::{self, ITEM_ID_BYTES};
use super::kinds::{AgreementStatus, InputKind, InputRole, InputStatus, Signing};
use super::schema::{AGREEMENTS, INPUTS};
use super::trust::Rule;
use super::view::{Reader, format_ms};

/// A new piece of input.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInput {
    /// Bottleneck or idea.
    pub kind: InputKind,
    /// What it says.
    pub text: String,
    /// Where it comes from.
    pub role: InputRole,
    /// How it is signed.
    pub signing: Signing,
    /// The person's name, only when signed with a name (never a client's).
    pub name: String,
}

/// A piece of input as partners see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputView {
    /// Its id.
    pub id: String,
    /// Bottleneck or idea.
    pub kind: InputKind,
    /// What it says.
    pub text: String,
    /// Where it comes from.
    pub role: InputRole,
    /// How it is signed.
    pub signing: Signing,
    /// The person's name (signed with a name only).
    pub name: String,
    /// The partner that entered it; `None` when it is anonymous.
    pub partner: Option<String>,
    /// When it was entered (RFC 3339).
    pub created_at: Option<String>,
    /// What became of it.
    pub status: InputStatus,
    /// Why it was not taken up.
    pub reason: String,
    /// The agreement it became.
    pub agreement: Option<String>,
    /// Who supports it: `partner:role`, sorted.
    pub supports: Vec<SupportView>,
}

/// One support of a piece of input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportView {
    /// The supporting partner.
    pub partner: String,
    /// In which role.
    pub role: InputRole,
}

/// The response to a piece of input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputResponse {
    /// The new status.
    pub status: Option<InputStatus>,
    /// Why it was not taken up (required for not taken up).
    pub reason: String,
    /// The agreement it became (required for taken up): id or prefix.
    pub agreement: Option<String>,
}

impl NewInput {
    /// Checks the rules every piece of input keeps, wherever it comes from.
    pub(crate) fn check(&self) -> Result<(), ModelError> {
        non_empty(&self.text, "the input")?;
        let named = !self.name.trim().is_empty();
        if named && self.signing != Signing::Named {
            return Err(ModelError::NameWithoutNamedSigning);
        }
        if named && self.role == InputRole::Client {
            return Err(ModelError::ClientNamed);
        }
        Ok(())
    }
}

impl Alliance {
    /// Enters a piece of input; returns its id.
    pub fn add_input(&mut self, author: &Author, input: &NewInput) -> Result<String, ModelError> {
        self.add_inputs(author, std::slice::from_ref(input))
            .map(|mut ids| ids.pop().unwrap_or_default())
    }

    /// Enters several pieces of input in one change (an import): all of
    /// them or, when one breaks a rule, none.
    pub fn add_inputs(
        &mut self,
        author: &Author,
        inputs: &[NewInput],
    ) -> Result<Vec<String>, ModelError> {
        self.require_member(author)?;
        for input in inputs {
            input.check()?;
        }
        let map = self.collection_for_write(INPUTS);
        let ids: Vec<String> = inputs
            .iter()
            .map(|_| ids::random_id(ITEM_ID_BYTES))
            .collect();
        let message = match ids.as_slice() {
            [one] => format!("add input {one}"),
            many => format!("import {} pieces of input", many.len()),
        };
        self.change(author, message, |doc| {
            let map = collections::ensure(doc, map, INPUTS)?;
            for (id, input) in ids.iter().zip(inputs) {
                let obj = doc.put_object(&map, id.as_str(), ObjType::Map)?;
                doc.put(&obj, "kind", input.kind.slug())?;
                doc.put(&obj, "text", input.text.trim())?;
                doc.put(&obj, "role", input.role.slug())?;
                doc.put(&obj, "signing", input.signing.slug())?;
                doc.put(&obj, "name", input.name.trim())?;
                doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
                doc.put(&obj, "status", InputStatus::New.slug())?;
                doc.put_object(&obj, "supports", ObjType::Map)?;
            }
            Ok(())
        })?;
        Ok(ids)
    }

    /// Supports a piece of input for the author's organisation, in `role`.
    pub fn support_input(
        &mut self,
        author: &Author,
        query: &str,
        role: InputRole,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj, _) = self.find_input(query)?;
        let supports = self.input_map(&id, &obj, "supports")?;
        let key = format!("{}:{}", author.partner_id, role.slug());
        self.change(author, format!("support input {id}"), |doc| {
            doc.put(&supports, key.as_str(), ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })
    }

    /// Records what became of a piece of input. Taken up needs the
    /// agreement it became, not taken up a reason; done follows either.
    pub fn respond_to_input(
        &mut self,
        author: &Author,
        query: &str,
        response: &InputResponse,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj, view) = self.find_input(query)?;
        let status = response.status.unwrap_or(view.status);
        let reason = response.reason.trim();
        let agreement = match &response.agreement {
            Some(query) => Some(self.find_item(AGREEMENTS, "agreement", query)?.0),
            None => view.agreement.clone(),
        };
        match status {
            InputStatus::New if view.status != InputStatus::New => {
                return Err(ModelError::InputBackToNew);
            }
            InputStatus::TakenUp if agreement.is_none() => {
                return Err(ModelError::TakenUpWithoutAgreement);
            }
            InputStatus::NotTakenUp if reason.is_empty() => {
                return Err(ModelError::Empty("the reason"));
            }
            InputStatus::Done
                if !matches!(view.status, InputStatus::TakenUp | InputStatus::NotTakenUp) =>
            {
                return Err(ModelError::DoneBeforeAnswer);
            }
            _ => {}
        }
        self.change(author, format!("respond to input {id}: {status}"), |doc| {
            doc.put(&obj, "status", status.slug())?;
            if !reason.is_empty() {
                doc.put(&obj, "reason", reason)?;
            }
            if let Some(agreement) = &agreement {
                doc.put(&obj, "agreement", agreement.as_str())?;
            }
            Ok(())
        })
    }

    /// Turns a piece of input into a proposed agreement, linked both ways;
    /// returns the agreement's id.
    pub fn promote_input(&mut self, author: &Author, query: &str) -> Result<String, ModelError> {
        self.require_member(author)?;
        let (id, obj, view) = self.find_input(query)?;
        if let Some(agreement) = view.agreement {
            return Err(ModelError::InputPromotedAlready(agreement));
        }
        let agreements = self.root_map(AGREEMENTS)?;
        let agreement = ids::random_id(ITEM_ID_BYTES);
        let title = title_of(&view.text);
        let body = format!(
            "{}\n\n({} uit de inbreng, van: {})",
            view.text,
            view.kind.label_nl(),
            view.role.label_nl().to_lowercase()
        );
        let message = format!("promote input {id} to agreement {agreement}: {title}");
        self.change(author, message, |doc| {
            let new = doc.put_object(&agreements, agreement.as_str(), ObjType::Map)?;
            doc.put(&new, "title", title.as_str())?;
            let body_obj = doc.put_object(&new, "body", ObjType::Text)?;
            doc.update_text(&body_obj, &body)?;
            doc.put(&new, "status", AgreementStatus::Proposed.slug())?;
            doc.put_object(&new, "owners", ObjType::Map)?;
            doc.put_object(&new, "positions", ObjType::Map)?;
            doc.put(&new, "created_by", author.partner_id.as_str())?;
            doc.put(&new, "created_at", ScalarValue::Timestamp(now_ms()))?;
            doc.put(&new, "from_input", id.as_str())?;
            doc.put(&obj, "status", InputStatus::TakenUp.slug())?;
            doc.put(&obj, "agreement", agreement.as_str())?;
            Ok(())
        })?;
        Ok(agreement)
    }

    fn find_input(&self, query: &str) -> Result<(String, ObjId, InputView), ModelError> {
        let (id, obj) = self.find_in_collection(INPUTS, "input", query, |_| Rule::Member)?;
        let view = self
            .reader(|r| r.input(id.clone(), &obj))
            .ok_or(ModelError::NotFound {
                what: "input",
                query: query.to_owned(),
            })?;
        Ok((id, obj, view))
    }

    fn input_map(&self, id: &str, obj: &ObjId, key: &str) -> Result<ObjId, ModelError> {
        let owner = self.reader(|r| r.trust.owner_at(&[INPUTS, id]).map(str::to_owned));
        let rule = Rule::Partner(owner.unwrap_or_default());
        self.reader(|r| r.map(obj, key, &rule))
            .ok_or_else(|| ModelError::NotAnAlliance(format!("the {key} map of input is missing")))
    }
}

/// An agreement's title from the input's text: its first line, at most
/// about eighty characters, cut at a word.
fn title_of(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= 80 {
        return line.to_owned();
    }
    let cut: String = line.chars().take(80).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{at_word}…")
}

impl<D: ReadDoc> Reader<'_, D> {
    /// Every piece of input, oldest first.
    pub(crate) fn inputs(&self) -> Vec<InputView> {
        self.collection_items(INPUTS, |_| Rule::Member)
            .into_iter()
            .filter_map(|(id, obj)| self.input(id, &obj))
            .collect()
    }

    /// One piece of input, if a partner's device entered it.
    pub(crate) fn input(&self, id: String, obj: &ObjId) -> Option<InputView> {
        let owner = self.trust.owner_at(&[INPUTS, &id])?.to_owned();
        let own = Rule::Partner(owner.clone());
        let kind = self.text(obj, "kind", &own).parse().ok()?;
        let role = self.text(obj, "role", &own).parse().ok()?;
        let signing: Signing = self
            .text(obj, "signing", &own)
            .parse()
            .unwrap_or(Signing::Anonymous);
        let agreement = self.text(obj, "agreement", &Rule::Member);
        Some(InputView {
            text: self.text(obj, "text", &own),
            name: match signing {
                Signing::Named => self.text(obj, "name", &own),
                _ => String::new(),
            },
            partner: (signing != Signing::Anonymous).then_some(owner.clone()),
            created_at: self.time(obj, "created_at", &own).map(format_ms),
            status: self
                .text(obj, "status", &Rule::Member)
                .parse()
                .unwrap_or(InputStatus::New),
            reason: self.text(obj, "reason", &Rule::Member),
            agreement: (!agreement.is_empty()).then_some(agreement),
            supports: self.supports(obj, &own),
            kind,
            role,
            signing,
            id,
        })
    }

    fn supports(&self, obj: &ObjId, owner: &Rule) -> Vec<SupportView> {
        let Some(map) = self.map(obj, "supports", owner) else {
            return Vec::new();
        };
        let mut supports: Vec<SupportView> = self
            .trust
            .keys(self.doc, self.at, &map)
            .into_iter()
            .filter_map(|key| {
                let (partner, role) = key.split_once(':')?;
                let rule = Rule::Partner(partner.to_owned());
                self.scalar(&map, &key, &rule)?;
                Some(SupportView {
                    partner: partner.to_owned(),
                    role: role.parse().ok()?,
                })
            })
            .collect();
        supports.sort_by(|a, b| (&a.partner, a.role).cmp(&(&b.partner, b.role)));
        supports
    }
}
