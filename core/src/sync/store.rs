//! Where the sync engine writes: the [`SyncStore`] trait, the [`StoreBatch`] it applies, and the
//! [`SyncState`] it keeps per account.
//!
//! The engine never reads records back; it only asks for the account's [`SyncState`] and hands over
//! batches. A store applies a batch all or nothing, in this order: `replace` (forget the account),
//! destructions, puts, `email_updates`, `email_edits`, then `state` and `resume` (a state clears
//! the resume point). Applying the same batch twice
//! leaves the same store (batches are idempotent), so a write that is retried after a failure is
//! harmless.
//!
//! **The state is the completeness marker.** A store has a [`SyncState`] for an account only once
//! it holds a full copy of the mailboxes listed in it (every thread with an email there, and every
//! email of those threads), as of those state strings or later. Cold start and full sync write
//! their pages without a state and set it with the last batch, so an interrupted full sync leaves
//! a store without state. It leaves a [`ResumePoint`] too, from which the next start goes on; a
//! store without either is replaced by the next cold start.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::records::{EmailRecord, MailboxRecord, ThreadRecord};

/// The JMAP state strings an account's copy was read at, and what the copy covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncState {
    pub mailbox: String,
    pub email: String,
    pub thread: String,
    /// Ids of the mailboxes whose threads the store holds in full (delta sync keeps them so; a
    /// full resync fetches them again).
    pub mailboxes: Vec<String>,
}

impl SyncState {
    pub fn covers(&self, mailbox_id: &str) -> bool {
        self.mailboxes.iter().any(|m| m == mailbox_id)
    }

    pub(crate) fn with_mailbox(mut self, mailbox_id: &str) -> Self {
        if !self.covers(mailbox_id) {
            self.mailboxes.push(mailbox_id.to_string());
        }
        self
    }
}

/// Where an unfinished full sync stands: written with each of its batches, so that a full sync
/// cut short (a reload, a closed tab, a lost connection) goes on from there instead of starting
/// over; gone once the state is recorded (the copy is then complete) or the account replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResumePoint {
    pub mailbox_id: String,
    /// The states read with the first page: recorded when the full sync ends.
    pub state: SyncState,
    /// Threads of the mailbox read so far (where the next page starts if `anchor` is gone).
    pub position: u64,
    /// The last email read (the next page starts just after it).
    pub anchor: Option<String>,
    /// Threads in the mailbox, as last counted by the server.
    pub total: Option<u64>,
    /// Notes read without the text their Mentions row needs (see `full_sync`).
    pub notes: Vec<String>,
}

/// A local change to an email made before the server confirms it (see `outbox`): keywords and
/// mailboxes to set (`true`) or remove (`false`). Ignored if the store lacks the email.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmailEdit {
    pub id: String,
    pub keywords: BTreeMap<String, bool>,
    pub mailboxes: BTreeMap<String, bool>,
}

/// Writes to apply together to one account, all or nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoreBatch {
    pub account_id: String,
    /// Forget everything of the account (records and state) before the rest.
    pub replace: bool,
    pub mailboxes: Vec<MailboxRecord>,
    pub mailboxes_destroyed: Vec<String>,
    pub threads: Vec<ThreadRecord>,
    /// Each of `threads` comes whole, with every one of its emails in `emails`, read from the
    /// server after anything the store holds of it was: a store need not read what it holds of
    /// those threads to plan the batch (a stored email missing from such a record has left the
    /// thread, or came after the state the copy will record, and the next delta sync says so).
    /// The full sync sets it while the account has no state recorded (so no delta sync can have
    /// written newer records of its threads).
    pub whole_threads: bool,
    pub threads_destroyed: Vec<String>,
    /// Complete records: replace any stored one.
    pub emails: Vec<EmailRecord>,
    /// Records read again (keywords or mailboxes changed): a stored email takes their `keywords`
    /// and `mailbox_ids` and keeps the rest (its preview may come from the body); a missing one
    /// is stored as given.
    pub email_updates: Vec<EmailRecord>,
    /// Optimistic local changes (see `outbox`).
    pub email_edits: Vec<EmailEdit>,
    pub emails_destroyed: Vec<String>,
    /// The state to record, with the rest of the batch (it also ends any resume point).
    pub state: Option<SyncState>,
    /// Where the full sync that wrote this batch stands, if it goes on.
    pub resume: Option<ResumePoint>,
}

impl StoreBatch {
    pub fn new(account_id: &str) -> Self {
        StoreBatch { account_id: account_id.to_string(), ..Default::default() }
    }

    /// Whether applying the batch would change nothing.
    pub fn is_empty(&self) -> bool {
        !self.replace
            && self.state.is_none()
            && self.resume.is_none()
            && self.mailboxes.is_empty()
            && self.mailboxes_destroyed.is_empty()
            && self.threads.is_empty()
            && self.threads_destroyed.is_empty()
            && self.emails.is_empty()
            && self.email_updates.is_empty()
            && self.email_edits.is_empty()
            && self.emails_destroyed.is_empty()
    }
}

/// A store that could not read or write (quota, a closed database, …): what kind, so the app can
/// act on it (reopen a closed database), and the store's own sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    pub kind: StoreErrorKind,
    pub message: String,
}

/// What went wrong with a store, as far as the engine's caller can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreErrorKind {
    /// The connection to the store was closed (another tab, the browser): open it again.
    Closed,
    /// No room left (quota, disk).
    Full,
    Other,
}

impl StoreError {
    pub fn new(kind: StoreErrorKind, message: impl Into<String>) -> Self {
        StoreError { kind, message: message.into() }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "The local copy of the mail could not be saved: {}", self.message)
    }
}

impl std::error::Error for StoreError {}

/// The local copy the engine keeps up to date. The browser implements it over IndexedDB; tests
/// use [`super::MemoryStore`].
#[allow(async_fn_in_trait)]
pub trait SyncStore {
    /// The account's state, if the store holds a complete copy (see the module docs).
    async fn sync_state(&self, account_id: &str) -> Result<Option<SyncState>, StoreError>;

    /// Applies `batch`, all or nothing, in the order given in the module docs.
    async fn apply(&self, batch: StoreBatch) -> Result<(), StoreError>;

    /// Where an unfinished full sync of the account stands, if one was cut short.
    async fn resume_point(&self, account_id: &str) -> Result<Option<ResumePoint>, StoreError>;
}
