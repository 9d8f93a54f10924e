//! Whether a thread's row matches a bound query: for the local copy (every term checked) and for
//! the server's hits (the team's terms checked again, the text ones taken as the server found).

use super::day::Day;
use super::query::{HasWhat, IsWhat};
use super::resolve::{ResolvedKind, ResolvedQuery, ResolvedTerm};
use crate::model::status::Status;
use crate::thread_list::ThreadSummary;

/// Where a row comes from, which says what is left to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The local copy: every term is checked against the row.
    Copy,
    /// A thread the server returned for [`ResolvedQuery::server_filter`]: it matched the text,
    /// `from:`, `to:` and `subject:` terms (negated ones too) against whole messages, which the
    /// row does not hold, so those are taken as true. The team's terms are checked again: the
    /// server applies them to single emails, the row says the thread's state.
    ServerHit,
}

/// The lower-cased subject, sender (name and address) and preview of one thread, computed once (when the index is
/// built) so that a search allocates nothing per thread: one string, `subject \n from \n preview`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    text: String,
    subject_end: usize,
    from_end: usize,
}

impl SearchText {
    /// The searchable text of `thread` (Unicode lower-casing).
    pub fn of(thread: &ThreadSummary) -> SearchText {
        let mut text = String::with_capacity(thread.subject.len() + thread.from.len() + thread.preview.len() + 2);
        text.push_str(&thread.subject.to_lowercase());
        let subject_end = text.len();
        text.push('\n');
        text.push_str(&thread.from.to_lowercase());
        if !thread.from_email.is_empty() {
            text.push(' ');
            text.push_str(&thread.from_email.to_lowercase());
        }
        let from_end = text.len();
        text.push('\n');
        text.push_str(&thread.preview.to_lowercase());
        SearchText { text, subject_end, from_end }
    }

    // `get`: the offsets are right by construction, but a wrong one must not panic.
    pub fn subject(&self) -> &str {
        self.text.get(..self.subject_end).unwrap_or_default()
    }

    pub fn from(&self) -> &str {
        self.text.get(self.subject_end + 1..self.from_end).unwrap_or_default()
    }

    pub fn preview(&self) -> &str {
        self.text.get(self.from_end + 1..).unwrap_or_default()
    }

    /// Whether the subject, the sender or the preview contains `value` (lower-cased).
    pub fn contains(&self, value: &str) -> bool {
        if value.contains('\n') {
            // Never from `parse` (it makes whitespace single spaces); the parts one by one, so
            // that no match spans two of them.
            return [self.subject(), self.from(), self.preview()].iter().any(|p| p.contains(value));
        }
        // One pass over the three: a value without a newline cannot span the separators.
        self.text.contains(value)
    }
}

impl Default for SearchText {
    /// The text of a thread with no subject, sender or preview.
    fn default() -> Self {
        SearchText { text: "\n\n".into(), subject_end: 0, from_end: 1 }
    }
}

impl ResolvedQuery {
    /// Whether `thread` (with `text`, its [`SearchText`]) matches every term; a negated term
    /// holds when its term does not. `to:` is false in [`Scope::Copy`] (check
    /// [`ResolvedQuery::copy_can_answer`] first). An empty query matches every thread.
    pub fn matches(&self, thread: &ThreadSummary, text: &SearchText, scope: Scope) -> bool {
        // The team's terms first: they are cheap, and most rows fail one when there is one.
        let (team, textual) = (self.terms.iter().filter(|t| !is_textual(t)), self.terms.iter().filter(|t| is_textual(t)));
        team.chain(textual).all(|term| (scope == Scope::ServerHit && is_textual(term)) || holds(term, thread, text) != term.negated)
    }
}

/// Whether the term searches the message text (subject, sender, recipients, words): what the
/// server matches against whole messages.
fn is_textual(term: &ResolvedTerm) -> bool {
    matches!(term.kind, ResolvedKind::Text(_) | ResolvedKind::From(_) | ResolvedKind::To(_) | ResolvedKind::Subject(_))
}

/// Whether the term itself (not negated) holds for the row.
fn holds(term: &ResolvedTerm, thread: &ThreadSummary, text: &SearchText) -> bool {
    match &term.kind {
        ResolvedKind::Text(v) => text.contains(v),
        ResolvedKind::From(v) => text.from().contains(v.as_str()),
        ResolvedKind::Subject(v) => text.subject().contains(v.as_str()),
        ResolvedKind::To(_) => false,
        ResolvedKind::Tags(ids) => thread.tags.iter().any(|t| ids.contains(t)),
        ResolvedKind::Assignee(None) => thread.assignee.is_none(),
        // Case-insensitive without allocating: `login` is lower-cased already.
        ResolvedKind::Assignee(Some(login)) => {
            thread.assignee.as_deref().is_some_and(|a| a.chars().flat_map(char::to_lowercase).eq(login.chars()))
        }
        ResolvedKind::Is(what) => match what {
            IsWhat::Open => thread.status == Status::Open,
            IsWhat::Pending => thread.status == Status::Pending,
            IsWhat::Snoozed => thread.status == Status::Snoozed,
            IsWhat::Closed => thread.status == Status::Closed,
            IsWhat::Unread => thread.unread,
        },
        ResolvedKind::Has(HasWhat::Attachment) => thread.has_attachment,
        ResolvedKind::Has(HasWhat::Note) => thread.has_note,
        ResolvedKind::Before(day) => received(thread, day) == Some(std::cmp::Ordering::Less),
        ResolvedKind::After(day) => received(thread, day).is_some_and(|o| o != std::cmp::Ordering::Less),
    }
}

/// How the thread's date compares with the start of `day`; `None` when it has no readable date.
fn received(thread: &ThreadSummary, day: &Day) -> Option<std::cmp::Ordering> {
    // The UTC form (`…Z`, as JMAP servers send) is compared by its date, without allocating.
    match Day::of_utc(&thread.received_at) {
        Some(date) => Some(date.cmp(&day.triple())),
        None => Some(crate::date::parse_utc(&thread.received_at)?.cmp(&day.start_secs())),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::search::{parse, resolve};
    use crate::team::settings::{Tag, TeamSettings};

    /// A thread of the tests: open, read, unassigned, untagged unless changed.
    pub(crate) fn row(id: &str, subject: &str, from: &str, preview: &str, at: &str) -> ThreadSummary {
        ThreadSummary {
            subject: subject.into(),
            from: from.into(),
            preview: preview.into(),
            received_at: at.into(),
            ..crate::thread_list::test_row(id)
        }
    }

    pub(crate) fn query(input: &str) -> ResolvedQuery {
        let tag = |id: &str, name: &str| Tag { id: id.into(), name: name.into(), color: "#1971c2".into() };
        let team = TeamSettings { tags: vec![tag("b1", "Billing"), tag("u1", "عاجل"), tag("r1", "退款")], ..TeamSettings::default() };
        resolve(&parse(input).unwrap(), &team, "alice").unwrap()
    }

    fn copy(input: &str, t: &ThreadSummary) -> bool {
        query(input).matches(t, &SearchText::of(t), Scope::Copy)
    }

    fn server(input: &str, t: &ThreadSummary) -> bool {
        query(input).matches(t, &SearchText::of(t), Scope::ServerHit)
    }

    fn sample() -> ThreadSummary {
        let mut t = row("t", "Refund for LATE delivery", "Alice Martin", "Order 退款 arrived Σ broken", "2026-11-30T09:12:00Z");
        t.tags = vec!["b1".into(), "r1".into()];
        t.assignee = Some("Bob".into());
        t.unread = true;
        t.has_note = true;
        t
    }

    #[test]
    fn from_matches_the_senders_address_as_well_as_their_name() {
        let mut t = sample();
        t.from_email = "Alice.Martin@Customer.example".into();
        let text = SearchText::of(&t);
        assert!(query("from:alice.martin@customer.example").matches(&t, &text, Scope::Copy));
        assert!(query("from:customer.example").matches(&t, &text, Scope::Copy));
        assert!(!query("subject:customer.example").matches(&t, &text, Scope::Copy));
        t.from_email.clear();
        assert!(!query("from:customer.example").matches(&t, &SearchText::of(&t), Scope::Copy));
    }

    #[test]
    fn the_copy_checks_every_term() {
        let t = sample();
        for yes in [
            "refund",
            "\"late delivery\"",
            "alice",
            "退款",
            "σ",
            "from:martin",
            "subject:refund",
            "-subject:order",
            "tag:billing tag:退款",
            "-tag:عاجل",
            "assignee:bob",
            "-assignee:none",
            "is:open is:unread -is:closed",
            "has:note -has:attachment",
            "before:2026-12-01 after:2026-11-30",
            "-before:2026-11-30 -after:2026-12-01",
            "",
        ] {
            assert!(copy(yes, &t), "{yes} should match");
        }
        for no in [
            "refunded",
            "late-delivery",
            "subject:alice",
            "from:refund",
            "tag:عاجل",
            "assignee:me",
            "assignee:none",
            "is:pending",
            "-is:unread",
            "has:attachment",
            "before:2026-11-30",
            "after:2026-12-01",
            "to:bob",
        ] {
            assert!(!copy(no, &t), "{no} should not match");
        }
        assert!(copy("-to:bob", &t), "a negated to: holds in the copy");
    }

    #[test]
    fn separators_are_no_text() {
        let t = row("t", "abc", "def", "ghi", "2026-01-01T00:00:00Z");
        let text = SearchText::of(&t);
        assert_eq!((text.subject(), text.from(), text.preview()), ("abc", "def", "ghi"));
        assert!(!text.contains("c\nd") && text.contains("ef"));
        let empty = SearchText::default();
        assert_eq!(empty, SearchText::of(&row("t", "", "", "", "")));
        assert_eq!((empty.subject(), empty.from(), empty.preview()), ("", "", ""));
    }

    #[test]
    fn server_hits_keep_the_servers_text_match_and_check_the_team_terms() {
        let t = sample();
        assert!(server("nowhere -refund from:zed to:someone subject:nothing", &t), "text terms are the server's");
        assert!(server("body-only-word is:open tag:billing", &t));
        assert!(!server("body-only-word is:closed", &t), "the thread's status is checked again");
        assert!(!server("x -tag:billing", &t));
        assert!(!server("x assignee:none", &t));
    }

    #[test]
    fn dates_in_other_forms_are_read_and_unreadable_ones_match_no_date() {
        let offset = row("t", "", "", "", "2026-12-01T00:30:00+01:00");
        assert!(copy("before:2026-12-01", &offset), "23:30 UTC the day before");
        let fraction = row("t", "", "", "", "2026-12-01T00:00:00.5Z");
        assert!(copy("after:2026-12-01", &fraction) && !copy("before:2026-12-01", &fraction));
        let none = row("t", "", "", "", "");
        assert!(!copy("before:2026-12-01", &none) && !copy("after:2026-12-01", &none) && copy("-after:2026-12-01", &none));
    }
}
