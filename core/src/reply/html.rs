//! The HTML part of a reply, made from what the agent wrote: every character of their text is
//! escaped, its formatting marks become tags ([`super::formatting`]), paragraphs and line breaks
//! are kept, web and mail links become anchors, and a quoted earlier message becomes a
//! `blockquote`. Nothing else: no remote resource, no script, no style
//! sheet, so what Tandem sends cannot load or run anything in the customer's mail client.

use super::formatting::to_html;
use crate::text::escape_html;

/// `text` as the HTML body of a reply; `quoted` (the earlier message, already a plain text) goes
/// below it in a `blockquote` under `attribution` ("On … Ahmed wrote:").
pub fn reply_html(text: &str, quoted: Option<(&str, &str)>) -> String {
    let mut out = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>");
    out.push_str(&to_html(text));
    if let Some((attribution, quote)) = quoted {
        out.push_str("<p dir=\"auto\">");
        out.push_str(&escape_html(attribution));
        out.push_str("</p><blockquote style=\"margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex\">");
        push_paragraphs(&mut out, quote);
        out.push_str("</blockquote>");
    }
    out.push_str("</body></html>");
    out
}

/// Blank lines separate paragraphs; single line breaks stay as `<br>` (the quoted message: its
/// text is the customer's, where a `*` is only a star).
fn push_paragraphs(out: &mut String, text: &str) {
    let normalized = text.replace("\r\n", "\n");
    for paragraph in normalized.split("\n\n").map(|p| p.trim_matches('\n')).filter(|p| !p.trim().is_empty()) {
        out.push_str("<p dir=\"auto\">");
        let lines: Vec<String> = paragraph.lines().map(linkify).collect();
        out.push_str(&lines.join("<br>"));
        out.push_str("</p>");
    }
}

/// Escapes a line and turns `http://`, `https://` and `mailto:` links into anchors.
fn linkify(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let trimmed = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '»', '،', '。', '，']);
        let is_link =
            ["http://", "https://", "mailto:"].iter().any(|p| trimmed.len() > p.len() && trimmed.to_ascii_lowercase().starts_with(p));
        if is_link {
            let href = escape_html(trimmed);
            out.push_str(&format!("<a href=\"{href}\">{href}</a>"));
            out.push_str(&escape_html(&word[trimmed.len()..]));
        } else {
            out.push_str(&escape_html(word));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_links_become_anchors() {
        let html = reply_html("Hi <b>Ahmed</b> & co,\nsee https://example.com/a?b=1&c=2.\n\nمرحبا", None);
        assert!(html.contains("<p dir=\"auto\">Hi &lt;b&gt;Ahmed&lt;/b&gt; &amp; co,<br>see <a href=\"https://example.com/a?b=1&amp;c=2\">https://example.com/a?b=1&amp;c=2</a>.</p>"), "{html}");
        assert!(html.contains("<p dir=\"auto\">مرحبا</p>"));
    }

    /// Every tag in `html`, as written.
    fn tags(html: &str) -> Vec<&str> {
        html.match_indices('<').map(|(i, _)| &html[i..i + html[i..].find('>').map_or(html.len() - i, |j| j + 1)]).collect()
    }

    #[test]
    fn nothing_but_text_links_and_quotes_is_generated() {
        let hostile = "javascript:alert(1) \"><img src=x onerror=alert(1)> http://x\" onmouseover=\"y <style>* {}</style>";
        let html = reply_html(hostile, Some(("On Monday <x> wrote:", "<script>bad()</script>")));
        let fixed = [
            "<!DOCTYPE html>",
            "<html>",
            "<head>",
            "<meta charset=\"utf-8\">",
            "</head>",
            "<body>",
            "</body>",
            "</html>",
            "<p dir=\"auto\">",
            "</p>",
            "<br>",
            "</a>",
            "</blockquote>",
        ];
        for tag in tags(&html) {
            let link =
                tag.strip_prefix("<a href=\"").and_then(|t| t.strip_suffix("\">")).is_some_and(|href| !href.contains(['"', '<', '>']));
            let quote = tag.starts_with("<blockquote style=\"margin:0 0 0 .8ex;");
            assert!(fixed.contains(&tag) || link || quote, "unexpected {tag} in {html}");
        }
        assert!(html.contains("&lt;script&gt;bad()&lt;/script&gt;") && html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }
}
