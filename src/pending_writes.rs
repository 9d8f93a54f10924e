//! The agent's writes waiting for the server: the sync engine's `Outbox`, kept in the local copy
//! (`meta`, key [`OUTBOX`]) so a reload or a closed tab loses nothing, sent by the sync driver in
//! order (at once when online, on reconnect when not), each exactly once.
//!
//! [`queue`] applies each entry's optimistic change to the copy (the lists show it at once),
//! saves the outbox, and asks the driver for a pass. [`flush`] sends; a write the server refuses
//! is undone in the copy (read back from the server) and its sentence shown to the agent.

use leptos::prelude::*;
use tandem_core::sync::{undo, Outbox, OutboxEntry, SyncStore};

use crate::auth::Client;
use crate::cache::meta::GLOBAL;
use crate::cache::IdbStore;
use crate::local_copy::LocalCopy;
use crate::sync_driver::refresh_soon;

/// The `meta` key of the outbox (one per identity, under the global account).
pub const OUTBOX: &str = "outbox";

/// Reads the saved outbox into `copy` (at start).
pub async fn load(copy: LocalCopy, store: &IdbStore) {
    if let Ok(Some(saved)) = store.cache().meta::<Outbox>(GLOBAL, OUTBOX).await {
        copy.outbox.set(saved);
    }
}

async fn save(copy: LocalCopy, store: &IdbStore) -> Result<(), String> {
    let outbox = copy.outbox.get_untracked();
    store.cache().set_meta(GLOBAL, OUTBOX, &outbox).await.map_err(|e| e.to_string())
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
    refresh_soon(copy);
    Ok(())
}

/// Sends what is queued. Returns whether anything reached the server (or was refused).
pub async fn flush(copy: LocalCopy, store: &IdbStore, client: &Client) -> bool {
    let mut flushing = copy.outbox.get_untracked();
    if flushing.is_empty() {
        return false;
    }
    let up_to = flushing.last_seq();
    let report = flushing.flush(client).await;
    copy.outbox.update(|live| live.reconcile(&flushing, up_to));
    if let Err(e) = save(copy, store).await {
        copy.problem.set(Some(format!("The changes waiting to be sent could not be saved: {e}")));
    }
    for rollback in &report.rollbacks {
        let _ = undo(client, store, rollback).await;
        copy.refused.set(Some(rollback.message.clone()));
    }
    let settled = !report.sent.is_empty() || !report.rollbacks.is_empty();
    if settled {
        copy.changed();
    }
    settled
}
