//! The line chart of an indicator, laid out once for every place that draws
//! it (the window and the PDF): each current figure placed on a time axis
//! by the middle of its period, the baseline and the target as horizontal
//! lines, and the ticks of both axes. Positions run from 0 to 1 (x from the
//! left, y from the bottom); the drawing side only scales them.

use jiff::civil::Date;
use serde::Serialize;

use super::kinds::{Direction, MeasurementStatus};
use super::values::dutch;
use super::view::IndicatorView;

/// An indicator's chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// The current figures, oldest period first.
    pub points: Vec<ChartPoint>,
    /// The baseline, when the indicator has one.
    pub baseline: Option<ChartLine>,
    /// The target, when the indicator has one.
    pub target: Option<ChartLine>,
    /// The band's lower and upper bound, for a direction "band".
    pub band: Option<(f64, f64)>,
    /// The value axis: position and label, bottom up.
    pub y_ticks: Vec<Tick>,
    /// The time axis: the periods, at their points.
    pub x_ticks: Vec<Tick>,
}

/// One figure in a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartPoint {
    /// From the left, 0 to 1.
    pub x: f64,
    /// From the bottom, 0 to 1.
    pub y: f64,
    /// Not final yet (voorlopig or nader voorlopig): drawn hollow.
    pub provisional: bool,
    /// The value as Dutch text ("12,5").
    pub label: String,
}

/// A horizontal line: the baseline or the target. The drawing side names
/// it, in its language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartLine {
    /// From the bottom, 0 to 1.
    pub y: f64,
    /// The value as Dutch text ("8,5").
    pub value: String,
    /// The baseline's period or the target's date (`YYYY-MM-DD`), if any.
    pub when: String,
}

/// A labelled position on an axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tick {
    /// Along the axis, 0 to 1.
    pub at: f64,
    /// Its text.
    pub label: String,
}

/// The chart of `indicator`, or `None` when it has no figures yet.
pub fn chart(indicator: &IndicatorView) -> Option<Chart> {
    let figures: Vec<(f64, f64, bool)> = indicator
        .measurements
        .iter()
        .filter_map(|m| {
            let middle = middle(&m.start, &m.end)?;
            Some((middle, m.value, m.status != MeasurementStatus::Final))
        })
        .collect();
    if figures.is_empty() {
        return None;
    }
    let mut values: Vec<f64> = figures.iter().map(|f| f.1).collect();
    values.extend(indicator.baseline);
    values.extend(indicator.target);
    if indicator.direction == Direction::Band
        && let Some((low, high)) = indicator.band
    {
        values.extend([low, high]);
    }
    let axis = ValueAxis::around(&values);
    let (first, last) = (figures[0].0, figures[figures.len() - 1].0);
    let x = |day: f64| {
        if last > first {
            0.05 + 0.9 * (day - first) / (last - first)
        } else {
            0.5
        }
    };
    Some(Chart {
        points: figures
            .iter()
            .map(|&(day, value, provisional)| ChartPoint {
                x: x(day),
                y: axis.place(value),
                provisional,
                label: dutch(value),
            })
            .collect(),
        baseline: indicator.baseline.map(|value| ChartLine {
            y: axis.place(value),
            value: dutch(value),
            when: indicator.baseline_period.clone(),
        }),
        target: indicator.target.map(|value| ChartLine {
            y: axis.place(value),
            value: dutch(value),
            when: indicator.target_date.clone(),
        }),
        band: indicator
            .band
            .filter(|_| indicator.direction == Direction::Band)
            .map(|(low, high)| (axis.place(low), axis.place(high))),
        y_ticks: axis.ticks(),
        x_ticks: indicator
            .measurements
            .iter()
            .zip(&figures)
            .map(|(m, &(day, _, _))| Tick {
                at: x(day),
                label: m.period.clone(),
            })
            .collect(),
    })
}

/// The middle of a period, in days since the start of the era.
fn middle(start: &str, end: &str) -> Option<f64> {
    let day = |text: &str| -> Option<f64> {
        let date: Date = text.parse().ok()?;
        let days = date.since(Date::constant(1, 1, 1)).ok()?.get_days();
        Some(f64::from(days))
    };
    Some((day(start)? + day(end)?) / 2.0)
}

/// The range of the value axis, widened to round tick values.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ValueAxis {
    low: f64,
    high: f64,
    step: f64,
}

impl ValueAxis {
    /// An axis that holds every value in `values` (not empty) with four to
    /// eight ticks at round values.
    fn around(values: &[f64]) -> ValueAxis {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let span = if max > min {
            max - min
        } else {
            max.abs().max(1.0)
        };
        let step = round_step(span / 5.0);
        // A quarter step of room, so that no line runs along an edge; but
        // an axis of figures that cannot be negative stops at zero.
        let room = step / 4.0;
        let mut low = ((min - room) / step).floor() * step;
        if min >= 0.0 {
            low = low.max(0.0);
        }
        let mut high = ((max + room) / step).ceil() * step;
        if high - low < step * 2.0 {
            low -= step;
            high += step;
        }
        ValueAxis { low, high, step }
    }

    /// Where `value` sits, 0 at the bottom and 1 at the top.
    fn place(&self, value: f64) -> f64 {
        ((value - self.low) / (self.high - self.low)).clamp(0.0, 1.0)
    }

    /// The ticks from bottom to top.
    fn ticks(&self) -> Vec<Tick> {
        let count = ((self.high - self.low) / self.step).round() as usize;
        (0..=count)
            .map(|i| {
                let value = self.low + self.step * i as f64;
                // Round away the float noise of repeated additions.
                let value = (value / self.step).round() * self.step;
                Tick {
                    at: self.place(value),
                    label: dutch(value),
                }
            })
            .collect()
    }
}

/// The round number (1, 2 or 5 times a power of ten) nearest above `raw`.
fn round_step(raw: f64) -> f64 {
    let power = 10f64.powf(raw.log10().floor());
    let scaled = raw / power;
    let nice = if scaled <= 1.0 {
        1.0
    } else if scaled <= 2.0 {
        2.0
    } else if scaled <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_axis_holds_every_value_at_round_ticks() {
        let axis = ValueAxis::around(&[12.4, 9.8, 8.0, 14.0]);
        assert!(axis.low <= 8.0 && axis.high >= 14.0, "{axis:?}");
        assert_eq!(axis.step, 2.0);
        let labels: Vec<String> = axis.ticks().into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["6", "8", "10", "12", "14", "16"]);
        let flat = ValueAxis::around(&[5.0]);
        assert!(flat.low < 5.0 && flat.high > 5.0, "{flat:?}");
        let tiny = ValueAxis::around(&[0.21, 0.25]);
        assert!(tiny.step < 0.05, "{tiny:?}");
        assert_eq!(round_step(0.7), 1.0);
        assert_eq!(round_step(3.0), 5.0);
        assert_eq!(round_step(140.0), 200.0);
    }

    #[test]
    fn periods_sit_at_their_middle_in_time() {
        let q1 = middle("2026-01-01", "2026-03-31").unwrap_or_default();
        let q2 = middle("2026-04-01", "2026-06-30").unwrap_or_default();
        let q4 = middle("2026-10-01", "2026-12-31").unwrap_or_default();
        assert!(q1 < q2 && q2 < q4);
        assert!(
            ((q4 - q2) - 2.0 * (q2 - q1)).abs() < 3.0,
            "a gap stays a gap"
        );
        assert_eq!(middle("not a date", "2026-01-01"), None);
    }
}
