//! The outbox: the agent's writes, queued in order until the server confirms them, so the app can
//! show them at once (the caller applies [`OutboxEntry::optimistic_batch`] to the store) and work
//! offline. The queue is plain serde data: the app saves it (IndexedDB, localStorage) after every
//! change and after every flush, and loads it at start. Sending is in `outbox_flush`.
//!
//! **Every entry can be sent twice without harm**, because a connection can drop after the
//! server applied a write and before the answer arrived, and the entry is then sent again:
//! - keyword changes and moves are JMAP patches that set or remove (`keywords/$flagged: true`,
//!   `mailboxIds/M1: null`): applying one twice gives the same email;
//! - a creation carries its own `Message-ID` (the `message_id` of [`OutboxEntry::Create`]); before
//!   creating, the flush looks for an email with that Message-ID and, if the first attempt got
//!   through, takes it instead of creating a second one.
//!
//! Keywords and mailbox ids go into JMAP patch paths unescaped: Tandem's keywords never contain
//! `/` or `~` (docs/scheme.md), and [`OutboxEntry::keywords`] refuses any that do.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::store::{EmailEdit, StoreBatch};
use crate::reply::SendJob;

/// One write the agent made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum OutboxEntry {
    /// Set keywords `set` and remove keywords `unset` on every email of `email_ids`.
    Keywords { account_id: String, email_ids: Vec<String>, set: Vec<String>, unset: Vec<String> },
    /// Move every email of `email_ids` from mailbox `from` to mailbox `to`.
    Move { account_id: String, email_ids: Vec<String>, from: String, to: String },
    /// Create an email (`email`: an `Email/set` create object) under a creation id chosen once,
    /// with the Message-ID `message_id` (no angle brackets) that identifies it on the server.
    Create { account_id: String, creation_id: String, message_id: String, email: Value },
    /// Send a reply (`crate::reply::send`): safe to repeat, its Message-ID identifies it.
    Send { job: Box<SendJob> },
}

/// Why an entry was not queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidEntry(pub String);

impl OutboxEntry {
    /// The Message-ID of the reply this entry sends, if it sends one.
    pub fn send_message_id(&self) -> Option<&str> {
        match self {
            OutboxEntry::Send { job } => Some(&job.message.message_id),
            _ => None,
        }
    }

    /// A keyword change; keywords are lower-cased (as the server stores them).
    pub fn keywords(account_id: &str, email_ids: &[String], set: &[&str], unset: &[&str]) -> Result<Self, InvalidEntry> {
        let clean = |ks: &[&str]| -> Result<Vec<String>, InvalidEntry> {
            ks.iter().map(|k| patch_segment(k).map(|k| k.to_ascii_lowercase())).collect()
        };
        Ok(OutboxEntry::Keywords { account_id: account_id.into(), email_ids: email_ids.to_vec(), set: clean(set)?, unset: clean(unset)? })
    }

    pub fn move_emails(account_id: &str, email_ids: &[String], from: &str, to: &str) -> Result<Self, InvalidEntry> {
        Ok(OutboxEntry::Move {
            account_id: account_id.into(),
            email_ids: email_ids.to_vec(),
            from: patch_segment(from)?.into(),
            to: patch_segment(to)?.into(),
        })
    }

    /// A creation; `message_id` is written into the email, replacing any it had.
    pub fn create(account_id: &str, creation_id: &str, message_id: &str, mut email: Value) -> Result<Self, InvalidEntry> {
        let object = email.as_object_mut().ok_or_else(|| InvalidEntry("an email to create must be a JSON object".into()))?;
        let message_id = message_id.trim_matches(|c| c == '<' || c == '>');
        if message_id.is_empty() || !message_id.contains('@') {
            return Err(InvalidEntry(format!("{message_id:?} is not a Message-ID")));
        }
        object.insert("messageId".into(), json!([message_id]));
        Ok(OutboxEntry::Create { account_id: account_id.into(), creation_id: creation_id.into(), message_id: message_id.into(), email })
    }

    pub fn account_id(&self) -> &str {
        match self {
            OutboxEntry::Keywords { account_id, .. } | OutboxEntry::Move { account_id, .. } | OutboxEntry::Create { account_id, .. } => {
                account_id
            }
            OutboxEntry::Send { job } => &job.team_account,
        }
    }

    /// The emails the entry changes (none for a creation).
    pub fn email_ids(&self) -> &[String] {
        match self {
            OutboxEntry::Keywords { email_ids, .. } | OutboxEntry::Move { email_ids, .. } => email_ids,
            OutboxEntry::Create { .. } | OutboxEntry::Send { .. } => &[],
        }
    }

    /// The `Email/set` patch for each email (none for a creation).
    pub fn patch(&self) -> Option<Value> {
        let mut patch = serde_json::Map::new();
        match self {
            OutboxEntry::Keywords { set, unset, .. } => {
                patch.extend(set.iter().map(|k| (format!("keywords/{k}"), json!(true))));
                patch.extend(unset.iter().map(|k| (format!("keywords/{k}"), Value::Null)));
            }
            OutboxEntry::Move { from, to, .. } => {
                patch.insert(format!("mailboxIds/{from}"), Value::Null);
                patch.insert(format!("mailboxIds/{to}"), json!(true));
            }
            OutboxEntry::Create { .. } | OutboxEntry::Send { .. } => return None,
        }
        Some(Value::Object(patch))
    }

    /// The change to make to the store now, before the server confirms. A creation has none
    /// here: the caller stores its own placeholder record under the creation id (undone by
    /// [`super::rollback::undo`], replaced by the server's email on the next delta sync).
    pub fn optimistic_batch(&self) -> StoreBatch {
        let mut batch = StoreBatch::new(self.account_id());
        batch.email_edits = self.email_ids().iter().map(|id| self.edit(id)).collect();
        batch
    }

    fn edit(&self, id: &str) -> EmailEdit {
        let mut edit = EmailEdit { id: id.into(), ..Default::default() };
        match self {
            OutboxEntry::Keywords { set, unset, .. } => {
                edit.keywords.extend(set.iter().map(|k| (k.clone(), true)));
                edit.keywords.extend(unset.iter().map(|k| (k.clone(), false)));
            }
            OutboxEntry::Move { from, to, .. } => {
                edit.mailboxes.insert(from.clone(), false);
                edit.mailboxes.insert(to.clone(), true);
            }
            OutboxEntry::Create { .. } | OutboxEntry::Send { .. } => {}
        }
        edit
    }

    /// What the entry does, for a message to the agent.
    pub fn describe(&self) -> String {
        let emails = |n: usize| if n == 1 { "1 email".to_string() } else { format!("{n} emails") };
        match self {
            OutboxEntry::Keywords { email_ids, set, unset, .. } => {
                let changes: Vec<String> = set.iter().map(|k| format!("+{k}")).chain(unset.iter().map(|k| format!("-{k}"))).collect();
                format!("Changing labels ({}) on {}", changes.join(" "), emails(email_ids.len()))
            }
            OutboxEntry::Move { email_ids, .. } => format!("Moving {}", emails(email_ids.len())),
            OutboxEntry::Create { .. } => "Saving a new email".into(),
            OutboxEntry::Send { job } => format!("Sending the reply “{}”", job.message.subject),
        }
    }
}

/// A keyword or id usable as one segment of a patch path.
fn patch_segment(s: &str) -> Result<&str, InvalidEntry> {
    if s.is_empty() || s.contains(['/', '~']) {
        return Err(InvalidEntry(format!("{s:?} cannot be written in a JMAP patch")));
    }
    Ok(s)
}

/// An entry in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Queued {
    /// Its place in the order the agent made the writes.
    pub seq: u64,
    pub entry: OutboxEntry,
    /// Server-side failures so far (`serverFail`, `serverUnavailable`); lost connections do not
    /// count.
    pub failures: u32,
    /// The one change of the agent's this entry is part of (the `seq` of its first entry: a
    /// status change is a keyword edit and its activity record), for counting changes as the
    /// agent made them. Absent in an outbox saved before it existed: each entry counts alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<u64>,
}

/// The queue, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outbox {
    pub(crate) queue: VecDeque<Queued>,
    next_seq: u64,
}

impl Outbox {
    pub fn new() -> Self {
        Outbox::default()
    }

    /// Queues `entry` after the others; returns its sequence number.
    pub fn push(&mut self, entry: OutboxEntry) -> u64 {
        self.push_part(entry, None)
    }

    /// Queues the entries of one change of the agent's, in order.
    pub fn push_change(&mut self, entries: impl IntoIterator<Item = OutboxEntry>) {
        let change = self.next_seq;
        for entry in entries {
            self.push_part(entry, Some(change));
        }
    }

    fn push_part(&mut self, entry: OutboxEntry, change: Option<u64>) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.queue.push_back(Queued { seq, entry, failures: 0, change });
        seq
    }

    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// The agent's changes waiting, however many entries each took.
    pub fn changes(&self) -> usize {
        let mut seen = std::collections::BTreeSet::new();
        self.queue.iter().filter(|q| seen.insert(q.change.unwrap_or(q.seq))).count()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    pub fn entries(&self) -> impl Iterator<Item = &Queued> {
        self.queue.iter()
    }

    /// Takes the reply with Message-ID `message_id` out of the queue, if it is still there (an
    /// undo before it was sent). Returns whether it was.
    pub fn remove_send(&mut self, message_id: &str) -> bool {
        let before = self.queue.len();
        self.queue.retain(|q| q.entry.send_message_id() != Some(message_id));
        self.queue.len() != before
    }

    /// The Message-IDs of the replies queued.
    pub fn sends(&self) -> impl Iterator<Item = &str> {
        self.queue.iter().filter_map(|q| q.entry.send_message_id())
    }

    /// The seq of the newest entry, if any.
    pub fn last_seq(&self) -> Option<u64> {
        self.queue.back().map(|q| q.seq)
    }

    /// After `flushed` — a copy of this outbox taken when it held entries up to `up_to` — was
    /// flushed: drops the entries it sent or refused and takes its failure counts, keeping the
    /// entries queued here since (the agent may act while a flush runs).
    pub fn reconcile(&mut self, flushed: &Outbox, up_to: Option<u64>) {
        self.queue.retain_mut(|q| {
            if up_to.is_none_or(|last| q.seq > last) {
                return true;
            }
            match flushed.queue.iter().find(|f| f.seq == q.seq) {
                Some(f) => {
                    q.failures = f.failures;
                    true
                }
                None => false,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_round_trips_through_json_in_order() {
        let ids = vec!["M1".to_string(), "M2".to_string()];
        let mut outbox = Outbox::new();
        outbox.push(OutboxEntry::keywords("A", &ids, &["$Flagged"], &["$seen"]).unwrap());
        outbox.push(OutboxEntry::move_emails("A", &ids, "inbox", "archive").unwrap());
        outbox.push(OutboxEntry::create("A", "c1", "<c1@tandem.test>", json!({"subject": "x"})).unwrap());
        let text = serde_json::to_string(&outbox).unwrap();
        assert!(text.contains(r#""kind":"keywords""#) && text.contains(r#""emailIds""#), "{text}");
        let back: Outbox = serde_json::from_str(&text).unwrap();
        assert_eq!(back, outbox);
        assert_eq!(back.entries().map(|q| q.seq).collect::<Vec<_>>(), vec![0, 1, 2]);
        let OutboxEntry::Create { email, message_id, .. } = &back.queue[2].entry else { panic!() };
        assert_eq!((message_id.as_str(), &email["messageId"]), ("c1@tandem.test", &json!(["c1@tandem.test"])));
    }

    #[test]
    fn patches_set_and_remove_so_that_sending_twice_is_harmless() {
        let ids = vec!["M1".to_string()];
        let keywords = OutboxEntry::keywords("A", &ids, &["$Flagged"], &["$seen"]).unwrap();
        assert_eq!(keywords.patch().unwrap(), json!({"keywords/$flagged": true, "keywords/$seen": null}));
        let moving = OutboxEntry::move_emails("A", &ids, "inbox", "archive").unwrap();
        assert_eq!(moving.patch().unwrap(), json!({"mailboxIds/inbox": null, "mailboxIds/archive": true}));
        let edit = &moving.optimistic_batch().email_edits[0];
        assert_eq!((edit.mailboxes.get("inbox"), edit.mailboxes.get("archive")), (Some(&false), Some(&true)));
        assert_eq!(keywords.describe(), "Changing labels (+$flagged -$seen) on 1 email");
    }

    #[test]
    fn reconciling_keeps_what_was_queued_during_the_flush() {
        let ids = vec!["M1".to_string()];
        let mut live = Outbox::new();
        live.push(OutboxEntry::keywords("A", &ids, &["$seen"], &[]).unwrap());
        live.push(OutboxEntry::keywords("A", &ids, &["$flagged"], &[]).unwrap());
        let (mut flushed, up_to) = (live.clone(), live.last_seq());
        live.push(OutboxEntry::keywords("A", &ids, &["$answered"], &[]).unwrap());
        flushed.queue.pop_front();
        flushed.queue[0].failures = 2;
        live.reconcile(&flushed, up_to);
        assert_eq!(live.entries().map(|q| (q.seq, q.failures)).collect::<Vec<_>>(), vec![(1, 2), (2, 0)]);
        assert_eq!(live.push(OutboxEntry::keywords("A", &ids, &["$seen"], &[]).unwrap()), 3, "seqs keep growing");
    }

    #[test]
    fn a_send_is_found_and_taken_out_by_its_message_id() {
        let send = |id: &str| {
            let message = crate::reply::Outgoing {
                from: Default::default(),
                to: vec![],
                cc: vec![],
                bcc: vec![],
                subject: "Re: x".into(),
                in_reply_to: vec![],
                references: vec![],
                text: String::new(),
                quoted: None,
                attachments: vec![],
                message_id: id.into(),
                sent_at: String::new(),
            };
            let job = crate::reply::SendJob {
                agent_account: "a".into(),
                team_account: "t".into(),
                message,
                hold: None,
                answers: vec![],
                status_after: None,
                drafts_of: None,
                not_before_ms: None,
                sent_by: None,
            };
            OutboxEntry::Send { job: Box::new(job) }
        };
        let mut outbox = Outbox::new();
        outbox.push(send("r1@team"));
        outbox.push(OutboxEntry::keywords("A", &["M1".to_string()], &["$seen"], &[]).unwrap());
        outbox.push(send("r2@team"));
        assert_eq!(outbox.sends().collect::<Vec<_>>(), vec!["r1@team", "r2@team"]);
        assert!(outbox.remove_send("r1@team"));
        assert!(!outbox.remove_send("r1@team"), "already out");
        assert_eq!((outbox.sends().collect::<Vec<_>>(), outbox.len()), (vec!["r2@team"], 2));
    }

    #[test]
    fn unwritable_entries_are_refused() {
        let ids = vec!["M1".to_string()];
        assert!(OutboxEntry::keywords("A", &ids, &["a/b"], &[]).is_err());
        assert!(OutboxEntry::move_emails("A", &ids, "x~1", "y").is_err());
        assert!(OutboxEntry::create("A", "c", "no-at-sign", json!({})).is_err());
        assert!(OutboxEntry::create("A", "c", "a@b", json!([])).is_err());
    }

    #[test]
    fn a_change_of_several_entries_counts_once() {
        let ids = vec!["M1".to_string()];
        let mut outbox = Outbox::new();
        outbox.push_change([
            OutboxEntry::keywords("A", &ids, &["$tandem_pending"], &[]).unwrap(),
            OutboxEntry::create("A", "activity-1", "<a1@tandem.test>", json!({"subject": "status"})).unwrap(),
        ]);
        outbox.push(OutboxEntry::keywords("A", &ids, &["$seen"], &[]).unwrap());
        assert_eq!((outbox.len(), outbox.changes()), (3, 2));
        // Saved and read again, and once the first entry of a change has gone.
        let mut again: Outbox = serde_json::from_value(serde_json::to_value(&outbox).unwrap()).unwrap();
        assert_eq!(again.changes(), 2);
        again.queue.pop_front();
        assert_eq!(again.changes(), 2, "the record left of the status change is still that change");
        // An outbox saved before changes were recorded counts each entry.
        let old =
            json!({"queue": [{"seq": 0, "entry": serde_json::to_value(&outbox.queue[0].entry).unwrap(), "failures": 0}], "nextSeq": 1});
        assert_eq!(serde_json::from_value::<Outbox>(old).unwrap().changes(), 1);
    }
}
