//! Bounded prefetch: the conversations an agent is likely to open next — the top rows of the list
//! they are looking at, unread ones first (`tandem_core::read_ahead`) — are read in the background
//! and kept in the local copy, so opening one shows it at once (and offline). At most
//! [`AHEAD`] per list shown, one request at a time, each thread at most once per session, never
//! while offline. The reading ends with the page: cancelled, its request aborted, when the agent
//! signs out or leaves.

use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use tandem_core::conversation::load_conversation;
use tandem_core::read_ahead::to_read_ahead;
use tandem_core::thread_list::ThreadSummary;

use crate::auth::Auth;
use crate::cache::IdbStore;
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::local_copy::LocalCopy;
use crate::sync_status::SyncStatus;
use crate::tasks::spawn_owned;
use crate::web_transport::Client;

pub use tandem_core::read_ahead::AHEAD;

part_fn! {
    conversation_page,
    /// Reads `wanted` into the copy, those it does not hold yet: code in the conversation page's part
    /// (`lazy_pages`: fetched once the list is on screen; nothing is read ahead before it came).
    fn read_into_copy(
        client: Arc<Client>,
        store: Rc<IdbStore>,
        account: String,
        wanted: Vec<String>,
        done: StoredValue<HashSet<String>>,
    ) -> Result<Later<()>, Unreachable> {
        Ok(Box::pin(crate::timer::in_background(async move {
            for thread in wanted {
                done.try_update_value(|d| {
                    d.insert(thread.clone());
                });
                if matches!(store.conversation(&account, &thread).await, Ok(Some(_))) {
                    continue;
                }
                match load_conversation(client.as_ref(), &account, &thread).await {
                    Ok(conversation) => {
                        // Its records are made in a task of their own (see `load_conversation`).
                        crate::timer::yield_now().await;
                        let _ = store.keep_conversation(&account, &conversation).await;
                    }
                    Err(_) => break,
                }
            }
        })))
    }
}

/// Reads ahead for `rows` (newest first) of `account`, whenever they change.
pub fn read_ahead(account: Memo<String>, rows: RwSignal<Vec<ThreadSummary>>) {
    let (auth, copy, sync) = (Auth::get(), LocalCopy::get(), SyncStatus::get());
    let done = StoredValue::new(HashSet::<String>::new());
    let running = StoredValue::new(false);
    // The page's owner, not the effect's: a new list does not cancel a reading under way.
    let page = Owner::current();
    Effect::new(move |_| {
        let wanted = rows.with(|r| done.with_value(|d| to_read_ahead(r, |id| d.contains(id))));
        let (Some(client), Some(store)) = (auth.client.get_untracked(), copy.store_untracked()) else { return };
        let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
        if wanted.is_empty() || running.get_value() || !online {
            return;
        }
        running.set_value(true);
        let account = account.get_untracked();
        let read = async move {
            // The first rows are painted first: fetching the code came between them and their
            // frame at a sign-in.
            sync.after_first_paint().await;
            if let Ok(reading) = read_into_copy(client, store, account, wanted, done).await {
                reading.await;
            }
            running.try_set_value(false);
        };
        match &page {
            Some(owner) => owner.with(|| spawn_owned(read)),
            None => spawn_owned(read),
        }
    });
}
