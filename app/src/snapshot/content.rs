//! What a snapshot export contains: one plain structure that every format
//! renders, and that is the JSON export itself.

use std::collections::HashMap;

use automerge::ChangeHash;
use serde::Serialize;

use super::collaboration::Collaboration;
use super::conflicts::{ConflictEntry, conflicts};
use super::diff::{self, AgreementsDiff};
use super::provenance::Provenance;
use super::summary::Summary;
use super::{Envelope, SnapshotError};
use crate::model::ratification::{self, heads_hex, parse_heads};
use crate::model::{
    AgreementStatus, AgreementView, Alliance, AllianceView, Decision, InterestStatus, PartnerKind,
    Role, SnapshotRecord, SnapshotStatus, Stance,
};

/// The value of the `format` field of a JSON export.
pub const FORMAT_TAG: &str = "rondetafel-snapshot/1";

/// A snapshot export's content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotDocument {
    /// Always [`FORMAT_TAG`].
    pub format: String,
    /// The citation title, e.g. "Jeugd Noord, afsprakenset versie 1.0 d.d.
    /// 29-06-2027".
    pub citation: String,
    /// The snapshot.
    pub snapshot: SnapshotInfo,
    /// The version (heads, hex, sorted) at which the ratification status,
    /// the change log and the decisions were read.
    pub status_heads: Vec<String>,
    /// The alliance.
    pub alliance: AllianceInfo,
    /// The parties: the current partners at the snapshot.
    pub partners: Vec<PartyEntry>,
    /// The shared ambition.
    pub ambition: String,
    /// The intended effects.
    pub effects: Vec<EffectEntry>,
    /// The indicators on the effects, with their current figures (left out
    /// of the JSON while there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<super::indicators::IndicatorEntry>,
    /// What partners do to bring the effects about (left out of the JSON
    /// while there is nothing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interventions: Vec<super::interventions::InterventionEntry>,
    /// The effect reviews (left out of the JSON while there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<super::reviews::ReviewEntry>,
    /// The one-page summary: agreements × status × each partner's position.
    pub summary: Summary,
    /// The partners' role cards and what they expect of one another
    /// (left out of the JSON while there is none, so that exports of older
    /// versions stay as they were).
    #[serde(skip_serializing_if = "Collaboration::is_empty")]
    pub collaboration: Collaboration,
    /// The input from the work floor and clients, with what became of it
    /// (left out of the JSON while there is none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<super::inputs::InputEntry>,
    /// The agreements with every partner's position.
    pub agreements: Vec<AgreementEntry>,
    /// The partners' interests that the agreements address.
    pub interests: Vec<InterestEntry>,
    /// The changes since the previously ratified snapshot.
    pub changes: ChangeLog,
    /// Every current partner's decision about this snapshot.
    pub ratification: Vec<RatificationEntry>,
    /// Whether every current partner adopted this snapshot.
    pub vastgesteld: bool,
    /// Who signed the changes this version holds.
    pub provenance: Provenance,
}

/// The snapshot's identity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotInfo {
    /// The full id.
    pub id: String,
    /// The short id.
    pub short_id: String,
    /// The heads (hex, sorted).
    pub heads: Vec<String>,
    /// The version label.
    pub label: String,
    /// The snapshot's date (`YYYY-MM-DD`).
    pub date: String,
    /// The date as Dutch documents write it (`DD-MM-YYYY`).
    pub date_nl: String,
}

/// The alliance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllianceInfo {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
}

/// One party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyEntry {
    /// Partner id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind (slug).
    pub kind: String,
    /// Kind (Dutch).
    pub kind_label: String,
    /// Roles (Dutch).
    pub roles: Vec<String>,
}

/// One intended effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectEntry {
    /// The effect.
    pub text: String,
    /// How we notice it.
    pub indicator: String,
    /// The target.
    pub target: String,
}

/// One agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementEntry {
    /// Agreement id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Status (slug).
    pub status: AgreementStatus,
    /// Status (Dutch).
    pub status_label: String,
    /// The responsible partners' names.
    pub owners: Vec<String>,
    /// Review date (`YYYY-MM-DD`).
    pub review_date: Option<String>,
    /// Review date as Dutch documents write it (`DD-MM-YYYY`).
    pub review_date_nl: Option<String>,
    /// The outcome statement: what was agreed and who does what (left out
    /// when none was written, so earlier snapshots export as they did).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    /// Every partner's position.
    pub positions: Vec<PositionEntry>,
    /// The current partners with no position on this text.
    pub without_position: Vec<String>,
    /// Whether it was set to agreed but still waits for every partner's
    /// consent on this text (so its status reads proposed).
    pub awaiting_consent: bool,
    /// Fields partners set concurrently to different values: every value
    /// with who chose it. The title and status above are only one of them.
    pub conflicts: Vec<ConflictEntry>,
    /// What a reader must know before relying on the agreement (unsettled
    /// values, missing consent), in Dutch, as every format prints it.
    pub notes: Vec<String>,
}

/// One partner's position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionEntry {
    /// The partner's name.
    pub partner: String,
    /// The stance (slug).
    pub stance: Stance,
    /// The stance (Dutch).
    pub stance_label: String,
    /// The reason.
    pub reason: String,
    /// Whether it was given on an earlier text of the agreement and not
    /// confirmed since ("gegeven bij een eerdere tekst").
    pub on_earlier_text: bool,
}

/// One interest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterestEntry {
    /// The partner's name.
    pub partner: String,
    /// The interest.
    pub text: String,
    /// Whether it is an obstacle.
    pub obstacle: bool,
    /// Status (slug).
    pub status: InterestStatus,
    /// Status (Dutch).
    pub status_label: String,
    /// Fields its partner's devices set concurrently to different values.
    pub conflicts: Vec<ConflictEntry>,
    /// The unsettled values, in Dutch, as every format prints them.
    pub notes: Vec<String>,
}

/// The change log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeLog {
    /// The previously ratified snapshot compared with, if there is one.
    pub since: Option<SnapshotInfo>,
    /// The changes.
    pub diff: AgreementsDiff,
}

/// One partner's decision block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatificationEntry {
    /// The partner's name.
    pub partner: String,
    /// The deciding body, if decided.
    pub body: Option<String>,
    /// The decision, if decided.
    pub decision: Option<Decision>,
    /// The decision (Dutch), or "Nog geen besluit".
    pub decision_label: String,
    /// The date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The date as Dutch documents write it (`DD-MM-YYYY`).
    pub date_nl: Option<String>,
    /// The reference.
    pub reference: Option<String>,
    /// The conditions.
    pub conditions: Option<String>,
}

impl SnapshotDocument {
    /// The metadata embedded in every export.
    pub fn envelope(&self) -> Envelope {
        Envelope {
            alliance: self.alliance.id.clone(),
            snapshot: self.snapshot.id.clone(),
            heads: self.snapshot.heads.clone(),
            status_heads: self.status_heads.clone(),
            layout: super::LAYOUT_VERSION,
            meeting: None,
        }
    }
}

/// Builds the content of `snapshot`, with the ratification status read at
/// `status_heads`.
pub fn build(
    alliance: &mut Alliance,
    snapshot: &SnapshotRecord,
    status_heads: &[ChangeHash],
) -> Result<SnapshotDocument, SnapshotError> {
    let heads = parse_heads(&snapshot.heads)?;
    if !alliance.has_changes(&heads) || !alliance.has_changes(status_heads) {
        return Err(SnapshotError::Model(
            crate::model::ModelError::UnknownVersion,
        ));
    }
    let status = ratification::status_at(
        alliance.document(),
        &alliance.trust_at(status_heads),
        ratification::At::Heads(status_heads),
    );
    let this = status
        .snapshots
        .iter()
        .find(|s| s.snapshot.id == snapshot.id)
        .ok_or_else(|| SnapshotError::NotRecorded(snapshot.short_id.clone()))?;
    let previous = previous_ratified(alliance, &status.snapshots, snapshot);
    let diff = match &previous {
        Some(previous) => diff::agreements_diff(alliance, &parse_heads(&previous.heads)?, &heads),
        None => AgreementsDiff {
            agreements: Vec::new(),
        },
    };
    let view = alliance.view_at(&heads);
    let names: HashMap<String, String> = view
        .partners
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let info = snapshot_info(snapshot);
    let provenance = Provenance::at(alliance, &heads);
    let parties = parties(&view);
    let agreements = agreements(&view, &name);
    Ok(SnapshotDocument {
        provenance,
        format: FORMAT_TAG.to_owned(),
        citation: format!(
            "{}, afsprakenset versie {} d.d. {}",
            view.name, info.label, info.date_nl
        ),
        status_heads: heads_hex(status_heads),
        alliance: AllianceInfo {
            id: view.id.clone(),
            name: view.name.clone(),
            description: view.description.clone(),
        },
        ambition: view.ambition.text.clone(),
        effects: view
            .ambition
            .effects
            .iter()
            .map(|e| EffectEntry {
                text: e.text.clone(),
                indicator: e.indicator.clone(),
                target: e.target.clone(),
            })
            .collect(),
        indicators: super::indicators::entries(&view),
        interventions: super::interventions::entries(&view, &name),
        reviews: super::reviews::entries(&view, &name),
        summary: Summary::of(&parties, &agreements),
        collaboration: Collaboration::of(&view, &name),
        inputs: super::inputs::entries(&view, &name),
        partners: parties,
        agreements,
        interests: view
            .interests
            .iter()
            .map(|i| InterestEntry {
                partner: name(&i.partner),
                text: i.text.clone(),
                obstacle: i.obstacle,
                status: i.status,
                status_label: i.status.label_nl().to_owned(),
                notes: conflicts(&i.conflicts, &name)
                    .iter()
                    .map(ConflictEntry::sentence)
                    .collect(),
                conflicts: conflicts(&i.conflicts, &name),
            })
            .collect(),
        changes: ChangeLog {
            since: previous.as_ref().map(snapshot_info),
            diff,
        },
        ratification: ratification_entries(this),
        vastgesteld: this.adopted_by_all,
        snapshot: info,
    })
}

/// The latest snapshot before `snapshot` that every current partner adopted:
/// recorded earlier, and whose version is contained in this one.
fn previous_ratified(
    alliance: &mut Alliance,
    snapshots: &[SnapshotStatus],
    snapshot: &SnapshotRecord,
) -> Option<SnapshotRecord> {
    let position = snapshots
        .iter()
        .position(|s| s.snapshot.id == snapshot.id)?;
    let heads = parse_heads(&snapshot.heads).ok()?;
    snapshots[..position]
        .iter()
        .rev()
        .filter(|s| s.adopted_by_all)
        .find(|s| {
            parse_heads(&s.snapshot.heads)
                .is_ok_and(|earlier| diff::contains(alliance, &heads, &earlier))
        })
        .map(|s| s.snapshot.clone())
}

fn snapshot_info(snapshot: &SnapshotRecord) -> SnapshotInfo {
    SnapshotInfo {
        id: snapshot.id.clone(),
        short_id: snapshot.short_id.clone(),
        heads: snapshot.heads.clone(),
        label: snapshot.label.clone(),
        date: snapshot.date.clone(),
        date_nl: dutch_date(&snapshot.date),
    }
}

/// `YYYY-MM-DD` as `DD-MM-YYYY`.
pub(crate) fn dutch_date(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}-{m}-{y}"),
        _ => date.to_owned(),
    }
}

fn parties(view: &AllianceView) -> Vec<PartyEntry> {
    view.partners
        .iter()
        .filter(|p| p.left.is_none())
        .map(|p| PartyEntry {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind.clone(),
            kind_label: p
                .kind
                .parse::<PartnerKind>()
                .map_or_else(|_| p.kind.clone(), |k| k.label_nl().to_owned()),
            roles: p
                .roles
                .iter()
                .map(|r| {
                    r.parse::<Role>()
                        .map_or_else(|_| r.clone(), |r| r.label_nl().to_owned())
                })
                .collect(),
        })
        .collect()
}

fn agreements(view: &AllianceView, name: &dyn Fn(&str) -> String) -> Vec<AgreementEntry> {
    view.agreements
        .iter()
        .map(|a| agreement(view, a, name))
        .collect()
}

fn agreement(
    view: &AllianceView,
    a: &AgreementView,
    name: &dyn Fn(&str) -> String,
) -> AgreementEntry {
    let conflicts = conflicts(&a.conflicts, name);
    let without_position: Vec<String> = view
        .partners
        .iter()
        .filter(|p| a.without_position.contains(&p.id))
        .map(|p| p.name.clone())
        .collect();
    let mut notes: Vec<String> = conflicts.iter().map(ConflictEntry::sentence).collect();
    if a.awaiting_consent {
        notes.push(
            "Was afgesproken, maar nog niet elke partner heeft ingestemd met deze tekst; \
             daarom staat de afspraak op voorgesteld."
                .to_owned(),
        );
    }
    if !without_position.is_empty() && a.status != AgreementStatus::Withdrawn {
        notes.push(format!(
            "Nog geen positie op deze tekst: {}.",
            without_position.join(", ")
        ));
    }
    AgreementEntry {
        id: a.id.clone(),
        title: a.title.clone(),
        body: a.body.clone(),
        status: a.status,
        status_label: a.status.label_nl().to_owned(),
        owners: a.owners.iter().map(|o| name(o)).collect(),
        review_date: a.review_date.clone(),
        review_date_nl: a.review_date.as_deref().map(dutch_date),
        outcome: a.outcome.clone(),
        positions: view
            .partners
            .iter()
            .filter_map(|p| {
                let position = a.positions.get(&p.id)?;
                Some(PositionEntry {
                    partner: p.name.clone(),
                    stance: position.stance,
                    stance_label: if position.on_earlier_text {
                        format!("{} ({EARLIER_TEXT})", position.stance.label_nl())
                    } else {
                        position.stance.label_nl().to_owned()
                    },
                    reason: position.reason.clone(),
                    on_earlier_text: position.on_earlier_text,
                })
            })
            .collect(),
        without_position,
        awaiting_consent: a.awaiting_consent,
        conflicts,
        notes,
    }
}

/// How a position given on an earlier text of the agreement is marked.
pub const EARLIER_TEXT: &str = "gegeven bij een eerdere tekst";

fn ratification_entries(status: &SnapshotStatus) -> Vec<RatificationEntry> {
    status
        .partners
        .iter()
        .map(|p| {
            let d = p.decision.as_ref();
            RatificationEntry {
                partner: p.partner_name.clone(),
                body: d.map(|d| d.body.clone()),
                decision: d.map(|d| d.decision),
                decision_label: d
                    .map_or("Nog geen besluit", |d| d.decision.label_nl())
                    .to_owned(),
                date: d.map(|d| d.date.clone()),
                date_nl: d.map(|d| dutch_date(&d.date)),
                reference: d.and_then(|d| d.reference.clone()),
                conditions: d.and_then(|d| d.conditions.clone()),
            }
        })
        .collect()
}
