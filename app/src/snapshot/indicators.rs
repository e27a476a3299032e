//! The indicators on the intended effects as a snapshot export shows them:
//! per indicator its baseline, latest figure, target, standing and trend,
//! with every current figure in the JSON.

use serde::Serialize;

use super::content::dutch_date;
use super::layout::{Block, Table, heading};
use crate::model::AllianceView;
use crate::model::kinds::Trend;
use crate::model::monitoring::chart::{self, Chart};
use crate::model::monitoring::kinds::{Direction, Standing, Unit};
use crate::model::monitoring::values::dutch;
use crate::model::monitoring::view::MeasurementView;

/// One indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorEntry {
    /// The effect it measures (its text).
    pub effect: String,
    /// Its name.
    pub name: String,
    /// The unit.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
    /// The baseline value and period.
    pub baseline: Option<f64>,
    /// The baseline's period.
    pub baseline_period: String,
    /// The target value.
    pub target: Option<f64>,
    /// The date the target is for, as Dutch documents write it.
    pub target_date_nl: String,
    /// Where the figures come from.
    pub source: String,
    /// The current figure per period.
    pub measurements: Vec<MeasurementView>,
    /// How the latest figure stands against the target.
    pub standing: Option<Standing>,
    /// Which way the latest figure went.
    pub trend: Option<Trend>,
    /// Its line chart, for the PDF (the JSON carries the figures instead).
    #[serde(skip)]
    pub chart: Option<Chart>,
}

/// The indicators of `view`.
pub fn entries(view: &AllianceView) -> Vec<IndicatorEntry> {
    view.indicators
        .iter()
        .map(|i| IndicatorEntry {
            effect: view
                .ambition
                .effects
                .iter()
                .find(|e| e.id == i.effect)
                .map_or_else(String::new, |e| e.text.clone()),
            name: i.name.clone(),
            unit: i.unit,
            direction: i.direction,
            baseline: i.baseline,
            baseline_period: i.baseline_period.clone(),
            target: i.target,
            target_date_nl: if i.target_date.is_empty() {
                String::new()
            } else {
                dutch_date(&i.target_date)
            },
            source: i.source.clone(),
            measurements: i.measurements.clone(),
            standing: i.standing,
            trend: i.trend,
            chart: chart::chart(i).map(|mut chart| {
                if let Some(target) = chart.target.as_mut() {
                    target.when = dutch_date(&target.when);
                }
                chart
            }),
        })
        .collect()
}

/// A figure with its unit, as the table prints it.
fn figure(value: Option<f64>, unit: Unit) -> String {
    let Some(value) = value else {
        return "—".to_owned();
    };
    match unit {
        Unit::Percent => format!("{} %", dutch(value)),
        Unit::PerThousand | Unit::PerTenThousand => format!("{} {}", dutch(value), unit.label_nl()),
        Unit::Count | Unit::Grade => dutch(value),
    }
}

/// The printed part, under the intended effects: one table per effect.
pub(super) fn blocks(entries: &[IndicatorEntry]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut effects: Vec<&str> = entries.iter().map(|e| e.effect.as_str()).collect();
    effects.dedup();
    for effect in effects {
        blocks.push(heading(2, format!("Indicatoren: {effect}")));
        let rows = entries
            .iter()
            .filter(|e| e.effect == effect)
            .map(|e| {
                let latest = e.measurements.last();
                vec![
                    e.name.clone(),
                    with_when(figure(e.baseline, e.unit), &e.baseline_period),
                    latest.map_or_else(
                        || "—".to_owned(),
                        |m| {
                            format!(
                                "{} ({}, {})",
                                figure(Some(m.value), e.unit),
                                m.period,
                                m.status.label_nl().to_lowercase()
                            )
                        },
                    ),
                    with_when(figure(e.target, e.unit), &e.target_date_nl),
                    e.standing.map_or("—", |s| s.label_nl()).to_owned(),
                    e.trend.map_or("—", |t| t.label_nl()).to_owned(),
                    or_dash(&e.source),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: [
                "Indicator",
                "Basis",
                "Laatste",
                "Streefwaarde",
                "Stand",
                "Trend",
                "Bron",
            ]
            .map(str::to_owned)
            .to_vec(),
            widths: vec![1.8, 1.0, 1.4, 1.3, 0.8, 0.7, 1.4],
            rows,
            compact: true,
        }));
        blocks.extend(
            entries
                .iter()
                .filter(|e| e.effect == effect)
                .filter_map(|e| {
                    Some(Block::Chart {
                        title: format!("{} ({})", e.name, e.unit.label_nl()),
                        chart: e.chart.clone()?,
                    })
                }),
        );
    }
    blocks
}

/// A figure with its period or date in brackets, when it has one.
fn with_when(figure: String, when: &str) -> String {
    if when.is_empty() {
        figure
    } else {
        format!("{figure} ({when})")
    }
}

fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "—".to_owned()
    } else {
        text.to_owned()
    }
}
