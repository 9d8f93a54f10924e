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
use crate::conversation::mentioned::note_fragment;

/// Height of a row, in CSS pixels (the list's CSS fits a row into it).
pub const ROW_HEIGHT: f64 = 76.0;

/// A row's key: its thread and its content, so a changed thread (a teammate's edit) re-renders
/// that row alone.
fn row_key(thread: &ThreadSummary) -> (String, u64) {
    let mut hasher = DefaultHasher::new();
    thread.hash(&mut hasher);
    (thread.thread_id.clone(), hasher.finish())
}

/// * `rows`: the threads loaded so far, newest first; `on_near_end` asks for more.
/// * `selection`: the bulk selection (thread id → the assignee the agent saw).
#[component]
pub fn ThreadList(
    rows: Signal<Vec<ThreadSummary>>,
    account: Memo<String>,
    mailbox: Memo<String>,
    selection: RwSignal<BTreeMap<String, Option<String>>>,
    on_near_end: Callback<()>,
) -> impl IntoView {
    // In Mentions, a row opens its conversation at the note that mentions the agent.
    let href = move |t: &ThreadSummary| {
        let list = mailbox.get_untracked();
        let mentions = list.strip_prefix("v-").and_then(View::parse) == Some(View::Mentions);
        let at_note = if mentions { note_fragment(&t.email_id) } else { String::new() };
        format!("/a/{}/m/{list}/t/{}{at_note}", account.get_untracked(), t.thread_id)
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
        view! { <ThreadRow href=href(&t) thread=t selected=selected on_toggle=on_toggle /> }
    };
    view! {
        <VirtualList items=rows key=row_key row_height=ROW_HEIGHT render=render on_near_end=on_near_end on_open=on_open label="Conversations" />
    }
}
