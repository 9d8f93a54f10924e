//! One message of a conversation, as text only. Each paragraph picks its own direction
//! (`dir="auto"`), so an Arabic reply above an English quote reads right in both.

use leptos::prelude::*;
use tandem_core::conversation::{Attachment, Message};

use crate::local_time;

#[component]
pub fn MessageView(message: Message) -> impl IntoView {
    let paragraphs: Vec<String> = message.body.split("\n\n").map(str::to_string).filter(|p| !p.trim().is_empty()).collect();
    let date = local_time::long(&message.received_at);
    view! {
        <section class="message" class:unread=message.unread data-message-id=message.id>
            <header class="message-header">
                <span class="from-name" dir="auto">{message.from_name}</span>
                <span class="from-email">{message.from_email}</span>
                <time>{date}</time>
            </header>
            {recipients("To", message.to)}
            {recipients("Cc", message.cc)}
            <div class="body">
                {paragraphs.into_iter().map(|p| view! { <p dir="auto">{p}</p> }).collect_view()}
            </div>
            <Show when={
                let any = !message.attachments.is_empty();
                move || any
            }>
                <ul class="attachments">
                    {message.attachments.clone().into_iter().map(attachment).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

/// "To: a, b": each address isolated (`<bdi>`), so an Arabic name does not reorder its neighbours.
fn recipients(label: &'static str, list: Vec<String>) -> impl IntoView {
    (!list.is_empty()).then(|| {
        let last = list.len() - 1;
        view! {
            <div class="recipients">
                {label}": "
                {list.into_iter().enumerate().map(|(i, r)| view! { <bdi>{r}</bdi>{(i < last).then_some(", ")} }).collect_view()}
            </div>
        }
    })
}

fn attachment(a: Attachment) -> impl IntoView {
    view! {
        <li class="attachment" title=a.mime_type.clone()>
            <span class="attachment-name" dir="auto">{a.name}</span>
            <span class="attachment-size">{human_size(a.size)}</span>
        </li>
    }
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
