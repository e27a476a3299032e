//! The intended effects of the shared ambition: added, edited and removed
//! by any current partner; the history keeps every version.

use automerge::transaction::Transactable;
use automerge::{ObjType, ScalarValue};

use super::alliance::{Alliance, Author, non_empty, now_ms};
use super::error::ModelError;
use super::ids::{self, ITEM_ID_BYTES};
use super::read::{self, At};
use super::schema::*;

/// What to add as an intended effect of the shared ambition.
#[derive(Debug, Clone, Default)]
pub struct NewEffect {
    /// The intended societal effect.
    pub text: String,
    /// How we notice it.
    pub indicator: String,
    /// The target.
    pub target: String,
}

impl Alliance {
    /// Adds an intended effect; returns its id.
    pub fn add_effect(
        &mut self,
        author: &Author,
        effect: &NewEffect,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let text = non_empty(&effect.text, "the effect")?;
        let ambition = self.root_map(AMBITION)?;
        let effects = self.map(&ambition, "effects")?;
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("add effect {id}: {text}"), |doc| {
            let obj = doc.put_object(&effects, id.as_str(), ObjType::Map)?;
            doc.put(&obj, "text", text)?;
            doc.put(&obj, "indicator", effect.indicator.trim())?;
            doc.put(&obj, "target", effect.target.trim())?;
            doc.put(&obj, "created_by", author.partner_id.as_str())?;
            doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Changes an intended effect (id or unique prefix); every field is
    /// replaced by `effect`'s.
    pub fn edit_effect(
        &mut self,
        author: &Author,
        query: &str,
        effect: &NewEffect,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let text = non_empty(&effect.text, "the effect")?;
        let (id, obj) = self.find_effect(query)?;
        self.change(author, format!("edit effect {id}: {text}"), |doc| {
            doc.put(&obj, "text", text)?;
            doc.put(&obj, "indicator", effect.indicator.trim())?;
            doc.put(&obj, "target", effect.target.trim())?;
            Ok(())
        })
    }

    /// Removes an intended effect (id or unique prefix); the history keeps
    /// it.
    pub fn remove_effect(&mut self, author: &Author, query: &str) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, _) = self.find_effect(query)?;
        let effects = self.effects_map()?;
        self.change(author, format!("remove effect {id}"), |doc| {
            doc.delete(&effects, id.as_str())?;
            Ok(())
        })
    }

    fn effects_map(&self) -> Result<automerge::ObjId, ModelError> {
        let ambition = self.root_map(AMBITION)?;
        self.map(&ambition, "effects")
    }

    /// An effect by id or unique id prefix.
    pub(crate) fn find_effect(
        &self,
        query: &str,
    ) -> Result<(String, automerge::ObjId), ModelError> {
        let effects = self.effects_map()?;
        let candidates: Vec<(String, Option<String>)> =
            read::keys_at(self.document(), At::Now, &effects)
                .into_iter()
                .map(|k| (k, None))
                .collect();
        let id = ids::resolve("effect", query, &candidates)?;
        let obj =
            read::map_at(self.document(), At::Now, &effects, &id).ok_or(ModelError::NotFound {
                what: "effect",
                query: query.to_owned(),
            })?;
        Ok((id, obj))
    }
}
