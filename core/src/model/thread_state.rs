//! A thread's team state: every email's keywords, the status, assignee and tags they give, and
//! the Email state string they were read at. Read from the server by `team::thread_state`; made
//! from emails at hand by the thread list, the conversation and `team::queued`.

use super::keywords;
use super::status::Status;
use crate::jmap::objects::Email;

#[derive(Debug, Clone, PartialEq)]
pub struct ThreadState {
    pub thread_id: String,
    /// The account's Email state when this was read: the `ifInState` for a write based on it.
    pub email_state: String,
    /// Oldest first.
    pub emails: Vec<Email>,
    pub status: Status,
    /// The assignee's login.
    pub assignee: Option<String>,
    /// Ids of the tags on any email of the thread, sorted.
    pub tags: Vec<String>,
    /// When snoozed: the end of the latest snooze (UTC), from its activity record.
    pub snoozed_until: Option<String>,
}

/// Derives status and assignee from the emails (see docs/scheme.md).
pub fn from_emails(thread_id: &str, email_state: String, mut emails: Vec<Email>) -> ThreadState {
    crate::sort::sort_by(&mut emails, Email::timeline_cmp);
    let status = Status::of_thread(emails.iter().map(|e| &e.keywords));
    // The assignee is on any email; if (against the protocol) two differ, the newest email's wins.
    let assignee =
        emails.iter().rev().find_map(|e| e.keywords.iter().filter(|(_, on)| **on).find_map(|(k, _)| keywords::assignee_login(k)));
    let mut tags: Vec<String> = emails
        .iter()
        .flat_map(|e| e.keywords.iter().filter(|(_, on)| **on).filter_map(|(k, _)| keywords::tag_id(k).map(str::to_string)))
        .collect();
    crate::sort::sort(&mut tags);
    tags.dedup();
    let snoozed_until = (status == Status::Snoozed).then(|| emails.iter().rev().find_map(|e| e.tandem_snooze_until.clone())).flatten();
    ThreadState { thread_id: thread_id.to_string(), email_state, emails, status, assignee, tags, snoozed_until }
}
