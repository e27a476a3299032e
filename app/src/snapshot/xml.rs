//! Text escaped for XML, shared by the Word export and the archive
//! package's MDTO metadata.

/// `text` escaped for XML element content and attribute values, without the
/// control characters XML 1.0 forbids (tabs and line breaks become spaces).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_control_characters_do_not_reach_the_xml() {
        assert_eq!(
            super::escape("a<b & \"c\"\n\u{7}d"),
            "a&lt;b &amp; &quot;c&quot; d"
        );
    }
}
