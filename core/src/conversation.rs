//! One thread opened: its messages oldest first, each as plain text. HTML bodies are converted to
//! text here, so no markup from a message ever reaches the page.

use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, ThreadGet};
use crate::jmap::objects::{BodyPart, Email, EmailAddress};
use crate::jmap::{Ids, JmapClient, Request};
use crate::model::agent_id;
use crate::model::kind::{KIND_ACTIVITY, KIND_NOTE};
use crate::model::status::Status;
use crate::model::thread_state::from_emails;
use crate::text::{base_subject, html_to_text};
use crate::transport::Transport;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub thread_id: String,
    pub subject: String,
    pub messages: Vec<Message>,
    /// Team state (docs/scheme.md), from the same emails.
    pub status: Status,
    /// The assignee's login.
    pub assignee: Option<String>,
    /// Tag ids (names are in the team settings).
    pub tags: Vec<String>,
    /// The account's Email state this was read at.
    pub email_state: String,
    /// When snoozed: until when (UTC).
    pub snoozed_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: String,
    pub from_name: String,
    pub from_email: String,
    /// Each recipient as "Name <address>" (or the address alone).
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub received_at: String,
    pub body: String,
    /// The body was converted from HTML.
    pub from_html: bool,
    pub unread: bool,
    pub attachments: Vec<Attachment>,
    /// `Some(login)` for an internal note (docs/scheme.md), never customer mail.
    pub note_author: Option<String>,
    /// An activity record (docs/scheme.md): `body` is its sentence.
    pub activity: bool,
    /// What a reply to it needs (kept with the copy, so a reply can be written offline).
    #[serde(default)]
    pub reply: ReplyHeaders,
}

/// A message's addresses and ids as the server has them, for answering it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplyHeaders {
    pub message_id: Option<String>,
    pub references: Vec<String>,
    pub from: Vec<EmailAddress>,
    pub reply_to: Vec<EmailAddress>,
    pub to: Vec<EmailAddress>,
    pub cc: Vec<EmailAddress>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub name: String,
    pub mime_type: String,
    pub size: u64,
    pub blob_id: String,
}

const PROPERTIES: &[&str] = &[
    "id",
    "threadId",
    "from",
    "to",
    "cc",
    "replyTo",
    "messageId",
    "references",
    "subject",
    "receivedAt",
    "keywords",
    "textBody",
    "bodyValues",
    "attachments",
    "header:X-Tandem-Kind:asText",
    "header:X-Tandem-Author:asText",
    "header:X-Tandem-At:asText",
    "header:X-Tandem-Snooze-Until:asText",
];

/// Loads thread `thread_id` of `account_id` in one request (Thread/get → Email/get).
pub async fn load_conversation<T: Transport>(client: &JmapClient<T>, account_id: &str, thread_id: &str) -> Result<Conversation, JmapError> {
    let mut request = Request::new();
    let thread = request.add(ThreadGet::new(account_id, Ids::List(vec![thread_id.to_string()])));
    let emails = request.add(EmailGet::new(account_id, thread.ids("/list/*/emailIds")).properties(PROPERTIES).text_bodies(None));
    let response = client.send(request).await?;
    let thread = response.get(&thread)?;
    if thread.list.is_empty() {
        return Err(JmapError::Method(crate::error::MethodError {
            kind: crate::error::ErrorKind::NotFound,
            description: Some("This conversation no longer exists.".into()),
            extra: Default::default(),
        }));
    }
    let emails = response.get(&emails)?;
    let mut conversation = build(thread_id, emails.list);
    conversation.email_state = emails.state;
    Ok(conversation)
}

/// Orders the emails oldest first and renders each to text.
pub fn build(thread_id: &str, emails: Vec<Email>) -> Conversation {
    let state = from_emails(thread_id, String::new(), emails);
    let messages: Vec<Message> = state.emails.iter().map(message).collect();
    let subject =
        messages.iter().map(|m| base_subject(&m.subject).to_string()).find(|s| !s.is_empty()).unwrap_or_else(|| "(no subject)".into());
    Conversation {
        thread_id: thread_id.to_string(),
        subject,
        messages,
        status: state.status,
        assignee: state.assignee,
        tags: state.tags,
        email_state: String::new(),
        snoozed_until: state.snoozed_until,
    }
}

fn addresses(list: &Option<Vec<EmailAddress>>) -> Vec<String> {
    list.iter()
        .flatten()
        .map(|a| match (&a.name, &a.email) {
            (Some(n), Some(e)) if !n.trim().is_empty() => format!("{} <{e}>", n.trim()),
            _ => a.label(),
        })
        .collect()
}

fn message(email: &Email) -> Message {
    let parts: &[BodyPart] = email.text_body.as_deref().unwrap_or_default();
    let mut from_html = false;
    let body: Vec<String> = parts
        .iter()
        .filter_map(|part| {
            let value = email.body_values.get(part.part_id.as_deref()?)?;
            if part.mime_type.as_deref() == Some("text/html") {
                from_html = true;
                Some(html_to_text(&value.value))
            } else {
                Some(value.value.trim_end().to_string())
            }
        })
        .collect();
    let sender = email.from.as_ref().and_then(|f| f.first()).cloned().unwrap_or_default();
    Message {
        id: email.id.clone(),
        from_name: sender.label(),
        from_email: sender.email.clone().unwrap_or_default(),
        to: addresses(&email.to),
        cc: addresses(&email.cc),
        subject: email.subject.clone().unwrap_or_default(),
        received_at: email.received_at.clone().unwrap_or_default(),
        body: body.join("\n\n"),
        from_html,
        unread: !email.has_keyword("$seen"),
        attachments: email
            .attachments
            .iter()
            .flatten()
            .map(|p| Attachment {
                name: p.name.clone().unwrap_or_else(|| "attachment".into()),
                mime_type: p.mime_type.clone().unwrap_or_else(|| "application/octet-stream".into()),
                size: p.size,
                blob_id: p.blob_id.clone().unwrap_or_default(),
            })
            .collect(),
        activity: email.tandem_kind.as_deref() == Some(KIND_ACTIVITY),
        note_author: (email.tandem_kind.as_deref() == Some(KIND_NOTE))
            .then(|| email.tandem_author.as_deref().and_then(agent_id::to_login).unwrap_or_default()),
        reply: ReplyHeaders {
            message_id: email.message_id.iter().flatten().next().cloned(),
            references: email.references.clone().unwrap_or_default(),
            from: email.from.clone().unwrap_or_default(),
            reply_to: email.reply_to.clone().unwrap_or_default(),
            to: email.to.clone().unwrap_or_default(),
            cc: email.cc.clone().unwrap_or_default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn oldest_first_and_html_becomes_text() {
        let emails: Vec<Email> = serde_json::from_value(json!([
            {"id": "b", "receivedAt": "2026-01-02T00:00:00Z", "subject": "Re: Hi", "textBody": [{"partId": "1", "type": "text/html"}],
             "bodyValues": {"1": {"value": "<p>Hello <script>x()</script><b>you</b></p>"}}, "keywords": {"$seen": true}},
            {"id": "a", "receivedAt": "2026-01-01T00:00:00Z", "subject": "Hi", "from": [{"name": "أحمد", "email": "a@x"}],
             "to": [{"name": "Support", "email": "s@x"}, {"email": "t@x"}], "textBody": [{"partId": "1", "type": "text/plain"}],
             "bodyValues": {"1": {"value": "Plain <b>text</b>\n"}},
             "attachments": [{"name": "a.pdf", "type": "application/pdf", "size": 10, "blobId": "B"}]}
        ]))
        .unwrap();
        let c = build("T", emails);
        assert_eq!(c.subject, "Hi");
        assert_eq!(c.messages[0].from_name, "أحمد");
        assert_eq!(c.messages[0].to, vec!["Support <s@x>", "t@x"]);
        assert_eq!(c.messages[0].body, "Plain <b>text</b>", "plain text keeps its angle brackets as text");
        assert!(c.messages[0].unread && !c.messages[1].unread);
        assert_eq!(c.messages[1].body, "Hello you");
        assert!(c.messages[1].from_html);
        assert_eq!(c.messages[0].attachments[0].name, "a.pdf");
    }
}
