//! Ratification: snapshots of the alliance and each partner's board
//! decision about them, recorded in the alliance document itself so that
//! every replica knows them.
//!
//! Records live in the root `ratifications` map, which exists from the
//! alliance's creation, under keys that never collide between replicas:
//!
//! ```text
//! ratifications
//! ├─ snapshot:<snapshot id>  { heads: "<hex> <hex>", label, made_at, made_by }
//! └─ decision:<random id>    { snapshot, partner, body, decision, date,
//!                              reference?, conditions?, recorded_at }
//! ```
//!
//! A snapshot record is keyed by its id, so recording the same version twice
//! adds nothing. A decision is a new record every time; a partner's latest
//! decision about a snapshot counts. A decision counts only when the device
//! that wrote it belongs to the partner it names: a partner records only its
//! own board's decision, also when a modified peer writes the document.

use std::collections::HashMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, ScalarValue};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::alliance::{Alliance, Author, non_empty, now_ms, parse_date};
use super::error::ModelError;
use super::ids::{self, ITEM_ID_BYTES};
use super::kinds::Decision;
use super::read;
pub(crate) use super::read::At;
use super::schema::RATIFICATIONS;
use super::trust::{Rule, Trust};
use super::view::{self, AgreementView, Reader, creation_order, format_ms};

/// What is hashed before the sorted heads, so that a snapshot id can never
/// be mistaken for another SHA-256 over the same bytes.
pub const SNAPSHOT_ID_DOMAIN: &[u8] = b"rondetafel-snapshot-v1\0";

/// How many hex characters the short form of a snapshot id has.
pub const SHORT_ID_LEN: usize = 12;

const SNAPSHOT_PREFIX: &str = "snapshot:";
pub(crate) const DECISION_PREFIX: &str = "decision:";

/// The id of the alliance at `heads`: lowercase hex of SHA-256 over
/// [`SNAPSHOT_ID_DOMAIN`] followed by the 32 raw bytes of every distinct
/// head, sorted ascending by those bytes.
pub fn snapshot_id(heads: &[ChangeHash]) -> String {
    let mut sorted: Vec<[u8; 32]> = heads.iter().map(|h| h.0).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut hasher = Sha256::new();
    hasher.update(SNAPSHOT_ID_DOMAIN);
    for head in &sorted {
        hasher.update(head);
    }
    hex::encode(hasher.finalize())
}

/// The short form of a snapshot id (its first [`SHORT_ID_LEN`] characters).
pub fn short_id(id: &str) -> &str {
    id.get(..SHORT_ID_LEN).unwrap_or(id)
}

/// Parses hex change hashes.
pub fn parse_heads(heads: &[String]) -> Result<Vec<ChangeHash>, ModelError> {
    heads
        .iter()
        .map(|h| {
            h.parse::<ChangeHash>()
                .map_err(|_| ModelError::BadHeads(h.clone()))
        })
        .collect()
}

/// Hex change hashes, sorted.
pub fn heads_hex(heads: &[ChangeHash]) -> Vec<String> {
    let mut hex: Vec<String> = heads.iter().map(ToString::to_string).collect();
    hex.sort();
    hex.dedup();
    hex
}

/// A snapshot recorded in the alliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnapshotRecord {
    /// The full snapshot id (64 hex characters).
    pub id: String,
    /// The short id (12 hex characters).
    pub short_id: String,
    /// The heads of the version (hex, sorted).
    pub heads: Vec<String>,
    /// The version label, e.g. "0.3" or "1.0".
    pub label: String,
    /// When it was recorded (RFC 3339).
    pub made_at: String,
    /// The date of the snapshot: the UTC date it was recorded (`YYYY-MM-DD`).
    pub date: String,
    /// The partner whose device recorded it.
    pub made_by: Option<String>,
}

/// A board decision about a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRecord {
    /// The record's id.
    pub id: String,
    /// The full id of the snapshot decided on.
    pub snapshot: String,
    /// The deciding partner's id.
    pub partner: String,
    /// That partner's name.
    pub partner_name: String,
    /// The body that decided (college van B&W, Raad van Bestuur, ...).
    pub body: String,
    /// The decision.
    pub decision: Decision,
    /// The date of the decision (`YYYY-MM-DD`).
    pub date: String,
    /// The decision's reference (*kenmerk*), if given.
    pub reference: Option<String>,
    /// The conditions of an adoption with conditions.
    pub conditions: Option<String>,
    /// When it was recorded (RFC 3339).
    pub recorded_at: String,
}

/// A board decision to record.
#[derive(Debug, Clone)]
pub struct NewDecision {
    /// The body that decided.
    pub body: String,
    /// The decision.
    pub decision: Decision,
    /// The date of the decision, `YYYY-MM-DD`.
    pub date: String,
    /// The reference (*kenmerk*).
    pub reference: Option<String>,
    /// Conditions; required for, and only allowed with,
    /// [`Decision::AdoptedWithConditions`].
    pub conditions: Option<String>,
}

/// One current partner's standing on one snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerDecision {
    /// The partner's id.
    pub partner: String,
    /// The partner's name.
    pub partner_name: String,
    /// Its latest decision about the snapshot, if any.
    pub decision: Option<DecisionRecord>,
}

/// One snapshot and what the partners decided about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnapshotStatus {
    /// The snapshot.
    pub snapshot: SnapshotRecord,
    /// Every current partner's latest decision, in the order they joined.
    pub partners: Vec<PartnerDecision>,
    /// Whether every current partner adopted it (with or without
    /// conditions): the agreements in it are *vastgesteld*.
    pub adopted_by_all: bool,
    /// Every decision about it, in the order they were recorded.
    pub decisions: Vec<DecisionRecord>,
}

/// The ratification state of the alliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatificationStatus {
    /// Every recorded snapshot, in the order they were recorded.
    pub snapshots: Vec<SnapshotStatus>,
    /// The latest snapshot every current partner adopted.
    pub vastgesteld: Option<SnapshotRecord>,
    /// Whether the agreements differ now from those in [`Self::vastgesteld`].
    pub agreements_changed_since: bool,
}

impl Alliance {
    /// Records the alliance at `heads` as a snapshot, or returns the record
    /// when that version was recorded already. Without a label the next
    /// number after the highest numbered label is used ("0.1" first; after
    /// "0.9" comes "0.10").
    pub fn record_snapshot(
        &mut self,
        author: &Author,
        heads: &[ChangeHash],
        label: Option<&str>,
    ) -> Result<(SnapshotRecord, bool), ModelError> {
        self.require_member(author)?;
        let label = label.map(|l| non_empty(l, "the label")).transpose()?;
        let id = snapshot_id(heads);
        if let Some(existing) = self.snapshots().into_iter().find(|s| s.id == id) {
            return match label {
                Some(label) if label != existing.label => Err(ModelError::SnapshotLabelled {
                    id: short_id(&id).to_owned(),
                    label: existing.label,
                }),
                _ => Ok((existing, false)),
            };
        }
        if heads.is_empty() || !self.has_changes(heads) {
            return Err(ModelError::UnknownVersion);
        }
        let label = label.map_or_else(
            || {
                // Numbering goes on across a restart.
                let mut labels: Vec<String> =
                    self.snapshots().into_iter().map(|s| s.label).collect();
                if let Some(epoch) = self.epoch() {
                    labels.extend(epoch.previous_snapshots.into_iter().map(|s| s.label));
                }
                next_label(&labels)
            },
            str::to_owned,
        );
        let map = self.root_map(RATIFICATIONS)?;
        let key = format!("{SNAPSHOT_PREFIX}{id}");
        let heads = heads_hex(heads).join(" ");
        self.change(author, format!("record snapshot {id} ({label})"), |doc| {
            let obj = doc.put_object(&map, key.as_str(), ObjType::Map)?;
            doc.put(&obj, "heads", heads.as_str())?;
            doc.put(&obj, "label", label.as_str())?;
            doc.put(&obj, "made_by", author.partner_id.as_str())?;
            doc.put(&obj, "made_at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        let record = self.snapshots().into_iter().find(|s| s.id == id);
        record.map(|r| (r, true)).ok_or(ModelError::UnknownVersion)
    }

    /// Records the author's own board decision about a snapshot (id, unique
    /// id prefix, or label).
    pub fn ratify(
        &mut self,
        author: &Author,
        snapshot: &str,
        decision: &NewDecision,
    ) -> Result<DecisionRecord, ModelError> {
        self.require_member(author)?;
        let snapshot = self.find_snapshot(snapshot)?;
        let body = non_empty(&decision.body, "the deciding body")?;
        let date = parse_date(&decision.date)?;
        if date < snapshot.date {
            return Err(ModelError::DecisionBeforeSnapshot {
                date,
                snapshot: snapshot.date,
            });
        }
        let conditions = clean(decision.conditions.as_deref());
        match (decision.decision, &conditions) {
            (Decision::AdoptedWithConditions, None) => return Err(ModelError::ConditionsMissing),
            (Decision::AdoptedWithConditions, Some(_)) | (_, None) => {}
            (other, Some(_)) => return Err(ModelError::ConditionsNotAllowed(other)),
        }
        let reference = clean(decision.reference.as_deref());
        let map = self.root_map(RATIFICATIONS)?;
        let key = format!("{DECISION_PREFIX}{}", ids::random_id(ITEM_ID_BYTES));
        let message = format!("ratify snapshot {}: {}", snapshot.id, decision.decision);
        self.change(author, message, |doc| {
            let obj = doc.put_object(&map, key.as_str(), ObjType::Map)?;
            doc.put(&obj, "snapshot", snapshot.id.as_str())?;
            doc.put(&obj, "partner", author.partner_id.as_str())?;
            doc.put(&obj, "body", body)?;
            doc.put(&obj, "decision", decision.decision.slug())?;
            doc.put(&obj, "date", date.as_str())?;
            if let Some(reference) = &reference {
                doc.put(&obj, "reference", reference.as_str())?;
            }
            if let Some(conditions) = &conditions {
                doc.put(&obj, "conditions", conditions.as_str())?;
            }
            doc.put(&obj, "recorded_at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        let id = key.trim_start_matches(DECISION_PREFIX).to_owned();
        self.decisions()
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(ModelError::UnknownVersion)
    }

    /// Every recorded snapshot, in the order they were recorded.
    pub fn snapshots(&self) -> Vec<SnapshotRecord> {
        snapshots_at(self.document(), &self.trust(), At::Now)
    }

    /// Every valid decision, in the order they were recorded.
    pub fn decisions(&self) -> Vec<DecisionRecord> {
        decisions_at(self.document(), &self.trust(), At::Now)
    }

    /// Finds a recorded snapshot by full id, unique id prefix or label.
    pub fn find_snapshot(&self, query: &str) -> Result<SnapshotRecord, ModelError> {
        find_snapshot_in(&self.snapshots(), query)
    }

    /// The ratification state now.
    pub fn ratification_status(&mut self) -> RatificationStatus {
        let heads = self.heads();
        let trust = self.trust();
        let mut status = status_at(self.document(), &trust, At::Now);
        if let Some(vastgesteld) = &status.vastgesteld
            && let Ok(then) = parse_heads(&vastgesteld.heads)
        {
            let agreements_then = self.view_at(&then).agreements;
            let agreements_now = self.view_at(&heads).agreements;
            status.agreements_changed_since = !same_agreements(&agreements_then, &agreements_now);
        }
        status
    }

    /// Whether every change in `heads` is in this replica.
    pub fn has_changes(&mut self, heads: &[ChangeHash]) -> bool {
        heads
            .iter()
            .all(|h| self.document_mut().get_change_by_hash(h).is_some())
    }
}

/// Agreements compared by their content, ignoring concurrent-edit
/// bookkeeping.
fn same_agreements(a: &[AgreementView], b: &[AgreementView]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.id == y.id
                && x.title == y.title
                && x.body == y.body
                && x.status == y.status
                && x.owners == y.owners
                && x.review_date == y.review_date
                && x.outcome == y.outcome
                && x.positions == y.positions
        })
}

fn clean(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Finds a snapshot among `snapshots` by full id, unique id prefix or label.
pub fn find_snapshot_in(
    snapshots: &[SnapshotRecord],
    query: &str,
) -> Result<SnapshotRecord, ModelError> {
    let candidates: Vec<(String, Option<String>)> = snapshots
        .iter()
        .map(|s| (s.id.clone(), Some(s.label.clone())))
        .collect();
    let id = ids::resolve("snapshot", query, &candidates)?;
    snapshots
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .ok_or(ModelError::NotFound {
            what: "snapshot",
            query: query.to_owned(),
        })
}

/// The records of one kind (`prefix`), in creation order: key without the
/// prefix, object, and the partner whose device created it.
fn records(
    doc: &AutoCommit,
    trust: &Trust,
    at: At<'_>,
    prefix: &str,
) -> Vec<(String, ObjId, Option<String>)> {
    let reader = Reader { doc, at, trust };
    let Some(map) = reader.root(RATIFICATIONS) else {
        return Vec::new();
    };
    let mut found: Vec<_> = trust
        .keys(doc, at, &map)
        .into_iter()
        .filter_map(|key| {
            let id = key.strip_prefix(prefix)?.to_owned();
            let obj = reader.map(&map, &key, &Rule::Member)?;
            let writer = trust.partner_of(&obj).map(str::to_owned);
            Some((creation_order(&obj), id, obj, writer))
        })
        .collect();
    found.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    found
        .into_iter()
        .map(|(_, id, obj, writer)| (id, obj, writer))
        .collect()
}

/// The snapshots recorded at a version.
pub(crate) fn snapshots_at(doc: &AutoCommit, trust: &Trust, at: At<'_>) -> Vec<SnapshotRecord> {
    records(doc, trust, at, SNAPSHOT_PREFIX)
        .into_iter()
        .filter_map(|(id, obj, writer)| {
            let heads: Vec<String> = read::str_at(doc, at, &obj, "heads")?
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            let parsed = parse_heads(&heads).ok()?;
            if snapshot_id(&parsed) != id {
                return None;
            }
            let made_at = read::timestamp_at(doc, at, &obj, "made_at").unwrap_or_default();
            Some(SnapshotRecord {
                short_id: short_id(&id).to_owned(),
                heads,
                label: read::str_at(doc, at, &obj, "label").unwrap_or_default(),
                made_at: format_ms(made_at),
                date: utc_date(made_at),
                made_by: writer,
                id,
            })
        })
        .collect()
}

/// The valid decisions recorded at a version: those written by a device of
/// the partner they name, about a recorded snapshot.
pub(crate) fn decisions_at(doc: &AutoCommit, trust: &Trust, at: At<'_>) -> Vec<DecisionRecord> {
    let names = view::partner_names(doc, trust, at);
    let snapshot_dates: HashMap<String, String> = snapshots_at(doc, trust, at)
        .into_iter()
        .map(|s| (s.id, s.date))
        .collect();
    let reader = Reader { doc, at, trust };
    records(doc, trust, at, DECISION_PREFIX)
        .into_iter()
        .filter_map(|(id, obj, writer)| {
            let writer = writer?;
            let own = Rule::Partner(writer.clone());
            let field = |key: &str| Some(reader.text(&obj, key, &own)).filter(|v| !v.is_empty());
            let partner = field("partner")?;
            let snapshot = field("snapshot")?;
            let date = field("date").unwrap_or_default();
            // A board cannot decide on a version before it existed.
            if writer != partner
                || snapshot_dates
                    .get(&snapshot)
                    .is_none_or(|made| date < *made)
            {
                return None;
            }
            Some(DecisionRecord {
                id,
                snapshot,
                partner_name: names
                    .get(&partner)
                    .cloned()
                    .unwrap_or_else(|| partner.clone()),
                body: field("body").unwrap_or_default(),
                decision: field("decision")?.parse().ok()?,
                date,
                reference: field("reference"),
                conditions: field("conditions"),
                recorded_at: format_ms(reader.time(&obj, "recorded_at", &own).unwrap_or_default()),
                partner,
            })
        })
        .collect()
}

/// The current partners at a version, in the order they joined: id, name.
pub(crate) fn current_partners(
    doc: &AutoCommit,
    trust: &Trust,
    at: At<'_>,
) -> Vec<(String, String)> {
    Reader { doc, at, trust }
        .partners()
        .into_iter()
        .filter(|p| p.left.is_none())
        .map(|p| (p.id, p.name))
        .collect()
}

/// The ratification state at a version (without the comparison of the
/// agreements, which needs the views at two versions).
pub(crate) fn status_at(doc: &AutoCommit, trust: &Trust, at: At<'_>) -> RatificationStatus {
    let partners = current_partners(doc, trust, at);
    let decisions = decisions_at(doc, trust, at);
    let snapshots: Vec<SnapshotStatus> = snapshots_at(doc, trust, at)
        .into_iter()
        .map(|snapshot| snapshot_status(snapshot, &partners, &decisions))
        .collect();
    let vastgesteld = snapshots
        .iter()
        .rev()
        .find(|s| s.adopted_by_all)
        .map(|s| s.snapshot.clone());
    RatificationStatus {
        snapshots,
        vastgesteld,
        agreements_changed_since: false,
    }
}

fn snapshot_status(
    snapshot: SnapshotRecord,
    partners: &[(String, String)],
    decisions: &[DecisionRecord],
) -> SnapshotStatus {
    let about: Vec<DecisionRecord> = decisions
        .iter()
        .filter(|d| d.snapshot == snapshot.id)
        .cloned()
        .collect();
    let latest: HashMap<&str, &DecisionRecord> =
        about.iter().map(|d| (d.partner.as_str(), d)).collect();
    let partners: Vec<PartnerDecision> = partners
        .iter()
        .map(|(id, name)| PartnerDecision {
            partner: id.clone(),
            partner_name: name.clone(),
            decision: latest.get(id.as_str()).map(|d| (*d).clone()),
        })
        .collect();
    let adopted_by_all = !partners.is_empty()
        && partners
            .iter()
            .all(|p| p.decision.as_ref().is_some_and(|d| d.decision.adopts()));
    SnapshotStatus {
        snapshot,
        partners,
        adopted_by_all,
        decisions: about,
    }
}

/// The label after the highest numbered one among `snapshots`
/// (`major.minor`, compared as numbers): its minor number plus one. "0.1"
/// when no label is numbered.
pub(crate) fn next_label(labels: &[String]) -> String {
    let numbered = |label: &str| -> Option<(u64, u64)> {
        let (major, minor) = label.trim().split_once('.')?;
        Some((major.parse().ok()?, minor.parse().ok()?))
    };
    match labels.iter().filter_map(|label| numbered(label)).max() {
        Some((major, minor)) => format!("{major}.{}", minor + 1),
        None => "0.1".to_owned(),
    }
}

/// The UTC calendar date of a millisecond timestamp.
fn utc_date(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_default()
}
