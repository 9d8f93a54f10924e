//! HTML to plain text, as a reader would see the mail: markup dropped, `script`/`style`/`head`
//! content dropped, whitespace collapsed as a browser collapses it (a line break in the source is
//! a space) except inside `pre`, block elements as line breaks, images as their `alt` text,
//! character references decoded. Every slice is taken at an ASCII byte, so no input can cut a
//! character in two.

use super::entities::decode_entities;

/// Plain text from an HTML body.
pub fn html_to_text(html: &str) -> String {
    let mut out = TextOut::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_text(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if !opens_markup(rest) {
            // HTML reads a `<` that cannot start a tag ("a < b", "<3", "<مرحبا") as text.
            out.push_text("<");
            rest = &rest[1..];
            continue;
        }
        let Some((inner, next)) = split_tag(rest) else {
            // A tag still open at the end of the body is dropped, as HTML drops it.
            rest = "";
            break;
        };
        rest = next;
        let closing = inner.starts_with('/');
        let name: String =
            inner.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if !closing && matches!(name.as_str(), "script" | "style" | "head" | "title" | "template") {
            let close = format!("</{name}");
            rest = match find_ascii_ci(rest, &close) {
                Some(i) => split_tag(&rest[i..]).map_or("", |(_, next)| next),
                None => "",
            };
            continue;
        }
        out.tag(&name, closing, inner);
    }
    out.push_text(&decode_entities(rest));
    out.finish()
}

/// The text being written, and whether it is inside a `pre`.
#[derive(Default)]
struct TextOut {
    text: String,
    pre_depth: usize,
}

impl TextOut {
    /// Text as a browser lays it out: outside `pre`, runs of whitespace (line breaks included)
    /// are one space, and none starts a line.
    fn push_text(&mut self, s: &str) {
        if self.pre_depth > 0 {
            self.text.push_str(s);
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() {
                if !(self.text.is_empty() || self.text.ends_with([' ', '\n'])) {
                    self.text.push(' ');
                }
            } else {
                self.text.push(c);
            }
        }
    }

    fn tag(&mut self, name: &str, closing: bool, inner: &str) {
        match name {
            "br" => self.text.push('\n'),
            "pre" => {
                self.breaks(2);
                self.pre_depth = if closing { self.pre_depth.saturating_sub(1) } else { self.pre_depth + 1 };
            }
            "p" | "blockquote" | "table" | "ul" | "ol" | "hr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.breaks(2),
            "div" | "tr" | "li" | "dd" | "dt" => self.breaks(1),
            "td" | "th" if !closing => self.push_text(" "),
            "img" => {
                if let Some(alt) = attribute(inner, "alt").filter(|a| !a.trim().is_empty()) {
                    self.push_text(" ");
                    self.push_text(&decode_entities(alt));
                    self.push_text(" ");
                }
            }
            _ => {}
        }
    }

    /// Ends the text with at least `n` line breaks (none at the very start).
    fn breaks(&mut self, n: usize) {
        let trimmed = self.text.trim_end_matches(' ').len();
        self.text.truncate(trimmed);
        if self.text.trim().is_empty() {
            return;
        }
        let have = self.text.len() - self.text.trim_end_matches('\n').len();
        for _ in have..n {
            self.text.push('\n');
        }
    }

    /// Lines without trailing spaces, at most one blank line in a row, none at either end.
    fn finish(self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut blank_run = 0;
        for line in self.text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                blank_run += 1;
                if blank_run > 1 || out.is_empty() {
                    continue;
                }
            } else {
                blank_run = 0;
            }
            out.push_str(line);
            out.push('\n');
        }
        out.trim_end().to_string()
    }
}

/// Whether the `<` starting `s` opens a tag, an end tag or a declaration (as HTML tokenizes it).
fn opens_markup(s: &str) -> bool {
    s[1..].chars().next().is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
}

/// A tag starting at `s` (which starts with `<`): what lies between `<` and the `>` that closes it
/// (quotes inside the tag respected), and what follows; `None` for a tag never closed.
fn split_tag(s: &str) -> Option<(&str, &str)> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some((&s[1..i], &s[i + 1..])),
            _ => {}
        }
    }
    None
}

/// The value of attribute `name` in a tag's inside (`img src=x alt="A > B"`), quoted or not.
fn attribute<'a>(inner: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = inner;
    while let Some(i) = find_ascii_ci(rest, name) {
        let before_ok = rest[..i].ends_with(|c: char| c.is_ascii_whitespace());
        let after = rest[i + name.len()..].trim_start();
        rest = &rest[i + name.len()..];
        let Some(value) = after.strip_prefix('=').map(str::trim_start).filter(|_| before_ok) else { continue };
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split(|c: char| c.is_ascii_whitespace() || c == '/').next().unwrap_or(""),
        });
    }
    None
}

/// Where the ASCII `needle` starts in `haystack`, ignoring ASCII case; at a char boundary since
/// the match starts with an ASCII byte.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().saturating_sub(n.len())).find(|&i| h.len() >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_scripts_and_styles() {
        let html = r#"<html><head><title>T</title><style>p{color:red}</style></head><body><p>Hello <b>there</b></p><script>alert("x")</script><p>Bye&nbsp;now &amp; then &lt;3 &#x4e2d;&#25991;</p><img src="http://tracker.invalid/p.gif" alt=""></body></html>"#;
        assert_eq!(html_to_text(html), "Hello there\n\nBye now & then <3 中文");
    }

    #[test]
    fn script_case_and_comments() {
        assert_eq!(html_to_text("a<SCRIPT type=x>evil()</Script >b<!-- hidden -->c"), "abc");
        assert_eq!(html_to_text("x<script>never closed"), "x");
    }

    #[test]
    fn block_elements_make_lines_and_blank_runs_collapse() {
        assert_eq!(html_to_text("<div>one</div><div>two</div><br><br><br><p>three</p>"), "one\ntwo\n\nthree");
    }

    #[test]
    fn source_line_breaks_are_spaces_but_pre_keeps_its_layout() {
        let html = "<p class=MsoNormal>the signed contract and the\r\nupdated order</p>\n\n<p>·&nbsp;&nbsp;\n</span>Delivery</p><pre>\n    if a &lt; b:\n        go()   # x</pre><p>after</p>";
        assert_eq!(
            html_to_text(html),
            "the signed contract and the updated order\n\n· Delivery\n\n    if a < b:\n        go()   # x\n\nafter"
        );
    }

    #[test]
    fn images_read_as_their_alt_text() {
        assert_eq!(
            html_to_text(r#"<p>Sale<img src="x.png" ALT="20% off &amp; more"/>now<img alt=solo src=y></p>"#),
            "Sale 20% off & more now solo"
        );
    }

    #[test]
    fn multibyte_text_after_an_ampersand_or_in_an_open_tag_never_panics() {
        // Byte 12 after the `&` falls inside 'ح': the reported crash.
        assert_eq!(html_to_text("<p>&nbsp; مرحبا، أرسلوا لي قائمة الأسعار من فضلكم</p>"), "مرحبا، أرسلوا لي قائمة الأسعار من فضلكم");
        assert_eq!(html_to_text("<p>Hi</p><é"), "Hi\n\n<é");
        assert_eq!(html_to_text("x<img alt=\"صورة"), "x");
        assert_eq!(html_to_text("<"), "<");
    }

    #[test]
    fn a_bare_less_than_is_text() {
        assert_eq!(html_to_text("<p>if a < b and 2<3 then &lt;ok&gt;</p>"), "if a < b and 2<3 then <ok>");
        assert_eq!(html_to_text("I <3 you <b>really</b>"), "I <3 you really");
    }
}
