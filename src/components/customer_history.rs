//! The customer's other conversations with the team, folded under the conversation's header.

use leptos::prelude::*;
use leptos_router::components::A;
use tandem_core::model::status::Status;
use tandem_core::thread_list::ThreadSummary;

use crate::local_time;
use crate::team_context::TeamContext;
use crate::tr;
use crate::words::{status_label, subject_text};

/// How many are listed before "Show all".
const LISTED: usize = 5;

/// Where the customer's name goes in the summary's sentence (a character no translation has).
const NAME: &str = "\u{E000}";

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
    // The sentence around the customer's name, which is shown isolated (`<bdi>`).
    let summary = move || {
        let sentence = tr!(conversation.history_summary, who = NAME, count = crate::intl::number(count()));
        let (before, after) = sentence.split_once(NAME).unwrap_or((sentence.as_str(), ""));
        (before.to_string(), after.to_string())
    };
    let before = move || summary().0;
    let after = move || summary().1;
    let row = move |t: ThreadSummary| {
        let subject = t.subject.clone();
        let status = (t.status != Status::Open).then(|| {
            let class = format!("badge status-{}", t.status.label().to_lowercase());
            let status = t.status;
            view! { <span class=class>{move || status_label(status)}</span> }
        });
        let assignee = t.assignee.as_deref().map(|login| {
            let name = team.settings.with_untracked(|s| s.agent_name(login));
            view! { <span class="badge assignee-badge" dir="auto">{name}</span> }
        });
        view! {
            <li>
                <A href=href.run(t.thread_id.clone())>
                    <span class="history-subject" dir="auto">{move || subject_text(&subject)}</span>
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
                <summary>{before}<bdi>{name}</bdi>{after}</summary>
                <ul>{move || rows.get().into_iter().take(LISTED).map(row).collect_view()}</ul>
                <Show when=move || { count() > LISTED }>
                    <A href=move || all_href.get() attr:class="history-all">{move || tr!(conversation.show_all, count = crate::intl::number(count()))}</A>
                </Show>
            </details>
        </Show>
    }
}
