//! The search box above the thread list, and the line that says how a search stands.

use leptos::prelude::*;

use crate::app_error::AppError;
use crate::components::notice::Notice;
use crate::tr;
use crate::tr_live;

/// What the search's status line says.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchLine {
    /// The query cannot be read: why (a sentence).
    Hint(String),
    /// The copy is being read for the first search.
    Indexing,
    /// The server is being asked (the copy's hits already show).
    Searching,
    Offline,
    Failed(AppError),
    /// The search's code could not be fetched.
    Unreachable,
    NoMatch,
}

/// * `text`: what is typed; `on_input` gets every change (Escape clears).
/// * `recent`: the agent's recent searches, offered as the box's suggestions.
/// * `on_submit`: Enter.
///
/// `/` focuses it (the inbox's shortcut, `keyboard`).
#[component]
pub fn SearchBox(text: Signal<String>, recent: Signal<Vec<String>>, on_input: Callback<String>, on_submit: Callback<()>) -> impl IntoView {
    let on_keydown = move |e: leptos::ev::KeyboardEvent| {
        if e.key() == "Escape" && !e.is_composing() {
            on_input.run(String::new());
        }
    };
    view! {
        <form class="search" role="search" on:submit=move |e| {
            e.prevent_default();
            on_submit.run(());
        }>
            <input
                type="search"
                class="search-input"
                aria-label=tr_live!(inbox.search_label)
                placeholder=tr_live!(inbox.search_placeholder)
                title=tr_live!(inbox.search_operators)
                list="recent-searches"
                dir="auto"
                autocomplete="off"
                spellcheck="false"
                prop:value=text
                on:input=move |e| on_input.run(event_target_value(&e))
                on:keydown=on_keydown
            />
            <datalist id="recent-searches">
                {move || recent.get().into_iter().map(|r| view! { <option value=r></option> }).collect_view()}
            </datalist>
        </form>
    }
}

/// How the search stands, under the list's header.
#[component]
pub fn SearchStatus(line: Signal<Option<SearchLine>>) -> impl IntoView {
    move || {
        line.get().map(|line| match line {
            SearchLine::Failed(e) => view! { <Notice error=e /> }.into_any(),
            line => {
                let (class, text) = match line {
                    SearchLine::Hint(sentence) => ("pane-status search-hint", sentence),
                    SearchLine::Indexing => ("pane-status", tr!(inbox.search_indexing)),
                    SearchLine::Searching => ("pane-status", tr!(inbox.search_searching)),
                    SearchLine::Offline => ("pane-status", tr!(inbox.search_offline)),
                    SearchLine::Unreachable => ("pane-status", tr!(errors.action_unreachable)),
                    _ => ("pane-status empty", tr!(inbox.search_no_match)),
                };
                view! { <p class=class role="status">{text}</p> }.into_any()
            }
        })
    }
}
