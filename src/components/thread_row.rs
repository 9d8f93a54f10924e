//! One line of the thread list: sender, subject, preview, date, unread and message count.

use leptos::prelude::*;
use leptos_router::components::A;
use tandem_core::team::status::Status;
use tandem_core::thread_list::ThreadSummary;

use crate::intl;
use crate::local_time;
use crate::team_context::TeamContext;
use crate::tr;
use crate::tr_live;
use crate::words::status_label;

/// Tags a row shows by name; more are counted.
const ROW_TAGS: usize = 3;

/// A paper clip drawn by the app (an emoji shows as an empty box without an emoji font).
#[component]
pub fn ClipIcon() -> impl IntoView {
    view! {
        <svg class="clip-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M10.5 4.5 5.3 9.7a1.5 1.5 0 0 0 2.1 2.1l5.6-5.6a3 3 0 0 0-4.2-4.2L3.2 7.6a4.5 4.5 0 0 0 6.4 6.4l4.4-4.4"
                fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

/// The row whose link `event` happened on (a press or a click in the list), if any.
pub fn row_of_link(event: &web_sys::Event) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let link = event.target()?.dyn_into::<web_sys::Element>().ok()?.closest(".thread-row a").ok()??;
    link.closest(".thread-row").ok()?
}

/// * `selected`: whether the row is in the bulk selection; `on_toggle` flips it (thread id).
#[component]
pub fn ThreadRow(thread: ThreadSummary, href: Signal<String>, selected: Signal<bool>, on_toggle: Callback<String>) -> impl IntoView {
    let toggle_id = thread.thread_id.clone();
    let message_count = thread.message_count;
    let count = move || (message_count > 1).then(|| intl::number(message_count));
    let received_at = thread.received_at.clone();
    let date_title = move || local_time::long(&received_at);
    let received_at = thread.received_at.clone();
    let date = move || local_time::short(&received_at);
    let status = (thread.status != Status::Open).then(|| {
        let (status, class) = (thread.status, format!("badge status-{}", thread.status.label().to_lowercase()));
        view! { <span class=class>{move || status_label(status)}</span> }
    });
    let assignee =
        thread.assignee.clone().map(|a| view! { <span class="badge assignee-badge" title=tr_live!(inbox.assignee) dir="auto">{a}</span> });
    let team = TeamContext::get();
    let tag_ids = thread.tags.clone();
    // A row has room for a few tags: the rest are counted ("+2"), named in its title.
    let tags = move || {
        let known: Vec<_> = tag_ids.iter().filter_map(|id| team.settings.with(|s| s.tag(id).cloned())).collect();
        let hidden: Vec<String> = known.iter().skip(ROW_TAGS).map(|t| t.name.clone()).collect();
        let more = (!hidden.is_empty()).then(|| {
            let title = hidden.join(", ");
            view! { <span class="badge more-tags" title=title dir="auto">{format!("+{}", intl::number(hidden.len()))}</span> }
        });
        let shown = known.into_iter().take(ROW_TAGS).map(|t| {
            let title = t.name.clone();
            view! { <span class="badge tag-badge" style=format!("border-color:{0};--tag:{0}", t.color) title=title dir="auto">{t.name}</span> }
        });
        (shown.collect_view(), more)
    };
    let drafting = thread.drafting.clone();
    let drafting = move || {
        let me = team.me.get();
        drafting
            .iter()
            .map(|login| {
                let (label, title) = match login == &me {
                    true => (format!("✎ {}", tr!(inbox.your_draft)), tr!(inbox.you_are_writing)),
                    false => {
                        let name = team.settings.with(|s| s.agent_name(login));
                        (format!("✎ {name}"), tr!(inbox.teammate_writing, name = name))
                    }
                };
                view! { <span class="badge drafting-badge" title=title.clone() aria-label=title dir="auto">{label}</span> }
            })
            .collect_view()
    };
    view! {
        <div class="thread-row" class:unread=thread.unread class:checked=selected data-thread-id=thread.thread_id.clone()>
            <input type="checkbox" class="row-select" aria-label=tr_live!(inbox.select_conversation) prop:checked=selected on:change=move |_| on_toggle.run(toggle_id.clone()) />
            <A href=move || href.get()>
                <div class="row-top">
                    <span class="from" dir="auto">{thread.from}</span>
                    <span class="msg-count" title=tr_live!(inbox.messages_title)>{count}</span>
                    <span class="flag" title=tr_live!(inbox.flagged)>{thread.flagged.then_some("⚑")}</span>
                    {thread.has_attachment.then(|| view! { <span class="clip" title=tr_live!(inbox.has_attachments)><ClipIcon /></span> })}
                    <time title=date_title>{date}</time>
                </div>
                <div class="subject" dir="auto">{thread.subject}</div>
                <div class="row-bottom">
                    <span class="preview" dir="auto">{thread.preview}</span>
                    {drafting}
                    {status}
                    {tags}
                    {assignee}
                </div>
            </A>
        </div>
    }
}
