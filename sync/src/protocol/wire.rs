//! The messages of the `/rondetafel/sync/1` protocol.
//!
//! Each request opens a stream and gets at most one response; both are
//! CBOR-encoded and capped at [`MAX_MESSAGE_BYTES`]. A message that does not
//! decode, or is larger than the cap, closes its stream and is never applied.
//! These types are the wire format only; they change only together with the
//! protocol version in [`PROTOCOL_NAME`].

use serde::{Deserialize, Serialize};

/// The protocol name and version negotiated on every stream.
pub const PROTOCOL_NAME: &str = "/rondetafel/sync/1";

/// The largest request or response accepted, in bytes.
pub const MAX_MESSAGE_BYTES: u64 = 32 * 1024 * 1024;

/// What a peer asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// One Automerge sync message for one document.
    Sync {
        /// The document id.
        document: String,
        /// An encoded `automerge::sync::Message`.
        #[serde(with = "serde_bytes")]
        message: Vec<u8>,
    },
    /// A request to be admitted to a document. The proof is opaque to the
    /// sync layer: the application's [`AccessPolicy`](crate::AccessPolicy)
    /// checks it.
    Join {
        /// The document id.
        document: String,
        /// The application's proof (for Rondetafel: an invitation secret).
        #[serde(with = "serde_bytes")]
        proof: Vec<u8>,
    },
}

/// What a peer answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    /// The answering peer's next sync message, or `None` when it has nothing
    /// to send.
    Sync {
        /// An encoded `automerge::sync::Message`.
        #[serde(with = "serde_bytes")]
        message: Option<Vec<u8>>,
    },
    /// The join was accepted; the document follows by ordinary sync.
    Admitted,
    /// The join was refused, with a reason for the person joining.
    Refused {
        /// Why, in plain words.
        reason: String,
    },
    /// The document is not available to the asking peer. The same answer is
    /// given whether the document does not exist or the peer may not see it,
    /// so a non-member learns nothing.
    Unavailable,
}
