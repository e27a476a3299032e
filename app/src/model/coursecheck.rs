//! Koerscheck: are the partners still on the same course? Any partner opens
//! a round with an opening and a closing date; each partner rates six
//! dimensions (green, orange or red, with a trend and a remark). While the
//! round is open, the view shows only who answered, not what: a display
//! rule, since every replica holds every answer. After it closes: per
//! dimension how the ratings spread (never a ranking of partners), and up to
//! three follow-up actions, each with an owner partner and a due date.
//!
//! A round is closed only when a partner records the close (the opener at
//! any time, any partner once the closing date has passed), so that every
//! replica, and every export of a version, agrees on it.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc, ScalarValue};
use serde::Serialize;

use super::alliance::{Alliance, Author, non_empty, now_ms};
use super::collections;
use super::dates::parse_date;
use super::error::ModelError;
use super::ids::{self, ITEM_ID_BYTES};
use super::kinds::{Dimension, Rating, Trend};
use super::schema::COURSECHECKS;
use super::trust::Rule;
use super::view::{Reader, format_ms};

/// The most follow-up actions a round has.
pub const MAX_ACTIONS: usize = 3;

/// One round of the course check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseCheckView {
    /// The round's id.
    pub id: String,
    /// The partner that opened it.
    pub opened_by: String,
    /// When answering opens (`YYYY-MM-DD`).
    pub opens: String,
    /// When it is to close (`YYYY-MM-DD`).
    pub closes: String,
    /// When a partner closed it (RFC 3339); `None` while it is open.
    pub closed_at: Option<String>,
    /// The partners that rated every dimension, sorted.
    pub answered_by: Vec<String>,
    /// The ratings, once the round is closed (empty while it is open).
    pub answers: Vec<RatingView>,
    /// Per dimension, how the ratings spread, once closed.
    pub dimensions: Vec<DimensionSummary>,
    /// The follow-up actions, oldest first.
    pub actions: Vec<ActionView>,
}

/// One partner's rating of one dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingView {
    /// The partner.
    pub partner: String,
    /// The dimension.
    pub dimension: Dimension,
    /// Green, orange or red.
    pub rating: Rating,
    /// Better, the same or worse than before.
    pub trend: Trend,
    /// A remark.
    pub remark: String,
}

/// How the ratings of one dimension spread in a closed round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionSummary {
    /// The dimension.
    pub dimension: Dimension,
    /// How many partners rated it green, orange and red.
    pub green: usize,
    /// Orange.
    pub orange: usize,
    /// Red.
    pub red: usize,
    /// The rating most partners gave (the worse one on a tie); `None`
    /// when nobody rated it.
    pub overall: Option<Rating>,
    /// Whether partners differ by two colours (green and red both given).
    pub apart: bool,
}

/// A follow-up action of a round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionView {
    /// The action's id.
    pub id: String,
    /// What is to be done.
    pub text: String,
    /// The partner that owns it.
    pub owner: String,
    /// When it is due (`YYYY-MM-DD`).
    pub due: String,
}

/// One answer to a round: a rating of one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRating {
    /// The dimension.
    pub dimension: Dimension,
    /// Green, orange or red.
    pub rating: Rating,
    /// Better, the same or worse.
    pub trend: Trend,
    /// A remark (may be empty).
    pub remark: String,
}

/// The key of a partner's rating of a dimension in a round's answers.
fn answer_key(partner: &str, dimension: Dimension) -> String {
    format!("{partner}:{}", dimension.slug())
}

fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

impl Alliance {
    /// Opens a round of the course check; returns its id. `opens` defaults
    /// to today.
    pub fn open_coursecheck(
        &mut self,
        author: &Author,
        opens: Option<&str>,
        closes: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let opens = opens.map(parse_date).transpose()?.unwrap_or_else(today);
        let closes = parse_date(closes)?;
        if closes < opens {
            return Err(ModelError::ClosesBeforeOpening { opens, closes });
        }
        let rounds = self.collection_for_write(COURSECHECKS);
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("open coursecheck {id}"), |doc| {
            let rounds = collections::ensure(doc, rounds, COURSECHECKS)?;
            let round = doc.put_object(&rounds, id.as_str(), ObjType::Map)?;
            doc.put(&round, "opens", opens.as_str())?;
            doc.put(&round, "closes", closes.as_str())?;
            doc.put(&round, "created_at", ScalarValue::Timestamp(now_ms()))?;
            doc.put_object(&round, "answers", ObjType::Map)?;
            doc.put_object(&round, "actions", ObjType::Map)?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Records the author's ratings in an open round; a later rating of
    /// the same dimension replaces the earlier one.
    pub fn answer_coursecheck(
        &mut self,
        author: &Author,
        round: &str,
        ratings: &[NewRating],
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj, view) = self.find_round(round)?;
        if view.closed_at.is_some() {
            return Err(ModelError::RoundClosed);
        }
        if today() < view.opens {
            return Err(ModelError::RoundNotOpenYet(view.opens));
        }
        let answers = self.round_map(&id, &obj, "answers")?;
        let partner = author.partner_id.clone();
        self.change(author, format!("answer coursecheck {id}"), |doc| {
            for r in ratings {
                let key = answer_key(&partner, r.dimension);
                let answer = doc.put_object(&answers, key.as_str(), ObjType::Map)?;
                doc.put(&answer, "rating", r.rating.slug())?;
                doc.put(&answer, "trend", r.trend.slug())?;
                doc.put(&answer, "remark", r.remark.trim())?;
                doc.put(&answer, "at", ScalarValue::Timestamp(now_ms()))?;
            }
            Ok(())
        })
    }

    /// Closes a round: the partner that opened it at any time, any partner
    /// once its closing date has passed.
    pub fn close_coursecheck(&mut self, author: &Author, round: &str) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj, view) = self.find_round(round)?;
        if view.closed_at.is_some() {
            return Err(ModelError::RoundClosed);
        }
        if view.opened_by != author.partner_id && today() <= view.closes {
            return Err(ModelError::RoundNotDue {
                closes: view.closes,
                opener: self.partner_name(&view.opened_by),
            });
        }
        self.change(author, format!("close coursecheck {id}"), |doc| {
            doc.put(&obj, "closed_at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })
    }

    /// Adds a follow-up action to a closed round; returns its id.
    pub fn add_coursecheck_action(
        &mut self,
        author: &Author,
        round: &str,
        text: &str,
        owner: &str,
        due: &str,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let text = non_empty(text, "the action")?;
        let due = parse_date(due)?;
        let owner = self
            .resolve_partners(&[owner.to_owned()])?
            .pop()
            .unwrap_or_default();
        let (id, obj, view) = self.find_round(round)?;
        if view.closed_at.is_none() {
            return Err(ModelError::RoundStillOpen);
        }
        if view.actions.len() >= MAX_ACTIONS {
            return Err(ModelError::TooManyActions(MAX_ACTIONS));
        }
        let actions = self.round_map(&id, &obj, "actions")?;
        let action = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("add action to coursecheck {id}"), |doc| {
            let obj = doc.put_object(&actions, action.as_str(), ObjType::Map)?;
            doc.put(&obj, "text", text)?;
            doc.put(&obj, "owner", owner.as_str())?;
            doc.put(&obj, "due", due.as_str())?;
            doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
            Ok(())
        })?;
        Ok(action)
    }

    /// The author's own ratings in a round (visible to its own partner
    /// while the round is open).
    pub fn own_ratings(&self, author: &Author, round: &str) -> Result<Vec<RatingView>, ModelError> {
        let (id, obj, _) = self.find_round(round)?;
        Ok(self.reader(|r| {
            r.ratings(&id, &obj)
                .into_iter()
                .filter(|rating| rating.partner == author.partner_id)
                .collect()
        }))
    }

    fn find_round(&self, query: &str) -> Result<(String, ObjId, CourseCheckView), ModelError> {
        let (id, obj) =
            self.find_in_collection(COURSECHECKS, "course check round", query, |_| Rule::Member)?;
        let view =
            self.reader(|r| r.coursecheck(id.clone(), &obj))
                .ok_or(ModelError::NotFound {
                    what: "course check round",
                    query: query.to_owned(),
                })?;
        Ok((id, obj, view))
    }

    fn round_map(&self, id: &str, round: &ObjId, key: &str) -> Result<ObjId, ModelError> {
        let opener = self.reader(|r| r.trust.owner_at(&[COURSECHECKS, id]).map(str::to_owned));
        let rule = Rule::Partner(opener.unwrap_or_default());
        self.reader(|r| r.map(round, key, &rule)).ok_or_else(|| {
            ModelError::NotAnAlliance(format!("the {key} map of a round is missing"))
        })
    }
}

impl<D: ReadDoc> Reader<'_, D> {
    /// Every round, oldest first.
    pub(crate) fn coursechecks(&self) -> Vec<CourseCheckView> {
        self.collection_items(COURSECHECKS, |_| Rule::Member)
            .into_iter()
            .filter_map(|(id, obj)| self.coursecheck(id, &obj))
            .collect()
    }

    /// One round, if a partner's device opened it.
    pub(crate) fn coursecheck(&self, id: String, obj: &ObjId) -> Option<CourseCheckView> {
        let opened_by = self.trust.owner_at(&[COURSECHECKS, &id])?.to_owned();
        let theirs = Rule::Partner(opened_by.clone());
        let opens = self.text(obj, "opens", &theirs);
        let closes = self.text(obj, "closes", &theirs);
        if closes.is_empty() {
            return None;
        }
        let closed_at = self.time(obj, "closed_at", &Rule::Member).map(format_ms);
        let ratings = self.ratings(&id, obj);
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &ratings {
            *counts.entry(r.partner.as_str()).or_default() += 1;
        }
        let answered_by = counts
            .into_iter()
            .filter(|(_, n)| *n == Dimension::ALL.len())
            .map(|(p, _)| p.to_owned())
            .collect();
        let closed = closed_at.is_some();
        Some(CourseCheckView {
            dimensions: if closed {
                summarise(&ratings)
            } else {
                Vec::new()
            },
            answers: if closed { ratings } else { Vec::new() },
            actions: self.actions(obj, &theirs),
            answered_by,
            closed_at,
            opens,
            closes,
            opened_by,
            id,
        })
    }

    /// Every rating in a round that its partner's device wrote.
    pub(crate) fn ratings(&self, id: &str, round: &ObjId) -> Vec<RatingView> {
        let opener = Rule::Partner(
            self.trust
                .owner_at(&[COURSECHECKS, id])
                .unwrap_or_default()
                .to_owned(),
        );
        let Some(answers) = self.map(round, "answers", &opener) else {
            return Vec::new();
        };
        let mut ratings = Vec::new();
        for key in self.trust.keys(self.doc, self.at, &answers) {
            let Some((partner, dimension)) = key.split_once(':') else {
                continue;
            };
            let (Ok(dimension), own) = (
                dimension.parse::<Dimension>(),
                Rule::Partner(partner.to_owned()),
            ) else {
                continue;
            };
            let Some(answer) = self.map(&answers, &key, &own) else {
                continue;
            };
            let (Ok(rating), Ok(trend)) = (
                self.text(&answer, "rating", &own).parse::<Rating>(),
                self.text(&answer, "trend", &own).parse::<Trend>(),
            ) else {
                continue;
            };
            ratings.push(RatingView {
                partner: partner.to_owned(),
                dimension,
                rating,
                trend,
                remark: self.text(&answer, "remark", &own),
            });
        }
        ratings.sort_by(|a, b| (a.dimension, &a.partner).cmp(&(b.dimension, &b.partner)));
        ratings
    }

    fn actions(&self, round: &ObjId, opener: &Rule) -> Vec<ActionView> {
        self.items(self.map(round, "actions", opener), |_| Rule::Member)
            .into_iter()
            .map(|(id, obj)| ActionView {
                text: self.text(&obj, "text", &Rule::Member),
                owner: self.text(&obj, "owner", &Rule::Member),
                due: self.text(&obj, "due", &Rule::Member),
                id,
            })
            .collect()
    }
}

/// Per dimension, how the ratings spread.
fn summarise(ratings: &[RatingView]) -> Vec<DimensionSummary> {
    Dimension::ALL
        .iter()
        .map(|dimension| {
            let of = |rating: Rating| {
                ratings
                    .iter()
                    .filter(|r| r.dimension == *dimension && r.rating == rating)
                    .count()
            };
            let (green, orange, red) = (of(Rating::Green), of(Rating::Orange), of(Rating::Red));
            let overall = [
                (Rating::Red, red),
                (Rating::Orange, orange),
                (Rating::Green, green),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .max_by_key(|(rating, n)| (*n, rating.step()))
            .map(|(rating, _)| rating);
            DimensionSummary {
                dimension: *dimension,
                green,
                orange,
                red,
                overall,
                apart: green > 0 && red > 0,
            }
        })
        .collect()
}
