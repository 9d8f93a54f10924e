//! An error shown where the content would have been: the specific sentence from `JmapError`.

use leptos::prelude::*;
use tandem_core::JmapError;

#[component]
pub fn Notice(error: JmapError) -> impl IntoView {
    view! {
        <div class="notice error" role="alert">
            {error.to_string()}
        </div>
    }
}
