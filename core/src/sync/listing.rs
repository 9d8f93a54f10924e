//! How a store that keeps *indexed thread lists* (IndexedDB) applies a [`StoreBatch`]: the batch
//! says which emails and threads changed; the store must also rewrite the summary and the list
//! placements of every thread those changes touch. This module works that out, so the browser's
//! store only reads records, hands them over, and writes what comes back:
//!
//! 1. [`emails_to_locate`]: stored emails whose thread the batch does not say (edits, removals);
//! 2. [`affected_threads`]: the threads to recompute;
//! 3. [`emails_to_load`]: every stored email of those threads;
//! 4. [`plan`]: the records to put and delete, each affected thread with its summary
//!    ([`ListedThread`]) and the keys it is listed under.
//!
//! [`plan_batch`] runs the four steps over any [`RecordReader`], step 4 a few threads at a time
//! ([`Plan`]) with the reader's pause between (a full sync's batch is hundreds of threads: in the
//! browser, the main thread must not be held for all of them at once). [`ListedMemoryStore`] is the
//! in-memory reference, tested against [`super::MemoryStore`] (the tests of the sync engine run
//! both against the real Cyrus and compare their lists).
//!
//! A thread is listed under each mailbox it has an email in, dated by its newest email there, and
//! under that mailbox's team views ([`list_keys`]: `M:open`, `M:agent:bob`, `M:tag:3`,
//! `M:mention:bob`, …; `team::views::View::list_key` names the key a view reads). Its summary is one per thread, made from its newest *mail*
//! (not a note or an activity record), whatever the list.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::records::{EmailRecord, MailboxRecord};
use super::store::{ResumePoint, StoreBatch, StoreError, SyncState};
use super::view::{list_placements, Placement};
use crate::jmap::objects::Thread;
use crate::model::agent_id;
use crate::model::keywords;
use crate::model::kind::KIND_NOTE;
use crate::model::status::Status;
use crate::thread_list::{summarize, ThreadSummary};

/// What the store keeps per thread: its emails (oldest first, as the server lists them) and the
/// summary a list row shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredThread {
    pub email_ids: Vec<String>,
    pub summary: ThreadSummary,
    /// The newest note mentioning each agent (by agent id): in the Mentions view the row shows
    /// the note, as the server's view does.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mentions: BTreeMap<String, MentionRow>,
}

/// What a Mentions row shows of the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MentionRow {
    pub email_id: String,
    pub from: String,
    pub preview: String,
}

impl StoredThread {
    /// The row to show in the list stored under `key` (see `team::views::View::list_key`).
    pub fn row(self, key: &str) -> ThreadSummary {
        let mention = key.rsplit_once(":mention:").and_then(|(_, id)| self.mentions.get(id));
        match mention {
            Some(m) => ThreadSummary { email_id: m.email_id.clone(), from: m.from.clone(), preview: m.preview.clone(), ..self.summary },
            None => self.summary,
        }
    }
}

/// A thread to (re)write, with the list keys it goes under: (key, date of its newest email there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedThread {
    pub id: String,
    pub value: StoredThread,
    pub placements: Vec<Placement>,
}

/// What to write for one batch, in this order: forget the account (`replace`), deletions, puts,
/// the state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Writes {
    pub account_id: String,
    pub replace: bool,
    pub mailboxes: Vec<MailboxRecord>,
    pub mailboxes_destroyed: Vec<String>,
    pub emails: Vec<EmailRecord>,
    pub emails_destroyed: Vec<String>,
    pub threads: Vec<ListedThread>,
    pub threads_destroyed: Vec<String>,
    pub state: Option<SyncState>,
    pub resume: Option<ResumePoint>,
}

/// Reads of stored records, by id, skipping ids that are not stored.
#[allow(async_fn_in_trait)]
pub trait RecordReader {
    async fn read_emails(&self, account_id: &str, ids: &[String]) -> Result<Vec<EmailRecord>, StoreError>;
    async fn read_threads(&self, account_id: &str, ids: &[String]) -> Result<Vec<(String, StoredThread)>, StoreError>;

    /// A moment for the host between two pieces of planning (a full sync's batch is hundreds of
    /// threads): in the browser, the main thread paints and handles input there once it has
    /// been held long enough. Nothing by default.
    async fn pause(&self) {}
}

/// Threads [`plan_batch`] plans between two [`RecordReader::pause`]s.
pub const THREADS_PER_PAUSE: usize = 16;

/// Steps 1–4 over `reader` (which must not change while this runs).
pub async fn plan_batch<R: RecordReader>(reader: &R, batch: StoreBatch) -> Result<Writes, StoreError> {
    let mut plan = if batch.replace {
        Plan::new(batch, BTreeMap::new(), BTreeMap::new())
    } else {
        let account = batch.account_id.clone();
        let mut emails: BTreeMap<String, EmailRecord> =
            reader.read_emails(&account, &emails_to_locate(&batch)).await?.into_iter().map(|e| (e.id.clone(), e)).collect();
        let threads: BTreeMap<String, StoredThread> =
            reader.read_threads(&account, &threads_to_read(&batch, &emails)).await?.into_iter().collect();
        // The batch's own emails replace whatever is stored (`apply_emails`): not read.
        let carried: BTreeSet<&String> = batch.emails.iter().map(|e| &e.id).collect();
        let missing: Vec<String> =
            emails_to_load(&batch, &threads).into_iter().filter(|id| !emails.contains_key(id) && !carried.contains(id)).collect();
        emails.extend(reader.read_emails(&account, &missing).await?.into_iter().map(|e| (e.id.clone(), e)));
        reader.pause().await;
        Plan::new(batch, threads, emails)
    };
    while plan.step(THREADS_PER_PAUSE) {
        reader.pause().await;
    }
    Ok(plan.finish())
}

/// Step 1: emails the batch names without their thread.
pub fn emails_to_locate(batch: &StoreBatch) -> Vec<String> {
    let ids: BTreeSet<&String> = batch.email_edits.iter().map(|e| &e.id).chain(&batch.emails_destroyed).collect();
    ids.into_iter().cloned().collect()
}

/// Step 2: the threads whose summary or placements may change, given the located emails.
pub fn affected_threads(batch: &StoreBatch, located: &BTreeMap<String, EmailRecord>) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = batch.threads.iter().map(|t| t.id.clone()).collect();
    ids.extend(batch.threads_destroyed.iter().cloned());
    ids.extend(batch.emails.iter().chain(&batch.email_updates).map(|e| e.thread_id.clone()));
    ids.extend(located.values().map(|e| e.thread_id.clone()));
    ids.retain(|id| !id.is_empty());
    ids
}

/// The affected threads whose stored records the plan needs: all of them, but for the threads a
/// batch carries whole ([`StoreBatch::whole_threads`]).
fn threads_to_read(batch: &StoreBatch, located: &BTreeMap<String, EmailRecord>) -> Vec<String> {
    let whole: BTreeSet<&String> = batch.threads.iter().filter(|_| batch.whole_threads).map(|t| &t.id).collect();
    affected_threads(batch, located).into_iter().filter(|id| !whole.contains(id)).collect()
}

/// Step 3: every email of the affected threads that the store may hold.
pub fn emails_to_load(batch: &StoreBatch, threads: &BTreeMap<String, StoredThread>) -> Vec<String> {
    let ids: BTreeSet<&String> =
        threads.values().flat_map(|t| &t.email_ids).chain(batch.threads.iter().flat_map(|t| &t.email_ids)).collect();
    ids.into_iter().cloned().collect()
}

/// Step 4 at once: applies `batch` to the stored records it touches (`threads`, and `emails`:
/// the affected threads' emails plus the located ones) and returns what to write.
pub fn plan(batch: StoreBatch, threads: BTreeMap<String, StoredThread>, emails: BTreeMap<String, EmailRecord>) -> Writes {
    let mut plan = Plan::new(batch, threads, emails);
    while plan.step(usize::MAX) {}
    plan.finish()
}

/// Step 4 a few threads at a time ([`Plan::step`]), so a host can pause between them: the
/// batch applied to the records it touches, then each affected thread's summary and list keys.
pub struct Plan {
    writes: Writes,
    /// The affected threads still to plan, in id order.
    affected: std::collections::btree_set::IntoIter<String>,
    /// Each thread's email ids as stored or as the batch's thread records give them.
    members: BTreeMap<String, Vec<String>>,
    /// The emails after the batch, by id.
    emails: BTreeMap<String, EmailRecord>,
    /// The ids of the emails in `emails` of each thread, in id order (the emails a batch puts in
    /// a thread before, or without, a new thread record).
    by_thread: BTreeMap<String, Vec<String>>,
    /// The emails the batch put or changed, written back.
    changed: BTreeSet<String>,
}

impl Plan {
    /// Applies `batch` to `threads` and `emails` (as [`plan`] takes them); no thread planned yet.
    pub fn new(batch: StoreBatch, threads: BTreeMap<String, StoredThread>, mut emails: BTreeMap<String, EmailRecord>) -> Self {
        let affected = affected_threads(&batch, &emails);
        let mut members: BTreeMap<String, Vec<String>> = threads.into_iter().map(|(id, t)| (id, t.email_ids)).collect();
        for id in &batch.emails_destroyed {
            emails.remove(id);
        }
        for id in &batch.threads_destroyed {
            members.remove(id);
        }
        for record in &batch.threads {
            members.insert(record.id.clone(), record.email_ids.clone());
        }
        let changed = apply_emails(&batch, &mut emails);
        let mut by_thread: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for email in emails.values() {
            by_thread.entry(email.thread_id.clone()).or_default().push(email.id.clone());
        }
        let writes = Writes {
            account_id: batch.account_id,
            replace: batch.replace,
            mailboxes: batch.mailboxes,
            mailboxes_destroyed: batch.mailboxes_destroyed,
            emails_destroyed: batch.emails_destroyed,
            state: batch.state,
            resume: batch.resume,
            ..Writes::default()
        };
        Plan { writes, affected: affected.into_iter(), members, emails, by_thread, changed }
    }

    /// Plans up to `count` more threads; whether any are left.
    pub fn step(&mut self, count: usize) -> bool {
        for _ in 0..count {
            let Some(thread_id) = self.affected.next() else { return false };
            self.plan_thread(thread_id);
        }
        self.affected.len() > 0
    }

    fn plan_thread(&mut self, thread_id: String) {
        let mut ids: Vec<String> = self.members.remove(&thread_id).unwrap_or_default();
        for id in self.by_thread.remove(&thread_id).unwrap_or_default() {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let thread_emails: Vec<&EmailRecord> =
            ids.iter().filter_map(|id| self.emails.get(id)).filter(|e| e.thread_id == thread_id).collect();
        match listed_thread(&thread_id, &thread_emails) {
            Some(listed) => self.writes.threads.push(listed),
            None => self.writes.threads_destroyed.push(thread_id),
        }
    }

    /// What to write: the threads planned so far (all of them once [`Plan::step`] said none are
    /// left) and the emails the batch put or changed.
    pub fn finish(mut self) -> Writes {
        let emails = &mut self.emails;
        self.writes.emails = self.changed.iter().filter_map(|id| emails.remove(id)).collect();
        self.writes
    }
}

/// The batch's new, updated and edited emails applied to `emails`; the ids it changed.
fn apply_emails(batch: &StoreBatch, emails: &mut BTreeMap<String, EmailRecord>) -> BTreeSet<String> {
    let mut changed: BTreeSet<String> = BTreeSet::new();
    for email in &batch.emails {
        emails.insert(email.id.clone(), email.clone());
        changed.insert(email.id.clone());
    }
    for update in &batch.email_updates {
        match emails.get_mut(&update.id) {
            Some(stored) => stored.refresh_from(update),
            None => {
                emails.insert(update.id.clone(), update.clone());
            }
        }
        changed.insert(update.id.clone());
    }
    for edit in &batch.email_edits {
        let Some(email) = emails.get_mut(&edit.id) else { continue };
        for (keyword, on) in &edit.keywords {
            set_or_remove(&mut email.keywords, keyword, *on);
        }
        for (mailbox, on) in &edit.mailboxes {
            set_or_remove(&mut email.mailbox_ids, mailbox, *on);
        }
        changed.insert(edit.id.clone());
    }
    changed
}

/// The summary and list keys of a thread made of `emails` (none: the thread is gone).
pub fn listed_thread(thread_id: &str, emails: &[&EmailRecord]) -> Option<ListedThread> {
    let newest = |only_mail: bool| emails.iter().filter(|e| !only_mail || e.tandem_kind.is_none()).max_by_key(|e| e.order_key());
    let latest = newest(true).or_else(|| newest(false))?;
    let email_ids: Vec<String> = emails.iter().map(|e| e.id.clone()).collect();
    let thread = Thread { id: thread_id.to_string(), email_ids: email_ids.clone() };
    let members: Vec<_> = emails.iter().map(|e| e.to_email()).collect();
    let summary = summarize(std::slice::from_ref(&latest.id), vec![latest.to_email()], std::slice::from_ref(&thread), &members).pop()?;
    let keywords: Vec<&str> = emails.iter().flat_map(|e| e.keywords.iter().filter(|(_, on)| **on).map(|(k, _)| k.as_str())).collect();
    let mut placements = Vec::new();
    for placed in list_placements(emails.iter().copied()) {
        placements.extend(list_keys(&placed.key, &summary, keywords.iter().copied()).into_iter().map(|key| placed.under(key)));
        placements.push(placed);
    }
    let mut mentions = BTreeMap::new();
    let mut notes: Vec<&&EmailRecord> = emails.iter().filter(|e| e.tandem_kind.as_deref() == Some(KIND_NOTE)).collect();
    crate::sort::sort_by(&mut notes, |a, b| a.order_key().cmp(&b.order_key()));
    for note in notes {
        let from = note
            .from
            .first()
            .map(|a| a.name.clone().filter(|n| !n.is_empty()).or_else(|| a.email.clone()).unwrap_or_default())
            .unwrap_or_default();
        for id in note.keywords.iter().filter(|(_, on)| **on).filter_map(|(k, _)| keywords::mentioned_agent_id(k)) {
            mentions.insert(id.to_string(), MentionRow { email_id: note.id.clone(), from: from.clone(), preview: note.preview.clone() });
        }
    }
    Some(ListedThread { id: thread_id.to_string(), value: StoredThread { email_ids, summary, mentions }, placements })
}

/// The view keys (beside the mailbox's own list) a thread of mailbox `mailbox` is listed under
/// in a local copy, from its state and the mention keywords of its emails: one per view that
/// admits it, whoever the signed-in agent is (Mine is the agent's own `agent:` key). A store
/// indexes these, so every view is a sorted list to page through, and a count, without scanning.
pub fn list_keys<'a>(mailbox: &str, thread: &ThreadSummary, keywords: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut keys = vec![format!(
        "{mailbox}:{}",
        match thread.status {
            Status::Open => "open",
            Status::Pending => "pending",
            Status::Snoozed => "snoozed",
            Status::Closed => "closed",
        }
    )];
    if thread.status == Status::Open {
        match &thread.assignee {
            None => keys.push(format!("{mailbox}:unassigned")),
            Some(login) => keys.push(format!("{mailbox}:agent:{}", agent_id::from_login(login))),
        }
        keys.extend(thread.tags.iter().map(|t| format!("{mailbox}:tag:{t}")));
    }
    let mut mentioned: Vec<&str> = keywords.into_iter().filter_map(keywords::mentioned_agent_id).collect();
    crate::sort::sort(&mut mentioned);
    mentioned.dedup();
    keys.extend(mentioned.into_iter().map(|id| format!("{mailbox}:mention:{id}")));
    keys
}

pub(crate) fn set_or_remove(map: &mut BTreeMap<String, bool>, key: &str, on: bool) {
    if on {
        map.insert(key.to_string(), true);
    } else {
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(id: &str, mailbox: &str, at: &str, kind: Option<&str>, keywords: &[&str], preview: &str) -> EmailRecord {
        EmailRecord {
            id: id.into(),
            thread_id: "T".into(),
            mailbox_ids: [(mailbox.to_string(), true)].into(),
            keywords: keywords.iter().map(|k| (k.to_string(), true)).collect(),
            received_at: at.into(),
            subject: Some("Refund".into()),
            preview: preview.into(),
            tandem_kind: kind.map(str::to_string),
            from: vec![crate::sync::records::AddressRecord { name: Some(id.to_uppercase()), email: None }],
            ..Default::default()
        }
    }

    #[test]
    fn a_thread_is_dated_per_mailbox_and_its_mentions_row_shows_the_note() {
        let mail = email("m1", "I", "2024-01-01T10:00:00Z", None, &["$seen"], "Where is my refund?");
        let note = email("n1", "N", "2024-01-02T10:00:00Z", Some("note"), &["$tandem_note", "$tandem_mention_bob"], "@bob please check");
        let listed = listed_thread("T", &[&mail, &note]).unwrap();
        let keys: Vec<&str> = listed.placements.iter().map(|p| p.key.as_str()).collect();
        assert!(
            keys.contains(&"I") && keys.contains(&"I:open") && keys.contains(&"I:unassigned") && keys.contains(&"I:mention:bob"),
            "{keys:?}"
        );
        assert_eq!(
            listed.placements.iter().find(|p| p.key == "I").unwrap().received_at,
            "2024-01-01T10:00:00Z",
            "the note does not date the inbox row"
        );
        assert_eq!(listed.value.summary.preview, "Where is my refund?", "rows show the newest mail, not a note");
        let row = listed.value.clone().row("I:mention:bob");
        assert_eq!((row.preview.as_str(), row.from.as_str(), row.email_id.as_str()), ("@bob please check", "N1", "n1"));
        assert_eq!(listed.value.row("I").preview, "Where is my refund?");
        assert!(listed_thread("T", &[]).is_none(), "a thread without emails is gone");
    }

    #[test]
    fn a_batch_planned_a_thread_at_a_time_writes_what_it_writes_at_once() {
        let in_thread = |id: &str, thread: &str, at: &str| EmailRecord { thread_id: thread.into(), ..email(id, "I", at, None, &[], id) };
        let mut batch = StoreBatch::new("A");
        batch.threads = vec![
            super::super::records::ThreadRecord { id: "T1".into(), email_ids: vec!["e1".into(), "e2".into()] },
            super::super::records::ThreadRecord { id: "T2".into(), email_ids: vec!["e3".into()] },
        ];
        // e4 comes without its thread's record: its thread is made of what the batch holds.
        batch.emails = vec![
            in_thread("e1", "T1", "2024-01-01T10:00:00Z"),
            in_thread("e2", "T1", "2024-01-03T10:00:00Z"),
            in_thread("e3", "T2", "2024-01-02T10:00:00Z"),
            in_thread("e4", "T3", "2024-01-04T10:00:00Z"),
            in_thread("e5", "T3", "2024-01-05T10:00:00Z"),
        ];
        let stored = BTreeMap::from([(
            "T2".to_string(),
            StoredThread {
                email_ids: vec!["e0".into()],
                summary: listed_thread("T2", &[&in_thread("e0", "T2", "2023-12-01T10:00:00Z")]).unwrap().value.summary,
                mentions: BTreeMap::new(),
            },
        )]);
        let emails = BTreeMap::from([("e0".to_string(), in_thread("e0", "T2", "2023-12-01T10:00:00Z"))]);
        let at_once = plan(batch.clone(), stored.clone(), emails.clone());
        let mut stepped = Plan::new(batch, stored, emails);
        let mut steps = 1;
        while stepped.step(1) {
            steps += 1;
        }
        assert_eq!(steps, 3, "one thread a step");
        assert_eq!(stepped.finish(), at_once);
        let threads: Vec<(&str, Vec<&str>)> =
            at_once.threads.iter().map(|t| (t.id.as_str(), t.value.email_ids.iter().map(String::as_str).collect())).collect();
        // e0, stored in T2 and not destroyed, stays in it after the thread's new record.
        assert_eq!(threads, [("T1", vec!["e1", "e2"]), ("T2", vec!["e3", "e0"]), ("T3", vec!["e4", "e5"])]);
        assert_eq!(at_once.threads[2].value.summary.preview, "e5", "a thread without a record shows its newest email");
        assert_eq!(at_once.emails.len(), 5);
    }

    /// A reader over `threads` and `emails` that remembers which emails it was asked for.
    struct Recording {
        threads: BTreeMap<String, StoredThread>,
        emails: BTreeMap<String, EmailRecord>,
        asked: std::cell::RefCell<Vec<String>>,
        threads_asked: std::cell::RefCell<Vec<String>>,
    }

    impl RecordReader for Recording {
        async fn read_emails(&self, _: &str, ids: &[String]) -> Result<Vec<EmailRecord>, StoreError> {
            self.asked.borrow_mut().extend(ids.iter().cloned());
            Ok(ids.iter().filter_map(|id| self.emails.get(id).cloned()).collect())
        }

        async fn read_threads(&self, _: &str, ids: &[String]) -> Result<Vec<(String, StoredThread)>, StoreError> {
            self.threads_asked.borrow_mut().extend(ids.iter().cloned());
            Ok(ids.iter().filter_map(|id| Some((id.clone(), self.threads.get(id)?.clone()))).collect())
        }
    }

    #[test]
    fn the_emails_a_batch_carries_are_not_read_from_the_store() {
        let in_t = |id: &str, at: &str, preview: &str| email(id, "I", at, None, &[], preview);
        let stored_thread =
            listed_thread("T", &[&in_t("e0", "2024-01-01T10:00:00Z", "old"), &in_t("e1", "2024-01-02T10:00:00Z", "old")]).unwrap();
        let reader = Recording {
            threads: BTreeMap::from([("T".to_string(), stored_thread.value)]),
            emails: ["e0", "e1"].map(|id| (id.to_string(), in_t(id, "2024-01-01T10:00:00Z", "old"))).into(),
            asked: Default::default(),
            threads_asked: Default::default(),
        };
        // A full sync's page: the thread's record and every one of its emails, e1 read again.
        let mut batch = StoreBatch::new("A");
        batch.threads = vec![super::super::records::ThreadRecord { id: "T".into(), email_ids: vec!["e1".into(), "e2".into()] }];
        batch.emails = vec![in_t("e1", "2024-01-02T10:00:00Z", "new"), in_t("e2", "2024-01-03T10:00:00Z", "newest")];
        let writes = crate::sync::test_support::ready(plan_batch(&reader, batch.clone())).unwrap();
        assert_eq!(*reader.asked.borrow(), ["e0"], "only the stored email the batch does not carry");
        assert_eq!(writes, plan(batch, reader.threads.clone(), reader.emails.clone()), "the same writes as with every email read");
    }

    #[test]
    fn a_batch_of_whole_threads_reads_only_the_threads_it_does_not_carry() {
        let in_thread = |id: &str, thread: &str, preview: &str| EmailRecord {
            thread_id: thread.into(),
            ..email(id, "I", "2024-01-02T10:00:00Z", None, &[], preview)
        };
        let stored = |thread: &str, emails: &[&EmailRecord]| (thread.to_string(), listed_thread(thread, emails).unwrap().value);
        let (e0, n1) = (in_thread("e0", "T", "old"), in_thread("n1", "U", "a note"));
        let reader = Recording {
            threads: BTreeMap::from([stored("T", &[&e0]), stored("U", &[&n1])]),
            emails: BTreeMap::from([("e0".to_string(), e0.clone()), ("n1".to_string(), n1.clone())]),
            asked: Default::default(),
            threads_asked: Default::default(),
        };
        // A full sync's page with thread T whole (e0 has left it), and the text of a note of U,
        // a thread of an earlier page.
        let mut batch = StoreBatch::new("A");
        batch.threads = vec![super::super::records::ThreadRecord { id: "T".into(), email_ids: vec!["e1".into()] }];
        batch.emails = vec![in_thread("e1", "T", "new"), in_thread("n1", "U", "the note's text")];
        batch.whole_threads = true;
        let writes = crate::sync::test_support::ready(plan_batch(&reader, batch.clone())).unwrap();
        assert_eq!(*reader.threads_asked.borrow(), ["U"], "only the thread the batch does not carry whole");
        let members = |w: &Writes, id: &str| w.threads.iter().find(|t| t.id == id).map(|t| t.value.email_ids.clone());
        assert_eq!(members(&writes, "T"), Some(vec!["e1".to_string()]), "a whole thread is as the batch gives it");
        assert_eq!(writes.threads.iter().find(|t| t.id == "U").unwrap().value.summary.preview, "the note's text");
        // Not whole, the stored e0 is read and kept in T (until a delta sync says it left).
        batch.whole_threads = false;
        let writes = crate::sync::test_support::ready(plan_batch(&reader, batch)).unwrap();
        assert_eq!(members(&writes, "T"), Some(vec!["e1".to_string(), "e0".to_string()]));
    }
}
