//! A simulated disk for tests: a [`FileSystem`] that keeps what is durable
//! apart from what the running process sees, and can lose power.
//!
//! Every mutating operation is counted. When the count reaches the chosen
//! crash point the power goes: that operation and every later one fails. The
//! image left on the platter is then computed as a real disk might leave it
//! ([`SimulatedDisk::after_power_loss`]): each file write not yet synced is
//! applied, dropped or garbled at random, and of the directory changes
//! (create, rename, remove) not yet covered by a sync of their directories a
//! random prefix persists, in order.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::fs::{DirEntry, FileSystem};

/// A small deterministic random generator (SplitMix64).
#[derive(Debug, Clone)]
pub(crate) struct SplitMix(u64);

impl SplitMix {
    /// A generator starting from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next_u64() % bound as u64) as usize
        }
    }
}

type InodeId = usize;

/// What a name in a directory refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Dir,
    File(InodeId),
}

/// A file's contents: as last synced, and as the process sees them.
#[derive(Debug, Clone, Default)]
struct Inode {
    durable: Vec<u8>,
    volatile: Vec<u8>,
    dirty: bool,
}

/// A change to a directory entry.
#[derive(Debug, Clone)]
enum DirOp {
    Create(PathBuf, Entry),
    Rename(PathBuf, PathBuf),
    Remove(PathBuf),
}

/// A directory change and the directories that must still be synced for it
/// to be durable.
#[derive(Debug, Clone)]
struct Pending {
    op: DirOp,
    unsynced: Vec<PathBuf>,
}

/// What happened to the unsynced writes and directory changes at a crash.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CrashFates {
    /// Unsynced file writes that reached the disk whole.
    pub(crate) applied: usize,
    /// Unsynced file writes that were lost.
    pub(crate) dropped: usize,
    /// Unsynced file writes that left truncated or random bytes.
    pub(crate) garbled: usize,
    /// Unsynced directory changes that persisted.
    pub(crate) dir_ops_kept: usize,
    /// Unsynced directory changes that were lost.
    pub(crate) dir_ops_lost: usize,
}

/// An in-memory file system with separate durable and volatile states.
#[derive(Debug, Clone)]
pub(crate) struct SimulatedDisk {
    durable: BTreeMap<PathBuf, Entry>,
    volatile: BTreeMap<PathBuf, Entry>,
    inodes: Vec<Inode>,
    pending: Vec<Pending>,
    operations: u64,
    crash_at: Option<u64>,
    powered_off: bool,
}

impl Default for SimulatedDisk {
    fn default() -> Self {
        Self::new()
    }
}

impl SimulatedDisk {
    /// An empty disk holding only the root directory `/`.
    pub(crate) fn new() -> Self {
        let root = BTreeMap::from([(PathBuf::from("/"), Entry::Dir)]);
        SimulatedDisk {
            durable: root.clone(),
            volatile: root,
            inodes: Vec::new(),
            pending: Vec::new(),
            operations: 0,
            crash_at: None,
            powered_off: false,
        }
    }

    /// Loses power when the mutating operation with index `operation`
    /// (counting from 0) is attempted.
    pub(crate) fn crash_at(&mut self, operation: u64) {
        self.crash_at = Some(operation);
    }

    /// The mutating operations performed so far.
    pub(crate) fn operations(&self) -> u64 {
        self.operations
    }

    /// Whether the power was lost.
    pub(crate) fn powered_off(&self) -> bool {
        self.powered_off
    }

    /// Replaces a file's contents, durably and at once (to simulate damage).
    pub(crate) fn replace(&mut self, path: &Path, bytes: Vec<u8>) -> io::Result<()> {
        let inode = self.file(path)?;
        self.inodes[inode] = Inode {
            durable: bytes.clone(),
            volatile: bytes,
            dirty: false,
        };
        Ok(())
    }

    /// The disk as a fresh boot finds it after the power was lost now, with
    /// `random` deciding the fate of everything not yet synced. Only files
    /// that are still reachable are kept.
    pub(crate) fn after_power_loss(&self, random: &mut SplitMix) -> (SimulatedDisk, CrashFates) {
        let mut fates = CrashFates::default();
        let mut namespace = self.durable.clone();
        let kept = random.below(self.pending.len() + 1);
        for pending in &self.pending[..kept] {
            apply(&mut namespace, &pending.op);
        }
        fates.dir_ops_kept = kept;
        fates.dir_ops_lost = self.pending.len() - kept;
        let mut inodes = Vec::new();
        for entry in namespace.values_mut() {
            if let Entry::File(inode) = entry {
                let old = &self.inodes[*inode];
                let bytes = if old.dirty {
                    fate_of_write(old, random, &mut fates)
                } else {
                    old.durable.clone()
                };
                *inode = inodes.len();
                inodes.push(Inode {
                    durable: bytes.clone(),
                    volatile: bytes,
                    dirty: false,
                });
            }
        }
        let disk = SimulatedDisk {
            durable: namespace.clone(),
            volatile: namespace,
            inodes,
            ..SimulatedDisk::new()
        };
        (disk, fates)
    }

    /// Counts one mutating operation, failing once the power is gone.
    fn step(&mut self) -> io::Result<()> {
        if self.powered_off || self.crash_at.is_some_and(|at| self.operations >= at) {
            self.powered_off = true;
            return Err(power_lost());
        }
        self.operations += 1;
        Ok(())
    }

    fn check_power(&self) -> io::Result<()> {
        if self.powered_off {
            Err(power_lost())
        } else {
            Ok(())
        }
    }

    fn file(&self, path: &Path) -> io::Result<InodeId> {
        match self.volatile.get(path) {
            Some(Entry::File(inode)) => Ok(*inode),
            Some(Entry::Dir) => Err(io::Error::other(format!(
                "{} is a directory",
                path.display()
            ))),
            None => Err(not_found(path)),
        }
    }

    fn require_parent(&self, path: &Path) -> io::Result<PathBuf> {
        let parent = path.parent().ok_or_else(|| not_found(path))?;
        if self.volatile.get(parent) == Some(&Entry::Dir) {
            Ok(parent.to_path_buf())
        } else {
            Err(not_found(parent))
        }
    }

    fn record(&mut self, op: DirOp, mut unsynced: Vec<PathBuf>) {
        unsynced.dedup();
        self.pending.push(Pending { op, unsynced });
    }
}

impl FileSystem for SimulatedDisk {
    type File = InodeId;

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<DirEntry>> {
        self.check_power()?;
        if self.volatile.get(dir) != Some(&Entry::Dir) {
            return Err(not_found(dir));
        }
        Ok(self
            .volatile
            .iter()
            .filter(|(path, _)| path.parent() == Some(dir))
            .filter_map(|(path, entry)| {
                Some(DirEntry {
                    name: path.file_name()?.to_str()?.to_owned(),
                    is_dir: *entry == Entry::Dir,
                })
            })
            .collect())
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.check_power()?;
        Ok(self.inodes[self.file(path)?].volatile.clone())
    }

    fn exists(&self, path: &Path) -> bool {
        self.volatile.contains_key(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.volatile.get(path) == Some(&Entry::Dir)
    }

    fn create_dir(&mut self, dir: &Path) -> io::Result<()> {
        self.step()?;
        let parent = self.require_parent(dir)?;
        if self.volatile.contains_key(dir) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                dir.display().to_string(),
            ));
        }
        self.volatile.insert(dir.to_path_buf(), Entry::Dir);
        self.record(DirOp::Create(dir.to_path_buf(), Entry::Dir), vec![parent]);
        Ok(())
    }

    fn write_file(&mut self, path: &Path, bytes: &[u8]) -> io::Result<InodeId> {
        self.step()?;
        let parent = self.require_parent(path)?;
        if let Some(entry) = self.volatile.get(path) {
            let Entry::File(inode) = *entry else {
                return Err(io::Error::other(format!(
                    "{} is a directory",
                    path.display()
                )));
            };
            let inode_data = &mut self.inodes[inode];
            inode_data.volatile = bytes.to_vec();
            inode_data.dirty = true;
            return Ok(inode);
        }
        let inode = self.inodes.len();
        self.inodes.push(Inode {
            durable: Vec::new(),
            volatile: bytes.to_vec(),
            dirty: true,
        });
        self.volatile.insert(path.to_path_buf(), Entry::File(inode));
        self.record(
            DirOp::Create(path.to_path_buf(), Entry::File(inode)),
            vec![parent],
        );
        Ok(inode)
    }

    fn sync_file(&mut self, file: InodeId) -> io::Result<()> {
        self.step()?;
        let inode = self
            .inodes
            .get_mut(file)
            .ok_or_else(|| io::Error::other("no such open file"))?;
        inode.durable = inode.volatile.clone();
        inode.dirty = false;
        Ok(())
    }

    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        self.step()?;
        let inode = self.file(from)?;
        let from_parent = self.require_parent(from)?;
        let to_parent = self.require_parent(to)?;
        self.volatile.remove(from);
        self.volatile.insert(to.to_path_buf(), Entry::File(inode));
        self.record(
            DirOp::Rename(from.to_path_buf(), to.to_path_buf()),
            vec![from_parent, to_parent],
        );
        Ok(())
    }

    fn remove_file(&mut self, path: &Path) -> io::Result<()> {
        self.step()?;
        self.file(path)?;
        let parent = self.require_parent(path)?;
        self.volatile.remove(path);
        self.record(DirOp::Remove(path.to_path_buf()), vec![parent]);
        Ok(())
    }

    fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
        self.step()?;
        if self.volatile.get(dir) != Some(&Entry::Dir) {
            return Err(not_found(dir));
        }
        for pending in &mut self.pending {
            pending.unsynced.retain(|d| d != dir);
        }
        let (done, still): (Vec<Pending>, Vec<Pending>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|p| p.unsynced.is_empty());
        for pending in &done {
            apply(&mut self.durable, &pending.op);
        }
        self.pending = still;
        Ok(())
    }
}

/// Applies a directory change to a namespace; a change whose source is
/// missing there (its creation was lost) changes nothing.
fn apply(namespace: &mut BTreeMap<PathBuf, Entry>, op: &DirOp) {
    match op {
        DirOp::Create(path, entry) => {
            namespace.insert(path.clone(), *entry);
        }
        DirOp::Rename(from, to) => {
            if let Some(entry) = namespace.remove(from) {
                namespace.insert(to.clone(), entry);
            }
        }
        DirOp::Remove(path) => {
            namespace.remove(path);
        }
    }
}

/// What an unsynced write left on the disk: the new bytes, the old ones,
/// the new ones cut short, or the new ones with random bytes in them.
fn fate_of_write(inode: &Inode, random: &mut SplitMix, fates: &mut CrashFates) -> Vec<u8> {
    let new = &inode.volatile;
    match random.below(4) {
        0 => {
            fates.applied += 1;
            new.clone()
        }
        1 => {
            fates.dropped += 1;
            inode.durable.clone()
        }
        2 => {
            fates.garbled += 1;
            new[..random.below(new.len())].to_vec()
        }
        _ => {
            fates.garbled += 1;
            let mut bytes = new.clone();
            let start = random.below(bytes.len());
            let end = start + random.below(bytes.len() - start + 1);
            for byte in &mut bytes[start..end] {
                *byte = random.next_u64() as u8;
            }
            bytes
        }
    }
}

fn power_lost() -> io::Error {
    io::Error::other("the power was lost")
}

fn not_found(path: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, path.display().to_string())
}
