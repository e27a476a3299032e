//! A plain, serialisable picture of an alliance at one version: what the
//! command line prints with `--json` and what screens and exports read.
//! Lists are sorted deterministically, so equal documents give equal views.

use std::collections::{BTreeMap, HashMap};

use automerge::{ChangeHash, ObjId, ROOT, ReadDoc, ScalarValue};
use serde::Serialize;

use super::kinds::{AgreementStatus, InterestStatus, Stance};
use super::read::{self, At};
use super::schema::*;

/// The whole alliance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllianceView {
    /// The alliance id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// The document's schema version.
    pub schema_version: u64,
    /// The partners, in the order they joined.
    pub partners: Vec<PartnerView>,
    /// The shared ambition.
    pub ambition: AmbitionView,
    /// The interests on the table.
    pub interests: Vec<InterestView>,
    /// The agreements.
    pub agreements: Vec<AgreementView>,
    /// The heads (hex change hashes, sorted) of the version shown.
    pub heads: Vec<String>,
}

/// A partner organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerView {
    /// The partner id.
    pub id: String,
    /// The organisation's name.
    pub name: String,
    /// Its kind (slug).
    pub kind: String,
    /// Its roles (slugs, sorted).
    pub roles: Vec<String>,
    /// The peer ids of its current devices, sorted.
    pub devices: Vec<String>,
    /// The peer ids of devices it retired, sorted.
    pub removed_devices: Vec<String>,
    /// When it joined (RFC 3339).
    pub joined: Option<String>,
    /// When it left (RFC 3339), if it did.
    pub left: Option<String>,
}

/// The shared ambition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmbitionView {
    /// The ambition text.
    pub text: String,
    /// The intended effects.
    pub effects: Vec<EffectView>,
}

/// An intended societal effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectView {
    /// The effect id.
    pub id: String,
    /// The effect.
    pub text: String,
    /// How we notice it.
    pub indicator: String,
    /// The target.
    pub target: String,
}

/// A partner's interest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterestView {
    /// The interest id.
    pub id: String,
    /// The owning partner's id.
    pub partner: String,
    /// The interest.
    pub text: String,
    /// Whether it is an obstacle (it *knelt*).
    pub obstacle: bool,
    /// Its status.
    pub status: InterestStatus,
    /// Other partners' responses, oldest first.
    pub responses: Vec<ResponseView>,
    /// Fields set concurrently to different values.
    pub conflicts: Vec<ConflictView>,
}

/// A response to an interest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseView {
    /// The response id.
    pub id: String,
    /// The responding partner's id.
    pub partner: String,
    /// The response.
    pub text: String,
    /// When (RFC 3339).
    pub at: Option<String>,
}

/// An agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementView {
    /// The agreement id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its body.
    pub body: String,
    /// Its status.
    pub status: AgreementStatus,
    /// The responsible partners' ids, sorted.
    pub owners: Vec<String>,
    /// The review date (`YYYY-MM-DD`).
    pub review_date: Option<String>,
    /// Each partner's position, keyed by partner id.
    pub positions: BTreeMap<String, PositionView>,
    /// Fields set concurrently to different values.
    pub conflicts: Vec<ConflictView>,
}

/// One partner's position on an agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionView {
    /// The stance.
    pub stance: Stance,
    /// The reason (required for an objection).
    pub reason: String,
}

/// A field that partners set concurrently: every value and who set it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictView {
    /// The field name.
    pub field: String,
    /// Every value, in Automerge's deterministic order (the first one is
    /// what a plain read shows).
    pub values: Vec<ConflictValue>,
}

/// One of the values of a conflicting field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictValue {
    /// The value, as text.
    pub value: String,
    /// The partner that set it, if known.
    pub partner: Option<String>,
    /// The device that set it, if known.
    pub device: Option<String>,
}

/// Builds the view of `doc` at `heads` (or now when `None`).
pub(crate) fn build<D: ReadDoc>(doc: &D, heads: &[ChangeHash], at: At<'_>) -> AllianceView {
    let actors = actor_bindings(doc, at);
    let reader = Reader {
        doc,
        at,
        actors: &actors,
    };
    let mut head_hex: Vec<String> = heads.iter().map(ToString::to_string).collect();
    head_hex.sort();
    AllianceView {
        id: reader.str(&ROOT, ALLIANCE_ID),
        name: reader.str(&ROOT, NAME),
        description: read::text_at(doc, at, &ROOT, DESCRIPTION),
        schema_version: read::uint_at(doc, at, &ROOT, SCHEMA_VERSION_KEY).unwrap_or_default(),
        partners: reader.partners(),
        ambition: reader.ambition(),
        interests: reader.interests(),
        agreements: reader.agreements(),
        heads: head_hex,
    }
}

/// Who each actor id belongs to: actor hex → (device, partner).
pub(crate) type ActorBindings = HashMap<String, (String, String)>;

/// Reads the actor bindings recorded in the document.
pub(crate) fn actor_bindings<D: ReadDoc>(doc: &D, at: At<'_>) -> ActorBindings {
    let Some(actors) = read::map_at(doc, at, &ROOT, ACTORS) else {
        return HashMap::new();
    };
    read::keys_at(doc, at, &actors)
        .into_iter()
        .filter_map(|actor| {
            let binding = read::map_at(doc, at, &actors, &actor)?;
            let device = read::str_at(doc, at, &binding, "device")?;
            let partner = read::str_at(doc, at, &binding, "partner")?;
            Some((actor, (device, partner)))
        })
        .collect()
}

/// Partner id → organisation name.
pub(crate) fn partner_names<D: ReadDoc>(doc: &D, at: At<'_>) -> HashMap<String, String> {
    let Some(partners) = read::map_at(doc, at, &ROOT, PARTNERS) else {
        return HashMap::new();
    };
    read::keys_at(doc, at, &partners)
        .into_iter()
        .filter_map(|id| {
            let partner = read::map_at(doc, at, &partners, &id)?;
            Some((id, read::str_at(doc, at, &partner, "name")?))
        })
        .collect()
}

struct Reader<'a, D: ReadDoc> {
    doc: &'a D,
    at: At<'a>,
    actors: &'a ActorBindings,
}

impl<D: ReadDoc> Reader<'_, D> {
    fn str(&self, obj: &ObjId, key: &str) -> String {
        read::str_at(self.doc, self.at, obj, key).unwrap_or_default()
    }

    fn timestamp(&self, obj: &ObjId, key: &str) -> Option<i64> {
        read::timestamp_at(self.doc, self.at, obj, key)
    }

    /// The items of a map of maps, in the order they were created: by the
    /// Lamport clock of the operation that created each (then actor, then
    /// id), which every replica agrees on and which respects causality.
    fn items(&self, parent: &ObjId, key: &str) -> Vec<(String, ObjId)> {
        let Some(map) = read::map_at(self.doc, self.at, parent, key) else {
            return Vec::new();
        };
        let mut items: Vec<(CreationOrder, String, ObjId)> = read::keys_at(self.doc, self.at, &map)
            .into_iter()
            .filter_map(|id| {
                let obj = read::map_at(self.doc, self.at, &map, &id)?;
                Some((creation_order(&obj), id, obj))
            })
            .collect();
        items.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        items.into_iter().map(|(_, id, obj)| (id, obj)).collect()
    }

    /// The keys of a `{key: true}` set, sorted.
    fn set(&self, parent: &ObjId, key: &str) -> Vec<String> {
        read::map_at(self.doc, self.at, parent, key)
            .map(|set| read::keys_at(self.doc, self.at, &set))
            .unwrap_or_default()
    }

    fn partners(&self) -> Vec<PartnerView> {
        self.items(&ROOT, PARTNERS)
            .into_iter()
            .map(|(id, obj)| {
                let (devices, removed_devices) = self.devices(&obj);
                PartnerView {
                    name: self.str(&obj, "name"),
                    kind: self.str(&obj, "kind"),
                    roles: self.set(&obj, "roles"),
                    devices,
                    removed_devices,
                    joined: self.timestamp(&obj, "joined").map(format_ms),
                    left: self.timestamp(&obj, "left").map(format_ms),
                    id,
                }
            })
            .collect()
    }

    fn devices(&self, partner: &ObjId) -> (Vec<String>, Vec<String>) {
        let Some(devices) = read::map_at(self.doc, self.at, partner, "devices") else {
            return (Vec::new(), Vec::new());
        };
        read::keys_at(self.doc, self.at, &devices)
            .into_iter()
            .partition(|peer| {
                read::map_at(self.doc, self.at, &devices, peer)
                    .is_some_and(|d| self.timestamp(&d, "removed").is_none())
            })
    }

    fn ambition(&self) -> AmbitionView {
        let Some(ambition) = read::map_at(self.doc, self.at, &ROOT, AMBITION) else {
            return AmbitionView {
                text: String::new(),
                effects: Vec::new(),
            };
        };
        AmbitionView {
            text: read::text_at(self.doc, self.at, &ambition, "text"),
            effects: self
                .items(&ambition, "effects")
                .into_iter()
                .map(|(id, obj)| EffectView {
                    text: self.str(&obj, "text"),
                    indicator: self.str(&obj, "indicator"),
                    target: self.str(&obj, "target"),
                    id,
                })
                .collect(),
        }
    }

    fn interests(&self) -> Vec<InterestView> {
        self.items(&ROOT, INTERESTS)
            .into_iter()
            .map(|(id, obj)| self.interest(id, &obj))
            .collect()
    }

    fn interest(&self, id: String, obj: &ObjId) -> InterestView {
        InterestView {
            partner: self.str(obj, "partner"),
            text: read::text_at(self.doc, self.at, obj, "text"),
            obstacle: read::bool_at(self.doc, self.at, obj, "obstacle").unwrap_or(false),
            status: self
                .str(obj, "status")
                .parse()
                .unwrap_or(InterestStatus::Open),
            responses: self
                .items(obj, "responses")
                .into_iter()
                .map(|(id, response)| ResponseView {
                    partner: self.str(&response, "partner"),
                    text: self.str(&response, "text"),
                    at: self.timestamp(&response, "at").map(format_ms),
                    id,
                })
                .collect(),
            conflicts: self.conflicts(obj, &["status", "obstacle"]),
            id,
        }
    }

    fn agreements(&self) -> Vec<AgreementView> {
        self.items(&ROOT, AGREEMENTS)
            .into_iter()
            .map(|(id, obj)| self.agreement(id, &obj))
            .collect()
    }

    fn agreement(&self, id: String, obj: &ObjId) -> AgreementView {
        AgreementView {
            title: self.str(obj, "title"),
            body: read::text_at(self.doc, self.at, obj, "body"),
            status: self
                .str(obj, "status")
                .parse()
                .unwrap_or(AgreementStatus::Draft),
            owners: self.set(obj, "owners"),
            review_date: read::str_at(self.doc, self.at, obj, "review_date"),
            positions: self.positions(obj),
            conflicts: self.conflicts(obj, &["title", "status", "review_date"]),
            id,
        }
    }

    /// The item `id` of the map of maps `key`, with its creation order.
    fn item(&self, key: &str, id: &str) -> Option<(CreationOrder, ObjId)> {
        let map = read::map_at(self.doc, self.at, &ROOT, key)?;
        let obj = read::map_at(self.doc, self.at, &map, id)?;
        Some((creation_order(&obj), obj))
    }

    fn positions(&self, agreement: &ObjId) -> BTreeMap<String, PositionView> {
        let Some(positions) = read::map_at(self.doc, self.at, agreement, "positions") else {
            return BTreeMap::new();
        };
        read::keys_at(self.doc, self.at, &positions)
            .into_iter()
            .filter_map(|partner| {
                let position = read::map_at(self.doc, self.at, &positions, &partner)?;
                let stance = self.str(&position, "stance").parse().ok()?;
                let reason = self.str(&position, "reason");
                Some((partner, PositionView { stance, reason }))
            })
            .collect()
    }

    /// The fields among `fields` that hold more than one concurrent value.
    fn conflicts(&self, obj: &ObjId, fields: &[&str]) -> Vec<ConflictView> {
        fields
            .iter()
            .filter_map(|field| {
                let values = read::all_scalars_at(self.doc, self.at, obj, field);
                if values.len() < 2 {
                    return None;
                }
                let values = values
                    .into_iter()
                    .map(|(value, op)| {
                        let binding = op_actor(&op).and_then(|a| self.actors.get(&a));
                        ConflictValue {
                            value: scalar_text(&value),
                            partner: binding.map(|(_, partner)| partner.clone()),
                            device: binding.map(|(device, _)| device.clone()),
                        }
                    })
                    .collect();
                Some(ConflictView {
                    field: (*field).to_owned(),
                    values,
                })
            })
            .collect()
    }
}

/// A sortable key for when an object was created: its Lamport counter and
/// actor.
pub(crate) type CreationOrder = (u64, String);

/// The current version of one agreement, with its creation order; `None`
/// when the document has no such agreement.
pub(crate) fn current_agreement<D: ReadDoc>(
    doc: &D,
    actors: &ActorBindings,
    id: &str,
) -> Option<(CreationOrder, AgreementView)> {
    let reader = Reader {
        doc,
        at: At::Now,
        actors,
    };
    let (order, obj) = reader.item(AGREEMENTS, id)?;
    Some((order, reader.agreement(id.to_owned(), &obj)))
}

/// The current version of one interest, with its creation order.
pub(crate) fn current_interest<D: ReadDoc>(
    doc: &D,
    actors: &ActorBindings,
    id: &str,
) -> Option<(CreationOrder, InterestView)> {
    let reader = Reader {
        doc,
        at: At::Now,
        actors,
    };
    let (order, obj) = reader.item(INTERESTS, id)?;
    Some((order, reader.interest(id.to_owned(), &obj)))
}

/// The creation order of every item of the map of maps `key`, now.
pub(crate) fn current_orders<D: ReadDoc>(doc: &D, key: &str) -> HashMap<String, CreationOrder> {
    let Some(map) = read::map_at(doc, At::Now, &ROOT, key) else {
        return HashMap::new();
    };
    read::keys_at(doc, At::Now, &map)
        .into_iter()
        .filter_map(|id| {
            let obj = read::map_at(doc, At::Now, &map, &id)?;
            Some((id, creation_order(&obj)))
        })
        .collect()
}

pub(crate) fn creation_order(obj: &ObjId) -> CreationOrder {
    match obj {
        ObjId::Id(counter, actor, _) => (*counter, actor.to_hex_string()),
        ObjId::Root => (0, String::new()),
    }
}

/// The actor (hex) that created an operation.
fn op_actor(op: &ObjId) -> Option<String> {
    match op {
        ObjId::Id(_, actor, _) => Some(actor.to_hex_string()),
        ObjId::Root => None,
    }
}

fn scalar_text(value: &ScalarValue) -> String {
    match value {
        ScalarValue::Str(s) => s.to_string(),
        ScalarValue::Null => String::new(),
        other => other.to_string(),
    }
}

/// Formats milliseconds since the epoch as an RFC 3339 UTC timestamp.
pub(crate) fn format_ms(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
