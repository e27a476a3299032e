//! A text box over one of the alliance's collaborative texts: every change
//! is written into the document as it is typed, and when other partners'
//! edits arrive the caret stays on the character it was on.

use egui::text::{CCursor, CCursorRange};
use egui::text_edit::TextEditState;

use super::backend::Backend;
use super::state::AllianceState;
use crate::model::{Author, ModelError, TextAnchor, TextField};

/// The collaborative text that has the keyboard focus, so that its caret
/// can be carried across merges.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FocusedText {
    /// The alliance id.
    pub(crate) alliance: String,
    /// The text.
    pub(crate) field: TextField,
    /// The text box's widget id.
    pub(crate) widget: egui::Id,
}

/// One end of a selection, anchored in the document.
struct CaretAnchor {
    anchor: Option<TextAnchor>,
    at_end: bool,
}

/// Anchors of the focused text box's selection, taken before a merge.
pub(crate) struct SelectionAnchors {
    primary: CaretAnchor,
    secondary: CaretAnchor,
}

impl FocusedText {
    /// Anchors the current selection in the document, before merging.
    pub(crate) fn anchor(
        &self,
        ctx: &egui::Context,
        state: &AllianceState,
    ) -> Option<SelectionAnchors> {
        let range = TextEditState::load(ctx, self.widget)?.cursor.char_range()?;
        let length = state.alliance().text(&self.field).chars().count();
        let caret = |index: usize| CaretAnchor {
            anchor: state.alliance().anchor(&self.field, index),
            at_end: index >= length,
        };
        Some(SelectionAnchors {
            primary: caret(range.primary.index.0),
            secondary: caret(range.secondary.index.0),
        })
    }

    /// Puts the selection back on its characters after a merge.
    pub(crate) fn restore(
        &self,
        ctx: &egui::Context,
        state: &AllianceState,
        anchors: &SelectionAnchors,
    ) {
        let Some(mut edit_state) = TextEditState::load(ctx, self.widget) else {
            return;
        };
        let length = state.alliance().text(&self.field).chars().count();
        let position = |caret: &CaretAnchor| {
            if caret.at_end {
                return length;
            }
            caret
                .anchor
                .as_ref()
                .and_then(|a| state.alliance().anchor_position(&self.field, a))
                .unwrap_or(length)
                .min(length)
        };
        edit_state.cursor.set_char_range(Some(CCursorRange::two(
            CCursor::new(position(&anchors.secondary)),
            CCursor::new(position(&anchors.primary)),
        )));
        edit_state.store(ctx, self.widget);
    }
}

/// A labelled, multi-line editor of one collaborative text.
pub(crate) struct CollaborativeEditor {
    field: TextField,
    buffer: String,
}

impl CollaborativeEditor {
    /// An editor of `field`.
    pub(crate) fn new(field: TextField) -> CollaborativeEditor {
        CollaborativeEditor {
            field,
            buffer: String::new(),
        }
    }

    /// Shows the editor. Typing is written into the document at once;
    /// `focused` is set while the editor has the keyboard focus.
    pub(crate) fn show(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        state: &mut AllianceState,
        editing: Option<(&Backend, &Author)>,
        focused: &mut Option<FocusedText>,
    ) -> Result<(), ModelError> {
        let current = state.alliance().text(&self.field);
        if current != self.buffer {
            self.buffer = current;
        }
        let label = ui.label(label);
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut self.buffer)
                    .desired_rows(6)
                    .desired_width(f32::INFINITY)
                    .interactive(editing.is_some()),
            )
            .labelled_by(label.id);
        let this = FocusedText {
            alliance: state.id().to_owned(),
            field: self.field.clone(),
            widget: response.id,
        };
        if response.has_focus() {
            *focused = Some(this);
        } else if focused.as_ref() == Some(&this) {
            *focused = None;
        }
        match editing {
            Some((backend, author)) if response.changed() => {
                let text = self.buffer.clone();
                let field = self.field.clone();
                state.edit(backend, |alliance| {
                    alliance.edit_text(author, &field, &text)
                })
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use automerge::{ActorId, AutoCommit};

    use super::*;
    use crate::model::{Alliance, Organisation, PartnerKind};

    fn founder() -> (Organisation, Author, rondetafel_sync::DeviceSigner) {
        let organisation = Organisation {
            partner_id: "gemeente".into(),
            name: "Gemeente Zwolle".into(),
            kind: PartnerKind::Gemeente,
            roles: Vec::new(),
        };
        let signer = rondetafel_sync::DeviceSigner::from_keypair(
            &rondetafel_sync::identity::Keypair::generate_ed25519(),
        )
        .expect("ed25519");
        let actor = signer.new_actor();
        let author = Author {
            partner_id: "gemeente".into(),
            device: rondetafel_sync::signing::device_peer(&actor)
                .expect("signed")
                .to_string(),
        };
        (organisation, author, signer)
    }

    #[test]
    fn the_caret_stays_on_its_character_when_a_partner_types_before_it() {
        let (organisation, author, signer) = founder();
        let mut alliance = Alliance::create(
            "Jeugd",
            "",
            &organisation,
            &author.device,
            signer.new_actor(),
        )
        .expect("create");
        alliance
            .edit_text(&author, &TextField::Ambition, "Elk kind een thuis")
            .expect("text");
        let bytes = alliance.document_mut().save();
        let mut remote =
            Alliance::from_document(AutoCommit::load(&bytes).expect("load"), signer.new_actor())
                .expect("remote");
        let mut state =
            AllianceState::new(AutoCommit::load(&bytes).expect("load"), ActorId::random())
                .expect("state");

        let ctx = egui::Context::default();
        let focused = FocusedText {
            alliance: state.id().to_owned(),
            field: TextField::Ambition,
            widget: egui::Id::unique(7),
        };
        let mut edit_state = TextEditState::default();
        // The caret before "kind", a selection to the end.
        edit_state
            .cursor
            .set_char_range(Some(CCursorRange::two(CCursor::new(4), CCursor::new(18))));
        edit_state.store(&ctx, focused.widget);

        let before = remote.heads();
        remote
            .edit_text(&author, &TextField::Ambition, "Samen: Elk kind een thuis")
            .expect("remote edit");
        let changes = remote.document_mut().save_after(&before);

        let anchors = focused.anchor(&ctx, &state).expect("anchors");
        state.merge(&changes).expect("merge");
        focused.restore(&ctx, &state, &anchors);

        let range = TextEditState::load(&ctx, focused.widget)
            .and_then(|s| s.cursor.char_range())
            .expect("range");
        assert_eq!(range.secondary.index.0, 11, "still before \"kind\"");
        assert_eq!(range.primary.index.0, 25, "still at the end");
    }
}
