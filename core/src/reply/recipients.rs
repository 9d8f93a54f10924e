//! Who a reply goes to and how it joins the thread: reply to the customer's latest message,
//! reply-all (the team's own addresses dropped), forward, from the thread's emails. Notes and
//! activity records (emails with an `X-Tandem-Kind`) are never answered, quoted or forwarded.

use super::message::Address;
use crate::jmap::objects::{Email, EmailAddress};
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
    /// Who wrote the quoted message, and when (RFC 3339).
    pub quoted_from: String,
    pub quoted_at: String,
}

/// The start of a reply of `kind` to the thread of `emails` (any order), sent from the team
/// whose addresses are `team` (compared without case).
pub fn reply_start(emails: &[Email], team: &[String], kind: ReplyKind) -> Option<ReplyStart> {
    let is_team = |a: &&EmailAddress| a.email.as_deref().is_some_and(|e| team.iter().any(|t| t.eq_ignore_ascii_case(e.trim())));
    let mail: Vec<&Email> = emails.iter().filter(|e| e.tandem_kind.is_none() && !e.has_keyword("$draft")).collect();
    // Answer the newest message from a customer; if the team wrote last to nobody else, that one.
    let latest = mail.iter().copied().filter(|e| !e.from.iter().flatten().any(|a| is_team(&a))).max_by(|a, b| a.timeline_cmp(b));
    let answered = latest.or_else(|| mail.iter().copied().max_by(|a, b| a.timeline_cmp(b)))?;
    let to_list = |list: &Option<Vec<EmailAddress>>| -> Vec<Address> {
        list.iter()
            .flatten()
            .filter(|a| !is_team(a))
            .filter_map(|a| Some(Address::new(a.name.as_deref().unwrap_or(""), a.email.as_deref()?)))
            .collect()
    };
    let reply_to = if answered.reply_to.as_ref().is_some_and(|r| !r.is_empty()) { &answered.reply_to } else { &answered.from };
    let (to, cc) = match kind {
        ReplyKind::Forward => (vec![], vec![]),
        ReplyKind::Reply => (to_list(reply_to), vec![]),
        ReplyKind::ReplyAll => {
            let to = to_list(reply_to);
            let mut cc: Vec<Address> = to_list(&answered.to).into_iter().chain(to_list(&answered.cc)).collect();
            let mut seen: Vec<String> = to.iter().map(|a| a.email.to_ascii_lowercase()).collect();
            cc.retain(|a| {
                let fresh = !seen.contains(&a.email.to_ascii_lowercase());
                seen.push(a.email.to_ascii_lowercase());
                fresh
            });
            (to, cc)
        }
    };
    let base = base_subject(answered.subject.as_deref().unwrap_or(""));
    let subject = match kind {
        ReplyKind::Forward => format!("Fwd: {base}"),
        _ => format!("Re: {base}"),
    };
    let own_id = answered.message_id.iter().flatten().next().cloned();
    let mut references: Vec<String> = answered.references.iter().flatten().cloned().collect();
    references.extend(own_id.clone());
    let from = answered.from.iter().flatten().next().map(EmailAddress::label).unwrap_or_default();
    Some(ReplyStart {
        to,
        cc,
        subject,
        in_reply_to: if kind == ReplyKind::Forward { vec![] } else { own_id.into_iter().collect() },
        references: if kind == ReplyKind::Forward { vec![] } else { references },
        answers: Some(answered.id.clone()),
        quoted_from: from,
        quoted_at: answered.received_at.clone().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn emails() -> Vec<Email> {
        serde_json::from_value(json!([
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
        .unwrap()
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
        let notes_only: Vec<Email> = emails().into_iter().filter(|e| e.id == "n1").collect();
        assert_eq!(reply_start(&notes_only, &[], ReplyKind::Reply), None);
        let forward = reply_start(&emails(), &[], ReplyKind::Forward).unwrap();
        assert!(forward.to.is_empty() && forward.in_reply_to.is_empty());
        assert_eq!(forward.subject, "Fwd: Refund");
    }
}
