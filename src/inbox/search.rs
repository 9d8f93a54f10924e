//! Searching the team inbox (`core::search`): what the agent types in the list pane's search box,
//! kept in the address as `?q=` (a reload, Back and a shared link keep it). The local copy is
//! searched at once, on every keystroke, through an index of its rows held in memory (read from
//! the copy when the agent first searches, read again when the copy changes); the server is asked
//! a moment after typing stops, for message bodies and threads the copy does not hold, and its
//! hits join the copy's. A query that cannot be read says why (`QueryHint`), never an empty list
//! without a reason. Reading the copy into the index and asking the server are code in a part
//! (`code_parts`), fetched at the first search.

use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use tandem_core::search::{
    merge_hits, parse, remember, resolve, search_server, QueryHint, ResolvedQuery, SearchIndex, MAX_CHARS, MAX_TERMS,
};
use tandem_core::thread_list::{ThreadPage, ThreadSummary};
use tandem_core::JmapError;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::cache::meta::{GLOBAL, RECENT_SEARCHES};
use crate::cache::{CacheError, IdbStore};
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::components::search_box::SearchLine;
use crate::components::thread_list::query_suffix;
use crate::components::thread_row::row_of_link;
use crate::connection::Connection;
use crate::inbox::mailboxes::Mailboxes;
use crate::inbox::route::InboxRoute;
use crate::intl;
use crate::local_copy::LocalCopy;
use crate::perf_marks;
use crate::tasks::spawn_owned;
use crate::team_context::TeamContext;
use crate::timer::{in_background, sleep, yield_if_spent};
use crate::tr;
use crate::web_transport::Client;

/// Rows shown from the copy's hits (the count says how many there are in all).
const SHOWN_HITS: usize = 200;
/// Threads asked of the server per search.
const SERVER_HITS: u64 = 50;
/// How long typing must stop before the server is asked.
const SERVER_DELAY: Duration = Duration::from_millis(350);
/// The least time between two readings of the copy into the index (it changes often while a
/// full sync runs).
const REINDEX_EVERY: Duration = Duration::from_secs(3);

/// How the server's part of a search stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerPart {
    /// No search, or one the server is not asked (a query that cannot be read).
    Idle,
    Searching,
    Found(usize),
    /// Offline: only what this device holds is searched.
    Offline,
    Failed(AppError),
    /// The search's code could not be fetched.
    Unreachable,
}

/// The search of the inbox page, in context for its list pane.
#[derive(Clone, Copy)]
pub struct Search {
    /// What the agent typed.
    pub text: RwSignal<String>,
    /// Whether a search is on (the list pane shows its results instead of the list).
    pub active: Memo<bool>,
    /// Why the query cannot be read, in a sentence (in the agent's language).
    pub hint: Signal<Option<String>>,
    /// The results, newest first.
    pub rows: Signal<Vec<ThreadSummary>>,
    /// How many threads match in all (the copy's count, plus the server's that it lacks).
    pub total: Signal<usize>,
    /// The local copy is being read for the first search.
    pub indexing: Signal<bool>,
    pub server: RwSignal<ServerPart>,
    /// The agent's recent searches, newest first.
    pub recent: RwSignal<Vec<String>>,
    /// The copy's rows in memory, while a search is on or a screen wants them ([`Search::want_index`]).
    index: RwSignal<Option<Rc<SearchIndex>>, LocalStorage>,
    /// How many screens want the index besides the search (the customer's history).
    wanted: RwSignal<u32>,
}

impl Search {
    pub fn new(route: InboxRoute, mailboxes: Mailboxes, team: TeamContext) -> Self {
        let text = query_in_address();
        let active = Memo::new(move |_| !text.read().trim().is_empty());
        let parsed: Memo<Option<Result<ResolvedQuery, QueryHint>>> = Memo::new(move |_| {
            let text = text.get();
            let me = team.me.get();
            team.settings.with(|settings| (!text.trim().is_empty()).then(|| parse(&text).and_then(|q| resolve(&q, settings, &me))))
        });
        let hint = Signal::derive(move || parsed.with(|p| p.as_ref().and_then(|r| r.as_ref().err()).map(hint_sentence)));
        let query = Memo::new(move |_| parsed.get().and_then(Result::ok).filter(|q| !q.is_empty()));
        let wanted = RwSignal::new(0u32);
        let (index, indexing) = keep_index(route, mailboxes, active.into(), Signal::derive(move || wanted.get() > 0));
        let local = Memo::new(move |_| {
            let query = query.get()?;
            let index = index.get()?;
            query.copy_can_answer().then(|| index.search(&query, SHOWN_HITS))
        });
        // For the benchmark: the copy's hits of what the box holds (or why it cannot be read) are
        // computed, and show in the next frame.
        Effect::new(move |_| {
            if local.with(Option::is_some) || hint.with(Option::is_some) {
                perf_marks::mark("tandem:search-rows", Some(&text.get_untracked()));
            }
        });
        let (server, server_rows) = ask_server(route, mailboxes, query);
        let rows = Memo::new(move |_| {
            let local = local.with(|l| l.as_ref().map(|h| h.rows.clone()).unwrap_or_default());
            server_rows.with(|s| merge_hits(&local, s))
        });
        let total = Signal::derive(move || {
            let extra = rows.with(Vec::len).saturating_sub(local.with(|l| l.as_ref().map_or(0, |h| h.rows.len())));
            local.with(|l| l.as_ref().map_or(0, |h| h.total)) + extra
        });
        let search = Search {
            text,
            active,
            hint,
            rows: rows.into(),
            total,
            indexing: Signal::derive(move || indexing.get() && query.with(Option::is_some)),
            server,
            recent: RwSignal::new(Vec::new()),
            index,
            wanted,
        };
        search.load_recent();
        provide_context(search);
        search
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// The copy's rows in memory (tracked), read while `when` is true for the current owner (a
    /// screen) and kept while it lives.
    pub fn want_index(&self, when: Signal<bool>) -> Signal<Option<Rc<SearchIndex>>, LocalStorage> {
        let wanted = self.wanted;
        let counted = Arc::new(AtomicBool::new(false));
        let counting = counted.clone();
        Effect::new(move |_| {
            let now = when.get();
            if counting.swap(now, Ordering::Relaxed) != now {
                wanted.update(|n| *n = if now { *n + 1 } else { n.saturating_sub(1) });
            }
        });
        on_cleanup(move || {
            if counted.swap(false, Ordering::Relaxed) {
                wanted.try_update(|n| *n = n.saturating_sub(1));
            }
        });
        self.index.into()
    }

    /// What the status line under the header says: why the query cannot be read, else a failure,
    /// else what is still being searched, else that nothing matched.
    pub fn line(&self) -> Signal<Option<SearchLine>> {
        let search = *self;
        Signal::derive(move || {
            if !search.active.get() {
                return None;
            }
            if let Some(hint) = search.hint.get() {
                return Some(SearchLine::Hint(hint));
            }
            let empty = search.rows.with(Vec::is_empty);
            match search.server.get() {
                ServerPart::Failed(e) => Some(SearchLine::Failed(e)),
                ServerPart::Unreachable => Some(SearchLine::Unreachable),
                _ if search.indexing.get() && empty => Some(SearchLine::Indexing),
                ServerPart::Searching => Some(SearchLine::Searching),
                ServerPart::Offline => Some(SearchLine::Offline),
                _ if empty => Some(SearchLine::NoMatch),
                _ => None,
            }
        })
    }

    /// The agent typed: the results follow at once, and the address keeps the query.
    pub fn set_text(&self, value: String) {
        self.text.set(value);
    }

    /// The agent submitted the query or opened a result: it joins the recent searches.
    pub fn keep(&self) {
        let text = self.text.get_untracked();
        let recent = remember(&self.recent.get_untracked(), &text);
        if recent == self.recent.get_untracked() {
            return;
        }
        self.recent.set(recent.clone());
        if let Some(store) = LocalCopy::get().store_untracked() {
            spawn_local(async move {
                if let Err(e) = store.cache().set_meta(GLOBAL, RECENT_SEARCHES, &recent).await {
                    leptos::logging::warn!("The recent searches could not be kept: {e}");
                }
            });
        }
    }

    /// A click in the list pane: opening a result keeps the search among the recent ones.
    pub fn opened_from(&self, click: &leptos::ev::MouseEvent) {
        if row_of_link(click).is_some() && self.active.get_untracked() {
            self.keep();
        }
    }

    fn load_recent(&self) {
        let (copy, recent) = (LocalCopy::get(), self.recent);
        Effect::new(move |_| {
            let Some(store) = copy.store() else { return };
            spawn_owned(async move {
                if let Ok(Some(kept)) = store.cache().meta::<Vec<String>>(GLOBAL, RECENT_SEARCHES).await {
                    recent.try_set(kept);
                }
            });
        });
    }
}

/// Why the query cannot be read, in one sentence in the agent's language (tracked). The
/// operators and their values are the query's own words, the same in every language.
pub fn hint_sentence(hint: &QueryHint) -> String {
    match hint {
        QueryHint::EmptyValue { operator } => match *operator {
            "from" | "to" => tr!(inbox.hint_needs_name_or_address, operator = operator),
            "subject" => tr!(inbox.hint_needs_words, operator = operator),
            "tag" => tr!(inbox.hint_needs_tag, operator = operator),
            "assignee" => tr!(inbox.hint_needs_assignee, operator = operator),
            "is" => tr!(inbox.hint_needs_status, operator = operator),
            "has" => tr!(inbox.hint_needs_has, operator = operator),
            "before" | "after" => tr!(inbox.hint_needs_date, operator = operator),
            _ => tr!(inbox.hint_needs_value, operator = operator),
        },
        QueryHint::UnknownValue { operator, expected, .. } => match *operator {
            "is" => tr!(inbox.hint_takes_status, operator = operator),
            "has" => tr!(inbox.hint_takes_has, operator = operator),
            _ => tr!(inbox.hint_takes, operator = operator, expected = expected),
        },
        QueryHint::BadDate { operator, .. } => tr!(inbox.hint_bad_date, operator = operator),
        QueryHint::TooLong => tr!(inbox.hint_too_long, words = intl::number(MAX_TERMS), chars = intl::number(MAX_CHARS)),
        QueryHint::UnknownTag(name) => tr!(inbox.hint_unknown_tag, name = name),
        QueryHint::UnknownAgent(name) => tr!(inbox.hint_unknown_agent, name = name),
    }
}

/// The box's text, kept in the address's `?q=`: typing replaces it in the browser's history (no
/// new entry per keystroke, and not through the router, whose navigations are applied a moment
/// later and would race the typing); the router's own changes (Back, Forward, a link) set the text.
fn query_in_address() -> RwSignal<String> {
    let query = use_query_map();
    let in_address = move || query.with(|q| q.get("q")).unwrap_or_default();
    let text = RwSignal::new(untrack(in_address));
    Effect::new(move |_| {
        let q = in_address();
        if q != text.get_untracked() {
            text.set(q);
        }
    });
    Effect::new(move |_| replace_query(&text.get()));
    text
}

/// Replaces the address's `?q=` with `value` (none when empty), keeping its path and fragment.
fn replace_query(value: &str) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let (Ok(path), Ok(hash), Ok(history)) = (location.pathname(), location.hash(), window.history()) else { return };
    let href = format!("{path}{}{hash}", query_suffix(value));
    if location.href().is_ok_and(|now| now.ends_with(&href)) {
        return;
    }
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
}

/// The index of the inbox's rows in the copy, read when a search starts or a screen wants it (the
/// customer's history), and while a search is on, again after the copy changed (at most every
/// [`REINDEX_EVERY`]). The index searched until a new one is read is the last one. A screen that
/// only wants it keeps the one read: at 100,000 rows a reading is seconds of work in slices,
/// and the copy changes with every teammate's change.
fn keep_index(
    route: InboxRoute,
    mailboxes: Mailboxes,
    searching: Signal<bool>,
    wanted: Signal<bool>,
) -> (RwSignal<Option<Rc<SearchIndex>>, LocalStorage>, RwSignal<bool>) {
    let copy = LocalCopy::get();
    let index = RwSignal::new_local(None::<Rc<SearchIndex>>);
    let reading = RwSignal::new(false);
    let read_at = StoredValue::new(None::<(String, String, u64)>);
    Effect::new(move |_| {
        let (version, account, inbox) = (copy.version.get(), route.account.get(), mailboxes.inbox.get());
        let searching = searching.get();
        if !(searching || wanted.get()) || reading.get() {
            return;
        }
        let (Some(store), Some(inbox)) = (copy.store(), inbox) else { return };
        let key = (account.clone(), inbox.clone(), version);
        let first = read_at.with_value(|r| r.as_ref().is_none_or(|(a, i, _)| *a != account || *i != inbox));
        if read_at.get_value().as_ref() == Some(&key) || (!first && !searching) {
            return;
        }
        reading.set(true);
        spawn_local(async move {
            if !first {
                sleep(REINDEX_EVERY).await;
            }
            // A part that cannot be fetched: the server's half says so (the same part).
            if let Ok(reading) = indexing(store, account.clone(), inbox.clone()).await {
                match reading.await {
                    Ok(read) => {
                        index.try_set(Some(Rc::new(read)));
                    }
                    Err(e) => leptos::logging::warn!("The local copy could not be searched: {e}"),
                }
            }
            read_at.try_set_value(Some(key));
            reading.try_set(false);
        });
    });
    (index, reading)
}

/// The server's hits for the query, asked once typing has stopped; none offline.
fn ask_server(
    route: InboxRoute,
    mailboxes: Mailboxes,
    query: Memo<Option<ResolvedQuery>>,
) -> (RwSignal<ServerPart>, RwSignal<Vec<ThreadSummary>>) {
    let (auth, online) = (Auth::get(), Connection::get().online());
    let part = RwSignal::new(ServerPart::Idle);
    let rows = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        let (query, online, client) = (query.get(), online.get(), auth.client());
        let (account, inbox) = (route.account.get(), mailboxes.inbox.get());
        rows.set(Vec::new());
        let (Some(query), Some(client), Some(inbox)) = (query, client, inbox) else {
            part.set(ServerPart::Idle);
            return;
        };
        if !online {
            part.set(ServerPart::Offline);
            return;
        }
        part.set(ServerPart::Searching);
        // A rerun (the agent typed on) cancels this one, and aborts its request.
        spawn_owned(async move {
            sleep(SERVER_DELAY).await;
            let Ok(asking) = asking(client, account, inbox, query).await else {
                part.try_set(ServerPart::Unreachable);
                return;
            };
            match asking.await {
                Ok(page) => {
                    part.try_set(ServerPart::Found(page.threads.len()));
                    rows.try_set(page.threads);
                }
                Err(e) => {
                    part.try_set(ServerPart::Failed(e.into()));
                }
            }
        });
    });
    (part, rows)
}

part_fn! {
    search,
    /// Reads the rows of `inbox` in the copy into an index.
    fn indexing(store: Rc<IdbStore>, account: String, inbox: String) -> Result<Later<Result<SearchIndex, CacheError>>, Unreachable> {
        Ok(Box::pin(in_background(async move {
            let rows = store.all_rows(&account, &inbox).await?;
            // 100,000 rows' lower-cased text at once held the main thread ~50 ms.
            let mut index = SearchIndex::default();
            for row in rows {
                index.push(row);
                yield_if_spent().await;
            }
            Ok(index)
        })))
    }
}

part_fn! {
    search,
    /// Asks the server for the threads of `inbox` that match `query`.
    fn asking(client: Arc<Client>, account: String, inbox: String, query: ResolvedQuery) -> Result<Later<Result<ThreadPage, JmapError>>, Unreachable> {
        Ok(Box::pin(async move { search_server(&client, &account, &inbox, &query, SERVER_HITS).await }))
    }
}
