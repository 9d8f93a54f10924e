//! The one call for "show this mailbox and keep it current": a delta sync if the store already
//! covers the mailbox, else a cold start and a full sync — or, if a full sync of this mailbox was
//! cut short, the rest of it from where it stopped.

use super::cold_start::{read_first_page, write_first_page, FirstPage, ReadFirstPage};
use super::delta::{delta_sync, DeltaOutcome};
use super::error::SyncError;
use super::full_sync::{full_sync, relocate, FullSyncReport, Progress};
use super::options::SyncOptions;
use super::store::SyncStore;
use crate::jmap::JmapClient;
use crate::transport::Transport;

/// What [`sync_mailbox`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum MailboxSync {
    /// The store had the mailbox: it was brought up to date.
    Delta(DeltaOutcome),
    /// The store did not have it: it was fetched whole.
    Full(FullSyncReport),
}

pub async fn sync_mailbox<T: Transport, S: SyncStore>(
    client: &JmapClient<T>,
    store: &S,
    account_id: &str,
    mailbox_id: &str,
    options: &SyncOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<MailboxSync, SyncError> {
    sync_mailbox_then(client, store, account_id, mailbox_id, options, None, &mut |_| {}, async |_| {}, progress).await
}

/// [`sync_mailbox`], telling `first_page_read` of a cold start's first page as soon as it is
/// read (before it is written: the app shows it from there), and awaiting `after_first_page`
/// between the first page and the full sync (the app paints the first page there, before the
/// full sync's requests). A cold start's answer read `early` for this mailbox (before the store
/// opened) is written rather than read again; it goes unused if the store has the mailbox or a
/// full sync of it to go on with.
#[allow(clippy::too_many_arguments)]
pub async fn sync_mailbox_then<T: Transport, S: SyncStore>(
    client: &JmapClient<T>,
    store: &S,
    account_id: &str,
    mailbox_id: &str,
    options: &SyncOptions,
    early: Option<ReadFirstPage>,
    first_page_read: &mut dyn FnMut(&FirstPage),
    after_first_page: impl AsyncFnOnce(&FirstPage),
    progress: &mut dyn FnMut(Progress),
) -> Result<MailboxSync, SyncError> {
    if store.sync_state(account_id).await?.is_some_and(|s| s.covers(mailbox_id)) {
        return Ok(MailboxSync::Delta(delta_sync(client, store, account_id, options, progress).await?));
    }
    let first = match store.resume_point(account_id).await?.filter(|p| p.mailbox_id == mailbox_id) {
        Some(point) => FirstPage::resumed(account_id, relocate(client, account_id, point).await?),
        None => {
            let read = match early.filter(|e| e.is_of(account_id, mailbox_id)) {
                Some(read) => read,
                None => read_first_page(client, account_id, mailbox_id, options).await?,
            };
            first_page_read(&read.first);
            let (first, batch) = read.into_parts();
            write_first_page(store, batch).await?;
            first
        }
    };
    after_first_page(&first).await;
    Ok(MailboxSync::Full(full_sync(client, store, &first, options, progress).await?))
}
