//! Indicators on the intended effects: what is measured, in which unit,
//! which way is better, from which baseline to which target, from which
//! source, kept up to date by which partner. An indicator is the alliance's
//! (any current partner edits it); each measurement is the partner's that
//! entered it.

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ScalarValue};

use super::kinds::{Direction, Level, Unit};
use super::values::{self, ValueError};
use crate::model::alliance::{Alliance, Author, non_empty, now_ms};
use crate::model::collections;
use crate::model::error::ModelError;
use crate::model::ids::{self, ITEM_ID_BYTES};
use crate::model::schema::INDICATORS;
use crate::model::trust::Rule;

/// An indicator's fields as written; `None` leaves a field as it is when
/// editing (and empty when adding).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorEdit {
    /// The effect it measures (id or unique prefix).
    pub effect: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Numerator and denominator, in words.
    pub definition: Option<String>,
    /// The unit.
    pub unit: Option<Unit>,
    /// Output, outcome or impact.
    pub level: Option<Level>,
    /// Which way is better.
    pub direction: Option<Direction>,
    /// The band's lower and upper bound, for a direction "band" (as typed).
    pub band: Option<(String, String)>,
    /// The baseline: value (as typed) and period.
    pub baseline: Option<(String, String)>,
    /// The target: value (as typed) and date.
    pub target: Option<(String, String)>,
    /// The amber threshold (as typed): between it and the target reads orange.
    pub amber: Option<String>,
    /// Where the figures come from (CBS, waarstaatjegemeente.nl, a partner's
    /// registration).
    pub source: Option<String>,
    /// A link to the source.
    pub source_url: Option<String>,
    /// The partner that keeps it up to date (id, prefix or name).
    pub owner: Option<String>,
    /// How often it is measured ("per kwartaal").
    pub frequency: Option<String>,
    /// What it stands in for, when it is a proxy.
    pub proxy_for: Option<String>,
}

impl From<ValueError> for ModelError {
    fn from(error: ValueError) -> ModelError {
        ModelError::BadValue(error)
    }
}

impl Alliance {
    /// Adds an indicator to an effect; returns its id.
    pub fn add_indicator(
        &mut self,
        author: &Author,
        edit: &IndicatorEdit,
    ) -> Result<String, ModelError> {
        self.require_member(author)?;
        let name = non_empty(
            edit.name.as_deref().unwrap_or_default(),
            "the indicator name",
        )?;
        if edit.effect.is_none() {
            return Err(ModelError::Empty("the effect"));
        }
        let unit = edit.unit.ok_or(ModelError::Empty("the unit"))?;
        let direction = edit.direction.ok_or(ModelError::Empty("the direction"))?;
        if direction == Direction::Band && edit.band.is_none() {
            return Err(ModelError::BandMissing);
        }
        let fields = self.indicator_fields(edit, unit, direction)?;
        let map = self.collection_for_write(INDICATORS);
        let id = ids::random_id(ITEM_ID_BYTES);
        self.change(author, format!("add indicator {id}: {name}"), |doc| {
            let map = collections::ensure(doc, map, INDICATORS)?;
            let obj = doc.put_object(&map, id.as_str(), ObjType::Map)?;
            for (key, value) in fields {
                doc.put(&obj, key, value)?;
            }
            doc.put(&obj, "created_at", ScalarValue::Timestamp(now_ms()))?;
            doc.put_object(&obj, "measurements", ObjType::Map)?;
            Ok(())
        })?;
        Ok(id)
    }

    /// Changes an indicator; fields not given stay as they are.
    pub fn edit_indicator(
        &mut self,
        author: &Author,
        query: &str,
        edit: &IndicatorEdit,
    ) -> Result<(), ModelError> {
        self.require_member(author)?;
        let (id, obj, current) = self.find_indicator(query)?;
        let unit = edit.unit.unwrap_or(current.unit);
        let direction = edit.direction.unwrap_or(current.direction);
        if direction == Direction::Band && edit.band.is_none() && current.band.is_none() {
            return Err(ModelError::BandMissing);
        }
        if let Some(name) = &edit.name {
            non_empty(name, "the indicator name")?;
        }
        let fields = self.indicator_fields(edit, unit, direction)?;
        self.change(author, format!("edit indicator {id}"), |doc| {
            for (key, value) in fields {
                doc.put(&obj, key, value)?;
            }
            Ok(())
        })
    }

    /// The fields an edit writes, checked: figures against the unit, the
    /// effect and the owner resolved, the target date read.
    fn indicator_fields(
        &self,
        edit: &IndicatorEdit,
        unit: Unit,
        direction: Direction,
    ) -> Result<Vec<(&'static str, ScalarValue)>, ModelError> {
        let text = |s: &str| ScalarValue::Str(s.trim().into());
        let figure = |typed: &str| values::parse_value(typed, unit).map(ScalarValue::F64);
        let mut fields = vec![
            ("unit", text(unit.slug())),
            ("direction", text(direction.slug())),
        ];
        if let Some(effect) = &edit.effect {
            fields.push(("effect", text(&self.find_effect(effect)?.0)));
        }
        for (key, value) in [
            ("name", &edit.name),
            ("definition", &edit.definition),
            ("source", &edit.source),
            ("source_url", &edit.source_url),
            ("frequency", &edit.frequency),
            ("proxy_for", &edit.proxy_for),
        ] {
            if let Some(value) = value {
                fields.push((key, text(value)));
            }
        }
        if let Some(level) = edit.level {
            fields.push(("level", text(level.slug())));
        }
        if let Some((low, high)) = &edit.band {
            let (low, high) = (values::parse_number(low)?, values::parse_number(high)?);
            if high < low {
                return Err(ModelError::BandUpsideDown);
            }
            fields.push(("band_low", ScalarValue::F64(low)));
            fields.push(("band_high", ScalarValue::F64(high)));
        }
        if let Some((value, period)) = &edit.baseline {
            fields.push(("baseline_value", figure(value)?));
            let period =
                super::period::Period::parse(period).map_err(|e| ModelError::BadPeriod(e.0))?;
            fields.push(("baseline_period", text(&period.text)));
        }
        if let Some((value, date)) = &edit.target {
            fields.push(("target_value", figure(value)?));
            fields.push(("target_date", text(&crate::model::dates::parse_date(date)?)));
        }
        if let Some(amber) = &edit.amber {
            fields.push(("amber", figure(amber)?));
        }
        if let Some(owner) = &edit.owner {
            let owner = self
                .resolve_partners(std::slice::from_ref(owner))?
                .pop()
                .unwrap_or_default();
            fields.push(("owner", text(&owner)));
        }
        Ok(fields)
    }

    pub(crate) fn find_indicator(
        &self,
        query: &str,
    ) -> Result<(String, ObjId, super::view::IndicatorView), ModelError> {
        let (id, obj) =
            self.find_in_collection(INDICATORS, "indicator", query, |_| Rule::Member)?;
        let view = self
            .reader(|r| r.indicator(id.clone(), &obj))
            .ok_or(ModelError::NotFound {
                what: "indicator",
                query: query.to_owned(),
            })?;
        Ok((id, obj, view))
    }
}
