//! Who belongs to an alliance: invitations, admission, leaving and retiring
//! devices, and the set of devices that may sync.
//!
//! An invitation stores only a SHA-256 hash of its one-time secret, so any
//! member holding the alliance can admit the newcomer, and the secret itself
//! never enters the shared document.

use std::collections::BTreeSet;

use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT, ScalarValue};
use sha2::{Digest, Sha256};

use super::alliance::{Alliance, Author, Organisation, non_empty, now_ms};
use super::error::ModelError;
use super::ids::{self, ITEM_ID_BYTES};
use super::read::{self, At};
use super::schema::{INVITATIONS, PARTNERS};

/// What an invitation admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvitationKind {
    /// A new partner organisation.
    Partner,
    /// Another device of an existing partner.
    Device {
        /// The partner the device will act for.
        partner_id: String,
    },
}

/// A freshly created invitation: what goes into the ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The invitation id (recorded in the alliance).
    pub id: String,
    /// The one-time secret (never stored in the alliance).
    pub secret: [u8; 32],
    /// When it expires, in milliseconds since the Unix epoch.
    pub expires_ms: i64,
    /// What it admits.
    pub kind: InvitationKind,
}

/// Why an invitation was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvitationError {
    /// No such invitation in the alliance.
    #[error("this invitation is not known in the alliance")]
    Unknown,
    /// The secret does not match.
    #[error("this invitation's secret is not valid")]
    WrongSecret,
    /// It expired.
    #[error("this invitation expired; ask a partner for a new one")]
    Expired,
    /// The partner that made it withdrew it.
    #[error("this invitation was withdrawn; ask a partner for a new one")]
    Withdrawn,
    /// It was used already.
    #[error("this invitation was already used; ask a partner for a new one")]
    Used,
    /// A device invitation was used by another organisation.
    #[error("this invitation is for another device of {0}, not for a new organisation")]
    WrongPartner(String),
}

impl Alliance {
    /// Creates an invitation valid until `expires_ms`. Any current partner
    /// may invite a new partner; a partner invites devices only for itself.
    pub fn invite(
        &mut self,
        author: &Author,
        kind: InvitationKind,
        expires_ms: i64,
    ) -> Result<Invitation, ModelError> {
        self.require_member(author)?;
        if let InvitationKind::Device { partner_id } = &kind
            && *partner_id != author.partner_id
        {
            return Err(ModelError::NotYourPartner);
        }
        let invitations = self.root_map(INVITATIONS)?;
        let id = ids::random_id(ITEM_ID_BYTES);
        let mut secret = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut secret);
        let hash = hex::encode(Sha256::digest(secret));
        let what = match &kind {
            InvitationKind::Partner => "a new partner".to_owned(),
            InvitationKind::Device { .. } => "a new device".to_owned(),
        };
        self.change(author, format!("invite {what} ({id})"), |doc| {
            let obj = doc.put_object(&invitations, id.as_str(), ObjType::Map)?;
            match &kind {
                InvitationKind::Partner => doc.put(&obj, "kind", "partner")?,
                InvitationKind::Device { partner_id } => {
                    doc.put(&obj, "kind", "device")?;
                    doc.put(&obj, "partner", partner_id.as_str())?;
                }
            }
            doc.put(&obj, "secret_sha256", hash.as_str())?;
            doc.put(&obj, "expires", ScalarValue::Timestamp(expires_ms))?;
            doc.put(&obj, "created_by", author.partner_id.as_str())?;
            doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        Ok(Invitation {
            id,
            secret,
            expires_ms,
            kind,
        })
    }

    /// Admits `organisation` acting through `device`, on the strength of an
    /// invitation and its secret, as an edit by `admitter` (the member whose
    /// device answers the join). The invitation is marked used in the same
    /// change.
    pub fn admit_with_invitation(
        &mut self,
        admitter: &Author,
        invitation_id: &str,
        secret: &[u8],
        organisation: &Organisation,
        device: &str,
    ) -> Result<(), ModelError> {
        self.require_member(admitter)?;
        non_empty(&organisation.name, "the organisation name")?;
        let invitation = self.check_invitation(invitation_id, secret, now_ms())?;
        if let InvitationKind::Device { partner_id } = &invitation
            && *partner_id != organisation.partner_id
        {
            return Err(InvitationError::WrongPartner(self.partner_name(partner_id)).into());
        }
        let invitations = self.root_map(INVITATIONS)?;
        let obj = self.map(&invitations, invitation_id)?;
        let add = self.partner_writer(organisation, device)?;
        let name = organisation.name.trim();
        self.change(
            admitter,
            format!("add partner {name} (invitation {invitation_id} used)"),
            |doc| {
                add(doc)?;
                doc.put(&obj, "used_by", device)?;
                doc.put(&obj, "used_at", ScalarValue::Timestamp(now_ms()))?;
                Ok(())
            },
        )
    }

    /// Checks an invitation and secret at time `now_ms`; returns its kind.
    pub fn check_invitation(
        &self,
        invitation_id: &str,
        secret: &[u8],
        now_ms: i64,
    ) -> Result<InvitationKind, InvitationError> {
        let doc = self.document();
        let obj = read::map_at(doc, At::Now, &ROOT, INVITATIONS)
            .and_then(|invitations| read::map_at(doc, At::Now, &invitations, invitation_id))
            .ok_or(InvitationError::Unknown)?;
        let stored = read::str(doc, &obj, "secret_sha256").ok_or(InvitationError::Unknown)?;
        if !constant_time_eq(
            stored.as_bytes(),
            hex::encode(Sha256::digest(secret)).as_bytes(),
        ) {
            return Err(InvitationError::WrongSecret);
        }
        if read::str(doc, &obj, "used_by").is_some() {
            return Err(InvitationError::Used);
        }
        if read::timestamp_at(doc, At::Now, &obj, "withdrawn").is_some() {
            return Err(InvitationError::Withdrawn);
        }
        let expires = read::timestamp_at(doc, At::Now, &obj, "expires").unwrap_or(0);
        if now_ms > expires {
            return Err(InvitationError::Expired);
        }
        match read::str(doc, &obj, "kind").as_deref() {
            Some("device") => Ok(InvitationKind::Device {
                partner_id: read::str(doc, &obj, "partner").unwrap_or_default(),
            }),
            _ => Ok(InvitationKind::Partner),
        }
    }

    /// Removes a partner from the alliance: it keeps its history but receives
    /// no new changes, and its later changes are not accepted. Any current
    /// partner may do this; the last partner cannot be removed.
    pub fn remove_partner(&mut self, author: &Author, query: &str) -> Result<String, ModelError> {
        self.require_member(author)?;
        let ids = self.resolve_partners(&[query.to_owned()])?;
        let Some(partner_id) = ids.into_iter().next() else {
            return Err(ModelError::NotFound {
                what: "partner",
                query: query.to_owned(),
            });
        };
        if !self.is_current_partner(&partner_id) {
            return Err(ModelError::AlreadyRemoved(self.partner_name(&partner_id)));
        }
        let remaining = self
            .current_partners()
            .into_iter()
            .filter(|p| *p != partner_id)
            .count();
        if remaining == 0 {
            return Err(ModelError::LastPartner);
        }
        let partner = self
            .partner_obj(&partner_id)
            .ok_or_else(|| ModelError::NotFound {
                what: "partner",
                query: query.to_owned(),
            })?;
        let name = self.partner_name(&partner_id);
        self.change(author, format!("remove partner {name}"), |doc| {
            doc.put(&partner, "left", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        Ok(name)
    }

    /// Retires one of the author's own partner's devices (a stolen laptop, a
    /// replaced computer): it receives no new changes afterwards.
    pub fn remove_device(
        &mut self,
        author: &Author,
        device_query: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let partner = self
            .partner_obj(&author.partner_id)
            .ok_or(ModelError::NotAMember)?;
        let devices = self.map(&partner, "devices")?;
        let candidates: Vec<(String, Option<String>)> =
            read::keys_at(self.document(), At::Now, &devices)
                .into_iter()
                .filter(|d| {
                    read::map_at(self.document(), At::Now, &devices, d).is_some_and(|o| {
                        read::timestamp_at(self.document(), At::Now, &o, "removed").is_none()
                    })
                })
                .map(|d| (d, None))
                .collect();
        let device = ids::resolve("device of your organisation", device_query, &candidates)?;
        let obj = self.map(&devices, &device)?;
        self.change(author, format!("retire device {device}"), |doc| {
            doc.put(&obj, "removed", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        Ok(device)
    }

    /// The ids of the current partners.
    pub fn current_partners(&self) -> Vec<String> {
        let doc = self.document();
        read::map_at(doc, At::Now, &ROOT, PARTNERS)
            .map(|partners| read::keys_at(doc, At::Now, &partners))
            .unwrap_or_default()
            .into_iter()
            .filter(|p| self.is_current_partner(p))
            .collect()
    }
}

impl Alliance {
    /// The peer ids of every current device of every current partner, by
    /// the device registry: exactly the peers that may sync the alliance.
    pub fn member_devices(&self) -> BTreeSet<String> {
        self.trust().member_devices().into_iter().collect()
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
