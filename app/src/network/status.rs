//! The peer book: when each peer was last seen and last synced, kept in
//! `peers.json` in the data directory by whichever process runs a node, and
//! the per-partner report that `rondetafel peers` prints.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::Path;

use rondetafel_sync::{NodeEvent, SyncEvent};
use serde::{Deserialize, Serialize};

use crate::local::write_atomically;
use crate::model::AllianceView;

/// Name of the peer book inside the data directory.
pub(crate) const PEER_BOOK_FILE: &str = "peers.json";

/// What this device knows about other devices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerBook {
    /// The process id of the node keeping the book while it runs.
    pub pid: Option<u32>,
    /// The addresses that node listens on.
    pub listen: Vec<String>,
    /// The peers connected to that node now.
    pub online: BTreeSet<String>,
    /// Per peer connected now: the relay it is reached through (its peer
    /// id), or `None` when the connection is direct.
    #[serde(default)]
    pub routes: BTreeMap<String, Option<String>>,
    /// Per peer id: when seen and synced.
    pub peers: BTreeMap<String, PeerRecord>,
}

/// One peer's record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerRecord {
    /// When it was last connected (RFC 3339).
    pub last_seen: Option<String>,
    /// Per alliance id: the last time both sides had the same heads.
    pub synced: BTreeMap<String, SyncRecord>,
    /// How many changes from this peer were refused (unsigned, wrongly
    /// signed, reusing an actor and sequence number, or built on those).
    #[serde(default)]
    pub refused_changes: u64,
    /// The address this device last dialled it at (for `doctor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// A moment at which this device and a peer had the same heads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRecord {
    /// When (RFC 3339).
    pub at: String,
    /// The common heads (hex, sorted).
    pub heads: Vec<String>,
}

impl PeerBook {
    /// Reads the book in `dir`; a missing or damaged book reads as empty (it
    /// holds only observations, which the next connection renews).
    pub fn load(dir: &Path) -> PeerBook {
        fs::read(dir.join(PEER_BOOK_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the book atomically.
    pub fn save(&self, dir: &Path) -> io::Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        write_atomically(&dir.join(PEER_BOOK_FILE), &bytes, 0o644)
    }

    /// Records what a node event says about peers: connections and syncs.
    pub fn record(&mut self, event: &NodeEvent) {
        match event {
            NodeEvent::PeerConnected {
                peer,
                address,
                dialed,
            } => {
                self.connected(&peer.to_string());
                if *dialed {
                    self.peers.entry(peer.to_string()).or_default().address =
                        Some(address.to_string());
                }
            }
            NodeEvent::PeerDisconnected { peer } => self.disconnected(&peer.to_string()),
            NodeEvent::Route { peer, route } => {
                let relay = match route {
                    rondetafel_sync::Route::Direct => None,
                    rondetafel_sync::Route::Relayed { relay } => Some(relay.to_string()),
                };
                self.routes.insert(peer.to_string(), relay);
            }
            NodeEvent::Sync(SyncEvent::Synced {
                document,
                peer,
                heads,
                ..
            }) => {
                let heads: Vec<String> = heads.iter().map(ToString::to_string).collect();
                self.synced(&peer.to_string(), document.as_str(), &heads);
            }
            NodeEvent::Sync(SyncEvent::ChangesRefused { peer, count, .. }) => {
                let record = self.peers.entry(peer.to_string()).or_default();
                record.refused_changes = record.refused_changes.saturating_add(*count as u64);
            }
            _ => {}
        }
    }

    /// Forgets who is connected (a node starting or stopping).
    pub fn clear_online(&mut self) {
        self.online.clear();
        self.routes.clear();
    }

    /// Records that `peer` connected now.
    pub fn connected(&mut self, peer: &str) {
        self.online.insert(peer.to_owned());
        self.peers.entry(peer.to_owned()).or_default().last_seen = Some(now());
    }

    /// Records that `peer` disconnected now.
    pub fn disconnected(&mut self, peer: &str) {
        self.online.remove(peer);
        self.routes.remove(peer);
        self.peers.entry(peer.to_owned()).or_default().last_seen = Some(now());
    }

    /// Records that `peer` and this device have the same `heads` of `alliance`.
    pub fn synced(&mut self, peer: &str, alliance: &str, heads: &[String]) {
        let mut heads = heads.to_vec();
        heads.sort();
        let record = self.peers.entry(peer.to_owned()).or_default();
        record.last_seen = Some(now());
        record
            .synced
            .insert(alliance.to_owned(), SyncRecord { at: now(), heads });
    }
}

/// The status of one device of a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceStatus {
    /// The device's peer id.
    pub peer_id: String,
    /// Whether this is the device running the command.
    pub this_device: bool,
    /// Whether it is connected now.
    pub online: bool,
    /// When it was last connected.
    pub last_seen: Option<String>,
    /// When it last had the same version as this device.
    pub last_synced: Option<String>,
    /// Whether it lacks changes that this device has: `null` when it never
    /// synced with this device.
    pub missing_changes: Option<bool>,
    /// `in-sync` (online, same version), `syncing` (online, behind or
    /// catching up), `offline`, or `this-device`. Never `in-sync` when offline.
    pub state: &'static str,
    /// How many changes from this device were refused (unsigned, wrongly
    /// signed, reusing an actor and sequence number, or built on those).
    pub refused_changes: u64,
    /// How it is connected now: `direct`, `relayed`, or `null` when it is
    /// not connected (or is this device).
    pub connection: Option<&'static str>,
    /// The relay (peer id) a relayed connection goes through.
    pub relay: Option<String>,
}

/// The status of one partner's devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerStatus {
    /// The partner id.
    pub partner_id: String,
    /// The organisation name.
    pub name: String,
    /// Its current devices.
    pub devices: Vec<DeviceStatus>,
}

/// The per-partner status of an alliance. `live` says whether the book's
/// `online` set belongs to a node that is running now.
pub fn peer_report(
    view: &AllianceView,
    book: &PeerBook,
    live: bool,
    own_device: &str,
) -> Vec<PartnerStatus> {
    let mut ours = view.heads.clone();
    ours.sort();
    view.partners
        .iter()
        .filter(|p| p.left.is_none())
        .map(|partner| PartnerStatus {
            partner_id: partner.id.clone(),
            name: partner.name.clone(),
            devices: partner
                .devices
                .iter()
                .map(|peer| device_status(peer, book, live, own_device, &view.id, &ours))
                .collect(),
        })
        .collect()
}

fn device_status(
    peer: &str,
    book: &PeerBook,
    live: bool,
    own: &str,
    alliance: &str,
    ours: &[String],
) -> DeviceStatus {
    let record = book.peers.get(peer);
    let synced = record.and_then(|r| r.synced.get(alliance));
    let online = live && book.online.contains(peer);
    let missing_changes = synced.map(|s| s.heads != ours);
    let state = if peer == own {
        "this-device"
    } else if !online {
        "offline"
    } else if missing_changes == Some(false) {
        "in-sync"
    } else {
        "syncing"
    };
    let route = online.then(|| book.routes.get(peer).cloned().flatten());
    DeviceStatus {
        connection: route
            .as_ref()
            .map(|relay| if relay.is_some() { "relayed" } else { "direct" }),
        relay: route.flatten(),
        peer_id: peer.to_owned(),
        this_device: peer == own,
        online,
        last_seen: record.and_then(|r| r.last_seen.clone()),
        last_synced: synced.map(|s| s.at.clone()),
        missing_changes,
        state,
        refused_changes: record.map_or(0, |r| r.refused_changes),
    }
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}
