//! The sync protocol: the wire messages and the sans-IO core that drives
//! Automerge's sync per (peer, document).

mod core;
mod limits;
mod screen;
mod wire;

pub use core::{AccessPolicy, Effect, InboundId, SyncCore, SyncEvent, SyncStats, Unsaved};
pub use limits::{Decoded, MessageCaps};
pub use screen::{Carried, CarriedError, Screened, apply_carried, screen_changes};
pub use wire::{MAX_MESSAGE_BYTES, PROTOCOL_NAME, Request, Response};

#[cfg(test)]
mod screen_tests;
#[cfg(test)]
mod tests;
