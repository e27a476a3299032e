//! The [`AlliancePolicy`]: the sync layer's access questions answered from
//! the alliance's partners, devices and invitations.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use automerge::{ActorId, AutoCommit};
use rondetafel_sync::{AccessPolicy, Decoded, DocumentId, PeerId};
use serde::{Deserialize, Serialize};

use crate::model::{Alliance, Author, Organisation, PartnerKind, Role, Trust};

/// What a device joining an alliance sends to prove its invitation. The
/// device's peer id is not part of it: the admitting side takes the peer id
/// that Noise authenticated.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JoinProof {
    /// The invitation id.
    pub invitation: String,
    /// The invitation's one-time secret (hex).
    pub secret: String,
    /// The joining organisation's partner id.
    pub partner_id: String,
    /// Its name.
    pub organisation: String,
    /// Its kind.
    pub kind: PartnerKind,
    /// Its roles.
    #[serde(default)]
    pub roles: Vec<Role>,
}

/// Answers who may sync an alliance: exactly the current devices of its
/// current partners, according to the local replica.
#[derive(Debug, Clone)]
pub struct AlliancePolicy {
    /// The local device and partner, who admits newcomers.
    admitter: Option<Author>,
    /// The actor id of this process run.
    actor: ActorId,
    /// The trust of every document, kept up to date change by change.
    trust: Arc<Mutex<HashMap<DocumentId, Trust>>>,
}

impl AlliancePolicy {
    /// A policy for a node acting as `admitter` (no admissions when `None`,
    /// e.g. a device without a profile that is still joining).
    pub fn new(admitter: Option<Author>, actor: ActorId) -> Self {
        AlliancePolicy {
            admitter,
            actor,
            trust: Arc::default(),
        }
    }
}

impl AccessPolicy for AlliancePolicy {
    fn members(&self, id: &DocumentId, document: &mut AutoCommit) -> HashSet<PeerId> {
        self.members_after(id, document, &Decoded::new())
    }

    fn members_after(
        &self,
        id: &DocumentId,
        document: &mut AutoCommit,
        arrived: &Decoded,
    ) -> HashSet<PeerId> {
        let mut cache = self.trust.lock().unwrap_or_else(|e| e.into_inner());
        let trust = match cache.get_mut(id) {
            Some(trust) => {
                trust.update_with(document, arrived);
                trust
            }
            None => cache
                .entry(id.clone())
                .or_insert_with(|| Trust::now(document)),
        };
        trust
            .member_devices()
            .iter()
            .filter_map(|peer| peer.parse().ok())
            .collect()
    }

    fn admit(
        &self,
        _: &DocumentId,
        document: &mut AutoCommit,
        peer: &PeerId,
        proof: &[u8],
    ) -> Result<(), String> {
        let admitter = self
            .admitter
            .as_ref()
            .ok_or_else(|| "this device cannot admit new members".to_owned())?;
        let proof: JoinProof = serde_json::from_slice(proof)
            .map_err(|_| "the join request is malformed".to_owned())?;
        let secret = hex::decode(&proof.secret)
            .map_err(|_| "the invitation secret is malformed".to_owned())?;
        let mut alliance = Alliance::from_document(document.clone(), self.actor.clone())
            .map_err(|e| e.to_string())?;
        let organisation = Organisation {
            partner_id: proof.partner_id,
            name: proof.organisation,
            kind: proof.kind,
            roles: proof.roles,
        };
        alliance
            .admit_with_invitation(
                admitter,
                &proof.invitation,
                &secret,
                &organisation,
                &peer.to_string(),
            )
            .map_err(|e| e.to_string())?;
        *document = alliance.into_document();
        Ok(())
    }
}
