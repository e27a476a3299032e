//! Length-prefixed framing of the sync protocol for libp2p request-response.

use std::io;

use libp2p::StreamProtocol;
use libp2p::futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use libp2p::request_response;

use crate::protocol::{MAX_MESSAGE_BYTES, Request, Response};

/// The buffer reserved for a frame body before any of it has arrived.
const INITIAL_BUFFER_BYTES: usize = 64 * 1024;

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
/// of its body is read.
#[derive(Debug, Clone, Copy)]
pub struct FrameCodec {
    max_bytes: u32,
}

impl Default for FrameCodec {
    fn default() -> Self {
        FrameCodec {
            max_bytes: MAX_MESSAGE_BYTES,
        }
    }
}

impl FrameCodec {
    /// A codec with another size limit (for tests that play a hostile peer).
    pub fn with_max_bytes(max_bytes: u32) -> Self {
        FrameCodec { max_bytes }
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
        // the header announces.
        let mut body = Vec::with_capacity((len as usize).min(INITIAL_BUFFER_BYTES));
        io.take(u64::from(len)).read_to_end(&mut body).await?;
        if body.len() != len as usize {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "frame cut short",
            ));
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
