//! The local copy's state in the list header: "Syncing 12,400 / 100,000" while a mailbox is
//! being copied, a short note when the copy cannot be used, "Offline" while the browser is, how
//! many of the agent's changes wait to be sent, and the sentence for a change the server refused
//! (it was undone).

use leptos::prelude::*;

use crate::local_copy::LocalCopy;

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
    let copy = LocalCopy::get();
    let online = RwSignal::new(web_sys::window().is_none_or(|w| w.navigator().on_line()));
    let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    view! {
        {move || (!online.get()).then(|| view! {
            <span class="offline-badge" role="status" title="Changes are kept and sent when the connection is back">"Offline"</span>
        })}
        {move || copy.progress.get().map(|p| view! {
            <span class="sync-progress" role="status" data-done=p.done data-total=p.total>
                {format!("Syncing {} / {}", thousands(p.done.min(p.total)), thousands(p.total))}
            </span>
        })}
        {move || copy.problem.get().map(|p| view! { <span class="sync-problem" role="status" title=p.clone()>"Local copy paused"</span> })}
        {move || {
            let waiting = copy.outbox.with(|o| o.len());
            (waiting > 0).then(|| view! {
                <span class="pending-writes" role="status" title="Kept on this device and sent in order when the server can be reached">
                    {if waiting == 1 { "1 change waiting".to_string() } else { format!("{waiting} changes waiting") }}
                </span>
            })
        }}
        {move || copy.refused.get().map(|message| view! {
            <div class="notice error refused-write" role="alert">
                <span>{message}</span>
                <button class="link" on:click=move |_| copy.refused.set(None)>"Dismiss"</button>
            </div>
        })}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_separated() {
        assert_eq!([0, 999, 1000, 12400, 100000, 1234567].map(super::thousands), ["0", "999", "1,000", "12,400", "100,000", "1,234,567"]);
    }
}
