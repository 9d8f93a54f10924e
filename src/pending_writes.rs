//! The agent's writes waiting for the server: the sync engine's `Outbox`, kept in the local copy
//! (`meta`, key [`OUTBOX`]) so a reload or a closed tab loses nothing, sent by the sync driver in
//! order (at once when online, on reconnect when not), each exactly once. Shared through context.
//!
//! The outbox is read from the copy when it opens; until then nothing is queued or sent (a change
//! queued meanwhile waits for it, so it goes after the saved ones). [`PendingWrites::queue`]
//! applies each entry's optimistic change to the copy (the lists show it at once), saves the
//! outbox, and asks for a pass of the driver (`sync_status`). [`PendingWrites::flush`] sends; a
//! write the server refuses is undone in the copy (read back from the server) and its sentence
//! shown in the status area.

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::sync::{undo, Outbox, OutboxEntry, SyncStore};

use crate::app_error::AppError;
use crate::cache::meta::GLOBAL;
pub use crate::cache::meta::OUTBOX;
use crate::cache::{CacheError, IdbStore};
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::local_copy::LocalCopy;
use crate::notices::{Notices, Topic};
use crate::reply_sending::ReplySending;
use crate::sync_status::SyncStatus;
use crate::timer::sleep;
use crate::tr;
use crate::web_transport::Client;

/// How often a take-back looks whether the flush sending its reply has ended.
const IN_FLIGHT_WAIT: Duration = Duration::from_millis(50);

/// What became of a reply taken out of the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawal {
    /// It was still waiting: no attempt to send it was made, none will be.
    NeverSent,
    /// An attempt was made (it may have failed): what the server has decides.
    Attempted,
}

/// How long a change waits for the outbox to be read from a copy that is opening.
const READY_WAIT: Duration = Duration::from_millis(25);
const READY_TRIES: u32 = 200;

part_fn! {
    sync_pass,
    /// Reads the outbox kept in `store`: code in the sync driver's part (`code_parts`), which the
    /// first pass needs anyway; reading an entry is most of it.
    fn read_outbox(store: Rc<IdbStore>) -> Result<Later<Result<Option<Outbox>, CacheError>>, Unreachable> {
        Ok(Box::pin(async move { store.cache().meta::<Outbox>(GLOBAL, OUTBOX).await }))
    }
}

#[derive(Clone, Copy)]
pub struct PendingWrites {
    outbox: RwSignal<Outbox>,
    /// The outbox of the open copy was read (nothing is queued or sent before).
    ready: RwSignal<bool>,
    /// The Message-IDs of the replies the running flush carries.
    in_flight: StoredValue<Vec<String>>,
    /// When a flush is already set to run for a reply this device holds (ms since 1970).
    wake: StoredValue<Option<u64>>,
    copy: LocalCopy,
    sync: SyncStatus,
    notices: Notices,
}

impl PendingWrites {
    /// Creates the context: the outbox follows the copy (read when it opens, emptied when it
    /// closes: another identity, sign-out).
    pub fn provide(copy: LocalCopy, sync: SyncStatus, notices: Notices) -> Self {
        let pending = PendingWrites {
            outbox: RwSignal::new(Outbox::new()),
            ready: RwSignal::new(false),
            in_flight: StoredValue::new(Vec::new()),
            wake: StoredValue::new(None),
            copy,
            sync,
            notices,
        };
        provide_context(pending);
        Effect::new(move |_| {
            let store = copy.store();
            pending.ready.set(false);
            pending.outbox.set(Outbox::new());
            let Some(store) = store else { return };
            spawn_local(async move {
                // After the first rows: the code that reads it is fetched and compiled meanwhile.
                pending.sync.after_first_paint().await;
                let Ok(read) = read_outbox(store).await else {
                    // Not ready: a change queued now would replace the saved outbox unread.
                    return pending.notices.tell(Topic::LocalCopy, || tr!(errors.sync_unreachable));
                };
                match read.await {
                    Ok(saved) => {
                        let waiting = saved.as_ref().is_some_and(|o| !o.is_empty());
                        pending.outbox.try_set(saved.unwrap_or_default());
                        if waiting {
                            pending.sync.refresh_soon();
                        }
                    }
                    Err(e) => {
                        pending.notices.report_as(Topic::LocalCopy, &e.clone().into(), move || tr!(errors.outbox_unreadable, error = &e))
                    }
                }
                pending.ready.try_set(true);
            });
        });
        pending
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// The copy the outbox is kept in.
    pub fn copy(&self) -> LocalCopy {
        self.copy
    }

    /// How many of the agent's changes wait for the server (tracked; a status change with its
    /// activity record is one).
    pub fn waiting(&self) -> usize {
        self.outbox.with(Outbox::changes)
    }

    /// How many replies wait on this device to be handed to the server (tracked).
    pub fn sends_waiting(&self) -> usize {
        self.outbox.with(|o| o.sends().count())
    }

    /// Queues `entries` (in order): shown at once, sent when the server can be reached.
    pub async fn queue(self, entries: Vec<OutboxEntry>) -> Result<(), AppError> {
        let store = self.ready_store().await?;
        self.outbox.try_update(|o| o.push_change(entries.iter().cloned()));
        self.save(&store).await?;
        for entry in &entries {
            let batch = entry.optimistic_batch();
            if !batch.email_edits.is_empty() {
                store.apply(batch).await?;
            }
        }
        self.copy.changed();
        self.sync.refresh_soon();
        Ok(())
    }

    /// Takes the reply with `message_id` out of the outbox (and saves the outbox): it will not be
    /// sent again. A flush that is sending it at that moment is waited for, so that what the
    /// server has is settled when this returns: either no attempt was ever made, or the server's
    /// state is all there is to take back.
    pub async fn take_back_send(self, message_id: &str) -> Result<Withdrawal, AppError> {
        let store = self.ready_store().await?;
        let was_queued = self.outbox.try_update(|o| o.remove_send(message_id)).unwrap_or(false);
        if was_queued {
            self.save(&store).await?;
        }
        let carried = || self.in_flight.try_with_value(|ids| ids.iter().any(|id| id == message_id)).unwrap_or(false);
        if was_queued && !carried() {
            return Ok(Withdrawal::NeverSent);
        }
        while carried() {
            sleep(IN_FLIGHT_WAIT).await;
        }
        Ok(Withdrawal::Attempted)
    }

    /// Sends what is queued. Returns whether anything reached the server (or was refused). A
    /// refused write is undone in the copy and its sentence shown in the status area.
    pub async fn flush(self, store: &IdbStore, client: &Arc<Client>) -> bool {
        let Some(mut flushing) = self.outbox.try_get_untracked().filter(|o| !o.is_empty() && self.ready.get_untracked()) else {
            return false;
        };
        let up_to = flushing.last_seq();
        self.in_flight.set_value(flushing.sends().map(str::to_string).collect());
        let report = flushing.flush_with(client, js_sys::Date::now() as u64, &ReplySending(client.clone())).await;
        if let Some(at) = report.waiting_until {
            self.wake_at(at);
        }
        self.in_flight.try_set_value(Vec::new());
        self.outbox.try_update(|live| live.reconcile(&flushing, up_to));
        if let Err(e) = self.save(store).await {
            let said = e.clone();
            self.notices.report_as(Topic::LocalCopy, &e, move || tr!(errors.outbox_unsaved, error = &said));
        }
        for rollback in &report.rollbacks {
            if let Err(e) = undo(client, store, rollback).await {
                let e = AppError::from(e);
                self.notices.tell(Topic::Undo, move || tr!(errors.undo_failed, error = &e));
            }
            // Worded here, in the agent's language (core's `message` is the English of it).
            let (entry, why) = (rollback.entry.clone(), AppError::from(rollback.error.clone()));
            self.notices.tell(Topic::Refused, move || crate::words::undone(&entry, &why.to_string()));
        }
        let settled = !report.sent.is_empty() || !report.rollbacks.is_empty();
        if settled {
            self.copy.changed();
        }
        settled
    }

    /// Flushes again at `at` (ms since 1970), when the reply this device holds is due.
    fn wake_at(self, at: u64) {
        if self.wake.try_get_value() == Some(Some(at)) {
            return;
        }
        self.wake.set_value(Some(at));
        let sync = self.sync;
        spawn_local(async move {
            sleep(Duration::from_millis(at.saturating_sub(js_sys::Date::now() as u64))).await;
            sync.refresh_soon();
        });
    }

    /// The open store once its outbox was read.
    async fn ready_store(self) -> Result<std::rc::Rc<IdbStore>, AppError> {
        for _ in 0..READY_TRIES {
            if self.ready.try_get_untracked() == Some(true) {
                break;
            }
            sleep(READY_WAIT).await;
        }
        match self.copy.store_untracked() {
            Some(store) if self.ready.try_get_untracked() == Some(true) => Ok(store),
            _ => Err(AppError::NoCopy),
        }
    }

    async fn save(self, store: &IdbStore) -> Result<(), AppError> {
        let Some(outbox) = self.outbox.try_get_untracked() else { return Ok(()) };
        Ok(store.cache().set_meta(GLOBAL, OUTBOX, &outbox).await?)
    }
}
