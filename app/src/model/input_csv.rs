//! Reading input collected on paper or in a survey tool from a CSV file:
//! a header row naming the columns (`kind`, `text`, `role`, and optionally
//! `signing` and `name`, or their Dutch names), separated by commas or, as
//! Dutch spreadsheets write them, semicolons. Every bad row is named with
//! its line number; the caller imports nothing unless every row is good.

use std::collections::HashMap;

use super::input::NewInput;
use super::kinds::{InputKind, InputRole, Signing};

/// The column names, English and Dutch.
const COLUMNS: [(&str, &[&str]); 5] = [
    ("kind", &["kind", "soort"]),
    ("text", &["text", "tekst"]),
    ("role", &["role", "rol"]),
    ("signing", &["signing", "ondertekening"]),
    ("name", &["name", "naam"]),
];

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
    /// The row breaks a rule of input.
    #[error(transparent)]
    Rule(#[from] Box<super::ModelError>),
}

/// Reads every row of `bytes`; returns them all, or every problem found.
/// A row without a `signing` is anonymous.
pub fn read_inputs(bytes: &[u8]) -> Result<Vec<NewInput>, Vec<CsvProblem>> {
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
    let columns = match header(&mut reader) {
        Ok(columns) => columns,
        Err(problem) => return Err(vec![problem]),
    };
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                problems.push(CsvProblem {
                    line,
                    fault: CsvFault::Unreadable(error.to_string()),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        match row(&columns, &record) {
            Ok(input) => inputs.push(input),
            Err(fault) => problems.push(CsvProblem { line, fault }),
        }
    }
    if inputs.is_empty() && problems.is_empty() {
        problems.push(CsvProblem {
            line: 2,
            fault: CsvFault::NoRows,
        });
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(problems)
    }
}

/// The index of every known column, from the header row.
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
    let missing: Vec<&str> = ["kind", "text", "role"]
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

/// One row as new input.
fn row(columns: &HashMap<&str, usize>, record: &csv::StringRecord) -> Result<NewInput, CsvFault> {
    let cell = |name: &str| {
        columns
            .get(name)
            .and_then(|i| record.get(*i))
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let kind: InputKind = cell("kind").parse()?;
    let role: InputRole = cell("role").parse()?;
    let signing = match cell("signing").as_str() {
        "" => Signing::Anonymous,
        other => other.parse()?,
    };
    let input = NewInput {
        kind,
        text: cell("text"),
        role,
        signing,
        name: cell("name"),
    };
    input.check().map_err(Box::new)?;
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::super::ModelError;
    use super::*;

    #[test]
    fn a_dutch_spreadsheet_with_semicolons_is_read() {
        let file = "Soort;Tekst;Rol;Ondertekening\nknelpunt;Wachtlijst van zes weken;cliënt;\nidee;\"Eén loket; voor alles\";Professional;alleen rol\n";
        let inputs = read_inputs(file.as_bytes()).expect("read");
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[0].kind, InputKind::Bottleneck);
        assert_eq!(inputs[0].role, InputRole::Client);
        assert_eq!(inputs[0].signing, Signing::Anonymous);
        assert_eq!(inputs[1].text, "Eén loket; voor alles");
        assert_eq!(inputs[1].signing, Signing::RoleOnly);
    }

    #[test]
    fn every_bad_row_is_named_by_its_line() {
        let file = "kind,text,role,signing,name\nidea,Goed,professional,,\nklacht,Fout soort,professional,,\nidea,,manager,,\nidea,Naam,client,named,Jan Jansen\n";
        let problems = read_inputs(file.as_bytes()).expect_err("bad rows");
        let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 5], "{problems:?}");
        assert!(
            problems[0].fault.to_string().contains("bottleneck, idea"),
            "{problems:?}"
        );
        assert!(matches!(
            problems[2].fault,
            CsvFault::Rule(ref error) if matches!(**error, ModelError::ClientNamed)
        ));
    }

    #[test]
    fn a_header_without_the_needed_columns_is_refused() {
        let problems = read_inputs(b"text\nIets\n").expect_err("no kind");
        assert_eq!(problems[0].line, 1);
        assert!(
            problems[0].fault.to_string().contains("kind, role"),
            "{problems:?}"
        );
        assert!(
            matches!(&problems[0].fault, CsvFault::MissingColumns(c) if c == &["kind", "role"])
        );
        assert!(read_inputs(b"kind,text,role\n").is_err(), "no rows");
    }
}
