//! Measurements of an indicator: a period, a value, how final it is, a
//! short explanation, and the partner that entered it. A later, more final
//! figure replaces a provisional one for the same period in the view; every
//! figure stays in the history. A CSV import is all rows or none.

use automerge::transaction::Transactable;
use automerge::{ObjType, ScalarValue};

use super::kinds::MeasurementStatus;
use super::period::Period;
use super::values;
use crate::model::alliance::{Alliance, Author, now_ms};
use crate::model::error::ModelError;
use crate::model::ids::{self, ITEM_ID_BYTES};
use crate::model::schema::INDICATORS;
use crate::model::trust::Rule;

/// A new measurement, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMeasurement {
    /// The period (`2026`, `2026-Q3`, `2026-07`, `2026-01-01..2026-06-30`).
    pub period: String,
    /// The value, as typed (`12,5` or `12.5`).
    pub value: String,
    /// How final it is.
    pub status: MeasurementStatus,
    /// A short explanation.
    pub note: String,
}

impl NewMeasurement {
    /// Checks the period, the value in `unit`, and that the note holds no
    /// citizen service number.
    pub(crate) fn check(&self, unit: super::kinds::Unit) -> Result<CheckedMeasurement, ModelError> {
        let period = Period::parse(&self.period).map_err(|e| ModelError::BadPeriod(e.0))?;
        let value = values::parse_value(&self.value, unit)?;
        if values::contains_bsn(&self.note) {
            return Err(values::ValueError::PersonalNumber(self.note.trim().to_owned()).into());
        }
        Ok(CheckedMeasurement {
            period,
            value,
            status: self.status,
            note: self.note.trim().to_owned(),
        })
    }
}

/// A measurement checked against its indicator, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CheckedMeasurement {
    pub(crate) period: Period,
    pub(crate) value: f64,
    pub(crate) status: MeasurementStatus,
    pub(crate) note: String,
}

impl Alliance {
    /// Checks measurements for indicator `query` without writing them:
    /// the period and the value in the indicator's unit.
    pub(crate) fn check_measurements(
        &self,
        query: &str,
        new: &[NewMeasurement],
    ) -> Result<Vec<Result<CheckedMeasurement, ModelError>>, ModelError> {
        let (_, _, indicator) = self.find_indicator(query)?;
        Ok(new.iter().map(|m| m.check(indicator.unit)).collect())
    }

    /// Records measurements of an indicator, all of them or, when one is
    /// wrong, none; returns their ids.
    pub fn add_measurements(
        &mut self,
        author: &Author,
        query: &str,
        new: &[NewMeasurement],
    ) -> Result<Vec<String>, ModelError> {
        self.require_member(author)?;
        let checked: Vec<CheckedMeasurement> = self
            .check_measurements(query, new)?
            .into_iter()
            .collect::<Result<_, _>>()?;
        let (id, obj, _) = self.find_indicator(query)?;
        let owner = self.reader(|r| r.trust.owner_at(&[INDICATORS, &id]).map(str::to_owned));
        let rule = Rule::Partner(owner.unwrap_or_default());
        let map = self
            .reader(|r| r.map(&obj, "measurements", &rule))
            .ok_or_else(|| {
                ModelError::NotAnAlliance("an indicator has no measurements map".into())
            })?;
        let ids: Vec<String> = checked
            .iter()
            .map(|_| ids::random_id(ITEM_ID_BYTES))
            .collect();
        let message = format!("add {} measurement(s) to indicator {id}", ids.len());
        self.change(author, message, |doc| {
            for (mid, m) in ids.iter().zip(&checked) {
                let obj = doc.put_object(&map, mid.as_str(), ObjType::Map)?;
                doc.put(&obj, "period", m.period.text.as_str())?;
                doc.put(&obj, "value", ScalarValue::F64(m.value))?;
                doc.put(&obj, "status", m.status.slug())?;
                doc.put(&obj, "note", m.note.as_str())?;
                doc.put(&obj, "at", ScalarValue::Timestamp(now_ms()))?;
            }
            Ok(())
        })?;
        Ok(ids)
    }
}
