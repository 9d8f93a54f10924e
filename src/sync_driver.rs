//! Drives the sync engine (`tandem_core::sync`) for the open inbox: copies the shown mailbox into
//! the local copy (cold start, then the rest with progress), then keeps the copy current.
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

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::changes::email_state;
use tandem_core::sync::{delta_sync, sync_mailbox_then, DeltaOutcome, FirstPage, Progress, SyncError, SyncOptions, SyncStore};

use crate::auth::{Auth, Client};
use crate::cache::IdbStore;
use crate::inbox_refresh::InboxRefresh;
use crate::local_copy::LocalCopy;
use crate::pending_writes;
use crate::perf_marks;
use crate::push_stream;
use crate::shown_states::ShownStates;
use crate::timer::sleep;

const TICK: Duration = Duration::from_secs(3);
/// While the tab is hidden, poll on one tick in this many.
const HIDDEN_EVERY: u32 = 10;

/// Keeps `mailbox` of `account` copied and current for as long as the calling component lives.
pub fn keep_in_sync(account: Memo<String>, mailbox: Memo<Option<String>>, shown: ShownStates) {
    push_stream::listen(account);
    let (auth, copy, refresh) = (Auth::get(), LocalCopy::get(), InboxRefresh::get());
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
            let rarely = hidden || copy.push_live.get_untracked();
            if !window.navigator().on_line() || (!now && rarely && !ticks.get().is_multiple_of(HIDDEN_EVERY)) {
                return;
            }
            if in_flight.get() {
                again.set(again.get() || now);
                return;
            }
            let Some(client) = auth.client.get_untracked() else { return };
            let (account, mailbox) = (account.get_untracked(), mailbox.get_untracked());
            in_flight.set(true);
            let (in_flight, again) = (in_flight.clone(), again.clone());
            spawn_local(async move {
                run_once(&client, copy, &account, mailbox.as_deref(), shown, refresh).await;
                in_flight.set(false);
                if again.replace(false) {
                    // The agent changed something while this ran: one more pass, right away.
                    refresh_soon(copy);
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
        copy.store.track();
        mailbox.track();
        refresh.track();
        copy.nudge.track();
        now(true);
    });
    let online = tick.clone();
    let handle = window_event_listener(leptos::ev::online, move |_| online(true));
    on_cleanup(move || handle.remove());
    let _ = in_flight;
}

/// Asks the driver for another pass soon (after a write of the agent's).
pub fn refresh_soon(copy: LocalCopy) {
    copy.nudge.update(|n| *n += 1);
}

async fn run_once(client: &Client, copy: LocalCopy, account: &str, mailbox: Option<&str>, shown: ShownStates, refresh: InboxRefresh) {
    if !copy.opened.get_untracked() {
        return; // the copy is opening: the first pass comes when it has
    }
    let Some(store) = copy.store.get_untracked() else {
        if let Ok(server) = email_state(client, account).await {
            reload_stale(shown, refresh, &server);
        }
        return;
    };
    // The agent's queued writes first, so the delta sync below reads the server after them.
    if pending_writes::flush(copy, &store, client).await {
        refresh.bump();
    }
    let options = SyncOptions::for_limits(client.limits());
    let state = match store.sync_state(account).await {
        Ok(state) => state,
        Err(e) => return copy.problem.set(Some(e.to_string())),
    };
    if let Some(mailbox) = mailbox {
        if !state.as_ref().is_some_and(|s| s.covers(mailbox)) {
            let mut on_progress = |p: Progress| {
                copy.mark_listed(account, mailbox);
                copy.progress.set(Some(p));
                copy.changed();
            };
            copy.syncing.set(Some((account.to_string(), mailbox.to_string())));
            let result = copy_mailbox(client, &store, copy, account, mailbox, &options, &mut on_progress).await;
            copy.syncing.set(None);
            copy.progress.set(None);
            copy.changed();
            match result {
                Ok(_) => {
                    copy.problem.set(None);
                    perf_marks::mark("tandem:full-sync-done", None);
                }
                Err(e) => copy.problem.set(Some(format!("The local copy could not be completed: {e}"))),
            }
            return;
        }
        copy.mark_listed(account, mailbox);
    }
    // Nothing copied yet and no mailbox to copy (its id is still being read): wait for it.
    let Some(state) = state else { return };
    let Ok(server) = email_state(client, account).await else { return };
    if server != state.email {
        let mut on_progress = |p: Progress| copy.progress.set(Some(p));
        match delta_sync(client, store.as_ref(), account, &options, &mut on_progress).await {
            Ok(DeltaOutcome::Applied(counts)) if counts.is_empty() => {}
            Ok(_) => copy.changed(),
            Err(e) => copy.problem.set(Some(format!("Could not bring the local copy up to date: {e}"))),
        }
        copy.progress.set(None);
    }
    reload_stale(shown, refresh, &server);
}

/// Copies `mailbox` whole: a delta sync if the copy has it already, else its first page (one
/// request), then — once that page is on screen, so the agent sees mail before anything else is
/// asked of the server — the rest.
async fn copy_mailbox(
    client: &Client,
    store: &IdbStore,
    copy: LocalCopy,
    account: &str,
    mailbox: &str,
    options: &SyncOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), SyncError> {
    // Between the cold start and the full sync: the first page is listed, and painted (for up
    // to a second) before the full sync's requests compete with it.
    let paint_first = async |_: &FirstPage| {
        copy.mark_listed(account, mailbox);
        copy.changed();
        for _ in 0..20 {
            if copy.first_paint.get_untracked() {
                break;
            }
            sleep(Duration::from_millis(50)).await;
        }
    };
    sync_mailbox_then(client, store, account, mailbox, options, paint_first, progress).await.map(|_| ())
}

/// Pieces of the screen read at another state than `server` reload.
fn reload_stale(shown: ShownStates, refresh: InboxRefresh, server: &str) {
    if shown.stale(server) {
        // Reloads record the states they read; until then, don't bump again.
        shown.mark_all(server);
        refresh.bump();
    }
}
