//! "Bereikbaar via": the always-on addresses a partner publishes for its own
//! devices, so every member learns by syncing once where to reach it (and
//! which relays to listen through) from another network.
//!
//! Stored as a set under the partner's object (`partners › <id> › reachable
//! › <address>: true`). Only the partner's own devices may write it, and an
//! address counts only when it ends in `/p2p/` and the peer id of one of
//! that partner's current devices: a partner cannot point others at a
//! device that is not its own.

use automerge::ObjType;
use automerge::transaction::Transactable;
use rondetafel_sync::{Multiaddr, PeerId, Protocol};

use super::alliance::{Alliance, Author};
use super::error::{AddressProblem, ModelError};
use super::read::{self, At};
use super::trust::Rule;
use super::view::PartnerView;

/// The key of the published addresses in a partner's object.
pub const REACHABLE: &str = "reachable";

/// The peer id an address ends in (`…/p2p/<peer id>`), if it does.
pub fn address_peer(address: &Multiaddr) -> Option<PeerId> {
    match address.iter().last() {
        Some(Protocol::P2p(peer)) => Some(peer),
        _ => None,
    }
}

/// Whether `address` counts as published by a partner whose current
/// devices are `devices` (peer ids): a well-formed address ending in one
/// of them, not itself a circuit through a relay.
pub(crate) fn counts(address: &str, devices: &[String]) -> bool {
    let Ok(parsed) = address.parse::<Multiaddr>() else {
        return false;
    };
    let circuit = parsed.iter().any(|p| matches!(p, Protocol::P2pCircuit));
    !circuit
        && address_peer(&parsed).is_some_and(|peer| devices.iter().any(|d| *d == peer.to_string()))
}

impl Alliance {
    /// Publishes `address` as one where the author's organisation can be
    /// reached. An address without `/p2p/…` gets the author's device id
    /// appended; one ending in another partner's device is refused.
    /// Returns the address as stored and whether it is new (publishing an
    /// address again writes nothing).
    pub fn publish_address(
        &mut self,
        author: &Author,
        address: &str,
    ) -> Result<(String, bool), ModelError> {
        self.require_member(author)?;
        let own_view = self
            .partners()
            .into_iter()
            .find(|p| p.id == author.partner_id)
            .ok_or(ModelError::NotAMember)?;
        let stored = own_device_address(author, address, &own_view.devices)?;
        let partner = self
            .partner_obj(&author.partner_id)
            .ok_or(ModelError::NotAMember)?;
        let own = Rule::Partner(author.partner_id.clone());
        if own_view.reachable_at.contains(&stored) {
            return Ok((stored, false));
        }
        let set = self.reader(|r| r.map(&partner, REACHABLE, &own));
        let key = stored.clone();
        self.change(author, format!("publish address {stored}"), |doc| {
            let set = match set {
                Some(set) => set,
                None => doc.put_object(&partner, REACHABLE, ObjType::Map)?,
            };
            doc.put(&set, key.as_str(), true)
        })?;
        Ok((stored, true))
    }

    /// Withdraws an address the author's organisation published; an
    /// address it did not publish is an error.
    pub fn withdraw_address(&mut self, author: &Author, address: &str) -> Result<(), ModelError> {
        self.require_member(author)?;
        let partner = self
            .partner_obj(&author.partner_id)
            .ok_or(ModelError::NotAMember)?;
        let own = Rule::Partner(author.partner_id.clone());
        let set = self
            .reader(|r| r.map(&partner, REACHABLE, &own))
            .filter(|set| {
                read::keys_at(self.document(), At::Now, set).contains(&address.to_owned())
            })
            .ok_or_else(|| ModelError::NotFound {
                what: "published address",
                query: address.to_owned(),
            })?;
        self.change(author, format!("withdraw address {address}"), |doc| {
            doc.delete(&set, address)
        })
    }

    /// The partners as they wrote themselves (only what a partner's own
    /// devices may write counts), without the rest of the view.
    pub fn partners(&self) -> Vec<PartnerView> {
        self.reader(|r| r.partners())
    }
}

/// The address to store for `address` written by `author`'s device, whose
/// organisation's current devices are `own_devices`.
fn own_device_address(
    author: &Author,
    address: &str,
    own_devices: &[String],
) -> Result<String, ModelError> {
    let invalid = |problem| ModelError::BadAddress {
        address: address.to_owned(),
        problem,
    };
    if address.trim().is_empty() {
        return Err(ModelError::Empty("the address"));
    }
    let parsed: Multiaddr = address
        .trim()
        .parse()
        .map_err(|_| invalid(AddressProblem::Malformed))?;
    if parsed.iter().any(|p| matches!(p, Protocol::P2pCircuit)) {
        return Err(invalid(AddressProblem::Circuit));
    }
    let full = match (address_peer(&parsed), author.device.parse::<PeerId>()) {
        (Some(_), _) => parsed,
        (None, Ok(device)) => parsed.with(Protocol::P2p(device)),
        (None, Err(_)) => return Err(invalid(AddressProblem::NotOwnDevice)),
    };
    if counts(&full.to_string(), own_devices) {
        Ok(full.to_string())
    } else {
        Err(invalid(AddressProblem::NotOwnDevice))
    }
}
