//! Sending a reply exactly once.
//!
//! Cyrus 3.6 takes `EmailSubmission` only on the agent's own account, so a reply is created and
//! submitted there, with the team's address as From and as the envelope sender, then copied into
//! the team account's Sent mailbox, where it joins the customer's thread for every agent. A send
//! is one [`SendJob`], kept by the app before the first attempt; [`send`] may be called again
//! for the same job after any failure, a lost answer, a reload or a closed tab, and never makes a
//! second message, because each step first reads what the server already has:
//!
//! 1. One request reads the mailboxes, the agent's identity, and any email in the agent's account
//!    with the job's Message-ID.
//! 2. No such email: create it (in Drafts, `$draft`) and submit it in one request;
//!    `onSuccessUpdateEmail` moves it to Sent and drops `$draft` as the submission is made.
//!    An email still with `$draft`: an earlier attempt created it but its submission was not made;
//!    submit that email. An email without `$draft`: it was submitted; nothing to send.
//! 3. Copy it to the team's Sent (`Email/copy` answers `alreadyExists` with the copy's id when
//!    an earlier attempt made it) and mark the answered emails `$answered` (a patch: the same twice).
//!
//! A held submission ([`Hold`], RFC 4865) can be taken back by [`take_back`] until the server
//! releases it.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::message::{Hold, Outgoing};
use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, EmailQuery, EmailSet, MailboxGet, ThreadGet};
use crate::jmap::objects::{Email, Mailbox};
use crate::jmap::submission::{BlobCopy, EmailCopy, EmailSubmissionQuery, EmailSubmissionSet, IdentityGet};
use crate::jmap::{Ids, JmapClient, Request};
use crate::mailboxes::{tandem_child, TANDEM_DRAFTS};
use crate::model::keywords;
use crate::model::shared_draft::{own_drafts, own_new_drafts, NEW_CONVERSATION};
use crate::model::status::Status;
use crate::refusal::Refusal;
use crate::transport::Transport;

pub use crate::model::keywords::DRAFT;
pub const SEEN: &str = "$seen";
pub const ANSWERED: &str = "$answered";

/// A reply to send, as kept (IndexedDB) from the moment the agent clicks Send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendJob {
    /// The agent's own account, where the message is submitted.
    pub agent_account: String,
    /// The team account, whose Sent mailbox gets a copy.
    pub team_account: String,
    pub message: Outgoing,
    /// How long the server holds the message before it leaves (undo send, send later); `None`
    /// to send at once.
    pub hold: Option<Hold>,
    /// Team emails the reply answers: they get `$answered`.
    pub answers: Vec<String>,
    /// The status the agent chose with the send ("Send and close"), which the team's copy carries.
    #[serde(default)]
    pub status_after: Option<Status>,
    /// The team thread whose drafts by this author (a login) the reply replaces: discarded once
    /// it is filed (docs/scheme.md, "Drafts").
    #[serde(default)]
    pub drafts_of: Option<(String, String)>,
    /// Held by the client rather than the server (one that cannot hold mail): not sent before
    /// this time, in milliseconds since 1970 (the undo window; the outbox keeps it meanwhile).
    #[serde(default)]
    pub not_before_ms: Option<u64>,
    /// The agent sending it (a login): the team's copy says who replied.
    #[serde(default)]
    pub sent_by: Option<String>,
}

/// What the server has once [`send`] returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submitted {
    /// The message in the agent's account.
    pub email_id: String,
    /// The submission made by this call (`None` when an earlier attempt had made it).
    pub submission_id: Option<String>,
    /// The copy in the team account.
    pub team_copy_id: String,
}

/// Sends `job`'s message unless the server already has it; safe to call again for the same job.
pub async fn send<T: Transport>(client: &JmapClient<T>, job: &SendJob) -> Result<Submitted, JmapError> {
    job.message.check().map_err(|why| JmapError::Invalid(Refusal::Unsendable(why)))?;
    let found = probe(client, job).await?;
    let (email_id, submission_id) = match &found.existing {
        None => submit(client, job, &found, None).await?,
        Some(email) if email.has_keyword(DRAFT) => submit(client, job, &found, Some(&email.id)).await?,
        Some(email) => (email.id.clone(), None),
    };
    let team_copy_id = file_in_team(client, job, &email_id, &found.team_sent).await?;
    Ok(Submitted { email_id, submission_id, team_copy_id })
}

/// What the server has and where things go.
struct Probe {
    drafts: String,
    sent: String,
    identity: String,
    existing: Option<Email>,
    team_sent: String,
}

async fn probe<T: Transport>(client: &JmapClient<T>, job: &SendJob) -> Result<Probe, JmapError> {
    let (agent, team) = (job.agent_account.as_str(), job.team_account.as_str());
    let mut request = Request::new();
    let agent_boxes = request.add(MailboxGet::new(agent, Ids::All).properties(&["id", "role"]));
    let identities = request.add(IdentityGet::new(agent));
    let query = request.add(EmailQuery::new(agent).filter(json!({"header": ["Message-ID", job.message.message_id]})).limit(10));
    let get = request.add(EmailGet::new(agent, query.ids("/ids")).properties(&["id", "messageId", "keywords", "mailboxIds"]));
    let team_boxes = request.add(MailboxGet::new(team, Ids::All).properties(&["id", "role"]));
    let response = client.send(request).await?;
    let role = |list: &[Mailbox], role: &str, account: &str| {
        list.iter()
            .find(|m| m.role.as_deref() == Some(role))
            .map(|m| m.id.clone())
            .ok_or_else(|| JmapError::Invalid(Refusal::NoMailbox { account: account.to_string(), role: role.to_string() }))
    };
    let agent_boxes = response.get(&agent_boxes)?.list;
    let identities = response.get(&identities)?.list;
    let from = &job.message.from.email;
    let identity = identities.iter().find(|i| i.email.eq_ignore_ascii_case(from)).or(identities.first());
    let identity = identity.map(|i| i.id.clone()).ok_or(JmapError::Invalid(Refusal::NoIdentity))?;
    // The header filter matches substrings: keep only the exact Message-ID.
    let existing = response.get(&get)?.list.into_iter().find(|e| e.message_id.iter().flatten().any(|m| *m == job.message.message_id));
    Ok(Probe {
        drafts: role(&agent_boxes, "drafts", agent)?,
        sent: role(&agent_boxes, "sent", agent)?,
        identity,
        existing,
        team_sent: role(&response.get(&team_boxes)?.list, "sent", team)?,
    })
}

/// Submits the message (creating it first when `email_id` is `None`); returns the email's and
/// the submission's ids.
async fn submit<T: Transport>(
    client: &JmapClient<T>,
    job: &SendJob,
    found: &Probe,
    email_id: Option<&str>,
) -> Result<(String, Option<String>), JmapError> {
    let agent = job.agent_account.as_str();
    let message = if email_id.is_none() { with_blobs_in_agent_account(client, job).await? } else { job.message.clone() };
    let mut request = Request::new();
    let created =
        email_id.is_none().then(|| request.add(EmailSet::new(agent).create("reply", message.email_object(&found.drafts, &[DRAFT, SEEN]))));
    let patch = json!({ format!("mailboxIds/{}", found.drafts): null, format!("mailboxIds/{}", found.sent): true, format!("keywords/{DRAFT}"): null });
    let target = email_id.map_or_else(|| "#reply".to_string(), str::to_string);
    let submission = request.add(EmailSubmissionSet::new(agent).create(
        "send",
        &target,
        &found.identity,
        job.message.envelope(job.hold.as_ref()),
        patch,
    ));
    let response = client.send(request).await?;
    let email_id = match created {
        Some(call) => {
            response.get(&call)?.all_done()?.created_id("reply").ok_or_else(|| JmapError::Protocol("Email/set created no reply".into()))?
        }
        None => target,
    };
    let set = response.get(&submission)?.all_done()?;
    Ok((email_id, set.created_id("send")))
}

/// The message with its attachments' blobs (a forward's, in the team account) made available in
/// the agent's account, where the reply is created.
async fn with_blobs_in_agent_account<T: Transport>(client: &JmapClient<T>, job: &SendJob) -> Result<Outgoing, JmapError> {
    let mut message = job.message.clone();
    if message.attachments.is_empty() || job.agent_account == job.team_account {
        return Ok(message);
    }
    let blobs = message.attachments.iter().map(|a| a.blob_id.clone()).collect();
    let copied = client.call(BlobCopy::new(&job.team_account, &job.agent_account, blobs)).await?;
    if let Some((blob, _)) = copied.not_copied.iter().flatten().next() {
        let name = message.attachments.iter().find(|a| a.blob_id == *blob).map_or("", |a| a.name.as_str());
        return Err(JmapError::Invalid(Refusal::AttachmentGone { name: name.to_string() }));
    }
    for attachment in &mut message.attachments {
        if let Some(id) = copied.copied.as_ref().and_then(|c| c.get(&attachment.blob_id)) {
            attachment.blob_id = id.clone();
        }
    }
    Ok(message)
}

/// Copies the sent message into the team's Sent and marks what it answers; returns the copy's id.
/// A reply scheduled for later gets that time as its copy's `receivedAt`.
/// The copy joins the customer's thread, so it carries the thread's state (docs/scheme.md): its
/// status (the one the agent chose with the send, else the thread's) and its assignment, read
/// from the answered email; without them it would reopen a closed or pending conversation.
async fn file_in_team<T: Transport>(client: &JmapClient<T>, job: &SendJob, email_id: &str, team_sent: &str) -> Result<String, JmapError> {
    let keywords = thread_keywords(client, job).await?;
    let keywords: Vec<&str> = keywords.iter().map(String::as_str).collect();
    let drafts = replaced_drafts(client, job).await?;
    let mut request = Request::new();
    let mut copy = EmailCopy::new(&job.agent_account, &job.team_account).copy("sent", email_id, team_sent, &keywords);
    // A reply sent later is in the conversation at the time it leaves: every client sees when.
    if let Some(Hold::Until(at)) = &job.hold {
        copy = copy.received_at("sent", at);
    }
    let copy = request.add(copy);
    let answered = (!job.answers.is_empty() || !drafts.is_empty()).then(|| {
        let patch = json!({ format!("keywords/{ANSWERED}"): true });
        let set = job.answers.iter().fold(EmailSet::new(&job.team_account), |set, id| set.update(id, patch.clone()));
        request.add(drafts.iter().fold(set, |set, id| set.destroy(id)))
    });
    let response = client.send(request).await?;
    let copy_id = response.get(&copy)?.copied_id("sent")?;
    if let Some(call) = answered {
        response.get(&call)?;
    }
    Ok(copy_id)
}

/// `$seen`, the status and assignment keywords the team's copy of the reply carries, and who
/// sent it.
async fn thread_keywords<T: Transport>(client: &JmapClient<T>, job: &SendJob) -> Result<Vec<String>, JmapError> {
    let mut out = vec![SEEN.to_string()];
    let read: Vec<String> = match job.answers.first() {
        Some(id) => {
            let get = EmailGet::new(&job.team_account, Ids::List(vec![id.clone()])).properties(&["id", "keywords"]);
            let answered = client.call(get).await?.list.into_iter().next();
            answered.map(|e| e.keywords.into_iter().filter(|(_, on)| *on).map(|(k, _)| k).collect()).unwrap_or_default()
        }
        None => Vec::new(),
    };
    let status = |k: &String| Status::ALL.iter().any(|s| s.keyword() == Some(k.as_str()));
    match job.status_after {
        Some(chosen) => out.extend(chosen.keyword().map(str::to_string)),
        None => out.extend(read.iter().filter(|k| status(k)).cloned()),
    }
    out.extend(read.into_iter().filter(|k| k == keywords::ASSIGNED || keywords::is_assignee(k)));
    out.extend(job.sent_by.as_deref().map(keywords::replied_by));
    Ok(out)
}

/// The author's drafts of the thread the reply replaces (none when the job names no thread).
async fn replaced_drafts<T: Transport>(client: &JmapClient<T>, job: &SendJob) -> Result<Vec<String>, JmapError> {
    let Some((thread_id, author)) = &job.drafts_of else { return Ok(Vec::new()) };
    if thread_id == NEW_CONVERSATION {
        return new_drafts_replaced(client, &job.team_account, author).await;
    }
    let mut request = Request::new();
    let thread = request.add(ThreadGet::new(&job.team_account, Ids::List(vec![thread_id.clone()])));
    let properties = ["id", "header:X-Tandem-Kind:asText", "header:X-Tandem-Author:asText"];
    let emails = request.add(EmailGet::new(&job.team_account, thread.ids("/list/*/emailIds")).properties(&properties));
    let found = client.send(request).await?.get(&emails)?.list;
    Ok(own_drafts(&found, author))
}

/// The author's new conversation's drafts (in `Tandem/Drafts`, in no thread) a new conversation
/// replaces.
async fn new_drafts_replaced<T: Transport>(client: &JmapClient<T>, team: &str, author: &str) -> Result<Vec<String>, JmapError> {
    let boxes = client.call(MailboxGet::new(team, Ids::All).properties(&["id", "name", "parentId"])).await?.list;
    let Some(drafts) = tandem_child(&boxes, TANDEM_DRAFTS) else { return Ok(Vec::new()) };
    let mut request = Request::new();
    let query = request.add(EmailQuery::new(team).filter(json!({"inMailbox": drafts})).limit(1_000));
    let properties = ["id", "header:X-Tandem-Kind:asText", "header:X-Tandem-Author:asText"];
    let emails = request.add(EmailGet::new(team, query.ids("/ids")).properties(&properties));
    let found = client.send(request).await?.get(&emails)?.list;
    Ok(own_new_drafts(&found, author).into_iter().map(|d| d.id).collect())
}

/// What [`take_back`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakenBack {
    /// The server has no such message (yet): nothing had reached it.
    NotThere,
    /// It was held; it is canceled and deleted, and its team copy too.
    Canceled,
    /// The server already let it go.
    AlreadyLeft,
}

/// Takes back a held reply, found by its Message-ID (so it works after a reload, whatever the
/// app remembers): cancels its submission, deletes the message and the team's copy, and unmarks
/// what it answered unless another reply in the team's Sent answers it too.
pub async fn take_back<T: Transport>(client: &JmapClient<T>, job: &SendJob) -> Result<TakenBack, JmapError> {
    let held = Held {
        agent: &job.agent_account,
        team: &job.team_account,
        message_id: &job.message.message_id,
        answers: &job.answers,
        in_reply_to: job.message.in_reply_to.first().map(String::as_str),
    };
    take_back_held(client, &held).await
}

/// A reply the server may still hold: where it is and what it answers.
pub struct Held<'a> {
    pub agent: &'a str,
    pub team: &'a str,
    pub message_id: &'a str,
    /// The team emails it answers (they lose `$answered`).
    pub answers: &'a [String],
    /// The Message-ID it answers.
    pub in_reply_to: Option<&'a str>,
}

/// [`take_back`] for a reply known by where it is rather than by its job (a scheduled one).
pub async fn take_back_held<T: Transport>(client: &JmapClient<T>, held: &Held<'_>) -> Result<TakenBack, JmapError> {
    let Some(email_id) = find_by_message_id(client, held.agent, held.message_id).await? else { return Ok(TakenBack::NotThere) };
    let pending = EmailSubmissionQuery::new(held.agent, json!({"emailIds": [email_id], "undoStatus": "pending"}));
    let Some(submission) = client.call(pending).await?.ids.into_iter().next() else { return Ok(TakenBack::AlreadyLeft) };
    if client.call(EmailSubmissionSet::new(held.agent).cancel(&submission)).await?.all_done().is_err() {
        return Ok(TakenBack::AlreadyLeft);
    }
    let team_copy = find_by_message_id(client, held.team, held.message_id).await?;
    let mut request = Request::new();
    request.add(EmailSet::new(held.agent).destroy(&email_id));
    if let Some(copy) = &team_copy {
        request.add(EmailSet::new(held.team).destroy(copy));
    }
    client.send(request).await?;
    if !held.answers.is_empty() && !answered_by_another(client, held).await? {
        let unmark = json!({ format!("keywords/{ANSWERED}"): null });
        client.call(held.answers.iter().fold(EmailSet::new(held.team), |set, id| set.update(id, unmark.clone()))).await?;
    }
    Ok(TakenBack::Canceled)
}

/// The email of `account_id` whose Message-ID is exactly `message_id` (the header filter
/// matches substrings; Cyrus answers it without waiting for its search index).
pub async fn find_by_message_id<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    message_id: &str,
) -> Result<Option<String>, JmapError> {
    let mut request = Request::new();
    let query = request.add(EmailQuery::new(account_id).filter(json!({"header": ["Message-ID", message_id]})).limit(10));
    let get = request.add(EmailGet::new(account_id, query.ids("/ids")).properties(&["id", "messageId"]));
    let found = client.send(request).await?.get(&get)?.list;
    Ok(found.into_iter().find(|e| e.message_id.iter().flatten().any(|m| m == message_id)).map(|e| e.id))
}

/// Whether the team's Sent holds another reply (in the team's Sent: notes refer to the same
/// message from elsewhere) to the message this one answers.
async fn answered_by_another<T: Transport>(client: &JmapClient<T>, held: &Held<'_>) -> Result<bool, JmapError> {
    let Some(answered) = held.in_reply_to else { return Ok(false) };
    let mut request = Request::new();
    let boxes = request.add(MailboxGet::new(held.team, Ids::All).properties(&["id", "role"]));
    let response = client.send(request).await?;
    let Some(sent) = response.get(&boxes)?.list.into_iter().find(|m| m.role.as_deref() == Some("sent")).map(|m| m.id) else {
        return Ok(false);
    };
    let filter = json!({"operator": "AND", "conditions": [{"header": ["In-Reply-To", answered]}, {"inMailbox": sent}]});
    Ok(!client.call(EmailQuery::new(held.team).filter(filter).limit(1)).await?.ids.is_empty())
}
