//! What agents type (replies, notes, names of tags, agents and saved replies), made safe to
//! store and send: a server refuses most control characters in JSON strings and mail headers,
//! and a one-line name must not carry line breaks or a bidirectional override that would flip
//! the text shown after it.

/// Text without the characters a server refuses (controls other than tab and line breaks; lone
/// surrogates cannot occur in a Rust string), with CRLF as LF.
pub fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n").chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect()
}

/// One line: controls and line breaks become spaces, bidirectional embeddings, overrides and
/// isolates go, and the ends are trimmed (subjects, names, file names).
pub fn clean_line(s: &str) -> String {
    s.chars().filter(|c| !is_bidi_control(*c)).map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_string()
}

/// U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates): unbalanced in a name,
/// they reorder whatever the screen shows after it.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_go_and_line_breaks_stay_in_text() {
        assert_eq!(clean_text("a\0b\r\nc\td\u{7}\u{85}"), "ab\nc\td");
    }

    #[test]
    fn a_line_has_no_breaks_controls_or_overrides() {
        assert_eq!(clean_line("  Billing\n\0urgent \u{202E}gnp.exe\u{2066} "), "Billing  urgent gnp.exe");
        assert_eq!(clean_line("فواتير 账单"), "فواتير 账单");
        assert_eq!(clean_line("\u{200F}"), "\u{200F}", "a right-to-left mark is not an override");
    }
}
