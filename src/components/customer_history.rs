//! The customer's other conversations with the team, folded under the conversation's header.

use leptos::prelude::*;
use leptos_router::components::A;
use tandem_core::model::status::Status;
use tandem_core::thread_list::ThreadSummary;

use crate::local_time;
use crate::team_context::TeamContext;

/// How many are listed before "Show all".
const LISTED: usize = 5;

/// * `name`: the customer (untrusted: text only); `rows`: their other conversations.
/// * `href`: a conversation's address; `all_href`: a search of all of the customer's.
#[component]
pub fn OtherConversations(
    name: Signal<String>,
    rows: Signal<Vec<ThreadSummary>>,
    href: Callback<String, String>,
    all_href: Signal<String>,
) -> impl IntoView {
    let team = TeamContext::get();
    let count = move || rows.with(Vec::len);
    let summary = move || {
        let n = count();
        format!("{n} other conversation{} with ", if n == 1 { "" } else { "s" })
    };
    let row = move |t: ThreadSummary| {
        let status = (t.status != Status::Open).then(|| {
            let class = format!("badge status-{}", t.status.label().to_lowercase());
            view! { <span class=class>{t.status.label()}</span> }
        });
        let assignee = t.assignee.as_deref().map(|login| {
            let name = team.settings.with_untracked(|s| s.agent_name(login));
            view! { <span class="badge assignee-badge" dir="auto">{name}</span> }
        });
        view! {
            <li>
                <A href=href.run(t.thread_id.clone())>
                    <span class="history-subject" dir="auto">{t.subject.clone()}</span>
                    {status}
                    {assignee}
                    <time title=local_time::long(&t.received_at)>{local_time::short(&t.received_at)}</time>
                </A>
            </li>
        }
    };
    view! {
        <Show when=move || { count() > 0 }>
            <details class="customer-history">
                <summary>{summary}<bdi>{name}</bdi></summary>
                <ul>{move || rows.get().into_iter().take(LISTED).map(row).collect_view()}</ul>
                <Show when=move || { count() > LISTED }>
                    <A href=move || all_href.get() attr:class="history-all">{move || format!("Show all {}", count())}</A>
                </Show>
            </details>
        </Show>
    }
}
