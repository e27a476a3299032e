//! The UI's copy of one alliance: the document, its live view, and the
//! bookkeeping that sends local edits to the background service.

use automerge::{ActorId, AutoCommit, ChangeHash};

use super::backend::{Backend, Request};
use crate::model::epoch::CarriedEdit;
use crate::model::{Alliance, AllianceView, LiveView, ModelError, Refresh};

/// An alliance open in the client.
pub struct AllianceState {
    alliance: Alliance,
    live: LiveView,
    /// The heads the background service has (everything up to here was
    /// sent or came from it).
    sent: Vec<ChangeHash>,
    /// Counts the changes to the view, so screens can cache what they
    /// derive from it.
    generation: u64,
    /// This device's edits from before a restart, waiting for review.
    carried: Vec<CarriedEdit>,
}

impl AllianceState {
    /// Wraps a document from the background service.
    pub fn new(document: AutoCommit, actor: ActorId) -> Result<AllianceState, ModelError> {
        let mut alliance = Alliance::from_document(document, actor)?;
        let live = LiveView::new(&mut alliance);
        let sent = alliance.heads();
        Ok(AllianceState {
            alliance,
            live,
            sent,
            generation: 0,
            carried: Vec::new(),
        })
    }

    /// The alliance id.
    pub fn id(&self) -> &str {
        self.alliance.id()
    }

    /// The current view (kept up to date from patches).
    pub fn view(&self) -> &AllianceView {
        self.live.view()
    }

    /// A number that grows whenever the view changes.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// This device's edits from before the restart that began this
    /// alliance, waiting for the user to write them in or let them go.
    pub fn carried(&self) -> &[CarriedEdit] {
        &self.carried
    }

    /// Sets the edits waiting for review.
    pub fn set_carried(&mut self, carried: Vec<CarriedEdit>) {
        self.carried = carried;
    }

    /// The alliance, for reading.
    pub fn alliance(&self) -> &Alliance {
        &self.alliance
    }

    /// The alliance, for reading operations that need `&mut` (history,
    /// earlier versions).
    pub fn alliance_mut_for_reading(&mut self) -> &mut Alliance {
        &mut self.alliance
    }

    /// Runs one edit; when it succeeds, sends its changes to be saved and
    /// shared, and updates the view.
    pub fn edit<T, E>(
        &mut self,
        backend: &Backend,
        edit: impl FnOnce(&mut Alliance) -> Result<T, E>,
    ) -> Result<T, E> {
        let value = edit(&mut self.alliance)?;
        let changes = self.alliance.document_mut().save_after(&self.sent);
        self.sent = self.alliance.heads();
        if !changes.is_empty() {
            backend.send(Request::Apply {
                alliance: self.alliance.id().to_owned(),
                changes,
            });
        }
        if self.live.refresh(&mut self.alliance).changed {
            self.generation += 1;
        }
        Ok(value)
    }

    /// Merges changes that arrived from peers and updates the view.
    pub fn merge(&mut self, changes: &[u8]) -> Result<Refresh, ModelError> {
        self.alliance
            .document_mut()
            .load_incremental(changes)
            .map_err(ModelError::from)?;
        self.sent = self.alliance.heads();
        let refresh = self.live.refresh(&mut self.alliance);
        if refresh.changed {
            self.generation += 1;
        }
        Ok(refresh)
    }
}
