//! Who a reply goes to and how it joins the thread: reply to the customer's latest message,
//! reply-all (the team's own addresses dropped), forward, from the thread's emails. Notes and
//! activity records (emails with an `X-Tandem-Kind`) are never answered, quoted or forwarded.

use super::message::{Address, AttachmentRef};
use crate::conversation::Message;
use crate::jmap::objects::EmailAddress;
use crate::text::base_subject;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    Reply,
    ReplyAll,
    Forward,
}

/// A reply's start: recipients, subject and threading headers, and the message it quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyStart {
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub subject: String,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// The email answered (its id), to mark `$answered` once the reply has left.
    pub answers: Option<String>,
    /// Who wrote the quoted message, when (RFC 3339), and its text.
    pub quoted_from: String,
    pub quoted_at: String,
    pub quoted_text: String,
    /// A forward carries the message's attachments (by blob id: nothing is uploaded again).
    pub attachments: Vec<AttachmentRef>,
}

/// The start of a reply of `kind` to the conversation of `messages` (oldest first, as
/// `conversation::build` orders them), sent from the team whose addresses are `team` (compared
/// without case).
pub fn reply_start(messages: &[Message], team: &[String], kind: ReplyKind) -> Option<ReplyStart> {
    let is_team = |a: &EmailAddress| a.email.as_deref().is_some_and(|e| team.iter().any(|t| t.eq_ignore_ascii_case(e.trim())));
    let mail: Vec<&Message> = messages.iter().filter(|m| m.note_author.is_none() && !m.activity).collect();
    // Answer the newest message from a customer; if only the team wrote, its newest one.
    let latest = mail.iter().rev().find(|m| !m.reply.from.iter().any(is_team)).or(mail.last()).copied()?;
    let headers = &latest.reply;
    let list = |addresses: &[EmailAddress]| -> Vec<Address> {
        addresses
            .iter()
            .filter(|a| !is_team(a))
            .filter_map(|a| Some(Address::new(a.name.as_deref().unwrap_or(""), a.email.as_deref()?)))
            .collect()
    };
    let answer_to = if headers.reply_to.is_empty() { &headers.from } else { &headers.reply_to };
    let (to, cc) = match kind {
        ReplyKind::Forward => (vec![], vec![]),
        ReplyKind::Reply => (list(answer_to), vec![]),
        ReplyKind::ReplyAll => {
            let to = list(answer_to);
            let mut seen: Vec<String> = to.iter().map(|a| a.email.to_lowercase()).collect();
            let mut cc = list(&headers.to);
            cc.extend(list(&headers.cc));
            cc.retain(|a| {
                let fresh = !seen.contains(&a.email.to_lowercase());
                seen.push(a.email.to_lowercase());
                fresh
            });
            (to, cc)
        }
    };
    let base = base_subject(&latest.subject);
    let threading = kind != ReplyKind::Forward;
    let mut references = headers.references.clone();
    references.extend(headers.message_id.clone());
    Some(ReplyStart {
        to,
        cc,
        subject: if threading { format!("Re: {base}") } else { format!("Fwd: {base}") },
        in_reply_to: if threading { headers.message_id.iter().cloned().collect() } else { vec![] },
        references: if threading { references } else { vec![] },
        answers: Some(latest.id.clone()),
        quoted_from: headers.from.first().map(EmailAddress::label).unwrap_or_else(|| latest.from_name.clone()),
        quoted_at: latest.received_at.clone(),
        quoted_text: latest.body.clone(),
        attachments: if threading {
            vec![]
        } else {
            latest
                .attachments
                .iter()
                .map(|a| AttachmentRef { blob_id: a.blob_id.clone(), name: a.name.clone(), mime_type: a.mime_type.clone(), size: a.size })
                .collect()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn emails() -> Vec<Message> {
        let emails: Vec<crate::jmap::objects::Email> = serde_json::from_value(json!([
            {"id": "e1", "receivedAt": "2026-12-01T10:00:00Z", "subject": "Refund", "messageId": ["m1@x"],
             "from": [{"name": "Ahmed", "email": "ahmed@example.com"}], "to": [{"email": "Support@Tandem.test"}], "cc": [{"email": "wife@example.com"}]},
            {"id": "e2", "receivedAt": "2026-12-01T11:00:00Z", "subject": "Re: Refund", "messageId": ["m2@x"], "references": ["m1@x"],
             "from": [{"name": "Support", "email": "support@tandem.test"}], "to": [{"email": "ahmed@example.com"}]},
            {"id": "n1", "receivedAt": "2026-12-01T12:00:00Z", "subject": "Re: Refund", "messageId": ["n1@x"],
             "from": [{"email": "alice@tandem.test"}], "header:X-Tandem-Kind:asText": "note"},
            {"id": "e3", "receivedAt": "2026-12-01T13:00:00Z", "subject": "RE: Re: Refund", "messageId": ["m3@x"], "references": ["m1@x", "m2@x"],
             "from": [{"name": "Ahmed", "email": "ahmed@example.com"}], "replyTo": [{"name": "Ahmed (work)", "email": "ahmed@work.example"}],
             "to": [{"email": "support@tandem.test"}, {"email": "boss@example.com"}], "cc": [{"email": "ahmed@work.example"}]}
        ]))
        .unwrap();
        crate::conversation::build("t", emails).messages
    }

    #[test]
    fn a_reply_answers_the_latest_customer_message_at_its_reply_to() {
        let start = reply_start(&emails(), &["support@tandem.test".into()], ReplyKind::Reply).unwrap();
        assert_eq!(start.to, vec![Address::new("Ahmed (work)", "ahmed@work.example")]);
        assert_eq!(start.subject, "Re: Refund");
        assert_eq!(start.in_reply_to, vec!["m3@x"]);
        assert_eq!(start.references, vec!["m1@x", "m2@x", "m3@x"]);
        assert_eq!(start.answers.as_deref(), Some("e3"));
    }

    #[test]
    fn reply_all_drops_the_team_and_repeats() {
        let start = reply_start(&emails(), &["SUPPORT@tandem.test".into()], ReplyKind::ReplyAll).unwrap();
        let cc: Vec<&str> = start.cc.iter().map(|a| a.email.as_str()).collect();
        assert_eq!(cc, vec!["boss@example.com"]);
    }

    #[test]
    fn notes_are_never_answered_and_a_forward_starts_empty() {
        let notes_only: Vec<Message> = emails().into_iter().filter(|e| e.id == "n1").collect();
        assert_eq!(reply_start(&notes_only, &[], ReplyKind::Reply), None);
        let forward = reply_start(&emails(), &[], ReplyKind::Forward).unwrap();
        assert!(forward.to.is_empty() && forward.in_reply_to.is_empty());
        assert_eq!(forward.subject, "Fwd: Refund");
    }
}
