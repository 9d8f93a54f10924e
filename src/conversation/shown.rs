//! The open conversation, one source of truth: what the screen shows for the thread in the route.
//! The copy kept from its last reading shows at once (offline too); the server's answer replaces it
//! as soon as it comes, and is kept in the copy for next time; a change of the agent's that the
//! server does not have yet (a queued one, a reply being sent) is applied on top, until the
//! server's next answer. One signal rather than a `<Suspense>` over the server's answer: the
//! copy's version is shown before (and without) that answer.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::conversation::{load_conversation, Conversation};
use tandem_core::sync::route::ListSource;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::conversation::opening::Opening;
use crate::inbox_refresh::InboxRefresh;
use crate::local_copy::LocalCopy;
use crate::perf_marks;
use crate::shown_states::ShownStates;

/// What the conversation pane says besides the conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum ConversationStatus {
    Loading,
    /// Nothing to show: the server's answer failed and the copy has none.
    Failed(AppError),
    /// The copy is shown: the server's answer failed.
    Stale(AppError),
    Shown,
}

#[derive(Clone, Copy)]
pub struct ShownConversation {
    shown: RwSignal<Option<Conversation>>,
    failed: Signal<Option<AppError>>,
}

impl ShownConversation {
    /// Shows `thread` of `account`, for as long as the calling component lives.
    pub fn load(account: Memo<String>, thread: Memo<String>) -> Self {
        let (auth, refresh, copy, states) = (Auth::get(), InboxRefresh::get(), LocalCopy::get(), ShownStates::get());
        let shown = RwSignal::new(None::<Conversation>);
        let opening = Opening::get();
        let server = LocalResource::new(move || {
            refresh.track();
            let (client, account, thread) = (auth.client(), account.get(), thread.get());
            // Begun when the agent pressed the row; asked again if that failed.
            let begun = opening.and_then(|o| o.take(&account, &thread));
            async move {
                if let Some(begun) = begun {
                    if let Ok(c) = begun.await {
                        return Ok(Some(c));
                    }
                }
                match client {
                    Some(c) => load_conversation(&c, &account, &thread).await.map(Some).map_err(AppError::from),
                    None => Ok(None),
                }
            }
        });
        let is_open = move |c: &Conversation| thread.with_untracked(|t| *t == c.thread_id);
        // Another thread: its copy, in this very frame when read ahead or opened lately, else
        // read from the copy (unless the server answered first).
        Effect::new(move |_| {
            let (account, thread_id) = (account.get(), thread.get());
            let store = copy.store();
            if shown.with_untracked(|c| c.as_ref().is_some_and(is_open)) {
                return;
            }
            let recent = store.as_ref().and_then(|s| s.recent_conversation(&account, &thread_id));
            if recent.is_some() {
                perf_marks::mark("tandem:thread-painted", Some(ListSource::Copy.mark_detail()));
            }
            shown.set(recent);
            let Some(store) = store.filter(|_| shown.with_untracked(Option::is_none)) else { return };
            spawn_local(async move {
                if let Ok(Some(c)) = store.conversation(&account, &thread_id).await {
                    if shown.try_with_untracked(|s| s.is_none()) == Some(true)
                        && thread.try_with_untracked(|t| *t == c.thread_id) == Some(true)
                    {
                        perf_marks::mark("tandem:thread-painted", Some(ListSource::Copy.mark_detail()));
                        shown.try_set(Some(c));
                    }
                }
            });
        });
        // The server's answer replaces what is shown...
        Effect::new(move |_| {
            let Some(Ok(Some(c))) = server.get() else { return };
            if !is_open(&c) {
                return; // the previous thread's, come late
            }
            states.loaded("conversation", &c.email_state);
            perf_marks::mark("tandem:thread-painted", Some(ListSource::Server.mark_detail()));
            shown.set(Some(c));
        });
        // ...and is kept for next time (offline too), as soon as the copy is open: an answer that
        // came first is kept when it opens.
        Effect::new(move |_| {
            let (Some(Ok(Some(c))), Some(store)) = (server.get(), copy.store()) else { return };
            if is_open(&c) {
                let account = account.get_untracked();
                spawn_local(async move {
                    let _ = store.keep_conversation(&account, &c).await;
                });
            }
        });
        on_cleanup(move || states.forget("conversation"));
        let failed = Signal::derive(move || server.get().and_then(Result::err));
        ShownConversation { shown, failed }
    }

    /// The conversation shown, if any (tracked).
    pub fn get(&self) -> Option<Conversation> {
        self.shown.get()
    }

    pub fn get_untracked(&self) -> Option<Conversation> {
        self.shown.try_get_untracked().flatten()
    }

    /// Reads the conversation shown (tracked).
    pub fn with<T>(&self, f: impl FnOnce(Option<&Conversation>) -> T) -> T {
        self.shown.with(|c| f(c.as_ref()))
    }

    /// Applies a change of the agent's the server does not have yet (until its next answer).
    /// Nothing once the page is gone.
    pub fn patch(&self, change: impl FnOnce(&mut Conversation)) {
        self.shown.try_update(|c| {
            if let Some(c) = c {
                change(c);
            }
        });
    }

    /// What the pane says besides the conversation (tracked).
    pub fn status(&self) -> ConversationStatus {
        match (self.failed.get(), self.shown.with(Option::is_some)) {
            (Some(e), true) => ConversationStatus::Stale(e),
            (Some(e), false) => ConversationStatus::Failed(e),
            (None, true) => ConversationStatus::Shown,
            (None, false) => ConversationStatus::Loading,
        }
    }
}
