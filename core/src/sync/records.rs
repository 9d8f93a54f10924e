//! What the sync engine stores: one record per Mailbox, Thread and Email, made from the JMAP
//! objects, serializable so that a persistent store (IndexedDB) can keep them as they are.
//!
//! An Email record keeps what lists and thread state need, never bodies. Everything in it but
//! `keywords` and `mailbox_ids` is immutable in JMAP (RFC 8621 §4.1), which is what lets an update
//! ([`crate::sync::store::StoreBatch::email_updates`]) replace just those two and keep the rest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::jmap::objects::{Email, EmailAddress, Mailbox, Thread};
use crate::thread_list::email_preview;

/// The Email properties every record is made from.
pub const RECORD_PROPERTIES: &[&str] = &[
    "id",
    "threadId",
    "mailboxIds",
    "keywords",
    "receivedAt",
    "subject",
    "from",
    "preview",
    "hasAttachment",
    "messageId",
    "size",
    "header:X-Tandem-Kind:asText",
    "header:X-Tandem-Author:asText",
];

/// [`RECORD_PROPERTIES`] plus the start of the text body, for a preview the server lacks (Cyrus
/// 3.6 has none for non-ASCII text and gives raw HTML for HTML-only mail).
pub const RECORD_WITH_TEXT_PROPERTIES: &[&str] = &[
    "id",
    "threadId",
    "mailboxIds",
    "keywords",
    "receivedAt",
    "subject",
    "from",
    "preview",
    "hasAttachment",
    "messageId",
    "size",
    "header:X-Tandem-Kind:asText",
    "header:X-Tandem-Author:asText",
    "textBody",
    "bodyValues",
];

pub use crate::thread_list::PREVIEW_SOURCE_BYTES;

/// Text fetched for the other emails of a page's threads (a preview of ~160 characters, Arabic
/// or Chinese included, fits).
pub const MEMBER_PREVIEW_BYTES: u64 = 512;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MailboxRecord {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub role: Option<String>,
    pub sort_order: u32,
    pub total_emails: u64,
    pub unread_emails: u64,
    pub total_threads: u64,
    pub unread_threads: u64,
}

impl From<Mailbox> for MailboxRecord {
    fn from(m: Mailbox) -> Self {
        MailboxRecord {
            id: m.id,
            name: m.name,
            parent_id: m.parent_id,
            role: m.role,
            sort_order: m.sort_order,
            total_emails: m.total_emails,
            unread_emails: m.unread_emails,
            total_threads: m.total_threads,
            unread_threads: m.unread_threads,
        }
    }
}

impl From<MailboxRecord> for Mailbox {
    fn from(m: MailboxRecord) -> Self {
        Mailbox {
            id: m.id,
            name: m.name,
            parent_id: m.parent_id,
            role: m.role,
            sort_order: m.sort_order,
            total_emails: m.total_emails,
            unread_emails: m.unread_emails,
            total_threads: m.total_threads,
            unread_threads: m.unread_threads,
            is_subscribed: true,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ThreadRecord {
    pub id: String,
    /// Oldest first, as the server gives them.
    pub email_ids: Vec<String>,
}

impl From<Thread> for ThreadRecord {
    fn from(t: Thread) -> Self {
        ThreadRecord { id: t.id, email_ids: t.email_ids }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AddressRecord {
    pub name: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmailRecord {
    pub id: String,
    pub thread_id: String,
    pub mailbox_ids: BTreeMap<String, bool>,
    pub keywords: BTreeMap<String, bool>,
    pub received_at: String,
    pub subject: Option<String>,
    pub from: Vec<AddressRecord>,
    /// Plain text, at most [`crate::thread_list::PREVIEW_CHARS`] characters.
    pub preview: String,
    pub has_attachment: bool,
    pub message_id: Vec<String>,
    pub size: u64,
    /// `X-Tandem-Kind` (docs/scheme.md): `note`, `activity`, or none for mail.
    pub tandem_kind: Option<String>,
    pub tandem_author: Option<String>,
}

impl EmailRecord {
    pub fn in_mailbox(&self, mailbox_id: &str) -> bool {
        self.mailbox_ids.get(mailbox_id).copied().unwrap_or(false)
    }

    pub fn has_keyword(&self, keyword: &str) -> bool {
        self.keywords.get(keyword).copied().unwrap_or(false)
    }

    /// The email's place in the server's order, oldest first: `receivedAt`, then id (Cyrus orders
    /// emails received in the same second by id), so lists made from records keep its order.
    pub fn order_key(&self) -> (&str, &str) {
        (&self.received_at, &self.id)
    }

    /// Takes the mutable properties (keywords, mailboxes) of `newer`, keeping the rest.
    pub fn refresh_from(&mut self, newer: &EmailRecord) {
        self.keywords = newer.keywords.clone();
        self.mailbox_ids = newer.mailbox_ids.clone();
    }

    /// The record as an [`Email`], for code that works on JMAP objects (thread summaries).
    pub fn to_email(&self) -> Email {
        Email {
            id: self.id.clone(),
            thread_id: self.thread_id.clone(),
            mailbox_ids: self.mailbox_ids.clone(),
            keywords: self.keywords.clone(),
            size: self.size,
            received_at: Some(self.received_at.clone()),
            message_id: Some(self.message_id.clone()),
            from: Some(self.from.iter().map(|a| EmailAddress { name: a.name.clone(), email: a.email.clone() }).collect()),
            subject: self.subject.clone(),
            preview: Some(self.preview.clone()),
            has_attachment: self.has_attachment,
            tandem_kind: self.tandem_kind.clone(),
            tandem_author: self.tandem_author.clone(),
            ..Email::default()
        }
    }
}

impl From<&Email> for EmailRecord {
    fn from(e: &Email) -> Self {
        EmailRecord {
            id: e.id.clone(),
            thread_id: e.thread_id.clone(),
            mailbox_ids: e.mailbox_ids.clone(),
            keywords: e.keywords.clone(),
            received_at: e.received_at.clone().unwrap_or_default(),
            subject: e.subject.clone(),
            from: e.from.iter().flatten().map(|a| AddressRecord { name: a.name.clone(), email: a.email.clone() }).collect(),
            preview: email_preview(e),
            has_attachment: e.has_attachment,
            message_id: e.message_id.clone().unwrap_or_default(),
            size: e.size,
            tandem_kind: e.tandem_kind.clone(),
            tandem_author: e.tandem_author.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_email_record_keeps_what_lists_need_and_round_trips() {
        let email: Email = serde_json::from_value(json!({
            "id": "M1", "threadId": "T1", "mailboxIds": {"I": true}, "keywords": {"$seen": true},
            "receivedAt": "2024-05-01T10:00:00Z", "subject": "Hi", "from": [{"name": "Ann", "email": "a@x"}],
            "preview": "", "textBody": [{"partId": "1", "type": "text/plain"}], "bodyValues": {"1": {"value": "مرحبا بكم"}},
            "messageId": ["m1@x"], "header:X-Tandem-Kind:asText": "note"
        }))
        .unwrap();
        let record = EmailRecord::from(&email);
        assert_eq!(record.preview, "مرحبا بكم", "the preview comes from the text body when the server has none");
        assert_eq!((record.in_mailbox("I"), record.has_keyword("$seen"), record.tandem_kind.as_deref()), (true, true, Some("note")));
        let back: EmailRecord = serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
        assert_eq!(back, record);
        assert_eq!(EmailRecord::from(&record.to_email()), record);
    }

    #[test]
    fn a_refresh_changes_only_keywords_and_mailboxes() {
        let mut old = EmailRecord { id: "M1".into(), preview: "from the body".into(), ..Default::default() };
        let newer = EmailRecord {
            id: "M1".into(),
            preview: "server's".into(),
            keywords: [("$flagged".to_string(), true)].into(),
            mailbox_ids: [("A".to_string(), true)].into(),
            ..Default::default()
        };
        old.refresh_from(&newer);
        assert_eq!((old.preview.as_str(), old.has_keyword("$flagged"), old.in_mailbox("A")), ("from the body", true, true));
    }
}
