//! Text made safe to put inside HTML: the one escaper of the core, for element content and for
//! quoted attribute values alike.

/// `text` with `&`, `<`, `>`, `"` and `'` written as character references: inside an element or
/// a quoted attribute it reads as the same text and can open no tag or attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_html;
    use proptest::prelude::*;

    #[test]
    fn markup_and_quotes_become_references() {
        assert_eq!(escape_html(r#"<a href="x" title='y'>&</a>"#), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assert_eq!(escape_html("مرحبا 你好"), "مرحبا 你好");
    }

    proptest! {
        #[test]
        fn no_markup_character_survives(s in any::<String>()) {
            let out = escape_html(&s);
            prop_assert!(!out.contains(['<', '>', '"', '\'']));
            prop_assert_eq!(crate::text::decode_entities(&out), s);
        }
    }
}
