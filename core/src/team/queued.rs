//! Team changes as outbox entries (`crate::sync::Outbox`), planned from the local copy's records
//! of a thread: the change shows at once (the app applies each entry's optimistic batch to its
//! copy), survives a reload (the outbox is saved), and reaches the server once, in order, when it
//! can (offline: on reconnect). Each change is two entries, like its online twin in `status` or
//! `tags`: the keywords on every email of the thread, then the activity record.
//!
//! Sending twice is harmless: keyword patches set or remove, and the record carries its own
//! Message-ID (the outbox looks for it before creating it again).
//!
//! Assignment is not queued: it needs the server's answer (`ifInState`) to settle a race with a
//! teammate, so it is made online only (`assignment`).

use super::activity::Activity;
use super::thread_record::{target_in, Author};
use crate::model::keywords;
use crate::model::status::Status;
use crate::model::thread_state::{from_emails, ThreadState};
use crate::sync::records::EmailRecord;
use crate::sync::{InvalidEntry, OutboxEntry};

/// A thread as the local copy has it, and where its records go.
pub struct CopiedThread<'a> {
    pub account_id: &'a str,
    pub thread_id: &'a str,
    pub emails: &'a [EmailRecord],
    /// The id of `Tandem/Notes`.
    pub notes_mailbox: &'a str,
}

impl CopiedThread<'_> {
    fn state(&self) -> ThreadState {
        from_emails(self.thread_id, String::new(), self.emails.iter().map(EmailRecord::to_email).collect())
    }

    fn email_ids(&self) -> Vec<String> {
        self.emails.iter().map(|e| e.id.clone()).collect()
    }

    /// The activity record's creation, under `message_id` (unique: `<random>@<host>`).
    fn record(
        &self,
        state: &ThreadState,
        activity: Activity,
        actor: &Author,
        status: Status,
        message_id: &str,
    ) -> Result<OutboxEntry, InvalidEntry> {
        let target = target_in(self.notes_mailbox.to_string(), state);
        let record = activity.record(&target, actor, status, state.assignee.as_deref());
        OutboxEntry::create(self.account_id, &format!("activity-{message_id}"), message_id, record)
    }

    /// Gives the thread `status` (see `status::set_status`).
    pub fn set_status(&self, actor: &Author, status: Status, message_id: &str) -> Result<Vec<OutboxEntry>, InvalidEntry> {
        if self.emails.is_empty() {
            return Err(InvalidEntry("this conversation is not in the local copy".into()));
        }
        let state = self.state();
        let set: Vec<&str> = status.keyword().into_iter().collect();
        let unset: Vec<&str> = Status::ALL.iter().filter(|s| **s != status).filter_map(|s| s.keyword()).collect();
        Ok(vec![
            OutboxEntry::keywords(self.account_id, &self.email_ids(), &set, &unset)?,
            self.record(&state, Activity::Status(status), actor, status, message_id)?,
        ])
    }

    /// Puts tag `tag_id` (named `tag_name` now) on the thread, or takes it off (see `tags::tag_thread`).
    pub fn tag(&self, actor: &Author, tag_id: &str, tag_name: &str, on: bool, message_id: &str) -> Result<Vec<OutboxEntry>, InvalidEntry> {
        if self.emails.is_empty() {
            return Err(InvalidEntry("this conversation is not in the local copy".into()));
        }
        let state = self.state();
        let keyword = keywords::tag(tag_id);
        let (set, unset): (Vec<&str>, Vec<&str>) = if on { (vec![&keyword], vec![]) } else { (vec![], vec![&keyword]) };
        Ok(vec![
            OutboxEntry::keywords(self.account_id, &self.email_ids(), &set, &unset)?,
            self.record(&state, Activity::Tagged { id: tag_id.into(), name: tag_name.into(), on }, actor, state.status, message_id)?,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn email(id: &str, keywords: &[&str]) -> EmailRecord {
        EmailRecord {
            id: id.into(),
            thread_id: "T".into(),
            subject: Some("Re: Refund".into()),
            message_id: vec![format!("{id}@x")],
            received_at: format!("2024-01-0{}T00:00:00Z", id.len()),
            keywords: keywords.iter().map(|k| (k.to_string(), true)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn closing_sets_the_keyword_on_every_email_and_records_who() {
        let emails = [email("a", &["$tandem_pending"]), email("bb", &["$tandem_to_bob", "$tandem_assigned"])];
        let thread = CopiedThread { account_id: "A", thread_id: "T", emails: &emails, notes_mailbox: "N" };
        let actor = Author { login: "alice".into(), name: "Alice".into(), at_ms: 5 };
        let entries = thread.set_status(&actor, Status::Closed, "r1@tandem").unwrap();
        assert_eq!(
            entries[0].patch().unwrap(),
            json!({"keywords/$tandem_closed": true, "keywords/$tandem_pending": null, "keywords/$tandem_snoozed": null})
        );
        assert_eq!(entries[0].email_ids(), ["a", "bb"]);
        let OutboxEntry::Create { email, message_id, .. } = &entries[1] else { panic!("{entries:?}") };
        assert_eq!(message_id, "r1@tandem");
        assert_eq!(
            (email["mailboxIds"]["N"].clone(), email["inReplyTo"].clone(), email["subject"].clone()),
            (json!(true), json!(["bb@x"]), json!("Re: Refund"))
        );
        assert_eq!(email["keywords"]["$tandem_closed"], json!(true), "the record keeps the new status");
        assert_eq!(email["keywords"]["$tandem_to_bob"], json!(true), "and the assignee");
    }

    #[test]
    fn tagging_changes_only_the_tag() {
        let emails = [email("a", &[])];
        let thread = CopiedThread { account_id: "A", thread_id: "T", emails: &emails, notes_mailbox: "N" };
        let actor = Author { login: "alice".into(), name: "Alice".into(), at_ms: 5 };
        let off = thread.tag(&actor, "3", "VIP", false, "r2@tandem").unwrap();
        assert_eq!(off[0].patch().unwrap(), json!({"keywords/$tandem_tag_3": null}));
        let none = CopiedThread { emails: &[], ..thread };
        assert!(none.set_status(&actor, Status::Open, "r3@tandem").is_err());
    }
}
