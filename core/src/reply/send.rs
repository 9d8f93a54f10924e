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
//! A held submission (`hold_secs`, RFC 4865 `HOLDFOR`) can be taken back by [`cancel`] until the
//! server releases it.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map};

use super::message::{Hold, Outgoing};
use crate::error::{ErrorKind, JmapError, MethodError};
use crate::jmap::methods::{EmailGet, EmailQuery, EmailSet, MailboxGet};
use crate::jmap::objects::{Email, Mailbox};
use crate::jmap::submission::{EmailCopy, EmailSubmissionSet, IdentityGet};
use crate::jmap::{Ids, JmapClient, Request};
use crate::transport::Transport;

pub const DRAFT: &str = "$draft";
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
}

/// What the server has once [`send`] returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submitted {
    /// The message in the agent's account.
    pub email_id: String,
    /// The submission made by this call (`None` when an earlier attempt had made it).
    pub submission_id: Option<String>,
    /// The copy in the team account, and the mailbox (the team's Sent) it is in.
    pub team_copy_id: String,
    pub team_sent: String,
}

fn refused(sentence: String) -> JmapError {
    JmapError::Method(MethodError { kind: ErrorKind::Forbidden, description: Some(sentence), extra: Map::new() })
}

/// Sends `job`'s message unless the server already has it; safe to call again for the same job.
pub async fn send<T: Transport>(client: &JmapClient<T>, job: &SendJob) -> Result<Submitted, JmapError> {
    job.message.check().map_err(|e| refused(e.0))?;
    let found = probe(client, job).await?;
    let (email_id, submission_id) = match &found.existing {
        None => submit(client, job, &found, None).await?,
        Some(email) if email.has_keyword(DRAFT) => submit(client, job, &found, Some(&email.id)).await?,
        Some(email) => (email.id.clone(), None),
    };
    let team_copy_id = file_in_team(client, job, &email_id, &found.team_sent).await?;
    Ok(Submitted { email_id, submission_id, team_copy_id, team_sent: found.team_sent })
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
            .ok_or_else(|| refused(format!("The account {account} has no {role} mailbox to send from.")))
    };
    let agent_boxes = response.get(&agent_boxes)?.list;
    let identities = response.get(&identities)?.list;
    let from = &job.message.from.email;
    let identity = identities.iter().find(|i| i.email.eq_ignore_ascii_case(from)).or(identities.first());
    let identity = identity.map(|i| i.id.clone()).ok_or_else(|| refused("This login has no identity to send mail with.".into()))?;
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
    let mut request = Request::new();
    let created = email_id
        .is_none()
        .then(|| request.add(EmailSet::new(agent).create("reply", job.message.email_object(&found.drafts, &[DRAFT, SEEN]))));
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

/// Copies the sent message into the team's Sent and marks what it answers; returns the copy's id.
async fn file_in_team<T: Transport>(client: &JmapClient<T>, job: &SendJob, email_id: &str, team_sent: &str) -> Result<String, JmapError> {
    let mut request = Request::new();
    let copy = request.add(EmailCopy::new(&job.agent_account, &job.team_account).copy("sent", email_id, team_sent, &[SEEN]));
    let answered = (!job.answers.is_empty()).then(|| {
        let patch = json!({ format!("keywords/{ANSWERED}"): true });
        request.add(job.answers.iter().fold(EmailSet::new(&job.team_account), |set, id| set.update(id, patch.clone())))
    });
    let response = client.send(request).await?;
    let copy_id = response.get(&copy)?.copied_id("sent")?;
    if let Some(call) = answered {
        response.get(&call)?;
    }
    Ok(copy_id)
}

/// Takes back a held reply: cancels its submission, then deletes the message and the team's copy,
/// and unmarks what it answered unless another reply in the team account answers it too. `Err`
/// if the server already let it go.
pub async fn cancel<T: Transport>(client: &JmapClient<T>, job: &SendJob, submitted: &Submitted) -> Result<(), JmapError> {
    let submission_id = submitted
        .submission_id
        .as_deref()
        .ok_or_else(|| refused("This reply was sent by an earlier attempt and can no longer be undone.".into()))?;
    let canceled = client.call(EmailSubmissionSet::new(&job.agent_account).cancel(submission_id)).await?;
    canceled.all_done().map_err(|_| refused("Too late to undo: the reply has already left.".into()))?;
    let mut request = Request::new();
    request.add(EmailSet::new(&job.agent_account).destroy(&submitted.email_id));
    request.add(EmailSet::new(&job.team_account).destroy(&submitted.team_copy_id));
    client.send(request).await?;
    if job.answers.is_empty() || answered_by_another(client, job, submitted).await? {
        return Ok(());
    }
    let unmark = json!({ format!("keywords/{ANSWERED}"): null });
    client.call(job.answers.iter().fold(EmailSet::new(&job.team_account), |set, id| set.update(id, unmark.clone()))).await?;
    Ok(())
}

/// Whether the team's Sent holds another reply to the message this one answers (notes, which
/// also refer to it, are elsewhere).
async fn answered_by_another<T: Transport>(client: &JmapClient<T>, job: &SendJob, submitted: &Submitted) -> Result<bool, JmapError> {
    let Some(answered) = job.message.in_reply_to.first() else { return Ok(false) };
    let filter = json!({"operator": "AND", "conditions": [{"header": ["In-Reply-To", answered]}, {"inMailbox": submitted.team_sent}]});
    let query = EmailQuery::new(&job.team_account).filter(filter).limit(10);
    Ok(client.call(query).await?.ids.iter().any(|id| *id != submitted.team_copy_id))
}
