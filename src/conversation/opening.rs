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

use crate::auth::Auth;
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::local_copy::LocalCopy;
use crate::web_transport::Client;

/// How long a reading begun by a press waits to be taken: a click that never came (the press
/// was the start of a drag, a scroll on a touch screen) leaves it to be dropped.
const TAKE_WITHIN_MS: f64 = 3_000.0;

/// The server's answer to a reading begun; `None` when it could not begin (its code could not
/// be fetched): the page asks itself.
pub type Reading = Shared<LocalBoxFuture<'static, Option<Result<Conversation, JmapError>>>>;

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
}

impl Opening {
    /// A new one, in the current owner's context.
    pub fn provide() -> Self {
        let opening = Opening { begun: StoredValue::new_local(None) };
        provide_context(opening);
        opening
    }

    /// The one in context, if any (a conversation shown outside the inbox page has none).
    pub fn get() -> Option<Self> {
        use_context()
    }

    /// The agent pressed the row of `thread` of `account`: its reading begins.
    pub fn begin(&self, account: &str, thread: &str) {
        let (Some(client), Some(store)) = (Auth::get().client.get_untracked(), LocalCopy::get().store_untracked()) else { return };
        let begun_already = self.begun.with_value(|b| b.as_ref().is_some_and(|b| b.account == account && b.thread == thread));
        if begun_already || store.recent_conversation(account, thread).is_some() {
            return;
        }
        let (for_account, for_thread) = (account.to_string(), thread.to_string());
        let reading = async move {
            match load_later(client, for_account, for_thread).await {
                Ok(answer) => Some(answer.await),
                Err(Unreachable) => None,
            }
        }
        .boxed_local()
        .shared();
        // Plain `spawn_local`, under no owner: the row pressed may be gone by the time the
        // answer comes (a request is aborted with the owner it was sent under).
        spawn_local(reading.clone().map(|_| ()));
        let at = js_sys::Date::now();
        self.begun.set_value(Some(Begun { account: account.to_string(), thread: thread.to_string(), at, reading }));
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
    /// Asks the server for the conversation: code in the conversation page's part.
    fn load_later(client: Arc<Client>, account: String, thread: String) -> Result<Later<Result<Conversation, JmapError>>, Unreachable> {
        Ok(Box::pin(async move { load_conversation(client.as_ref(), &account, &thread).await }))
    }
}
