//! The formatting an agent writes in a reply, as plain-text mail has long written it: `**bold**`,
//! `*italic*` or `_italic_`, `[words](https://link)`, lines starting with `- ` (a list), `1. `
//! (a numbered list) or `> ` (a quote). The composer's buttons and shortcuts write these marks
//! around the selection; the text/plain part keeps them (links as `words <https://link>`), the
//! text/html part renders them.
//!
//! Written here rather than with a Markdown library: the syntax is six marks, the output must be
//! nothing but a fixed set of tags (no raw HTML, images or remote anything, which a Markdown
//! renderer passes through), and a library renderer would cost more bundle than this whole file.
//! It reads teammates' saved replies too, so it returns on any input, in time linear in the line
//! (every mark looks for its nearest closer only).

use crate::text::escape_html;

/// One run of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link { words: String, href: String },
}

/// A block of lines of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<String>),
    Bullets(Vec<String>),
    Numbered(Vec<String>),
    Quote(Vec<String>),
}

/// What a line is, by how it starts; with the line's text without its mark.
fn line_kind(line: &str) -> (u8, &str) {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")).or_else(|| trimmed.strip_prefix("• ")) {
        return (1, rest);
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        if let Some(rest) = trimmed[digits..].strip_prefix(". ").or_else(|| trimmed[digits..].strip_prefix(") ")) {
            return (2, rest);
        }
    }
    if let Some(rest) = trimmed.strip_prefix('>') {
        return (3, rest.strip_prefix(' ').unwrap_or(rest));
    }
    (0, line)
}

/// The text's blocks: a blank line ends a paragraph; a run of list or quote lines is one block.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut last: Option<u8> = None;
    for line in text.lines() {
        if line.trim().is_empty() {
            last = None;
            continue;
        }
        let (kind, rest) = line_kind(line);
        let rest = rest.to_string();
        match (out.last_mut(), last == Some(kind)) {
            (Some(Block::Paragraph(l) | Block::Bullets(l) | Block::Numbered(l) | Block::Quote(l)), true) => l.push(rest),
            _ => out.push(match kind {
                1 => Block::Bullets(vec![rest]),
                2 => Block::Numbered(vec![rest]),
                3 => Block::Quote(vec![rest]),
                _ => Block::Paragraph(vec![rest]),
            }),
        }
        last = Some(kind);
    }
    out
}

const LINK_SCHEMES: [&str; 3] = ["http://", "https://", "mailto:"];

fn is_link(s: &str) -> bool {
    LINK_SCHEMES.iter().any(|p| s.len() > p.len() && s.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)))
        && !s.contains(char::is_whitespace)
}

/// Parses a line's inline marks.
pub fn inline(line: &str) -> Vec<Inline> {
    Parser::new(line.chars().collect(), false).run(0)
}

/// The marks the agent wrote, from the text/plain part [`to_plain`] made of them (a reply taken
/// back to be edited): there, `*words*` is bold (italic is `_words_`), so it is `**words**` again.
/// Links stay as the plain part has them (`words <https://link>`).
pub fn marks_from_plain(plain: &str) -> String {
    plain.lines().map(|line| as_text(&Parser::new(line.chars().collect(), true).run(0), false)).collect::<Vec<_>>().join("\n")
}

struct Parser {
    chars: Vec<char>,
    out: Vec<Inline>,
    text: String,
    /// Marks known to have no closer after the point reached (`**`, `*`, `_`, `](`).
    no_closer: [bool; 4],
    /// The last `[words](link)` looked for, as (`](`, `)`): every `[` before it finds the same.
    link_marks: Option<(usize, Option<usize>)>,
    /// A single `*` marks bold, not italic (a text/plain part made by [`to_plain`]).
    star_is_strong: bool,
    /// Where the last word looked at ends: every position before it is in the same word.
    word_end: usize,
}

impl Parser {
    fn new(chars: Vec<char>, star_is_strong: bool) -> Self {
        Parser { chars, out: Vec::new(), text: String::new(), no_closer: [false; 4], link_marks: None, star_is_strong, word_end: 0 }
    }

    fn run(mut self, depth: u8) -> Vec<Inline> {
        let mut i = 0;
        while i < self.chars.len() {
            i = self.step(i, depth);
        }
        self.flush();
        self.out
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.out.push(Inline::Text(std::mem::take(&mut self.text)));
        }
    }

    fn at_word_start(&self, i: usize) -> bool {
        i == 0 || !self.chars[i - 1].is_alphanumeric()
    }

    fn slice(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    /// The position of `mark` at or after `from`, closing a run (not after a space, and for
    /// single marks not followed by a letter).
    fn closer(&mut self, slot: usize, mark: &[char], from: usize) -> Option<usize> {
        if self.no_closer[slot] {
            return None;
        }
        let found = (from..self.chars.len()).find(|&j| {
            self.chars[j..].starts_with(mark)
                && !self.chars[j - 1].is_whitespace()
                && (mark.len() > 1 || self.chars.get(j + 1).is_none_or(|c| !c.is_alphanumeric()))
        });
        if found.is_none() {
            self.no_closer[slot] = true;
        }
        found
    }

    /// Reads what starts at `i`; returns where to go on.
    fn step(&mut self, i: usize, depth: u8) -> usize {
        let c = self.chars[i];
        let next_is_word = self.chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        if depth < 3 && c == '*' && self.chars.get(i + 1) == Some(&'*') && self.chars.get(i + 2).is_some_and(|c| !c.is_whitespace()) {
            if let Some(end) = self.closer(0, &['*', '*'], i + 3) {
                return self.wrap(i + 2, end, end + 2, depth, Inline::Strong);
            }
        }
        if depth < 3 && (c == '*' || c == '_') && self.at_word_start(i) && next_is_word && self.chars.get(i + 1) != Some(&c) {
            if let Some(end) = self.closer(if c == '*' { 1 } else { 2 }, &[c], i + 2) {
                let make = if c == '*' && self.star_is_strong { Inline::Strong } else { Inline::Emphasis };
                return self.wrap(i + 1, end, end + 1, depth, make);
            }
        }
        if c == '[' {
            if let Some(next) = self.link(i) {
                return next;
            }
        }
        if self.at_word_start(i) && matches!(c, 'h' | 'H' | 'm' | 'M') {
            if i >= self.word_end {
                self.word_end = (i..self.chars.len()).find(|&j| self.chars[j].is_whitespace()).unwrap_or(self.chars.len());
            }
            let word = self.slice(i, self.word_end);
            let trimmed = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '»', '،', '。', '，', '*', '_']);
            if is_link(trimmed) {
                self.flush();
                let count = trimmed.chars().count();
                self.out.push(Inline::Link { words: trimmed.to_string(), href: trimmed.to_string() });
                return i + count;
            }
        }
        self.text.push(c);
        i + 1
    }

    fn wrap(&mut self, from: usize, to: usize, next: usize, depth: u8, make: fn(Vec<Inline>) -> Inline) -> usize {
        self.flush();
        self.out.push(make(Parser::new(self.chars[from..to].to_vec(), self.star_is_strong).run(depth + 1)));
        next
    }

    /// `[words](link)`, when the link is a web or mail link.
    fn link(&mut self, i: usize) -> Option<usize> {
        if self.no_closer[3] {
            return None;
        }
        let (mid, end) = match self.link_marks {
            Some((mid, end)) if i < mid => (mid, end),
            _ => {
                let Some(mid) = (i + 1..self.chars.len()).find(|&j| self.chars[j] == ']' && self.chars.get(j + 1) == Some(&'(')) else {
                    self.no_closer[3] = true;
                    return None;
                };
                let end = (mid + 2..self.chars.len()).find(|&j| self.chars[j] == ')');
                // No `)` after this `](`: none after a later one either.
                self.no_closer[3] = end.is_none();
                self.link_marks = Some((mid, end));
                (mid, end)
            }
        };
        let end = end?;
        let href = self.slice(mid + 2, end);
        let words = self.slice(i + 1, mid);
        if !is_link(&href) || words.trim().is_empty() || words.contains('[') {
            return None;
        }
        self.flush();
        self.out.push(Inline::Link { words, href });
        Some(end + 1)
    }
}

/// The agent's text as HTML blocks (paragraphs, lists, quotes), every character escaped.
pub fn to_html(text: &str) -> String {
    let mut out = String::new();
    for block in blocks(text) {
        let (open, close, item_open, item_close, joiner) = match &block {
            Block::Paragraph(_) => ("<p dir=\"auto\">", "</p>", "", "", "<br>"),
            Block::Bullets(_) => ("<ul dir=\"auto\">", "</ul>", "<li>", "</li>", ""),
            Block::Numbered(_) => ("<ol dir=\"auto\">", "</ol>", "<li>", "</li>", ""),
            Block::Quote(_) => (
                "<blockquote dir=\"auto\" style=\"margin:0 0 0 .8ex;border-left:2px solid #ccc;padding-left:1ex\">",
                "</blockquote>",
                "",
                "",
                "<br>",
            ),
        };
        let (Block::Paragraph(lines) | Block::Bullets(lines) | Block::Numbered(lines) | Block::Quote(lines)) = &block;
        out.push_str(open);
        let items: Vec<String> = lines.iter().map(|l| format!("{item_open}{}{item_close}", inline_html(&inline(l)))).collect();
        out.push_str(&items.join(joiner));
        out.push_str(close);
    }
    out
}

fn inline_html(runs: &[Inline]) -> String {
    runs.iter()
        .map(|run| match run {
            Inline::Text(t) => escape_html(t),
            Inline::Strong(inner) => format!("<strong>{}</strong>", inline_html(inner)),
            Inline::Emphasis(inner) => format!("<em>{}</em>", inline_html(inner)),
            Inline::Link { words, href } => format!("<a href=\"{}\">{}</a>", escape_html(href), escape_html(words)),
        })
        .collect()
}

/// The agent's text as the text/plain part: as typed, but `**bold**` as `*bold*` and a link
/// written `[words](link)` as `words <link>`.
pub fn to_plain(text: &str) -> String {
    text.lines().map(|line| as_text(&inline(line), true)).collect::<Vec<_>>().join("\n")
}

/// Runs written back as text: as the plain part writes them (`plain`), else as the agent's marks.
fn as_text(runs: &[Inline], plain: bool) -> String {
    runs.iter()
        .map(|run| match run {
            Inline::Text(t) => t.clone(),
            Inline::Strong(inner) if plain => format!("*{}*", as_text(inner, plain)),
            Inline::Strong(inner) => format!("**{}**", as_text(inner, plain)),
            Inline::Emphasis(inner) => format!("_{}_", as_text(inner, plain)),
            Inline::Link { words, href } if words == href => href.clone(),
            Inline::Link { words, href } if plain => format!("{words} <{href}>"),
            Inline::Link { words, href } => format!("[{words}]({href})"),
        })
        .collect()
}

/// A formatting button or shortcut of the composer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Bold,
    Italic,
    Link,
    Bullets,
    Numbered,
    Quote,
}

/// The text after the agent applied `mark` to the selection `start..end`, and what to select
/// next. Offsets count UTF-16 units, as a browser's `selectionStart` does; wrong ones are clamped.
pub fn apply(mark: Mark, text: &str, start: u32, end: u32) -> (String, u32, u32) {
    let (a, b) = (byte_at(text, start.min(end)), byte_at(text, start.max(end)));
    let (before, chosen, after) = (&text[..a], &text[a..b], &text[b..]);
    let (new, from, to) = match mark {
        Mark::Bold => wrap(before, chosen, after, "**"),
        Mark::Italic => wrap(before, chosen, after, "_"),
        Mark::Link => {
            let (words, link) = if is_link(chosen.trim()) { ("link", chosen.trim()) } else { (chosen, "https://") };
            let words = if words.is_empty() { "link" } else { words };
            let head = format!("{before}[{words}](");
            let (from, to) =
                if link == "https://" { (head.len(), head.len() + link.len()) } else { (before.len() + 1, before.len() + 1 + words.len()) };
            (format!("{head}{link}){after}"), from, to)
        }
        Mark::Bullets | Mark::Numbered | Mark::Quote => prefix_lines(text, a, b, mark),
    };
    (new.clone(), units(&new, from), units(&new, to))
}

/// Wraps the chosen text in `mark`, or takes the marks away when it already has them.
fn wrap(before: &str, chosen: &str, after: &str, mark: &str) -> (String, usize, usize) {
    if let (Some(b), Some(a)) = (before.strip_suffix(mark), after.strip_prefix(mark)) {
        return (format!("{b}{chosen}{a}"), b.len(), b.len() + chosen.len());
    }
    // Spaces selected with a word stay outside the marks (a mark next to a space is not one).
    let inner = chosen.trim();
    let lead = &chosen[..chosen.len() - chosen.trim_start().len()];
    let trail = &chosen[chosen.trim_end().len()..];
    let from = before.len() + lead.len() + mark.len();
    (format!("{before}{lead}{mark}{inner}{mark}{trail}{after}"), from, from + inner.len())
}

/// Starts every line touched by `a..b` with the list or quote mark, or takes it away when all
/// have it already; the lines stay selected.
fn prefix_lines(text: &str, a: usize, b: usize, mark: Mark) -> (String, usize, usize) {
    let first = text[..a].rfind('\n').map_or(0, |i| i + 1);
    let last = text[b..].find('\n').map_or(text.len(), |i| b + i);
    let lines: Vec<&str> = text[first..last].split('\n').collect();
    let has = |l: &str| {
        line_kind(l).0
            == match mark {
                Mark::Bullets => 1,
                Mark::Numbered => 2,
                _ => 3,
            }
    };
    let all = lines.iter().all(|l| has(l));
    let changed: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(n, l)| match (all, mark) {
            (true, _) => line_kind(l).1.to_string(),
            (false, Mark::Bullets) => format!("- {l}"),
            (false, Mark::Numbered) => format!("{}. {l}", n + 1),
            (false, _) => format!("> {l}"),
        })
        .collect();
    let block = changed.join("\n");
    (format!("{}{block}{}", &text[..first], &text[last..]), first, first + block.len())
}

/// The byte where UTF-16 unit `unit` falls (at a character's start).
fn byte_at(text: &str, unit: u32) -> usize {
    let mut count = 0u32;
    for (i, c) in text.char_indices() {
        if count >= unit {
            return i;
        }
        count += c.len_utf16() as u32;
    }
    text.len()
}

/// How many UTF-16 units the text has before byte `byte`.
fn units(text: &str, byte: usize) -> u32 {
    text.get(..byte.min(text.len())).map_or(0, |t| t.encode_utf16().count() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_tags() {
        assert_eq!(
            to_html("Hi **Ahmed**, it is *fixed* and _shipped_."),
            "<p dir=\"auto\">Hi <strong>Ahmed</strong>, it is <em>fixed</em> and <em>shipped</em>.</p>"
        );
        assert_eq!(
            to_html("See [the guide](https://example.com/a?b=1&c=2) or https://x.test/y."),
            "<p dir=\"auto\">See <a href=\"https://example.com/a?b=1&amp;c=2\">the guide</a> or <a href=\"https://x.test/y\">https://x.test/y</a>.</p>"
        );
        assert_eq!(to_html("Steps:\n1. Open\n2. Click\n\n- a\n- **b**\n> quoted\n> more"), "<p dir=\"auto\">Steps:</p><ol dir=\"auto\"><li>Open</li><li>Click</li></ol><ul dir=\"auto\"><li>a</li><li><strong>b</strong></li></ul><blockquote dir=\"auto\" style=\"margin:0 0 0 .8ex;border-left:2px solid #ccc;padding-left:1ex\">quoted<br>more</blockquote>");
    }

    #[test]
    fn what_is_not_a_mark_stays_text() {
        assert_eq!(
            to_html("snake_case_name 2*3*4 a ** b ** [x](javascript:alert(1))"),
            "<p dir=\"auto\">snake_case_name 2*3*4 a ** b ** [x](javascript:alert(1))</p>"
        );
        assert_eq!(to_html("**unclosed and *half"), "<p dir=\"auto\">**unclosed and *half</p>");
        assert_eq!(to_html("<b>hi</b> & \"x\""), "<p dir=\"auto\">&lt;b&gt;hi&lt;/b&gt; &amp; &quot;x&quot;</p>");
    }

    #[test]
    fn arabic_and_chinese_take_marks_too() {
        assert_eq!(to_html("**مرحبا** بك، *谢谢*"), "<p dir=\"auto\"><strong>مرحبا</strong> بك، <em>谢谢</em></p>");
    }

    #[test]
    fn buttons_write_the_marks_around_the_selection() {
        assert_eq!(apply(Mark::Bold, "say hi now", 4, 6), ("say **hi** now".into(), 6, 8));
        assert_eq!(apply(Mark::Bold, "say **hi** now", 6, 8), ("say hi now".into(), 4, 6));
        assert_eq!(apply(Mark::Italic, "say hi  now", 4, 7), ("say _hi_  now".into(), 5, 7));
        assert_eq!(apply(Mark::Bold, "", 0, 0), ("****".into(), 2, 2));
        assert_eq!(apply(Mark::Link, "see guide", 4, 9), ("see [guide](https://)".into(), 12, 20));
        assert_eq!(apply(Mark::Link, "https://x.test", 0, 14), ("[link](https://x.test)".into(), 1, 5));
        assert_eq!(apply(Mark::Bullets, "a\nb\nc", 0, 3), ("- a\n- b\nc".into(), 0, 7));
        assert_eq!(apply(Mark::Bullets, "- a\n- b", 1, 5), ("a\nb".into(), 0, 3));
        assert_eq!(apply(Mark::Numbered, "x\ny", 2, 2), ("x\n1. y".into(), 2, 6));
        assert_eq!(apply(Mark::Quote, "x", 0, 1), ("> x".into(), 0, 3));
    }

    #[test]
    fn offsets_count_as_the_browser_does() {
        // 😀 is two UTF-16 units, مرحبا five.
        assert_eq!(apply(Mark::Bold, "😀 مرحبا", 3, 8), ("😀 **مرحبا**".into(), 5, 10));
        assert_eq!(apply(Mark::Bold, "ab", 9, 1), ("a**b**".into(), 3, 4));
    }

    #[test]
    fn plain_keeps_the_marks_readable() {
        assert_eq!(to_plain("**Hi** [guide](https://x.test) _now_\n- item"), "*Hi* guide <https://x.test> _now_\n- item");
    }

    #[test]
    fn marks_come_back_from_the_plain_part() {
        let written = "**Hi** _now_, **_both_** and https://x.test\n- item 5 * 3";
        assert_eq!(marks_from_plain(&to_plain(written)), written);
        assert_eq!(marks_from_plain("*a* b_c_ d"), "**a** b_c_ d");
    }
}
