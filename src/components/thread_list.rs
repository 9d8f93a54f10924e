//! The thread list: a [`VirtualList`] of [`ThreadRow`]s, so the page holds a screenful of row
//! elements whatever the mailbox's size. Mounted once per list: new pages of the same list arrive
//! as new `rows`, so the scroll position and the rows that did not change stay as they are.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use tandem_core::team::views::View;
use tandem_core::thread_list::ThreadSummary;

use crate::components::thread_row::ThreadRow;
use crate::components::virtual_list::VirtualList;
use crate::layout::THREAD_ROW_HEIGHT;
use crate::tr;

/// A row's key: its thread and its content, so a changed thread (a teammate's edit) re-renders
/// that row alone.
fn row_key(thread: &ThreadSummary) -> (String, u64) {
    let mut hasher = DefaultHasher::new();
    thread.hash(&mut hasher);
    (thread.thread_id.clone(), hasher.finish())
}

/// * `rows`: the threads loaded so far, newest first; `on_near_end` asks for more.
/// * `selection`: the bulk selection (thread id → the assignee the agent saw).
/// * `search`: the search the rows are results of (kept in the rows' links), or empty.
/// * `open`: the conversation open beside the list: its row is scrolled into view when it changes.
#[component]
pub fn ThreadList(
    rows: Signal<Vec<ThreadSummary>>,
    account: Memo<String>,
    mailbox: Memo<String>,
    search: Signal<String>,
    open: Memo<Option<String>>,
    selection: RwSignal<BTreeMap<String, Option<String>>>,
    on_near_end: Callback<()>,
) -> impl IntoView {
    // In Mentions, a row opens its conversation at the note that mentions the agent.
    let href = move |t: &ThreadSummary| {
        let list = mailbox.get_untracked();
        let mentions = list.strip_prefix("v-").and_then(View::parse) == Some(View::Mentions);
        let at_note = if mentions { note_fragment(&t.email_id) } else { String::new() };
        let query = search.with_untracked(|q| query_suffix(q));
        format!("/a/{}/m/{list}/t/{}{query}{at_note}", account.get_untracked(), t.thread_id)
    };
    let navigate = use_navigate();
    let on_open = Callback::new(move |t: ThreadSummary| navigate(&href(&t), Default::default()));
    let render = move |t: ThreadSummary| {
        let (id, seen) = (t.thread_id.clone(), t.assignee.clone());
        let selected = Signal::derive(move || selection.with(|s| s.contains_key(&id)));
        let on_toggle = Callback::new(move |id: String| {
            selection.update(|s| {
                if s.remove(&id).is_none() {
                    s.insert(id, seen.clone());
                }
            })
        });
        // The search the rows belong to changes as the agent types, the rows may not: the link
        // follows it.
        let link = t.clone();
        let href = Signal::derive(move || {
            search.track();
            href(&link)
        });
        view! { <ThreadRow href=href thread=t selected=selected on_toggle=on_toggle /> }
    };
    let reveal = Signal::derive(move || {
        let id = open.get()?;
        rows.with_untracked(|r| r.iter().position(|t| t.thread_id == id))
    });
    let label = Signal::derive(|| tr!(inbox.list_label));
    view! {
        <VirtualList items=rows key=row_key row_height=THREAD_ROW_HEIGHT render=render on_near_end=on_near_end on_open=on_open reveal=reveal label=label />
    }
}

/// `?q=…` for a search, else nothing.
pub fn query_suffix(query: &str) -> String {
    if query.is_empty() {
        String::new()
    } else {
        format!("?q={}", js_sys::encode_uri_component(query))
    }
}

/// The fragment of a link to a conversation that shows note `email_id` (`conversation::mentioned`
/// scrolls to it).
pub fn note_fragment(email_id: &str) -> String {
    format!("#note-{}", js_sys::encode_uri_component(email_id))
}
