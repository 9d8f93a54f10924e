//! Turning untrusted message content into plain text: HTML to text (nothing of it is ever
//! interpreted as markup by Tandem's views) and previews computed when a server gives none.

/// Plain text from an HTML body: tags dropped, `script`/`style`/`head` content dropped, block
/// elements become line breaks, character references decoded, blank lines collapsed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if !opens_markup(rest) {
            // HTML reads a `<` that cannot start a tag ("a < b", "<3", "<مرحبا") as text.
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let (inner, next) = split_tag(rest);
        rest = next;
        let closing = inner.starts_with('/');
        let name: String =
            inner.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if !closing && matches!(name.as_str(), "script" | "style" | "head" | "title" | "template") {
            let close = format!("</{name}");
            rest = match find_ascii_ci(rest, &close) {
                Some(i) => split_tag(&rest[i..]).1,
                None => "",
            };
            continue;
        }
        match name.as_str() {
            "br" => out.push('\n'),
            "p" | "blockquote" | "pre" | "table" | "ul" | "ol" | "hr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                ensure_breaks(&mut out, 2)
            }
            "div" | "tr" | "li" | "dd" | "dt" => ensure_breaks(&mut out, 1),
            "td" | "th" if !closing => out.push(' '),
            _ => {}
        }
    }
    out.push_str(&decode_entities(rest));
    tidy_lines(&out)
}

/// Ends `out` with at least `n` line breaks (none at the very start).
fn ensure_breaks(out: &mut String, n: usize) {
    if out.trim().is_empty() {
        return;
    }
    let have = out.len() - out.trim_end_matches('\n').len();
    for _ in have..n {
        out.push('\n');
    }
}

/// Whether the `<` starting `s` opens a tag, an end tag or a declaration (as HTML tokenizes it).
fn opens_markup(s: &str) -> bool {
    s[1..].chars().next().is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
}

/// A tag starting at `s` (which starts with `<`): what lies between `<` and the `>` that closes it
/// (quotes inside the tag respected), and what follows. A tag never closed runs to the end.
/// Every index is a char boundary: `<`, `>` and quotes are ASCII.
fn split_tag(s: &str) -> (&str, &str) {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return (&s[1..i], &s[i + 1..]),
            _ => {}
        }
    }
    (s.get(1..).unwrap_or(""), "")
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    (0..=h.len().saturating_sub(n.len())).find(|&i| h.len() >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Decodes the character references mail actually uses: the XML five, `nbsp`, and numeric ones.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Byte search: `;` is ASCII, so where it is found is a char boundary whatever precedes it.
        let semi = rest.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|i| {
            let name = &rest[1..i];
            let c = match name {
                _ if name.starts_with("#x") || name.starts_with("#X") => u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32),
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => named_entity(name),
            };
            c.map(|c| (c, i + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The named character references that mail templates use (HTML's full list has 2,000; these
/// cover punctuation, currency and Latin letters). `Eacute` is found as the capital of `eacute`.
fn named_entity(name: &str) -> Option<char> {
    const TABLE: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{a0}'),
        ("times", '×'),
        ("divide", '÷'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
        ("mdash", '—'),
        ("ndash", '–'),
        ("hellip", '…'),
        ("lsquo", '‘'),
        ("rsquo", '’'),
        ("sbquo", '‚'),
        ("ldquo", '“'),
        ("rdquo", '”'),
        ("bdquo", '„'),
        ("laquo", '«'),
        ("raquo", '»'),
        ("bull", '•'),
        ("middot", '·'),
        ("euro", '€'),
        ("pound", '£'),
        ("yen", '¥'),
        ("cent", '¢'),
        ("sect", '§'),
        ("para", '¶'),
        ("deg", '°'),
        ("plusmn", '±'),
        ("frac12", '½'),
        ("frac14", '¼'),
        ("frac34", '¾'),
        ("iexcl", '¡'),
        ("iquest", '¿'),
        ("shy", '\u{ad}'),
        ("zwnj", '\u{200c}'),
        ("zwj", '\u{200d}'),
        ("lrm", '\u{200e}'),
        ("rlm", '\u{200f}'),
        ("ensp", '\u{2002}'),
        ("emsp", '\u{2003}'),
        ("thinsp", '\u{2009}'),
        ("rarr", '→'),
        ("larr", '←'),
        ("uarr", '↑'),
        ("darr", '↓'),
        ("check", '✓'),
        ("dagger", '†'),
        ("aacute", 'á'),
        ("agrave", 'à'),
        ("acirc", 'â'),
        ("auml", 'ä'),
        ("atilde", 'ã'),
        ("aring", 'å'),
        ("aelig", 'æ'),
        ("ccedil", 'ç'),
        ("eacute", 'é'),
        ("egrave", 'è'),
        ("ecirc", 'ê'),
        ("euml", 'ë'),
        ("iacute", 'í'),
        ("igrave", 'ì'),
        ("icirc", 'î'),
        ("iuml", 'ï'),
        ("ntilde", 'ñ'),
        ("oacute", 'ó'),
        ("ograve", 'ò'),
        ("ocirc", 'ô'),
        ("ouml", 'ö'),
        ("otilde", 'õ'),
        ("oslash", 'ø'),
        ("uacute", 'ú'),
        ("ugrave", 'ù'),
        ("ucirc", 'û'),
        ("uuml", 'ü'),
        ("yacute", 'ý'),
        ("yuml", 'ÿ'),
        ("szlig", 'ß'),
    ];
    let find = |n: &str| TABLE.iter().find(|(k, _)| *k == n).map(|(_, c)| *c);
    find(name).or_else(|| {
        let mut chars = name.chars();
        let first = chars.next().filter(char::is_ascii_uppercase)?;
        let lower = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
        find(&lower).filter(|c| c.is_alphabetic()).and_then(|c| c.to_uppercase().next())
    })
}

/// Collapses runs of spaces inside lines, trims lines, and keeps at most one blank line in a row.
fn tidy_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0;
    for line in s.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// A one-line preview of at most `max_chars` characters (RFC 8621 says up to 256).
pub fn preview(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let mut cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
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
    fn strips_tags_scripts_and_styles() {
        let html = r#"<html><head><title>T</title><style>p{color:red}</style></head><body><p>Hello <b>there</b></p><script>alert("x")</script><p>Bye&nbsp;now &amp; then &lt;3 &#x4e2d;&#25991;</p><img src="http://tracker.invalid/p.gif" alt="a>b"></body></html>"#;
        assert_eq!(html_to_text(html), "Hello there\n\nBye now & then <3 中文");
    }

    #[test]
    fn script_case_and_comments() {
        assert_eq!(html_to_text("a<SCRIPT type=x>evil()</Script >b<!-- hidden -->c"), "abc");
        assert_eq!(html_to_text("x<script>never closed"), "x");
    }

    #[test]
    fn named_entities_of_mail_templates() {
        assert_eq!(decode_entities("2 &times; rolls &mdash; &euro;5 &Eacute;t&eacute; &copy;"), "2 × rolls — €5 Été ©");
        assert_eq!(decode_entities("&Times; &AMP;"), "&Times; &AMP;", "not a letter: no capital form invented");
    }

    #[test]
    fn entities_that_are_not_entities_stay() {
        assert_eq!(decode_entities("AT&T &bogus; &#xZZ; & a"), "AT&T &bogus; &#xZZ; & a");
    }

    #[test]
    fn multibyte_text_after_an_ampersand_or_in_an_open_tag_never_panics() {
        // Byte 12 after the `&` falls inside 'ح': the reported crash.
        assert_eq!(html_to_text("<p>&nbsp; مرحبا، أرسلوا لي قائمة الأسعار من فضلكم</p>"), "مرحبا، أرسلوا لي قائمة الأسعار من فضلكم");
        assert_eq!(decode_entities("&مرحبا بكم"), "&مرحبا بكم");
        assert_eq!(decode_entities("R&D 研发部门的报告;"), "R&D 研发部门的报告;");
        assert_eq!(html_to_text("<p>Hi</p><é"), "Hi\n\n<é");
        assert_eq!(html_to_text("x<img alt=\"صورة"), "x");
        assert_eq!(html_to_text("<"), "<");
    }

    #[test]
    fn a_bare_less_than_is_text() {
        assert_eq!(html_to_text("<p>if a < b and 2<3 then &lt;ok&gt;</p>"), "if a < b and 2<3 then <ok>");
        assert_eq!(html_to_text("I <3 you <b>really</b>"), "I <3 you really");
    }

    #[test]
    fn block_elements_make_lines_and_blank_runs_collapse() {
        assert_eq!(html_to_text("<div>one</div><div>two</div><br><br><br><p>three</p>"), "one\ntwo\n\nthree");
    }

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
    }
}
