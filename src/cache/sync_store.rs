//! The sync engine's store in the browser: [`IdbStore`] implements `tandem_core::sync::SyncStore`
//! over the IndexedDB [`Cache`]. How a batch becomes writes is worked out in the core
//! (`tandem_core::sync::listing`, tested natively against Cyrus); this file only reads the
//! records that needs and writes the result in one transaction.
//!
//! What goes where (all keyed by `[accountId, id]`):
//!
//! | store | id | value |
//! | --- | --- | --- |
//! | `mailboxes` | mailbox id | `MailboxRecord` |
//! | `emails` | email id | `EmailRecord` (no body) |
//! | `threads` | thread id | `StoredThread` (email ids + the row's summary), listed under each mailbox id and team-view key |
//! | `bodies` | `t:<thread id>` | the `Conversation` as last read (shown at once next time, offline too) |
//! | `meta` | [`SYNC_STATE`] | the `SyncState` (the completeness marker) |
//! | `meta` | [`RESUME_POINT`] | where an unfinished full sync stands (until the state is recorded) |
//!
//! Applies are serialized by a lock: each reads, plans, then writes, so two at once (the sync and
//! an optimistic edit) would otherwise plan from the same reads and the second write would undo
//! the first. No network request is awaited while a transaction is open.

use std::cell::RefCell;
use std::collections::VecDeque;

use futures::lock::Mutex;
use tandem_core::conversation::Conversation;
use tandem_core::jmap::objects::Mailbox;
use tandem_core::sync::listing::{plan_batch, RecordReader, StoredThread, Writes};
use tandem_core::sync::records::{EmailRecord, MailboxRecord};
use tandem_core::sync::{ResumePoint, StoreBatch, StoreError, StoreErrorKind, SyncState, SyncStore};
use tandem_core::thread_list::ThreadSummary;

use super::{record, Batch, Cache, CacheError, Store};
use crate::timer::yield_if_spent;

/// The `meta` key of an account's `SyncState`. Its `/2` says the copy's lists were written in
/// the server's order of threads received in the same second (`record`'s `list` entries carry the
/// newest email's id): a copy written before, whose state is under [`OLDER_KEYS`], is not read as
/// complete, so the next sync replaces it in full and the rows never jump between the two orders.
pub const SYNC_STATE: &str = "syncState/2";
/// The `meta` key of an unfinished full sync's [`ResumePoint`] (`/2`: as [`SYNC_STATE`]'s).
pub const RESUME_POINT: &str = "resumePoint/2";
/// The keys of an older copy's state and resume point, deleted when the copy is replaced.
const OLDER_KEYS: [&str; 2] = ["syncState", "resumePoint"];

pub struct IdbStore {
    cache: Cache,
    lock: Mutex<()>,
    /// The conversations read or kept last, in memory: opening one of them paints in the same
    /// frame, without waiting for IndexedDB.
    recent: RefCell<VecDeque<(String, String, Conversation)>>,
}

/// Conversations kept in memory (a screenful of rows read ahead, plus the ones opened).
const RECENT: usize = 48;

impl From<CacheError> for StoreError {
    fn from(e: CacheError) -> Self {
        let kind = match e {
            CacheError::Closed => StoreErrorKind::Closed,
            CacheError::QuotaExceeded => StoreErrorKind::Full,
            _ => StoreErrorKind::Other,
        };
        StoreError::new(kind, e.to_string())
    }
}

impl IdbStore {
    pub fn new(cache: Cache) -> Self {
        IdbStore { cache, lock: Mutex::new(()), recent: RefCell::new(VecDeque::new()) }
    }

    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// Threads `offset .. offset + limit` listed under `key` (a mailbox id, or a team view's
    /// `View::list_key`), newest first.
    pub async fn thread_page(&self, account_id: &str, key: &str, offset: u32, limit: u32) -> Result<Vec<ThreadSummary>, CacheError> {
        let page: Vec<StoredThread> = self.cache.thread_page(account_id, key, offset, limit).await?;
        Ok(page.into_iter().map(|t| t.row(key)).collect())
    }

    /// Every thread listed under `key`, newest first: decoded a slice of time at a time with a
    /// pause between (`timer::yield_if_spent`), so reading 100,000 rows (the search index) never
    /// holds the main thread long.
    pub async fn all_rows(&self, account_id: &str, key: &str) -> Result<Vec<ThreadSummary>, CacheError> {
        let records = self.cache.listed_records(account_id, key).await?;
        let mut rows = Vec::with_capacity(records.len());
        for record in records.iter().rev() {
            rows.push(record::decode::<StoredThread>(record)?.row(key));
            yield_if_spent().await;
        }
        Ok(rows)
    }

    /// How many threads are listed under `key` (walks the index: ~50 ms per 10,000).
    pub async fn thread_count(&self, account_id: &str, key: &str) -> Result<u32, CacheError> {
        self.cache.thread_count(account_id, key).await
    }

    /// The account's mailboxes as last synced.
    pub async fn mailboxes(&self, account_id: &str) -> Result<Vec<Mailbox>, CacheError> {
        let records: Vec<MailboxRecord> = self.cache.all(Store::Mailboxes, account_id).await?;
        Ok(records.into_iter().map(Mailbox::from).collect())
    }

    /// The stored emails of a thread (for an optimistic edit of all of them).
    pub async fn thread_emails(&self, account_id: &str, thread_id: &str) -> Result<Vec<EmailRecord>, CacheError> {
        let Some(thread) = self.cache.get::<StoredThread>(Store::Threads, account_id, thread_id).await? else { return Ok(Vec::new()) };
        Ok(self.cache.get_many::<EmailRecord, _>(Store::Emails, account_id, &thread.email_ids).await?.into_iter().flatten().collect())
    }

    /// The conversation of `thread_id` as last read from the server, if kept.
    pub async fn conversation(&self, account_id: &str, thread_id: &str) -> Result<Option<Conversation>, CacheError> {
        if let Some(c) = self.recent_conversation(account_id, thread_id) {
            return Ok(Some(c));
        }
        let found: Option<Conversation> = self.cache.get(Store::Bodies, account_id, &conversation_key(thread_id)).await?;
        if let Some(c) = &found {
            self.remember(account_id, c);
        }
        Ok(found)
    }

    /// The conversation of `thread_id` if it is among the recent ones in memory (no waiting).
    pub fn recent_conversation(&self, account_id: &str, thread_id: &str) -> Option<Conversation> {
        self.recent.borrow().iter().find(|(a, t, _)| a == account_id && t == thread_id).map(|(_, _, c)| c.clone())
    }

    fn remember(&self, account_id: &str, conversation: &Conversation) {
        let mut recent = self.recent.borrow_mut();
        recent.retain(|(a, t, _)| !(a == account_id && *t == conversation.thread_id));
        recent.push_front((account_id.to_string(), conversation.thread_id.clone(), conversation.clone()));
        recent.truncate(RECENT);
    }

    /// Keeps a conversation read from the server, to show it at once next time (and offline).
    pub async fn keep_conversation(&self, account_id: &str, conversation: &Conversation) -> Result<(), CacheError> {
        self.remember(account_id, conversation);
        let mut batch = Batch::new();
        batch.put(Store::Bodies, account_id, &conversation_key(&conversation.thread_id), conversation)?;
        self.cache.write(batch).await
    }

    /// A batch that replaces the account's copy clears its conversations too; those read in this
    /// session (the agent may have opened one before the sync's first write, and wants it offline
    /// after a reload) are put back after the clear, in the same transaction.
    fn keep_recent(&self, batch: &mut Batch, account_id: &str) -> Result<(), CacheError> {
        for (_, thread_id, conversation) in self.recent.borrow().iter().filter(|(a, _, _)| a == account_id) {
            batch.put(Store::Bodies, account_id, &conversation_key(thread_id), conversation)?;
        }
        Ok(())
    }

    /// The writes as IndexedDB records, made a slice of time at a time with a pause between
    /// (a full sync's batch holds thousands: the main thread paints between slices).
    async fn batch_of(writes: Writes) -> Result<Batch, CacheError> {
        let account = writes.account_id.as_str();
        let mut batch = Batch::new();
        if writes.replace {
            for store in [Store::Mailboxes, Store::Threads, Store::Emails, Store::Bodies] {
                batch.clear_account(store, account);
            }
            for key in [SYNC_STATE, RESUME_POINT].into_iter().chain(OLDER_KEYS) {
                batch.delete(Store::Meta, account, key);
            }
        }
        for id in &writes.mailboxes_destroyed {
            batch.delete(Store::Mailboxes, account, id);
        }
        for id in &writes.emails_destroyed {
            batch.delete(Store::Emails, account, id);
            batch.delete(Store::Bodies, account, id);
        }
        for id in &writes.threads_destroyed {
            batch.delete(Store::Threads, account, id);
            batch.delete(Store::Bodies, account, &conversation_key(id));
        }
        for mailbox in &writes.mailboxes {
            batch.put(Store::Mailboxes, account, &mailbox.id, mailbox)?;
        }
        for email in &writes.emails {
            batch.put(Store::Emails, account, &email.id, email)?;
            yield_if_spent().await;
        }
        for thread in &writes.threads {
            batch.put_thread(account, &thread.id, &thread.placements, &thread.value)?;
            yield_if_spent().await;
        }
        if let Some(state) = &writes.state {
            batch.set_meta(account, SYNC_STATE, state)?;
            batch.delete(Store::Meta, account, RESUME_POINT);
        } else if let Some(point) = &writes.resume {
            batch.set_meta(account, RESUME_POINT, point)?;
        }
        Ok(batch)
    }
}

/// Conversations are kept in `bodies` beside email bodies, under `t:<thread id>`.
fn conversation_key(thread_id: &str) -> String {
    format!("t:{thread_id}")
}

impl RecordReader for IdbStore {
    async fn read_emails(&self, account_id: &str, ids: &[String]) -> Result<Vec<EmailRecord>, StoreError> {
        Ok(self.cache.get_many::<EmailRecord, _>(Store::Emails, account_id, ids).await?.into_iter().flatten().collect())
    }

    async fn read_threads(&self, account_id: &str, ids: &[String]) -> Result<Vec<(String, StoredThread)>, StoreError> {
        let found = self.cache.get_many::<StoredThread, _>(Store::Threads, account_id, ids).await?;
        Ok(ids.iter().cloned().zip(found).filter_map(|(id, t)| Some((id, t?))).collect())
    }

    /// Between a few threads planned: the main thread paints once it has been held a slice.
    async fn pause(&self) {
        yield_if_spent().await;
    }
}

impl SyncStore for IdbStore {
    async fn sync_state(&self, account_id: &str) -> Result<Option<SyncState>, StoreError> {
        Ok(self.cache.meta(account_id, SYNC_STATE).await?)
    }

    async fn resume_point(&self, account_id: &str) -> Result<Option<ResumePoint>, StoreError> {
        Ok(self.cache.meta(account_id, RESUME_POINT).await?)
    }

    async fn apply(&self, batch: StoreBatch) -> Result<(), StoreError> {
        let _one_at_a_time = self.lock.lock().await;
        let writes = plan_batch(self, batch).await?;
        let replaced = writes.replace.then(|| writes.account_id.clone());
        let mut batch = Self::batch_of(writes).await?;
        if let Some(account) = replaced {
            self.keep_recent(&mut batch, &account)?;
        }
        self.cache.write(batch).await?;
        Ok(())
    }
}
