//! The collaboratively edited texts of an alliance (the shared ambition and
//! each agreement's body), for editors that write every keystroke into the
//! document and keep their caret in place while other partners' edits
//! arrive.

use automerge::{Cursor, ObjId, ObjType, ROOT, ReadDoc, transaction::Transactable};

use super::read::{self, At};
use super::schema::{AGREEMENTS, AMBITION};
use super::{Alliance, Author, ModelError};

/// One collaborative text of an alliance.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TextField {
    /// The shared ambition.
    Ambition,
    /// The body of the agreement with this id.
    AgreementBody(String),
}

/// A position in a text that stays with its character while other edits
/// insert or delete text before it.
#[derive(Debug, Clone, PartialEq)]
pub struct TextAnchor(Cursor);

impl Alliance {
    fn text_field_obj(&self, field: &TextField) -> Option<ObjId> {
        let doc = self.document();
        let (parent, key) = match field {
            TextField::Ambition => (read::map_at(doc, At::Now, &ROOT, AMBITION)?, "text"),
            TextField::AgreementBody(id) => {
                let agreements = read::map_at(doc, At::Now, &ROOT, AGREEMENTS)?;
                (read::map_at(doc, At::Now, &agreements, id)?, "body")
            }
        };
        read::object_at(doc, At::Now, &parent, key, ObjType::Text)
    }

    /// The text as it is now (empty when the field does not exist), with
    /// any citizen service number masked.
    pub fn text(&self, field: &TextField) -> String {
        let text = self
            .text_field_obj(field)
            .and_then(|obj| self.document().text(&obj).ok())
            .unwrap_or_default();
        super::privacy::mask(&text).into_owned()
    }

    /// Replaces the text with `new_text` exactly as typed (no trimming), as
    /// the smallest set of insertions and deletions, so that concurrent
    /// edits elsewhere in the text survive. Does nothing when unchanged.
    pub fn edit_text(
        &mut self,
        author: &Author,
        field: &TextField,
        new_text: &str,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let obj = self
            .text_field_obj(field)
            .ok_or_else(|| ModelError::NotFound {
                what: "text",
                query: format!("{field:?}"),
            })?;
        if self.document().text(&obj).is_ok_and(|t| t == new_text) {
            return Ok(());
        }
        let message = match field {
            TextField::Ambition => "edit shared ambition".to_owned(),
            TextField::AgreementBody(id) => format!("edit agreement {id}: body"),
        };
        self.change(author, message, |doc| doc.update_text(&obj, new_text))
    }

    /// An anchor at character `position` of the text.
    pub fn anchor(&self, field: &TextField, position: usize) -> Option<TextAnchor> {
        let obj = self.text_field_obj(field)?;
        let length = self.document().length(&obj);
        if position >= length {
            // The end of the text has no character to stick to.
            return None;
        }
        self.document()
            .get_cursor(&obj, position, None)
            .ok()
            .map(TextAnchor)
    }

    /// Where the anchor's character is now, in characters; `None` when the
    /// text is gone.
    pub fn anchor_position(&self, field: &TextField, anchor: &TextAnchor) -> Option<usize> {
        let obj = self.text_field_obj(field)?;
        self.document()
            .get_cursor_position(&obj, &anchor.0, None)
            .ok()
    }
}
