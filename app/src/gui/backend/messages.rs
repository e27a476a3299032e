//! What the UI and the background service say to each other.

use std::path::PathBuf;

use automerge::{ActorId, AutoCommit};
use rondetafel_sync::Multiaddr;

use super::super::problem::Problem;
use crate::local::{LoadWarning, Profile};
use crate::model::epoch::CarriedEdit;
use crate::model::{PartnerKind, Role, SnapshotRecord};
use crate::network::PeerBook;
use crate::snapshot::Format;

/// What the UI asks of the background service.
#[derive(Debug)]
pub enum Request {
    /// Set up this device for an organisation.
    SetUp {
        /// The organisation's name.
        organisation: String,
        /// Its kind.
        kind: PartnerKind,
        /// Its roles in the alliances it joins.
        roles: Vec<Role>,
    },
    /// Create an alliance with this organisation as its first partner.
    CreateAlliance {
        /// Its name.
        name: String,
        /// Its description.
        description: String,
        /// Texts the user confirmed are not personal data.
        confirmed: Vec<String>,
    },
    /// Join an alliance with an invitation ticket.
    Join {
        /// The ticket line.
        ticket: String,
    },
    /// Save local changes durably and send them to peers.
    Apply {
        /// The alliance.
        alliance: String,
        /// Encoded changes.
        changes: Vec<u8>,
    },
    /// Typeset the printable input form of an alliance and write it to a
    /// file.
    InputForm {
        /// The alliance's name.
        name: String,
        /// Its id.
        alliance: String,
        /// The PDF to write.
        path: PathBuf,
    },
    /// Write the decision list of a closed meeting to a file.
    Minutes {
        /// The alliance.
        alliance: String,
        /// The meeting's id.
        meeting: String,
        /// PDF or Markdown.
        format: Format,
        /// The folder to write it in (the file is named after the meeting).
        folder: PathBuf,
    },
    /// Render a snapshot and write it to a file (typesetting a PDF takes a
    /// moment, so it happens here, not on the UI thread). A snapshot new to
    /// the alliance is recorded only once its file is written.
    Export {
        /// The alliance.
        alliance: String,
        /// The snapshot.
        snapshot: Box<SnapshotRecord>,
        /// The encoded change that records the snapshot, saved and shared
        /// only once the file is written; empty when it was recorded before.
        recording: Vec<u8>,
        /// The format.
        format: Format,
        /// The file to write.
        path: PathBuf,
    },
    /// Write the archive package of a snapshot to a file.
    Archive {
        /// The alliance.
        alliance: String,
        /// The snapshot.
        snapshot: Box<SnapshotRecord>,
        /// How long the archive keeps it.
        valuation: crate::archive::Valuation,
        /// The retention period in years (with a temporary valuation).
        retention_years: Option<u32>,
        /// The file to write.
        path: PathBuf,
    },
    /// Write the changes a partner lacks (all, without a partner) to a
    /// file to carry by hand.
    MakeBundle {
        /// The alliance.
        alliance: String,
        /// The partner id it is for.
        partner: Option<String>,
        /// The file to write.
        path: PathBuf,
    },
    /// Read in a change file.
    ReadBundle {
        /// The file.
        path: PathBuf,
    },
    /// Accept or refuse a restart (erasure) for this organisation; the
    /// service signs an acceptance with the device key.
    AnswerRestart {
        /// The alliance.
        alliance: String,
        /// The restart's id.
        restart: String,
        /// Accept (`true`) or refuse.
        accept: bool,
    },
    /// Write this device's edits from before a restart into the new epoch
    /// (`apply`), or let them go.
    SettleCarried {
        /// The new alliance id.
        alliance: String,
        /// Write them (`true`) or let them go.
        apply: bool,
    },
    /// Connect to a peer by address.
    Dial {
        /// The address.
        address: Multiaddr,
    },
    /// Run the `doctor` checks on the data directory (on a thread of their
    /// own: trying partners' addresses takes seconds).
    Doctor,
    /// Stop: persist what each peer has, close connections.
    Shutdown,
}

/// What the background service tells the UI.
#[derive(Debug)]
pub enum Update {
    /// The data directory is open.
    Ready {
        /// The organisation profile, if set up.
        profile: Option<Box<Profile>>,
        /// This device's peer id.
        device: String,
        /// The Automerge actor id of this run, for local edits.
        actor: ActorId,
        /// The stored alliances.
        alliances: Vec<AutoCommit>,
        /// Alliances that could not be loaded, or loaded with damage.
        warnings: Vec<LoadWarning>,
        /// The data directory.
        data_dir: PathBuf,
        /// Per restarted alliance (its new id), this device's edits from
        /// before the restart that wait for review.
        carried: Vec<(String, Vec<CarriedEdit>)>,
    },
    /// The client cannot work (data directory locked or unusable).
    Failed(Problem),
    /// The device is now set up.
    ProfileSet(Profile),
    /// An alliance was created or joined.
    AllianceAdded(Box<AutoCommit>),
    /// Every partner agreed to restart an alliance on a new epoch: the old
    /// document is gone. `document` is the new epoch once this device has
    /// it (a device that followed a partner's notice gets it by sync, and
    /// then hears again).
    AllianceRestarted {
        /// The old alliance id.
        previous: String,
        /// The new epoch, when present here.
        document: Option<Box<AutoCommit>>,
        /// This device's edits from before the restart, to review.
        carried: Vec<CarriedEdit>,
    },
    /// Edits carried over after a restart were written or let go.
    CarriedSettled {
        /// The new alliance id.
        alliance: String,
        /// How many were written into it (0 when let go).
        applied: usize,
    },
    /// Changes to an alliance that the UI does not have yet.
    Changes {
        /// The alliance.
        alliance: String,
        /// Encoded changes, for `load_incremental`.
        changes: Vec<u8>,
    },
    /// What is known about peers changed.
    Peers(PeerBook),
    /// A peer is sending changes; `received` counts them since it started.
    Receiving {
        /// How many change batches arrived in this burst.
        received: u64,
        /// Per device (peer id): how many changes it sent that were
        /// applied since it was last in sync with this one.
        by_peer: std::collections::BTreeMap<String, u64>,
    },
    /// An export was written.
    Exported {
        /// Where.
        path: PathBuf,
        /// The snapshot's label.
        label: String,
        /// Its short id.
        short_id: String,
    },
    /// A meeting's decision list was written.
    MinutesWritten {
        /// Where.
        path: PathBuf,
    },
    /// An archive package was written.
    Archived {
        /// Where.
        path: PathBuf,
        /// The snapshot's label.
        label: String,
        /// Its short id.
        short_id: String,
    },
    /// A change file was written.
    BundleMade {
        /// Where.
        path: PathBuf,
        /// How many changes it holds.
        changes: usize,
    },
    /// A change file was read in.
    BundleRead {
        /// The alliance's name.
        name: String,
        /// How many changes were new.
        new_changes: usize,
    },
    /// The input form was written.
    FormWritten(PathBuf),
    /// A join is under way.
    Joining(String),
    /// A join failed.
    JoinFailed(Problem),
    /// What the `doctor` checks found.
    Doctor(Vec<crate::diagnostics::doctor::Checked>),
    /// Something the user should know went wrong; nothing was lost.
    Error(Problem),
}
