//! Why an edit of the alliance was refused.

use super::kinds::{AgreementStatus, Stance};

/// A rule of the alliance refused an edit, or the document is not usable.
/// Nothing was changed when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The acting partner or device is not a current member of the alliance.
    #[error(
        "your organisation is not a current partner of this alliance (or this device was removed)"
    )]
    NotAMember,
    /// A partner tried to edit another partner's interest.
    #[error("this interest belongs to {owner}; only that partner can change it")]
    NotYourInterest {
        /// The owning partner's name.
        owner: String,
    },
    /// An objection or reservations were given without a reason.
    #[error("{} needs a reason (use --reason)", if *.0 == Stance::Object { "an objection" } else { "a position with reservations" })]
    PositionWithoutReason(Stance),
    /// An agreement is agreed only when every current partner has a
    /// position on its current text.
    #[error("the agreement can be agreed only when every partner has given a position on this text; still to give one: {}", .partners.join(", "))]
    ConsentMissing {
        /// Names of the partners without a position on the current text.
        partners: Vec<String>,
    },
    /// A board decision dated before the snapshot it decides on.
    #[error("a decision dated {date} cannot be about a snapshot made on {snapshot}")]
    DecisionBeforeSnapshot {
        /// The decision's date.
        date: String,
        /// The snapshot's date.
        snapshot: String,
    },
    /// An agreement cannot be agreed while someone objects.
    #[error("the agreement cannot be agreed while partners object: {}", .objectors.join(", "))]
    Objections {
        /// Names of the objecting partners.
        objectors: Vec<String>,
    },
    /// Positions cannot be given on a withdrawn agreement.
    #[error("the agreement is {0}; reopen it as a draft first")]
    NotOpenForPositions(AgreementStatus),
    /// Only the partner that made an invitation withdraws it.
    #[error("only the organisation that made an invitation can withdraw it")]
    NotYourInvitation,
    /// A partner may only invite or retire devices for itself.
    #[error("you can only invite or retire devices of your own organisation")]
    NotYourPartner,
    /// The partner was removed already.
    #[error("{0} is no longer a partner of this alliance")]
    AlreadyRemoved(String),
    /// The last partner cannot be removed.
    #[error("the last partner cannot be removed: an alliance needs at least one partner")]
    LastPartner,
    /// An invitation was refused.
    #[error(transparent)]
    Invitation(#[from] super::membership::InvitationError),
    /// Only the partner an expectation is of may answer it.
    #[error("this expectation is of {of}; only that partner can answer it")]
    NotExpectedOfYou {
        /// The partner it is of.
        of: String,
    },
    /// An expectation was stated of the author's own organisation.
    #[error(
        "an expectation is of another partner; what you bring yourself goes on your role card (role set)"
    )]
    ExpectationOfYourself,
    /// A course check round cannot close before it opens.
    #[error("the round cannot close ({closes}) before it opens ({opens})")]
    ClosesBeforeOpening {
        /// The opening date.
        opens: String,
        /// The closing date.
        closes: String,
    },
    /// The course check round is closed.
    #[error("this course check round is closed")]
    RoundClosed,
    /// The course check round opens later.
    #[error("this course check round opens on {0}")]
    RoundNotOpenYet(String),
    /// Only the opener closes a round before its closing date.
    #[error("the round closes on {closes}; before then only {opener}, who opened it, can close it")]
    RoundNotDue {
        /// The closing date.
        closes: String,
        /// The partner that opened the round.
        opener: String,
    },
    /// Follow-up actions come after the round closed.
    #[error("follow-up actions are added once the round is closed")]
    RoundStillOpen,
    /// A round has a few follow-up actions at most.
    #[error("a round has at most {0} follow-up actions")]
    TooManyActions(usize),
    /// The meeting was closed; its record is final.
    #[error("this meeting is closed; its decision list is final")]
    MeetingClosed,
    /// The meeting is still open, so it has no decision list yet.
    #[error(
        "this meeting is still open; close it first (meeting close), then make its decision list"
    )]
    MeetingOpen,
    /// The agreement is not on the meeting's agenda.
    #[error("this agreement is not on the meeting's agenda (add it with meeting agenda --add)")]
    NotOnAgenda,
    /// Only a partner that recorded its presence closes a meeting.
    #[error(
        "only a partner present at the meeting can close it; record your presence first (meeting attend)"
    )]
    NotPresent,
    /// A name goes only with input signed with a name.
    #[error("a name goes only with input signed with a name (not --role-only or --anonymous)")]
    NameWithoutNamedSigning,
    /// A client's name is personal data of a client.
    #[error(
        "a client's name is personal data of a client and has no place here; sign it with the role only or anonymously"
    )]
    ClientNamed,
    /// Input that was answered does not go back to new.
    #[error("input that was responded to does not go back to new")]
    InputBackToNew,
    /// Taken up needs the agreement it became.
    #[error("taken up needs the agreement it became (use --agreement, or input promote)")]
    TakenUpWithoutAgreement,
    /// Done follows taken up or not taken up.
    #[error("input is done only after it was taken up or not taken up")]
    DoneBeforeAnswer,
    /// The input became an agreement already.
    #[error("this input became agreement {0} already")]
    InputPromotedAlready(String),
    /// A figure was refused.
    #[error(transparent)]
    BadValue(super::monitoring::values::ValueError),
    /// The text holds a citizen service number (shown as a hint).
    #[error(
        "the text holds a citizen service number (BSN, {0}); there is no legal ground to process it in an alliance, so nothing was written: take it out"
    )]
    CitizenServiceNumber(String),
    /// The text looks like it holds personal data, which the user has not
    /// confirmed is none.
    #[error("{}", describe_findings(.0))]
    LikelyPersonalData(Vec<super::privacy::Finding>),
    /// A period could not be read.
    #[error(
        "{0:?} is not a period; write a year (2026), a quarter (2026-Q3), a month (2026-07) or a range (2026-01-01..2026-06-30)"
    )]
    BadPeriod(String),
    /// A band's upper bound is below its lower bound.
    #[error("the band's upper bound is below its lower bound")]
    BandUpsideDown,
    /// An intervention cannot end before it starts.
    #[error("the end date is before the start date")]
    EndsBeforeStart,
    /// A band indicator needs its band.
    #[error("an indicator with direction band needs the band (--band-low and --band-high)")]
    BandMissing,
    /// A required text was empty.
    #[error("{0} cannot be empty")]
    Empty(&'static str),
    /// A date was not a valid calendar date.
    #[error("{0:?} is not a valid date; write it as 2027-03-01 or 1-3-2027")]
    BadDate(String),
    /// No item matched.
    #[error("no {what} matches {query:?}")]
    NotFound {
        /// What was looked for.
        what: &'static str,
        /// The id, prefix or name given.
        query: String,
    },
    /// More than one item matched a prefix or name.
    #[error("{query:?} matches more than one {what}: {}; give more characters", .candidates.join(", "))]
    Ambiguous {
        /// What was looked for.
        what: &'static str,
        /// The prefix given.
        query: String,
        /// The ids that match.
        candidates: Vec<String>,
    },
    /// Hex text that is not a change hash.
    #[error("{0:?} is not a change hash (64 hex characters)")]
    BadHeads(String),
    /// The version is not (completely) in this replica.
    #[error(
        "that version of the alliance is not in this replica; sync with the other partners first"
    )]
    UnknownVersion,
    /// A snapshot already has a different label.
    #[error("snapshot {id} is labelled {label:?} already; a label cannot be changed")]
    SnapshotLabelled {
        /// The short snapshot id.
        id: String,
        /// Its label.
        label: String,
    },
    /// This replica's actor already acts for another partner, so a
    /// The edit names a device whose key this copy of the alliance cannot
    /// sign for: a partner's word is written only by its own devices.
    #[error(
        "this device cannot write for that device; a partner's word is written only by its own devices"
    )]
    ActsForAnotherPartner,
    /// An adoption with conditions was recorded without them.
    #[error("adopted-with-conditions needs the conditions (use --conditions)")]
    ConditionsMissing,
    /// Conditions were given with a decision that has none.
    #[error("conditions go only with adopted-with-conditions, not with {0}")]
    ConditionsNotAllowed(super::kinds::Decision),
    /// The document is not an alliance.
    #[error("this is not a Rondetafel alliance: {0}")]
    NotAnAlliance(String),
    /// The document was written by a newer version of Rondetafel.
    #[error(
        "this alliance uses schema version {found}; this Rondetafel reads up to version {supported}. Please update Rondetafel"
    )]
    NewerSchema {
        /// The version found in the document.
        found: u64,
        /// The newest version this build understands.
        supported: u64,
    },
    /// The text to erase is too short to find safely.
    #[error("the text to erase must be at least 3 characters")]
    EraseTooShort,
    /// A restart was answered already: accepted by all, or refused.
    #[error("{}", if *refused { "this restart was refused by a partner" } else { "every partner has accepted this restart already" })]
    RestartClosed {
        /// Whether a partner refused it (else all accepted).
        refused: bool,
    },
    /// A restart cannot be carried out: not every partner accepted it, or
    /// its version is not on this device.
    #[error("this restart cannot be carried out yet: {0}")]
    RestartNotReady(&'static str),
    /// An address to publish ("bereikbaar via") is not one others can use.
    #[error("{address:?} {}", match .problem {
        AddressProblem::Malformed => "is not a network address (for example /ip4/203.0.113.7/tcp/4001)",
        AddressProblem::Circuit => "goes through a relay; publish the address of the device itself",
        AddressProblem::NotOwnDevice => "does not end in a device of your own organisation",
    })]
    BadAddress {
        /// The address as given.
        address: String,
        /// What is wrong with it.
        problem: AddressProblem,
    },
    /// Automerge refused an operation (a bug or a malformed document).
    #[error("the document could not be changed: {0}")]
    Automerge(#[from] automerge::AutomergeError),
}

/// What is wrong with an address to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressProblem {
    /// It does not parse as a multiaddr.
    Malformed,
    /// It is a circuit through a relay, not the device's own address.
    Circuit,
    /// It ends in a device of another partner (or of nobody).
    NotOwnDevice,
}

fn describe_findings(findings: &[super::privacy::Finding]) -> String {
    use super::privacy::FindingKind;
    let named: Vec<String> = findings
        .iter()
        .map(|f| {
            let what = match f.kind {
                FindingKind::Bsn => "a citizen service number",
                FindingKind::Email => "an e-mail address",
                FindingKind::Phone => "a phone number",
                FindingKind::Address => "an address (postcode and house number)",
                FindingKind::BirthDate => "a date of birth",
            };
            format!("{what} ({})", f.text)
        })
        .collect();
    format!(
        "the text looks like it holds personal data: {}; nothing was written. Personal data of clients does not belong in an alliance: take it out, or confirm it is not personal data (an organisation's general address, say)",
        named.join(", ")
    )
}
