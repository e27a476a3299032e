//! The proof a peer gives a device that comes back with the old document:
//! the restart and every partner's signed acceptance, which the device
//! checks against the partners and devices its own copy knows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::proposal::{
    Acceptance, RestartProposal, replacements_digest, signature_holds, statement,
};
use crate::model::alliance::Alliance;

/// A restart, as peers tell each other about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestartProof {
    /// The old alliance.
    pub alliance: String,
    /// The new epoch's alliance id.
    pub successor: String,
    /// The version the new epoch starts from.
    pub heads: Vec<String>,
    /// The last change of every actor in that version.
    pub clock: BTreeMap<String, u64>,
    /// The digest of the replacements.
    pub digest: String,
    /// The new epoch's first change (hex).
    pub genesis: String,
    /// Every partner's acceptance.
    pub accepted: Vec<Acceptance>,
}

/// Why a proof does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// It is not a proof.
    #[error("the restart notice cannot be read")]
    Malformed,
    /// It is about another alliance.
    #[error("the restart notice is about another alliance")]
    OtherAlliance,
    /// A partner of this copy did not sign it.
    #[error("the restart notice lacks the acceptance of {0}")]
    NotAccepted(String),
}

impl RestartProof {
    /// The proof of an agreed proposal whose first change is `genesis`.
    pub fn of(proposal: &RestartProposal, genesis: &automerge::ChangeHash) -> RestartProof {
        RestartProof {
            alliance: proposal.alliance.clone(),
            successor: proposal.successor.clone(),
            heads: proposal.heads.clone(),
            clock: proposal.clock.clone(),
            digest: replacements_digest(&proposal.replacements),
            genesis: genesis.to_string(),
            accepted: proposal.accepted.clone(),
        }
    }

    /// The proof as bytes (JSON).
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a proof.
    pub fn decode(bytes: &[u8]) -> Result<RestartProof, ProofError> {
        serde_json::from_slice(bytes).map_err(|_| ProofError::Malformed)
    }

    /// The new epoch's first change.
    pub fn genesis_hash(&self) -> Result<automerge::ChangeHash, ProofError> {
        self.genesis.parse().map_err(|_| ProofError::Malformed)
    }

    /// Checks the proof against `alliance` as this device holds it: every
    /// current partner accepted, each by a signature of one of its current
    /// devices.
    pub fn check(&self, alliance: &Alliance) -> Result<(), ProofError> {
        if self.alliance != alliance.id() {
            return Err(ProofError::OtherAlliance);
        }
        self.genesis_hash()?;
        let statement = statement(
            &self.alliance,
            &self.successor,
            &self.heads,
            &self.clock,
            &self.digest,
        );
        alliance.reader(|reader| {
            let registry = reader.trust.registry();
            let names = crate::model::view::partner_names(reader.doc, reader.trust, reader.at);
            for partner in reader.current_partners() {
                let signed = self.accepted.iter().any(|a| {
                    a.partner == partner
                        && registry
                            .devices
                            .get(&a.device)
                            .is_some_and(|d| d.partner == partner && !d.retired)
                        && signature_holds(a, &statement)
                });
                if !signed {
                    return Err(ProofError::NotAccepted(
                        names.get(&partner).cloned().unwrap_or(partner),
                    ));
                }
            }
            Ok(())
        })
    }
}
