//! What went wrong, in the window's language: every refusal of the model,
//! every failure of the disk, the network or a join, worded for the person
//! at the window. The technical cause, as the system words it, stays
//! available as a detail for whoever helps them.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use super::i18n::{Texts, fill};
use crate::local::{LockError, WorkspaceError};
use crate::model::{AddressProblem, InvitationError, ModelError};
use crate::network::JoinError;

/// Something the background service could not do.
#[derive(Debug, Clone)]
pub enum Problem {
    /// The data directory, the device key or the profile cannot be used.
    Workspace(Arc<WorkspaceError>),
    /// The asynchronous runtime did not start.
    Runtime(String),
    /// The organisation is not set up yet.
    NotSetUp,
    /// The network node is not running.
    NodeNotRunning,
    /// A rule of the alliance refused the edit.
    Refused(Arc<ModelError>),
    /// The user's change could not be saved.
    ChangeNotSaved(String),
    /// Changes from a partner could not be saved.
    PartnerChangesNotSaved(String),
    /// A restart every partner agreed to could not be carried out here.
    RestartFailed(String),
    /// The alliance is not on this device.
    AllianceMissing,
    /// A join is already under way.
    JoinUnderWay,
    /// The invitation cannot be used.
    Join(Arc<JoinError>),
    /// The partner refused the join, for this reason (in its words).
    JoinRefused(String),
    /// No partner answered in time.
    JoinNoAnswer {
        /// The alliance's name.
        alliance: String,
        /// How long was waited.
        seconds: u64,
    },
    /// The admission came, the alliance did not.
    JoinNoDocument,
    /// A partner could not be reached at an address.
    Dial(String),
    /// An export could not be made.
    Export(String),
    /// A file could not be read.
    NotRead {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        error: Arc<io::Error>,
    },
    /// A change file could not be made or read in.
    Bundle(Arc<crate::network::bundle::BundleError>),
    /// An export could not be written to a file.
    NotWritten {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        error: Arc<io::Error>,
    },
}

impl From<WorkspaceError> for Problem {
    fn from(error: WorkspaceError) -> Self {
        Problem::Workspace(Arc::new(error))
    }
}

impl From<ModelError> for Problem {
    fn from(error: ModelError) -> Self {
        Problem::Refused(Arc::new(error))
    }
}

impl From<JoinError> for Problem {
    fn from(error: JoinError) -> Self {
        Problem::Join(Arc::new(error))
    }
}

impl Problem {
    /// The problem in plain words, and the technical detail (if any).
    pub fn words(&self, texts: &Texts) -> (String, Option<String>) {
        match self {
            Problem::Workspace(error) => workspace(texts, error),
            Problem::Runtime(detail) => (texts.problem_runtime.to_owned(), Some(detail.clone())),
            Problem::NotSetUp => (texts.problem_not_set_up.to_owned(), None),
            Problem::NodeNotRunning => (texts.problem_node.to_owned(), None),
            Problem::Refused(error) => (refusal(texts, error), technical(error)),
            Problem::ChangeNotSaved(detail) => {
                (texts.problem_not_saved.to_owned(), Some(detail.clone()))
            }
            Problem::PartnerChangesNotSaved(detail) => (
                texts.problem_partner_not_saved.to_owned(),
                Some(detail.clone()),
            ),
            Problem::RestartFailed(detail) => (
                texts.erasure().problem_restart_failed.to_owned(),
                Some(detail.clone()),
            ),
            Problem::AllianceMissing => (texts.problem_alliance_missing.to_owned(), None),
            Problem::JoinUnderWay => (texts.problem_join_under_way.to_owned(), None),
            Problem::Join(error) => join(texts, error),
            Problem::JoinRefused(reason) => (
                fill(texts.problem_join_refused, &[reason]),
                Some(reason.clone()),
            ),
            Problem::JoinNoAnswer { alliance, seconds } => (
                fill(
                    texts.problem_join_no_answer,
                    &[alliance, &seconds.to_string()],
                ),
                None,
            ),
            Problem::JoinNoDocument => (texts.problem_join_no_document.to_owned(), None),
            Problem::Dial(detail) => (texts.problem_dial.to_owned(), Some(detail.clone())),
            Problem::Export(detail) => (texts.problem_export.to_owned(), Some(detail.clone())),
            Problem::NotRead { path, error } => (
                fill(
                    texts.privacy().problem_not_read,
                    &[&path.display().to_string(), &io_words(texts, error)],
                ),
                Some(error.to_string()),
            ),
            Problem::Bundle(error) => (bundle_words(texts, error), Some(error.to_string())),
            Problem::NotWritten { path, error } => (
                fill(
                    texts.problem_not_written,
                    &[&path.display().to_string(), &io_words(texts, error)],
                ),
                Some(error.to_string()),
            ),
        }
    }
}

/// Why a change file could not be made or read in, in plain words.
fn bundle_words(texts: &Texts, error: &crate::network::bundle::BundleError) -> String {
    use crate::network::bundle::BundleError as B;
    let words = texts.privacy();
    match error {
        B::NotABundle(_) => words.bundle_damaged.to_owned(),
        B::Unknown(name) | B::Foreign(name) => fill(words.bundle_unknown, &[name]),
        B::Refused { .. } | B::NotApplied(_) => words.bundle_refused.to_owned(),
        B::MissingHistory => words.bundle_missing_history.to_owned(),
        B::Model(error) => refusal(texts, error),
    }
}

/// The technical detail of a refusal, when there is more to it than the
/// words already say.
fn technical(error: &ModelError) -> Option<String> {
    match error {
        ModelError::Automerge(_) | ModelError::NotAnAlliance(_) => Some(error.to_string()),
        _ => None,
    }
}

/// Why an I/O operation failed, in plain words.
pub(crate) fn io_words(texts: &Texts, error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => texts.io_not_found,
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => texts.io_permission,
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => texts.io_full,
        io::ErrorKind::AlreadyExists => texts.io_exists,
        _ => texts.io_other,
    }
    .to_owned()
}

fn workspace(texts: &Texts, error: &WorkspaceError) -> (String, Option<String>) {
    let detail = Some(error.to_string());
    let words = match error {
        WorkspaceError::Lock(LockError::InUse { .. }) => texts.problem_locked.to_owned(),
        WorkspaceError::DataDir { source, .. }
        | WorkspaceError::Lock(LockError::Io { source, .. }) => {
            fill(texts.problem_data_dir, &[&io_words(texts, source)])
        }
        WorkspaceError::NoProfile => texts.problem_not_set_up.to_owned(),
        WorkspaceError::Model(error) => refusal(texts, error),
        WorkspaceError::Save(_) => texts.problem_not_saved.to_owned(),
        WorkspaceError::Network(_) => texts.problem_network_start.to_owned(),
        WorkspaceError::Identity(_) => texts.problem_identity.to_owned(),
        WorkspaceError::Profile(_) => texts.problem_profile.to_owned(),
        WorkspaceError::Load(_) => texts.problem_load.to_owned(),
        WorkspaceError::Bundle(error) => bundle_words(texts, error),
    };
    (words, detail)
}

fn join(texts: &Texts, error: &JoinError) -> (String, Option<String>) {
    let words = match error {
        JoinError::Ticket(crate::network::TicketError::NotATicket) => {
            texts.join_not_a_ticket.to_owned()
        }
        JoinError::Ticket(crate::network::TicketError::Damaged) => texts.join_damaged.to_owned(),
        JoinError::Expired => texts.invitation_expired.to_owned(),
        JoinError::AlreadyHeld(name) => fill(texts.join_already_held, &[name]),
        JoinError::OtherOrganisation { invited, own } => {
            fill(texts.join_other_organisation, &[invited, own])
        }
        JoinError::Workspace(error) => return workspace(texts, error),
    };
    (words, None)
}

/// A refused edit, in the window's language.
pub(crate) fn refusal(texts: &Texts, error: &ModelError) -> String {
    use ModelError as E;
    let list = |names: &[String]| names.join(", ");
    match error {
        E::NotAMember => texts.refused_not_member.to_owned(),
        E::NotYourInterest { owner } => fill(texts.refused_not_your_interest, &[owner]),
        E::NotExpectedOfYou { of } => fill(texts.refused_not_expected_of_you, &[of]),
        E::ExpectationOfYourself => texts.refused_expectation_of_yourself.to_owned(),
        E::ClosesBeforeOpening { opens, closes } => {
            fill(texts.refused_closes_before_opening, &[closes, opens])
        }
        E::RoundClosed => texts.refused_round_closed.to_owned(),
        E::RoundNotOpenYet(date) => fill(texts.refused_round_not_open, &[date]),
        E::RoundNotDue { closes, opener } => fill(texts.refused_round_not_due, &[closes, opener]),
        E::RoundStillOpen => texts.refused_round_still_open.to_owned(),
        E::MeetingClosed => texts.meeting().refused_closed.to_owned(),
        E::MeetingOpen => texts.meeting().refused_open.to_owned(),
        E::NotOnAgenda => texts.meeting().refused_not_on_agenda.to_owned(),
        E::NotPresent => texts.meeting().refused_not_present.to_owned(),
        E::TooManyActions(n) => fill(texts.refused_too_many_actions, &[&n.to_string()]),
        E::NameWithoutNamedSigning => texts.refused_name_not_named.to_owned(),
        E::ClientNamed => texts.refused_client_named.to_owned(),
        E::InputBackToNew => texts.refused_input_back_to_new.to_owned(),
        E::TakenUpWithoutAgreement => texts.refused_taken_up_without_agreement.to_owned(),
        E::DoneBeforeAnswer => texts.refused_done_before_answer.to_owned(),
        E::InputPromotedAlready(_) => texts.refused_promoted_already.to_owned(),
        E::BadValue(error) => value_words(texts, error),
        E::CitizenServiceNumber(hint) => fill(texts.privacy().refused_bsn, &[hint]),
        E::EraseTooShort => texts.erasure().refused_too_short.to_owned(),
        E::RestartClosed { refused: true } => texts.erasure().refused_closed_refused.to_owned(),
        E::RestartClosed { refused: false } => texts.erasure().refused_closed_agreed.to_owned(),
        E::RestartNotReady(_) => texts.erasure().refused_not_ready.to_owned(),
        E::LikelyPersonalData(findings) => {
            let words = texts.privacy();
            let named: Vec<String> = findings.iter().map(|f| words.finding(f)).collect();
            fill(words.refused_personal_data, &[&named.join(", ")])
        }
        E::BadPeriod(text) => fill(texts.refused_bad_period, &[text]),
        E::BandUpsideDown => texts.refused_band_upside_down.to_owned(),
        E::BandMissing => texts.refused_band_missing.to_owned(),
        E::EndsBeforeStart => texts.refused_ends_before_start.to_owned(),
        E::PositionWithoutReason(_) => texts.reason_needed.to_owned(),
        E::ConsentMissing { partners } => fill(texts.refused_consent, &[&list(partners)]),
        E::DecisionBeforeSnapshot { date, snapshot } => {
            fill(texts.refused_decision_date, &[date, snapshot])
        }
        E::Objections { objectors } => fill(texts.refused_objections, &[&list(objectors)]),
        E::NotOpenForPositions(status) => {
            fill(texts.refused_not_open, &[texts.agreement_status(*status)])
        }
        E::NotYourPartner => texts.refused_not_your_partner.to_owned(),
        E::NotYourInvitation => texts.refused_not_your_invitation.to_owned(),
        E::AlreadyRemoved(name) => fill(texts.refused_already_removed, &[name]),
        E::LastPartner => texts.refused_last_partner.to_owned(),
        E::Invitation(error) => invitation(texts, error),
        E::Empty(what) => fill(texts.refused_empty, &[field_name(texts, what)]),
        E::BadDate(text) => fill(texts.refused_bad_date, &[text]),
        E::NotFound { query, .. } => fill(texts.refused_not_found, &[query]),
        E::Ambiguous { query, .. } => fill(texts.refused_ambiguous, &[query]),
        E::BadHeads(_) | E::UnknownVersion => texts.refused_unknown_version.to_owned(),
        E::SnapshotLabelled { label, .. } => fill(texts.refused_labelled, &[label]),
        E::ActsForAnotherPartner => texts.refused_other_device.to_owned(),
        E::ConditionsMissing => texts.refused_conditions_missing.to_owned(),
        E::ConditionsNotAllowed(decision) => fill(
            texts.refused_conditions_not_allowed,
            &[texts.decision(*decision)],
        ),
        E::NotAnAlliance(_) => texts.refused_not_an_alliance.to_owned(),
        E::NewerSchema { .. } => texts.refused_newer_schema.to_owned(),
        E::BadAddress { address, problem } => {
            let words = texts.reach();
            let template = match problem {
                AddressProblem::Malformed => words.refused_malformed,
                AddressProblem::Circuit => words.refused_circuit,
                AddressProblem::NotOwnDevice => words.refused_not_own_device,
            };
            fill(template, &[address])
        }
        E::Automerge(_) => texts.refused_document.to_owned(),
    }
}

/// Why a figure was refused, in the window's language.
fn value_words(texts: &Texts, error: &crate::model::monitoring::values::ValueError) -> String {
    use crate::model::monitoring::kinds::Unit;
    use crate::model::monitoring::values::ValueError as V;
    match error {
        V::NotANumber(text) => fill(texts.refused_not_a_number, &[text]),
        V::OutOfRange { value, unit, .. } => {
            let rule = match unit.parse::<Unit>() {
                Ok(Unit::Percent) => texts.rule_percent,
                Ok(Unit::Grade) => texts.rule_grade,
                Ok(Unit::Count) => texts.rule_count,
                _ => texts.rule_not_negative,
            };
            fill(texts.refused_out_of_range, &[value, rule])
        }
        V::PersonalNumber(text) => fill(texts.refused_personal_number, &[text]),
    }
}

fn invitation(texts: &Texts, error: &InvitationError) -> String {
    match error {
        InvitationError::Unknown => texts.invitation_unknown.to_owned(),
        InvitationError::WrongSecret => texts.invitation_wrong_secret.to_owned(),
        InvitationError::Expired => texts.invitation_expired.to_owned(),
        InvitationError::Used => texts.invitation_used.to_owned(),
        InvitationError::Withdrawn => texts.invitation_withdrawn.to_owned(),
        InvitationError::WrongPartner(name) => fill(texts.invitation_wrong_partner, &[name]),
    }
}

/// The name of a required field, as the model's rules call it.
fn field_name(texts: &Texts, what: &str) -> &'static str {
    match what {
        "the title" => texts.field_title,
        "the alliance name" => texts.field_alliance_name,
        "the organisation name" => texts.field_organisation_name,
        "the label" => texts.field_label,
        "the deciding body" => texts.field_body,
        "the reason" => texts.reason,
        "the expectation" => texts.field_expectation,
        "the action" => texts.field_action,
        "the input" => texts.field_input,
        "the address" => texts.reach().field_address,
        "the outcome" => texts.meeting().outcome,
        _ => texts.field_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::i18n::{EN, NL};

    #[test]
    fn every_refusal_has_words_in_both_languages() {
        let refusals = [
            ModelError::NotAMember,
            ModelError::ConsentMissing {
                partners: vec!["Zorg Dichtbij".into()],
            },
            ModelError::Empty("the title"),
            ModelError::BadDate("31-02".into()),
            ModelError::LastPartner,
        ];
        for error in &refusals {
            let dutch = refusal(&NL, error);
            let english = refusal(&EN, error);
            assert!(!dutch.is_empty() && dutch != english, "{error:?}");
            assert_ne!(dutch, error.to_string(), "{error:?} is not left in English");
        }
        assert!(refusal(&NL, &refusals[1]).contains("Zorg Dichtbij"));
        assert!(refusal(&NL, &refusals[2]).contains("titel"));
    }

    #[test]
    fn disk_failures_are_named_plainly() {
        let error = io::Error::from(io::ErrorKind::NotFound);
        let problem = Problem::NotWritten {
            path: PathBuf::from("/tmp/map/stuk.pdf"),
            error: Arc::new(error),
        };
        let (words, detail) = problem.words(&NL);
        assert!(words.contains("/tmp/map/stuk.pdf"), "{words}");
        assert!(words.contains("bestaat niet"), "{words}");
        assert!(detail.is_some());
    }
}
