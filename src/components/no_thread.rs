//! The conversation pane before one is chosen.

use crate::tr_live;
use leptos::prelude::*;

#[component]
pub fn NoThread() -> impl IntoView {
    view! { <p class="pane-status empty">{tr_live!(inbox.no_thread)}</p> }
}
