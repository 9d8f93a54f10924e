//! The status area in the list header: "Syncing 12,400 / 100,000" while a mailbox is being
//! copied, "Offline" while the browser is, how many of the agent's changes wait to be sent, and
//! the notices (`notices`): what went wrong in the background — a failed poll, a local-copy
//! problem, team settings that could not be read, a failed undo — and the sentence for a change
//! the server refused (it was undone). Each notice can be dismissed.

use leptos::prelude::*;

use crate::connection::Connection;
use crate::intl;
use crate::notices::{Notice, Notices, Topic};
use crate::pending_writes::PendingWrites;
use crate::sync_status::SyncStatus;
use crate::tr_live;
use crate::{tr, tr_count};

#[component]
pub fn SyncProgress() -> impl IntoView {
    let (pending, sync) = (PendingWrites::get(), SyncStatus::get());
    let online = Connection::get().online();
    view! {
        {move || (!online.get()).then(|| view! {
            <span class="offline-badge" role="status" title=tr_live!(inbox.offline_title)>{tr_live!(common.offline)}</span>
        })}
        {move || sync.progress.get().map(|p| view! {
            <span class="sync-progress" role="status" data-done=p.done data-total=p.total>
                {tr!(inbox.syncing, done = intl::number(p.done.min(p.total) as usize), total = intl::number(p.total as usize))}
            </span>
        })}
        {move || {
            let waiting = pending.waiting();
            (waiting > 0).then(|| view! {
                <span class="pending-writes" role="status" title=tr_live!(inbox.waiting_title)>
                    {tr_count!(waiting, inbox.waiting, count = intl::number(waiting))}
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
        <For each=move || notices.shown() key=|n| n.serial let:notice>
            {notice_view(notices, notice)}
        </For>
    }
}

fn notice_view(notices: Notices, notice: Notice) -> impl IntoView {
    let topic = notice.topic;
    let (class, role) = match topic {
        Topic::Refused => ("notice error refused-write", "alert"),
        Topic::LocalCopy => ("notice status-notice sync-problem", "status"),
        _ => ("notice status-notice", "status"),
    };
    view! {
        <div class=class role=role data-topic=topic.slug()>
            <span>{move || notice.text()}</span>
            <button class="link" on:click=move |_| notices.clear(topic)>{tr_live!(common.dismiss)}</button>
        </div>
    }
}
