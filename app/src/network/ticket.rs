//! Invitation tickets: one copyable line carrying everything a new partner or
//! device needs to join.
//!
//! Format: `rondetafel1:` followed by the unpadded base64url encoding of a
//! JSON object (see [`Ticket`]).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// The prefix that marks a ticket and its version.
const PREFIX: &str = "rondetafel1:";
/// Tickets longer than this are refused before decoding.
const MAX_TICKET_LEN: usize = 8 * 1024;

/// An invitation ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// The alliance id.
    pub alliance: String,
    /// The alliance name, to show the person joining.
    pub alliance_name: String,
    /// The inviting device's peer id.
    pub peer: String,
    /// Addresses where the inviting device (or the alliance) can be reached.
    pub addresses: Vec<String>,
    /// Full addresses (`…/p2p/<peer id>`) of partners' always-on devices
    /// ("bereikbaar via"): any of them can admit the newcomer too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub always_on: Vec<String>,
    /// The invitation id.
    pub invitation: String,
    /// The one-time secret, hex.
    pub secret: String,
    /// Expiry, milliseconds since the Unix epoch.
    pub expires_ms: i64,
    /// For a device invitation: the partner the device joins as.
    #[serde(default)]
    pub device_of: Option<DeviceOf>,
}

/// The partner a device ticket belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceOf {
    /// Partner id.
    pub partner_id: String,
    /// Organisation name.
    pub organisation: String,
    /// Organisation kind (slug).
    pub kind: String,
}

/// Why a ticket could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    /// Not a Rondetafel ticket at all.
    #[error("this is not a Rondetafel invitation (it should start with {PREFIX})")]
    NotATicket,
    /// The ticket is damaged (cut off while copying?).
    #[error("this invitation is damaged; copy the whole line again")]
    Damaged,
}

impl Ticket {
    /// The ticket as one line.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(json))
    }

    /// Reads a ticket line (surrounding whitespace is ignored).
    pub fn decode(line: &str) -> Result<Ticket, TicketError> {
        let line = line.trim();
        if line.len() > MAX_TICKET_LEN {
            return Err(TicketError::Damaged);
        }
        let body = line.strip_prefix(PREFIX).ok_or(TicketError::NotATicket)?;
        let json = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| TicketError::Damaged)?;
        serde_json::from_slice(&json).map_err(|_| TicketError::Damaged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket() -> Ticket {
        Ticket {
            alliance: "a".repeat(32),
            alliance_name: "Jeugd Noord".into(),
            peer: "12D3KooW".into(),
            addresses: vec!["/ip4/127.0.0.1/tcp/4001".into()],
            always_on: Vec::new(),
            invitation: "0123456789abcdef".into(),
            secret: "ff".repeat(32),
            expires_ms: 1,
            device_of: None,
        }
    }

    #[test]
    fn round_trips_as_one_line() {
        let line = ticket().encode();
        assert!(!line.contains(char::is_whitespace));
        assert_eq!(Ticket::decode(&format!("  {line}\n")), Ok(ticket()));
    }

    #[test]
    fn refuses_garbage_and_cut_tickets() {
        assert_eq!(Ticket::decode("hello"), Err(TicketError::NotATicket));
        let line = ticket().encode();
        assert_eq!(
            Ticket::decode(&line[..line.len() - 10]),
            Err(TicketError::Damaged)
        );
        assert_eq!(
            Ticket::decode(&format!("{PREFIX}{}", "A".repeat(MAX_TICKET_LEN))),
            Err(TicketError::Damaged)
        );
    }
}
