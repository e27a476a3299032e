//! Who may write where. Everything a partner owns — its name, kind, roles
//! and devices, its interests and the fields of its responses, its
//! positions and their reasons, its board's decisions, its role card, the
//! expectations it states and its answers to others', its course check
//! ratings, the input it enters and its support for others' — counts only
//! when a device of that partner wrote it. The alliance's structure counts only as
//! its founding change made it. Everything else (the ambition, effects,
//! agreements' texts and statuses, snapshots, invitations, removing a
//! partner) counts when any current partner's device wrote it. Writes by a
//! removed partner or retired device count only before the removal.

use automerge::ActorId;

use super::Trust;
use super::log::{Action, ChangeRecord, Write};
use crate::model::ratification::DECISION_PREFIX;
use crate::model::schema::*;

/// Who may write a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rule {
    /// A device of any current partner.
    Member,
    /// A device of this partner.
    Partner(String),
    /// A meeting's close: a device of one of the partners `present` at
    /// it, and final — a close written after one that counted does not
    /// count, and deleting it never does.
    Close {
        /// The meeting's id.
        meeting: String,
        /// The partners that recorded their presence.
        present: Vec<String>,
    },
    /// A device of this partner, or the change that admitted it.
    PartnerOrAdmission(String),
    /// Only the change that founded the alliance.
    Founding,
    /// A root collection added after the founding: any current partner's
    /// device may make it, and nobody may replace or delete it.
    Collection,
    /// Nobody (any more): the bindings of history before signing.
    Nobody,
}

/// What a write is, and whether it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Judgement {
    /// Whether it counts.
    pub(crate) counts: bool,
    /// The partner whose value it is, when it is a partner's own value.
    pub(crate) owner: Option<String>,
}

/// Whether a deletion `(counter, actor)` counts under `rule`: as any other
/// write, except that a root collection and a meeting's close are never
/// deleted.
pub(crate) fn allows_delete(trust: &Trust, rule: &Rule, counter: u64, actor: &ActorId) -> bool {
    !matches!(rule, Rule::Collection | Rule::Close { .. }) && allows(trust, rule, counter, actor)
}

/// Whether a write `(counter, actor)` counts under `rule`.
pub(crate) fn allows(trust: &Trust, rule: &Rule, counter: u64, actor: &ActorId) -> bool {
    if trust.is_genesis(counter, actor) {
        return *rule != Rule::Nobody;
    }
    let partner = trust.partner_of_write(counter, actor);
    match rule {
        Rule::Member => partner.is_some(),
        Rule::Collection => trust.log().change_of(counter, actor).is_some_and(|c| {
            (partner.is_some() || is_founding(trust, c))
                && c.writes
                    .iter()
                    .any(|w| w.counter == counter && w.action == Action::Make)
        }),
        Rule::Partner(owner) => partner == Some(owner.as_str()),
        Rule::Close { meeting, present } => {
            partner.is_some_and(|p| present.iter().any(|o| o == p))
                && !trust.closed_before(meeting, present, counter, actor)
        }
        Rule::PartnerOrAdmission(owner) => {
            partner == Some(owner.as_str())
                || (partner.is_some()
                    && trust
                        .log()
                        .change_of(counter, actor)
                        .is_some_and(|c| trust.registry().admissions.get(owner) == Some(&c.hash)))
        }
        Rule::Founding => trust
            .log()
            .change_of(counter, actor)
            .is_some_and(|c| is_founding(trust, c)),
        Rule::Nobody => false,
    }
}

/// Whether `change` founded the alliance.
fn is_founding(trust: &Trust, change: &ChangeRecord) -> bool {
    trust.founding() == Some(&change.hash)
}

/// The rule for a path, with the partner owning it.
pub(crate) fn rule_for(
    trust: &Trust,
    path: &[String],
    write: &Write,
    change: &ChangeRecord,
) -> Rule {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    match p.as_slice() {
        [DESCRIPTION, ..] if p.len() > 1 || write.action == Action::Edit => Rule::Member,
        [NAME] | [TRUST, ..] => Rule::Member,
        [SCHEMA_VERSION_KEY] if !is_founding(trust, change) => Rule::Member,
        [ROLES]
        | [EXPECTATIONS]
        | [COURSECHECKS]
        | [INPUTS]
        | [INDICATORS]
        | [INTERVENTIONS]
        | [REVIEWS]
        | [MEETINGS]
        | [RESTARTS] => Rule::Collection,
        [_] => Rule::Founding,
        [ACTORS, ..] => {
            if trust.is_trusted_legacy(&change.hash) {
                Rule::Member
            } else {
                Rule::Nobody
            }
        }
        [PARTNERS, partner] => {
            if trust
                .registry()
                .partner_objects
                .get(*partner)
                .is_some_and(|obj| *obj == Some((write.counter, change.actor.clone())))
            {
                Rule::Member
            } else {
                Rule::Nobody
            }
        }
        [PARTNERS, _, "left"] => Rule::Member,
        [PARTNERS, partner, "devices", device] => {
            let registered = trust
                .registry()
                .devices
                .get(*device)
                .is_some_and(|d| d.partner == *partner);
            if registered {
                Rule::PartnerOrAdmission((*partner).to_owned())
            } else {
                Rule::Nobody
            }
        }
        [PARTNERS, partner, crate::model::reachable::REACHABLE, ..] => {
            Rule::Partner((*partner).to_owned())
        }
        [PARTNERS, partner, ..] => Rule::PartnerOrAdmission((*partner).to_owned()),
        [AGREEMENTS, _, "positions", partner, ..] => Rule::Partner((*partner).to_owned()),
        [INTERESTS, _] => Rule::Member,
        [INTERESTS, id, "responses", response, ..] if p.len() > 4 => {
            owner_rule(trust, &[INTERESTS, id, "responses", response])
        }
        [INTERESTS, _, "responses", _] => Rule::Member,
        [INTERESTS, id, ..] => owner_rule(trust, &[INTERESTS, id]),
        [ROLES, partner, ..] => Rule::Partner((*partner).to_owned()),
        [EXPECTATIONS, _] => Rule::Member,
        [EXPECTATIONS, _, "answers", partner, ..] => Rule::Partner((*partner).to_owned()),
        [EXPECTATIONS, id, ..] => owner_rule(trust, &[EXPECTATIONS, id]),
        [COURSECHECKS, _] => Rule::Member,
        [COURSECHECKS, _, "answers", key, ..] => match key.split_once(':') {
            Some((partner, _)) => Rule::Partner(partner.to_owned()),
            None => Rule::Nobody,
        },
        [COURSECHECKS, _, "actions", _, ..] | [COURSECHECKS, _, "closed_at"] => Rule::Member,
        [COURSECHECKS, id, ..] => owner_rule(trust, &[COURSECHECKS, id]),
        [INPUTS, _] => Rule::Member,
        [INPUTS, _, "supports", key, ..] => match key.split_once(':') {
            Some((partner, _)) => Rule::Partner(partner.to_owned()),
            None => Rule::Nobody,
        },
        [INPUTS, _, "status" | "reason" | "agreement"] => Rule::Member,
        [INPUTS, id, ..] => owner_rule(trust, &[INPUTS, id]),
        [REVIEWS, _] => Rule::Member,
        [REVIEWS, _, "answers", key, ..] => match key.split_once(':') {
            Some((partner, _)) => Rule::Partner(partner.to_owned()),
            None => Rule::Nobody,
        },
        [REVIEWS, _, "decisions", _, ..] => Rule::Member,
        [REVIEWS, id, ..] => owner_rule(trust, &[REVIEWS, id]),
        [INDICATORS, id, "measurements"] => owner_rule(trust, &[INDICATORS, id]),
        [INDICATORS, _, "measurements", _] => Rule::Member,
        [INDICATORS, id, "measurements", m, ..] => {
            owner_rule(trust, &[INDICATORS, id, "measurements", m])
        }
        [MEETINGS, _] => Rule::Member,
        [MEETINGS, _, "attendance", partner, ..] => Rule::Partner((*partner).to_owned()),
        [MEETINGS, _, "agenda" | "outcomes", _, ..] => Rule::Member,
        [MEETINGS, id, "closed"] => Rule::Close {
            meeting: (*id).to_owned(),
            present: trust.meeting_attendees(id),
        },
        [MEETINGS, _, "closed", ..] => maker_rule(trust, write),
        [MEETINGS, id, ..] => owner_rule(trust, &[MEETINGS, id]),
        [RESTARTS, _] => Rule::Member,
        [RESTARTS, _, "accepted" | "refused", partner, ..] => Rule::Partner((*partner).to_owned()),
        [RESTARTS, id, ..] => owner_rule(trust, &[RESTARTS, id]),
        [EPOCH, crate::model::epoch::EPOCH_SWITCHED, _, ..] => Rule::Member,
        [EPOCH, ..] => Rule::Founding,
        [RATIFICATIONS, key, _, ..] if key.starts_with(DECISION_PREFIX) => {
            owner_rule(trust, &[RATIFICATIONS, key])
        }
        _ => Rule::Member,
    }
}

/// The rule "a device of the partner that made the object at `path`".
fn owner_rule(trust: &Trust, path: &[&str]) -> Rule {
    match trust.owner_at(path) {
        Some(owner) => Rule::Partner(owner.to_owned()),
        None => Rule::Nobody,
    }
}

/// The rule "a device of the partner that made the object `write` writes
/// into": the fields of a close are its closer's.
fn maker_rule(trust: &Trust, write: &Write) -> Rule {
    match write
        .obj
        .as_ref()
        .and_then(|(counter, actor)| trust.partner_of_write(*counter, actor))
    {
        Some(maker) => Rule::Partner(maker.to_owned()),
        None => Rule::Nobody,
    }
}

/// Judges one write of a change.
pub(crate) fn judge(trust: &Trust, change: &ChangeRecord, write: &Write) -> Judgement {
    if let Some(named) = names_another_partner(trust, write) {
        return Judgement {
            counts: false,
            owner: Some(named),
        };
    }
    let rule = rule_for(trust, &write.path, write, change);
    let owner = match &rule {
        Rule::Partner(p) | Rule::PartnerOrAdmission(p) => Some(p.clone()),
        _ => None,
    };
    let counts = if write.action == Action::Delete {
        allows_delete(trust, &rule, write.counter, &change.actor)
    } else {
        allows(trust, &rule, write.counter, &change.actor)
    };
    Judgement { counts, owner }
}

/// The partner a board decision names, when that is not the partner whose
/// device recorded it: such a decision never counts.
fn names_another_partner(trust: &Trust, write: &Write) -> Option<String> {
    let [root, key, field] = write.path.as_slice() else {
        return None;
    };
    let Action::Put(automerge::ScalarValue::Str(named)) = &write.action else {
        return None;
    };
    let maker = trust.owner_at(&[root.as_str(), key.as_str()]);
    (root == RATIFICATIONS
        && key.starts_with(DECISION_PREFIX)
        && field == "partner"
        && maker != Some(named.as_str()))
    .then(|| named.to_string())
}
