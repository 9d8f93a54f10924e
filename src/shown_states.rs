//! What the screen shows that was read straight from the server (the open conversation, the team
//! settings), and at which Email state: `sync_driver` compares the server's state with these and
//! bumps `InboxRefresh` when one is stale. Safe to call once the page is gone (a pass of the
//! driver that ends after sign-out): then nothing happens.

use leptos::prelude::*;

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
        self.0.try_update(|m| {
            m.insert(piece, state.to_string());
        });
    }

    /// `piece` left the screen.
    pub fn forget(&self, piece: &'static str) {
        self.0.try_update_untracked(|m| {
            m.remove(piece);
        });
    }

    /// Whether anything on screen was read at another state than `server`.
    pub(crate) fn stale(&self, server: &str) -> bool {
        self.0.try_with_untracked(|m| m.values().any(|s| s != server)).unwrap_or(false)
    }

    pub(crate) fn mark_all(&self, server: &str) {
        self.0.try_update_untracked(|m| m.values_mut().for_each(|s| *s = server.to_string()));
    }
}
