//! Thread lists computed from stored records, the same way the live list is computed from the
//! server's answer ([`crate::thread_list::summarize`]): a store shows what the server would.

use std::collections::{BTreeMap, BTreeSet};

use super::records::{EmailRecord, ThreadRecord};
use crate::jmap::objects::Thread;
use crate::thread_list::{summarize, ThreadSummary};

/// Every thread with an email in `mailbox_id`, newest first (by the newest email of the thread
/// in that mailbox), summarized from the records.
pub fn mailbox_threads(
    mailbox_id: &str,
    threads: &BTreeMap<String, ThreadRecord>,
    emails: &BTreeMap<String, EmailRecord>,
) -> Vec<ThreadSummary> {
    let newest = newest_in_mailbox(mailbox_id, emails.values());
    let mut latest: Vec<&EmailRecord> = newest.into_values().collect();
    crate::sort::sort_by(&mut latest, |a, b| b.order_key().cmp(&a.order_key()));
    let order: Vec<String> = latest.iter().map(|e| e.id.clone()).collect();
    let thread_ids: BTreeSet<&str> = latest.iter().map(|e| e.thread_id.as_str()).collect();
    let members: Vec<_> = emails.values().filter(|e| thread_ids.contains(e.thread_id.as_str())).map(EmailRecord::to_email).collect();
    let thread_objects: Vec<Thread> = thread_ids.iter().map(|id| thread_object(id, threads.get(*id), emails)).collect();
    summarize(&order, latest.iter().map(|e| e.to_email()).collect(), &thread_objects, &members)
}

/// Where a thread shows in one list (a mailbox, or a team view's key): dated by its newest email
/// there, and ordered after that by that email's id, as the server orders threads received in the
/// same second (Cyrus: by email id, highest first), so the copy's lists keep the server's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The mailbox id, or a team view's list key.
    pub key: String,
    pub received_at: String,
    pub email_id: String,
}

impl Placement {
    pub fn new(key: impl Into<String>, received_at: impl Into<String>, email_id: impl Into<String>) -> Self {
        Placement { key: key.into(), received_at: received_at.into(), email_id: email_id.into() }
    }

    /// The same thread's place in another list of the same mailbox (a team view's key).
    pub fn under(&self, key: String) -> Placement {
        Placement { key, ..self.clone() }
    }
}

/// Where a thread shows in lists: for each mailbox one of its emails is in, its newest email there
/// (by `receivedAt`, then id, as the server sorts): the key a persistent store indexes lists by.
pub fn list_placements<'a>(thread_emails: impl IntoIterator<Item = &'a EmailRecord>) -> Vec<Placement> {
    let mut newest: BTreeMap<&str, &EmailRecord> = BTreeMap::new();
    for email in thread_emails {
        for (mailbox, _) in email.mailbox_ids.iter().filter(|(_, on)| **on) {
            let slot = newest.entry(mailbox.as_str()).or_insert(email);
            if email.order_key() > slot.order_key() {
                *slot = email;
            }
        }
    }
    newest
        .into_iter()
        .map(|(mailbox, e)| Placement { key: mailbox.to_string(), received_at: e.received_at.clone(), email_id: e.id.clone() })
        .collect()
}

/// The newest email in `mailbox_id` of each thread, by thread id.
fn newest_in_mailbox<'a>(mailbox_id: &str, emails: impl Iterator<Item = &'a EmailRecord>) -> BTreeMap<&'a str, &'a EmailRecord> {
    let mut newest: BTreeMap<&str, &EmailRecord> = BTreeMap::new();
    for email in emails.filter(|e| e.in_mailbox(mailbox_id)) {
        let slot = newest.entry(email.thread_id.as_str()).or_insert(email);
        if email.order_key() > slot.order_key() {
            *slot = email;
        }
    }
    newest
}

/// The thread as stored, or (if its record is missing) as its stored emails make it.
fn thread_object(id: &str, record: Option<&ThreadRecord>, emails: &BTreeMap<String, EmailRecord>) -> Thread {
    let email_ids = match record {
        Some(r) => r.email_ids.clone(),
        None => emails.values().filter(|e| e.thread_id == id).map(|e| e.id.clone()).collect(),
    };
    Thread { id: id.to_string(), email_ids }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(id: &str, thread: &str, mailbox: &str, at: &str, keywords: &[&str]) -> EmailRecord {
        EmailRecord {
            id: id.into(),
            thread_id: thread.into(),
            mailbox_ids: [(mailbox.to_string(), true)].into(),
            keywords: keywords.iter().map(|k| (k.to_string(), true)).collect(),
            received_at: at.into(),
            subject: Some(format!("subject {thread}")),
            ..Default::default()
        }
    }

    #[test]
    fn threads_are_listed_by_their_newest_email_in_the_mailbox() {
        let emails: BTreeMap<String, EmailRecord> = [
            email("a1", "A", "inbox", "2024-01-01T00:00:00Z", &["$seen"]),
            email("a2", "A", "sent", "2024-01-05T00:00:00Z", &["$seen"]),
            email("b1", "B", "inbox", "2024-01-02T00:00:00Z", &[]),
            email("c1", "C", "archive", "2024-01-09T00:00:00Z", &[]),
        ]
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect();
        let threads: BTreeMap<String, ThreadRecord> =
            [ThreadRecord { id: "A".into(), email_ids: vec!["a1".into(), "a2".into()] }].into_iter().map(|t| (t.id.clone(), t)).collect();
        let list = mailbox_threads("inbox", &threads, &emails);
        let ids: Vec<(&str, &str, usize, bool)> =
            list.iter().map(|s| (s.thread_id.as_str(), s.email_id.as_str(), s.message_count, s.unread)).collect();
        assert_eq!(ids, vec![("B", "b1", 1, true), ("A", "a1", 2, false)], "the reply in Sent counts but does not date the Inbox row");
        let placements: Vec<(String, String, String)> =
            list_placements([&emails["a1"], &emails["a2"]]).into_iter().map(|p| (p.key, p.received_at, p.email_id)).collect();
        let placed = |key: &str, at: &str, id: &str| (key.to_string(), at.to_string(), id.to_string());
        assert_eq!(placements, vec![placed("inbox", "2024-01-01T00:00:00Z", "a1"), placed("sent", "2024-01-05T00:00:00Z", "a2")]);
    }

    #[test]
    fn emails_of_the_same_second_place_a_thread_by_the_highest_id() {
        let emails = [email("e1", "A", "inbox", "2024-01-01T00:00:00Z", &[]), email("e3", "A", "inbox", "2024-01-01T00:00:00Z", &[])];
        let ids = |list: Vec<Placement>| list.into_iter().map(|p| p.email_id).collect::<Vec<_>>();
        assert_eq!(ids(list_placements([&emails[0], &emails[1]])), ["e3"]);
        assert_eq!(ids(list_placements([&emails[1], &emails[0]])), ["e3"], "whatever order they come in");
    }
}
