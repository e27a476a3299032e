//! The checksummed file format shared by snapshots and chunks.
//!
//! ```text
//! offset  size  field
//! 0       4     magic: "RTDS" (snapshot) or "RTDC" (chunk)
//! 4       1     format version (1)
//! 5       3     reserved, zero
//! 8       8     sequence number, little endian (chunk: its own; snapshot: last chunk folded in)
//! 16      8     payload length, little endian
//! 24      4     CRC-32 of bytes 0..24 and the payload, little endian
//! 28      ..    payload
//! ```
//!
//! Format version 1 (written before changes were signed): the payload is
//! Automerge bytes. Version 2: an 8-byte little-endian length, that many
//! Automerge bytes, then the signature records of the changes they hold
//! (change hash and Ed25519 signature, 96 bytes each), so a change and its
//! signature are made durable by the same write.

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameKind {
    /// A full, compacted Automerge document.
    Snapshot,
    /// The changes made since the previous save.
    Chunk,
}

impl FrameKind {
    fn magic(self) -> &'static [u8; 4] {
        match self {
            FrameKind::Snapshot => b"RTDS",
            FrameKind::Chunk => b"RTDC",
        }
    }
}

/// The format version this build writes (it reads 1 and 2).
const FORMAT_VERSION: u8 = 2;
/// The version written before changes were signed.
const UNSIGNED_VERSION: u8 = 1;
/// Size of the fixed header in bytes.
pub(crate) const HEADER_LEN: usize = 28;

/// Why a file's bytes are not a valid frame.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// The file ends before its header or its announced payload does.
    #[error("the file is cut short ({actual} of {expected} bytes)")]
    Truncated {
        /// Bytes the header announced (or the header length itself).
        expected: u64,
        /// Bytes actually present.
        actual: u64,
    },
    /// The file does not start with the expected magic bytes.
    #[error("the file is not a Rondetafel storage file of the expected kind")]
    BadMagic,
    /// The file was written by a newer format version.
    #[error("the file uses storage format version {0}, which this version cannot read")]
    UnknownVersion(u8),
    /// The payload does not match its checksum.
    #[error("the file's checksum does not match its contents")]
    ChecksumMismatch,
    /// Bytes follow the announced payload.
    #[error("the file has {0} unexpected bytes after its contents")]
    TrailingBytes(u64),
    /// The payload's own layout is inconsistent.
    #[error("the file's contents are laid out wrongly")]
    BadLayout,
}

/// Encodes Automerge bytes and their signature records as a frame of
/// `kind` with sequence number `seq`.
pub(crate) fn encode(kind: FrameKind, seq: u64, automerge: &[u8], signatures: &[u8]) -> Vec<u8> {
    let mut payload = Vec::with_capacity(8 + automerge.len() + signatures.len());
    payload.extend_from_slice(&(automerge.len() as u64).to_le_bytes());
    payload.extend_from_slice(automerge);
    payload.extend_from_slice(signatures);
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(kind.magic());
    out.push(FORMAT_VERSION);
    out.extend_from_slice(&[0, 0, 0]);
    out.extend_from_slice(&seq.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    let crc = checksum(&out, &payload);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// CRC-32 over the header fields before the checksum and the payload.
fn checksum(header_before_crc: &[u8], payload: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(header_before_crc);
    hasher.update(payload);
    hasher.finalize()
}

/// A decoded frame: its sequence number, Automerge bytes and signatures.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Frame<'a> {
    /// The sequence number from the header.
    pub(crate) seq: u64,
    /// The Automerge bytes.
    pub(crate) payload: &'a [u8],
    /// The encoded signature records (empty in version 1 files).
    pub(crate) signatures: &'a [u8],
}

/// Decodes and verifies a frame of `kind`.
pub(crate) fn decode(kind: FrameKind, bytes: &[u8]) -> Result<Frame<'_>, FrameError> {
    let header = bytes.get(..HEADER_LEN).ok_or(FrameError::Truncated {
        expected: HEADER_LEN as u64,
        actual: bytes.len() as u64,
    })?;
    if &header[0..4] != kind.magic() {
        return Err(FrameError::BadMagic);
    }
    let version = header[4];
    if version != FORMAT_VERSION && version != UNSIGNED_VERSION {
        return Err(FrameError::UnknownVersion(version));
    }
    let seq = read_u64(&header[8..16]);
    let len = read_u64(&header[16..24]);
    let crc = u32::from_le_bytes([header[24], header[25], header[26], header[27]]);
    let body = &bytes[HEADER_LEN..];
    let body_len = body.len() as u64;
    if body_len < len {
        return Err(FrameError::Truncated {
            expected: (HEADER_LEN as u64).saturating_add(len),
            actual: bytes.len() as u64,
        });
    }
    if body_len > len {
        return Err(FrameError::TrailingBytes(body_len - len));
    }
    if checksum(&header[..24], body) != crc {
        return Err(FrameError::ChecksumMismatch);
    }
    if version == UNSIGNED_VERSION {
        return Ok(Frame {
            seq,
            payload: body,
            signatures: &[],
        });
    }
    let (automerge_len, rest) = body.split_at_checked(8).ok_or(FrameError::BadLayout)?;
    let automerge_len =
        usize::try_from(read_u64(automerge_len)).map_err(|_| FrameError::BadLayout)?;
    let (payload, signatures) = rest
        .split_at_checked(automerge_len)
        .ok_or(FrameError::BadLayout)?;
    Ok(Frame {
        seq,
        payload,
        signatures,
    })
}

fn read_u64(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf.copy_from_slice(bytes);
    u64::from_le_bytes(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let bytes = encode(FrameKind::Chunk, 7, b"hello", b"sig");
        let frame = decode(FrameKind::Chunk, &bytes).expect("valid frame");
        assert_eq!(
            frame,
            Frame {
                seq: 7,
                payload: b"hello",
                signatures: b"sig",
            }
        );
    }

    #[test]
    fn rejects_every_truncation() {
        let bytes = encode(FrameKind::Snapshot, 1, b"some payload", &[]);
        for len in 0..bytes.len() {
            assert!(
                matches!(
                    decode(FrameKind::Snapshot, &bytes[..len]),
                    Err(FrameError::Truncated { .. })
                ),
                "length {len} accepted"
            );
        }
    }

    #[test]
    fn rejects_every_single_bit_flip() {
        let bytes = encode(FrameKind::Chunk, 3, b"abc", &[]);
        for bit in 0..bytes.len() * 8 {
            let mut flipped = bytes.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert!(decode(FrameKind::Chunk, &flipped).is_err(), "bit {bit}");
        }
    }

    #[test]
    fn a_length_near_the_largest_number_is_reported_not_overflowed() {
        let mut bytes = encode(FrameKind::Chunk, 1, b"abc", &[]);
        bytes[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(
            decode(FrameKind::Chunk, &bytes),
            Err(FrameError::Truncated {
                expected: u64::MAX,
                ..
            })
        ));
    }

    #[test]
    fn kinds_are_not_interchangeable() {
        let bytes = encode(FrameKind::Chunk, 1, b"x", &[]);
        assert_eq!(
            decode(FrameKind::Snapshot, &bytes),
            Err(FrameError::BadMagic)
        );
    }
}
