//! The alliance document: pure rules over Automerge. No UI, no async, no I/O.
//!
//! An [`Alliance`] wraps one Automerge document laid out as described in
//! [`schema`]. Edits go through methods that check the alliance's rules (a
//! partner edits only its own interests and positions, an objection needs a
//! reason, an agreement is agreed only while nobody objects) and commit one
//! change attributed to the acting device. Reads go through [`AllianceView`],
//! a plain snapshot that serialises to the `--json` format.

mod agreement;
mod alliance;
mod collections;
mod consent;
mod coursecheck;
pub mod csv_table;
mod dates;
mod describe;
mod effects;
pub mod epoch;
mod error;
mod history;
pub mod ids;
mod input;
pub mod input_csv;
mod invitations;
pub mod kinds;
mod live;
mod meeting;
mod membership;
pub mod monitoring;
mod position_history;
pub mod privacy;
pub mod ratification;
pub mod reachable;
mod read;
mod roles;
pub mod schema;
mod text;
pub mod trust;
mod view;

pub use agreement::AgreementEdit;
pub use alliance::{Alliance, Author, InterestEdit, Organisation};
pub use coursecheck::{
    ActionView, CourseCheckView, DimensionSummary, MAX_ACTIONS, NewRating, RatingView,
};
pub use describe::{Activity, Subject, Verb};
pub use effects::NewEffect;
pub use error::{AddressProblem, ModelError};
pub use history::{AuditEntry, HistoryEntry, IgnoredWrite};
pub use input::{InputResponse, InputView, NewInput, SupportView};
pub use invitations::InvitationInfo;
pub use kinds::{
    AgreementStatus, Contribution, Decision, Dimension, InputKind, InputRole, InputStatus,
    InterestStatus, PartnerKind, Rating, Recognition, Role, Signing, Stance, Trend, UnknownValue,
};
pub use live::{LiveView, Refresh};
pub use meeting::{AgendaItemView, AttendanceView, ClosedView, MeetingView, OutcomeView};
pub use membership::{Invitation, InvitationError, InvitationKind};
pub use position_history::PositionStep;
pub use ratification::{
    DecisionRecord, NewDecision, PartnerDecision, RatificationStatus, SnapshotRecord,
    SnapshotStatus,
};
pub use read::At;
pub use roles::{AnswerView, ExpectationView, RoleCardView, RoleEdit};
pub use text::{TextAnchor, TextField};
pub use trust::Trust;
pub use view::{
    AgreementView, AllianceView, AmbitionView, ConflictValue, ConflictView, EffectView,
    InterestView, PartnerView, PositionView, ResponseView,
};

/// Reads a date as people type it (`2027-03-01`, `1-3-2027`,
/// `1 maart 2027`); returns it as `YYYY-MM-DD`.
pub fn parse_date_for_ui(text: &str) -> Result<String, ModelError> {
    dates::parse_date(text)
}

impl Alliance {
    /// The alliance as it is now.
    pub fn view(&mut self) -> AllianceView {
        let heads = self.heads();
        let trust = self.trust();
        view::build(self.document(), &trust, &heads, read::At::Now)
    }

    /// The alliance as it was at `heads`.
    pub fn view_at(&mut self, heads: &[automerge::ChangeHash]) -> AllianceView {
        let trust = trust::Trust::of(self.document(), read::At::Heads(heads));
        view::build(self.document(), &trust, heads, read::At::Heads(heads))
    }

    /// Every change, in causal order, attributed to devices and partners.
    pub fn history(&mut self) -> Vec<HistoryEntry> {
        history::build(self.document_mut())
    }

    /// Every change as an audit log lists it, seen from `this_device`.
    pub fn audit(&mut self, this_device: &str) -> Vec<AuditEntry> {
        history::audit(self.document_mut(), this_device)
    }
}

#[cfg(test)]
mod consent_tests;
#[cfg(test)]
mod coursecheck_tests;
#[cfg(test)]
mod epoch_tests;
#[cfg(test)]
mod forger_tests;
#[cfg(test)]
mod input_tests;
#[cfg(test)]
mod meeting_tests;
#[cfg(test)]
mod monitoring_tests;
#[cfg(test)]
mod privacy_tests;
#[cfg(test)]
mod reachable_tests;
#[cfg(test)]
mod roles_tests;
#[cfg(test)]
mod tests;
