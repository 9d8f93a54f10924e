//! The stop before a reply leaves when the conversation moved on since the composer opened (as
//! Help Scout's Traffic Cop): what is new, and the two ways on. The draft stays either way.

use leptos::prelude::*;
use tandem_core::reply::News;

use crate::local_time;
use crate::tr;
use crate::tr_live;

/// * `news`: what arrived since the composer opened; the box shows while it is `Some`.
/// * `on_send_anyway`: send the reply as written.
/// * `on_review`: go back to the reply (the new messages are in the conversation above).
#[component]
pub fn StaleReply(news: Signal<Option<Vec<News>>>, on_send_anyway: Callback<()>, on_review: Callback<()>) -> impl IntoView {
    view! {
        <Show when=move || news.with(|n| n.as_ref().is_some_and(|n| !n.is_empty()))>
            <div class="stale-reply" role="alert">
                <p class="stale-reply-title">{tr_live!(conversation.stale_title)}</p>
                <ul>
                    {move || news.get().unwrap_or_default().into_iter().map(|n| {
                        let who = if n.note { tr!(conversation.note_from, name = &n.from) } else { n.from.clone() };
                        view! {
                            <li>
                                <span class="stale-from" dir="auto">{who}</span>
                                <span class="stale-when">{local_time::short(&n.received_at)}</span>
                                <span class="stale-preview" dir="auto">{n.preview}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="stale-buttons">
                    <button type="button" class="action primary-soft" on:click=move |_| on_review.run(())>{tr_live!(conversation.review)}</button>
                    <button type="button" class="action" on:click=move |_| on_send_anyway.run(())>{tr_live!(conversation.send_anyway)}</button>
                </div>
            </div>
        </Show>
    }
}
