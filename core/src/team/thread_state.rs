//! Reading a thread's team state ([`ThreadState`], in `model::thread_state`) from the server, as
//! it is now.

use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, ThreadGet};
use crate::jmap::objects::Email;
use crate::jmap::{Ids, JmapClient, Request};
use crate::model::thread_state::{from_emails, ThreadState};
use crate::transport::Transport;

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
