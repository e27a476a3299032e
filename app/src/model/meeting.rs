//! Meetings (vergaderingen): partners meet in one room, go through an
//! agenda of agreements, record their positions live on their own devices,
//! and the meeting records an outcome per item. At the close, the meeting
//! records the alliance's version (its heads), so the decision list
//! (besluitenlijst) can cite and verify that exact version.
//!
//! Attendance is by organisation, and each partner records its own: a
//! partner's presence counts only when one of its own devices wrote it.
//! Agenda items, outcomes and the close are shared acts of any partner
//! present; the view names who wrote each outcome and shows concurrent
//! outcomes as a disagreement, never as one settled text.

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc, ScalarValue};
use serde::Serialize;

use super::alliance::{Alliance, Author, non_empty, now_ms};
use super::collections;
use super::error::ModelError;
use super::ids::{self, ITEM_ID_BYTES};
use super::ratification::{heads_hex, parse_heads, snapshot_id};
use super::read;
use super::schema::{AGREEMENTS, MEETINGS};
use super::trust::Rule;
use super::view::{Reader, format_ms};

/// One meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingView {
    /// The meeting's id.
    pub id: String,
    /// Its title ("Stuurgroep 12 maart").
    pub title: String,
    /// The partner that started it.
    pub started_by: String,
    /// When it started (RFC 3339).
    pub started_at: Option<String>,
    /// The agreements on the agenda, in the order they were put on it.
    pub agenda: Vec<AgendaItemView>,
    /// The partners that recorded their presence, in the order they did.
    pub attendance: Vec<AttendanceView>,
    /// The close, once a partner recorded it.
    pub closed: Option<ClosedView>,
}

/// One agreement on a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItemView {
    /// The agreement's id.
    pub agreement: String,
    /// The outcome the meeting recorded, if any (the one a plain read
    /// shows when partners wrote several at once).
    pub outcome: Option<OutcomeView>,
    /// Every outcome written at the same time as another: more than one
    /// means the partners present have not settled on one text yet.
    pub outcome_conflicts: Vec<OutcomeView>,
}

/// The outcome of one agenda item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeView {
    /// What the meeting concluded.
    pub text: String,
    /// The partner whose device recorded it.
    pub recorded_by: Option<String>,
    /// When (RFC 3339).
    pub at: Option<String>,
}

/// A partner's recorded presence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttendanceView {
    /// The partner.
    pub partner: String,
    /// When it recorded its presence (RFC 3339).
    pub at: Option<String>,
}

/// A meeting's close.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosedView {
    /// When (RFC 3339).
    pub at: Option<String>,
    /// The partner whose device closed it.
    pub by: Option<String>,
    /// The alliance's heads at the close (hex, sorted): the version the
    /// decision list cites.
    pub heads: Vec<String>,
    /// The snapshot id of that version (SHA-256 of the heads).
    pub snapshot: String,
}

impl MeetingView {
    /// Whether `partner` recorded its presence.
    pub fn attended(&self, partner: &str) -> bool {
        self.attendance.iter().any(|a| a.partner == partner)
    }

    /// Whether `agreement` is on the agenda.
    pub fn on_agenda(&self, agreement: &str) -> bool {
        self.agenda.iter().any(|item| item.agreement == agreement)
    }
}

impl Alliance {
    /// Starts a meeting; returns its id. The title defaults to "Vergadering
    /// <date>".
    pub fn start_meeting(
        &mut self,
        author: &Author,
        title: Option<&str>,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let title = match title {
            Some(title) => non_empty(title, "the title")?.to_owned(),
            None => format!("Vergadering {}", jiff::Zoned::now().date()),
        };
        let meetings = self.collection_for_write(MEETINGS);
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("start meeting {id}"), |doc| {
            let meetings = collections::ensure(doc, meetings, MEETINGS)?;
            let meeting = doc.put_object(&meetings, id.as_str(), ObjType::Map)?;
            doc.put(&meeting, "title", title.as_str())?;
            doc.put(&meeting, "created_at", ScalarValue::Timestamp(now_ms()))?;
            for map in ["agenda", "outcomes", "attendance"] {
                doc.put_object(&meeting, map, ObjType::Map)?;
            }
            Ok(())
        })?;
        Ok(id)
    }

    /// Records that the author's organisation is present (once).
    pub fn attend_meeting(&mut self, author: &Author, meeting: &str) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj, view) = self.open_meeting(meeting)?;
        if view.attended(&author.partner_id) {
            return Ok(());
        }
        let attendance = self.meeting_map(&id, &obj, "attendance")?;
        let partner = author.partner_id.clone();
        self.change(author, format!("attend meeting {id}"), |doc| {
            doc.put(
                &attendance,
                partner.as_str(),
                ScalarValue::Timestamp(now_ms()),
            )?;
            Ok(())
        })
    }

    /// Puts an agreement on the agenda; returns its id.
    pub fn add_agenda_item(
        &mut self,
        author: &Author,
        meeting: &str,
        agreement: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let (id, obj, view) = self.open_meeting(meeting)?;
        let (agreement, _) = self.find_item(AGREEMENTS, "agreement", agreement)?;
        if view.on_agenda(&agreement) {
            return Ok(agreement);
        }
        let agenda = self.meeting_map(&id, &obj, "agenda")?;
        self.change(author, format!("add {agreement} to meeting {id}"), |doc| {
            let item = doc.put_object(&agenda, agreement.as_str(), ObjType::Map)?;
            doc.put(&item, "at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        Ok(agreement)
    }

    /// Takes an agreement off the agenda; returns its id.
    pub fn remove_agenda_item(
        &mut self,
        author: &Author,
        meeting: &str,
        agreement: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let (id, obj, view) = self.open_meeting(meeting)?;
        let (agreement, _) = self.find_item(AGREEMENTS, "agreement", agreement)?;
        if !view.on_agenda(&agreement) {
            return Err(ModelError::NotOnAgenda);
        }
        let agenda = self.meeting_map(&id, &obj, "agenda")?;
        let item = self
            .reader(|r| r.map(&agenda, &agreement, &Rule::Member))
            .ok_or(ModelError::NotOnAgenda)?;
        self.change(
            author,
            format!("remove {agreement} from meeting {id}"),
            |doc| {
                doc.put(&item, "removed", true)?;
                Ok(())
            },
        )?;
        Ok(agreement)
    }

    /// Records the meeting's outcome on an agenda item, replacing an
    /// earlier one.
    pub fn record_outcome(
        &mut self,
        author: &Author,
        meeting: &str,
        agreement: &str,
        text: &str,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let text = non_empty(text, "the outcome")?;
        let (id, obj, view) = self.open_meeting(meeting)?;
        let (agreement, _) = self.find_item(AGREEMENTS, "agreement", agreement)?;
        if !view.on_agenda(&agreement) {
            return Err(ModelError::NotOnAgenda);
        }
        let outcomes = self.meeting_map(&id, &obj, "outcomes")?;
        self.change(
            author,
            format!("record outcome of {agreement} in meeting {id}"),
            |doc| {
                let outcome = doc.put_object(&outcomes, agreement.as_str(), ObjType::Map)?;
                doc.put(&outcome, "text", text)?;
                doc.put(&outcome, "at", ScalarValue::Timestamp(now_ms()))?;
                Ok(())
            },
        )
    }

    /// Closes the meeting, recording the alliance's version as it is now:
    /// the version its decision list cites. Only a partner that recorded
    /// its presence closes a meeting.
    pub fn close_meeting(
        &mut self,
        author: &Author,
        meeting: &str,
    ) -> Result<ClosedView, ModelError> {
        self.require_member(author)?;
        let (id, obj, view) = self.open_meeting(meeting)?;
        if !view.attended(&author.partner_id) {
            return Err(ModelError::NotPresent);
        }
        let heads = heads_hex(&self.heads()).join(" ");
        self.change(author, format!("close meeting {id}"), |doc| {
            let closed = doc.put_object(&obj, "closed", ObjType::Map)?;
            doc.put(&closed, "at", ScalarValue::Timestamp(now_ms()))?;
            doc.put(&closed, "heads", heads.as_str())?;
            Ok(())
        })?;
        self.meeting(&id)?.closed.ok_or(ModelError::UnknownVersion)
    }

    /// Every meeting, oldest first.
    pub fn meetings(&self) -> Vec<MeetingView> {
        self.reader(|r| r.meetings())
    }

    /// One meeting by id or unique id prefix.
    pub fn meeting(&self, query: &str) -> Result<MeetingView, ModelError> {
        Ok(self.find_meeting(query)?.2)
    }

    /// The hash of the change that closed a meeting, if it is closed: the
    /// version its decision list is read at.
    pub fn meeting_close_change(&self, query: &str) -> Result<Option<String>, ModelError> {
        let (_, obj, view) = self.find_meeting(query)?;
        Ok(self.reader(|r| {
            let op = r.close_object(&view.id, &obj, &view.attendance)?;
            let automerge::ObjId::Id(counter, actor, _) = op else {
                return None;
            };
            r.trust
                .log()
                .change_of(counter, &actor)
                .map(|c| c.hash.to_string())
        }))
    }

    /// Meeting `id` as it was at `heads`.
    pub fn meeting_at(&self, heads: &[automerge::ChangeHash], id: &str) -> Option<MeetingView> {
        let trust = self.trust_at(heads);
        let reader = Reader {
            doc: self.document(),
            at: read::At::Heads(heads),
            trust: &trust,
        };
        let (id, obj) = reader
            .collection_items(MEETINGS, |_| Rule::Member)
            .into_iter()
            .find(|(item, _)| item == id)?;
        reader.meeting(id, &obj)
    }

    fn find_meeting(&self, query: &str) -> Result<(String, ObjId, MeetingView), ModelError> {
        let (id, obj) = self.find_in_collection(MEETINGS, "meeting", query, |_| Rule::Member)?;
        let view = self
            .reader(|r| r.meeting(id.clone(), &obj))
            .ok_or(ModelError::NotFound {
                what: "meeting",
                query: query.to_owned(),
            })?;
        Ok((id, obj, view))
    }

    /// A meeting that is still open.
    fn open_meeting(&self, query: &str) -> Result<(String, ObjId, MeetingView), ModelError> {
        let found = self.find_meeting(query)?;
        if found.2.closed.is_some() {
            return Err(ModelError::MeetingClosed);
        }
        Ok(found)
    }

    fn meeting_map(&self, id: &str, meeting: &ObjId, key: &str) -> Result<ObjId, ModelError> {
        let rule = self.reader(|r| starter_rule(r, id));
        self.reader(|r| r.map(meeting, key, &rule)).ok_or_else(|| {
            ModelError::NotAnAlliance(format!("the {key} map of a meeting is missing"))
        })
    }
}

/// The rule "a device of the partner that started meeting `id`".
fn starter_rule<D: ReadDoc>(reader: &Reader<'_, D>, id: &str) -> Rule {
    match reader.trust.owner_at(&[MEETINGS, id]) {
        Some(starter) => Rule::Partner(starter.to_owned()),
        None => Rule::Nobody,
    }
}

impl<D: ReadDoc> Reader<'_, D> {
    /// Every meeting, oldest first.
    pub(crate) fn meetings(&self) -> Vec<MeetingView> {
        self.collection_items(MEETINGS, |_| Rule::Member)
            .into_iter()
            .filter_map(|(id, obj)| self.meeting(id, &obj))
            .collect()
    }

    /// One meeting, if a partner's device started it.
    pub(crate) fn meeting(&self, id: String, obj: &ObjId) -> Option<MeetingView> {
        let started_by = self.trust.owner_at(&[MEETINGS, &id])?.to_owned();
        let theirs = Rule::Partner(started_by.clone());
        let title = self.text(obj, "title", &theirs);
        let outcomes = self.map(obj, "outcomes", &theirs);
        let agenda = self
            .items(self.map(obj, "agenda", &theirs), |_| Rule::Member)
            .into_iter()
            .filter(|(_, item)| {
                !matches!(
                    self.scalar(item, "removed", &Rule::Member),
                    Some(ScalarValue::Boolean(true))
                )
            })
            .map(|(agreement, _)| self.agenda_item(agreement, outcomes.as_ref()))
            .collect();
        let attendance = self.attendance(self.map(obj, "attendance", &theirs));
        Some(MeetingView {
            agenda,
            closed: self.closed(&id, obj, &attendance),
            attendance,
            started_at: self.time(obj, "created_at", &theirs).map(format_ms),
            started_by,
            title,
            id,
        })
    }

    fn agenda_item(&self, agreement: String, outcomes: Option<&ObjId>) -> AgendaItemView {
        let Some(outcomes) = outcomes else {
            return AgendaItemView {
                agreement,
                outcome: None,
                outcome_conflicts: Vec::new(),
            };
        };
        let outcome_of = |obj: &ObjId| OutcomeView {
            text: self.text(obj, "text", &Rule::Member),
            recorded_by: self.trust.partner_of(obj).map(str::to_owned),
            at: self.time(obj, "at", &Rule::Member).map(format_ms),
        };
        let outcome = self.map(outcomes, &agreement, &Rule::Member);
        let all: Vec<OutcomeView> = read::all_maps_at(self.doc, self.at, outcomes, &agreement)
            .into_iter()
            .filter(|op| self.trust.allows(&Rule::Member, op))
            .map(|op| outcome_of(&op))
            .collect();
        AgendaItemView {
            outcome: outcome.as_ref().map(outcome_of),
            outcome_conflicts: if all.len() > 1 { all } else { Vec::new() },
            agreement,
        }
    }

    fn attendance(&self, map: Option<ObjId>) -> Vec<AttendanceView> {
        let Some(map) = map else {
            return Vec::new();
        };
        let mut present: Vec<(i64, AttendanceView)> = self
            .trust
            .keys(self.doc, self.at, &map)
            .into_iter()
            .filter_map(|partner| {
                let at = self.time(&map, &partner, &Rule::Partner(partner.clone()))?;
                Some((
                    at,
                    AttendanceView {
                        at: Some(format_ms(at)),
                        partner,
                    },
                ))
            })
            .collect();
        present.sort_by(|a, b| (a.0, &a.1.partner).cmp(&(b.0, &b.1.partner)));
        present.into_iter().map(|(_, a)| a).collect()
    }

    /// The close that counts: one written by a device of a partner that
    /// recorded its presence, with the version and time its closer wrote.
    /// A close by anyone else, a rewrite of a closer's fields by another
    /// partner, a second close and a deletion of the close are ignored: the
    /// first close that counted stays.
    fn closed(
        &self,
        meeting_id: &str,
        meeting: &ObjId,
        attendance: &[AttendanceView],
    ) -> Option<ClosedView> {
        let closed = self.close_object(meeting_id, meeting, attendance)?;
        let by = self.trust.partner_of(&closed)?.to_owned();
        let theirs = Rule::Partner(by.clone());
        let heads: Vec<String> = self
            .text(&closed, "heads", &theirs)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let parsed = parse_heads(&heads).ok().filter(|h| !h.is_empty())?;
        Some(ClosedView {
            at: self.time(&closed, "at", &theirs).map(format_ms),
            by: Some(by),
            snapshot: snapshot_id(&parsed),
            heads,
        })
    }

    /// The map of the close that counts, written by a partner present.
    fn close_object(
        &self,
        meeting_id: &str,
        meeting: &ObjId,
        attendance: &[AttendanceView],
    ) -> Option<ObjId> {
        let present = Rule::Close {
            meeting: meeting_id.to_owned(),
            present: attendance.iter().map(|a| a.partner.clone()).collect(),
        };
        self.map(meeting, "closed", &present)
    }
}
