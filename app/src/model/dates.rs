//! Calendar dates as people type them: `2027-03-01`, `1-3-2027`,
//! `01/03/2027`, `1.3.2027`, `1 maart 2027` or `vandaag` (`today`), all
//! stored as `YYYY-MM-DD`.

use jiff::civil::Date;

use super::error::ModelError;

/// The Dutch month names, January first.
pub(crate) const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reads a date in one of the forms people write; returns it as
/// `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Result<String, ModelError> {
    let bad = || ModelError::BadDate(text.to_owned());
    let trimmed = text.trim();
    if ["vandaag", "today"].contains(&trimmed.to_lowercase().as_str()) {
        // Stored as the date it was on this device's clock when written.
        return Ok(jiff::Zoned::now().date().to_string());
    }
    if let Ok(date) = trimmed.parse::<Date>() {
        return Ok(date.to_string());
    }
    let parts: Vec<&str> = trimmed
        .split(|c: char| c == '-' || c == '/' || c == '.' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    let [day, month, year] = parts.as_slice() else {
        return Err(bad());
    };
    let day: i8 = day.parse().map_err(|_| bad())?;
    let month: i8 = match month.parse() {
        Ok(number) => number,
        Err(_) => month_by_name(month).ok_or_else(bad)?,
    };
    let year: i16 = year.parse().map_err(|_| bad())?;
    if !(1000..=9999).contains(&year) {
        return Err(bad());
    }
    Date::new(year, month, day)
        .map(|d| d.to_string())
        .map_err(|_| bad())
}

/// The default review date of an agreement that becomes agreed: six months
/// from today on this device's clock, as `YYYY-MM-DD`.
pub(crate) fn six_months_from_today() -> String {
    let today = jiff::Zoned::now().date();
    today
        .checked_add(jiff::Span::new().months(6))
        .unwrap_or(today)
        .to_string()
}

/// The number of a month named in Dutch or English, its Dutch
/// abbreviation ("mrt"), or the first letters of its name.
fn month_by_name(name: &str) -> Option<i8> {
    let name = name.to_lowercase();
    let name = name.trim_end_matches('.');
    if name.len() < 3 {
        return None;
    }
    const SHORT_NL: [&str; 12] = [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    if let Some(i) = SHORT_NL.iter().position(|m| *m == name) {
        return i8::try_from(i + 1).ok();
    }
    [MONTHS_NL, MONTHS_EN].iter().find_map(|months| {
        months
            .iter()
            .position(|m| m.starts_with(name))
            .and_then(|i| i8::try_from(i + 1).ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_write_them() {
        for text in [
            "2027-03-01",
            "1-3-2027",
            "01-03-2027",
            "1/3/2027",
            "1.3.2027",
            "1 maart 2027",
            " 1 mrt. 2027 ",
            "1 March 2027",
        ] {
            assert_eq!(
                parse_date(text).ok().as_deref(),
                Some("2027-03-01"),
                "{text}"
            );
        }
    }

    #[test]
    fn today_is_the_date_on_this_devices_clock() {
        let today = jiff::Zoned::now().date().to_string();
        for text in ["vandaag", "Vandaag", " today "] {
            assert_eq!(parse_date(text).ok().as_deref(), Some(today.as_str()));
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        for text in [
            "31-2-2027",
            "1-13-2027",
            "1-3-27",
            "morgen",
            "",
            "1 ma 2027",
        ] {
            assert!(parse_date(text).is_err(), "{text}");
        }
    }
}
