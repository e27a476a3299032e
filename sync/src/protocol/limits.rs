//! Caps on what one sync message may add to a document. A message over any
//! cap is refused whole, before anything of it is applied.

use std::collections::HashMap;

use automerge::legacy::{ObjectId, OpId, OpType};
use automerge::sync::Message;
use automerge::{ActorId, AutoCommit, Automerge, Change, ChangeHash, ExpandedChange, ReadDoc};

/// Caps on one incoming sync message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageCaps {
    /// Changes one message may carry.
    pub max_changes: usize,
    /// Operations all changes of one message may carry together.
    pub max_ops: usize,
    /// Encoded size of one change, in bytes.
    pub max_change_bytes: usize,
    /// How deep objects may be nested (maps and lists in maps and lists):
    /// the root is at depth 0, an object in it at depth 1.
    pub max_depth: usize,
    /// Bytes the compressed columns of a whole document in one message may
    /// inflate to, counted before Automerge decompresses them.
    pub max_inflated_bytes: u64,
}

impl Default for MessageCaps {
    fn default() -> Self {
        MessageCaps {
            max_changes: 100_000,
            max_ops: 1_000_000,
            max_change_bytes: 8 * 1024 * 1024,
            max_depth: 64,
            max_inflated_bytes: 256 * 1024 * 1024,
        }
    }
}

/// The first bytes of every Automerge chunk.
const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
/// Chunk types (the byte after magic and checksum).
const CHUNK_DOCUMENT: u8 = 0;
const CHUNK_CHANGE: u8 = 1;

/// What a sync message carries, as read while checking it.
#[derive(Debug)]
pub(crate) struct Carried {
    /// Every change, in the order the message holds them.
    pub(crate) changes: Vec<Change>,
    /// Whether they came as a whole document (Automerge sends one when the
    /// peer lacks much of it), which Automerge would decode again.
    pub(crate) whole_document: bool,
    /// Every change decoded into its operations, by hash.
    pub(crate) decoded: Decoded,
}

/// Changes decoded into their operations, by hash: what checking a message
/// decoded once, for whoever reads the operations next.
pub type Decoded = HashMap<ChangeHash, ExpandedChange>;

/// Checks a decoded sync message against `caps`, given the document it
/// would be applied to. Returns the changes it carries, or why it is
/// refused.
#[cfg(test)]
pub(crate) fn check(
    caps: &MessageCaps,
    message: &Message,
    doc: &mut AutoCommit,
) -> Result<Carried, String> {
    check_alongside(caps, message, doc, |_| ()).map(|(carried, ())| carried)
}

/// Messages with at least this many changes run the work given to
/// [`check_alongside`] on a thread of its own.
const ALONGSIDE_FROM: usize = 256;

/// A carried change's hash and the actor that made it: all its signature
/// check needs, known before the change itself is rebuilt or decoded.
#[derive(Debug, Clone)]
pub(crate) struct Authored {
    pub(crate) hash: ChangeHash,
    pub(crate) actor: ActorId,
}

/// One chunk of a message, read.
enum Piece {
    Change(Box<Change>),
    /// A whole document, and the heads of ours it holds.
    Document {
        document: Box<Automerge>,
        shared: Vec<ChangeHash>,
    },
}

/// Like [`check`], and runs `work` on who made the carried changes while
/// the changes are rebuilt, decoded and checked: on a second thread for a
/// large message (for 10,000 changes, rebuilding and decoding take about
/// 250 ms, verifying their signatures about 200 ms). `work`'s result is
/// returned only if the message passes.
pub(crate) fn check_alongside<T: Send>(
    caps: &MessageCaps,
    message: &Message,
    doc: &mut AutoCommit,
    work: impl FnOnce(&[Authored]) -> T + Send,
) -> Result<(Carried, T), String> {
    check_summaries(caps, message)?;
    let heads = doc.get_heads();
    let mut tally = Tally::new(caps, doc, heads);
    let mut pieces = Vec::new();
    for piece in message.changes.iter() {
        for (kind, chunk) in split_chunks(piece)? {
            pieces.push(tally.read(kind, chunk)?);
        }
    }
    let authored = authors(&pieces);
    tally.count_changes(authored.len())?;
    let whole_document = pieces.iter().any(|p| matches!(p, Piece::Document { .. }));
    let (inspected, worked) = if authored.len() >= ALONGSIDE_FROM {
        std::thread::scope(|scope| {
            let working = scope.spawn(|| work(&authored));
            let inspected = tally.inspect(pieces);
            (inspected, working.join().ok())
        })
    } else {
        (tally.inspect(pieces), Some(work(&authored)))
    };
    let changes = inspected?;
    let worked = worked.ok_or_else(|| "checking its changes failed".to_owned())?;
    let carried = Carried {
        changes,
        whole_document,
        decoded: tally.decoded,
    };
    Ok((carried, worked))
}

/// Who made each change the pieces carry, in order.
fn authors(pieces: &[Piece]) -> Vec<Authored> {
    let mut authored = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Change(change) => authored.push(Authored {
                hash: change.hash(),
                actor: change.actor_id().clone(),
            }),
            Piece::Document { document, shared } => {
                authored.extend(document.get_changes_meta(shared).into_iter().map(|meta| {
                    Authored {
                        hash: meta.hash,
                        actor: meta.actor.into_owned(),
                    }
                }));
            }
        }
    }
    authored
}

/// The hashes of the changes a message we made carries, or `None` when it
/// carries a whole document (then it carries everything we have).
pub(crate) fn carried_hashes(message: &Message) -> Option<Vec<automerge::ChangeHash>> {
    let mut hashes = Vec::new();
    for piece in message.changes.iter() {
        for (kind, chunk) in split_chunks(piece).ok()? {
            if kind != CHUNK_CHANGE {
                return None;
            }
            hashes.push(Change::try_from(chunk).ok()?.hash());
        }
    }
    Some(hashes)
}

/// The most summaries ("have" entries) one message may carry; an honest
/// peer sends one.
const MAX_HAVES: usize = 16;
/// The most probes a summary's Bloom filter may ask for; Automerge uses 7.
const MAX_BLOOM_PROBES: u64 = 32;

/// Checks what the sender says it has and needs, which the answer is
/// computed from: a bounded number of hashes, and Bloom filters whose
/// parameters make sense (a filter with entries but no bits, or with
/// billions of probes, would crash or stall the node answering it).
fn check_summaries(caps: &MessageCaps, message: &Message) -> Result<(), String> {
    if message.have.len() > MAX_HAVES {
        return Err(format!("more than {MAX_HAVES} summaries in one message"));
    }
    let hashes = message.need.len()
        + message.heads.len()
        + message
            .have
            .iter()
            .map(|h| h.last_sync.len())
            .sum::<usize>();
    if hashes > caps.max_changes {
        return Err(format!(
            "more than {} hashes in one message",
            caps.max_changes
        ));
    }
    for have in &message.have {
        check_bloom(&have.bloom.to_bytes())?;
    }
    Ok(())
}

/// A Bloom filter as Automerge encodes it: nothing (empty), or LEB128
/// entries, bits per entry and probes, then the bits.
fn check_bloom(bytes: &[u8]) -> Result<(), String> {
    if bytes.is_empty() {
        return Ok(());
    }
    let malformed = || "malformed summary in sync message".to_owned();
    let (entries, a) = read_uleb(bytes).ok_or_else(malformed)?;
    let (bits_per_entry, b) = read_uleb(&bytes[a..]).ok_or_else(malformed)?;
    let (probes, c) = read_uleb(&bytes[a + b..]).ok_or_else(malformed)?;
    let has_bits = bytes.len() > a + b + c;
    let sound = entries == 0
        || (bits_per_entry > 0 && has_bits && (1..=MAX_BLOOM_PROBES).contains(&probes));
    if sound { Ok(()) } else { Err(malformed()) }
}

/// Splits concatenated Automerge chunks, reading only their headers:
/// magic, checksum, type, LEB128 length, data.
fn split_chunks(mut bytes: &[u8]) -> Result<Vec<(u8, &[u8])>, String> {
    let mut chunks = Vec::new();
    while !bytes.is_empty() {
        let malformed = || "malformed changes in sync message".to_owned();
        let header = bytes.get(..9).ok_or_else(malformed)?;
        if header[..4] != MAGIC {
            return Err(malformed());
        }
        let kind = header[8];
        let (len, used) = read_uleb(&bytes[9..]).ok_or_else(malformed)?;
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| (9 + used).checked_add(len))
            .filter(|end| *end <= bytes.len())
            .ok_or_else(malformed)?;
        chunks.push((kind, &bytes[..end]));
        bytes = &bytes[end..];
    }
    Ok(chunks)
}

/// Refuses a document chunk whose columns inflate to more than `cap`
/// bytes, inflating each compressed column into nothing, so that a
/// compression bomb costs no memory. A chunk this reading does not follow
/// is left to Automerge's own checks.
fn check_inflated_size(chunk: &[u8], cap: u64) -> Result<(), String> {
    let Some(columns) = document_columns(chunk) else {
        return Ok(());
    };
    let mut total = 0u64;
    for (deflated, data) in columns {
        total = total.saturating_add(if deflated {
            let mut inflater = flate2::bufread::DeflateDecoder::new(data);
            let mut limited = std::io::Read::take(&mut inflater, cap.saturating_add(1));
            match std::io::copy(&mut limited, &mut std::io::sink()) {
                Ok(inflated) => inflated,
                Err(_) => return Ok(()), // not valid deflate: Automerge refuses it
            }
        } else {
            data.len() as u64
        });
        if total > cap {
            return Err(format!("a document that inflates to more than {cap} bytes"));
        }
    }
    Ok(())
}

/// The columns of a document chunk, in order, as (compressed?, bytes);
/// `None` when the chunk does not have that layout. The layout: the chunk
/// header, then the actors (each length-prefixed) and heads (32 bytes each),
/// both counted; the change and the operation column descriptions (a count,
/// then a specification and a length each; bit 3 of the specification marks
/// a compressed column); then the columns' bytes in that order.
fn document_columns(chunk: &[u8]) -> Option<Vec<(bool, &[u8])>> {
    let (_, used) = read_uleb(chunk.get(9..)?)?;
    let mut rest = chunk.get(9 + used..)?;
    let next = take_uleb;
    for _ in 0..next(&mut rest)? {
        let len = usize::try_from(next(&mut rest)?).ok()?;
        rest = rest.get(len..)?;
    }
    let heads = usize::try_from(next(&mut rest)?).ok()?;
    rest = rest.get(heads.checked_mul(32)?..)?;
    let mut specs = Vec::new();
    for _ in 0..2 {
        for _ in 0..next(&mut rest)? {
            let spec = next(&mut rest)?;
            let len = usize::try_from(next(&mut rest)?).ok()?;
            specs.push((spec & 0b1000 != 0, len));
        }
    }
    let mut columns = Vec::with_capacity(specs.len());
    for (deflated, len) in specs {
        columns.push((deflated, rest.get(..len)?));
        rest = rest.get(len..)?;
    }
    Some(columns)
}

/// Reads an unsigned LEB128 number off the front of `rest`.
fn take_uleb(rest: &mut &[u8]) -> Option<u64> {
    let (value, used) = read_uleb(rest)?;
    *rest = rest.get(used..)?;
    Some(value)
}

/// An unsigned LEB128 number and the bytes it took.
fn read_uleb(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f).checked_shl(7 * i as u32)?;
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// What a message adds up to so far.
struct Tally<'a> {
    caps: &'a MessageCaps,
    doc: &'a AutoCommit,
    /// The heads of `doc`.
    heads: Vec<ChangeHash>,
    /// Change chunks read so far.
    change_chunks: usize,
    ops: usize,
    /// Depth of every object met: made in this message or found in `doc`.
    depths: HashMap<(u64, ActorId), usize>,
    /// The operations of the changes inspected.
    decoded: Decoded,
}

impl<'a> Tally<'a> {
    fn new(caps: &'a MessageCaps, doc: &'a AutoCommit, heads: Vec<ChangeHash>) -> Self {
        Tally {
            caps,
            doc,
            heads,
            change_chunks: 0,
            ops: 0,
            depths: HashMap::new(),
            decoded: Decoded::new(),
        }
    }

    /// Reads one chunk: a change, or a whole document (sent when a peer
    /// lacks much of it).
    fn read(&mut self, kind: u8, chunk: &[u8]) -> Result<Piece, String> {
        match kind {
            CHUNK_CHANGE => {
                self.change_chunks += 1;
                self.count_changes(self.change_chunks)?;
                self.check_change_bytes(chunk.len())?;
                let change =
                    Change::try_from(chunk).map_err(|e| format!("malformed change: {e}"))?;
                Ok(Piece::Change(Box::new(change)))
            }
            CHUNK_DOCUMENT => {
                check_inflated_size(chunk, self.caps.max_inflated_bytes)?;
                let document =
                    Automerge::load(chunk).map_err(|e| format!("malformed document: {e}"))?;
                // Only the changes we lack count: rebuilding each change is
                // most of the cost, and the document mostly holds what we have.
                let shared: Vec<ChangeHash> = self
                    .heads
                    .iter()
                    .filter(|head| document.get_change_meta_by_hash(head).is_some())
                    .copied()
                    .collect();
                Ok(Piece::Document {
                    document: Box::new(document),
                    shared,
                })
            }
            _ => Err(format!(
                "a sync message may not carry chunks of type {kind}"
            )),
        }
    }

    /// The changes of `pieces`, in order, each checked against the caps
    /// and kept decoded.
    fn inspect(&mut self, pieces: Vec<Piece>) -> Result<Vec<Change>, String> {
        let mut changes = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Change(change) => changes.push(*change),
                Piece::Document { document, shared } => {
                    for change in document.get_changes(&shared) {
                        self.check_change_bytes(change.raw_bytes().len())?;
                        changes.push(change);
                    }
                }
            }
        }
        for change in &changes {
            self.change(change)?;
        }
        Ok(changes)
    }

    fn change(&mut self, change: &Change) -> Result<(), String> {
        self.count_ops(change.len())?;
        let expanded = change.decode();
        let start = expanded.start_op.get();
        for (i, op) in expanded.operations.iter().enumerate() {
            if !matches!(op.action, OpType::Make(_)) {
                continue;
            }
            let depth = self.depth(&op.obj) + 1;
            if depth > self.caps.max_depth {
                return Err(format!(
                    "objects nested deeper than {} levels",
                    self.caps.max_depth
                ));
            }
            let id = start + i as u64;
            self.depths.insert((id, expanded.actor_id.clone()), depth);
        }
        self.decoded.insert(change.hash(), expanded);
        Ok(())
    }

    /// Checks the encoded size of one change.
    fn check_change_bytes(&self, bytes: usize) -> Result<(), String> {
        let cap = self.caps.max_change_bytes;
        if bytes > cap {
            return Err(format!(
                "a change of {bytes} bytes exceeds the limit of {cap} bytes"
            ));
        }
        Ok(())
    }

    /// Checks how many changes one message carries.
    fn count_changes(&self, changes: usize) -> Result<(), String> {
        let cap = self.caps.max_changes;
        if changes > cap {
            return Err(format!("more than {cap} changes in one message"));
        }
        Ok(())
    }

    /// Counts the operations of one change.
    fn count_ops(&mut self, ops: usize) -> Result<(), String> {
        self.ops = self.ops.saturating_add(ops);
        if self.ops > self.caps.max_ops {
            return Err(format!(
                "more than {} operations in one message",
                self.caps.max_ops
            ));
        }
        Ok(())
    }

    /// The depth of an object: from this message, else from the document
    /// (1 for an object neither holds yet).
    fn depth(&mut self, obj: &ObjectId) -> usize {
        let ObjectId::Id(OpId(counter, actor)) = obj else {
            return 0;
        };
        let key = (*counter, actor.clone());
        if let Some(depth) = self.depths.get(&key) {
            return *depth;
        }
        let depth = self
            .doc
            .import(&format!("{counter}@{}", actor.to_hex_string()))
            .ok()
            .and_then(|(id, _)| self.doc.parents(&id).ok())
            .map_or(1, |parents| parents.take(self.caps.max_depth + 1).count());
        self.depths.insert(key, depth);
        depth
    }
}

#[cfg(test)]
mod tests {
    use automerge::sync::{State, SyncDoc};
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT};

    use super::*;

    /// The message `doc` sends a peer that has nothing.
    fn message_from(doc: &mut AutoCommit) -> Message {
        let mut ours = State::new();
        let mut theirs = State::new();
        let mut empty = AutoCommit::new();
        let first = empty
            .sync()
            .generate_sync_message(&mut theirs)
            .expect("first");
        doc.sync()
            .receive_sync_message(&mut ours, first)
            .expect("receive");
        doc.sync()
            .generate_sync_message(&mut ours)
            .expect("changes")
    }

    #[test]
    fn honest_messages_pass() {
        let mut doc = AutoCommit::new();
        let list = doc.put_object(ROOT, "list", ObjType::List).expect("list");
        for i in 0..100 {
            doc.insert(&list, i, i as i64).expect("insert");
            doc.commit();
        }
        let message = message_from(&mut doc);
        assert!(check(&MessageCaps::default(), &message, &mut AutoCommit::new()).is_ok());
    }

    /// LEB128 of `value`.
    fn uleb(mut value: u64) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                out.push(byte);
                return out;
            }
            out.push(byte | 0x80);
        }
    }

    #[test]
    fn a_saved_document_is_measured_column_by_column() {
        let mut doc = AutoCommit::new();
        let text = doc.put_object(ROOT, "text", ObjType::Text).expect("text");
        doc.splice_text(&text, 0, 0, &"samen voor de jeugd ".repeat(500))
            .expect("splice");
        doc.commit();
        let saved = doc.save();
        let columns = document_columns(&saved).expect("the layout is followed");
        assert!(
            columns.iter().any(|(deflated, _)| *deflated),
            "compressed columns"
        );
        assert!(check_inflated_size(&saved, MessageCaps::default().max_inflated_bytes).is_ok());
        assert!(check_inflated_size(&saved, 100).is_err(), "it is measured");
    }

    #[test]
    fn a_compression_bomb_is_refused_without_inflating_it_into_memory() {
        use std::io::Write;
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..64 {
            encoder.write_all(&zeros).expect("deflate");
        }
        let bomb = encoder.finish().expect("deflate");
        assert!(bomb.len() < 256 * 1024, "64 MiB in {} bytes", bomb.len());
        let mut data = vec![0, 0, 1]; // no actors, no heads, one change column
        data.extend(uleb(0b1000)); // a compressed column
        data.extend(uleb(bomb.len() as u64));
        data.push(0); // no operation columns
        data.extend(&bomb);
        let mut chunk = vec![0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, CHUNK_DOCUMENT];
        chunk.extend(uleb(data.len() as u64));
        chunk.extend(&data);
        let refused = check_inflated_size(&chunk, 16 * 1024 * 1024);
        assert!(refused.is_err_and(|e| e.contains("inflates")));
        assert!(check_inflated_size(&chunk, 128 * 1024 * 1024).is_ok());
    }

    #[test]
    fn unsound_bloom_filters_are_refused() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "a", 1).expect("put");
        doc.commit();
        let honest = doc
            .sync()
            .generate_sync_message(&mut State::new())
            .expect("first message");
        let bloom = honest.have[0].bloom.to_bytes();
        assert!(!bloom.is_empty(), "a filter of one change");
        assert!(check_bloom(&bloom).is_ok());
        assert!(check_summaries(&MessageCaps::default(), &honest).is_ok());
        // Entries but zero bits per entry and no bits: a division by zero.
        assert!(check_bloom(&[1, 0, 7]).is_err());
        // Billions of probes: a stall and a huge allocation.
        assert!(check_bloom(&[1, 10, 0xff, 0xff, 0xff, 0xff, 0x0f, 0xff, 0xff]).is_err());
        // Cut short.
        assert!(check_bloom(&[0x80]).is_err());
    }

    #[test]
    fn each_cap_refuses() {
        let mut doc = AutoCommit::new();
        let mut obj = ROOT;
        for _ in 0..10 {
            obj = doc.put_object(&obj, "deeper", ObjType::Map).expect("map");
        }
        doc.put(&obj, "text", "x".repeat(1000)).expect("put");
        doc.commit();
        doc.put(ROOT, "second", 2).expect("put");
        doc.commit();
        let message = message_from(&mut doc);
        let mut empty = AutoCommit::new();
        let caps = MessageCaps::default();
        for (tight, what) in [
            (
                MessageCaps {
                    max_depth: 9,
                    ..caps
                },
                "nested",
            ),
            (
                MessageCaps {
                    max_changes: 1,
                    ..caps
                },
                "changes",
            ),
            (MessageCaps { max_ops: 5, ..caps }, "operations"),
            (
                MessageCaps {
                    max_change_bytes: 500,
                    ..caps
                },
                "bytes",
            ),
        ] {
            let refusal = check(&tight, &message, &mut empty).expect_err(what);
            assert!(refusal.contains(what), "{refusal}");
        }
        assert!(
            check(
                &MessageCaps {
                    max_depth: 10,
                    ..caps
                },
                &message,
                &mut empty
            )
            .is_ok()
        );
    }

    #[test]
    fn depth_counts_from_objects_already_in_the_document() {
        let mut doc = AutoCommit::new();
        let mut obj = ROOT;
        for _ in 0..5 {
            obj = doc.put_object(&obj, "deeper", ObjType::Map).expect("map");
        }
        doc.commit();
        let mut base = doc.fork();
        doc.put_object(&obj, "sixth", ObjType::Map).expect("map");
        doc.commit();
        let mut ours = State::new();
        let mut theirs = State::new();
        for _ in 0..10 {
            if let Some(m) = base.sync().generate_sync_message(&mut theirs) {
                doc.sync()
                    .receive_sync_message(&mut ours, m)
                    .expect("receive");
            }
            let Some(m) = doc.sync().generate_sync_message(&mut ours) else {
                break;
            };
            if !m.changes.is_empty() {
                let caps = MessageCaps {
                    max_depth: 5,
                    ..MessageCaps::default()
                };
                assert!(check(&caps, &m, &mut base).is_err());
                let caps = MessageCaps {
                    max_depth: 6,
                    ..MessageCaps::default()
                };
                assert!(check(&caps, &m, &mut base).is_ok());
                return;
            }
            base.sync()
                .receive_sync_message(&mut theirs, m)
                .expect("receive");
        }
        panic!("no message with changes");
    }
}
