//! [`ListedMemoryStore`]: a [`SyncStore`] in memory that keeps indexed thread lists the way the
//! browser's IndexedDB store does (through [`super::listing`]), so that way of storing is tested
//! natively: its lists must match [`super::MemoryStore`]'s.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::listing::{plan_batch, RecordReader, StoredThread, Writes};
use super::records::{EmailRecord, MailboxRecord};
use super::store::{ResumePoint, StoreBatch, StoreError, SyncState, SyncStore};
use super::view::Placement;
use crate::thread_list::ThreadSummary;

#[derive(Debug, Default, Clone)]
struct Account {
    mailboxes: BTreeMap<String, MailboxRecord>,
    emails: BTreeMap<String, EmailRecord>,
    threads: BTreeMap<String, (StoredThread, Vec<Placement>)>,
    state: Option<SyncState>,
    resume: Option<ResumePoint>,
}

#[derive(Debug, Default)]
pub struct ListedMemoryStore {
    accounts: RefCell<BTreeMap<String, Account>>,
}

impl ListedMemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Threads `offset .. offset + limit` listed under `key` (a mailbox id or a view key), newest
    /// first, as an index ordered by (date, newest email's id, thread id) gives them.
    pub fn page(&self, account_id: &str, key: &str, offset: usize, limit: usize) -> Vec<ThreadSummary> {
        let accounts = self.accounts.borrow();
        let Some(account) = accounts.get(account_id) else { return Vec::new() };
        let mut listed: Vec<((&str, &str, &str), &StoredThread)> = account
            .threads
            .iter()
            .filter_map(|(id, (value, placements))| {
                placements.iter().find(|p| p.key == key).map(|p| ((p.received_at.as_str(), p.email_id.as_str(), id.as_str()), value))
            })
            .collect();
        crate::sort::sort_by(&mut listed, |a, b| b.0.cmp(&a.0));
        listed.into_iter().skip(offset).take(limit).map(|(_, t)| t.clone().row(key)).collect()
    }

    pub fn count(&self, account_id: &str, key: &str) -> usize {
        self.page(account_id, key, 0, usize::MAX).len()
    }

    /// The stored emails of a thread (what the app plans a queued change from).
    pub async fn read_thread_emails(&self, account_id: &str, thread_id: &str) -> Vec<EmailRecord> {
        let ids = self
            .accounts
            .borrow()
            .get(account_id)
            .and_then(|a| a.threads.get(thread_id))
            .map(|(t, _)| t.email_ids.clone())
            .unwrap_or_default();
        self.read_emails(account_id, &ids).await.unwrap_or_default()
    }

    fn write(&self, writes: Writes) {
        let mut accounts = self.accounts.borrow_mut();
        let account = accounts.entry(writes.account_id.clone()).or_default();
        if writes.replace {
            *account = Account::default();
        }
        for id in &writes.mailboxes_destroyed {
            account.mailboxes.remove(id);
        }
        for id in &writes.emails_destroyed {
            account.emails.remove(id);
        }
        for id in &writes.threads_destroyed {
            account.threads.remove(id);
        }
        account.mailboxes.extend(writes.mailboxes.into_iter().map(|m| (m.id.clone(), m)));
        account.emails.extend(writes.emails.into_iter().map(|e| (e.id.clone(), e)));
        account.threads.extend(writes.threads.into_iter().map(|t| (t.id, (t.value, t.placements))));
        if writes.state.is_some() {
            account.state = writes.state;
            account.resume = None;
        } else if writes.resume.is_some() {
            account.resume = writes.resume;
        }
    }
}

impl RecordReader for ListedMemoryStore {
    async fn read_emails(&self, account_id: &str, ids: &[String]) -> Result<Vec<EmailRecord>, StoreError> {
        let accounts = self.accounts.borrow();
        Ok(accounts.get(account_id).map(|a| ids.iter().filter_map(|id| a.emails.get(id).cloned()).collect()).unwrap_or_default())
    }

    async fn read_threads(&self, account_id: &str, ids: &[String]) -> Result<Vec<(String, StoredThread)>, StoreError> {
        let accounts = self.accounts.borrow();
        Ok(accounts
            .get(account_id)
            .map(|a| ids.iter().filter_map(|id| a.threads.get(id).map(|(t, _)| (id.clone(), t.clone()))).collect())
            .unwrap_or_default())
    }
}

impl SyncStore for ListedMemoryStore {
    async fn sync_state(&self, account_id: &str) -> Result<Option<SyncState>, StoreError> {
        Ok(self.accounts.borrow().get(account_id).and_then(|a| a.state.clone()))
    }

    async fn resume_point(&self, account_id: &str) -> Result<Option<ResumePoint>, StoreError> {
        Ok(self.accounts.borrow().get(account_id).and_then(|a| a.resume.clone()))
    }

    async fn apply(&self, batch: StoreBatch) -> Result<(), StoreError> {
        let writes = plan_batch(self, batch).await?;
        self.write(writes);
        Ok(())
    }
}
