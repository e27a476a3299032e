//! Reading a CSV file as people make one: a header row naming the columns
//! (in English or Dutch), separated by commas or, as Dutch spreadsheets
//! write them, semicolons. Each importer gives its columns and turns a row
//! into what it imports; every bad line is named with its number, and the
//! importer imports nothing unless every row is good.

use std::collections::HashMap;

/// One problem with the file: where, and what.
#[derive(Debug)]
pub struct CsvProblem {
    /// The line of the file (1 is the header).
    pub line: u64,
    /// What is wrong.
    pub fault: CsvFault,
}

/// What is wrong with a line of the file.
#[derive(Debug, thiserror::Error)]
pub enum CsvFault {
    /// The line cannot be read as CSV.
    #[error("unreadable row ({0})")]
    Unreadable(String),
    /// The header lacks needed columns.
    #[error("the header lacks the column(s) {}", .0.join(", "))]
    MissingColumns(Vec<&'static str>),
    /// There are no rows under the header.
    #[error("the file has no rows under its header")]
    NoRows,
    /// A cell is not one of the allowed values.
    #[error(transparent)]
    Value(#[from] super::UnknownValue),
    /// The row breaks a rule.
    #[error(transparent)]
    Rule(#[from] Box<super::ModelError>),
}

/// The columns an importer reads: each key with the header names it goes
/// by, and the keys a file must have.
pub struct Columns {
    /// Key → the names a header may give it.
    pub known: &'static [(&'static str, &'static [&'static str])],
    /// The keys every file needs.
    pub required: &'static [&'static str],
}

/// One row: its cells by column key.
pub struct Row<'a> {
    columns: &'a HashMap<&'static str, usize>,
    record: csv::StringRecord,
}

impl Row<'_> {
    /// The cell of column `key`, trimmed; empty when the file has no such
    /// column.
    pub fn cell(&self, key: &str) -> String {
        self.columns
            .get(key)
            .and_then(|i| self.record.get(*i))
            .unwrap_or_default()
            .trim()
            .to_owned()
    }
}

/// Reads `bytes` and turns each row into a `T` with `row`; returns every
/// `T` with its line number, or every problem found.
pub fn read_rows<T>(
    bytes: &[u8],
    columns: &Columns,
    row: impl Fn(&Row<'_>) -> Result<T, CsvFault>,
) -> Result<Vec<(u64, T)>, Vec<CsvProblem>> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let index = header(&mut reader, columns).map_err(|p| vec![p])?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let (line, result) = match record {
            Ok(record) => {
                let line = record.position().map_or(0, csv::Position::line);
                (
                    line,
                    row(&Row {
                        columns: &index,
                        record,
                    }),
                )
            }
            Err(error) => (
                error.position().map_or(0, csv::Position::line),
                Err(CsvFault::Unreadable(error.to_string())),
            ),
        };
        match result {
            Ok(value) => rows.push((line, value)),
            Err(fault) => problems.push(CsvProblem { line, fault }),
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(CsvProblem {
            line: 2,
            fault: CsvFault::NoRows,
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// The index of every known column, from the header row.
fn header(
    reader: &mut csv::Reader<&[u8]>,
    columns: &Columns,
) -> Result<HashMap<&'static str, usize>, CsvProblem> {
    let headers = reader.headers().map_err(|e| CsvProblem {
        line: 1,
        fault: CsvFault::Unreadable(e.to_string()),
    })?;
    let mut index = HashMap::new();
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim().to_lowercase();
        if let Some((key, _)) = columns
            .known
            .iter()
            .find(|(_, names)| names.contains(&name.as_str()))
        {
            index.insert(*key, i);
        }
    }
    let missing: Vec<&'static str> = columns
        .required
        .iter()
        .copied()
        .filter(|c| !index.contains_key(c))
        .collect();
    if missing.is_empty() {
        Ok(index)
    } else {
        Err(CsvProblem {
            line: 1,
            fault: CsvFault::MissingColumns(missing),
        })
    }
}
