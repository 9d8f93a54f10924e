//! The switch between the system's theme, light and dark (`theme`).

use leptos::prelude::*;

use crate::theme::{self, Theme};
use crate::tr_live;

#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let current = RwSignal::new(theme::chosen());
    let next = move |_| {
        let theme = current.get_untracked().next();
        theme::choose(theme);
        current.set(theme);
    };
    view! { <button class="link theme-switch" title=tr_live!(inbox.theme_title) on:click=next>{move || Theme::label(current.get())}</button> }
}
