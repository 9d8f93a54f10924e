//! The customer's history beside a conversation: their other conversations with the team, from
//! the local copy (the inbox's search index, `inbox::search`, looked up by their address; read
//! into memory once the page's first conversation has painted) and completed by the server's
//! search of their address a moment later.

use std::time::Duration;

use leptos::prelude::*;
use tandem_core::search::{customer_of, customer_query, customers_only, merge_hits, search_server, Customer};
use tandem_core::thread_list::ThreadSummary;

use crate::auth::Auth;
use crate::connection::Connection;
use crate::conversation::shown::ShownConversation;
use crate::inbox::mailboxes::Mailboxes;
use crate::inbox::search::Search;
use crate::tasks::spawn_owned;
use crate::team_context::TeamContext;
use crate::timer::{after_next_paint, sleep, PAINT_AT_MOST};

/// Conversations of the customer the copy and the server are asked for.
const SHOWN: usize = 20;

#[derive(Clone, Copy)]
pub struct CustomerHistory {
    pub customer: Memo<Option<Customer>>,
    /// Their other conversations, newest first.
    pub rows: Signal<Vec<ThreadSummary>>,
}

impl CustomerHistory {
    pub fn load(account: Memo<String>, shown: ShownConversation) -> Self {
        let team = TeamContext::get();
        let thread = Memo::new(move |_| shown.with(|c| c.map(|c| c.thread_id.clone())));
        let customer = Memo::new(move |_| {
            let address = team.settings.with(|s| s.replies.address.clone());
            shown.with(|c| c.and_then(|c| customer_of(c, &address)))
        });
        // The inbox's rows are read into memory once the first conversation shown has painted:
        // at 100,000 threads that reading is seconds of work in slices, which the opening
        // would otherwise share its frames with.
        let painted = RwSignal::new(false);
        Effect::new(move |_| {
            if customer.with(Option::is_some) && !painted.get_untracked() {
                spawn_owned(async move {
                    after_next_paint(PAINT_AT_MOST).await;
                    painted.try_set(true);
                });
            }
        });
        let index = use_context::<Search>().map(|s| s.want_index(painted.into()));
        let local = Memo::new(move |_| {
            let (Some(customer), Some(index)) = (customer.get(), index.and_then(|i| i.get())) else { return Vec::new() };
            index.from_sender(&customer.address, SHOWN)
        });
        let server = from_server(account, customer);
        let rows = Signal::derive(move || {
            let (Some(customer), open) = (customer.get(), thread.get()) else { return Vec::new() };
            customers_only(server.with(|s| local.with(|l| merge_hits(l, s))), &customer.address, open.as_deref())
        });
        CustomerHistory { customer, rows }
    }
}

/// The server's search of the customer's address, once per customer (not on every refresh of
/// the conversation), a moment after it opens; nothing offline.
fn from_server(account: Memo<String>, customer: Memo<Option<Customer>>) -> RwSignal<Vec<ThreadSummary>> {
    let (auth, online) = (Auth::get(), Connection::get().online());
    let inbox = use_context::<Mailboxes>().map(|m| m.inbox);
    let rows = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        rows.set(Vec::new());
        let (Some(customer), Some(client), Some(inbox)) = (customer.get(), auth.client(), inbox.and_then(|i| i.get())) else { return };
        if !online.get() {
            return;
        }
        let account = account.get_untracked();
        spawn_owned(async move {
            // Reading the conversation comes first.
            sleep(Duration::from_millis(300)).await;
            match search_server(&client, &account, &inbox, &customer_query(&customer.address), SHOWN as u64).await {
                Ok(page) => {
                    rows.try_set(page.threads);
                }
                Err(e) => leptos::logging::warn!("The customer's history could not be read from the server: {e}"),
            }
        });
    });
    rows
}
