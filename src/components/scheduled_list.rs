//! The replies scheduled to leave later: when each leaves, to whom, its subject and the start of
//! its text, and a button that cancels it.

use leptos::prelude::*;

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
/// * `on_cancel`: called with a reply's Message-ID.
#[component]
pub fn ScheduledList(
    rows: Signal<Vec<ScheduledRow>>,
    loading: Signal<bool>,
    message: Signal<Option<String>>,
    on_cancel: Callback<String>,
) -> impl IntoView {
    view! {
        <article class="conversation scheduled">
            <header class="conversation-header">
                <h1>"Scheduled replies"</h1>
            </header>
            {move || message.get().map(|m| view! { <p class="notice reply-notice" role="status">{m}</p> })}
            <Show when=move || !loading.get() || !rows.with(Vec::is_empty) fallback=|| view! { <p class="pane-status">"Loading scheduled replies…"</p> }>
                <Show when=move || !rows.with(Vec::is_empty) fallback=|| view! { <p class="pane-status empty">"No reply is scheduled."</p> }>
                    <ul class="scheduled-list">
                        <For each=move || rows.get() key=|r| r.message_id.clone() let:r>
                            <li class="scheduled-reply">
                                <div class="scheduled-top">
                                    <time class="scheduled-when">{format!("Leaves {}", r.when)}</time>
                                    <span class="scheduled-to" dir="auto">{format!("To {}", r.to)}</span>
                                </div>
                                <div class="subject" dir="auto">{r.subject.clone()}</div>
                                <p class="preview" dir="auto">{r.preview}</p>
                                <button type="button" class="action" aria-label=format!("Cancel “{}”", r.subject)
                                    on:click=move |_| on_cancel.run(r.message_id.clone())>"Cancel"</button>
                            </li>
                        </For>
                    </ul>
                </Show>
            </Show>
        </article>
    }
}
