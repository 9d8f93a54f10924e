//! The search query language, read from what the agent typed (or from the address, or a recent
//! search: untrusted, so nothing here panics). Words are split on any Unicode whitespace;
//! `"quoted phrases"` are one term; `-` before a term negates it; `name:value` is an operator
//! when `name` is one (else the word is plain text). Why a query cannot be read is a [`QueryHint`].

use super::day::Day;
use super::hint::QueryHint;

/// At most this many characters are read.
pub const MAX_CHARS: usize = 1_000;
/// At most this many terms are read.
pub const MAX_TERMS: usize = 40;

/// A parsed query: every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub terms: Vec<Term>,
}

/// One term: what it asks, and whether it is negated (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub negated: bool,
    pub kind: TermKind,
}

/// What a term asks. Text values are lower-cased, whitespace inside them made single spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// A word or phrase anywhere (subject, sender, text).
    Text(String),
    From(String),
    To(String),
    Subject(String),
    /// A tag's name, or the start of one.
    Tag(String),
    Assignee(AssigneeIs),
    Is(IsWhat),
    Has(HasWhat),
    /// Received before the start of this (UTC) day.
    Before(Day),
    /// Received on or after the start of this (UTC) day.
    After(Day),
}

/// Who `assignee:` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeIs {
    /// `assignee:me`: the signed-in agent.
    Me,
    /// `assignee:none`: nobody.
    Nobody,
    /// A login or an agent's name, lower-cased (bound to a login by `resolve`).
    Login(String),
}

/// What `is:` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IsWhat {
    Open,
    Pending,
    Snoozed,
    Closed,
    Unread,
}

/// What `has:` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HasWhat {
    Attachment,
    Note,
}

/// The operators, by the name typed before the colon (any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    From,
    To,
    Subject,
    Tag,
    Assignee,
    Is,
    Has,
    Before,
    After,
}

const OPERATORS: [(&str, Operator); 9] = [
    ("from", Operator::From),
    ("to", Operator::To),
    ("subject", Operator::Subject),
    ("tag", Operator::Tag),
    ("assignee", Operator::Assignee),
    ("is", Operator::Is),
    ("has", Operator::Has),
    ("before", Operator::Before),
    ("after", Operator::After),
];

impl Operator {
    fn named(name: &str) -> Option<Operator> {
        OPERATORS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, op)| *op)
    }

    fn name(self) -> &'static str {
        OPERATORS.iter().find(|(_, op)| *op == self).map_or("", |(n, _)| n)
    }
}

/// Reads a query. Empty or blank input is a query without terms; an unterminated quote runs to
/// the end; a lone `-` and an empty phrase are ignored.
pub fn parse(input: &str) -> Result<SearchQuery, QueryHint> {
    // Bytes first: counting characters is only needed when the bytes could be too many.
    if input.len() > MAX_CHARS && input.chars().count() > MAX_CHARS {
        return Err(QueryHint::TooLong);
    }
    let mut terms = Vec::new();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let (negated, body) = match rest.strip_prefix('-') {
            Some(body) => (true, body),
            None => (false, rest),
        };
        if negated && body.chars().next().is_none_or(char::is_whitespace) {
            rest = body.trim_start();
            continue;
        }
        let (kind, after) = next_term(body)?;
        rest = after.trim_start();
        if let Some(kind) = kind {
            terms.push(Term { negated, kind });
            if terms.len() > MAX_TERMS {
                return Err(QueryHint::TooLong);
            }
        }
    }
    Ok(SearchQuery { terms })
}

/// The term at the start of `body` (none for an empty phrase) and what follows it.
fn next_term(body: &str) -> Result<(Option<TermKind>, &str), QueryHint> {
    if let Some(quoted) = body.strip_prefix('"') {
        let (phrase, rest) = phrase(quoted);
        let text = normalize(phrase);
        return Ok(((!text.is_empty()).then_some(TermKind::Text(text)), rest));
    }
    let end = body.find(char::is_whitespace).unwrap_or(body.len());
    let word = &body[..end];
    let operator = word.split_once(':').and_then(|(name, value)| Some((Operator::named(name)?, name.len(), value)));
    let Some((operator, name_len, value)) = operator else {
        return Ok((Some(TermKind::Text(word.to_lowercase())), &body[end..]));
    };
    // A quoted value may hold spaces: it runs past the word, to its closing quote.
    let (value, rest) = match body[name_len + 1..].strip_prefix('"') {
        Some(quoted) => phrase(quoted),
        None => (value, &body[end..]),
    };
    Ok((Some(operator_term(operator, &normalize(value))?), rest))
}

/// A phrase's text up to its closing quote (or the end), and what follows the quote.
fn phrase(quoted: &str) -> (&str, &str) {
    match quoted.find('"') {
        Some(at) => (&quoted[..at], &quoted[at + 1..]),
        None => (quoted, ""),
    }
}

/// Lower-cased, with runs of whitespace made one space and none at either end.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

const IS_VALUES: &str = "open, pending, snoozed, closed or unread";
const HAS_VALUES: &str = "attachment or note";

/// The term `operator:value` (`value` normalized).
fn operator_term(operator: Operator, value: &str) -> Result<TermKind, QueryHint> {
    let name = operator.name();
    if value.is_empty() {
        return Err(QueryHint::EmptyValue { operator: name });
    }
    let unknown = |expected| QueryHint::UnknownValue { operator: name, value: value.to_string(), expected };
    let day = || Day::parse(value).ok_or_else(|| QueryHint::BadDate { operator: name, value: value.to_string() });
    Ok(match operator {
        Operator::From => TermKind::From(value.into()),
        Operator::To => TermKind::To(value.into()),
        Operator::Subject => TermKind::Subject(value.into()),
        Operator::Tag => TermKind::Tag(value.into()),
        Operator::Assignee => TermKind::Assignee(match value {
            "me" => AssigneeIs::Me,
            "none" => AssigneeIs::Nobody,
            login => AssigneeIs::Login(login.into()),
        }),
        Operator::Is => TermKind::Is(match value {
            "open" => IsWhat::Open,
            "pending" => IsWhat::Pending,
            "snoozed" => IsWhat::Snoozed,
            "closed" => IsWhat::Closed,
            "unread" => IsWhat::Unread,
            _ => return Err(unknown(IS_VALUES)),
        }),
        Operator::Has => TermKind::Has(match value {
            "attachment" | "attachments" => HasWhat::Attachment,
            "note" | "notes" => HasWhat::Note,
            _ => return Err(unknown(HAS_VALUES)),
        }),
        Operator::Before => TermKind::Before(day()?),
        Operator::After => TermKind::After(day()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(bool, TermKind)> {
        parse(input).unwrap().terms.into_iter().map(|t| (t.negated, t.kind)).collect()
    }

    fn text(s: &str) -> TermKind {
        TermKind::Text(s.into())
    }

    #[test]
    fn reads_every_operator_in_any_case() {
        let got = kinds(
            "Refund FROM:Alice to:bob@x.org Subject:Late tag:BILLING assignee:me assignee:none assignee:Carol \
             is:Open is:pending is:snoozed is:closed is:unread has:attachment has:Attachments has:note has:NOTES \
             before:2026-12-01 after:2026/1/5",
        );
        let day = |y, m, d| Day::new(y, m, d).unwrap();
        let expected = [
            text("refund"),
            TermKind::From("alice".into()),
            TermKind::To("bob@x.org".into()),
            TermKind::Subject("late".into()),
            TermKind::Tag("billing".into()),
            TermKind::Assignee(AssigneeIs::Me),
            TermKind::Assignee(AssigneeIs::Nobody),
            TermKind::Assignee(AssigneeIs::Login("carol".into())),
            TermKind::Is(IsWhat::Open),
            TermKind::Is(IsWhat::Pending),
            TermKind::Is(IsWhat::Snoozed),
            TermKind::Is(IsWhat::Closed),
            TermKind::Is(IsWhat::Unread),
            TermKind::Has(HasWhat::Attachment),
            TermKind::Has(HasWhat::Attachment),
            TermKind::Has(HasWhat::Note),
            TermKind::Has(HasWhat::Note),
            TermKind::Before(day(2026, 12, 1)),
            TermKind::After(day(2026, 1, 5)),
        ];
        assert_eq!(got, expected.into_iter().map(|k| (false, k)).collect::<Vec<_>>());
    }

    #[test]
    fn quotes_make_one_term_and_may_be_unterminated() {
        assert_eq!(kinds("\"Late   Delivery\" x"), [(false, text("late delivery")), (false, text("x"))]);
        assert_eq!(kinds("subject:\"late delivery\" y"), [(false, TermKind::Subject("late delivery".into())), (false, text("y"))]);
        assert_eq!(kinds("tag:\"VIP client"), [(false, TermKind::Tag("vip client".into()))]);
        assert_eq!(kinds("\"never closed"), [(false, text("never closed"))]);
        assert_eq!(kinds("\"\" \"  \" a"), [(false, text("a"))]);
        assert_eq!(kinds("\"a\"b"), [(false, text("a")), (false, text("b"))]);
    }

    #[test]
    fn a_dash_negates_and_a_lone_one_is_ignored() {
        assert_eq!(
            kinds("-tag:billing - -\"a phrase\" -word e-mail -"),
            [(true, TermKind::Tag("billing".into())), (true, text("a phrase")), (true, text("word")), (false, text("e-mail")),]
        );
        assert_eq!(kinds("--x"), [(true, text("-x"))]);
    }

    #[test]
    fn unknown_prefixes_and_any_whitespace_are_text() {
        assert_eq!(
            kinds("http://x.org/a re: 10:30 :x"),
            [(false, text("http://x.org/a")), (false, text("re:")), (false, text("10:30")), (false, text(":x")),]
        );
        assert_eq!(
            kinds("退款\u{3000}عاجل\u{a0}Ünïcode\tx"),
            [(false, text("退款")), (false, text("عاجل")), (false, text("ünïcode")), (false, text("x"))]
        );
        assert_eq!(parse("").unwrap(), SearchQuery::default());
        assert_eq!(parse(" \u{2003}\n ").unwrap(), SearchQuery::default());
    }

    #[test]
    fn what_cannot_be_read_says_why() {
        assert_eq!(parse("a tag:"), Err(QueryHint::EmptyValue { operator: "tag" }));
        assert_eq!(parse("tag: billing"), Err(QueryHint::EmptyValue { operator: "tag" }));
        assert_eq!(parse("subject:\"  \""), Err(QueryHint::EmptyValue { operator: "subject" }));
        assert_eq!(parse("is:maybe"), Err(QueryHint::UnknownValue { operator: "is", value: "maybe".into(), expected: IS_VALUES }));
        assert!(matches!(parse("has:cats"), Err(QueryHint::UnknownValue { operator: "has", .. })));
        assert_eq!(parse("before:2026-13-45"), Err(QueryHint::BadDate { operator: "before", value: "2026-13-45".into() }));
        assert_eq!(parse("after:2026-02-30"), Err(QueryHint::BadDate { operator: "after", value: "2026-02-30".into() }));
        assert_eq!(parse(&"x".repeat(MAX_CHARS + 1)), Err(QueryHint::TooLong));
        assert_eq!(parse(&"é".repeat(MAX_CHARS)).map(|q| q.terms.len()), Ok(1), "characters are counted, not bytes");
        assert_eq!(parse(&"a ".repeat(MAX_TERMS + 1)), Err(QueryHint::TooLong));
        assert_eq!(parse(&"a ".repeat(MAX_TERMS)).map(|q| q.terms.len()), Ok(MAX_TERMS));
    }
}

#[cfg(test)]
mod hint_sentences {
    use super::*;
    use crate::search::hint::QueryHint;

    fn sentence(input: &str) -> String {
        parse(input).unwrap_err().sentence()
    }

    #[test]
    fn each_hint_is_one_clear_sentence() {
        assert_eq!(sentence("is:maybe"), "“is:” takes open, pending, snoozed, closed or unread.");
        assert_eq!(sentence("has:cats"), "“has:” takes attachment or note.");
        assert_eq!(sentence("before:2026-13-45"), "“before:” needs a date like 2026-12-31.");
        assert_eq!(sentence("AFTER:soon"), "“after:” needs a date like 2026-12-31.");
        assert_eq!(sentence("tag:"), "“tag:” needs a tag's name after it.");
        assert_eq!(sentence("x from:"), "“from:” needs a name or an address after it.");
        assert_eq!(sentence("assignee:"), "“assignee:” needs me, none or an agent after it.");
        assert_eq!(sentence("is:"), "“is:” needs open, pending, snoozed, closed or unread after it.");
        assert_eq!((MAX_TERMS, MAX_CHARS), (40, 1_000), "the sentence says these");
        assert_eq!(sentence(&"a ".repeat(41)), "The search is too long: use at most 40 words and 1,000 characters.");
        assert_eq!(QueryHint::UnknownTag("billing".into()).sentence(), "No tag is named “billing”.");
        assert_eq!(QueryHint::UnknownAgent("bob smith".into()).to_string(), "No agent is named “bob smith”.");
    }
}
