//! Restarting an alliance on a fresh document — a new *epoch* — to honour
//! an erasure request: Automerge keeps every earlier version of every text,
//! so a name typed by mistake can only leave the history by leaving the
//! document.
//!
//! 1. A partner proposes a restart ([`Alliance::propose_restart`]): the
//!    alliance as it is now (heads *H*), with every occurrence of the text to
//!    erase replaced. The proposal stores the cleaned values, never the text
//!    itself, and names the successor document, whose id follows from *H*
//!    and the replacements.
//! 2. Every current partner accepts it ([`Alliance::accept_restart`]) with a
//!    signature of its device over the proposal, or refuses it.
//! 3. Once all accepted, every device builds the new epoch's first change
//!    itself ([`genesis`]): the same bytes on every device, so its hash is
//!    the same everywhere. It holds the state at *H* as the trust rules read
//!    it, the acceptances, who owned what, and the snapshots of the old
//!    epoch. Its writes count as every partner's own: they all signed for it.
//! 4. The old document is deleted. A device that comes back later with the
//!    old one is told by its peers ([`RestartProof`]) and carries its own
//!    later edits over for its user to review ([`carry`]).

mod carry;
mod genesis;
mod proof;
mod proposal;
mod state;

pub use carry::{CarriedEdit, CarriedValue};
pub use genesis::{EpochInfo, PreviousDecision, PreviousSnapshot};
pub use proof::{ProofError, RestartProof};
pub use proposal::{Acceptance, Replacement, RestartProposal, RestartState};

pub(crate) use genesis::{EPOCH_OWNERS, EPOCH_SWITCHED};
#[cfg(test)]
pub(crate) use proposal::replace_ignoring_case;

/// What every erased occurrence is replaced with.
pub const ERASED: &str = "[verwijderd]";

/// The label of an acceptance signature.
pub const RESTART_LABEL: &[u8] = b"rondetafel-restart-v1";
