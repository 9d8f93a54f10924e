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

/// The Email state each piece of data on screen was read at (the thread list, the team settings,
/// …), recorded by whoever loads it. If the server's state differs from any of them, that piece
/// may be stale. Pieces load at different moments, so one state for all would miss changes.
#[derive(Clone, Copy)]
pub struct ShownStates(RwSignal<std::collections::BTreeMap<&'static str, String>>);

impl ShownStates {
    pub fn provide() -> Self {
        let s = ShownStates(RwSignal::new(Default::default()));
        provide_context(s);
        s
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// `piece` was (re)loaded from the server at Email state `state`.
    pub fn loaded(&self, piece: &'static str, state: &str) {
        self.0.update(|m| {
            m.insert(piece, state.to_string());
        });
    }

    /// `piece` left the screen.
    pub fn forget(&self, piece: &'static str) {
        self.0.update_untracked(|m| {
            m.remove(piece);
        });
    }

    /// Whether anything on screen was read at another state than `server`.
    fn stale(&self, server: &str) -> bool {
        self.0.with_untracked(|m| m.values().any(|s| s != server))
    }

    fn mark_all(&self, server: &str) {
        self.0.update_untracked(|m| m.values_mut().for_each(|s| *s = server.to_string()));
    }
}

/// Starts polling `account` for as long as the calling component lives.
pub fn poll_changes(account: Memo<String>, shown: ShownStates) {
    let auth = Auth::get();
    let refresh = InboxRefresh::get();
    let in_flight = Rc::new(Cell::new(false));
    let ticks = Rc::new(Cell::new(0u32));
    let tick = move || {
        let window = web_sys::window().expect("window");
        let hidden = window.document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        ticks.set(ticks.get().wrapping_add(1));
        if in_flight.get() || !window.navigator().on_line() || (hidden && !ticks.get().is_multiple_of(HIDDEN_EVERY)) {
            return;
        }
        let (Some(client), polled) = (auth.client.get_untracked(), account.get_untracked()) else { return };
        in_flight.set(true);
        let in_flight = in_flight.clone();
        spawn_local(async move {
            if let Ok(state) = email_state(&client, &polled).await {
                if shown.stale(&state) && polled == account.get_untracked() {
                    // Reloads record the states they read; until then, don't bump again.
                    shown.mark_all(&state);
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
