//! Making invitations and preparing to join with one: the steps that the
//! command line (`invite`, `join`) and the desktop client share.

use rondetafel_sync::{DocumentId, Multiaddr, PeerId};

use super::ticket::DeviceOf;
use super::{JoinProof, Ticket, TicketError};
use crate::local::{Profile, Workspace, WorkspaceError};
use crate::model::{Alliance, Author, InvitationKind, ModelError, PartnerKind};

/// Why joining cannot start.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    /// The ticket cannot be read.
    #[error(transparent)]
    Ticket(#[from] TicketError),
    /// The ticket's time is up.
    #[error("this invitation expired; ask a partner for a new one")]
    Expired,
    /// The alliance is already on this device.
    #[error("this device already holds {0}")]
    AlreadyHeld(String),
    /// A device ticket of another organisation.
    #[error("this invitation is for a device of {invited}, but this device acts for {own}")]
    OtherOrganisation {
        /// The organisation the ticket is for.
        invited: String,
        /// The organisation of this device.
        own: String,
    },
    /// The workspace refused (no profile, unusable data directory).
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

/// Everything needed to ask a partner for admission.
#[derive(Debug, Clone)]
pub struct JoinPlan {
    /// The alliance to join.
    pub alliance: DocumentId,
    /// Its name, as the ticket says.
    pub alliance_name: String,
    /// The inviting device.
    pub inviter: PeerId,
    /// Where to reach it (or other partners).
    pub addresses: Vec<Multiaddr>,
    /// Partners' always-on devices (full addresses), which may admit too.
    pub always_on: Vec<Multiaddr>,
    /// The encoded [`JoinProof`].
    pub proof: Vec<u8>,
}

impl JoinPlan {
    /// The members to ask for admission: the inviter at its addresses, and
    /// every always-on device the ticket names at its own address.
    pub fn candidates(&self) -> Vec<(PeerId, Vec<Multiaddr>)> {
        let mut candidates = vec![(self.inviter, self.addresses.clone())];
        for address in &self.always_on {
            if let Some(peer) = crate::model::reachable::address_peer(address)
                && peer != self.inviter
            {
                candidates.push((peer, vec![address.clone()]));
            }
        }
        candidates
    }

    /// Whether the ticket (with the extra addresses) names any address.
    pub fn has_addresses(&self) -> bool {
        !self.addresses.is_empty() || !self.always_on.is_empty()
    }
}

/// Makes an invitation in `alliance` (a partner invitation, or one for a
/// device of the author's own organisation) valid until `expires_ms`, and
/// its ticket naming `addresses`.
pub fn make_invitation(
    alliance: &mut Alliance,
    author: &Author,
    profile: &Profile,
    for_device: bool,
    expires_ms: i64,
    addresses: Vec<String>,
) -> Result<Ticket, ModelError> {
    let kind = if for_device {
        InvitationKind::Device {
            partner_id: author.partner_id.clone(),
        }
    } else {
        InvitationKind::Partner
    };
    let invitation = alliance.invite(author, kind, expires_ms)?;
    let device_of = for_device.then(|| DeviceOf {
        partner_id: author.partner_id.clone(),
        organisation: profile.organisation.clone(),
        kind: profile.kind.slug().to_owned(),
    });
    let always_on = match author.device.parse::<PeerId>() {
        Ok(own) => super::published_relays(&alliance.partners(), &own)
            .iter()
            .map(ToString::to_string)
            .collect(),
        Err(_) => Vec::new(),
    };
    Ok(Ticket {
        alliance: alliance.id().to_owned(),
        alliance_name: alliance.name(),
        peer: author.device.clone(),
        addresses,
        always_on,
        invitation: invitation.id,
        secret: hex::encode(invitation.secret),
        expires_ms,
        device_of,
    })
}

/// Checks a ticket and this device, adopting the ticket's organisation when
/// it invites a device that is not set up yet, and returns the join request
/// to send. `extra` addresses are tried besides those in the ticket; with
/// none at all, the inviter is looked for on the local network only.
pub fn prepare_join(
    workspace: &mut Workspace,
    ticket: &str,
    extra: &[Multiaddr],
) -> Result<JoinPlan, JoinError> {
    let ticket = Ticket::decode(ticket)?;
    if jiff::Timestamp::now().as_millisecond() > ticket.expires_ms {
        return Err(JoinError::Expired);
    }
    let alliance: DocumentId = ticket.alliance.parse().map_err(|_| TicketError::Damaged)?;
    if workspace.find_alliance(alliance.as_str()).is_ok() {
        return Err(JoinError::AlreadyHeld(format!(
            "{} ({alliance})",
            ticket.alliance_name
        )));
    }
    let profile = joining_profile(workspace, ticket.device_of.as_ref())?;
    let inviter: PeerId = ticket.peer.parse().map_err(|_| TicketError::Damaged)?;
    let mut addresses: Vec<Multiaddr> = ticket
        .addresses
        .iter()
        .filter_map(|a| a.parse().ok())
        .collect();
    addresses.extend(extra.iter().cloned());
    let proof = JoinProof {
        invitation: ticket.invitation.clone(),
        secret: ticket.secret.clone(),
        partner_id: profile.partner_id.clone(),
        organisation: profile.organisation.clone(),
        kind: profile.kind,
        roles: profile.roles.clone(),
    };
    Ok(JoinPlan {
        alliance,
        alliance_name: ticket.alliance_name,
        inviter,
        addresses,
        always_on: ticket
            .always_on
            .iter()
            .filter_map(|a| a.parse().ok())
            .collect(),
        proof: serde_json::to_vec(&proof).map_err(|_| TicketError::Damaged)?,
    })
}

/// The profile this device joins with.
fn joining_profile(
    workspace: &mut Workspace,
    device_of: Option<&DeviceOf>,
) -> Result<Profile, JoinError> {
    match (device_of, workspace.profile()?) {
        (Some(device_of), None) => {
            let kind: PartnerKind = device_of.kind.parse().map_err(|_| TicketError::Damaged)?;
            Ok(workspace.adopt_profile(&device_of.partner_id, &device_of.organisation, kind)?)
        }
        (Some(device_of), Some(profile)) if profile.partner_id != device_of.partner_id => {
            Err(JoinError::OtherOrganisation {
                invited: device_of.organisation.clone(),
                own: profile.organisation,
            })
        }
        (_, Some(profile)) => Ok(profile),
        (None, None) => Err(WorkspaceError::NoProfile.into()),
    }
}
