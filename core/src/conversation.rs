//! One thread opened: its messages oldest first. Each message carries its text (an HTML body
//! converted to text here: for previews, replies, and wherever HTML cannot be shown) and, when the
//! sender wrote HTML, that HTML as received: the app sanitizes it and shows it in a sandboxed frame
//! (src/mail_html.rs), never as markup of the page.

use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, ThreadGet};
use crate::jmap::objects::{BodyPart, Email, EmailAddress};
use crate::jmap::{Ids, JmapClient, Request};
use crate::model::kind::{KIND_ACTIVITY, KIND_DRAFT, KIND_NOTE};
use crate::model::shared_draft::SharedDraft;
use crate::model::status::Status;
use crate::model::thread_state::from_emails;
use crate::model::{agent_id, keywords};
use crate::text::{base_subject, clean_line, escape_html, html_to_text};
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
    /// Replies being written, saved on the server (never messages of the conversation).
    #[serde(default)]
    pub drafts: Vec<SharedDraft>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// An activity record's machine-readable headers, read by `Activity::of_record`. `None` for
    /// other messages, for records written before Tandem wrote them, and in copies kept before
    /// it read them (the sentence is read then).
    #[serde(default)]
    pub activity_headers: Option<ActivityHeaders>,
    /// What a reply to it needs (kept with the copy, so a reply can be written offline).
    #[serde(default)]
    pub reply: ReplyHeaders,
    /// The HTML body as the sender wrote it (`htmlBody`), unsanitized: only the app's sanitizer
    /// may turn it into markup, inside the message frame. `None` for plain-text mail.
    #[serde(default)]
    pub html: Option<String>,
    /// The server could not decode part of the body (`isEncodingProblem`): the text may be
    /// incomplete, and the original is offered.
    #[serde(default)]
    pub encoding_problem: bool,
    /// The whole message as received (its RFC 5322 blob), offered as "the original".
    #[serde(default)]
    pub blob_id: String,
    /// Marked `$phishing` or `$junk`: shown with a warning, its links inert until trusted.
    #[serde(default)]
    pub suspicious: bool,
    /// The team's copy of a reply: the agent who sent it (a login; `$tandem_by_<agent>`).
    #[serde(default)]
    pub sent_by: Option<String>,
}

/// What an activity record's headers say (docs/scheme.md, "Notes and activity").
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivityHeaders {
    /// `X-Tandem-Activity`: `assign:<login>`, `unassign`, `status:<…>`, `tag:+<id>`, `tag:-<id>`.
    pub activity: String,
    /// The login of `X-Tandem-Author` (empty if it is not a well-formed agent id).
    pub author: String,
    /// `X-Tandem-Snooze-Until`, on a snooze.
    pub snooze_until: Option<String>,
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

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub name: String,
    pub mime_type: String,
    pub size: u64,
    pub blob_id: String,
    /// Its `Content-ID` (without `<>`), when the HTML body shows it inline as `cid:…`.
    #[serde(default)]
    pub cid: Option<String>,
}

const PROPERTIES: &[&str] = &[
    "id",
    "blobId",
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
    "htmlBody",
    "bodyValues",
    "attachments",
    "header:X-Tandem-Kind:asText",
    "header:X-Tandem-Author:asText",
    "header:X-Tandem-At:asText",
    "header:X-Tandem-Snooze-Until:asText",
    "header:X-Tandem-Draft:asText",
    "header:X-Tandem-Activity:asText",
];

/// Loads thread `thread_id` of `account_id` in one request (Thread/get → Email/get).
pub async fn load_conversation<T: Transport>(client: &JmapClient<T>, account_id: &str, thread_id: &str) -> Result<Conversation, JmapError> {
    let mut request = Request::new();
    let thread = request.add(ThreadGet::new(account_id, Ids::List(vec![thread_id.to_string()])));
    let emails =
        request.add(EmailGet::new(account_id, thread.ids("/list/*/emailIds")).properties(PROPERTIES).text_bodies(None).html_bodies());
    let response = client.send(request).await?;
    // The answer's envelope was read as it came; its emails are read, and then made into
    // messages, each after a moment for the host (a browser paints between them: a conversation
    // of 20 HTML messages read ahead was one 78 ms task).
    client.transport().pause().await;
    let thread = response.get(&thread)?;
    if thread.list.is_empty() {
        return Err(JmapError::Method(crate::error::MethodError {
            kind: crate::error::ErrorKind::NotFound,
            description: Some("This conversation no longer exists.".into()),
            extra: Default::default(),
        }));
    }
    let emails = response.get(&emails)?;
    client.transport().pause().await;
    let mut conversation = build(thread_id, emails.list);
    conversation.email_state = emails.state;
    Ok(conversation)
}

/// Orders the emails oldest first and reads each one's text and HTML.
pub fn build(thread_id: &str, emails: Vec<Email>) -> Conversation {
    let state = from_emails(thread_id, String::new(), emails);
    let (drafts, mail): (Vec<&Email>, Vec<&Email>) = state.emails.iter().partition(|e| e.tandem_kind.as_deref() == Some(KIND_DRAFT));
    let messages: Vec<Message> = mail.into_iter().map(message).collect();
    let drafts = drafts.into_iter().filter_map(|e| SharedDraft::of_email(e, message(e).body)).collect();
    let subject = messages
        .iter()
        .map(|m| base_subject(&m.subject).to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| crate::thread_list::NO_SUBJECT.into());
    Conversation {
        thread_id: thread_id.to_string(),
        subject,
        messages,
        status: state.status,
        assignee: state.assignee,
        tags: state.tags,
        email_state: String::new(),
        snoozed_until: state.snoozed_until,
        drafts,
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
    let mut encoding_problem = false;
    let body: Vec<String> = parts
        .iter()
        .filter_map(|part| {
            let value = email.body_values.get(part.part_id.as_deref()?)?;
            encoding_problem |= value.is_encoding_problem;
            if part.mime_type.as_deref() == Some("text/html") {
                from_html = true;
                Some(html_to_text(&value.value))
            } else {
                Some(value.value.trim_end().to_string())
            }
        })
        .collect();
    let (html, html_problem) = html_body(email);
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
        attachments: email.attachments.iter().flatten().map(attachment).collect(),
        activity: email.tandem_kind.as_deref() == Some(KIND_ACTIVITY),
        activity_headers: (email.tandem_kind.as_deref() == Some(KIND_ACTIVITY)).then(|| email.tandem_activity.clone()).flatten().map(
            |activity| ActivityHeaders {
                activity,
                author: email.tandem_author.as_deref().and_then(agent_id::to_login).unwrap_or_default(),
                snooze_until: email.tandem_snooze_until.clone(),
            },
        ),
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
        html,
        encoding_problem: encoding_problem || html_problem,
        blob_id: email.blob_id.clone().unwrap_or_default(),
        suspicious: email.has_keyword("$phishing") || email.has_keyword("$junk"),
        sent_by: email.keywords.iter().filter(|(_, on)| **on).find_map(|(k, _)| keywords::replied_by_login(k)),
    }
}

/// The `htmlBody` as one HTML document, when the sender wrote HTML (a part of type text/html);
/// plain-text parts between HTML ones (multipart/mixed) become escaped, pre-wrapped text. And
/// whether the server had trouble decoding any of it.
fn html_body(email: &Email) -> (Option<String>, bool) {
    let parts: &[BodyPart] = email.html_body.as_deref().unwrap_or_default();
    if !parts.iter().any(|p| p.mime_type.as_deref() == Some("text/html")) {
        return (None, false);
    }
    let mut html = String::new();
    let mut problem = false;
    for part in parts {
        let Some(value) = part.part_id.as_deref().and_then(|id| email.body_values.get(id)) else { continue };
        problem |= value.is_encoding_problem;
        match part.mime_type.as_deref() {
            Some("text/html") => html.push_str(&value.value),
            Some("text/plain") => {
                html.push_str("<div style=\"white-space:pre-wrap\">");
                html.push_str(&escape_html(&value.value));
                html.push_str("</div>");
            }
            _ => {}
        }
    }
    (Some(html), problem)
}

/// An attachment as offered: an attached message (`message/rfc822`) keeps a name that says so.
fn attachment(p: &BodyPart) -> Attachment {
    let mime_type = p.mime_type.clone().unwrap_or_else(|| "application/octet-stream".into());
    let fallback = if mime_type.eq_ignore_ascii_case("message/rfc822") { "attached message.eml" } else { "attachment" };
    let cid = p.cid.as_deref().map(|c| c.trim().trim_start_matches('<').trim_end_matches('>').to_string()).filter(|c| !c.is_empty());
    Attachment {
        // As one clean line: an override (`invoice\u{202E}fdp.exe`) would show an .exe as a .pdf.
        name: p.name.as_deref().map(clean_line).filter(|n| !n.is_empty()).unwrap_or_else(|| fallback.into()),
        mime_type,
        size: p.size,
        blob_id: p.blob_id.clone().unwrap_or_default(),
        cid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_attachment_name_cannot_disguise_its_type() {
        let part = |name: &str| BodyPart { name: Some(name.into()), ..Default::default() };
        assert_eq!(attachment(&part("invoice\u{202E}fdp.exe")).name, "invoicefdp.exe", "the override goes: it reads .exe");
        assert_eq!(attachment(&part("report\n2024.pdf")).name, "report 2024.pdf");
        assert_eq!(attachment(&part("\u{2066}\u{2069}")).name, "attachment");
        assert_eq!(attachment(&part("فاتورة.pdf")).name, "فاتورة.pdf");
    }

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
        assert_eq!(c.messages[0].html, None, "plain-text mail has no HTML body");
    }

    #[test]
    fn html_body_kept_as_written_with_inline_parts_and_problems() {
        let emails: Vec<Email> = serde_json::from_value(json!([
            {"id": "a", "blobId": "G1", "receivedAt": "2026-01-01T00:00:00Z", "keywords": {"$phishing": true},
             "textBody": [{"partId": "1", "type": "text/plain"}],
             "htmlBody": [{"partId": "2", "type": "text/html"}, {"partId": "3", "type": "text/plain"}],
             "bodyValues": {"1": {"value": "Hi"}, "2": {"value": "<p>Hi <img src=\"cid:logo@x\"></p>"},
                            "3": {"value": "a <b> & c", "isEncodingProblem": true}},
             "attachments": [{"type": "image/png", "cid": "<logo@x>", "blobId": "L", "size": 3},
                             {"type": "message/rfc822", "blobId": "M", "size": 30}]}
        ]))
        .unwrap();
        let m = &build("T", emails).messages[0];
        assert_eq!(m.body, "Hi", "the text stays for previews and replies");
        assert_eq!(
            m.html.as_deref(),
            Some("<p>Hi <img src=\"cid:logo@x\"></p><div style=\"white-space:pre-wrap\">a &lt;b&gt; &amp; c</div>")
        );
        assert!(m.encoding_problem);
        assert!(m.suspicious);
        assert_eq!(m.blob_id, "G1");
        assert_eq!(m.attachments[0].cid.as_deref(), Some("logo@x"));
        assert_eq!(m.attachments[1].name, "attached message.eml", "an attached message is offered, not dropped");
    }

    #[test]
    fn a_conversation_kept_before_html_bodies_reads_back() {
        let old = json!({"id": "a", "fromName": "", "fromEmail": "", "to": [], "cc": [], "subject": "", "receivedAt": "",
            "body": "x", "fromHtml": false, "unread": false,
            "attachments": [{"name": "n", "mimeType": "t", "size": 1, "blobId": "b"}], "noteAuthor": null, "activity": false});
        let m: Message = serde_json::from_value(old).unwrap();
        assert_eq!((m.html, m.encoding_problem, m.suspicious, m.attachments[0].cid.clone()), (None, false, false, None));
        assert_eq!(m.activity_headers, None, "a record kept before its headers were read: its sentence is read");
    }

    #[test]
    fn an_activity_record_keeps_its_headers() {
        let emails: Vec<Email> = serde_json::from_value(json!([
            {"id": "r", "receivedAt": "2026-01-01T00:00:00Z", "header:X-Tandem-Kind:asText": "activity",
             "header:X-Tandem-Author:asText": "jos_c3_a9", "header:X-Tandem-Activity:asText": "status:snoozed",
             "header:X-Tandem-Snooze-Until:asText": "2026-01-02T08:00:00Z"},
            {"id": "n", "receivedAt": "2026-01-01T00:00:01Z", "header:X-Tandem-Kind:asText": "note",
             "header:X-Tandem-Author:asText": "bob", "header:X-Tandem-Activity:asText": "unassign"},
            {"id": "o", "receivedAt": "2026-01-01T00:00:02Z", "header:X-Tandem-Kind:asText": "activity"}
        ]))
        .unwrap();
        let c = build("T", emails);
        let headers =
            ActivityHeaders {
                activity: "status:snoozed".into(), author: "josé".into(), snooze_until: Some("2026-01-02T08:00:00Z".into())
            };
        assert_eq!(c.messages[0].activity_headers, Some(headers));
        assert_eq!(c.messages[1].activity_headers, None, "only an activity record's");
        assert_eq!(c.messages[2].activity_headers, None, "a record written before the header");
    }
}
