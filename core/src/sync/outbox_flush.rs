//! Sending the outbox, oldest first.
//!
//! - Consecutive keyword changes and moves go in one request, one `Email/set` per entry (the
//!   server runs them in order), at most `maxCallsInRequest` of them.
//! - A creation is two requests: look for its Message-ID (an earlier attempt may have created it
//!   before the connection dropped), then create it only if it is not there.
//! - A reply is sent by `crate::reply::send`, which reads what the server already has before each
//!   step in the same way, so it leaves once however often it is flushed. The flush reaches it
//!   through a [`SendsReplies`]: [`DirectReplies`] calls it; the browser app passes one that
//!   first fetches the part of its code that holds it (replies are rare next to the keyword
//!   changes every flush carries, so that code is not in the app's first load).
//! - **No answer** (connection lost, server down, HTTP 5xx, a response cut short, signed out):
//!   the flush stops and keeps the entries, to be sent again by a later flush.
//! - **Refused** (a SetError such as `notFound` mailbox or `tooManyKeywords`, or a method error
//!   that says the write is wrong): the entry leaves the queue and comes back as a [`Rollback`]
//!   with a sentence for the agent; [`super::rollback::undo`] puts the store back as the server
//!   has it. An email that no longer exists is not a refusal: there is nothing to change.
//! - `serverFail`/`serverUnavailable` stop the flush like a lost connection, up to
//!   [`MAX_SERVER_FAILURES`] times per entry, then count as a refusal, so that one write the
//!   server can never take does not hold back the others for ever.

use super::outbox::{Outbox, OutboxEntry, Queued};
use crate::error::{ErrorKind, JmapError};
use crate::jmap::methods::EmailSet;
use crate::jmap::objects::SetResponse;
use crate::jmap::{JmapClient, Request};
use crate::reply::send::find_by_message_id;
use crate::reply::{send, SendJob, Submitted};
use crate::transport::Transport;

/// How a flush sends a queued reply: [`crate::reply::send`], or something that gets to it.
#[allow(async_fn_in_trait)] // Used as a generic parameter only, never as `dyn` nor across threads.
pub trait SendsReplies {
    async fn send_reply(&self, job: &SendJob) -> Result<Submitted, JmapError>;
}

/// Sends replies with [`crate::reply::send`] itself, through this client.
pub struct DirectReplies<'a, T>(pub &'a JmapClient<T>);

impl<T: Transport> SendsReplies for DirectReplies<'_, T> {
    async fn send_reply(&self, job: &SendJob) -> Result<Submitted, JmapError> {
        send(self.0, job).await
    }
}

pub const MAX_SERVER_FAILURES: u32 = 5;

/// A write the server took.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub seq: u64,
    pub entry: OutboxEntry,
    /// For a creation: the server's id of the email.
    pub created_id: Option<String>,
    /// For a creation: an earlier attempt had created it already.
    pub was_already_there: bool,
    /// For a reply: where it is on the server (to take it back while it is held).
    pub submitted: Option<Submitted>,
}

/// A write the server refused: undo it locally and tell the agent `message`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollback {
    pub seq: u64,
    pub entry: OutboxEntry,
    pub error: JmapError,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlushReport {
    pub sent: Vec<Sent>,
    pub rollbacks: Vec<Rollback>,
    /// Why the flush stopped with entries left, if it did.
    pub stopped: Option<JmapError>,
    /// The flush stopped at a reply the client holds until this time (ms since 1970): flush
    /// again then.
    pub waiting_until: Option<u64>,
    /// HTTP requests made.
    pub requests: usize,
}

/// What became of one entry.
enum Fate {
    Sent {
        created_id: Option<String>,
        was_already_there: bool,
        submitted: Option<Submitted>,
    },
    Refused(JmapError),
    /// Not known to have reached the server: keep it, stop.
    Retry(JmapError),
}

impl Outbox {
    /// Sends the queued entries in order, until the queue is empty or one cannot be sent now (a
    /// reply held by the client until after `now_ms`, and what follows it). Save the outbox
    /// afterwards: entries sent or refused have left it.
    pub async fn flush<T: Transport>(&mut self, client: &JmapClient<T>, now_ms: u64) -> FlushReport {
        self.flush_with(client, now_ms, &DirectReplies(client)).await
    }

    /// [`Outbox::flush`], with the changes sent through `client` and the replies by `replies`.
    pub async fn flush_with<T: Transport>(&mut self, client: &JmapClient<T>, now_ms: u64, replies: &impl SendsReplies) -> FlushReport {
        let mut report = FlushReport::default();
        while !self.queue.is_empty() {
            if let Some(OutboxEntry::Send { job }) = self.queue.front().map(|q| &q.entry) {
                if let Some(at) = job.not_before_ms.filter(|at| *at > now_ms) {
                    report.waiting_until = Some(at);
                    return report;
                }
            }
            let group = self.next_group(client.limits().max_calls_in_request.max(1));
            let fates = send_group(client, replies, &group, &mut report.requests).await;
            for (queued, fate) in group.into_iter().zip(fates) {
                if let Some(stop) = self.settle(queued, fate, &mut report) {
                    report.stopped = Some(stop);
                    return report;
                }
            }
        }
        report
    }

    /// The entries to send in the next request: one creation, or up to `max` consecutive
    /// changes to existing emails.
    fn next_group(&self, max: usize) -> Vec<Queued> {
        let is_create = |q: &Queued| matches!(q.entry, OutboxEntry::Create { .. } | OutboxEntry::Send { .. });
        match self.queue.front() {
            Some(first) if is_create(first) => vec![first.clone()],
            _ => self.queue.iter().take_while(|q| !is_create(q)).take(max).cloned().collect(),
        }
    }

    /// Records what became of the entry at the head of the queue; `Some` to stop the flush.
    fn settle(&mut self, queued: Queued, fate: Fate, report: &mut FlushReport) -> Option<JmapError> {
        match fate {
            Fate::Sent { created_id, was_already_there, submitted } => {
                self.queue.pop_front();
                report.sent.push(Sent { seq: queued.seq, entry: queued.entry, created_id, was_already_there, submitted });
                None
            }
            Fate::Retry(error) if !error.is_server_failure() || queued.failures + 1 < MAX_SERVER_FAILURES => {
                if error.is_server_failure() {
                    self.queue.front_mut().expect("the entry being settled is at the head").failures += 1;
                }
                Some(error)
            }
            Fate::Retry(error) | Fate::Refused(error) => {
                self.queue.pop_front();
                let message = format!("{} was undone: {}", queued.entry.describe(), reason(&error));
                report.rollbacks.push(Rollback { seq: queued.seq, entry: queued.entry, error, message });
                None
            }
        }
    }
}

/// Sends a group; one fate per entry, in order.
async fn send_group<T: Transport>(
    client: &JmapClient<T>,
    replies: &impl SendsReplies,
    group: &[Queued],
    requests: &mut usize,
) -> Vec<Fate> {
    match &group[0].entry {
        OutboxEntry::Create { account_id, creation_id, message_id, email } => {
            vec![send_create(client, account_id, creation_id, message_id, email, requests).await]
        }
        OutboxEntry::Send { job } => vec![send_reply(replies, job, requests).await],
        _ => send_changes(client, group, requests).await,
    }
}

async fn send_changes<T: Transport>(client: &JmapClient<T>, group: &[Queued], requests: &mut usize) -> Vec<Fate> {
    let mut request = Request::new();
    let calls: Vec<_> = group.iter().map(|q| request.add(change_set(&q.entry))).collect();
    *requests += 1;
    match client.send(request).await {
        Ok(response) => calls.iter().map(|call| fate_of_change(response.get(call))).collect(),
        Err(e) => group.iter().map(|_| fate_of_request_error(e.clone())).collect(),
    }
}

fn change_set(entry: &OutboxEntry) -> EmailSet {
    let patch = entry.patch().unwrap_or_default();
    entry.email_ids().iter().fold(EmailSet::new(entry.account_id()), |set, id| set.update(id, patch.clone()))
}

fn fate_of_change(result: Result<SetResponse, JmapError>) -> Fate {
    match result {
        Ok(response) => {
            let refusal = response.not_updated.iter().flatten().find(|(_, e)| e.kind != ErrorKind::NotFound);
            match refusal {
                Some((id, e)) => fate_of_method_error(JmapError::NotSet { id: id.clone(), error: e.clone().recognized() }),
                None => Fate::Sent { created_id: None, was_already_there: false, submitted: None },
            }
        }
        Err(e) => fate_of_method_error(e),
    }
}

async fn send_create<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    creation_id: &str,
    message_id: &str,
    email: &serde_json::Value,
    requests: &mut usize,
) -> Fate {
    *requests += 1;
    match find_by_message_id(client, account_id, message_id).await {
        Ok(Some(id)) => return Fate::Sent { created_id: Some(id), was_already_there: true, submitted: None },
        Ok(None) => {}
        Err(e) => return fate_of_request_error(e),
    }
    *requests += 1;
    let mut request = Request::new();
    let call = request.add(EmailSet::new(account_id).create(creation_id, email.clone()));
    let response = match client.send(request).await {
        Ok(r) => r.get(&call),
        Err(e) => return fate_of_request_error(e),
    };
    match response {
        Ok(set) => match (set.created_id(creation_id), set.first_error()) {
            (Some(id), _) => Fate::Sent { created_id: Some(id), was_already_there: false, submitted: None },
            (None, Some(refusal)) => Fate::Refused(refusal),
            (None, None) => Fate::Retry(JmapError::Protocol(format!("Email/set neither created nor refused {creation_id}"))),
        },
        Err(e) => fate_of_method_error(e),
    }
}

/// Sends a reply; what it did to the server is in the `submitted` of the fate.
async fn send_reply(replies: &impl SendsReplies, job: &SendJob, requests: &mut usize) -> Fate {
    *requests += 1;
    match replies.send_reply(job).await {
        Ok(submitted) => Fate::Sent {
            created_id: Some(submitted.team_copy_id.clone()),
            was_already_there: submitted.submission_id.is_none(),
            submitted: Some(submitted),
        },
        Err(e) => fate_of_request_error(e),
    }
}

/// A whole request failed: keep the entries if the write may not have been read, refuse them
/// if the server answered that the request is wrong.
fn fate_of_request_error(error: JmapError) -> Fate {
    match &error {
        JmapError::Request(_) | JmapError::Limit(_) | JmapError::Invalid(_) => Fate::Refused(error),
        JmapError::Http { status, .. } if (400..500).contains(status) && ![408, 429].contains(status) => Fate::Refused(error),
        JmapError::Method(_) | JmapError::NotSet { .. } => fate_of_method_error(error),
        _ => Fate::Retry(error),
    }
}

fn fate_of_method_error(error: JmapError) -> Fate {
    if error.is_server_failure() {
        Fate::Retry(error)
    } else {
        Fate::Refused(error)
    }
}

/// Why, in words.
fn reason(error: &JmapError) -> String {
    match error {
        JmapError::NotSet { error: e, .. } | JmapError::Method(e) if e.kind != ErrorKind::TooManyKeywords => {
            let properties = e
                .extra
                .get("properties")
                .and_then(|p| p.as_array())
                .map(|p| p.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", "));
            match (&e.description, properties) {
                (Some(d), _) if !d.is_empty() => format!("the server refused it ({}: {d}).", e.kind),
                (_, Some(p)) if !p.is_empty() => format!("the server refused it ({}: {p}).", e.kind),
                _ => format!("the server refused it ({}).", e.kind),
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::MethodError;

    fn failed(kind: &str) -> MethodError {
        serde_json::from_value(serde_json::json!({"type": kind, "description": "System I/O error"})).map(MethodError::recognized).unwrap()
    }

    #[test]
    fn a_server_failure_is_tried_again_whether_of_the_call_or_of_one_object() {
        let of_object = JmapError::NotSet { id: "sent".into(), error: failed("serverFail") };
        assert!(matches!(fate_of_request_error(of_object), Fate::Retry(_)));
        assert!(matches!(fate_of_request_error(JmapError::Method(failed("serverUnavailable"))), Fate::Retry(_)));
        let refused = JmapError::NotSet { id: "sent".into(), error: failed("invalidProperties") };
        assert!(matches!(fate_of_request_error(refused), Fate::Refused(_)));
    }
}
