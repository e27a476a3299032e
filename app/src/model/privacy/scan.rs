//! Finding personal data in a text: citizen service numbers (BSN), which
//! are refused, and what is likely personal data (e-mail addresses, Dutch
//! phone numbers, a postcode with a house number, a date of birth near a
//! name), which is warned about.
//!
//! Numbers count only as whole words: a run of digits inside a word or an
//! id (`a123456782b`) is not a number someone typed.

use serde::Serialize;

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A valid citizen service number (refused).
    Bsn,
    /// An e-mail address.
    Email,
    /// A Dutch phone number.
    Phone,
    /// A postcode with a house number: an address.
    Address,
    /// A date of birth near a name.
    BirthDate,
}

/// One piece of a text that is, or is likely, personal data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    /// What it is.
    pub kind: FindingKind,
    /// The text found, as written.
    pub text: String,
}

/// A number written as digit groups with single separators (`123 456 782`,
/// `1234.56.782`), as a whole word.
struct NumberToken {
    start: usize,
    end: usize,
    groups: Vec<usize>,
    separators: Vec<char>,
    digits: String,
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Every number token of `text`: digit runs joined by single `' '`, `'.'`
/// or `'-'`, not touching a letter or digit on either side.
fn number_tokens(text: &str) -> Vec<NumberToken> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() || (i > 0 && is_word_char(Some(chars[i - 1].1))) {
            i += 1;
            continue;
        }
        let start = i;
        let mut groups = Vec::new();
        let mut separators = Vec::new();
        let mut digits = String::new();
        let mut j = i;
        loop {
            let run_start = j;
            while j < chars.len() && chars[j].1.is_ascii_digit() {
                digits.push(chars[j].1);
                j += 1;
            }
            groups.push(j - run_start);
            let joined = j + 1 < chars.len()
                && matches!(chars[j].1, ' ' | '.' | '-')
                && chars[j + 1].1.is_ascii_digit();
            if !joined {
                break;
            }
            separators.push(chars[j].1);
            j += 1;
        }
        let after = chars.get(j).map(|c| c.1);
        if !is_word_char(after) {
            let end = chars.get(j).map_or(text.len(), |c| c.0);
            tokens.push(NumberToken {
                start: chars[start].0,
                end,
                groups,
                separators,
                digits,
            });
        }
        // Skip the rest of this word.
        while j < chars.len() && is_word_char(Some(chars[j].1)) {
            j += 1;
        }
        i = j.max(i + 1);
    }
    tokens
}

/// Whether `digits` (8 or 9 of them; 8 are read with a leading zero) pass
/// the eleven test of a citizen service number, and are not all zeros.
pub fn passes_eleven_test(digits: &str) -> bool {
    if !(8..=9).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let padded = format!("{digits:0>9}");
    let values: Vec<i64> = padded.bytes().map(|b| i64::from(b - b'0')).collect();
    if values.iter().all(|d| *d == 0) {
        return false;
    }
    let sum: i64 = values
        .iter()
        .take(8)
        .enumerate()
        .map(|(i, d)| d * (9 - i as i64))
        .sum::<i64>()
        - values[8];
    sum % 11 == 0
}

/// Whether a token is written as a BSN is: one run of 8 or 9 digits, or
/// 3-3-3 or 4-2-3 digits with one kind of separator.
fn is_bsn(token: &NumberToken) -> bool {
    let shaped = match token.groups.as_slice() {
        [8] | [9] => true,
        [3, 3, 3] | [4, 2, 3] => token.separators.windows(2).all(|w| w[0] == w[1]),
        _ => false,
    };
    shaped && passes_eleven_test(&token.digits)
}

/// The byte ranges of the citizen service numbers in `text`.
pub(crate) fn bsn_ranges(text: &str) -> Vec<(usize, usize)> {
    // Every string the model reads passes here (to be masked): most hold
    // no number of eight digits or more, and are done with one byte scan.
    if !may_hold_bsn(text.as_bytes()) {
        return Vec::new();
    }
    number_tokens(text)
        .into_iter()
        .filter(is_bsn)
        .map(|t| (t.start, t.end))
        .collect()
}

/// Whether `bytes` hold at least eight digits joined by single separators
/// (`' '`, `'.'`, `'-'`): what any BSN is written as.
fn may_hold_bsn(bytes: &[u8]) -> bool {
    let mut digits = 0;
    for (i, b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            digits += 1;
            if digits >= 8 {
                return true;
            }
        } else {
            let joins = matches!(b, b' ' | b'.' | b'-')
                && digits > 0
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !joins {
                digits = 0;
            }
        }
    }
    false
}

/// Every finding in `text`, in order of kind; `this_year` bounds the dates
/// that can be dates of birth.
pub fn findings(text: &str, this_year: i16) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut add = |kind, piece: &str| {
        let finding = Finding {
            kind,
            text: piece.to_owned(),
        };
        if !found.contains(&finding) {
            found.push(finding);
        }
    };
    for (start, end) in bsn_ranges(text) {
        add(FindingKind::Bsn, &text[start..end]);
    }
    for email in emails(text) {
        add(FindingKind::Email, email);
    }
    for phone in phones(text) {
        add(FindingKind::Phone, phone);
    }
    for address in addresses(text) {
        add(FindingKind::Address, address);
    }
    for date in birth_dates(text, this_year) {
        add(FindingKind::BirthDate, date);
    }
    found
}

fn emails(text: &str) -> Vec<&str> {
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| local(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let rest = &text[at + 1..];
        let length = rest
            .char_indices()
            .take_while(|(_, c)| domain(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let host = rest[..length].trim_end_matches('.');
        let tld_ok = host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
        });
        if start < at && tld_ok {
            found.push(&text[start..at + 1 + host.len()]);
        }
    }
    found
}

fn phones(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let starts = (c == '+' || c == '0') && !(i > 0 && is_word_char(Some(chars[i - 1].1)));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && (chars[j].1.is_ascii_digit() || " -()".contains(chars[j].1)) {
            j += 1;
        }
        while j > i && !chars[j - 1].1.is_ascii_digit() {
            j -= 1;
        }
        let end = chars.get(j).map_or(text.len(), |c| c.0);
        let piece = &text[chars[i].0..end];
        let digits: String = piece.chars().filter(char::is_ascii_digit).collect();
        let national = if let Some(rest) = piece.strip_prefix('+') {
            digits
                .strip_prefix("31")
                .filter(|_| rest.starts_with("31"))
                .map(|d| d.strip_prefix('0').filter(|d| d.len() == 9).unwrap_or(d))
                .map(|d| format!("0{d}"))
        } else if let Some(d) = digits.strip_prefix("0031") {
            Some(format!("0{d}"))
        } else {
            Some(digits.clone())
        };
        let is_phone =
            national.is_some_and(|n| n.len() == 10 && n.starts_with('0') && !n.starts_with("00"));
        if is_phone && !is_word_char(chars.get(j).map(|c| c.1)) {
            found.push(piece);
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

/// A Dutch postcode (`2181 AB`, `2181AB`) with a house number just before
/// or after it.
fn addresses(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 6 <= bytes.len() {
        let boundary = i == 0 || !(bytes[i - 1] as char).is_alphanumeric();
        let digits = bytes[i] != b'0' && bytes[i..i + 4].iter().all(u8::is_ascii_digit);
        if !(boundary && digits) {
            i += 1;
            continue;
        }
        let mut j = i + 4;
        if bytes.get(j) == Some(&b' ') {
            j += 1;
        }
        let letters = bytes
            .get(j..j + 2)
            .is_some_and(|l| l.iter().all(u8::is_ascii_uppercase))
            && !bytes
                .get(j + 2)
                .is_some_and(|b| (*b as char).is_alphanumeric());
        if !letters {
            i += 1;
            continue;
        }
        let (start, end) = (i, j + 2);
        let before = text[..start].trim_end_matches([' ', ',']);
        let after = text[end..].trim_start_matches([' ', ',']);
        if ends_with_house_number(before) || starts_with_house_number(after) {
            found.push(&text[start..end]);
        }
        i = end;
    }
    found
}

fn starts_with_house_number(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    (1..=5).contains(&digits)
        && !is_word_char(text[digits..].chars().nth(1).filter(|_| {
            text[digits..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
        }))
}

fn ends_with_house_number(text: &str) -> bool {
    let word = text.rsplit(' ').next().unwrap_or("");
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    (1..=5).contains(&digits)
        && word.chars().skip(digits).all(char::is_alphabetic)
        && word.chars().count() <= digits + 2
        && text.len() > word.len()
}

const BIRTH_WORDS: [&str; 4] = ["geboren", "geb.", "geboortedatum", "geb "];

/// Dates (`12-3-1985`, `12/03/1985`, `1985-03-12`, `12 maart 1985`) of a
/// year up to `this_year` that stand near a name: after a birth word, or
/// within a few words of two capitalised words in a row.
fn birth_dates(text: &str, this_year: i16) -> Vec<&str> {
    let mut found = Vec::new();
    for (start, end, year) in dates(text) {
        if !(1900..=this_year).contains(&year) {
            continue;
        }
        let near_start = text[..start]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |(i, _)| i);
        let near_end = text[end..]
            .char_indices()
            .nth(40)
            .map_or(text.len(), |(i, _)| end + i);
        let around = &text[near_start..near_end];
        let lower = around.to_lowercase();
        let birth_word = BIRTH_WORDS.iter().any(|w| lower.contains(w));
        let name =
            capitalised_pair(&text[near_start..start]) || capitalised_pair(&text[end..near_end]);
        if birth_word || (name && year <= this_year - 2) {
            found.push(&text[start..end]);
        }
    }
    found
}

fn capitalised_pair(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).any(|pair| {
        pair.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_lowercase() || c == '.')
        })
    })
}

/// Every date in `text`: its byte range and year.
fn dates(text: &str) -> Vec<(usize, usize, i16)> {
    let mut found = Vec::new();
    for token in number_tokens(text) {
        let numeric = match (token.groups.as_slice(), token.separators.first()) {
            ([1 | 2, 1 | 2, 4], Some('-' | '.')) => Some(&token.digits[token.digits.len() - 4..]),
            ([4, 1 | 2, 1 | 2], Some('-')) => Some(&token.digits[..4]),
            _ => None,
        };
        if let Some(year) = numeric.and_then(|y| y.parse().ok()) {
            found.push((token.start, token.end, year));
        }
    }
    let lower = text.to_lowercase();
    for month in crate::model::dates::MONTHS_NL {
        for (at, _) in lower.match_indices(month) {
            let before = lower[..at].trim_end();
            let day_digits = before
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .count();
            let after = lower[at + month.len()..].trim_start();
            let year_digits = after.chars().take_while(char::is_ascii_digit).count();
            if (1..=2).contains(&day_digits)
                && year_digits == 4
                && text.is_char_boundary(before.len() - day_digits)
            {
                let start = before.len() - day_digits;
                let end = lower.len() - after.len() + 4;
                if let Ok(year) = after[..4].parse() {
                    found.push((start, end, year));
                }
            }
        }
    }
    // Slashes are not number separators above.
    for (at, _) in text.match_indices('/') {
        let before = &text[..at];
        let day = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .count();
        let rest = &text[at + 1..];
        let month = rest.chars().take_while(char::is_ascii_digit).count();
        if !(1..=2).contains(&day) || !(1..=2).contains(&month) || !rest[month..].starts_with('/') {
            continue;
        }
        let tail = &rest[month + 1..];
        let year_digits = tail.chars().take_while(char::is_ascii_digit).count();
        if year_digits == 4
            && let Ok(year) = tail[..4].parse()
        {
            let start = at - day;
            let end = at + 1 + month + 1 + 4;
            found.push((start, end, year));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<FindingKind> {
        findings(text, 2026).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn valid_citizen_service_numbers_are_found_in_every_usual_writing() {
        for bsn in [
            "123456782",
            "111222333",
            "1234.56.782",
            "123 456 782",
            "123-456-782",
        ] {
            assert_eq!(
                kinds(&format!("Cliënt {bsn} belde")),
                vec![FindingKind::Bsn],
                "{bsn}"
            );
        }
        assert_eq!(kinds("BSN: 123456782."), vec![FindingKind::Bsn]);
        assert!(passes_eleven_test("123456782"));
        assert!(passes_eleven_test("111222333"));
    }

    #[test]
    fn the_quick_check_lets_every_written_form_through() {
        for text in ["123456782", "a 1234.56.782 b", "123 456 782", "12345678"] {
            assert!(may_hold_bsn(text.as_bytes()), "{text}");
        }
        for text in ["1234567", "1 december 2026", "€ 2.500", "12 34 56 7", ""] {
            assert!(!may_hold_bsn(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn numbers_that_fail_the_eleven_test_or_are_no_bsn_pass() {
        assert!(!passes_eleven_test("123456789"));
        assert!(!passes_eleven_test("000000000"));
        for text in [
            "123456789",
            "000000000",
            "id a123456782b",
            "3f123456782a",
            "1234567820",
            "12-03-2026",
            "€ 12.500.000",
            "2026-12-01",
        ] {
            assert!(!kinds(text).contains(&FindingKind::Bsn), "{text}");
        }
    }

    #[test]
    fn likely_personal_data_is_named() {
        assert_eq!(
            kinds("Mail jan.jansen@zorg-dichtbij.nl graag"),
            vec![FindingKind::Email]
        );
        assert_eq!(kinds("Bel 06-12345678"), vec![FindingKind::Phone]);
        assert_eq!(
            kinds("Bel 06 1234 5678 of 010-1234567"),
            vec![FindingKind::Phone, FindingKind::Phone]
        );
        assert_eq!(kinds("Bel +31 6 12345678"), vec![FindingKind::Phone]);
        assert_eq!(kinds("Woont op 2181 AB 12"), vec![FindingKind::Address]);
        assert_eq!(
            kinds("Hoofdstraat 12, 2181AB Hillegom"),
            vec![FindingKind::Address]
        );
        assert_eq!(
            kinds("Jan de Vries, geboren 12-03-1985"),
            vec![FindingKind::BirthDate]
        );
        assert_eq!(
            kinds("Jan Jansen (3 maart 1990) woont alleen"),
            vec![FindingKind::BirthDate]
        );
        assert_eq!(kinds("Kim Bakker 12/03/2001"), vec![FindingKind::BirthDate]);
    }

    #[test]
    fn ordinary_alliance_text_gives_no_warning() {
        for text in [
            "Per 1 januari 2027 één loket voor Wonen met zorg.",
            "De Gemeente Hillegom en Zorg Dichtbij evalueren op 12-03-2027.",
            "Het budget is € 2.500.000 voor 2027-2028, 42 huishoudens.",
            "Zie artikel 2.3 en bijlage B; postcodegebied 2181 als geheel.",
            "Gemeente Hillegom besloot op 1-3-2026.",
            "Mail naar iemand@ of bel het loket.",
        ] {
            assert_eq!(kinds(text), vec![], "{text}");
        }
    }
}
