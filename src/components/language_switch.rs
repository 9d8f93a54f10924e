//! The menu of the interface's languages (`language`), each named in its own words.

use leptos::prelude::*;

use crate::i18n::Locale;
use crate::language::{self, own_name, tag, ALL};
use crate::tr;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let pick = move |ev| {
        let value = event_target_value(&ev);
        if let Some(locale) = ALL.into_iter().find(|l| tag(*l) == value) {
            language::choose(locale);
        }
    };
    let options =
        ALL.map(|l: Locale| view! { <option value=tag(l) lang=tag(l) selected=move || language::current() == l>{own_name(l)}</option> });
    view! {
        <select class="language-switch" aria-label=move || tr!(common.language) on:change=pick>
            {options}
        </select>
    }
}
