//! A [`SyncStore`] in memory: for tests and native tools, and the reference for what a persistent
//! store must do with a [`StoreBatch`].

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::listing::set_or_remove;
use super::records::{EmailRecord, MailboxRecord, ThreadRecord};
use super::store::{EmailEdit, ResumePoint, StoreBatch, StoreError, SyncState, SyncStore};
use super::view::mailbox_threads;
use crate::thread_list::ThreadSummary;

/// One account's copy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountCopy {
    pub mailboxes: BTreeMap<String, MailboxRecord>,
    pub threads: BTreeMap<String, ThreadRecord>,
    pub emails: BTreeMap<String, EmailRecord>,
    pub state: Option<SyncState>,
    pub resume: Option<ResumePoint>,
}

impl AccountCopy {
    /// The mailbox's thread list as the store has it.
    pub fn thread_list(&self, mailbox_id: &str) -> Vec<ThreadSummary> {
        mailbox_threads(mailbox_id, &self.threads, &self.emails)
    }

    fn apply(&mut self, batch: StoreBatch) {
        if batch.replace {
            *self = AccountCopy::default();
        }
        self.destroy(&batch);
        self.mailboxes.extend(batch.mailboxes.into_iter().map(|m| (m.id.clone(), m)));
        self.threads.extend(batch.threads.into_iter().map(|t| (t.id.clone(), t)));
        self.emails.extend(batch.emails.into_iter().map(|e| (e.id.clone(), e)));
        for update in batch.email_updates {
            match self.emails.get_mut(&update.id) {
                Some(stored) => stored.refresh_from(&update),
                None => {
                    self.emails.insert(update.id.clone(), update);
                }
            }
        }
        batch.email_edits.iter().for_each(|edit| self.edit(edit));
        if batch.state.is_some() {
            self.state = batch.state;
            self.resume = None;
        } else if batch.resume.is_some() {
            self.resume = batch.resume;
        }
    }

    fn destroy(&mut self, batch: &StoreBatch) {
        for id in &batch.mailboxes_destroyed {
            self.mailboxes.remove(id);
        }
        for id in &batch.threads_destroyed {
            self.threads.remove(id);
        }
        for id in &batch.emails_destroyed {
            self.emails.remove(id);
        }
    }

    fn edit(&mut self, edit: &EmailEdit) {
        let Some(email) = self.emails.get_mut(&edit.id) else { return };
        for (keyword, on) in &edit.keywords {
            set_or_remove(&mut email.keywords, keyword, *on);
        }
        for (mailbox, on) in &edit.mailboxes {
            set_or_remove(&mut email.mailbox_ids, mailbox, *on);
        }
    }
}

#[derive(Debug, Default)]
pub struct MemoryStore {
    accounts: RefCell<BTreeMap<String, AccountCopy>>,
    batches: RefCell<usize>,
}

impl MemoryStore {
    pub fn new() -> Self {
        MemoryStore::default()
    }

    /// A snapshot of the account's copy (empty if never written).
    pub fn account(&self, account_id: &str) -> AccountCopy {
        self.accounts.borrow().get(account_id).cloned().unwrap_or_default()
    }

    /// How many batches were applied so far.
    pub fn batches_applied(&self) -> usize {
        *self.batches.borrow()
    }
}

impl SyncStore for MemoryStore {
    async fn sync_state(&self, account_id: &str) -> Result<Option<SyncState>, StoreError> {
        Ok(self.accounts.borrow().get(account_id).and_then(|a| a.state.clone()))
    }

    async fn resume_point(&self, account_id: &str) -> Result<Option<ResumePoint>, StoreError> {
        Ok(self.accounts.borrow().get(account_id).and_then(|a| a.resume.clone()))
    }

    async fn apply(&self, batch: StoreBatch) -> Result<(), StoreError> {
        *self.batches.borrow_mut() += 1;
        self.accounts.borrow_mut().entry(batch.account_id.clone()).or_default().apply(batch);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sync::test_support::ready as block_on;

    fn email(id: &str, preview: &str, keywords: &[&str]) -> EmailRecord {
        EmailRecord {
            id: id.into(),
            thread_id: "T".into(),
            preview: preview.into(),
            keywords: keywords.iter().map(|k| (k.to_string(), true)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn batches_apply_in_order_and_replace_forgets_the_account() {
        let store = MemoryStore::new();
        let mut first = StoreBatch::new("A");
        first.emails = vec![email("1", "body preview", &[]), email("2", "", &[])];
        first.state = Some(SyncState { email: "s1".into(), ..Default::default() });
        block_on(store.apply(first)).unwrap();

        let mut second = StoreBatch::new("A");
        second.email_updates = vec![email("1", "server preview", &["$seen"]), email("3", "new", &[])];
        second.emails_destroyed = vec!["2".into()];
        second.email_edits =
            vec![EmailEdit { id: "1".into(), keywords: [("$flagged".into(), true), ("$seen".into(), false)].into(), ..Default::default() }];
        block_on(store.apply(second.clone())).unwrap();
        block_on(store.apply(second)).unwrap();
        let copy = store.account("A");
        assert_eq!(copy.emails.keys().collect::<Vec<_>>(), vec!["1", "3"]);
        assert_eq!(copy.emails["1"].preview, "body preview");
        assert_eq!(copy.emails["1"].keywords.keys().collect::<Vec<_>>(), vec!["$flagged"]);
        assert_eq!(block_on(store.sync_state("A")).unwrap().unwrap().email, "s1", "a batch without state keeps the state");

        let mut replace = StoreBatch::new("A");
        replace.replace = true;
        replace.emails = vec![email("9", "", &[])];
        block_on(store.apply(replace)).unwrap();
        assert_eq!(store.account("A").emails.keys().collect::<Vec<_>>(), vec!["9"]);
        assert_eq!(block_on(store.sync_state("A")).unwrap(), None, "a replaced account is incomplete until its state is set");
        assert_eq!(store.batches_applied(), 4);
    }
}
