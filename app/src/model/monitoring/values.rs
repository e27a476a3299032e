//! Figures as people type them (the Dutch decimal comma accepted), checked
//! against their unit, and never a figure about a person: a value that
//! looks like a citizen service number (BSN) is refused.

use super::kinds::Unit;

/// Why a figure was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValueError {
    /// Not a number.
    #[error("{0:?} is not a number; write it as 12,5 or 12.5")]
    NotANumber(String),
    /// Outside what its unit allows.
    #[error("{value} is not a valid {unit}: {rule}")]
    OutOfRange {
        /// The value.
        value: String,
        /// The unit (slug).
        unit: &'static str,
        /// What the unit allows.
        rule: &'static str,
    },
    /// It looks like a citizen service number.
    #[error(
        "{0} looks like a citizen service number (BSN): only aggregate figures belong here, never a figure about a person"
    )]
    PersonalNumber(String),
}

/// Reads a number as people type it: `12,5`, `12.5`, `1.234,5`, `-3`.
pub fn parse_number(text: &str) -> Result<f64, ValueError> {
    let trimmed = text.trim().replace(' ', "");
    let normal = if trimmed.contains(',') {
        trimmed.replace('.', "").replace(',', ".")
    } else {
        trimmed.clone()
    };
    normal
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| ValueError::NotANumber(text.trim().to_owned()))
}

/// Reads a figure in `unit` and checks it.
pub fn parse_value(text: &str, unit: Unit) -> Result<f64, ValueError> {
    let digits: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if looks_like_bsn(&digits) {
        return Err(ValueError::PersonalNumber(text.trim().to_owned()));
    }
    let value = parse_number(text)?;
    check(value, unit, text.trim())?;
    Ok(value)
}

/// Checks a figure against what its unit allows.
pub fn check(value: f64, unit: Unit, shown: &str) -> Result<(), ValueError> {
    let out = |rule| ValueError::OutOfRange {
        value: shown.to_owned(),
        unit: unit.slug(),
        rule,
    };
    match unit {
        Unit::Percent if !(0.0..=100.0).contains(&value) => Err(out("between 0 and 100")),
        Unit::Grade if !(1.0..=10.0).contains(&value) => Err(out("between 1 and 10")),
        Unit::Count if value < 0.0 || value.fract() != 0.0 => Err(out("a whole number, 0 or more")),
        Unit::PerThousand | Unit::PerTenThousand if value < 0.0 => Err(out("0 or more")),
        _ => Ok(()),
    }
}

/// Whether `text` is a valid BSN: nine digits (or eight, read with a
/// leading zero) that pass the eleven test, and not all zeros.
pub fn looks_like_bsn(text: &str) -> bool {
    crate::model::privacy::passes_eleven_test(text)
}

/// Whether `text` holds a valid BSN as a number of its own.
pub fn contains_bsn(text: &str) -> bool {
    crate::model::privacy::contains_bsn(text)
}

/// A figure as Dutch documents write it: a decimal comma, no more decimals
/// than it has (at most two).
pub fn dutch(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else if (rounded * 10.0).fract() == 0.0 {
        format!("{rounded:.1}")
    } else {
        format!("{rounded:.2}")
    };
    text.replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english_decimals_are_read() {
        assert_eq!(parse_number("12,5"), Ok(12.5));
        assert_eq!(parse_number("12.5"), Ok(12.5));
        assert_eq!(parse_number("1.234,5"), Ok(1234.5));
        assert_eq!(parse_number(" -3 "), Ok(-3.0));
        assert!(parse_number("twaalf").is_err());
        assert_eq!(dutch(12.5), "12,5");
        assert_eq!(dutch(8.0), "8");
        assert_eq!(dutch(0.125), "0,13");
    }

    #[test]
    fn figures_keep_to_their_unit() {
        assert!(parse_value("101", Unit::Percent).is_err());
        assert!(parse_value("0", Unit::Grade).is_err());
        assert!(parse_value("7,5", Unit::Grade).is_ok());
        assert!(parse_value("2,5", Unit::Count).is_err());
        assert!(parse_value("-1", Unit::PerTenThousand).is_err());
        assert_eq!(parse_value("312", Unit::PerTenThousand), Ok(312.0));
    }

    #[test]
    fn a_citizen_service_number_is_refused() {
        assert!(looks_like_bsn("111222333"));
        assert!(looks_like_bsn("123456782"));
        assert!(!looks_like_bsn("123456789"));
        assert!(!looks_like_bsn("000000000"));
        assert!(matches!(
            parse_value("111222333", Unit::Count),
            Err(ValueError::PersonalNumber(_))
        ));
        assert!(parse_value("111222334", Unit::Count).is_ok());
    }
}
