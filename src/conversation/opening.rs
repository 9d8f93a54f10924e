//! A conversation's reading begins when the agent presses its row, before the click that opens
//! it: a person's click ends ~50–100 ms after the press, and the router's navigation and the
//! conversation page's build came before the page's own request. The page takes the reading
//! begun ([`Opening::take`]) instead of asking again; one not taken soon is dropped. One reading
//! at a time; none for a conversation the copy shows at once (read ahead, or opened lately).

use std::sync::Arc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::conversation::{load_conversation, Conversation};
use tandem_core::JmapError;
use web_sys::MouseEvent;

use crate::auth::Auth;
use crate::code_parts::{part_fn, Unreachable};
use crate::components::thread_row::row_of_link;
use crate::local_copy::LocalCopy;
use crate::sync_status::SyncStatus;
use crate::web_transport::Client;

/// How long a reading begun by a press waits to be taken: a click that never came (the press
/// was the start of a drag, a scroll on a touch screen) leaves it to be dropped.
const TAKE_WITHIN_MS: f64 = 3_000.0;

/// The server's answer to a reading begun.
pub type Reading = Shared<LocalBoxFuture<'static, Result<Conversation, JmapError>>>;

struct Begun {
    account: String,
    thread: String,
    at: f64,
    reading: Reading,
}

/// The reading begun by the last press, in the inbox page's context.
#[derive(Clone, Copy)]
pub struct Opening {
    begun: StoredValue<Option<Begun>, LocalStorage>,
    auth: Auth,
    copy: LocalCopy,
}

impl Opening {
    /// A new one, in the current owner's context.
    pub fn provide() -> Self {
        // The services read now: a press's handler runs outside any owner's context.
        let opening = Opening { begun: StoredValue::new_local(None), auth: Auth::get(), copy: LocalCopy::get() };
        provide_context(opening);
        // Each function of a part has its own loader, which answers only after a round to the
        // page's script the first time, even once the part is here: made ready after the first
        // rows, so that a press's poll finds it so.
        let sync = SyncStatus::get();
        spawn_local(async move {
            sync.after_first_paint().await;
            let _ = preload_begin_reading().await;
        });
        opening
    }

    /// The one in context, if any (a conversation shown outside the inbox page has none).
    pub fn get() -> Option<Self> {
        use_context()
    }

    /// A press in the list of `account`: on a row's link, with the main button and no key that
    /// opens it elsewhere, that conversation's reading begins (its click follows).
    pub fn pressed(&self, account: &str, press: &MouseEvent) {
        if press.button() != 0 || press.ctrl_key() || press.meta_key() || press.shift_key() || press.alt_key() {
            return;
        }
        if let Some(thread) = row_of_link(press).and_then(|r| r.get_attribute("data-thread-id")) {
            self.begin(account, &thread);
        }
    }

    /// The agent pressed the row of `thread` of `account`: its reading begins.
    fn begin(&self, account: &str, thread: &str) {
        let (Some(client), Some(store)) = (self.auth.client.try_get_untracked().flatten(), self.copy.store_untracked()) else { return };
        let begun_already =
            self.begun.try_with_value(|b| b.as_ref().is_some_and(|b| b.account == account && b.thread == thread)) != Some(false);
        if begun_already || store.recent_conversation(account, thread).is_some() {
            return;
        }
        // Its code is the conversation page's, fetched once the list is on screen: polled once,
        // it sends at once when that code is here, and a press before begins nothing (a reading
        // begun after the click's would be a second request).
        let Some(Ok(reading)) = begin_reading(client, account.to_string(), thread.to_string()).now_or_never() else { return };
        let at = js_sys::Date::now();
        self.begun.try_set_value(Some(Begun { account: account.to_string(), thread: thread.to_string(), at, reading }));
    }

    /// The reading of `thread` of `account` begun by a press not long ago, if there was one:
    /// taken once.
    pub fn take(&self, account: &str, thread: &str) -> Option<Reading> {
        let begun = self.begun.try_update_value(Option::take).flatten()?;
        let fresh = js_sys::Date::now() - begun.at < TAKE_WITHIN_MS;
        (fresh && begun.account == account && begun.thread == thread).then_some(begun.reading)
    }
}

part_fn! {
    conversation_page,
    preload = preload_begin_reading,
    /// Sends the conversation's request, and keeps it going (under no owner: the row pressed may
    /// be gone by the time the answer comes, and a request is aborted with the owner it was sent
    /// under) until its answer, for whoever takes it.
    fn begin_reading(client: Arc<Client>, account: String, thread: String) -> Result<Reading, Unreachable> {
        let reading = async move { load_conversation(client.as_ref(), &account, &thread).await }.boxed_local().shared();
        spawn_local(reading.clone().map(|_| ()));
        Ok(reading)
    }
}
