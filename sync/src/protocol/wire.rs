//! The messages of the `/rondetafel/sync/3` protocol and their encoding.
//!
//! Each request opens a stream and gets at most one response. Every message
//! is one frame: a 4-byte big-endian length, then the body. A frame longer
//! than [`MAX_MESSAGE_BYTES`] is refused from its length alone, before any of
//! it is read; a body that does not decode closes the stream. Nothing of a
//! refused message is ever applied. See `docs/protocol.md`.
//!
//! Version 2 sends, with every sync message, the signatures of the changes
//! it carries (see [`crate::signing`]); version 3 adds the answer that a
//! document was restarted under another id ([`Response::Superseded`]). A
//! peer of an older version cannot agree on a protocol with us and is told
//! so.

use std::io;

/// The protocol name and version negotiated on every stream.
pub const PROTOCOL_NAME: &str = "/rondetafel/sync/3";

/// The largest message body accepted, in bytes.
pub const MAX_MESSAGE_BYTES: u32 = 32 * 1024 * 1024;

/// What a peer asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// One Automerge sync message for one document.
    Sync {
        /// The document id.
        document: String,
        /// An encoded `automerge::sync::Message`.
        message: Vec<u8>,
        /// The signature records of the changes it carries
        /// ([`Signatures::encode`](crate::Signatures::encode)).
        signatures: Vec<u8>,
    },
    /// A request to be admitted to a document. The proof is opaque to the
    /// sync layer: the application's [`AccessPolicy`](crate::AccessPolicy)
    /// checks it.
    Join {
        /// The document id.
        document: String,
        /// The application's proof (for Rondetafel: an invitation secret).
        proof: Vec<u8>,
    },
}

/// What a peer answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// The answering peer's next sync message, or `None` when it has nothing
    /// to send.
    Sync {
        /// An encoded `automerge::sync::Message`.
        message: Option<Vec<u8>>,
        /// The signature records of the changes it carries.
        signatures: Vec<u8>,
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
    /// The document was replaced by another (an alliance restarted on a new
    /// document). The proof is opaque to the sync layer: the application
    /// checks it against the document it holds.
    Superseded {
        /// The successor's document id.
        successor: String,
        /// The application's proof.
        proof: Vec<u8>,
    },
}

const REQUEST_SYNC: u8 = 1;
const REQUEST_JOIN: u8 = 2;
const RESPONSE_SYNC: u8 = 1;
const RESPONSE_IN_SYNC: u8 = 2;
const RESPONSE_ADMITTED: u8 = 3;
const RESPONSE_REFUSED: u8 = 4;
const RESPONSE_UNAVAILABLE: u8 = 5;
const RESPONSE_SUPERSEDED: u8 = 6;

impl Request {
    /// The body: tag, document id (length-prefixed, at most 255 bytes),
    /// payload. The payload of a sync request is the signature records
    /// (length-prefixed, 4 bytes big-endian), then the sync message.
    pub fn encode(&self) -> Vec<u8> {
        let (tag, document, payload) = match self {
            Request::Sync {
                document,
                message,
                signatures,
            } => (REQUEST_SYNC, document, with_signatures(signatures, message)),
            Request::Join { document, proof } => (REQUEST_JOIN, document, proof.clone()),
        };
        let document = &document.as_bytes()[..document.len().min(255)];
        let mut body = Vec::with_capacity(2 + document.len() + payload.len());
        body.push(tag);
        body.push(document.len() as u8);
        body.extend_from_slice(document);
        body.extend_from_slice(&payload);
        body
    }

    /// Decodes a body.
    pub fn decode(body: &[u8]) -> io::Result<Request> {
        let (&tag, rest) = body.split_first().ok_or_else(|| invalid("empty request"))?;
        let (&len, rest) = rest
            .split_first()
            .ok_or_else(|| invalid("request without document"))?;
        let len = usize::from(len);
        if rest.len() < len {
            return Err(invalid("request cut short"));
        }
        let document = String::from_utf8(rest[..len].to_vec())
            .map_err(|_| invalid("document id is not text"))?;
        let payload = &rest[len..];
        match tag {
            REQUEST_SYNC => {
                let (signatures, message) = split_signatures(payload)?;
                Ok(Request::Sync {
                    document,
                    message,
                    signatures,
                })
            }
            REQUEST_JOIN => Ok(Request::Join {
                document,
                proof: payload.to_vec(),
            }),
            _ => Err(invalid("unknown request")),
        }
    }
}

impl Response {
    /// The body: tag, then the message or the reason.
    pub fn encode(&self) -> Vec<u8> {
        match self {
            Response::Sync {
                message: Some(message),
                signatures,
            } => [&[RESPONSE_SYNC][..], &with_signatures(signatures, message)].concat(),
            Response::Sync { message: None, .. } => vec![RESPONSE_IN_SYNC],
            Response::Admitted => vec![RESPONSE_ADMITTED],
            Response::Refused { reason } => [&[RESPONSE_REFUSED][..], reason.as_bytes()].concat(),
            Response::Unavailable => vec![RESPONSE_UNAVAILABLE],
            Response::Superseded { successor, proof } => {
                let successor = &successor.as_bytes()[..successor.len().min(255)];
                [
                    &[RESPONSE_SUPERSEDED, successor.len() as u8][..],
                    successor,
                    proof,
                ]
                .concat()
            }
        }
    }

    /// Decodes a body.
    pub fn decode(body: &[u8]) -> io::Result<Response> {
        let (&tag, rest) = body
            .split_first()
            .ok_or_else(|| invalid("empty response"))?;
        match tag {
            RESPONSE_SYNC => {
                let (signatures, message) = split_signatures(rest)?;
                Ok(Response::Sync {
                    message: Some(message),
                    signatures,
                })
            }
            RESPONSE_IN_SYNC if rest.is_empty() => Ok(Response::Sync {
                message: None,
                signatures: Vec::new(),
            }),
            RESPONSE_ADMITTED if rest.is_empty() => Ok(Response::Admitted),
            RESPONSE_REFUSED => Ok(Response::Refused {
                reason: String::from_utf8_lossy(rest).into_owned(),
            }),
            RESPONSE_UNAVAILABLE if rest.is_empty() => Ok(Response::Unavailable),
            RESPONSE_SUPERSEDED => {
                let (&len, rest) = rest
                    .split_first()
                    .ok_or_else(|| invalid("superseded without successor"))?;
                let (successor, proof) = rest
                    .split_at_checked(usize::from(len))
                    .ok_or_else(|| invalid("successor cut short"))?;
                Ok(Response::Superseded {
                    successor: String::from_utf8(successor.to_vec())
                        .map_err(|_| invalid("successor is not text"))?,
                    proof: proof.to_vec(),
                })
            }
            _ => Err(invalid("unknown response")),
        }
    }
}

/// The signature records, length-prefixed, then the message.
fn with_signatures(signatures: &[u8], message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + signatures.len() + message.len());
    out.extend_from_slice(&(signatures.len() as u32).to_be_bytes());
    out.extend_from_slice(signatures);
    out.extend_from_slice(message);
    out
}

/// Splits a payload made by [`with_signatures`].
fn split_signatures(payload: &[u8]) -> io::Result<(Vec<u8>, Vec<u8>)> {
    let (len, rest) = payload
        .split_at_checked(4)
        .ok_or_else(|| invalid("sync message without signatures"))?;
    let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
    let (signatures, message) = rest
        .split_at_checked(len)
        .ok_or_else(|| invalid("signatures cut short"))?;
    Ok((signatures.to_vec(), message.to_vec()))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_responses_round_trip() {
        let requests = [
            Request::Sync {
                document: "doc".into(),
                message: vec![1, 2, 3],
                signatures: vec![4; 96],
            },
            Request::Join {
                document: "doc".into(),
                proof: Vec::new(),
            },
        ];
        for request in requests {
            assert_eq!(Request::decode(&request.encode()).ok(), Some(request));
        }
        let responses = [
            Response::Sync {
                message: Some(vec![9]),
                signatures: vec![5; 96],
            },
            Response::Sync {
                message: None,
                signatures: Vec::new(),
            },
            Response::Admitted,
            Response::Refused {
                reason: "verlopen".into(),
            },
            Response::Unavailable,
            Response::Superseded {
                successor: "next".into(),
                proof: vec![7; 40],
            },
        ];
        for response in responses {
            assert_eq!(Response::decode(&response.encode()).ok(), Some(response));
        }
    }

    #[test]
    fn malformed_bodies_are_errors() {
        for body in [
            &[][..],
            &[1],
            &[1, 5, b'a'],
            &[9, 0],
            &[1, 1, 0xff],
            &[1, 0, 0, 0, 0, 9],
        ] {
            assert!(Request::decode(body).is_err(), "{body:?}");
        }
        for body in [&[][..], &[3, 0], &[5, 1], &[77], &[6], &[6, 9, b'a']] {
            assert!(Response::decode(body).is_err(), "{body:?}");
        }
    }
}
