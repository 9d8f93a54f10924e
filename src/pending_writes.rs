//! The agent's writes waiting for the server: the sync engine's `Outbox`, kept in the local copy
//! (`meta`, key [`OUTBOX`]) so a reload or a closed tab loses nothing, sent by the sync driver in
//! order (at once when online, on reconnect when not), each exactly once.
//!
//! [`queue`] applies each entry's optimistic change to the copy (the lists show it at once),
//! saves the outbox, and asks the driver for a pass. [`flush`] sends; a write the server refuses
//! is undone in the copy (read back from the server) and its sentence shown to the agent.

use leptos::prelude::*;
use tandem_core::sync::{undo, OutboxEntry, SyncStore};

use crate::auth::Client;
use crate::cache::meta::GLOBAL;
pub use crate::cache::meta::OUTBOX;
use crate::cache::IdbStore;
use crate::local_copy::LocalCopy;
use crate::notices::{Notices, Topic};

async fn save(copy: LocalCopy, store: &IdbStore) -> Result<(), String> {
    let outbox = copy.outbox.get_untracked();
    store.cache().set_meta(GLOBAL, OUTBOX, &outbox).await.map_err(|e| e.to_string())
}

/// Saves the outbox as it is now (after an entry was taken out of it).
pub async fn save_outbox(copy: LocalCopy) -> Result<(), String> {
    let store = copy.store_untracked().ok_or("There is no local copy to keep the change in.")?;
    save(copy, &store).await
}

/// Queues `entries` (in order): shown at once, sent when the server can be reached.
pub async fn queue(copy: LocalCopy, entries: Vec<OutboxEntry>) -> Result<(), String> {
    let store = copy.store_untracked().ok_or("There is no local copy to keep the change in.")?;
    copy.outbox.update(|o| {
        for entry in &entries {
            o.push(entry.clone());
        }
    });
    save(copy, &store).await?;
    for entry in &entries {
        let batch = entry.optimistic_batch();
        if !batch.email_edits.is_empty() {
            store.apply(batch).await.map_err(|e| e.to_string())?;
        }
    }
    copy.changed();
    copy.sync.refresh_soon();
    Ok(())
}

/// Sends what is queued. Returns whether anything reached the server (or was refused). A refused
/// write is undone in the copy and its sentence shown in the status area.
pub async fn flush(copy: LocalCopy, store: &IdbStore, client: &Client, notices: Notices) -> bool {
    let mut flushing = copy.outbox.get_untracked();
    if flushing.is_empty() {
        return false;
    }
    let up_to = flushing.last_seq();
    let report = flushing.flush(client).await;
    copy.outbox.try_update(|live| live.reconcile(&flushing, up_to));
    if let Err(e) = save(copy, store).await {
        notices.tell(Topic::LocalCopy, format!("The changes waiting to be sent could not be saved: {e}"));
    }
    for rollback in &report.rollbacks {
        if let Err(e) = undo(client, store, rollback).await {
            notices.tell(Topic::Undo, format!("A refused change could not be undone on this device: {e}"));
        }
        notices.tell(Topic::Refused, rollback.message.clone());
    }
    let settled = !report.sent.is_empty() || !report.rollbacks.is_empty();
    if settled {
        copy.changed();
    }
    settled
}
