//! The conversation pane before one is chosen.

use leptos::prelude::*;

use crate::tr;

#[component]
pub fn NoThread() -> impl IntoView {
    view! { <p class="pane-status empty">{move || tr!(inbox.no_thread)}</p> }
}
