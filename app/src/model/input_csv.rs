//! Reading input collected on paper or in a survey tool from a CSV file
//! (`csv_table.rs`): the columns `kind`, `text`, `role`, and optionally
//! `signing` and `name`, or their Dutch names. Every bad row is named with
//! its line number; the caller imports nothing unless every row is good.

use super::csv_table::{Columns, Row, read_rows};
pub use super::csv_table::{CsvFault, CsvProblem};
use super::input::NewInput;
use super::kinds::{InputKind, InputRole, Signing};
use super::privacy::{Confirmed, check_texts};

/// The columns, English and Dutch.
const COLUMNS: Columns = Columns {
    known: &[
        ("kind", &["kind", "soort"]),
        ("text", &["text", "tekst"]),
        ("role", &["role", "rol"]),
        ("signing", &["signing", "ondertekening"]),
        ("name", &["name", "naam"]),
    ],
    required: &["kind", "text", "role"],
};

/// Reads every row of `bytes`; returns them all, or every problem found
/// (a row with a citizen service number, or with likely personal data that
/// `confirmed` does not cover, is one). A row without a `signing` is
/// anonymous.
pub fn read_inputs(bytes: &[u8], confirmed: &Confirmed) -> Result<Vec<NewInput>, Vec<CsvProblem>> {
    let checked = |r: &Row<'_>| {
        let input = row(r)?;
        check_texts(&[&input.text, &input.name], confirmed).map_err(Box::new)?;
        Ok(input)
    };
    read_rows(bytes, &COLUMNS, checked)
        .map(|rows| rows.into_iter().map(|(_, input)| input).collect())
}

/// One row as new input.
fn row(row: &Row<'_>) -> Result<NewInput, CsvFault> {
    let kind: InputKind = row.cell("kind").parse()?;
    let role: InputRole = row.cell("role").parse()?;
    let signing = match row.cell("signing").as_str() {
        "" => Signing::Anonymous,
        other => other.parse()?,
    };
    let input = NewInput {
        kind,
        text: row.cell("text"),
        role,
        signing,
        name: row.cell("name"),
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
        let inputs = read_inputs(file.as_bytes(), &Confirmed::default()).expect("read");
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
        let problems = read_inputs(file.as_bytes(), &Confirmed::default()).expect_err("bad rows");
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
    fn a_row_with_a_bsn_or_unconfirmed_personal_data_is_named_and_nothing_read() {
        let file = "kind,text,role\nidea,Meer uren,professional\nbottleneck,Cliënt 123456782 wacht,professional\nidea,Mail j.jansen@zorg.nl,client\n";
        let problems = read_inputs(file.as_bytes(), &Confirmed::default()).expect_err("refused");
        let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4]);
        let confirmed = Confirmed {
            all: true,
            texts: Default::default(),
        };
        let problems = read_inputs(file.as_bytes(), &confirmed).expect_err("a BSN stays refused");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3);
    }

    #[test]
    fn a_header_without_the_needed_columns_is_refused() {
        let problems = read_inputs(b"text\nIets\n", &Confirmed::default()).expect_err("no kind");
        assert_eq!(problems[0].line, 1);
        assert!(
            problems[0].fault.to_string().contains("kind, role"),
            "{problems:?}"
        );
        assert!(
            matches!(&problems[0].fault, CsvFault::MissingColumns(c) if c == &["kind", "role"])
        );
        assert!(
            read_inputs(b"kind,text,role\n", &Confirmed::default()).is_err(),
            "no rows"
        );
    }
}
