//! Delta sync: from the stored states to now, in rounds of one request each (see
//! `delta_request`), each round written as one batch with its new states, until the server has
//! no more changes. A state the server cannot continue from (`cannotCalculateChanges`, or what
//! Cyrus answers for a state it cannot parse) makes it a full resync instead.

use super::delta_request::add_delta;
use super::error::{is_unknown_state, SyncError};
use super::full_sync::Progress;
use super::options::SyncOptions;
use super::resync::resync;
use super::store::{SyncState, SyncStore};
use crate::error::JmapError;
use crate::jmap::{JmapClient, Request};
use crate::transport::Transport;

/// What a delta sync did.
#[derive(Debug, Clone, PartialEq)]
pub enum DeltaOutcome {
    /// Changes were applied (possibly none).
    Applied(ChangeCounts),
    /// The server could not give changes from the stored state: the account's copy was
    /// replaced by a full sync of the covered mailboxes. `reason` is the server's answer.
    Resynced { reason: JmapError },
}

/// What the server reported, over all rounds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeCounts {
    /// Requests made (one per round).
    pub rounds: usize,
    /// Mailboxes created, updated or destroyed.
    pub mailboxes: usize,
    /// Threads created or updated.
    pub threads: usize,
    /// Emails created or updated.
    pub emails: usize,
    /// Emails destroyed.
    pub emails_destroyed: usize,
}

impl ChangeCounts {
    pub fn is_empty(&self) -> bool {
        self.mailboxes + self.threads + self.emails + self.emails_destroyed == 0
    }
}

/// Brings the store's copy of `account_id` up to date. `progress` is called only if a full
/// resync is needed.
pub async fn delta_sync<T: Transport, S: SyncStore>(
    client: &JmapClient<T>,
    store: &S,
    account_id: &str,
    options: &SyncOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<DeltaOutcome, SyncError> {
    let mut state = store.sync_state(account_id).await?.ok_or_else(|| SyncError::NotSynced { account_id: account_id.to_string() })?;
    let mut counts = ChangeCounts::default();
    loop {
        let (next, more) = match round(client, store, account_id, &state, options, &mut counts).await {
            Err(SyncError::Jmap(e)) if is_unknown_state(&e) => {
                resync(client, store, account_id, &state.mailboxes, options, progress).await?;
                return Ok(DeltaOutcome::Resynced { reason: e });
            }
            other => other?,
        };
        if !more {
            return Ok(DeltaOutcome::Applied(counts));
        }
        if next == state {
            return Err(JmapError::Protocol("*/changes reported more changes without moving its state".into()).into());
        }
        state = next;
    }
}

/// One round: request, batch, counts. Returns the new state and whether there is more.
async fn round<T: Transport, S: SyncStore>(
    client: &JmapClient<T>,
    store: &S,
    account_id: &str,
    state: &SyncState,
    options: &SyncOptions,
    counts: &mut ChangeCounts,
) -> Result<(SyncState, bool), SyncError> {
    let mut request = Request::new();
    let calls = add_delta(&mut request, account_id, state, options.max_changes.max(1));
    let response = client.send(request).await?;
    let delta = calls.read(&response)?;
    counts.rounds += 1;
    counts.mailboxes += delta.mailbox.created.len() + delta.mailbox.updated.len() + delta.mailbox.destroyed.len();
    counts.threads += delta.thread.created.len() + delta.thread.updated.len();
    counts.emails += delta.email.created.len() + delta.email.updated.len();
    counts.emails_destroyed += delta.email.destroyed.len();
    let (next, more) = (delta.next_state(state), delta.has_more());
    if !(delta.is_empty() && next == *state) {
        store.apply(delta.into_batch(account_id, next.clone())).await?;
    }
    Ok((next, more))
}
