//! The layout of the alliance document, its schema version and migrations.
//!
//! ```text
//! ROOT
//! ├─ schema_version   uint
//! ├─ alliance_id      str
//! ├─ name             str
//! ├─ description      text
//! ├─ created_at       timestamp
//! ├─ actors           { <actor hex>: { device, partner, at } }   (schema 1 only)
//! ├─ trust            { checkpoint: "<hex heads>" }             (schema 1 → 2)
//! ├─ partners         { <partner id>: { name, kind, roles {<role>: true},
//! │                     devices { <peer id>: { added, removed? } }, joined, left? } }
//! ├─ ambition         { text: text, effects { <id>: { text, indicator, target, created_at, created_by } } }
//! ├─ interests        { <id>: { partner, text: text, obstacle, status, created_at,
//! │                     responses { <id>: { partner, text, at } } } }
//! ├─ agreements       { <id>: { title, body: text, status, owners {<partner id>: true},
//! │                     review_date?, created_at, created_by,
//! │                     positions { <partner id>: { stance, reason, text_version, at } } } }
//! ├─ invitations      { <id>: { kind, partner?, secret_sha256, expires, created_by,
//! │                     created_at, used_by?, used_at?, withdrawn? } }
//! ├─ ratifications    { }   (filled by ratification)
//! ├─ roles            { <partner id>: { brings_<kind>, responsible, mandate,
//! │                     review_date, updated_at } }                    (later)
//! ├─ expectations     { <id>: { of, text, created_at,
//! │                     answers { <partner id>: { answer, remark, at } } } } (later)
//! ├─ coursechecks     { <id>: { opens, closes, created_at, closed_at?,
//! │                     answers { "<partner id>:<dimension>": { rating, trend, remark, at } },
//! │                     actions { <id>: { text, owner, due, created_at } } } }    (later)
//! ├─ inputs           { <id>: { kind, text, role, signing, name, created_at,
//! │                     status, reason, agreement,
//! │                     supports { "<partner id>:<role>": at } } }            (later)
//! ├─ indicators       { <id>: { effect, name, definition, unit, level, direction,
//! │                     band_low?, band_high?, baseline_value?, baseline_period,
//! │                     target_value?, target_date, amber?, source, source_url,
//! │                     owner, frequency, proxy_for, created_at,
//! │                     measurements { <id>: { period, value, status, note, at } } } } (later)
//! ├─ interventions    { <id>: { title, description, partners {}, agreements {}, effects {},
//! │                     assumption, start, end, status, created_at,
//! │                     milestones { <id>: { date, title, note, created_at } } } } (later)
//! ├─ reviews          { <id>: { period, created_at,
//! │                     answers { "<partner id>:<prompt>": text },
//! │                     decisions { <intervention id>: { decision, note, at } } } } (later)
//! ├─ meetings         { <id>: { title, created_at, agenda { <agreement id>: { at, removed? } },
//! │                     outcomes { <agreement id>: { text, at } },
//! │                     attendance { <partner id>: at }, closed? { at, heads } } } (later)
//! ├─ restarts         { <id>: { heads, clock, replacements (JSON), successor, reason,
//! │                     proposed_at, accepted { <partner id>: { device, key, signature, at } },
//! │                     refused { <partner id>: { at } } } }          (later, old epoch)
//! └─ epoch            { previous, heads, restart, reason, replaced, previous_snapshots (JSON),
//!                       accepted {…}, owners { "<path>": <partner id> },
//!                       switched { <peer id>: at } }        (only in a new epoch's first change)
//! ```
//!
//! Collections are maps keyed by random ids, never lists, so concurrent
//! additions on different replicas never collide. Collections marked
//! *later* were added after alliances already existed: new alliances get
//! them at their founding, older ones with the first write into them, and
//! replicas that made one concurrently read them together (see
//! `collections.rs`).

use automerge::{AutoCommit, ROOT};

use super::error::ModelError;
use super::read;

/// The schema version this build writes. Version 2: every change is signed
/// and attributed by the device key in its actor id.
pub const SCHEMA_VERSION: u64 = 2;

/// Root keys.
pub(crate) const SCHEMA_VERSION_KEY: &str = "schema_version";
pub(crate) const ALLIANCE_ID: &str = "alliance_id";
pub(crate) const NAME: &str = "name";
pub(crate) const DESCRIPTION: &str = "description";
pub(crate) const CREATED_AT: &str = "created_at";
pub(crate) const ACTORS: &str = "actors";
pub(crate) const PARTNERS: &str = "partners";
pub(crate) const AMBITION: &str = "ambition";
pub(crate) const INTERESTS: &str = "interests";
pub(crate) const AGREEMENTS: &str = "agreements";
pub(crate) const RATIFICATIONS: &str = "ratifications";
pub(crate) const INVITATIONS: &str = "invitations";
pub(crate) const TRUST: &str = "trust";
pub(crate) const ROLES: &str = "roles";
pub(crate) const EXPECTATIONS: &str = "expectations";
pub(crate) const COURSECHECKS: &str = "coursechecks";
pub(crate) const INPUTS: &str = "inputs";
pub(crate) const INDICATORS: &str = "indicators";
pub(crate) const INTERVENTIONS: &str = "interventions";
pub(crate) const REVIEWS: &str = "reviews";
/// Meetings: agenda, attendance, outcomes and the close.
pub(crate) const MEETINGS: &str = "meetings";
/// Proposals to restart the alliance on a new epoch (erasure).
pub(crate) const RESTARTS: &str = "restarts";
/// What a new epoch records about the restart it began with.
pub(crate) const EPOCH: &str = "epoch";

/// The key in a position that names the version of the agreement's text it
/// was given on (see `consent::text_version`).
pub(crate) const POSITION_TEXT_VERSION: &str = "text_version";

/// A migration lifts a document from the version before `to` up to `to`.
struct Migration {
    to: u64,
    apply: fn(&mut AutoCommit) -> Result<(), ModelError>,
}

/// Every migration, oldest first. Version 1 is the first published schema;
/// a future version appends its step here and bumps [`SCHEMA_VERSION`].
/// (Schema 1 → 2 writes its checkpoint with the first edit instead, see
/// [`signed_checkpoint`], so that reading an alliance never changes it.)
const MIGRATIONS: &[Migration] = &[];

/// Schema 1 → 2: records the heads of the history written before changes
/// were signed. Its self-asserted actor bindings are trusted up to these
/// heads, and nothing unsigned after them.
pub(crate) fn signed_checkpoint(doc: &mut AutoCommit) -> Result<(), ModelError> {
    use automerge::transaction::{CommitOptions, Transactable};
    let mut heads: Vec<String> = doc.get_heads().iter().map(ToString::to_string).collect();
    heads.sort();
    let trust = doc.put_object(ROOT, TRUST, automerge::ObjType::Map)?;
    doc.put(&trust, "checkpoint", heads.join(" "))?;
    doc.put(ROOT, SCHEMA_VERSION_KEY, 2u64)?;
    doc.commit_with(
        CommitOptions::default()
            .with_message("checkpoint: the history before signing".to_owned())
            .with_time(jiff::Timestamp::now().as_second()),
    );
    Ok(())
}

/// Checks that `doc` is an alliance this build can read, migrating an older
/// schema in place. Returns whether the document was changed.
pub(crate) fn check_and_migrate(doc: &mut AutoCommit) -> Result<bool, ModelError> {
    let version = read::uint(doc, &ROOT, SCHEMA_VERSION_KEY)
        .ok_or(ModelError::NotAnAlliance("it has no schema version".into()))?;
    if read::str(doc, &ROOT, ALLIANCE_ID).is_none() {
        return Err(ModelError::NotAnAlliance("it has no alliance id".into()));
    }
    if version > SCHEMA_VERSION {
        return Err(ModelError::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let mut migrated = false;
    for migration in MIGRATIONS.iter().filter(|m| m.to > version) {
        (migration.apply)(doc)?;
        migrated = true;
    }
    Ok(migrated)
}
