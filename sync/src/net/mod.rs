//! Networking: the libp2p behaviour and the event loop that owns the swarm.

mod behaviour;
mod codec;
mod event_loop;
mod guard;
mod reach;

pub use behaviour::ConnectionCaps;
pub use codec::{FrameCodec, Framed, MAX_RECEIVING_BYTES};
pub(crate) use event_loop::EventLoop;
pub use guard::PeerLimits;
pub use reach::{RelayLimits, Route, circuit_to, relay_of};
