//! Reading measurements from a CSV file (`csv_table.rs`): the columns
//! `period` and `value` (optionally `status` and `note`; or `periode`,
//! `waarde`, `toelichting`); the Dutch decimal comma is accepted (quote it
//! when the columns are separated by commas). Every bad row is named with
//! its line number; nothing is imported unless every row is good.

use super::kinds::MeasurementStatus;
use super::measurement::NewMeasurement;
use crate::model::Alliance;
use crate::model::csv_table::{Columns, CsvFault, CsvProblem, Row, read_rows};

const COLUMNS: Columns = Columns {
    known: &[
        ("period", &["period", "periode"]),
        ("value", &["value", "waarde"]),
        ("status", &["status"]),
        ("note", &["note", "toelichting"]),
    ],
    required: &["period", "value"],
};

/// Reads every row of `bytes` and checks it against indicator `query` of
/// `alliance`; returns the rows, or every problem found.
pub fn read_measurements(
    alliance: &Alliance,
    query: &str,
    bytes: &[u8],
) -> Result<Vec<NewMeasurement>, Vec<CsvProblem>> {
    let unit = alliance
        .find_indicator(query)
        .map_err(|error| {
            vec![CsvProblem {
                line: 0,
                fault: CsvFault::Rule(Box::new(error)),
            }]
        })?
        .2
        .unit;
    let checked = |r: &Row<'_>| {
        let m = row(r)?;
        m.check(unit).map_err(Box::new)?;
        crate::model::privacy::check_texts(&[&m.note], alliance.confirmed()).map_err(Box::new)?;
        Ok(m)
    };
    let rows = read_rows(bytes, &COLUMNS, checked)?;
    Ok(rows.into_iter().map(|(_, m)| m).collect())
}

fn row(row: &Row<'_>) -> Result<NewMeasurement, CsvFault> {
    let status = match row.cell("status").as_str() {
        "" => MeasurementStatus::Provisional,
        other => other.parse()?,
    };
    Ok(NewMeasurement {
        period: row.cell("period"),
        value: row.cell("value"),
        status,
        note: row.cell("note"),
    })
}
