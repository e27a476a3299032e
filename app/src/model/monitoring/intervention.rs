//! Interventions: what partners do to bring the effects about — a title,
//! the responsible partners, the agreements and effects it serves, the
//! assumption ("we verwachten dat … omdat …"), start and end, its status
//! and milestones. Delivery is kept apart from effect: finishing an
//! intervention says nothing about whether it worked; the indicators do.
//! Interventions are the alliance's: any current partner edits them.

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc, ScalarValue};
use serde::Serialize;

use super::kinds::InterventionStatus;
use crate::model::alliance::{Alliance, Author, non_empty, now_ms, replace_set};
use crate::model::collections;
use crate::model::dates::parse_date;
use crate::model::error::ModelError;
use crate::model::ids::{self, ITEM_ID_BYTES};
use crate::model::schema::{AGREEMENTS, INTERVENTIONS};
use crate::model::trust::Rule;
use crate::model::view::{Reader, format_ms};

/// An intervention's fields as written; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InterventionEdit {
    /// Its title.
    pub title: Option<String>,
    /// What is done.
    pub description: Option<String>,
    /// The responsible partners (ids, prefixes or names); replaces them.
    pub partners: Option<Vec<String>>,
    /// The agreements it carries out (ids or prefixes); replaces them.
    pub agreements: Option<Vec<String>>,
    /// The effects it serves (ids or prefixes); replaces them.
    pub effects: Option<Vec<String>>,
    /// "We verwachten dat … omdat …".
    pub assumption: Option<String>,
    /// When it starts (as people type dates).
    pub start: Option<String>,
    /// When it ends.
    pub end: Option<String>,
    /// Where delivery stands.
    pub status: Option<InterventionStatus>,
}

/// An intervention as partners see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterventionView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What is done.
    pub description: String,
    /// The responsible partners, sorted.
    pub partners: Vec<String>,
    /// The agreements it carries out, sorted.
    pub agreements: Vec<String>,
    /// The effects it serves, sorted.
    pub effects: Vec<String>,
    /// The assumption.
    pub assumption: String,
    /// When it starts (`YYYY-MM-DD`).
    pub start: String,
    /// When it ends (`YYYY-MM-DD`).
    pub end: String,
    /// Where delivery stands.
    pub status: InterventionStatus,
    /// Its milestones, by date.
    pub milestones: Vec<MilestoneView>,
}

/// A milestone of an intervention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneView {
    /// Its id.
    pub id: String,
    /// When (`YYYY-MM-DD`).
    pub date: String,
    /// What.
    pub title: String,
    /// A note.
    pub note: String,
    /// When it was added (RFC 3339).
    pub created_at: Option<String>,
}

/// The checked sets and dates of an edit.
struct Checked {
    partners: Option<Vec<String>>,
    agreements: Option<Vec<String>>,
    effects: Option<Vec<String>>,
    start: Option<String>,
    end: Option<String>,
}

impl Alliance {
    /// Adds an intervention; returns its id.
    pub fn add_intervention(
        &mut self,
        author: &Author,
        edit: &InterventionEdit,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let title = non_empty(edit.title.as_deref().unwrap_or_default(), "the title")?.to_owned();
        let checked = self.check_intervention(edit, None)?;
        let map = self.collection_for_write(INTERVENTIONS);
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("add intervention {id}: {title}"), |doc| {
            let map = collections::ensure(doc, map, INTERVENTIONS)?;
            let obj = doc.put_object(&map, id.as_str(), ObjType::Map)?;
            for set in ["partners", "agreements", "effects"] {
                doc.put_object(&obj, set, ObjType::Map)?;
            }
            doc.put_object(&obj, "milestones", ObjType::Map)?;
            doc.put(&obj, "status", InterventionStatus::Planned.slug())?;
            doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
            write(doc, &obj, edit, &checked)
        })?;
        Ok(id)
    }

    /// Changes an intervention; fields not given stay as they are.
    pub fn edit_intervention(
        &mut self,
        author: &Author,
        query: &str,
        edit: &InterventionEdit,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        if let Some(title) = &edit.title {
            non_empty(title, "the title")?;
        }
        let (id, obj, current) = self.find_intervention(query)?;
        let checked = self.check_intervention(edit, Some(&current))?;
        self.change(author, format!("edit intervention {id}"), |doc| {
            write(doc, &obj, edit, &checked)
        })
    }

    /// Adds a milestone to an intervention; returns its id.
    pub fn add_milestone(
        &mut self,
        author: &Author,
        query: &str,
        date: &str,
        title: &str,
        note: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let title = non_empty(title, "the title")?;
        let date = parse_date(date)?;
        let (intervention, obj, _) = self.find_intervention(query)?;
        let milestones = self
            .reader(|r| r.map(&obj, "milestones", &Rule::Member))
            .ok_or_else(|| ModelError::NotAnAlliance("an intervention has no milestones".into()))?;
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(
            author,
            format!("add milestone to intervention {intervention}"),
            |doc| {
                let m = doc.put_object(&milestones, id.as_str(), ObjType::Map)?;
                doc.put(&m, "date", date.as_str())?;
                doc.put(&m, "title", title)?;
                doc.put(&m, "note", note.trim())?;
                doc.put(&m, "created_at", ScalarValue::Timestamp(now_ms()))?;
                Ok(())
            },
        )?;
        Ok(id)
    }

    /// Resolves an edit's partners, agreements and effects, and reads its
    /// dates; the end may not come before the start.
    fn check_intervention(
        &self,
        edit: &InterventionEdit,
        current: Option<&InterventionView>,
    ) -> Result<Checked, ModelError> {
        let partners = edit
            .partners
            .as_ref()
            .map(|p| self.resolve_partners(p))
            .transpose()?;
        let agreements = edit
            .agreements
            .as_ref()
            .map(|list| {
                list.iter()
                    .map(|q| self.find_item(AGREEMENTS, "agreement", q).map(|(id, _)| id))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let effects = edit
            .effects
            .as_ref()
            .map(|list| {
                list.iter()
                    .map(|q| self.find_effect(q).map(|(id, _)| id))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let start = edit.start.as_deref().map(parse_date).transpose()?;
        let end = edit.end.as_deref().map(parse_date).transpose()?;
        let start_now = start.clone().or_else(|| current.map(|c| c.start.clone()));
        let end_now = end.clone().or_else(|| current.map(|c| c.end.clone()));
        if let (Some(s), Some(e)) = (&start_now, &end_now)
            && !s.is_empty()
            && !e.is_empty()
            && e < s
        {
            return Err(ModelError::EndsBeforeStart);
        }
        Ok(Checked {
            partners,
            agreements,
            effects,
            start,
            end,
        })
    }

    pub(crate) fn find_intervention(
        &self,
        query: &str,
    ) -> Result<(String, ObjId, InterventionView), ModelError> {
        let (id, obj) =
            self.find_in_collection(INTERVENTIONS, "intervention", query, |_| Rule::Member)?;
        let view =
            self.reader(|r| r.intervention(id.clone(), &obj))
                .ok_or(ModelError::NotFound {
                    what: "intervention",
                    query: query.to_owned(),
                })?;
        Ok((id, obj, view))
    }
}

/// Writes an edit's fields into intervention `obj`.
fn write(
    doc: &mut automerge::AutoCommit,
    obj: &ObjId,
    edit: &InterventionEdit,
    checked: &Checked,
) -> Result<(), automerge::AutomergeError> {
    for (key, value) in [
        ("title", &edit.title),
        ("description", &edit.description),
        ("assumption", &edit.assumption),
        ("start", &checked.start),
        ("end", &checked.end),
    ] {
        if let Some(value) = value {
            doc.put(obj, key, value.trim())?;
        }
    }
    if let Some(status) = edit.status {
        doc.put(obj, "status", status.slug())?;
    }
    for (key, wanted) in [
        ("partners", &checked.partners),
        ("agreements", &checked.agreements),
        ("effects", &checked.effects),
    ] {
        if let Some(wanted) = wanted {
            let set = match doc.get(obj, key)? {
                Some((automerge::Value::Object(ObjType::Map), set)) => set,
                _ => doc.put_object(obj, key, ObjType::Map)?,
            };
            replace_set(doc, &set, wanted)?;
        }
    }
    Ok(())
}

impl<D: ReadDoc> Reader<'_, D> {
    /// Every intervention, oldest first.
    pub(crate) fn interventions(&self) -> Vec<InterventionView> {
        self.collection_items(INTERVENTIONS, |_| Rule::Member)
            .into_iter()
            .filter_map(|(id, obj)| self.intervention(id, &obj))
            .collect()
    }

    /// One intervention.
    pub(crate) fn intervention(&self, id: String, obj: &ObjId) -> Option<InterventionView> {
        let member = Rule::Member;
        let title = self.text(obj, "title", &member);
        if title.is_empty() {
            return None;
        }
        let mut milestones: Vec<MilestoneView> = self
            .items(self.map(obj, "milestones", &member), |_| Rule::Member)
            .into_iter()
            .map(|(mid, m)| MilestoneView {
                date: self.text(&m, "date", &member),
                title: self.text(&m, "title", &member),
                note: self.text(&m, "note", &member),
                created_at: self.time(&m, "created_at", &member).map(format_ms),
                id: mid,
            })
            .collect();
        milestones.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
        Some(InterventionView {
            description: self.text(obj, "description", &member),
            partners: self.key_set(obj, "partners"),
            agreements: self.key_set(obj, "agreements"),
            effects: self.key_set(obj, "effects"),
            assumption: self.text(obj, "assumption", &member),
            start: self.text(obj, "start", &member),
            end: self.text(obj, "end", &member),
            status: self
                .text(obj, "status", &member)
                .parse()
                .unwrap_or(InterventionStatus::Planned),
            milestones,
            title,
            id,
        })
    }

    /// The keys of a `{key: true}` set that any current partner writes.
    fn key_set(&self, obj: &ObjId, key: &str) -> Vec<String> {
        let Some(set) = self.map(obj, key, &Rule::Member) else {
            return Vec::new();
        };
        let mut keys: Vec<String> = crate::model::read::keys_at(self.doc, self.at, &set)
            .into_iter()
            .filter(|k| self.scalar(&set, k, &Rule::Member).is_some())
            .collect();
        keys.sort();
        keys
    }
}
