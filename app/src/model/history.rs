//! Who changed what, and when: the alliance's change history, attributed to
//! devices by the keys in the changes' actor ids and to partners by the
//! device registry, with every write that does not count named.

use serde::Serialize;

use super::describe::{self, Activity};
use super::read::At;
use super::trust::{Action, Trust};
use super::view;

/// One change in the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// The change hash (hex).
    pub hash: String,
    /// When it was made, by the author's clock (RFC 3339).
    pub time: String,
    /// The Automerge actor id (hex) of the process that made it.
    pub actor: String,
    /// The device (peer id) that made it, if known.
    pub device: Option<String>,
    /// The partner that device belongs to, if known.
    pub partner: Option<String>,
    /// That partner's name, if known.
    pub partner_name: Option<String>,
    /// What the change did (the message its author's program wrote).
    pub message: String,
    /// What the change did, read from the writes of it that count.
    pub activities: Vec<Activity>,
    /// Whether the change is signed by the device key its actor names.
    /// Changes made before signing existed are not.
    pub verified: bool,
    /// Writes of the change that do not count, and why.
    pub ignored: Vec<IgnoredWrite>,
}

/// A write that does not count: a partner's own value written by a device
/// of another partner, or a write by a device that was not (or no longer)
/// a member's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoredWrite {
    /// Where it wrote, as a path (`agreements/<id>/positions/<partner>`).
    pub path: String,
    /// The partner whose value it is, when it is a partner's own value.
    pub on_behalf_of: Option<String>,
    /// That partner's name.
    pub on_behalf_of_name: Option<String>,
}

/// The history of `doc`, in causal order (every change after the changes it
/// depends on).
pub(crate) fn build(doc: &mut automerge::AutoCommit) -> Vec<HistoryEntry> {
    let trust = Trust::now(doc);
    let names = view::partner_names(doc, &trust, At::Now);
    trust
        .log()
        .changes
        .iter()
        .map(|change| {
            let device = trust.device_of(&change.actor).map(str::to_owned);
            let partner = device
                .as_ref()
                .and_then(|d| trust.registry().devices.get(d))
                .map(|d| d.partner.clone());
            let mut ignored: Vec<IgnoredWrite> = change
                .writes
                .iter()
                .filter(|w| w.action != Action::Edit || w.path.len() <= 1)
                .filter_map(|write| {
                    let judgement = trust.judge(change, write);
                    (!judgement.counts).then(|| IgnoredWrite {
                        path: shown_path(&write.path),
                        on_behalf_of_name: judgement
                            .owner
                            .as_ref()
                            .map(|o| names.get(o).cloned().unwrap_or_else(|| o.clone())),
                        on_behalf_of: judgement.owner,
                    })
                })
                .collect();
            let activities = describe::activities(change.writes.iter().filter(|write| {
                (write.action == Action::Edit && write.path.len() > 1)
                    || trust.judge(change, write).counts
            }));
            ignored
                .dedup_by(|a, b| a.path == b.path || a.path.starts_with(&format!("{}/", b.path)));
            HistoryEntry {
                hash: change.hash.to_string(),
                time: view::format_ms(change.time.saturating_mul(1000)),
                verified: trust.is_signed(&change.actor),
                partner_name: partner.as_ref().and_then(|p| names.get(p).cloned()),
                partner,
                device,
                message: change.message.clone(),
                actor: change.actor.to_hex_string(),
                activities,
                ignored,
            }
        })
        .collect()
}

/// A path as the history shows it: the written keys, joined with `/`.
fn shown_path(path: &[String]) -> String {
    path.join("/")
}

/// One change as a BIO audit log lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// When, by the author's clock (RFC 3339).
    pub time: String,
    /// The change hash (hex).
    pub change: String,
    /// What its author's program says it did.
    pub action: String,
    /// The objects it wrote, as paths (`agreements/<id>`), without repeats.
    pub objects: Vec<String>,
    /// `accepted` when every write counts, `ignored` when none does,
    /// `partly-ignored` otherwise.
    pub result: &'static str,
    /// Whether it is signed by the device key its actor names.
    pub verified: bool,
    /// The device that made it.
    pub device: Option<String>,
    /// The partner of that device.
    pub partner: Option<String>,
    /// That partner's name.
    pub partner_name: Option<String>,
    /// `this-device` when this device made it, else `received` (from a
    /// peer, or imported).
    pub source: &'static str,
    /// The writes that do not count.
    pub ignored: Vec<IgnoredWrite>,
}

/// The audit log of `doc`, as seen from device `this_device`.
pub(crate) fn audit(doc: &mut automerge::AutoCommit, this_device: &str) -> Vec<AuditEntry> {
    let trust = Trust::now(doc);
    let entries = build(doc);
    entries
        .into_iter()
        .zip(trust.log().changes.iter())
        .map(|(entry, change)| {
            let mut objects: Vec<String> = change
                .writes
                .iter()
                .map(|w| w.path.iter().take(2).cloned().collect::<Vec<_>>().join("/"))
                .collect();
            objects.sort();
            objects.dedup();
            let counted = change
                .writes
                .iter()
                .filter(|w| w.action != Action::Edit || w.path.len() <= 1)
                .count();
            let result = match entry.ignored.len() {
                0 => "accepted",
                n if n >= counted => "ignored",
                _ => "partly-ignored",
            };
            AuditEntry {
                time: entry.time,
                change: entry.hash,
                action: entry.message,
                objects,
                result,
                verified: entry.verified,
                source: if entry.device.as_deref() == Some(this_device) {
                    "this-device"
                } else {
                    "received"
                },
                device: entry.device,
                partner: entry.partner,
                partner_name: entry.partner_name,
                ignored: entry.ignored,
            }
        })
        .collect()
}
