//! One line of the thread list: sender, subject, preview, date, unread and message count.

use leptos::prelude::*;
use leptos_router::components::A;
use tandem_core::team::status::Status;
use tandem_core::thread_list::ThreadSummary;

use crate::local_time;
use crate::team_context::TeamContext;

/// * `selected`: whether the row is in the bulk selection; `on_toggle` flips it (thread id).
#[component]
pub fn ThreadRow(thread: ThreadSummary, href: String, selected: Signal<bool>, on_toggle: Callback<String>) -> impl IntoView {
    let toggle_id = thread.thread_id.clone();
    let count = (thread.message_count > 1).then(|| thread.message_count.to_string());
    let date_title = local_time::long(&thread.received_at);
    let status = (thread.status != Status::Open).then(|| {
        let class = format!("badge status-{}", thread.status.label().to_lowercase());
        view! { <span class=class>{thread.status.label()}</span> }
    });
    let assignee = thread.assignee.clone().map(|a| view! { <span class="badge assignee-badge" title="Assignee" dir="auto">{a}</span> });
    let team = TeamContext::get();
    let tag_ids = thread.tags.clone();
    let tags = move || {
        tag_ids
            .iter()
            .filter_map(|id| team.settings.with(|s| s.tag(id).cloned()))
            .map(
                |t| view! { <span class="badge tag-badge" style=format!("border-color:{0};color:{0}", t.color) dir="auto">{t.name}</span> },
            )
            .collect_view()
    };
    let drafting = thread.drafting.clone();
    let drafting = move || {
        let me = team.me.get();
        drafting
            .iter()
            .map(|login| {
                let (label, title) = match login == &me {
                    true => ("✎ Your draft".to_string(), "You are writing a reply".to_string()),
                    false => {
                        let name = team.settings.with(|s| s.agent_name(login));
                        (format!("✎ {name}"), format!("{name} is writing a reply"))
                    }
                };
                view! { <span class="badge drafting-badge" title=title.clone() aria-label=title dir="auto">{label}</span> }
            })
            .collect_view()
    };
    view! {
        <li class="thread-row" class:unread=thread.unread class:checked=selected data-thread-id=thread.thread_id.clone()>
            <input type="checkbox" class="row-select" aria-label="Select conversation" prop:checked=selected on:change=move |_| on_toggle.run(toggle_id.clone()) />
            <A href=href>
                <div class="row-top">
                    <span class="from" dir="auto">{thread.from}</span>
                    <span class="msg-count" title="Messages in this conversation">{count}</span>
                    <span class="flag" title="Flagged">{thread.flagged.then_some("⚑")}</span>
                    <span class="clip" title="Has attachments">{thread.has_attachment.then_some("📎")}</span>
                    <time title=date_title>{local_time::short(&thread.received_at)}</time>
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
        </li>
    }
}
