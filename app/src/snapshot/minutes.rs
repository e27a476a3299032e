//! The decision list (besluitenlijst) of a closed meeting: who was present
//! (organisations), and per agenda item every partner's position and the
//! outcome, read at the version the close recorded. Laid out on the shared
//! [`Layout`] and printed as PDF or Markdown, with a metadata token like a
//! snapshot export's, so that `verify` checks it the same way: the id is
//! the SHA-256 of the heads at the close, and the file is exactly what any
//! replica renders for that meeting.
//!
//! The content is read at the close change itself (its hash is the
//! export's status version), so every replica, at any later time, renders
//! the same bytes, and nothing written after the close can enter it.

use automerge::ChangeHash;
use serde::Serialize;

use super::content::dutch_date;
use super::labels::stance_nl;
use super::layout::{Block, Field, Layout, Meta, Numbering};
use super::{Envelope, Format, LAYOUT_VERSION, SnapshotError, file_stem};
use crate::model::ratification::{parse_heads, short_id};
use crate::model::{Alliance, AllianceView, MeetingView, ModelError};

/// A closed meeting's decision list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinutesDocument {
    /// The alliance's id.
    pub alliance_id: String,
    /// The alliance's name at the close.
    pub alliance_name: String,
    /// The meeting's id.
    pub meeting: String,
    /// Its title.
    pub title: String,
    /// The partner that started it.
    pub started_by: String,
    /// When it started (`YYYY-MM-DD`).
    pub started_on: String,
    /// The partner that closed it.
    pub closed_by: String,
    /// When it closed (RFC 3339).
    pub closed_at: String,
    /// The snapshot id of the alliance at the close.
    pub snapshot: String,
    /// The heads at the close (hex, sorted).
    pub heads: Vec<String>,
    /// The version the meeting was read at: the close change.
    pub status_heads: Vec<String>,
    /// The organisations present, in the order they checked in.
    pub present: Vec<String>,
    /// The partners of the alliance that did not check in.
    pub absent: Vec<String>,
    /// The agenda items, in order.
    pub items: Vec<MinutesItem>,
}

/// One agenda item in the decision list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinutesItem {
    /// The agreement's id.
    pub agreement: String,
    /// Its title at the close.
    pub title: String,
    /// Its status at the close, in Dutch.
    pub status: String,
    /// Each current partner's position at the close.
    pub positions: Vec<MinutesPosition>,
    /// The outcome the meeting recorded (`None` when none was).
    pub outcome: Option<String>,
    /// The partner whose device recorded it.
    pub outcome_by: Option<String>,
    /// Whether partners recorded different outcomes at once and did not
    /// settle them before the close.
    pub outcome_unsettled: bool,
}

/// One partner's position on an agenda item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinutesPosition {
    /// The partner's name.
    pub partner: String,
    /// The stance in Dutch, or "geen standpunt".
    pub stance: String,
    /// The reason given.
    pub reason: String,
}

impl MinutesDocument {
    /// The metadata `verify` reads back.
    pub fn envelope(&self) -> Envelope {
        Envelope {
            alliance: self.alliance_id.clone(),
            snapshot: self.snapshot.clone(),
            heads: self.heads.clone(),
            status_heads: self.status_heads.clone(),
            layout: LAYOUT_VERSION,
            meeting: Some(self.meeting.clone()),
        }
    }

    /// The file name it is given by default:
    /// `<alliance>-besluitenlijst-<title>-<short id>.<extension>`.
    pub fn file_name(&self, format: Format) -> String {
        format!(
            "{}-besluitenlijst-{}-{}.{}",
            file_stem(&self.alliance_name),
            file_stem(&self.title),
            short_id(&self.snapshot),
            format.extension()
        )
    }
}

/// The decision list of meeting `query` (id or unique prefix), which must
/// be closed.
pub fn build(alliance: &mut Alliance, query: &str) -> Result<MinutesDocument, SnapshotError> {
    let id = alliance.meeting(query)?.id;
    let close = alliance
        .meeting_close_change(&id)?
        .ok_or(ModelError::MeetingOpen)?;
    build_at(alliance, &id, &[close])
}

/// The decision list of meeting `id` as read at `status_heads`.
pub(super) fn build_at(
    alliance: &mut Alliance,
    id: &str,
    status_heads: &[String],
) -> Result<MinutesDocument, SnapshotError> {
    let status: Vec<ChangeHash> = parse_heads(status_heads)?;
    let meeting = alliance
        .meeting_at(&status, id)
        .ok_or_else(|| SnapshotError::NotRecorded(id.to_owned()))?;
    let closed = meeting.closed.clone().ok_or(ModelError::MeetingOpen)?;
    let view = alliance.view_at(&parse_heads(&closed.heads)?);
    let name = |partner: &str| partner_name(&view, partner);
    let present: Vec<String> = meeting
        .attendance
        .iter()
        .map(|a| name(&a.partner))
        .collect();
    let absent = view
        .partners
        .iter()
        .filter(|p| p.left.is_none() && !meeting.attended(&p.id))
        .map(|p| p.name.clone())
        .collect();
    Ok(MinutesDocument {
        alliance_id: view.id.clone(),
        alliance_name: view.name.clone(),
        items: items(&view, &meeting),
        meeting: meeting.id.clone(),
        title: meeting.title.clone(),
        started_by: name(&meeting.started_by),
        started_on: date_of(meeting.started_at.as_deref()),
        closed_by: closed.by.as_deref().map(name).unwrap_or_default(),
        closed_at: closed.at.clone().unwrap_or_default(),
        snapshot: closed.snapshot,
        heads: closed.heads,
        status_heads: status_heads.to_vec(),
        present,
        absent,
    })
}

fn items(view: &AllianceView, meeting: &MeetingView) -> Vec<MinutesItem> {
    meeting
        .agenda
        .iter()
        .filter_map(|item| {
            let agreement = view.agreements.iter().find(|a| a.id == item.agreement)?;
            let positions = view
                .partners
                .iter()
                .filter(|p| p.left.is_none())
                .map(|p| match agreement.positions.get(&p.id) {
                    Some(position) => MinutesPosition {
                        partner: p.name.clone(),
                        stance: stance_nl(position.stance),
                        reason: position.reason.clone(),
                    },
                    None => MinutesPosition {
                        partner: p.name.clone(),
                        stance: "geen standpunt".to_owned(),
                        reason: String::new(),
                    },
                })
                .collect();
            let unsettled = !item.outcome_conflicts.is_empty();
            Some(MinutesItem {
                agreement: agreement.id.clone(),
                title: agreement.title.clone(),
                status: agreement.status.label_nl().to_owned(),
                positions,
                outcome: item.outcome.as_ref().map(|o| o.text.clone()),
                outcome_by: item
                    .outcome
                    .as_ref()
                    .and_then(|o| o.recorded_by.as_deref())
                    .map(|p| partner_name(view, p)),
                outcome_unsettled: unsettled,
            })
        })
        .collect()
}

fn partner_name(view: &AllianceView, partner: &str) -> String {
    view.partners
        .iter()
        .find(|p| p.id == partner)
        .map_or_else(|| partner.to_owned(), |p| p.name.clone())
}

fn date_of(time: Option<&str>) -> String {
    time.and_then(|t| t.get(..10))
        .unwrap_or_default()
        .to_owned()
}

/// Lays out the decision list for the printed formats.
pub(super) fn layout(doc: &MinutesDocument) -> Layout {
    let closed_on = dutch_date(&date_of(Some(&doc.closed_at)));
    let mut blocks = vec![
        Block::Title {
            title: format!("Besluitenlijst {}", doc.title),
            subtitle: format!("{} · gesloten op {closed_on}", doc.alliance_name),
        },
        Block::Frame {
            title: None,
            blocks: vec![Block::Fields {
                fields: vec![
                    Field::new("Samenwerking", &doc.alliance_name),
                    Field::new("Vergadering", &doc.title),
                    Field::new(
                        "Gestart",
                        format!("{} door {}", dutch_date(&doc.started_on), doc.started_by),
                    ),
                    Field::new("Gesloten", format!("{closed_on} door {}", doc.closed_by)),
                    Field::new("Versie bij sluiting", &doc.snapshot),
                    Field::new("Korte aanduiding", short_id(&doc.snapshot)),
                ],
            }],
        },
        Block::text(
            "Deze besluitenlijst noemt de precieze versie van de alliantie bij de sluiting. \
             Elke partner kan hem controleren met: rondetafel verify BESTAND",
        ),
    ];
    let mut numbering = Numbering::default();
    blocks.push(numbering.section("Aanwezig"));
    blocks.push(Block::Fields {
        fields: vec![
            Field::new("Aanwezig", list_or_nobody(&doc.present)),
            Field::new("Afwezig", list_or_nobody(&doc.absent)),
        ],
    });
    blocks.push(numbering.section("Besluiten"));
    if doc.items.is_empty() {
        blocks.push(Block::nothing("Er stond niets op de agenda."));
    }
    for item in &doc.items {
        blocks.push(numbering.part(&item.title));
        blocks.extend(item_blocks(item));
    }
    Layout {
        meta: Meta {
            title: format!("{}: besluitenlijst {}", doc.alliance_name, doc.title),
            authors: doc.present.clone(),
            token: doc.envelope().token(),
            ident: doc.snapshot.clone(),
            footer: format!("Besluitenlijst · versie {}", doc.snapshot),
            date: date_of(Some(&doc.closed_at)),
            running_head: format!("{} · {} · {closed_on}", doc.alliance_name, doc.title),
            concept: false,
        },
        blocks,
    }
}

fn item_blocks(item: &MinutesItem) -> Vec<Block> {
    let rows = item
        .positions
        .iter()
        .map(|p| vec![p.partner.clone(), p.stance.clone(), p.reason.clone()])
        .collect();
    let mut blocks = vec![
        Block::Fields {
            fields: vec![Field::new("Status bij sluiting", &item.status)],
        },
        Block::table(
            &[("Partner", 2.0), ("Standpunt", 1.2), ("Toelichting", 3.0)],
            rows,
            "Geen partners.",
        ),
    ];
    match (&item.outcome, item.outcome_unsettled) {
        (Some(outcome), false) => {
            blocks.push(Block::quote(outcome));
            if let Some(by) = &item.outcome_by {
                blocks.push(Block::text(format!("Uitkomst vastgelegd door {by}.")));
            }
        }
        (Some(_), true) => blocks.push(Block::nothing(
            "Geen eenduidige uitkomst: partners legden tegelijk verschillende uitkomsten vast.",
        )),
        (None, _) => blocks.push(Block::nothing("Geen uitkomst vastgelegd.")),
    }
    blocks
}

fn list_or_nobody(names: &[String]) -> String {
    if names.is_empty() {
        "niemand".to_owned()
    } else {
        names.join(", ")
    }
}

/// Renders the decision list as a PDF or Markdown. The same list always
/// gives the same bytes.
pub fn render(doc: &MinutesDocument, format: Format) -> Result<Vec<u8>, SnapshotError> {
    match format {
        Format::Md => Ok(super::markdown::render(&layout(doc)).into_bytes()),
        Format::Pdf => super::render_pdf(&layout(doc)),
        other => Err(SnapshotError::Render(format!(
            "a decision list is made as pdf or md, not {other}"
        ))),
    }
}
