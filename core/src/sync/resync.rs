//! Full resync: when the server cannot say what changed since the stored state, the account's
//! copy is thrown away and every covered mailbox is synced again, so nothing is kept twice and
//! nothing the server no longer has survives.

use super::cold_start::cold_start;
use super::error::SyncError;
use super::full_sync::{full_sync, Progress};
use super::options::SyncOptions;
use super::store::{StoreBatch, SyncStore};
use crate::error::{ErrorKind, JmapError};
use crate::jmap::JmapClient;
use crate::transport::Transport;

/// Replaces the store's copy of `account_id` with a fresh one of `mailboxes`. The first
/// mailbox's states are recorded (the oldest read, so the next delta sync misses nothing).
pub async fn resync<T: Transport, S: SyncStore>(
    client: &JmapClient<T>,
    store: &S,
    account_id: &str,
    mailboxes: &[String],
    options: &SyncOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), SyncError> {
    let mut forget = StoreBatch::new(account_id);
    forget.replace = true;
    store.apply(forget).await?;
    for mailbox_id in mailboxes {
        let first = match cold_start(client, store, account_id, mailbox_id, options).await {
            Err(SyncError::Jmap(e)) if is_missing_mailbox(&e) => continue,
            other => other?,
        };
        full_sync(client, store, &first, options, progress).await?;
    }
    Ok(())
}

/// Cyrus 3.6's answer to `inMailbox` of a mailbox that no longer exists.
fn is_missing_mailbox(error: &JmapError) -> bool {
    matches!(error, JmapError::Method(e) if e.kind == ErrorKind::InvalidArguments
        && e.extra.get("arguments").and_then(|a| a.as_array()).is_some_and(|a| a.iter().any(|v| v == "filter/inMailbox")))
}
