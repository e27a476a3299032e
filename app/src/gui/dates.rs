//! Dates and times as people write them: "1 december 2026, 08:54" in the
//! local time zone, in the window's language.

use super::i18n::{Texts, fill};

/// A calendar date (`YYYY-MM-DD`) as "1 december 2026"; the text itself
/// when it is not a date.
pub(crate) fn date(texts: &Texts, iso: &str) -> String {
    match iso.trim().parse::<jiff::civil::Date>() {
        Ok(date) => written(texts, date),
        Err(_) => iso.to_owned(),
    }
}

/// An RFC 3339 moment as "1 december 2026, 08:54" in the local time zone;
/// the text itself when it is not one.
pub(crate) fn date_time(texts: &Texts, rfc3339: &str) -> String {
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(moment) => {
            let local = moment.to_zoned(jiff::tz::TimeZone::system());
            fill(
                texts.date_at,
                &[&written(texts, local.date()), &clock(&local)],
            )
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// The time of day of an RFC 3339 moment, "08:54", locally.
pub(crate) fn time_of_day(rfc3339: &str) -> String {
    rfc3339
        .parse::<jiff::Timestamp>()
        .map(|t| clock(&t.to_zoned(jiff::tz::TimeZone::system())))
        .unwrap_or_default()
}

fn clock(moment: &jiff::Zoned) -> String {
    moment.strftime("%H:%M").to_string()
}

fn written(texts: &Texts, date: jiff::civil::Date) -> String {
    let month = texts
        .months
        .split_whitespace()
        .nth(usize::try_from(date.month() - 1).unwrap_or(0))
        .unwrap_or_default();
    format!("{} {month} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::i18n::{EN, NL};

    #[test]
    fn dates_are_written_out_in_the_language() {
        assert_eq!(date(&NL, "2026-12-01"), "1 december 2026");
        assert_eq!(date(&EN, "2027-03-09"), "9 March 2027");
        assert_eq!(date(&NL, "geen datum"), "geen datum");
    }

    #[test]
    fn moments_name_the_day_and_the_time() {
        let shown = date_time(&NL, "2026-12-01T12:00:00Z");
        assert!(shown.contains("december 2026, "), "{shown}");
        assert_eq!(shown.len(), "1 december 2026, 12:00".len());
    }
}
