//! Replies scheduled to leave later (send later: RFC 4865 `HOLDUNTIL`, docs/scheme.md "Replies"):
//! the submissions the server still holds in the agent's own account, listed with what each
//! says, canceled (the reply and its team copy deleted, as an undo does), or taken back to be
//! edited ([`reopen_scheduled`]: canceled, and its draft made again from what it says).

use super::draft::{format_address, ReplyDraft};
use super::message::{Address, AttachmentRef};
use super::send::{find_by_message_id, take_back_held, Held, TakenBack};
use crate::date::parse_utc;
use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, EmailQuery};
use crate::jmap::objects::{Email, EmailAddress};
use crate::jmap::submission::{EmailSubmissionGet, EmailSubmissionQuery};
use crate::jmap::Ids;
use crate::jmap::{JmapClient, Request};
use crate::transport::Transport;

/// Why a reply cannot be scheduled for the time picked. `Display` is the English sentence (the
/// app words it in the agent's language from the variant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendAtRefusal {
    /// Not a UTC date and time.
    NotADate,
    /// The server holds no mail (`maxDelayedSend` is 0).
    CannotHold,
    /// Less than a minute from now (or past).
    TooSoon,
    /// Further than the server holds mail, in whole days.
    TooFar { days: u64 },
}

impl std::fmt::Display for SendAtRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendAtRefusal::NotADate => f.write_str("That is not a date and time."),
            SendAtRefusal::CannotHold => f.write_str("This mail server cannot hold a reply until later: send it now, or later by hand."),
            SendAtRefusal::TooSoon => f.write_str("Pick a time at least a minute from now."),
            SendAtRefusal::TooFar { days } => write!(f, "This mail server holds replies for at most {days} days."),
        }
    }
}

/// Whether a reply may be scheduled to leave at `at` (UTC) `now_secs`, on a server that holds
/// mail up to `max_delayed_send` seconds: why not, when not.
pub fn check_send_at(at: &str, now_secs: i64, max_delayed_send: u64) -> Result<(), SendAtRefusal> {
    let Some(at_secs) = parse_utc(at) else { return Err(SendAtRefusal::NotADate) };
    if max_delayed_send == 0 {
        return Err(SendAtRefusal::CannotHold);
    }
    if at_secs < now_secs.saturating_add(60) {
        return Err(SendAtRefusal::TooSoon);
    }
    if at_secs.saturating_sub(now_secs) > i64::try_from(max_delayed_send).unwrap_or(i64::MAX) {
        return Err(SendAtRefusal::TooFar { days: max_delayed_send / 86_400 });
    }
    Ok(())
}

/// A reply the server holds until its time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledReply {
    pub submission_id: String,
    pub message_id: String,
    /// When it leaves (UTC).
    pub send_at: String,
    pub subject: String,
    /// Its recipients, as names (or addresses).
    pub to: Vec<String>,
    pub preview: String,
    /// The Message-ID it answers.
    pub in_reply_to: Option<String>,
}

/// The replies `agent_account` holds that leave after `after` (UTC; sooner ones are in their undo
/// window, not scheduled), soonest first.
pub async fn scheduled_replies<T: Transport>(
    client: &JmapClient<T>,
    agent_account: &str,
    after: &str,
) -> Result<Vec<ScheduledReply>, JmapError> {
    let mut request = Request::new();
    let query = request.add(EmailSubmissionQuery::new(agent_account, serde_json::json!({"undoStatus": "pending"})));
    let submissions = request.add(EmailSubmissionGet::new(agent_account, query.ids("/ids")));
    let properties = ["id", "messageId", "subject", "to", "preview", "inReplyTo"];
    let emails = request.add(EmailGet::new(agent_account, submissions.ids("/list/*/emailId")).properties(&properties));
    let response = client.send(request).await?;
    let emails = response.get(&emails)?.list;
    let mut out: Vec<ScheduledReply> = response
        .get(&submissions)?
        .list
        .into_iter()
        .filter(|s| s.undo_status.as_deref().is_none_or(|u| u == "pending"))
        .filter_map(|s| {
            let send_at = s.send_at.filter(|at| at.as_str() > after)?;
            let email = emails.iter().find(|e| e.id == s.email_id)?;
            Some(ScheduledReply {
                submission_id: s.id,
                message_id: email.message_id.iter().flatten().next()?.clone(),
                send_at,
                subject: email.subject.clone().unwrap_or_default(),
                to: email.to.iter().flatten().map(|a| a.label()).collect(),
                preview: email.preview.clone().unwrap_or_default(),
                in_reply_to: email.in_reply_to.iter().flatten().next().cloned(),
            })
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| (&a.send_at, &a.message_id).cmp(&(&b.send_at, &b.message_id)));
    Ok(out)
}

/// Cancels `reply` before it leaves: it and its copy in `team_account` are deleted, and the
/// message it answers loses `$answered` unless another reply answers it.
pub async fn cancel_scheduled<T: Transport>(
    client: &JmapClient<T>,
    agent_account: &str,
    team_account: &str,
    reply: &ScheduledReply,
) -> Result<TakenBack, JmapError> {
    let answers: Vec<String> = match &reply.in_reply_to {
        Some(answered) => find_by_message_id(client, team_account, answered).await?.into_iter().collect(),
        None => Vec::new(),
    };
    take_back_scheduled(client, agent_account, team_account, reply, &answers).await
}

/// Takes `reply` back (as an undo does), `answers` being the team emails it answers.
async fn take_back_scheduled<T: Transport>(
    client: &JmapClient<T>,
    agent: &str,
    team: &str,
    reply: &ScheduledReply,
    answers: &[String],
) -> Result<TakenBack, JmapError> {
    let held = Held { agent, team, message_id: &reply.message_id, answers, in_reply_to: reply.in_reply_to.as_deref() };
    take_back_held(client, &held).await
}

/// A scheduled reply taken back to be edited: the team thread it answers and its draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reopened {
    pub thread_id: String,
    pub draft: ReplyDraft,
}

/// Takes `reply` back to be edited: reads what it says and where it belongs, cancels it as
/// [`cancel_scheduled`] does, and returns its draft (its text as sent, the earlier message quoted
/// in it; the agent schedules it again). `None` when it has already left or is gone.
pub async fn reopen_scheduled<T: Transport>(
    client: &JmapClient<T>,
    agent_account: &str,
    team_account: &str,
    reply: &ScheduledReply,
) -> Result<Option<Reopened>, JmapError> {
    // One request: the reply in the agent's account, its team copy, and the message it answers.
    let mut request = Request::new();
    let properties = ["id", "messageId", "to", "cc", "bcc", "subject", "inReplyTo", "references", "textBody", "bodyValues", "attachments"];
    let ids = by_message_id(&mut request, agent_account, &reply.message_id);
    let mine = request.add(EmailGet::new(agent_account, ids).properties(&properties).text_bodies(None));
    let ids = by_message_id(&mut request, team_account, &reply.message_id);
    let copy = request.add(EmailGet::new(team_account, ids).properties(&["id", "messageId", "threadId"]));
    let answered = reply.in_reply_to.as_deref().map(|answered| {
        let ids = by_message_id(&mut request, team_account, answered);
        request.add(EmailGet::new(team_account, ids).properties(&["id", "messageId"]))
    });
    let response = client.send(request).await?;
    let (Some(email), Some(thread_id)) = (
        with_message_id(response.get(&mine)?.list, &reply.message_id),
        with_message_id(response.get(&copy)?.list, &reply.message_id).map(|c| c.thread_id),
    ) else {
        return Ok(None);
    };
    let answers: Vec<String> = match (&answered, reply.in_reply_to.as_deref()) {
        (Some(get), Some(id)) => with_message_id(response.get(get)?.list, id).map(|e| e.id).into_iter().collect(),
        _ => Vec::new(),
    };
    if take_back_scheduled(client, agent_account, team_account, reply, &answers).await? != TakenBack::Canceled {
        return Ok(None);
    }
    Ok(Some(Reopened { thread_id, draft: draft_of(&email, answers.into_iter().next()) }))
}

/// Adds a query for the emails of `account` whose Message-ID is `message_id` to `request`: the
/// ids to get (the header filter may match more; [`with_message_id`] keeps the one).
fn by_message_id(request: &mut Request, account: &str, message_id: &str) -> Ids {
    let filter = serde_json::json!({"header": ["Message-ID", message_id]});
    request.add(EmailQuery::new(account).filter(filter).limit(10)).ids("/ids")
}

fn with_message_id(emails: Vec<Email>, message_id: &str) -> Option<Email> {
    emails.into_iter().find(|e| e.message_id.iter().flatten().any(|m| m == message_id))
}

/// The draft an email sent by the composer was made from, as far as the email tells.
fn draft_of(email: &Email, answers: Option<String>) -> ReplyDraft {
    let list = |a: &Option<Vec<EmailAddress>>| {
        let addresses = a.iter().flatten().map(|a| Address::new(a.name.as_deref().unwrap_or(""), a.email.as_deref().unwrap_or("")));
        addresses.map(|a| format_address(&a)).collect::<Vec<_>>().join(", ")
    };
    let text = email.text_parts();
    let attachments = email
        .attachments
        .iter()
        .flatten()
        .filter_map(|p| {
            Some(AttachmentRef {
                blob_id: p.blob_id.clone()?,
                name: p.name.clone().unwrap_or_default(),
                mime_type: p.mime_type.clone().unwrap_or_else(|| "application/octet-stream".into()),
                size: p.size,
            })
        })
        .collect();
    ReplyDraft {
        to: list(&email.to),
        cc: list(&email.cc),
        bcc: list(&email.bcc),
        subject: email.subject.clone().unwrap_or_default(),
        // The plain part writes bold as `*words*`: the composer's marks again.
        text: super::formatting::marks_from_plain(&text),
        answers,
        in_reply_to: email.in_reply_to.clone().unwrap_or_default(),
        references: email.references.clone().unwrap_or_default(),
        attachments,
        ..ReplyDraft::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_send_time_is_in_the_future_and_within_what_the_server_holds() {
        let now = 1_800_000_000;
        let at = |secs: i64| crate::date::format_utc(secs);
        assert_eq!(check_send_at(&at(now + 3_600), now, 86_400 * 30), Ok(()));
        assert_eq!(check_send_at(&at(now + 10), now, 86_400 * 30), Err(SendAtRefusal::TooSoon));
        assert_eq!(check_send_at(&at(now + 10), now, 86_400 * 30).unwrap_err().to_string(), "Pick a time at least a minute from now.");
        let too_far = check_send_at(&at(now + 86_400 * 31), now, 86_400 * 30);
        assert_eq!(too_far, Err(SendAtRefusal::TooFar { days: 30 }));
        assert_eq!(too_far.unwrap_err().to_string(), "This mail server holds replies for at most 30 days.");
        assert_eq!(check_send_at(&at(now + 3_600), now, 0), Err(SendAtRefusal::CannotHold));
        assert_eq!(check_send_at("tomorrow", now, 86_400), Err(SendAtRefusal::NotADate));
    }
}
