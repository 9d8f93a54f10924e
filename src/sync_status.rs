//! How the sync of the open inbox stands, shared through context: what the driver is copying and
//! how far it got, which lists the copy has, whether the server pushes, whether the copy failed —
//! and the request for a pass now ([`SyncStatus::refresh_soon`]). The sync driver and the push
//! stream write it; lists, counts and the status area read it. It depends on no other service, so
//! whoever needs a pass (a queued write, a push) asks here without knowing the driver.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use tandem_core::sync::{Progress, SyncStore};
use tandem_core::thread_list::ThreadPage;

use crate::cache::IdbStore;
use crate::timer::sleep;

/// The longest work kept from competing with the first rows waits for them.
pub const FIRST_PAINT_GRACE: Duration = Duration::from_millis(1500);

#[derive(Clone, Copy)]
pub struct SyncStatus {
    /// Moved to ask the sync driver for a pass now.
    nudge: RwSignal<u64>,
    /// The open inbox's first list was shown: what can wait (team settings, counts) waits for it,
    /// so a cold start shows mail after as few requests as possible.
    pub first_paint: RwSignal<bool>,
    /// The (account, mailbox) the driver is copying (cold start and full sync), if any.
    pub syncing: RwSignal<Option<(String, String)>>,
    /// A full sync under way: threads copied so far, of how many.
    pub progress: RwSignal<Option<Progress>>,
    /// (account, mailbox) pairs whose lists the copy has (at least their first page).
    listed: RwSignal<BTreeSet<(String, String)>>,
    /// A cold start's first page of (account, mailbox), as read: the list shows it at once,
    /// before the copy has written it.
    first_page: RwSignal<Option<(String, String, ThreadPage)>>,
    /// The server's push stream is up (`push_stream`): the driver then polls rarely.
    pub push_live: RwSignal<bool>,
    /// The copy could not be completed or updated (why: in the status area's notices): lists it
    /// lacks are then read from the server.
    failed: RwSignal<bool>,
}

impl SyncStatus {
    pub fn provide() -> Self {
        let status = SyncStatus {
            nudge: RwSignal::new(0),
            first_paint: RwSignal::new(false),
            syncing: RwSignal::new(None),
            progress: RwSignal::new(None),
            listed: RwSignal::new(BTreeSet::new()),
            first_page: RwSignal::new(None),
            push_live: RwSignal::new(false),
            failed: RwSignal::new(false),
        };
        provide_context(status);
        status
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// Every field back to its start (another identity, or none: sign-out).
    pub fn reset(&self) {
        self.first_paint.set(false);
        self.syncing.set(None);
        self.progress.set(None);
        self.listed.set(BTreeSet::new());
        self.first_page.set(None);
        self.push_live.set(false);
        self.failed.set(false);
    }

    /// Asks the driver for another pass soon (after a write of the agent's, or a push).
    pub fn refresh_soon(&self) {
        self.nudge.try_update(|n| *n += 1);
    }

    /// Subscribes the driver to [`SyncStatus::refresh_soon`].
    pub fn track_requests(&self) {
        self.nudge.track();
    }

    /// Whether the copy has `mailbox`'s list of `account`: a sync copied it in this session, or a
    /// complete copy of it was there already.
    pub async fn lists(&self, store: &IdbStore, account: &str, mailbox: &str) -> bool {
        self.listed_here(account, mailbox) || self.holds_in_full(store, account, mailbox).await
    }

    /// Whether the copy holds `mailbox` of `account` in full (its sync state says a full sync
    /// covered it), read from the copy; if so, [`SyncStatus::lists`] answers from memory after.
    pub async fn holds_in_full(&self, store: &IdbStore, account: &str, mailbox: &str) -> bool {
        let held = store.sync_state(account).await.ok().flatten().is_some_and(|s| s.covers(mailbox));
        if held {
            self.mark_listed(account, mailbox);
        }
        held
    }

    /// Whether a sync of this session has copied `mailbox`'s list of `account` (what
    /// [`SyncStatus::lists`] knows without reading the copy; untracked: see `track_lists`).
    pub fn listed_here(&self, account: &str, mailbox: &str) -> bool {
        self.listed.try_with_untracked(|l| l.contains(&(account.to_string(), mailbox.to_string()))) == Some(true)
    }

    /// Subscribes the caller to what [`SyncStatus::lists`] answers.
    pub fn track_lists(&self) {
        self.listed.track();
    }

    pub fn mark_listed(&self, account: &str, mailbox: &str) {
        let key = (account.to_string(), mailbox.to_string());
        if self.listed.try_with_untracked(|l| !l.contains(&key)) == Some(true) {
            self.listed.try_update(|l| {
                l.insert(key);
            });
        }
    }

    /// Runs `then` once, when the first rows are first on screen, in a task of its own: for work
    /// that would compete with them (fetching parts of the code ahead). Together in the task
    /// that follows the paint, these held the main thread over 50 ms at a sign-in.
    pub fn once_painted(&self, then: impl FnOnce() + 'static) {
        let first_paint = self.first_paint;
        let mut then = Some(then);
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) || !first_paint.get() {
                return done == Some(true);
            }
            if let Some(then) = then.take() {
                leptos::task::spawn_local_scoped(async move {
                    crate::timer::yield_now().await;
                    then();
                });
            }
            true
        });
    }

    /// Returns once the first rows are on screen, or after [`FIRST_PAINT_GRACE`] at most (a list
    /// that never paints holds nothing back for ever): for work that would compete with them.
    pub async fn after_first_paint(&self) {
        let since = js_sys::Date::now();
        while self.first_paint.try_get_untracked() == Some(false) && js_sys::Date::now() - since < FIRST_PAINT_GRACE.as_millis() as f64 {
            sleep(Duration::from_millis(25)).await;
        }
    }

    /// A cold start read the first page of `mailbox`: shown until the copy lists it.
    pub fn first_page_read(&self, account: &str, mailbox: &str, page: ThreadPage) {
        self.first_page.try_set(Some((account.to_string(), mailbox.to_string(), page)));
    }

    /// The first page read of `mailbox` of `account`, if that is the one a cold start read
    /// (tracked).
    pub fn first_page_of(&self, account: &str, mailbox: &str) -> Option<ThreadPage> {
        self.first_page.with(|f| f.as_ref().filter(|(a, m, _)| a == account && m == mailbox).map(|(_, _, page)| page.clone()))
    }

    /// Whether the driver is copying a list other than `mailbox` of `account` (tracked).
    pub fn copying_other_than(&self, account: &str, mailbox: Option<&str>) -> bool {
        self.syncing.with(|s| s.as_ref().is_some_and(|(a, m)| Some(m.as_str()) != mailbox || a != account))
    }

    /// Whether the copy failed to complete or update (tracked).
    pub fn failed(&self) -> bool {
        self.failed.get()
    }

    pub fn set_failed(&self, failed: bool) {
        if self.failed.try_get_untracked() != Some(failed) {
            self.failed.try_set(failed);
        }
    }
}
