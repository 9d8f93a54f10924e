//! Activity records: who changed a thread's assignee, status or tags, and when — an email in
//! `Tandem/Notes` joined to the thread, written in the same `Email/set` as the change itself
//! (docs/scheme.md, "Notes and activity"), so the timeline shows it to everyone.

use serde_json::Value;

use super::thread_record::{record_object, state_keywords, Author, RecordTarget};
use crate::model::keywords::ACTIVITY;
use crate::model::kind::KIND_ACTIVITY;
use crate::model::status::Status;

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
            Activity::Woke => "The snooze ended: this conversation is open again".to_string(),
            Activity::Tagged { name, on: true, .. } => format!("{actor} tagged this conversation “{name}”"),
            Activity::Tagged { name, on: false, .. } => format!("{actor} removed the tag “{name}”"),
        }
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
}
