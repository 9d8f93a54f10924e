//! Team changes that go through the outbox (`pending_writes`) when the server cannot be reached
//! and the local copy has the thread: they show at once, survive a reload, and are sent once when
//! the server answers again. They are planned from the copy — what the agent saw — while an
//! online change is planned from the server's current state (a teammate may have changed the
//! thread a moment ago, and a record written from a stale copy could undo that).

use tandem_core::team::queued::CopiedThread;
use tandem_core::team::status::Status;
use tandem_core::team::tandem_mailboxes::{NOTES, PARENT};
use tandem_core::team::thread_record::Author;
use tandem_core::sync::OutboxEntry;

use crate::cache::IdbStore;
use crate::local_copy::LocalCopy;
use crate::pending_writes;

/// A change to queue, planned from the thread's copy.
pub enum TeamChange {
    Status(Status),
    Tag { id: String, name: String, on: bool },
}

/// Queues `change` to thread `thread_id`. `Ok(false)`: it cannot be queued; make it online.
pub async fn queue(copy: LocalCopy, account: &str, thread_id: &str, actor: &Author, change: TeamChange) -> Result<bool, String> {
    let Some(store) = copy.store_untracked() else { return Ok(false) };
    let Some(notes) = notes_mailbox(&store, account).await else { return Ok(false) };
    let emails = store.thread_emails(account, thread_id).await.map_err(|e| e.to_string())?;
    if emails.is_empty() {
        return Ok(false);
    }
    let thread = CopiedThread { account_id: account, thread_id, emails: &emails, notes_mailbox: &notes };
    let message_id = new_message_id(actor.at_ms);
    let entries: Vec<OutboxEntry> = match change {
        TeamChange::Status(status) => thread.set_status(actor, status, &message_id),
        TeamChange::Tag { id, name, on } => thread.tag(actor, &id, &name, on, &message_id),
    }
    .map_err(|e| e.0)?;
    pending_writes::queue(copy, entries).await?;
    Ok(true)
}

/// The id of `Tandem/Notes` in the copy's mailboxes.
async fn notes_mailbox(store: &IdbStore, account: &str) -> Option<String> {
    let mailboxes = store.mailboxes(account).await.ok()?;
    let parent = mailboxes.iter().find(|m| m.parent_id.is_none() && m.name == PARENT)?;
    mailboxes.iter().find(|m| m.parent_id.as_deref() == Some(&parent.id) && m.name == NOTES).map(|m| m.id.clone())
}

/// A Message-ID no other write has: time and randomness, in a reserved domain.
fn new_message_id(at_ms: u64) -> String {
    let random = (js_sys::Math::random() * 1e15) as u64;
    format!("{at_ms}.{random:x}@tandem.invalid")
}
