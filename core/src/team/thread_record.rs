//! Emails Tandem adds to a customer thread — internal notes and activity records — in
//! `Tandem/Notes`, joined to the thread by references and subject (docs/scheme.md, "Notes and
//! activity"), and carrying the thread's state keywords so that adding one changes nothing.

use serde_json::{json, Map, Value};

use super::tandem_mailboxes::{self, NOTES};
use crate::error::JmapError;
use crate::jmap::JmapClient;
use crate::model::agent_id;
use crate::model::keywords::{self, ASSIGNED, SEEN};
use crate::model::status::Status;
use crate::model::thread_state::ThreadState;
use crate::text::{base_subject, clean_line, clean_text};
use crate::transport::Transport;

/// The agent writing: their login, the name shown, and when they act (milliseconds since the
/// epoch; JMAP dates have whole seconds, so this orders records written in the same second).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub login: String,
    pub name: String,
    pub at_ms: u64,
}

/// Where and how a record joins one thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordTarget {
    mailbox: String,
    subject: String,
    /// The thread's latest Message-ID: the record answers it.
    anchor: Option<String>,
    /// The thread's first Message-ID, referenced too (as mail clients do: the root and the
    /// latest).
    root: Option<String>,
}

pub async fn target<T: Transport>(client: &JmapClient<T>, account_id: &str, state: &ThreadState) -> Result<RecordTarget, JmapError> {
    let mailbox = tandem_mailboxes::ensure(client, account_id, NOTES).await?;
    Ok(target_in(mailbox, state))
}

impl RecordTarget {
    /// The target an existing record was written to (to re-create it).
    pub fn of_record(record: &crate::jmap::objects::Email) -> Self {
        RecordTarget {
            mailbox: record.mailbox_ids.keys().next().cloned().unwrap_or_default(),
            subject: record.subject.as_deref().map(base_subject).unwrap_or_default().to_string(),
            anchor: record.in_reply_to.as_ref().and_then(|v| v.first().cloned()),
            root: record.references.as_ref().and_then(|v| v.first().cloned()),
        }
    }
}

/// A record in `mailbox` that joins no thread (a new conversation's draft).
pub fn alone_in(mailbox: String) -> RecordTarget {
    RecordTarget { mailbox, subject: String::new(), anchor: None, root: None }
}

pub fn target_in(mailbox: String, state: &ThreadState) -> RecordTarget {
    let anchor = state.emails.iter().rev().find_map(|e| e.message_id.as_ref()?.first().cloned());
    let root = state.emails.iter().find_map(|e| e.message_id.as_ref()?.first().cloned());
    let subject =
        state.emails.iter().find_map(|e| e.subject.as_deref().map(base_subject).filter(|s| !s.is_empty())).unwrap_or_default().to_string();
    RecordTarget { mailbox, subject, anchor, root }
}

/// The keywords a record needs to leave the thread's status and assignee as they are, plus
/// `kind_keyword` and `$seen` (for its author).
pub fn state_keywords(kind_keyword: &str, status: Status, assignee: Option<&str>) -> Map<String, Value> {
    let mut kw = Map::new();
    for k in [kind_keyword, SEEN].into_iter().chain(status.keyword()) {
        kw.insert(k.into(), json!(true));
    }
    if let Some(login) = assignee {
        kw.insert(ASSIGNED.into(), json!(true));
        kw.insert(keywords::assignee(login), json!(true));
    }
    kw
}

/// The Email/set creation object of a record.
pub fn record_object(
    target: &RecordTarget,
    kind: &str,
    keywords: Map<String, Value>,
    author: &Author,
    text: &str,
    extra_headers: &[(&str, String)],
) -> Value {
    let mut record = json!({
        "mailboxIds": { target.mailbox.clone(): true },
        "keywords": keywords,
        "from": [{ "name": clean_line(&author.name), "email": author.login }],
        "subject": format!("Re: {}", clean_line(&target.subject)),
        "header:X-Tandem-Kind:asText": kind,
        "header:X-Tandem-Author:asText": agent_id::from_login(&author.login),
        "header:X-Tandem-At:asText": author.at_ms.to_string(),
        "bodyValues": { "body": { "value": clean_text(text) } },
        "textBody": [{ "partId": "body", "type": "text/plain" }],
    });
    if let Some(id) = &target.anchor {
        record["inReplyTo"] = json!([id]);
        let root = target.root.as_ref().filter(|r| *r != id);
        record["references"] = json!(root.into_iter().chain([id]).collect::<Vec<_>>());
    }
    for (name, value) in extra_headers {
        record[format!("header:{name}:asText")] = json!(value);
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_joins_the_thread_and_names_its_author() {
        let author = Author { login: "Alice".into(), name: "Alice Martin".into(), at_ms: 1_700_000_000_123 };
        let target = RecordTarget { mailbox: "N".into(), subject: "Refund".into(), anchor: Some("m2@x".into()), root: Some("m1@x".into()) };
        let n = record_object(&target, "note", Map::new(), &author, "Called them", &[("X-Tandem-Activity", "close".into())]);
        assert_eq!(n["subject"], "Re: Refund");
        assert_eq!(n["inReplyTo"], json!(["m2@x"]));
        assert_eq!(n["references"], json!(["m1@x", "m2@x"]), "the thread's root and its latest");
        let single = RecordTarget { anchor: Some("m1@x".into()), ..target.clone() };
        assert_eq!(record_object(&single, "note", Map::new(), &author, "x", &[])["references"], json!(["m1@x"]));
        assert_eq!(n["header:X-Tandem-Author:asText"], "alice");
        assert_eq!(n["header:X-Tandem-Kind:asText"], "note");
        assert_eq!(n["header:X-Tandem-Activity:asText"], "close");
        assert_eq!(n["header:X-Tandem-At:asText"], "1700000000123");
        assert_eq!(n["bodyValues"]["body"]["value"], "Called them");
        // What a server refuses never reaches it: from the customer's subject, the agent's name
        // and what the agent typed.
        let hostile = RecordTarget { subject: "Refund\t\0now".into(), ..target };
        let author = Author { name: "Alice\r\nBcc: x".into(), ..author };
        let n = record_object(&hostile, "note", Map::new(), &author, "Called\0 them\r\n", &[]);
        assert_eq!((&n["subject"], &n["from"][0]["name"]), (&json!("Re: Refund  now"), &json!("Alice  Bcc: x")));
        assert_eq!(n["bodyValues"]["body"]["value"], "Called them\n");
    }

    #[test]
    fn records_keep_the_thread_state() {
        let kw = state_keywords("$tandem_note", Status::Pending, Some("bob"));
        for k in ["$tandem_note", "$seen", "$tandem_pending", "$tandem_assigned", "$tandem_to_bob"] {
            assert_eq!(kw.get(k), Some(&json!(true)), "{k}");
        }
        assert_eq!(state_keywords("$tandem_note", Status::Open, None).len(), 2);
    }
}
