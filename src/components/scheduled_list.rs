//! The replies scheduled to leave later: when each leaves, to whom, its subject and the start of
//! its text, and buttons that take it back to be edited or cancel it.

use leptos::prelude::*;

use crate::tr;
use crate::tr_live;

/// One scheduled reply as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledRow {
    pub message_id: String,
    /// "2026-12-05 09:00", in the agent's time.
    pub when: String,
    pub to: String,
    pub subject: String,
    pub preview: String,
}

/// * `rows`: soonest first; `loading` while they are read; `message`: the last outcome.
/// * `on_cancel`, `on_edit`: called with a reply's Message-ID.
#[component]
pub fn ScheduledList(
    rows: Signal<Vec<ScheduledRow>>,
    loading: Signal<bool>,
    message: Signal<Option<String>>,
    on_cancel: Callback<String>,
    on_edit: Callback<String>,
) -> impl IntoView {
    view! {
        <article class="conversation scheduled">
            <header class="conversation-header">
                <h1>{tr_live!(composer.scheduled.title)}</h1>
            </header>
            {move || message.get().map(|m| view! { <p class="notice reply-notice" role="status">{m}</p> })}
            <Show when=move || !loading.get() || !rows.with(Vec::is_empty) fallback=|| view! { <p class="pane-status">{tr_live!(composer.scheduled.loading)}</p> }>
                <Show when=move || !rows.with(Vec::is_empty) fallback=|| view! { <p class="pane-status empty">{tr_live!(composer.scheduled.none)}</p> }>
                    <ul class="scheduled-list">
                        <For each=move || rows.get() key=|r| r.message_id.clone() let:r>
                            <li class="scheduled-reply">
                                <div class="scheduled-top">
                                    <time class="scheduled-when">{
                                        let when = r.when.clone();
                                        move || tr!(composer.scheduled.leaves, when = &when)
                                    }</time>
                                    <span class="scheduled-to" dir="auto">{
                                        let to = r.to.clone();
                                        move || tr!(composer.scheduled.to, to = &to)
                                    }</span>
                                </div>
                                <div class="subject" dir="auto">{r.subject.clone()}</div>
                                <p class="preview" dir="auto">{r.preview}</p>
                                <div class="scheduled-buttons">
                                    <button type="button" class="action" aria-label={
                                        let subject = r.subject.clone();
                                        move || tr!(composer.scheduled.edit_named, subject = &subject)
                                    }
                                        on:click={
                                            let id = r.message_id.clone();
                                            move |_| on_edit.run(id.clone())
                                        }>{tr_live!(composer.scheduled.edit)}</button>
                                    <button type="button" class="action" aria-label={
                                        let subject = r.subject.clone();
                                        move || tr!(composer.scheduled.cancel_named, subject = &subject)
                                    }
                                        on:click=move |_| on_cancel.run(r.message_id.clone())>{tr_live!(composer.scheduled.cancel)}</button>
                                </div>
                            </li>
                        </For>
                    </ul>
                </Show>
            </Show>
        </article>
    }
}
