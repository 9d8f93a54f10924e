//! Turning untrusted message content into plain text: HTML to text (nothing of it is ever
//! interpreted as markup by Tandem's views), character references, previews computed when a
//! server gives none, and conversation titles.

mod entities;
mod escape;
mod html;
pub mod placeholders;
pub mod plain;
mod typed;

pub use entities::decode_entities;
pub use escape::escape_html;
pub use html::html_to_text;
pub use typed::{clean_line, clean_text};

/// A one-line preview of at most `max_chars` characters (RFC 8621 says up to 256).
pub fn preview(text: &str, max_chars: usize) -> String {
    let flat = without_padding(text).split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let mut cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `text` without the invisible characters newsletters pad their hidden preheaders with
/// (`&#847;&zwnj;&nbsp;` repeated) so that a preview shows words. Joiners between two letters
/// stay: Persian and Indic scripts need them (a virama before one is a mark, not a letter).
fn without_padding(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let invisible = |c: char| matches!(c, '\u{34f}' | '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}');
    let joiner = |c: char| matches!(c, '\u{200c}' | '\u{200d}');
    let letter = |i: Option<&char>| i.is_some_and(|&c| !c.is_whitespace() && !invisible(c) && !joiner(c));
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_letters = i > 0 && letter(chars.get(i - 1)) && letter(chars.get(i + 1));
        if invisible(c) || (joiner(c) && !between_letters) {
            continue;
        }
        out.push(c);
    }
    out
}

/// A subject without its reply and forward prefixes (`Re:`, `Fwd:`, `AW:`, `رد:`, `回复:` …, also
/// repeated or with a counter like `Re[2]:`), as a conversation's title.
pub fn base_subject(subject: &str) -> &str {
    const PREFIXES: &[&str] =
        &["re", "fw", "fwd", "aw", "wg", "sv", "vs", "antw", "tr", "rv", "enc", "رد", "إعادة توجيه", "回复", "回覆", "转发", "答复"];
    let mut rest = subject.trim();
    loop {
        let Some(colon) = rest.find([':', '：']) else { return rest };
        let head = rest[..colon].trim();
        let word = head.split('[').next().unwrap_or(head).trim();
        let counter_ok = head[word.len()..].trim().is_empty() || (head.ends_with(']') && head[word.len()..].trim_start().starts_with('['));
        if !counter_ok || !PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(word) || *p == word) {
            return rest;
        }
        let next = rest[colon..].chars().next().map_or(1, char::len_utf8);
        rest = rest[colon + next..].trim_start();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_subjects_drop_reply_prefixes_in_any_language() {
        assert_eq!(base_subject("Re: RE: Fwd: Refund"), "Refund");
        assert_eq!(base_subject("Re[2]: Refund"), "Refund");
        assert_eq!(base_subject("رد: مشكلة في الحساب"), "مشكلة في الحساب");
        assert_eq!(base_subject("回复：发票金额不正确"), "发票金额不正确");
        assert_eq!(base_subject("Ticket: 42 is broken"), "Ticket: 42 is broken");
        assert_eq!(base_subject("Re:"), "");
    }

    #[test]
    fn previews_are_flat_and_bounded() {
        assert_eq!(preview("a\n\n b  c", 10), "a b c");
        assert_eq!(preview("مرحبا بكم في خدمة العملاء", 8), "مرحبا ب…");
        let padded = format!("{}Weekend sale", "\u{34f}\u{200c}\u{a0}".repeat(60));
        assert_eq!(preview(&padded, 20), "Weekend sale", "a newsletter's invisible padding is not a preview");
        assert_eq!(preview("می\u{200c}خواهم", 20), "می\u{200c}خواهم", "a Persian joiner between letters stays");
    }
}
