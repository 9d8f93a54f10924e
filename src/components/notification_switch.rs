//! Turning desktop notifications on: a button while the browser has not been asked, then what it
//! answered.

use crate::tr_live;
use leptos::prelude::*;

/// * `permission`: the browser's (`default`, `granted`, `denied`, `unsupported`).
/// * `on_ask`: the agent asked to turn them on.
#[component]
pub fn NotificationSwitch(permission: Signal<String>, on_ask: Callback<()>) -> impl IntoView {
    move || match permission.get().as_str() {
        "default" => Some(
            view! { <button class="link notify-button" on:click=move |_| on_ask.run(())>{tr_live!(inbox.notify_turn_on)}</button> }
                .into_any(),
        ),
        "granted" => {
            Some(view! { <span class="notify-state" title=tr_live!(inbox.notify_on_title)>{tr_live!(inbox.notify_on)}</span> }.into_any())
        }
        "denied" => Some(
            view! { <span class="notify-state" title=tr_live!(inbox.notify_blocked_title)>{tr_live!(inbox.notify_blocked)}</span> }
                .into_any(),
        ),
        _ => None,
    }
}
