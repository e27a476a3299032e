//! `indicator` and `measurement`: indicators on the intended effects and
//! their figures.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::alliance::partner_names;
use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::AllianceView;
use crate::model::monitoring::catalogue::{self, CATALOGUE};
use crate::model::monitoring::import::read_measurements;
use crate::model::monitoring::indicator::IndicatorEdit;
use crate::model::monitoring::kinds::{Direction, Level, MeasurementStatus, Unit};
use crate::model::monitoring::measurement::NewMeasurement;
use crate::model::monitoring::values::dutch;
use crate::model::monitoring::view::IndicatorView;

#[derive(Debug, Subcommand)]
pub(super) enum IndicatorCommand {
    /// Add an indicator to an intended effect; prints its id.
    Add {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The effect it measures (id or unique prefix).
        #[arg(long, value_name = "EFFECT")]
        effect: String,
        #[command(flatten)]
        fields: IndicatorFields,
        /// Start from a catalogue indicator (see `indicator catalogue`); the
        /// other options change its fields.
        #[arg(long, value_name = "KEY")]
        from_catalogue: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Change an indicator; fields not given stay as they are.
    Edit {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Indicator id or unique prefix.
        indicator: String,
        /// Move it to another effect (id or unique prefix).
        #[arg(long, value_name = "EFFECT")]
        effect: Option<String>,
        #[command(flatten)]
        fields: IndicatorFields,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List the indicators with their latest figure against the target.
    List {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// The common indicators of the social domain to start from.
    Catalogue {
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// An indicator's fields on the command line.
#[derive(Debug, Args)]
pub(super) struct IndicatorFields {
    /// Its name.
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// percent, per-1000, per-10000, count or grade.
    #[arg(long, value_name = "UNIT")]
    unit: Option<Unit>,
    /// higher, lower or band (which way is better).
    #[arg(long, value_name = "DIRECTION")]
    direction: Option<Direction>,
    /// output, outcome or impact.
    #[arg(long, value_name = "LEVEL")]
    level: Option<Level>,
    /// Numerator and denominator, in words.
    #[arg(long, value_name = "TEXT")]
    definition: Option<String>,
    /// The baseline value (12,5 or 12.5).
    #[arg(
        long,
        value_name = "VALUE",
        requires = "baseline_period",
        allow_hyphen_values = true
    )]
    baseline: Option<String>,
    /// The baseline's period: 2025, 2025-Q4, 2025-12.
    #[arg(long, value_name = "PERIOD", requires = "baseline")]
    baseline_period: Option<String>,
    /// The target value.
    #[arg(
        long,
        value_name = "VALUE",
        requires = "target_date",
        allow_hyphen_values = true
    )]
    target: Option<String>,
    /// The date the target is for: 2027-12-31 or 31-12-2027.
    #[arg(long, value_name = "DATE", requires = "target")]
    target_date: Option<String>,
    /// The amber threshold: between it and the target reads orange.
    #[arg(long, value_name = "VALUE", allow_hyphen_values = true)]
    amber: Option<String>,
    /// The band's lower bound, for direction band.
    #[arg(
        long,
        value_name = "VALUE",
        requires = "band_high",
        allow_hyphen_values = true
    )]
    band_low: Option<String>,
    /// The band's upper bound, for direction band.
    #[arg(
        long,
        value_name = "VALUE",
        requires = "band_low",
        allow_hyphen_values = true
    )]
    band_high: Option<String>,
    /// Where the figures come from (CBS, waarstaatjegemeente.nl, a partner's
    /// registration).
    #[arg(long, value_name = "TEXT")]
    source: Option<String>,
    /// A link to the source.
    #[arg(long, value_name = "URL")]
    source_url: Option<String>,
    /// The partner that keeps it up to date (id, prefix or name).
    #[arg(long, value_name = "PARTNER")]
    owner: Option<String>,
    /// How often it is measured ("per kwartaal").
    #[arg(long, value_name = "TEXT")]
    frequency: Option<String>,
    /// What it stands in for, when it is a proxy.
    #[arg(long, value_name = "TEXT")]
    proxy_for: Option<String>,
}

impl IndicatorFields {
    fn edit(self, effect: Option<String>) -> IndicatorEdit {
        IndicatorEdit {
            effect,
            name: self.name,
            definition: self.definition,
            unit: self.unit,
            level: self.level,
            direction: self.direction,
            band: self.band_low.zip(self.band_high),
            baseline: self.baseline.zip(self.baseline_period),
            target: self.target.zip(self.target_date),
            amber: self.amber,
            source: self.source,
            source_url: self.source_url,
            owner: self.owner,
            frequency: self.frequency,
            proxy_for: self.proxy_for,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(super) enum MeasurementCommand {
    /// Record a figure of an indicator; prints its id. A later, more final
    /// figure for the same period replaces this one; both stay in the
    /// history.
    Add {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Indicator id or unique prefix.
        indicator: String,
        /// 2026, 2026-Q3, 2026-07 or 2026-01-01..2026-06-30.
        #[arg(long, value_name = "PERIOD")]
        period: String,
        /// The figure: 12,5 or 12.5. Aggregates only.
        #[arg(long, value_name = "VALUE", allow_hyphen_values = true)]
        value: String,
        /// voorlopig, nader-voorlopig or definitief.
        #[arg(long, value_name = "STATUS", default_value = "voorlopig")]
        status: MeasurementStatus,
        /// A short explanation.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Import figures from a CSV file (columns period and value, optionally
    /// status and note; the Dutch decimal comma accepted): all rows, or none
    /// when one is bad.
    Import {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Indicator id or unique prefix.
        indicator: String,
        /// The CSV file.
        file: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List the figures of an indicator: the current one per period, and
    /// the history.
    List {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Indicator id or unique prefix.
        indicator: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// The `--json` answer of an addition.
#[derive(Serialize)]
struct Added {
    ids: Vec<String>,
}

pub(super) fn run_indicator(workspace: &mut Workspace, command: IndicatorCommand) -> Result<()> {
    match command {
        IndicatorCommand::Add {
            alliance,
            effect,
            fields,
            from_catalogue,
            json,
        } => {
            let mut edit = fields.edit(Some(effect));
            if let Some(key) = from_catalogue {
                let Some(entry) = catalogue::entry(&key) else {
                    let keys: Vec<&str> = CATALOGUE.iter().map(|e| e.key).collect();
                    bail!(
                        "no catalogue indicator {key:?}; choose one of: {}",
                        keys.join(", ")
                    );
                };
                edit = entry.with(edit);
            }
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.add_indicator(&author, &edit)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&serde_json::json!({ "id": id }));
            }
            println!("Added indicator: {id}");
        }
        IndicatorCommand::Edit {
            alliance,
            indicator,
            effect,
            fields,
            json,
        } => {
            let edit = fields.edit(effect);
            if edit == IndicatorEdit::default() {
                bail!("nothing to change: give at least one field, such as --name or --target");
            }
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.edit_indicator(&author, &indicator, &edit)?;
            output::save(workspace, &mut alliance)?;
            let view = alliance.view();
            let found = view
                .indicators
                .iter()
                .find(|i| i.id.starts_with(indicator.trim()));
            if json.json {
                return print_json(&found);
            }
            println!("Saved indicator {indicator}");
        }
        IndicatorCommand::List { alliance, json } => {
            let view = output::find(workspace, &alliance)?.view();
            if json.json {
                return print_json(&view.indicators);
            }
            print_indicators(&view);
        }
        IndicatorCommand::Catalogue { json } => {
            if json.json {
                let entries: Vec<serde_json::Value> = CATALOGUE
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "key": e.key, "name": e.name, "definition": e.definition,
                            "unit": e.unit, "direction": e.direction, "level": e.level,
                            "source": e.source, "source_url": e.source_url,
                        })
                    })
                    .collect();
                return print_json(&entries);
            }
            for e in CATALOGUE {
                println!("{:<18} {} ({}, {})", e.key, e.name, e.unit, e.direction);
            }
        }
    }
    Ok(())
}

pub(super) fn run_measurement(
    workspace: &mut Workspace,
    command: MeasurementCommand,
) -> Result<()> {
    match command {
        MeasurementCommand::Add {
            alliance,
            indicator,
            period,
            value,
            status,
            note,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let new = NewMeasurement {
                period,
                value,
                status,
                note,
            };
            let ids = alliance.add_measurements(&author, &indicator, &[new])?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&serde_json::json!({ "id": ids.first() }));
            }
            println!(
                "Added measurement: {}",
                ids.first().map_or("", String::as_str)
            );
        }
        MeasurementCommand::Import {
            alliance,
            indicator,
            file,
            json,
        } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let rows = match read_measurements(&alliance, &indicator, &bytes) {
                Ok(rows) => rows,
                Err(problems) => {
                    for p in &problems {
                        eprintln!("{}: line {}: {}", file.display(), p.line, p.fault);
                    }
                    bail!(
                        "nothing imported: {} bad row(s) in {}",
                        problems.len(),
                        file.display()
                    );
                }
            };
            let ids = alliance.add_measurements(&author, &indicator, &rows)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&Added { ids });
            }
            println!("Imported {} measurement(s)", ids.len());
        }
        MeasurementCommand::List {
            alliance,
            indicator,
            json,
        } => {
            let alliance = output::find(workspace, &alliance)?;
            let (_, _, found) = alliance.find_indicator(&indicator)?;
            if json.json {
                return print_json(&serde_json::json!({
                    "measurements": found.measurements,
                    "history": found.history,
                }));
            }
            println!("{}", found.name);
            for m in &found.measurements {
                println!(
                    "  {:<24} {:>8}  {}  {}",
                    m.period,
                    dutch(m.value),
                    m.status,
                    m.note
                );
            }
            let replaced = found.history.len() - found.measurements.len();
            if replaced > 0 {
                println!(
                    "  ({replaced} earlier figure(s) replaced by more final ones; see --json)"
                );
            }
        }
    }
    Ok(())
}

fn print_indicators(view: &AllianceView) {
    let names = partner_names(view);
    if view.indicators.is_empty() {
        println!("No indicators yet.");
    }
    for i in &view.indicators {
        println!("{}  {} [{}; {}]", i.id, i.name, i.unit, i.direction);
        println!("    {}", line(i, &names));
    }
}

/// Baseline, latest, target and standing in one line.
fn line(i: &IndicatorView, names: &std::collections::HashMap<String, String>) -> String {
    let figure = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), dutch);
    let latest = i.measurements.last();
    let owner = names.get(&i.owner).map_or(i.owner.as_str(), String::as_str);
    format!(
        "baseline {} ({}) · latest {} ({}) · target {} by {} · {} · {} · kept by {}",
        figure(i.baseline),
        i.baseline_period,
        figure(latest.map(|m| m.value)),
        latest.map_or("—", |m| m.period.as_str()),
        figure(i.target),
        if i.target_date.is_empty() {
            "—"
        } else {
            &i.target_date
        },
        i.standing.map_or("no standing", |s| s.slug()),
        i.trend.map_or("no trend", |t| t.slug()),
        if owner.is_empty() { "—" } else { owner },
    )
}
