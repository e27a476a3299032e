//! Personal data kept out of the alliance. Every change a device makes is
//! screened before it can be saved or shared ([`Alliance::change`]): a
//! text that now holds a citizen service number (BSN) it did not hold
//! before is refused, and one with new likely personal data (an e-mail
//! address, a phone number, an address, a date of birth near a name) is
//! refused until the user confirms it is not personal data. Text written
//! by others that holds a BSN is shown masked everywhere it is read
//! ([`mask`]).
//!
//! [`Alliance::change`]: super::Alliance

mod gate;
mod scan;

use std::borrow::Cow;

pub use scan::{Finding, FindingKind, findings, passes_eleven_test};

/// What a citizen service number is shown as.
pub const MASK: &str = "[BSN afgeschermd]";

/// `text` with every citizen service number in it replaced by [`MASK`].
pub fn mask(text: &str) -> Cow<'_, str> {
    let ranges = scan::bsn_ranges(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in ranges {
        out.push_str(&text[at..start]);
        out.push_str(MASK);
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Whether `text` holds a citizen service number.
pub fn contains_bsn(text: &str) -> bool {
    !scan::bsn_ranges(text).is_empty()
}

/// A citizen service number shown without giving it away: its first two
/// and last two digits.
pub fn hint(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return "…".into();
    }
    let first: String = digits[..2].iter().collect();
    let last: String = digits[digits.len() - 2..].iter().collect();
    format!("{first}…{last}")
}

/// The findings of `text` as of this year.
pub fn findings_now(text: &str) -> Vec<Finding> {
    findings(text, jiff::Zoned::now().year())
}

/// What the user confirmed is not personal data, for the edits of one
/// alliance in this program run.
#[derive(Debug, Clone, Default)]
pub struct Confirmed {
    /// Every warning is confirmed (`--not-personal-data`).
    pub all: bool,
    /// These texts are confirmed (an organisation's general address, say).
    pub texts: std::collections::HashSet<String>,
}

impl Confirmed {
    /// Every warning confirmed.
    pub fn all() -> Confirmed {
        Confirmed {
            all: true,
            texts: Default::default(),
        }
    }

    /// Whether `finding` needs no more confirmation. A citizen service
    /// number never passes.
    pub fn covers(&self, finding: &Finding) -> bool {
        finding.kind != FindingKind::Bsn && (self.all || self.texts.contains(&finding.text))
    }
}

/// Checks texts before they are written in bulk (an import checked row by
/// row, so that nothing is imported unless every row passes): refused for
/// a citizen service number, or for likely personal data `confirmed` does
/// not cover.
pub fn check_texts(texts: &[&str], confirmed: &Confirmed) -> Result<(), super::ModelError> {
    let found: Vec<Finding> = texts.iter().flat_map(|t| findings_now(t)).collect();
    if let Some(bsn) = found.iter().find(|f| f.kind == FindingKind::Bsn) {
        return Err(super::ModelError::CitizenServiceNumber(hint(&bsn.text)));
    }
    let open: Vec<Finding> = found.into_iter().filter(|f| !confirmed.covers(f)).collect();
    if open.is_empty() {
        Ok(())
    } else {
        Err(super::ModelError::LikelyPersonalData(open))
    }
}

/// How many texts in `value` (a view or an export, as serialised) hold a
/// masked citizen service number: texts the partners should erase.
pub fn masked_texts<T: serde::Serialize>(value: &T) -> usize {
    fn count(value: &serde_json::Value) -> usize {
        match value {
            serde_json::Value::String(s) => usize::from(s.contains(MASK)),
            serde_json::Value::Array(items) => items.iter().map(count).sum(),
            serde_json::Value::Object(map) => map.values().map(count).sum(),
            _ => 0,
        }
    }
    serde_json::to_value(value).map_or(0, |v| count(&v))
}

pub(crate) use gate::screen_last_change;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bsn_is_masked_and_nothing_else_changes() {
        assert_eq!(
            mask("Cliënt 123456782 belde"),
            "Cliënt [BSN afgeschermd] belde"
        );
        assert_eq!(mask("123 456 782"), MASK);
        assert!(matches!(mask("Geen nummer 123456789"), Cow::Borrowed(_)));
        assert!(!contains_bsn(MASK));
        assert_eq!(hint("123456782"), "12…82");
    }

    #[test]
    fn a_bsn_is_never_confirmed_away() {
        let confirmed = Confirmed {
            all: true,
            texts: Default::default(),
        };
        let found = findings("123456782 info@gemeente.nl", 2026);
        assert_eq!(found.len(), 2);
        let blocking: Vec<_> = found.iter().filter(|f| !confirmed.covers(f)).collect();
        assert_eq!(blocking.len(), 1);
        assert_eq!(blocking[0].kind, FindingKind::Bsn);
    }
}
