//! Keeps the inbox current with teammates' changes. Cyrus 3.6 offers no push, so this polls the
//! account's Email state — one small request per tick, every few seconds while the tab is visible,
//! rarely while hidden, never while offline — and bumps [`InboxRefresh`] when it moved.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::changes::email_state;

use crate::auth::Auth;
use crate::inbox_refresh::InboxRefresh;

const TICK: Duration = Duration::from_secs(3);
/// While the tab is hidden, poll on one tick in this many.
const HIDDEN_EVERY: u32 = 10;

/// Starts polling `account` for as long as the calling component lives. `shown` is the Email
/// state the views on screen were read at (set by the page when they load): a different state on
/// the server means something changed since.
pub fn poll_changes(account: Memo<String>, shown: RwSignal<Option<String>>) {
    let auth = Auth::get();
    let refresh = InboxRefresh::get();
    let in_flight = Rc::new(Cell::new(false));
    let ticks = Rc::new(Cell::new(0u32));
    let tick = move || {
        let window = web_sys::window().expect("window");
        let hidden = window.document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        ticks.set(ticks.get().wrapping_add(1));
        if in_flight.get() || !window.navigator().on_line() || (hidden && ticks.get() % HIDDEN_EVERY != 0) {
            return;
        }
        let (Some(client), polled) = (auth.client.get_untracked(), account.get_untracked()) else { return };
        in_flight.set(true);
        let in_flight = in_flight.clone();
        spawn_local(async move {
            if let Ok(state) = email_state(&client, &polled).await {
                if shown.get_untracked().is_some_and(|s| s != state) && polled == account.get_untracked() {
                    shown.set(Some(state));
                    refresh.bump();
                }
            }
            in_flight.set(false);
        });
    };
    if let Ok(handle) = set_interval_with_handle(tick, TICK) {
        on_cleanup(move || handle.clear());
    }
}
