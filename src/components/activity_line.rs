//! One activity record in the timeline: who changed what, and when, as a quiet line.

use leptos::prelude::*;
use tandem_core::conversation::Message;

use crate::local_time;

#[component]
pub fn ActivityLine(record: Message) -> impl IntoView {
    let date = local_time::long(&record.received_at);
    view! {
        <div class="activity" data-message-id=record.id>
            <span class="activity-text" dir="auto">{record.body}</span>
            <time>{date}</time>
        </div>
    }
}
