//! The control socket of a running `serve` or window: while it holds the data
//! directory, a command that changes an alliance (`invite`, `agreement
//! add`, …) runs in its own process beside it, reading the stored alliance,
//! and hands the changes it made to the running node over this socket. The
//! node checks, signs, saves and shares them as it does its own edits.
//!
//! The socket is `control.sock` in the data directory, owner-only (mode
//! 0600), so only the user whose data directory it is can use it; the
//! command applies the same rules it would apply alone.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rondetafel_sync::{DocumentId, Node};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

/// The socket's file name in the data directory.
pub const SOCKET: &str = "control.sock";

/// The most bytes one request may have (the changes of one command).
const MAX_REQUEST_BYTES: u64 = 256 << 20;

/// How long a command waits for the running node.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Serialize, Deserialize)]
struct ApplyRequest {
    alliance: String,
    /// Encoded changes (base64), for `load_incremental`.
    changes: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct ApplyAnswer {
    ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The socket path of the data directory `dir`.
pub fn socket_path(dir: &Path) -> PathBuf {
    dir.join(SOCKET)
}

/// Whether a running node answers on `dir`'s control socket.
pub fn is_listening(dir: &Path) -> bool {
    std::os::unix::net::UnixStream::connect(socket_path(dir)).is_ok()
}

/// Hands `changes` of `alliance` to the node running on `dir`, and waits
/// until it has saved them (or refused them, with its reason).
pub fn hand_over(dir: &Path, alliance: &str, changes: &[u8]) -> Result<(), String> {
    let unreachable = |e: std::io::Error| format!("the running node did not answer ({e})");
    let stream = std::os::unix::net::UnixStream::connect(socket_path(dir)).map_err(unreachable)?;
    stream
        .set_read_timeout(Some(ANSWER_TIMEOUT))
        .map_err(unreachable)?;
    let request = ApplyRequest {
        alliance: alliance.to_owned(),
        changes: STANDARD.encode(changes),
    };
    let mut line = serde_json::to_vec(&request).map_err(|e| e.to_string())?;
    line.push(b'\n');
    (&stream).write_all(&line).map_err(unreachable)?;
    let mut answer = String::new();
    BufReader::new(&stream)
        .read_line(&mut answer)
        .map_err(unreachable)?;
    let answer: ApplyAnswer =
        serde_json::from_str(&answer).map_err(|_| "the running node gave no answer".to_owned())?;
    if answer.ok {
        Ok(())
    } else {
        Err(answer.error.unwrap_or_default())
    }
}

/// Listens on `dir`'s control socket (replacing one a stopped node left
/// behind) and applies every request through `node` until the returned
/// task is aborted. The alliance of every request applied is sent on
/// `applied` (for the restart check that follows any change).
pub fn listen(
    dir: &Path,
    node: Node,
    applied: tokio::sync::mpsc::UnboundedSender<DocumentId>,
) -> std::io::Result<tokio::task::JoinHandle<()>> {
    let path = socket_path(dir);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let listener = tokio::net::UnixListener::bind(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    Ok(tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let node = node.clone();
            let applied = applied.clone();
            tokio::spawn(async move {
                let _ = answer(stream, node, applied).await;
            });
        }
    }))
}

/// Removes `dir`'s control socket (when the node stops).
pub fn remove(dir: &Path) {
    let _ = std::fs::remove_file(socket_path(dir));
}

async fn answer(
    stream: tokio::net::UnixStream,
    node: Node,
    applied: tokio::sync::mpsc::UnboundedSender<DocumentId>,
) -> std::io::Result<()> {
    use tokio::io::AsyncReadExt;
    let (read, mut write) = stream.into_split();
    let mut line = String::new();
    tokio::io::BufReader::new(read.take(MAX_REQUEST_BYTES))
        .read_line(&mut line)
        .await?;
    let result = apply(&line, &node).await;
    if let Ok(id) = &result {
        let _ = applied.send(id.clone());
    }
    let answer = ApplyAnswer {
        ok: result.is_ok(),
        error: result.err(),
    };
    let mut bytes = serde_json::to_vec(&answer).unwrap_or_default();
    bytes.push(b'\n');
    write.write_all(&bytes).await
}

async fn apply(line: &str, node: &Node) -> Result<DocumentId, String> {
    let request: ApplyRequest =
        serde_json::from_str(line).map_err(|_| "the request is damaged".to_owned())?;
    let id: DocumentId = request
        .alliance
        .parse()
        .map_err(|_| format!("{:?} is not an alliance id", request.alliance))?;
    let changes = STANDARD
        .decode(request.changes)
        .map_err(|_| "the changes are damaged".to_owned())?;
    node.apply(id.clone(), changes)
        .await
        .map(|_| id)
        .map_err(|e| e.to_string())
}
