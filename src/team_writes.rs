//! A team change to a thread, from the click to the server: [`write`] is the one entry point for
//! status and tags (`core::sync::route` decides where each goes). Online, a change is planned from
//! the server's current state of the thread (a teammate may have changed it a moment ago) and
//! shown in the copy at once ([`show_now`]: the lists move the thread before the server answers),
//! put back if the server refuses. When the server cannot be reached and the copy has the thread,
//! it goes through the outbox (`pending_writes`): planned from the copy — what the agent saw —
//! shown at once, kept across a reload, sent once when the server answers again.
//!
//! Assignment needs the server's answer to settle a race and snoozing a date from it: they are
//! online only, and so is a tag created from a conversation (`core::team::new_tag`).

use tandem_core::sync::route::{after_failed_write, route_change, FailedWrite, WriteRoute};
use tandem_core::sync::{undo, OutboxEntry, Rollback, SyncStore};
use tandem_core::team::queued::CopiedThread;
use tandem_core::team::status::{set_status, Status};
use tandem_core::team::tags::tag_thread;
use tandem_core::team::tandem_mailboxes::{self, NOTES};
use tandem_core::team::thread_record::Author;
use tandem_core::JmapError;

use crate::app_error::{AppError, LocalRefusal};
use crate::cache::IdbStore;
use crate::local_copy::LocalCopy;
use crate::pending_writes::PendingWrites;
use crate::web_transport::Client;

/// A change that can wait for the server: planned from the thread's copy when it must.
#[derive(Clone)]
pub enum TeamChange {
    Status(Status),
    Tag { id: String, name: String, on: bool },
}

/// Where a change went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// The server has it.
    Sent,
    /// The outbox has it (shown in the copy; sent when the server answers).
    Queued,
}

/// Writes `change` to thread `thread_id`: online while the browser has a connection, else — or
/// when the server cannot be reached — into the outbox. A refusal comes back with its sentence
/// (what the copy showed is undone first).
pub async fn write(
    pending: PendingWrites,
    client: &Client,
    account: &str,
    thread_id: &str,
    actor: &Author,
    change: TeamChange,
) -> Result<Written, AppError> {
    let copy = pending.copy();
    let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
    if route_change(online) == WriteRoute::Online {
        let shown = show_now(copy, account, thread_id, actor, change.clone()).await;
        match write_online(client, account, thread_id, actor, &change).await {
            Ok(()) => return Ok(Written::Sent),
            Err(e) if after_failed_write(&e) == FailedWrite::Refused => {
                if let Some(shown) = shown {
                    undo_shown(copy, client, shown, e.clone()).await;
                }
                return Err(e.into());
            }
            Err(_) => {} // not reached: queued below
        }
    }
    if queue(pending, account, thread_id, actor, change).await? {
        Ok(Written::Queued)
    } else {
        Err(AppError::Refused(LocalRefusal::CannotQueue))
    }
}

async fn write_online(client: &Client, account: &str, thread_id: &str, actor: &Author, change: &TeamChange) -> Result<(), JmapError> {
    match change {
        TeamChange::Status(status) => set_status(client, account, thread_id, actor, *status).await.map(|_| ()),
        TeamChange::Tag { id, name, on } => tag_thread(client, account, thread_id, actor, id, name, *on).await.map(|_| ()),
    }
}

/// The outbox entries for `change` to thread `thread_id`, planned from the copy (`None`: the
/// copy lacks the thread or `Tandem/Notes`).
async fn plan(
    store: &IdbStore,
    account: &str,
    thread_id: &str,
    actor: &Author,
    change: TeamChange,
) -> Result<Option<Vec<OutboxEntry>>, AppError> {
    let Some(notes) = notes_mailbox(store, account).await else { return Ok(None) };
    let emails = store.thread_emails(account, thread_id).await?;
    if emails.is_empty() {
        return Ok(None);
    }
    let thread = CopiedThread { account_id: account, thread_id, emails: &emails, notes_mailbox: &notes };
    let message_id = new_message_id(actor.at_ms);
    let entries = match change {
        TeamChange::Status(status) => thread.set_status(actor, status, &message_id),
        TeamChange::Tag { id, name, on } => thread.tag(actor, &id, &name, on, &message_id),
    };
    // Core's reason is a technical one (a keyword a patch cannot hold), kept as it is.
    entries.map(Some).map_err(|e| AppError::Refused(LocalRefusal::Unqueueable { detail: e.0 }))
}

/// Queues `change` to thread `thread_id`. `Ok(false)`: it cannot be queued (the copy lacks the
/// thread).
async fn queue(pending: PendingWrites, account: &str, thread_id: &str, actor: &Author, change: TeamChange) -> Result<bool, AppError> {
    let Some(store) = pending.copy().store_untracked() else { return Ok(false) };
    let Some(entries) = plan(&store, account, thread_id, actor, change).await? else { return Ok(false) };
    pending.queue(entries).await?;
    Ok(true)
}

/// Shows `change` in the copy at once, while it is written online: the lists move the thread
/// before the server answers. Returns what to undo if the server refuses ([`undo_shown`]); the
/// next delta sync brings the server's version either way.
async fn show_now(copy: LocalCopy, account: &str, thread_id: &str, actor: &Author, change: TeamChange) -> Option<OutboxEntry> {
    let store = copy.store_untracked()?;
    let keywords = plan(&store, account, thread_id, actor, change).await.ok()??.into_iter().find(|e| e.patch().is_some())?;
    store.apply(keywords.optimistic_batch()).await.ok()?;
    copy.changed();
    Some(keywords)
}

/// Puts the emails [`show_now`] changed back as the server has them (the write was refused).
async fn undo_shown(copy: LocalCopy, client: &Client, shown: OutboxEntry, error: JmapError) {
    let Some(store) = copy.store_untracked() else { return };
    let rollback = Rollback { seq: 0, message: error.to_string(), entry: shown, error };
    let _ = undo(client, store.as_ref(), &rollback).await;
    copy.changed();
}

/// The id of `Tandem/Notes` in the copy's mailboxes.
async fn notes_mailbox(store: &IdbStore, account: &str) -> Option<String> {
    let mailboxes = store.mailboxes(account).await.ok()?;
    tandem_mailboxes::find(&mailboxes, NOTES).map(str::to_string)
}

/// A Message-ID no other write has: time and randomness, in a reserved domain.
fn new_message_id(at_ms: u64) -> String {
    let random = (js_sys::Math::random() * 1e15) as u64;
    format!("{at_ms}.{random:x}@tandem.invalid")
}
