//! Rondetafel on the network: who may sync an alliance (the access policy
//! that `rondetafel-sync` asks), invitation tickets, and the record of when
//! each peer was last seen and last synced.

pub mod bundle;
pub mod control;
mod invitation;
mod policy;
mod relays;
pub mod restart;
mod session;
mod status;
pub mod ticket;

pub use invitation::{JoinError, JoinPlan, make_invitation, prepare_join};
pub use policy::{AlliancePolicy, JoinProof};
pub use relays::{RelayDiscovery, published_relays};
pub use session::{LiveNode, NetworkOptions, peer_in, start_node};
pub use status::{DeviceStatus, PartnerStatus, PeerBook, peer_report};
pub use ticket::{Ticket, TicketError};
