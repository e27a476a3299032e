//! Length-prefixed framing of the sync protocol for libp2p request-response.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use libp2p::StreamProtocol;
use libp2p::futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use libp2p::request_response;

use crate::protocol::{MAX_MESSAGE_BYTES, Request, Response};

/// How much of a frame body is read (and reserved) at a time.
const READ_STEP_BYTES: usize = 64 * 1024;

/// The most bytes of frame bodies a node holds while they arrive, over all
/// streams and peers together: twice the largest message, so that honest
/// peers' largest messages still fit while others arrive.
pub const MAX_RECEIVING_BYTES: usize = 2 * MAX_MESSAGE_BYTES as usize;

/// A request as read from a stream: decoded, or why it is not a valid
/// request. A malformed request is delivered rather than dropped, so the
/// node learns which peer sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Framed {
    /// A valid request.
    Request(Request),
    /// A frame over the size limit, or a body that does not decode.
    Malformed(String),
}

impl From<Request> for Framed {
    fn from(request: Request) -> Self {
        Framed::Request(request)
    }
}

/// Reads and writes one frame per message: a 4-byte big-endian length and
/// the body. A frame announcing more than the limit is refused before any
/// of its body is read. Bodies are read in steps from a budget shared by
/// every clone of the codec (one clone serves each stream), so many large
/// frames arriving at once cannot take more than [`MAX_RECEIVING_BYTES`].
#[derive(Debug, Clone)]
pub struct FrameCodec {
    max_bytes: u32,
    receiving: Arc<ReceiveBudget>,
}

impl Default for FrameCodec {
    fn default() -> Self {
        FrameCodec::with_max_bytes(MAX_MESSAGE_BYTES)
    }
}

impl FrameCodec {
    /// A codec with another size limit (for tests that play a hostile peer).
    pub fn with_max_bytes(max_bytes: u32) -> Self {
        FrameCodec {
            max_bytes,
            receiving: Arc::new(ReceiveBudget {
                in_use: AtomicUsize::new(0),
                limit: MAX_RECEIVING_BYTES,
            }),
        }
    }

    async fn read_frame<T: AsyncRead + Unpin + Send>(&self, io: &mut T) -> io::Result<Vec<u8>> {
        let mut header = [0u8; 4];
        io.read_exact(&mut header).await?;
        let len = u32::from_be_bytes(header);
        if len > self.max_bytes {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a frame of {len} bytes exceeds the limit of {} bytes",
                    self.max_bytes
                ),
            ));
        }
        // Memory grows with the bytes that actually arrive, not with what
        // the header announces, and only while the shared budget allows.
        let len = len as usize;
        let mut reserved = Reservation::new(&self.receiving);
        let mut body = Vec::new();
        while body.len() < len {
            let step = READ_STEP_BYTES.min(len - body.len());
            if !reserved.grow(step) {
                // Not the sender's fault: the stream fails without an
                // answer, and the sender retries later.
                return Err(io::Error::new(
                    io::ErrorKind::OutOfMemory,
                    "receiving too much at once; the message was dropped",
                ));
            }
            let start = body.len();
            body.resize(start + step, 0);
            io.read_exact(&mut body[start..]).await?;
        }
        Ok(body)
    }

    async fn write_frame<T: AsyncWrite + Unpin + Send>(
        &self,
        io: &mut T,
        body: &[u8],
    ) -> io::Result<()> {
        let len = u32::try_from(body.len())
            .ok()
            .filter(|len| *len <= self.max_bytes)
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "message too large to send")
            })?;
        io.write_all(&len.to_be_bytes()).await?;
        io.write_all(body).await?;
        io.close().await
    }
}

/// The bytes of frame bodies being received, over every stream.
#[derive(Debug)]
struct ReceiveBudget {
    in_use: AtomicUsize,
    limit: usize,
}

/// Bytes taken from a [`ReceiveBudget`] for one frame; given back on drop.
struct Reservation<'a> {
    budget: &'a ReceiveBudget,
    bytes: usize,
}

impl<'a> Reservation<'a> {
    fn new(budget: &'a ReceiveBudget) -> Self {
        Reservation { budget, bytes: 0 }
    }

    /// Takes `more` bytes if the budget has them.
    fn grow(&mut self, more: usize) -> bool {
        let taken =
            self.budget
                .in_use
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |in_use| {
                    in_use
                        .checked_add(more)
                        .filter(|total| *total <= self.budget.limit)
                });
        if taken.is_ok() {
            self.bytes += more;
        }
        taken.is_ok()
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        self.budget.in_use.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

#[async_trait::async_trait]
impl request_response::Codec for FrameCodec {
    type Protocol = StreamProtocol;
    type Request = Framed;
    type Response = Response;

    async fn read_request<T>(&mut self, _: &StreamProtocol, io: &mut T) -> io::Result<Framed>
    where
        T: AsyncRead + Unpin + Send,
    {
        let frame = match self.read_frame(io).await {
            Ok(frame) => frame,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return Ok(Framed::Malformed(e.to_string()));
            }
            Err(e) => return Err(e),
        };
        Ok(match Request::decode(&frame) {
            Ok(request) => Framed::Request(request),
            Err(e) => Framed::Malformed(format!("malformed request: {e}")),
        })
    }

    async fn read_response<T>(&mut self, _: &StreamProtocol, io: &mut T) -> io::Result<Response>
    where
        T: AsyncRead + Unpin + Send,
    {
        Response::decode(&self.read_frame(io).await?)
    }

    async fn write_request<T>(
        &mut self,
        _: &StreamProtocol,
        io: &mut T,
        request: Framed,
    ) -> io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        match request {
            Framed::Request(request) => self.write_frame(io, &request.encode()).await,
            Framed::Malformed(_) => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a malformed request is never sent",
            )),
        }
    }

    async fn write_response<T>(
        &mut self,
        _: &StreamProtocol,
        io: &mut T,
        response: Response,
    ) -> io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        self.write_frame(io, &response.encode()).await
    }
}

#[cfg(test)]
mod tests {
    use libp2p::futures::executor::block_on;
    use libp2p::futures::io::Cursor;

    use super::*;

    fn framed(body: &[u8]) -> Vec<u8> {
        let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
        bytes.extend_from_slice(body);
        bytes
    }

    #[test]
    fn a_reservation_is_given_back_when_dropped() {
        let budget = ReceiveBudget {
            in_use: AtomicUsize::new(0),
            limit: 100,
        };
        let mut first = Reservation::new(&budget);
        let mut second = Reservation::new(&budget);
        assert!(first.grow(60));
        assert!(!second.grow(60), "over the shared limit");
        assert!(second.grow(40));
        drop(first);
        assert!(second.grow(60));
        drop(second);
        assert_eq!(budget.in_use.load(Ordering::Acquire), 0);
    }

    #[test]
    fn frames_arriving_at_once_share_one_budget() {
        let codec = FrameCodec::with_max_bytes(MAX_MESSAGE_BYTES);
        let other_stream = codec.clone();
        // Another stream is in the middle of a large frame.
        let mut held = Reservation::new(&other_stream.receiving);
        assert!(held.grow(MAX_RECEIVING_BYTES - 100 * 1024));

        let large = framed(&[7u8; 200 * 1024]);
        let refused = block_on(codec.read_frame(&mut Cursor::new(large.clone())));
        let error = refused.expect_err("no room for 200 KiB");
        assert_eq!(error.kind(), io::ErrorKind::OutOfMemory);
        let small = block_on(codec.read_frame(&mut Cursor::new(framed(b"klein"))));
        assert_eq!(small.expect("fits").as_slice(), b"klein");

        drop(held);
        let read = block_on(codec.read_frame(&mut Cursor::new(large)));
        assert_eq!(read.expect("room again").len(), 200 * 1024);
    }

    #[test]
    fn a_frame_cut_short_is_an_error() {
        let mut bytes = framed(&[1u8; 1000]);
        bytes.truncate(500);
        let codec = FrameCodec::default();
        assert!(block_on(codec.read_frame(&mut Cursor::new(bytes))).is_err());
        assert_eq!(codec.receiving.in_use.load(Ordering::Acquire), 0);
    }
}
