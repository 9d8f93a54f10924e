//! Activity records: who changed a thread's assignee, status or tags, and when — an email in
//! `Tandem/Notes` joined to the thread, written in the same `Email/set` as the change itself
//! (docs/scheme.md, "Notes and activity"), so the timeline shows it to everyone.
//!
//! A record says what happened twice: in its body, an English sentence for any mail client
//! ([`Activity::describe`]), and in its headers, for Tandem: `X-Tandem-Activity`,
//! `X-Tandem-Author` and, for a snooze, `X-Tandem-Snooze-Until`. The app reads the headers
//! ([`Activity::of_headers`], [`Activity::of_record`]); the sentence ([`Activity::read`]) only for
//! records without them, and for what the headers do not hold (the tag's name at the time, that a
//! reopening was a snooze ending).

use serde_json::Value;

use super::thread_record::{record_object, state_keywords, Author, RecordTarget};
use crate::model::keywords::ACTIVITY;
use crate::model::kind::KIND_ACTIVITY;
use crate::model::status::Status;
use crate::text::clean_line;

/// Most characters an `X-Tandem-Activity` value, a login or a date is read from.
const MAX_HEADER_CHARS: usize = 512;

/// The sentence of [`Activity::Woke`] (no one acted).
const WOKE: &str = "The snooze ended: this conversation is open again";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Activity {
    /// Assigned to a login, or unassigned.
    Assigned(Option<String>),
    Status(Status),
    /// Snoozed until a UTC date (`X-Tandem-Snooze-Until`).
    Snoozed {
        until: String,
    },
    /// Reopened by Tandem because a snooze ended.
    Woke,
    /// A tag (id, name at the time) put on or taken off.
    Tagged {
        id: String,
        name: String,
        on: bool,
    },
}

impl Activity {
    /// The sentence shown in the timeline.
    pub fn describe(&self, actor: &str) -> String {
        match self {
            Activity::Assigned(Some(to)) if to.eq_ignore_ascii_case(actor) => format!("{actor} took this conversation"),
            Activity::Assigned(Some(to)) => format!("{actor} assigned this conversation to {to}"),
            Activity::Assigned(None) => format!("{actor} unassigned this conversation"),
            Activity::Status(Status::Open) => format!("{actor} reopened this conversation"),
            Activity::Status(s) => format!("{actor} marked this conversation {}", s.label().to_lowercase()),
            Activity::Snoozed { until } => format!("{actor} snoozed this conversation until {until}"),
            Activity::Woke => WOKE.to_string(),
            Activity::Tagged { name, on: true, .. } => format!("{actor} tagged this conversation “{name}”"),
            Activity::Tagged { name, on: false, .. } => format!("{actor} removed the tag “{name}”"),
        }
    }

    /// An activity record read back from its sentence (the body every record has, written by
    /// [`Activity::describe`] in English for any mail client): who acted, and what they did, for
    /// the app to word it in the agent's language when the record has no `X-Tandem-Activity`
    /// (written before it; else [`Activity::of_record`]). The sentence does not hold a tag's id
    /// (left empty), and the snooze's end is the date as written; a name or login containing the
    /// sentence's words may read wrongly. `None`: not a sentence of Tandem's.
    pub fn read(sentence: &str) -> Option<(String, Activity)> {
        if sentence == WOKE {
            return Some((String::new(), Activity::Woke));
        }
        let tag = |marker: &str, on: bool| {
            let (actor, rest) = sentence.split_once(marker)?;
            let name = rest.strip_suffix('”')?;
            Some((actor.to_string(), Activity::Tagged { id: String::new(), name: name.to_string(), on }))
        };
        if let Some(read) = tag(" tagged this conversation “", true).or_else(|| tag(" removed the tag “", false)) {
            return Some(read);
        }
        if let Some(actor) = sentence.strip_suffix(" took this conversation") {
            return Some((actor.to_string(), Activity::Assigned(Some(actor.to_string()))));
        }
        if let Some(actor) = sentence.strip_suffix(" unassigned this conversation") {
            return Some((actor.to_string(), Activity::Assigned(None)));
        }
        if let Some(actor) = sentence.strip_suffix(" reopened this conversation") {
            return Some((actor.to_string(), Activity::Status(Status::Open)));
        }
        // A login, a status or a date ends these sentences: never the marker.
        let last = |marker: &str| sentence.rfind(marker).map(|at| (sentence[..at].to_string(), &sentence[at + marker.len()..]));
        if let Some((actor, to)) = last(" assigned this conversation to ") {
            return Some((actor, Activity::Assigned(Some(to.to_string()))));
        }
        if let Some((actor, until)) = last(" snoozed this conversation until ") {
            return Some((actor, Activity::Snoozed { until: until.to_string() }));
        }
        let (actor, status) = last(" marked this conversation ")?;
        let status = [Status::Pending, Status::Snoozed, Status::Closed].into_iter().find(|s| s.label().eq_ignore_ascii_case(status))?;
        Some((actor, Activity::Status(status)))
    }

    /// The machine-readable `X-Tandem-Activity` header: `assign:<login>`, `unassign`,
    /// `status:<open|pending|snoozed|closed>`, `tag:+<id>` or `tag:-<id>`.
    pub fn header(&self) -> String {
        match self {
            Activity::Assigned(Some(to)) => format!("assign:{to}"),
            Activity::Assigned(None) => "unassign".into(),
            Activity::Status(s) => format!("status:{}", s.label().to_lowercase()),
            Activity::Snoozed { .. } => "status:snoozed".into(),
            Activity::Woke => "status:open".into(),
            Activity::Tagged { id, on, .. } => format!("tag:{}{id}", if *on { '+' } else { '-' }),
        }
    }

    /// A record read from its headers: `header` the `X-Tandem-Activity` value, `author` the login
    /// of `X-Tandem-Author`, `snooze_until` the `X-Tandem-Snooze-Until` value. Gives (the actor's
    /// login, the activity); a tag's name is left empty (the app names it by its id, from the team
    /// settings). `None`: not a value Tandem writes, or no author. Any input may come from any
    /// client: it never panics, and a login or date is one clean line.
    pub fn of_headers(header: &str, author: &str, snooze_until: Option<&str>) -> Option<(String, Activity)> {
        let line = |s: &str| Some(clean_line(s)).filter(|s| !s.is_empty() && s.chars().count() <= MAX_HEADER_CHARS);
        let author = line(author)?;
        let header = header.trim();
        let activity = match header.split_once(':') {
            None if header.eq_ignore_ascii_case("unassign") => Activity::Assigned(None),
            None => return None,
            Some((kind, value)) if kind.eq_ignore_ascii_case("assign") => Activity::Assigned(Some(line(value)?)),
            Some((kind, value)) if kind.eq_ignore_ascii_case("status") => {
                let status = [Status::Open, Status::Pending, Status::Snoozed, Status::Closed]
                    .into_iter()
                    .find(|s| s.label().eq_ignore_ascii_case(value))?;
                match snooze_until.and_then(line) {
                    Some(until) if status == Status::Snoozed => Activity::Snoozed { until },
                    _ => Activity::Status(status),
                }
            }
            Some((kind, value)) if kind.eq_ignore_ascii_case("tag") => {
                let on = match value.chars().next()? {
                    '+' => true,
                    '-' => false,
                    _ => return None,
                };
                let id = &value[1..];
                if id.is_empty() || id.len() > MAX_HEADER_CHARS || !id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()) {
                    return None;
                }
                Activity::Tagged { id: id.to_string(), name: String::new(), on }
            }
            Some(_) => return None,
        };
        Some((author, activity))
    }

    /// A record read from its headers ([`Activity::of_headers`]), with what only its `sentence`
    /// says: that a reopening was a snooze ending ([`Activity::Woke`]), and a tag's name at the
    /// time (empty if the sentence does not read as that tagging).
    pub fn of_record(header: &str, author: &str, snooze_until: Option<&str>, sentence: &str) -> Option<(String, Activity)> {
        let (actor, activity) = Activity::of_headers(header, author, snooze_until)?;
        let activity = match (activity, Activity::read(sentence)) {
            (Activity::Status(Status::Open), Some((_, Activity::Woke))) => Activity::Woke,
            (Activity::Tagged { id, on, .. }, Some((_, Activity::Tagged { name, on: said, .. }))) if said == on => {
                Activity::Tagged { id, name, on }
            }
            (activity, _) => activity,
        };
        Some((actor, activity))
    }

    /// The record to create, given the thread's status and assignee after the change.
    pub fn record(&self, target: &RecordTarget, actor: &Author, status_after: Status, assignee_after: Option<&str>) -> Value {
        let keywords = state_keywords(ACTIVITY, status_after, assignee_after);
        let mut headers = vec![("X-Tandem-Activity", self.header())];
        if let Activity::Snoozed { until } = self {
            headers.push(("X-Tandem-Snooze-Until", until.clone()));
        }
        record_object(target, KIND_ACTIVITY, keywords, actor, &self.describe(&actor.name), &headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_headers() {
        assert_eq!(Activity::Assigned(Some("bob".into())).describe("alice"), "alice assigned this conversation to bob");
        assert_eq!(Activity::Assigned(Some("alice".into())).describe("alice"), "alice took this conversation");
        assert_eq!(Activity::Status(Status::Closed).describe("bob"), "bob marked this conversation closed");
        assert_eq!(Activity::Status(Status::Open).header(), "status:open");
        let t = Activity::Tagged { id: "k2".into(), name: "فاتورة".into(), on: false };
        assert_eq!(t.describe("bob"), "bob removed the tag “فاتورة”");
        assert_eq!(t.header(), "tag:-k2");
    }

    #[test]
    fn every_sentence_reads_back_as_its_activity() {
        let all = [
            Activity::Assigned(Some("bob".into())),
            Activity::Assigned(None),
            Activity::Status(Status::Open),
            Activity::Status(Status::Pending),
            Activity::Status(Status::Snoozed),
            Activity::Status(Status::Closed),
            Activity::Snoozed { until: "2026-12-07T08:00:00Z".into() },
            Activity::Tagged { id: String::new(), name: "فاتورة “urgent” took this conversation".into(), on: true },
            Activity::Tagged { id: String::new(), name: "日历".into(), on: false },
        ];
        for actor in ["Alice Martin", "أحمد"] {
            for activity in &all {
                assert_eq!(Activity::read(&activity.describe(actor)), Some((actor.to_string(), activity.clone())), "{activity:?}");
            }
        }
        let took = Activity::Assigned(Some("alice".into())).describe("alice");
        assert_eq!(Activity::read(&took), Some(("alice".into(), Activity::Assigned(Some("alice".into())))));
        assert_eq!(Activity::read(&Activity::Woke.describe("alice")), Some((String::new(), Activity::Woke)));
        // The tag's id is not in the sentence.
        let tagged = Activity::Tagged { id: "k2".into(), name: "VIP".into(), on: true }.describe("bob");
        assert_eq!(Activity::read(&tagged), Some(("bob".into(), Activity::Tagged { id: String::new(), name: "VIP".into(), on: true })));
        for other in ["", "Called the customer", "bob marked this conversation urgent"] {
            assert_eq!(Activity::read(other), None, "{other}");
        }
    }

    #[test]
    fn every_record_reads_back_from_its_headers() {
        let all = [
            Activity::Assigned(Some("bob".into())),
            Activity::Assigned(Some("josé@x.org".into())),
            Activity::Assigned(None),
            Activity::Status(Status::Open),
            Activity::Status(Status::Pending),
            Activity::Status(Status::Snoozed),
            Activity::Status(Status::Closed),
            Activity::Tagged { id: "k2".into(), name: String::new(), on: true },
            Activity::Tagged { id: "lz3x9a".into(), name: String::new(), on: false },
        ];
        for activity in &all {
            assert_eq!(Activity::of_headers(&activity.header(), "alice", None), Some(("alice".into(), activity.clone())), "{activity:?}");
        }
        let until = "2026-12-07T08:00:00Z";
        let snoozed = Activity::Snoozed { until: until.into() };
        assert_eq!(Activity::of_headers(&snoozed.header(), "bob", Some(until)), Some(("bob".into(), snoozed)));
        assert_eq!(Activity::of_headers("status:snoozed", "bob", Some("  ")), Some(("bob".into(), Activity::Status(Status::Snoozed))));
        assert_eq!(Activity::of_headers("status:closed", "bob", Some(until)), Some(("bob".into(), Activity::Status(Status::Closed))));
        // Folded or padded as a server may give it back.
        assert_eq!(Activity::of_headers(" Status:Pending ", " alice ", None), Some(("alice".into(), Activity::Status(Status::Pending))));
    }

    #[test]
    fn a_record_takes_from_its_sentence_what_the_headers_do_not_say() {
        let tagged = Activity::Tagged { id: "k2".into(), name: "took this conversation “x” removed the tag “".into(), on: false };
        let read = Activity::of_record(&tagged.header(), "alice", None, &tagged.describe("Alice Martin"));
        assert_eq!(read, Some(("alice".into(), tagged)), "the id from the header, the old name from the sentence");
        let other = Activity::of_record("tag:+k2", "alice", None, "alice removed the tag “VIP”");
        assert_eq!(other, Some(("alice".into(), Activity::Tagged { id: "k2".into(), name: String::new(), on: true })));
        let woke = Activity::of_record(&Activity::Woke.header(), "carol", None, &Activity::Woke.describe("carol"));
        assert_eq!(woke, Some(("carol".into(), Activity::Woke)));
        let reopened = Activity::of_record("status:open", "carol", None, &Activity::Status(Status::Open).describe("carol"));
        assert_eq!(reopened, Some(("carol".into(), Activity::Status(Status::Open))));
        // The header wins over a sentence that says otherwise.
        let assigned = Activity::of_record("assign:bob", "alice", None, "mallory took this conversation");
        assert_eq!(assigned, Some(("alice".into(), Activity::Assigned(Some("bob".into())))));
    }

    #[test]
    fn malformed_headers_read_as_nothing() {
        for header in [
            "",
            "assign",
            "assign:",
            "assign: \t",
            "unassign:bob",
            "status:",
            "status:urgent",
            "status:open:now",
            "tag:",
            "tag:+",
            "tag:k2",
            "tag:*k2",
            "tag:+K2",
            "tag:+k 2",
            "tag:+\u{0}",
            "tag:-é",
            "close",
            ":",
            "💥:💥",
        ] {
            assert_eq!(Activity::of_headers(header, "alice", None), None, "{header:?}");
        }
        assert_eq!(Activity::of_headers("unassign", "", None), None, "no author");
        assert_eq!(Activity::of_headers("unassign", "\r\n\u{202E}", None), None, "no author");
        let bidi = Activity::of_headers("assign:bob\u{202E}\r\nBcc: x", "al\u{2066}ice", None);
        assert_eq!(bidi, Some(("alice".into(), Activity::Assigned(Some("bob  Bcc: x".into())))), "one clean line");
        assert_eq!(Activity::of_headers(&format!("assign:{}", "a".repeat(MAX_HEADER_CHARS + 1)), "alice", None), None);
    }

    mod hostile {
        use super::*;
        use proptest::prelude::*;

        /// Pieces of real values and of markers, joined with anything.
        fn header() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("assign:".to_string()),
                Just("unassign".to_string()),
                Just("status:".to_string()),
                Just("tag:".to_string()),
                Just("+".to_string()),
                Just("-".to_string()),
                Just(":".to_string()),
                Just("snoozed".to_string()),
                Just("\u{202E}".to_string()),
                Just("é".to_string()),
                any::<String>(),
            ];
            proptest::collection::vec(piece, 0..6).prop_map(|p| p.concat())
        }

        proptest! {
            #[test]
            fn any_headers_read_without_panicking(header in header(), author in any::<String>(), until in proptest::option::of(any::<String>()), sentence in any::<String>()) {
                if let Some((actor, activity)) = Activity::of_record(&header, &author, until.as_deref(), &sentence) {
                    prop_assert!(!actor.is_empty() && !actor.chars().any(char::is_control));
                    match activity {
                        Activity::Assigned(Some(to)) => prop_assert!(!to.is_empty() && !to.chars().any(char::is_control)),
                        Activity::Snoozed { until } => prop_assert!(!until.is_empty()),
                        Activity::Tagged { id, .. } => prop_assert!(!id.is_empty()),
                        _ => {}
                    }
                }
            }

            #[test]
            fn written_headers_read_back(login in "[^\\p{C}\\s][^\\p{C}]{0,20}", id in "[0-9a-z]{1,12}", on in any::<bool>()) {
                let login = clean_line(&login);
                prop_assume!(!login.is_empty());
                let assigned = Activity::Assigned(Some(login.clone()));
                prop_assert_eq!(Activity::of_headers(&assigned.header(), &login, None), Some((login.clone(), assigned)));
                let tagged = Activity::Tagged { id, name: String::new(), on };
                prop_assert_eq!(Activity::of_headers(&tagged.header(), &login, None), Some((login.clone(), tagged)));
            }
        }
    }
}
