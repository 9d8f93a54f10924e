//! Activity records: who changed a thread's assignee, status or tags, and when — an email in
//! `Tandem/Notes` joined to the thread, written in the same `Email/set` as the change itself
//! (docs/scheme.md, "Notes and activity"), so the timeline shows it to everyone.

use serde_json::Value;

use super::thread_record::{record_object, state_keywords, Author, RecordTarget};
use crate::model::keywords::ACTIVITY;
use crate::model::kind::KIND_ACTIVITY;
use crate::model::status::Status;

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
    /// the app to word it in the agent's language. The sentence does not hold a tag's id (left
    /// empty), and the snooze's end is the date as written. `None`: not a sentence of Tandem's.
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
}
