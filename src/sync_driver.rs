//! Drives the sync engine (`tandem_core::sync`) for the open inbox: copies the shown mailbox into
//! the local copy (cold start, then the rest with progress), then keeps the copy current. After
//! a sign-in with the form the first screen is read by `cold_start` while the copy opens; the
//! driver waits for it and writes its page into the copy rather than asking again.
//!
//! Cyrus 3.6 offers no push, so this polls: one small request per tick (`Email/get` with no ids:
//! the account's state, ~130 bytes back), every 3 s while the tab is visible, one tick in ten
//! while hidden, never while offline, and at once on reconnect or after the agent changed
//! something. Only when the state moved does a delta sync run (one request per round of
//! changes). Pieces of the screen read from the server (the open conversation, the team
//! settings) record the state they were read at in [`ShownStates`]; when the server's differs,
//! `InboxRefresh` is bumped and they reload.
//!
//! Where the server pushes (`push_stream`), each push asks for a pass at once and the poll drops
//! to one tick in ten. Without a local copy (IndexedDB refused), the poll still runs and only
//! bumps the refresh.
//!
//! What fails reaches the agent in the status area (`notices`): a poll that failed until one
//! works, a copy that could not be completed or updated. The driver runs for as long as the inbox
//! page lives; a pass that ends after the page is gone (sign-out) touches only what outlives it.
//!
//! Dependencies run one way: the driver uses `local_copy`, `sync_status`, `pending_writes`,
//! `cold_start` and `push_stream`; none of them uses the driver (a write asks for a pass through `sync_status`).

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::changes::email_state;
use tandem_core::sync::{delta_sync, sync_mailbox_then, DeltaOutcome, FirstPage, Progress, SyncError, SyncOptions, SyncStore};

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::cache::IdbStore;
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::cold_start::ColdStart;
use crate::inbox_refresh::InboxRefresh;
use crate::local_copy::LocalCopy;
use crate::notices::{Notices, Topic};
use crate::pending_writes::PendingWrites;
use crate::perf_marks;
use crate::push_stream;
use crate::shown_states::ShownStates;
use crate::sync_status::{SyncStatus, FIRST_PAINT_GRACE};
use crate::timer::sleep;
use crate::tr;
use crate::web_transport::Client;

const TICK: Duration = Duration::from_secs(3);
/// While the tab is hidden, poll on one tick in this many.
const HIDDEN_EVERY: u32 = 10;

/// Keeps `mailbox` of `account` copied and current for as long as the calling component lives.
pub fn keep_in_sync(account: Memo<String>, mailbox: Memo<Option<String>>, shown: ShownStates) {
    push_stream::listen(account);
    let (auth, refresh) = (Auth::get(), InboxRefresh::get());
    let driver = Driver {
        copy: LocalCopy::get(),
        sync: SyncStatus::get(),
        pending: PendingWrites::get(),
        notices: Notices::get(),
        shown,
        refresh,
        cold: ColdStart::get(),
    };
    let started = js_sys::Date::now();
    let in_flight = Rc::new(Cell::new(false));
    let again = Rc::new(Cell::new(false));
    let ticks = Rc::new(Cell::new(0u32));
    let tick: Rc<dyn Fn(bool)> = Rc::new({
        let in_flight = in_flight.clone();
        move |now: bool| {
            let window = web_sys::window().expect("window");
            let hidden = window.document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            ticks.set(ticks.get().wrapping_add(1));
            // Hidden, or told of changes by push: one tick in ten is a safety net.
            let rarely = hidden || driver.sync.push_live.get_untracked();
            if !window.navigator().on_line() || (!now && rarely && !ticks.get().is_multiple_of(HIDDEN_EVERY)) {
                return;
            }
            if in_flight.get() {
                again.set(again.get() || now);
                return;
            }
            let Some(client) = auth.client.get_untracked() else { return };
            let (Some(account), Some(mailbox)) = (account.try_get_untracked(), mailbox.try_get_untracked()) else { return };
            if driver.waits(&account, started) {
                return;
            }
            in_flight.set(true);
            let (in_flight, again) = (in_flight.clone(), again.clone());
            spawn_local(async move {
                match pass(driver, client, account, mailbox).await {
                    Ok(pass) => pass.await,
                    Err(Unreachable) => driver.notices.tell(Topic::Background, || tr!(errors.sync_unreachable)),
                }
                in_flight.set(false);
                if again.replace(false) {
                    // The agent changed something while this ran: one more pass, right away.
                    driver.sync.refresh_soon();
                }
            });
        }
    });
    let every_tick = tick.clone();
    if let Ok(handle) = set_interval_with_handle(move || every_tick(false), TICK) {
        on_cleanup(move || handle.clear());
    }
    // Right away: when the copy opens, the mailbox changes, the agent changed something, or the
    // connection is back.
    let now = tick.clone();
    Effect::new(move |_| {
        driver.copy.track_store();
        mailbox.track();
        refresh.track();
        driver.sync.track_requests();
        driver.cold.track();
        driver.sync.first_paint.track();
        now(true);
    });
    // A list that never paints (a failed read) holds the first pass back no longer than this.
    let late = tick.clone();
    set_timeout(move || late(true), FIRST_PAINT_GRACE);
    let online = tick.clone();
    let handle = window_event_listener(leptos::ev::online, move |_| online(true));
    on_cleanup(move || handle.remove());
    let _ = in_flight;
}

part_fn! {
    sync_pass,
    preload = preload_sync_pass,
    /// A pass of the driver: its code (the sync engine, the outbox's flush, the copy's writes) is
    /// a part fetched once the first rows are on screen ([`preload`]). The first rows never wait
    /// for it: they come from the copy, or from the cold start after a sign-in.
    fn pass(driver: Driver, client: Arc<Client>, account: String, mailbox: Option<String>) -> Result<Later<()>, Unreachable> {
        // Background work: an agent's opening of a conversation while 100,000 emails are copied
        // goes ahead of the copying's slices.
        Ok(Box::pin(crate::timer::in_background(async move { driver.run_once(&client, &account, mailbox.as_deref()).await })))
    }
}

/// Fetches the driver's code (nothing happens if it is here): as soon as the first rows are on
/// screen, rather than at the first pass, which also waits for the copy to open; the full sync
/// of a sign-in starts that much sooner.
pub async fn preload() {
    let _ = preload_sync_pass().await;
}

/// What a pass works with: services that outlive the page, and the page's own (`shown`,
/// `refresh`), reached with the non-panicking accessors after an `await`.
#[derive(Clone, Copy)]
struct Driver {
    copy: LocalCopy,
    sync: SyncStatus,
    pending: PendingWrites,
    notices: Notices,
    shown: ShownStates,
    refresh: InboxRefresh,
    /// The first screen read right after a sign-in with the form, for the copy once it opened.
    cold: ColdStart,
}

impl Driver {
    /// A pass would come too early: the copy is opening, the cold start is reading the first
    /// screen (its page is for the copy), or the first rows are not on screen yet (for up to
    /// [`FIRST_PAINT_GRACE`] after `started`, ms since 1970): the pass's code, fetched and compiled
    /// at its first call, and its requests would compete with them.
    fn waits(self, account: &str, started: f64) -> bool {
        let painting = self.sync.first_paint.try_get_untracked() == Some(false)
            && js_sys::Date::now() - started < FIRST_PAINT_GRACE.as_millis() as f64;
        self.copy.opened.try_get_untracked() != Some(true) || self.cold.reading_untracked(account) || painting
    }

    async fn run_once(self, client: &Arc<Client>, account: &str, mailbox: Option<&str>) {
        let Driver { copy, sync, .. } = self;
        let Some(store) = copy.store_untracked() else {
            if let Some(server) = self.poll(client, account).await {
                self.reload_stale(&server);
            }
            return;
        };
        // The agent's queued writes first, so the delta sync below reads the server after them.
        if self.pending.flush(&store, client).await {
            self.refresh.bump();
        }
        let options = crate::cold_start::sync_options(client);
        let state = match store.sync_state(account).await {
            Ok(state) => state,
            Err(e) => return self.copy_failed(|e| tr!(errors.copy_unreadable, error = e), e.into()),
        };
        if let Some(mailbox) = mailbox {
            if !state.as_ref().is_some_and(|s| s.covers(mailbox)) {
                let mut on_progress = |p: Progress| {
                    sync.mark_listed(account, mailbox);
                    sync.progress.try_set(Some(p));
                    copy.changed();
                };
                sync.syncing.try_set(Some((account.to_string(), mailbox.to_string())));
                let result = copy_mailbox(client, &store, self, account, mailbox, &options, &mut on_progress).await;
                sync.syncing.try_set(None);
                sync.progress.try_set(None);
                copy.changed();
                match result {
                    Ok(_) => {
                        self.copy_works();
                        perf_marks::mark("tandem:full-sync-done", None);
                    }
                    Err(e) => self.copy_failed(|e| tr!(errors.copy_incomplete, error = e), e.into()),
                }
                return;
            }
            sync.mark_listed(account, mailbox);
        }
        // Nothing copied yet and no mailbox to copy (its id is still being read): wait for it.
        let Some(state) = state else { return };
        let Some(server) = self.poll(client, account).await else { return };
        if server != state.email {
            let mut on_progress = |p: Progress| {
                sync.progress.try_set(Some(p));
            };
            match delta_sync(client, store.as_ref(), account, &options, &mut on_progress).await {
                Ok(DeltaOutcome::Applied(counts)) if counts.is_empty() => self.copy_works(),
                Ok(_) => {
                    self.copy_works();
                    copy.changed();
                }
                Err(e) => self.copy_failed(|e| tr!(errors.copy_outdated, error = e), e.into()),
            }
            sync.progress.try_set(None);
        }
        self.reload_stale(&server);
    }

    /// The account's Email state on the server; a failure is said in the status area until a
    /// poll works again (a 401 goes back to sign-in).
    async fn poll(self, client: &Client, account: &str) -> Option<String> {
        match email_state(client, account).await {
            Ok(state) => {
                self.notices.clear(Topic::Poll);
                Some(state)
            }
            Err(e) => {
                let e = AppError::from(e);
                self.notices.report(Topic::Poll, &e);
                None
            }
        }
    }

    fn copy_works(self) {
        self.sync.set_failed(false);
        self.notices.clear(Topic::LocalCopy);
    }

    /// The copy could not be used: lists it lacks come from the server meanwhile; the agent reads
    /// why (`says`: what was being done, with the error); a closed database is opened again, a
    /// 401 goes back to sign-in.
    fn copy_failed(self, says: fn(&AppError) -> String, error: AppError) {
        self.sync.set_failed(true);
        let said = error.clone();
        self.notices.report_as(Topic::LocalCopy, &error, move || says(&said));
    }

    /// Pieces of the screen read at another state than `server` reload.
    fn reload_stale(self, server: &str) {
        if self.shown.stale(server) {
            // Reloads record the states they read; until then, don't bump again.
            self.shown.mark_all(server);
            self.refresh.bump();
        }
    }
}

/// Copies `mailbox` whole: a delta sync if the copy has it already, else its first page (one
/// request), then — once that page is on screen, so the agent sees mail before anything else is
/// asked of the server — the rest.
async fn copy_mailbox(
    client: &Client,
    store: &IdbStore,
    driver: Driver,
    account: &str,
    mailbox: &str,
    options: &SyncOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), SyncError> {
    // Between the cold start and the full sync: the first page is listed, and painted (for up
    // to a second) before the full sync's requests compete with it.
    let Driver { copy, sync, .. } = driver;
    let paint_first = async |_: &FirstPage| {
        sync.mark_listed(account, mailbox);
        copy.changed();
        for _ in 0..20 {
            if sync.first_paint.try_get_untracked() != Some(false) {
                break;
            }
            sleep(Duration::from_millis(50)).await;
        }
    };
    // Shown as soon as it is read: the list needs not wait for the copy to write it.
    let mut first_page_read = |first: &FirstPage| sync.first_page_read(account, mailbox, first.page.clone());
    let early = driver.cold.take(account, mailbox);
    sync_mailbox_then(client, store, account, mailbox, options, early, &mut first_page_read, paint_first, progress).await.map(|_| ())
}
