//! The sync engine: a local copy of a JMAP account, filled and kept current through JMAP's state
//! strings, plus an outbox for the agent's writes. Plain Rust; the copy lives in a [`SyncStore`]
//! (IndexedDB in the browser, [`MemoryStore`] in tests).
//!
//! | step | function | requests |
//! | --- | --- | --- |
//! | first page of a mailbox, into the store | [`cold_start`] | 1 |
//! | the rest of the mailbox, with progress | [`full_sync`] | ⌈pages ÷ `pages_per_request`⌉ |
//! | what changed since the stored states | [`delta_sync`] | 1 per round (`max_changes` ids per type) |
//! | either of the above, as needed | [`sync_mailbox`] | |
//! | state unusable: replace the account's copy | [`resync`] (called by [`delta_sync`]) | |
//! | queued writes, in order, exactly once | [`Outbox::flush`] | 1 per run of changes; 2 per creation |
//! | undo a refused write locally | [`undo`] | 1 |
//!
//! Files: `records` (what is stored), `store` (the trait, batches, the completeness rule),
//! `memory_store`, `listing` (how an indexed store applies a batch) and `listed_memory_store`,
//! `view` (thread lists from records), `options` (sizes from the session's limits),
//! `page` (the four-call page chain), `route` (where a read or a write goes: copy, server or outbox), `cold_start`, `full_sync` and `request_window` (its requests in flight), `delta_request` (one round's
//! eleven calls), `delta`, `resync`, `mailbox_sync`, `outbox`, `outbox_flush`, `rollback`,
//! `fault` (a transport that loses connections on cue, for tests), `test_support` (for unit tests).
//!
//! # What Cyrus 3.6 does with `*/changes` (verified with curl and `tests/sync_engine.rs`)
//!
//! - `Mailbox/changes`, `Email/changes` and `Thread/changes` are all supported, `maxChanges` and
//!   `hasMoreChanges` included: with `maxChanges: 2` the `newState` is an intermediate state to ask
//!   again from. `Email/queryChanges` works too, also with `collapseThreads` (an email whose
//!   keywords changed is reported as removed and added again at its index).
//! - State strings are the account's modification sequence, one counter for all types: creating
//!   a mailbox moves the Email and Thread states as well, so a `*/changes` can come back with a
//!   new state and nothing in it. An email created and destroyed between two syncs is not
//!   reported at all.
//! - `Thread/changes` lists a thread as *updated* when any of its emails' keywords or mailboxes
//!   change (not only when emails join or leave), and as *destroyed* when its last email goes.
//!   Setting a keyword an email already has still moves the state and reports the email.
//! - Per-user `$seen` on a shared mailbox (bob reads a support email) moves the team account's
//!   state for everyone: alice's next delta sync re-reads that email, but sees her own `$seen`.
//! - **A made-up state is not refused the same way everywhere.** A state that is not a number
//!   (`"bogus"`, `"-1"`, `""`) is `invalidArguments` with `arguments: ["sinceState"]`, not
//!   `cannotCalculateChanges`; the engine treats both as "resync" ([`is_unknown_state`]). A number
//!   is taken as a modification sequence: `"1"` or `"0"` returns every object created since (a
//!   complete, valid answer: delta sync then catches up without a resync), and a number *above*
//!   the current state returns no changes and the current state, silently. So a store restored
//!   against a different server with a higher counter would miss changes; the store is keyed by
//!   server and user for that reason.
//! - `cannotCalculateChanges` (`"description": "outdated sinceModseq"`) comes for `Email/changes`
//!   and `Thread/changes` from a state older than the last purge of expunged messages
//!   (`cyr_expire -X`, run daily by default installs; the tests run it). `Mailbox/changes` keeps
//!   answering from old states. After a purge even `"1"` gets `cannotCalculateChanges`.
//! - A `*/get` by result reference to a failed `*/changes` fails too (its own error), so a delta
//!   round reads the `*/changes` answers first.
//! - `Email/query` with `inMailbox` of a mailbox that does not exist is `invalidArguments`
//!   (`filter/inMailbox`): a resync skips covered mailboxes that were destroyed meanwhile.
//! - A `header: ["Message-ID", id]` filter finds an email created a moment before, in the same
//!   request even (no wait for the search index): how the outbox detects a creation that got
//!   through before the connection dropped.
//!
//! # Costs (measured against the test Cyrus, `tests/sync_engine.rs` prints them)
//!
//! - Until the first page: session discovery (2 HTTP requests: `/.well-known/jmap` answers 301,
//!   then `/jmap/`; none with a cached session) + **1** for the cold start. The demo Inbox (40
//!   threads, all in the first page) was ~1.1 KB up and 100–170 KB down, most of it the two
//!   `Email/get`s; the full sync then needs no request.
//! - An idle delta sync: **1** request, ~2.1 KB up (eleven calls with their property lists),
//!   ~1.2 KB down (eleven empty answers), and no store write when no state moved.
//!
//! # Limits
//!
//! - Delta sync is account-wide: emails of mailboxes the store does not cover come in too when
//!   they change (harmless; lists are per mailbox, and [`SyncState::mailboxes`] says which lists
//!   are complete).
//! - A resync forgets the account's copy first, then refills it mailbox by mailbox: the first
//!   page of each is back after one request, the rest follows.
//! - An outbox entry re-sent after a lost answer re-applies its patch: if a teammate changed the
//!   same keyword in between, the retry wins. Entries are not split by `maxObjectsInSet`.

mod cold_start;
mod delta;
mod delta_request;
mod error;
pub mod fault;
mod full_sync;
mod listed_memory_store;
pub mod listing;
mod mailbox_sync;
mod memory_store;
mod options;
mod outbox;
mod outbox_flush;
mod page;
pub mod records;
mod request_window;
mod resync;
mod rollback;
pub mod route;
mod store;
#[cfg(test)]
mod test_support;
pub mod view;

pub use cold_start::{cold_start, read_first_page, read_first_page_with, read_mailboxes, FirstPage, Mailboxes, ReadFirstPage};
pub use delta::{delta_sync, ChangeCounts, DeltaOutcome};
pub use error::{is_unknown_state, SyncError};
pub use full_sync::{full_sync, FullSyncReport, Progress};
pub use listed_memory_store::ListedMemoryStore;
pub use mailbox_sync::{sync_mailbox, sync_mailbox_then, MailboxSync};
pub use memory_store::{AccountCopy, MemoryStore};
pub use options::SyncOptions;
pub use outbox::{InvalidEntry, Outbox, OutboxEntry, Queued};
pub use outbox_flush::{DirectReplies, FlushReport, Rollback, SendsReplies, Sent, MAX_SERVER_FAILURES};
pub use resync::resync;
pub use rollback::{placeholder_removal, undo};
pub use store::{EmailEdit, ResumePoint, StoreBatch, StoreError, StoreErrorKind, SyncState, SyncStore};
