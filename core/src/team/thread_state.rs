//! A thread's team state as the server has it now: every email's keywords, the status and the
//! assignee they give, and the Email state string they were read at.

use super::keywords;
use super::status::Status;
use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, ThreadGet};
use crate::jmap::objects::Email;
use crate::jmap::{Ids, JmapClient, Request};
use crate::transport::Transport;

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

const PROPERTIES: &[&str] = &[
    "id",
    "threadId",
    "keywords",
    "mailboxIds",
    "messageId",
    "subject",
    "receivedAt",
    "header:X-Tandem-Kind:asText",
    "header:X-Tandem-Author:asText",
    "header:X-Tandem-At:asText",
    "header:X-Tandem-Snooze-Until:asText",
];

pub async fn read_thread_state<T: Transport>(client: &JmapClient<T>, account_id: &str, thread_id: &str) -> Result<ThreadState, JmapError> {
    let mut request = Request::new();
    let thread = request.add(ThreadGet::new(account_id, Ids::List(vec![thread_id.to_string()])));
    let emails = request.add(EmailGet::new(account_id, thread.ids("/list/*/emailIds")).properties(PROPERTIES));
    let response = client.send(request).await?;
    if response.get(&thread)?.list.is_empty() {
        return Err(JmapError::NotSet { id: thread_id.into(), error: not_found() });
    }
    let emails = response.get(&emails)?;
    Ok(from_emails(thread_id, emails.state, emails.list))
}

/// Several threads' states in one request (threads that no longer exist are left out).
pub async fn read_thread_states<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_ids: &[String],
) -> Result<Vec<ThreadState>, JmapError> {
    if thread_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut request = Request::new();
    let threads = request.add(ThreadGet::new(account_id, Ids::List(thread_ids.to_vec())));
    let emails = request.add(EmailGet::new(account_id, threads.ids("/list/*/emailIds")).properties(PROPERTIES));
    let response = client.send(request).await?;
    let threads = response.get(&threads)?.list;
    let emails = response.get(&emails)?;
    Ok(threads
        .into_iter()
        .map(|t| {
            let mine: Vec<Email> = emails.list.iter().filter(|e| t.email_ids.contains(&e.id)).cloned().collect();
            from_emails(&t.id, emails.state.clone(), mine)
        })
        .collect())
}

fn not_found() -> crate::error::MethodError {
    crate::error::MethodError {
        kind: crate::error::ErrorKind::NotFound,
        description: Some("This conversation no longer exists.".into()),
        extra: Default::default(),
    }
}

/// Derives status and assignee from the emails (see docs/scheme.md).
pub fn from_emails(thread_id: &str, email_state: String, mut emails: Vec<Email>) -> ThreadState {
    emails.sort_by(Email::timeline_cmp);
    let status = Status::of_thread(emails.iter().map(|e| &e.keywords));
    // The assignee is on any email; if (against the protocol) two differ, the newest email's wins.
    let assignee =
        emails.iter().rev().find_map(|e| e.keywords.iter().filter(|(_, on)| **on).find_map(|(k, _)| keywords::assignee_login(k)));
    let mut tags: Vec<String> = emails
        .iter()
        .flat_map(|e| e.keywords.iter().filter(|(_, on)| **on).filter_map(|(k, _)| keywords::tag_id(k).map(str::to_string)))
        .collect();
    tags.sort();
    tags.dedup();
    let snoozed_until = (status == Status::Snoozed).then(|| emails.iter().rev().find_map(|e| e.tandem_snooze_until.clone())).flatten();
    ThreadState { thread_id: thread_id.to_string(), email_state, emails, status, assignee, tags, snoozed_until }
}
