//! The conversation pane before one is chosen.

use leptos::prelude::*;

#[component]
pub fn NoThread() -> impl IntoView {
    view! { <p class="pane-status empty">"Select a conversation to read it."</p> }
}
