//! Indicators and their measurements as partners see them: the current
//! figure per period (the most final, then the latest), every figure in the
//! history, and how the latest stands against the target and which way it
//! went.

use std::cmp::Ordering;

use automerge::{ObjId, ReadDoc, ScalarValue};
use serde::Serialize;

use super::kinds::{Direction, Level, MeasurementStatus, Standing, Unit};
use super::period::Period;
use crate::model::kinds::Trend;
use crate::model::schema::INDICATORS;
use crate::model::trust::Rule;
use crate::model::view::{ConflictView, Reader, format_ms};

/// An indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorView {
    /// Its id.
    pub id: String,
    /// The effect it measures.
    pub effect: String,
    /// Its name.
    pub name: String,
    /// Numerator and denominator, in words.
    pub definition: String,
    /// The unit.
    pub unit: Unit,
    /// Output, outcome or impact.
    pub level: Option<Level>,
    /// Which way is better.
    pub direction: Direction,
    /// The band (lower, upper), for a direction "band".
    pub band: Option<(f64, f64)>,
    /// The baseline value.
    pub baseline: Option<f64>,
    /// The baseline's period.
    pub baseline_period: String,
    /// The target value.
    pub target: Option<f64>,
    /// The date the target is for (`YYYY-MM-DD`).
    pub target_date: String,
    /// The amber threshold.
    pub amber: Option<f64>,
    /// Where the figures come from.
    pub source: String,
    /// A link to the source.
    pub source_url: String,
    /// The partner that keeps it up to date.
    pub owner: String,
    /// How often it is measured.
    pub frequency: String,
    /// What it stands in for, when it is a proxy.
    pub proxy_for: String,
    /// The current figure per period, oldest period first.
    pub measurements: Vec<MeasurementView>,
    /// Every figure entered, oldest first.
    pub history: Vec<MeasurementView>,
    /// How the latest figure stands against the target.
    pub standing: Option<Standing>,
    /// Which way the latest figure went since the period before.
    pub trend: Option<Trend>,
    /// Fields partners set concurrently to different values.
    pub conflicts: Vec<ConflictView>,
}

/// One figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasurementView {
    /// Its id.
    pub id: String,
    /// The period (`2026-Q3`).
    pub period: String,
    /// Its first day.
    pub start: String,
    /// Its last day.
    pub end: String,
    /// The value.
    pub value: f64,
    /// How final it is.
    pub status: MeasurementStatus,
    /// A short explanation.
    pub note: String,
    /// The partner that entered it.
    pub partner: String,
    /// When it was entered (RFC 3339).
    pub at: Option<String>,
}

impl<D: ReadDoc> Reader<'_, D> {
    /// Every indicator, oldest first.
    pub(crate) fn indicators(&self) -> Vec<IndicatorView> {
        self.collection_items(INDICATORS, |_| Rule::Member)
            .into_iter()
            .filter_map(|(id, obj)| self.indicator(id, &obj))
            .collect()
    }

    fn number(&self, obj: &ObjId, key: &str) -> Option<f64> {
        match self.scalar(obj, key, &Rule::Member)? {
            ScalarValue::F64(v) => Some(v),
            ScalarValue::Int(v) => Some(v as f64),
            ScalarValue::Uint(v) => Some(v as f64),
            _ => None,
        }
    }

    /// One indicator, if a partner's device made it.
    pub(crate) fn indicator(&self, id: String, obj: &ObjId) -> Option<IndicatorView> {
        let maker = self.trust.owner_at(&[INDICATORS, &id])?.to_owned();
        let member = Rule::Member;
        let unit: Unit = self.text(obj, "unit", &member).parse().ok()?;
        let direction: Direction = self.text(obj, "direction", &member).parse().ok()?;
        let history = self.measurements(&id, obj, &Rule::Partner(maker));
        let measurements = current(&history);
        let band = self
            .number(obj, "band_low")
            .zip(self.number(obj, "band_high"));
        let target = self.number(obj, "target_value");
        let amber = self.number(obj, "amber");
        let baseline = self.number(obj, "baseline_value");
        let latest = measurements.last().map(|m| m.value);
        let previous = measurements.iter().rev().nth(1).map(|m| m.value);
        let goal = Goal {
            direction,
            band,
            target,
            amber,
            baseline,
        };
        let fields = [
            "name",
            "definition",
            "unit",
            "direction",
            "target_value",
            "target_date",
            "owner",
        ];
        Some(IndicatorView {
            effect: self.text(obj, "effect", &member),
            name: self.text(obj, "name", &member),
            definition: self.text(obj, "definition", &member),
            level: self.text(obj, "level", &member).parse().ok(),
            baseline_period: self.text(obj, "baseline_period", &member),
            target_date: self.text(obj, "target_date", &member),
            source: self.text(obj, "source", &member),
            source_url: self.text(obj, "source_url", &member),
            owner: self.text(obj, "owner", &member),
            frequency: self.text(obj, "frequency", &member),
            proxy_for: self.text(obj, "proxy_for", &member),
            standing: latest.and_then(|v| goal.standing(v)),
            trend: latest
                .zip(previous)
                .map(|(now, before)| goal.trend(now, before)),
            conflicts: self.conflicts(obj, &fields, &member),
            unit,
            direction,
            band,
            baseline,
            target,
            amber,
            measurements,
            history,
            id,
        })
    }

    /// Every figure of an indicator that its entering partner's device
    /// wrote, oldest first.
    fn measurements(&self, id: &str, obj: &ObjId, maker: &Rule) -> Vec<MeasurementView> {
        let map = self.map(obj, "measurements", maker);
        self.items(map, |_| Rule::Member)
            .into_iter()
            .filter_map(|(mid, m)| {
                let by = self
                    .trust
                    .owner_at(&[INDICATORS, id, "measurements", &mid])?
                    .to_owned();
                let own = Rule::Partner(by.clone());
                let period = Period::parse(&self.text(&m, "period", &own)).ok()?;
                let value = match self.scalar(&m, "value", &own)? {
                    ScalarValue::F64(v) => v,
                    ScalarValue::Int(v) => v as f64,
                    _ => return None,
                };
                Some(MeasurementView {
                    status: self.text(&m, "status", &own).parse().ok()?,
                    note: self.text(&m, "note", &own),
                    at: self.time(&m, "at", &own).map(format_ms),
                    start: period.start.to_string(),
                    end: period.end.to_string(),
                    period: period.text,
                    value,
                    partner: by,
                    id: mid,
                })
            })
            .collect()
    }
}

/// The current figure of every period: the most final, then the latest
/// entered; ordered by period.
fn current(history: &[MeasurementView]) -> Vec<MeasurementView> {
    let mut best: Vec<MeasurementView> = Vec::new();
    for m in history {
        match best.iter_mut().find(|b| b.period == m.period) {
            Some(b) if m.status >= b.status => *b = m.clone(),
            Some(_) => {}
            None => best.push(m.clone()),
        }
    }
    best.sort_by(|a, b| (&a.start, &a.end, &a.period).cmp(&(&b.start, &b.end, &b.period)));
    best
}

/// What an indicator aims for.
struct Goal {
    direction: Direction,
    band: Option<(f64, f64)>,
    target: Option<f64>,
    amber: Option<f64>,
    baseline: Option<f64>,
}

impl Goal {
    /// How far `value` is from the goal, in the indicator's unit: 0 on
    /// target, more the worse.
    fn shortfall(&self, value: f64) -> Option<f64> {
        match self.direction {
            Direction::Higher => self.target.map(|t| (t - value).max(0.0)),
            Direction::Lower => self.target.map(|t| (value - t).max(0.0)),
            Direction::Band => self
                .band
                .map(|(low, high)| (low - value).max(value - high).max(0.0)),
        }
    }

    /// Green on target; orange within the amber threshold (or, without one,
    /// better than the baseline); red otherwise.
    fn standing(&self, value: f64) -> Option<Standing> {
        let short = self.shortfall(value)?;
        if short <= 0.0 {
            return Some(Standing::Green);
        }
        let amber = match (self.amber, self.direction) {
            (Some(amber), Direction::Band) => short <= amber,
            (Some(amber), Direction::Higher) => value >= amber,
            (Some(amber), Direction::Lower) => value <= amber,
            (None, _) => self
                .baseline
                .and_then(|b| self.shortfall(b))
                .is_some_and(|from| short < from),
        };
        Some(if amber {
            Standing::Orange
        } else {
            Standing::Red
        })
    }

    /// Better, the same or worse than the figure before.
    fn trend(&self, now: f64, before: f64) -> Trend {
        let order = match self.direction {
            Direction::Higher => now.partial_cmp(&before),
            Direction::Lower => before.partial_cmp(&now),
            Direction::Band => {
                let (a, b) = (self.shortfall(now), self.shortfall(before));
                b.partial_cmp(&a)
            }
        };
        match order {
            Some(Ordering::Greater) => Trend::Better,
            Some(Ordering::Less) => Trend::Worse,
            _ => Trend::Same,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(direction: Direction, target: f64, amber: Option<f64>) -> Goal {
        Goal {
            direction,
            band: Some((4.0, 6.0)),
            target: Some(target),
            amber,
            baseline: Some(20.0),
        }
    }

    #[test]
    fn the_latest_figure_stands_against_the_target() {
        let lower = goal(Direction::Lower, 10.0, Some(14.0));
        assert_eq!(lower.standing(9.5), Some(Standing::Green));
        assert_eq!(lower.standing(12.0), Some(Standing::Orange));
        assert_eq!(lower.standing(15.0), Some(Standing::Red));
        let no_amber = goal(Direction::Lower, 10.0, None);
        assert_eq!(
            no_amber.standing(15.0),
            Some(Standing::Orange),
            "better than the baseline"
        );
        assert_eq!(no_amber.standing(21.0), Some(Standing::Red));
        let higher = goal(Direction::Higher, 80.0, None);
        assert_eq!(higher.standing(85.0), Some(Standing::Green));
        let band = goal(Direction::Band, 0.0, Some(1.0));
        assert_eq!(band.standing(5.0), Some(Standing::Green));
        assert_eq!(band.standing(6.5), Some(Standing::Orange));
        assert_eq!(band.standing(9.0), Some(Standing::Red));
        assert_eq!(lower.trend(11.0, 12.0), Trend::Better);
        assert_eq!(higher.trend(70.0, 72.0), Trend::Worse);
        assert_eq!(band.trend(6.5, 8.0), Trend::Better);
    }
}
