//! A version number the inbox views reload on: bumped after the agent changes something, so the
//! thread list and the open conversation show the server's new state.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct InboxRefresh(RwSignal<u64>);

impl InboxRefresh {
    pub fn provide() -> Self {
        let refresh = InboxRefresh(RwSignal::new(0));
        provide_context(refresh);
        refresh
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// Subscribes the calling resource or effect.
    pub fn track(&self) {
        self.0.track();
    }

    /// Asks every view of the inbox to reload; nothing once the page is gone (a task ending
    /// after sign-out).
    pub fn bump(&self) {
        self.0.try_update(|v| *v += 1);
    }
}
