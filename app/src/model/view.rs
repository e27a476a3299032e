//! A plain, serialisable picture of an alliance at one version: what the
//! command line prints with `--json` and what screens and exports read.
//! Lists are sorted deterministically, so equal documents give equal views.

use std::collections::{BTreeMap, HashMap};

use automerge::{ChangeHash, ObjId, ObjType, ROOT, ReadDoc, ScalarValue};
use serde::Serialize;

use super::consent::{self, Consent};
use super::kinds::{AgreementStatus, InterestStatus, Stance};
use super::read::{self, At};
use super::schema::*;
use super::trust::{Found, Rule, Trust};

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
    /// The partners' role cards.
    pub roles: Vec<super::roles::RoleCardView>,
    /// What partners expect of one another.
    pub expectations: Vec<super::roles::ExpectationView>,
    /// The course check rounds.
    pub coursechecks: Vec<super::coursecheck::CourseCheckView>,
    /// The input from the work floor and clients.
    pub inputs: Vec<super::input::InputView>,
    /// The indicators on the intended effects, with their measurements.
    pub indicators: Vec<super::monitoring::view::IndicatorView>,
    /// What partners do to bring the effects about.
    pub interventions: Vec<super::monitoring::intervention::InterventionView>,
    /// The effect reviews, per period.
    pub reviews: Vec<super::monitoring::review::ReviewView>,
    /// The meetings, oldest first.
    pub meetings: Vec<super::meeting::MeetingView>,
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
    /// Where its always-on devices can be reached ("bereikbaar via"),
    /// sorted: addresses it published itself, each ending in one of its
    /// current devices.
    pub reachable_at: Vec<String>,
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
    /// Its status. *Agreed* only while every current partner has a
    /// position on the current text and none objects; otherwise an agreed
    /// agreement reads as proposed.
    pub status: AgreementStatus,
    /// Whether it was set to agreed but waits for the current partners'
    /// consent (a position missing, on an earlier text, or an objection).
    pub awaiting_consent: bool,
    /// The current partners (ids, sorted) with no position on the current
    /// text.
    pub without_position: Vec<String>,
    /// The responsible partners' ids, sorted.
    pub owners: Vec<String>,
    /// The review date (`YYYY-MM-DD`).
    pub review_date: Option<String>,
    /// The outcome statement: what was agreed and who does what (empty
    /// until written).
    pub outcome: String,
    /// The input it came from, if it was promoted from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_input: Option<String>,
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
    /// Whether it was given on an earlier text of the agreement (the title
    /// or body changed since) and not confirmed on the current one.
    pub on_earlier_text: bool,
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

/// Builds the view of `doc` at `heads` (or now when `None`), counting only
/// the writes that `trust` says count.
pub(crate) fn build<D: ReadDoc>(
    doc: &D,
    trust: &Trust,
    heads: &[ChangeHash],
    at: At<'_>,
) -> AllianceView {
    let reader = Reader { doc, at, trust };
    let mut head_hex: Vec<String> = heads.iter().map(ToString::to_string).collect();
    head_hex.sort();
    AllianceView {
        id: reader.founding_str(ALLIANCE_ID),
        name: reader.str(&ROOT, NAME),
        description: read::text_at(doc, at, &ROOT, DESCRIPTION),
        schema_version: read::uint_at(doc, at, &ROOT, SCHEMA_VERSION_KEY).unwrap_or_default(),
        partners: reader.partners(),
        ambition: reader.ambition(),
        interests: reader.interests(),
        agreements: reader.agreements(),
        roles: reader.role_cards(),
        expectations: reader.expectations(),
        coursechecks: reader.coursechecks(),
        meetings: reader.meetings(),
        inputs: reader.inputs(),
        indicators: reader.indicators(),
        interventions: reader.interventions(),
        reviews: reader.reviews(),
        heads: head_hex,
    }
}

/// Partner id → organisation name, as the partners themselves wrote them.
pub(crate) fn partner_names<D: ReadDoc>(
    doc: &D,
    trust: &Trust,
    at: At<'_>,
) -> HashMap<String, String> {
    let reader = Reader { doc, at, trust };
    reader
        .partners()
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect()
}

pub(crate) struct Reader<'a, D: ReadDoc> {
    pub(crate) doc: &'a D,
    pub(crate) at: At<'a>,
    pub(crate) trust: &'a Trust,
}

impl<D: ReadDoc> Reader<'_, D> {
    /// The value of `key` in `obj` that counts under `rule`.
    pub(crate) fn get(&self, obj: &ObjId, key: &str, rule: &Rule) -> Option<(Found, ObjId)> {
        self.trust.get(self.doc, self.at, obj, key, rule)
    }

    /// A scalar that counts under `rule`.
    pub(crate) fn scalar(&self, obj: &ObjId, key: &str, rule: &Rule) -> Option<ScalarValue> {
        match self.get(obj, key, rule)? {
            (Found::Scalar(value), _) => Some(value),
            _ => None,
        }
    }

    /// A string that counts under `rule` (empty when there is none).
    pub(crate) fn text(&self, obj: &ObjId, key: &str, rule: &Rule) -> String {
        match self.scalar(obj, key, rule) {
            Some(ScalarValue::Str(s)) => super::privacy::mask(&s).into_owned(),
            _ => String::new(),
        }
    }

    /// A child map that counts under `rule`.
    pub(crate) fn map(&self, obj: &ObjId, key: &str, rule: &Rule) -> Option<ObjId> {
        match self.get(obj, key, rule)? {
            (Found::Object(ObjType::Map), id) => Some(id),
            _ => None,
        }
    }

    /// A timestamp that counts under `rule`.
    pub(crate) fn time(&self, obj: &ObjId, key: &str, rule: &Rule) -> Option<i64> {
        match self.scalar(obj, key, rule)? {
            ScalarValue::Timestamp(ms) | ScalarValue::Int(ms) => Some(ms),
            _ => None,
        }
    }

    /// A string any current partner may have written.
    fn str(&self, obj: &ObjId, key: &str) -> String {
        self.text(obj, key, &Rule::Member)
    }

    /// A value of the founding change.
    fn founding_str(&self, key: &str) -> String {
        self.text(&ROOT, key, &Rule::Founding)
    }

    /// A root collection as the founding change made it.
    pub(crate) fn root(&self, key: &str) -> Option<ObjId> {
        self.map(&ROOT, key, &Rule::Founding)
    }

    /// The items of a map of maps, in the order they were created: by the
    /// Lamport clock of the operation that created each (then actor, then
    /// id), which every replica agrees on and which respects causality.
    /// Items deleted by a write that does not count are still there.
    pub(crate) fn items(
        &self,
        map: Option<ObjId>,
        rule: impl Fn(&str) -> Rule,
    ) -> Vec<(String, ObjId)> {
        let Some(map) = map else {
            return Vec::new();
        };
        let mut items: Vec<(CreationOrder, String, ObjId)> = self
            .trust
            .keys(self.doc, self.at, &map)
            .into_iter()
            .filter_map(|id| {
                let obj = self.map(&map, &id, &rule(&id))?;
                Some((creation_order(&obj), id, obj))
            })
            .collect();
        items.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        items.into_iter().map(|(_, id, obj)| (id, obj)).collect()
    }

    /// The keys of a `{key: true}` set, sorted.
    fn set(&self, parent: &ObjId, key: &str, rule: &Rule) -> Vec<String> {
        let Some(set) = self.map(parent, key, rule) else {
            return Vec::new();
        };
        read::keys_at(self.doc, self.at, &set)
            .into_iter()
            .filter(|k| self.scalar(&set, k, rule).is_some())
            .collect()
    }

    pub(crate) fn partners(&self) -> Vec<PartnerView> {
        let registry = self.trust.registry();
        let partners = self.root(PARTNERS);
        self.items(partners, |_| Rule::Member)
            .into_iter()
            .filter(|(id, obj)| {
                registry
                    .partner_objects
                    .get(id)
                    .is_some_and(|accepted| *accepted == super::trust::obj_key(obj))
            })
            .map(|(id, obj)| {
                let own = Rule::PartnerOrAdmission(id.clone());
                let (devices, removed_devices) = self.devices(&id);
                let reachable_at = self
                    .set(
                        &obj,
                        super::reachable::REACHABLE,
                        &Rule::Partner(id.clone()),
                    )
                    .into_iter()
                    .filter(|address| super::reachable::counts(address, &devices))
                    .collect();
                PartnerView {
                    reachable_at,
                    name: self.text(&obj, "name", &own),
                    kind: self.text(&obj, "kind", &own),
                    roles: self.set(&obj, "roles", &own),
                    devices,
                    removed_devices,
                    joined: self.time(&obj, "joined", &own).map(format_ms),
                    left: registry
                        .removed
                        .contains(&id)
                        .then(|| self.time(&obj, "left", &Rule::Member).map(format_ms))
                        .flatten(),
                    id,
                }
            })
            .collect()
    }

    /// A partner's registered devices: (current, retired).
    fn devices(&self, partner: &str) -> (Vec<String>, Vec<String>) {
        let (current, retired): (Vec<_>, Vec<_>) = self
            .trust
            .registry()
            .devices
            .iter()
            .filter(|(_, d)| d.partner == partner)
            .partition(|(_, d)| !d.retired || self.trust.registry().removed.contains(partner));
        let peers = |list: Vec<(&String, _)>| list.into_iter().map(|(p, _)| p.clone()).collect();
        (peers(current), peers(retired))
    }

    fn ambition(&self) -> AmbitionView {
        let Some(ambition) = self.root(AMBITION) else {
            return AmbitionView {
                text: String::new(),
                effects: Vec::new(),
            };
        };
        AmbitionView {
            text: read::text_at(self.doc, self.at, &ambition, "text"),
            effects: self
                .items(self.map(&ambition, "effects", &Rule::Founding), |_| {
                    Rule::Member
                })
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
        self.items(self.root(INTERESTS), |_| Rule::Member)
            .into_iter()
            .filter_map(|(id, obj)| self.interest(id, &obj))
            .collect()
    }

    /// An interest, if it was put on the table by a device of the partner
    /// it names.
    fn interest(&self, id: String, obj: &ObjId) -> Option<InterestView> {
        let owner = self.trust.owner_at(&[INTERESTS, &id])?.to_owned();
        let own = Rule::Partner(owner.clone());
        if self.text(obj, "partner", &own) != owner {
            return None;
        }
        let responses = self.map(obj, "responses", &own);
        Some(InterestView {
            text: read::text_at(self.doc, self.at, obj, "text"),
            obstacle: self
                .scalar(obj, "obstacle", &own)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            status: self
                .text(obj, "status", &own)
                .parse()
                .unwrap_or(InterestStatus::Open),
            responses: self
                .items(responses, |_| Rule::Member)
                .into_iter()
                .filter_map(|(response_id, response)| {
                    let by = self
                        .trust
                        .owner_at(&[INTERESTS, &id, "responses", &response_id])?
                        .to_owned();
                    let theirs = Rule::Partner(by.clone());
                    (self.text(&response, "partner", &theirs) == by).then(|| ResponseView {
                        text: self.text(&response, "text", &theirs),
                        at: self.time(&response, "at", &theirs).map(format_ms),
                        partner: by,
                        id: response_id,
                    })
                })
                .collect(),
            conflicts: self.conflicts(obj, &["status", "obstacle"], &own),
            partner: owner,
            id,
        })
    }

    fn agreements(&self) -> Vec<AgreementView> {
        self.items(self.root(AGREEMENTS), |_| Rule::Member)
            .into_iter()
            .map(|(id, obj)| self.agreement(id, &obj))
            .collect()
    }

    fn agreement(&self, id: String, obj: &ObjId) -> AgreementView {
        let recorded = self
            .str(obj, "status")
            .parse()
            .unwrap_or(AgreementStatus::Draft);
        let positions = self.positions(obj);
        let consent = Consent::of(&positions, &self.current_partners());
        let mut without_position = consent.missing.clone();
        without_position.sort();
        AgreementView {
            title: self.str(obj, "title"),
            body: read::text_at(self.doc, self.at, obj, "body"),
            status: consent.effective(recorded),
            awaiting_consent: recorded == AgreementStatus::Agreed && !consent.given(),
            without_position,
            owners: self.set(obj, "owners", &Rule::Member),
            review_date: self
                .scalar(obj, "review_date", &Rule::Member)
                .and_then(|v| v.as_str().map(str::to_owned)),
            outcome: self.str(obj, "outcome"),
            from_input: Some(self.str(obj, "from_input")).filter(|s| !s.is_empty()),
            positions,
            conflicts: self.conflicts(
                obj,
                &["title", "status", "review_date", "outcome"],
                &Rule::Member,
            ),
            id,
        }
    }

    /// The item `id` of the root collection `key`, with its creation order.
    fn item(&self, key: &str, id: &str) -> Option<(CreationOrder, ObjId)> {
        let map = self.root(key)?;
        let obj = self.map(&map, id, &Rule::Member)?;
        Some((creation_order(&obj), obj))
    }

    /// The ids of the partners admitted and not removed, by the registry.
    pub(crate) fn current_partners(&self) -> Vec<String> {
        let registry = self.trust.registry();
        let mut partners: Vec<String> = registry
            .partner_objects
            .keys()
            .filter(|p| !registry.removed.contains(*p))
            .cloned()
            .collect();
        partners.sort();
        partners
    }

    /// The version of an agreement's current text (see
    /// [`consent::text_version`]).
    pub(crate) fn text_version(&self, agreement: &ObjId) -> String {
        let body = read::text_at(self.doc, self.at, agreement, "body");
        consent::text_version(&self.str(agreement, "title"), &body)
    }

    /// Each partner's position, as that partner wrote it. A position that
    /// names the version of the text it was given on is on an earlier text
    /// when that is not the current one.
    pub(crate) fn positions(&self, agreement: &ObjId) -> BTreeMap<String, PositionView> {
        let Some(positions) = self.map(agreement, "positions", &Rule::Member) else {
            return BTreeMap::new();
        };
        let current = self.text_version(agreement);
        self.trust
            .keys(self.doc, self.at, &positions)
            .into_iter()
            .filter_map(|partner| {
                let own = Rule::Partner(partner.clone());
                let position = self.map(&positions, &partner, &own)?;
                let stance = self.text(&position, "stance", &own).parse().ok()?;
                let reason = self.text(&position, "reason", &own);
                let given_on = self.text(&position, POSITION_TEXT_VERSION, &own);
                let on_earlier_text = !given_on.is_empty() && given_on != current;
                Some((
                    partner,
                    PositionView {
                        stance,
                        reason,
                        on_earlier_text,
                    },
                ))
            })
            .collect()
    }

    /// The fields among `fields` that hold more than one concurrent value
    /// that counts under `rule`.
    pub(crate) fn conflicts(&self, obj: &ObjId, fields: &[&str], rule: &Rule) -> Vec<ConflictView> {
        fields
            .iter()
            .filter_map(|field| {
                let values: Vec<(ScalarValue, ObjId)> =
                    read::all_scalars_at(self.doc, self.at, obj, field)
                        .into_iter()
                        .filter(|(_, op)| self.trust.allows(rule, op))
                        .collect();
                if values.len() < 2 {
                    return None;
                }
                let values = values
                    .into_iter()
                    .map(|(value, op)| {
                        let (partner, device) = self.trust.writer_of(&op);
                        ConflictValue {
                            value: scalar_text(&value),
                            partner,
                            device,
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
    trust: &Trust,
    id: &str,
) -> Option<(CreationOrder, AgreementView)> {
    let reader = Reader {
        doc,
        at: At::Now,
        trust,
    };
    let (order, obj) = reader.item(AGREEMENTS, id)?;
    Some((order, reader.agreement(id.to_owned(), &obj)))
}

/// The current version of one interest, with its creation order.
pub(crate) fn current_interest<D: ReadDoc>(
    doc: &D,
    trust: &Trust,
    id: &str,
) -> Option<(CreationOrder, InterestView)> {
    let reader = Reader {
        doc,
        at: At::Now,
        trust,
    };
    let (order, obj) = reader.item(INTERESTS, id)?;
    Some((order, reader.interest(id.to_owned(), &obj)?))
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
