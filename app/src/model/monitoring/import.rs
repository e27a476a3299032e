//! Reading measurements from a CSV file: a header row naming `period` and
//! `value` (optionally `status` and `note`; or `periode`, `waarde`,
//! `status`, `toelichting`), separated by commas or semicolons; the Dutch
//! decimal comma is accepted (quote it when the columns are separated by
//! commas). Every bad row is named with its line number; nothing is
//! imported unless every row is good.

use std::collections::HashMap;

use super::kinds::MeasurementStatus;
use super::measurement::NewMeasurement;
use crate::model::Alliance;
use crate::model::input_csv::{CsvFault, CsvProblem};

const COLUMNS: [(&str, &[&str]); 4] = [
    ("period", &["period", "periode"]),
    ("value", &["value", "waarde"]),
    ("status", &["status"]),
    ("note", &["note", "toelichting"]),
];

/// Reads every row of `bytes` and checks it against indicator `query` of
/// `alliance`; returns the rows, or every problem found.
pub fn read_measurements(
    alliance: &Alliance,
    query: &str,
    bytes: &[u8],
) -> Result<Vec<NewMeasurement>, Vec<CsvProblem>> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let columns = header(&mut reader).map_err(|p| vec![p])?;
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, csv::Position::line);
                match row(&columns, &record) {
                    Ok(row) => {
                        rows.push(row);
                        lines.push(line);
                    }
                    Err(fault) => problems.push(CsvProblem { line, fault }),
                }
            }
            Err(error) => problems.push(CsvProblem {
                line: error.position().map_or(0, csv::Position::line),
                fault: CsvFault::Unreadable(error.to_string()),
            }),
        }
    }
    match alliance.check_measurements(query, &rows) {
        Ok(checked) => {
            for (line, result) in lines.iter().zip(checked) {
                if let Err(error) = result {
                    problems.push(CsvProblem {
                        line: *line,
                        fault: CsvFault::Rule(Box::new(error)),
                    });
                }
            }
        }
        Err(error) => problems.push(CsvProblem {
            line: 0,
            fault: CsvFault::Rule(Box::new(error)),
        }),
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(CsvProblem {
            line: 2,
            fault: CsvFault::NoRows,
        });
    }
    problems.sort_by_key(|p| p.line);
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn header(reader: &mut csv::Reader<&[u8]>) -> Result<HashMap<&'static str, usize>, CsvProblem> {
    let headers = reader.headers().map_err(|e| CsvProblem {
        line: 1,
        fault: CsvFault::Unreadable(e.to_string()),
    })?;
    let mut columns = HashMap::new();
    for (index, name) in headers.iter().enumerate() {
        let name = name.trim().to_lowercase();
        if let Some((key, _)) = COLUMNS
            .iter()
            .find(|(_, names)| names.contains(&name.as_str()))
        {
            columns.insert(*key, index);
        }
    }
    let missing: Vec<&'static str> = ["period", "value"]
        .into_iter()
        .filter(|c| !columns.contains_key(c))
        .collect();
    if missing.is_empty() {
        Ok(columns)
    } else {
        Err(CsvProblem {
            line: 1,
            fault: CsvFault::MissingColumns(missing),
        })
    }
}

fn row(
    columns: &HashMap<&str, usize>,
    record: &csv::StringRecord,
) -> Result<NewMeasurement, CsvFault> {
    let cell = |name: &str| {
        columns
            .get(name)
            .and_then(|i| record.get(*i))
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let status = match cell("status").as_str() {
        "" => MeasurementStatus::Provisional,
        other => other.parse()?,
    };
    Ok(NewMeasurement {
        period: cell("period"),
        value: cell("value"),
        status,
        note: cell("note"),
    })
}
