//! A plain-text body laid out for reading: paragraphs, links made from `http:`, `https:` and
//! `mailto:` addresses only (never anything the text does not spell out), and the quoted earlier
//! messages and the signature marked as foldable. The result is data: the app renders every piece
//! as a text node or an `<a href>` whose scheme is one of the three.

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    /// A link: `href` starts with `http://`, `https://` or `mailto:`; `text` is what the mail says.
    Link {
        href: String,
        text: String,
    },
}

/// A paragraph: its lines (joined by `\n`, shown with their breaks) as spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    /// Part of a quoted earlier message or the signature: shown behind "…".
    pub folded: bool,
}

/// Lays out `body`: paragraphs split at blank lines; lines starting with `>` (with the "On …
/// wrote:" line just above them) and everything after a `-- ` signature line are folded, unless
/// folding would hide the whole message.
pub fn layout(body: &str) -> Vec<Paragraph> {
    let lines: Vec<&str> = body.lines().collect();
    let mut folded: Vec<bool> = lines.iter().map(|l| l.trim_start().starts_with('>')).collect();
    // The attribution line ("On Monday, Ann wrote:") above a quote, skipping blank lines.
    for i in 0..lines.len() {
        if !folded[i] && lines[i].trim_end().ends_with(':') {
            if let Some(next) = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty()) {
                if folded[next] {
                    folded[i] = true;
                }
            }
        }
    }
    if let Some(sig) = lines.iter().rposition(|l| *l == "-- " || *l == "--") {
        for f in &mut folded[sig..] {
            *f = true;
        }
    }
    let shown = lines.iter().zip(&folded).any(|(l, f)| !f && !l.trim().is_empty());
    if !shown {
        folded.iter_mut().for_each(|f| *f = false);
    }
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut current_folded = false;
    let flush = |current: &mut Vec<&str>, folded: bool, out: &mut Vec<Paragraph>| {
        if !current.is_empty() {
            out.push(Paragraph { spans: linkify(&current.join("\n")), folded });
            current.clear();
        }
    };
    for (line, &f) in lines.iter().zip(&folded) {
        if line.trim().is_empty() {
            flush(&mut current, current_folded, &mut out);
            continue;
        }
        if f != current_folded {
            flush(&mut current, current_folded, &mut out);
            current_folded = f;
        }
        current.push(line.trim_end());
    }
    flush(&mut current, current_folded, &mut out);
    out
}

const SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// Splits `text` into text and links. A link starts at a word boundary with one of the three
/// schemes and runs to whitespace or `<>"`; trailing punctuation and an unbalanced `)` stay text.
pub fn linkify(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let at_boundary = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let scheme = SCHEMES.iter().find(|s| rest.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)));
        if let (true, Some(scheme)) = (at_boundary, scheme) {
            let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"')).unwrap_or(rest.len());
            let candidate = trim_trailing(&rest[..end]);
            let body = candidate.get(scheme.len()..).unwrap_or_default();
            let valid = if *scheme == "mailto:" { body.contains('@') } else { !body.is_empty() };
            if valid {
                if plain_from < i {
                    spans.push(Span::Text(text[plain_from..i].to_string()));
                }
                let href = format!("{}{}", scheme, body);
                spans.push(Span::Link { href, text: candidate.to_string() });
                i += candidate.len();
                plain_from = i;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    if plain_from < text.len() {
        spans.push(Span::Text(text[plain_from..].to_string()));
    }
    spans
}

/// `url` without trailing punctuation, and without a closing `)` it does not open.
fn trim_trailing(mut url: &str) -> &str {
    loop {
        let Some(last) = url.chars().next_back() else { return url };
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']' | '}') || unbalanced {
            url = &url[..url.len() - last.len_utf8()];
        } else {
            return url;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(href: &str, text: &str) -> Span {
        Span::Link { href: href.into(), text: text.into() }
    }

    #[test]
    fn only_three_schemes_become_links_and_punctuation_stays_text() {
        assert_eq!(
            linkify("See https://ex.com/a?b=1. Or (http://x.org/wiki_(a)) javascript:alert(1) mailto:a@b.c!"),
            vec![
                Span::Text("See ".into()),
                link("https://ex.com/a?b=1", "https://ex.com/a?b=1"),
                Span::Text(". Or (".into()),
                link("http://x.org/wiki_(a)", "http://x.org/wiki_(a)"),
                Span::Text(") javascript:alert(1) ".into()),
                link("mailto:a@b.c", "mailto:a@b.c"),
                Span::Text("!".into()),
            ]
        );
        assert_eq!(
            linkify("xhttps://a.b mailto:nobody https:// mailto:"),
            vec![Span::Text("xhttps://a.b mailto:nobody https:// mailto:".into())]
        );
        assert_eq!(
            linkify("HTTPS://Ex.com\"onmouseover=x"),
            vec![link("https://Ex.com", "HTTPS://Ex.com"), Span::Text("\"onmouseover=x".into())]
        );
        assert_eq!(
            linkify("مرحبا https://مثال.com/ص،"),
            vec![Span::Text("مرحبا ".into()), link("https://مثال.com/ص،", "https://مثال.com/ص،")]
        );
    }

    #[test]
    fn quotes_with_their_attribution_and_the_signature_fold() {
        let body = "Thanks, it works now.\n\nOn Mon, Ann wrote:\n> Try again\n> please\n\n-- \nBob\nACME";
        let p = layout(body);
        let shown: Vec<(bool, String)> = p
            .iter()
            .map(|p| {
                (
                    p.folded,
                    p.spans
                        .iter()
                        .map(|s| match s {
                            Span::Text(t) | Span::Link { text: t, .. } => t.as_str(),
                        })
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (false, "Thanks, it works now.".into()),
                (true, "On Mon, Ann wrote:\n> Try again\n> please".into()),
                (true, "--\nBob\nACME".into())
            ]
        );
    }

    #[test]
    fn a_message_that_is_all_quote_is_not_hidden() {
        assert!(layout("> only\n> quoted").iter().all(|p| !p.folded));
        assert!(layout("").is_empty());
    }
}

#[cfg(test)]
mod hostile {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text lays out without panicking, and every link is one of the three schemes.
        #[test]
        fn any_text_lays_out_and_links_keep_their_scheme(body in "(\\PC|\n|>|-- |https://|mailto:|\\(|\\)|\\.){0,200}") {
            for p in layout(&body) {
                for s in p.spans {
                    if let Span::Link { href, .. } = s {
                        prop_assert!(SCHEMES.iter().any(|s| href.starts_with(s)), "{href}");
                    }
                }
            }
        }
    }
}
