//! Root collections added after alliances already existed (role cards,
//! expectations, course checks, input from the work floor, indicators,
//! interventions, effect reviews, meetings). A new alliance makes them at its founding; an older one
//! gets each with the first write into it. Two replicas that both make one
//! before they sync hold two maps under the same key, so readers take the
//! items of every map there that a partner made, and nobody's replacing or
//! deleting one counts (see `Rule::Collection`).

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, Value};

use super::alliance::Alliance;
use super::error::ModelError;
use super::ids;
use super::read::At;
use super::schema::{
    COURSECHECKS, EXPECTATIONS, INDICATORS, INPUTS, INTERVENTIONS, MEETINGS, REVIEWS, ROLES,
};
use super::trust::{Found, Rule};
use super::view::{Reader, creation_order};

/// The collections added after the founding, in the order they came.
pub(crate) const LATER: [&str; 8] = [
    ROLES,
    EXPECTATIONS,
    COURSECHECKS,
    INPUTS,
    INDICATORS,
    INTERVENTIONS,
    REVIEWS,
    MEETINGS,
];

impl<D: ReadDoc> Reader<'_, D> {
    /// Every map of collection `key` that counts, oldest first.
    pub(crate) fn collection(&self, key: &str) -> Vec<ObjId> {
        let values = match self.at {
            At::Now => self.doc.get_all(ROOT, key),
            At::Heads(heads) => self.doc.get_all_at(ROOT, key, heads),
        }
        .unwrap_or_default();
        let mut maps: Vec<ObjId> = values
            .into_iter()
            .filter(|(value, id)| {
                matches!(value, Value::Object(ObjType::Map))
                    && self.trust.allows(&Rule::Collection, id)
            })
            .map(|(_, id)| id)
            .collect();
        if maps.is_empty()
            && let Some((Found::Object(ObjType::Map), id)) = self.get(&ROOT, key, &Rule::Collection)
        {
            maps.push(id);
        }
        maps.sort_by_key(creation_order);
        maps
    }

    /// The items of collection `key` across all its maps, in the order
    /// they were created; an id in more than one map is read from the
    /// latest.
    pub(crate) fn collection_items(
        &self,
        key: &str,
        rule: impl Fn(&str) -> Rule,
    ) -> Vec<(String, ObjId)> {
        let mut items: Vec<(String, ObjId)> = Vec::new();
        for map in self.collection(key).into_iter().rev() {
            for (id, obj) in self.items(Some(map), &rule) {
                if !items.iter().any(|(seen, _)| *seen == id) {
                    items.push((id, obj));
                }
            }
        }
        items.sort_by_key(|(_, obj)| creation_order(obj));
        items
    }
}

impl Alliance {
    /// The map of collection `key` to write into: the latest that counts,
    /// or `None` when the alliance has none yet.
    pub(crate) fn collection_for_write(&self, key: &str) -> Option<ObjId> {
        self.reader(|r| r.collection(key).pop())
    }

    /// An item of collection `key` by id or unique prefix, with its object.
    pub(crate) fn find_in_collection(
        &self,
        key: &str,
        what: &'static str,
        query: &str,
        rule: impl Fn(&str) -> Rule,
    ) -> Result<(String, ObjId), ModelError> {
        let items = self.reader(|r| r.collection_items(key, rule));
        let candidates: Vec<(String, Option<String>)> =
            items.iter().map(|(id, _)| (id.clone(), None)).collect();
        let id = ids::resolve(what, query, &candidates)?;
        items
            .into_iter()
            .find(|(item, _)| *item == id)
            .ok_or(ModelError::NotFound {
                what,
                query: query.to_owned(),
            })
    }
}

/// The map `existing`, or a new one made under `key` in this change.
pub(crate) fn ensure(
    doc: &mut AutoCommit,
    existing: Option<ObjId>,
    key: &str,
) -> Result<ObjId, automerge::AutomergeError> {
    match existing {
        Some(map) => Ok(map),
        None => doc.put_object(ROOT, key, ObjType::Map),
    }
}
