//! Search as people expect it: case and diacritics do not matter
//! ("coordinatie" finds "coördinatie").

/// `text` in lower case without diacritics, for comparing.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(base_letter)
        .collect()
}

/// Whether `haystack` contains `needle` (already folded), ignoring case
/// and diacritics.
pub(crate) fn contains(haystack: &str, folded_needle: &str) -> bool {
    folded_needle.is_empty() || fold(haystack).contains(folded_needle)
}

/// The letter without its diacritic, for the letters of Dutch and its
/// neighbours.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_diacritics_do_not_matter() {
        assert!(contains("Eén coördinatiepunt", &fold("coordinatie")));
        assert!(contains("coordinatie", &fold("COÖRDINATIE")));
        assert!(contains("Cliëntenraad", &fold("clienten")));
        assert!(!contains("wijkteam", &fold("coordinatie")));
        assert!(contains("alles", ""));
    }
}
