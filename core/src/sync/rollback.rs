//! Undoing a refused write in the store. The optimistic change was local only, so no delta sync
//! would ever correct it: the emails it touched are read again and stored as the server has them.

use super::error::SyncError;
use super::outbox::OutboxEntry;
use super::outbox_flush::Rollback;
use super::records::{EmailRecord, RECORD_PROPERTIES};
use super::store::{StoreBatch, SyncStore};
use crate::jmap::methods::EmailGet;
use crate::jmap::{Ids, JmapClient};
use crate::transport::Transport;

/// Puts the store back as the server has it for the emails `rollback` touched. For a refused
/// creation, removes the placeholder the caller stored under the creation id.
pub async fn undo<T: Transport, S: SyncStore>(client: &JmapClient<T>, store: &S, rollback: &Rollback) -> Result<(), SyncError> {
    let entry = &rollback.entry;
    let mut batch = StoreBatch::new(entry.account_id());
    match entry {
        OutboxEntry::Create { creation_id, .. } => batch.emails_destroyed.push(creation_id.clone()),
        _ => {
            let get = EmailGet::new(entry.account_id(), Ids::List(entry.email_ids().to_vec())).properties(RECORD_PROPERTIES);
            let found = client.call(get).await?;
            batch.email_updates = found.list.iter().map(EmailRecord::from).collect();
            batch.emails_destroyed = found.not_found;
        }
    }
    store.apply(batch).await?;
    Ok(())
}

/// After a creation was sent: removes the placeholder stored under `creation_id` (the server's
/// email arrives with the next delta sync).
pub fn placeholder_removal(account_id: &str, creation_id: &str) -> StoreBatch {
    let mut batch = StoreBatch::new(account_id);
    batch.emails_destroyed.push(creation_id.to_string());
    batch
}
