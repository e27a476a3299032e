//! The period a measurement is about: a year (`2026`), a quarter
//! (`2026-Q3`), a month (`2026-07`) or a range of dates
//! (`2026-01-01..2026-06-30`). Kept as that text, which also orders periods
//! that start on the same day.

use jiff::civil::Date;

/// A period, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// As written in the document: `2026`, `2026-Q3`, `2026-07` or
    /// `2026-01-01..2026-06-30`.
    pub text: String,
    /// Its first day.
    pub start: Date,
    /// Its last day.
    pub end: Date,
}

/// Why a period could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a period; write a year (2026), a quarter (2026-Q3), a month (2026-07) or a range (2026-01-01..2026-06-30)"
)]
pub struct BadPeriod(pub String);

impl Period {
    /// Reads a period as people write it (`2026-q3` and `2026 Q3` too).
    pub fn parse(text: &str) -> Result<Period, BadPeriod> {
        let bad = || BadPeriod(text.to_owned());
        let clean = text.trim().to_uppercase().replace(' ', "-");
        if let Some((from, to)) = clean.split_once("..") {
            let start = super::super::dates::parse_date(from).map_err(|_| bad())?;
            let end = super::super::dates::parse_date(to).map_err(|_| bad())?;
            let (start, end): (Date, Date) = (
                start.parse().map_err(|_| bad())?,
                end.parse().map_err(|_| bad())?,
            );
            if end < start {
                return Err(bad());
            }
            return Ok(Period {
                text: format!("{start}..{end}"),
                start,
                end,
            });
        }
        let parts: Vec<&str> = clean.split('-').collect();
        let year: i16 = parts
            .first()
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse().ok())
            .ok_or_else(bad)?;
        let (first_month, months, text) = match parts.get(1) {
            None => (1, 12, format!("{year}")),
            Some(q) if (q.starts_with('Q') || q.starts_with('K')) && parts.len() == 2 => {
                let quarter: i8 = q[1..]
                    .parse()
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(bad)?;
                (quarter * 3 - 2, 3, format!("{year}-Q{quarter}"))
            }
            Some(m) if parts.len() == 2 => {
                let month: i8 = m
                    .parse()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(bad)?;
                (month, 1, format!("{year}-{month:02}"))
            }
            _ => return Err(bad()),
        };
        let start = Date::new(year, first_month, 1).map_err(|_| bad())?;
        let end = start
            .checked_add(jiff::Span::new().months(months))
            .and_then(|d| d.checked_sub(jiff::Span::new().days(1)))
            .map_err(|_| bad())?;
        Ok(Period { text, start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_quarters_months_and_ranges_are_read() {
        let q = Period::parse("2026 q3").expect("quarter");
        assert_eq!(q.text, "2026-Q3");
        assert_eq!(
            (q.start.to_string(), q.end.to_string()),
            ("2026-07-01".into(), "2026-09-30".into())
        );
        assert_eq!(
            Period::parse("2026").expect("year").end.to_string(),
            "2026-12-31"
        );
        assert_eq!(Period::parse("2026-K2").expect("kwartaal").text, "2026-Q2");
        assert_eq!(Period::parse("2026-2").expect("month").text, "2026-02");
        assert_eq!(
            Period::parse("2026-02").expect("month").end.to_string(),
            "2026-02-28"
        );
        let range = Period::parse("1-1-2026..30-6-2026").expect("range");
        assert_eq!(range.text, "2026-01-01..2026-06-30");
        for bad in [
            "26",
            "2026-Q5",
            "2026-13",
            "2026-06-30..2026-01-01",
            "kwartaal 3",
            "",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }
}
