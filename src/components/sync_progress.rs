//! The status area in the list header: "Syncing 12,400 / 100,000" while a mailbox is being
//! copied, "Offline" while the browser is, how many of the agent's changes wait to be sent, and
//! the notices (`notices`): what went wrong in the background — a failed poll, a local-copy
//! problem, team settings that could not be read, a failed undo — and the sentence for a change
//! the server refused (it was undone). Each notice can be dismissed.

use leptos::prelude::*;

use crate::connection::Connection;

use crate::notices::{Notice, Notices, Topic};
use crate::pending_writes::PendingWrites;
use crate::sync_status::SyncStatus;

/// `12400` → `12,400`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[component]
pub fn SyncProgress() -> impl IntoView {
    let (pending, sync) = (PendingWrites::get(), SyncStatus::get());
    let online = Connection::get().online();
    view! {
        {move || (!online.get()).then(|| view! {
            <span class="offline-badge" role="status" title="Changes are kept and sent when the connection is back">"Offline"</span>
        })}
        {move || sync.progress.get().map(|p| view! {
            <span class="sync-progress" role="status" data-done=p.done data-total=p.total>
                {format!("Syncing {} / {}", thousands(p.done.min(p.total)), thousands(p.total))}
            </span>
        })}
        {move || {
            let waiting = pending.waiting();
            (waiting > 0).then(|| view! {
                <span class="pending-writes" role="status" title="Kept on this device and sent in order when the server can be reached">
                    {if waiting == 1 { "1 change waiting".to_string() } else { format!("{waiting} changes waiting") }}
                </span>
            })
        }}
        <StatusNotices />
    }
}

/// The notices, newest topic last; a refused change is an alert, the rest are status lines.
#[component]
fn StatusNotices() -> impl IntoView {
    let notices = Notices::get();
    view! {
        <For each=move || notices.shown() key=|n| (n.topic.slug(), n.text.clone()) let:notice>
            {notice_view(notices, notice)}
        </For>
    }
}

fn notice_view(notices: Notices, notice: Notice) -> impl IntoView {
    let Notice { topic, text } = notice;
    let (class, role) = match topic {
        Topic::Refused => ("notice error refused-write", "alert"),
        Topic::LocalCopy => ("notice status-notice sync-problem", "status"),
        _ => ("notice status-notice", "status"),
    };
    view! {
        <div class=class role=role data-topic=topic.slug()>
            <span>{text}</span>
            <button class="link" on:click=move |_| notices.clear(topic)>"Dismiss"</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_separated() {
        assert_eq!([0, 999, 1000, 12400, 100000, 1234567].map(super::thousands), ["0", "999", "1,000", "12,400", "100,000", "1,234,567"]);
    }
}
